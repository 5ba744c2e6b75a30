"""Graph checks and analyses, on small trees built for each case."""

from __future__ import annotations

import pickle

import networkx as nx
import pytest

from decisionaid.errors import TreeError
from decisionaid.graph.analysis import (
    depth,
    path_count,
    questions_remaining,
    reachable_outcomes,
)
from decisionaid.graph.build import build_graph
from tests.conftest import SMALL


def errors(compile_text, text: str) -> str:
    with pytest.raises(TreeError) as caught:
        compile_text(text)
    return str(caught.value)


def test_small_tree_graph(small_flow):
    graph = small_flow.graph
    assert isinstance(graph, nx.MultiDiGraph)
    assert graph.nodes["q1"]["kind"] == "question"
    labels = {(u, v): d["label"] for u, v, d in graph.edges(data=True)}
    assert labels[("q1", "end_blue")] == "blue"
    assert labels[("q1", "q2")] == "any other answer"
    assert labels[("r", "end_few")] == "otherwise"
    assert small_flow.warnings == []


def test_reference_to_missing_node_is_located(compile_text):
    message = errors(compile_text, SMALL.replace("go: end_many", "go: end_lots"))
    assert (
        "tree.yaml:26:13: error: node 'r': leads to node 'end_lots', which does not exist"
        in message
    )


def test_missing_start(compile_text):
    assert "'start' names node 'q9'" in errors(
        compile_text, SMALL.replace("start: q1", "start: q9")
    )


def test_cycle_names_its_nodes(compile_text):
    message = errors(compile_text, SMALL.replace("otherwise: end_few", "otherwise: q1"))
    assert "the walk can loop:" in message
    assert (
        "q1 → q2 → r → q1" in message
        or "r → q1 → q2 → r" in message
        or "q2 → r → q1 → q2" in message
    )


def test_unreachable_node(compile_text):
    text = (
        SMALL + "  - id: orphan\n    kind: info\n    text: Nobody comes here\n    next: end_few\n"
    )
    assert "node 'orphan': cannot be reached from the start ('q1')" in errors(compile_text, text)


def test_condition_reads_unknown_things(compile_text):
    text = SMALL.replace(
        "{answer: q2, gte: 5}",
        "{all: [{fact: nope}, {score: nada, gte: 1}, {answer: q7, equals: 1}]}",
    )
    message = errors(compile_text, text)
    assert "fact 'nope', which is not defined" in message
    assert "score 'nada', which is not defined" in message
    assert "question 'q7', which does not exist" in message


def test_comparison_must_fit_the_question(compile_text):
    message = errors(compile_text, SMALL.replace("{answer: q2, gte: 5}", "{answer: q1, gte: 5}"))
    assert "'gte' does not fit single question 'q1'" in message
    message = errors(
        compile_text, SMALL.replace("{answer: q2, gte: 5}", "{answer: q1, equals: green}")
    )
    assert "'q1' has no option 'green' (options: red, blue)" in message
    message = errors(
        compile_text, SMALL.replace("{answer: q2, gte: 5}", "{answer: q2, equals: five}")
    )
    assert "answered with a whole number" in message


def _blue_skips_q2() -> str:
    return SMALL.replace(
        "      - {value: blue, label: Blue, next: end_blue}",
        "      - {value: blue, label: Blue, next: r}",
    ).replace(
        "  - id: end_blue\n    kind: outcome\n    recommendation: rest\n    urgency: none\n    title: Blue\n    text: Blue chosen.\n",
        "",
    )


def test_use_before_ask_is_an_error(compile_text):
    # q2 is skipped when q1 is blue, so a rule after the join may not read it.
    message = errors(compile_text, _blue_skips_q2())
    assert (
        "node 'r': reads the answer to 'q2', which is not asked on every path to this point"
        in message
    )


def test_use_before_ask_follows_facts_and_scores(compile_text):
    text = (
        _blue_skips_q2().replace("{answer: q2, gte: 5}", "{fact: lots}")
        + "facts:\n  lots:\n    label: Lots\n    when: {score: total, gte: 5}\n"
        + "scores:\n  total:\n    label: Total\n    sum: [q2]\n"
    )
    assert "reads the answer to 'q2'" in errors(compile_text, text)


def test_a_question_check_may_read_its_own_answer(compile_text):
    text = SMALL.replace(
        "    max: 10\n",
        "    max: 10\n    checks:\n      - require: {answer: q2, lte: 9}\n        message: too many\n",
    )
    assert compile_text(text).tree.nodes["q2"].checks


