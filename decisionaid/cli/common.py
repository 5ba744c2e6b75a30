"""Pieces shared by the command modules: failing with status 2, the data-folder option,
opening the store, and writing an export where `-o` says."""

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
