"""Results in the tree's words: labels for every trigger, status, change, profile and score,
in each mode, and the typed explanation that is saved and read back."""

from __future__ import annotations

import json

import pytest

from decisionaid.engine import Session
from decisionaid.explain import cite, explain
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
