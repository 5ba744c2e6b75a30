"""The interface with a store: consent, intake details, resume, history, saved reports."""

from __future__ import annotations

import sqlite3
import stat

import pytest
from textual.widgets import DataTable, Input

from decisionaid.engine import Session
from decisionaid.screenings.recording import Recorder
from decisionaid.screenings.store import Store
from decisionaid.tui.app import make_app
from decisionaid.tui.screens.history import HistoryScreen, SavedScreen
from decisionaid.tui.screens.intake import IntakeScreen
from decisionaid.tui.screens.outcome import ResultScreen
from decisionaid.tui.screens.question import QuestionScreen
from decisionaid.tui.screens.welcome import WelcomeScreen
from tests.trees.test_migraine import BASE
from tests.tui.keys import keys_for


@pytest.fixture
def store():
    with Store.open() as opened:
        yield opened


async def answer_all(pilot, answers, stop_at=None):
    app = pilot.app
    while isinstance(app.screen, QuestionScreen) and app.session.current_id != stop_at:
        await pilot.press(*keys_for(app.session.current, answers[app.session.current_id]))
        await pilot.pause()


async def test_self_assessment_without_consent_saves_nothing(migraine, store):
    app = make_app(migraine, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await answer_all(pilot, BASE, stop_at="age")
        assert not app.saving
    assert store.list() == []


async def test_consent_saves_every_answer(migraine, store):
    app = make_app(migraine, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("k", "1")
        await pilot.pause()
        await answer_all(pilot, BASE, stop_at="age")
        (saved,) = store.list()
        assert saved.mode == "self" and saved.current == "age" and saved.answer_count == 2


def finish(app, answers) -> None:
    """Answer the rest through the session, as pre-filled answers are (the two keyboard walks
    in test_app.py type every answer), and show where it ends."""
    app.session.fill(answers)
    app.show_current()


async def test_intake_asks_details_then_saves(migraine, store):
    app = make_app(migraine, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, IntakeScreen)
        await pilot.press(*"P-12", "enter", *"AK", "enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        await answer_all(pilot, BASE, stop_at="age")
        (saved,) = store.list()
        assert (saved.reference, saved.clinician, saved.answer_count) == ("P-12", "AK", 2)
        finish(app, BASE)
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
    (saved,) = store.list()
    assert (saved.reference, saved.clinician, saved.finished) == ("P-12", "AK", True)


async def test_cancelled_intake_details_stay_on_welcome(migraine, store):
    app = make_app(migraine, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)


async def test_quitting_a_saved_walk_and_resuming_it(migraine, store):
    app = make_app(migraine, store=store, reference="P-3")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await answer_all(pilot, BASE, stop_at="age")
        app.session.fill(BASE, stop_at="headache_days")
        app.show_current()
        await pilot.pause()
        assert app.screen.node.id == "headache_days"
        await pilot.press("ctrl+q")  # no "answers will be lost" question: they are kept
        await pilot.pause()
    assert app.return_code == 0
    again = make_app(migraine, store=store)
    async with again.run_test(size=(80, 24)) as pilot:
        assert "Unfinished screening" in str(again.screen.query_one("#unfinished").render())
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(again.screen, QuestionScreen)
        assert again.session.current_id == "headache_days"
        assert again.intake
        await answer_all(pilot, BASE, stop_at="simple_painkiller_days")  # typed, and saved
        finish(again, BASE)
        await pilot.pause()
        assert isinstance(again.screen, ResultScreen)
    (saved,) = store.list()
    assert saved.finished and saved.reference == "P-3"
    assert store.get(saved.id).answer_values() == again.session.answers()


async def test_history_search_and_open(migraine, store):
    for reference, answers in (("P-1", BASE), ("Q-2", {"emergency_signs": []})):
        session = Session(migraine)
        Recorder(store, session, mode="intake", reference=reference)
        session.fill(answers)
    app = make_app(migraine, store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 2
        await pilot.press("slash", *"P-1")
        await pilot.pause()
        assert table.row_count == 1
        await pilot.press("enter", "enter")  # to the list, then open
        await pilot.pause()
        assert isinstance(app.screen, SavedScreen)
        assert app.screen.screening.reference == "P-1"
        await pilot.press("escape", "ctrl+f")
        await pilot.pause()
        search = app.screen.query_one(Input)
        search.value = "Q-2"
        await pilot.pause()
        await pilot.press("enter", "enter")  # an unfinished one is resumed
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.session.current_id == "head_injury"
    audit = [(e.screening_id, e.action) for e in store.audit()]
    assert audit[2:] == [(1, "viewed"), (2, "resumed")]  # after the two "created"


async def test_save_report_with_one_key(migraine, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(migraine, prefill=BASE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
        await pilot.press("s")
        await pilot.pause()
    (report,) = tmp_path.glob("decisionaid-report-*.html")
    assert "Dry needling may suit you" in report.read_text()
    assert stat.S_IMODE(report.stat().st_mode) == 0o600


async def test_a_saved_screenings_report_is_named_after_it(migraine, store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(migraine, prefill=BASE, store=store, mode="intake", reference="P-5")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
    assert "P-5" in (tmp_path / "screening-1.html").read_text()
    exported = store.audit(1)[-1]
    assert exported.action == "exported"
    assert exported.detail == f"html to {tmp_path / 'screening-1.html'}"


async def test_a_damaged_screening_is_listed_and_opening_it_says_so(migraine, store):
    for reference in ("P-1", "P-2"):
        session = Session(migraine)
        Recorder(store, session, mode="intake", reference=reference).save()
    with sqlite3.connect(store.path) as db:
        db.execute("UPDATE screenings SET started_at = 'soon' WHERE id = 1")
    db.close()
    app = make_app(migraine, store=store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert "damaged: started_at is not a time" in table.get_row_at(1)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert "#1 is damaged" in str(list(app._notifications)[-1].message)
        await pilot.press("up", "delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert table.row_count == 1
    assert store.audit(2)[-1].action == "deleted"


async def test_a_store_problem_is_shown_and_the_walk_goes_on(migraine):
    app = make_app(migraine, store_problem="screenings.sqlite3: damaged")
    async with app.run_test(size=(80, 24)) as pilot:
        assert "Saving is off" in str(app.screen.query_one("#store-problem").render())
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
