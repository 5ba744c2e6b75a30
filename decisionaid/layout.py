"""The one layout of a screening's result: which sections, in what order, with what words.

`page()` turns a screening (its header, its typed Explanation, its answers) into a Page of
sections made of a few kinds of block. The text, Markdown and HTML exports and the Textual
screens only draw those blocks, so they cannot disagree on a heading, a status or a warning.
Self-assessment speaks to the person; therapist intake to the therapist about the patient.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from decisionaid.explanation import Explanation, OptionWords, ResultWords
from decisionaid.words import MODE_WORDS, plural, status_words, urgency_words, when

if TYPE_CHECKING:
    from decisionaid.screenings.store import Screening

# --- blocks ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = ""  # "urgency": the urgency line; "strong": read first; "note": quiet


@dataclass(frozen=True)
class Item:
    """A list item, optionally with a lead-in ("Migraine without aura: what it means")."""

    text: str
    lead: str | None = None


@dataclass(frozen=True)
class Bullets:
    items: tuple[Item, ...]
    heading: str | None = None
    urgency: str | None = None  # the urgency a safety-net group stands for


@dataclass(frozen=True)
class Rows:
    """Label and value pairs: who and when, about this aid, what is suggested."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Field:
    """One line of an option card: a text, a list, or both."""

    label: str
    text: str | None = None
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class Card:
    title: str
    tag: str | None
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Cards:
    """The options side by side. Every card's fields come in the order of `labels` (a card
    leaves out what does not apply to it), so a grid can give each label one row."""

    cards: tuple[Card, ...]
    labels: tuple[str, ...]


Block = Paragraph | Bullets | Rows | Table | Cards


@dataclass(frozen=True)
class Section:
    id: str
    heading: str | None
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Page:
    title: str
    urgency: str | None  # None while unfinished
    sections: tuple[Section, ...]

    def section(self, section_id: str) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    def words(self) -> list[str]:
        """Every text on the page, in order: what each renderer must show."""
        out = [self.title]
        for section in self.sections:
            out += [section.heading] if section.heading else []
            for block in section.blocks:
                out += block_words(block)
        return out


def block_words(block: Block) -> list[str]:
    if isinstance(block, Paragraph):
        return [block.text]
    if isinstance(block, Bullets):
        head = [block.heading] if block.heading else []
        return head + [w for item in block.items for w in (item.lead, item.text) if w]
    if isinstance(block, Rows):
        return [w for row in block.rows for w in row]
    if isinstance(block, Table):
        return [*block.headers, *(cell for row in block.rows for cell in row)]
    out = []
    for card in block.cards:
        out += [card.title, *([card.tag] if card.tag else [])]
        for f in card.fields:
            out += [f.label, *([f.text] if f.text else []), *f.items]
    return out


# --- words -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Voice:
    """The layout's own words in one mode's voice."""

    intake: bool
    why: str
    condition: str
    condition_intro: str
    decision: str
    options: str
    options_plain: str
    priorities: str
    no_priorities: str
    for_you: str
    because: str
    changes: str
    held: str
    held_then: str
    suggested: str
    alongside: str
    safety: str
    answers: str
    not_a_diagnosis: str


SELF = Voice(
    intake=False,
    why="Because you told us",
    condition="What your answers may mean",
    condition_intro=(
        "Your answers may be consistent with the following. This is not a diagnosis: only a "
        "doctor can make one."
    ),
    decision="Your decision",
    options="Your options side by side",
    options_plain="The options for you",
    priorities="What matters to you",
    no_priorities="You did not pick anything here.",
    for_you="For you",
    because="Because",
    changes="Changes for you",
    held="Not yet: only after a doctor has seen you",
    held_then="Once a doctor has seen you, it may be {status}.",
    suggested="Suggested for you",
    alongside="alongside the doctor's care",
    safety="When to get help",
    answers="Your answers",
    not_a_diagnosis=(
        "This aid does not give a diagnosis and does not replace an examination by a doctor. "
        "If you are worried, contact a doctor."
    ),
)

