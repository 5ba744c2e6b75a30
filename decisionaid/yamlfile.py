"""Safe YAML reading that remembers where every value came from.

PyYAML's parser (the C one when it is present) turns the text into a stream of events; we
build plain dicts and lists straight from those events, so that we can reject what
`safe_load` lets through silently (duplicate keys, merge keys, aliases that expand into huge
or recursive structures) and keep the line and column of every key and value. Building from
events rather than from PyYAML's composed node tree means the whole document never exists
twice in memory, which is most of the cost on a large tree (see bench/results.md).
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path
from typing import Any, cast

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.error import Mark
from yaml.events import (
    AliasEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode
from yaml.reader import ReaderError

from decisionaid.errors import Location, TreeError, os_problem
from decisionaid.private import kind_of
from decisionaid.safetext import printable, short_name

MAX_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 64
# Aliases may reuse parts of a document, but not multiply it: past this many built values,
# what aliases add may not exceed the number of values written out in the file.
ALIAS_ALLOWANCE = 10_000
# Control characters other than line breaks and tabs: only a double-quoted escape ("\e",
# "\x1b") can put them in a value, and printed they would act on the terminal.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"
_NO_KEY = object()  # a mapping waiting for its next key, not a value
_OPEN = object()  # an anchored collection still being built
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
# Numbers as a person writes them: digits, a sign, a decimal point, an exponent. YAML 1.1
# (PyYAML's reading) also takes 4_5 as 45, 0x2d as 45, 017 as 15, 1:30 as 90 and .nan as a
# number that equals nothing: each is refused where it is written, with what YAML would
# have made of it, rather than read as a number the person did not write.
_PLAIN_NUMBER = re.compile(r"[-+]?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_LEADING_ZEROS = re.compile(r"[-+]?0[0-7]+")


class LocatedDict(dict[Any, Any]):
    """A mapping that knows where it, each key and each value stand in the file."""

    __slots__ = ("key_marks", "mark", "value_marks")

    def __init__(self, mark: tuple[int, int]):
        super().__init__()
        self.mark = mark
        self.key_marks: dict[Any, tuple[int, int]] = {}
        self.value_marks: dict[Any, tuple[int, int]] = {}


class LocatedList(list[Any]):
    """A sequence that knows where it and each item stand in the file."""

    __slots__ = ("item_marks", "mark")

    def __init__(self, mark: tuple[int, int]):
        super().__init__()
        self.mark = mark
        self.item_marks: list[tuple[int, int]] = []


class _Open:
    """A collection being built: its values so far and, for a mapping, the key awaiting one."""

    __slots__ = ("anchor", "key", "key_mark", "size", "value")

    def __init__(self, value: LocatedDict | LocatedList, anchor: str | None):
        self.value = value
        self.anchor = anchor
        self.size = 1  # values inside it, counting all that aliases stand for
        self.key: Any = _NO_KEY
        self.key_mark = (0, 0)


def _at(mark: Mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


class _Builder:
    """Builds one document from parser events, checking as it goes."""

    def __init__(self, loader: Any, file: str):
        self.loader = loader  # its events, and its resolver for the tags of plain scalars
        self.file = file
        self.constructor = SafeConstructor()
        self.open: list[_Open] = []
        self.anchors: dict[str, Any] = {}  # anchor → (value, size), or _OPEN while building
        self.tags: dict[str, str] = {}  # plain scalar text → its resolved tag
        self.written = 0  # events read: about the number of values written out in the file
        self.aliased = 0  # values that aliases stand for

    def fail(self, message: str, at: tuple[int, int]) -> TreeError:
        return TreeError.one(message, Location(self.file, *at))

    def document(self) -> Any:
        """The one document in the stream, or None when there is none."""
        get_event = self.loader.get_event
        get_event()  # stream start
        if isinstance(get_event(), StreamEndEvent):  # otherwise, the document's start
            return None
        while True:
            event = get_event()
            self.written += 1
            kind = event.__class__
            at = _at(event.start_mark)
            if kind is ScalarEvent:
                value, size = self.scalar(event, at), 1
            elif kind is AliasEvent:
                value, size = self.alias(event, at)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                self.start(event, at)
                continue
            else:  # the end of a mapping or sequence
                done = self.open.pop()
                value, size, at = done.value, done.size, done.value.mark
                if done.anchor is not None:
                    self.anchors[done.anchor] = (value, size)
            if not self.open:
                break
            self.place(value, size, at)
        get_event()  # the document's end
        if not isinstance(end := get_event(), StreamEndEvent):
            raise self.fail(
                "only one YAML document is allowed; another starts here", _at(end.start_mark)
            )
        return value

    def scalar(self, event: ScalarEvent, at: tuple[int, int]) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            if not event.implicit[0]:  # quoted: always text
                tag = _STR
            elif (tag := self.tags.get(event.value)) is None:
                tag = self.tags[event.value] = self.loader.resolve(
                    ScalarNode, event.value, (True, False)
                )
        if tag == _STR:
            value = event.value
            if (control := _CONTROL.search(value)) is not None:
                raise self.fail(
                    f"control character {printable(control.group())} in text; only line breaks "
                    "and tabs are allowed (escape sequences would act on the terminal)",
                    at,
                )
        elif tag == _MERGE and self.awaits_key():
            raise self.fail("merge keys (<<) are not supported; write the fields out", at)
        elif tag in (_INT, _FLOAT) and not _as_written(event.value):
            raise self.fail(_not_as_written(event.value, tag == _INT), at)
        else:
            construct = self.constructor.yaml_constructors.get(tag)
            if construct is None:
                raise self.fail(f"unsupported YAML tag {tag}", at)
            try:
                # The stubs type the C parser's marks apart from the pure-Python ones; the
                # node only keeps the mark for the constructor's error message.
                yaml_node = ScalarNode(tag, event.value, event.start_mark)  # type: ignore[arg-type]
                value = construct(self.constructor, yaml_node)
            except (ConstructorError, ValueError) as exc:
                if tag == "tag:yaml.org,2002:int" and "digits" in str(exc):
                    raise self.fail("a number with more than 4,300 digits", at) from None
                raise self.fail(f"cannot read this value: {exc}", at) from None
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1)
        return value

    def alias(self, event: AliasEvent, at: tuple[int, int]) -> tuple[Any, int]:
        assert event.anchor is not None  # an alias always names its anchor
        found = self.anchors.get(event.anchor)
        if found is None:
            raise self.fail(f"the alias *{event.anchor} has no anchor before it", at)
        if found is _OPEN:
            raise self.fail("an alias refers to a structure that contains it", at)
        self.aliased += found[1]
        if self.aliased > ALIAS_ALLOWANCE and self.aliased > self.written:
            raise self.fail("aliases expand into a structure far larger than the file", at)
        return cast("tuple[Any, int]", found)

    def start(self, event: MappingStartEvent | SequenceStartEvent, at: tuple[int, int]) -> None:
        mapping = event.__class__ is MappingStartEvent
        if event.tag not in (None, "!", _MAP if mapping else _SEQ):
            raise self.fail(f"unsupported YAML tag {event.tag}", at)
        if self.awaits_key():
            raise self.fail("a key must be a plain value, not a list or mapping", at)
        if len(self.open) >= MAX_DEPTH:
            raise self.fail(f"nested more than {MAX_DEPTH} levels deep", at)
        self.open.append(_Open(LocatedDict(at) if mapping else LocatedList(at), event.anchor))
        if event.anchor is not None:
            self.anchors[event.anchor] = _OPEN

    def awaits_key(self) -> bool:
        return (
            bool(self.open)
            and self.open[-1].key is _NO_KEY
            and isinstance(self.open[-1].value, LocatedDict)
        )

    def place(self, value: Any, size: int, at: tuple[int, int]) -> None:
        """Put a finished value into the innermost open collection."""
        parent = self.open[-1]
        parent.size += size
        into = parent.value
        if isinstance(into, LocatedList):
            into.append(value)
            into.item_marks.append(at)
        elif parent.key is _NO_KEY:
            if isinstance(value, LocatedDict | LocatedList):  # an alias to a collection
                raise self.fail("a key must be a plain value, not a list or mapping", at)
            if value in into:
                first_line, _ = into.key_marks[value]
                raise self.fail(f"duplicate key '{value}' (first given on line {first_line})", at)
            parent.key, parent.key_mark = value, at
        else:
            key = parent.key
            into[key] = value
            into.key_marks[key] = parent.key_mark
            into.value_marks[key] = at
            parent.key = _NO_KEY


def _as_written(text: str) -> bool:
    """Whether YAML reads this number as its digits say (007 is 7 either way; 017 is not)."""
    if _PLAIN_NUMBER.fullmatch(text):
        return True
    return bool(_LEADING_ZEROS.fullmatch(text)) and int(text, 8) == int(text, 10)


def _not_as_written(text: str, whole: bool) -> str:
    """Why a scalar that YAML reads as a number is refused (see _PLAIN_NUMBER)."""
    shown = printable(text)
    unsigned = text.lstrip("+-").lower()
    if unsigned in (".nan", ".inf"):
        return f"{shown} is not a number that can be compared; write a number in digits"
    if "_" in text:
        why = "it drops the underscores"
    elif ":" in text:
        why = "a number in base 60, as in minutes and seconds"
    elif unsigned.startswith("0x"):
        why = "a hexadecimal number"
    elif unsigned.startswith("0b"):
        why = "a binary number"
    elif whole and unsigned.startswith("0"):
        why = "an octal number, because of the leading zero"
    else:
        why = "a number written another way"
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        value = None
    read = f" as {value}" if isinstance(value, int | float) else ""
    return (
        f"YAML reads {shown}{read} ({why}); write the number in plain digits, "
        "or in quotes if it is meant as text"
    )


def _cannot_read(exc: OSError | ValueError) -> str:
    """Why a file could not be opened or read, in words."""
    if isinstance(exc, ValueError):  # Python's refusal of a name with a NUL character
        return "the file name contains a NUL character"
    problem = os_problem(exc)
    if exc.errno in (errno.EACCES, errno.EPERM) or problem == str(exc.strerror or exc):
        return f"cannot be read: {problem}"
    return problem


def read_bytes(
    path: Path, label: str | None = None, limit: int | None = None, whole: bool = True
) -> bytes:
    """The bytes of a regular file, refusing anything else, or more than `limit` bytes
    (with `whole=False`, just its first `limit` bytes: a peek at its head).

    Named pipes, devices and sockets are refused without waiting on them (the file is opened
    non-blocking and looked at before it is read), and at most `limit` + 1 bytes are ever
    read, so a file whose size the system does not report (/dev/zero, /proc) cannot exhaust
    memory. Every failure is a TreeError at line 1 of the file.
    """
    limit = MAX_BYTES if limit is None else limit
    at = Location(label or short_name(str(path)), 1, 1)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except (OSError, ValueError) as exc:
        raise TreeError.one(_cannot_read(exc), at) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise TreeError.one("is a directory, not a file", at)
        if not stat.S_ISREG(info.st_mode):
            raise TreeError.one(f"is {kind_of(info.st_mode)}, not a regular file", at)
        if whole and info.st_size > limit:
            raise TreeError.one(f"file is {info.st_size:,} bytes; the limit is {limit:,}", at)
        wanted = limit + 1 if whole else limit
        chunks, total = [], 0
        while total < wanted:
            chunk = os.read(fd, min(1 << 20, wanted - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise TreeError.one(f"file is more than {limit:,} bytes, the limit", at)
        return b"".join(chunks)
    except OSError as exc:
        raise TreeError.one(_cannot_read(exc), at) from None
    finally:
        os.close(fd)


def place(text: str | bytes, offset: int, file: str) -> Location:
    """Where the character (or byte) at `offset` into `text` is: its line and column."""
    before = text[:offset]
    newline = b"\n" if isinstance(before, bytes) else "\n"
    return Location(file, before.count(newline) + 1, offset - before.rfind(newline))  # type: ignore[arg-type]


def decode(data: bytes, name: str) -> str:
    """UTF-8 text, or a TreeError at the first byte that is not."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TreeError.one("not UTF-8 text", place(data, exc.start, name)) from None


