"""Draw a tree's graph as Mermaid or Graphviz DOT: questions, routes and outcomes in
distinct shapes, edges labelled with the answers or rules that take them (a rule the tree
gives no label is shown by its number and condition, `rule 2: headache_days ≥ 15`).

Text from the tree is quoted for each language, never trusted: DOT strings escape only `"` and
`\\` and keep UTF-8; Mermaid gets its own node names (`n_` + the id, so ids such as `end` or
`graph` are never keywords; the id stays in the label) and entity codes for every character it
would read as markup.
"""

from __future__ import annotations

import networkx as nx

from decisionaid.authoring import describe
from decisionaid.model import Outcome


def _short(text: str, width: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _label(graph: nx.MultiDiGraph[str], node_id: str) -> str:
    node = graph.nodes[node_id]["node"]
    if isinstance(node, Outcome):
        return f"{node_id}: {node.recommendation} ({node.urgency})"
    return f"{node_id}: {_short(node.text)}"


def _edge_label(data: dict) -> str:
    """What takes an edge, in a few words: an answer, the rule's own label, or, for a rule
    without one, its number (the order rules are tried in) and its condition."""
    if data["kind"] == "rule" and not data["labelled"]:
        return _short(f"rule {data['order'] + 1}: {describe.condition(data['when'])}", 40)
    return _short(data["label"], 32)


# Mermaid --------------------------------------------------------------------------------

# Inside a quoted Mermaid string, `#name;` is an entity code and the label is HTML: these
# characters are written as entity codes so that they are shown, not read. `#` is coded too,
# so a literal "#quot;" in a tree stays text.
_MERMAID_ENTITIES = {
    "#": "#35;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "&": "#amp;",
    "`": "#96;",
}


def _mermaid_text(text: str) -> str:
    return '"' + "".join(_MERMAID_ENTITIES.get(ch, ch) for ch in text) + '"'


def _mermaid_id(node_id: str) -> str:
    """A node name Mermaid never reads as a keyword (`end`, `graph`, `click`, `style`, …)
    or as an edge end (`o`/`x` straight after a link): tree ids are [a-z][a-z0-9_]*."""
    return f"n_{node_id}"


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
        text = _mermaid_text(_label(graph, node_id))
        lines.append(f"    {_mermaid_id(node_id)}{left}{text}{right}")
    for source, target, data in graph.edges(data=True):
        label = _mermaid_text(_edge_label(data))
        lines.append(f"    {_mermaid_id(source)} -->|{label}| {_mermaid_id(target)}")
    return "\n".join(lines) + "\n"


# Graphviz DOT ---------------------------------------------------------------------------


def dot_string(text: str) -> str:
    """A DOT double-quoted string: only `"` and `\\` are special (a backslash would start an
    escape such as \\N or \\l); everything else, UTF-8 included, is written as it is."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


_DOT_SHAPES = {"question": "box", "info": "note", "route": "diamond", "outcome": "doubleoctagon"}


def dot(graph: nx.MultiDiGraph[str]) -> str:
    name = graph.graph.get("tree", "tree")
    lines = [f"digraph {dot_string(name)} {{", '    charset="UTF-8";', "    rankdir=TB;"]
    for node_id, data in graph.nodes(data=True):
        shape = _DOT_SHAPES[data["kind"]]
        label = dot_string(_label(graph, node_id))
        lines.append(f"    {dot_string(node_id)} [shape={shape}, label={label}];")
    for source, target, data in graph.edges(data=True):
        label = dot_string(_edge_label(data))
        lines.append(f"    {dot_string(source)} -> {dot_string(target)} [label={label}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
