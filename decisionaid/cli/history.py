"""`decisionaid history`: list, show, export, delete and purge saved screenings, and read
the audit trail of who saw what.

The actor written to the audit trail is `--clinician`, else $DECISIONAID_CLINICIAN, else the
clinician typed for an intake in the same run (for `run`), else the
login name (see screenings/audit.py)."""

from __future__ import annotations

import functools
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import click

from decisionaid.cli.common import (
    DATA_DIR,
    DATABASE,
    fail,
    output_option,
    to_stdout,
    using_store,
    write_output,
)
from decisionaid.errors import os_problem
from decisionaid.exports.report import claim, file_name, render
from decisionaid.safetext import printable, short_name, visible
from decisionaid.screenings.audit import AuditEntry
from decisionaid.screenings.store import DamagedScreening, Screening, Store
from decisionaid.screenings.summary import HEADERS, summary_row
from decisionaid.words import plural, when

EXPORT_FORMATS = ("html", "markdown", "json", "fhir")


@dataclass(frozen=True)
class Where:
    """The group's options, handed to each subcommand."""

    data_dir: Path | None
    database: str | None
    clinician: str | None

    def store(self, listing: bool = False):
        """The store, as it is: these commands only read and delete, so where no SQLite file
        is yet (a mistyped --data-dir, say) they make none and say so; a listing is empty,
        the others exit 2."""
        from decisionaid.screenings.location import LocationError, locate

        try:
            location = locate(self.data_dir, self.database)
        except LocationError as exc:
            fail(str(exc))
        try:
            missing = location.path is not None and not location.path.exists()
        except OSError as exc:  # a name too long for the system, from $DECISIONAID_DATA_DIR
            fail(f"cannot use {short_name(location.shown)}: {os_problem(exc)}")
        if missing:
            said = f"nothing has been saved in {location.shown} yet (there is no such file)"
            if listing:
                click.echo(printable(f"No saved screenings: {said}."))
                sys.exit(0)
            fail(said)
        return using_store(self.data_dir, self.database, self.clinician)

    def merged(self, data_dir: Path | None, database: str | None, clinician: str | None) -> Where:
        return Where(
            data_dir or self.data_dir, database or self.database, clinician or self.clinician
        )


CLINICIAN = click.option(
    "--clinician",
    default=None,
    help="Who is looking, for the audit trail (default: $DECISIONAID_CLINICIAN, else your "
    "login name).",
)


def _where_options(command):
    return DATA_DIR(DATABASE(CLINICIAN(command)))


def with_where(command):
    """Let a subcommand take the group's options too (`history show 3 --database URL`), and
    hand it the merged Where."""

    @functools.wraps(command)
    def merged(*args, data_dir=None, database=None, clinician=None, **kwargs):
        where = click.get_current_context().find_object(Where)
        return command(where.merged(data_dir, database, clinician), *args, **kwargs)

    return _where_options(merged)


def _table(rows: list[tuple[str, ...]], headers: tuple[str, ...] = HEADERS) -> str:
    # A reference or name holding a line break or an escape sequence must not forge a row
    # or act on the terminal: every cell is shown escaped.
    rows = [tuple(visible(cell) for cell in row) for row in rows]
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join(lines)


def _missing(store: Store, screening_id: int) -> None:
    fail(f"there is no screening #{screening_id} in {store.location}")


def _get(store: Store, screening_id: int, record: str | None = None) -> Screening:
    screening = store.get(screening_id, record=record)
    if screening is None:
        _missing(store, screening_id)
    assert screening is not None
    return screening


