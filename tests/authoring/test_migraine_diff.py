"""The real case: the 1.0.0 tree (kept in tests/authoring/data/) against the shipped 1.1.0.

The diff must show each rule change listed at the end of SPEC 1.1, with an example, and no
change to any patient's result that those rules do not explain. The Markdown of the same diff
is kept as the worked example in docs/diff-1.0.0-to-1.1.0.md.
"""

from __future__ import annotations

import re

import pytest

from decisionaid import open_tree
from decisionaid.authoring.diff import diff
from tests.conftest import ROOT

OLD = ROOT / "tests" / "authoring" / "data" / "migraine-1.0.0" / "migraine.yaml"
DOC = ROOT / "docs" / "diff-1.0.0-to-1.1.0.md"

# What each SPEC 1.1 change adds or removes among the triggers of a result.
CAUSES = {
    "+uncontrolled_blood_pressure": "§5 doctor first, §7 caution: uncontrolled blood pressure",
    "+first_attack": "§6 review first: a first-ever headache",
    "+frequent_painkillers": "§5 doctor first: painkillers often, whatever the headache days",
    "+began_with_neck_injury": "§6 review first: headaches that began with a neck injury",
    "-onset_after_50": "§4 onset_after_50 means a new headache only",
}
# What may change along with a cause, and no more: the outcome and its fields; the triggers
# an outcome reports (a doctor-first outcome lists reasons routine review did not);
# dry needling's caution for uncontrolled blood pressure; an assessment where there was none.
ALLOWED = re.compile(
    r"^(outcome|recommendation|urgency|add_on|alternative) \S+ → \S+$"
    r"|^triggers .*$"
    r"|^options\.dry_needling\.status suitable → caution$"
    r"|^options\.dry_needling\.reasons \+uncontrolled_blood_pressure$"
    r"|^(options|profile|scores) none → given$"
)


@pytest.fixture(scope="module")
def flows():
    return open_tree(OLD), open_tree()


def causes_in(changes) -> set[str]:
    found = set()
    for line in changes:
        if line.startswith("triggers "):
            found |= {item for item in line[len("triggers ") :].split(", ") if item in CAUSES}
        if "+uncontrolled_blood_pressure" in line:
            found.add("+uncontrolled_blood_pressure")
    return found


def test_the_trees_compared(flows):
    old, new = flows
    assert (old.tree.version, new.tree.version) == ("1.0.0", "1.1.0")


def test_every_rule_change_of_spec_1_1_has_an_example(flows):
    old, new = flows
    result = diff(old, new, str(OLD), "trees/migraine.yaml", samples=0)
    baseline = result.patients.generated.baseline
    found = sorted(
        (group.old[2], group.new[2], str(variant.example.changed(baseline)))
        for group in result.patients.groups
        for variant in group.variants.values()
    )
    # The answer sets made to reach every edge and boundary find each change by itself, with
    # one or two answers changed from a plain baseline (a diagnosed, neck-related headache
    # that dry needling suits, with massage as the alternative).
    assert baseline["pain_location"] == "starts_in_neck" and baseline["diagnosed"] is True
    assert found == [
        # Row 1: uncontrolled blood pressure, neck-related: doctor first, dry needling caution.
        (
            "dry_needling_only",
            "doctor_first_only",
            "{'bleeding_circulation': ['uncontrolled_blood_pressure']}",
        ),
        # Row 3: a triptan on 10 days a month, whatever the headache days: doctor first.
        ("dry_needling_or_massage", "doctor_first_dry_needling", "{'triptan_days': 10}"),
        # Row 2: a first-ever headache: review first, nothing alongside.
        ("dry_needling_or_massage", "review_first", "{'attack_count': 'one'}"),
        # Row 4: headaches that began with a neck injury: review first.
        (
            "dry_needling_or_massage",
            "review_first",
            "{'neck_signs': ['began_with_neck_injury']}",
        ),
        # Row 5: began at 50 and unchanged for 3 years: assessed as usual.
        ("routine_review", "dry_needling_or_massage", "{'age': 53, 'onset_age': 50}"),
    ]


def test_no_change_that_spec_1_1_does_not_explain(flows):
    old, new = flows
    result = diff(old, new, str(OLD), "trees/migraine.yaml", samples=1_500, seed=1)
    seen: set[str] = set()
    for group in result.patients.groups:
        for variant in group.variants.values():
            causes = causes_in(variant.changes)
            assert causes, f"{group.old} → {group.new}: {variant.changes} has no SPEC 1.1 cause"
            seen |= causes
            for line in variant.changes:
                assert ALLOWED.match(line), f"{group.old} → {group.new}: unexpected {line!r}"
    assert seen == set(CAUSES)


def test_the_worked_example_in_docs_shows_only_those_changes():
    text = DOC.read_text(encoding="utf-8")
    assert "# migraine 1.0.0 → 1.1.0: what changes" in text
    # The rows of each group's table: | sets | what changed | smallest example |
    rows = [
        line
        for line in text.splitlines()
        if re.match(r"^\| [\d,]+ \| ", line) and line.count(" | ") == 2
    ]
    assert rows, "the doc lists its groups' ways of changing"
    for row in rows:
        assert causes_in(row.split(" | ")[1].split("; ")), f"unexplained in the doc: {row}"
    for cause in CAUSES:
        assert cause in text
