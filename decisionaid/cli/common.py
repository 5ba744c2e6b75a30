"""Pieces shared by the command modules: failing with status 2, the options that say where
screenings are kept and who is acting, the kiosk options, opening the store, and writing an
export where `-o` says."""

from __future__ import annotations

import errno
import math
import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from decisionaid.errors import TOO_LONG, os_problem
from decisionaid.safetext import short_name

if TYPE_CHECKING:
    from decisionaid.screenings.store import Store

EXIT_BAD_INPUT = 2

# The longest name of one file or folder most systems take (NAME_MAX, in bytes).
NAME_MAX = 255


def too_long(path: Path | str) -> bool:
    """Whether the system would refuse `path` as too long: one of its names longer than
    NAME_MAX bytes (even below a folder that does not exist yet), or the whole path (said by
    the system itself)."""
    if any(len(os.fsencode(part)) > NAME_MAX for part in Path(path).parts):
        return True
    try:
        os.stat(path)
    except OSError as exc:
        return exc.errno == errno.ENAMETOOLONG
    except ValueError:  # a NUL character: another problem, said where the path is used
        return False
    return False


class _NotEmptyPath(click.Path):
    """A path option whose empty value is refused (as a Path it would be the current
    folder, a place nobody asked for); `instead` says what to give."""

    instead = ""

    def convert(self, value, param, ctx):
        if isinstance(value, str) and not value.strip():
            self.fail(f"is empty: {self.instead}", param, ctx)
        return super().convert(value, param, ctx)


class InputFile(_NotEmptyPath):
    """A file to read (a tree, an answers file); an empty name is refused, never read as the
    current folder ("is a directory")."""

    def __init__(self, instead: str) -> None:
        super().__init__(path_type=Path, dir_okay=False)
        self.instead = instead


class Folder(_NotEmptyPath):
    """A folder path; an empty one is refused."""

    instead = "give a folder, or leave the option out"

    def __init__(self) -> None:
        super().__init__(path_type=Path, file_okay=False)

    def convert(self, value, param, ctx):
        from decisionaid.screenings.location import url_instead_of_folder

        if isinstance(value, str) and (problem := url_instead_of_folder(value)):
            self.fail(problem, param, ctx)
        if isinstance(value, str) and value.strip() and too_long(value):
            self.fail(f"cannot use the folder {short_name(value)}: {TOO_LONG}", param, ctx)
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


def _database(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """`--database`: not empty, and a SQLite file whose name the system can take."""
    value = _not_empty(ctx, param, value)
    if value and value.partition(":")[0].lower() == "sqlite":
        from decisionaid.screenings.location import LocationError, parse

        try:
            location = parse(value)
        except LocationError:
            return value  # said, in the store's words, when it is opened
        if location.path is not None and too_long(location.path):
            raise click.BadParameter(f"cannot use {short_name(location.shown)}: {TOO_LONG}")
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
    callback=_database,
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


def check_folder_variables() -> None:
    """Exit 2 when $DECISIONAID_CACHE_DIR or $DECISIONAID_CONFIG_DIR is set but empty (or
    white space only), as an empty $DECISIONAID_DATA_DIR is refused: for the main group, so
    every command refuses them before it starts (the cache itself keeps nothing then, and
    the settings are the defaults, never a folder named after white space)."""
    from decisionaid import cachefolder, settings
    from decisionaid.variables import EmptyVariable, place_variable

    for variable, wanted in (
        (cachefolder.ENV_VAR, cachefolder.WANTED),
        (settings.ENV_VAR, "a folder"),
    ):
        try:
            place_variable(variable, wanted)
        except EmptyVariable as exc:
            fail(str(exc))


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
    """Where `-o` writes: a path (a file, or also a folder), or `-`; never an empty one.

    A name ending in / (or /.) names a folder, never a file: as a Path it would lose its
    slash, and `-o missing-folder/` wrote a file named missing-folder. Such a folder must
    exist (and, where only a file will do, is refused as a folder is). A name the system
    would refuse as too long, or one it cannot look at, is refused here, in words."""

    def __init__(self, dir_okay: bool) -> None:
        super().__init__(path_type=Path, dir_okay=dir_okay, allow_dash=True)
        where = "a file, a folder" if dir_okay else "a file"
        self.instead = f"give {where}, or - for standard output"

    def convert(self, value, param, ctx):
        valued = isinstance(value, str) and value.strip() and value != STDOUT
        if valued and (problem := _output_problem(value)):
            self.fail(problem, param, ctx)
        return super().convert(value, param, ctx)


def names_folder(name: str) -> bool:
    """Whether a name given for `-o` can only be a folder's: it ends in / or /. (or is .)."""
    return name.endswith((os.sep, f"{os.sep}.")) or name == "."


def _output_problem(value: str) -> str | None:
    """Why `-o value` cannot be written, when that can be told before anything is opened."""
    name = short_name(value)
    if too_long(value):
        return f"cannot write {name}: {TOO_LONG}"
    try:
        os.stat(value)
    except FileNotFoundError:
        if names_folder(value):
            return f"there is no folder {name} (a name ending in / names a folder)"
        return None  # a new file: write_output says if its folder is missing
    except NotADirectoryError:
        if not names_folder(value):
            return None  # write_output says: there is no folder ...
        plain = value
        while names_folder(plain) and plain not in (os.sep, "."):
            plain = plain[:-1]
        try:
            mode = os.lstat(plain).st_mode
        except OSError as exc:
            return f"there is no folder {name}: {os_problem(exc)}"
        return f"there is no folder {name}: {short_name(plain)} is {_kind(mode)}, not a folder"
    except OSError as exc:  # e.g. a folder on the way that cannot be entered
        if exc.errno == errno.ELOOP:
            return None  # write_output says: it is a symbolic link
        return f"cannot write {name}: {os_problem(exc)}"
    except ValueError:  # a NUL character, which no system takes in a name
        return f"cannot write {name}: the file name contains a NUL character"
    return None


def _kind(mode: int) -> str:
    """What a file is, in words: "a file", "a named pipe (FIFO)", ..."""
    from decisionaid.private import kind_of

    return "a file" if stat.S_ISREG(mode) else kind_of(mode)


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

    # Every name shown as short_name() shows it: escape codes as visible codes, never sent
    # to the terminal, and a very long name cut in the middle.
    name = short_name(str(output))
    try:
        if not output.parent.is_dir():
            fail(f"cannot write {name}: there is no folder {short_name(str(output.parent))}")
        check_target(output)
        exists = output.exists()
    except NotAPlainFile as exc:
        fail(f"cannot write {name}: it {exc.strerror}")
    except OSError as exc:
        fail(f"cannot write {name}: {os_problem(exc)}")
    if exists and not force and not _replace_agreed(name):
        fail(f"{name} already exists; nothing written (use --force to replace it)")
    try:
        write_private(output, text)
    except OSError as exc:
        fail(f"cannot write {name}: {os_problem(exc)}")
    click.echo(f"wrote {name}", err=True)


def _replace_agreed(name: str) -> bool:
    """Ask whether to replace an existing file (`name` as short_name() shows it), when there
    is someone to ask."""
    if not sys.stdin.isatty():
        return False
    return click.confirm(f"{name} already exists. Replace it?", default=False, err=True)
