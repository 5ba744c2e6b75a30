"""The Textual app: holds one engine Session and shows the screen for where it stands.

`make_app()` is the one factory, used by the CLI and the tests alike.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.theme import Theme

from decisionaid.engine import Session
from decisionaid.errors import AnswerError
from decisionaid.explain import cite
from decisionaid.graph import TreeGraph
from decisionaid.model import Outcome
from decisionaid.tui.screens.modals import ConfirmScreen, HelpScreen
from decisionaid.tui.screens.outcome import EmergencyScreen, ResultScreen
from decisionaid.tui.screens.question import QuestionScreen
from decisionaid.tui.screens.review import ReviewScreen
from decisionaid.tui.screens.welcome import WelcomeScreen

HIGH_CONTRAST = Theme(
    name="high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    warning="#FFFF00",
    error="#FF4040",
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#202020",
    dark=True,
)
THEMES = ("textual-dark", "textual-light", "high-contrast")


class DecisionAidApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "decisionaid"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("f3", "cycle_theme", "Colours", show=False),
    ]

    def __init__(
        self, flow: TreeGraph, prefill: dict[str, Any] | None = None, mode: str | None = None
    ):
        super().__init__()
        self.flow = flow
        self.session = Session(flow)
        self.mode = mode or "self"
        self.prefill = prefill or {}

    @property
    def intake(self) -> bool:
        return self.mode == "intake"

    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        self.sub_title = self.flow.tree.main.title
        if self.prefill:
            self._fill(self.prefill)
            self.show_current()
        else:
            self.push_screen(WelcomeScreen(self.flow.tree.main.title, self.mode))

    def _fill(self, answers: dict[str, Any]) -> None:
        try:
            self.session.fill(answers)
        except AnswerError as exc:
            self.notify(
                f"An answer in the file was not accepted: {exc}", severity="error", timeout=15
            )

    # the walk ---------------------------------------------------------------------------

    def start(self, mode: str) -> None:
        self.mode = mode
        self.show_current()

    def show_current(self) -> None:
        node = self.session.current
        if isinstance(node, Outcome):
            kind = EmergencyScreen if node.urgency == "emergency" else ResultScreen
            screen = kind(self.flow.tree, self.session.result(), self.intake)
        else:
            screen = QuestionScreen(self.session, self.intake)
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def answer(self, value: Any) -> None:
        try:
            self.session.answer(value)
        except AnswerError as exc:
            if isinstance(self.screen, QuestionScreen):
                self.screen.reject(exc)
            return
        self.show_current()

    def proceed(self) -> None:
        self.session.proceed()
        self.show_current()

    # actions ----------------------------------------------------------------------------

    def action_back(self) -> None:
        if self.session.back():
            self.show_current()
        elif not isinstance(self.screen, WelcomeScreen):
            self.switch_screen(WelcomeScreen(self.flow.tree.main.title, self.mode))

    def action_review(self) -> None:
        def chosen(question: str | None) -> None:
            if question:
                self.session.go_to(question)
                self.show_current()

        self.push_screen(ReviewScreen(self.session), chosen)

    def action_help(self) -> None:
        node = self.session.current
        why = getattr(node, "help", None) if isinstance(self.screen, QuestionScreen) else None
        sources = []
        if isinstance(self.screen, QuestionScreen):
            sources = [
                cite(self.flow.tree.sources[s]) for s in node.sources if s in self.flow.tree.sources
            ]
        self.push_screen(HelpScreen(why, sources))

    def action_restart(self) -> None:
        def confirmed(yes: bool | None) -> None:
            if yes:
                self.session = Session(self.flow)
                self.switch_screen(WelcomeScreen(self.flow.tree.main.title, self.mode))

        if self.session.answers() and not self.session.finished:
            self.push_screen(
                ConfirmScreen(
                    "Start again? Your answers so far will be cleared.", "Start again", "Keep going"
                ),
                confirmed,
            )
        else:
            confirmed(True)

    async def action_quit(self) -> None:
        def confirmed(yes: bool | None) -> None:
            if yes:
                self.exit(0)

        if self.session.answers() and not self.session.finished:
            self.push_screen(
                ConfirmScreen("Quit now? Your answers so far will be lost.", "Quit", "Keep going"),
                confirmed,
            )
        else:
            self.exit(0)

    def action_cycle_theme(self) -> None:
        current = THEMES.index(self.theme) if self.theme in THEMES else -1
        self.theme = THEMES[(current + 1) % len(THEMES)]
        self.notify(f"Colours: {self.theme}", timeout=2)


def make_app(
    flow: TreeGraph, prefill: dict[str, Any] | None = None, mode: str | None = None
) -> DecisionAidApp:
    """Build the app for a compiled tree (the CLI and the tests both come through here)."""
    return DecisionAidApp(flow, prefill=prefill, mode=mode)
