"""Answers files: read them (YAML or JSON), and say where a bad answer was written.

An answers file is a mapping of question id to answer. A mapping whose `answers` key holds
such a mapping is accepted too, so vignettes and saved JSON results can be passed directly.

A batch is a stream of JSON lines, one answers object each, read line by line with a limit on
each line's length (a line that never ends cannot fill memory).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

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


# What a vignette (name, description, expect) or a saved result (`assess` output) holds
# beside its `answers`: read past, never taken as answers.
BESIDE_ANSWERS = frozenset(
    {"name", "description", "expect"}
    | {"tree", "tree_version", "outcome", "recommendation", "urgency", "add_on"}
    | {"alternative", "triggers", "options", "profile", "scores", "path"}
)


def beside_answers(data: Any) -> str | None:
    """The first key written beside a wrapper's `answers` that no vignette or saved result
    has there (an answer put outside the mapping by mistake, say); None if there is none."""
    if isinstance(data, dict) and isinstance(data.get("answers"), dict):
        return next((k for k in data if k != "answers" and k not in BESIDE_ANSWERS), None)
    return None


def beside_problem(key: Any) -> str:
    return (
        f"{shown(key)} is written beside 'answers:', not inside it, so it would not be read; "
        "nothing was assessed. Move it into 'answers:', or remove it"
    )


def unwrap(data: Any) -> Any:
    """Take the answers out of a vignette or a saved result. A key beside the answers that
    neither has (an answer written outside them: `emergency_signs` one line too far left)
    is an error, not left unread: see `beside_answers`."""
    if isinstance(data, dict) and isinstance(data.get("answers"), dict):
        if (key := beside_answers(data)) is not None:
            raise AnswersFileError(beside_problem(key))
        return data["answers"]
    return data


def from_mapping(data: Any, file: str, raw: Any = None) -> AnswersFile:
    if (key := beside_answers(data)) is not None:
        where = yamlfile.locate_key(raw, key, file) if raw is not None else file
        raise AnswersFileError(f"{where}: {beside_problem(key)}")
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


# Strings are skipped whole (they may hold brackets); brackets are counted. A string is
# matched in one pass whatever it holds: the quantifiers are possessive (`*+`), so the engine
# keeps no way back into it (`(?:[^"\\]|\\.)*` kept one per character: over a gigabyte
# for a 10 MB string), and an unclosed string runs to the end of the text rather than failing
# and being tried again from each later quote (which took time growing with the square of
# its length). JSON itself then says what is wrong with an unclosed string.
_STRING = r'"[^"\\]*+(?:\\.[^"\\]*+)*+(?:"|\\?\Z)'
_STRING_OR_BRACKET = re.compile(_STRING + r"|[\[\]{}]", re.DOTALL)
# One person's answers take a few kilobytes as a JSON line; a line far longer is a mistake
# (the wrong file), and reading it whole would only fill memory.
LINE_LIMIT = 1 << 20
# A line still going after as many bytes as a whole answers file may hold is taken as one
# that never ends (/dev/zero, a stuck producer): the batch stops there.
ENDLESS = yamlfile.MAX_BYTES
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


class WrittenNumber(float):
    """A JSON number with a fraction or an exponent, shown in messages as it was written:
    `1e2`, not the 100.0 Python makes of it (no question takes one as its answer; a
    message about it names what the person typed)."""

    __slots__ = ("written",)
    written: str

    def __new__(cls, written: str) -> WrittenNumber:
        number = super().__new__(cls, written)
        number.written = written
        return number

    def __repr__(self) -> str:
        return self.written

    __str__ = __repr__


class _Constant(ValueError):
    """NaN, Infinity or -Infinity met by the reader (located afterwards: see parse_json)."""


def _no_constant(name: str) -> Any:
    """NaN, Infinity and -Infinity, which Python's reader takes but JSON (RFC 8259) has not."""
    raise _Constant(name)


# Outside strings (skipped whole, as for the depth check), where a constant is written.
_STRING_OR_CONSTANT = re.compile(_STRING + "|-?Infinity|NaN", re.DOTALL)


def _check_depth(text: str) -> None:
    # Nesting past the limit needs more opening brackets than the limit, so a text with no
    # more than that (every answers file a person writes) is not scanned: counting them is
    # done at C speed, where the scan steps through every escape in every string (a third
    # of a second for a 30 MB note).
    if text.count("[") + text.count("{") <= yamlfile.MAX_DEPTH:
        return
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(text):
        bracket = match.group()
        if bracket in "[{":
            depth += 1
            if depth > yamlfile.MAX_DEPTH:
                at = yamlfile.place(text, match.start(), "")
                problem = f"nested more than {yamlfile.MAX_DEPTH} levels deep"
                raise BadJSON(problem, at.line, at.column)
        elif bracket in "]}":
            depth -= 1


