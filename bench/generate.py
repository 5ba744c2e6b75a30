"""Synthetic valid trees of any size, in the real format, for the scale benchmarks.

The tree is a chain of blocks of 7 nodes. In each block a choice branches to a single-choice
or a number question; both paths meet again at a yes/no question and a checklist that every
walk asks; a derived fact reads those two, and a route on the fact either shows an
information page or goes straight on. Each block doubles the walks twice over (shared
sub-paths), so a 10,000-node tree has about 4^1428 distinct walks, while every rule reads
only answers asked on every path to it. The last route picks one of two outcomes.

    python -m bench.generate 10000 > big.yaml
"""

from __future__ import annotations

import sys
from pathlib import Path

BLOCK = 7  # nodes per block
FIXED = 3  # the final route and its two outcomes


def _block(i: int, after: str) -> list[str]:
    return [
        f"  - id: b{i}_branch",
        "    kind: question",
        "    type: single",
        f"    text: Block {i}, which way?",
        "    options:",
        f"      - {{value: left, label: Left, next: b{i}_choice}}",
        f"      - {{value: right, label: Right, next: b{i}_number}}",
        f"  - id: b{i}_choice",
        "    kind: question",
        "    type: single",
        f"    text: Block {i}, which one fits best?",
        "    options:",
        "      - {value: alpha, label: Alpha}",
        "      - {value: beta, label: Beta}",
        "      - {value: gamma, label: Gamma}",
        f"    next: b{i}_flag",
        f"  - id: b{i}_number",
        "    kind: question",
        "    type: number",
        f"    text: Block {i}, how many?",
        "    min: 0",
        "    max: 30",
        f"    next: b{i}_flag",
        f"  - id: b{i}_flag",
        "    kind: question",
        "    type: boolean",
        f"    text: Block {i}, does the flag apply?",
        f"    next: b{i}_checklist",
        f"  - id: b{i}_checklist",
        "    kind: question",
        "    type: multi",
        f"    text: Block {i}, tick any that apply",
        "    options:",
        "      - {value: red, label: Red}",
        "      - {value: green, label: Green}",
        "      - {value: blue, label: Blue}",
        f"    next: b{i}_route",
        f"  - id: b{i}_route",
        "    kind: route",
        f"    text: Block {i}, anything to show?",
        "    rules:",
        f"      - when: {{fact: b{i}_ticked}}",
        f"        go: b{i}_page",
        f"    otherwise: {after}",
        f"  - id: b{i}_page",
        "    kind: info",
        f"    text: Block {i}, a page shown when the flag is on and red or blue was ticked.",
        f"    next: {after}",
    ]


def tree_text(nodes: int) -> str:
    """A valid tree of about `nodes` nodes (at least one block)."""
    blocks = max(1, (nodes - FIXED) // BLOCK)
    last = blocks - 1
    out = [
        "tree: synthetic",
        f'version: "{nodes}"',
        f"title: Synthetic tree of {blocks * BLOCK + FIXED} nodes",
        "start: b0_branch",
        "nodes:",
    ]
    facts = ["facts:"]
    for i in range(blocks):
        out += _block(i, f"b{i + 1}_branch" if i < last else "finish")
        facts += [
            f"  b{i}_ticked:",
            f"    label: Flag on and red or blue ticked in block {i}",
            f"    when: {{all: [{{answer: b{i}_flag, equals: true}}, "
            f"{{answer: b{i}_checklist, any_of: [red, blue]}}]}}",
        ]
    out += [
        "  - id: finish",
        "    kind: route",
        "    text: Which ending?",
        "    rules:",
        f"      - when: {{any: [{{fact: b{last}_ticked}}, {{fact: b0_ticked}}]}}",
        "        go: end_flagged",
        "    otherwise: end_other",
        "  - id: end_flagged",
        "    kind: outcome",
        "    recommendation: rest",
        "    urgency: routine",
        "    title: Flagged",
        "    text: A flag was on at the start or the end.",
        f"    triggers: [b0_ticked, b{last}_ticked]",
        "  - id: end_other",
        "    kind: outcome",
        "    recommendation: rest",
        "    urgency: none",
        "    title: Anything else",
        "    text: Nothing flagged.",
    ]
    return "\n".join(out + facts) + "\n"


def write(nodes: int, folder: Path) -> Path:
    path = folder / f"synthetic-{nodes}.yaml"
    path.write_text(tree_text(nodes), encoding="utf-8")
    return path


def answers(blocks: int, seed: int = 0) -> dict:
    """One complete answer set for a synthetic tree (answers off the path are ignored)."""
    import random

    rng = random.Random(seed)
    out: dict = {}
    for i in range(blocks):
        out[f"b{i}_branch"] = rng.choice(["left", "right"])
        out[f"b{i}_choice"] = rng.choice(["alpha", "beta", "gamma"])
        out[f"b{i}_number"] = rng.randint(0, 30)
        out[f"b{i}_flag"] = rng.random() < 0.5
        out[f"b{i}_checklist"] = rng.choice([[], ["red"], ["green"], ["red", "blue"]])
    return out


if __name__ == "__main__":
    sys.stdout.write(tree_text(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))
