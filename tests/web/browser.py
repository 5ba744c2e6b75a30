"""A real browser on the served aid: headless Chromium driven by Playwright, and a served
`decisionaid serve` in its own process.

The screen is read from the bytes the page's websocket receives, replayed in a terminal
emulator (pyte): they are exactly what xterm.js draws in the page (with its canvas renderer,
xterm.js keeps no text in the page's DOM to read back).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Closed network, running as root: no sandbox, GPU, QUIC or calls home. No GPU is drawn
# with in software either (xterm.js draws on a 2D canvas), and the tabs of the one site share
# a page process: the walk in two tabs took 8.5 s of CPU in all, not 11 s.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-gpu-compositing",
    "--disable-software-rasterizer",
    "--process-per-site",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WAIT_SECONDS = 30  # for a screen to show; the machine may be busy


def browser_or_skip():
    """Playwright's sync API, or a skip saying why (a failure on CI, which must have it)."""
    problem = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        problem = "playwright is not installed (pip install -e '.[test]')"
    if problem is None and not Path(CHROMIUM).exists():
        problem = (
            "chromium is not installed (make test installs it as root: apt-get install chromium)"
        )
    if problem is not None:
        if os.environ.get("CI"):
            pytest.fail(f"the browser tests must run on CI: {problem}")
        pytest.skip(problem)
    return sync_playwright


@contextlib.contextmanager
def chromium():
    """Debian's Chromium (Playwright's own browser download cannot run here), with a fresh
    profile in a temporary folder that Playwright makes for each launch and removes after."""
    sync_playwright = browser_or_skip()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


class Screen:
    """What one tab shows: its websocket's bytes through a terminal emulator."""

    def __init__(self, page) -> None:
        import pyte

        self.page = page
        self.screen = pyte.Screen(80, 24)
        self.stream = pyte.ByteStream(self.screen)
        page.on("websocket", self._attach)

    def _attach(self, websocket) -> None:
        query = parse_qs(urlsplit(websocket.url).query)
        self.screen.resize(int(query["height"][0]), int(query["width"][0]))
        websocket.on("framereceived", self._received)
        websocket.on("framesent", self._sent)

    def _received(self, payload) -> None:
        if isinstance(payload, bytes):
            self.stream.feed(payload)

    def _sent(self, payload) -> None:
        if isinstance(payload, str) and payload.startswith('["resize"'):
            size = json.loads(payload)[1]
            self.screen.resize(size["height"], size["width"])

    @property
    def text(self) -> str:
        """The screen, its whitespace run together (text wraps differently at each size)."""
        return " ".join(" ".join(self.screen.display).split())

    def tap(self, words: str) -> None:
        """Tap the middle of `words` where the screen's bottom row (the footer) shows them,
        as a finger on the tablet would: the page's terminal is split evenly into cells."""
        bottom = self.screen.display[-1]
        column = bottom.find(words)
        assert column >= 0, f"{words!r} is not in the footer: {bottom!r}"
        box = self.page.locator(".xterm-screen").bounding_box()
        width, height = box["width"] / self.screen.columns, box["height"] / self.screen.lines
        x = box["x"] + (column + len(words) / 2) * width
        y = box["y"] + (self.screen.lines - 0.5) * height
        self.page.mouse.click(x, y)

    def wait_for(self, *words: str) -> str:
        """Wait until the screen shows every one of `words`; return the screen."""
        wanted = [" ".join(w.split()) for w in words]
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            if all(w in self.text for w in wanted):
                return self.text
            self.page.wait_for_timeout(50)  # lets Playwright deliver the frames
        raise AssertionError(f"the screen never showed {wanted}; it shows:\n{self.text}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def served(*options: str, port: int, log: Path) -> Iterator[subprocess.Popen]:
    """`decisionaid serve` with `options`, up and listening, stopped (walks and all) after.
    What it prints goes to `log` (a pipe nobody reads could fill and stall it)."""
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "decisionaid", "serve", "--port", str(port), *options],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"serve did not start:\n{log.read_text()}")
            time.sleep(0.1)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
