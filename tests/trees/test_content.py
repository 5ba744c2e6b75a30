"""The shipped tree's patient-facing content (SPEC 1.1 sections 1-2, 5, 8 and 10).

Decision support (IPDAS qualifying criteria), the safety net, wording a worried person reads
right, therapist intake wording, and sources a clinician can trust. Rules are tested in
test_migraine.py; readability in test_readability.py.
"""

from __future__ import annotations

import re

import pytest

from decisionaid.engine import Session
from decisionaid.explain import explain
from decisionaid.model import Outcome, Question, SafetyNetGroup
from tests.conftest import ROOT
from tests.trees.test_migraine import BASE

TREE_FILES = [
    ROOT / "trees" / "migraine.yaml",
    *sorted((ROOT / "trees" / "migraine").glob("*.yaml")),
]
WORD = re.compile(r"[a-z']+")


def words_of(text: str) -> set[str]:
    return set(WORD.findall(text.lower()))


def outcomes(tree) -> dict[str, Outcome]:
    return {k: n for k, n in tree.nodes.items() if isinstance(n, Outcome)}


def shown_facts(tree) -> set[str]:
    """Facts a result can show: triggers, option reasons and changes, and the profile."""
    shown = {t for o in outcomes(tree).values() for t in o.triggers if isinstance(t, str)}
    for therapy in tree.therapies.values():
        for rule in therapy.rules:
            shown |= set(rule.reasons) | set(rule.modifications)
    return shown | set(tree.main.profile)


# --- decision support (SPEC 1.1 section 10) -------------------------------------------------


def test_the_decision_is_the_persons_with_the_suggestion_as_a_start(migraine):
    decision = migraine.tree.main.decision
    assert decision.options == ["self_care", "doctor", "dry_needling", "massage"]
    assert "your choice" in decision.text
    assert "based on your answers" in decision.text.lower()
    assert "may suit you best" in decision.text
    assert "self-care" in decision.text
    assert "patient" in decision.intake.text


@pytest.mark.parametrize("option", ["self_care", "doctor", "dry_needling", "massage"])
def test_each_option_says_what_it_is_like_its_benefits_certainty_and_harms(migraine, option):
    rec = migraine.tree.main.recommendations[option]
    for field in ("label", "text", "what_it_is_like", "benefits", "certainty", "harms"):
        assert getattr(rec, field), f"{option} has no {field}"
    assert rec.sources, f"{option} cites nothing"


def test_dry_needling_harms_carry_the_numbers_of_the_evidence(migraine):
    rec = migraine.tree.main.recommendations["dry_needling"]
    harms = " ".join(rec.harms.split())
    for number in ["7,629", "1 in 2,500", "1 in 5", "19%", "7.6%", "4.7%", "3.0%", "2.2%"]:
        assert number in harms, number
    assert "under-counted" in harms
    assert "collapsed lung" in harms
    assert "brady_2014" in rec.sources
    assert {"pourahmadi_2021", "kandeel_2024"} <= set(rec.sources)
    assert "30 minutes" in rec.what_it_is_like
    assert "trained physical therapist" in rec.text


def test_massage_self_care_and_doctor_say_what_the_spec_says(migraine):
    recs = migraine.tree.main.recommendations
    assert "day or two" in recs["massage"].harms and "rare" in recs["massage"].harms
    assert "30 to 60 minutes" in recs["massage"].what_it_is_like
    assert {"chaibi_2011", "lawler_2006"} <= set(recs["massage"].sources)
    care = " ".join(
        getattr(recs["self_care"], f) for f in ("text", "what_it_is_like", "benefits", "harms")
    )
    for habit in ["sleep", "meals", "exercise", "diary", "painkillers"]:
        assert habit in care, habit
    assert "not be enough" in recs["self_care"].harms  # its limits, honestly
    doctor = " ".join(getattr(recs["doctor"], f) for f in ("text", "benefits"))
    for can in ["check the cause", "confirm the type", "treatment", "prevent"]:
        assert can in doctor, can


def test_about_this_aid(migraine):
    about = migraine.tree.main.about
    assert about.author == "The decisionaid project"
    assert about.funding.startswith("None")
    assert about.conflicts_of_interest.startswith("None")
    assert (about.evidence_reviewed, about.next_review) == ("2026-11", "2027-11")
    assert "guidelines" in about.evidence


