"""Pieces shared by the command modules: failing with status 2, the options that say where
screenings are kept and who is acting, opening the store, and writing an export where `-o`
says."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from decisionaid.screenings.store import Store

EXIT_BAD_INPUT = 2

DATA_DIR = click.option(
    "--data-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder of saved screenings (default: $DECISIONAID_DATA_DIR, else the user data folder).",
)
DATABASE = click.option(
    "--database",
    metavar="URL",
    default=None,
    help="Where screenings are kept: sqlite:///path/file.sqlite3 or "
    "postgresql://user@host:port/database (default: $DECISIONAID_DATABASE, else the SQLite "
    "file in the data folder).",
)


def fail(message: str) -> None:
    """Print a user error (no traceback) and exit with status 2."""
    click.echo(message, err=True)
    sys.exit(EXIT_BAD_INPUT)


def open_store(
    data_dir: Path | None, database: str | None = None, actor: str | None = None
) -> Store:
    """The screenings store, or exit 2 saying why it cannot be used."""
    from decisionaid.screenings.store import Store, StoreError

    try:
        return Store.open(data_dir, database=database, actor=actor)
    except StoreError as exc:
        fail(str(exc))
        raise  # not reached: fail() exits


@contextmanager
def using_store(
    data_dir: Path | None, database: str | None = None, actor: str | None = None
) -> Iterator[Store]:
    """The store for one command: any StoreError on the way exits 2 with its message."""
    from decisionaid.screenings.store import StoreError

    store = open_store(data_dir, database, actor)
    try:
        with store:
            yield store
    except StoreError as exc:
        fail(str(exc))


STDOUT = "-"


def output_option(help_text: str, dir_okay: bool = False):
    """`-o/--output`: a file, or `-` for standard output (every command reads `-` the same way)."""
    return click.option(
        "--output",
        "-o",
        type=click.Path(path_type=Path, dir_okay=dir_okay, allow_dash=True),
        default=None,
        help=help_text,
    )


def to_stdout(output: Path | None) -> bool:
    return output is not None and str(output) == STDOUT


def write_output(output: Path, text: str) -> None:
    """Write one export where `-o` says: standard output for `-`, else a file only its owner
    can read (status 2, saying why, when it cannot be written)."""
    if to_stdout(output):
        click.echo(text, nl=False)
        return
    from decisionaid.private import write_private

    try:
        write_private(output, text)
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
    click.echo(f"wrote {output}", err=True)
