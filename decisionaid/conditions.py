"""The small, safe condition language: evaluate a condition, and list what it reads.

Conditions are data (see `model.py`), never code: there is no `eval` anywhere. Evaluation
asks a `Context` for answers, facts, scores and treatment statuses, so the same function
serves the engine and the analyses.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from decisionaid.model import (
    AllCondition,
    AnswerCondition,
    AnswerRef,
    AnyCondition,
    AtLeastCondition,
    FactCondition,
    NotCondition,
    ScoreCondition,
    StatusCondition,
    Tree,
)


class Context(Protocol):
    def answer(self, question: str) -> Any: ...
    def fact(self, fact: str) -> bool: ...
    def score(self, score: str) -> int: ...
    def status(self, therapy: str) -> str: ...


def _number(operand: Any, ctx: Context) -> Any:
    return ctx.answer(operand.answer) + operand.plus if isinstance(operand, AnswerRef) else operand


def _compare(op: str, value: Any, operand: Any) -> bool:
    match op:
        case "equals":
            return value == operand and type(value) is type(operand)
        case "not_equals":
            return not (value == operand and type(value) is type(operand))
        case "in_":
            return any(value == o and type(value) is type(o) for o in operand)
        case "gt":
            return bool(value > operand)
        case "gte":
            return bool(value >= operand)
        case "lt":
            return bool(value < operand)
        case "lte":
            return bool(value <= operand)
        case "any_of":
            return any(v in value for v in operand)
        case "all_of":
            return all(v in value for v in operand)
        case "none_of":
            return not any(v in value for v in operand)
    raise AssertionError(op)  # pragma: no cover - the model admits no other operator


def evaluate(condition: Any, ctx: Context) -> bool:
    """Whether a condition holds, given the answers, facts, scores and statuses in ctx."""
    match condition:
        case AnswerCondition():
            op = condition.operator
            return _compare(op, ctx.answer(condition.answer), _number(condition.operand, ctx))
        case FactCondition(fact=fact):
            return ctx.fact(fact)
        case ScoreCondition():
            op = condition.operator
            return _compare(op, ctx.score(condition.score), getattr(condition, op))
        case StatusCondition(status_of=therapy, in_=statuses):
            return ctx.status(therapy) in statuses
        case AllCondition(all=parts):
            return all(evaluate(p, ctx) for p in parts)
        case AnyCondition(any=parts):
            return any(evaluate(p, ctx) for p in parts)
        case NotCondition(not_=part):
            return not evaluate(part, ctx)
        case AtLeastCondition(at_least=n, of=parts):
            held = 0
            for part in parts:
                held += evaluate(part, ctx)
                if held >= n:
                    return True
            return False
    raise AssertionError(condition)  # pragma: no cover


@dataclass
class Reads:
    """What a condition refers to directly."""

    answers: set[str] = field(default_factory=set)
    facts: set[str] = field(default_factory=set)
    scores: set[str] = field(default_factory=set)
    statuses: set[str] = field(default_factory=set)


def walk(condition: Any) -> Iterator[Any]:
    """A condition and every condition inside it, outermost first."""
    yield condition
    match condition:
        case AllCondition(all=parts) | AnyCondition(any=parts) | AtLeastCondition(of=parts):
            for part in parts:
                yield from walk(part)
        case NotCondition(not_=part):
            yield from walk(part)


def reads(condition: Any, into: Reads | None = None) -> Reads:
    """Collect the answers, facts, scores and statuses a condition refers to directly."""
    out = into if into is not None else Reads()
    for part in walk(condition):
        match part:
            case AnswerCondition():
                out.answers.add(part.answer)
                if isinstance(part.operand, AnswerRef):
                    out.answers.add(part.operand.answer)
            case FactCondition(fact=fact):
                out.facts.add(fact)
            case ScoreCondition(score=score):
                out.scores.add(score)
            case StatusCondition(status_of=therapy):
                out.statuses.add(therapy)
    return out


def therapy_reads(tree: Tree, therapy: str) -> Reads:
    """What deciding a treatment option's status refers to directly."""
    out = Reads()
    for rule in tree.therapies[therapy].rules:
        if rule.when is not None:
            reads(rule.when, out)
        out.facts.update(rule.reasons)
        out.facts.update(rule.modifications)
    return out


def questions_needed(tree: Tree, direct: Reads) -> set[str]:
    """Every question whose answer is needed, following facts, scores and statuses.

    References to things that do not exist are skipped here; `graph.py` reports them.
    """
    questions = set(direct.answers)
    facts, scores, statuses = list(direct.facts), set(direct.scores), set(direct.statuses)
    seen_facts: set[str] = set()
    seen_statuses: set[str] = set()
    while facts or statuses:
        while statuses:
            therapy = statuses.pop()
            if therapy in seen_statuses or therapy not in tree.therapies:
                continue
            seen_statuses.add(therapy)
            more = therapy_reads(tree, therapy)
            questions |= more.answers
            facts.extend(more.facts)
            scores |= more.scores
        while facts:
            name = facts.pop()
            if name in seen_facts or name not in tree.facts:
                continue
            seen_facts.add(name)
            more = reads(tree.facts[name].when)
            questions |= more.answers
            facts.extend(more.facts)
            scores |= more.scores
            statuses |= more.statuses
    for score in scores:
        if score in tree.scores:
            questions.update(tree.scores[score].sum)
    return questions
