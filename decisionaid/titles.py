"""Each tree's title and description as it was last loaded, kept in the cache folder, so
the first screen can show them without reading the tree as YAML (importing PyYAML alone was
a thirtieth of the time to the first screen).

A title is recalled only for the very file it was read from, unchanged since: the same
device, inode, size, modification and change times. Like everything in the cache folder it
is only ever a shortcut: a missing, damaged or foreign file is not used, and the app shows
the loaded tree's own title if it turns out to differ.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from decisionaid.cachefolder import OURS, cache_dir
from decisionaid.private import read_json_object

FILE = "titles.json"
MOST_BYTES = 256 * 1024
KEPT = 64  # trees remembered, the most recently loaded ones


def _stamp(path: Path) -> list[int] | None:
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return [info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns]


def _read(folder: Path) -> dict:
    return read_json_object(folder / FILE, MOST_BYTES)


def recall(path: Path) -> tuple[str, str | None] | None:
    """The title and description last loaded from this file, if it has not changed since."""
    folder = cache_dir()
    stamp = _stamp(path)
    if folder is None or stamp is None:
        return None
    entry = _read(folder).get(str(Path(path).absolute()))
    if not isinstance(entry, dict) or entry.get("stamp") != stamp:
        return None
    title, description = entry.get("title"), entry.get("description")
    if not isinstance(title, str) or not isinstance(description, str | None):
        return None
    return title, description


def remember(path: Path, title: str, description: str | None) -> None:
    """Keep the title and description of a tree just loaded from `path` (never an error: a
    cache that cannot be written is not a problem)."""
    from decisionaid.private import own_folder, write_private

    folder = cache_dir()
    stamp = _stamp(path)
    if folder is None or stamp is None:
        return
    key = str(Path(path).absolute())
    entry = {"stamp": stamp, "title": title, "description": description}
    try:
        data = _read(folder)
        if data.get(key) == entry:
            return
        data.pop(key, None)
        data[key] = entry  # the newest last
        kept = dict(list(data.items())[-KEPT:])
        own_folder(folder, tighten=True, ours=OURS)
        write_private(folder / FILE, json.dumps(kept, ensure_ascii=False))
    except Exception:
        return
