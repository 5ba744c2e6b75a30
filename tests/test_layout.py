"""The layout of a result: its sections, their order and words, for each shape of result, in
both modes. Walks the small test tree (`tests/fixtures/aid.yaml`) that uses every field."""

from __future__ import annotations

import re

import pytest

from decisionaid.engine import Session
from decisionaid.explanation import Explanation
from decisionaid.layout import INTAKE, SELF, Bullets, Cards, Page, Paragraph, Rows, page
from decisionaid.screenings.recording import snapshot
from decisionaid.words import STATUS_WORDS_INTAKE, URGENCY_WORDS, URGENCY_WORDS_INTAKE
from tests.fixtures.answers import CASES, FULL


def screening(flow, answers, mode="self", **kwargs):
    session = Session(flow)
    session.fill(answers)
    return snapshot(session, mode=mode, **kwargs)


def laid_out(flow, case, mode="self", report=False, **changes) -> Page:
    return page(screening(flow, {**CASES[case], **changes}, mode), report=report)


def ids(p: Page) -> list[str]:
    return [s.id for s in p.sections]


def rows(p: Page, section: str) -> dict[str, str]:
    found = p.section(section)
    assert found is not None, section
    return dict(next(b for b in found.blocks if isinstance(b, Rows)).rows)


def cards(p: Page) -> dict[str, dict[str, str | tuple[str, ...]]]:
    found = p.section("options")
    assert found is not None
    (grid,) = found.blocks
    assert isinstance(grid, Cards)
    return {
        card.title: {"tag": card.tag, **{f.label: f.text or f.items for f in card.fields}}
        for card in grid.cards
    }


def text(p: Page, section: str) -> str:
    found = p.section(section)
    assert found is not None, section
    from decisionaid.layout import block_words

    return " | ".join(w for b in found.blocks for w in block_words(b))


# --- each shape of result --------------------------------------------------------------


def test_an_emergency_says_what_to_do_first_and_stays_short(aid):
    p = laid_out(aid, "emergency")
    assert ids(p) == ["headline", "now", "why", "safety", "screening", "about", "disclaimer"]
    assert p.title == "Call your emergency number now" and p.urgency == "emergency"
    assert text(p, "headline") == URGENCY_WORDS["emergency"]  # no "Suggested: See a doctor"
    assert p.section("now").heading == "What to do now"
    assert rows(p, "screening")["Status"] == (
        "Stopped early at a warning sign: It came on suddenly [like a blow]"
    )


def test_an_emergency_report_still_names_who_and_when_first(aid):
    p = laid_out(aid, "emergency", report=True)
    assert ids(p)[:3] == ["screening", "headline", "now"]
    assert {"answers", "sources", "about", "disclaimer"} <= set(ids(p))
    assert "options" not in ids(p) and "decision" not in ids(p)


def test_an_urgent_result_has_no_options_to_weigh(aid):
    p = laid_out(aid, "urgent")
    assert ids(p) == [
        "screening",
        "headline",
        "now",
        "why",
        "safety",
        "sources",
        "about",
        "disclaimer",
    ]
    assert text(p, "why") == "A fever with the headache getting worse"


def test_a_walk_stopped_before_the_treatment_questions_says_where(aid):
    p = laid_out(aid, "stopped_early")
    assert rows(p, "screening")["Status"] == "Stopped early: Your headaches have clearly changed"
    assert rows(p, "headline") == {"Suggested for you": "See a doctor"}
    assert "options" not in ids(p) and "priorities" not in ids(p)


def test_a_full_assessment_has_every_decision_section_in_order(aid):
    p = laid_out(aid, "needling_or_massage")
    assert ids(p) == [
        "screening",
        "headline",
        "now",
        "condition",
        "decision",
        "priorities",
        "options",
        "scores",
        "safety",
        "sources",
        "about",
        "disclaimer",
    ]
    assert rows(p, "screening")["Status"] == "Finished"
    assert rows(p, "headline") == {"Suggested for you": "Dry needling", "Alternative": "Massage"}
    assert text(p, "priorities") == "Few side effects"
    assert text(p, "decision") == "Which treatment, if any, do you want to try for your headaches?"


