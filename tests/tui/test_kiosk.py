"""The waiting-room tablet (run --kiosk / serve --kiosk): self-assessment only, always kept for
the clinic and marked new, no history, resume or reports, and a fresh walk after each result."""

from __future__ import annotations

import re

import pytest
from textual.widgets import Button, Checkbox, Digits, Static

from decisionaid.screenings.store import Store
from decisionaid.screenings.summary import HEADERS
from decisionaid.tui.app import make_app
from decisionaid.tui.screens.kiosk import KioskEmergencyScreen, KioskResultScreen
from decisionaid.tui.screens.modals import ConfirmScreen
from decisionaid.tui.screens.question import QuestionScreen
from decisionaid.tui.screens.welcome import WelcomeScreen
from tests.trees.test_migraine import BASE
from tests.tui.test_saving import answer_all

STATUS = HEADERS.index("status")


@pytest.fixture
def store():
    with Store.open() as opened:
        yield opened


def screen_text(app) -> str:
    return " ".join(str(w.render()) for w in app.screen.query(Static))


async def test_the_welcome_offers_only_a_self_assessment_kept_for_the_clinic(migraine, store):
    store.create(tree_id="migraine", tree_version="1", mode="self", current="age")  # unfinished
    app = make_app(migraine, store=store, kiosk=True)
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        welcome = app.screen
        assert isinstance(welcome, WelcomeScreen)
        assert [b.id for b in welcome.query(Button)] == ["self"]
        assert not welcome.query(Checkbox)  # starting is agreeing; no box to forget
        text = screen_text(app)
        assert "kept for the clinic" in text and "Unfinished" not in text
        assert "tell the front desk" in text  # the way out for a person who does not agree
        for key in ("2", "i", "h", "r"):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is welcome, key
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and app.mode == "self"


async def test_a_finished_walk_shows_its_number_then_clears_itself(
    migraine, store, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    app = make_app(migraine, BASE, store=store, kiosk=True, pause=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        result = app.screen
        assert isinstance(result, KioskResultScreen)
        (saved,) = store.list()
        assert saved.finished and saved.new and saved.mode == "self"
        assert result.query_one(Digits).value == str(saved.id)
        assert f"screening number is {saved.id}" in screen_text(app)
        await pilot.press("s")  # no report file on the clinic's computer
        await pilot.pause()
        assert not list(tmp_path.glob("*.html"))
        countdown = result.query_one("#kiosk-countdown", Static)
        # From the 2 s pause (on a busy machine its one-second tick may already have come).
        assert re.search(r"starts in [12] s", str(countdown.render()))
        await pilot.pause(2.5)
        assert isinstance(app.screen, WelcomeScreen)
        assert app.walk is None and not app.saving  # nothing of that walk is left
    assert (store.get(saved.id).result or {}).get("recommendation") == saved.recommendation


async def test_n_starts_at_once_and_other_keys_give_more_time(migraine, store):
    app = make_app(migraine, store=store, kiosk=True, pause=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("1", "enter")  # the first warning sign: an emergency
        await pilot.pause()
        ending = app.screen
        assert isinstance(ending, KioskEmergencyScreen)
        assert "Tell the front desk now" in screen_text(app)
        ending.remaining = 10
        await pilot.press("down")
        assert ending.remaining >= 59  # back to the full minute (its 1 s tick may come between)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
    (saved,) = store.list()
    assert saved.urgency == "emergency" and saved.new


async def test_stopping_part_way_deletes_what_was_given(migraine, store):
    app = make_app(migraine, store=store, kiosk=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        await answer_all(pilot, BASE, stop_at="age")
        assert len(store.list()) == 1
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # keep going: nothing deleted
        await pilot.pause()
        assert len(store.list()) == 1
        await pilot.press("ctrl+n")
        await pilot.pause()
        app.screen.dismiss(True)
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
    assert store.list() == []


async def test_a_kiosk_that_cannot_save_cannot_be_started(migraine):
    app = make_app(migraine, store=None, store_problem="the disk is full", kiosk=True)
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert "cannot keep answers" in screen_text(app)


async def test_the_history_screen_marks_a_kiosk_screening_new_until_opened(migraine, store):
    from textual.widgets import DataTable

    from decisionaid.engine import Session
    from decisionaid.screenings.recording import Recorder
    from decisionaid.tui.screens.history import HistoryScreen, SavedScreen

    session = Session(migraine)
    Recorder(store, session, mode="self", new=True)
    session.fill(BASE)
    app = make_app(migraine, store=store)
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert str(table.get_row_at(0)[STATUS]) == "new, finished"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SavedScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert str(app.screen.query_one(DataTable).get_row_at(0)[STATUS]) == "finished"
    assert not store.list()[0].new


@pytest.mark.long(7)
async def test_a_walk_left_part_way_asks_then_clears_the_screen(migraine, store):
    from decisionaid.tui.screens.kiosk import StillThereScreen

    async def until(pilot, kind, seconds: float) -> None:
        for _ in range(int(seconds * 10)):
            if isinstance(pilot.app.screen, kind):
                return
            await pilot.pause(0.1)
        raise AssertionError(f"{kind.__name__} never came; {pilot.app.screen} is shown")

    app = make_app(migraine, store=store, kiosk=True)
    app.idle, app.still_there = 0.5, 2
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await pilot.pause(1.5)
        assert isinstance(app.screen, QuestionScreen)  # nothing answered: nothing to hide
        app.idle = 600  # a busy machine may be slower than 0.5 s between two answers
        await answer_all(pilot, BASE, stop_at="age")
        app.idle = 0.5
        await until(pilot, StillThereScreen, 3)
        await pilot.press("x")  # someone is there: the walk goes on, the key answers nothing
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and app.session.current_id == "age"
        await until(pilot, StillThereScreen, 3)
        await until(pilot, WelcomeScreen, 4)  # nobody answered: cleared for the next person
        assert app.walk is None
    (kept,) = store.list()
    assert not kept.finished and kept.answer_count == 2  # kept for the clinic, unfinished
