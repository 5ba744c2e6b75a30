"""The shipped migraine tree against the clinical specification.

Vignettes come from shared/ at test time. Boundaries, single flags and combinations are
checked against the SPEC's numbers; a property test compares the tree with an independent
plain-Python reading of the SPEC (`spec_oracle.py`) on thousands of random answer sets.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decisionaid.engine import Session
from decisionaid.explain import explain
from decisionaid.graph.checks import Dominance
from decisionaid.model import Outcome
from tests.conftest import ROOT, answer_strategy, examples, vignettes
from tests.trees import spec_oracle

# A person with no red flags, a diagnosed neck-related tension-type headache, and nothing
# against either treatment: dry needling, with massage as the alternative.
BASE: dict[str, Any] = {
    "emergency_signs": [],
    "head_injury": "none",
    "age": 40,
    "urgent_signs": [],
    "pregnancy": "not_pregnant",
    "onset_age": 20,
    "routine_signs": [],
    "diagnosed": True,
    "headache_days": 5,
    "simple_painkiller_days": 2,
    "triptan_days": 0,
    "midas_work_missed": 1,
    "midas_work_reduced": 1,
    "midas_home_missed": 1,
    "midas_home_reduced": 1,
    "midas_social_missed": 1,
    "pain_location": "both_sides",
    "pain_quality": "pressing",
    "pain_intensity": "moderate",
    "worse_with_activity": False,
    "attack_symptoms": [],
    "attack_duration": "4_to_72_h",
    "attack_count": "ten_or_more",
    "neck_signs": ["neck_pain"],
    "needles": "fine",
    "fainted_with_needles": False,
    "can_consent": True,
    "bleeding_circulation": [],
    "skin_bones_recent": [],
    "general_health": [],
    "priorities": ["few_side_effects"],
}


def assess(flow, **changes: Any) -> dict[str, Any]:
    session = Session(flow)
    session.fill({**BASE, "bleeding_risk": False, "pregnancy_headache_new": False, **changes})
    assert session.finished, f"stopped at {session.current_id}"
    return session.result().contract()


def as_sets(value: Any) -> Any:
    if isinstance(value, list):
        return frozenset(as_sets(v) for v in value)
    if isinstance(value, dict):
        return {k: as_sets(v) for k, v in value.items()}
    return value


def test_base_case(migraine):
    result = assess(migraine)
    assert result["recommendation"] == "dry_needling"
    assert result["alternative"] == "massage"
    assert result["scores"] == {"midas": 5}


# --- the public vignettes ----------------------------------------------------------------


@pytest.mark.parametrize("case", vignettes(), ids=lambda case: case["name"])
def test_vignette(migraine, case):
    session = Session(migraine)
    session.fill(case["answers"])
    result = session.result().contract()
    for field, expected in case["expect"].items():
        assert as_sets(result[field]) == as_sets(expected), field


def test_there_are_fifteen_public_vignettes():
    assert len(vignettes()) == 15


# --- boundaries --------------------------------------------------------------------------


def test_age_17_is_out_of_scope_18_is_in(migraine):
    assert assess(migraine, age=17, onset_age=10)["triggers"] == ["under_18"]
    assert assess(migraine, age=17, onset_age=10)["options"] is None
    assert assess(migraine, age=18, onset_age=10)["recommendation"] == "dry_needling"


def test_onset_age_49_and_50(migraine):
    assert assess(migraine, age=51, onset_age=49)["recommendation"] == "dry_needling"
    at_50 = assess(migraine, age=51, onset_age=50)
    assert (at_50["urgency"], at_50["triggers"], at_50["options"]) == (
        "routine",
        ["onset_after_50"],
        None,
    )


def test_age_exactly_50_with_onset_50(migraine):
    assert assess(migraine, age=50, onset_age=50)["triggers"] == ["onset_after_50"]


@pytest.mark.parametrize(
    ("age", "onset_age", "new_after_50"),
    [
        (52, 50, True),  # began 2 years ago: a new headache
        (53, 50, False),  # 3 years: the same headache for longer than that
        (72, 70, True),
        (73, 70, False),
        (74, 50, False),  # the stable_since_50 vignette
        (51, 49, False),  # began before 50, however recently
    ],
)
def test_onset_after_50_means_a_new_headache(migraine, age, onset_age, new_after_50):
    result = assess(migraine, age=age, onset_age=onset_age)
    assert ("onset_after_50" in result["triggers"]) is new_after_50
    assert result["recommendation"] == ("doctor" if new_after_50 else "dry_needling")
    assert (result["options"] is None) is new_after_50


def test_a_change_in_a_headache_that_began_after_50_still_needs_a_doctor(migraine):
    result = assess(migraine, age=74, onset_age=50, routine_signs=["pattern_change"])
    assert (result["urgency"], result["triggers"]) == ("routine", ["pattern_change"])


def test_headache_days_14_and_15(migraine):
    assert assess(migraine, headache_days=14)["recommendation"] == "dry_needling"
    at_15 = assess(migraine, headache_days=15)
    assert (at_15["recommendation"], at_15["add_on"], at_15["triggers"]) == (
        "doctor",
        "dry_needling",
        ["chronic_headache"],
    )
    assert "chronic_headache" in at_15["profile"]


PAINKILLER_THRESHOLDS = [
    (14, 0, False),
    (15, 0, True),  # simple painkillers alone
    (0, 9, False),
    (0, 10, True),  # triptan-group medicines alone
    (5, 4, False),
    (5, 5, True),  # both kinds, adding up to 10
    (12, 0, False),
    (9, 1, True),  # the combination needs both kinds
    (8, 1, False),
    (1, 9, True),
    (1, 8, False),
]


@pytest.mark.parametrize(("simple", "triptan", "often"), PAINKILLER_THRESHOLDS)
def test_medication_overuse_thresholds(migraine, simple, triptan, often):
    result = assess(migraine, headache_days=15, simple_painkiller_days=simple, triptan_days=triptan)
    assert ("medication_overuse" in result["triggers"]) is often
    assert ("medication_overuse" in result["profile"]) is often
    # With 15 headache days it is medication overuse, never also frequent_painkillers.
    assert "frequent_painkillers" not in result["triggers"]


@pytest.mark.parametrize(("simple", "triptan", "often"), PAINKILLER_THRESHOLDS)
def test_frequent_painkillers_whatever_the_headache_days(migraine, simple, triptan, often):
    result = assess(migraine, headache_days=14, simple_painkiller_days=simple, triptan_days=triptan)
    assert "medication_overuse" not in result["triggers"] + result["profile"]
    if often:
        assert (result["recommendation"], result["urgency"], result["add_on"]) == (
            "doctor",
            "routine",
            "dry_needling",
        )
        assert result["triggers"] == ["frequent_painkillers"]
    else:
        assert (result["recommendation"], result["triggers"]) == ("dry_needling", [])


def test_triptans_9_and_10_days_at_14_headache_days(migraine):
    """The 1.1 case: triptans on 14 days with 14 headache days was dry needling in 1.0."""
    only_triptans = {"headache_days": 14, "simple_painkiller_days": 0}
    assert assess(migraine, triptan_days=9, **only_triptans)["triggers"] == []
    at_10 = assess(migraine, triptan_days=10, **only_triptans)
    assert (at_10["recommendation"], at_10["triggers"]) == ("doctor", ["frequent_painkillers"])
    at_14 = assess(migraine, triptan_days=14, **only_triptans)
    assert (at_14["recommendation"], at_14["triggers"]) == ("doctor", ["frequent_painkillers"])


def test_simple_painkillers_14_and_15_days_with_few_headaches(migraine):
    few = {"headache_days": 3, "triptan_days": 0}
    assert assess(migraine, simple_painkiller_days=14, **few)["triggers"] == []
    assert assess(migraine, simple_painkiller_days=15, **few)["triggers"] == [
        "frequent_painkillers"
    ]


def test_medication_overuse_needs_15_headache_days(migraine):
    result = assess(migraine, headache_days=14, simple_painkiller_days=20, triptan_days=12)
    assert "medication_overuse" not in result["triggers"]
    assert result["triggers"] == ["frequent_painkillers"]


def _midas(total: int) -> dict[str, int]:
    names = spec_oracle.MIDAS
    base, extra = divmod(total, len(names))
    return {name: base + (i < extra) for i, name in enumerate(names)}


def test_midas_20_and_21(migraine):
    assert assess(migraine, **_midas(20))["recommendation"] == "dry_needling"
    at_21 = assess(migraine, **_midas(21))
    assert at_21["scores"] == {"midas": 21}
    assert (at_21["recommendation"], at_21["triggers"]) == ("doctor", ["midas_grade_4"])


@pytest.mark.parametrize(
    ("total", "grade"),
    [
        (0, "Grade I"),
        (5, "Grade I"),
        (6, "Grade II"),
        (10, "Grade II"),
        (11, "Grade III"),
        (20, "Grade III"),
        (21, "Grade IV"),
    ],
)
def test_midas_grades(migraine, total, grade):
    session = Session(migraine)
    session.fill({**BASE, **_midas(total)})
    words = explain(migraine.tree, session.result()).result
    assert words.scores[0].band.startswith(grade + " ")
    has_note = words.scores[0].note is not None
    assert has_note is (grade == "Grade III")


def test_not_diagnosed(migraine):
    result = assess(migraine, diagnosed=False)
    assert (result["recommendation"], result["add_on"], result["triggers"]) == (
        "doctor",
        "dry_needling",
        ["not_diagnosed"],
    )


# --- every red flag alone ----------------------------------------------------------------


@pytest.mark.parametrize("sign", spec_oracle.EMERGENCY)
def test_each_emergency_sign(migraine, sign):
    session = Session(migraine)
    session.answer([sign])
    # An emergency ends the walk at once: nothing else is asked.
    assert session.finished
    result = session.result().contract()
    assert (result["urgency"], result["triggers"], result["options"]) == ("emergency", [sign], None)
    assert result["path"] == ["emergency_signs", "emergency_gate", result["outcome"]]


def test_several_emergency_signs_are_all_reported(migraine):
    assert set(assess(migraine, emergency_signs=["red_eye", "thunderclap"])["triggers"]) == {
        "red_eye",
        "thunderclap",
    }


@pytest.mark.parametrize(
    ("injury", "bleeding", "urgency", "trigger"),
    [
        ("last_7_days", False, "emergency", "head_injury_recent"),
        ("last_3_months", True, "emergency", "head_injury_bleeding_risk"),
        ("last_3_months", False, "urgent", "head_injury"),
    ],
)
def test_head_injury(migraine, injury, bleeding, urgency, trigger):
    result = assess(migraine, head_injury=injury, bleeding_risk=bleeding)
    assert (result["urgency"], result["triggers"]) == (urgency, [trigger])
    assert ("bleeding_risk" in result["answers"]) is (injury == "last_3_months")


def test_bleeding_risk_is_asked_only_after_a_head_injury(migraine):
    assert "bleeding_risk" not in assess(migraine)["answers"]


@pytest.mark.parametrize("sign", spec_oracle.URGENT)
def test_each_urgent_sign(migraine, sign):
    result = assess(migraine, urgent_signs=[sign])
    assert (result["recommendation"], result["urgency"], result["triggers"]) == (
        "doctor",
        "urgent",
        [sign],
    )
    assert result["add_on"] is None and result["options"] is None


@pytest.mark.parametrize("state", ["under_14_weeks", "14_weeks_or_more", "postpartum_6_weeks"])
def test_new_headache_in_pregnancy_or_after_birth(migraine, state):
    result = assess(migraine, pregnancy=state, pregnancy_headache_new=True)
    assert (result["urgency"], result["triggers"]) == ("urgent", ["pregnancy_new_headache"])


def test_pregnancy_question_only_when_pregnant(migraine):
    assert "pregnancy_headache_new" not in assess(migraine)["answers"]
    assert "pregnancy_headache_new" in assess(migraine, pregnancy="postpartum_6_weeks")["answers"]


@pytest.mark.parametrize("sign", ["pattern_change", "new_medicine"])
def test_each_routine_sign(migraine, sign):
    result = assess(migraine, routine_signs=[sign])
    assert (result["recommendation"], result["urgency"], result["triggers"]) == (
        "doctor",
        "routine",
        [sign],
    )
    assert result["options"] is None  # no manual therapy, not even as an add-on


def test_routine_triggers_together(migraine):
    result = assess(
        migraine, age=56, onset_age=55, routine_signs=["new_medicine", "pattern_change"]
    )
    assert set(result["triggers"]) == {"onset_after_50", "pattern_change", "new_medicine"}


def test_red_flags_outrank_each_other_by_urgency(migraine):
    result = assess(migraine, emergency_signs=["meningism"], urgent_signs=["gca"], age=16)
    assert result["urgency"] == "emergency"
    result = assess(migraine, urgent_signs=["gca"], age=16, onset_age=10)
    assert result["urgency"] == "urgent"


# --- every contraindication alone --------------------------------------------------------

CHECKLISTS = {
    "bleeding_circulation": [
        "bleeding_disorder",
        "blood_thinners",
        "blood_clot",
        "vascular_disease",
        "neck_artery_tear_history",
        "uncontrolled_blood_pressure",
    ],
    "skin_bones_recent": [
        "skin_problem_head_neck",
        "recent_surgery_head_neck",
        "recent_fracture_neck_shoulder",
        "osteoporosis",
        "lymphoedema",
        "metal_allergy",
        "oil_allergy",
    ],
    "general_health": [
        "acute_illness",
        "seizure_last_12_months",
        "epilepsy_controlled",
        "weak_immune_system",
        "diabetes_poor_healing",
        "lung_condition_or_thin_build",
        "active_cancer",
        "frail_or_severe_anxiety",
    ],
}
SINGLE_CONTRAINDICATIONS = [(q, v) for q, values in CHECKLISTS.items() for v in values]


@pytest.mark.parametrize(("question", "value"), SINGLE_CONTRAINDICATIONS)
def test_each_checklist_contraindication(migraine, question, value):
    answers = {**BASE, question: [value]}
    result = assess(migraine, **{question: [value]})
    want = spec_oracle.expected(
        {**answers, "bleeding_risk": False, "pregnancy_headache_new": False}
    )
    assert as_sets(result["options"]) == as_sets(want["options"])
    assert result["recommendation"] == want["recommendation"]


def test_a_few_contraindications_by_hand(migraine):
    thinners = assess(migraine, bleeding_circulation=["blood_thinners"])["options"]
    assert thinners["dry_needling"] == {"status": "caution", "reasons": ["blood_thinners"]}
    assert thinners["massage"] == {
        "status": "modified",
        "reasons": [],
        "modifications": ["light_pressure"],
    }
    clot = assess(migraine, bleeding_circulation=["blood_clot"])
    assert clot["options"]["dry_needling"]["status"] == "caution"
    assert clot["options"]["massage"]["status"] == "excluded"
    assert (clot["recommendation"], clot["triggers"]) == ("doctor", ["no_manual_option"])


@pytest.mark.parametrize(
    ("needles", "reason"),
    [("prefer_not", "needles_prefer_not"), ("very_afraid", "needles_very_afraid")],
)
def test_needle_feelings(migraine, needles, reason):
    result = assess(migraine, needles=needles)
    assert result["options"]["dry_needling"] == {"status": "excluded", "reasons": [reason]}
    assert (result["recommendation"], result["alternative"]) == ("massage", None)


def test_fainted_with_needles_is_caution(migraine):
    result = assess(migraine, fainted_with_needles=True)
    assert result["options"]["dry_needling"] == {
        "status": "caution",
        "reasons": ["fainted_with_needles"],
    }
    assert result["recommendation"] == "massage"


def test_cannot_consent_excludes_both(migraine):
    result = assess(migraine, can_consent=False)
    assert result["options"]["dry_needling"]["reasons"] == ["cannot_consent"]
    assert result["options"]["massage"]["reasons"] == ["cannot_consent"]
    assert result["triggers"] == ["no_manual_option"]


def test_no_neck_component_means_not_indicated(migraine):
    result = assess(migraine, neck_signs=["reduced_neck_movement"])
    assert result["options"]["dry_needling"] == {
        "status": "not_indicated",
        "reasons": ["no_neck_component"],
    }
    assert result["recommendation"] == "massage"
    assert (
        assess(migraine, neck_signs=[], pain_location="starts_in_neck")["recommendation"]
        == "dry_needling"
    )


def test_touch_hurts_means_between_attacks(migraine):
    result = assess(migraine, attack_symptoms=["touch_hurts"])
    assert result["options"]["massage"]["modifications"] == ["between_attacks"]
    assert result["recommendation"] == "dry_needling"


# --- where two rules meet ----------------------------------------------------------------


def test_blood_thinners_and_lymphoedema(migraine):
    result = assess(
        migraine, bleeding_circulation=["blood_thinners"], skin_bones_recent=["lymphoedema"]
    )
    assert result["options"]["dry_needling"] == {"status": "excluded", "reasons": ["lymphoedema"]}
    assert set(result["options"]["massage"]["modifications"]) == {
        "light_pressure",
        "avoid_lymphoedema_area",
    }
    assert result["recommendation"] == "massage"


def test_early_pregnancy_and_needle_fear(migraine):
    result = assess(migraine, pregnancy="under_14_weeks", needles="very_afraid")
    assert set(result["options"]["dry_needling"]["reasons"]) == {
        "needles_very_afraid",
        "pregnancy_under_14_weeks",
    }
    assert result["options"]["massage"]["modifications"] == ["pregnancy_adapted"]
    assert result["recommendation"] == "massage"


def test_later_pregnancy_is_caution_for_needling(migraine):
    result = assess(migraine, pregnancy="14_weeks_or_more")
    assert result["options"]["dry_needling"] == {
        "status": "caution",
        "reasons": ["pregnancy_14_weeks_or_more"],
    }


def test_postpartum_without_new_headache_changes_nothing(migraine):
    assert assess(migraine, pregnancy="postpartum_6_weeks")["recommendation"] == "dry_needling"


def test_uncontrolled_blood_pressure_is_doctor_first(migraine):
    """The 1.1 case: uncontrolled blood pressure with a neck-related headache was dry
    needling with "no doctor needed" in 1.0."""
    result = assess(migraine, bleeding_circulation=["uncontrolled_blood_pressure"])
    assert (result["recommendation"], result["urgency"], result["add_on"]) == (
        "doctor",
        "routine",
        None,
    )
    assert result["triggers"] == ["uncontrolled_blood_pressure"]
    assert result["options"]["dry_needling"] == {
        "status": "caution",
        "reasons": ["uncontrolled_blood_pressure"],
    }
    assert result["options"]["massage"] == {
        "status": "excluded",
        "reasons": ["uncontrolled_blood_pressure"],
        "modifications": [],
    }


def test_uncontrolled_blood_pressure_with_other_doctor_first_reasons(migraine):
    result = assess(
        migraine,
        diagnosed=False,
        headache_days=20,
        bleeding_circulation=["uncontrolled_blood_pressure"],
    )
    assert set(result["triggers"]) == {
        "not_diagnosed",
        "chronic_headache",
        "uncontrolled_blood_pressure",
    }
    assert result["add_on"] is None


# --- review first (SPEC 1.1 section 6) ------------------------------------------------------

REVIEW_FIRST = {
    "first_attack": {"attack_count": "one"},
    "began_with_neck_injury": {"neck_signs": ["neck_pain", "began_with_neck_injury"]},
}


@pytest.mark.parametrize("trigger", REVIEW_FIRST)
def test_each_review_first_trigger_alone(migraine, trigger):
    result = assess(migraine, **REVIEW_FIRST[trigger])
    assert (result["recommendation"], result["urgency"]) == ("doctor", "routine")
    assert (result["add_on"], result["alternative"]) == (None, None)
    assert result["triggers"] == [trigger]
    # Options, profile and scores are still reported: dry needling itself would be suitable.
    assert result["options"]["dry_needling"]["status"] == "suitable"
    assert result["scores"] == {"midas": 5}
    assert "neck_component" in result["profile"]


def test_both_review_first_triggers(migraine):
    result = assess(
        migraine, **REVIEW_FIRST["first_attack"], **REVIEW_FIRST["began_with_neck_injury"]
    )
    assert set(result["triggers"]) == {"first_attack", "began_with_neck_injury"}


def test_review_first_lists_every_doctor_first_reason_too(migraine):
    result = assess(migraine, attack_count="one", diagnosed=False)
    assert set(result["triggers"]) == {"first_attack", "not_diagnosed"}
    assert result["add_on"] is None
    result = assess(
        migraine,
        neck_signs=["began_with_neck_injury"],
        headache_days=16,
        triptan_days=10,
        **_midas(21),
        bleeding_circulation=["uncontrolled_blood_pressure"],
    )
    assert set(result["triggers"]) == {
        "began_with_neck_injury",
        "chronic_headache",
        "medication_overuse",
        "midas_grade_4",
        "uncontrolled_blood_pressure",
    }
    result = assess(migraine, attack_count="one", headache_days=3, triptan_days=10)
    assert set(result["triggers"]) == {"first_attack", "frequent_painkillers"}


def test_review_first_wins_over_doctor_first_with_a_treatment_alongside(migraine):
    doctor_first = assess(migraine, diagnosed=False)
    assert doctor_first["add_on"] == "dry_needling"
    review_first = assess(migraine, diagnosed=False, attack_count="one")
    assert (review_first["recommendation"], review_first["add_on"]) == ("doctor", None)


def test_review_first_even_when_no_treatment_fits(migraine):
    result = assess(migraine, attack_count="one", can_consent=False)
    assert result["triggers"] == ["first_attack"]  # not no_manual_option
    assert result["options"]["massage"]["status"] == "excluded"


def test_red_flags_still_win_over_review_first(migraine):
    first = REVIEW_FIRST["first_attack"]
    assert assess(migraine, emergency_signs=["thunderclap"], **first)["urgency"] == "emergency"
    urgent = assess(
        migraine, urgent_signs=["neck_artery"], **REVIEW_FIRST["began_with_neck_injury"]
    )
    assert (urgent["urgency"], urgent["triggers"], urgent["options"]) == (
        "urgent",
        ["neck_artery"],
        None,
    )
    routine = assess(migraine, routine_signs=["pattern_change"], **first)
    assert (routine["triggers"], routine["options"]) == (["pattern_change"], None)
    new_after_50 = assess(migraine, age=60, onset_age=59, **first)
    assert new_after_50["triggers"] == ["onset_after_50"]


def test_doctor_first_with_massage_add_on_and_none(migraine):
    result = assess(migraine, diagnosed=False, needles="prefer_not")
    assert (result["recommendation"], result["add_on"]) == ("doctor", "massage")
    result = assess(migraine, diagnosed=False, can_consent=False)
    assert (result["recommendation"], result["add_on"], result["triggers"]) == (
        "doctor",
        None,
        ["not_diagnosed"],
    )


def test_caution_and_modified_massage(migraine):
    result = assess(migraine, general_health=["active_cancer"])
    assert result["options"]["dry_needling"] == {"status": "caution", "reasons": ["active_cancer"]}
    assert result["options"]["massage"]["modifications"] == ["no_deep_pressure"]
    assert result["recommendation"] == "massage"


# --- properties against the independent reading of the SPEC -------------------------------


@st.composite
def answer_sets(draw, flow):
    questions = flow.tree.questions()
    answers = {qid: draw(answer_strategy(q)) for qid, q in questions.items()}
    answers["onset_age"] = draw(st.integers(0, answers["age"]))
    if draw(st.booleans()):
        answers["age"] = draw(st.integers(18, 120))
        answers["onset_age"] = draw(st.integers(0, min(answers["age"], 49)))
    return answers


# The clinical property: twice the profile's search.
@settings(max_examples=examples(2), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_tree_agrees_with_the_spec_oracle(migraine, data):
    answers = data.draw(answer_sets(migraine))
    session = Session(migraine)
    session.fill(answers)
    result = session.result().contract()
    want = spec_oracle.expected(answers)
    for field, value in want.items():
        assert as_sets(result[field]) == as_sets(value), field
    # Safety properties, stated on their own.
    if answers["emergency_signs"]:
        assert result["urgency"] == "emergency"
    if result["urgency"] in ("emergency", "urgent") or result["options"] is None:
        assert result["recommendation"] == "doctor" and result["add_on"] is None
    options = result["options"] or {}
    offered = {result["recommendation"], result["add_on"], result["alternative"]}
    if "dry_needling" in offered:
        assert options["dry_needling"]["status"] == "suitable"
    if "massage" in offered:
        assert options["massage"]["status"] != "excluded"
    # Only questions on the path are exported.
    assert set(result["answers"]) <= set(result["path"])
    # What matters to the person is asked exactly on the walks that reach the safety checks.
    assert ("priorities" in result["answers"]) is (result["options"] is not None)


PRIORITIES = [
    "strong_evidence",
    "few_side_effects",
    "few_visits",
    "avoid_medicines",
    "low_cost",
    "quick_start",
]


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.data(),
    first=st.lists(st.sampled_from(PRIORITIES), unique=True),
    second=st.lists(st.sampled_from(PRIORITIES), unique=True),
)
def test_priorities_never_change_the_result(migraine, data, first, second):
    """Values clarification is recorded, never read: the same answers with other priorities
    give the same result, field for field, but for the answer itself."""
    answers = data.draw(answer_sets(migraine))
    results = []
    for priorities in (first, second):
        session = Session(migraine)
        session.fill({**answers, "priorities": priorities})
        results.append(session.result().contract())
    one, two = results
    if "priorities" in one["answers"]:
        assert one["answers"].pop("priorities") == [v for v in PRIORITIES if v in first]
        assert two["answers"].pop("priorities") == [v for v in PRIORITIES if v in second]
    assert one == two


def test_priorities_are_the_decisions_values_question(migraine):
    question = migraine.tree.questions()["priorities"]
    assert migraine.tree.main.decision.priorities == "priorities"
    assert (question.type, question.option_values) == ("multi", PRIORITIES)
    assert question.text == "What matters most to you in a treatment?"
    session = Session(migraine)
    session.fill({k: v for k, v in BASE.items() if k != "priorities"})
    assert session.current_id == "priorities"  # after the safety checks, before the result
    assert session.answers().keys() >= {"general_health", "can_consent"}
    session.answer([])  # nothing in particular is a valid answer
    assert session.finished


# --- the tree as a whole -----------------------------------------------------------------


def test_validates_without_warnings(migraine):
    assert migraine.warnings == []


def test_red_flags_dominate_every_treatment_outcome(migraine):
    dominates = Dominance(migraine.graph, migraine.tree.start)
    red_flags = [
        "emergency_signs",
        "head_injury",
        "age",
        "urgent_signs",
        "pregnancy",
        "onset_age",
        "routine_signs",
    ]
    offering = [
        n
        for n in migraine.tree.nodes.values()
        if isinstance(n, Outcome) and n.offers & {"dry_needling", "massage"}
    ]
    assert len(offering) == 4
    for outcome in offering:
        assert all(dominates(q, outcome.id) for q in red_flags), outcome.id


def test_emergency_is_the_first_question(migraine):
    assert migraine.tree.start == "emergency_signs"


def test_every_spec_question_is_in_the_tree(migraine):
    spec = (ROOT.parent / "shared" / "clinical" / "SPEC.md").read_text(encoding="utf-8")
    questions = migraine.tree.questions()
    for qid in re.findall(r"^\| `([a-z_0-9]+)` \| (?:boolean|single|multi|number)", spec, re.M):
        assert qid in questions, qid
    assert len(questions) == 33


def test_every_spec_source_is_in_the_bibliography(migraine):
    text = " ".join(
        f"{key} {s.authors} {s.title} {s.published_in} {s.year}"
        for key, s in migraine.tree.sources.items()
    ).lower()
    named_in_spec = [
        "SNNOOP10",
        "CG150",
        "NHS",
        "ICHD-3",
        "MIDAS",
        "IFOMPT",
        "giant cell arteritis",
        "Contraceptive",
        "American Physical Therapy",
        "Irish Society",
        "Australian Society",
        "Brady",
        "Complementary and Integrative",
        "Massage Professionals",
        "Pourahmadi",
        "Kandeel",
        "Gildir",
        "Rezaeian",
        "Chaibi",
        "Lawler",
        "Hernandez-Reif",
    ]
    for name in named_in_spec:
        assert name.lower() in text, name


def test_multi_questions_fit_an_80x24_screen(migraine):
    for question in migraine.tree.questions().values():
        if question.type == "multi":
            assert len(question.options) <= 9, question.id  # digits 1-9 reach every option


def test_the_tree_encodes_the_spec_version_the_vignettes_are_read_against(migraine):
    """The shipped tree's major.minor version is the SPEC's, so the vignettes (written for
    that SPEC) are tested against the tree that says it encodes it."""
    spec = (ROOT.parent / "shared" / "clinical" / "SPEC.md").read_text(encoding="utf-8")
    found = re.search(r"^Version (\d+\.\d+) ", spec, re.MULTILINE)
    assert found, "SPEC.md names no version"
    assert migraine.tree.main.version.rsplit(".", 1)[0] == found[1]