def test_urgency_none_reads_as_no_urgent_visit_never_no_doctor(aid):
    for mode, words in (("self", URGENCY_WORDS), ("intake", URGENCY_WORDS_INTAKE)):
        headline = text(laid_out(aid, "needling_or_massage", mode), "headline")
        assert headline.startswith(words["none"])
        assert "urgent" in words["none"].lower()
        assert not re.search(r"no (doctor|medical)", words["none"], re.IGNORECASE)


def test_a_score_note_reaches_the_headline(aid):
    p = laid_out(aid, "doctor_first_needling")
    headline = p.section("headline").blocks
    assert (
        Paragraph("Consider discussing preventive treatment with a doctor.", "strong") in headline
    )
    assert text(p, "scores") == "Burden score | 12 — Grade III"


def test_doctor_first_with_an_add_on(aid):
    p = laid_out(aid, "doctor_first_needling")
    assert rows(p, "headline") == {
        "Suggested for you": "See a doctor",
        "Alongside the doctor's care": "Dry needling",
    }
    grid = cards(p)
    assert grid["See a doctor"]["tag"] == "suggested"
    assert grid["Dry needling"]["tag"] == "alongside the doctor's care"
    assert grid["Dry needling"]["For you"] == "Suitable"
    assert grid["Massage"]["For you"] == "Suitable"  # not offered, but nothing against it


def test_review_first_holds_every_treatment_until_a_doctor_has_seen_them(aid):
    p = laid_out(aid, "review_first")
    grid = cards(p)
    for name in ("Dry needling", "Massage"):
        # Waiting comes first: nothing on the card reads as "go ahead now".
        assert grid[name]["For you"] == "Not yet: only after a doctor has seen you"
        assert grid[name]["What this means"] == "Once a doctor has seen you, it may be suitable."
        assert "stands in the way" not in str(grid[name])
    intake = cards(laid_out(aid, "review_first", "intake"))
    assert intake["Dry needling"]["For the patient"] == "Deferred until medical review"
    assert intake["Dry needling"]["What this means"] == "Suitable after medical review."
    assert grid["Dry needling"]["tag"] is None
    assert rows(p, "headline") == {"Suggested for you": "See a doctor"}


def test_the_options_always_include_self_care_and_a_doctor_with_what_to_weigh(aid):
    grid = cards(laid_out(aid, "needling_or_massage"))
    assert list(grid) == [
        "Carry on as now, with self-care",
        "See a doctor",
        "Dry needling",
        "Massage",
    ]
    needling = grid["Dry needling"]
    assert needling["tag"] == "suggested" and grid["Massage"]["tag"] == "alternative"
    for label in ("What it is", "What it is like", "Benefits", "How sure the evidence is", "Harms"):
        assert needling[label], label
    assert "7.6%" in needling["Harms"]
    assert "For you" not in grid["Carry on as now, with self-care"]  # not a treatment assessed


def test_a_massage_limited_to_some_areas_never_promises_the_neck(aid):
    grid = cards(laid_out(aid, "massage"))
    massage = grid["Massage"]
    assert massage["tag"] == "suggested"
    assert massage["For you"] == "Possible, with changes"
    assert massage["Changes for you"] == (
        "Light pressure only; tell the therapist",
        "Scalp and shoulders only, no neck massage",
    )
    assert "neck" not in massage["What it is"] and "neck" not in massage["What it is like"]
    assert list(massage).index("Changes for you") < list(massage).index("What it is")
    assert grid["Dry needling"]["Because"] == ("You would rather not have needles",)


def test_a_massage_without_an_area_limit_keeps_its_own_words(aid):
    grid = cards(laid_out(aid, "massage", checks=["blood_thinners"]))
    assert "neck" in grid["Massage"]["What it is"]