@click.group(invoke_without_command=True)
@_where_options
@click.option("--search", default="", help="Only screenings whose reference or clinician match.")
@click.pass_context
def history(
    ctx: click.Context,
    data_dir: Path | None,
    database: str | None,
    clinician: str | None,
    search: str,
) -> None:
    """Saved screenings, newest first. Subcommands show, export, delete and purge them, and
    audit lists who saw what."""
    ctx.obj = Where(data_dir, database, clinician)
    if ctx.invoked_subcommand is not None:
        return
    with ctx.obj.store(listing=True) as store:
        screenings = store.list(search)
        if not screenings:
            found = f" matching '{search}'" if search else ""
            click.echo(f"No saved screenings{found} in {store.location}.")
            return
        click.echo(_table([summary_row(s) for s in screenings]))
        broken = sum(1 for s in screenings if s.damage)
        if broken:
            click.echo(
                f"{plural(broken, 'screening')} could not be read (damaged) and "
                f"{'was' if broken == 1 else 'were'} skipped.",
                err=True,
            )


@history.command()
@click.argument("screening_id", type=int, metavar="ID")
@with_where
def show(where: Where, screening_id: int) -> None:
    """Show one screening in full: result, reasons, answers in words, details."""
    with where.store() as store:
        screening = _get(store, screening_id, record="viewed")
        # Plain text, as typed: Markdown would show a reference such as P_1 as P\_1.
        click.echo(printable(render(screening, "text")), nl=False)


@history.command()
@click.argument("screening_ids", type=int, nargs=-1, required=True, metavar="ID...")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default="html",
    show_default=True,
    help="html: one printable page; fhir: a FHIR R4 QuestionnaireResponse.",
)
@output_option(
    "A file (one screening), a folder, or - for standard output. "
    "Default: screening-ID.<ext> in the current folder (screening-ID-2.<ext> and so on "
    "when that file exists).",
    dir_okay=True,
)
@with_where
def export(
    where: Where, screening_ids: tuple[int, ...], fmt: str, output: Path | None, force: bool
):
    """Write reports of screenings (readable by you only). Each export is recorded in the
    audit trail; a damaged screening is skipped (exit status 2) and the others written."""
    repeated = sorted(i for i, n in Counter(screening_ids).items() if n > 1)
    if repeated:
        click.echo(
            f"{plural(len(repeated), 'screening')} named more than once "
            f"({', '.join(f'#{i}' for i in repeated)}): each is written once",
            err=True,
        )
        screening_ids = tuple(dict.fromkeys(screening_ids))  # each once, in the order given
    folder, target = Path.cwd(), None
    if output is not None:
        if to_stdout(output) and len(screening_ids) > 1:
            # Reports one after another are not one JSON, FHIR or HTML document.
            fail("-: standard output takes one screening at a time; for several, give a folder")
        if to_stdout(output):
            target = output
        elif output.is_dir():
            folder = output
        elif len(screening_ids) > 1:
            fail(f"{output}: with several screenings, --output must be an existing folder")
        else:
            target = output

    def write(screening: Screening) -> str:
        # A name of our choosing never replaces an earlier report; one given is used as is.
        path = target or claim(folder, file_name(screening, fmt))
        # A claimed name is ours, created empty a moment ago; a file given may need asking.
        write_output(path, render(screening, fmt), force or target is None)
        return f"{fmt} to standard output" if to_stdout(path) else f"{fmt} to {path.resolve()}"

    problems = []
    with where.store() as store:
        for screening_id in screening_ids:
            try:
                if store.export(screening_id, write) is None:
                    problems.append(f"there is no screening #{screening_id} in {store.location}")
            except DamagedScreening as exc:
                problems.append(str(exc))
    if problems:
        fail("\n".join(problems))


