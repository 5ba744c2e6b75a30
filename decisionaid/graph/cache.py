"""The compiled-tree cache: a validated, compiled tree saved in the user cache folder, so a
second start neither parses nor validates again.

An entry is found by the hash of the main file's bytes (with the app and Python versions) and
is used only if every file the tree was built from still has the hash it had; anything else
(a changed include, a damaged or foreign entry, an unreadable folder) falls back to a full
load, and a fresh entry replaces the stale one. Entries are written whole (temporary file,
then rename), private to the user, in a folder only the user can open. The cache holds the
tree only, never anything a person answered.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path
from typing import Any

ENV_VAR = "DECISIONAID_CACHE_DIR"  # a folder, or "off" to load every time
FORMAT = 2  # 2: conditions keep their operator (a private attribute) in the pickle


def cache_dir() -> Path | None:
    value = os.environ.get(ENV_VAR)
    if value == "off":
        return None
    if value:
        return Path(value).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("decisionaid", appauthor=False))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _entry(path: Path) -> Path | None:
    from decisionaid import __version__

    folder = cache_dir()
    if folder is None:
        return None
    salt = f"{FORMAT}|{__version__}|{sys.version}|{path.resolve()}|".encode()
    key = hashlib.sha256(salt + path.read_bytes()).hexdigest()[:32]
    return folder / f"tree-{key}.pickle"


def load(path: Path) -> Any | None:
    """The cached compiled tree for this file, or None (never an error)."""
    try:
        entry = _entry(path)
        if entry is None or not entry.exists():
            return None
        with entry.open("rb") as handle:
            data = pickle.load(handle)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            return None
        for file, digest in data["files"].items():
            if _digest(Path(file)) != digest:
                return None
        return data["flow"]
    except Exception:  # a damaged, stale or foreign entry is simply not used
        return None


def save(path: Path, flow: Any) -> None:
    """Store a compiled tree; a cache that cannot be written is not a problem."""
    from decisionaid.private import private_folder, write_private

    try:
        entry = _entry(path)
        if entry is None:
            return
        private_folder(entry.parent)
        files = {file: _digest(Path(file)) for file in flow.tree.paths}
        data = {"format": FORMAT, "files": files, "flow": flow}
        write_private(entry, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:
        return
