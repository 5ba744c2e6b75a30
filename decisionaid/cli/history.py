"""`decisionaid history`: list, show, export, delete and purge saved screenings."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from decisionaid.cli.common import DATA_DIR, fail, open_store
from decisionaid.exports.report import SUFFIXES, plural, render, when
from decisionaid.private import write_private
from decisionaid.screenings.store import Screening, Store

EXPORT_FORMATS = ("html", "markdown", "json", "fhir")


def summary_row(s: Screening) -> tuple[str, ...]:
    """One screening as the columns of the list (also used by the app's History screen)."""
    status = "finished" if s.finished else f"unfinished ({plural(s.answer_count, 'answer')})"
    return (
        str(s.id),
        when(s.started_at),
        s.mode,
        s.reference or "—",
        (s.recommendation or "—").replace("_", " "),
        s.urgency or "—",
        f"new, {status}" if s.new else status,
    )


HEADERS = ("id", "started", "mode", "reference", "recommendation", "urgency", "status")


def _table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(r[i]) for r in [HEADERS, *rows]) for i in range(len(HEADERS))]
    lines = ["  ".join(h.ljust(w) for h, w in zip(HEADERS, widths, strict=True)).rstrip()]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join(lines)


def _get(store: Store, screening_id: int) -> Screening:
    screening = store.get(screening_id)
    if screening is None:
        fail(f"there is no screening #{screening_id} in {store.path}")
    assert screening is not None
    return screening


@click.group(invoke_without_command=True)
@DATA_DIR
@click.option("--search", default="", help="Only screenings whose reference or clinician match.")
@click.pass_context
def history(ctx: click.Context, data_dir: Path | None, search: str) -> None:
    """Saved screenings, newest first. Subcommands show, export, delete and purge them."""
    ctx.obj = data_dir
    if ctx.invoked_subcommand is not None:
        return
    with open_store(data_dir) as store:
        screenings = store.list(search)
        if not screenings:
            found = f" matching '{search}'" if search else ""
            click.echo(f"No saved screenings{found} in {store.path.parent}.")
            return
        click.echo(_table([summary_row(s) for s in screenings]))


@history.command()
@click.argument("screening_id", type=int, metavar="ID")
@click.pass_obj
def show(data_dir: Path | None, screening_id: int) -> None:
    """Show one screening in full: result, reasons, answers in words, details."""
    with open_store(data_dir) as store:
        click.echo(render(_get(store, screening_id), "markdown"), nl=False)
        store.mark_opened(screening_id)


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
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    default=None,
    help="A file (one screening), a folder, or - for standard output. "
    "Default: screening-ID.<ext> in the current folder.",
)
@click.pass_obj
def export(data_dir: Path | None, screening_ids: tuple[int, ...], fmt: str, output: Path | None):
    """Write reports of screenings (readable by you only)."""
    with open_store(data_dir) as store:
        screenings = [_get(store, i) for i in screening_ids]
        for screening in screenings:
            store.mark_opened(screening.id)
    if output is not None and str(output) == "-":
        for screening in screenings:
            click.echo(render(screening, fmt), nl=False)
        return
    folder = Path.cwd()
    target = None
    if output is not None:
        if output.is_dir():
            folder = output
        elif len(screenings) > 1:
            fail(f"{output}: with several screenings, --output must be an existing folder")
        else:
            target = output
    for screening in screenings:
        path = target or folder / f"screening-{screening.id}{SUFFIXES[fmt]}"
        try:
            write_private(path, render(screening, fmt))
        except OSError as exc:
            fail(f"cannot write {path}: {exc.strerror or exc}")
        click.echo(f"wrote {path}")


@history.command()
@click.argument("screening_id", type=int, metavar="ID")
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@click.pass_obj
def delete(data_dir: Path | None, screening_id: int, yes: bool) -> None:
    """Delete one screening for good."""
    with open_store(data_dir) as store:
        s = _get(store, screening_id)
        label = f" ({s.reference})" if s.reference else ""
        if not yes and not click.confirm(
            f"Delete screening #{s.id}{label} from {when(s.started_at)}? This cannot be undone",
            default=False,
        ):
            click.echo("Nothing deleted.")
            return
        store.delete(screening_id)
        click.echo(f"Deleted screening #{screening_id}.")


@history.command()
@click.option(
    "--before",
    required=True,
    type=click.DateTime(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M"]),
    help="Delete screenings started before this local date (YYYY-MM-DD) or time.",
)
@click.option("--yes", "-y", is_flag=True, help="Do not ask for confirmation.")
@click.pass_obj
def purge(data_dir: Path | None, before: datetime, yes: bool) -> None:
    """Delete every screening started before a date."""
    moment = before.astimezone()  # a naive date is local time
    with open_store(data_dir) as store:
        cutoff = moment.isoformat(timespec="seconds")
        doomed = [s for s in store.list() if datetime.fromisoformat(s.started_at) < moment]
        if not doomed:
            click.echo(f"No screenings started before {cutoff}.")
            return
        if not yes and not click.confirm(
            f"Delete {len(doomed)} screening{'s' * (len(doomed) != 1)} started before "
            f"{moment:%d %b %Y %H:%M}? This cannot be undone",
            default=False,
        ):
            click.echo("Nothing deleted.")
            return
        count = store.purge(moment)
        click.echo(f"Deleted {count} screening{'s' * (count != 1)}.")
