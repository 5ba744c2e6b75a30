"""What changed in the text of a tree between two versions: questions, options, pages,
routes, outcomes, facts, thresholds, scores, treatment options' status rules,
recommendations, sources and the tree's own fields, added, removed or changed, by id, with the
old and new values.

A condition whose shape stayed the same and whose numbers moved is listed once, as a
threshold (`headache_days ≥ 15 → ≥ 14`); any other change to a condition shows both versions
written out.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from decisionaid.authoring import describe
from decisionaid.conditions import walk
from decisionaid.model import (
    AllCondition,
    AnswerCondition,
    AnswerRef,
    AnyCondition,
    AtLeastCondition,
    Fact,
    FactCondition,
    Info,
    NotCondition,
    Option,
    Outcome,
    Question,
    Route,
    Score,
    ScoreCondition,
    SelectedTrigger,
    Source,
    StatusCondition,
    Therapy,
    Tree,
)

CONDITIONS = (
    AnswerCondition,
    ScoreCondition,
    FactCondition,
    StatusCondition,
    AllCondition,
    AnyCondition,
    NotCondition,
    AtLeastCondition,
)
# Sections in the order a reviewer reads them, with their headings.
SECTIONS = {
    "tree": "The tree",
    "question": "Questions",
    "option": "Answer options",
    "threshold": "Thresholds",
    "route": "Routes",
    "outcome": "Outcomes",
    "fact": "Facts",
    "score": "Scores",
    "therapy": "Treatment options (status rules)",
    "recommendation": "Recommendations",
    "page": "Pages",
    "source": "Sources",
}
# Lists whose order does not matter: shown as ids added and removed.
SETS = {"sources", "reasons", "modifications", "profile", "sum", "triggers", "options", "before"}


@dataclass(frozen=True)
class Change:
    section: str  # a key of SECTIONS
    item: str  # the id, such as "neck_signs" or "neck_signs.began_with_neck_injury"
    kind: str  # added | removed | changed
    field: str = ""
    old: str | None = None
    new: str | None = None


def text(value: Any) -> str:
    """A field's value in one line."""
    if isinstance(value, CONDITIONS):
        return describe.condition(value)
    if isinstance(value, SelectedTrigger):
        return f"the ticked {value.selected}"
    if isinstance(value, BaseModel):
        parts = []
        for name, info in type(value).model_fields.items():
            field = getattr(value, name)
            if field is None or field == [] or field == {} or field == info.default:
                continue
            parts.append(f"{info.alias or name}: {text(field)}")
        return ", ".join(parts)
    if isinstance(value, list):
        return "[" + ", ".join(text(v) for v in value) + "]"
    if isinstance(value, str):
        return " ".join(value.split())
    return describe.answer(value)


def tree_changes(old: Tree, new: Tree) -> list[Change]:
    """Every change from one tree to the other, grouped by section (in SECTIONS order)."""
    found: list[Change] = []
    found += _fields("tree", old.id, old.main, new.main, skip=_NOT_TREE_FIELDS)
    found += _keyed("recommendation", old.main.recommendations, new.main.recommendations)
    found += _nodes(old, new)
    found += _keyed("fact", old.facts, new.facts)
    found += _keyed("score", old.scores, new.scores)
    found += _keyed("therapy", old.therapies, new.therapies)
    found += _keyed("source", old.sources, new.sources)
    order = list(SECTIONS)
    return sorted(found, key=lambda c: order.index(c.section))


# Parts of the main file compared elsewhere (nodes, facts, ...) or not about content.
_NOT_TREE_FIELDS = {
    "include",
    "nodes",
    "facts",
    "scores",
    "sources",
    "recommendations",
    "therapies",
}


