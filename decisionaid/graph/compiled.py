"""The compiled tree: a validated tree with its graph and the analyses the engine needs.

`compile_tree` is the one way to get one (the compiled cache stores what it returns).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import networkx as nx

from decisionaid.errors import Problem, TreeError
from decisionaid.graph.analysis import questions_remaining
from decisionaid.graph.build import build_graph
from decisionaid.graph.checks import check
from decisionaid.model import Tree

if TYPE_CHECKING:
    from decisionaid.loader import Places


@dataclass(eq=False)
class CompiledTree:
    """A validated tree with its graph and the analyses the engine and interface use."""

    tree: Tree
    graph: nx.MultiDiGraph[str]
    remaining: dict[str, tuple[int, int]]
    warnings: list[Problem]


def compile_tree(tree: Tree, places: Places | None = None) -> CompiledTree:
    """Validate a merged tree and build its graph. Raises TreeError listing every error,
    each at its place in the files when `places` (from the loader) is given."""
    graph = build_graph(tree)
    problems = check(tree, graph, places)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise TreeError(errors + [p for p in problems if p.severity != "error"])
    return CompiledTree(tree, graph, questions_remaining(graph), problems)
