"""Safe YAML reading that remembers where every value came from.

PyYAML composes the document into nodes (with the C parser when it is present); we build
plain dicts and lists from those nodes ourselves, so that we can reject what `safe_load`
lets through silently (duplicate keys, merge keys, aliases that expand into huge or
recursive structures) and keep the line and column of every key and value.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from decisionaid.errors import Location, TreeError

MAX_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 64
# Aliases may reuse parts of a document, but not multiply it: past this many built values,
# building may not exceed twice the number of distinct YAML nodes.
ALIAS_ALLOWANCE = 10_000

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MERGE_TAG = "tag:yaml.org,2002:merge"


class LocatedDict(dict):
    """A mapping that knows where it, each key and each value stand in the file."""

    __slots__ = ("key_marks", "mark", "value_marks")

    def __init__(self, mark: tuple[int, int]):
        super().__init__()
        self.mark = mark
        self.key_marks: dict[Any, tuple[int, int]] = {}
        self.value_marks: dict[Any, tuple[int, int]] = {}


class LocatedList(list):
    """A sequence that knows where it and each item stand in the file."""

    __slots__ = ("item_marks", "mark")

    def __init__(self, mark: tuple[int, int]):
        super().__init__()
        self.mark = mark
        self.item_marks: list[tuple[int, int]] = []


def _mark(node: Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    def __init__(self, file: str):
        self.file = file
        self.constructor = SafeConstructor()
        self.built = 0
        self.distinct: set[int] = set()
        self.stack: set[int] = set()

    def fail(self, message: str, node: Node) -> TreeError:
        line, column = _mark(node)
        return TreeError.one(message, Location(self.file, line, column))

    def build(self, node: Node, depth: int = 0) -> Any:
        self.built += 1
        self.distinct.add(id(node))
        if self.built > ALIAS_ALLOWANCE and self.built > 2 * len(self.distinct):
            raise self.fail("aliases expand into a structure far larger than the file", node)
        if depth > MAX_DEPTH:
            raise self.fail(f"nested more than {MAX_DEPTH} levels deep", node)
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if id(node) in self.stack:
            raise self.fail("an alias refers to a structure that contains it", node)
        self.stack.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                return self.sequence(node, depth)
            if isinstance(node, MappingNode):
                return self.mapping(node, depth)
        finally:
            self.stack.discard(id(node))
        raise self.fail("unsupported YAML node", node)  # pragma: no cover - PyYAML has 3 kinds

    def scalar(self, node: ScalarNode) -> Any:
        construct = self.constructor.yaml_constructors.get(node.tag)
        if construct is None:
            raise self.fail(f"unsupported YAML tag {node.tag}", node)
        try:
            return construct(self.constructor, node)
        except (ConstructorError, ValueError) as exc:
            raise self.fail(f"cannot read this value: {exc}", node) from None

    def sequence(self, node: SequenceNode, depth: int) -> LocatedList:
        if node.tag != "tag:yaml.org,2002:seq":
            raise self.fail(f"unsupported YAML tag {node.tag}", node)
        result = LocatedList(_mark(node))
        for item in node.value:
            result.append(self.build(item, depth + 1))
            result.item_marks.append(_mark(item))
        return result

    def mapping(self, node: MappingNode, depth: int) -> LocatedDict:
        if node.tag != "tag:yaml.org,2002:map":
            raise self.fail(f"unsupported YAML tag {node.tag}", node)
        result = LocatedDict(_mark(node))
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                raise self.fail("merge keys (<<) are not supported; write the fields out", key_node)
            if not isinstance(key_node, ScalarNode):
                raise self.fail("a key must be a plain value, not a list or mapping", key_node)
            key = self.scalar(key_node)
            if key in result:
                first_line, _ = result.key_marks[key]
                raise self.fail(
                    f"duplicate key '{key}' (first given on line {first_line})", key_node
                )
            result[key] = self.build(value_node, depth + 1)
            result.key_marks[key] = _mark(key_node)
            result.value_marks[key] = _mark(value_node)
        return result


def read_text(path: Path, label: str | None = None) -> str:
    """Read a file as UTF-8 text, refusing files too large to be a tree or answers file."""
    name = label or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise TreeError.one(
                f"file is {size:,} bytes; the limit is {MAX_BYTES:,}", Location(name, 1, 1)
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise TreeError.one("no such file", Location(name, 1, 1)) from None
    except IsADirectoryError:
        raise TreeError.one("is a directory, not a file", Location(name, 1, 1)) from None
    except PermissionError:
        raise TreeError.one("cannot be read: permission denied", Location(name, 1, 1)) from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise TreeError.one("not UTF-8 text", Location(name, line, column)) from None


def parse(text: str, file: str) -> Any:
    """Parse one YAML document into located dicts, lists and scalars."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file, 1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        raise TreeError.one(f"YAML syntax error: {problem}", where) from None
    except yaml.YAMLError as exc:
        raise TreeError.one(f"YAML error: {exc}", Location(file, 1, 1)) from None
    except RecursionError:
        raise TreeError.one(
            f"nested more than {MAX_DEPTH} levels deep", Location(file, 1, 1)
        ) from None
    finally:
        loader.dispose()
    if node is None:
        raise TreeError.one("the file is empty", Location(file, 1, 1))
    return _Builder(file).build(node)


def load(path: Path, label: str | None = None) -> Any:
    """Read and parse a YAML file; every failure is a located TreeError."""
    name = label or str(path)
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
