"""Answer sets for comparing trees: a baseline, sets made to reach every target of each tree
(`targets.py`), and a seeded random sample.

Every set answers every question of every tree given, so that it walks to an outcome on each
(answers to questions a walk does not reach are ignored, as `assess` ignores them).

How a target is reached: start from the baseline and walk. Where the walk turns away from the
target (a route taking another rule, a question's answer leading elsewhere, an answer a check
refuses), change as few earlier answers as possible (one, then two, then three of those the
route reads) so that it turns the right way, and walk again. The engine judges every attempt;
the changes only propose. A target no attempt reaches is reported, never dropped in silence.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import networkx as nx

from decisionaid.authoring.space import Answers, Space, canonical_set, same
from decisionaid.authoring.targets import Target, targets
from decisionaid.authoring.walks import Edge, Walk, Walker
from decisionaid.conditions import Reads, evaluate, questions_needed, reads
from decisionaid.engine import Evaluation, coerce
from decisionaid.errors import AnswerError
from decisionaid.graph import CompiledTree
from decisionaid.model import Outcome, Question, Route

MAX_CHANGES = 3  # answers changed at once to turn one route
MAX_STEPS = 12  # turns repaired on the way to one target
BUDGET = 20_000  # route evaluations tried for one turn
URGENCY_RANK = {"none": 0, "routine": 1, "urgent": 2, "emergency": 3}


class Search:
    """Finds answers close to a starting set that reach a target, walking one tree per
    session (`Walker`), so that attempts which differ late cost only their last steps."""

    def __init__(self, space: Space):
        self.space = space
        self.flows = space.flows
        self.walkers = [Walker(flow) for flow in space.flows]
        self._toward: dict[tuple[int, frozenset[str]], set[str]] = {}

    def fixed(self, target: Target, answers: Answers) -> Answers | None:
        """The answers a target sets, given the others; None when it cannot be set."""
        if target.summed:
            return self._sum_to(target.summed, target.value, answers)
        if target.question is None:
            return dict(target.pinned)
        if target.other is not None:
            value = answers[target.other] + target.value
            low, high = self.space.range(target.question)
            return {target.question: value} if low <= value <= high else None
        return {target.question: target.value}

    def _sum_to(self, summed: tuple[str, ...], total: int, answers: Answers) -> Answers | None:
        """Answers to the summed questions that add up to total, changing as few as possible:
        the last one takes up the difference, or they are filled in order."""
        last = summed[-1]
        rest = sum(answers[q] for q in summed[:-1])
        low, high = self.space.range(last)
        if low <= total - rest <= high:
            return {last: total - rest}
        filled: Answers = {}
        left = total
        for q in summed:
            low, high = self.space.range(q)
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
            for value in self.space.candidates(at, answers):
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
        variables = [q for q in self.space.order() if q in needed and q not in frozen]

        def accepted(trial: Answers) -> bool:
            try:
                value = coerce(node, trial[question])
            except AnswerError:
                return False
            ctx = Evaluation(flow, {**trial, question: value})
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
            ctx = Evaluation(flow, trial)
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
        for value in self.space.candidates(first, answers):
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
        start = self.space.defaults()
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
    search = Search(space)
    base = space.defaults()
    if baseline is not None:
        base.update({q: v for q, v in baseline.items() if q in base})
    else:
        base = search.baseline()
    first = AnswerSet(base, "baseline", [w.walk(base) for w in search.walkers])
    sets = [first]
    walks: list[list[Walk]] = [[w] for w in first.walks or []]
    unreached: list[Target] = []
    total = 0
    for index in range(len(flows)):
        for target in targets(space, index):
            total += 1
            if any(target.met(w) for w in walks[index]):
                continue
            found = search.reach(target, base)
            if found is None:
                unreached.append(target)
                continue
            answers, _ = found
            made = AnswerSet(answers, target.text, [w.walk(answers) for w in search.walkers])
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
