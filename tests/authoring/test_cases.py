"""Case files: read and checked against a tree with every problem located; results compared
field by field, lists as sets, mappings by the keys a case gives."""

from __future__ import annotations

import textwrap

import pytest
import yaml

from decisionaid import open_tree
from decisionaid.authoring import cases
from tests.conftest import EXAMPLE


@pytest.fixture(scope="module")
def coffee():
    return open_tree(EXAMPLE)


GOOD = """\
name: four_cups
description: Four cups is the limit.
answers:
  cups: 4
  palpitations: false
expect:
  recommendation: water
  triggers: [too_many]
"""


def problems_of(write, text: str, flow=None) -> list[str]:
    """Every problem reported for one case file, as `line:column: message`."""
    path = write(textwrap.dedent(text), "case.yaml")
    found, problems = cases.read_all([path])
    if flow is not None:
        for case in found:
            problems += cases.check(case, flow)[1]
    return [f"{p.location.line}:{p.location.column}: {p.message}" for p in problems]


def test_a_good_case_passes(write, coffee):
    (case,), problems = cases.read_all([write(GOOD, "case.yaml")])
    assert problems == []
    done, problems = cases.check(case, coffee)
    assert problems == []
    assert cases.run(case, done).passed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name: a\nanswers: {cups: 2\nexpect: {}\n", "3:7: YAML syntax error"),
        (
            "nme: a\nanswers: {}\nexpect: {urgency: none}\n",
            "1:1: unknown field 'nme'; did you mean 'name'?",
        ),
        ("answers: {}\nexpect: {urgency: none}\n", "1:1: missing required field 'name'"),
        ("name: a\nanswers: [1]\nexpect: {urgency: none}\n", "2:10: 'answers' must be a mapping"),
        ("name: a\nanswers: {}\nexpect: {}\n", "3:9: 'expect' must be a mapping with at least one"),
        (
            "name: a\nanswers: {}\nexpect:\n  recomendation: water\n",
            "4:3: unknown field 'recomendation'; did you mean 'recommendation'?",
        ),
        (
            "name: a\nanswers: {}\nexpect:\n  options:\n    x: {statuss: y}\n",
            "5:9: unknown field 'statuss'; did you mean 'status'?",
        ),
        (
            "name: a\nanswers: {}\nexpect:\n  triggers: too_many\n",
            "4:13: 'triggers' must be a list",
        ),
        ("name: a\nanswers: {}\nexpect:\n  scores: {x: many}\n", "4:11: 'scores' must map"),
        ("- a\n", "1:1: a case file is a mapping"),
    ],
)
def test_malformed_case_files_are_located(write, text, expected):
    (problem, *_) = problems_of(write, text)
    assert problem.startswith(expected), problem


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (
            "cupz: 2\n  palpitations: false",
            "4:3: 'cupz' is not a question of tree 'coffee'; did you mean 'cups'?",
        ),
        (
            "cups: 25\n  palpitations: false",
            "4:9: question 'cups': 25 is out of range (allowed: a whole number from 0 to 20)",
        ),
        (
            "cups: 2\n  palpitations: maybe",
            "5:17: question 'palpitations': expected true or false, got 'maybe' (allowed: true or false)",
        ),
        (
            "cups: 2",
            "3:1: these answers stop before an outcome: question 'palpitations' is needed and not answered (allowed: true or false)",
        ),
    ],
)
def test_answers_the_tree_does_not_accept_are_located(write, coffee, answers, expected):
    text = f"name: a\ndescription: x\nanswers:\n  {answers}\nexpect:\n  urgency: none\n"
    assert problems_of(write, text, coffee) == [expected]


def test_an_answer_off_the_path_is_still_checked(write, migraine):
    # An emergency ends the walk at once; the bad age below it is reported all the same.
    text = "name: a\nanswers:\n  emergency_signs: [red_eye]\n  age: old\nexpect:\n  urgency: emergency\n"
    assert problems_of(write, text, migraine) == [
        "4:8: question 'age': expected a whole number, got 'old' (allowed: a whole number from 0 to 120)"
    ]


