"""What the aid does and does not do, saving (with consent), resume, history, and start."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Footer, Static

if TYPE_CHECKING:
    from decisionaid.screenings.store import Screening

SAFETY = """\
It does [b]not[/b] give a diagnosis and does not replace a doctor.

[b]If you are worried right now, call your local emergency number.[/b]"""

# Where answers go is said on its own line (`where`), worked out for the mode and the store.
NOTHING_LEAVES = "Nothing leaves this computer."

CONSENT = "Keep my answers, to resume or print a report (K)"

# The waiting-room tablet (serve --kiosk): answers are for the clinic, so starting is agreeing,
# and the way out is said before anything is asked.
KIOSK_START = (
    "Press [b]1[/b] or [b]Enter[/b] to start. By starting you agree that your answers are kept "
    "for the clinic as said above. If you would rather not, do not start: tell the front desk, "
    "and your therapist will ask you in person. You can stop at any time with [b]Ctrl+N[/b]; "
    "the answers you gave here are then deleted."
)
KIOSK_CANNOT_SAVE = (
    "This tablet cannot keep answers right now, so it cannot be used. Please tell the front desk."
)

DEFAULT_TITLE = "Decision aid"


# How much of a tree file is read for its title before the first paint. Titles come first
# in every tree we know of; a tree of 100,000 nodes must not be parsed twice to show one.
PEEK_BYTES = 64 * 1024


def peek_title(path: Path | None) -> tuple[str, str | None]:
    """The tree's title and description, read cheaply before the tree is fully loaded.

    Only the top-level keys in the first PEEK_BYTES of the file are looked at. Any problem is
    left for the real loader to report; here we just fall back to defaults.
    """
    if path is None:
        return DEFAULT_TITLE, None
    found: dict[str, str] = {}
    try:
        with path.open("rb") as file:
            head = file.read(PEEK_BYTES).decode("utf-8", errors="ignore")
        depth, key = 0, None  # key: the top-level key whose value comes next
        for event in yaml.parse(head, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if depth == 1 and key is None and isinstance(event, yaml.ScalarEvent):
                key = event.value
                continue
            if depth == 1 and key is not None:
                if key in ("title", "description") and isinstance(event, yaml.ScalarEvent):
                    found.setdefault(key, event.value)
                    if len(found) == 2:
                        break
                key = None
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except (OSError, yaml.YAMLError):
        pass  # a cut-off head ends in a YAML error; what was found before it stands
    return found.get("title", DEFAULT_TITLE), found.get("description")


def unfinished_words(screening: Screening) -> str:
    """One line about an unfinished screening, for the resume offer."""
    from decisionaid.words import MODE_WORDS, plural, when

    label = f" for {screening.reference}" if screening.reference else ""
    return (
        f"#{screening.id}, {MODE_WORDS[screening.mode].lower()}{label}, last changed "
        f"{when(screening.updated_at)}, {plural(screening.answer_count, 'answer')}"
    )


class WelcomeScreen(Screen):
    BINDINGS = [
        Binding("s,1", "start('self')", "Self-assessment"),
        Binding("i,2", "start('intake')", "Therapist intake"),
        Binding("r", "resume", "Resume", show=False),
        Binding("k", "toggle_keep", "Keep answers", show=False),
        Binding("h", "app.history", "History", show=False),
        Binding("f1", "app.help", "Help"),
        Binding("ctrl+q", "app.quit", "Quit"),
    ]

    def __init__(
        self,
        title: str,
        description: str | None,
        mode: str,
        *,
        saving: bool = False,
        keep: bool = False,
        unfinished: Screening | None = None,
        problem: str | None = None,
        where: str = NOTHING_LEAVES,
        kiosk: bool = False,
    ) -> None:
        super().__init__()
        self.tree_title = title
        self.description = description
        self.mode = mode
        self.saving = saving
        self.keep = keep
        self.unfinished = unfinished
        self.problem = problem
        self.where = where
        self.kiosk = kiosk

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resume":
            return self.unfinished is not None
        if action in ("toggle_keep", "app.history"):
            return self.saving and not self.kiosk
        if action == "start" and self.kiosk:
            return parameters == ("self",) and self.saving
        return True

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="welcome"):
            yield Static(escape(self.tree_title), id="welcome-title")
            if self.description:
                yield Static(escape(" ".join(self.description.split())), id="about")
            yield Static(SAFETY, id="safety")
            yield Static(escape(self.where), id="where")
            if self.problem:
                yield Static(f"Saving is off: {escape(self.problem)}", id="store-problem")
            if self.kiosk:
                yield from self._kiosk_start()
            else:
                yield from self._choices()
        yield Footer()

    def _choices(self) -> ComposeResult:
        """Resume, consent, self-assessment or intake, and history."""
        if self.unfinished is not None:
            yield Static(
                "[b]Unfinished screening:[/b] "
                + escape(unfinished_words(self.unfinished))
                + ". Press [b]R[/b] to resume it where it was left.",
                id="unfinished",
            )
        if self.saving:
            yield Checkbox(CONSENT, self.keep, id="keep")
        yield Static(
            "Who is answering? [b]1[/b] Self-assessment: about yourself, in plain words. "
            "[b]2[/b] Therapist intake: screening a patient, with clinical terms too.",
            id="mode-question",
        )
        with Horizontal(id="modes"):
            yield Button("1 Self-assessment", id="self", variant="primary")
            yield Button("2 Therapist intake", id="intake")
            if self.unfinished is not None:
                yield Button("R Resume", id="resume")
            if self.saving:
                yield Button("H History", id="history")
        if self.saving:
            yield Static(
                "Therapist intake screenings are always kept, with the patient reference "
                "you give. Saved screenings can be deleted at any time (History).",
                id="saving-note",
            )

    def _kiosk_start(self) -> ComposeResult:
        """Self-assessment only, always kept for the clinic: no consent box, intake or history."""
        if not self.saving:
            yield Static(KIOSK_CANNOT_SAVE, id="mode-question")
        else:
            yield Static(KIOSK_START, id="kiosk-start")
            with Horizontal(id="modes"):
                yield Button("1 Start", id="self", variant="primary")

    def on_mount(self) -> None:
        for button in self.query(f"#{self.mode}").results(Button):
            button.focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        match event.button.id:
            case "resume":
                self.action_resume()
            case "history":
                self.app.action_history()
            case mode:
                assert mode is not None
                self.action_start(mode)

    @on(Checkbox.Changed, "#keep")
    def _keep_changed(self, event: Checkbox.Changed) -> None:
        self.keep = event.value

    def action_toggle_keep(self) -> None:
        self.query_one("#keep", Checkbox).toggle()

    def action_resume(self) -> None:
        if self.unfinished is not None:
            self.app.resume(self.unfinished.id)

    def action_start(self, mode: str) -> None:
        self.app.start(mode, keep=self.keep)
