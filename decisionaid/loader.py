"""YAML → model: read a tree and its includes, check each file's shape, merge them.

Every problem is reported with the file, line, column and node it concerns. Checks that need
the whole tree (references, the graph) live in `graph/checks.py`.
"""

from __future__ import annotations

import difflib
import hashlib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from decisionaid import yamlfile
from decisionaid.errors import Location, Problem, TreeError
from decisionaid.model import Fragment, Tree, TreeFile, condition_tag, node_tag
from decisionaid.safetext import short_name

_SECTIONS = ("facts", "scores", "sources")
_SINGULAR = {
    "facts": "fact",
    "scores": "score",
    "sources": "source",
    "therapies": "therapy",
    "recommendations": "recommendation",
}


def _known_fields() -> set[str]:
    import decisionaid.model as m

    names: set[str] = set()
    for obj in vars(m).values():
        if isinstance(obj, type) and issubclass(obj, BaseModel):
            for name, info in obj.model_fields.items():
                names.add(info.alias or name)
    return names


def _data_path(raw: Any, loc: tuple[Any, ...], missing: bool) -> tuple[Any, ...]:
    """A pydantic error location as steps through the data only.

    Pydantic adds steps that are not in the file: the name of a union member (`int`,
    `AnswerRef`), and the tag of a node or condition right after the step that reached it
    (`route`, `answer`, `not`, ...). A tag may also be a key of that very mapping (`{answer:
    q2, gte: 5}`, `{not: {...}}`), so it is recognised by asking the value for its tag. The
    field a `missing` error names is kept, though it is not in the data.
    """
    path: list[Any] = []
    current = raw
    reached = False  # the last step taken was a real key or index (a file is no union)
    for index, step in enumerate(loc):
        is_tag = isinstance(current, dict) and step in (condition_tag(current), node_tag(current))
        if reached and is_tag:
            reached = False
        elif (isinstance(current, dict) and step in current) or (
            isinstance(current, list) and isinstance(step, int) and 0 <= step < len(current)
        ):
            path.append(step)
            current = current[step]
            reached = True
        elif missing and index == len(loc) - 1:
            path.append(step)
        else:
            reached = False
    return tuple(path)


def _owner(raw: Any, loc: tuple[Any, ...]) -> str | None:
    """Name the node, fact, score or source an error location falls in."""
    if len(loc) >= 2 and loc[0] == "nodes" and isinstance(loc[1], int):
        try:
            node_id = raw["nodes"][loc[1]].get("id")
        except (AttributeError, IndexError, KeyError, TypeError):
            node_id = None
        return f"node '{node_id}'" if isinstance(node_id, str) else f"node #{loc[1] + 1}"
    if len(loc) >= 2 and loc[0] in (*_SECTIONS, "therapies", "recommendations"):
        return f"{_SINGULAR.get(loc[0], loc[0])} '{loc[1]}'"
    return None


def _field_path(loc: tuple[Any, ...], raw: Any) -> str:
    """A readable path such as options[2].value inside the node (or fact, ...) it belongs to.

    Steps that are not in the data, such as pydantic's name for a union member, are skipped;
    a missing last step is named, since it is the field that is wrong.
    """
    owned = 2 if _owner(raw, loc) else 0
    current = raw
    for step in loc[:owned]:
        current = current[step] if isinstance(current, dict | list) else current
    parts: list[str] = []
    for index, step in enumerate(loc[owned:], start=owned):
        if isinstance(current, dict) and step in current:
            parts.append(f".{step}")
            current = current[step]
        elif isinstance(current, list) and isinstance(step, int) and 0 <= step < len(current):
            parts.append(f"[{step}]")
            current = current[step]
        elif index == len(loc) - 1 and isinstance(step, str):
            parts.append(f".{step}")
    return "".join(parts).lstrip(".")


