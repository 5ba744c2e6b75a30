"""Model → networkx graph: one node per tree node, one edge per way on.

The graph is a MultiDiGraph: node ids are tree node ids (attribute `node` holds the model,
`kind` its kind), and each edge says why it is taken (`kind`: `answer`, `next`, `rule`,
`otherwise`), with its `label`, the answer `values` or the rule `when` and its `order`.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from decisionaid.model import Info, Question, Route, Tree


def build_graph(tree: Tree) -> nx.MultiDiGraph[str]:
    """The tree as a graph. Edges to ids that do not exist are left out (`check` names them)."""
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph(tree=tree.id)
    for node_id, node in tree.nodes.items():
        graph.add_node(node_id, node=node, kind=node.kind)
    for node_id, node in tree.nodes.items():
        for target, data in _edges(node):
            if target in tree.nodes:
                graph.add_edge(node_id, target, **data)
    return graph


def _edges(node: Any) -> list[tuple[str, dict[str, Any]]]:
    match node:
        case Question():
            edges: list[tuple[str, dict[str, Any]]] = []
            for option in node.options:
                if option.next:
                    edges.append(
                        (
                            option.next,
                            {"kind": "answer", "values": [option.value], "label": option.value},
                        )
                    )
            if node.next:
                label = "any other answer" if edges else "any answer"
                edges.append((node.next, {"kind": "next", "label": label}))
            return edges
        case Info():
            return [(node.next, {"kind": "next", "label": "continue"})]
        case Route():
            edges = [
                (
                    rule.go,
                    {
                        "kind": "rule",
                        "when": rule.when,
                        "order": i,
                        "label": rule.label or f"rule {i + 1}",
                        "labelled": rule.label is not None,
                    },
                )
                for i, rule in enumerate(node.rules)
            ]
            edges.append(
                (
                    node.otherwise,
                    {"kind": "otherwise", "order": len(node.rules), "label": "otherwise"},
                )
            )
            return edges
    return []