INTAKE = Voice(
    intake=True,
    why="Because the patient reported",
    condition="Clinical profile",
    condition_intro=(
        "The patient's answers may be consistent with the following (screening criteria, "
        "not a diagnosis)."
    ),
    decision="The decision",
    options="Options side by side",
    options_plain="Treatment options",
    priorities="What matters to the patient",
    no_priorities="The patient did not pick anything here.",
    for_you="For the patient",
    because="Because",
    changes="Modifications",
    held="Deferred until medical review",
    held_then="{status} after medical review.",
    suggested="Suggested",
    alongside="alongside medical care",
    safety="Safety-net advice to give the patient",
    answers="The patient's answers",
    not_a_diagnosis=(
        "This decision aid supports, and does not replace, clinical judgement and medical "
        "examination. It does not give a diagnosis."
    ),
)

ROLE = {"recommendation": "suggested", "alternative": "alternative"}
MEANING = "What this means"
# What a person weighing an option needs to know (IPDAS), as (label, OptionWords field).
ABOUT_OPTION = (
    ("What it is", "text"),
    ("What it is like", "what_it_is_like"),
    ("Benefits", "benefits"),
    ("How sure the evidence is", "certainty"),
    ("Harms", "harms"),
)
UNFINISHED = "This screening was not finished, so there is no result yet."
NO_WORDS = "This screening was finished, but the words of its result were not saved."
NOT_SAVED = "Not saved on this computer"
HELD_STATUSES = ("suitable", "modified")


def voice(mode: str | None) -> Voice:
    return INTAKE if mode == "intake" else SELF


def month(stamp: str) -> str:
    """'2026-11' or '2026-11-22' as people write it (a date in another shape as it is)."""
    try:
        day = date.fromisoformat(stamp if stamp.count("-") == 2 else stamp + "-01")
    except ValueError:
        return stamp
    name = f"{calendar.month_name[day.month]} {day.year}"
    return f"{day.day} {name}" if stamp.count("-") == 2 else name


# --- the page ----------------------------------------------------------------------------


def page(s: Screening, *, report: bool = False) -> Page:
    """A screening laid out: for a report (header first, every answer) or for the screen and
    plain text (the answers are one key away there)."""
    explanation: Explanation | None = s.explanation
    v = voice(s.mode)
    res = explanation.result if explanation is not None and s.finished else None
    header = _header(s, res, report)
    about = _about(explanation)
    if res is None:
        words = UNFINISHED if not s.finished else NO_WORDS  # the latter: a damaged record
        sections = [header, Section("unfinished", None, (Paragraph(words, "strong"),))]
        sections += [_answers(s, v), about, _disclaimer(v)]
        title = "Unfinished screening" if not s.finished else "Finished screening"
        return Page(title, s.urgency if s.finished else None, tuple(sections))
    urgent = res.urgency in ("emergency", "urgent")
    body = [
        _headline(res, v),
        Section(
            "now",
            "What to do now" if urgent else None,
            (Paragraph(res.body, "strong" if res.urgency == "emergency" else ""),),
        ),
        _bullets("why", v.why, res.reasons),
        _condition(res, v),
        _decision(res, v),
        _priorities(res, v),
        _options(res, v),
        _scores(res),
        _safety_net(res, v),
    ]
    if res.urgency == "emergency" and not report:
        # What to do now comes first, and who and when below it; the sources are in reports.
        sections = [*body, header, about, _disclaimer(v)]
    else:
        sections = [header, *body]
        sections += [_answers(s, v)] if report else []
        sections += [_sources(res), about, _disclaimer(v)]
    return Page(res.title, res.urgency, tuple(x for x in sections if x is not None))


def status(s: Screening) -> str:
    """Where a screening stands, in words: finished, stopped early (at what), or not yet."""
    explanation = s.explanation
    return _status(s, explanation.result if explanation is not None and s.finished else None)


