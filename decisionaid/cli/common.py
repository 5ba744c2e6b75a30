"""Pieces shared by the command modules: failing with status 2, the data-folder and kiosk
options, and opening the store."""

from __future__ import annotations

import sys
from pathlib import Path

import click

EXIT_BAD_INPUT = 2

DATA_DIR = click.option(
    "--data-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder of saved screenings (default: $DECISIONAID_DATA_DIR, else the user data folder).",
)


KIOSK = click.option(
    "--kiosk",
    is_flag=True,
    help="Waiting-room mode: self-assessment only, kept for the clinic, no history or "
    "resume, the screening number shown at the end, then a fresh start.",
)
PAUSE = click.option(
    "--pause",
    type=click.FloatRange(min=1),
    default=None,
    metavar="SECONDS",
    help="Kiosk: how long a result stays up after the last key press (default 90).",
)


def fail(message: str) -> None:
    """Print a user error (no traceback) and exit with status 2."""
    click.echo(message, err=True)
    sys.exit(EXIT_BAD_INPUT)


def open_store(data_dir: Path | None):
    """The screenings database, or exit 2 saying why it cannot be used."""
    from decisionaid.screenings.store import Store, StoreError

    try:
        return Store.open(data_dir)
    except StoreError as exc:
        fail(str(exc))
