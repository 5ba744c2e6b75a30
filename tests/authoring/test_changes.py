"""What changed in the text: by id, with old and new values; thresholds apart."""

from __future__ import annotations

import pytest

from decisionaid.authoring.changes import thresholds, tree_changes
from decisionaid.graph import compile_tree
from decisionaid.loader import load_tree
from decisionaid.model import Fact
from tests.authoring.trees import CLINIC, COFFEE, COFFEE_3


@pytest.fixture
def changes(write):
    def _changes(old: str, new: str) -> list[tuple]:
        before = compile_tree(*load_tree(write(old, "old.yaml"))).tree
        after = compile_tree(*load_tree(write(new, "new.yaml"))).tree
        return [
            (c.section, c.item, c.kind, c.field, c.old, c.new) for c in tree_changes(before, after)
        ]

    return _changes


def test_the_same_tree_has_no_changes(changes):
    assert changes(COFFEE, COFFEE) == []


def test_a_moved_threshold(changes):
    assert changes(COFFEE, COFFEE_3) == [
        ("tree", "coffee", "changed", "version", "1.0", "1.1"),
        ("threshold", "fact too_many", "changed", "when", "cups ≥ 4", "cups ≥ 3"),
    ]


def test_questions_options_and_outcomes(changes):
    new = (
        COFFEE.replace("text: Is your heart racing?", "text: Is your heart beating fast?")
        .replace("max: 20", "max: 30")
        .replace("triggers: [too_many]", "triggers: []")
        .replace("title: Enjoy your coffee", "title: Enjoy it")
    )
    assert changes(COFFEE, new) == [
        ("question", "cups", "changed", "max", "20", "30"),
        (
            "question",
            "palpitations",
            "changed",
            "text",
            "Is your heart racing?",
            "Is your heart beating fast?",
        ),
        ("outcome", "water", "changed", "triggers", "too_many", None),
        ("outcome", "coffee", "changed", "title", "Enjoy your coffee", "Enjoy it"),
    ]


def test_added_and_removed_say_what_they_are(changes):
    new = COFFEE.replace(
        "facts:\n",
        "  - id: tea\n    kind: outcome\n    recommendation: water\n    urgency: none\n"
        "    title: Tea\n    text: Tea.\nfacts:\n  calm:\n    label: Calm\n"
        "    when: {answer: palpitations, equals: false}\n",
    ).replace(
        "      - when: {any:", "      - when: {fact: calm}\n        go: tea\n      - when: {any:"
    )
    found = changes(COFFEE, new)
    assert ("outcome", "tea", "added", "", None, "outcome: water (none)") in found
    assert ("fact", "calm", "added", "", None, "palpitations = false (Calm)") in found
    # A rule put in before the others is told as one rule added, not as every rule changing.
    assert [c for c in found if c[0] == "route"] == [
        ("route", "decide rule 1", "added", "", None, "when: calm, go: tea")
    ]
    back = changes(new, COFFEE)
    assert ("outcome", "tea", "removed", "", "outcome: water (none)", None) in back
    assert ("route", "decide rule 1", "removed", "", "when: calm, go: tea", None) in back


def test_options_therapies_scores_and_relations(changes):
    new = (
        CLINIC.replace(
            "      - {value: calm, label: Calm}\n",
            "      - {value: calm, label: Quiet}\n      - {value: sore, label: Sore}\n",
        )
        .replace("        reasons: [tired]", "        reasons: [tired, busy]")
        .replace("plus: 2}", "plus: 3}")
        .replace("sum: [days, extra]", "sum: [days]")
        .replace("{score: total, gte: 10}", "{score: total, gte: 12}")
    )
    found = changes(CLINIC, new)
    assert ("option", "signs.calm", "changed", "label", "Calm", "Quiet") in found
    assert ("option", "signs.sore", "added", "", None, "Sore") in found
    assert ("therapy", "rest rule 2", "changed", "reasons", None, "busy") in found
    assert (
        "threshold",
        "fact recent",
        "changed",
        "when",
        "age ≤ onset + 2",
        "age ≤ onset + 3",
    ) in found
    assert (
        "threshold",
        "route gate rule 2",
        "changed",
        "when",
        "score total ≥ 10",
        "score total ≥ 12",
    ) in found
    assert ("score", "total", "changed", "sum", "extra", None) in found


def test_a_condition_that_changed_shape_is_not_a_threshold():
    def when(condition: dict):
        return Fact.model_validate({"label": "x", "when": condition}).when

    assert thresholds(when({"answer": "a", "gte": 1}), when({"answer": "a", "gte": 2})) == [
        ("a ≥ 1", "a ≥ 2")
    ]
    assert thresholds(when({"answer": "a", "gte": 1}), when({"answer": "a", "gt": 1})) == []
    assert thresholds(when({"answer": "a", "gte": 1}), when({"answer": "b", "gte": 2})) == []
    assert (
        thresholds(
            when({"all": [{"answer": "a", "gte": 1}, {"fact": "f"}]}),
            when({"all": [{"answer": "a", "gte": 1}, {"fact": "g"}]}),
        )
        == []
    )
