"""`decisionaid serve`: the aid in a web browser, one walk per tab (textual-serve).

Loopback only unless told otherwise; any other address needs the access token, printed once
at start inside the link to open. `--kiosk` is the waiting-room tablet.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

import click

from decisionaid.cli.common import DATA_DIR, DATABASE, KIOSK, PAUSE, InputFile, fail

ALL_ADDRESSES = ("0.0.0.0", "::", "")


@click.command()
@click.argument(
    "tree",
    required=False,
    type=InputFile("give a tree file, or leave it out for the shipped tree"),
    metavar="[TREE]",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but loopback (127.0.0.1, ::1, localhost) asks "
    "browsers for the access token.",
)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@KIOSK
@PAUSE
@DATA_DIR
@DATABASE
@click.option(
    "--token",
    envvar="DECISIONAID_TOKEN",
    default=None,
    help="The access token browsers must bring (default on other addresses than loopback: "
    "a new one, printed once). Also $DECISIONAID_TOKEN.",
)
def serve(
    tree: Path | None,
    host: str,
    port: int,
    kiosk: bool,
    pause: float | None,
    data_dir: Path | None,
    database: str | None,
    token: str | None,
) -> None:
    """Serve the aid to web browsers: each tab walks on its own.

    With --kiosk, the waiting-room tablet: patients answer about themselves, their answers are
    kept for the clinic (shown as new in `decisionaid history`), and each result shows the
    screening number to give at the front desk before a fresh start.
    """
    from decisionaid.cli.main import _open
    from decisionaid.screenings import where
    from decisionaid.screenings.location import DATA_DIR_VAR, DATABASE_VAR
    from decisionaid.screenings.store import Store, StoreError
    from decisionaid.web.access import Access, is_loopback, link, new_token, token_problem
    from decisionaid.web.server import AidServer

    if pause is not None and not kiosk:
        fail("--pause is for the waiting-room tablet: use it with --kiosk")
    if token is not None and (problem := token_problem(token)):
        fail(f"--token {problem}")
    flow = _open(tree)  # a bad tree is reported here, once, not in every browser tab
    try:
        with Store.open(data_dir, database=database, actor="decisionaid serve") as store:
            keeping = where.of_store(store)
    except StoreError as exc:
        if kiosk:
            fail(f"--kiosk keeps every screening, and the store cannot be used: {exc}")
        click.echo(f"Saving is off: {exc}", err=True)
        keeping = None
    # The walks inherit this process's environment: where to keep screenings reaches them
    # there (a password on a command line would show in any process list).
    if database is not None:
        os.environ[DATABASE_VAR] = database
    elif data_dir is not None:
        os.environ[DATA_DIR_VAR] = str(data_dir.resolve())
        os.environ.pop(DATABASE_VAR, None)

    loopback = is_loopback(host)
    if not loopback and token is None:
        token = new_token()
    command = [sys.executable, "-m", "decisionaid", "run"]
    if tree is not None:
        command.append(str(tree.resolve()))
    command.append("--web")
    if kiosk:
        command.append("--kiosk")
        if pause is not None:
            command += ["--pause", str(pause)]
    title = flow.tree.main.title
    server = AidServer(
        shlex.join(command),
        host=host,
        port=port,
        access=Access(token),
        title=title,
        where=where.page_words(keeping, kiosk=kiosk),
    )

    shown = where.this_computer() if host in ALL_ADDRESSES else host
    address = f"http://{f'[{shown}]' if ':' in shown else shown}:{port}/"

    def listening() -> None:
        click.echo(f"Serving {title}{' (kiosk: the waiting-room tablet)' if kiosk else ''}.")
        click.echo(
            f"Screenings are kept in: {keeping.detail if keeping else 'nowhere (saving is off)'}"
        )
        if token is None:
            click.echo(f"Open {address} in a browser on this computer.")
        else:
            click.echo(
                "Open this link (it holds the access token; keep it private): "
                + link(address, token)
            )
        click.echo("Press Ctrl+C to stop.")
        sys.stdout.flush()

    try:
        server.serve(listening=listening)
    except OSError as exc:
        fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