def test_a_cross_answer_check_is_located_at_the_answer(write, migraine):
    text = (
        "name: a\nanswers:\n  emergency_signs: []\n  head_injury: none\n  age: 40\n"
        "  urgent_signs: []\n  pregnancy: not_pregnant\n  onset_age: 41\nexpect:\n  urgency: none\n"
    )
    (problem,) = problems_of(write, text, migraine)
    assert problem.startswith("8:14: question 'onset_age': the age when the headaches started")


def test_expect_may_only_name_what_the_tree_reports(write, coffee):
    text = (
        "name: a\nanswers: {cups: 1, palpitations: false}\nexpect:\n"
        "  options: {rest: {status: suitable}}\n  scores: {midas: 1}\n"
    )
    assert problems_of(write, text, coffee) == [
        "4:13: tree 'coffee' has no option 'rest' in its results",
        "5:12: tree 'coffee' has no score 'midas' in its results",
    ]


def test_duplicate_names_point_at_the_first(write):
    first = write(GOOD, "a/one.yaml")
    second = write(GOOD, "a/two.yaml")
    found, problems = cases.read_all(cases.find([first.parent]))
    assert [c.file for c in found] == [str(first)]
    (problem,) = problems
    assert str(problem).startswith(f"{second}:1:7: error: duplicate case name 'four_cups'")
    assert f"first used at {first}:1:7" in str(problem)


def test_finding_cases(write, tmp_path):
    write(GOOD, "cases/b.yaml")
    write(GOOD, "cases/deeper/a.yml")
    write("not a case", "cases/notes.txt")
    assert [p.name for p in cases.find([tmp_path / "cases"])] == ["b.yaml", "a.yml"]
    with pytest.raises(cases.CaseError, match="no such file or folder"):
        cases.find([tmp_path / "nowhere"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(cases.CaseError, match="no case files"):
        cases.find([tmp_path / "empty"])
    assert cases.default_folder(tmp_path / "trees" / "migraine.yaml") == (
        tmp_path / "trees" / "migraine" / "cases"
    )


def run(write, flow, expect: str, answers: str = "cups: 4\n  palpitations: false"):
    text = f"name: a\nanswers:\n  {answers}\nexpect:\n{textwrap.indent(expect, '  ')}"
    (case,), problems = cases.read_all([write(text, "case.yaml")])
    assert problems == []
    done, problems = cases.check(case, flow)
    assert problems == []
    return cases.run(case, done)


def test_differences_field_by_field_with_their_place(write, coffee):
    ran = run(write, coffee, "recommendation: coffee\nurgency: none\ntriggers: [too_many, other]\n")
    assert not ran.passed
    assert [str(d) for d in ran.differences] == [
        f"{ran.case.file}:6:19: recommendation: expected coffee, got water",
        f"{ran.case.file}:8:13: triggers: expected [too_many, other], got [too_many] (missing other)",
    ]


def test_lists_compare_as_sets_and_true_is_not_one(write, coffee):
    assert run(write, coffee, "path: [water, decide, palpitations, cups]\n").passed
    ran = run(write, coffee, "answers: {palpitations: 0}\n")
    assert [d.field for d in ran.differences] == ["answers.palpitations"]


def test_mappings_compare_only_the_keys_given(write, migraine):
    from tests.trees.test_migraine import BASE

    def run_migraine(expect: dict) -> cases.CaseRun:
        text = yaml.safe_dump({"name": "a", "answers": BASE, "expect": expect})
        (case,), problems = cases.read_all([write(text, "case.yaml")])
        done, problems = cases.check(case, migraine)
        assert problems == []
        return cases.run(case, done)

    ran = run_migraine(
        {"options": {"dry_needling": {"status": "suitable"}}, "scores": {}, "answers": {"age": 40}}
    )
    assert ran.passed, [str(d) for d in ran.differences]
    ran = run_migraine({"options": None, "profile": ["tension_type"]})
    assert [d.field for d in ran.differences] == ["options", "profile"]
