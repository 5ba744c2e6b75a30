"""The key footer (tui/widgets/footer.py): a key clicked or tapped does what pressing it does,
a key that does nothing here is dimmed and only rings the bell, hovering lights a key in
Textual's footer's colours and names what it is for, and the keys (and which one is under the
mouse) follow the screen's bindings as they change. How it looks is in the
snapshots (tests/tui/test_snapshots.py), and that every footer fits at 60 columns in
tests/tui/test_keys.py."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from decisionaid.tui.app import make_app
from decisionaid.tui.screens.modals import HelpScreen
from decisionaid.tui.widgets.footer import FittingFooter


class Keys(Screen):
    BINDINGS = [
        Binding("a", "count", "Add", tooltip="Add one"),
        Binding("b", "nothing", "Nothing here"),
        Binding("c", "extra", "Extra"),
        Binding("d", "count", "Add again"),  # the same action: shown once, as Textual does
    ]

    def __init__(self) -> None:
        super().__init__()
        self.count = 0
        self.extra = False

    def compose(self) -> ComposeResult:
        yield Static("keys")
        yield FittingFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "nothing":
            return None  # shown, but does nothing here
        if action == "extra":
            return self.extra
        return True

    def action_count(self) -> None:
        self.count += 1

    def action_extra(self) -> None:
        self.count += 10


class KeysApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.bells = 0

    def get_default_screen(self) -> Screen:
        return Keys()

    def bell(self) -> None:
        self.bells += 1


def where(footer: FittingFooter, words: str) -> int:
    """The column, in the footer, of the middle of the key shown with `words`."""
    for placed in footer.placed():
        if placed.key.description == words:
            return (placed.start + placed.end) // 2
    raise AssertionError(f"{words!r} not in {[p.key.description for p in footer.placed()]}")


async def test_a_clicked_key_does_what_pressing_it_does():
    from decisionaid.shipped import default_tree

    app = make_app(default_tree())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(FittingFooter)
        assert await pilot.click(FittingFooter, offset=(where(footer, "Help"), 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_a_key_that_does_nothing_here_is_dimmed_and_only_rings_the_bell():
    app = KeysApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(FittingFooter)
        line = footer.render()
        dimmed = {
            line.plain[span.start : span.end].strip()
            for span in line.spans
            if span.style and getattr(span.style, "dim", False)
        }
        assert "Nothing here" in dimmed and "Add" not in dimmed
        await pilot.click(FittingFooter, offset=(where(footer, "Nothing here"), 0))
        await pilot.click(FittingFooter, offset=(where(footer, "Add"), 0))
        await pilot.pause()
        assert app.bells == 1 and app.screen.count == 1


async def test_one_key_per_action_and_hovering_names_it():
    app = KeysApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(FittingFooter)
        assert [p.key.description for p in footer.placed()] == ["Add", "Nothing here"]
        assert footer.render().plain.startswith(" a Add  b Nothing here ")
        await pilot.hover(FittingFooter, offset=(where(footer, "Add"), 0))
        assert footer.tooltip == "Add one"
        await pilot.hover(FittingFooter, offset=(where(footer, "Nothing here"), 0))
        assert footer.tooltip is None  # nothing more to say than its words
        await pilot.hover(Static)
        assert footer.tooltip is None


async def test_the_keys_follow_the_bindings_and_fit_a_narrow_terminal():
    app = KeysApp()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(FittingFooter)
        assert footer.render().plain == "a Add b Nothing here"  # compact below 80 columns
        app.screen.extra = True
        app.screen.refresh_bindings()
        await pilot.pause()
        assert [p.key.description for p in footer.placed()] == ["Add", "Nothing here", "Extra"]
        await pilot.click(FittingFooter, offset=(where(footer, "Extra"), 0))
        await pilot.pause()
        assert app.screen.count == 10
        app.screen.extra = False
        app.screen.refresh_bindings()
        await pilot.pause()
        assert [p.key.description for p in footer.placed()] == ["Add", "Nothing here"]


def bottom_cells(app) -> list[tuple[str, object, object]]:
    """The screen's bottom row as drawn: each piece of text with its colour and background."""
    strip = app.screen._compositor.render_strips()[-1]
    return [(s.text, s.style.color, s.style.bgcolor) for s in strip if s.text.strip()]


class TextualKeys(Keys):
    """The same keys in Textual's own footer, to compare with."""

    def compose(self) -> ComposeResult:
        from textual.widgets import Footer

        yield Static("keys")
        yield Footer()


class TextualKeysApp(KeysApp):
    def get_default_screen(self) -> Screen:
        return TextualKeys()


async def test_a_hovered_key_has_the_colours_of_textuals_footer():
    """Before: the see-through hover colour was drawn solid (white behind light words)."""
    drawn = {}
    for name, app in (("ours", KeysApp()), ("textual's", TextualKeysApp())):
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.hover(Static)
            await pilot.hover(offset=(1, 23))  # over "a Add"
            await pilot.pause()
            drawn[name] = bottom_cells(app)[:2]
    assert [text.strip() for text, _, _ in drawn["ours"]] == ["a", "Add"]
    assert drawn["ours"] == drawn["textual's"]


class Offered(Screen):
    """As on the welcome screen: Resume is put in front of Keep once there is one to resume."""

    BINDINGS = [Binding("r", "resume", "Resume"), Binding("k", "keep", "Keep", tooltip="Keep it")]
    offer = False

    def compose(self) -> ComposeResult:
        yield Static("offered")
        yield FittingFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.offer if action == "resume" else True


class OfferedApp(App[None]):
    def get_default_screen(self) -> Screen:
        return Offered()


async def test_when_the_keys_move_the_one_under_the_mouse_is_the_one_named():
    """Before: a key put in front of the hovered one left the old key lit, with its tooltip,
    at its new place, while a click there pressed the new key."""
    app = OfferedApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(FittingFooter)
        await pilot.hover(FittingFooter, offset=(3, 0))
        assert footer.tooltip == "Keep it"
        lit = bottom_cells(app)[0]
        app.screen.offer = True
        app.screen.refresh_bindings()
        await pilot.pause()
        assert [p.key.description for p in footer.placed()] == ["Resume", "Keep"]
        assert footer.tooltip is None  # Resume, under the mouse now, has none
        drawn = bottom_cells(app)
        assert drawn[0][0].strip() == "r" and drawn[0][2] == lit[2]  # lit where the mouse is
        assert drawn[2][0].strip() == "k" and drawn[2][2] != lit[2]
