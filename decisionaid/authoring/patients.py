"""What a change to a tree does to patients: walk two trees on the same answer sets, and group
the sets whose result differs.

A group is (old recommendation, urgency, outcome) → (new recommendation, urgency, outcome);
inside it, sets are told apart by what changed (the fields, and for lists the ids added or
removed). Each has a count and its smallest example: the set with the fewest answers, among
the questions either walk asked, that differ from the baseline (then the shorter walks, then
the first made), reduced further by putting its answers back to the baseline's one at a time
for as long as it stays in the same group and changes in the same way.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from decisionaid.authoring.generate import Generated
from decisionaid.authoring.space import Answers, Space, same
from decisionaid.authoring.walks import Walk, Walker
from decisionaid.graph import CompiledTree

# The parts of a result a patient sees; tree, version, answers and path are left out.
COMPARED = (
    "outcome",
    "recommendation",
    "urgency",
    "add_on",
    "alternative",
    "triggers",
    "options",
    "profile",
    "scores",
)

Key = tuple[str, str, str]  # recommendation, urgency, outcome — or "not accepted", question, why


def key_of(done: Walk) -> Key:
    if done.result is None:
        assert done.error is not None
        return ("not accepted", done.error.question, done.error.reason)
    r = done.result
    return (r.recommendation, r.urgency, r.outcome)


def changes(old: Walk, new: Walk) -> tuple[str, ...]:
    """What differs between two walks' results, as short lines such as
    `triggers +frequent_painkillers` or `options.dry_needling.status suitable → caution`."""
    if old.result is None or new.result is None:
        if old.result is None and new.result is None:
            return () if same(old.error.detail, new.error.detail) else ("accepted answers",)  # type: ignore[union-attr]
        return ("accepted answers",)
    a, b = old.result.contract(), new.result.contract()
    found: list[str] = []
    for name in COMPARED:
        found.extend(_changes(name, a[name], b[name]))
    return tuple(found)


def _changes(name: str, old: Any, new: Any) -> list[str]:
    if isinstance(old, list) and isinstance(new, list):
        added = [v for v in new if v not in old]
        removed = [v for v in old if v not in new]
        return (
            [f"{name} " + ", ".join([*(f"+{v}" for v in added), *(f"-{v}" for v in removed)])]
            if added or removed
            else []
        )
    if isinstance(old, dict) and isinstance(new, dict):
        found = []
        for key in [*old, *(k for k in new if k not in old)]:
            if name == "scores":
                if old.get(key) != new.get(key):
                    found.append(f"scores.{key} changed")
                continue
            found.extend(_changes(f"{name}.{key}", old.get(key), new.get(key)))
        return found
    if old == new:
        return []
    # Assessed on one walk only (null on the other): its contents follow from that, so only
    # "none → given" is told, which keeps one way of changing from splitting into many.
    return [f"{name} {_word(old)} → {_word(new)}"]


def _word(value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, dict | list):
        return "given"
    return str(value)


def fields_of(lines: tuple[str, ...]) -> list[str]:
    """The field names in a list of changes (`options.dry_needling.status`, `triggers`)."""
    return [line.split(" ", 1)[0] for line in lines]


@dataclass
class Example:
    answers: Answers
    old: Walk
    new: Walk
    why: str  # what the set was made for
    size: int  # answers on either walk that differ from the baseline
    index: int = 0  # its place among the sets made

    def changed(self, baseline: Answers) -> dict[str, Any]:
        """The answers on either walk that differ from the baseline, in the order asked."""
        asked = [*self.old.given, *(q for q in self.new.given if q not in self.old.given)]
        return {q: self.answers[q] for q in asked if not same(self.answers[q], baseline.get(q))}

    def asked(self) -> dict[str, Any]:
        """Every answer either walk asked for, in the order asked."""
        asked = [*self.old.given, *(q for q in self.new.given if q not in self.old.given)]
        return {q: self.answers[q] for q in asked}


@dataclass
class Variant:
    """Sets in one group whose results change in the same way."""

    changes: tuple[str, ...]
    count: int = 0
    example: Example | None = None


@dataclass
class Group:
    old: Key
    new: Key
    count: int = 0
    fields: Counter = field(default_factory=Counter)
    variants: dict[tuple[str, ...], Variant] = field(default_factory=dict)


@dataclass
class PatientDiff:
    generated: Generated
    compared: int  # answer sets walked on both trees
    refused: int  # of those, sets neither tree accepts (a check refuses an answer in both)
    groups: list[Group]

    @property
    def differing(self) -> int:
        return sum(g.count for g in self.groups)


def compare(old: CompiledTree, new: CompiledTree, generated: Generated) -> PatientDiff:
    """Walk both trees on every generated set and group the sets whose result differs."""
    baseline = generated.baseline
    walkers = (Walker(old), Walker(new))
    groups: dict[tuple[Key, Key], Group] = {}
    refused = 0
    # Walked in the order of their answers, so that each walk replays only what differs from
    # the one before; ties between examples still go to the set made first.
    order = generated.space.order()
    ranked = sorted(
        enumerate(generated.sets),
        key=lambda item: [repr(item[1].answers.get(q)) for q in order],
    )
    for index, answer_set in ranked:
        if answer_set.walks is not None:
            before, after = answer_set.walks[0], answer_set.walks[1]
        else:
            before, after = walkers[0].walk(answer_set.answers), walkers[1].walk(answer_set.answers)
        if before.result is None and after.result is None:
            refused += 1
        lines = changes(before, after)
        if not lines:
            continue
        key = (key_of(before), key_of(after))
        group = groups.setdefault(key, Group(*key))
        group.count += 1
        group.fields.update(fields_of(lines))
        variant = group.variants.setdefault(lines, Variant(lines))
        variant.count += 1
        size = _size(answer_set.answers, before, after, baseline)
        example = Example(answer_set.answers, before, after, answer_set.why, size, index)
        if variant.example is None or _smaller(example, variant.example, baseline):
            variant.example = example
    for group in groups.values():
        for variant in group.variants.values():
            assert variant.example is not None
            variant.example = _reduce(walkers, variant.example, group, variant, generated)
    ordered = sorted(groups.values(), key=lambda g: (-g.count, g.old, g.new))
    return PatientDiff(generated, len(generated.sets), refused, ordered)


def _size(answers: Answers, old: Walk, new: Walk, baseline: Answers) -> int:
    asked = set(old.given) | set(new.given)
    return sum(not same(answers[q], baseline.get(q)) for q in asked)


def _distance(example: Example, baseline: Answers) -> int:
    """How far the differing answers are from the baseline's: ticks added or removed, and
    the distance between numbers (a tie-break between examples of the same size)."""
    total = 0
    for question, value in example.changed(baseline).items():
        base = baseline.get(question)
        if isinstance(value, list) and isinstance(base, list):
            total += len(set(value) ^ set(base))
        elif isinstance(value, int) and isinstance(base, int) and not isinstance(value, bool):
            total += abs(value - base)
        else:
            total += 1
    return total


def _measure(example: Example, baseline: Answers) -> tuple[int, int, int, int]:
    walks = len(example.old.path) + len(example.new.path)
    return (example.size, _distance(example, baseline), walks, example.index)


def _smaller(a: Example, b: Example, baseline: Answers) -> bool:
    return _measure(a, baseline) < _measure(b, baseline)


def _simpler(space: Space, question: str, answers: Answers, baseline: Answers) -> list[Any]:
    """Answers to try instead of one that differs from the baseline: the baseline's own, one
    tick fewer, or a number nearer the baseline's."""
    value, base = answers[question], baseline[question]
    tries = [base]
    if isinstance(value, list) and len(value) > 1:
        tries.extend([v for v in value if v != drop] for drop in value)
    elif isinstance(value, int) and not isinstance(value, bool) and isinstance(base, int):
        nearer = [
            v for v in space.candidates(question, answers) if abs(v - base) < abs(value - base)
        ]
        tries.extend(sorted(nearer, key=lambda v: abs(v - base)))
    return tries


