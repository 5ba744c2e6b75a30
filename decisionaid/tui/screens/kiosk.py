"""The waiting-room tablet (serve --kiosk) makes sure the next patient never sees the last one's
answers: after a result, the screening number to give at the front desk above the usual
result, then a visible countdown to a fresh start; part-way through a walk left alone, a
"still there?" countdown to the same."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Digits, Static

from decisionaid.tui.screens.outcome import EmergencyScreen, OutcomeScreen, ResultScreen

# Seconds the result stays up after the last key press or scroll: long enough to read the
# top of it, short enough that the next patient does not find it.
PAUSE = 90


# What KioskEnding is mixed into. Only the type checker is told: Textual takes a screen's
# names for the stylesheet from its first base that is a widget, so a KioskEmergencyScreen
# keeps the EmergencyScreen styles only while KioskEnding is not one.
if TYPE_CHECKING:
    _ResultScreen = OutcomeScreen
else:
    _ResultScreen = object


class KioskEnding(_ResultScreen):
    """Adds the number and the countdown to a result screen; the screen itself is unchanged."""

    def __init__(self, *args: Any, number: int | None, pause: float = PAUSE, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.number = number
        self.pause = pause
        self.remaining = pause

    def compose(self) -> ComposeResult:
        with Vertical(id="kiosk-ending"):
            with Horizontal(id="kiosk-number"):
                yield Static(self.number_words, id="kiosk-number-words")
                if self.number is not None:
                    yield Digits(str(self.number), id="kiosk-digits")
            yield Static(self.countdown_words, id="kiosk-countdown")
        yield from super().compose()

    @property
    def number_words(self) -> str:
        if self.number is None:
            return "[b]Your answers could not be kept.[/b] Please tell the front desk."
        return (
            f"[b]Your screening number is {self.number}.[/b]\n"
            "Please give this number at the front desk."
        )

    @property
    def countdown_words(self) -> str:
        seconds = max(0, round(self.remaining))
        return (
            f"A new screening starts in [b]{seconds} s[/b], to clear your answers from this "
            "screen. [b]N[/b]: start now. Any other key: more time."
        )

    def on_mount(self) -> None:
        super().on_mount()
        self.watch(self.query_one(VerticalScroll), "scroll_y", self.more_time, init=False)
        self.set_interval(1, self._tick)

    def more_time(self) -> None:
        self.remaining = self.pause
        self.query_one("#kiosk-countdown", Static).update(self.countdown_words)

    def on_key(self, event: events.Key) -> None:
        if event.key not in ("n", "N"):  # (N starts again: see OutcomeScreen)
            self.more_time()

    def _tick(self) -> None:
        self.remaining -= 1
        if self.remaining <= 0:
            self.app.new_walk()
            return
        self.query_one("#kiosk-countdown", Static).update(self.countdown_words)


class KioskResultScreen(KioskEnding, ResultScreen):
    pass


class KioskEmergencyScreen(KioskEnding, EmergencyScreen):
    @property
    def number_words(self) -> str:
        if self.number is None:
            return "[b]Tell the front desk now.[/b]"
        return (
            f"[b]Tell the front desk now,[/b] and give them your screening number: {self.number}."
        )


# Seconds without a key press or click, part-way through a walk, before the tablet asks
# whether anyone is still there, and how long it then waits before clearing the screen.
IDLE = 180
STILL_THERE = 30


class StillThereScreen(ModalScreen[bool]):
    """Nobody has touched the tablet for a while mid-walk: the next person must not find these
    answers. Any key or click goes on (True); otherwise the screen clears (False)."""

    def __init__(self, seconds: float = STILL_THERE) -> None:
        super().__init__()
        self.remaining = seconds

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="still-there"):
            yield Static("[b]Are you still there?[/b] Press any key to go on.")
            yield Static(self.words, id="still-there-countdown")

    @property
    def words(self) -> str:
        return (
            f"Otherwise this screen clears in [b]{max(0, round(self.remaining))} s[/b], for the "
            "next person. The answers given so far are kept for the clinic, unfinished."
        )

    def on_mount(self) -> None:
        self.set_interval(1, self._tick)

    def on_key(self, event: events.Key) -> None:
        event.stop()  # this key only wakes the tablet; it answers nothing
        self.dismiss(True)

    def on_mouse_down(self) -> None:
        self.dismiss(True)

    def _tick(self) -> None:
        self.remaining -= 1
        if self.remaining <= 0:
            self.dismiss(False)
        else:
            self.query_one("#still-there-countdown", Static).update(self.words)
