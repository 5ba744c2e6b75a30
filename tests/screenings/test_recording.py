"""Sessions saved at every move, and resumed where they were left, even on a changed tree."""

from __future__ import annotations

import dataclasses
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decisionaid.engine import Session
from decisionaid.explain import explain
from decisionaid.screenings.recording import Recorder, resume, snapshot
from decisionaid.screenings.store import KeptAsNew, Store, StoreError
from tests.conftest import examples
from tests.test_engine import random_move
from tests.trees.test_migraine import BASE


def recorded(flow, store, **kwargs):
    session = Session(flow)
    recorder = Recorder(store, session, mode="intake", reference="P-1", **kwargs)
    return session, recorder


def test_nothing_is_written_before_the_first_answer(migraine, store):
    recorded(migraine, store)
    assert store.list() == []


def test_every_answer_is_saved_at_once(migraine, store):
    session, recorder = recorded(migraine, store)
    session.answer([])
    saved = store.get(recorder.screening_id)
    assert saved.answer_values() == {"emergency_signs": []}
    assert saved.current == "head_injury"
    session.answer("none")
    assert store.get(recorder.screening_id).answer_count == 2


def test_only_answers_on_the_walked_path_are_kept(migraine, store):
    session, recorder = recorded(migraine, store)
    session.fill({"emergency_signs": [], "head_injury": "none", "age": 40})
    session.go_to("head_injury")
    saved = store.get(recorder.screening_id)
    assert list(saved.answer_values()) == ["emergency_signs"]
    assert saved.current == "head_injury"


def test_the_result_and_its_words_are_kept(migraine, store):
    session, recorder = recorded(migraine, store)
    session.fill(BASE)
    saved = store.get(recorder.screening_id)
    assert saved.finished
    assert saved.result == session.result().contract()
    assert saved.explanation == explain(migraine.tree, session.result(), "intake")
    # An intake screening keeps the words the therapist saw: the tree's intake wording.
    assert saved.answers[2].question_text == " ".join(
        migraine.tree.nodes["age"].intake.text.split()
    )


def test_an_unfinished_screening_keeps_the_aids_own_words(aid, store):
    session = Session(aid)
    recorder = Recorder(store, session, mode="self")
    session.answer([])
    saved = store.get(recorder.screening_id)
    assert not saved.finished and saved.result is None
    assert saved.explanation.result is None
    assert saved.explanation.about.funding == "No funding"


@pytest.mark.parametrize("stop", ["head_injury", "age", "headache_days", "general_health"])
def test_resume_stands_at_the_same_question(migraine, store, stop):
    session, recorder = recorded(migraine, store)
    session.fill({k: v for k, v in BASE.items() if k != stop})
    assert session.current_id == stop
    again, notes = resume(migraine, store.get(recorder.screening_id))
    assert notes == []
    assert again.current_id == stop
    assert again.answers() == session.answers()


def test_resume_after_going_back_stops_where_the_person_was(migraine, store):
    session, recorder = recorded(migraine, store)
    session.fill({"emergency_signs": [], "head_injury": "none", "age": 40})
    session.back()
    again, _ = resume(migraine, store.get(recorder.screening_id))
    assert again.current_id == "age"


def test_a_screening_from_an_older_tree_version_resumes_with_a_note(migraine, store):
    session, recorder = recorded(migraine, store)
    session.fill({"emergency_signs": [], "head_injury": "none", "age": 40})
    old = dataclasses.replace(store.get(recorder.screening_id), tree_version="0.1")
    old.answers.insert(1, dataclasses.replace(old.answers[0], question="dropped_question"))
    again, notes = resume(migraine, old)
    assert again.current_id == "urgent_signs"
    assert "version 0.1" in notes[0]


def test_an_answer_that_no_longer_fits_stops_there(migraine, store):
    session, recorder = recorded(migraine, store)
    session.fill({"emergency_signs": [], "head_injury": "none"})
    old = store.get(recorder.screening_id)
    old.answers[1] = dataclasses.replace(old.answers[1], value="a_value_since_removed")
    again, notes = resume(migraine, old)
    assert again.current_id == "head_injury"
    assert "no longer fits" in notes[0]


def test_a_screening_of_another_tree_is_not_resumed(migraine, small_flow, store):
    session, recorder = recorded(small_flow, store)
    session.answer("red")
    with pytest.raises(StoreError, match="tree 'small'"):
        resume(migraine, store.get(recorder.screening_id))


