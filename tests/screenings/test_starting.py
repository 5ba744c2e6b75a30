"""Starting, offering and resuming a screening: one way for the interface and plain mode."""

from __future__ import annotations

import pytest

from decisionaid.screenings.starting import begin, details_problem, kept, offer, resume_saved
from decisionaid.screenings.store import Store, StoreError
from decisionaid.screenings.summary import HEADERS, summary_row, unfinished_words
from tests.trees.test_migraine import BASE


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "data") as opened:
        yield opened


def test_what_is_kept():
    assert kept("intake", None) and kept("intake", False)
    assert kept("self", True) and not kept("self", None) and not kept("self", False)


def test_nothing_is_written_before_the_first_answer(migraine, store):
    walk = begin(migraine, "intake", store=store, reference="P-1")
    assert walk.recorder is not None and walk.screening_id is None
    assert store.list() == []
    walk.session.answer([])
    assert walk.screening_id == 1 and store.get(1).reference == "P-1"


def test_a_self_assessment_without_consent_has_no_recorder(migraine, store):
    walk = begin(migraine, "self", store=store)
    walk.session.answer([])
    assert walk.recorder is None and store.list() == []


def test_control_characters_are_never_kept(migraine, store):
    assert details_problem("P-1", "AK") is None
    assert "escape code" in details_problem("P\x1b", "")
    assert "clinician" in details_problem("P-1", "A\nK")
    with pytest.raises(ValueError, match="line break"):
        begin(migraine, "intake", store=store, reference="P\n1")


def test_the_offer_matches_the_tree_and_the_chosen_mode(migraine, small_flow, store):
    intake = begin(migraine, "intake", store=store, reference="P-1")
    intake.session.answer([])
    other_tree = begin(small_flow, "self", store=store, consent=True)
    other_tree.session.answer("red")  # newer, but of another tree
    assert offer(store, migraine).id == intake.screening_id
    assert offer(store, migraine, "intake").id == intake.screening_id
    assert offer(store, migraine, "self") is None
    finished = begin(migraine, "self", store=store, consent=True)
    finished.session.fill(BASE)
    assert offer(store, migraine, "self") is None  # a finished one is not offered


def test_resume_goes_on_saving_into_the_same_screening(migraine, store):
    first = begin(migraine, "intake", store=store, reference="P-1", clinician="AK")
    first.session.fill({"emergency_signs": [], "head_injury": "none"})
    walk = resume_saved(migraine, store, first.screening_id)
    assert (walk.mode, walk.session.current_id, walk.notes) == ("intake", "age", [])
    walk.session.answer(40)
    assert store.get(first.screening_id).answer_count == 3
    assert len(store.list()) == 1


def test_resuming_a_vanished_screening_is_a_store_error(migraine, store):
    with pytest.raises(StoreError, match="no longer exists"):
        resume_saved(migraine, store, 42)


def test_summary_rows_name_the_clinician_and_an_add_on(migraine, store):
    walk = begin(migraine, "intake", store=store, reference="P-1", clinician="AK")
    walk.session.fill({**BASE, "bleeding_circulation": ["blood_thinners"], "headache_days": 16})
    row = dict(zip(HEADERS, summary_row(store.get(walk.screening_id)), strict=True))
    assert row["clinician"] == "AK"
    assert row["recommendation"] == "doctor + massage"
    unfinished = begin(migraine, "intake", store=store, reference="P-2")
    unfinished.session.answer([])
    assert unfinished_words(store.get(unfinished.screening_id)).startswith(
        "#2, therapist intake for P-2, last changed "
    )


def test_the_clinician_typed_for_an_intake_is_who_the_audit_trail_records(
    migraine, tmp_path, monkeypatch
):
    """With no --clinician and no $DECISIONAID_CLINICIAN, the audit trail said the login
    ("root") did what the intake form said A. Kim did; a named actor still wins."""
    monkeypatch.delenv("DECISIONAID_CLINICIAN", raising=False)
    with Store.open(tmp_path / "one") as store:
        assert not store.actor_named
        walk = begin(migraine, "intake", store=store, reference="P-1", clinician="  A.  Kim ")
        walk.session.answer([])
        assert [e.actor for e in store.audit()] == ["A. Kim"]
    with Store.open(tmp_path / "two", actor="B. Lee") as store:
        walk = begin(migraine, "intake", store=store, reference="P-2", clinician="A. Kim")
        walk.session.answer([])
        assert [e.actor for e in store.audit()] == ["B. Lee"]
        assert store.get(walk.screening_id).clinician == "A. Kim"
