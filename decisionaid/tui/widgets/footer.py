"""The key footer: compact on a narrow terminal, so every key fits; and on the screens that
change the focus often, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer


def shown_keys(screen: Screen) -> tuple[tuple[object, ...], ...]:
    """The keys a footer on `screen` shows, with everything it draws for each."""
    app = screen.app
    return tuple(
        (binding.key, app.get_key_display(binding), binding.description, enabled, tooltip)
        for _, binding, enabled, tooltip in screen.active_bindings.values()
        if binding.show
    )


# Below this many columns the footer drops the spaces around each key: at 60 columns the
# result screen's six keys are cut off otherwise (Save report and Help were lost).
COMPACT_BELOW = 80


class FittingFooter(Footer):
    """Textual's footer, compact below COMPACT_BELOW columns."""

    def __init__(self) -> None:
        super().__init__(compact=self.app.size.width < COMPACT_BELOW)

    def on_resize(self, event: events.Resize) -> None:
        self.compact = self.app.size.width < COMPACT_BELOW


class SteadyFooter(FittingFooter):
    """Textual's footer rebuilds every key whenever the focus moves. On the question screen
    the focus moves from one kind of answer widget to another, whose own keys are not shown,
    so the rebuild (a third of the time a question took to appear) changed nothing."""

    _composed: tuple[tuple[object, ...], ...] | None = None

    def compose(self) -> ComposeResult:
        self._composed = shown_keys(self.screen) if self._bindings_ready else None
        yield from super().compose()

    def bindings_changed(self, screen: Screen) -> None:
        if self._composed is not None and shown_keys(screen) == self._composed:
            return
        super().bindings_changed(screen)
