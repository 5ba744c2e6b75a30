"""A window too small for the screens: a short notice in their place, and everything back as
it was once the window is large enough again.

Below a few columns Textual cannot lay our screens out at all: it takes a button's line padding
(or an option list's) from its width with no floor, and at exactly nothing left Rich's
`chop_cells` is asked to cut text into pieces 0 cells wide, and raises. The welcome screen's
buttons, two to a row, reach that at 8 to 12 columns, the answer lists at 6 and fewer. Textual
also lays out the screen under the one showing on every resize, so the welcome screen under a
result or a question crashes them too. The crash report then took half a minute to draw at
that width (a traceback with every local, wrapped to 12 columns, once per failed layout).

So below `MINIMUM` no screen is laid out: a class on the app hides every screen's widgets
(`display: none` takes them out of the layout; see app.tcss), and each screen shows a notice
instead. The screens, the walk and its answers are not touched. Hidden widgets lose focus, so
the focus each screen had is remembered and given back. Keys and pastes are dropped while the
notice shows (only Ctrl+Q still quits), so nothing is answered that the person cannot see.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events
from textual.geometry import Size
from textual.widgets import Static

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen
    from textual.widget import Widget

# The smallest window every screen is drawn in whole: 60 columns for the confirmation box (60
# wide) and the question screen's keys; 16 rows for the tallest question of the shipped tree
# (the days of triptans, self-assessment) to show its whole text and its number field.
MINIMUM = Size(60, 16)
CLASS = "-too-small"


class TooSmallNotice(Static):
    """What a screen shows while the window is too small for it: the safety line always, and
    an emergency result's headline above it, so the window's size never hides what to do."""

    def __init__(self, screen: Screen[Any]) -> None:
        lines = []
        laid_out = getattr(screen, "laid_out", None)
        if laid_out is not None and getattr(laid_out, "urgency", None) == "emergency":
            lines.append(laid_out.title)
        lines.append("If you are worried right now, call your local emergency number.")
        lines.append(f"Make this window larger (at least {MINIMUM.width}×{MINIMUM.height}).")
        super().__init__("\n\n".join(lines), markup=False)


class SizeGuard:
    """Shows the notice in place of the screens while `app` is smaller than `MINIMUM`."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.too_small = False
        # The widget each screen had focused when the window became too small.
        self._focused: dict[Screen[Any], Widget | None] = {}

    def check(self, size: Size) -> None:
        """Follow the window's size; called before the screens are laid out at `size`."""
        too_small = size.width < MINIMUM.width or size.height < MINIMUM.height
        if too_small == self.too_small:
            return
        self.too_small = too_small
        stack = list(self.app.screen_stack)
        if too_small:
            self._focused = {screen: screen.focused for screen in stack}
            for screen in stack:
                self.add_notice(screen)
        self.app.set_class(too_small, CLASS)
        # Every screen, not only the one showing: Textual lays out the one beneath it too.
        for screen in stack:
            screen.update_node_styles(animate=False)
        if not too_small:
            focused, self._focused = self._focused, {}
            self.app.call_after_refresh(self._give_focus_back, focused)

    def add_notice(self, screen: Screen[Any]) -> None:
        """Give `screen` its notice (once), while the window is too small."""
        if self.too_small and not screen.query_children(TooSmallNotice):
            screen.mount(TooSmallNotice(screen))

    def _give_focus_back(self, focused: dict[Screen[Any], Widget | None]) -> None:
        for screen in self.app.screen_stack:
            widget = focused.get(screen)
            if widget is not None and widget.is_attached and widget.screen is screen:
                screen.set_focus(widget, scroll_visible=False)
            elif screen.focused is None and screen is self.app.screen:
                screen.focus_next()  # a screen first shown while the window was too small

    def drops(self, event: events.Event) -> bool:
        """Whether `event` is typing that must not reach the hidden screens."""
        if not self.too_small:
            return False
        if isinstance(event, events.Key):
            return event.key != "ctrl+q"
        return isinstance(event, events.Paste)
