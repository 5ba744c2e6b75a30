"""`decisionaid test` and `decisionaid diff` at the command line: output and exit status."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.authoring.trees import COFFEE_3
from tests.cli.test_main import run
from tests.conftest import EXAMPLE, ROOT

CASES = ROOT / "examples" / "coffee" / "cases"


@pytest.fixture
def coffee(tmp_path):
    """A copy of the coffee example with its cases, to change freely."""
    shutil.copy(EXAMPLE, tmp_path / "coffee.yaml")
    shutil.copytree(CASES, tmp_path / "coffee" / "cases")
    return tmp_path / "coffee.yaml"


# --- test ----------------------------------------------------------------------------------


def test_the_coffee_cases_pass_with_full_coverage():
    result = run("test", str(EXAMPLE), "--coverage", "--min-coverage", "100")
    assert result.exit_code == 0, result.output
    assert "pass  four_cups" in result.output
    assert "Every item is reached by at least one case." in result.output
    assert result.output.rstrip().endswith(
        "3 cases on tree 'coffee' 1.0: 3 passed, 0 failed; coverage 100.0%"
    )


def test_coverage_lists_what_no_case_reaches(coffee):
    cases = coffee.parent / "coffee" / "cases"
    result = run("test", str(coffee), str(cases / "two_cups.yaml"), "--min-coverage", "100")
    assert result.exit_code == 1
    assert "Not reached by any case" in result.output
    lines = [" ".join(line.split()) for line in result.output.splitlines()]
    assert "route rule decide rule 1 → water" in lines
    assert "option palpitations true" in lines
    assert "outcome water water (none)" in lines
    assert "coverage 50.0%, below the minimum of 100%" in result.output
    assert run("test", str(coffee), str(cases / "two_cups.yaml")).exit_code == 0


def test_a_failing_case_exits_1_with_its_differences(coffee):
    case = coffee.parent / "coffee" / "cases" / "four_cups.yaml"
    case.write_text(case.read_text().replace("recommendation: water", "recommendation: coffee"))
    result = run("test", str(coffee))
    assert result.exit_code == 1
    assert "FAIL  four_cups" in result.output
    assert f"{case}:7:19: recommendation: expected coffee, got water" in result.output
    assert "3 cases on tree 'coffee' 1.0: 2 passed, 1 failed" in result.output


def test_a_malformed_case_exits_2_located(coffee):
    case = coffee.parent / "coffee" / "cases" / "four_cups.yaml"
    case.write_text(case.read_text().replace("cups: 4", "cups: four"))
    result = run("test", str(coffee), "--coverage")
    assert result.exit_code == 2
    assert f"{case}:4:9: error: question 'cups': expected a whole number, got 'four'" in (
        result.output
    )
    assert "2 passed, 0 failed, 1 malformed case file (1 problem)" in result.output


def test_no_cases_to_run(tmp_path):
    shutil.copy(EXAMPLE, tmp_path / "coffee.yaml")
    result = run("test", str(tmp_path / "coffee.yaml"))
    assert result.exit_code == 2
    assert f"{tmp_path / 'coffee' / 'cases'}:1:1: error: no such file or folder" in result.output


def test_a_bad_tree_exits_2(write):
    result = run("test", str(write("tree: [", "bad.yaml")))
    assert result.exit_code == 2
    assert "YAML syntax error" in result.output


# --- diff ----------------------------------------------------------------------------------


def test_diff_of_a_moved_threshold(write):
    new = write(COFFEE_3, "coffee-3.yaml")
    result = run("diff", str(EXAMPLE), str(new), "--samples", "200")
    assert result.exit_code == 1
    assert "~ fact too_many when: cups ≥ 4 → cups ≥ 3" in result.output
    assert ". coffee (none) at coffee → water (none) at water" in result.output
    assert "example: cups: 3" in result.output


def test_diff_of_the_same_tree_exits_0():
    result = run("diff", str(EXAMPLE), str(EXAMPLE), "--samples", "50")
    assert result.exit_code == 0
    assert "What changed in the text (0 changes)" in result.output
    assert "No answer set gets a different result." in result.output


def test_diff_formats(write):
    new = write(COFFEE_3, "coffee-3.yaml")
    data = json.loads(
        run("diff", str(EXAMPLE), str(new), "--samples", "50", "--format", "json").output
    )
    assert data["new"]["version"] == "1.1"
    assert data["patients"]["samples"] == 50
    markdown = run("diff", str(EXAMPLE), str(new), "--samples", "50", "--format", "markdown").output
    assert markdown.startswith("# coffee 1.0 → 1.1: what changes")


def test_diff_with_a_baseline_of_ones_own(write):
    new = write(COFFEE_3, "coffee-3.yaml")
    baseline = write("cups: 2\npalpitations: false\n", "baseline.yaml")
    data = json.loads(
        run(
            "diff",
            str(EXAMPLE),
            str(new),
            "--baseline",
            str(baseline),
            "--samples",
            "100",
            "--format",
            "json",
        ).output
    )
    assert data["patients"]["baseline"] == {"cups": 2, "palpitations": False}
    bad = write("cups: 2\nsugar: 3\n", "bad.yaml")
    result = run("diff", str(EXAMPLE), str(new), "--baseline", str(bad))
    assert result.exit_code == 2
    assert f"{bad}:2:8: 'sugar' is not a question of either tree" in result.output
    wrong = write("cups: lots\n", "wrong.yaml")
    result = run("diff", str(EXAMPLE), str(new), "--baseline", str(wrong))
    assert result.exit_code == 2
    assert "question 'cups': expected a whole number" in result.output


def test_diff_with_a_bad_tree_exits_2(write):
    result = run("diff", str(EXAMPLE), str(write("tree: [", "bad.yaml")))
    assert result.exit_code == 2
    assert "YAML syntax error" in result.output
