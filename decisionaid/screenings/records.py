"""A saved screening as Python values, and telling a damaged one from a sound one.

Rows are checked as they are read: text that is not UTF-8, JSON that does not parse or lacks a
key a report needs, a time that is not an ISO 8601 time with its zone, an answer whose value
does not fit its question type. A damaged screening is never raised from a listing: it is
listed with its damage named (`Screening.damage`) and skipped by whatever cannot use it, so
the rest of the store still works. The shapes are checked by a few lines here rather than by
pydantic, which the interface does not import before its first screen.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from decisionaid.explanation import Explanation, ExplanationError, read_explanation
from decisionaid.screenings.errors import DamagedScreening
from decisionaid.screenings.schema import SCREENING_COLUMNS

MODES = ("self", "intake")
KINDS = {"boolean": bool, "single": str, "multi": list, "number": int}


@dataclass(frozen=True)
class SavedAnswer:
    """One answer on the walked path, with its words as the person saw them."""

    question: str
    value: Any
    question_text: str
    answer_text: str
    kind: str  # the question type: boolean, single, multi or number


@dataclass
class Screening:
    id: int
    tree_id: str
    tree_version: str
    tree_source: str | None
    tree_title: str
    app_version: str
    mode: str
    reference: str
    clinician: str
    started_at: str
    updated_at: str
    finished_at: str | None
    current: str
    result: dict[str, Any] | None
    explanation: Explanation | None
    answers: list[SavedAnswer] = field(default_factory=list)
    answer_count: int = 0
    # Bumped by every save: a process saves only over the revision it last saw.
    revision: int = 0
    # Made in kiosk mode and not yet opened by a clinician.
    new: bool = False
    # Why this record cannot be read back (listed so, and skipped), or None when it is sound.
    damage: str | None = None

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @property
    def recommendation(self) -> str | None:
        return self.result["recommendation"] if self.result else None

    @property
    def urgency(self) -> str | None:
        return self.result["urgency"] if self.result else None

    def answer_values(self) -> dict[str, Any]:
        return {a.question: a.value for a in self.answers}


def damaged(screening_id: int, damage: str) -> Screening:
    """A placeholder for a record that cannot be read: its id and what is wrong."""
    return Screening(
        screening_id, "", "", None, "", "", "", "", "", "", "", None, "", None, None, damage=damage
    )


# Shapes: a type, a tuple of types, [shape] (a list of them), {key: shape} (an object with
# these keys; "key?" may be missing; other keys are allowed, for later releases). They ask for
# what the reports read, so a record that passes can always be shown and exported.
_TEXT_LIST = [str]
_MAYBE_TEXT = (str, type(None))
RESULT = {
    "recommendation": str,
    "urgency": str,
    "add_on?": _MAYBE_TEXT,
    "alternative?": _MAYBE_TEXT,
    "triggers?": _TEXT_LIST,
    "options?": (dict, type(None)),
    "profile?": (list, type(None)),
    "scores?": (dict, type(None)),
    "answers?": dict,
    "path?": (list, type(None)),
}
# Explanations saved by the first release (no "format" key); later formats are read, and
# their damage named, by `decisionaid.explanation`.
FIRST_EXPLANATION = {
    "title": str,
    "recommendation": str,
    "urgency_words": str,
    "urgency?": str,
    "add_on?": _MAYBE_TEXT,
    "alternative?": _MAYBE_TEXT,
    "body?": _MAYBE_TEXT,
    "reasons?": _TEXT_LIST,
    "options?": [
        {
            "label": str,
            "status": str,
            "meaning": str,
            "reasons": _TEXT_LIST,
            "modifications": _TEXT_LIST,
        }
    ],
    "profile?": _TEXT_LIST,
    "scores?": [{"label": str, "value": int, "band": _MAYBE_TEXT, "note": _MAYBE_TEXT}],
    "safety_net?": _TEXT_LIST,
    "sources?": _TEXT_LIST,
}


class _Bad(ValueError):
    pass


def _fits(value: Any, shape: Any, where: str) -> None:
    if isinstance(shape, dict):
        if not isinstance(value, dict):
            raise _Bad(f"{where} is not an object")
        for key, inner in shape.items():
            name = key.rstrip("?")
            if name in value:
                _fits(value[name], inner, f"{where}.{name}")
            elif not key.endswith("?"):
                raise _Bad(f"{where} lacks '{name}'")
    elif isinstance(shape, list):
        if not isinstance(value, list):
            raise _Bad(f"{where} is not a list")
        for item in value:
            _fits(item, shape[0], where)
    elif not isinstance(value, shape) or (isinstance(value, bool) and shape is int):
        raise _Bad(f"{where} has the wrong type")
    if isinstance(value, str):
        _text(value, where)


def _text(value: Any, where: str, optional: bool = False) -> None:
    if value is None and optional:
        return
    if not isinstance(value, str):
        raise _Bad(f"{where} is not text")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise _Bad(f"{where} is not valid UTF-8 text") from None


def _time(value: Any, where: str, optional: bool = False) -> None:
    if value is None and optional:
        return
    _text(value, where)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise _Bad(f"{where} is not a time") from None
    if moment.tzinfo is None:
        raise _Bad(f"{where} has no time zone")


def _json(text: Any, shape: Any, where: str) -> Any:
    if text is None:
        return None
    _text(text, where)
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        raise _Bad(f"{where} is not valid JSON") from None
    _fits(value, shape, where)
    return value


def _explanation(text: Any) -> Explanation | None:
    saved = _json(text, dict, "explanation")
    if saved is None:
        return None
    if "format" not in saved:
        _fits(saved, FIRST_EXPLANATION, "explanation")
    try:
        return read_explanation(saved)
    except ExplanationError as exc:
        raise _Bad(f"explanation: {exc}") from None
    except (TypeError, KeyError, ValueError, AttributeError) as exc:
        raise _Bad(f"explanation is damaged ({exc})") from None


def screening_from_row(row: tuple, answer_count: int = 0) -> Screening:
    """A Screening from a row of SCREENING_COLUMNS; a damaged placeholder when it is unsound."""
    data = dict(zip(SCREENING_COLUMNS, row, strict=True))
    try:
        for name in ("tree_id", "tree_version", "tree_title", "app_version", "current"):
            _text(data[name], name)
        for name in ("reference", "clinician"):
            _text(data[name], name)
        _text(data["tree_source"], "tree_source", optional=True)
        if data["mode"] not in MODES:
            raise _Bad("mode is neither self nor intake")
        _time(data["started_at"], "started_at")
        _time(data["updated_at"], "updated_at")
        _time(data["finished_at"], "finished_at", optional=True)
        data["result"] = _json(data["result"], RESULT, "result")
        data["explanation"] = _explanation(data["explanation"])
        if not isinstance(data["revision"], int):
            raise _Bad("revision is not a number")
    except _Bad as exc:
        return damaged(data["id"], str(exc))
    data["new"] = bool(data.pop("is_new"))
    return Screening(**data, answer_count=answer_count)


def answer_from_row(screening_id: int, row: tuple) -> SavedAnswer:
    """A SavedAnswer from (question, value, question_text, answer_text, kind)."""
    question, value, question_text, answer_text, kind = row
    where = f"answer {question!r}" if isinstance(question, str) else "an answer"
    try:
        _text(question, "the question id of an answer")
        _text(question_text, f"{where}: question text")
        _text(answer_text, f"{where}: answer text")
        if kind not in KINDS:
            raise _Bad(f"{where}: unknown question type")
        loaded = _json(value, KINDS[kind], f"{where}: value")
        if kind == "multi":
            _fits(loaded, _TEXT_LIST, f"{where}: value")
        if kind == "number" and isinstance(loaded, bool):
            raise _Bad(f"{where}: value has the wrong type")
    except _Bad as exc:
        raise DamagedScreening(screening_id, str(exc)) from None
    return SavedAnswer(question, loaded, question_text, answer_text, kind)
