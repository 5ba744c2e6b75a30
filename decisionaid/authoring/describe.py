"""Conditions and answers written out briefly for tree authors: `headache_days ≥ 15`,
`age ≤ onset_age + 2`, `(not_diagnosed or chronic_headache)`. Used by the diff and the
coverage table; patients never see these."""

from __future__ import annotations

import json
from typing import Any

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
)

SYMBOLS = {
    "equals": "=",
    "not_equals": "≠",
    "gt": ">",
    "gte": "≥",
    "lt": "<",
    "lte": "≤",
    "in_": "in",
    "any_of": "has any of",
    "all_of": "has all of",
    "none_of": "has none of",
}


def condition(cond: Any, outer: bool = True) -> str:
    """A condition in one line."""
    match cond:
        case AnswerCondition():
            return f"{cond.answer} {SYMBOLS[cond.operator]} {operand(cond.operand)}"
        case ScoreCondition():
            return f"score {cond.score} {SYMBOLS[cond.operator]} {getattr(cond, cond.operator)}"
        case FactCondition(fact=fact):
            return fact
        case StatusCondition(status_of=therapy, in_=statuses):
            return f"{therapy} is {' or '.join(statuses)}"
        case AllCondition(all=parts):
            return _join(" and ", parts, outer)
        case AnyCondition(any=parts):
            return _join(" or ", parts, outer)
        case NotCondition(not_=part):
            return f"not {condition(part, outer=False)}"
        case AtLeastCondition(at_least=n, of=parts):
            return f"at least {n} of ({', '.join(condition(p) for p in parts)})"
    return str(cond)  # pragma: no cover - the model admits no other condition


def _join(word: str, parts: list[Any], outer: bool) -> str:
    text = word.join(condition(p, outer=False) for p in parts)
    return text if outer or len(parts) == 1 else f"({text})"


def operand(value: Any) -> str:
    if isinstance(value, AnswerRef):
        if value.plus == 0:
            return value.answer
        return f"{value.answer} {'+' if value.plus > 0 else '-'} {abs(value.plus)}"
    if isinstance(value, list):
        return "[" + ", ".join(operand(v) for v in value) + "]"
    return answer(value)


def answer(value: Any) -> str:
    """An answer as an answers file would write it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(answer(v) for v in value) + "]"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)
