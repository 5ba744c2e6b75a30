"""A Result in words: headline, why, the options, the profile, scores, safety net, sources.

`explain()` gives structured parts for the interface; `render_text()` lays them out as plain
text for `assess --format text` and the line-by-line mode.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from typing import Any

from decisionaid.model import Outcome, Question, SafetyNetGroup, SelectedTrigger, Source, Tree
from decisionaid.result import Result, band_of
from decisionaid.words import URGENCY_WORDS


@dataclass
class OptionWords:
    therapy: str
    label: str
    status: str
    meaning: str
    reasons: list[str]
    modifications: list[str]


@dataclass
class ScoreWords:
    label: str
    value: int
    band: str | None
    note: str | None


@dataclass
class Explanation:
    title: str
    recommendation: str
    urgency: str
    urgency_words: str
    add_on: str | None
    alternative: str | None
    body: str
    reasons: list[str]
    options: list[OptionWords] = field(default_factory=list)
    profile: list[str] = field(default_factory=list)
    scores: list[ScoreWords] = field(default_factory=list)
    safety_net: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


def cite(source: Source) -> str:
    """One bibliography entry as a line of text."""
    parts = [source.authors + (f" ({source.year})." if source.year else ".")]
    parts.append(source.title.rstrip(".") + ".")
    if source.published_in:
        parts.append(source.published_in + ".")
    if source.doi:
        parts.append(f"doi:{source.doi}")
    elif source.url:
        parts.append(source.url)
    return " ".join(parts)


def trigger_label(tree: Tree, outcome: Outcome, trigger: str) -> str:
    if trigger in tree.facts:
        return tree.facts[trigger].label
    for item in outcome.triggers:
        if isinstance(item, SelectedTrigger):
            question = tree.nodes[item.selected]
            assert isinstance(question, Question)
            for option in question.options:
                if option.value == trigger:
                    return " ".join(option.label.split())
    return trigger


def answer_in_words(question: Question, value: Any) -> str:
    """An answer as the person saw it, in the review list and reports."""
    if question.type == "boolean":
        return "Yes" if value else "No"
    if question.type == "number":
        return f"{value} {question.unit or ''}".strip()
    labels = {o.value: " ".join(o.label.split()) for o in question.options}
    if question.type == "multi":
        return (
            "; ".join(labels[v] for v in value) if value else question.none_label or "None of these"
        )
    return labels.get(value, str(value))


def safety_net_lines(tree: Tree) -> list[str]:
    """The safety net as lines. An item of a headed group keeps its heading in front, so that
    no sign is ever read apart from what to do about it."""
    lines: list[str] = []
    for entry in tree.main.safety_net:
        if isinstance(entry, SafetyNetGroup):
            heading = " ".join(entry.heading.split())
            lines.extend(f"{heading} {' '.join(item.split())}" for item in entry.items)
        else:
            lines.append(" ".join(entry.split()))
    return lines


def _label(tree: Tree, recommendation: str | None) -> str | None:
    if recommendation is None:
        return None
    declared = tree.main.recommendations.get(recommendation)
    return declared.label if declared else recommendation.replace("_", " ")


def explain(tree: Tree, result: Result) -> Explanation:
    outcome = tree.nodes[result.outcome]
    assert isinstance(outcome, Outcome)
    cited = list(outcome.sources)
    words = Explanation(
        title=outcome.title,
        recommendation=_label(tree, result.recommendation) or result.recommendation,
        urgency=result.urgency,
        urgency_words=URGENCY_WORDS.get(result.urgency, result.urgency),
        add_on=_label(tree, result.add_on),
        alternative=_label(tree, result.alternative),
        body=" ".join(outcome.text.split()),
        reasons=[trigger_label(tree, outcome, t) for t in result.triggers],
        safety_net=safety_net_lines(tree),
    )
    for trigger in result.triggers:
        if trigger in tree.facts:
            cited.extend(tree.facts[trigger].sources)
    for name, status in (result.options or {}).items():
        therapy = tree.therapies[name]
        rule = next((r for r in therapy.rules if r.status == status.status), None)
        meaning = (rule.text if rule else therapy.otherwise_text) or status.status.replace("_", " ")
        words.options.append(
            OptionWords(
                therapy=name,
                label=therapy.label,
                status=status.status,
                meaning=meaning,
                reasons=[tree.facts[r].label for r in status.reasons],
                modifications=[tree.facts[m].label for m in status.modifications or []],
            )
        )
    for fact in result.profile or []:
        words.profile.append(tree.facts[fact].label)
        cited.extend(tree.facts[fact].sources)
    for name, value in (result.scores or {}).items():
        score = tree.scores[name]
        band = band_of(score.bands, value)
        words.scores.append(
            ScoreWords(
                score.label, value, band.label if band else None, band.note if band else None
            )
        )
        cited.extend(score.sources)
    words.sources = [cite(tree.sources[s]) for s in dict.fromkeys(cited) if s in tree.sources]
    return words


def _wrap(text: str, indent: str = "", width: int = 78) -> str:
    hanging = " " * len(indent)
    return textwrap.fill(text, width, initial_indent=indent, subsequent_indent=hanging)


def render_text(tree: Tree, result: Result) -> str:
    """The whole result as plain text, most important first."""
    w = explain(tree, result)
    lines = [w.title.upper(), w.urgency_words, ""]
    if result.recommendation == "doctor" and w.add_on:
        lines.append(f"Recommendation: {w.recommendation}, with {w.add_on.lower()} alongside")
    else:
        lines.append(f"Recommendation: {w.recommendation}")
    if w.alternative:
        lines.append(f"Alternative: {w.alternative}")
    lines += ["", _wrap(w.body), ""]
    if w.reasons:
        lines.append("Why:")
        lines += [_wrap(r, "  - ") for r in w.reasons]
        lines.append("")
    if w.options:
        lines.append("The options for you:")
        for option in w.options:
            status = option.status.replace("_", " ")
            lines.append(_wrap(f"{option.label} ({status}): {option.meaning}", "  - "))
            lines += [_wrap(r, "      because: ") for r in option.reasons]
            lines += [_wrap(m, "      change: ") for m in option.modifications]
        lines.append("")
    if w.profile:
        lines.append("Your answers may be consistent with (this is not a diagnosis):")
        lines += [f"  - {p}" for p in w.profile]
        lines.append("")
    for score in w.scores:
        band = f" — {score.band}" if score.band else ""
        lines.append(f"{score.label}: {score.value}{band}")
        if score.note:
            lines.append(f"  {score.note}")
    if w.scores:
        lines.append("")
    lines.append("Safety net:")
    lines += [_wrap(s, "  - ") for s in w.safety_net]
    if w.sources:
        lines += ["", "Sources:"]
        lines += [_wrap(s, "  - ") for s in w.sources]
    lines += ["", "This aid does not give a diagnosis. If you are worried, contact a doctor."]
    return "\n".join(lines)
