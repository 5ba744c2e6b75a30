"""The aid in a browser: textual-serve's server, with our page, our access rule and quiet logs.

Each browser tab gets its own process running `decisionaid run --web …` (textual-serve starts
one per websocket and stops it when the tab goes), so tabs never share a walk and this server
never holds a patient's answers: it only passes keys in and screen updates out. Where answers
are kept reaches those processes through their environment, never their command line, so a
database password is not shown to anyone listing processes.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from decisionaid.web.access import Access

TEMPLATES = Path(__file__).resolve().parent / "templates"
# Seconds given to open walks to end when the server stops (each is told to quit first, and
# ends in a moment: every answer is saved as it is given).
SHUTDOWN_SECONDS = 5


class AidServer(Server):
    """Serves `command` to every browser tab that opens the page."""

    def __init__(
        self, command: str, *, host: str, port: int, access: Access, title: str, where: str
    ):
        super().__init__(command, host=host, port=port, title=title, templates_path=TEMPLATES)
        self.access = access
        self.where = where
        self.walks: set[AppService] = set()  # one per open tab
        self.stopping = False

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.insert(0, self.access.middleware)
        return app

    async def on_startup(self, app: web.Application) -> None:
        """textual-serve prints a banner and the command here; `decisionaid serve` prints
        what a person needs instead."""

    async def _process_messages(
        self, websocket: web.WebSocketResponse, app_service: AppService
    ) -> None:
        """A tab's keys to its walk, for as long as the tab is open (its walk is known to
        `on_shutdown` meanwhile). A tab opened as the server began to stop gets here after
        `on_shutdown` has told the walks then open to quit: its walk is ended at once too
        (textual-serve tells it to quit when this returns), rather than left for the server
        to cut off after SHUTDOWN_SECONDS."""
        if self.stopping:
            return
        self.walks.add(app_service)
        try:
            await super()._process_messages(websocket, app_service)
        finally:
            self.walks.discard(app_service)

    async def on_shutdown(self, app: web.Application) -> None:
        """The server is stopping: tell every open walk to quit now. Each then closes its
        tab's connection, so the server stops at once rather than waiting SHUTDOWN_SECONDS
        for tabs that nobody will close and then cutting them off."""
        self.stopping = True
        await asyncio.gather(*(walk.stop() for walk in list(self.walks)), return_exceptions=True)

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        font_size = request.query.get("fontsize", "16")
        return {
            "title": self.title,
            "where": self.where,
            "font_size": int(font_size) if font_size.isdigit() else 16,
        }

    def serve(self, debug: bool = False, listening: Callable[[], None] | None = None) -> None:
        """Run until Ctrl+C or SIGTERM, calling `listening` once the address is bound (so
        that nobody is told to open an address that is not served). Raises OSError when the
        address cannot be used."""
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, self.request_exit)
        web.run_app(  # closes the loop when done
            self._make_app(),
            host=self.host,
            port=self.port,
            handle_signals=False,
            loop=loop,
            print=(lambda _banner: listening()) if listening else None,
            access_log=None,  # a request line would show the access token
            shutdown_timeout=SHUTDOWN_SECONDS,
        )