def test_no_manual_option(aid):
    p = laid_out(aid, "no_manual_option")
    assert text(p, "why") == "Neither dry needling nor massage fits at the moment"
    grid = cards(p)
    assert grid["Dry needling"]["For you"] == "Not likely to help"
    assert grid["Massage"]["For you"] == "Not for you at the moment"
    assert grid["Massage"]["Because"] == ("A rash or wound on the neck <b>now</b>",)


# --- intake mode ---------------------------------------------------------------------------


def test_intake_speaks_to_the_therapist_with_clinical_terms(aid):
    p = laid_out(aid, "doctor_first_needling", "intake")
    assert p.title == "See a doctor, and dry needling may help alongside"  # no intake title
    assert text(p, "headline").startswith(URGENCY_WORDS_INTAKE["routine"])
    assert rows(p, "headline") == {
        "Suggested": "Refer to the patient's doctor",
        "Alongside medical care": "Dry needling",
    }
    assert p.section("why").heading == "Because the patient reported"
    assert text(p, "why").endswith("Chronic headache (15 or more days a month)")
    assert "Tension-type headache (ICHD-3 2)" in text(p, "condition")
    assert text(p, "decision").startswith("Which treatment, if any, the patient wants to try.")
    assert "Self-management" in cards(p)
    assert rows(p, "screening")["Patient reference"] == "—"


def test_intake_uses_the_outcomes_intake_words_and_status_words(aid):
    p = laid_out(aid, "needling_or_massage", "intake")
    assert p.title == "Dry needling indicated; massage as an alternative"
    assert text(p, "now") == "The patient may start dry needling; massage is an alternative."
    p = laid_out(aid, "massage", "intake")
    assert cards(p)["Massage"]["For the patient"] == "Suitable with modifications"
    assert (
        cards(p)["Dry needling"]["For the patient"] == STATUS_WORDS_INTAKE["excluded"].capitalize()
    )
    emergency = laid_out(aid, "emergency", "intake")
    assert emergency.title == "Emergency referral now"
    assert text(emergency, "why") == "Thunderclap onset"


def test_the_layouts_own_intake_words_never_say_you():
    for name, words in vars(INTAKE).items():
        if name == "intake":
            continue
        assert not re.search(r"\byour?\b", words, re.IGNORECASE), name
    assert SELF.why == "Because you told us"


# --- safety net, sources, about ------------------------------------------------------------


def test_the_safety_net_is_short_lists_under_their_headings(aid):
    p = laid_out(aid, "needling_or_massage")
    groups = p.section("safety").blocks
    assert [g.heading for g in groups] == [
        "Call your emergency number now if",
        "See a doctor within a day if",
        None,
    ]
    assert [g.urgency for g in groups] == ["emergency", "urgent", None]
    assert groups[1].items[0].text == "a *new* headache comes with a history of cancer | HIV"
    assert all(isinstance(g, Bullets) for g in groups)


def test_plain_safety_net_lines_of_older_trees_still_show(small_flow, write):
    from decisionaid import open_tree
    from tests.conftest import EXAMPLE

    coffee = open_tree(EXAMPLE)
    session = Session(coffee)
    session.fill({"cups": 5, "palpitations": False})
    p = page(snapshot(session, mode="self"))
    assert p.title == "Have some water instead"
    assert "options" not in ids(p)
    assert text(p, "about").startswith("This decision tree does not say who wrote it")
    # No outcome of this tree assesses treatments, so no walk of it stops "early".
    assert rows(p, "screening")["Status"] == "Finished"


def test_sources_are_only_what_is_shown_and_background_reading_is_about_the_aid(aid):
    p = laid_out(aid, "needling_or_massage")
    (evidence,) = p.section("sources").blocks
    assert evidence.heading.startswith("Evidence")
    assert [i.text.split(" (")[0] for i in evidence.items] == [
        "Guideline Group",
        "Trialist A, Trialist B",
        "Scorer S",
    ]
    # Background reading is the aid's, under "About this aid": never beside a result's advice.
    assert "Background reading" not in text(p, "sources")
    background = p.section("about").blocks[-1]
    assert background.heading.startswith("Background reading")
    assert [i.text for i in background.items] == [
        "A Physio Clinic. Neck pain and headaches. https://clinic.example/neck"
    ]
    urgent = laid_out(aid, "urgent")
    assert text(urgent, "sources").count("doi:") == 1  # the guideline only


