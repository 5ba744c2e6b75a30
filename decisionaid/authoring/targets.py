"""What walks of a tree should reach, for `decisionaid diff` to compare two trees fairly:
every edge of its graph, every answer option, and c - 1, c, c + 1 of every number compared
in a condition, where that comparison is evaluated."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from decisionaid.authoring.space import Space, numbers_in, same
from decisionaid.authoring.walks import Edge, Walk
from decisionaid.model import AnswerRef, Question, ScoreCondition, Tree


@dataclass
class Target:
    """Something one tree's walks should reach: an edge, an answer option, or a number at a
    boundary where the comparison is evaluated (`sites`)."""

    tree: int  # which of the trees compared
    kind: str  # edge | option | boundary
    text: str
    goal: frozenset[str]  # the walk must pass through one of these nodes
    edge: Edge | None = None
    question: str | None = None
    value: Any = None
    other: str | None = None  # boundary against another answer: question - other == value
    summed: tuple[str, ...] = ()  # boundary of a score: the sum of these == value
    pinned: tuple[tuple[str, Any], ...] = ()  # answers the target sets outright
    why_not: str = ""  # when no set reaches it: the reason last seen

    def met(self, done: Walk) -> bool:
        if done.result is None:
            return False
        if self.edge is not None:
            return self.edge in done.edges
        if not self.goal.intersection(done.path):
            return False
        given = done.given
        if any(q not in given or not same(given[q], v) for q, v in self.pinned):
            return False
        if self.summed:
            return all(q in given for q in self.summed) and (
                sum(given[q] for q in self.summed) == self.value
            )
        if self.question is None:
            return True
        if self.question not in given:
            return False
        if self.other is not None:
            return self.other in given and given[self.question] - given[self.other] == self.value
        return same(given[self.question], self.value)


def targets(space: Space, index: int) -> list[Target]:
    """What walks of one tree should reach: every edge of its graph, every answer option,
    and c - 1, c, c + 1 of every number comparison where it is evaluated."""
    flow = space.flows[index]
    tree, graph = flow.tree, flow.graph
    found: list[Target] = []
    for source, target, key, data in graph.edges(keys=True, data=True):
        text = f"edge {source} → {target} ({data['label']})"
        found.append(Target(index, "edge", text, frozenset([source]), edge=(source, target, key)))
    for qid, node in tree.questions().items():
        values: list[Any] = (
            [False, True]
            if node.type == "boolean"
            else [[v] for v in node.option_values]
            if node.type == "multi"
            else list(node.option_values)
        )
        for value in values:
            text = f"answer {qid} = {json.dumps(value)}"
            found.append(Target(index, "option", text, frozenset([qid]), question=qid, value=value))
    found.extend(_boundaries(space, index))
    return found


def _boundaries(space: Space, index: int) -> list[Target]:
    tree = space.flows[index].tree
    questions = tree.questions()
    sites: dict[tuple, set[str]] = {}
    decides: set[tuple] = set()  # read by a route or outcome, not only by a check
    for node_id, found in space.readers[index].items():
        check = isinstance(tree.nodes[node_id], Question)
        for atom in found:
            for key in _boundary_keys(tree, atom, questions):
                sites.setdefault(key, set()).add(node_id)
                if not check:
                    decides.add(key)
    targets = []
    for key, where in sites.items():
        goal = frozenset(where)
        match key:
            case ("sum", summed, value):
                text = f"boundary {' + '.join(summed)} = {value}"
                targets.append(Target(index, "boundary", text, goal, value=value, summed=summed))
            case ("relation", question, other, delta):
                text = f"boundary {question} = {other} {delta:+d}"
                targets.append(
                    Target(
                        index,
                        "boundary",
                        text,
                        goal,
                        question=question,
                        other=other,
                        value=delta,
                    )
                )
                if key in decides:
                    targets.extend(_pinned(space, index, goal, question, other, delta))
            case ("value", question, value):
                text = f"boundary {question} = {value}"
                targets.append(
                    Target(index, "boundary", text, goal, question=question, value=value)
                )
    return targets


def _pinned(
    space: Space, index: int, goal: frozenset[str], question: str, other: str, delta: int
) -> list[Target]:
    """A comparison with another answer, at the boundaries of the other's own
    comparisons too (onset_age at 49, 50 and 51, with age 1, 2 and 3 years later)."""
    found = []
    for value in _fixed_values(space, other):
        answer = value + delta
        low, high = space.range(question)
        if low <= answer <= high:
            pinned = ((other, value), (question, answer))
            text = f"boundary {question} = {other} {delta:+d} at {other} = {value}"
            found.append(Target(index, "boundary", text, goal, pinned=pinned))
    return found


def _fixed_values(space: Space, question: str) -> list[int]:
    """c - 1, c, c + 1 of the numbers a question is compared with, within its range."""
    low, high = space.range(question)
    values = {v for c in space.constants.get(question, ()) for v in (c - 1, c, c + 1)}
    return sorted(v for v in values if low <= v <= high)


def _boundary_keys(tree: Tree, atom: Any, questions: dict[str, Question]) -> list[tuple]:
    if isinstance(atom, ScoreCondition):
        summed = tuple(tree.scores[atom.score].sum)
        low = sum(questions[q].min or 0 for q in summed)
        high = sum(questions[q].max or 0 for q in summed)
        return [
            ("sum", summed, v)
            for c in numbers_in(getattr(atom, atom.operator))
            for v in (c - 1, c, c + 1)
            if low <= v <= high
        ]
    node = questions.get(atom.answer)
    if node is None or node.type != "number":
        return []
    if isinstance(atom.operand, AnswerRef):
        other, plus = atom.operand.answer, atom.operand.plus
        return [("relation", atom.answer, other, plus + d) for d in (-1, 0, 1)]
    assert node.min is not None and node.max is not None
    return [
        ("value", atom.answer, v)
        for c in numbers_in(atom.operand)
        for v in (c - 1, c, c + 1)
        if node.min <= v <= node.max
    ]
