"""What the aid does and does not do, the two modes, and start."""

from __future__ import annotations

from pathlib import Path

import yaml
from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

SAFETY = """\
It does [b]not[/b] give a diagnosis and does not replace a doctor.

[b]If you are worried right now, call your local emergency number.[/b]

Nothing leaves this computer."""

DEFAULT_TITLE = "Decision aid"


def peek_title(path: Path | None) -> tuple[str, str | None]:
    """The tree's title and description, read cheaply before the tree is fully loaded.

    Any problem is left for the real loader to report; here we just fall back to defaults.
    """
    if path is None:
        return DEFAULT_TITLE, None
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
        title, description = data.get("title"), data.get("description")
    except Exception:
        return DEFAULT_TITLE, None
    title = title if isinstance(title, str) else DEFAULT_TITLE
    return title, description if isinstance(description, str) else None


class WelcomeScreen(Screen):
    BINDINGS = [
        Binding("s,1", "start('self')", "Self-assessment"),
        Binding("i,2", "start('intake')", "Therapist intake"),
        Binding("f1", "app.help", "Help"),
        Binding("ctrl+q", "app.quit", "Quit"),
    ]

    def __init__(self, title: str, description: str | None, mode: str) -> None:
        super().__init__()
        self.tree_title = title
        self.description = description
        self.mode = mode

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="welcome"):
            yield Static(escape(self.tree_title), id="welcome-title")
            if self.description:
                yield Static(escape(" ".join(self.description.split())), id="about")
            yield Static(SAFETY, id="safety")
            yield Static(
                "Who is answering? [b]1[/b] Self-assessment: about yourself, in plain words. "
                "[b]2[/b] Therapist intake: screening a patient, with clinical terms too.",
                id="mode-question",
            )
            with Horizontal(id="modes"):
                yield Button("1  Self-assessment", id="self", variant="primary")
                yield Button("2  Therapist intake", id="intake")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(f"#{self.mode}", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        assert event.button.id is not None
        self.action_start(event.button.id)

    def action_start(self, mode: str) -> None:
        self.app.start(mode)
