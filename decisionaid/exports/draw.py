"""Draw a tree's graph as Mermaid or Graphviz DOT: questions, routes and outcomes in
distinct shapes, edges labelled with the answers or rules that take them."""

from __future__ import annotations

import json

import networkx as nx

from decisionaid.model import Outcome


def _short(text: str, width: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _label(graph: nx.MultiDiGraph[str], node_id: str) -> str:
    node = graph.nodes[node_id]["node"]
    if isinstance(node, Outcome):
        return f"{node_id}: {node.recommendation} ({node.urgency})"
    return f"{node_id}: {_short(node.text)}"


def _mermaid_text(text: str) -> str:
    return '"' + text.replace('"', "#quot;") + '"'


_MERMAID_SHAPES = {
    "question": ("[", "]"),
    "info": ("([", "])"),
    "route": ("{", "}"),
    "outcome": ("[[", "]]"),
}


def mermaid(graph: nx.MultiDiGraph[str]) -> str:
    lines = ["flowchart TD"]
    for node_id, data in graph.nodes(data=True):
        left, right = _MERMAID_SHAPES[data["kind"]]
        lines.append(f"    {node_id}{left}{_mermaid_text(_label(graph, node_id))}{right}")
    for source, target, data in graph.edges(data=True):
        lines.append(f"    {source} -->|{_mermaid_text(_short(data['label'], 32))}| {target}")
    return "\n".join(lines) + "\n"


_DOT_SHAPES = {"question": "box", "info": "note", "route": "diamond", "outcome": "doubleoctagon"}


def dot(graph: nx.MultiDiGraph[str]) -> str:
    name = graph.graph.get("tree", "tree")
    lines = [f"digraph {json.dumps(name)} {{", "    rankdir=TB;"]
    for node_id, data in graph.nodes(data=True):
        shape = _DOT_SHAPES[data["kind"]]
        lines.append(
            f"    {json.dumps(node_id)} [shape={shape}, label={json.dumps(_label(graph, node_id))}];"
        )
    for source, target, data in graph.edges(data=True):
        label = json.dumps(_short(data["label"], 32))
        lines.append(f"    {json.dumps(source)} -> {json.dumps(target)} [label={label}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
