"""The key footer, rebuilt only when the keys it shows change."""

from __future__ import annotations

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


class SteadyFooter(Footer):
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
