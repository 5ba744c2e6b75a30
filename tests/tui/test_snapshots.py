"""How each screen looks, at 80×24 (and the result at 120×40). Deterministic: no blinking.

Update after an intended change with `pytest tests/tui/test_snapshots.py --snapshot-update`
(one process, as a bare `pytest` runs: it also removes pictures no test uses) and read the new
SVGs before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from decisionaid import open_tree
from decisionaid.tui.app import make_app
from tests.trees.test_migraine import BASE

FLOW = open_tree()
EMERGENCY_FREE = {k: BASE[k] for k in ("emergency_signs", "head_injury")}


class TestWalk:
    def test_welcome(self, snap_compare):
        assert snap_compare(make_app(FLOW), terminal_size=(80, 24))

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


class TestResults:
    def test_emergency(self, snap_compare):
        assert snap_compare(make_app(FLOW), press=["1", "4", "enter"], terminal_size=(80, 24))

    def test_result(self, snap_compare):
        answers = {**BASE, "bleeding_circulation": ["blood_thinners"]}
        assert snap_compare(make_app(FLOW, prefill=answers), terminal_size=(80, 24))

    def test_result_wide(self, snap_compare):
        answers = {**BASE, "bleeding_circulation": ["blood_thinners"], "headache_days": 16}
        assert snap_compare(make_app(FLOW, prefill=answers, mode="intake"), terminal_size=(120, 40))


class TestModals:
    def test_help(self, snap_compare):
        assert snap_compare(make_app(FLOW), press=["1", "f1"], terminal_size=(80, 24))

    def test_review(self, snap_compare):
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

    def test_intake_details(self, snap_compare, saved_store):
        assert snap_compare(make_app(FLOW, store=saved_store), press=["2"], terminal_size=(80, 24))

    def test_history(self, snap_compare, saved_store):
        app = make_app(FLOW, store=saved_store)
        assert snap_compare(app, press=["h"], terminal_size=(100, 24))


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