def _status(s: Screening, res: ResultWords | None) -> str:
    if res is None and not s.finished:
        return f"Not finished ({plural(s.answer_count, 'answer')} so far)"
    early = res is not None and (
        res.stopped_early if res.stopped_early is not None else not res.assessed
    )
    if res is None or not early:
        return "Finished"
    reasons = "; ".join(res.reasons)
    if res.urgency in ("emergency", "urgent"):
        return f"Stopped early at a warning sign: {reasons}" if reasons else "Stopped early"
    return f"Stopped early: {reasons}" if reasons else "Stopped early"


def _header(s: Screening, res: ResultWords | None, report: bool) -> Section:
    """Who and when: on the screen, on every report's first lines and its printed page."""
    rows: list[tuple[str, str]] = []
    if s.mode == "intake" or s.reference:
        rows.append(("Patient reference", s.reference or "—"))
    if s.mode == "intake" or s.clinician:
        rows.append(("Clinician", s.clinician or "—"))
    rows.append(("Mode", MODE_WORDS.get(s.mode, s.mode)))
    rows.append(("Started", when(s.started_at)))
    if s.finished:
        rows.append(("Finished", when(s.finished_at)))
    rows.append(("Decision tree", f"{s.tree_title or s.tree_id}, version {s.tree_version}"))
    rows.append(("Status", _status(s, res)))
    rows.append(("Screening", f"#{s.id}" if s.id else NOT_SAVED))
    if report:
        rows.append(("decisionaid", s.app_version))
    return Section("screening", None, (Rows(tuple(rows)),))


def _headline(res: ResultWords, v: Voice) -> Section:
    blocks: list[Block] = [Paragraph(urgency_words(res.urgency, v.intake), "urgency")]
    if res.urgency not in ("emergency", "urgent"):
        rows = [(v.suggested, res.recommendation)]
        if res.add_on:
            rows.append((v.alongside[0].upper() + v.alongside[1:], res.add_on))
        if res.alternative:
            rows.append(("Alternative", res.alternative))
        blocks.append(Rows(tuple(rows)))
    # A band's note is advice ("consider discussing prevention with a doctor"): it belongs
    # in the headline, so the headline never reads as if nothing more were needed.
    blocks += [Paragraph(score.note, "strong") for score in res.scores if score.note]
    return Section("headline", None, tuple(blocks))


def _bullets(section_id: str, heading: str, items: list[str]) -> Section | None:
    if not items:
        return None
    return Section(section_id, heading, (Bullets(tuple(Item(i) for i in items)),))


def _condition(res: ResultWords, v: Voice) -> Section | None:
    if not res.profile:
        return None
    items = tuple(Item(p.explanation or "", p.label) for p in res.profile)
    return Section("condition", v.condition, (Paragraph(v.condition_intro), Bullets(items)))


def _decision(res: ResultWords, v: Voice) -> Section | None:
    """The tree frames the choice as the person's, the headline above naming the suggestion."""
    if res.decision is None:
        return None
    return Section("decision", v.decision, (Paragraph(res.decision),))


def _priorities(res: ResultWords, v: Voice) -> Section | None:
    if res.priorities is None:
        return None
    if not res.priorities:
        return Section("priorities", v.priorities, (Paragraph(v.no_priorities),))
    return Section("priorities", v.priorities, (Bullets(tuple(Item(p) for p in res.priorities)),))


def _options(res: ResultWords, v: Voice) -> Section | None:
    if not res.options:
        return None
    # With a doctor first and nothing alongside (review first), a treatment that would suit
    # waits for the doctor: its status must not read as a go-ahead.
    held = res.urgency != "none" and res.add_on is None
    cards = tuple(_card(o, v, held) for o in res.options)
    used = {f.label for card in cards for f in card.fields}
    labels = tuple(label for label in _field_labels(v) if label in used)
    heading = v.options if res.decision is not None else v.options_plain
    return Section("options", heading, (Cards(cards, labels),))


def _field_labels(v: Voice) -> tuple[str, ...]:
    """The fields of an option card, in order: what it means for this person first."""
    return (v.for_you, MEANING, v.because, v.changes, *(label for label, _ in ABOUT_OPTION))


