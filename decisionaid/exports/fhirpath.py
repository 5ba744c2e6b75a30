"""When the walk reaches a node, as FHIRPath over a QuestionnaireResponse, in named parts.

This is what the SDC extension enableWhenExpression carries for questions that follow a
route: the route's rules (answers, facts, scores, treatment statuses) are written in FHIRPath,
from the same condition data the engine evaluates (no code is read from the tree).

Each fact, score, treatment status, route's choice and page or route behind a route is
written once, as a named variable (FHIR's `variable` extension on the Questionnaire, which SDC
evaluates before the items, in the order listed, each seeing those before it), and every use
refers to it by name (`%fact3`). So no expression repeats another: facts that share facts,
or routes whose rules meet again, cannot make the export grow faster than the tree. The
variables are listed after everything they read, worked out with a stack of our own (as the
engine does), so a chain of thousands of facts never nests Python calls.

A response holds only the answers on the walked path, so "question q was answered" stands for
"the walk passed q": an expression goes back from a node only through routes and pages (which
have no answers) to the nearest questions, and stays small.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from decisionaid.conditions import Reads, reads, therapy_reads
from decisionaid.graph import CompiledTree
from decisionaid.graph.dependencies import read_keys
from decisionaid.model import (
    AllCondition,
    AnswerCondition,
    AnswerRef,
    AnyCondition,
    AtLeastCondition,
    FactCondition,
    NotCondition,
    Question,
    Route,
    ScoreCondition,
    StatusCondition,
)

# The answer types of each question type, as the engine compares them (`equals` also
# compares the type: true never equals 1).
_PYTHON_TYPES = {"boolean": bool, "number": int, "single": str, "multi": str}
_COMPARISONS = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<=", "equals": "="}

# What a variable stands for: ("fact", name), ("score", name), ("status", therapy),
# ("route", route id: the number of the rule it takes) or ("reached", page or route id).
Part = tuple[str, str]

_DESCRIPTIONS = {
    "fact": "fact '{}'",
    "score": "score '{}'",
    "status": "status of '{}'",
    "route": "the rule route '{}' takes (its number from 0; the last is 'otherwise')",
    "reached": "the walk reaches '{}'",
}


@dataclass(frozen=True)
class Variable:
    """A named FHIRPath expression. Names are the kind and a number (`fact3`): a variable's
    name must be a FHIR id ([A-Za-z0-9-.], 64 at most) and a FHIRPath identifier, and tree
    ids have underscores and may be longer; the description gives the tree's own name."""

    name: str
    description: str
    expression: str


