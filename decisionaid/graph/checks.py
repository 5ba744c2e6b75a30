"""Checks on a merged tree and its graph: references, loops, reachability, dead ends,
use-before-ask and safety rules (proved with dominators), and warnings.

Every problem carries its place in the files, looked up in the loader's `Places`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import networkx as nx

from decisionaid.conditions import Reads, reads, therapy_reads, walk
from decisionaid.errors import Location, Problem
from decisionaid.graph.build import build_graph
from decisionaid.graph.dependencies import Key, dependency_graph, describe, loops, read_keys
from decisionaid.model import (
    AnswerCondition,
    AnswerRef,
    Info,
    Outcome,
    Question,
    Route,
    SelectedTrigger,
    StatusCondition,
    Tree,
)

if TYPE_CHECKING:
    from decisionaid.loader import Places


@dataclass
class _Checker:
    tree: Tree
    places: Places | None = None
    problems: list[Problem] = field(default_factory=list)

    def where(self, section: str, key: str, *path: Any) -> Location | None:
        return self.places.where(section, key, *path) if self.places is not None else None

    def error(self, message: str, section: str, key: str, *path: Any) -> None:
        self.problems.append(
            Problem(message, self.where(section, key, *path), f"{section} '{key}'")
        )

    def warn(self, message: str, section: str, key: str, *path: Any) -> None:
        where = self.where(section, key, *path)
        self.problems.append(Problem(message, where, f"{section} '{key}'", "warning"))

    # references -----------------------------------------------------------------------

    def node_ref(self, target: str, section: str, key: str, *path: Any) -> None:
        if target not in self.tree.nodes:
            self.error(f"leads to node '{target}', which does not exist", section, key, *path)

    def source_refs(self, sources: list[str], section: str, key: str, *path: Any) -> None:
        for i, source in enumerate(sources):
            if source not in self.tree.sources:
                self.error(
                    f"cites source '{source}', which is not in the bibliography",
                    section,
                    key,
                    *path,
                    "sources",
                    i,
                )
            elif self.tree.sources[source].kind == "background":
                self.error(_AS_EVIDENCE.format(source=source), section, key, *path, "sources", i)

    def condition(self, cond: Any, section: str, key: str, *path: Any) -> None:
        """Check every reference inside a condition and that each comparison fits its question."""
        direct = reads(cond)
        for fact in direct.facts:
            if fact not in self.tree.facts:
                self.error(f"refers to fact '{fact}', which is not defined", section, key, *path)
        for score in direct.scores:
            if score not in self.tree.scores:
                self.error(f"refers to score '{score}', which is not defined", section, key, *path)
        for therapy in direct.statuses:
            if therapy not in self.tree.therapies:
                self.error(
                    f"refers to treatment option '{therapy}', which is not defined",
                    section,
                    key,
                    *path,
                )
        for question in direct.answers:
            if not isinstance(self.tree.nodes.get(question), Question):
                self.error(
                    f"refers to question '{question}', which does not exist", section, key, *path
                )
        self._comparisons(cond, section, key, path)

    def _comparisons(self, cond: Any, section: str, key: str, path: tuple[Any, ...]) -> None:
        for part in walk(cond):
            if isinstance(part, StatusCondition) and part.status_of in self.tree.therapies:
                possible = statuses_of(self.tree, part.status_of)
                for status in part.in_:
                    if status not in possible:
                        self.error(
                            f"'{part.status_of}' never has status '{status}' (it can be: {', '.join(sorted(possible))})",
                            section,
                            key,
                            *path,
                        )
            if not isinstance(part, AnswerCondition):
                continue
            question = self.tree.nodes.get(part.answer)
            if not isinstance(question, Question):
                continue
            problem = _comparison_problem(part, question, self.tree)
            if problem:
                self.error(problem, section, key, *path)

    def references(self) -> None:
        tree = self.tree
        if tree.start not in tree.nodes:
            self.problems.append(
                Problem(
                    f"'start' names node '{tree.start}', which does not exist",
                    self.where("tree", "main"),
                )
            )
        for node_id, node in tree.nodes.items():
            self.source_refs(node.sources, "node", node_id)
            match node:
                case Question():
                    if node.next:
                        self.node_ref(node.next, "node", node_id, "next")
                    for i, option in enumerate(node.options):
                        if option.next:
                            self.node_ref(option.next, "node", node_id, "options", i, "next")
                        self.source_refs(option.sources, "node", node_id, "options", i)
                    for i, check in enumerate(node.checks):
                        self.condition(check.require, "node", node_id, "checks", i)
                case Info():
                    self.node_ref(node.next, "node", node_id, "next")
                case Route():
                    for i, rule in enumerate(node.rules):
                        self.condition(rule.when, "node", node_id, "rules", i, "when")
                        self.node_ref(rule.go, "node", node_id, "rules", i, "go")
                    self.node_ref(node.otherwise, "node", node_id, "otherwise")
                case Outcome():
                    self.outcome_refs(node_id, node)
        for name, fact in tree.facts.items():
            self.condition(fact.when, "fact", name, "when")
            self.source_refs(fact.sources, "fact", name)
        for name, score in tree.scores.items():
            self.source_refs(score.sources, "score", name)
            for i, question in enumerate(score.sum):
                node = tree.nodes.get(question)
                if not (isinstance(node, Question) and node.type == "number"):
                    self.error(
                        f"adds up '{question}', which is not a number question",
                        "score",
                        name,
                        "sum",
                        i,
                    )
        self.therapy_refs()
        self.decision_refs()
        for i, fact in enumerate(tree.main.profile):
            if fact not in tree.facts:
                self.problems.append(
                    Problem(
                        f"profile lists fact '{fact}', which is not defined",
                        self.where("tree", "main", "profile", i),
                    )
                )
        for i, rule in enumerate(tree.main.safety):
            for j, question in enumerate(rule.questions):
                if not isinstance(tree.nodes.get(question), Question):
                    where = self.where("tree", "main", "safety", i, "questions", j)
                    self.problems.append(
                        Problem(
                            f"safety rule names question '{question}', which does not exist", where
                        )
                    )
            for j, rec in enumerate(rule.before):
                if tree.main.recommendations and rec not in tree.main.recommendations:
                    where = self.where("tree", "main", "safety", i, "before", j)
                    self.problems.append(
                        Problem(
                            f"safety rule names recommendation '{rec}', which is not declared",
                            where,
                        )
                    )

    def outcome_refs(self, node_id: str, node: Outcome) -> None:
        declared = self.tree.main.recommendations
        for name in ("recommendation", "add_on", "alternative"):
            value = getattr(node, name)
            if value and declared and value not in declared:
                allowed = ", ".join(declared)
                self.error(
                    f"{name} '{value}' is not a declared recommendation ({allowed})",
                    "node",
                    node_id,
                    name,
                )
        for i, trigger in enumerate(node.triggers):
            if isinstance(trigger, SelectedTrigger):
                question = self.tree.nodes.get(trigger.selected)
                if not (isinstance(question, Question) and question.type in ("multi", "single")):
                    self.error(
                        f"reports the choices of '{trigger.selected}', which is not a choice question",
                        "node",
                        node_id,
                        "triggers",
                        i,
                    )
            elif trigger not in self.tree.facts:
                self.error(
                    f"reports fact '{trigger}', which is not defined",
                    "node",
                    node_id,
                    "triggers",
                    i,
                )

    def decision_refs(self) -> None:
        """The decision's options are declared recommendations; its priorities question is a
        checklist that no rule reads, so what matters to a person never changes a result."""
        main = self.tree.main
        for name, rec in main.recommendations.items():
            for i, source in enumerate(rec.sources):
                known = self.tree.sources.get(source)
                if known is None or known.kind == "background":
                    message = (
                        f"cites source '{source}', which is not in the bibliography"
                        if known is None
                        else _AS_EVIDENCE.format(source=source)
                    )
                    self.problems.append(
                        Problem(
                            message,
                            self.where("tree", "main", "recommendations", name, "sources", i),
                            f"recommendation '{name}'",
                        )
                    )
            if rec.limited is not None:
                self.limited_refs(name, rec.limited.modifications)
        reading = main.about.background_reading if main.about else []
        for i, source in enumerate(reading):
            known = self.tree.sources.get(source)
            if known is None or known.kind != "background":
                what = (
                    "is not in the bibliography" if known is None else "is not of kind background"
                )
                self.problems.append(
                    Problem(
                        f"background reading lists source '{source}', which {what}",
                        self.where("tree", "main", "about", "background_reading", i),
                    )
                )
        decision = main.decision
        if decision is None:
            return
        for i, option in enumerate(decision.options):
            if option not in main.recommendations:
                self.problems.append(
                    Problem(
                        f"decision option '{option}' is not a declared recommendation",
                        self.where("tree", "main", "decision", "options", i),
                    )
                )
        asked = decision.priorities
        if asked is None:
            return
        where = self.where("tree", "main", "decision", "priorities")
        question = self.tree.nodes.get(asked)
        if not (isinstance(question, Question) and question.type == "multi"):
            self.problems.append(
                Problem(f"priorities names '{asked}', which is not a checklist question", where)
            )
            return
        for reader in _readers_of(self.tree, asked):
            self.problems.append(
                Problem(
                    f"the priorities question '{asked}' is read by {reader}; what matters to "
                    "a person is shown beside the options and must never change a result",
                    where,
                )
            )

    def limited_refs(self, name: str, modifications: list[str]) -> None:
        """Words for an area-limited option name modifications its own therapy can report."""
        therapy = self.tree.therapies.get(name)
        reported = {m for rule in therapy.rules for m in rule.modifications} if therapy else set()
        for i, fact in enumerate(modifications):
            if fact not in reported:
                self.problems.append(
                    Problem(
                        f"'{fact}' is not a modification of the therapy '{name}'",
                        self.where(
                            "tree", "main", "recommendations", name, "limited", "modifications", i
                        ),
                        f"recommendation '{name}'",
                    )
                )

    def therapy_refs(self) -> None:
        for name, therapy in self.tree.therapies.items():
            for i, rule in enumerate(therapy.rules):
                if rule.when is not None:
                    self.condition(rule.when, "therapy", name, "rules", i, "when")
                for field_name in ("reasons", "modifications"):
                    for j, fact in enumerate(getattr(rule, field_name)):
                        if fact not in self.tree.facts:
                            where = self.where(
                                "tree", "main", "therapies", name, "rules", i, field_name, j
                            )
                            self.problems.append(
                                Problem(
                                    f"lists fact '{fact}', which is not defined",
                                    where,
                                    f"therapy '{name}'",
                                )
                            )

    def dependency_loops(self, dependencies: nx.DiGraph) -> None:
        """Facts and statuses that read each other in a loop could never be worked out: each
        loop is named with the place where every member reads the next."""
        for loop in loops(dependencies):
            steps = []
            for key, then in zip(loop, [*loop[1:], loop[0]], strict=True):
                where = self.reading_place(key, then)
                steps.append(f"{describe(key)} ({where})" if where else describe(key))
            kind, name = loop[0]
            only_facts = all(k == "fact" for k, _ in loop)
            what = "facts" if only_facts else "facts and treatment statuses"
            self.problems.append(
                Problem(
                    f"{what} depend on each other in a loop: "
                    + " → ".join([*steps, describe(loop[0])]),
                    self.reading_place(loop[0], loop[1 % len(loop)]),
                    f"{'therapy' if kind == 'status' else kind} '{name}'",
                )
            )

    def reading_place(self, key: Key, target: Key) -> Location | None:
        """Where a fact or status reads another: the fact's condition, or the status rule
        (its condition, or the reason or modification) that names it."""
        kind, name = key
        if kind == "fact":
            return self.where("fact", name, "when")
        for i, rule in enumerate(self.tree.therapies[name].rules):
            if rule.when is not None and target in read_keys(self.tree, reads(rule.when)):
                return self.where("therapy", name, "rules", i, "when")
            for field_name in ("reasons", "modifications"):
                names = getattr(rule, field_name)
                if target[0] == "fact" and target[1] in names:
                    return self.where(
                        "therapy", name, "rules", i, field_name, names.index(target[1])
                    )
        return self.where("therapy", name)

    # the graph --------------------------------------------------------------------------

    def structure(self, graph: nx.MultiDiGraph) -> bool:
        """Cycles, reachability and dead ends. Returns False when analysis cannot go on."""
        tree = self.tree
        ok = True
        for cycle in _cycles(graph):
            self.error(f"the walk can loop: {' → '.join([*cycle, cycle[0]])}", "node", cycle[0])
            ok = False
        if tree.start not in graph:
            return False
        reachable = nx.descendants(graph, tree.start) | {tree.start}
        for node_id in tree.nodes:
            if node_id not in reachable:
                self.error(f"cannot be reached from the start ('{tree.start}')", "node", node_id)
        for node_id, node in tree.nodes.items():
            if not isinstance(node, Outcome) and graph.out_degree(node_id) == 0:
                self.error("dead end: this is not an outcome and has no way on", "node", node_id)
                ok = False
        if not any(isinstance(tree.nodes[n], Outcome) for n in reachable):
            self.error("no outcome can be reached from the start", "node", tree.start)
            ok = False
        return ok

    def use_before_ask(self, dominates: Dominance, dependencies: nx.DiGraph) -> None:
        """Every answer a node reads, directly or through facts, scores and statuses, must be
        asked on every path to it (dominators say so).

        Each fact, score and status gets, once, the span of the dominator tree that every
        question behind it covers (`Dominance.span`), built from what it reads directly; a
        node passes when it lies inside the span of what it reads. That keeps the check
        linear in the size of the tree however long the chains of facts; the questions are
        listed one by one only for a node that fails.
        """
        spans: dict[Key, tuple[int, int]] = {}
        for key in reversed(list(nx.topological_sort(dependencies))):
            read = dependencies.nodes[key]["reads"]
            spans[key] = dominates.span(
                read.answers, [spans[k] for k in dependencies.successors(key)]
            )
        for node_id, direct in node_reads(self.tree).items():
            if not dominates.reaches(node_id):
                continue
            keys = read_keys(self.tree, direct)
            span = dominates.span(direct.answers, [spans[k] for k in keys])
            if dominates.within(node_id, span):
                continue
            for question in sorted(questions_behind(self.tree, dependencies, direct)):
                if question in self.tree.nodes and not dominates(question, node_id):
                    self.error(
                        f"reads the answer to '{question}', which is not asked on every path to this point",
                        "node",
                        node_id,
                    )

    def safety(self, graph: nx.MultiDiGraph, dominates: Dominance) -> None:
        for i, rule in enumerate(self.tree.main.safety):
            before = set(rule.before)
            for node_id, node in self.tree.nodes.items():
                if (
                    not isinstance(node, Outcome)
                    or not (node.offers & before)
                    or not dominates.reaches(node_id)
                ):
                    continue
                for question in rule.questions:
                    if question in graph and not dominates(question, node_id):
                        offered = ", ".join(sorted(node.offers & before))
                        self.error(
                            f"offers {offered} on a path that skips safety question '{question}' (safety rule {i + 1})",
                            "node",
                            node_id,
                        )

    def warnings(self, graph: nx.MultiDiGraph) -> None:
        tree = self.tree
        for node_id, node in tree.nodes.items():
            options = node.options if isinstance(node, Question) else []
            if options and all(o.next for o in options) and len({o.next for o in options}) == 1:
                self.warn(
                    "every option leads to the same place; use 'next' instead", "node", node_id
                )
            if isinstance(node, Route) and {r.go for r in node.rules} == {node.otherwise}:
                self.warn(
                    "every rule leads where 'otherwise' does; the route decides nothing",
                    "node",
                    node_id,
                )
        used = _facts_used(tree)
        for name in tree.facts:
            if name not in used:
                self.warn("defined but never used", "fact", name)
        cited = {s for n in tree.nodes.values() for s in n.sources}
        cited |= {s for q in tree.questions().values() for o in q.options for s in o.sources}
        cited |= {s for f in tree.facts.values() for s in f.sources}
        cited |= {s for sc in tree.scores.values() for s in sc.sources}
        cited |= {s for r in tree.main.recommendations.values() for s in r.sources}
        cited |= set(tree.main.about.background_reading if tree.main.about else [])
        for name in tree.sources:
            if name not in cited:
                self.warn("in the bibliography but never cited", "source", name)


_AS_EVIDENCE = (
    "cites '{source}', a background source, as evidence: background reading (such as clinic "
    "websites) is listed under about.background_reading, never as the evidence for a claim"
)


def _comparison_problem(cond: AnswerCondition, question: Question, tree: Tree) -> str | None:
    op = cond.operator.rstrip("_")
    operand = cond.operand
    allowed = {
        "boolean": {"equals", "not_equals"},
        "single": {"equals", "not_equals", "in"},
        "number": {"equals", "not_equals", "in", "gt", "gte", "lt", "lte"},
        "multi": {"any_of", "all_of", "none_of"},
    }[question.type]
    if op not in allowed:
        return f"'{op}' does not fit {question.type} question '{question.id}' (use: {', '.join(sorted(allowed))})"
    values = operand if isinstance(operand, list) else [operand]
    for value in values:
        if isinstance(value, AnswerRef):
            other = tree.nodes.get(value.answer)
            if not (isinstance(other, Question) and other.type == "number"):
                return f"compares with '{value.answer}', which is not a number question"
        elif question.type == "boolean" and not isinstance(value, bool):
            return f"'{question.id}' is answered true or false, not {value!r}"
        elif question.type == "number" and (isinstance(value, bool) or not isinstance(value, int)):
            return f"'{question.id}' is answered with a whole number, not {value!r}"
        elif question.type in ("single", "multi") and value not in question.option_values:
            return f"'{question.id}' has no option '{value}' (options: {', '.join(question.option_values)})"
    return None


def _cycles(graph: nx.DiGraph) -> list[list[str]]:
    """One cycle per strongly connected component that loops (never all of them)."""
    found = []
    for component in nx.strongly_connected_components(graph):
        first = next(iter(component))
        if len(component) > 1 or graph.has_edge(first, first):
            sub = graph.subgraph(component)
            found.append([u for u, *_ in nx.find_cycle(sub, source=first)])
    return found


def _readers_of(tree: Tree, question: str) -> list[str]:
    """Everything that reads a question's answer: rules, checks, facts, scores, status rules,
    triggers, and the question's own branching."""
    found = []
    for node_id, node in tree.nodes.items():
        conditions: list[Any] = []
        if isinstance(node, Route):
            conditions = [rule.when for rule in node.rules]
        elif isinstance(node, Question):
            conditions = [check.require for check in node.checks]
            if node_id == question and any(o.next for o in node.options):
                found.append(f"the branching of '{question}' itself")
        elif isinstance(node, Outcome) and any(
            isinstance(t, SelectedTrigger) and t.selected == question for t in node.triggers
        ):
            found.append(f"the triggers of outcome '{node_id}'")
        if any(question in reads(c).answers for c in conditions):
            found.append(f"node '{node_id}'")
    found += [f"fact '{n}'" for n, f in tree.facts.items() if question in reads(f.when).answers]
    found += [f"score '{n}'" for n, sc in tree.scores.items() if question in sc.sum]
    for name in tree.therapies:
        if question in therapy_reads(tree, name).answers:
            found.append(f"the status rules of '{name}'")
    return found


