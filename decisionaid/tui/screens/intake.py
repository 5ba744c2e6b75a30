"""Before an intake screening: the patient reference and the clinician (both free text).

A therapist types the reference straight after choosing intake, often before this screen has
finished appearing. Keys that arrive in that moment reach the screen before any field has
focus; they are passed on to the field, in order, so none is lost. An empty reference is
asked about before the screening starts, and a control character (such as an escape code) is
refused with a message rather than saved.
"""

from __future__ import annotations

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from decisionaid.screenings.starting import EMPTY_REFERENCE, details_problem
from decisionaid.tui.widgets.footer import FittingFooter


class Field(Input):
    """A field of the form that keeps up with fast typing.

    Textual acts on Enter only once the key has travelled up to the app, by which time the
    keys typed after it may already have gone into this field. Here Enter moves on at once,
    and a key that arrives after the focus has moved on goes to the field that has it now.
    """

    def on_key(self, event: events.Key) -> None:
        screen = self.screen
        if event.key == "enter":
            event.prevent_default()
            event.stop()
            if isinstance(screen, IntakeScreen):
                now = screen.focused
                screen.field_done(now if isinstance(now, Input) else self)
        elif event.is_printable and event.character and screen.focused is not self:
            event.prevent_default()
            event.stop()
            if isinstance(screen.focused, Field):
                screen.focused.type_in(event.character)

    def _on_paste(self, event: events.Paste) -> None:
        """A paste of several lines is refused with a message: Textual's field would keep
        its first line and drop the rest without a word. One line (with or without the line
        break that copying a line often brings) is pasted as usual."""
        lines = event.text.rstrip("\r\n").splitlines()
        if len(lines) > 1:
            event.prevent_default()  # Input's own handler, which would paste the first line
            event.stop()
            screen = self.screen
            if isinstance(screen, IntakeScreen):
                screen.say(
                    f"What was pasted has {len(lines)} lines; a reference or name is one "
                    "line. Nothing was pasted: paste or type one line."
                )
        # Otherwise Input's own handler pastes it (its first line is all of it).

    def type_in(self, text: str) -> None:
        """Type text as a key would: over the selection if there is one, else at the cursor."""
        if self.selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *self.selection)


class IntakeScreen(ModalScreen[tuple[str, str] | None]):
    """Returns (reference, clinician), or None when cancelled."""

    TAKES_TYPING_AHEAD = True  # keys typed while it opens are for it (see the app)
    AUTO_FOCUS = "#reference"
    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, clinician: str = "") -> None:
        super().__init__()
        self.clinician = clinician

    def compose(self) -> ComposeResult:
        with Vertical(id="intake-form", classes="dialog"):
            yield Static(Content.styled("Therapist intake", "bold"), classes="dialog-title")
            yield Static(
                "A reference to find this screening again later: any label you use "
                "(it need not be the patient's name). The clinician may be left empty.",
                classes="dim",
            )
            yield Static("Patient reference")
            # Not selected on focus: a key typed as the field gets focus must not replace the
            # one typed just before it.
            yield Field(id="reference", placeholder="e.g. P-0142", select_on_focus=False)
            yield Static("Clinician")
            yield Field(
                self.clinician,
                id="clinician",
                placeholder="your name or initials",
                select_on_focus=False,
            )
            yield Static("", id="intake-message")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Start screening", id="go", variant="primary")
                yield Button("Cancel", id="cancel")
        yield FittingFooter()  # this form's keys, not those of the screen beneath it

    def on_mount(self) -> None:
        # At once, not after the next refresh, so keys typed from now on reach the field.
        self.set_focus(self.query_one("#reference", Input))

    def on_key(self, event: events.Key) -> None:
        """A key that reached the screen itself came before a field had focus: give it to
        the field that has focus now (the reference, unless the person moved on)."""
        field = self.focused if isinstance(self.focused, Field) else None
        if field is None:
            field = self.query_one("#reference", Field)
            self.set_focus(field)
        if event.is_printable and event.character is not None:
            event.stop()
            field.type_in(event.character)
        elif event.key == "enter":
            event.stop()
            self.field_done(field)

    def field_done(self, field: Input) -> None:
        """Enter in a field: on to the clinician, or start."""
        if field.id == "reference":
            # The clinician is kept from the last intake; typing replaces it, Enter keeps it.
            clinician = self.query_one("#clinician", Field)
            self.set_focus(clinician)
            clinician.select_all()
        else:
            self._go()

    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        reference = self.query_one("#reference", Input).value.strip()
        clinician = self.query_one("#clinician", Input).value.strip()
        problem = details_problem(reference, clinician)
        if problem is not None:
            self.say(problem)
            return
        if reference:
            self.dismiss((reference, clinician))
            return
        from decisionaid.tui.screens.modals import ConfirmScreen

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.dismiss((reference, clinician))
            else:
                self.set_focus(self.query_one("#reference", Input))

        self.app.push_screen(
            ConfirmScreen(EMPTY_REFERENCE, "Start without", "Type a reference", danger=False),
            confirmed,
        )

    def say(self, words: str) -> None:
        """Show what is wrong under the fields."""
        self.query_one("#intake-message", Static).update(Content(words))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
