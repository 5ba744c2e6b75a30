"""The user cache folder: where decisionaid keeps what it can always make again (compiled
trees, tree titles), never anything a person answered. $DECISIONAID_CACHE_DIR names another
folder, or "off" to keep nothing."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "DECISIONAID_CACHE_DIR"  # a folder, or "off" to load every time


def cache_dir() -> Path | None:
    value = os.environ.get(ENV_VAR)
    if value == "off":
        return None
    if value:
        return Path(value).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("decisionaid", appauthor=False))