@pytest.mark.parametrize(
    "fact",
    [
        "migraine_without_aura",
        "migraine_with_aura",
        "tension_type",
        "chronic_headache",
        "medication_overuse",
        "neck_component",
    ],
)
def test_each_profile_is_explained_in_a_voice_for_both_modes(migraine, fact):
    """Neutral words (a person and a therapist both read them), and "not a diagnosis" said
    once, by the layout above the profile, rather than again in each explanation."""
    assert fact in migraine.tree.main.profile
    explanation = " ".join(migraine.tree.facts[fact].explanation.split())
    assert len(re.findall(r"[.!?](\s|$)", explanation)) >= 2  # a few plain sentences
    assert not SECOND_PERSON.search(explanation), fact
    assert "not a diagnosis" not in explanation and "may be consistent" not in explanation


def test_the_profile_is_introduced_as_may_be_consistent_with_never_a_diagnosis():
    from decisionaid.layout import INTAKE, SELF

    for voice in (SELF, INTAKE):
        assert "may be consistent with" in voice.condition_intro
        assert "not a diagnosis" in voice.condition_intro


@pytest.mark.parametrize("option", ["self_care", "doctor", "dry_needling", "massage"])
def test_each_option_reads_right_in_both_modes(migraine, option):
    """Every option has its clinical name for intake, and its words are neutral: they speak
    to neither "you" nor "the patient", so they read right to both."""
    rec = migraine.tree.main.recommendations[option]
    assert rec.clinical and rec.clinical != rec.label, option
    assert not rec.clinical.endswith(")"), option  # a card's tag follows it in parentheses
    for field in ("text", "what_it_is_like", "benefits", "certainty", "harms"):
        assert not SECOND_PERSON.search(getattr(rec, field)), f"{option}.{field}"
    if rec.limited:
        assert not SECOND_PERSON.search(rec.limited.text), option


# --- the safety net (SPEC 1.1 section 8) ------------------------------------------------------


def test_the_safety_net_is_two_headed_groups_and_the_change_line(migraine):
    net = migraine.tree.main.safety_net
    groups = [g for g in net if isinstance(g, SafetyNetGroup)]
    assert [g.urgency for g in groups] == ["emergency", "urgent"]
    assert "emergency number" in groups[0].heading
    assert "within a day" in groups[1].heading
    assert "If your headaches change, see a doctor." in net
    for group in groups:
        assert all(len(item.split()) <= 35 for item in group.items)  # short items, no paragraph


# Each emergency and urgent sign, and words it must keep in the safety net (its qualifiers).
SIGNS = {
    "thunderclap": ["suddenly", "within 5 minutes"],
    "neuro_deficit": ["new weakness", "numbness", "drooping face"],
    "neuro_deficit_sight": ["new loss of sight", "double vision", "loss of balance"],
    "neuro_deficit_speech": ["new trouble speaking", "follow what people say"],
    "consciousness": ["drowsy", "hard to wake", "fit"],
    "meningism": ["fever", "stiff neck", "does not fade under a glass"],
    "red_eye": ["one eye is red and painful", "haloes"],
    "head_injury_recent": ["blow to the head in the last 7 days"],
    "head_injury_bleeding_risk": [
        "blood thinners or have a bleeding disorder, and had a blow to the head in the last 3 "
        "months"
    ],
    "gca": ["50 or over", "jaw pain when chewing"],
    "fever_unwell": ["fever or feel unwell", "getting worse"],
    "cancer_or_immune": ["a new headache", "cancer or HIV", "weaken the immune system"],
    "cough_or_posture": ["coughing", "lie down or stand up"],
    "progressive": ["getting worse over days or weeks", "being sick"],
    "atypical_aura": ["more than an hour", "first aura with no headache", "combined pill"],
    "eye_autonomic": ["around one eye", "never checked"],
    "neck_artery": ["new, unusual neck pain", "neck injury or neck manipulation"],
    "papilloedema": ["back of your eye looks swollen"],
    "head_injury": ["blow to the head in the last 3 months"],
    "pregnancy_new_headache": ["pregnant or gave birth in the last 6 weeks", "new or different"],
}


