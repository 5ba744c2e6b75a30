"""When the walk reaches a node, as a FHIRPath expression over a QuestionnaireResponse.

This is what the SDC extension enableWhenExpression carries for questions that follow a
route: the route's rules (answers, facts, scores, treatment statuses) are written in FHIRPath,
from the same condition data the engine evaluates (no code is read from the tree).

A response holds only the answers on the walked path, so "question q was answered" stands for
"the walk passed q": an expression goes back from a node only through routes and pages (which
have no answers) to the nearest questions, and stays small.
"""

from __future__ import annotations

from typing import Any

from decisionaid.graph import CompiledTree
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


# Every expression made here is a call, a literal or in parentheses, so one part needs none
# more (and a page after a page shares the same string instead of nesting it).


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
    """FHIRPath for the conditions of one tree and for reaching each of its nodes."""

    def __init__(self, flow: CompiledTree):
        self.flow = flow
        self.tree = flow.tree
        self._reached: dict[str, str] = {}

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

    # conditions ------------------------------------------------------------------------

    def condition(self, condition: Any) -> str:
        match condition:
            case AnswerCondition():
                return self._answer_condition(condition)
            case FactCondition(fact=fact):
                return self.condition(self.tree.facts[fact].when)
            case ScoreCondition():
                op = condition.operator
                return (
                    f"({self._score(condition.score)} {_COMPARISONS[op]} {getattr(condition, op)})"
                )
            case StatusCondition(status_of=therapy, in_=statuses):
                return f"({self._status(therapy)} in {_collection(statuses)})"
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

    def _score(self, score: str) -> str:
        return (
            "(" + " + ".join(f"{self.answers(q)}.value" for q in self.tree.scores[score].sum) + ")"
        )

    def _status(self, therapy: str) -> str:
        """A treatment option's status: the first status rule that applies, else `otherwise`."""
        spec = self.tree.therapies[therapy]
        status = literal(spec.otherwise)
        for rule in reversed(spec.rules):
            if rule.when is not None:
                applies = self.condition(rule.when)
            else:
                facts = [*rule.reasons, *rule.modifications]
                applies = _any([self.condition(FactCondition(fact=f)) for f in facts])
            status = f"iif({applies}, {literal(rule.status)}, {status})"
        return status

    # the walk --------------------------------------------------------------------------

    def reached(self, node_id: str) -> str:
        """True when the walk passes this node: a question by its answer, other nodes by the
        ways into them (remembered: ask in walking order, and a long chain of routes and
        pages never recurses deeply)."""
        node = self.tree.nodes[node_id]
        if isinstance(node, Question):
            return self.answered(node_id)
        if node_id not in self._reached:
            self._reached[node_id] = self.arrives(node_id)
        return self._reached[node_id]

    def arrives(self, node_id: str) -> str:
        """True when the walk comes into this node by any of its ways in."""
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
        if isinstance(source, Route):
            return _all([self.reached(parent), f"({self._choice(source)} = {edge['order']})"])
        return self.reached(parent)  # a page leads on whatever happens

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

    def _choice(self, route: Route) -> str:
        """Which way a route goes: the number of its first rule that holds, or of `otherwise`."""
        choice = str(len(route.rules))
        for order in reversed(range(len(route.rules))):
            choice = f"iif({self.condition(route.rules[order].when)}, {order}, {choice})"
        return choice
