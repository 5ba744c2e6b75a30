"""The Textual app: holds one engine Session and shows the screen for where it stands.

`make_app()` is the one factory, used by the CLI and the tests alike. Start-up is kept short:
the welcome screen is painted first, while the tree is loaded and checked in a worker thread
(pydantic and networkx are imported there, off the critical path). Screens other than the
welcome are imported when first shown, for the same reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.binding import Binding
from textual.theme import Theme

from decisionaid.tui.screens.welcome import WelcomeScreen, peek_title

if TYPE_CHECKING:
    from decisionaid.engine import Session
    from decisionaid.graph import TreeGraph

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
        self,
        source: TreeGraph | Path,
        prefill: dict[str, Any] | None = None,
        mode: str | None = None,
    ):
        super().__init__()
        self.tree_path = source if isinstance(source, Path) else None
        self.flow: TreeGraph | None = None if isinstance(source, Path) else source
        self.session: Session | None = None
        self.mode = mode or "self"
        self.prefill = prefill or {}
        self.waiting_to_start = False

    @property
    def intake(self) -> bool:
        return self.mode == "intake"

    # start-up ---------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        if self.flow is not None:
            main = self.flow.tree.main
            self.push_screen(WelcomeScreen(main.title, main.description, self.mode))
            self._tree_ready(self.flow)
            return
        title, description = peek_title(self.tree_path)
        self.push_screen(WelcomeScreen(title, description, self.mode))
        # Load once the welcome screen is on the terminal, so the two do not compete.
        self.call_after_refresh(self.run_worker, self._load_tree, thread=True, exit_on_error=False)

    def _load_tree(self) -> None:
        """In a worker thread: load, check and compile the tree."""
        from decisionaid import open_tree
        from decisionaid.errors import TreeError

        try:
            flow = open_tree(self.tree_path)
        except TreeError as exc:
            self.call_from_thread(self.exit, None, 2, str(exc))
            return
        self.call_from_thread(self._tree_ready, flow)

    def _tree_ready(self, flow: TreeGraph) -> None:
        from decisionaid.engine import Session

        self.flow = flow
        self.session = Session(flow)
        self.sub_title = flow.tree.main.title
        if self.prefill:
            self._fill(self.prefill)
            self.show_current()
        elif self.waiting_to_start:
            self.show_current()

    def _fill(self, answers: dict[str, Any]) -> None:
        from decisionaid.errors import AnswerError

        try:
            self.session.fill(answers)
        except AnswerError as exc:
            self.notify(
                f"An answer in the file was not accepted: {exc}", severity="error", timeout=15
            )

    # the walk ---------------------------------------------------------------------------

    def start(self, mode: str) -> None:
        self.mode = mode
        if self.session is None:
            self.waiting_to_start = True  # shown as soon as the tree is ready
        else:
            self.show_current()

    def show_current(self) -> None:
        from decisionaid.model import Outcome
        from decisionaid.tui.screens.outcome import EmergencyScreen, ResultScreen
        from decisionaid.tui.screens.question import QuestionScreen

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
        from decisionaid.errors import AnswerError
        from decisionaid.tui.screens.question import QuestionScreen

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

    def _welcome(self) -> WelcomeScreen:
        main = self.flow.tree.main
        return WelcomeScreen(main.title, main.description, self.mode)

    def action_back(self) -> None:
        if self.session is None:
            return
        if self.session.back():
            self.show_current()
        elif not isinstance(self.screen, WelcomeScreen):
            self.switch_screen(self._welcome())

    def action_review(self) -> None:
        from decisionaid.tui.screens.review import ReviewScreen

        if self.session is None:
            return

        def chosen(question: str | None) -> None:
            if question:
                self.session.go_to(question)
                self.show_current()

        self.push_screen(ReviewScreen(self.session), chosen)

    def action_help(self) -> None:
        from decisionaid.explain import cite
        from decisionaid.tui.screens.modals import HelpScreen
        from decisionaid.tui.screens.question import QuestionScreen

        why, sources = None, []
        if self.session is not None and isinstance(self.screen, QuestionScreen):
            node = self.session.current
            why = getattr(node, "help", None)
            sources = [
                cite(self.flow.tree.sources[s]) for s in node.sources if s in self.flow.tree.sources
            ]
        self.push_screen(HelpScreen(why, sources))

    def action_restart(self) -> None:
        from decisionaid.engine import Session
        from decisionaid.tui.screens.modals import ConfirmScreen

        if self.session is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.session = Session(self.flow)
                self.switch_screen(self._welcome())

        if self.session.answers() and not self.session.finished:
            question = "Start again? Your answers so far will be cleared."
            self.push_screen(ConfirmScreen(question, "Start again", "Keep going"), confirmed)
        else:
            confirmed(True)

    async def action_quit(self) -> None:
        from decisionaid.tui.screens.modals import ConfirmScreen

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.exit(0)

        if self.session is not None and self.session.answers() and not self.session.finished:
            question = "Quit now? Your answers so far will be lost."
            self.push_screen(ConfirmScreen(question, "Quit", "Keep going"), confirmed)
        else:
            self.exit(0)

    def action_cycle_theme(self) -> None:
        current = THEMES.index(self.theme) if self.theme in THEMES else -1
        self.theme = THEMES[(current + 1) % len(THEMES)]
        self.notify(f"Colours: {self.theme}", timeout=2)


def make_app(
    source: TreeGraph | Path, prefill: dict[str, Any] | None = None, mode: str | None = None
) -> DecisionAidApp:
    """Build the app for a compiled tree, or for a tree file loaded after the first paint.

    The CLI passes a path; the tests mostly pass a compiled tree.
    """
    return DecisionAidApp(source, prefill=prefill, mode=mode)
