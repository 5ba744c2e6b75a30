"""The end of the walk: a full-screen emergency, or the result that helps a person decide.

Both draw the layout of the screening (`layout.page`); 'about this aid' opens with A.
"""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen

from decisionaid.layout import Page, page
from decisionaid.screenings.store import Screening
from decisionaid.tui.bindings import either_case
from decisionaid.tui.screens.base import AppScreen, start_at_width
from decisionaid.tui.widgets.footer import FittingFooter
from decisionaid.tui.widgets.page import BREAKPOINTS, PageView


class AboutScreen(ModalScreen[None]):
    """'About this aid': who wrote it, funding, conflicts of interest, the evidence review."""

    BINDINGS = either_case(Binding("escape,a,q", "dismiss", "Close"))
    HORIZONTAL_BREAKPOINTS = BREAKPOINTS

    def __init__(self, laid_out: Page) -> None:
        super().__init__()
        start_at_width(self)
        self.laid_out = laid_out

    def compose(self) -> ComposeResult:
        about = self.laid_out.section("about")
        sections = (replace(about, heading=None),) if about is not None else ()
        yield PageView(
            Page("About this aid", None, sections),
            title_id="about-title",
            notes={"about": "Press Escape to close."},
            id="about-box",
        )

    def on_mount(self) -> None:
        self.query_one(PageView).focus()  # so the arrow keys scroll it on a small screen


class OutcomeScreen(AppScreen[None]):
    """Shared keys and layout of both result screens."""

    HORIZONTAL_BREAKPOINTS = BREAKPOINTS
    BINDINGS = either_case(
        # Letters first, so the footer shows b and r (shorter than esc and f2): with the
        # short words below, all seven keys fit in the footer at 60 columns.
        Binding("b,escape", "app.back", "Back"),
        Binding("r,f2", "app.review", "Answers"),
        Binding("a", "about", "About", tooltip="About this aid"),
        # ctrl+n too: the key that starts again on every question.
        Binding("n,ctrl+n", "app.restart", "New", tooltip="New screening"),
        Binding("s", "app.save_report", "Save report"),
        Binding("f1", "app.help", "Help"),
        Binding("q", "app.quit", "Quit", show=False),
    )

    def __init__(self, screening: Screening) -> None:
        super().__init__()
        self.screening = screening
        self.laid_out = page(screening)

    def on_mount(self) -> None:
        self.query_one(PageView).focus()

    def action_about(self) -> None:
        self.app.push_screen(AboutScreen(self.laid_out))


class EmergencyScreen(OutcomeScreen):
    """Shown the moment an emergency answer is given: what to do now, nothing else first."""

    def compose(self) -> ComposeResult:
        yield PageView(
            self.laid_out,
            title_id="emergency-title",
            omit=("about",),
            notes={
                "why" if self.laid_out.section("why") else "now": "If you ticked this by "
                "mistake, press B or Escape to go back and change your answer."
            },
            id="emergency",
        )
        yield FittingFooter()


class ResultScreen(OutcomeScreen):
    """Who and when, the suggestion and how urgent, why, then what helps decide."""

    def compose(self) -> ComposeResult:
        yield PageView(self.laid_out, omit=("about",), id="result")
        yield FittingFooter()