def summary(thing: Any) -> str:
    """What an added or removed thing is, in one line."""
    match thing:
        case Question():
            shown = f"{thing.type} question: {text(thing.text)}"
            if thing.options:
                shown += f" [{', '.join(thing.option_values)}]"
            if thing.type == "number":
                shown += f" ({thing.min} to {thing.max})"
            return shown
        case Route():
            rules = "; ".join(f"{describe.condition(r.when)} → {r.go}" for r in thing.rules)
            return f"route: {rules}; otherwise → {thing.otherwise}"
        case Outcome():
            shown = f"outcome: {thing.recommendation} ({thing.urgency})"
            if thing.add_on:
                shown += f", add-on {thing.add_on}"
            if thing.alternative:
                shown += f", alternative {thing.alternative}"
            if thing.triggers:
                shown += f"; triggers {text(thing.triggers)}"
            return shown
        case Fact():
            return f"{describe.condition(thing.when)} ({text(thing.label)})"
        case Info():
            return f"page: {text(thing.text)}"
        case Score():
            return f"sum of {', '.join(thing.sum)}"
        case Therapy():
            rules = "; ".join(f"{r.status}" for r in thing.rules)
            return f"statuses: {rules}; otherwise {thing.otherwise}"
        case Source():
            return f"{thing.authors} {thing.year or ''} {thing.title}".replace("  ", " ")
        case Option():
            return text(thing.label)
        case BaseModel() if hasattr(thing, "label"):
            return text(thing.label)
    return text(thing)


