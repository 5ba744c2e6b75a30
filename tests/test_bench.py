"""The benchmark harness: its synthetic trees are valid at every size, and a smoke run works.
(The measurements themselves are not tests; see bench/results.md.)"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from bench.generate import BLOCK, answers, tree_text
from decisionaid.engine import Session
from decisionaid.graph import compile_tree
from decisionaid.graph.analysis import path_count
from decisionaid.loader import load_tree
from tests.conftest import ROOT


@pytest.mark.parametrize("nodes", [100, 1_000])
def test_synthetic_trees_are_valid_and_have_every_kind(write, nodes):
    flow = compile_tree(*load_tree(write(tree_text(nodes))))
    assert flow.warnings == []
    assert abs(flow.graph.number_of_nodes() - nodes) < BLOCK
    types = {n.type for n in flow.tree.nodes.values() if n.kind == "question"}
    assert types == {"boolean", "single", "multi", "number"}
    kinds = {n.kind for n in flow.tree.nodes.values()}
    assert kinds == {"question", "route", "info", "outcome"}
    assert flow.tree.facts


def test_shared_sub_paths_make_the_walks_astronomical(write):
    flow = compile_tree(*load_tree(write(tree_text(1_000))))
    assert path_count(flow.graph, flow.tree.start) > 10**80


def test_generated_answers_walk_to_an_outcome(write):
    flow = compile_tree(*load_tree(write(tree_text(1_000))))
    session = Session(flow)
    session.fill(answers(1_000 // BLOCK + 1, seed=3))
    assert session.finished


@pytest.mark.long(15)
def test_quick_benchmark_run(tmp_path):
    run = subprocess.run(
        [sys.executable, "-m", "bench", "--quick"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "TMPDIR": str(tmp_path)},  # its trees and caches go with the test's
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    for name in (
        "launch to first screen",
        "launch to first question, warm cache",
        "launch to first question, cold cache",
        "per question: answer to the next question on screen",
        "typing: a digit in the number field echoed",
        "load + validate",
        "one answer",
        "assess --batch",
        "diff 1.0.0 vs 1.1.0",
        "peak memory",
        "store benchmarks: skipped: not in --quick runs",
    ):
        assert name in run.stdout
    assert "target ≤ 1.5×" in run.stdout
