"""The base of the app's own screens: `self.app` typed as the DecisionAidApp that shows them,
and each screen's width class given before its first layout."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen, ScreenResultType
from textual.types import NoActiveAppError

if TYPE_CHECKING:
    from textual import getters

    from decisionaid.tui.app import DecisionAidApp


def start_at_width(screen: Screen) -> None:
    """Give a new screen the width class (HORIZONTAL_BREAKPOINTS) its first resize would give.

    Textual gives it on the screen's first resize, after the first layout: every widget of
    the screen was then styled and laid out a second time before the person saw it (on the
    result screen, a third of the time it took to appear).
    """
    breakpoints = screen.HORIZONTAL_BREAKPOINTS
    if not breakpoints:
        return
    try:
        width = screen.app.size.width
    except NoActiveAppError:  # made outside a running app: the first resize gives it
        return
    fitting = [(least, name) for least, name in breakpoints if width >= least]
    if fitting:
        screen.add_class(max(fitting)[1], update=False)


class AppScreen(Screen[ScreenResultType]):
    """A screen only ever shown by DecisionAidApp, so that its `app` is one to the type checker.

    Declared for the checker only, as Textual declares its own `app`: at run time `app` stays
    Textual's (looked up on every refresh, so nothing is added to it), and the app module,
    which imports the welcome screen, is not imported back from here.
    """

    if TYPE_CHECKING:
        app = getters.app(DecisionAidApp)

    def __init__(self) -> None:
        super().__init__()
        start_at_width(self)