class LocalDate(click.DateTime):
    """A local date (YYYY-MM-DD) or date and time (YYYY-MM-DDTHH:MM), refused in those
    words rather than click's strptime codes (%Y-%m-%d), which no one at a clinic reads."""

    name = "date"

    def __init__(self) -> None:
        super().__init__(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M"])

    def get_metavar(self, param, ctx=None) -> str:
        return "YYYY-MM-DD[THH:MM]"

    def convert(self, value, param, ctx):
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            self.fail(
                f"{value!r} is not a date: give YYYY-MM-DD (such as 2026-01-31) or a date and "
                "time, YYYY-MM-DDTHH:MM (such as 2026-01-31T17:30)",
                param,
                ctx,
            )


def _agreed(question: str) -> bool:
    """Whether the person agrees to a deletion ("y" typed, or piped in). Input that ends
    before an answer (no terminal, or Ctrl+D) deletes nothing and says how a script deletes
    (--yes), instead of click's bare "Aborted!"."""
    try:
        return click.confirm(question, default=False)
    except click.Abort:
        click.echo()
        fail("no answer, so nothing deleted; to delete without being asked, add --yes")


@history.command()
@click.argument("screening_id", type=int, metavar="ID")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@with_where
def delete(where: Where, screening_id: int, yes: bool) -> None:
    """Delete one screening for good (its audit entries stay)."""
    with where.store() as store:
        try:
            s = _get(store, screening_id)
        except DamagedScreening:
            s = None  # a damaged record can still be deleted; there is just less to show
        if s is None and not yes:
            if not _agreed(f"Delete damaged screening #{screening_id}? This cannot be undone"):
                click.echo("Nothing deleted.")
                return
            yes = True
        label = f" ({visible(s.reference)})" if s and s.reference else ""
        if (
            not yes
            and s is not None
            and not _agreed(
                f"Delete screening #{s.id}{label} from {when(s.started_at)}? This cannot be undone"
            )
        ):
            click.echo("Nothing deleted.")
            return
        if not store.delete(screening_id):
            _missing(store, screening_id)
        click.echo(f"Deleted screening #{screening_id}.")


@history.command()
@click.option(
    "--before",
    required=True,
    type=LocalDate(),
    help="Delete screenings started before this local date (YYYY-MM-DD) or time.",
)
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@with_where
def purge(where: Where, before: datetime, yes: bool) -> None:
    """Delete every screening started before a date (damaged ones are left alone)."""
    try:
        moment = before.astimezone()  # a naive date is local time
        moment.astimezone(UTC)  # how the store compares it
    except (ValueError, OverflowError):  # the first and last day Python can count
        safe = "0001-01-02 or later" if before.year == 1 else "9999-12-30 or earlier"
        fail(
            f"--before {before.isoformat(sep=' ', timespec='minutes')} is too near the end "
            f"of the calendar to place in local time: give {safe}"
        )
    with where.store() as store:
        cutoff = moment.isoformat(timespec="seconds")
        doomed = [
            s
            for s in store.list()
            if not s.damage and datetime.fromisoformat(s.started_at) < moment
        ]
        if not doomed:
            click.echo(f"No screenings started before {cutoff}.")
            return
        if not yes and not _agreed(
            f"Delete {len(doomed)} screening{'s' * (len(doomed) != 1)} started before "
            f"{moment:%d %b %Y %H:%M}? This cannot be undone"
        ):
            click.echo("Nothing deleted.")
            return
        count = store.purge(moment)
        click.echo(f"Deleted {count} screening{'s' * (count != 1)}.")


AUDIT_HEADERS = ("when", "screening", "action", "actor", "account", "detail")


def _printable(text: str) -> str:
    """Control characters shown escaped, so no entry can move the cursor or forge a row."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def audit_row(entry: AuditEntry) -> tuple[str, ...]:
    if entry.damage:
        return ("—", "—", "—", "—", "—", f"damaged: {entry.damage}")
    try:
        moment = when(entry.at)
    except ValueError:
        moment = _printable(entry.at)
    return (
        moment,
        f"#{entry.screening_id}",
        entry.action,
        _printable(entry.actor),
        _printable(entry.account),
        _printable(entry.detail),
    )


@history.command()
@click.argument("screening_id", type=int, metavar="[ID]", required=False)
@with_where
def audit(where: Where, screening_id: int | None) -> None:
    """Who saw what: every creation, viewing, resumption, export and deletion, oldest first
    (of one screening, given its ID). The trail is append-only and outlives deletions."""
    with where.store() as store:
        entries = store.audit(screening_id)
        if not entries:
            about = f" for screening #{screening_id}" if screening_id is not None else ""
            click.echo(f"No audit entries{about} in {store.location}.")
            return
        click.echo(_table([audit_row(e) for e in entries], AUDIT_HEADERS))
