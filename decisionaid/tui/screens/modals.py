"""Small modal screens: help with the keys, and a yes/no confirmation."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from decisionaid.tui.bindings import either_case

KEYS = """\
[b]Keys[/b]
 1–9        choose an answer (0: none of these)
 y / n      yes or no
 Space      tick or untick in a checklist
 Enter      continue
 Escape     go back one step
 F1 or ?    this help
 F2         your answers (choose one to change it)
 F3         change colours (dark, light, high contrast)
 Ctrl+N     start again
 Ctrl+Q     quit
The mouse works too: click an answer, or a key in the footer."""
# The waiting-room tablet has no quit key: stopping there deletes the answers given.
KIOSK_KEYS = KEYS.replace(
    " Ctrl+N     start again\n Ctrl+Q     quit", " Ctrl+N     stop (your answers are deleted)"
)


class HelpScreen(ModalScreen[None]):
    BINDINGS = either_case(Binding("escape,f1,question_mark,q", "dismiss", "Close"))

    def __init__(self, why: str | None, sources: list[str], *, kiosk: bool = False) -> None:
        super().__init__()
        self.why = why
        self.sources = sources
        self.kiosk = kiosk

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            # Tree text is shown as text, never read as markup.
            if self.why:
                yield Static(
                    Content.assemble(("Why we ask", "bold"), "\n", " ".join(self.why.split())),
                    classes="section",
                )
            if self.sources:
                yield Static(
                    Content.assemble(
                        ("Sources", "bold"), *(f"\n • {source}" for source in self.sources)
                    ),
                    classes="section dim",
                )
            yield Static(KIOSK_KEYS if self.kiosk else KEYS, classes="section")
            yield Static("In an emergency, call your local emergency number.", classes="section")
            yield Static("Press Escape to close.", classes="dim")


class ConfirmScreen(ModalScreen[bool]):
    """Ask before something that would lose answers."""

    BINDINGS = either_case(
        Binding("y", "dismiss(True)", "Yes"),
        Binding("n,escape", "dismiss(False)", "No"),
    )

    def __init__(
        self, question: str, yes: str = "Yes", no: str = "No", *, danger: bool = True
    ) -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no
        self.danger = danger  # whether "yes" loses something (shown in the warning colour)

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(Content(self.question), id="confirm-text")
            with Horizontal(id="confirm-buttons"):
                yield Button(
                    Content(f"{self.yes} (y)"),
                    variant="error" if self.danger else "default",
                    id="yes",
                )
                yield Button(Content(f"{self.no} (n)"), variant="primary", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")
