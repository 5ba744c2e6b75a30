"""The user cache folder: where decisionaid keeps what it can always make again (compiled
trees, tree titles), never anything a person answered. $DECISIONAID_CACHE_DIR names another
folder, or "off" to keep nothing.

A folder variable set to nothing, or to white space only, is refused as $DECISIONAID_DATA_DIR
is (`folder_variable`): as a path, "  " was a folder named two spaces, made wherever the
command ran. The cache is never an error, so `cache_dir()` keeps nothing then; the command
line refuses the variable, with its message (`check_folder_variables` in cli/common.py).
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "DECISIONAID_CACHE_DIR"  # a folder, or "off" to load every time
OFF = "off"
# What the aid keeps in the folder (compiled trees, remembered titles, and the temporary
# files they are written through): a folder holding anything else is never tightened.
OURS = ("tree-*.json", "titles.json", ".*.tmp")


class EmptyFolderVariable(ValueError):
    """A folder's environment variable is set, but to nothing (or only white space)."""


def folder_variable(name: str, instead: str = "") -> Path | None:
    """The folder the environment variable `name` names, None when it is unset. Set but
    empty (or white space only) it is refused (EmptyFolderVariable; `instead` adds another
    value it may take, in words): a script's unset value, not a folder anyone chose."""
    value = os.environ.get(name)
    if value is None:
        return None
    if not value.strip():
        raise EmptyFolderVariable(
            f"${name} is set but empty: set it to a folder{instead}, or unset it to use the default"
        )
    return Path(value).expanduser()


def cache_dir() -> Path | None:
    """The cache folder, or None to keep nothing: $DECISIONAID_CACHE_DIR is "off", or set
    but empty (refused: see the module docstring)."""
    if os.environ.get(ENV_VAR) == OFF:
        return None
    try:
        folder = folder_variable(ENV_VAR, f' (or to "{OFF}", to keep nothing)')
    except EmptyFolderVariable:
        return None
    if folder is not None:
        return folder
    import platformdirs

    return Path(platformdirs.user_cache_dir("decisionaid", appauthor=False))