def _describe(error: dict[str, Any], raw: Any, known: set[str]) -> str:
    kind = error["type"]
    loc = tuple(error["loc"])
    field = str(loc[-1]) if loc else ""
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(field, sorted(known), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return f"unknown field '{field}'{hint}"
    if kind == "missing":
        return f"missing required field '{field}'"
    if kind == "string_pattern_mismatch":
        value = error.get("input")
        return f"'{value}' is not a valid id: use lowercase letters, digits and _ (start with a letter)"
    path = _field_path(loc, raw)
    message = error["msg"]
    if kind == "string_type" and isinstance(error.get("input"), bool | int | float):
        message = "YAML read this as a boolean or number; put the text in quotes"
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    value = error.get("input")
    shown = "" if isinstance(value, dict | list) else f" (got {value!r})"
    return f"{path}: {message}{shown}" if path else f"{message}{shown}"


def _validation_problems(exc: ValidationError, raw: Any, file: str) -> list[Problem]:
    known = _known_fields()
    problems = []
    for error in exc.errors():
        loc = _data_path(raw, tuple(error["loc"]), missing=error["type"] == "missing")
        error = {**error, "loc": loc}
        if error["type"] == "extra_forbidden" and loc:
            parent: Any = raw
            for step in loc[:-1]:
                parent = parent[step]
            where = yamlfile.locate_key(parent, loc[-1], file)
        elif error["type"] == "missing":
            where = yamlfile.locate(raw, loc[:-1], file)
        else:
            where = yamlfile.locate(raw, loc, file)
        problems.append(Problem(_describe(error, raw, known), where, _owner(raw, loc)))
    return problems


def _validate(model: type[BaseModel], raw: Any, file: str) -> Any:
    if not isinstance(raw, dict):
        kind = "a list" if isinstance(raw, list) else f"a single value ({raw!r})"
        where = Location(file, *getattr(raw, "mark", (1, 1)))
        raise TreeError.one(f"the top level must be a mapping of fields, not {kind}", where)
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise TreeError(_validation_problems(exc, raw, file)) from None


def _display_name(path: Path) -> str:
    try:
        name = str(path.relative_to(Path.cwd()))
    except ValueError:
        name = str(path)
    return short_name(name)


class Places:
    """Where each part of a merged tree was written: the loader's record, kept beside the
    model (never inside it) and used only where errors are made."""

    def __init__(self, origins: dict[tuple[str, str], tuple[str, Any]] | None = None):
        # (section, key) -> (file name, the located YAML value it was read from)
        self.origins: dict[tuple[str, str], tuple[str, Any]] = origins or {}

    def where(self, section: str, key: str, *path: Any) -> Location | None:
        """Where `section` item `key` (or a field inside it) is written."""
        if section == "therapy":
            section, key, path = "tree", "main", ("therapies", key, *path)
        origin = self.origins.get((section, key))
        if origin is None:
            return None
        file, raw = origin
        return yamlfile.locate(raw, path, file)


class _Merger:
    def __init__(self) -> None:
        self.nodes: dict[str, Any] = {}
        self.sections: dict[str, dict[str, Any]] = {s: {} for s in _SECTIONS}
        self.origins: dict[tuple[str, str], tuple[str, Any]] = {}
        self.files: list[str] = []
        self.read_files: list[tuple[str, str, str]] = []
        self.problems: list[Problem] = []
        # The chain of files that led to the one being read, in order (a dict: looked up too).
        self.visiting: dict[Path, None] = {}

    def first_place(self, section: str, key: str) -> str:
        file, raw = self.origins[(section, key)]
        return str(Location(file, *raw.mark)) if hasattr(raw, "mark") else file

    def add(self, model: Fragment, raw: Any, file: str) -> None:
        for index, node in enumerate(model.nodes):
            item = raw["nodes"][index]
            if node.id in self.nodes:
                where = yamlfile.locate(raw, ("nodes", index), file)
                first = self.first_place("node", node.id)
                self.problems.append(
                    Problem(
                        f"duplicate node id (first defined at {first})", where, f"node '{node.id}'"
                    )
                )
                continue
            self.nodes[node.id] = node
            self.origins[("node", node.id)] = (file, item)
        for section in _SECTIONS:
            for key, value in getattr(model, section).items():
                label = section.rstrip("s")
                if key in self.sections[section]:
                    where = yamlfile.locate_key(raw[section], key, file)
                    first = self.first_place(label, key)
                    self.problems.append(
                        Problem(f"defined twice (first at {first})", where, f"{label} '{key}'")
                    )
                    continue
                self.sections[section][key] = value
                self.origins[(label, key)] = (file, raw[section][key])

    def read_all(self, path: Path) -> Any:
        """Read the main file, then each file it includes, depth first in the order listed
        (each file's parts before those of the files it includes).

        A stack of our own stands in for recursion, so a long chain of includes cannot
        reach Python's recursion limit; `visiting` holds the chain of files that led to the
        one being read, which names an include loop. `None` on the stack marks where the
        files one file includes have all been read.
        """
        main = None
        stack: list[tuple[Path, type[BaseModel], Location | None] | None] = [(path, TreeFile, None)]
        while stack:
            entry = stack.pop()
            if entry is None:
                self.visiting.popitem()
                continue
            resolved, parsed, raw, name = self.read(*entry)
            main = main if main is not None else parsed
            stack.append(None)
            for index in reversed(range(len(parsed.include))):
                where = yamlfile.locate(raw, ("include", index), name)
                stack.append((resolved.parent / parsed.include[index], Fragment, where))
        return main

    def read(
        self, path: Path, model: type[BaseModel], included_from: Location | None
    ) -> tuple[Path, Any, Any, str]:
        """Read one file and add its parts; it is now the last of `visiting`."""
        path = path.absolute()
        name = _display_name(path)
        try:
            data = yamlfile.read_bytes(path, name)
        except TreeError as exc:
            if included_from is None:
                raise
            problem = exc.problems[0].message
            if problem == "no such file":
                message = f"included file '{name}' does not exist"
                raise TreeError.one(message, included_from) from None
            raise TreeError.one(f"included file '{name}': {problem}", included_from) from None
        resolved = path.resolve()  # it was just read, so it exists and its links end
        if resolved in self.visiting:
            chain = " → ".join(_display_name(p) for p in [*self.visiting, resolved])
            raise TreeError.one(f"files include each other in a loop: {chain}", included_from)
        raw = yamlfile.parse(yamlfile.decode(data, name), name)
        parsed = _validate(model, raw, name)
        self.visiting[resolved] = None
        self.files.append(name)
        self.read_files.append((str(path), str(resolved), hashlib.sha256(data).hexdigest()))
        if model is TreeFile:
            self.origins[("tree", "main")] = (name, raw)
        self.add(parsed, raw, name)
        return resolved, parsed, raw, name


def load_tree(path: Path | str) -> tuple[Tree, Places]:
    """Load a tree file and everything it includes, with the places its parts were written.

    Raises TreeError with every problem found in the files themselves; `compile_tree(tree,
    places)` checks the merged whole."""
    merger = _Merger()
    main = merger.read_all(Path(path))
    if merger.problems:
        raise TreeError(merger.problems)
    tree = Tree(
        main=main,
        nodes=merger.nodes,
        facts=merger.sections["facts"],
        scores=merger.sections["scores"],
        sources=merger.sections["sources"],
        files=merger.files,
        read=merger.read_files,
    )
    return tree, Places(merger.origins)
