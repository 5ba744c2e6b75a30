"""What the aid does and does not do, saving (with consent), resume, history, and start."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Checkbox, Static

from decisionaid.errors import TreeError
from decisionaid.titles import recall
from decisionaid.tui.bindings import either_case
from decisionaid.tui.screens.base import AppScreen
from decisionaid.tui.widgets.footer import FittingFooter
from decisionaid.tui.widgets.tickbox import TickBox

if TYPE_CHECKING:
    from decisionaid.screenings.store import Screening

SAFETY = """\
It does [b]not[/b] give a diagnosis and does not replace a doctor.
[b]If you are worried right now, call your local emergency number.[/b]"""

# Where answers go and who can see them is worked out for the mode and the store
# (screenings.where); this is what is true when nothing says otherwise.
PRIVACY = "Nothing leaves this computer."

MODES = (
    "Self-assessment: about yourself, in plain words. "
    "Therapist intake: screening a patient, with clinical terms too."
)

CONSENT = "Keep my answers (K)"

# The waiting-room tablet (serve --kiosk): answers are for the clinic, so starting is agreeing,
# and the way out is said before anything is asked.
KIOSK_START = (
    "Press [b]1[/b] or [b]Enter[/b] to start. By starting you agree that your answers are kept "
    "for the clinic as said below. If you would rather not, do not start: tell the front desk, "
    "and your therapist will ask you in person. You can stop at any time with [b]Ctrl+N[/b]; "
    "the answers you gave here are then deleted."
)
KIOSK_CANNOT_SAVE = (
    "This tablet cannot keep answers right now, so it cannot be used. Please tell the front desk."
)

SAVING_NOTE = (
    "Kept answers let you resume later or print a report. Therapist intake screenings are "
    "always kept, with the patient reference you give. Saved screenings can be deleted at any "
    "time (History)."
)

DEFAULT_TITLE = "Decision aid"


# How much of a tree file is read for its title before the first paint. Titles come first
# in every tree we know of; a tree of 100,000 nodes must not be parsed twice to show one.
PEEK_BYTES = 64 * 1024


def peek_title(path: Path | None) -> tuple[str, str | None]:
    """The tree's title and description, found cheaply before the tree is fully loaded: as
    remembered from the last time this very file was loaded (see titles.py), else from the
    top-level keys in the first PEEK_BYTES of the file. Any problem is left for the real
    loader to report; here we just fall back to defaults.
    """
    if path is None:
        return DEFAULT_TITLE, None
    return recall(path) or _read_head(path)


def _read_head(path: Path) -> tuple[str, str | None]:
    import yaml

    from decisionaid.yamlfile import read_bytes

    found: dict[str, str] = {}
    try:
        head = read_bytes(path, limit=PEEK_BYTES, whole=False).decode("utf-8", errors="ignore")
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
    except (TreeError, yaml.YAMLError):
        pass  # a cut-off head ends in a YAML error; what was found before it stands
    return found.get("title", DEFAULT_TITLE), found.get("description")


class WelcomeScreen(AppScreen[None]):
    """The first screen. The two mode buttons come right after the safety words, so they are
    in view without scrolling on a small terminal; what follows can scroll."""

    TAKES_TYPING_AHEAD = True  # keys typed while it opens are for it (see the app)

    # Below 78 columns the buttons go two to a row instead of all on one.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (78, "-wide")]
    # Priority: acted on the moment the key arrives, before the keys typed after it are
    # handed out, so those reach the screen it opens (a patient reference typed straight
    # after 2 goes into the reference field instead of being lost on this screen).
    BINDINGS = either_case(
        # Short words, so that every key that works fits in the footer at 60 columns; the
        # letters are shown as the buttons and the words on the screen name them.
        Binding("1,s", "start('self')", "Self", tooltip="Self-assessment", priority=True),
        Binding("2,i", "start('intake')", "Intake", tooltip="Therapist intake", priority=True),
        Binding("r", "resume", "Resume", key_display="R", priority=True),
        Binding("k", "toggle_keep", "Keep", key_display="K", tooltip=CONSENT, priority=True),
        Binding("h", "history", "History", key_display="H", priority=True),
        Binding("f1", "app.help", "Help"),
        Binding("ctrl+q", "app.quit", "Quit"),
    )

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
        where: str = PRIVACY,
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
        if action in ("toggle_keep", "history"):
            return self.saving and not self.kiosk
        if action == "start" and self.kiosk:
            return parameters == ("self",) and self.saving
        return True

    # The button of the mode asked for has the focus from the start (the words, on a tablet
    # that cannot keep answers and so has no button). Focusing it once the screen was mounted
    # came after Textual had given the focus to the first focusable widget, the words: every
    # widget among them was styled twice more before the first paint.
    AUTO_FOCUS = ".starts-here"

    def _starts_here(self, widget: str) -> str:
        """The class that gives `widget` ("words" or a mode's button) the focus at first."""
        has_button = self.saving or not self.kiosk
        return "starts-here" if widget == (self.mode if has_button else "words") else ""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="welcome", classes=self._starts_here("words")):
            yield Static(Content(self.tree_title), id="welcome-title")
            yield Static(SAFETY, id="safety")
            if self.problem:
                yield Static(Content(f"Saving is off: {self.problem}"), id="store-problem")
            if self.kiosk:
                yield from self._kiosk_start()
            else:
                yield from self._choices()
        yield FittingFooter()

    def _choices(self) -> ComposeResult:
        """Who is answering, resume, consent and history; what the aid is; where answers go."""
        yield Static("Who is answering?", id="mode-question")
        with Horizontal(id="modes"):
            yield Button(
                "1 Self-assessment", id="self", variant="primary", classes=self._starts_here("self")
            )
            yield Button("2 Therapist intake", id="intake", classes=self._starts_here("intake"))
            if self.saving:
                yield Button("H History", id="history")
        if self.saving:  # right under the buttons: in view at 60×20, where K changes it
            yield TickBox(CONSENT, self.keep, id="keep")
        # Where kept answers go and who can read them, next to the choice to keep them: below
        # the description it was off the screen at 80×24 when an unfinished one was offered.
        yield Static(Content(self.where), id="privacy")
        yield Static(MODES, id="mode-help")
        if self.description:
            yield Static(Content(" ".join(self.description.split())), id="about")
        if self.saving:
            yield Static(SAVING_NOTE, id="saving-note")

    def _kiosk_start(self) -> ComposeResult:
        """Self-assessment only, always kept for the clinic: no consent box, intake or history."""
        if not self.saving:
            yield Static(KIOSK_CANNOT_SAVE, id="mode-question")
        else:
            yield Static(KIOSK_START, id="kiosk-start")
            with Horizontal(id="modes"):
                yield Button(
                    "1 Start", id="self", variant="primary", classes=self._starts_here("self")
                )
        if self.description:
            yield Static(Content(" ".join(self.description.split())), id="about")
        yield Static(Content(self.where), id="privacy")

    def on_mount(self) -> None:
        if self.unfinished is not None:
            self.offer_resume(self.unfinished)

    def say_where(self, words: str) -> None:
        """Say where answers go (known once the store is open, after the first paint)."""
        self.where = words
        self.query_one("#privacy", Static).update(Content(words))

    async def saving_off(self, problem: str, where: str) -> None:
        """The store could not be opened (found out after the first paint): say why, offer
        nothing that needs it, and say where answers go now (`where`)."""
        self.saving, self.problem, self.unfinished, self.where = False, problem, None, where
        if self.is_attached:
            await self.recompose()
            for button in self.query(f"#{self.mode}").results(Button):
                self.set_focus(button)
            self.refresh_bindings()

    def offer_resume(self, screening: Screening) -> None:
        """Offer to resume an unfinished screening (known once the tree is loaded)."""
        from decisionaid.screenings.summary import unfinished_words

        if not self.saving:
            return
        self.unfinished = screening
        words = Content.assemble(
            ("Unfinished screening: ", "bold"),
            unfinished_words(screening),
            ". Press ",
            ("R", "bold"),
            " to resume it where it was left.",
        )
        # The offer's words and button are made only when there is an offer: most starts
        # have none, and the first paint need not wait for them.
        if self.query("#unfinished"):
            self.query_one("#unfinished", Static).update(words)
        else:
            self.query_one("#welcome").mount(Static(words, id="unfinished"), after="#keep")
            self.query_one("#modes").mount(Button("R Resume", id="resume"), before="#history")
        self.refresh_bindings()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        match event.button.id:
            case "resume":
                self.action_resume()
            case "history":
                self.action_history()
            case mode:
                assert mode is not None
                self.action_start(mode)

    @on(Checkbox.Changed, "#keep")
    def _keep_changed(self, event: Checkbox.Changed) -> None:
        self.keep = event.value

    def action_toggle_keep(self) -> None:
        box = self.query_one("#keep", Checkbox)
        box.toggle()
        box.scroll_visible()
        self.notify(
            "Answers will be kept." if box.value else "Answers will not be kept.", timeout=3
        )

    def action_history(self) -> None:
        self.app.action_history()

    def action_resume(self) -> None:
        if self.unfinished is not None:
            self.app.resume(self.unfinished.id)

    def action_start(self, mode: str) -> None:
        self.app.start(mode, keep=self.keep)
