"""Every result of the shipped tree, read as a clinician who tries to break it (issue 11).

Each public vignette and each of the tree's own cases is laid out (`layout.page`, what every
screen and report draws) in both modes, and the words are checked for what a careful reader
would catch: second person in intake, a held treatment that reads as "go ahead now", a
"What this means" that only repeats the status, a reason that restates the outcome, an area
promised that a change rules out, harms without their numbers, a sentence said twice, a
source that supports nothing on the page, and placeholders.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
import yaml

from decisionaid.engine import Session
from decisionaid.layout import Bullets, Cards, Page, Paragraph, block_words, page
from decisionaid.screenings.recording import snapshot
from decisionaid.words import status_words
from tests.conftest import ROOT, vignettes

# One worker runs this module (`--dist loadgroup`): every case laid out once.
pytestmark = pytest.mark.xdist_group("results-read")


def _answers(path) -> dict:
    # Read while collecting, in every worker: the C loader takes a tenth of the time.
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)["answers"]


CASES = {
    **{f"vignette {v['name']}": v["answers"] for v in vignettes()},
    **{
        f"case {path.stem}": _answers(path)
        for path in sorted((ROOT / "trees" / "migraine" / "cases").glob("*.yaml"))
    },
}
SECOND_PERSON = re.compile(r"\b(you|your|yours|yourself)\b", re.I)
PLACEHOLDERS = re.compile(
    r"web article|seed \d{3}|placeholder|to be confirmed|\btodo\b|\btbd\b|lorem", re.I
)
# Sections whose words are the patient's own, quoted: the safety net is advice to hand to
# the patient, and the answers are the options as the patient saw them. Source titles are
# titles ("Massage therapy: what you need to know").
QUOTED = {"safety", "answers", "sources"}
DRY_NEEDLING_NUMBERS = ["7,629", "1 in 2,500", "1 in 5", "19%", "7.6%", "4.7%", "3.0%", "2.2%"]
AREA_CHANGES = {"no_neck_massage", "avoid_lymphoedema_area", "no_front_side_neck_pressure"}


@pytest.fixture(scope="module")
def pages(migraine) -> dict[tuple[str, str], tuple[Page, dict]]:
    laid_out = {}
    for name, answers in CASES.items():
        session = Session(migraine)
        session.fill(answers)
        assert session.finished, name
        for mode in ("self", "intake"):
            screening = snapshot(session, mode=mode)
            laid_out[name, mode] = (page(screening, report=True), session.result().contract())
    return laid_out


def section_words(p: Page, section_id: str) -> list[str]:
    found = p.section(section_id)
    return [w for b in found.blocks for w in block_words(b)] if found else []


def cards(p: Page) -> dict[str, dict[str, str | tuple[str, ...]]]:
    found = p.section("options")
    if found is None:
        return {}
    (grid,) = found.blocks
    assert isinstance(grid, Cards)
    return {c.title: {f.label: f.text or f.items for f in c.fields} for c in grid.cards}


def test_every_vignette_and_case_is_read(pages):
    assert len(CASES) >= 15 + 39
    assert len(pages) == 2 * len(CASES)


def test_intake_speaks_about_the_patient_never_to_you(pages):
    for (name, mode), (p, _) in pages.items():
        if mode != "intake":
            continue
        for section in p.sections:
            if section.id in QUOTED:
                continue
            for words in [section.heading or "", *section_words(p, section.id)]:
                assert not SECOND_PERSON.search(words), f"{name}, {section.id}: {words}"
        assert not SECOND_PERSON.search(p.title), name


def test_a_held_treatment_never_reads_as_go_ahead_now(pages):
    """Review first: a treatment that would suit waits for the doctor, first word to last."""
    held = 0
    for (name, mode), (p, result) in pages.items():
        if result["outcome"] != "review_first":
            continue
        for title, card in cards(p).items():
            status = card.get("For you") or card.get("For the patient")
            if status is None or title.startswith(("Carry on", "See a doctor", "Self-", "Med")):
                continue
            if result["options"][_option_id(title)]["status"] in ("suitable", "modified"):
                held += 1
                assert status.startswith(("Not yet", "Deferred")), (name, mode, title)
                assert "stands in the way" not in str(card), (name, mode, title)
    assert held >= 8  # every review-first vignette and case, both modes


def _option_id(title: str) -> str:
    return "dry_needling" if "dry needling" in title.lower() else "massage"


def test_what_this_means_adds_to_the_status_words(pages):
    for (name, mode), (p, result) in pages.items():
        for title, card in cards(p).items():
            meaning = card.get("What this means")
            if not meaning:
                continue
            status = result["options"][_option_id(title)]["status"]
            said = set(re.findall(r"[a-z]+", status_words(status, mode == "intake").lower()))
            words = re.findall(r"[a-z]+", meaning.lower())
            repeated = sum(w in said for w in words) / len(words)
            assert repeated < 0.5, f"{name} ({mode}), {title}: {meaning!r} repeats the status"


def test_a_reason_never_restates_the_outcome(pages):
    for (name, mode), (p, _) in pages.items():
        body = " ".join(section_words(p, "now")).lower()
        for reason in section_words(p, "why")[1:]:
            first = re.split(r"[;,.(]", reason)[0].strip().lower()
            assert first not in body and first not in p.title.lower(), (name, mode, reason)


def test_massage_never_promises_an_area_a_change_rules_out(pages):
    limited = 0
    for (name, mode), (p, result) in pages.items():
        massage = (result["options"] or {}).get("massage") or {}
        if not AREA_CHANGES & set(massage.get("modifications") or []):
            continue
        limited += 1
        card = next(c for t, c in cards(p).items() if t.startswith("Massage"))
        for field in ("What it is", "What it is like"):
            assert not re.search(r"neck|shoulder|scalp", card[field], re.I), (name, mode, field)
    assert limited >= 4  # two cases, both modes


def test_every_option_shows_benefits_certainty_and_harms_with_the_numbers(pages):
    for (name, mode), (p, result) in pages.items():
        grid = cards(p)
        if result["options"] is None:
            assert not grid, name
            continue
        assert len(grid) == 4, name  # self-care, a doctor, dry needling, massage
        for title, card in grid.items():
            for field in ("What it is", "What it is like", "Benefits", "Harms"):
                assert card.get(field), (name, mode, title, field)
            assert card.get("How sure the evidence is"), (name, mode, title)
        needling = next(c for t, c in grid.items() if "dry needling" in t.lower())
        for number in DRY_NEEDLING_NUMBERS:
            assert number in needling["Harms"], (name, mode, number)
        massage = next(c for t, c in grid.items() if t.startswith("Massage"))
        assert "day or two" in massage["Harms"] and "rare" in massage["Harms"]


def _places(p: Page):
    """(where, text) for every text of the page but who-and-when, the answers and the safety
    net (they repeat the reasons, the questions and the warning signs by design). The same
    field of two option cards is one place: a grid may say "suitable" of two options. Labels
    are not prose: a reason may stand in the list of why and beside each option it rules
    out, and a profile's name leads its explanation."""
    for s in p.sections:
        if s.id in ("screening", "answers", "safety", "why"):
            continue
        for i, block in enumerate(s.blocks):
            if isinstance(block, Cards):
                for card in block.cards:
                    for f in card.fields:
                        if f.text:
                            yield (s.id, i, f.label), f.text
            elif isinstance(block, Bullets):
                for item in block.items:
                    yield (s.id, i), item.text
            else:
                for text in block_words(block):
                    yield (s.id, i), text


