"""Drawing: every node and edge appears, with shapes by kind and answers on the edges."""

from __future__ import annotations

from decisionaid.exports.draw import dot, mermaid


def test_mermaid(small_flow):
    text = mermaid(small_flow.graph)
    assert 'q1["q1: Pick one"]' in text
    assert 'r{"r: Many?"}' in text
    assert 'end_many[["end_many: rest (routine)"]]' in text
    assert 'q1 -->|"blue"| end_blue' in text
    assert text.count("-->") == small_flow.graph.number_of_edges()


def test_dot(small_flow):
    text = dot(small_flow.graph)
    assert '"r" [shape=diamond, label="r: Many?"];' in text
    assert '"q2" -> "r" [label="any answer"];' in text
    assert text.rstrip().endswith("}")


def test_quotes_are_escaped(compile_text):
    from tests.conftest import SMALL

    flow = compile_text(SMALL.replace("text: Pick one", 'text: Pick "one"'))
    assert "#quot;one#quot;" in mermaid(flow.graph)
    assert '\\"one\\"' in dot(flow.graph)
