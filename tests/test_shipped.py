"""The shipped trees are found from a checkout and are packed into the wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from decisionaid.shipped import default_tree, trees_dir
from tests.conftest import ROOT


def test_default_tree_exists():
    assert default_tree().is_file()
    assert (trees_dir() / "migraine" / "red_flags.yaml").is_file()


def test_wheel_contains_the_trees(tmp_path):
    """`pipx install .` must work: the wheel carries trees/ inside the package."""
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    wheel = next(tmp_path.glob("decisionaid-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "decisionaid/trees/migraine.yaml" in names
    assert "decisionaid/trees/migraine/red_flags.yaml" in names
    assert "decisionaid/tui/app.tcss" in names
