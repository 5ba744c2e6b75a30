"""Environment variables that name a place ($DECISIONAID_DATA_DIR, $DECISIONAID_DATABASE,
$DECISIONAID_CACHE_DIR, $DECISIONAID_CONFIG_DIR): set to nothing, or to white space only, one
is a mistake (a script's unset value), refused as an empty option is. Read as a path, "  "
was a folder named two spaces, made wherever the command ran; read as "the default", an
empty database variable would put a clinic's screenings in a user folder."""

from __future__ import annotations

import os
from pathlib import Path


class EmptyVariable(ValueError):
    """A variable naming a place is set, but to nothing (or only white space)."""


def place_variable(name: str, wanted: str = "a folder") -> str | None:
    """The value of the variable `name`, None when it is unset; EmptyVariable when it is set
    to nothing, saying to set it to `wanted` or unset it."""
    value = os.environ.get(name)
    if value is not None and not value.strip():
        raise EmptyVariable(
            f"${name} is set but empty: set it to {wanted}, or unset it to use the default"
        )
    return value


def folder_variable(name: str, wanted: str = "a folder") -> Path | None:
    """The folder the variable `name` names (~ expanded), None when it is unset;
    EmptyVariable as `place_variable` says."""
    value = place_variable(name, wanted)
    return None if value is None else Path(value).expanduser()