def test_about_this_aid_comes_from_the_tree(aid):
    about = rows(laid_out(aid, "emergency"), "about")
    assert about == {
        "Written by": "The decisionaid test authors",
        "Funding": "No funding",
        "Conflicts of interest": "None declared",
        "Evidence last reviewed": "November 2026",
        "Next review due": "30 November 2027",
    }


# --- unfinished and unsaved screenings, older records --------------------------------------


def test_an_unfinished_screening_says_so_and_still_has_who_when_and_about(aid):
    p = page(screening(aid, {"danger": [], "warning": []}, "intake", reference="P-7"), report=True)
    assert p.title == "Unfinished screening" and p.urgency is None
    assert ids(p) == ["screening", "unfinished", "answers", "about", "disclaimer"]
    assert rows(p, "screening")["Status"] == "Not finished (2 answers so far)"
    assert rows(p, "screening")["Patient reference"] == "P-7"
    assert rows(p, "about")["Funding"] == "No funding"


def test_an_unsaved_screening_says_it_was_not_saved(aid):
    assert rows(laid_out(aid, "urgent"), "screening")["Screening"] == "Not saved on this computer"


def test_a_first_release_record_lays_out_every_line_it_kept():
    from tests.trees.test_older_versions import RECORD

    record = Explanation.from_data(RECORD["explanation"])
    p = page(_saved(record), report=True)
    old = RECORD["explanation"]
    assert p.title == old["title"]
    words = p.words()
    for line in [old["body"], *old["safety_net"], *old["sources"], *old["profile"]]:
        assert " ".join(line.split()) in words, line
    assert p.section("sources").blocks[0].heading is None  # not sorted into evidence
    assert text(p, "about").startswith("This screening was saved by an earlier version")
    assert "decision" not in ids(p) and "priorities" not in ids(p)


def _saved(explanation):
    from decisionaid.screenings.store import SavedAnswer, Screening
    from tests.trees.test_older_versions import RECORD

    data = {k: v for k, v in RECORD.items() if k not in ("answers", "explanation")}
    return Screening(
        **data,
        explanation=explanation,
        answers=[SavedAnswer(**a) for a in RECORD["answers"]],
    )


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_page_has_a_title_a_status_and_the_disclaimer(aid, case):
    for mode in ("self", "intake"):
        p = laid_out(aid, case, mode, report=True)
        assert p.title and rows(p, "screening")["Status"]
        assert p.sections[-1].id == "disclaimer"
        assert FULL.keys() >= CASES[case].keys()


def test_every_card_lists_its_fields_in_the_grids_order(aid):
    for case in ("massage", "review_first", "doctor_first_needling"):
        (grid,) = laid_out(aid, case).section("options").blocks
        for card in grid.cards:
            order = [grid.labels.index(f.label) for f in card.fields]
            assert order == sorted(order), card.title


def test_the_layout_and_reports_need_neither_textual_nor_the_tree_model():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import decisionaid.layout, decisionaid.exports.report, decisionaid.exports.text\n"
        "import decisionaid.exports.markdown, decisionaid.exports.html\n"
        "import decisionaid.exports.jsonreport\n"
        "print(sorted(m for m in ('textual', 'pydantic', 'networkx') if m in sys.modules))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


def test_a_finished_record_without_its_words_says_so_rather_than_unfinished(aid):
    from dataclasses import replace

    shot = screening(aid, CASES["needling_or_massage"])
    p = page(replace(shot, explanation=None), report=True)
    assert p.title == "Finished screening" and rows(p, "screening")["Status"] == "Finished"
    assert "were not saved" in text(p, "unfinished")
