"""How each screen looks, at 80×24 (and some at 60×20 or 120×40). Deterministic: no blinking,
and results made at a fixed moment.

Update after an intended change with `pytest tests/tui/test_snapshots.py --snapshot-update`
(one process, as a bare `pytest` runs: it also removes pictures no test uses) and read the new
SVGs before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from decisionaid import open_tree
from decisionaid.tui.app import make_app
from decisionaid.tui.widgets.page import OptionGrid
from tests.conftest import AID as AID_FILE
from tests.fixtures.answers import CASES
from tests.trees.test_migraine import BASE

FLOW = open_tree()
AID = open_tree(AID_FILE)
EMERGENCY_FREE = {k: BASE[k] for k in ("emergency_signs", "head_injury")}


class TestWalk:
    def test_welcome(self, snap_compare):
        assert snap_compare(make_app(FLOW), terminal_size=(80, 24))

    def test_welcome_small(self, snap_compare):
        assert snap_compare(make_app(FLOW), terminal_size=(60, 20))

    def test_red_flag_checklist(self, snap_compare):
        assert snap_compare(make_app(FLOW), press=["1", "2", "down"], terminal_size=(80, 24))

    def test_checklist_needs_explicit_none(self, snap_compare):
        assert snap_compare(make_app(FLOW), press=["1", "enter"], terminal_size=(80, 24))

    def test_single_choice(self, snap_compare):
        assert snap_compare(make_app(FLOW), press=["1", "0", "enter"], terminal_size=(80, 24))

    def test_number_with_an_error(self, snap_compare):
        assert snap_compare(
            make_app(FLOW, prefill=EMERGENCY_FREE), press=["1", "3", "0"], terminal_size=(80, 24)
        )

    def test_intake_mode(self, snap_compare):
        assert snap_compare(make_app(FLOW), press=["2"], terminal_size=(80, 24))

    def test_small_terminal(self, snap_compare):
        assert snap_compare(make_app(FLOW), press=["1"], terminal_size=(60, 20))


@pytest.fixture
def frozen(monkeypatch):
    """Results name when they were made: one fixed moment, shown in UTC, for every picture."""
    import time

    from decisionaid.screenings import recording, starting, store

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    for module in (recording, starting, store):
        monkeypatch.setattr(module, "now", lambda: "2026-11-20T09:30:00+00:00")
    yield
    monkeypatch.delenv("TZ")
    time.tzset()


async def to_options(pilot) -> None:
    """Scroll the result so that the option grid is at the top."""
    await pilot.pause()
    pilot.app.screen.query_one(OptionGrid).scroll_visible(top=True, animate=False)
    await pilot.pause()


class TestResults:
    """Results of the layout test tree (`tests/fixtures/aid.yaml`), whose words stay put."""

    def test_emergency(self, snap_compare, frozen):
        app = make_app(AID, prefill=CASES["emergency"])
        assert snap_compare(app, terminal_size=(80, 24))

    def test_result(self, snap_compare, frozen):
        app = make_app(AID, prefill=CASES["massage"])
        assert snap_compare(app, terminal_size=(80, 24))

    def test_result_options(self, snap_compare, frozen):
        app = make_app(AID, prefill=CASES["massage"])
        assert snap_compare(app, terminal_size=(80, 24), run_before=to_options)

    def test_result_small(self, snap_compare, frozen):
        app = make_app(AID, prefill=CASES["review_first"])
        assert snap_compare(app, terminal_size=(60, 20), run_before=to_options)

    def test_result_wide_intake(self, snap_compare, frozen):
        app = make_app(AID, prefill=CASES["doctor_first_needling"], mode="intake")
        assert snap_compare(app, terminal_size=(120, 40))

    def test_about_this_aid(self, snap_compare, frozen):
        app = make_app(AID, prefill=CASES["needling_or_massage"])
        assert snap_compare(app, press=["a"], terminal_size=(80, 24))


class TestModals:
    def test_help(self, snap_compare):
        assert snap_compare(make_app(FLOW), press=["1", "f1"], terminal_size=(80, 24))

    def test_review(self, snap_compare, frozen):
        assert snap_compare(make_app(FLOW, prefill=BASE), press=["f2"], terminal_size=(80, 24))

    def test_confirm_quit(self, snap_compare):
        assert snap_compare(
            make_app(FLOW, prefill=EMERGENCY_FREE), press=["ctrl+q"], terminal_size=(80, 24)
        )


@pytest.fixture
def saved_store(monkeypatch):
    """Two saved screenings with fixed times, shown in UTC, so the pictures do not drift."""
    import sqlite3
    import time

    from decisionaid.engine import Session
    from decisionaid.screenings.recording import Recorder
    from decisionaid.screenings.store import Store

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    store = Store.open()
    for reference, answers in (("P-0142", BASE), ("P-0143", EMERGENCY_FREE)):
        session = Session(FLOW)
        Recorder(store, session, mode="intake", reference=reference, clinician="AK")
        session.fill(answers)
    with sqlite3.connect(store.path) as db:
        db.execute(
            "UPDATE screenings SET started_at = '2026-11-20T09:0' || id || ':00+00:00', "
            "updated_at = '2026-11-20T09:3' || id || ':00+00:00'"
        )
    yield store
    store.close()
    monkeypatch.delenv("TZ")
    time.tzset()


class TestSaving:
    def test_welcome_offers_resume_and_consent(self, snap_compare, saved_store):
        assert snap_compare(make_app(FLOW, store=saved_store), terminal_size=(80, 24))

    def test_welcome_small(self, snap_compare, saved_store):
        assert snap_compare(make_app(FLOW, store=saved_store), terminal_size=(60, 20))

    def test_intake_details(self, snap_compare, saved_store):
        assert snap_compare(make_app(FLOW, store=saved_store), press=["2"], terminal_size=(80, 24))

    def test_history(self, snap_compare, saved_store):
        app = make_app(FLOW, store=saved_store)
        assert snap_compare(app, press=["h"], terminal_size=(80, 24))


def test_every_picture_belongs_to_a_test():
    """Run in parallel (pytest-xdist), syrupy cannot see that a picture is no longer used,
    as it does in one process (each worker knows only its own tests): this test does. A
    picture left by a renamed or deleted test fails here; remove it, or run
    `pytest tests/tui/test_snapshots.py --snapshot-update` in one process, which does."""
    classes = [c for name, c in globals().items() if name.startswith("Test")]
    tests = {
        f"{c.__name__}.{name}" for c in classes for name in vars(c) if name.startswith("test_")
    }
    folder = Path(__file__).parent / "__snapshots__" / Path(__file__).stem
    pictures = {path.stem.split("[")[0] for path in folder.glob("*.svg")}
    assert pictures - tests == set()
