"""The user cache folder: where decisionaid keeps what it can always make again (compiled
trees, tree titles), never anything a person answered. $DECISIONAID_CACHE_DIR names another
folder, or "off" to keep nothing.

Set to nothing, or to white space only, the variable is refused (decisionaid/variables.py).
The cache is never an error, so `cache_dir()` keeps nothing then; the command line refuses
the variable, with its message (`check_folder_variables` in cli/common.py).
"""

from __future__ import annotations

import os
from pathlib import Path

from decisionaid.variables import EmptyVariable, folder_variable

ENV_VAR = "DECISIONAID_CACHE_DIR"  # a folder, or "off" to load every time
OFF = "off"
WANTED = f'a folder (or to "{OFF}", to keep nothing)'
# What the aid keeps in the folder (compiled trees, remembered titles, and the temporary
# files they are written through): a folder holding anything else is never tightened.
OURS = ("tree-*.json", "titles.json", ".*.tmp")


def cache_dir() -> Path | None:
    """The cache folder, or None to keep nothing: $DECISIONAID_CACHE_DIR is "off", or set
    but empty (refused: see the module docstring)."""
    if os.environ.get(ENV_VAR) == OFF:
        return None
    try:
        folder = folder_variable(ENV_VAR, WANTED)
    except EmptyVariable:
        return None
    if folder is not None:
        return folder
    import platformdirs

    return Path(platformdirs.user_cache_dir("decisionaid", appauthor=False))