def _reduce(
    walkers: tuple[Walker, Walker],
    example: Example,
    group: Group,
    variant: Variant,
    generated: Generated,
) -> Example:
    """Make an example smaller while it stays in its group and changes in the same way: put
    answers back to the baseline's (half of them at once, then fewer: delta debugging), then
    drop ticks and bring numbers nearer the baseline's, one answer at a time."""
    baseline = generated.baseline

    def attempt(answers: Answers) -> Example | None:
        before, after = walkers[0].walk(answers), walkers[1].walk(answers)
        if (key_of(before), key_of(after)) != (group.old, group.new):
            return None
        if changes(before, after) != variant.changes:
            return None
        size = _size(answers, before, after, baseline)
        trial = Example(answers, before, after, example.why, size, example.index)
        return trial if _smaller(trial, example, baseline) else None

    changed = list(example.changed(baseline))
    chunk = max(len(changed) // 2, 1)
    while changed:
        for start in range(0, len(changed), chunk):
            part = changed[start : start + chunk]
            trial = attempt({**example.answers, **{q: baseline[q] for q in part}})
            if trial is not None:
                example = trial
                break
        else:
            if chunk == 1:
                break
            chunk = max(chunk // 2, 1)
            continue
        changed = list(example.changed(baseline))
        chunk = min(chunk, max(len(changed) // 2, 1))
    better = True
    while better:
        better = False
        for question in example.changed(baseline):
            for value in _simpler(generated.space, question, example.answers, baseline)[1:]:
                trial = attempt({**example.answers, question: value})
                if trial is not None:
                    example, better = trial, True
                    break
    return example
