"""The answers given so far; choosing one goes back to change it."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from decisionaid.asking import text_of
from decisionaid.explain import answer_in_words
from decisionaid.model import Question
from decisionaid.tui.widgets.footer import FittingFooter


class ReviewScreen(ModalScreen[str | None]):
    """Returns the id of the question to change, or None."""

    BINDINGS = [Binding("escape,f2", "dismiss(None)", "Close")]

    def __init__(self, session, intake: bool = False) -> None:
        super().__init__()
        self.session = session
        self.intake = intake

    def compose(self) -> ComposeResult:
        answers = self.session.answers()
        yield Static("Your answers — choose one to change it", id="review-title")
        options = []
        for qid, value in answers.items():
            question = self.session.tree.nodes[qid]
            assert isinstance(question, Question)
            # Text, not a markup string: tree text is shown exactly as written.
            label = Text.assemble(
                (text_of(question, self.intake), "bold"),
                "\n  ",
                answer_in_words(question, value, self.intake),
            )
            options.append(Option(label, id=qid))
        if not options:
            yield Static("No answers yet.", id="review-empty")
        yield OptionList(*options, id="review-list")
        yield FittingFooter()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