def read_text(path: Path, label: str | None = None) -> str:
    """Read a regular file as UTF-8 text, refusing files too large to be a tree or answers
    file (see `read_bytes`)."""
    name = label or short_name(str(path))
    return decode(read_bytes(path, name), name)


def parse(text: str, file: str) -> Any:
    """Parse one YAML document into located dicts, lists and scalars."""
    loader = _Loader(text)
    try:
        data = _Builder(loader, file).document()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file, 1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        if problem == "exceeded maximum nesting depth":
            # libyaml (PyYAML 6.0.3 and later) scans a flow collection ahead of its events and
            # stops at 1,000 levels, before our own limit sees the 65th.
            raise TreeError.one(f"nested more than {MAX_DEPTH} levels deep", where) from None
        raise TreeError.one(f"YAML syntax error: {problem}", where) from None
    except ReaderError as exc:
        # A character YAML never allows (a control character, say): placed where it is,
        # in one line (PyYAML's own text names "<unicode string>" and an offset).
        raise TreeError.one(
            f"character U+{exc.character:04X}, which YAML never allows in a file; remove it",
            place(text, exc.position, file),
        ) from None
    except yaml.YAMLError as exc:
        raise TreeError.one(f"YAML error: {exc}", Location(file, 1, 1)) from None
    finally:
        loader.dispose()
    if data is None:
        raise TreeError.one("the file is empty", Location(file, 1, 1))
    return data


def load(path: Path, label: str | None = None) -> Any:
    """Read and parse a YAML file; every failure is a located TreeError."""
    name = label or short_name(str(path))
    return parse(read_text(path, name), name)


def locate(raw: Any, path: tuple[Any, ...], file: str) -> Location:
    """Find the place of a value inside located data, following keys and indexes.

    Steps that are not in the data (such as a union member's name in a pydantic error) are
    skipped; we stop at the deepest place found.
    """
    here = getattr(raw, "mark", (1, 1))
    current = raw
    for step in path:
        if isinstance(current, LocatedDict) and step in current:
            here = current.value_marks.get(step, here)
            current = current[step]
        elif (
            isinstance(current, LocatedList) and isinstance(step, int) and 0 <= step < len(current)
        ):
            here = current.item_marks[step]
            current = current[step]
        elif isinstance(current, dict | list):
            continue
        else:
            break
    return Location(file, *here)


def locate_key(raw: Any, key: Any, file: str) -> Location:
    """The place of a key itself (for 'unknown field' errors)."""
    if isinstance(raw, LocatedDict) and key in raw.key_marks:
        return Location(file, *raw.key_marks[key])
    return Location(file, *getattr(raw, "mark", (1, 1)))