def test_safety_dominance(compile_text):
    safe = SMALL.replace(
        "title: Small\n", "title: Small\nsafety:\n  - questions: [q2]\n    before: [treat]\n"
    )
    treat = safe.replace(
        "    recommendation: rest\n    urgency: none\n    title: Blue",
        "    recommendation: treat\n    urgency: none\n    title: Blue",
    )
    message = errors(compile_text, treat)
    assert (
        "node 'end_blue': offers treat on a path that skips safety question 'q2' (safety rule 1)"
        in message
    )
    # The same outcome reached only after q2 passes.
    fine = safe.replace(
        "    recommendation: rest\n    urgency: none\n    title: Few",
        "    recommendation: treat\n    urgency: none\n    title: Few",
    )
    assert compile_text(fine)


def test_declared_recommendations_are_enforced(compile_text):
    text = SMALL.replace(
        "title: Small\n", "title: Small\nrecommendations:\n  rest: {label: Rest}\n"
    )
    assert compile_text(text)
    message = errors(
        compile_text,
        text.replace(
            "recommendation: rest\n    urgency: routine",
            "recommendation: nap\n    urgency: routine",
        ),
    )
    assert "recommendation 'nap' is not a declared recommendation (rest)" in message


def test_fact_loops(compile_text):
    text = SMALL.replace("{answer: q2, gte: 5}", "{fact: a}") + (
        "facts:\n  a: {label: A, when: {fact: b}}\n  b: {label: B, when: {not: {fact: a}}}\n"
    )
    assert "facts depend on each other in a loop" in errors(compile_text, text)


def test_unknown_source(compile_text):
    text = SMALL.replace(
        "    text: How many?\n", "    text: How many?\n    sources: [nobody_2020]\n"
    )
    assert "cites source 'nobody_2020', which is not in the bibliography" in errors(
        compile_text, text
    )


def test_warnings_do_not_stop_a_tree(compile_text):
    text = SMALL + "facts:\n  idle: {label: Idle, when: {answer: q2, equals: 1}}\n"
    flow = compile_text(text)
    assert [str(w).split(": ", 1)[1] for w in flow.warnings] == [
        "warning: fact 'idle': defined but never used"
    ]


def test_a_route_that_decides_nothing_warns(compile_text):
    text = SMALL.replace("go: end_many", "go: end_few")
    message = errors(compile_text, text)  # end_many is now unreachable: an error
    assert "warning: node 'r': every rule leads where 'otherwise' does" in message


SAME_PLACE = """\
tree: t
version: "1"
title: T
start: q
nodes:
  - id: q
    kind: question
    type: single
    text: Pick
    options:
      - {value: a, label: A, next: end}
      - {value: b, label: B, next: end}
  - id: end
    kind: outcome
    recommendation: rest
    urgency: none
    title: End
    text: End.
"""


def test_options_that_all_lead_to_one_place_warn(compile_text):
    flow = compile_text(SAME_PLACE)
    assert "every option leads to the same place" in str(flow.warnings[0])
    # Both answers are kept as parallel edges of the multigraph.
    assert flow.graph.number_of_edges("q", "end") == 2


# --- analysis ----------------------------------------------------------------------------


def _chain(n: int, width: int) -> nx.MultiDiGraph:
    """n layers of `width` parallel nodes, each linked to every node of the next layer."""
    graph = nx.MultiDiGraph()
    graph.add_node("s", kind="question")
    previous = ["s"]
    for layer in range(n):
        current = [f"n{layer}_{i}" for i in range(width)]
        for node in current:
            graph.add_node(node, kind="question")
            for p in previous:
                graph.add_edge(p, node)
        previous = current
    graph.add_node("end", kind="outcome")
    for p in previous:
        graph.add_edge(p, "end")
    return graph


def test_path_count_matches_enumeration_on_a_small_graph():
    graph = _chain(4, 3)
    by_hand = sum(1 for _ in nx.all_simple_paths(nx.DiGraph(graph), "s", "end"))
    assert path_count(graph, "s") == by_hand == 3**4


def test_path_count_is_not_enumeration():
    assert path_count(_chain(200, 4), "s") == 4**200


def test_questions_remaining_and_depth(small_flow):
    remaining = questions_remaining(small_flow.graph)
    assert remaining["q1"] == (1, 2)
    assert remaining["q2"] == (1, 1)
    assert remaining["end_many"] == (0, 0)
    assert depth(small_flow.graph) == 4
    assert reachable_outcomes(small_flow.graph, "q2") == {"end_many", "end_few"}
    assert reachable_outcomes(small_flow.graph, "q1") == {"end_blue", "end_many", "end_few"}