EMERGENCY_SIGNS = {
    "thunderclap",
    "neuro_deficit",
    "neuro_deficit_sight",
    "neuro_deficit_speech",
    "consciousness",
    "meningism",
    "red_eye",
    "head_injury_recent",
    "head_injury_bleeding_risk",
}


@pytest.mark.parametrize("sign", SIGNS)
def test_every_warning_sign_is_in_the_safety_net_with_its_qualifiers(migraine, sign):
    groups = [g for g in migraine.tree.main.safety_net if isinstance(g, SafetyNetGroup)]
    want = "emergency" if sign in EMERGENCY_SIGNS else "urgent"
    group = next(g for g in groups if g.urgency == want)
    items = [" ".join(item.split()) for item in group.items]
    assert any(all(part in item for part in SIGNS[sign]) for item in items), SIGNS[sign]


# --- wording a worried person reads right (SPEC 1.1 sections 1, 2, 5, 8) ----------------------


def q(migraine, qid) -> Question:
    return migraine.tree.questions()[qid]


def test_the_emergency_question_covers_now_and_this_headache(migraine):
    text = q(migraine, "emergency_signs").text
    assert text == "Is any of these happening now, or did it happen with this headache?"


def test_no_after_a_head_injury_covers_an_old_blow(migraine):
    none = q(migraine, "head_injury").options[0]
    assert none.value == "none" and "more than 3 months ago" in none.label


def test_urgent_signs_help_does_not_reassure(migraine):
    help_text = " ".join(q(migraine, "urgent_signs").help.split())
    assert "ambulance" not in help_text and "do not need" not in help_text
    assert "today or tomorrow" in help_text
    assert "emergency number" in help_text


def test_painkiller_questions_in_plain_words(migraine):
    simple = " ".join(q(migraine, "simple_painkiller_days").text.split())
    assert "paracetamol" in simple and "acetaminophen" in simple
    assert "low dose of aspirin" in simple and "heart" in simple
    triptan = " ".join(q(migraine, "triptan_days").text.split())
    assert "triptan" in triptan and "such as sumatriptan" in triptan
    assert not re.search(r"\bergots?\b", triptan, re.I)
    assert "combination" not in triptan.lower()
    assert "tablet with two medicines in it" in triptan


def test_aura_is_explained_where_it_is_first_used(migraine):
    """On the way through the questions, the first text that says 'aura' explains it."""
    for question in _questions_in_walk_order(migraine):
        texts = [question.text, *(o.label for o in question.options)]
        first = next((t for t in texts if "aura" in t.lower()), None)
        if first is not None:
            assert "flashing lights" in first and "zigzag" in first, question.id
            return
    pytest.fail("no question mentions an aura")


def _questions_in_walk_order(migraine):
    """The questions of a walk that reaches the result, in the order they are asked."""
    session = Session(migraine)
    session.fill(BASE)
    questions = migraine.tree.questions()
    return [questions[qid] for qid in session.answered_ids()]


def test_papilloedema_in_plain_words_and_clinical_words_for_intake(migraine):
    option = next(o for o in q(migraine, "urgent_signs").options if o.value == "papilloedema")
    assert not re.search(r"papill|optic disc|clinician", option.label, re.I)
    assert "back of my eye" in option.label
    assert option.clinical.startswith("Papilloedema")


def test_consent_is_asked_of_you_and_of_the_patient_in_intake(migraine):
    question = q(migraine, "can_consent")
    assert question.text.startswith("Can you understand")
    assert "patient" in question.intake.text


def test_a_preference_is_never_called_unsafe(migraine):
    tree = migraine.tree
    texts = [o.text for o in outcomes(tree).values()] + [f.label for f in tree.facts.values()]
    texts += [r.text or "" for t in tree.therapies.values() for r in t.rules]
    for text in texts:
        assert not re.search(r"\bsafe choice\b|\bunsafe\b", text, re.I), text
    assert "your choice" in tree.facts["needles_prefer_not"].label


AREA_CHANGES = {"no_neck_massage", "avoid_lymphoedema_area", "no_front_side_neck_pressure"}


