"""The key footer: one line naming the keys that work on the screen, drawn by one widget.

It shows what Textual's footer shows, drawn the same way (each key, then what it does; a key
that does nothing here dimmed; compact below COMPACT_BELOW columns, so every key fits at 60),
and a key can be clicked or tapped as Textual's can. Textual's footer is a scrolling container
with a widget per key: on the welcome screen it cost more of the first paint than anything
else on it (each key styled, measured and laid out on its own), and it was built again
whenever the keys were announced. Here the keys are one line of text, drawn again only when
the keys shown change.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

# Below this many columns the footer drops the spaces around each key: at 60 columns the
# result screen's six keys are cut off otherwise (Save report and Help were lost).
COMPACT_BELOW = 80


class Key(NamedTuple):
    """A key as the footer shows it."""

    action: str
    key: str  # as Textual names it (what a click presses)
    display: str  # as shown
    description: str
    enabled: bool
    tooltip: str


class Placed(NamedTuple):
    """Where a key is drawn: columns start (inclusive) to end (exclusive) of the footer."""

    start: int
    end: int
    key: Key


def shown_keys(screen: Screen) -> tuple[Key, ...]:
    """The keys a footer on `screen` shows: as Textual's footer does, the first key bound
    to each action that is shown, in the order they are bound."""
    app = screen.app
    seen: set[str] = set()
    keys: list[Key] = []
    for _, binding, enabled, tooltip in screen.active_bindings.values():
        if binding.show and binding.action not in seen:
            seen.add(binding.action)
            keys.append(
                Key(
                    binding.action,
                    binding.key,
                    app.get_key_display(binding),
                    binding.description,
                    enabled,
                    tooltip,
                )
            )
    return tuple(keys)


class FittingFooter(Widget, can_focus=False):
    """The keys of the screen it is on, on one line at the bottom."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "fitting-footer--item",
        "fitting-footer--key",
        "fitting-footer--description",
        "fitting-footer--hover",
    }
    # The colours and spacing of Textual's footer (its Footer and FooterKey).
    DEFAULT_CSS = """
    FittingFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: clip;
        .fitting-footer--item {
            background: $footer-item-background;
        }
        .fitting-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .fitting-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .fitting-footer--hover {
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        &:hover {
            pointer: pointer;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._keys: tuple[Key, ...] | None = None  # as last placed (None: not yet)
        self._compact = False
        self._placed: list[Placed] = []
        self._pointer: int | None = None  # the column the mouse is over, while it is

    @property
    def compact(self) -> bool:
        return self.app.size.width < COMPACT_BELOW

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        # Announced whenever the focus moves, so at most answers: drawn again only when
        # the keys shown change.
        if screen is self.screen:
            keys = shown_keys(screen)
            if keys != self._keys:
                self._rearrange(keys)

    def on_resize(self, event: events.Resize) -> None:
        if self.compact != self._compact:
            self._rearrange(self._keys)

    def _rearrange(self, keys: tuple[Key, ...] | None) -> None:
        """Place the keys afresh; the key under the mouse, if any, may now be another."""
        self._place(shown_keys(self.screen) if keys is None else keys)
        self._name_hovered()
        self.refresh()

    def placed(self) -> list[Placed]:
        """The keys as last drawn, with where each is."""
        return list(self._placed)

    def _parts(self, key: Key) -> tuple[str, str]:
        """What is drawn for `key`: the key, then its words, spaced as Textual's footer does."""
        if not key.description:
            return key.display, ""
        if self._compact:
            return key.display, f" {key.description}"
        return f" {key.display} ", f"{key.description} "

    def _place(self, keys: tuple[Key, ...]) -> None:
        """Place `keys`, in terminal cells: in compact, one cell apart."""
        self._keys, self._compact, self._placed = keys, self.compact, []
        column = 0
        for key in keys:
            if self._compact and self._placed:
                column += 1
            width = sum(cell_len(part) for part in self._parts(key))
            self._placed.append(Placed(column, column + width, key))
            column += width

    def _key_at(self, column: int | None) -> Key | None:
        if column is None:
            return None
        return next((p.key for p in self._placed if p.start <= column < p.end), None)

    def _name_hovered(self) -> None:
        """The tooltip of the key under the mouse (none if it is over no key, or has none)."""
        key = self._key_at(self._pointer)
        tooltip = key.tooltip if key is not None and key.tooltip else None
        if tooltip != self.tooltip:
            self.tooltip = tooltip

    def render(self) -> Text:
        if self._keys is None:  # the first paint, before any announcement
            self._place(shown_keys(self.screen))
        hovered = self._key_at(self._pointer)
        item = self.get_component_rich_style("fitting-footer--item", partial=True)
        key_style = self.get_component_rich_style("fitting-footer--key", partial=True)
        words_style = self.get_component_rich_style("fitting-footer--description", partial=True)
        # Whole, not partial: the hover colour is see-through, blended with the footer's.
        hover = self.get_component_rich_style("fitting-footer--hover")
        line = Text(no_wrap=True, overflow="crop", end="")
        for placed in self._placed:
            if self._compact and line:
                line.append(" ")  # (Textual's margin after each key)
            key = placed.key
            base = item + hover if key == hovered else item
            if not key.enabled:
                base += Style(dim=True)
            shown, words = self._parts(key)
            line.append(shown, base + key_style)
            if words:
                line.append(words, base + words_style)
        line.stylize_before(self.rich_style)
        return line

    def on_mouse_move(self, event: events.MouseMove) -> None:
        before, self._pointer = self._key_at(self._pointer), event.x
        if self._key_at(event.x) != before:
            self._name_hovered()
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        self._pointer = None
        self._name_hovered()
        self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self._key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()
