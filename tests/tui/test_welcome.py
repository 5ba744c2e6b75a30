"""The welcome screen: its title read before the tree is loaded, its buttons in view, its
keys, and which unfinished screening it offers."""

from __future__ import annotations

import pytest

from decisionaid.engine import Session
from decisionaid.screenings.recording import Recorder
from decisionaid.screenings.store import Store
from decisionaid.shipped import default_tree
from decisionaid.tui.app import make_app
from decisionaid.tui.screens.question import QuestionScreen
from decisionaid.tui.screens.welcome import DEFAULT_TITLE, PEEK_BYTES, peek_title
from decisionaid.tui.widgets.footer import FittingFooter


def test_the_shipped_title_and_description():
    title, description = peek_title(default_tree())
    assert title == "Headache and migraine decision aid"
    assert description.startswith("Checks for warning signs first")


def test_only_top_level_keys_count(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(
        "tree: t\nsources:\n  s: {title: Not this one}\nnodes: []\ntitle: This one\n",
        encoding="utf-8",
    )
    assert peek_title(path) == ("This one", None)


def test_a_huge_tree_is_not_read_to_its_end(tmp_path):
    """The title is found at the head; what lies past the peek is never parsed."""
    path = tmp_path / "big.yaml"
    filler = "".join(f"  - id: n{i}\n    kind: info\n" for i in range(PEEK_BYTES // 20))
    path.write_text(f"title: Big\nnodes:\n{filler}  - [this is not: valid yaml\n", encoding="utf-8")
    assert peek_title(path) == ("Big", None)


def test_problems_fall_back_to_the_default(tmp_path):
    assert peek_title(tmp_path / "missing.yaml") == (DEFAULT_TITLE, None)
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: [unclosed\n", encoding="utf-8")
    assert peek_title(bad) == (DEFAULT_TITLE, None)
    listed = tmp_path / "list.yaml"
    listed.write_text("- title: no\n", encoding="utf-8")
    assert peek_title(listed) == (DEFAULT_TITLE, None)


# --- the screen ----------------------------------------------------------------------------


@pytest.fixture
def unfinished_intake(migraine):
    """A saved, unfinished therapist intake in a fresh store."""
    store = Store.open()
    session = Session(migraine)
    Recorder(store, session, mode="intake", reference="P-7", clinician="AK")
    session.answer([])
    yield store
    store.close()


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_the_mode_buttons_are_in_view_and_whole(migraine, unfinished_intake, size):
    """Before: at 80×24 the buttons sat below the description; at 60×20 off the screen. The
    keep box shows its state in characters."""
    app = make_app(migraine, store=unfinished_intake)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        width, height = size
        for button in screen.query("#modes Button"):
            region = button.region
            assert region.height == 3 and region.bottom <= height - 1, button.id  # not the footer
            assert region.right <= width
            label = str(button.label)
            assert button.content_region.width >= len(label), label  # never cut mid-word
        keep = screen.query_one("#keep")
        assert keep.region.right <= width
        assert keep.content_region.width >= len(str(keep.label)) + len("[ ] ")
        assert str(keep.render()).startswith("[ ]")
        await pilot.press("k")
        assert str(keep.render()).startswith("[x]")


async def test_where_kept_answers_go_is_in_view_beside_the_choice_to_keep_them(
    migraine, unfinished_intake
):
    """At 80×24, with an unfinished screening offered, who can open kept answers was below
    the fold, under the description: K came before what it needs to be chosen."""
    app = make_app(migraine, store=unfinished_intake)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        privacy, keep = screen.query_one("#privacy"), screen.query_one("#keep")
        assert "can open them" in str(privacy.render())
        assert keep.region.bottom <= privacy.region.y  # right under the choice
        assert privacy.region.bottom <= 24 - 1  # in view, above the footer


async def test_the_footer_and_the_buttons_show_the_same_keys(migraine):
    app = make_app(migraine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = {p.key.action: p.key.display for p in app.screen.query_one(FittingFooter).placed()}
        for button in app.screen.query("#modes Button"):
            key = str(button.label).split()[0]
            assert shown[f"start('{button.id}')"] == key


@pytest.mark.parametrize(("mode", "offered"), [(None, True), ("intake", True), ("self", False)])
async def test_only_a_screening_of_the_chosen_mode_is_offered(
    migraine, unfinished_intake, mode, offered
):
    """Before: `--mode self` offered to resume a therapist intake (and the other way)."""
    app = make_app(migraine, mode=mode, store=unfinished_intake)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        words = " ".join(str(w.render()) for w in app.screen.query("#unfinished"))
        assert ("therapist intake for P-7" in words) is offered
        assert bool(app.screen.query("#resume")) is offered


async def test_the_offer_waits_for_the_tree_when_it_loads_after_the_first_paint(
    unfinished_intake,
):
    from decisionaid.shipped import default_tree

    app = make_app(default_tree(), store=unfinished_intake)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if app.flow is not None:
                break
        await pilot.pause()
        assert "P-7" in str(app.screen.query_one("#unfinished").render())


async def test_a_locked_store_is_a_message_not_a_crash(migraine, unfinished_intake, monkeypatch):
    """A database another program holds locked: the welcome screen still comes up, says so,
    and the aid works without the offer."""
    import sqlite3

    from decisionaid.screenings import sqlite as sqlite_backend

    monkeypatch.setattr(sqlite_backend, "BUSY_TIMEOUT_MS", 50)
    locked = Store.open()  # a short wait for the lock, so the test is quick
    holder = sqlite3.connect(locked.path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        app = make_app(migraine, store=locked)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert "cannot be used right now" in " ".join(n.message for n in app._notifications)
            assert not app.screen.query("#resume")
            await pilot.press("h")  # the history list: a message again, and an empty list
            await pilot.pause()
            assert "could not be read" in str(app.screen.query_one("#history-hint").render())
    finally:
        holder.rollback()
        holder.close()
        locked.close()


async def until(pilot, done) -> None:
    for _ in range(100):
        if done():
            return
        await pilot.pause(0.05)


async def test_the_store_is_opened_after_the_first_paint(unfinished_intake):
    """`decisionaid run` hands the app a way to open the store, not an open store: opening
    checks the whole database file, and the welcome screen is drawn before that. Then the
    unfinished screening is offered as before."""
    from decisionaid.shipped import default_tree

    laid_out_first = []

    def open_store():
        laid_out_first.append(app.screen.query_one("#self").region.height == 3)
        return unfinished_intake

    app = make_app(default_tree(), open_store=open_store)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.screen.query_one("#history")  # saving is offered from the first paint
        await until(pilot, lambda: app.flow is not None)
        await pilot.pause()
        assert laid_out_first == [True] and app.store is unfinished_intake
        assert "P-7" in str(app.screen.query_one("#unfinished").render())
        # Where answers go depends on the store: said once it is open.
        where = str(app.screen.query_one("#privacy").render())
        assert where.startswith("Nothing leaves this computer. If you keep your answers")


async def test_a_store_that_cannot_be_opened_turns_saving_off_on_the_welcome_screen():
    from decisionaid.screenings.store import StoreError

    def open_store():
        raise StoreError("screenings.sqlite3: damaged")

    app = make_app(default_tree(), open_store=open_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.screen.query("#store-problem"))
        await pilot.pause()
        screen = app.screen
        shown = str(screen.query_one("#store-problem").render())
        assert shown == "Saving is off: screenings.sqlite3: damaged"
        assert not screen.query("#keep") and not screen.query("#history")
        assert app.focused is screen.query_one("#self")
        assert app.store is None and app.store_problem == "screenings.sqlite3: damaged"
        where = str(screen.query_one("#privacy").render())
        assert where == "Nothing leaves this computer, and nothing is saved."
        await pilot.press("h")  # the history needs the store: nothing opens
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("1")
        await until(pilot, lambda: isinstance(app.screen, QuestionScreen))
        assert not app.saving


async def test_the_first_paint_shows_the_remembered_title_and_never_a_wrong_one(write):
    """The title comes from the last load of the same file (no YAML before the first paint);
    should the memory be wrong, the loaded tree's own title replaces it."""
    from decisionaid import titles
    from tests.conftest import SMALL

    path = write(SMALL)
    titles.remember(path, "Remembered wrongly", None)
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        first = str(app.screen.query_one("#welcome-title").render())
        await until(pilot, lambda: app.flow is not None)
        await pilot.pause()
        assert first == "Remembered wrongly"
        assert str(app.screen.query_one("#welcome-title").render()) == app.flow.tree.main.title
    assert titles.recall(path) == (app.flow.tree.main.title, app.flow.tree.main.description)


@pytest.mark.parametrize(
    ("settings", "focused"),
    [
        ({}, "self"),
        ({"mode": "intake"}, "intake"),
        ({"kiosk": True}, "self"),
        ({"kiosk": True, "store_problem": "the disk is full"}, "welcome"),  # no button
    ],
)
async def test_the_focus_starts_where_it_stays(migraine, settings, focused):
    """The mode's button has the focus from the start: before, the words scrolling above it
    had it first, and every widget among them was styled twice more before the first paint."""
    from textual import events

    moves: dict[int, str] = {}  # each focus, once (the message is heard at every parent)

    def hook(message):
        if isinstance(message, events.DescendantFocus):
            moves[id(message)] = message.widget.id

    store = None if "store_problem" in settings else Store.open()
    app = make_app(migraine, store=store, **settings)
    try:
        async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
            await pilot.pause()
            assert app.focused is app.screen.query_one(f"#{focused}")
    finally:
        if store is not None:
            store.close()
    assert list(moves.values()) == [focused]
