"""The aid in a real browser (headless Chromium): a server on every address that turns away
whoever lacks the access token, and with the token the waiting-room tablet walked by keyboard
in two tabs at once, each result kept for the clinic as `assess` gives it.

This starts real processes (`decisionaid serve`, one walk per tab, Chromium), so it is one
test, with one server and one browser: two short vignettes, one of them an emergency.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml
from click.testing import CliRunner

from decisionaid.cli.main import main
from decisionaid.engine import Session
from decisionaid.model import Question
from decisionaid.screenings.store import Store
from tests.conftest import VIGNETTES
from tests.tui.keys import keys_for
from tests.web.browser import Screen, chromium, free_port, served

VIEWPORT = {"width": 1000, "height": 700}  # about 110 × 30 cells
KEYS = {"enter": "Enter"}  # Textual's key names where Playwright's differ
NUMBER = re.compile(r"screening number(?: is|:) (\d+)")


@pytest.fixture(scope="module")
def browser():
    """One Chromium for these tests; each opens its own pages."""
    with chromium() as launched:
        yield launched


def vignette(name: str) -> dict:
    return yaml.safe_load((VIGNETTES / f"{name}.yaml").read_text(encoding="utf-8"))["answers"]


def assessed(name: str) -> dict:
    printed = CliRunner().invoke(main, ["assess", "--answers", str(VIGNETTES / f"{name}.yaml")])
    assert printed.exit_code == 0, printed.output
    return json.loads(printed.stdout)


def walk(page, screen: Screen, flow, answers: dict) -> None:
    """Answer each question by keyboard once it is on the screen, as a person reads then types."""
    session = Session(flow)
    while not session.finished:
        node = session.current
        screen.wait_for(" ".join(node.text.split()[:6]))
        if isinstance(node, Question):
            for key in keys_for(node, answers[node.id]):
                page.keyboard.press(KEYS.get(key, key))
            session.answer(answers[node.id])
        else:
            page.keyboard.press("Enter")
            session.proceed()


def open_tab(browser, address: str) -> tuple[object, Screen]:
    page = browser.new_page(viewport=VIEWPORT)
    screen = Screen(page)
    page.goto(address)
    page.focus(".xterm-helper-textarea")  # where xterm.js takes the keys typed on the page
    return page, screen


@pytest.mark.long(10)
def test_the_token_then_two_tabs_walk_on_their_own_and_the_clinic_gets_each_result(
    browser, tmp_path, migraine
):
    """One kiosk served on every address (0.0.0.0), so the token is required of every request,
    even on loopback, which is where this test connects (no traffic leaves the machine).
    Without the token: refused. With it: two tabs, each a walk of its own."""
    clinic = tmp_path / "clinic"
    port = free_port()
    local = f"http://127.0.0.1:{port}"
    options = ("--host", "0.0.0.0", "--kiosk", "--data-dir", str(clinic), "--pause", "2")
    log = tmp_path / "serve.log"
    with served(*options, port=port, log=log):
        (link,) = [line for line in log.read_text().splitlines() if "?token=" in line]
        token = link.rsplit("?token=", 1)[1].strip()

        first = browser.new_page(viewport=VIEWPORT)
        for path in ("/", "/static/js/textual.js"):
            refused = first.goto(local + path)
            assert refused.status == 403, path
            assert "access link" in first.inner_text("body")
        opened = first.evaluate(
            """address => new Promise(done => {
                const socket = new WebSocket(address);
                socket.onopen = () => done("open");
                socket.onerror = () => done("refused");
            })""",
            f"ws://127.0.0.1:{port}/ws",
        )
        assert opened == "refused"

        first_screen = Screen(first)
        welcomed = first.goto(f"{local}/?token={token}")
        assert welcomed.status == 200 and first.url == f"{local}/"  # the token left the address
        first.focus(".xterm-helper-textarea")  # where xterm.js takes the keys typed on the page
        first_screen.wait_for("kept for the clinic", "1 Start")
        assert "kept for the clinic" in first.inner_text("#where")  # the page says it too
        first.keyboard.press("1")
        first_question = " ".join(migraine.tree.nodes["emergency_signs"].text.split()[:6])
        first_screen.wait_for(first_question)

        second, second_screen = open_tab(browser, f"{local}/?token={token}")
        second_screen.wait_for("kept for the clinic", "1 Start")  # a walk of its own
        second_screen.tap("1 Self")  # the footer's keys can be tapped, as the buttons can
        walk(second, second_screen, migraine, vignette("giant_cell_arteritis"))
        urgent = int(NUMBER.search(second_screen.wait_for("give this number")).group(1))
        assert first_question in first_screen.text  # the first tab has not moved

        walk(first, first_screen, migraine, vignette("thunderclap"))
        emergency = int(NUMBER.search(first_screen.wait_for("Tell the front desk now")).group(1))
        assert emergency != urgent

        # After the pause the next patient finds a fresh start, not the last one's result.
        shown = second_screen.wait_for("1 Start")
        assert "screening number" not in shown and "kept for the clinic" in shown
        # The patients close their tabs (Ctrl+C with tabs still open: tests/cli/test_serve.py).
        first.close()
        second.close()

    with Store.open(clinic) as store:
        for number, name in ((emergency, "thunderclap"), (urgent, "giant_cell_arteritis")):
            saved = store.get(number)
            assert saved.finished and saved.new and saved.mode == "self", name
            assert saved.result == assessed(name), name
