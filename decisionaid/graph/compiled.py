"""The compiled tree: a validated tree with its graph and the analyses the engine needs.

`compile_tree` is the one way to get one from a loaded tree; the compiled cache rebuilds one
from data it saved with `assemble`, without checking again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import networkx as nx

from decisionaid.errors import Problem, TreeError
from decisionaid.graph.analysis import questions_remaining
from decisionaid.graph.build import build_graph
from decisionaid.graph.checks import check
from decisionaid.graph.dependencies import Key, dependency_graph, working_order
from decisionaid.model import Tree

if TYPE_CHECKING:
    from decisionaid.loader import Places


@dataclass(eq=False)
class CompiledTree:
    """A validated tree with its graph and the analyses the engine and interface use."""

    tree: Tree
    graph: nx.MultiDiGraph
    remaining: dict[str, tuple[int, int]]
    warnings: list[Problem]
    # For each fact and status, the facts and statuses to work out first (no loops).
    depends: dict[Key, tuple[Key, ...]]


def compile_tree(tree: Tree, places: Places | None = None) -> CompiledTree:
    """Validate a merged tree and build its graph. Raises TreeError listing every error,
    each at its place in the files when `places` (from the loader) is given."""
    graph = build_graph(tree)
    dependencies = dependency_graph(tree)
    problems = check(tree, graph, places, dependencies)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise TreeError(errors + [p for p in problems if p.severity != "error"])
    return CompiledTree(
        tree, graph, questions_remaining(graph), problems, working_order(dependencies)
    )


def assemble(
    tree: Tree, warnings: list[Problem], remaining: dict[str, tuple[int, int]]
) -> CompiledTree:
    """A compiled tree from parts worked out when it was first checked (the cache's way)."""
    graph = build_graph(tree)
    return CompiledTree(tree, graph, remaining, warnings, working_order(dependency_graph(tree)))
