"""The questions of the trees being compared, and the answers worth trying for each.

Values worth trying for a number are its range's ends and c - 1, c, c + 1 for every number c
it is compared with (for a comparison with another answer, that answer's value plus the
offset; for a score, the sum the other answers leave), clipped to the question's range. A
condition is tried on a complete set of answers without walking (the engine's `Evaluation`,
which works out facts in dependency order); the engine walks only what is proposed.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from decisionaid.conditions import Reads
from decisionaid.conditions import walk as walk_condition
from decisionaid.graph import CompiledTree
from decisionaid.graph.checks import outcome_reads
from decisionaid.model import (
    AnswerCondition,
    AnswerRef,
    FactCondition,
    Outcome,
    Question,
    Route,
    ScoreCondition,
    StatusCondition,
    Tree,
)

Answers = dict[str, Any]


def same(a: Any, b: Any) -> bool:
    """Two answers are the same answer (a checklist's ticks in any order; true is not 1)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return sorted(a) == sorted(b)
    return a == b


def canonical(value: Any) -> str:
    if isinstance(value, list):
        return json.dumps(sorted(value))
    return json.dumps(value)


# --- what each tree compares ---------------------------------------------------------------


def atoms(tree: Tree, conditions: list[Any], direct: Reads | None = None) -> Iterator[Any]:
    """Every answer or score comparison evaluated for these conditions (and the facts and
    statuses in `direct`), following facts and treatment statuses."""
    facts = sorted(direct.facts) if direct else []
    therapies = sorted(direct.statuses) if direct else []
    todo = list(conditions)
    seen_facts: set[str] = set()
    seen_therapies: set[str] = set()
    while todo or facts or therapies:
        while therapies:
            name = therapies.pop()
            if name in seen_therapies or name not in tree.therapies:
                continue
            seen_therapies.add(name)
            for rule in tree.therapies[name].rules:
                if rule.when is not None:
                    todo.append(rule.when)
                facts.extend(rule.reasons)
                facts.extend(rule.modifications)
        while facts:
            name = facts.pop()
            if name not in seen_facts and name in tree.facts:
                seen_facts.add(name)
                todo.append(tree.facts[name].when)
        while todo:
            for part in walk_condition(todo.pop()):
                match part:
                    case AnswerCondition() | ScoreCondition():
                        yield part
                    case FactCondition(fact=name):
                        facts.append(name)
                    case StatusCondition(status_of=name):
                        therapies.append(name)


def readers(tree: Tree) -> dict[str, list[Any]]:
    """For each node that evaluates something, the comparisons it evaluates."""
    found: dict[str, list[Any]] = {}
    for node_id, node in tree.nodes.items():
        if isinstance(node, Route):
            found[node_id] = list(atoms(tree, [r.when for r in node.rules]))
        elif isinstance(node, Question) and node.checks:
            found[node_id] = list(atoms(tree, [c.require for c in node.checks]))
        elif isinstance(node, Outcome):
            found[node_id] = list(atoms(tree, [], outcome_reads(tree, node)))
    return found


def numbers_in(operand: Any) -> list[int]:
    """The whole numbers an operand holds (one, or a list of them)."""
    values = operand if isinstance(operand, list) else [operand]
    return [v for v in values if isinstance(v, int) and not isinstance(v, bool)]


def canonical_set(answers: Answers) -> str:
    return json.dumps({q: canonical(v) for q, v in sorted(answers.items())})


@dataclass
class Space:
    """The questions of the trees compared, what each tree compares them with, and the
    values worth trying for each."""

    flows: list[CompiledTree]
    questions: dict[str, list[Question]] = field(init=False, default_factory=dict)
    constants: dict[str, set[int]] = field(init=False, default_factory=dict)
    # question -> (other question, offset): it is compared with the other's answer + offset
    related: dict[str, set[tuple[str, int]]] = field(init=False, default_factory=dict)
    sums: list[tuple[tuple[str, ...], set[int]]] = field(init=False, default_factory=list)
    all_of: dict[str, list[list[str]]] = field(init=False, default_factory=dict)
    # Worked out once each: option values, number ranges, the order asked, fixed candidates.
    _options: dict[str, list[str]] = field(init=False, default_factory=dict)
    _ranges: dict[str, tuple[int, int]] = field(init=False, default_factory=dict)
    _order: list[str] = field(init=False, default_factory=list)
    _fixed: dict[str, list[int]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        for flow in self.flows:
            for qid, node in flow.tree.questions().items():
                self.questions.setdefault(qid, []).append(node)
        self.readers = [readers(flow.tree) for flow in self.flows]
        for index, flow in enumerate(self.flows):
            seen: set[int] = set()
            for found in self.readers[index].values():
                for atom in found:
                    if id(atom) not in seen:
                        seen.add(id(atom))
                        self._note(flow.tree, atom)

    def _note(self, tree: Tree, atom: Any) -> None:
        if isinstance(atom, ScoreCondition):
            summed = tuple(tree.scores[atom.score].sum)
            self.sums.append((summed, set(numbers_in(getattr(atom, atom.operator)))))
            return
        operand = atom.operand
        if isinstance(operand, AnswerRef):
            self.related.setdefault(atom.answer, set()).add((operand.answer, operand.plus))
            self.related.setdefault(operand.answer, set()).add((atom.answer, -operand.plus))
        elif atom.operator == "all_of":
            self.all_of.setdefault(atom.answer, []).append(list(operand))
        else:
            self.constants.setdefault(atom.answer, set()).update(numbers_in(operand))

    # values --------------------------------------------------------------------------------

    def range(self, question: str) -> tuple[int, int]:
        """The numbers at least one tree accepts for a number question."""
        if question not in self._ranges:
            nodes = [n for n in self.questions[question] if n.type == "number"]
            low = min(n.min for n in nodes if n.min is not None)
            self._ranges[question] = (low, max(n.max for n in nodes if n.max is not None))
        return self._ranges[question]

    def options(self, question: str) -> list[str]:
        """The option values at least one tree offers (do not change the list)."""
        if question not in self._options:
            values: list[str] = []
            for node in self.questions[question]:
                values.extend(v for v in node.option_values if v not in values)
            self._options[question] = values
        return self._options[question]

    def order(self) -> list[str]:
        """The questions in the order the first tree asks them (then any only the others
        ask): sets sorted by their answers in this order share their first steps."""
        if not self._order:
            graph = self.flows[0].graph
            ordered = [n for n in nx.topological_sort(graph) if n in self.questions]
            self._order = ordered + [q for q in self.questions if q not in set(ordered)]
        return self._order

    def kind(self, question: str) -> str:
        return self.questions[question][0].type

    def default(self, question: str) -> Any:
        """A plain first answer: no ticks, false, the first option, the lowest number both
        trees accept."""
        match self.kind(question):
            case "multi":
                return []
            case "boolean":
                return False
            case "single":
                return self.options(question)[0]
        nodes = self.questions[question]
        low = max(n.min for n in nodes if n.min is not None)
        both = low <= min(n.max for n in nodes if n.max is not None)
        return low if both else self.range(question)[0]

    def defaults(self) -> Answers:
        return {q: self.default(q) for q in self.questions}

    def candidates(self, question: str, answers: Answers) -> list[Any]:
        """The answers worth trying for one question, given the others (in a fixed order)."""
        match self.kind(question):
            case "boolean":
                return [False, True]
            case "single":
                return list(self.options(question))
            case "multi":
                found = [[], *([v] for v in self.options(question))]
                found.extend(v for v in self.all_of.get(question, []) if v not in found)
                return found
        low, high = self.range(question)
        if question not in self.related and not any(question in s for s, _ in self.sums):
            return list(self.own_values(question))
        values = set(self.own_values(question))
        for other, offset in self.related.get(question, ()):
            if isinstance(answers.get(other), int):
                c = answers[other] + offset
                values.update((c - 1, c, c + 1))
        for summed, limits in self.sums:
            if question in summed:
                rest = sum(answers.get(q, 0) for q in summed if q != question)
                for c in limits:
                    values.update((c - 1 - rest, c - rest, c + 1 - rest))
        return sorted(v for v in values if low <= v <= high)

    def random_answer(self, question: str, answers: Answers, rng: random.Random) -> Any:
        match self.kind(question):
            case "boolean":
                return rng.random() < 0.5
            case "single":
                return rng.choice(self.options(question))
            case "multi":
                options = self.options(question)
                return [v for v in options if rng.random() < 1 / len(options)]
        if rng.random() < 0.5:
            return rng.randint(*self.range(question))
        # Boundaries of its own comparisons (those with other answers and scores are left
        # to the targets: working them out for every random set would cost more than walking).
        return rng.choice(self.own_values(question))

    def own_values(self, question: str) -> list[int]:
        """A number question's range ends and c - 1, c, c + 1 of each number it is compared
        with, within its range (worked out once)."""
        if question not in self._fixed:
            low, high = self.range(question)
            values = {low, high}
            for c in self.constants.get(question, ()):
                values.update((c - 1, c, c + 1))
            self._fixed[question] = sorted(v for v in values if low <= v <= high)
        return self._fixed[question]
