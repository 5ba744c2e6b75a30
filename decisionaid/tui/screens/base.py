"""The base of the app's own screens: `self.app` typed as the DecisionAidApp that shows them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen, ScreenResultType

if TYPE_CHECKING:
    from textual import getters

    from decisionaid.tui.app import DecisionAidApp


class AppScreen(Screen[ScreenResultType]):
    """A screen only ever shown by DecisionAidApp, so that its `app` is one to the type checker.

    Declared for the checker only, as Textual declares its own `app`: at run time `app` stays
    Textual's (looked up on every refresh, so nothing is added to it), and the app module,
    which imports the welcome screen, is not imported back from here.
    """

    if TYPE_CHECKING:
        app = getters.app(DecisionAidApp)