def literal(value: Any) -> str:
    """A FHIRPath literal: true/false, a whole number, or a quoted string."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value).replace("\\", "\\\\").replace("'", "\\'")
    return f"'{text}'"


def _collection(values: list[Any]) -> str:
    return "(" + " | ".join(literal(v) for v in values) + ")"


# Every expression made here is a call, a literal, a variable or in parentheses, so one part
# needs none more.


def _any(parts: list[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    return "(" + " or ".join(parts) + ")" if parts else "false"


def _all(parts: list[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    return "(" + " and ".join(parts) + ")" if parts else "true"


def _not(part: str) -> str:
    return f"({part}).not()"


class WalkExpressions:
    """FHIRPath for reaching the nodes of one tree, and the variables those expressions use
    (`variables`, in the order they must be listed)."""

    def __init__(self, flow: CompiledTree):
        self.flow = flow
        self.tree = flow.tree
        self.variables: list[Variable] = []
        self._names: dict[Part, str] = {}
        self._counts: dict[str, int] = {}

    # answers ---------------------------------------------------------------------------

    def answers(self, question: str) -> str:
        """The answers given to a question (empty when it was not asked)."""
        return f"%resource.repeat(item).where(linkId={literal(question)}).answer"

    def _value(self, question: Question) -> str:
        """An answer's value as the tree writes it: a coding's code, or the value itself."""
        return "value.code" if question.type in ("single", "multi") else "value"

    def answered(self, question: str) -> str:
        return f"{self.answers(question)}.exists()"

    def answer_in(self, question: Question, values: list[Any]) -> str:
        """Whether an answer to the question is one of the values (of the question's type)."""
        fitting = [v for v in values if type(v) is _PYTHON_TYPES[question.type]]
        if not fitting:
            return "false"
        found = (
            f"{self.answers(question.id)}.where({self._value(question)} in {_collection(fitting)})"
        )
        return f"{found}.exists()"

    # conditions (facts, scores and statuses they read are variables already) ----------

    def condition(self, condition: Any) -> str:
        match condition:
            case AnswerCondition():
                return self._answer_condition(condition)
            case FactCondition(fact=fact):
                return self._use(("fact", fact))
            case ScoreCondition():
                op = condition.operator
                score = self._use(("score", condition.score))
                return f"({score} {_COMPARISONS[op]} {getattr(condition, op)})"
            case StatusCondition(status_of=therapy, in_=statuses):
                return f"({self._use(('status', therapy))} in {_collection(statuses)})"
            case AllCondition(all=parts):
                return _all([self.condition(p) for p in parts])
            case AnyCondition(any=parts):
                return _any([self.condition(p) for p in parts])
            case NotCondition(not_=part):
                return _not(self.condition(part))
            case AtLeastCondition(at_least=n, of=parts):
                counted = " + ".join(f"iif({self.condition(p)}, 1, 0)" for p in parts)
                return f"(({counted}) >= {n})"
        raise AssertionError(condition)  # pragma: no cover - the model admits no other kind

    def _answer_condition(self, condition: AnswerCondition) -> str:
        question = self.tree.nodes[condition.answer]
        assert isinstance(question, Question)
        op, operand = condition.operator, condition.operand
        match op:
            case "equals" | "in_" | "any_of":
                return self.answer_in(question, operand if isinstance(operand, list) else [operand])
            case "not_equals" | "none_of":
                values = operand if isinstance(operand, list) else [operand]
                return _not(self.answer_in(question, values))
            case "all_of":
                if not operand:
                    return "true"
                codes = f"{self.answers(question.id)}.{self._value(question)}"
                return f"{_collection(operand)}.subsetOf({codes})"
        other = self._number(operand)
        found = f"{self.answers(question.id)}.where(value {_COMPARISONS[op]} {other})"
        return f"{found}.exists()"

    def _number(self, operand: Any) -> str:
        if not isinstance(operand, AnswerRef):
            return literal(operand)
        value = f"{self.answers(operand.answer)}.value"
        return f"({value} + {operand.plus})" if operand.plus else value

    # the walk --------------------------------------------------------------------------

    def arrives(self, node_id: str) -> str:
        """True when the walk comes into this node by any of its ways in (the variables it
        uses are added to `variables` first)."""
        self._define(self._ways_in(node_id))
        return self._arrival(node_id)

    def _arrival(self, node_id: str) -> str:
        if node_id == self.tree.start:
            return "true"
        ways = [
            self._way(parent, data)
            for parent, _, data in self.flow.graph.in_edges(node_id, data=True)
        ]
        return _any(ways)

    def _way(self, parent: str, edge: dict[str, Any]) -> str:
        source = self.tree.nodes[parent]
        if isinstance(source, Question):
            return self._from_question(source, edge)
        reached = self._use(("reached", parent))
        if isinstance(source, Route):
            return _all([reached, f"({self._use(('route', parent))} = {edge['order']})"])
        return reached  # a page leads on whatever happens

    def _from_question(self, question: Question, edge: dict[str, Any]) -> str:
        if edge["kind"] == "answer":
            return self.answer_in(question, edge["values"])
        taken = [
            v
            for _, _, d in self.flow.graph.out_edges(question.id, data=True)
            if d["kind"] == "answer"
            for v in d["values"]
        ]
        if not taken:
            return self.answered(question.id)
        return _all([self.answered(question.id), _not(self.answer_in(question, taken))])

    # variables -------------------------------------------------------------------------

    def _use(self, part: Part) -> str:
        return "%" + self._names[part]

    def _define(self, goals: list[Part]) -> None:
        """Add each part and everything it reads to `variables`, what it reads first.

        Facts and statuses read no loops (validation), nor does the walk, so the stack of our
        own finishes; it stands in for recursion, which a long chain would take past
        Python's limit.
        """
        stack: list[tuple[Part, bool]] = [(goal, False) for goal in reversed(goals)]
        while stack:
            part, ready = stack.pop()
            if part in self._names:
                continue
            if not ready:
                stack.append((part, True))
                needs = self._needs(part)
                stack.extend((p, False) for p in reversed(needs) if p not in self._names)
                continue
            expression = self._expression(part)
            kind, key = part
            self._counts[kind] = self._counts.get(kind, 0) + 1
            name = f"{kind}{self._counts[kind]}"
            self._names[part] = name
            self.variables.append(Variable(name, _DESCRIPTIONS[kind].format(key), expression))

    def _needs(self, part: Part) -> list[Part]:
        """The variables a part's expression uses."""
        kind, key = part
        match kind:
            case "fact":
                return read_keys(self.tree, reads(self.tree.facts[key].when))
            case "status":
                return read_keys(self.tree, therapy_reads(self.tree, key))
            case "route":
                route = self.tree.nodes[key]
                assert isinstance(route, Route)
                read = Reads()
                for rule in route.rules:
                    reads(rule.when, read)
                return read_keys(self.tree, read)
            case "reached":
                return self._ways_in(key)
        return []  # a score only adds answers

    def _ways_in(self, node_id: str) -> list[Part]:
        """The variables the ways into a node use: whether each page or route before it was
        reached, and which rule each route took."""
        if node_id == self.tree.start:
            return []
        needs: list[Part] = []
        for parent in self.flow.graph.predecessors(node_id):
            source = self.tree.nodes[parent]
            if not isinstance(source, Question):
                needs.append(("reached", parent))
            if isinstance(source, Route):
                needs.append(("route", parent))
        return needs

    def _expression(self, part: Part) -> str:
        kind, key = part
        match kind:
            case "fact":
                return self.condition(self.tree.facts[key].when)
            case "score":
                return (
                    "("
                    + " + ".join(f"{self.answers(q)}.value" for q in self.tree.scores[key].sum)
                    + ")"
                )
            case "status":
                return self._status(key)
            case "route":
                return self._choice(key)
        return self._arrival(key)

    def _status(self, therapy: str) -> str:
        """A treatment option's status: the first status rule that applies, else `otherwise`."""
        spec = self.tree.therapies[therapy]
        status = literal(spec.otherwise)
        for rule in reversed(spec.rules):
            if rule.when is not None:
                applies = self.condition(rule.when)
            else:
                facts = [*rule.reasons, *rule.modifications]
                applies = _any([self._use(("fact", f)) for f in facts])
            status = f"iif({applies}, {literal(rule.status)}, {status})"
        return status

    def _choice(self, route_id: str) -> str:
        """Which way a route goes: the number of its first rule that holds, or of `otherwise`."""
        route = self.tree.nodes[route_id]
        assert isinstance(route, Route)
        choice = str(len(route.rules))
        for order in reversed(range(len(route.rules))):
            choice = f"iif({self.condition(route.rules[order].when)}, {order}, {choice})"
        return choice