def _keyed(section: str, old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    found = [
        Change(section, key, "removed", "", summary(value), None)
        for key, value in old.items()
        if key not in new
    ]
    found += [
        Change(section, key, "added", "", None, summary(value))
        for key, value in new.items()
        if key not in old
    ]
    for key in old:
        if key in new and old[key] != new[key]:
            found += _fields(section, key, old[key], new[key])
    return found


def _nodes(old: Tree, new: Tree) -> list[Change]:
    found: list[Change] = []
    for node_id, node in old.nodes.items():
        if node_id not in new.nodes:
            found.append(Change(_section(node), node_id, "removed", "", summary(node)))
    for node_id, node in new.nodes.items():
        if node_id not in old.nodes:
            found.append(Change(_section(node), node_id, "added", "", None, summary(node)))
    for node_id, before in old.nodes.items():
        after = new.nodes.get(node_id)
        if after is None or before == after:
            continue
        if before.kind != after.kind:
            found.append(
                Change(_section(after), node_id, "changed", "kind", before.kind, after.kind)
            )
            continue
        skip = {"options", "rules", "checks"}
        found += _fields(_section(after), node_id, before, after, skip=skip)
        if isinstance(before, Question) and isinstance(after, Question):
            found += _options(node_id, before, after)
            found += _indexed(node_id, "checks", before.checks, after.checks, "question")
        if isinstance(before, Route) and isinstance(after, Route):
            found += _indexed(node_id, "rules", before.rules, after.rules, "route")
    return found


def _section(node: Any) -> str:
    return {"question": "question", "info": "page", "route": "route", "outcome": "outcome"}[
        node.kind
    ]


def _options(question: str, old: Question, new: Question) -> list[Change]:
    before = {o.value: o for o in old.options}
    after = {o.value: o for o in new.options}
    return _keyed(
        "option",
        {f"{question}.{k}": v for k, v in before.items()},
        {f"{question}.{k}": v for k, v in after.items()},
    )


def _indexed(owner: str, name: str, old: list[Any], new: list[Any], section: str) -> list[Change]:
    """Rules or checks, matched in order so that one taken out or put in is told as such
    (`therapy_fit rule 2` removed) rather than as every later one changing; rules in the
    same place that differ are compared field by field. Numbers are each version's own."""
    found: list[Change] = []
    word = name.rstrip("s")
    matcher = difflib.SequenceMatcher(a=[text(r) for r in old], b=[text(r) for r in new])
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace" and a2 - a1 == b2 - b1:
            for i, j in zip(range(a1, a2), range(b1, b2), strict=True):
                label = f"{owner} {word} {j + 1}" if i == j else f"{owner} {word} {i + 1} → {j + 1}"
                found += _fields(section, label, old[i], new[j])
            continue
        for i in range(a1, a2):
            found.append(Change(section, f"{owner} {word} {i + 1}", "removed", "", text(old[i])))
        for j in range(b1, b2):
            found.append(
                Change(section, f"{owner} {word} {j + 1}", "added", "", None, text(new[j]))
            )
    return found


def _fields(
    section: str,
    item: str,
    old: BaseModel,
    new: BaseModel,
    skip: set[str] | frozenset = frozenset(),
) -> list[Change]:
    """Field by field changes of two versions of one thing."""
    found: list[Change] = []
    for name, info in type(new).model_fields.items():
        if name in skip or name == "id":
            continue
        label = info.alias or name
        before, after = getattr(old, name, None), getattr(new, name, None)
        if before == after:
            continue
        if isinstance(before, CONDITIONS) and isinstance(after, CONDITIONS):
            moved = thresholds(before, after)
            if moved:
                owner = f"{section} {item}"
                found += [Change("threshold", owner, "changed", label, a, b) for a, b in moved]
                continue
        if name == "bands" and isinstance(before, list) and isinstance(after, list):
            found += _bands(item, before, after)
            continue
        if name == "rules" and isinstance(before, list) and isinstance(after, list):
            found += _indexed(item, "rules", before, after, section)
            continue
        if (
            isinstance(before, BaseModel)
            and isinstance(after, BaseModel)
            and not isinstance(after, CONDITIONS)
        ):
            found += _fields(section, f"{item}.{label}", before, after)
            continue
        if name in SETS and isinstance(before, list) and isinstance(after, list):
            added = [text(v) for v in after if v not in before]
            removed = [text(v) for v in before if v not in after]
            if added or removed:
                found.append(
                    Change(
                        section,
                        item,
                        "changed",
                        label,
                        ", ".join(removed) or None,
                        ", ".join(added) or None,
                    )
                )
                continue
        found.append(
            Change(
                section,
                item,
                "changed",
                label,
                None if before is None else text(before),
                None if after is None else text(after),
            )
        )
    return found


def _bands(score: str, old: list[Any], new: list[Any]) -> list[Change]:
    """A score's bands by id; a band whose upper limit moved is a threshold."""
    before = {b.id: b for b in old}
    after = {b.id: b for b in new}
    found = [Change("score", f"{score} band {k}", "removed") for k in before if k not in after]
    found += [Change("score", f"{score} band {k}", "added") for k in after if k not in before]
    for key, band in before.items():
        other = after.get(key)
        if other is None or other == band:
            continue
        if band.max != other.max:
            found.append(
                Change(
                    "threshold",
                    f"{score} band {key}",
                    "changed",
                    "",
                    f"up to {text(band.max)}",
                    f"up to {text(other.max)}",
                )
            )
        found += _fields("score", f"{score} band {key}", band, other, skip={"max"})
    return found


def thresholds(old: Any, new: Any) -> list[tuple[str, str]]:
    """When two conditions differ only in their numbers: each comparison that moved, as
    (old, new) text. Otherwise nothing (the condition changed in more than numbers)."""
    before, after = list(walk(old)), list(walk(new))
    if len(before) != len(after):
        return []
    moved = []
    for a, b in zip(before, after, strict=True):
        if type(a) is not type(b):
            return []
        if isinstance(a, AnswerCondition | ScoreCondition):
            subject = (a.answer, b.answer) if isinstance(a, AnswerCondition) else (a.score, b.score)
            if subject[0] != subject[1] or a.operator != b.operator:
                return []
            x, y = getattr(a, a.operator), getattr(b, b.operator)
            if x == y:
                continue
            if not _numbers_only(x, y):
                return []
            moved.append((describe.condition(a), describe.condition(b)))
        elif isinstance(a, FactCondition | StatusCondition) and a != b:
            return []
        elif isinstance(a, AtLeastCondition) and a.at_least != b.at_least:
            moved.append((f"at least {a.at_least} of", f"at least {b.at_least} of"))
    return moved


def _numbers_only(x: Any, y: Any) -> bool:
    if isinstance(x, AnswerRef) and isinstance(y, AnswerRef):
        return x.answer == y.answer
    number = (int,)
    return (
        isinstance(x, number)
        and isinstance(y, number)
        and not isinstance(x, bool)
        and not isinstance(y, bool)
    )
