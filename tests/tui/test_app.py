"""The interface driven with Pilot: every screen and key path, and the twelve vignettes."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import signal
import stat
import struct
import subprocess
import sys
import termios
import time

import pytest
import yaml
from click.testing import CliRunner
from textual import events
from textual.screen import Screen

from decisionaid.cli.main import main
from decisionaid.tui.app import make_app
from decisionaid.tui.screens.modals import ConfirmScreen, HelpScreen
from decisionaid.tui.screens.outcome import EmergencyScreen, ResultScreen
from decisionaid.tui.screens.question import QuestionScreen
from decisionaid.tui.screens.review import ReviewScreen
from decisionaid.tui.screens.welcome import WelcomeScreen
from tests.conftest import VIGNETTES, vignettes
from tests.trees.test_migraine import BASE
from tests.tui.keys import keys_for


async def start(pilot, mode_key: str = "1") -> None:
    await pilot.press(mode_key)
    await pilot.pause()


async def answer(pilot, value) -> None:
    app = pilot.app
    await pilot.press(*keys_for(app.session.current, value))
    await pilot.pause()


async def test_the_first_question_keys_help_and_an_emergency(migraine):
    """One app from its welcome screen through the first question (the red-flag checklist):
    1 starts a self-assessment; a stray Enter never skips the checklist; F1 shows why we ask;
    "None of these" clears the ticks and a tick clears it; a red flag ticked interrupts at
    once, and Escape undoes it."""
    app = make_app(migraine)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, WelcomeScreen)
        await start(pilot)
        assert isinstance(app.screen, QuestionScreen)
        assert app.session.current_id == "emergency_signs"
        assert app.mode == "self"

        # A stray Enter never skips a red-flag checklist.
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.current_id == "emergency_signs"
        assert "None of these" in str(app.screen.query_one("#message").render())

        # Help shows why we ask.
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "Why we ask" in text and "SNNOOP10" in text and "Escape" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)

        # "None of these" clears the ticks, and vice versa.
        checklist = app.screen.query_one("#checklist")
        await pilot.press("1", "2")
        assert checklist.selected == ["thunderclap", "neuro_deficit"]
        await pilot.press("0")
        assert checklist.selected == ["__none_of_these__"]
        await pilot.press("3")
        assert checklist.selected == ["consciousness"]
        await pilot.press("3", "space")  # untick 3 with its digit, tick the highlighted with Space
        assert checklist.selected == ["consciousness"]

        # An emergency interrupts at once and can be undone.
        await pilot.press("3", "1")
        assert checklist.selected == ["thunderclap"]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EmergencyScreen)
        assert app.session.result().triggers == ["thunderclap"]
        text = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "CALL YOUR LOCAL EMERGENCY NUMBER NOW" in text
        await pilot.press("escape")  # ticked by mistake
        await pilot.pause()
        assert app.session.current_id == "emergency_signs"
        assert app.screen.query_one("#checklist").selected == ["thunderclap"]


async def test_intake_mode_shows_clinical_terms(migraine):
    app = make_app(migraine)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "2")
        assert app.intake
        assert "Acute red flags" in str(app.screen.query_one("#clinical").render())
        asked = str(app.screen.query_one("#question-text").render())
        assert asked == migraine.tree.nodes["emergency_signs"].intake.text  # about the patient


async def test_digits_and_yes_no(migraine):
    app = make_app(migraine)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await answer(pilot, [])
        await pilot.press("3")  # head injury 8 days to 3 months ago
        await pilot.pause()
        assert app.session.current_id == "bleeding_risk"
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
        assert app.session.result().triggers == ["head_injury"]


async def test_cross_answer_rule_is_shown(migraine):
    app = make_app(
        migraine,
        prefill={
            k: BASE[k]
            for k in ("emergency_signs", "head_injury", "age", "urgent_signs", "pregnancy")
        },
    )
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.session.current_id == "onset_age"
        await pilot.press("4", "5", "enter")
        await pilot.pause()
        assert "cannot be more than your age" in str(app.screen.query_one("#message").render())
        assert app.session.current_id == "onset_age"


async def test_review_jumps_back_and_keeps_later_answers(migraine):
    app = make_app(migraine, prefill=BASE)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, ResultScreen)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        options = app.screen.query_one("#review-list")
        assert options.option_count == 31
        options.highlighted = [o.id for o in options._options].index("needles")
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.current_id == "needles"
        await pilot.press("3")  # very afraid of needles now
        await pilot.pause()
        # Every later answer still applies, so the person is back at the result at once.
        assert isinstance(app.screen, ResultScreen)
        assert app.session.result().recommendation == "massage"
        assert app.session.answers() == {**BASE, "needles": "very_afraid"}


async def test_prefill_opens_at_the_first_gap(migraine):
    """Answers given beforehand open the walk at the first question they leave, with no
    welcome screen made under it (it would never be seen); going back past the first
    question and starting again still welcome the person."""
    partial = {k: v for k, v in BASE.items() if k != "headache_days"}
    app = make_app(migraine, prefill=partial)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.session.current_id == "headache_days"
        assert isinstance(app.screen, QuestionScreen)
        assert [type(s) for s in app.screen_stack] == [Screen, QuestionScreen]
        await pilot.press("ctrl+n", "y")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        await start(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert [type(s) for s in app.screen_stack] == [Screen, WelcomeScreen]


async def test_prefill_with_a_bad_answer_stops_there(migraine):
    app = make_app(migraine, prefill={**BASE, "age": "old"})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.session.current_id == "age"


async def test_back_restart_number_checks_and_quit_on_one_app(migraine):
    """One app, one screening after another: Back offers the earlier answer and leads to the
    welcome screen; Start again (confirmed) carries nothing over; a number is checked as it
    is typed; Quit asks when answers would be lost."""
    app = make_app(migraine)
    async with app.run_test(size=(80, 24)) as pilot:
        # Back offers the earlier answer.
        await start(pilot)
        await answer(pilot, [])
        await answer(pilot, "none")
        await pilot.press("escape")
        await pilot.pause()
        assert app.session.current_id == "head_injury"
        assert app.screen.query_one("#choices").highlighted == 0
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)

        # Start again after confirmation.
        await start(pilot)
        await answer(pilot, [])
        await pilot.press("ctrl+n", "y")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert app.session is None  # nothing carried over to the next screening

        # A number is checked as it is typed.
        await start(pilot)
        await answer(pilot, [])
        await answer(pilot, "none")
        assert app.session.current_id == "age"
        await pilot.press("1", "3", "0")
        await pilot.pause()
        assert "130 is more than 120" in str(app.screen.query_one("#message").render())
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.current_id == "age"
        await pilot.press("backspace", "backspace", "enter")
        await pilot.pause()
        assert app.session.current_id == "urgent_signs"
        assert app.session.answers()["age"] == 1

        # Quit asks when answers would be lost.
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        await pilot.press("ctrl+q", "y")
        await pilot.pause()
    assert app.return_code == 0


async def test_quit_without_answers_does_not_ask(migraine):
    app = make_app(migraine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_themes_cycle_with_names_in_words_and_are_remembered(migraine):
    from decisionaid import settings

    app = make_app(migraine)
    async with app.run_test(size=(80, 24)) as pilot:
        seen = set()
        for _ in range(3):
            await pilot.press("f3")
            seen.add(app.theme)
        assert seen == {"textual-dark", "textual-light", "high-contrast"}
        await pilot.press("f3")  # light
        told = [n.message for n in app._notifications]
        assert "Colours: Light" in told and "Colours: High contrast" in told
        assert not any("textual" in message for message in told)
    again = make_app(migraine)
    async with again.run_test(size=(80, 24)):
        assert again.theme == "textual-light"
    path = settings.config_dir() / settings.FILE_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


async def test_a_damaged_settings_file_is_ignored(migraine):
    from decisionaid import settings

    folder = settings.config_dir()
    folder.mkdir(parents=True)
    (folder / settings.FILE_NAME).write_bytes(b'{"theme": "light"\xff\x00')
    app = make_app(migraine)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.theme == "textual-dark"
        await pilot.press("f3")  # and it is replaced by a good one
    assert settings.theme() == "light"


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)])
async def test_small_and_large_terminals_and_resizes(migraine, size):
    app = make_app(migraine)
    async with app.run_test(size=size) as pilot:
        await start(pilot)
        await answer(pilot, [])
        await pilot.resize_terminal(61, 20)
        await pilot.pause()
        await pilot.resize_terminal(*size)
        await answer(pilot, "none")
        assert app.session.current_id == "age"


# Two full keyboard walks: an emergency, and a walk through every kind of answer widget. The
# other vignettes are checked through `assess` (tests/trees) and at screen level.
KEYBOARD_WALKS = ("thunderclap", "neck_related")


@pytest.mark.long(7)
@pytest.mark.parametrize(
    "case",
    [c for c in vignettes() if c["name"] in KEYBOARD_WALKS],
    ids=lambda case: case["name"],
)
async def test_a_vignette_by_keyboard_matches_assess(migraine, case):
    app = make_app(migraine)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        while not app.session.finished:
            question = app.session.current
            before = len(app.session.path)
            await answer(pilot, case["answers"][question.id])
            assert len(app.session.path) > before, f"stuck at {question.id}"
        shown = app.screen.screening.result
    printed = CliRunner().invoke(
        main, ["assess", "--answers", str(VIGNETTES / f"{case['name']}.yaml")]
    )
    assert shown == json.loads(printed.stdout)  # notes about unknown keys go to stderr
    for field, expected in case["expect"].items():
        got = shown[field]
        if isinstance(expected, list):
            assert set(got) == set(expected), field


def test_vignettes_are_yaml():
    assert all(
        isinstance(yaml.safe_load((VIGNETTES / f"{c['name']}.yaml").read_text()), dict)
        for c in vignettes()
    )


async def test_tree_loads_after_the_first_paint():
    from decisionaid.shipped import default_tree

    app = make_app(default_tree())
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("1")  # may come before the tree is ready: it is remembered
        for _ in range(100):
            await pilot.pause(0.05)
            if isinstance(app.screen, QuestionScreen):
                break
        assert app.session.current_id == "emergency_signs"


async def test_a_bad_tree_ends_the_app_with_status_2(write, capsys):
    from tests.conftest import SMALL

    path = write(SMALL.replace("go: end_many", "go: nowhere"))
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if app.return_code is not None:
                break
    assert app.return_code == 2
    printed = capsys.readouterr()
    assert "leads to node 'nowhere'" in printed.out + printed.err


async def test_any_error_loading_the_tree_ends_the_app_with_status_2(write, capsys, monkeypatch):
    """Not only a TreeError: whatever stops the tree loading is said, never a welcome screen
    waiting forever for a tree that will not come."""
    from tests.conftest import SMALL

    def broken(path):
        raise MemoryError("the tree would not fit")

    monkeypatch.setattr("decisionaid.open_tree", broken)
    app = make_app(write(SMALL))
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(60):
            await pilot.pause(0.05)
            if app.return_code is not None:
                break
    assert app.return_code == 2
    printed = capsys.readouterr()
    assert "the tree would not fit" in printed.out + printed.err


async def test_keys_faster_than_the_screen_answer_only_questions_on_screen(migraine):
    """Two quick presses of 1 on one question: the second reaches the screen being replaced.
    It must not answer the next question, which the person has not read, nor crash."""
    app = make_app(migraine)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await answer(pilot, [])
        assert app.session.current_id == "head_injury"
        screen = app.screen  # one question screen shows each question in turn
        for _ in range(2):  # straight into the queue, as a terminal delivers them
            app.post_message(events.Key("1", "1"))
        await pilot.pause()
        await pilot.pause()
        assert app.session.current_id == "age"
        assert app.session.answers() == {"emergency_signs": [], "head_injury": "none"}
        assert app.screen is screen
        assert app.screen.node.id == "age"
        assert str(app.screen.query_one("#message").render()) == ""
        # The person is told, calmly, that a key was not used.
        assert any("was not used" in n.message for n in app._notifications)


def _own_terminal_ignoring_hangups() -> None:
    """In the child: the pty becomes its controlling terminal (so closing it is a hangup),
    and the hangup signal is ignored, as when only `make run` hears it."""
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)


@pytest.mark.long(3)
def test_the_app_ends_when_its_terminal_goes_even_unsignalled(tmp_path):
    """A terminal closed under the running aid (a window closed, `tmux kill-server` under
    `make run`): the aid ends within seconds rather than reading nothing from it at most of
    a core for ever."""
    master, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    process = subprocess.Popen(
        [sys.executable, "-m", "decisionaid", "run", "--data-dir", str(tmp_path)],
        stdin=child,
        stdout=child,
        stderr=child,
        env={**os.environ, "TERM": "xterm-256color"},
        start_new_session=True,
        preexec_fn=_own_terminal_ignoring_hangups,
    )
    os.close(child)
    try:
        drawn, deadline = b"", time.monotonic() + 30
        while b"answering" not in drawn and time.monotonic() < deadline:
            if select.select([master], [], [], 1)[0]:
                drawn += os.read(master, 65536)
        assert b"answering" in drawn, drawn[-500:]
        os.close(master)  # the terminal goes
        assert process.wait(timeout=15) == 129  # ended as on a hangup, not left running
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
