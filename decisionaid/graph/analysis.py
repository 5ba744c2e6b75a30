"""Analyses of a valid tree's graph: walks counted, questions still to come, outcomes in
reach, depth. Plain functions over the graph; nothing is enumerated.
"""

from __future__ import annotations

import networkx as nx


def path_count(graph: nx.MultiDiGraph[str], start: str) -> int:
    """Distinct walks from start to an outcome, counted by dynamic programming (no enumeration)."""
    counts: dict[str, int] = {}
    for node in reversed(list(nx.topological_sort(graph))):
        successors = set(graph.successors(node))
        counts[node] = 1 if not successors else sum(counts[s] for s in successors)
    return counts.get(start, 0)


def questions_remaining(graph: nx.MultiDiGraph[str]) -> dict[str, tuple[int, int]]:
    """For each node, the fewest and most questions still to answer, this one included."""
    remaining: dict[str, tuple[int, int]] = {}
    for node in reversed(list(nx.topological_sort(graph))):
        own = 1 if graph.nodes[node]["kind"] == "question" else 0
        successors = set(graph.successors(node))
        if not successors:
            remaining[node] = (own, own)
            continue
        low = min(remaining[s][0] for s in successors)
        high = max(remaining[s][1] for s in successors)
        remaining[node] = (own + low, own + high)
    return remaining


def reachable_outcomes(graph: nx.MultiDiGraph[str], node: str) -> set[str]:
    """The outcomes a walk from `node` can still end at."""
    around = nx.descendants(graph, node) | {node}
    return {n for n in around if graph.nodes[n]["kind"] == "outcome"}


def depth(graph: nx.MultiDiGraph[str]) -> int:
    """The most nodes on one walk from the start to an outcome."""
    return nx.dag_longest_path_length(graph) + 1 if graph.number_of_nodes() else 0
