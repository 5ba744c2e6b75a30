"""Results in words: labels for every trigger, status, change, profile and score."""

from __future__ import annotations

from decisionaid.engine import Session
from decisionaid.explain import cite, explain, render_text
from decisionaid.model import Source
from tests.trees.test_migraine import BASE


def result_for(flow, **changes):
    session = Session(flow)
    session.fill({**BASE, **changes})
    return session.result()


def test_triggers_from_checklists_use_the_option_label(migraine):
    session = Session(migraine)
    session.answer(["red_eye"])
    words = explain(migraine.tree, session.result())
    assert words.reasons == [
        "One eye is red and painful, with blurred vision or haloes around lights"
    ]
    assert words.urgency_words == "Emergency: act now"


def test_options_modifications_profile_and_scores_in_words(migraine):
    words = explain(
        migraine.tree,
        result_for(migraine, bleeding_circulation=["blood_thinners"], headache_days=16),
    )
    assert words.add_on == "Massage"
    assert words.reasons == ["Headaches on 15 or more days a month (chronic headache)"]
    needling, massage = words.options
    assert (needling.status, needling.reasons) == ("caution", ["You take a blood thinner"])
    assert massage.modifications[0].startswith("Light pressure only")
    assert words.profile[0] == "Tension-type headache"
    assert "Headaches on 15 or more days a month (chronic headache)" in words.profile
    assert (words.scores[0].label, words.scores[0].value) == ("MIDAS score", 5)
    assert words.safety_net[-1] == "If your headaches change, see a doctor."
    assert any(s.startswith("Stewart WF") for s in words.sources)


def test_render_text_has_every_part(migraine):
    text = render_text(migraine.tree, result_for(migraine, attack_symptoms=["touch_hurts"]))
    for part in [
        "Recommendation: Dry needling",
        "Alternative: Massage",
        "The options for you:",
        "change: Book sessions between attacks",
        "may be consistent with",
        "MIDAS score: 5",
        "Safety net:",
        "Sources:",
        "does not give a diagnosis",
    ]:
        assert part in text, part
    assert max(len(line) for line in text.splitlines()) <= 78


def test_cite():
    source = Source(authors="A B", year=2020, title="A title.", published_in="J 1:2", doi="10.1/x")
    assert cite(source) == "A B (2020). A title. J 1:2. doi:10.1/x"
    assert (
        cite(Source(authors="Org", title="Page", url="https://x.org")) == "Org. Page. https://x.org"
    )
