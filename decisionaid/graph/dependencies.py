"""What facts, scores and treatment statuses read: their dependency graph and its loops.

Each is a node of a networkx DiGraph keyed `("fact", name)`, `("score", name)` or
`("status", therapy)`, with an edge to everything it reads directly (a fact's condition, a
status rule's condition, reasons and modifications) and the direct reads kept in the node's
`reads` attribute (answers included). Validation rejects loops in this graph, with the place
of every member; the engine then works out a fact or status after everything it reads,
following the graph with a stack of its own (see `engine.Evaluation`), so a chain of
thousands of facts never nests Python calls.

References to things that do not exist are left out here; `checks.py` reports them.
"""

from __future__ import annotations

import networkx as nx

from decisionaid.conditions import Reads, reads, therapy_reads
from decisionaid.model import Tree

Key = tuple[str, str]


def dependency_graph(tree: Tree) -> nx.DiGraph:
    """Facts, scores and statuses, each with an edge to what it reads directly."""
    graph = nx.DiGraph()
    direct: dict[Key, Reads] = {}
    for name, fact in tree.facts.items():
        direct[("fact", name)] = reads(fact.when)
    for name, score in tree.scores.items():
        direct[("score", name)] = Reads(answers=set(score.sum))
    for name in tree.therapies:
        direct[("status", name)] = therapy_reads(tree, name)
    for key, read in direct.items():
        graph.add_node(key, reads=read)
    for key, read in direct.items():
        for target in read_keys(tree, read):
            graph.add_edge(key, target)
    return graph


def read_keys(tree: Tree, read: Reads) -> list[Key]:
    """The facts, scores and statuses among what a condition reads (those that exist)."""
    keys: list[Key] = [("fact", f) for f in sorted(read.facts) if f in tree.facts]
    keys += [("score", s) for s in sorted(read.scores) if s in tree.scores]
    keys += [("status", t) for t in sorted(read.statuses) if t in tree.therapies]
    return keys


def loops(graph: nx.DiGraph) -> list[list[Key]]:
    """One loop per strongly connected component that loops, each as the keys in order."""
    found = []
    for component in nx.strongly_connected_components(graph):
        first = min(component)
        if len(component) > 1 or graph.has_edge(first, first):
            cycle = nx.find_cycle(graph.subgraph(component), source=first)
            found.append([u for u, *_ in cycle])
    return sorted(found)


def working_order(graph: nx.DiGraph) -> dict[Key, tuple[Key, ...]]:
    """For each fact and status, the facts and statuses to work out before it (scores only
    add answers, so they need nothing first)."""
    return {
        key: tuple(t for t in graph.successors(key) if t[0] != "score")
        for key in graph
        if key[0] != "score"
    }


def describe(key: Key) -> str:
    kind, name = key
    return f"status of '{name}'" if kind == "status" else f"{kind} '{name}'"
