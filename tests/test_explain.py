"""Results in the tree's words: labels for every trigger, status, change, profile and score,
in each mode, and the typed explanation that is saved and read back."""

from __future__ import annotations

import json

import pytest

from decisionaid.engine import Session
from decisionaid.explain import answer_in_words, cite, explain
from decisionaid.explanation import Explanation, ExplanationError
from decisionaid.model import Source
from tests.fixtures.answers import CASES
from tests.trees.test_migraine import BASE


def result_for(flow, **changes):
    session = Session(flow)
    session.fill({**BASE, **changes})
    return session.result()


def test_triggers_from_checklists_use_the_option_label(migraine):
    session = Session(migraine)
    session.answer(["red_eye"])
    words = explain(migraine.tree, session.result()).result
    assert words.reasons == [
        "One eye is red and painful, with blurred vision or haloes around lights"
    ]
    assert words.urgency == "emergency" and words.options == [] and not words.assessed


def test_options_modifications_profile_and_scores_in_words(migraine):
    words = explain(
        migraine.tree,
        result_for(migraine, bleeding_circulation=["blood_thinners"], headache_days=16),
    ).result
    assert words.add_on == "Massage"
    assert words.reasons == ["Headaches on 15 or more days a month (chronic headache)"]
    treatments = {o.id: o for o in words.options if o.status}
    assert (treatments["dry_needling"].status, treatments["dry_needling"].reasons) == (
        "caution",
        ["You take a blood thinner"],
    )
    assert treatments["massage"].modifications[0].startswith("Light pressure only")
    assert treatments["massage"].role == "add_on"
    assert words.profile[0].label == "Tension-type headache"
    assert (words.scores[0].label, words.scores[0].value) == ("MIDAS score", 5)
    assert any(s.text.startswith("Stewart WF") for s in words.sources)


def test_a_number_answer_with_its_unit_as_people_write_it(migraine):
    questions = migraine.tree.questions()
    assert answer_in_words(questions["midas_work_missed"], 1) == "1 day"
    assert answer_in_words(questions["midas_work_missed"], 0) == "0 days"
    assert answer_in_words(questions["headache_days"], 1) == "1 day a month"
    assert answer_in_words(questions["headache_days"], 6) == "6 days a month"
    assert answer_in_words(questions["age"], 1) == "1 year"


def test_intake_answers_put_the_clinical_term_beside_never_in_nested_parentheses(migraine):
    questions = migraine.tree.questions()
    assert answer_in_words(questions["pain_location"], "both_sides", intake=True) == (
        "On both sides, or all over (Bilateral)"
    )
    shown = answer_in_words(questions["pain_intensity"], "moderate", intake=True)
    assert shown == "Moderate — it gets in the way of what I do [Moderate (activity limited)]"
    assert answer_in_words(questions["pain_intensity"], "moderate") == (
        "Moderate — it gets in the way of what I do"
    )


def test_a_ticked_warning_sign_cites_its_own_source(migraine):
    session = Session(migraine)
    session.fill({"emergency_signs": [], "head_injury": "none", "age": 70})
    session.answer(["gca"])
    cited = " ".join(s.text for s in explain(migraine.tree, session.result()).result.sources)
    assert "giant cell arteritis" in cited
    assert "Contraceptive" not in cited and "cervical region" not in cited


def test_limited_words_keep_what_it_is_like_when_they_give_none(migraine):
    """`limited` swaps the description that names an area; what it is like stays."""
    words = explain(
        migraine.tree, result_for(migraine, bleeding_circulation=["neck_artery_tear_history"])
    ).result
    massage = next(o for o in words.options if o.id == "massage")
    usual = migraine.tree.main.recommendations["massage"]
    assert massage.text == " ".join(usual.limited.text.split())
    assert massage.what_it_is_like == " ".join(usual.what_it_is_like.split())


def explained(flow, case, mode="self", **changes):
    session = Session(flow)
    session.fill({**CASES[case], **changes})
    return explain(flow.tree, session.result(), mode)


def test_the_decision_options_and_priorities(aid):
    words = explained(aid, "needling_or_massage").result
    assert words.decision == "Which treatment, if any, do you want to try for your headaches?"
    assert [o.id for o in words.options] == ["self_care", "doctor", "dry_needling", "massage"]
    assert [o.role for o in words.options] == [None, None, "recommendation", "alternative"]
    assert words.priorities == ["Few side effects"]
    assert explained(aid, "needling_or_massage", priorities=[]).result.priorities == []
    assert explained(aid, "urgent").result.priorities is None


def test_intake_words_come_from_the_tree(aid):
    words = explained(aid, "needling_or_massage", "intake", priorities=["strong_evidence"])
    assert words.mode == "intake"
    assert words.result.title == "Dry needling indicated; massage as an alternative"
    assert words.result.decision == "Which treatment, if any, the patient wants to try."
    assert words.result.priorities == ["Strength of evidence"]
    assert words.result.options[0].label == "Self-management"
    assert words.result.profile[0].label == "Tension-type headache (ICHD-3 2)"


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("mode", ["self", "intake"])
def test_the_saved_form_reads_back_into_the_same_type(aid, case, mode):
    words = explained(aid, case, mode)
    saved = json.loads(json.dumps(words.to_data()))
    assert saved["format"] == 2
    assert Explanation.from_data(saved) == words


def test_a_first_release_record_reads_into_the_same_type():
    from tests.trees.test_older_versions import RECORD

    words = Explanation.from_data(RECORD["explanation"])
    assert words.format == 1 and words.mode is None and words.about is None
    assert words.result.recommendation == RECORD["explanation"]["recommendation"]
    again = Explanation.from_data(json.loads(json.dumps(words.to_data())))
    assert again.result == words.result and again.format == 2  # re-saved in today's shape


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "not a JSON object"),
        ({"format": 3}, "format 3"),
        ({"format": 2, "mode": "self", "result": {"title": "x"}}, "damaged"),
        ({"title": "1.0.0 without the rest"}, "damaged"),
    ],
)
def test_an_explanation_that_cannot_be_read_says_why(data, message):
    with pytest.raises(ExplanationError, match=message):
        Explanation.from_data(data)


def test_cite():
    source = Source(authors="A B", year=2020, title="A title.", published_in="J 1:2", doi="10.1/x")
    assert cite(source) == "A B (2020). A title. J 1:2. doi:10.1/x"
    assert (
        cite(Source(authors="Org", title="Page", url="https://x.org")) == "Org. Page. https://x.org"
    )
