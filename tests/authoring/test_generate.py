"""Answer sets for a diff: every edge, option and boundary reached (or the reason it cannot
be), a calm baseline, a deterministic random sample."""

from __future__ import annotations

import pytest

from decisionaid.authoring.generate import generate, longest_walks
from decisionaid.authoring.space import Space
from decisionaid.authoring.targets import targets
from decisionaid.authoring.walks import walk
from decisionaid.graph import compile_tree
from decisionaid.loader import load_tree
from tests.authoring.trees import CLINIC, COFFEE, COFFEE_3


@pytest.fixture
def compiled(write):
    def _compiled(text: str, name: str):
        return compile_tree(*load_tree(write(text, name)))

    return _compiled


@pytest.fixture
def clinic(compiled):
    return compiled(CLINIC, "clinic.yaml")


def test_every_target_is_met_by_a_set_or_reported_with_its_reason(clinic):
    made = generate([clinic], samples=0)
    walks = [walk(clinic, s.answers) for s in made.sets]
    wanted = targets(Space([clinic]), 0)
    assert made.targets == len(wanted)
    missed = [t for t in wanted if not any(t.met(w) for w in walks)]
    assert [t.text for t in missed] == [t.text for t in made.unreached]
    # The only one: an onset after today, which the tree's own check refuses.
    assert [t.text for t in made.unreached] == ["boundary onset = age +1"]
    assert made.unreached[0].why_not == (
        "the tree refuses it: question 'onset': it cannot begin after today"
    )


def test_boundaries_of_numbers_other_answers_and_scores(clinic):
    made = generate([clinic], samples=0)
    walks = [walk(clinic, s.answers) for s in made.sets]
    assessed = [w for w in walks if "gate" in w.path]
    totals = {w.given["days"] + w.given["extra"] for w in assessed}
    assert {9, 10, 11} <= totals
    onsets = {w.given["onset"] for w in assessed}
    assert {49, 50, 51} <= onsets
    # age ≤ onset + 2, at its boundary: age - onset of 1, 2 and 3, with onset at 50 too.
    gaps = {(w.given["age"] - w.given["onset"], w.given["onset"]) for w in assessed}
    assert {(1, 50), (2, 50), (3, 50)} <= gaps
    assert {1, 2, 3} <= {gap for gap, _ in gaps}


def test_the_baseline_is_a_long_calm_walk(clinic):
    assert longest_walks(clinic) == {"urgent": 3, "review": 6, "rest_ok": 6, "rest_no": 6}
    made = generate([clinic], samples=0)
    assert walk(clinic, made.baseline).outcome == "rest_ok"
    assert set(made.baseline) == {"age", "onset", "pain", "days", "extra", "signs"}


def test_a_given_baseline_is_used(clinic):
    given = {"age": 70, "onset": 10, "signs": ["calm"]}
    made = generate([clinic], samples=0, baseline=given)
    assert {k: made.baseline[k] for k in given} == given
    assert made.sets[0].why == "baseline"


def test_the_random_sample_is_complete_and_the_same_for_a_seed(clinic):
    first = generate([clinic], samples=200, seed=7)
    again = generate([clinic], samples=200, seed=7)
    other = generate([clinic], samples=200, seed=8)
    assert [s.answers for s in first.sets] == [s.answers for s in again.sets]
    assert [s.answers for s in first.sets] != [s.answers for s in other.sets]
    randoms = [s for s in first.sets if s.why == "random"]
    assert len(randoms) == 200
    for answer_set in randoms:
        assert set(answer_set.answers) == {"age", "onset", "pain", "days", "extra", "signs"}
        assert 0 <= answer_set.answers["days"] <= 31
        assert set(answer_set.answers["signs"]) <= {"tired", "busy", "calm"}
    # They stray from the baseline by different amounts: some reach the end, some do not.
    outcomes = {walk(clinic, s.answers).outcome for s in randoms}
    assert {"urgent", "rest_ok"} <= outcomes


def test_sets_answer_the_questions_of_both_trees(compiled):
    old = compiled(COFFEE, "old.yaml")
    new = compiled(
        COFFEE.replace("next: decide", "next: sleepy", 1).replace(
            "  - id: decide",
            "  - id: sleepy\n    kind: question\n    type: boolean\n    text: Sleepy?\n"
            "    next: decide\n  - id: decide",
        ),
        "new.yaml",
    )
    made = generate([old, new], samples=20)
    for answer_set in made.sets:
        assert set(answer_set.answers) == {"cups", "palpitations", "sleepy"}
        assert walk(new, answer_set.answers).result is not None


def test_a_rule_that_can_never_hold_is_reported(compiled):
    never = COFFEE.replace(
        "{any: [{fact: too_many}, {answer: palpitations, equals: true}]}",
        "{all: [{answer: cups, gte: 5}, {answer: cups, lte: 3}]}",
    )
    made = generate([compiled(never, "never.yaml")], samples=0)
    (edge,) = [t for t in made.unreached if t.kind == "edge"]
    assert edge.text == "edge decide → water (rule 1)"
    assert edge.why_not == "no change of up to 3 answers turns the walk at 'decide'"


def test_targets_of_both_trees(compiled):
    old, new = compiled(COFFEE, "old.yaml"), compiled(COFFEE_3, "new.yaml")
    made = generate([old, new], samples=0)
    cups = {s.answers["cups"] for s in made.sets}
    assert {3, 4, 5} <= cups  # old: cups ≥ 4
    assert {2, 3, 4} <= cups  # new: cups ≥ 3
    assert made.unreached == []
