"""The compiled-tree cache: a validated tree saved as data in the user cache folder, so a
second start neither parses the YAML nor checks the graph again.

An entry is JSON, never code: the tree's models as pydantic dumps them, the files it was read
from, the warnings and the questions still to come from each node. Loading one validates the
models again (the same models as a tree file, so a planted entry can at worst describe a
tree, never run anything) and rebuilds the graph from them.

An entry is found by the content of the main file (with the format, app and Python
versions and where the file is) and used only if every file the tree was read from still
leads to the same file with the same content: a changed include, an include link pointed
elsewhere, a damaged or foreign entry, all fall back to a full load, and a fresh entry
replaces the stale one. Entries are read only from a folder that the user owns and nobody
else can write, and only if they are regular files of the user's that nobody else can
write; they are written whole (temporary file, then rename), 0600, in a 0700 folder. The cache
holds the tree only, never anything a person answered.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from pathlib import Path
from typing import Any

from decisionaid.cachefolder import ENV_VAR as ENV_VAR  # the folder's rule lives there
from decisionaid.cachefolder import OURS as CACHE_NAMES
from decisionaid.cachefolder import cache_dir
from decisionaid.errors import Location, Problem

FORMAT = 4  # 4: numbers read strictly (3 could hold "4_0" read as 40); 1 and 2 were pickles
_SECTIONS = ("facts", "scores", "sources")


def _digest(path: str) -> str:
    from decisionaid.yamlfile import read_bytes

    return hashlib.sha256(read_bytes(Path(path))).hexdigest()


def _entry(folder: Path, path: Path, main_digest: str) -> Path:
    from decisionaid import __version__

    salt = f"{FORMAT}|{__version__}|{sys.version}|{path.absolute()}|{main_digest}"
    return folder / f"tree-{hashlib.sha256(salt.encode()).hexdigest()[:32]}.json"


def _read_entry(entry: Path) -> bytes | None:
    """An entry's bytes, if it is a regular file of ours that no one else can write."""
    try:
        fd = os.open(entry, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if (
            not stat.S_ISREG(info.st_mode)
            or info.st_uid != os.getuid()
            or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
        ):
            return None
        with os.fdopen(os.dup(fd), "rb") as handle:
            return handle.read(info.st_size + 1)
    finally:
        os.close(fd)


def load(path: Path) -> Any | None:
    """The cached compiled tree for this file, or None (never an error)."""
    from decisionaid.private import NotPrivate, own_folder

    try:
        folder = cache_dir()
        if folder is None or not folder.is_dir():
            return None
        try:
            own_folder(folder, tighten=False)
        except NotPrivate:  # another user could have planted what is in it
            return None
        data = _read_entry(_entry(folder, path, _digest(str(path))))
        if data is None:
            return None
        content = json.loads(data)
        if not isinstance(content, dict) or content.get("format") != FORMAT:
            return None
        for opened, resolved, digest in content["read"]:
            if str(Path(opened).resolve()) != resolved or _digest(opened) != digest:
                return None
        return from_data(content)
    except Exception:  # a damaged, stale or foreign entry is simply not used
        return None


def save(path: Path, flow: Any) -> None:
    """Store a compiled tree; a cache that cannot be written is not a problem."""
    from decisionaid.private import own_folder, write_private

    try:
        folder = cache_dir()
        if folder is None:
            return
        # NotPrivate: not a folder we can keep to ourselves
        own_folder(folder, tighten=True, ours=CACHE_NAMES)
        entry = _entry(folder, path, flow.tree.read[0][2])
        write_private(entry, json.dumps(to_data(flow), ensure_ascii=False))
    except Exception:
        return


# --- a compiled tree as data, and back ---------------------------------------------------


def _dump(model: Any) -> Any:
    return model.model_dump(mode="json", by_alias=True, exclude_unset=True)


def to_data(flow: Any) -> dict[str, Any]:
    """A compiled tree as plain data (JSON-ready). The main file's own nodes, facts, scores
    and sources come with it; only what the included files added is listed apart."""
    tree = flow.tree
    main = tree.main
    more_nodes = list(tree.nodes.values())[len(main.nodes) :]
    more: dict[str, Any] = {"nodes": [_dump(node) for node in more_nodes]}
    for section in _SECTIONS:
        items = list(getattr(tree, section).items())[len(getattr(main, section)) :]
        more[section] = {key: _dump(value) for key, value in items}
    return {
        "format": FORMAT,
        "read": [list(file) for file in tree.read],
        "files": list(tree.files),
        "main": _dump(main),
        "more": more,
        "remaining": {node: list(span) for node, span in flow.remaining.items()},
        "warnings": [
            [
                p.message,
                *((p.location.file, p.location.line, p.location.column) if p.location else ()),
                p.node,
                p.severity,
            ]
            for p in flow.warnings
        ],
    }


def from_data(data: dict[str, Any]) -> Any:
    """A compiled tree from `to_data`'s output, its models validated again (never trusted)."""
    from pydantic import TypeAdapter

    from decisionaid.graph.compiled import assemble
    from decisionaid.model import Fact, Node, Score, Source, Tree, TreeFile

    main = TreeFile.model_validate(data["main"])
    more = data["more"]
    nodes = {node.id: node for node in main.nodes}
    nodes.update((n.id, n) for n in TypeAdapter(list[Node]).validate_python(more["nodes"]))
    adapters: tuple[TypeAdapter[dict[str, Any]], ...] = (
        TypeAdapter(dict[str, Fact]),
        TypeAdapter(dict[str, Score]),
        TypeAdapter(dict[str, Source]),
    )
    sections = {}
    for section, adapter in zip(_SECTIONS, adapters, strict=True):
        merged = dict(getattr(main, section))
        merged.update(adapter.validate_python(more[section]))
        sections[section] = merged
    tree = Tree(
        main=main,
        nodes=nodes,
        files=[str(name) for name in data["files"]],
        read=[(str(a), str(b), str(c)) for a, b, c in data["read"]],
        **sections,
    )
    warnings = []
    for message, *where, node, severity in data["warnings"]:
        location = Location(*where) if where else None
        warnings.append(Problem(message, location, node, severity))
    remaining = {node: (int(low), int(high)) for node, (low, high) in data["remaining"].items()}
    return assemble(tree, warnings, remaining)
