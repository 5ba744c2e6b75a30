"""Answers files: read them (YAML or JSON), and say where a bad answer was written.

An answers file is a mapping of question id to answer. A mapping whose `answers` key holds
such a mapping is accepted too, so vignettes and saved JSON results can be passed directly.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from decisionaid import yamlfile
from decisionaid.errors import AnswersFileError, Location, TreeError
from decisionaid.safetext import printable, short_name, shown


@dataclass
class AnswersFile:
    answers: dict[str, Any]
    file: str
    raw: Any = None

    def where(self, question: str) -> Location | None:
        if isinstance(self.raw, yamlfile.LocatedDict) and question in self.raw:
            return yamlfile.locate(self.raw, (question,), self.file)
        return None


def unwrap(data: Any) -> Any:
    """Take the answers out of a vignette or a saved result."""
    if isinstance(data, dict) and isinstance(data.get("answers"), dict):
        return data["answers"]
    return data


def from_mapping(data: Any, file: str, raw: Any = None) -> AnswersFile:
    answers = unwrap(data)
    if not isinstance(answers, dict):
        raise AnswersFileError(
            f"{file}: an answers file must be a mapping of question id to answer"
        )
    bad = [k for k in answers if not isinstance(k, str)]
    if bad:
        raise AnswersFileError(f"{file}: question ids must be text, found {shown(bad[0])}")
    return AnswersFile(dict(answers), file, unwrap(raw) if raw is not None else None)


class BadJSON(ValueError):
    """JSON that cannot be answers, with the line and column when they are known."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        self.message, self.line, self.column = message, line, column
        where = f"{line}:{column}: " if line is not None else ""
        super().__init__(where + message)


# Strings are skipped whole (they may hold brackets); brackets are counted.
_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')
# Python itself refuses to read integers longer than this (sys.get_int_max_str_digits).
MAX_DIGITS = 4_300


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping: dict[str, Any] = {}
    for key, value in pairs:
        if key in mapping:
            raise BadJSON(f"duplicate key '{printable(key)}' (a key may be given only once)")
        mapping[key] = value
    return mapping


def _whole_number(digits: str) -> int:
    if len(digits) > MAX_DIGITS:
        raise BadJSON(f"a number of {len(digits):,} digits (at most {MAX_DIGITS:,})")
    return int(digits)


def _check_depth(text: str) -> None:
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        bracket = match.group()
        if bracket in "[{":
            depth += 1
            if depth > yamlfile.MAX_DEPTH:
                before = text[: match.start()]
                line, column = before.count("\n") + 1, match.start() - before.rfind("\n")
                raise BadJSON(f"nested more than {yamlfile.MAX_DEPTH} levels deep", line, column)
        elif bracket in "]}":
            depth -= 1


def parse_json(text: str) -> Any:
    """JSON read as strictly as YAML tree files are: a key given twice is an error (not the
    last one silently winning), nesting is limited to the same depth, and numbers to the
    digits Python will read. Raises BadJSON saying what is wrong and, when it can, where."""
    _check_depth(text)
    try:
        return json.loads(text, object_pairs_hook=_refuse_duplicates, parse_int=_whole_number)
    except json.JSONDecodeError as exc:
        raise BadJSON(f"not valid JSON: {exc.msg}", exc.lineno, exc.colno) from None


def read(path: Path | str) -> AnswersFile:
    path = Path(path)
    name = short_name(str(path))
    try:
        if path.suffix.lower() == ".json":
            try:
                data = parse_json(yamlfile.read_text(path, name))
            except BadJSON as exc:
                raise AnswersFileError(f"{name}:{exc}" if exc.line else f"{name}: {exc}") from None
            return from_mapping(data, name)
        raw = yamlfile.load(path, name)
    except TreeError as exc:
        raise AnswersFileError(str(exc)) from None
    return from_mapping(raw, name, raw)
