"""A tree diff as plain text (for the terminal), Markdown (for a review meeting) and JSON (for
tools). All three say the same things in the same order: the two trees, what changed in the
text, then what changed for patients, group by group, each with its smallest example."""

from __future__ import annotations

import json
import textwrap
from typing import Any

from decisionaid.authoring import describe
from decisionaid.authoring.changes import SECTIONS, Change
from decisionaid.authoring.diff import Diff
from decisionaid.authoring.patients import COMPARED, Group, Key, Variant
from decisionaid.authoring.walks import Walk
from decisionaid.graph import CompiledTree

FORMATS = ("text", "markdown", "json")
MARKS = {"added": "+", "removed": "-", "changed": "~"}
TEXT_VARIANTS = 6  # ways of changing shown per group in the terminal; the others say all

SMALLEST = (
    "Smallest example: of the answer sets in the group that change in this way, the one with "
    "the fewest answers different from the baseline (counting only questions either tree "
    "asks on its walk), then the fewest ticks and the numbers nearest the baseline's; then "
    "made smaller still, while it stays in the group and changes in the same way, by putting "
    "answers back to the baseline's and then dropping ticks and bringing numbers nearer."
)


def render(result: Diff, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(as_json(result), indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return markdown(result)
    return plain(result)


def _plural(count: int, noun: str, plural: str | None = None) -> str:
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"


def _tree(flow: CompiledTree, name: str) -> str:
    return f"{name} (tree '{flow.tree.id}' {flow.tree.version})"


def key_words(key: Key) -> str:
    """(recommendation, urgency, outcome) as it reads: `dry_needling (none) at massage_fits`."""
    if key[0] == "not accepted":
        return f"not accepted (question {key[1]}: {key[2]})"
    recommendation, urgency, outcome = key
    return f"{recommendation} ({urgency}) at {outcome}"


def _change_line(change: Change) -> str:
    where = f"{change.item} {change.field}".strip()
    if change.kind == "added" and not change.field:
        return f"{where}: {change.new}" if change.new else where
    if change.kind == "removed" and not change.field:
        return f"{where}: {change.old}" if change.old else where
    if change.old is None:
        return f"{where}: + {change.new}"
    if change.new is None:
        return f"{where}: - {change.old}"
    return f"{where}: {change.old} → {change.new}"


def _sections(changes: list[Change]) -> list[tuple[str, list[Change]]]:
    return [
        (title, [c for c in changes if c.section == key])
        for key, title in SECTIONS.items()
        if any(c.section == key for c in changes)
    ]


def _coverage_words(result: Diff) -> list[str]:
    p = result.patients
    g = p.generated
    made = len(g.sets) - 1 - g.samples
    missed = (
        f"{len(g.unreached):,} not reached, listed at the end" if g.unreached else "all reached"
    )
    lines = [
        f"{_plural(p.compared, 'answer set')} walked on both trees: the baseline, "
        f"{made:,} made to reach every edge, answer option and number boundary of either tree "
        f"({g.targets:,} targets, {missed}) and {g.samples:,} random ones (seed {g.seed}).",
    ]
    if p.refused:
        lines.append(
            f"{_plural(p.refused, 'set')} neither tree accepts (a check refuses one of their "
            "answers); they are not compared."
        )
    if p.groups:
        share = 100 * p.differing / max(p.compared, 1)
        lines.append(
            f"{_plural(p.differing, 'answer set')} ({share:.1f}%) get a different result, in "
            f"{_plural(len(p.groups), 'group')}."
        )
    else:
        lines.append("No answer set gets a different result.")
    return lines


def _example_changes(variant: Variant, baseline: dict[str, Any]) -> str:
    assert variant.example is not None
    changed = variant.example.changed(baseline)
    if not changed:
        return "the baseline itself"
    return ", ".join(f"{q}: {describe.answer(v)}" for q, v in changed.items())


def _unreached(result: Diff) -> list[tuple[str, str, str]]:
    names = [result.old.tree.version, result.new.tree.version]
    if names[0] == names[1]:
        names = ["old", "new"]
    return [(names[t.tree], t.text, t.why_not) for t in result.patients.generated.unreached]


# --- plain text ----------------------------------------------------------------------------


def plain(result: Diff) -> str:
    out = [
        "decisionaid diff",
        f"  old: {_tree(result.old, result.old_name)}",
        f"  new: {_tree(result.new, result.new_name)}",
        "",
        f"What changed in the text ({_plural(len(result.changes), 'change')})",
    ]
    if not result.changes:
        out.append("  nothing")
    for title, changes in _sections(result.changes):
        out.append(f"  {title}")
        for change in changes:
            out.append(_wrap(f"{MARKS[change.kind]} {_change_line(change)}", "    ", "      "))
    out += ["", "What changed for patients"]
    out += [_wrap(line, "  ", "  ") for line in _coverage_words(result)]
    baseline = result.patients.generated.baseline
    if result.patients.groups:
        out += [
            "",
            _wrap("Examples list only their answers that differ from this baseline:", "  ", "  "),
        ]
        out.append(_wrap(_answers_line(baseline), "    ", "    "))
    for number, group in enumerate(result.patients.groups, start=1):
        out += ["", *_group_text(number, group, baseline)]
    unreached = _unreached(result)
    if unreached:
        out += ["", f"Targets no answer set reached ({len(unreached)})"]
        for tree, target, why in unreached:
            out.append(_wrap(f"{tree}: {target}: {why}", "  ", "    "))
    if result.patients.groups:
        out += ["", _wrap(SMALLEST, "", "")]
    return "\n".join(out) + "\n"


def _group_text(number: int, group: Group, baseline: dict[str, Any]) -> list[str]:
    head = (
        f"{number}. {key_words(group.old)} → {key_words(group.new)}: "
        f"{_plural(group.count, 'answer set')}"
    )
    fields = ", ".join(f"{name} ({count:,})" for name, count in group.fields.most_common())
    lines = [_wrap(head, "  ", "     "), _wrap(f"changed: {fields}", "     ", "       ")]
    shown = _variants(group)[:TEXT_VARIANTS]
    for letter, variant in zip("abcdefghijklmnopqrstuvwxyz", shown, strict=False):
        lines.append(
            _wrap(
                f"{letter}) {_plural(variant.count, 'set')}: {'; '.join(variant.changes)}",
                "     ",
                "        ",
            )
        )
        lines.append(
            _wrap(f"example: {_example_changes(variant, baseline)}", "        ", "          ")
        )
    hidden = len(group.variants) - len(shown)
    if hidden > 0:
        lines.append(f"     … and {_plural(hidden, 'other way')} (--format markdown or json)")
    return lines


def _variants(group: Group) -> list[Variant]:
    """The ways a group's results change, the simplest example first (then the commonest)."""

    def simplest(v: Variant) -> tuple:
        size = v.example.size if v.example is not None else 0
        return (size, -v.count, v.changes)

    return sorted(group.variants.values(), key=simplest)


def _answers_line(answers: dict[str, Any]) -> str:
    return ", ".join(f"{q}: {describe.answer(v)}" for q, v in answers.items())


def _wrap(text: str, first: str, rest: str, width: int = 100) -> str:
    return textwrap.fill(
        text, width=width, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False
    )


# --- Markdown ------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ") or "—"


def markdown(result: Diff) -> str:
    old, new = result.old.tree, result.new.tree
    out = [
        f"# {old.id} {old.version} → {new.version}: what changes",
        "",
        f"- Old: `{result.old_name}` (tree `{old.id}` {old.version})",
        f"- New: `{result.new_name}` (tree `{new.id}` {new.version})",
        "",
        "Written by `decisionaid diff --format markdown`.",
        "",
        f"## What changed in the text ({_plural(len(result.changes), 'change')})",
        "",
    ]
    if not result.changes:
        out += ["Nothing.", ""]
    for title, changes in _sections(result.changes):
        out += [f"### {title}", "", "| | id | field | old | new |", "|---|---|---|---|---|"]
        for c in changes:
            out.append(
                f"| {c.kind} | `{_cell(c.item)}` | {_cell(c.field)} | {_cell(c.old)} | {_cell(c.new)} |"
            )
        out.append("")
    out += ["## What changed for patients", ""]
    out += [line for line in _coverage_words(result)]
    out.append("")
    baseline = result.patients.generated.baseline
    groups = result.patients.groups
    if groups:
        out += [
            "| # | old result | new result | answer sets | what changed |",
            "|---|---|---|---|---|",
        ]
        for number, group in enumerate(groups, start=1):
            fields = ", ".join(name for name, _ in group.fields.most_common())
            out.append(
                f"| {number} | {_cell(key_words(group.old))} | {_cell(key_words(group.new))} "
                f"| {group.count:,} | {_cell(fields)} |"
            )
        out += ["", "Examples list only their answers that differ from the baseline:", ""]
        out += [
            "<details><summary>Baseline answers</summary>",
            "",
            *(f"- `{q}`: {describe.answer(v)}" for q, v in baseline.items()),
            "",
            "</details>",
            "",
        ]
    for number, group in enumerate(groups, start=1):
        out += [
            f"### {number}. {key_words(group.old)} → {key_words(group.new)}",
            "",
            f"{_plural(group.count, 'answer set')}.",
            "",
        ]
        out += ["| sets | what changed | smallest example |", "|---:|---|---|"]
        for variant in _variants(group):
            out.append(
                f"| {variant.count:,} | {_cell('; '.join(variant.changes))} "
                f"| {_cell(_example_changes(variant, baseline))} |"
            )
        out.append("")
    unreached = _unreached(result)
    if unreached:
        out += [
            f"### Targets no answer set reached ({len(unreached)})",
            "",
            "| tree | target | why |",
            "|---|---|---|",
            *(f"| {t} | {_cell(target)} | {_cell(why)} |" for t, target, why in unreached),
            "",
        ]
    if groups:
        out += [SMALLEST, ""]
    return "\n".join(out)


# --- JSON ----------------------------------------------------------------------------------


def _key_json(key: Key) -> dict[str, Any]:
    if key[0] == "not accepted":
        return {"accepted": False, "question": key[1], "reason": key[2]}
    return {"recommendation": key[0], "urgency": key[1], "outcome": key[2]}


def _walk_json(done: Walk) -> dict[str, Any]:
    if done.result is None:
        assert done.error is not None
        return {"accepted": False, "question": done.error.question, "reason": done.error.detail}
    contract = done.result.contract()
    return {name: contract[name] for name in COMPARED}


def as_json(result: Diff) -> dict[str, Any]:
    p = result.patients
    g = p.generated
    baseline = g.baseline
    return {
        "old": {
            "file": result.old_name,
            "tree": result.old.tree.id,
            "version": result.old.tree.version,
        },
        "new": {
            "file": result.new_name,
            "tree": result.new.tree.id,
            "version": result.new.tree.version,
        },
        "text": [
            {
                "section": c.section,
                "id": c.item,
                "change": c.kind,
                "field": c.field or None,
                "old": c.old,
                "new": c.new,
            }
            for c in result.changes
        ],
        "patients": {
            "compared": p.compared,
            "samples": g.samples,
            "seed": g.seed,
            "targets": g.targets,
            "refused": p.refused,
            "differing": p.differing,
            "baseline": baseline,
            "unreached": [
                {"tree": tree, "target": target, "why": why}
                for tree, target, why in _unreached(result)
            ],
            "groups": [
                {
                    "old": _key_json(group.old),
                    "new": _key_json(group.new),
                    "count": group.count,
                    "fields": dict(group.fields.most_common()),
                    "changes": [
                        {
                            "changes": list(variant.changes),
                            "count": variant.count,
                            "example": {
                                "made_for": variant.example.why,
                                "changed": variant.example.changed(baseline),
                                "answers": variant.example.asked(),
                                "old": _walk_json(variant.example.old),
                                "new": _walk_json(variant.example.new),
                            },
                        }
                        for variant in _variants(group)
                        if variant.example is not None
                    ],
                }
                for group in p.groups
            ],
        },
    }
