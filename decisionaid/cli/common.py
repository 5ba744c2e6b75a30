"""Pieces shared by the command modules: failing with status 2, the options that say where
screenings are kept and who is acting, the kiosk options, opening the store, and writing an
export where `-o` says."""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

if TYPE_CHECKING:
    from decisionaid.screenings.store import Store

EXIT_BAD_INPUT = 2


class _NotEmptyPath(click.Path):
    """A path option whose empty value is refused (as a Path it would be the current
    folder, a place nobody asked for); `instead` says what to give."""

    instead = ""

    def convert(self, value, param, ctx):
        if isinstance(value, str) and not value.strip():
            self.fail(f"is empty: {self.instead}", param, ctx)
        return super().convert(value, param, ctx)


class Folder(_NotEmptyPath):
    """A folder path; an empty one is refused."""

    instead = "give a folder, or leave the option out"

    def __init__(self) -> None:
        super().__init__(path_type=Path, file_okay=False)

    def convert(self, value, param, ctx):
        from decisionaid.screenings.location import url_instead_of_folder

        if isinstance(value, str) and (problem := url_instead_of_folder(value)):
            self.fail(problem, param, ctx)
        return super().convert(value, param, ctx)


class Number(click.FloatRange):
    """A number in a range; "nan" is refused as well as "inf" (a range check alone lets nan
    through, since it is neither below nor above anything: a coverage gate of nan never
    failed, and a kiosk pause of nan never ended)."""

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if math.isnan(number):
            self.fail(f"{value!r} is not a number", param, ctx)
        return number


def _not_empty(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """An empty value given on purpose must not quietly mean the default."""
    if value is not None and not value.strip():
        raise click.BadParameter("is empty: give a value, or leave the option out")
    return value


DATA_DIR = click.option(
    "--data-dir",
    type=Folder(),
    default=None,
    help="Folder of saved screenings (default: $DECISIONAID_DATA_DIR, else the user data folder).",
)
DATABASE = click.option(
    "--database",
    metavar="URL",
    default=None,
    callback=_not_empty,
    help="Where screenings are kept: sqlite:///path/file.sqlite3 or "
    "postgresql://user@host:port/database (default: $DECISIONAID_DATABASE, else the SQLite "
    "file in the data folder).",
)


KIOSK = click.option(
    "--kiosk",
    is_flag=True,
    help="Waiting-room mode: self-assessment only, kept for the clinic, no history or "
    "resume, the screening number shown at the end, then a fresh start.",
)
PAUSE = click.option(
    "--pause",
    # At most an hour: a result left up longer is there for the next patient to read.
    type=Number(min=1, max=3600),
    default=None,
    metavar="SECONDS",
    help="With --kiosk: how long a result stays up after the last key press, 1 to 3600 "
    "(default 90).",
)


def fail(message: str) -> NoReturn:
    """Print a user error (no traceback) and exit with status 2. Control characters from
    names and answers in the message are shown escaped, never sent to the terminal."""
    from decisionaid.safetext import printable

    click.echo(printable(message), err=True)
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


class Output(_NotEmptyPath):
    """Where `-o` writes: a path (a file, or also a folder), or `-`; never an empty one."""

    def __init__(self, dir_okay: bool) -> None:
        super().__init__(path_type=Path, dir_okay=dir_okay, allow_dash=True)
        where = "a file, a folder" if dir_okay else "a file"
        self.instead = f"give {where}, or - for standard output"


def output_option(help_text: str, dir_okay: bool = False):
    """`-o/--output`: a file, or `-` for standard output (every command reads `-` the same
    way); and `--force`, to replace an existing file without asking."""
    output = click.option(
        "--output",
        "-o",
        type=Output(dir_okay),
        default=None,
        help=help_text,
    )
    force = click.option("--force", is_flag=True, help="Replace an existing file without asking.")
    return lambda command: output(force(command))


def to_stdout(output: Path | None) -> bool:
    return output is not None and str(output) == STDOUT


def write_output(output: Path, text: str, force: bool = False) -> None:
    """Write one export where `-o` says: standard output for `-`, else a file only its owner
    can read (status 2, saying why, when it cannot be written).

    An existing file is replaced only with `--force` or when the person at the terminal
    says so; without a terminal to ask, it is left alone. A symbolic link or anything but a
    regular file at that path is never written through.
    """
    if to_stdout(output):
        click.echo(text, nl=False)
        return
    from decisionaid.private import NotAPlainFile, check_target, write_private

    if not output.parent.is_dir():
        fail(f"cannot write {output}: there is no folder {output.parent}")
    try:
        check_target(output)
    except NotAPlainFile as exc:
        fail(f"cannot write {output}: it {exc.strerror}")
    if output.exists() and not force and not _replace_agreed(output):
        fail(f"{output} already exists; nothing written (use --force to replace it)")
    try:
        write_private(output, text)
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
    click.echo(f"wrote {output}", err=True)


def _replace_agreed(output: Path) -> bool:
    """Ask whether to replace an existing file, when there is someone to ask."""
    if not sys.stdin.isatty():
        return False
    return click.confirm(f"{output} already exists. Replace it?", default=False, err=True)
