"""Drawing: every node and edge appears, with shapes by kind and answers on the edges, and
Graphviz and mermaid-cli draw every label exactly as the tree writes it."""

from __future__ import annotations

import pytest

from decisionaid import open_tree
from decisionaid.exports.draw import _edge_label, _short, dot, dot_string, mermaid
from tests.conftest import EXAMPLE, SMALL
from tests.judges import graphviz_svg, mermaid_svgs, texts

# Ids that are Mermaid keywords, and text that DOT, Mermaid or HTML would read as markup.
HOSTILE = r"""
tree: hostile
version: "1"
title: Hostile
start: graph
nodes:
  - id: graph
    kind: question
    type: single
    text: 'Say #quot; or <b>bold</b> "so" | [a] {b}'
    options:
      - {value: stop, label: Stop, next: end}
      - {value: go_on, label: Go on}
    next: subgraph
  - id: subgraph
    kind: info
    text: 'café … back\slash \N & `tick` #35;'
    next: click
  - id: click
    kind: route
    text: Which way?
    rules:
      - when: {answer: graph, equals: go_on}
        go: style
        label: '"q" | [r] <s> #quot; {t}'
    otherwise: end
  - id: style
    kind: outcome
    recommendation: rest
    urgency: none
    title: Style
    text: Style.
  - id: end
    kind: outcome
    recommendation: rest
    urgency: routine
    title: End
    text: End.
"""

# What the drawings of HOSTILE must show, written out by hand.
HOSTILE_LABELS = [
    'graph: Say #quot; or <b>bold</b> "so" | [a] {b}',
    "subgraph: café … back\\slash \\N & `tick` #35;",
    "click: Which way?",
    "style: rest (none)",
    "end: rest (routine)",
    '"q" | [r] <s> #quot; {t}',
    "stop",
    "any other answer",
    "continue",
    "otherwise",
]

TREES = ["migraine", "coffee", "hostile"]


@pytest.fixture(scope="module")
def flows(tmp_path_factory):
    hostile = tmp_path_factory.mktemp("hostile") / "hostile.yaml"
    hostile.write_text(HOSTILE, encoding="utf-8")
    return {"migraine": open_tree(), "coffee": open_tree(EXAMPLE), "hostile": open_tree(hostile)}


def labels(flow) -> list[str]:
    """What a drawing must show for each node and edge of a tree, in plain text."""
    shown = []
    for node_id, node in flow.tree.nodes.items():
        if node.kind == "outcome":
            shown.append(f"{node_id}: {node.recommendation} ({node.urgency})")
        else:
            shown.append(f"{node_id}: {_short(node.text)}")
    shown += [_edge_label(data) for _, _, data in flow.graph.edges(data=True)]
    return shown


def missing(expected: list[str], shown: list[str]) -> list[str]:
    return [label for label in expected if " ".join(label.split()) not in shown]


def test_mermaid(small_flow):
    text = mermaid(small_flow.graph)
    assert 'n_q1["q1: Pick one"]' in text
    assert 'n_r{"r: Many?"}' in text
    assert 'n_end_many[["end_many: rest (routine)"]]' in text
    assert 'n_q1 -->|"blue"| n_end_blue' in text
    assert 'n_r -->|"rule 1: q2 ≥ 5"| n_end_many' in text  # no label: number and condition
    assert text.count("-->") == small_flow.graph.number_of_edges()


def test_dot(small_flow):
    text = dot(small_flow.graph)
    assert '"r" [shape=diamond, label="r: Many?"];' in text
    assert '"q2" -> "r" [label="any answer"];' in text
    assert '"r" -> "end_many" [label="rule 1: q2 ≥ 5"];' in text  # before: "rule 1"
    assert text.rstrip().endswith("}")


def test_quotes_are_escaped(compile_text):
    flow = compile_text(SMALL.replace("text: Pick one", 'text: Pick "one"'))
    assert "#quot;one#quot;" in mermaid(flow.graph)
    assert '\\"one\\"' in dot(flow.graph)


def test_dot_strings_escape_only_quotes_and_backslashes():
    assert dot_string('café … "q" \\N') == '"café … \\"q\\" \\\\N"'


def test_dot_keeps_utf8(flows):
    text = dot(flows["migraine"].graph)
    assert "\\u" not in text and "…" in text


def test_mermaid_ids_are_never_keywords_and_text_is_never_markup(flows):
    text = mermaid(flows["hostile"].graph)
    assert "n_end[[" in text and "n_graph[" in text and "n_click{" in text
    assert "#35;quot;" in text and "#lt;b#gt;" in text and "<b>" not in text


def test_hostile_labels_are_what_the_drawings_are_checked_for(flows):
    assert set(HOSTILE_LABELS) <= set(labels(flows["hostile"]))


@pytest.mark.parametrize("name", TREES)
def test_graphviz_draws_every_label_as_written(flows, name):
    shown = texts(graphviz_svg(dot(flows[name].graph)))
    assert not missing(labels(flows[name]), shown), f"Graphviz shows {shown}"


@pytest.mark.long(6)
def test_mermaid_cli_draws_every_label_as_written(flows, tmp_path):
    """The three trees drawn by mermaid-cli in one run (one browser start), so one test: split
    over parallel workers, each would start its own browser."""
    charts = [mermaid(flows[name].graph) for name in TREES]
    drawings = dict(zip(TREES, mermaid_svgs(charts, tmp_path), strict=True))
    for name in TREES:
        shown = texts(drawings[name])
        assert not missing(labels(flows[name]), shown), f"Mermaid shows for {name}: {shown}"
