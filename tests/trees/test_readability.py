"""Every patient-facing text of the shipped tree reads at US grade 8 or below (SPEC §10).

Graded with the Flesch–Kincaid grade of textstat 0.7.3 (pinned: it works offline; later
releases fetch a dictionary at run time). Self-assessment words only: clinical labels
(`clinical`) and intake wording (`intake:`) are for therapists and are not graded.

What is graded, each text on its own: question text, help, option labels, the "none of these"
label and section headings; outcome titles, text and help; fact labels and explanations;
therapy status texts; score labels, band labels and notes; every field of the
recommendations; the decision; "about this aid"; and every safety-net heading and line.

What is taken out before grading, and why:
1. Text in parentheses, such as "(suboccipitals)" or "(warfarin, apixaban, ...)": the clinical
   word beside a plain one, and lists of examples. A reader can skip them and the sentence
   still reads.
2. Names: medicine names (the MEDICINES list below) and the project's own name
   ("decisionaid"). A name is a name, however many syllables it has.
3. Numbers written with digits stay: "7,629" and "19%" count as one word of one syllable
   each, as textstat counts them.

Short texts: the Flesch–Kincaid formula needs sentences. A label of fewer than
SHORT_WORDS words (such as "Few side effects" or "Tension-type headache") has no sentence to
grade; one long word alone scores grade 40. Such a label passes when none of its words has
more than HARD_SYLLABLES syllables, the "hard word" rule behind the Gunning fog index, which
is what makes a short label hard to read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from decisionaid.model import Outcome, Question, SafetyNetGroup

# One worker grades (`--dist loadgroup`), and only it imports textstat (in grade()): at a
# sixth of a second it was the dearest import of the whole collection, paid by every worker.
pytestmark = pytest.mark.xdist_group("readability")

MAX_GRADE = 8.0
SHORT_WORDS = 5
HARD_SYLLABLES = 3

MEDICINES = [
    "acetaminophen",
    "paracetamol",
    "aspirin",
    "ibuprofen",
    "naproxen",
    "sumatriptan",
    "triptans",
    "triptan",
    "codeine",
    "tramadol",
    "ergotamine",
    "warfarin",
    "apixaban",
    "rivaroxaban",
    "dabigatran",
    "edoxaban",
    "heparin",
    "clopidogrel",
    "ticagrelor",
]
NAMES = [*MEDICINES, "decisionaid"]
_PARENTHESES = re.compile(r"\s*\([^()]*\)")
_NAMES = re.compile(r"\b(" + "|".join(NAMES) + r")\b", re.IGNORECASE)


def plain(text: str) -> str:
    """The text as graded: parentheses and names taken out, spaces tidied."""
    text = " ".join(text.split())
    while _PARENTHESES.search(text):
        text = _PARENTHESES.sub("", text)
    text = _NAMES.sub("", text)
    text = re.sub(r"\s+([,.;:?!])", r"\1", text)
    return " ".join(text.split())


def grade(text: str) -> float:
    """The grade a text reads at (for a short label: 0, or 99 if it has a hard word)."""
    import textstat

    graded = plain(text)
    words = re.findall(r"[A-Za-z][A-Za-z'-]*", graded)
    if len(words) < SHORT_WORDS:
        hard = [w for w in words if textstat.syllable_count(w) > HARD_SYLLABLES]
        return 99.0 if hard else 0.0
    return float(textstat.flesch_kincaid_grade(graded))


def patient_texts(tree) -> Iterator[tuple[str, str]]:
    """(where, text) for every text a person sees in self-assessment mode."""
    main = tree.main
    yield "title", main.title
    if main.description:
        yield "description", main.description
    for node_id, node in tree.nodes.items():
        if isinstance(node, Question | Outcome):
            yield f"{node_id}.text", node.text
            if node.help:
                yield f"{node_id}.help", node.help
            if node.section:
                yield f"{node_id}.section", node.section
        if isinstance(node, Question):
            for option in node.options:
                yield f"{node_id}.{option.value}", option.label
                if option.help:
                    yield f"{node_id}.{option.value}.help", option.help
            if node.none_label:
                yield f"{node_id}.none_label", node.none_label
        if isinstance(node, Outcome):
            yield f"{node_id}.title", node.title
    for name, fact in tree.facts.items():
        yield f"fact {name}", fact.label
        if fact.explanation:
            yield f"fact {name}.explanation", fact.explanation
    for name, therapy in main.therapies.items():
        yield f"therapy {name}", therapy.label
        for rule in therapy.rules:
            if rule.text:
                yield f"therapy {name}.{rule.status}", rule.text
        if therapy.otherwise_text:
            yield f"therapy {name}.{therapy.otherwise}", therapy.otherwise_text
    for name, score in tree.scores.items():
        yield f"score {name}", score.label
        for band in score.bands:
            yield f"score {name}.{band.id}", band.label
            if band.note:
                yield f"score {name}.{band.id}.note", band.note
    for name, rec in main.recommendations.items():
        for field in ("label", "text", "what_it_is_like", "benefits", "certainty", "harms"):
            if getattr(rec, field):
                yield f"recommendation {name}.{field}", getattr(rec, field)
        if rec.limited:
            yield f"recommendation {name}.limited.text", rec.limited.text
            if rec.limited.what_it_is_like:
                yield f"recommendation {name}.limited.what_it_is_like", rec.limited.what_it_is_like
    if main.decision:
        yield "decision", main.decision.text
    if main.about:
        for field in ("author", "funding", "conflicts_of_interest", "evidence"):
            if getattr(main.about, field):
                yield f"about.{field}", getattr(main.about, field)
    for i, line in enumerate(main.safety_net):
        if isinstance(line, SafetyNetGroup):
            yield f"safety_net {i}.heading", line.heading
            for j, item in enumerate(line.items):
                yield f"safety_net {i}.{j}", item
        else:
            yield f"safety_net {i}", line


def test_every_patient_facing_text_reads_at_grade_8_or_below(migraine):
    graded = sorted(
        ((grade(text), where, plain(text)) for where, text in patient_texts(migraine.tree)),
        reverse=True,
    )
    too_hard = [g for g in graded if g[0] > MAX_GRADE]
    worst = "\n".join(f"  grade {g:5.1f}  {where}: {text}" for g, where, text in graded[:10])
    assert not too_hard, (
        f"{len(too_hard)} texts read above grade {MAX_GRADE:g}; the worst ten:\n{worst}"
    )


def test_the_texts_cover_every_kind_of_content(migraine):
    places = {where.split(" ")[0].split(".")[0] for where, _ in patient_texts(migraine.tree)}
    assert {"recommendation", "decision", "about", "safety_net", "fact"} <= places
    assert len(list(patient_texts(migraine.tree))) > 300


def test_what_is_stripped_before_grading():
    assert plain("the base of the skull (suboccipitals) hurts") == "the base of the skull hurts"
    assert plain("I take paracetamol (acetaminophen) or aspirin.") == "I take or."
    assert plain("a (nested (list)) here") == "a here"


def test_a_hard_text_fails_and_a_plain_one_passes():
    hard = (
        "Notwithstanding considerable methodological heterogeneity, contemporaneous "
        "systematic investigations demonstrate statistically significant amelioration."
    )
    assert grade(hard) > MAX_GRADE
    assert grade("Call your doctor today. Tell them what you feel.") <= MAX_GRADE
    assert grade("Photophobia") == 99.0  # one hard word: a short label that fails
    assert grade("Few side effects") == 0.0