def test_example_tree_is_valid():
    from decisionaid import open_tree
    from tests.conftest import EXAMPLE

    flow = open_tree(EXAMPLE)
    assert flow.warnings == []
    assert set(build_graph(flow.tree).nodes) == {
        "cups",
        "palpitations",
        "decide",
        "water",
        "coffee",
    }


def test_dead_end_is_reported(compile_text):
    text = SMALL.replace("    next: r\n", "    next: nowhere\n")
    message = errors(compile_text, text)
    assert "node 'q2': leads to node 'nowhere', which does not exist" in message
    assert "node 'q2': dead end: this is not an outcome and has no way on" in message


def test_route_without_otherwise(compile_text):
    assert "node 'r': missing required field 'otherwise'" in errors(
        compile_text, SMALL.replace("    otherwise: end_few\n", "")
    )


def test_a_compiled_tree_holds_no_yaml_positions(migraine):
    """Places live beside the model, in the loader; the compiled tree never carries them."""
    assert not hasattr(migraine.tree, "origins")
    assert b"LocatedDict" not in pickle.dumps(migraine)


# --- decision support ------------------------------------------------------------------

PRIORITIES = """\
  - id: what_matters
    kind: question
    type: multi
    text: What matters most?
    options:
      - {value: cheap, label: Low cost}
      - {value: quick, label: Quick}
    next: q2
"""


def with_decision(decision: str, question: str = PRIORITIES) -> str:
    text = SMALL.replace(
        "    next: q2\n  - id: q2", "    next: what_matters\n" + question + "  - id: q2", 1
    )
    return text.replace(
        "start: q1\n", "start: q1\nrecommendations:\n  rest: {label: Rest}\n" + decision
    )


def test_a_decision_with_a_priorities_question_no_rule_reads(compile_text):
    flow = compile_text(
        with_decision(
            "decision:\n  text: Yours to choose\n  options: [rest]\n  priorities: what_matters\n"
        )
    )
    assert flow.tree.main.decision.priorities == "what_matters"


def test_a_rule_may_never_read_the_priorities_question(compile_text):
    text = with_decision("decision:\n  text: Yours\n  priorities: what_matters\n").replace(
        "      - when: {answer: q2, gte: 5}",
        "      - when: {answer: what_matters, any_of: [cheap]}",
    )
    message = errors(compile_text, text)
    assert "the priorities question 'what_matters' is read by node 'r'" in message


def test_decision_options_must_be_declared(compile_text):
    message = errors(compile_text, with_decision("decision:\n  text: Yours\n  options: [nap]\n"))
    assert "decision option 'nap' is not a declared recommendation" in message


def test_priorities_must_be_a_checklist(compile_text):
    message = errors(compile_text, with_decision("decision:\n  text: Yours\n  priorities: q2\n"))
    assert "priorities names 'q2', which is not a checklist question" in message


# --- background reading ------------------------------------------------------------------

BACKGROUND = """\
sources:
  study: {authors: A, title: A trial}
  clinic_blog: {kind: background, authors: A clinic, title: Our view}
"""
ABOUT = """\
about:
  author: Us
  funding: None
  conflicts_of_interest: None
  evidence_reviewed: 2026-11
  next_review: 2027-11
  background_reading: [clinic_blog]
"""


def test_background_reading_is_listed_under_about_and_counts_as_cited(compile_text):
    text = SMALL.replace("    text: How many?\n", "    text: How many?\n    sources: [study]\n")
    flow = compile_text(text.replace("start: q1\n", "start: q1\n" + ABOUT) + BACKGROUND)
    assert flow.warnings == []
    assert flow.tree.main.about.background_reading == ["clinic_blog"]


def test_a_background_source_is_never_the_evidence_for_a_claim(compile_text):
    text = SMALL.replace(
        "    text: How many?\n", "    text: How many?\n    sources: [clinic_blog]\n"
    )
    message = errors(compile_text, text.replace("start: q1\n", "start: q1\n" + ABOUT) + BACKGROUND)
    assert "cites 'clinic_blog', a background source, as evidence" in message


def test_background_reading_must_be_background(compile_text):
    about = ABOUT.replace("[clinic_blog]", "[study]")
    message = errors(compile_text, SMALL.replace("start: q1\n", "start: q1\n" + about) + BACKGROUND)
    assert "background reading lists source 'study', which is not of kind background" in message
