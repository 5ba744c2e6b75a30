"""The shipped tree node by node: each question and route, started on its own, for each of
the answers that send it somewhere different (as GOV.UK's smart-answers tests its flows).

Routing is a pure function of a node and the answers before it (`engine.next_node`), so no
walk from the start is needed: a test names a node and the answers it reads.
"""

from __future__ import annotations

from typing import Any

import pytest

from decisionaid.engine import next_node, walk_from
from decisionaid.model import Question
from tests.trees.test_migraine import BASE

# The answers a route may read, for a person with nothing against either treatment.
EVERYTHING: dict[str, Any] = {**BASE, "bleeding_risk": False, "priorities": []}


def goes(migraine, node: str, **answers: Any) -> str:
    return next_node(migraine, node, {**EVERYTHING, **answers})


@pytest.mark.parametrize(
    ("signs", "to"),
    [
        ([], "head_injury"),
        (["red_eye"], "emergency_now"),
        (["thunderclap", "meningism"], "emergency_now"),
    ],
)
def test_emergency_gate(migraine, signs, to):
    assert goes(migraine, "emergency_gate", emergency_signs=signs) == to


@pytest.mark.parametrize(
    ("when", "to"),
    [("none", "age"), ("last_7_days", "emergency_head_injury"), ("last_3_months", "bleeding_risk")],
)
def test_head_injury(migraine, when, to):
    assert goes(migraine, "head_injury", head_injury=when) == to


@pytest.mark.parametrize(
    ("risk", "to"), [(True, "emergency_head_injury_bleeding"), (False, "urgent_head_injury")]
)
def test_bleeding_gate(migraine, risk, to):
    assert goes(migraine, "bleeding_gate", head_injury="last_3_months", bleeding_risk=risk) == to


@pytest.mark.parametrize(("signs", "to"), [([], "pregnancy"), (["gca"], "urgent_signs_found")])
def test_urgent_gate(migraine, signs, to):
    assert goes(migraine, "urgent_gate", urgent_signs=signs) == to


@pytest.mark.parametrize(
    ("status", "to"),
    [
        ("not_pregnant", "scope_gate"),
        ("under_14_weeks", "pregnancy_headache_new"),
        ("14_weeks_or_more", "pregnancy_headache_new"),
        ("postpartum_6_weeks", "pregnancy_headache_new"),
    ],
)
def test_pregnancy(migraine, status, to):
    assert goes(migraine, "pregnancy", pregnancy=status) == to


@pytest.mark.parametrize(("new", "to"), [(True, "urgent_pregnancy"), (False, "scope_gate")])
def test_pregnancy_gate(migraine, new, to):
    assert (
        goes(migraine, "pregnancy_gate", pregnancy="postpartum_6_weeks", pregnancy_headache_new=new)
        == to
    )


@pytest.mark.parametrize(("age", "to"), [(17, "routine_under_18"), (18, "onset_age")])
def test_scope_gate(migraine, age, to):
    assert goes(migraine, "scope_gate", age=age) == to


@pytest.mark.parametrize(
    ("age", "onset", "signs", "to"),
    [
        (52, 50, [], "routine_review"),  # a new headache at 50 or over
        (53, 50, [], "diagnosed"),  # the same for over two years: not new
        (60, 49, [], "diagnosed"),
        (40, 20, ["pattern_change"], "routine_review"),
        (40, 20, ["new_medicine"], "routine_review"),
    ],
)
def test_routine_gate(migraine, age, onset, signs, to):
    assert goes(migraine, "routine_gate", age=age, onset_age=onset, routine_signs=signs) == to


@pytest.mark.parametrize(
    ("changes", "to"),
    [
        ({}, "doctor_first_gate"),
        ({"attack_count": "one"}, "review_first"),
        ({"neck_signs": ["neck_pain", "began_with_neck_injury"]}, "review_first"),
    ],
)
def test_review_first_gate(migraine, changes, to):
    assert goes(migraine, "review_first_gate", **changes) == to


@pytest.mark.parametrize(
    ("changes", "to"),
    [
        ({}, "therapy_fit"),
        ({"diagnosed": False}, "doctor_first_add_on"),
        ({"headache_days": 15}, "doctor_first_add_on"),
        ({"triptan_days": 10}, "doctor_first_add_on"),
        ({"bleeding_circulation": ["uncontrolled_blood_pressure"]}, "doctor_first_add_on"),
    ],
)
def test_doctor_first_gate(migraine, changes, to):
    assert goes(migraine, "doctor_first_gate", **changes) == to


@pytest.mark.parametrize(
    ("changes", "to"),
    [
        ({}, "doctor_first_dry_needling"),
        ({"needles": "prefer_not"}, "doctor_first_massage"),
        ({"needles": "prefer_not", "general_health": ["acute_illness"]}, "doctor_first_only"),
    ],
)
def test_doctor_first_add_on(migraine, changes, to):
    assert goes(migraine, "doctor_first_add_on", diagnosed=False, **changes) == to


@pytest.mark.parametrize(
    ("changes", "to"),
    [
        ({}, "dry_needling_or_massage"),
        ({"needles": "very_afraid"}, "massage_fits"),
        ({"neck_signs": [], "pain_location": "one_side"}, "massage_fits"),  # no neck component
        ({"skin_bones_recent": ["skin_problem_head_neck"]}, "no_manual_option"),
    ],
)
def test_therapy_fit(migraine, changes, to):
    assert goes(migraine, "therapy_fit", **changes) == to


def test_every_answer_of_every_question_leads_somewhere_in_the_graph(migraine):
    for node_id, node in migraine.tree.nodes.items():
        if not isinstance(node, Question):
            continue
        values: list[Any] = {
            "boolean": [True, False],
            "number": [node.min, node.max],
            "multi": [[], node.option_values],
        }.get(node.type, node.option_values)
        for value in values:
            target = next_node(migraine, node_id, {node_id: value})
            assert target in migraine.graph.succ[node_id], (node_id, value)


def test_a_walk_can_start_at_any_node(migraine):
    # From the contraindications on, with everything before them given: to a result.
    path = walk_from(migraine, "needles", EVERYTHING)
    assert path[0] == "needles" and path[-1] == "dry_needling_or_massage"
    # It stops at the first question without an answer.
    given = {k: v for k, v in EVERYTHING.items() if k != "general_health"}
    assert walk_from(migraine, "needles", given)[-1] == "general_health"


def test_an_outcome_goes_nowhere(migraine):
    with pytest.raises(ValueError, match="a walk ends there"):
        next_node(migraine, "emergency_now", EVERYTHING)
