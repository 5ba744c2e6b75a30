"""`decisionaid serve` and `run --kiosk` at the command line: what they refuse, by name, and
the "new" marker kiosk screenings carry in `history` until someone opens them."""

from __future__ import annotations

import socket

from click.testing import CliRunner

from decisionaid.cli.main import main
from decisionaid.engine import Session
from decisionaid.screenings.recording import Recorder
from decisionaid.screenings.store import Store
from tests.trees.test_migraine import BASE


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


def test_serve_refuses_an_empty_token(tmp_path):
    result = invoke("serve", "--token", " ", "--data-dir", str(tmp_path))
    assert result.exit_code == 2 and "--token is empty" in result.output


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
