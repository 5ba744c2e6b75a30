"""Turn an answer into the keys a person would press for it (used by the Pilot tests)."""

from __future__ import annotations

from typing import Any

from decisionaid.model import Question


def keys_for(question: Question, value: Any) -> list[str]:
    if question.type == "boolean":
        return ["y" if value else "n"]
    if question.type == "single":
        return [str(question.option_values.index(value) + 1)]
    if question.type == "multi":
        if not value:
            return ["0", "enter"]
        return [str(question.option_values.index(v) + 1) for v in value] + ["enter"]
    return [*str(value), "enter"]
