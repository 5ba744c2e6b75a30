"""Coverage: items come from the graph; a walk reaches what the engine took."""

from __future__ import annotations

import pytest

from decisionaid.authoring.coverage import Coverage, items
from decisionaid.authoring.walks import walk
from decisionaid.graph import compile_tree
from decisionaid.loader import load_tree
from tests.authoring.trees import CLINIC

ANSWERS = {"age": 60, "onset": 30, "pain": "mild", "days": 4, "extra": 7, "signs": ["tired"]}


@pytest.fixture
def clinic(write):
    return compile_tree(*load_tree(write(CLINIC, "clinic.yaml")))


def keys(found) -> set[tuple]:
    return {item.key for item in found}


def test_items_are_the_graphs_outcomes_rules_options_and_status_rules(clinic):
    found = items(clinic)
    assert {i.owner for i in found if i.kind == "outcome"} == {
        "urgent",
        "review",
        "rest_ok",
        "rest_no",
    }
    assert {i.part for i in found if i.kind == "route rule"} == {0, 1, 2, 3}
    assert keys(i for i in found if i.kind == "option" and i.owner == "signs") == {
        ("option", "signs", "tired"),
        ("option", "signs", "busy"),
        ("option", "signs", "calm"),
    }
    assert {i.label for i in found if i.kind == "status rule"} == {
        "rule 1: excluded",
        "rule 2: caution",
        "otherwise: suitable",
    }
    # Number questions have no options to reach.
    assert not [i for i in found if i.owner in ("age", "days")]


def test_two_rules_to_the_same_outcome_are_told_apart(clinic):
    reached = Coverage(clinic)
    reached.add(walk(clinic, ANSWERS), "score")  # the score rule
    assert ("route rule", "gate", 1) in reached.reached
    assert ("route rule", "gate", 0) not in reached.reached
    reached.add(walk(clinic, {**ANSWERS, "age": 52, "onset": 50}), "recent")
    assert reached.reached[("route rule", "gate", 0)] == ["recent"]
    assert reached.reached[("outcome", "review", None)] == ["score", "recent"]


def test_status_rules_count_the_rule_that_decided(clinic):
    reached = Coverage(clinic)
    reached.add(walk(clinic, {**ANSWERS, "extra": 0, "signs": ["busy", "tired"]}), "busy")
    assert ("status rule", "rest", 0) in reached.reached  # excluded wins over caution
    assert ("status rule", "rest", 1) not in reached.reached
    assert ("status rule", "rest", 2) not in reached.reached


def test_only_answers_given_on_the_path_count(clinic):
    reached = Coverage(clinic)
    reached.add(walk(clinic, {**ANSWERS, "pain": "bad"}), "urgent")
    assert ("option", "pain", "bad") in reached.reached
    assert ("option", "signs", "tired") not in reached.reached
    # An outcome without assessment reports no statuses, so no status rule is reached.
    assert not [k for k in reached.reached if k[0] == "status rule"]


def test_a_walk_without_a_result_reaches_nothing(clinic):
    reached = Coverage(clinic)
    reached.add(walk(clinic, {"age": 60}), "short")
    assert reached.reached == {}
    assert reached.percent == 0


def test_full_coverage(clinic):
    reached = Coverage(clinic)
    sets = [
        {**ANSWERS, "pain": "bad"},
        {**ANSWERS, "age": 52, "onset": 50, "signs": ["calm"]},
        {**ANSWERS, "extra": 7},
        {**ANSWERS, "extra": 0, "signs": ["tired"]},
        {**ANSWERS, "extra": 0, "signs": ["busy"]},
        {**ANSWERS, "extra": 0, "signs": []},
    ]
    for number, answers in enumerate(sets):
        reached.add(walk(clinic, answers), str(number))
    assert reached.missing() == []
    assert reached.percent == 100
    assert reached.count("outcome") == (4, 4)
