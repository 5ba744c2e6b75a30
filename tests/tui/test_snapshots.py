"""How each screen looks, at 80×24 (and the result at 120×40). Deterministic: no blinking.

Update after an intended change with `pytest tests/tui/test_snapshots.py --snapshot-update`
and look at the report before committing.
"""

from __future__ import annotations

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
