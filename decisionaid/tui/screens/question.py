"""The questions (and information pages) of the walk, each with its answer widget and
progress.

One screen shows one question after another: `show()` puts the walk's current question in
place of the last, pointing the answer widget of its kind at it. Building a new screen for
every question (its footer, its styles, its layout from nothing) made the person wait about
half as long again as a minimal Textual app takes to show a new screen; see bench/steps.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Static

from decisionaid.asking import number_range, progress_words, text_of
from decisionaid.errors import AnswerError
from decisionaid.model import Info, Outcome, Question
from decisionaid.tui.screens.base import AppScreen
from decisionaid.tui.widgets.answers import (
    Checklist,
    ChoiceList,
    Continue,
    NumberInput,
    Refused,
    Submitted,
    choice_keys,
)
from decisionaid.tui.widgets.footer import FittingFooter

if TYPE_CHECKING:
    from decisionaid.engine import Session


def hint_of(node: Question | Info) -> str:
    """Which keys answer this question, in words (and whether F1 says why it is asked)."""
    if isinstance(node, Info):
        return "Press Enter to continue."
    help_key = " F1: why we ask." if node.help else ""
    digits = choice_keys(len(node.options))
    match node.type:
        case "boolean":
            return f"Press Y or N (or 1–2), or choose with the arrows and Enter.{help_key}"
        case "single":
            return f"Press {digits}, or choose with the arrows and press Enter.{help_key}"
        case "multi":
            return f"Tick all that apply ({digits} or Space), or 0 for none. Then Enter.{help_key}"
    return f"Type {number_range(node)}, then Enter.{help_key}"


def answer_id(node: Question | Info) -> str:
    """The id of the widget that takes an answer to `node`: one of each kind on the screen."""
    if isinstance(node, Info):
        return "continue"
    return {"boolean": "choices", "single": "choices", "multi": "checklist"}.get(
        node.type, "number"
    )


ANSWER_IDS = ("choices", "checklist", "number", "continue")
AnswerWidget = ChoiceList | Checklist | NumberInput | Continue


def asked(session: Session) -> Question | Info:
    """The question or information page `session` stands at: what a question screen shows
    (the app shows a result screen for an outcome)."""
    node = session.current
    if isinstance(node, Outcome):
        raise ValueError(f"'{node.id}' is an outcome, not a question to show")
    return node


class QuestionScreen(AppScreen[None]):
    """Ask the current question; post the answer to the app, which asks the engine."""

    BINDINGS = [
        Binding("escape", "app.back", "Back"),
        Binding("f1", "app.help", "Help"),
        Binding("question_mark", "app.help", "Help", show=False),
        Binding("f2", "app.review", "Answers"),
        Binding("ctrl+n", "app.restart", "Start again"),
    ]

    def __init__(self, session: Session, intake: bool, message: str | None = None) -> None:
        super().__init__()
        self.session = session
        self.intake = intake
        self.node = asked(session)
        self.message = message
        # How many questions this screen has shown: a key read while one was on screen is
        # not used on the next (see DecisionAidApp.on_event).
        self.showing = 1
        self.answer_widget = self._new_answer_widget()

    def compose(self) -> ComposeResult:
        # Tree text is shown as text (Content), never read as markup: "[left side]" in a
        # label must stay on screen, and "[b]" must not turn what follows bold.
        words = self._words()
        with Horizontal(id="topline"):
            yield Static(words["section"], id="section")
            yield Static(words["progress"], id="progress")
        with Vertical(id="body"):
            yield Static(words["question-text"], id="question-text")
            clinical = Static(words["clinical"], id="clinical")
            clinical.display = bool(words["clinical"].plain)
            yield clinical
            yield Static(words["hint"], id="hint")
            with Vertical(id="answer"):
                yield self.answer_widget
            yield Static(Content(self.message or ""), id="message")
        yield FittingFooter()

    def _words(self) -> dict[str, Content]:
        """The texts around the answer widget, by the id of the Static that shows each."""
        node = self.node
        clinical = getattr(node, "clinical", None)
        return {
            "section": Content(node.section or ""),
            "progress": Content(progress_words(self.session)),
            "question-text": Content(text_of(node, self.intake)),
            "clinical": Content(f"Clinical: {clinical}" if self.intake and clinical else ""),
            "hint": Content(hint_of(node)),
        }

    def _new_answer_widget(self, kind: str | None = None) -> AnswerWidget:
        """The answer widget for the question on screen; given another `kind`, an empty one,
        kept hidden and ready for a question of that kind."""
        mine = kind is None or kind == answer_id(self.node)
        kind = answer_id(self.node) if mine else kind
        if kind == "continue":
            return Continue(self.node.id if mine else "", id=kind)
        question = self.node if mine and isinstance(self.node, Question) else None
        earlier = None if question is None else self.session.earlier_answer(question.id)
        if kind == "choices":
            return ChoiceList(question, self.intake, earlier, id=kind)
        if kind == "checklist":
            return Checklist(question, self.intake, earlier, id=kind)
        return NumberInput(question, self.session.check, earlier, id=kind)

    def on_mount(self) -> None:
        self.answer_widget.focus()
        # The other kinds of answer widget are made while the person reads the first
        # question, so that no later question waits for one to be built.
        self.call_after_refresh(self._make_ready)

    def _make_ready(self) -> None:
        area = self.query_one("#answer")
        have = {child.id for child in area.children}
        for kind in ANSWER_IDS:
            if kind not in have:
                spare = self._new_answer_widget(kind)
                spare.display = False
                area.mount(spare)

    def show(self, session: Session, intake: bool, message: str | None = None) -> None:
        """Show the current question of `session` (with `message` under it) in place of the
        one on screen."""
        self.session, self.intake, self.node = session, intake, asked(session)
        self.message = message
        self.showing += 1
        words = self._words()
        for name, text in words.items():
            self.query_one(f"#{name}", Static).update(text)
        self.query_one("#clinical").display = bool(words["clinical"].plain)
        self._point_answer_widget()
        self.show_message(message or "")
        # Lay out and draw the whole screen in its next frame. Each widget would otherwise
        # ask for its own redraw in turn, and the first frame could show the new progress
        # above the old question.
        self.refresh(layout=True)

    def _point_answer_widget(self) -> None:
        """Point the answer widget of the question's kind at it (adding one if that kind is
        not ready yet), hide the others, and give it focus."""
        node = self.node
        area = self.query_one("#answer")
        widget = next(
            (w for w in area.children if isinstance(w, AnswerWidget) and w.id == answer_id(node)),
            None,
        )
        if widget is None:
            widget = self._new_answer_widget()
            area.mount(widget)
        elif isinstance(widget, Continue):
            widget.page = node.id
        elif isinstance(node, Question):  # (an information page has the Continue button)
            earlier = self.session.earlier_answer(node.id)
            if isinstance(widget, NumberInput):
                widget.ask(node, self.session.check, earlier)
            else:
                widget.ask(node, self.intake, earlier)
        for other in area.children:
            other.display = other is widget
        self.answer_widget = widget
        self.set_focus(widget)

    def show_message(self, text: str) -> None:
        self.query_one("#message", Static).update(Content(text))

    @on(Submitted)
    def _submitted(self, event: Submitted) -> None:
        event.stop()
        self.app.answer(event.value, question=event.question)

    @on(Button.Pressed, "#continue")
    def _continue(self, event: Button.Pressed) -> None:
        assert isinstance(event.button, Continue)
        self.app.proceed(page=event.button.page)

    @on(Refused)
    def _refused(self, event: Refused) -> None:
        event.stop()
        if event.question == self.node.id:
            self.show_message(event.reason)

    @on(Checklist.Empty)
    def _empty(self, event: Checklist.Empty) -> None:
        if event.question == self.node.id:
            self.show_message("Tick what applies, or press 0 for “None of these”, then Enter.")

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        if event.value != event.input.value:
            return  # typed before the field was given to the next question
        result = event.validation_result
        if event.value and result is not None and not result.is_valid:
            self.show_message(result.failure_descriptions[0])
        else:
            self.show_message("")

    def reject(self, error: AnswerError) -> None:
        """The engine refused the answer: say why, and take another."""
        if isinstance(self.answer_widget, NumberInput):
            self.answer_widget.answered = False
        self.show_message(error.sentence)