def test_massage_text_never_promises_an_area_a_change_may_rule_out(migraine):
    """SPEC 1.1 section 8: the usual words name the neck, shoulders and scalp; every change
    that rules out an area swaps them for words that name none (recommendation `limited`),
    and the result's own text promises no area either."""
    tree = migraine.tree
    massage = tree.main.recommendations["massage"]
    assert "usually the neck and shoulders and the scalp" in " ".join(massage.text.split())
    area_facts = {
        name
        for name, fact in tree.facts.items()
        if fact.category == "modification" and re.search(r"neck|area", fact.label, re.I)
    }
    assert area_facts == AREA_CHANGES
    assert set(massage.limited.modifications) == AREA_CHANGES
    assert not re.search(r"neck|shoulder|scalp", massage.limited.text, re.I)
    assert massage.limited.what_it_is_like is None  # the usual one names no area
    assert not re.search(r"neck|shoulder|scalp", massage.what_it_is_like, re.I)
    body = " ".join(tree.nodes["massage_fits"].text.split())
    assert "usually" in body and "If a change below rules out an area" in body
    for change in AREA_CHANGES:
        session = Session(migraine)
        checklist = "skin_bones_recent" if change == "avoid_lymphoedema_area" else None
        ticked = {
            "no_neck_massage": "neck_artery_tear_history",
            "avoid_lymphoedema_area": "lymphoedema",
            "no_front_side_neck_pressure": "vascular_disease",
        }[change]
        answers = {**BASE, checklist or "bleeding_circulation": [ticked]}
        session.fill(answers)
        shown = next(o for o in explain(tree, session.result()).result.options if o.id == "massage")
        assert change in session.result().options["massage"].modifications
        assert not re.search(r"neck|shoulder|scalp", shown.text + shown.what_it_is_like, re.I)


def test_every_checklist_has_its_own_question_text(migraine):
    texts = [" ".join(question.text.split()) for question in migraine.tree.questions().values()]
    assert len(texts) == len(set(texts))


DRY_NEEDLING_PLACES = [
    "the base of the skull (suboccipitals)",
    "the top of the shoulders (upper trapezius)",
    "the side of the neck (sternocleidomastoid, splenius capitis)",
    "the temples (temporalis)",
]


def test_dry_needling_results_name_the_places_and_who_does_it(migraine):
    tree = migraine.tree
    results = [o for o in outcomes(tree).values() if "dry_needling" in o.offers]
    assert len(results) == 2  # dry needling with massage as the alternative, or as an add-on
    for text in [o.text for o in results] + [tree.main.recommendations["dry_needling"].text]:
        flat = " ".join(text.split())
        assert "trained physical therapist" in flat
        for place in DRY_NEEDLING_PLACES:
            assert place in flat, place


# --- therapist intake wording --------------------------------------------------------------

SECOND_PERSON = re.compile(r"\b(you|your|yours|yourself)\b", re.I)


def test_every_question_and_outcome_has_intake_wording_in_the_third_person(migraine):
    for node_id, node in migraine.tree.nodes.items():
        if not isinstance(node, Question | Outcome):
            continue
        assert node.intake and node.intake.text, f"{node_id} has no intake text"
        assert not SECOND_PERSON.search(node.intake.text), node_id
        if node.help and SECOND_PERSON.search(node.help):
            assert node.intake.help, f"{node_id}: its help says 'you' but intake has none"
        if node.intake.help:
            assert not SECOND_PERSON.search(node.intake.help), node_id
        if isinstance(node, Outcome):
            assert node.intake.title and not SECOND_PERSON.search(node.intake.title), node_id


def test_every_fact_a_result_can_show_has_a_clinical_label(migraine):
    tree = migraine.tree
    for fact in shown_facts(tree):
        assert tree.facts[fact].clinical, fact
        assert not SECOND_PERSON.search(tree.facts[fact].clinical), fact


def test_every_option_a_result_can_show_as_a_reason_has_a_clinical_label(migraine):
    for qid in ("emergency_signs", "urgent_signs", "routine_signs"):
        for option in q(migraine, qid).options:
            assert option.clinical, f"{qid}.{option.value}"


