"""Preferences remembered between runs (today only the colours), in the user's config folder.

One small JSON file, 0600 in a 0700 folder, replaced whole on every change. A missing,
unreadable or damaged file is ignored: the defaults are used and nothing stops the aid.
"""

from __future__ import annotations

import errno
import json
from pathlib import Path
from typing import Any

from decisionaid.private import private_folder, read_json_object, write_private
from decisionaid.variables import EmptyVariable, folder_variable

ENV_VAR = "DECISIONAID_CONFIG_DIR"
FILE_NAME = "settings.json"
# The colour themes, in the order F3 goes through them, with the names people see.
THEMES = {"dark": "Dark", "light": "Light", "high-contrast": "High contrast"}
# A settings file is a few bytes; anything much larger is not ours.
MOST_BYTES = 64 * 1024


def config_dir() -> Path:
    """$DECISIONAID_CONFIG_DIR, else the user config folder (~/.config/decisionaid on Linux).
    Set but empty (or white space only), it is refused (EmptyVariable), as
    $DECISIONAID_DATA_DIR is: it made a folder named "  " wherever the aid was started."""
    if folder := folder_variable(ENV_VAR):
        return folder
    import platformdirs

    return Path(platformdirs.user_config_dir("decisionaid", appauthor=False))


def load(folder: Path | None = None) -> dict[str, Any]:
    """The saved settings, or {} when there are none or they cannot be read (or the
    variable naming their folder is set but empty)."""
    try:
        path = (folder or config_dir()) / FILE_NAME
    except EmptyVariable:
        return {}
    return read_json_object(path, MOST_BYTES)


def theme(folder: Path | None = None) -> str:
    """The remembered colour theme (a key of THEMES), "dark" when none is."""
    saved = load(folder).get("theme")
    return saved if isinstance(saved, str) and saved in THEMES else "dark"


def remember_theme(name: str, folder: Path | None = None) -> None:
    """Keep the colour theme for the next run. Raises OSError when the file cannot be written."""
    if name not in THEMES:
        raise ValueError(f"unknown theme '{name}'")
    try:
        folder = folder or config_dir()
    except EmptyVariable as exc:  # an OSError, as the callers expect, in these words
        raise OSError(errno.EINVAL, str(exc)) from None
    private_folder(folder, ours=(FILE_NAME, f".{FILE_NAME}.*.tmp"))
    settings = {**load(folder), "theme": name}
    write_private(folder / FILE_NAME, json.dumps(settings, indent=2) + "\n")
