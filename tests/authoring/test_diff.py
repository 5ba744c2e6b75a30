"""What a change does to patients: groups, counts, the fields changed, smallest examples;
and the three renderings."""

from __future__ import annotations

import json

import pytest

from decisionaid.authoring.diff import diff
from decisionaid.authoring.render import render
from decisionaid.graph import compile_tree
from decisionaid.loader import load_tree
from tests.authoring.trees import CLINIC, COFFEE, COFFEE_3


@pytest.fixture
def compare(write):
    def _compare(old: str, new: str, samples: int = 300):
        before = compile_tree(*load_tree(write(old, "old.yaml")))
        after = compile_tree(*load_tree(write(new, "new.yaml")))
        return diff(before, after, "old.yaml", "new.yaml", samples=samples)

    return _compare


def test_the_same_tree_changes_nothing(compare):
    result = compare(CLINIC, CLINIC)
    assert result.changes == []
    assert result.patients.groups == []
    assert result.patients.differing == 0


def test_a_moved_threshold_groups_the_people_it_moves(compare):
    result = compare(COFFEE, COFFEE_3)
    groups = {(g.old, g.new): g for g in result.patients.groups}
    assert set(groups) == {
        (("coffee", "none", "coffee"), ("water", "none", "water")),
        (("water", "none", "water"), ("water", "none", "water")),
    }
    moved = groups[(("coffee", "none", "coffee"), ("water", "none", "water"))]
    (variant,) = moved.variants.values()
    assert variant.changes == (
        "outcome coffee → water",
        "recommendation coffee → water",
        "triggers +too_many",
    )
    assert variant.example.changed(result.patients.generated.baseline) == {"cups": 3}
    assert moved.fields == {
        "outcome": moved.count,
        "recommendation": moved.count,
        "triggers": moved.count,
    }
    # Every answer set with exactly 3 cups and a calm heart moves, and no other.
    sets = result.patients.generated.sets
    assert moved.count == sum(
        s.answers["cups"] == 3 and s.answers["palpitations"] is False for s in sets
    )
    (reason,) = groups[(("water", "none", "water"), ("water", "none", "water"))].variants
    assert reason == ("triggers +too_many",)


def test_examples_are_made_as_small_as_they_can_be(compare):
    # A status rule that now also excludes the tired: whoever is tired and would rest changes.
    new = CLINIC.replace("        reasons: [busy]", "        reasons: [busy, tired]")
    result = compare(CLINIC, new)
    baseline = result.patients.generated.baseline
    examples = [
        v.example.changed(baseline) for g in result.patients.groups for v in g.variants.values()
    ]
    assert {"signs": ["tired"]} in examples
    for group in result.patients.groups:
        for variant in group.variants.values():
            assert variant.example.size == len(variant.example.changed(baseline))
            assert variant.example.size <= 2


def test_a_new_check_makes_a_group_of_answers_no_longer_accepted(compare):
    new = CLINIC.replace(
        "        message: it cannot begin after today",
        "        message: it cannot begin after today\n"
        "      - require: {answer: onset, gte: 1}\n        message: zero is not an age",
    )
    result = compare(CLINIC, new)
    keys = {g.new for g in result.patients.groups}
    assert ("not accepted", "onset", "zero is not an age") in keys


def test_renderings_say_the_same(compare):
    result = compare(COFFEE, COFFEE_3, samples=50)
    text = render(result, "text")
    assert "~ fact too_many when: cups ≥ 4 → cups ≥ 3" in text
    assert "coffee (none) at coffee → water (none) at water" in text
    assert "example: cups: 3" in text
    markdown = render(result, "markdown")
    assert "| changed | `fact too_many` | when | cups ≥ 4 | cups ≥ 3 |" in markdown
    assert "| cups: 3 |" in markdown
    data = json.loads(render(result, "json"))
    assert data["old"] == {"file": "old.yaml", "tree": "coffee", "version": "1.0"}
    assert data["text"][1] == {
        "section": "threshold",
        "id": "fact too_many",
        "change": "changed",
        "field": "when",
        "old": "cups ≥ 4",
        "new": "cups ≥ 3",
    }
    group = data["patients"]["groups"][0]
    assert group["old"] == {"recommendation": "coffee", "urgency": "none", "outcome": "coffee"}
    example = group["changes"][0]["example"]
    assert example["changed"] == {"cups": 3}
    assert example["answers"] == {"cups": 3, "palpitations": False}
    assert example["old"]["outcome"] == "coffee" and example["new"]["outcome"] == "water"
    assert data["patients"]["compared"] == len(result.patients.generated.sets)
