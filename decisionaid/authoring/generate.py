"""Answer sets for comparing trees: a baseline, sets aimed at every edge, option and number
boundary of each tree, and a seeded random sample.

Every set answers every question of every tree given, so that it walks to an outcome on each
(answers to questions a walk does not reach are ignored, as `assess` ignores them).

How a target is reached: start from the baseline and walk. Where the walk turns away from the
target (a route taking another rule, a question's answer leading elsewhere, an answer a check
refuses), change as few earlier answers as possible (one, then two, then three of those the
route reads) so that it turns the right way, and walk again. The engine judges every attempt;
the changes only propose. A target no attempt reaches is reported, never dropped in silence.

Values worth trying for a number are its range's ends and c - 1, c, c + 1 for every number c
it is compared with (for a comparison with another answer, that answer's value; for a score,
the sum the other answers leave), clipped to the question's range.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import networkx as nx

from decisionaid.authoring.walks import Edge, Walk, Walker
from decisionaid.conditions import Reads, evaluate, questions_needed, reads
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
from decisionaid.result import therapy_status

MAX_CHANGES = 3  # answers changed at once to turn one route
MAX_STEPS = 12  # turns repaired on the way to one target
BUDGET = 20_000  # route evaluations tried for one turn
URGENCY_RANK = {"none": 0, "routine": 1, "urgent": 2, "emergency": 3}

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


class AnswersContext:
    """Facts, scores and statuses worked out from a complete set of answers, without walking:
    how a proposed change is tried at one route before the engine walks it."""

    def __init__(self, tree: Tree, answers: Answers):
        self.tree = tree
        self.answers = answers
        self.facts: dict[str, bool] = {}
        self.statuses: dict[str, str] = {}

    def answer(self, question: str) -> Any:
        return self.answers[question]

    def fact(self, fact: str) -> bool:
        if fact not in self.facts:
            self.facts[fact] = evaluate(self.tree.facts[fact].when, self)
        return self.facts[fact]

    def score(self, score: str) -> int:
        return sum(self.answers[q] for q in self.tree.scores[score].sum)

    def status(self, therapy: str) -> str:
        if therapy not in self.statuses:
            self.statuses[therapy] = therapy_status(self.tree, therapy, self).status
        return self.statuses[therapy]


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


def _ints(operand: Any) -> list[int]:
    values = operand if isinstance(operand, list) else [operand]
    return [v for v in values if isinstance(v, int) and not isinstance(v, bool)]


# --- targets -------------------------------------------------------------------------------


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


@dataclass
class Space:
    """The questions of the trees compared, the values worth trying for each, and targets."""

    flows: list[CompiledTree]
    questions: dict[str, list[Question]] = field(init=False, default_factory=dict)
    constants: dict[str, set[int]] = field(init=False, default_factory=dict)
    # question -> (other question, offset): it is compared with the other's answer + offset
    related: dict[str, set[tuple[str, int]]] = field(init=False, default_factory=dict)
    sums: list[tuple[tuple[str, ...], set[int]]] = field(init=False, default_factory=list)
    all_of: dict[str, list[list[str]]] = field(init=False, default_factory=dict)
    _toward: dict[tuple[int, frozenset[str]], set[str]] = field(init=False, default_factory=dict)
    # Worked out once each: option values, number ranges, the order asked, fixed candidates.
    _options: dict[str, list[str]] = field(init=False, default_factory=dict)
    _ranges: dict[str, tuple[int, int]] = field(init=False, default_factory=dict)
    _order: list[str] = field(init=False, default_factory=list)
    _fixed: dict[str, list[int]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        for flow in self.flows:
            for qid, node in flow.tree.questions().items():
                self.questions.setdefault(qid, []).append(node)
        self.walkers = [Walker(flow) for flow in self.flows]
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
            self.sums.append((summed, set(_ints(getattr(atom, atom.operator)))))
            return
        operand = atom.operand
        if isinstance(operand, AnswerRef):
            self.related.setdefault(atom.answer, set()).add((operand.answer, operand.plus))
            self.related.setdefault(operand.answer, set()).add((atom.answer, -operand.plus))
        elif atom.operator == "all_of":
            self.all_of.setdefault(atom.answer, []).append(list(operand))
        else:
            self.constants.setdefault(atom.answer, set()).update(_ints(operand))

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

    # targets -------------------------------------------------------------------------------

    def targets(self, index: int) -> list[Target]:
        """What walks of one tree should reach: every edge of its graph, every answer option,
        and c - 1, c, c + 1 of every number comparison where it is evaluated."""
        flow = self.flows[index]
        tree, graph = flow.tree, flow.graph
        found: list[Target] = []
        for source, target, key, data in graph.edges(keys=True, data=True):
            text = f"edge {source} → {target} ({data['label']})"
            found.append(
                Target(index, "edge", text, frozenset([source]), edge=(source, target, key))
            )
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
                found.append(
                    Target(index, "option", text, frozenset([qid]), question=qid, value=value)
                )
        found.extend(self._boundaries(index))
        return found

    def _boundaries(self, index: int) -> list[Target]:
        tree = self.flows[index].tree
        questions = tree.questions()
        sites: dict[tuple, set[str]] = {}
        decides: set[tuple] = set()  # read by a route or outcome, not only by a check
        for node_id, found in self.readers[index].items():
            check = isinstance(tree.nodes[node_id], Question)
            for atom in found:
                for key in self._boundary_keys(tree, atom, questions):
                    sites.setdefault(key, set()).add(node_id)
                    if not check:
                        decides.add(key)
        targets = []
        for key, where in sites.items():
            goal = frozenset(where)
            match key:
                case ("sum", summed, value):
                    text = f"boundary {' + '.join(summed)} = {value}"
                    targets.append(
                        Target(index, "boundary", text, goal, value=value, summed=summed)
                    )
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
                        targets.extend(self._pinned(index, goal, question, other, delta))
                case ("value", question, value):
                    text = f"boundary {question} = {value}"
                    targets.append(
                        Target(index, "boundary", text, goal, question=question, value=value)
                    )
        return targets

    def _pinned(
        self, index: int, goal: frozenset[str], question: str, other: str, delta: int
    ) -> list[Target]:
        """A comparison with another answer, at the boundaries of the other's own
        comparisons too (onset_age at 49, 50 and 51, with age 1, 2 and 3 years later)."""
        found = []
        for value in self._fixed_values(other):
            answer = value + delta
            low, high = self.range(question)
            if low <= answer <= high:
                pinned = ((other, value), (question, answer))
                text = f"boundary {question} = {other} {delta:+d} at {other} = {value}"
                found.append(Target(index, "boundary", text, goal, pinned=pinned))
        return found

    def _fixed_values(self, question: str) -> list[int]:
        """c - 1, c, c + 1 of the numbers a question is compared with, within its range."""
        low, high = self.range(question)
        values = {v for c in self.constants.get(question, ()) for v in (c - 1, c, c + 1)}
        return sorted(v for v in values if low <= v <= high)

    def _boundary_keys(self, tree: Tree, atom: Any, questions: dict[str, Question]) -> list[tuple]:
        if isinstance(atom, ScoreCondition):
            summed = tuple(tree.scores[atom.score].sum)
            low = sum(questions[q].min or 0 for q in summed)
            high = sum(questions[q].max or 0 for q in summed)
            return [
                ("sum", summed, v)
                for c in _ints(getattr(atom, atom.operator))
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
            for c in _ints(atom.operand)
            for v in (c - 1, c, c + 1)
            if node.min <= v <= node.max
        ]

    # reaching a target ---------------------------------------------------------------------

    def fixed(self, target: Target, answers: Answers) -> Answers | None:
        """The answers a target sets, given the others; None when it cannot be set."""
        if target.summed:
            return self._sum_to(target.summed, target.value, answers)
        if target.question is None:
            return dict(target.pinned)
        if target.other is not None:
            value = answers[target.other] + target.value
            low, high = self.range(target.question)
            return {target.question: value} if low <= value <= high else None
        return {target.question: target.value}

    def _sum_to(self, summed: tuple[str, ...], total: int, answers: Answers) -> Answers | None:
        """Answers to the summed questions that add up to total, changing as few as possible:
        the last one takes up the difference, or they are filled in order."""
        last = summed[-1]
        rest = sum(answers[q] for q in summed[:-1])
        low, high = self.range(last)
        if low <= total - rest <= high:
            return {last: total - rest}
        filled: Answers = {}
        left = total
        for q in summed:
            low, high = self.range(q)
            filled[q] = max(low, min(high, left))
            left -= filled[q]
        return filled if left == 0 else None

    def toward(self, index: int, goal: frozenset[str]) -> set[str]:
        """The nodes from which one of the goal nodes can still be reached."""
        key = (index, goal)
        if key not in self._toward:
            graph = self.flows[index].graph
            nodes = set(goal)
            for node in goal:
                nodes |= nx.ancestors(graph, node)
            self._toward[key] = nodes
        return self._toward[key]

    def reach(self, target: Target, start: Answers) -> tuple[Answers, Walk] | None:
        """Answers close to `start` whose walk meets the target, and that walk; or None.

        A comparison of two answers is tried first by setting the one compared, then by
        setting the other (age from onset_age, or onset_age from age)."""
        found = self._reach(target, start)
        if found is None and target.other is not None:
            swapped = Target(
                target.tree,
                target.kind,
                target.text,
                target.goal,
                question=target.other,
                other=target.question,
                value=-target.value,
            )
            found = self._reach(swapped, start)
        return found

    def _reach(self, target: Target, start: Answers) -> tuple[Answers, Walk] | None:
        answers = dict(start)
        seen: set[str] = set()
        refused = None  # the tree's own refusal of an answer the target sets, if it came
        why = f"not reached in {MAX_STEPS} steps"
        for _ in range(MAX_STEPS):
            fixed = self.fixed(target, answers)
            if fixed is None:
                why = "the value is outside the question's range"
                break
            answers.update(fixed)
            state = canonical_set(answers)
            if state in seen:
                why = "the changes tried go round in a circle"
                break
            seen.add(state)
            done = self.walkers[target.tree].walk(answers)
            if target.met(done):
                return answers, done
            if done.error is not None and done.error.question in fixed:
                refused = done.error
            change, at = self._turn(target, answers, done, set(fixed), seen)
            if change is None:
                why = f"no change of up to {MAX_CHANGES} answers turns the walk at '{at}'"
                break
            answers.update(change)
        target.why_not = f"the tree refuses it: {refused}" if refused is not None else why
        return None

    def _turn(
        self, target: Target, answers: Answers, done: Walk, frozen: set[str], seen: set[str]
    ) -> tuple[Answers | None, str | None]:
        """The fewest changes that make the walk turn toward the target where it turned away,
        and the node where it turned away."""
        flow = self.flows[target.tree]
        tree = flow.tree
        if done.error is not None:
            question = done.error.question
            return self._accept(flow, question, answers, frozen, seen), question
        toward = self.toward(target.tree, target.goal)
        path = done.path
        if target.edge is not None and target.edge[0] in path:
            at, good = target.edge[0], {target.edge}
        else:
            at = next(
                (
                    here
                    for i, here in enumerate(path)
                    if here in toward and (i + 1 == len(path) or path[i + 1] not in toward)
                ),
                None,
            )
            if at is None or at in target.goal:
                return None, at
            good = {
                (at, there, key)
                for there, keyed in flow.graph.succ[at].items()
                for key in keyed
                if there in toward
            }
        node = tree.nodes[at]
        if isinstance(node, Question):
            if at in frozen:
                return None, at
            for value in self.candidates(at, answers):
                if edge_for(flow, at, value) in good:
                    change = {at: value}
                    if canonical_set({**answers, **change}) not in seen:
                        return change, at
            return None, at
        if isinstance(node, Route):
            orders = {flow.graph.succ[a][b][k]["order"] for a, b, k in good}
            return self._solve(flow, node, orders, answers, frozen, seen, list(done.given)), at
        return None, at

    def _accept(
        self, flow: CompiledTree, question: str, answers: Answers, frozen: set[str], seen: set[str]
    ) -> Answers | None:
        """Changes that make the tree accept the answer it refused (its own value, or one of
        those its checks compare it with)."""
        node = flow.tree.nodes[question]
        assert isinstance(node, Question)
        direct = Reads(answers={question})
        for check in node.checks:
            reads(check.require, direct)
        needed = questions_needed(flow.tree, direct)
        variables = [q for q in self.order() if q in needed and q not in frozen]

        def accepted(trial: Answers) -> bool:
            from decisionaid.engine import coerce
            from decisionaid.errors import AnswerError

            try:
                value = coerce(node, trial[question])
            except AnswerError:
                return False
            ctx = AnswersContext(flow.tree, {**trial, question: value})
            return all(evaluate(c.require, ctx) for c in node.checks)

        return self._search(variables, answers, accepted, seen)

    def _solve(
        self,
        flow: CompiledTree,
        route: Route,
        orders: set[int],
        answers: Answers,
        frozen: set[str],
        seen: set[str],
        asked: list[str],
    ) -> Answers | None:
        """Changes to the answers a route reads that make it take one of the rules `orders`."""
        last = max(orders)
        rules = route.rules[: last + 1]
        direct = Reads()
        for rule in rules:
            reads(rule.when, direct)
        needed = questions_needed(flow.tree, direct)
        variables = [q for q in asked if q in needed and q not in frozen]

        def turns(trial: Answers) -> bool:
            ctx = AnswersContext(flow.tree, trial)
            for order, rule in enumerate(rules):
                if evaluate(rule.when, ctx):
                    return order in orders
            return len(route.rules) in orders

        return self._search(variables, answers, turns, seen)

    def _search(self, variables: list[str], answers: Answers, good, seen: set[str]):
        """The first change of one, then two, then three of the variables that is good."""
        tried = 0
        for size in range(1, MAX_CHANGES + 1):
            for chosen in combinations(variables, size):
                for change in self._changes(chosen, answers):
                    tried += 1
                    if tried > BUDGET:
                        return None
                    trial = {**answers, **change}
                    if good(trial) and canonical_set(trial) not in seen:
                        return change
        return None

    def _changes(self, chosen: tuple[str, ...], answers: Answers) -> Iterator[Answers]:
        """Every assignment of new values to the chosen questions (each one different from
        its current answer), values worth trying given the ones chosen before it."""
        first, *rest = chosen
        for value in self.candidates(first, answers):
            if same(value, answers[first]):
                continue
            change = {first: value}
            if not rest:
                yield change
                continue
            for more in self._changes(tuple(rest), {**answers, **change}):
                yield {**change, **more}

    # the baseline --------------------------------------------------------------------------

    def baseline(self) -> Answers:
        """A plain, complete set of answers: one of the first tree's longest walks, to the
        least urgent outcome that offers the most (a person for whom every option is open),
        reaching the same outcome in every tree compared where it can, with as few answers
        changed from the defaults as that takes (then the outcome written first). Examples are
        shown as changes from it, so that they read as small stories about one person."""
        start = self.defaults()
        flow = self.flows[0]
        lengths = longest_walks(flow)
        longest = max(lengths.values())
        order = {node: i for i, node in enumerate(flow.tree.nodes)}

        def calm(outcome: str) -> tuple[int, int]:
            node = flow.tree.nodes[outcome]
            assert isinstance(node, Outcome)
            return (URGENCY_RANK[node.urgency], -len(node.offers))

        candidates = sorted((o for o, n in lengths.items() if n == longest), key=calm)
        best: tuple[tuple, Answers] | None = None
        for outcome in candidates:
            if best is not None and calm(outcome) > best[0][1]:
                break  # only the calmest outcome that can be reached is worth the searches
            found = self._everywhere(outcome, start)
            if found is None:
                continue
            answers, agree = found
            changed = sum(not same(v, start[q]) for q, v in answers.items())
            rank = (-agree, calm(outcome), changed, order[outcome])
            if best is None or rank < best[0]:
                best = (rank, answers)
        return best[1] if best is not None else start

    def _everywhere(self, outcome: str, start: Answers) -> tuple[Answers, int] | None:
        """Answers reaching this outcome in the first tree and, where it can, in the others
        too (a few rounds); with how many trees agree."""
        found = self.reach(Target(0, "outcome", outcome, frozenset([outcome])), start)
        if found is None:
            return None
        answers = found[0]
        for _ in range(3):
            missed = [
                i
                for i, flow in enumerate(self.flows)
                if self.walkers[i].walk(answers).outcome != outcome and outcome in flow.tree.nodes
            ]
            if not missed:
                break
            again = self.reach(Target(missed[0], "outcome", outcome, frozenset([outcome])), answers)
            if again is None:
                break
            answers = again[0]
        agree = sum(w.walk(answers).outcome == outcome for w in self.walkers)
        return answers, agree


def canonical_set(answers: Answers) -> str:
    return json.dumps({q: canonical(v) for q, v in sorted(answers.items())})


def edge_for(flow: CompiledTree, question: str, value: Any) -> Edge:
    """The edge the engine takes out of a question for an answer."""
    fallback = None
    for there, keyed in flow.graph.succ[question].items():
        for key, data in keyed.items():
            if data["kind"] == "answer" and value in data["values"]:
                return (question, there, key)
            if data["kind"] == "next":
                fallback = (question, there, key)
    assert fallback is not None
    return fallback


def longest_walks(flow: CompiledTree) -> dict[str, int]:
    """For each outcome, the most questions on a walk from the start to it."""
    graph = flow.graph
    most: dict[str, int] = {flow.tree.start: 0}
    for node in nx.topological_sort(graph):
        if node not in most:
            continue
        here = most[node] + (graph.nodes[node]["kind"] == "question")
        for after in graph.successors(node):
            most[after] = max(most.get(after, 0), here)
    return {n: c for n, c in most.items() if graph.nodes[n]["kind"] == "outcome"}


# --- all the sets ----------------------------------------------------------------------------


@dataclass
class AnswerSet:
    answers: Answers
    why: str  # "baseline", the target it was made for, or "random"
    walks: list[Walk] | None = None  # one per tree, once walked


@dataclass
class Generated:
    space: Space
    baseline: Answers
    sets: list[AnswerSet]
    targets: int  # how many targets the trees have together
    unreached: list[Target]
    samples: int
    seed: int


def generate(
    flows: list[CompiledTree], samples: int = 10_000, seed: int = 0, baseline: Answers | None = None
) -> Generated:
    """The baseline, a set for each target not already met, and `samples` random sets."""
    space = Space(flows)
    base = space.defaults()
    if baseline is not None:
        base.update({q: v for q, v in baseline.items() if q in base})
    else:
        base = space.baseline()
    first = AnswerSet(base, "baseline", [w.walk(base) for w in space.walkers])
    sets = [first]
    walks: list[list[Walk]] = [[w] for w in first.walks or []]
    unreached: list[Target] = []
    total = 0
    for index in range(len(flows)):
        for target in space.targets(index):
            total += 1
            if any(target.met(w) for w in walks[index]):
                continue
            found = space.reach(target, base)
            if found is None:
                unreached.append(target)
                continue
            answers, _ = found
            made = AnswerSet(answers, target.text, [w.walk(answers) for w in space.walkers])
            sets.append(made)
            for i, done in enumerate(made.walks or []):
                walks[i].append(done)
    rng = random.Random(seed)
    for _ in range(samples):
        sets.append(AnswerSet(random_set(space, base, rng), "random"))
    return Generated(space, base, sets, total, unreached, samples, seed)


def random_set(space: Space, base: Answers, rng: random.Random) -> Answers:
    """A random set of answers: each set picks how far to stray from the baseline (from not
    at all to entirely), then each answer is random with that chance, else the baseline's."""
    stray = rng.random()
    answers = dict(base)
    for question in space.questions:
        if rng.random() < stray:
            answers[question] = space.random_answer(question, answers, rng)
    return answers