def test_a_failed_save_is_reported_not_raised_when_asked(migraine, store):
    problems = []
    session, recorder = recorded(migraine, store, on_error=problems.append)
    session.answer([])
    store.delete(recorder.screening_id)
    session.answer("none")  # the walk goes on; the problem is passed on
    assert session.current_id == "age"
    assert "no longer exists" in str(problems[0])


def test_a_screening_continued_elsewhere_keeps_these_answers_as_a_new_one(migraine, store):
    session, recorder = recorded(migraine, store)
    session.fill({"emergency_signs": [], "head_injury": "none"})
    # Another window resumes the same screening and answers differently.
    elsewhere, _ = resume(migraine, store.get(recorder.screening_id))
    Recorder.resuming(store, elsewhere, store.get(recorder.screening_id))
    elsewhere.answer(70)
    problems = []
    recorder.on_error = problems.append
    session.answer(40)
    (moved,) = problems
    assert isinstance(moved, KeptAsNew) and (moved.previous, moved.screening_id) == (1, 2)
    assert recorder.screening_id == 2
    assert store.get(1).answer_values()["age"] == 70  # theirs, untouched
    assert store.get(2).answer_values() == session.answers()
    assert store.get(2).reference == "P-1"
    session.answer([])  # and it goes on saving there
    assert store.get(2).answer_values() == session.answers()
    assert [e.action for e in store.audit(1)] == ["created", "resumed"]


def test_without_a_hook_the_move_is_raised_after_the_answers_are_safe(migraine, store):
    session, _ = recorded(migraine, store)
    session.answer([])
    store.save(1, answers=[], current="emergency_signs")  # someone else's save
    with pytest.raises(KeptAsNew):
        session.answer("none")
    assert store.get(2).answer_values() == session.answers()


def test_kiosk_screenings_are_saved_as_new(migraine, store):
    session = Session(migraine)
    recorder = Recorder(store, session, mode="self", new=True)
    session.answer([])
    assert store.get(recorder.screening_id).new


def test_snapshot_of_an_unsaved_session(migraine):
    session = Session(migraine)
    session.fill(BASE)
    shot = snapshot(session, mode="self")
    assert shot.id == 0 and shot.finished
    assert shot.result["outcome"] == session.result().outcome


def test_each_step_writes_only_the_answers_that_changed(migraine, store, monkeypatch):
    """Deep in a long walk a step costs one row, not the whole walk again."""
    writes = []
    original = store.save

    def spy(screening_id, *, answers, start=0, **kwargs):
        writes.append((start, [a.question for a in answers]))
        return original(screening_id, answers=answers, start=start, **kwargs)

    monkeypatch.setattr(store, "save", spy)
    session, recorder = recorded(migraine, store)
    session.fill({"emergency_signs": [], "head_injury": "none", "age": 40})
    assert writes == [(0, ["emergency_signs"]), (1, ["head_injury"]), (2, ["age"])]
    session.go_to("head_injury")
    assert writes[-1] == (1, [])
    session.answer("none")
    assert writes[-1] == (1, ["head_injury"])
    assert list(store.get(recorder.screening_id).answer_values()) == [
        "emergency_signs",
        "head_injury",
    ]


# Every example opens a store and saves up to 40 times: a quarter of the profile's search.
@settings(max_examples=examples(0.25), suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_store_matches_the_session_through_any_moves_and_failed_saves(migraine, data):
    """Whatever the moves, and even after saves that failed, the next save leaves the store
    holding exactly the answers on the walked path."""
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder)) as store:
        failing = []
        original = store.save

        def flaky(*args, **kwargs):
            if failing:
                raise StoreError("disk full")
            return original(*args, **kwargs)

        store.save = flaky
        session, recorder = recorded(migraine, store, on_error=lambda exc: None)
        for _ in range(data.draw(st.integers(1, 40), label="moves")):
            if data.draw(st.booleans(), label="this save fails"):
                failing.append(True)
            else:
                failing.clear()
            random_move(session, data.draw)
        failing.clear()
        recorder.save()
        saved = store.get(recorder.screening_id)
        assert saved.answer_values() == session.answers()
        assert list(saved.answer_values()) == list(session.answers())
        assert saved.current == session.current_id
