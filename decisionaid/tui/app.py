"""The Textual app: holds the screening under way (a Walk) and shows the screen for where it
stands.

`make_app()` is the one factory, used by the CLI and the tests alike. Start-up is kept short:
the welcome screen is painted first; then the store is opened, and the tree is loaded and
checked in a worker thread (pydantic and networkx are imported there, off the critical path).
Screens other than the welcome are imported when first shown, for the same reason; one
question screen then serves the whole walk. Starting, resuming and saving a
screening follow `screenings.starting`, as plain mode does; every call to the store is
guarded, so a locked or vanished database is a message, never a traceback.
"""

from __future__ import annotations

import contextlib
import gc
import os
import termios
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme

from decisionaid import settings, titles
from decisionaid.tui.screens.welcome import WelcomeScreen, peek_title
from decisionaid.tui.too_small import SizeGuard

if TYPE_CHECKING:
    from decisionaid.engine import Session
    from decisionaid.graph import CompiledTree
    from decisionaid.screenings.recording import Recorder
    from decisionaid.screenings.starting import Walk
    from decisionaid.screenings.store import Screening, Store

T = TypeVar("T")

_TERMINAL = 0  # the terminal Textual reads keys from (standard input)


def _answers(fd: int) -> bool:
    """Whether `fd` is a terminal that still answers (a hung-up one answers EIO)."""
    try:
        termios.tcgetattr(fd)
    except (termios.error, OSError):
        return False
    return True


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
# Our names for the colour themes (see `settings.THEMES`), and Textual's.
THEMES = {"dark": "textual-dark", "light": "textual-light", "high-contrast": "high-contrast"}


class DecisionAidApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "decisionaid"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        # The tablet has no quit key: on a terminal kiosk quitting would leave the next
        # patient at the clinic's shell, with the answers given so far still kept. Ctrl+Q
        # there asks to stop and delete, as Ctrl+N does (see check_action).
        Binding("ctrl+q", "stop", show=False, priority=True),
        Binding("f3", "cycle_theme", "Colours", show=False),
    ]

    def __init__(
        self,
        source: CompiledTree | Path,
        prefill: dict[str, Any] | None = None,
        mode: str | None = None,
        *,
        store: Store | None = None,
        open_store: Callable[[], Store] | None = None,
        store_problem: str | None = None,
        consent: bool | None = None,
        reference: str | None = None,
        clinician: str | None = None,
        kiosk: bool = False,
        pause: float | None = None,
    ):
        super().__init__()
        self.tree_path = source if isinstance(source, Path) else None
        self.flow: CompiledTree | None = None if isinstance(source, Path) else source
        self.walk: Walk | None = None
        # The mode chosen on the command line, if any: only a screening of that mode is
        # offered for resuming.
        self.chosen_mode = mode
        self.mode = mode or "self"
        self.prefill = prefill or {}
        self.store = store
        # Opens the store the command line asked for: called after the first paint, since
        # opening checks the whole database file (or reaches a clinic's server).
        self._open_store = open_store
        self.store_problem = store_problem
        self.keep = bool(consent)
        self.reference = reference
        self.clinician = clinician
        self.waiting_to_start = False
        self.waiting_to_resume: int | None = None
        # The question chosen from the review to change; once it is answered, the later
        # answers are given again for as long as they still apply.
        self.revising: str | None = None
        # Where a key typed ahead was last dropped (one notice per question or screen).
        self._dropped_on: tuple[object, int] | None = None
        # The waiting-room tablet: self-assessment only, always kept for the clinic (marked
        # new until opened), no history, resume or reports, a fresh walk after each result
        # and after a walk left part-way.
        self.kiosk = kiosk
        self.pause = pause
        if kiosk:
            self.mode, self.keep = "self", True
        self.idle: float | None = None  # kiosk: seconds mid-walk before asking "still there?"
        self.still_there: float | None = None
        self.last_input = time.monotonic()
        self.asking_still_there = False
        self.size_guard = SizeGuard(self)  # a notice in place of the screens in a tiny window

    @property
    def session(self) -> Session | None:
        return None if self.walk is None else self.walk.session

    @property
    def under_way(self) -> Walk:
        """The screening under way, where what is on screen means there is one (a question
        or a result)."""
        if self.walk is None:
            raise RuntimeError("no screening is under way")
        return self.walk

    @property
    def recorder(self) -> Recorder | None:
        return None if self.walk is None else self.walk.recorder

    @property
    def intake(self) -> bool:
        return self.mode == "intake"

    # start-up ---------------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        """The welcome screen is the first on the stack (not pushed above Textual's blank
        one, which cost the first paint a screen more to make and lay out). It stays at the
        bottom; the walk's screens and a fresh welcome screen come and go above it.

        A walk that starts at once (a compiled tree and answers given beforehand) shows its
        question or result first: a welcome screen under it would never be seen, yet be made,
        laid out and drawn once, and laid out again at every resize. Textual's blank screen
        stays at the bottom instead."""
        self.register_theme(HIGH_CONTRAST)
        self.theme = THEMES[settings.theme()]
        self.size_guard.check(self.size)
        self.screen_change_signal.subscribe(self, self.size_guard.add_notice)
        if self.flow is not None:
            self.open_store()
            return Screen() if self.prefill else self._welcome()
        return self._welcome(*peek_title(self.tree_path))

    def on_resize(self, event: events.Resize) -> None:
        self.size_guard.check(event.size)  # (before the screens hear of it)

    def on_mount(self) -> None:
        self.size_guard.add_notice(self.screen)  # (the first screen is shown without a signal)
        if self.kiosk:
            self.set_interval(1, self._check_idle)
        if not self.is_headless and not self.is_web and _answers(_TERMINAL):
            self.set_interval(1, self._check_terminal)  # watched only if there to begin with
        if self.tree_path is not None:
            self.call_after_refresh(self._after_first_paint, self.tree_path)
        elif self.flow is not None:
            self._tree_ready(self.flow, offer=False)  # the welcome has made its offer

    def _after_first_paint(self, tree_path: Path) -> None:
        """Open the store and load the tree once the welcome screen is on the terminal, so
        that neither keeps the person waiting for it."""
        if not gc.isenabled():
            # Paused for the start-up (see cli/main.py). What was made for it lives as
            # long as the app: set apart, so later collections need not walk it again.
            gc.freeze()
            gc.enable()
        self.open_store()
        self.run_worker(partial(self._load_tree, tree_path), thread=True, exit_on_error=False)

    def open_store(self) -> None:
        """Open the store asked for, if not yet done; if it cannot be used, saving is off and
        the welcome screen says why."""
        if self._open_store is None:
            return
        from decisionaid.screenings.errors import StoreError

        opener, self._open_store = self._open_store, None
        try:
            self.store = opener()
        except StoreError as exc:
            self.store_problem = str(exc)
            if isinstance(self.screen, WelcomeScreen):
                self.call_later(self.screen.saving_off, self.store_problem, self._where())
            else:
                self.notify(f"Saving is off: {exc}", severity="error", timeout=20, markup=False)
            return
        if isinstance(self.screen, WelcomeScreen):
            self.screen.say_where(self._where())

    def _where(self) -> str:
        """Where answers go and who can see them, for the welcome screen (see
        screenings/where.py); empty while the store asked for is not open yet, since that
        depends on it."""
        if self._open_store is not None:
            return ""
        from decisionaid.screenings.where import of_store, welcome_words

        return welcome_words(of_store(self.store), served=self.is_web, kiosk=self.kiosk)

    def _load_tree(self, tree_path: Path) -> None:
        """In a worker thread: load, check and compile the tree."""
        from decisionaid import open_tree
        from decisionaid.errors import TreeError

        try:
            flow = open_tree(tree_path)
        except TreeError as exc:
            self.call_from_thread(self.exit, None, 2, str(exc))
            return
        except Exception as exc:  # anything else: said and ended, never a stuck welcome screen
            self.call_from_thread(self.exit, None, 2, f"{tree_path}: cannot be used: {exc}")
            return
        main = flow.tree.main
        titles.remember(tree_path, main.title, main.description)  # for the next start
        self.call_from_thread(self._tree_ready, flow)

    def _tree_ready(self, flow: CompiledTree, offer: bool = True) -> None:
        self.flow = flow
        self.sub_title = flow.tree.main.title
        if self.prefill:
            walk = self._begin(flow)
            self._fill(walk.session, self.prefill)
            self.show_current()
        elif self.waiting_to_resume is not None:
            self.resume(self.waiting_to_resume)
        elif self.waiting_to_start:
            self._begin(flow)
            self.show_current()
        elif offer and isinstance(self.screen, WelcomeScreen):
            # Painted before the tree was known: its title as remembered or peeked at (a
            # new welcome screen shows the tree's own, should they differ), and which
            # screening to offer depends on the tree.
            main = flow.tree.main
            if (self.screen.tree_title, self.screen.description) != (main.title, main.description):
                self._switch_to(self._welcome())
                return
            unfinished = self._unfinished()
            if unfinished is not None:
                self.screen.offer_resume(unfinished)

    def _fill(self, session: Session, answers: dict[str, Any]) -> None:
        from decisionaid.errors import AnswerError

        try:
            session.fill(answers)
        except AnswerError as exc:
            self.notify(
                f"An answer in the file was not accepted: {exc}",
                severity="error",
                timeout=15,
                markup=False,
            )

    # keys typed ahead of a screen change --------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        """Keys typed faster than the screens change.

        Textual hands each key to the screen that is showing when the key is read, and acts
        on a screen's keys only when they come back up to the app. A key typed straight after
        one that changes what is shown (a patient reference after 2, a search after H, the
        next key after an answer) is therefore handed to what is no longer there; when it
        comes back, the screen, or the question on it, has changed. Such a key goes to the
        new screen if that screen takes typing (the welcome, intake and history screens), so
        nothing typed there is lost; anywhere else (a question, a result, a confirmation) it
        is dropped with a short notice, so it never answers something the person has not yet
        seen.
        """
        if isinstance(event, events.InputEvent) and not event.is_forwarded:
            self.last_input = time.monotonic()  # someone is at the tablet
        if self.size_guard.drops(event):
            return  # typed on screens hidden by the too-small notice
        if isinstance(event, events.Key):
            if not event.is_forwarded:
                event.typed_on = self._view()  # type: ignore[attr-defined]
            elif self.typed_on_another_view(event):
                if getattr(self.screen, "TAKES_TYPING_AHEAD", False):
                    self.post_message(events.Key(event.key, event.character))
                else:
                    self.key_not_used()
                return
        await super().on_event(event)

    def _view(self) -> tuple[object, int]:
        """What is on screen: the screen, and which of its questions (one question screen
        shows the whole walk, one question after another)."""
        return self.screen, getattr(self.screen, "showing", 0)

    def typed_on_another_view(self, event: events.Key) -> bool:
        """Whether `event` was read while another screen, or another question, was shown."""
        typed_on = getattr(event, "typed_on", None)
        if typed_on is None:
            return False
        screen, showing = self._view()
        return typed_on[0] is not screen or typed_on[1] != showing

    def key_not_used(self) -> None:
        """Say once per question or screen, calmly, that a key pressed while it opened was
        not used."""
        if self._dropped_on != self._view():
            self._dropped_on = self._view()
            self.notify("A key pressed while the screen was changing was not used.", timeout=4)

    # the store --------------------------------------------------------------------------

    def use_store(self, call: Callable[..., T], *args: Any) -> tuple[bool, T | None]:
        """Call the store; on a StoreError say so and go on. Returns (worked, value)."""
        from decisionaid.screenings.store import StoreError

        try:
            return True, call(*args)
        except StoreError as exc:
            self.notify(
                f"The saved screenings cannot be used right now: {exc}",
                severity="error",
                timeout=20,
                markup=False,
            )
            return False, None

    def _unfinished(self) -> Screening | None:
        """The unfinished screening to offer on the welcome screen, if any."""
        if self.store is None or self.flow is None or self.kiosk:
            # (Before the import: the engine is not needed for the first paint.) The tablet
            # never offers anyone's screening.
            return None
        from decisionaid.screenings.starting import offer

        _, found = self.use_store(offer, self.store, self.flow, self.chosen_mode)
        return found

    def _save_failed(self, error: Exception) -> None:
        from decisionaid.screenings.store import KeptAsNew

        if isinstance(error, KeptAsNew):  # saved after all, under a new number
            self.notify(str(error), severity="warning", timeout=20, markup=False)
            return
        self.notify(
            f"Could not save: {error}. Your answers are still here; do not close the app.",
            severity="error",
            timeout=20,
            markup=False,
        )

    # the walk ---------------------------------------------------------------------------

    def start(self, mode: str, keep: bool = False) -> None:
        """Begin a new screening (asking intake details first when saving needs them)."""
        from decisionaid.screenings.starting import details_problem

        self.open_store()  # (chosen the moment the welcome screen appeared)
        if self.kiosk:
            mode, keep = "self", True
        self.mode = mode
        self.keep = keep
        if self.reference is not None:
            problem = details_problem(self.reference, self.clinician or "")
            if problem is not None:
                self.notify(problem, severity="error", timeout=15, markup=False)
                self.reference = self.clinician = None
        if mode == "intake" and self.store is not None and self.reference is None:
            from decisionaid.tui.screens.intake import IntakeScreen

            def details(answer: tuple[str, str] | None) -> None:
                if answer is not None:
                    self.reference, self.clinician = answer
                    self.start(mode, keep)

            self.push_screen(IntakeScreen(self.clinician or ""), details)
            return
        if self.flow is None:
            self.waiting_to_start = True  # shown as soon as the tree is ready
        else:
            self._begin(self.flow)
            self.show_current()

    def _begin(self, flow: CompiledTree) -> Walk:
        """A new walk in the current mode, kept when the mode and consent say so."""
        from decisionaid.screenings.starting import begin

        self._stop()
        self.walk = begin(
            flow,
            self.mode,
            store=self.store,
            consent=self.keep,
            reference=self.reference or "",
            clinician=self.clinician or "",
            source=self.tree_path,
            on_error=self._save_failed,
            new=self.kiosk,
        )
        return self.walk

    def _stop(self) -> None:
        if self.walk is not None:
            self.walk.stop_saving()
        self.walk = None
        self.revising = None

    @property
    def saving(self) -> bool:
        return self.recorder is not None

    def resume(self, screening_id: int) -> None:
        """Pick up a saved, unfinished screening at the question where it was left."""
        from decisionaid.screenings.starting import resume_saved

        self.open_store()
        if self.store is None:
            return
        if self.flow is None:
            self.waiting_to_resume = screening_id
            return
        _, walk = self.use_store(
            resume_saved, self.flow, self.store, screening_id, self._save_failed
        )
        if walk is None:
            return  # the store could not be used (and the person was told)
        self._stop()
        self.walk = walk
        self.mode = walk.mode
        if walk.recorder is not None:  # (always: a resumed screening goes on being saved)
            self.reference, self.clinician = walk.recorder.reference, walk.recorder.clinician
        for note in walk.notes:
            self.notify(note, severity="warning", timeout=15, markup=False)
        self.notify(f"Resumed screening #{walk.screening_id}.", timeout=4)
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.show_current()

    def action_save_report(self) -> None:
        if self.session is not None and self.session.finished and not self.kiosk:
            self.save_report()

    def save_report(self, screening: Screening | None = None) -> None:
        """Write the HTML report of a screening (by default the current one) to a new file."""
        from decisionaid.exports.report import claim, file_name, render
        from decisionaid.private import write_private
        from decisionaid.screenings.store import StoreError, data_dir

        saved_id = None  # a stored screening is exported through the store, and audited
        if screening is not None:
            saved_id = screening.id or None
        elif self.recorder is not None:
            saved_id = self.recorder.screening_id
        if screening is None and saved_id is None:
            screening = self.current_screening()
        problems: list[str] = []
        written: list[Path] = []

        def write(screening: Screening) -> str:
            for folder in (Path.cwd(), data_dir() / "reports"):
                try:
                    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
                    path = claim(folder, file_name(screening, "html"))
                    write_private(path, render(screening, "html"))
                except OSError as exc:
                    problems.append(f"{folder}: {exc.strerror or exc}")
                    continue
                written.append(path)
                return f"html to {path}"
            raise OSError("; ".join(problems))

        try:
            if saved_id is not None and self.store is not None:
                # Read, written and recorded in the audit trail in one transaction.
                if self.store.export(saved_id, write) is None:
                    raise StoreError(f"screening #{saved_id} no longer exists")
            else:
                assert screening is not None
                write(screening)
        except (OSError, StoreError) as exc:
            self.notify(f"Could not save the report. {exc}", severity="error", markup=False)
            return
        # The file name on a line of its own: a notice is narrow, and a path wrapped inside
        # the name ("screening" then "-1.html") cannot be read or typed back.
        path = written[0]
        self.notify(f"Report saved:\n{path.name}\nin {path.parent}", timeout=10, markup=False)

    def current_screening(self) -> Screening:
        """The screening on screen, as saved (or as it stands, when it is not being saved)."""
        from decisionaid.screenings.recording import current

        walk = self.under_way
        return current(
            walk.session,
            walk.recorder,
            mode=self.mode,
            reference=self.reference or "",
            clinician=self.clinician or "",
            started_at=walk.started_at,
        )

    def show_current(self, message: str | None = None) -> None:
        """Show the screen for where the walk stands (a question with `message` under it)."""
        from decisionaid.model import Outcome
        from decisionaid.tui.screens.outcome import EmergencyScreen, ResultScreen
        from decisionaid.tui.screens.question import QuestionScreen

        walk = self.under_way
        node = walk.session.current
        screen: Screen
        if isinstance(node, Outcome) and self.kiosk:
            from decisionaid.tui.screens import kiosk

            ending = (
                kiosk.KioskEmergencyScreen
                if node.urgency == "emergency"
                else kiosk.KioskResultScreen
            )
            screen = ending(
                self.current_screening(),
                number=walk.screening_id,
                pause=self.pause or kiosk.PAUSE,
            )
        elif isinstance(node, Outcome):
            kind = EmergencyScreen if node.urgency == "emergency" else ResultScreen
            screen = kind(self.current_screening())
        elif isinstance(self.screen, QuestionScreen):
            self.screen.show(walk.session, self.intake, message)  # in place: no new screen
            return
        else:
            screen = QuestionScreen(walk.session, self.intake, message)
        self._switch_to(screen)

    def _switch_to(self, screen: Screen) -> None:
        """Show `screen` in place of the walk's screen on top. The first welcome screen stays
        at the bottom of the stack (Textual cannot switch that one away): the screen goes
        above it."""
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def answer(self, value: Any, question: str) -> None:
        """Give an answer to the current question.

        `question` is the question the answer was given on. Keys pressed quickly can reach a
        screen that is already being replaced; its answer belongs to the question the person
        saw, so it is dropped rather than given to the next one, which they have not read.
        """
        from decisionaid.errors import AnswerError
        from decisionaid.tui.screens.question import QuestionScreen

        session = self.under_way.session
        if question != session.current_id:
            self.key_not_used()
            return
        revising, self.revising = self.revising, None
        try:
            session.answer(value)
        except AnswerError as exc:
            self.revising = revising
            if isinstance(self.screen, QuestionScreen):
                self.screen.reject(exc)
            return
        if revising == question:
            self._rewalk()
        else:
            self.show_current()

    def _rewalk(self) -> None:
        """After one answer was changed from the review: give the later answers again, for as
        long as they still apply, so the person is back at the result when nothing else
        changed, or at the first question that now needs an answer."""
        from decisionaid.errors import AnswerError

        session = self.under_way.session
        try:
            session.fill(session.remembered)
        except AnswerError as exc:
            self.show_current(exc.sentence)  # the earlier answer no longer fits here
            return
        if session.finished:
            self.show_current()
        else:
            self.show_current("Your other answers still apply up to here; this one is new.")

    def proceed(self, page: str) -> None:
        """Move on from the current information page (a stale press from `page` is dropped)."""
        session = self.under_way.session
        if page != session.current_id:
            self.key_not_used()
            return
        session.proceed()
        self.show_current()

    # actions ----------------------------------------------------------------------------

    def _welcome(self, title: str | None = None, description: str | None = None) -> WelcomeScreen:
        if self.flow is not None:
            title, description = self.flow.tree.main.title, self.flow.tree.main.description
        return WelcomeScreen(
            title or "Decision aid",
            description,
            self.mode,
            saving=self.store is not None or self._open_store is not None,
            keep=self.keep,
            unfinished=self._unfinished(),
            problem=self.store_problem,
            where=self._where(),
            kiosk=self.kiosk,
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # On the tablet: no other patients' screenings, no files on the clinic's computer, and
        # no way out of the app (staff close the terminal or stop the process).
        if action == "stop":
            return self.kiosk
        return not (self.kiosk and action in ("history", "save_report", "quit"))

    def _check_terminal(self) -> None:
        """End the aid once its terminal is gone (the window closed, the tmux session or
        ssh link ended), even where no hangup signal reached it, as under `make run`, where
        only make hears it: Textual's input thread would otherwise read nothing from the
        closed terminal over and over, at most of a core, for ever.

        The process ends here, with the status of a hangup (129): Textual's own ending
        restores the terminal by writing to it, which on a terminal that is gone can wait
        for ever on its output thread. Nothing kept is lost: where saving is on, every
        answer was saved as it was given (so the walk can be resumed), and the store is
        closed first."""
        if not _answers(_TERMINAL):
            if self.store is not None:
                with contextlib.suppress(Exception):
                    self.store.close()
            os._exit(129)

    def _check_idle(self) -> None:
        """On the tablet, a walk left part-way is cleared from the screen after asking."""
        from decisionaid.tui.screens import kiosk

        midway = self.session is not None and self.session.answered and not self.session.finished
        idle = time.monotonic() - self.last_input
        if not midway or self.asking_still_there or idle < (self.idle or kiosk.IDLE):
            return

        def answered(still_there: bool | None) -> None:
            self.asking_still_there = False
            self.last_input = time.monotonic()
            if not still_there:
                self.new_walk()

        self.asking_still_there = True
        self.push_screen(kiosk.StillThereScreen(self.still_there or kiosk.STILL_THERE), answered)

    def new_walk(self) -> None:
        """Clear the screen and every answer, and welcome the next person."""
        self._stop()
        self.reference = None  # the next intake is another patient
        self.asking_still_there = False
        self.clear_notifications()
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self._switch_to(self._welcome())

    def action_history(self) -> None:
        from decisionaid.tui.screens.history import HistoryScreen

        self.open_store()
        if self.store is not None and not self.kiosk:
            self.push_screen(HistoryScreen(self.store))

    async def action_back(self) -> None:
        if self.session is None:
            return
        self.revising = None
        if self.session.back():
            self.show_current()
        elif not isinstance(self.screen, WelcomeScreen):
            self._switch_to(self._welcome())

    def action_review(self) -> None:
        from decisionaid.tui.screens.review import ReviewScreen

        session = self.session
        if session is None:
            return

        def chosen(question: str | None) -> None:
            if question:
                session.go_to(question)
                self.revising = question
                self.show_current()

        self.push_screen(ReviewScreen(session, self.intake), chosen)

    def action_help(self) -> None:
        from decisionaid.asking import help_of
        from decisionaid.explain import cite
        from decisionaid.tui.screens.modals import HelpScreen
        from decisionaid.tui.screens.question import QuestionScreen

        why, sources = None, []
        if isinstance(self.screen, QuestionScreen):
            node, tree = self.screen.node, self.screen.session.flow.tree
            why = help_of(node, self.intake)
            sources = [cite(tree.sources[s]) for s in node.sources if s in tree.sources]
        self.push_screen(HelpScreen(why, sources, kiosk=self.kiosk))

    def action_restart(self) -> None:
        from decisionaid.tui.screens.modals import ConfirmScreen

        walk = self.walk
        if walk is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.new_walk()

        if self.kiosk:
            self._kiosk_restart(walk)
        elif walk.session.answered and not walk.session.finished:
            if walk.screening_id is not None:
                question = (
                    f"Start a new screening? This one stays saved as #{walk.screening_id}"
                    ", unfinished; you can resume it later."
                )
            else:
                question = "Start again? Your answers so far will be cleared."
            self.push_screen(ConfirmScreen(question, "Start again", "Keep going"), confirmed)
        else:
            confirmed(True)

    def _kiosk_restart(self, walk: Walk) -> None:
        """On the tablet, stopping part-way deletes what was given: no one can resume it from
        here, and a person who changed their mind should not leave answers behind."""
        from decisionaid.tui.screens.modals import ConfirmScreen

        if walk.session.finished or not walk.session.answered:
            self.new_walk()
            return

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            if walk.recorder is not None and walk.recorder.screening_id is not None:
                number = walk.recorder.screening_id
                deleted, _ = self.use_store(walk.recorder.store.delete, number)
                if not deleted:
                    return  # said why; the answers stay on screen, to try again
            self.new_walk()

        question = "Stop now? The answers you gave here will be deleted."
        self.push_screen(ConfirmScreen(question, "Stop and delete", "Keep going"), confirmed)

    def action_stop(self) -> None:
        """Ctrl+Q on the tablet: stop this walk (asking, and deleting what was given)."""
        self.action_restart()

    def action_help_quit(self) -> None:
        if not self.kiosk:  # Textual's Ctrl+C notice names the quit key, which the tablet lacks
            super().action_help_quit()

    async def action_quit(self) -> None:
        from decisionaid.tui.screens.modals import ConfirmScreen

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.exit(0)

        session = self.session
        if session is not None and session.answered and not session.finished and not self.saving:
            question = "Quit now? Your answers so far will be lost."
            self.push_screen(ConfirmScreen(question, "Quit", "Keep going"), confirmed)
        else:
            self.exit(0)

    def action_cycle_theme(self) -> None:
        names = list(THEMES)
        current = names.index(self.theme_name) if self.theme_name in names else -1
        name = names[(current + 1) % len(names)]
        self.theme = THEMES[name]
        try:
            settings.remember_theme(name)
        except OSError as exc:
            self.notify(
                f"Colours: {settings.THEMES[name]} (not remembered: {exc.strerror or exc})",
                timeout=4,
                markup=False,
            )
            return
        self.notify(f"Colours: {settings.THEMES[name]}", timeout=2)

    @property
    def theme_name(self) -> str:
        """The colour theme in our words (a key of `settings.THEMES`)."""
        return next((name for name, theme in THEMES.items() if theme == self.theme), "dark")


def make_app(
    source: CompiledTree | Path,
    prefill: dict[str, Any] | None = None,
    mode: str | None = None,
    **saving: Any,
) -> DecisionAidApp:
    """Build the app for a compiled tree, or for a tree file loaded after the first paint.

    The CLI passes a path; the tests mostly pass a compiled tree. `saving` takes the keyword
    arguments of DecisionAidApp: store (or open_store), store_problem, consent, reference,
    clinician.
    """
    return DecisionAidApp(source, prefill=prefill, mode=mode, **saving)