def parse_json(text: str) -> Any:
    """JSON read as strictly as YAML tree files are: a key given twice is an error (not the
    last one silently winning), nesting is limited to the same depth, and numbers to the
    digits Python will read. Raises BadJSON saying what is wrong and, when it can, where."""
    # A byte order mark, as some editors put at the start of a file: ignored, as the YAML
    # reader ignores it (RFC 8259 lets a parser do so), not an error in Python's words.
    text = text.removeprefix("\ufeff")
    _check_depth(text)
    try:
        data = json.loads(
            text,
            object_pairs_hook=_refuse_duplicates,
            parse_int=_whole_number,
            parse_float=WrittenNumber,
            parse_constant=_no_constant,
        )
    except json.JSONDecodeError as exc:
        raise BadJSON(f"not valid JSON: {exc.msg}", exc.lineno, exc.colno) from None
    except _Constant as exc:
        problem = f"not valid JSON: {exc} is not a JSON number; write the number in digits"
        found = (m for m in _STRING_OR_CONSTANT.finditer(text) if m.group()[0] != '"')
        if (where := next(found, None)) is None:  # pragma: no cover - the reader met one
            raise BadJSON(problem) from None
        at = yamlfile.place(text, where.start(), "")
        raise BadJSON(problem, at.line, at.column) from None
    _check_characters(data)
    return data


_HALF_CHARACTER = re.compile("[\ud800-\udfff]")


def _check_characters(data: Any) -> None:
    """JSON may write half of a character (a lone surrogate, "\\ud800"), which no file,
    database or terminal takes as text: refused, as the YAML reader refuses it."""
    pending = [data]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            if (half := _HALF_CHARACTER.search(value)) is not None:
                raise BadJSON(
                    f"the escape \\u{ord(half.group()):04x} is half of a character, not text"
                )
        elif isinstance(value, dict):
            pending.extend(value)
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)


def read(path: Path | str) -> AnswersFile:
    """An answers file: JSON when its name ends in .json, YAML otherwise."""
    path = Path(path)
    name = short_name(str(path))
    try:
        text = yamlfile.read_text(path, name)
    except TreeError as exc:
        raise AnswersFileError(str(exc)) from None
    return _parse(text, name, json_text=path.suffix.lower() == ".json")


STDIN = "standard input"  # its name in messages (`assess --answers -`)


def read_stream(stream: BinaryIO) -> AnswersFile:
    """Answers piped in (`--answers -`): JSON when the text starts with `{`, YAML otherwise
    (a pipe has no file name to tell by). At most yamlfile.MAX_BYTES are read."""
    data = stream.read(yamlfile.MAX_BYTES + 1)
    at = Location(STDIN, 1, 1)
    if len(data) > yamlfile.MAX_BYTES:
        raise AnswersFileError(f"{at}: error: more than {yamlfile.MAX_BYTES:,} bytes, the limit")
    try:
        text = yamlfile.decode(data, STDIN)
    except TreeError as exc:
        raise AnswersFileError(str(exc)) from None
    return _parse(text, STDIN, json_text=text.lstrip("\ufeff \t\r\n").startswith("{"))


def _parse(text: str, name: str, json_text: bool) -> AnswersFile:
    try:
        if json_text:
            try:
                data = parse_json(text)
            except BadJSON as exc:
                raise AnswersFileError(f"{name}:{exc}" if exc.line else f"{name}: {exc}") from None
            return from_mapping(data, name)
        raw = yamlfile.parse(text, name)
    except TreeError as exc:
        raise AnswersFileError(str(exc)) from None
    return from_mapping(raw, name, raw)


class LineTooLong(ValueError):
    """A batch line longer than LINE_LIMIT; `endless` when it had no end even after ENDLESS
    bytes, and nothing after it was read."""

    def __init__(self, length: int, endless: bool):
        self.endless = endless
        limit = f"the limit for one line is {LINE_LIMIT:,} bytes"
        if endless:
            message = f"no end of line in {ENDLESS:,} bytes ({limit}); the batch stops here"
        else:
            message = f"{length:,} bytes long; {limit}"
        super().__init__(message)


def batch_lines(stream: BinaryIO) -> Iterator[tuple[int, bytes | LineTooLong]]:
    """Each line of a batch with its number, read as a stream: a line too long to be one
    person's answers comes as LineTooLong in its place (its bytes skipped, never kept), and
    the lines after it still come, unless it had no end."""
    number = 0
    while line := stream.readline(LINE_LIMIT + 1):
        number += 1
        if len(line) <= LINE_LIMIT or line.endswith(b"\n"):
            yield number, line
            continue
        length = len(line)
        while (rest := stream.readline(LINE_LIMIT + 1)) and not rest.endswith(b"\n"):
            length += len(rest)
            if length > ENDLESS:
                yield number, LineTooLong(length, endless=True)
                return
        yield number, LineTooLong(length + len(rest.rstrip(b"\n")), endless=False)