def _facts_used(tree: Tree) -> set[str]:
    direct = Reads()
    for node in tree.nodes.values():
        if isinstance(node, Route):
            for rule in node.rules:
                reads(rule.when, direct)
        elif isinstance(node, Question):
            for check in node.checks:
                reads(check.require, direct)
        elif isinstance(node, Outcome):
            direct.facts.update(t for t in node.triggers if isinstance(t, str))
    for therapy in tree.therapies:
        r = therapy_reads(tree, therapy)
        direct.facts |= r.facts
    direct.facts.update(tree.main.profile)
    used = set()
    stack = list(direct.facts)
    while stack:
        name = stack.pop()
        if name in used or name not in tree.facts:
            continue
        used.add(name)
        stack.extend(reads(tree.facts[name].when).facts)
    return used


def statuses_of(tree: Tree, therapy: str) -> set[str]:
    spec = tree.therapies[therapy]
    return {rule.status for rule in spec.rules} | {spec.otherwise}


def outcome_reads(tree: Tree, outcome: Outcome) -> Reads:
    """What building the result at an outcome refers to."""
    direct = Reads()
    for trigger in outcome.triggers:
        if isinstance(trigger, SelectedTrigger):
            direct.answers.add(trigger.selected)
        else:
            direct.facts.add(trigger)
    if outcome.assessment:
        direct.statuses.update(tree.therapies)
        direct.facts.update(tree.main.profile)
        direct.scores.update(name for name, score in tree.scores.items() if score.report)
    return direct