def test_clinical_labels_match_their_sources(migraine):
    thunderclap = q(migraine, "emergency_signs").options[0]
    assert thunderclap.clinical.startswith("Sudden onset (thunderclap)")
    assert "5 minutes" in thunderclap.clinical


# --- sources a clinician can trust (SPEC 1.1 section 10) -----------------------------------

PLACEHOLDERS = re.compile(
    r"web article|seed \d{3}|placeholder|to be confirmed|\btodo\b|\btbd\b|lorem", re.I
)


def test_no_placeholder_anywhere_in_the_tree_files():
    for path in TREE_FILES:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not PLACEHOLDERS.search(line), f"{path.name}:{number}: {line.strip()}"


def test_evidence_sources_are_complete(migraine):
    for key, source in migraine.tree.sources.items():
        if source.kind != "evidence":
            continue
        assert source.authors and source.title, key
        assert source.year or source.url, key  # a dated work, or a page to look up
        assert source.published_in, key
        assert source.doi or source.url or key in {"iscp_dn", "asap_2013"}, key


def test_corrected_citations(migraine):
    kandeel = migraine.tree.sources["kandeel_2024"]
    assert kandeel.authors == "Kandeel M, Morsy MA, Al Khodair KM, Alhojaily S"
    assert kandeel.doi == "10.1016/j.ctim.2024.103085"
    assert "Complementary Therapies in Medicine" in kandeel.published_in
    assert "103085" in kandeel.published_in
    assert "13" in kandeel.note and "10" in kandeel.note
    gildir = migraine.tree.sources["gildir_2019"]
    assert "168 randomised" in gildir.note and "160 completed" in gildir.note


def test_the_seed_articles_are_background_reading_only(migraine):
    tree = migraine.tree
    seeds = [key for key in tree.sources if key.startswith("seed_")]
    assert len(seeds) == 5
    assert all(tree.sources[key].kind == "background" for key in seeds)
    assert tree.main.about.background_reading == seeds
    background = {k for k, s in tree.sources.items() if s.kind == "background"}
    cited_as_evidence = {
        **{f"node {k}": set(n.sources) for k, n in tree.nodes.items()},
        **{f"fact {k}": set(f.sources) for k, f in tree.facts.items()},
        **{f"score {k}": set(s.sources) for k, s in tree.scores.items()},
        **{f"recommendation {k}": set(r.sources) for k, r in tree.main.recommendations.items()},
    }
    for where, sources in cited_as_evidence.items():
        assert not sources & background, where


DRY_NEEDLING_EVIDENCE = {
    "pourahmadi_2021",
    "kandeel_2024",
    "gildir_2019",
    "rezaeian_2020",
    "brady_2014",
}
MASSAGE_EVIDENCE = {"chaibi_2011", "lawler_2006", "hernandez_reif_1998"}


def test_each_outcome_cites_only_what_it_speaks_of(migraine):
    for node_id, outcome in outcomes(migraine.tree).items():
        cited = set(outcome.sources)
        if "dry_needling" not in outcome.offers:
            assert not cited & DRY_NEEDLING_EVIDENCE, node_id
        if "massage" not in outcome.offers:
            assert not cited & MASSAGE_EVIDENCE, node_id
        if outcome.urgency in ("emergency", "urgent"):
            assert cited <= {
                "snnoop10",
                "nice_cg150",
                "nhs_headache",
                "bsr_gca_2020",
                "ichd3",
                "ukmec",
                "ifompt_2023",
            }, node_id


def test_every_safety_net_line_a_result_shows_keeps_what_to_do(migraine):
    """Results lay out the safety net as headed groups: every sign sits under what to do."""
    session = Session(migraine)
    session.fill(BASE)
    groups = explain(migraine.tree, session.result()).result.safety_net
    assert groups[0].heading.startswith("Call your emergency number")
    assert groups[0].urgency == "emergency"
    assert groups[0].items[0] == "a headache comes on suddenly and is at its worst within 5 minutes"
    assert groups[1].heading.startswith("See a doctor within a day")
    assert groups[1].urgency == "urgent"
    assert (groups[-1].heading, groups[-1].items) == (
        None,
        ["If your headaches change, see a doctor."],
    )
