"""Before an intake screening: the patient reference and the clinician (both free text)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static


class IntakeScreen(ModalScreen[tuple[str, str] | None]):
    """Returns (reference, clinician), or None when cancelled."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, clinician: str = "") -> None:
        super().__init__()
        self.clinician = clinician

    def compose(self) -> ComposeResult:
        with Vertical(id="intake-form", classes="dialog"):
            yield Static("[b]Therapist intake[/b]", classes="dialog-title")
            yield Static(
                "A reference to find this screening again later: any label you use "
                "(it need not be the patient's name). Both fields may be left empty.",
                classes="dim",
            )
            yield Static("Patient reference")
            yield Input(id="reference", placeholder="e.g. P-0142")
            yield Static("Clinician")
            yield Input(self.clinician, id="clinician", placeholder="your name or initials")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Start screening", id="go", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#reference", Input).focus()

    @on(Input.Submitted, "#reference")
    def _next_field(self) -> None:
        self.query_one("#clinician", Input).focus()

    @on(Input.Submitted, "#clinician")
    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        reference = self.query_one("#reference", Input).value.strip()
        clinician = self.query_one("#clinician", Input).value.strip()
        self.dismiss((reference, clinician))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