def _card(o: OptionWords, v: Voice, held: bool) -> Card:
    fields: list[Field] = []
    if o.status is not None:
        status = status_words(o.status, v.intake)
        if held and o.status in HELD_STATUSES and o.role is None:
            # Waiting for the doctor comes first, so the card never reads as "go ahead now";
            # the tree's own meaning ("nothing stands in the way") would contradict it.
            fields.append(Field(v.for_you, v.held))
            then = v.held_then.format(status=status)
            fields.append(Field(MEANING, then[0].upper() + then[1:]))
        else:
            fields.append(Field(v.for_you, status[0].upper() + status[1:]))
            # The tree's meanings speak to the person, so intake leaves them out.
            if o.meaning and not v.intake and _differs(o.meaning, status):
                fields.append(Field(MEANING, o.meaning))
        if o.reasons:
            fields.append(Field(v.because, None, tuple(o.reasons)))
        if o.modifications:
            fields.append(Field(v.changes, None, tuple(o.modifications)))
    for label, name in ABOUT_OPTION:
        text = getattr(o, name)
        if text:
            fields.append(Field(label, text))
    tag = v.alongside if o.role == "add_on" else ROLE.get(o.role or "")
    return Card(o.label, tag, tuple(fields))


def _differs(meaning: str, status: str) -> bool:
    def norm(text: str) -> str:
        return text.casefold().strip(" .")

    return norm(meaning) != norm(status)


def _scores(res: ResultWords) -> Section | None:
    if not res.scores:
        return None
    items = []
    for score in res.scores:
        items.append(
            Item(f"{score.value}" + (f" — {score.band}" if score.band else ""), score.label)
        )
    return Section("scores", "Scores", (Bullets(tuple(items)),))


def _safety_net(res: ResultWords, v: Voice) -> Section | None:
    if not res.safety_net:
        return None
    blocks = tuple(
        Bullets(tuple(Item(i) for i in group.items), group.heading, group.urgency)
        for group in res.safety_net
    )
    return Section("safety", v.safety, blocks)


def _sources(res: ResultWords) -> Section | None:
    if not res.sources:
        return None
    blocks: list[Block] = []
    for kind, heading in (
        ("evidence", "Evidence: research and guidelines"),
        ("background", "Background reading (not cited as evidence for any advice here)"),
        (None, None),  # records saved before sources were told apart
    ):
        items = tuple(Item(src.text) for src in res.sources if src.kind == kind)
        if items:
            blocks.append(Bullets(items, heading))
    return Section("sources", "Sources", tuple(blocks))


def _about(explanation: Explanation | None) -> Section:
    found = explanation.about if explanation is not None else None
    if found is None:
        if explanation is None or explanation.format < 2:
            text = (
                "This screening was saved by an earlier version of decisionaid, which did not "
                "record who wrote the aid, who paid for it or when its evidence was reviewed."
            )
        else:
            text = (
                "This decision tree does not say who wrote it, who paid for it or when its "
                "evidence was reviewed."
            )
        return Section("about", "About this aid", (Paragraph(text),))
    rows = (
        ("Written by", found.author),
        ("Funding", found.funding),
        ("Conflicts of interest", found.conflicts_of_interest),
        ("Evidence last reviewed", month(found.evidence_reviewed)),
        ("Next review due", month(found.next_review)),
    )
    blocks: tuple[Block, ...] = (Rows(rows),)
    if found.evidence:
        blocks += (Paragraph(found.evidence),)
    if found.background:
        heading = "Background reading (not cited as evidence for any advice here)"
        blocks += (Bullets(tuple(Item(line) for line in found.background), heading),)
    return Section("about", "About this aid", blocks)


def _answers(s: Screening, v: Voice) -> Section:
    if not s.answers:
        return Section("answers", v.answers, (Paragraph("No answers yet."),))
    rows = tuple((a.question_text, a.answer_text) for a in s.answers)
    return Section("answers", v.answers, (Table(("Question", "Answer"), rows),))


def _disclaimer(v: Voice) -> Section:
    return Section("disclaimer", None, (Paragraph(v.not_a_diagnosis, "note"),))
