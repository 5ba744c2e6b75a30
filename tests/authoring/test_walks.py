"""Walks record what the engine took; a Walker reusing one session gives the same walks as
fresh sessions."""

from __future__ import annotations

import random

import pytest

from decisionaid.authoring.generate import random_set
from decisionaid.authoring.space import Space
from decisionaid.authoring.walks import Walker, walk
from decisionaid.graph import compile_tree
from decisionaid.loader import load_tree
from tests.authoring.trees import CLINIC


@pytest.fixture
def clinic(write):
    return compile_tree(*load_tree(write(CLINIC, "clinic.yaml")))


ANSWERS = {"age": 60, "onset": 30, "pain": "mild", "days": 4, "extra": 7, "signs": ["tired"]}


def test_a_walk_records_path_rules_edges_and_result(clinic):
    done = walk(clinic, ANSWERS)
    assert done.path == ["age", "onset", "pain", "days", "extra", "signs", "gate", "review"]
    # The score rule (the second rule) took the walk to review; not the first, to the same place.
    assert done.decided == {"gate": 1}
    assert ("gate", "review", 1) in done.edges
    assert ("pain", "days", 0) in done.edges  # the `next` edge, not the answer edge to urgent
    assert done.result is not None and done.result.outcome == "review"
    assert done.result.options["rest"].status == "caution"
    assert done.result.options["rest"].rule == 1


def test_an_answer_edge_and_the_otherwise_rule(clinic):
    assert walk(clinic, {**ANSWERS, "pain": "bad"}).edges == {
        ("age", "onset", 0),
        ("onset", "pain", 0),
        ("pain", "urgent", 0),
    }
    done = walk(clinic, {**ANSWERS, "extra": 0, "signs": ["busy"]})
    assert done.decided == {"gate": 3}
    assert done.outcome == "rest_no"
    assert done.result.options["rest"].rule == 0


def test_missing_and_refused_answers_are_errors_not_results(clinic):
    missing = walk(clinic, {"age": 60})
    assert missing.result is None
    assert missing.error.question == "onset"
    assert "missing" in str(missing.error)
    refused = walk(clinic, {**ANSWERS, "onset": 61})
    assert refused.result is None
    assert refused.error.question == "onset"
    assert refused.error.reason == "it cannot begin after today"


def test_a_walker_gives_the_walks_fresh_sessions_give(clinic):
    space = Space([clinic])
    rng = random.Random(5)
    walker = Walker(clinic)
    base = space.defaults()
    sets = sorted(
        (random_set(space, base, rng) for _ in range(300)), key=lambda a: repr(sorted(a.items()))
    )
    for answers in sets:
        fresh, reused = walk(clinic, answers), walker.walk(answers)
        assert reused.path == fresh.path
        assert reused.given == fresh.given
        assert reused.decided == fresh.decided
        assert (reused.error is None) == (fresh.error is None)
        if fresh.result is not None:
            assert reused.result.contract() == fresh.result.contract()
