"""One question (or information page) of the walk, with its answer widget and progress."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Static

from decisionaid.asking import number_range, progress_words, text_of
from decisionaid.errors import AnswerError
from decisionaid.model import Info, Question
from decisionaid.tui.widgets.answers import (
    Checklist,
    ChoiceList,
    NumberInput,
    Refused,
    Submitted,
)

if TYPE_CHECKING:
    from decisionaid.engine import Session


class QuestionScreen(Screen):
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
        self.node = session.current
        self.intake = intake
        self.message = message

    def compose(self) -> ComposeResult:
        # Tree text is shown as text (Content), never read as markup: "[left side]" in a
        # label must stay on screen, and "[b]" must not turn what follows bold.
        node = self.node
        with Horizontal(id="topline"):
            yield Static(Content(node.section or ""), id="section")
            yield Static(progress_words(self.session), id="progress")
        with Vertical(id="body"):
            yield Static(Content(text_of(node, self.intake)), id="question-text")
            clinical = getattr(node, "clinical", None)
            if self.intake and clinical:
                yield Static(Content(f"Clinical: {clinical}"), id="clinical")
            hint = self._hint()
            if hint:
                yield Static(Content(hint), id="hint")
            with Vertical(id="answer"):
                yield self._answer_widget()
            yield Static(Content(self.message or ""), id="message")
        yield Footer()

    def _hint(self) -> str:
        node = self.node
        if isinstance(node, Info):
            return "Press Enter to continue."
        assert isinstance(node, Question)
        help_key = " F1: why we ask." if node.help else ""
        match node.type:
            case "boolean":
                return f"Press y or n, or choose and press Enter.{help_key}"
            case "single":
                return f"Press a number, or choose with the arrows and press Enter.{help_key}"
            case "multi":
                return f"Tick all that apply (Space or 1–9), or 0 for none. Then Enter.{help_key}"
        return f"Type {number_range(node)}, then Enter.{help_key}"

    def _answer_widget(self):
        node = self.node
        if isinstance(node, Info):
            return Button("Continue", id="continue", variant="primary")
        assert isinstance(node, Question)
        earlier = self.session.earlier_answer(node.id)
        if node.type in ("boolean", "single"):
            return ChoiceList(node, self.intake, earlier, id="choices")
        if node.type == "multi":
            return Checklist(node, self.intake, earlier, id="checklist")
        return NumberInput(node, self.session.check, earlier, id="number")

    def on_mount(self) -> None:
        self.query_one("#answer > *").focus()

    def show_message(self, text: str) -> None:
        self.query_one("#message", Static).update(Content(text))

    @on(Submitted)
    def _submitted(self, event: Submitted) -> None:
        event.stop()
        self.app.answer(event.value, question=self.node.id)

    @on(Button.Pressed, "#continue")
    def _continue(self) -> None:
        self.app.proceed(page=self.node.id)

    @on(Refused)
    def _refused(self, event: Refused) -> None:
        event.stop()
        self.show_message(event.reason)

    @on(Checklist.Empty)
    def _empty(self) -> None:
        self.show_message("Tick what applies, or press 0 for “None of these”, then Enter.")

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        result = event.validation_result
        if event.value and result is not None and not result.is_valid:
            self.show_message(result.failure_descriptions[0])
        else:
            self.show_message("")

    def reject(self, error: AnswerError) -> None:
        self.show_message(error.sentence)
