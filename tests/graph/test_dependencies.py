"""Facts, scores and statuses: loops are located errors, long chains validate in linear work
and walk without deep recursion."""

from __future__ import annotations

import pytest

from decisionaid.engine import Session
from decisionaid.errors import TreeError
from decisionaid.yamlfile import MAX_DEPTH
from tests.conftest import PAST_RECURSION

THERAPY_TREE = """\
tree: t
version: "1"
title: T
start: q
therapies:
  massage:
    label: Massage
    rules:
      - status: excluded
        when: {status_of: massage, in: [suitable]}
      - status: caution
        reasons: [sore]
    otherwise: suitable
nodes:
  - id: q
    kind: question
    type: boolean
    text: Sore?
    next: end
  - id: end
    kind: outcome
    recommendation: rest
    urgency: none
    title: End
    text: End.
    assessment: true
facts:
  sore:
    label: Sore
    when: {answer: q, equals: true}
"""


def errors(compile_text, text: str) -> str:
    with pytest.raises(TreeError) as caught:
        compile_text(text)
    return str(caught.value)


def test_a_status_rule_reading_its_own_status_is_a_located_loop(compile_text):
    message = errors(compile_text, THERAPY_TREE)
    assert (
        "tree.yaml:10:15: error: therapy 'massage': facts and treatment statuses depend on "
        "each other in a loop: status of 'massage' ("
    ) in message
    assert "tree.yaml:10:15) → status of 'massage'" in message


def test_a_fact_and_a_status_in_a_loop_name_both_places(compile_text):
    text = THERAPY_TREE.replace("{status_of: massage, in: [suitable]}", "{answer: q, equals: 1}")
    text = text.replace("{answer: q, equals: 1}", "{answer: q, equals: false}")
    text = text.replace(
        "when: {answer: q, equals: true}", "when: {status_of: massage, in: [caution]}"
    )
    message = errors(compile_text, text)
    assert "tree.yaml:30:11: error: fact 'sore': facts and treatment statuses" in message
    assert "tree.yaml:30:11) → status of 'massage' (" in message
    assert "tree.yaml:12:19) → fact 'sore'" in message


def chain(write, length: int, routes: bool):
    """A tree asking `length` yes/no questions, with a chain of facts each reading the one
    before and its own question; with `routes`, a route after every question reads its fact,
    otherwise one route at the end reads the last."""
    nodes, facts = [], []
    for i in range(length):
        after = f"r{i}" if routes else (f"q{i + 1}" if i < length - 1 else "last")
        nodes += [
            f"  - {{id: q{i}, kind: question, type: boolean, text: Question {i}?, next: {after}}}"
        ]
        if routes:
            on = f"q{i + 1}" if i < length - 1 else "end_no"
            nodes += [
                f"  - {{id: r{i}, kind: route, text: Route {i}, "
                f"rules: [{{when: {{fact: f{i}}}, go: end_yes}}], otherwise: {on}}}"
            ]
        earlier = f"{{fact: f{i - 1}}}, " if i else ""
        facts += [
            f"  f{i}: {{label: Fact {i}, when: {{any: [{earlier}{{answer: q{i}, equals: true}}]}}}}"
        ]
    if not routes:
        nodes += [
            f"  - {{id: last, kind: route, text: Last, rules: [{{when: {{fact: f{length - 1}}}, "
            "go: end_yes}], otherwise: end_no}"
        ]
    nodes += [
        f"  - {{id: {name}, kind: outcome, recommendation: rest, urgency: none, "
        f"title: {name}, text: {name}.}}"
        for name in ("end_yes", "end_no")
    ]
    head = 'tree: chain\nversion: "1"\ntitle: Chain\nstart: q0\nnodes:\n'
    return write(head + "\n".join(nodes) + "\nfacts:\n" + "\n".join(facts) + "\n")


def test_a_long_chain_of_facts_walks_without_deep_recursion(write):
    from decisionaid import open_tree

    flow = open_tree(chain(write, PAST_RECURSION, routes=False), cached=False)
    for first_yes in (0, PAST_RECURSION - 1, None):
        session = Session(flow)
        session.fill({f"q{i}": i == first_yes for i in range(PAST_RECURSION)})
        assert session.finished
        expected = "end_no" if first_yes is None else "end_yes"
        assert session.result().outcome == expected


def test_validation_work_grows_linearly_with_a_chain_of_facts(write, monkeypatch):
    """Each route reads a fact at the end of an ever longer chain; reading what a condition
    refers to is done a bounded number of times per fact and node, not once per pair."""
    import decisionaid.conditions as conditions
    from decisionaid.graph import compile_tree
    from decisionaid.loader import load_tree

    # Once per pair would be 600² = 360,000 calls, twenty times the bound below.
    loaded = load_tree(chain(write, 600, routes=True))
    calls = 0
    walk = conditions.walk

    def counted(condition):
        nonlocal calls
        calls += 1
        return walk(condition)

    monkeypatch.setattr(conditions, "walk", counted)
    compile_tree(*loaded)
    nodes_and_facts = 3 * 600
    assert calls < 10 * nodes_and_facts, calls


def nested(depth: int) -> str:
    """A condition `depth` levels deep, written as YAML flow mappings: not(not(...))."""
    inner = "{answer: q2, gte: 5}"
    for _ in range(depth):
        inner = f"{{not: {inner}}}"
    return inner


def test_conditions_as_deep_as_yaml_allows_evaluate(write):
    from decisionaid import open_tree
    from tests.conftest import SMALL

    # Above the condition: the file, nodes, the node, rules, the rule; the innermost
    # comparison is a mapping too.
    deepest = MAX_DEPTH - 6
    text = SMALL.replace("{answer: q2, gte: 5}", nested(deepest))
    flow = open_tree(write(text), cached=False)
    session = Session(flow)
    session.fill({"q1": "red", "q2": 7})
    assert session.result().outcome == ("end_many" if deepest % 2 == 0 else "end_few")
    with pytest.raises(TreeError, match="nested more than 64 levels"):
        open_tree(write(SMALL.replace("{answer: q2, gte: 5}", nested(deepest + 1))))
