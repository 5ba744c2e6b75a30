"""`decisionaid serve` and `run --kiosk` at the command line: what they refuse, by name, and
the "new" marker kiosk screenings carry in `history` until someone opens them, and Ctrl+C
with tabs open."""

from __future__ import annotations

import asyncio
import http.cookiejar
import re
import signal
import socket
import time
import urllib.request
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner

from decisionaid.cli.main import main
from decisionaid.engine import Session
from decisionaid.screenings.recording import Recorder
from decisionaid.screenings.store import Store
from tests.trees.test_migraine import BASE
from tests.web.browser import free_port, served

# aiohttp is imported by the one test that talks to the server as a page does: imported here
# it was a sixth of a second of every worker's collection (tests/web/test_access.py too).
if TYPE_CHECKING:
    import aiohttp


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def test_kiosk_refuses_what_would_undo_it(tmp_path):
    answers = tmp_path / "a.yaml"
    answers.write_text("age: 30\n", encoding="utf-8")
    for extra, named in (
        (["--answers", str(answers)], "--answers"),
        (["--mode", "intake"], "--mode intake"),
        (["--no-save"], "--no-save"),
        (["--plain"], "--plain"),
        (["--reference", "P-1"], "--reference"),
    ):
        result = invoke("run", "--kiosk", *extra)
        assert result.exit_code == 2, extra
        assert f"--kiosk cannot be combined with {named}" in result.output


def test_kiosk_needs_a_screen():
    result = invoke("run", "--kiosk")  # CliRunner is no terminal
    assert result.exit_code == 2 and "needs a screen" in result.output


def test_serve_refuses_a_kiosk_that_cannot_keep_answers(tmp_path):
    (tmp_path / "screenings.sqlite3").write_bytes(b"not a database, " * 100)
    result = invoke("serve", "--kiosk", "--data-dir", str(tmp_path))
    assert result.exit_code == 2 and "--kiosk keeps every screening" in result.output


def test_serve_says_when_the_port_is_taken(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = invoke("serve", "--port", port, "--data-dir", str(tmp_path))
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.output
    assert "Traceback" not in result.output
    assert "Open " not in result.output and "Serving" not in result.output  # nothing to open


def test_serve_refuses_a_token_a_link_or_cookie_would_change(tmp_path):
    for token, said in (
        (" ", "--token is empty"),
        ("a b", "--token cannot hold a space"),
        ("clé", "--token cannot hold 'é'"),
        ("a;b", "--token cannot hold ';'"),
        ("a\x1b[2Jb", "--token cannot hold '\\x1b'"),
    ):
        # On a port in use: a token let through by mistake fails there rather than serving.
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            port = str(taken.getsockname()[1])
            result = invoke("serve", "--token", token, "--port", port, "--data-dir", str(tmp_path))
        assert result.exit_code == 2 and said in result.output, token
        assert "\x1b" not in result.output


def test_the_printed_link_opens_the_aid_as_printed(tmp_path):
    """A token with characters that mean something in an address: the link printed is
    encoded, and opening exactly that link gets the page (the token becomes a cookie)."""
    port, log = free_port(), tmp_path / "serve.log"
    with served("--token", "x&y=1#z%", "--data-dir", str(tmp_path), port=port, log=log):
        for _ in range(50):  # printed just after the port is bound
            if found := re.search(r"keep it private\): (\S+)", log.read_text()):
                break
            time.sleep(0.1)
        assert found, log.read_text()
        assert found[1] == f"http://127.0.0.1:{port}/?token=x%26y%3D1%23z%25"
        browser = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        with browser.open(found[1], timeout=10) as page:
            assert page.status == 200 and page.url == f"http://127.0.0.1:{port}/"


async def _open_walk(session: aiohttp.ClientSession, port: int, drawn_before: bytes = b""):
    """A tab's connection, as the page opens it, once its walk has drawn `drawn_before`
    (at once when that is empty: the tab has just opened)."""
    import aiohttp

    tab = await session.ws_connect(f"http://127.0.0.1:{port}/ws?width=80&height=24")
    drawn = b""
    while drawn_before and drawn_before not in drawn:
        message = await asyncio.wait_for(tab.receive(), 30)
        assert message.type == aiohttp.WSMsgType.BINARY, message
        drawn += message.data
    return tab


@pytest.mark.long(3)
async def test_ctrl_c_ends_open_walks_at_once_and_closes_their_tabs_cleanly(tmp_path):
    """Stopping the server with two tabs open, one showing its welcome screen and one that
    has only just opened (its walk still starting): each walk is told to quit, each tab's
    connection is closed as a normal close (1000, not 1006 for one cut off), and the server
    is gone well before the time it gives walks that do not end (SHUTDOWN_SECONDS)."""
    import aiohttp

    from decisionaid.web.server import SHUTDOWN_SECONDS

    port, log = free_port(), tmp_path / "serve.log"
    with served("--data-dir", str(tmp_path), port=port, log=log) as server:
        async with aiohttp.ClientSession() as session:
            tabs = [
                await _open_walk(session, port, drawn_before=b"Self-assessment"),
                await _open_walk(session, port),
            ]
            stopped = time.monotonic()
            server.send_signal(signal.SIGINT)  # Ctrl+C
            for tab in tabs:
                while not tab.closed:
                    await asyncio.wait_for(tab.receive(), 30)
            status = await asyncio.to_thread(server.wait, 30)
            took = time.monotonic() - stopped
    seen = (status, [tab.close_code for tab in tabs], took < SHUTDOWN_SECONDS)
    assert seen == (0, [1000, 1000], True), f"{seen}, {took:.1f} s:\n{log.read_text()}"
    assert "Traceback" not in log.read_text()


def test_kiosk_screenings_are_new_in_history_until_opened(migraine, tmp_path):
    with Store.open(tmp_path) as store:
        for new in (True, False):
            session = Session(migraine)
            Recorder(store, session, mode="self", new=new)
            session.fill(BASE)
        kiosk_id, own_id = (s.id for s in sorted(store.list(), key=lambda s: s.id))
    listed = invoke("history", "--data-dir", str(tmp_path)).output.splitlines()
    row = {int(line.split()[0]): line for line in listed[1:]}
    assert "new, finished" in row[kiosk_id] and "new" not in row[own_id]
    assert invoke("history", "--data-dir", str(tmp_path), "show", str(kiosk_id)).exit_code == 0
    assert "new" not in invoke("history", "--data-dir", str(tmp_path)).output