def test_no_sentence_is_said_twice_on_a_page(pages):
    for (name, mode), (p, _) in pages.items():
        seen: dict[str, set] = defaultdict(set)
        for where, text in _places(p):
            for sentence in re.split(r"(?<=[.!?])\s+", text):
                if len(sentence.split()) >= 6:
                    seen[sentence.strip().lower()].add(where)
        twice = [s for s, places in seen.items() if len(places) > 1]
        assert not twice, f"{name} ({mode}): {twice}"


def test_no_placeholder_on_any_page(pages):
    for (name, mode), (p, _) in pages.items():
        for words in p.words():
            assert not PLACEHOLDERS.search(words), f"{name} ({mode}): {words}"
            assert words.strip() not in ("None", "null", ""), f"{name} ({mode})"
            # An id leaking where words belong (dry_needling, no_neck_massage), or a blank.
            bare = re.sub(r"https?://\S+|doi:\S+", "", words)
            assert not re.search(r"\b[a-z]+_[a-z_]+\b|\{\w*\}", bare), f"{name}: {words}"


def test_a_warning_sign_cites_its_own_source_and_no_other(pages, migraine):
    """A result about giant cell arteritis cites the GCA guideline, not the guidance on aura
    and the combined pill, nor the neck-artery framework."""
    cites = {
        "bsr_gca_2020": "gca",
        "ukmec": "atypical_aura",
        "ifompt_2023": "neck_artery",
    }
    for (name, mode), (p, result) in pages.items():
        if result["outcome"] != "urgent_signs_found":
            continue
        listed = " ".join(section_words(p, "sources"))
        for source, sign in cites.items():
            title = migraine.tree.sources[source].title.split(":")[0][:40]
            ticked = sign in result["triggers"]
            assert (title in listed) == ticked, (name, mode, source)


def test_a_score_note_in_the_headline_reads_right_in_both_voices(pages):
    """MIDAS grade III puts "discuss prevention with a doctor" in the headline, for a person
    and for a therapist alike: neither "you" nor an order to the reader."""
    notes = []
    for (name, mode), (p, _) in pages.items():
        for block in p.section("headline").blocks[1:]:
            if isinstance(block, Paragraph):
                notes.append((name, mode, block.text))
    assert {mode for _, mode, _ in notes} == {"self", "intake"}
    for name, mode, text in notes:
        assert "prevent" in text and "doctor" in text, (name, mode)
        assert not SECOND_PERSON.search(text), (name, mode, text)
