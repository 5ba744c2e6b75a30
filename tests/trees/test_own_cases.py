"""The shipped tree's own worked cases (trees/migraine/cases/): every one passes and together
they reach every outcome, route rule, answer option and status rule; and what each expects
agrees with the independent reading of the SPEC in spec_oracle.py."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from tests.conftest import ROOT
from tests.trees import spec_oracle

CASES = sorted((ROOT / "trees" / "migraine" / "cases").glob("*.yaml"))


def test_the_real_command_passes_with_full_coverage():
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "decisionaid",
            "test",
            "trees/migraine.yaml",
            "--coverage",
            "--min-coverage",
            "100",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Every item is reached by at least one case." in done.stdout
    assert f"{len(CASES)} cases on tree 'migraine'" in done.stdout
    assert done.stdout.rstrip().endswith("coverage 100.0%")


def _sorted(value):
    if isinstance(value, list):
        return sorted(value)
    if isinstance(value, dict):
        return {k: _sorted(v) for k, v in value.items()}
    return value


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_each_case_expects_what_the_spec_says(path):
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    spec = spec_oracle.expected(case["answers"])
    for field, expected in case["expect"].items():
        if field in spec:
            assert _sorted(expected) == _sorted(spec[field]), field