def node_reads(tree: Tree) -> dict[str, Reads]:
    """For each node that evaluates something, what it reads directly."""
    result: dict[str, Reads] = {}
    for node_id, node in tree.nodes.items():
        direct = Reads()
        if isinstance(node, Route):
            for rule in node.rules:
                reads(rule.when, direct)
        elif isinstance(node, Question):
            for check in node.checks:
                reads(check.require, direct)
        elif isinstance(node, Outcome):
            direct = outcome_reads(tree, node)
        if direct.answers or direct.facts or direct.scores or direct.statuses:
            result[node_id] = direct
    return result


def questions_behind(tree: Tree, dependencies: nx.DiGraph, direct: Reads) -> set[str]:
    """Every question whose answer something needs, following facts, scores and statuses."""
    questions = set(direct.answers)
    around = set()
    for key in read_keys(tree, direct):
        around |= nx.descendants(dependencies, key) | {key}
    for key in around:
        questions |= dependencies.nodes[key]["reads"].answers
    return questions


class Dominance:
    """Answers 'is every path from the start to b through a?' in constant time."""

    def __init__(self, graph: nx.MultiDiGraph, start: str):
        idom = nx.immediate_dominators(graph, start)
        children: dict[str, list[str]] = {}
        for node, parent in idom.items():
            if node != parent:
                children.setdefault(parent, []).append(node)
        self.enter: dict[str, int] = {}
        self.leave: dict[str, int] = {}
        clock = 0
        stack: list[tuple[str, bool]] = [(start, False)]
        while stack:
            node, done = stack.pop()
            if done:
                self.leave[node] = clock
                clock += 1
                continue
            self.enter[node] = clock
            clock += 1
            stack.append((node, True))
            stack.extend((child, False) for child in children.get(node, ()))

    def reaches(self, node: str) -> bool:
        return node in self.enter

    def __call__(self, a: str, b: str) -> bool:
        if a not in self.enter or b not in self.enter:
            return False
        return self.enter[a] <= self.enter[b] and self.leave[b] <= self.leave[a]

    # Every question that dominates b holds b inside its interval [enter, leave] of the
    # dominator tree, so a set of questions all dominate b exactly when b lies inside the
    # intersection of their intervals: a span, combined in constant time per step.
    EVERYWHERE = (-1, 1 << 62)

    def span(self, questions: set[str], spans: list[tuple[int, int]]) -> tuple[int, int]:
        """The part of the dominator tree that all these questions, and everything behind
        these spans, dominate (empty when one of them is never reached)."""
        low, high = self.EVERYWHERE
        for question in questions:
            if question not in self.enter:
                return (1 << 62, -1)
            low, high = max(low, self.enter[question]), min(high, self.leave[question])
        for first, last in spans:
            low, high = max(low, first), min(high, last)
        return low, high

    def within(self, node: str, span: tuple[int, int]) -> bool:
        return span[0] <= self.enter[node] and self.leave[node] <= span[1]


def check(
    tree: Tree,
    graph: nx.MultiDiGraph | None = None,
    places: Places | None = None,
    dependencies: nx.DiGraph | None = None,
) -> list[Problem]:
    """Every problem with a merged tree: errors and warnings, in the order found, each at
    its place in the files when `places` (from the loader) is given."""
    checker = _Checker(tree, places)
    checker.references()
    dependencies = dependency_graph(tree) if dependencies is None else dependencies
    checker.dependency_loops(dependencies)
    graph = build_graph(tree) if graph is None else graph
    if checker.structure(graph) and not any(p.severity == "error" for p in checker.problems):
        dominates = Dominance(graph, tree.start)
        checker.use_before_ask(dominates, dependencies)
        checker.safety(graph, dominates)
    checker.warnings(graph)
    return checker.problems
