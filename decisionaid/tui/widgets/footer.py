"""The key footer: compact on a narrow terminal, so every key fits; rebuilt only when the
keys it shows change, and each key styled once."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # not exported; Textual is pinned (pyproject)

# Below this many columns the footer drops the spaces around each key: at 60 columns the
# result screen's six keys are cut off otherwise (Save report and Help were lost).
COMPACT_BELOW = 80


def shown_keys(screen: Screen) -> tuple[tuple[object, ...], ...]:
    """The keys a footer on `screen` shows, with everything it draws for each."""
    app = screen.app
    return tuple(
        (binding.key, app.get_key_display(binding), binding.description, enabled, tooltip)
        for _, binding, enabled, tooltip in screen.active_bindings.values()
        if binding.show
    )


class FittingFooter(Footer):
    """Textual's footer, compact below COMPACT_BELOW columns, and cheaper to keep.

    Textual's footer rebuilds every key whenever the screen's bindings are announced again,
    which happens whenever the focus moves or a screen comes back, though the keys shown
    rarely change: here it rebuilds only when they do. And each new key was styled three
    times (compact by default, then its footer's value, then back): here it starts with its
    footer's value. Between them they were a fifth of the time a screen took to appear.
    """

    _composed: tuple[tuple[object, ...], ...] | None = None

    def __init__(self) -> None:
        super().__init__(compact=self.app.size.width < COMPACT_BELOW)

    def on_resize(self, event: events.Resize) -> None:
        self.compact = self.app.size.width < COMPACT_BELOW

    def compose(self) -> ComposeResult:
        # With its screen's keys from the start: Textual's footer shows none until the
        # screen first announces them, then builds them all again.
        self.set_reactive(Footer._bindings_ready, True)
        self._composed = shown_keys(self.screen)
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                # Set before it is mounted, so that neither its own default nor the
                # footer's value (bound to it) restyles it after.
                widget.set_reactive(FooterKey.compact, self.compact)
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen) -> None:
        keys = shown_keys(screen)
        if keys == self._composed:
            return
        super().bindings_changed(screen)
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._composed = keys  # a rebuild is on its way: the same keys again need no other
