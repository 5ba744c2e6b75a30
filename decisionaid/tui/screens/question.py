"""One question (or information page) of the walk, with its answer widget and progress."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Static

from decisionaid.errors import AnswerError
from decisionaid.explain import question_text
from decisionaid.model import Info, Question
from decisionaid.tui.widgets.answers import Checklist, ChoiceList, NumberInput, Submitted

if TYPE_CHECKING:
    from decisionaid.engine import Session


def progress_text(session: Session) -> str:
    answered, low, high = session.progress()
    left = (
        f"{low} question{'s' * (low != 1)} left"
        if low == high
        else f"about {low}–{high} questions left"
    )
    return f"Question {answered + 1} · {left}"


class QuestionScreen(Screen):
    """Ask the current question; post the answer to the app, which asks the engine."""

    BINDINGS = [
        Binding("escape", "app.back", "Back"),
        Binding("f1", "app.help", "Help"),
        Binding("question_mark", "app.help", "Help", show=False),
        Binding("f2", "app.review", "Answers"),
        Binding("ctrl+n", "app.restart", "Start again"),
    ]

    def __init__(self, session: Session, intake: bool) -> None:
        super().__init__()
        self.session = session
        self.node = session.current
        self.intake = intake

    def compose(self) -> ComposeResult:
        node = self.node
        with Horizontal(id="topline"):
            yield Static(node.section or "", id="section")
            yield Static(progress_text(self.session), id="progress")
        with Vertical(id="body"):
            # Intake asks the therapist about the patient, in the tree's intake words.
            yield Static(question_text(node, self.intake), id="question-text")
            clinical = getattr(node, "clinical", None)
            if self.intake and clinical:
                yield Static(f"Clinical: {clinical}", id="clinical")
            hint = self._hint()
            if hint:
                yield Static(hint, id="hint")
            with Vertical(id="answer"):
                yield self._answer_widget()
            yield Static("", id="message")
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
        unit = f" {node.unit}" if node.unit else ""
        return f"Type a whole number from {node.min} to {node.max}{unit}, then Enter.{help_key}"

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
        self.query_one("#message", Static).update(text)

    @on(Submitted)
    def _submitted(self, event: Submitted) -> None:
        event.stop()
        self.app.answer(event.value, question=self.node.id)

    @on(Button.Pressed, "#continue")
    def _continue(self) -> None:
        self.app.proceed(page=self.node.id)

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
