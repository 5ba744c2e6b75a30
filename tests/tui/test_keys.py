"""Keys as a person presses them: a second Enter never answers a question unseen, letters work
in either case, the tablet has no way out to a shell, every footer fits at 60 columns, and
the hints and notices say what is true."""

from __future__ import annotations

import pytest
from textual.widgets import Checkbox, Static

from decisionaid.screenings.store import Store
from decisionaid.tui.app import make_app
from decisionaid.tui.screens.modals import ConfirmScreen, HelpScreen
from decisionaid.tui.screens.outcome import AboutScreen, EmergencyScreen
from decisionaid.tui.screens.question import QuestionScreen, hint_of
from decisionaid.tui.screens.welcome import WelcomeScreen
from decisionaid.tui.widgets.footer import FittingFooter
from tests.trees.test_migraine import BASE
from tests.tui.test_saving import answer_all

TWO_QUESTIONS = """\
tree: two
version: "1"
title: Two questions
start: first
nodes:
  - id: first
    kind: question
    type: boolean
    text: First?
    next: second
  - id: second
    kind: question
    type: boolean
    text: Second?
    next: third
  - id: third
    kind: question
    type: single
    text: Which?
    options:
      - {value: a, label: A}
      - {value: b, label: B}
      - {value: c, label: C}
    next: end
  - id: end
    kind: outcome
    recommendation: rest
    urgency: none
    title: Done
    text: Done.
"""


@pytest.fixture
def store():
    with Store.open() as opened:
        yield opened


def message(app) -> str:
    return str(app.screen.query_one("#message", Static).render())


def footer(app) -> list[tuple[str, str, int]]:
    """The footer's keys as drawn: key, words, and the column just after them."""
    bar = app.screen.query_one(FittingFooter)
    return [(p.key.display, p.key.description, bar.region.x + p.end) for p in bar.placed()]


async def test_a_second_enter_does_not_answer_the_next_question(compile_text):
    """Before: "Yes" started highlighted, so an Enter pressed twice answered the next
    question Yes before it was read."""
    app = make_app(compile_text(TWO_QUESTIONS))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("n", "enter")  # the Enter meant for nothing, or pressed twice
        await pilot.pause()
        assert app.session.current_id == "second"
        assert app.screen.query_one("#choices").highlighted is None
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.current_id == "second" and "second" not in app.session.answers()
        assert message(app) == "Press Y or N, or 1–2, to answer."
        await pilot.press("down", "enter")  # a highlight the person moved to answers
        await pilot.pause()
        assert app.session.answers()["second"] is True
        assert app.screen.query_one("#choices").highlighted is None  # single choice too
        await pilot.press("enter")
        await pilot.pause()
        assert message(app).startswith("Press 1–3 to answer")
        await pilot.press("escape")  # back: the answer given is shown again
        await pilot.pause()
        assert app.screen.query_one("#choices").highlighted == 0


async def test_letters_work_in_upper_case_too(migraine, store, tmp_path, monkeypatch):
    """Before: with Caps Lock or Shift nothing happened, though the screens say "Press R"."""
    monkeypatch.chdir(tmp_path)
    app = make_app(migraine, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("K")
        assert app.screen.query_one("#keep", Checkbox).value
        await pilot.press("S")  # self-assessment
        await pilot.pause()
        app.session.fill(BASE, stop_at="diagnosed")  # the keys before it are not the point
        app.show_current()
        await pilot.pause()
        assert app.session.current_id == "diagnosed"
        await pilot.press("Y")
        await pilot.pause()
        assert app.session.answers()["diagnosed"] is True
        await pilot.press("ctrl+n", "N")  # "keep going"
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        app.session.fill(BASE)
        app.show_current()
        await pilot.pause()
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, AboutScreen)
        await pilot.press("Q")
        await pilot.pause()
        await pilot.press("S")
        await pilot.pause()
        assert list(tmp_path.glob("*.html"))
        await pilot.press("N")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("H")
        await pilot.pause()
        assert type(app.screen).__name__ == "HistoryScreen"
        await pilot.press("J", "O")  # typed into the search field, as typed
        await pilot.pause()
        assert app.screen.query_one("Input").value == "JO"


async def test_the_tablet_has_no_quit_key(migraine, store):
    """Before: Ctrl+Q quit at once, leaving the next patient at the clinic's shell and the
    answers given so far in the store."""
    app = make_app(migraine, store=store, kiosk=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Quit" not in [words for _, words, _ in footer(app)]
        await pilot.press("ctrl+q", "ctrl+c")  # nothing to stop yet
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, WelcomeScreen)
        await pilot.press("1")
        await pilot.pause()
        await answer_all(pilot, BASE, stop_at="age")
        assert "Quit" not in [words for _, words, _ in footer(app)]
        await pilot.press("ctrl+q")  # as Ctrl+N: stop, and delete what was given
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and "deleted" in app.screen.question
        await pilot.press("y")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, WelcomeScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen) and "Ctrl+Q" not in str(
            app.screen.query(Static)[-3].render()
        )
    assert store.list() == []
    app = make_app(migraine, BASE, store=store, kiosk=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("q", "ctrl+q")  # the result screen's own quit key too
        await pilot.pause()
        assert app.is_running


async def screens_at_60(app, pilot):
    """Each screen this app reaches from its welcome, by name, as the footer draws it."""
    await pilot.pause()
    yield "welcome"
    await pilot.press("1")
    await pilot.pause()
    yield "question"
    await pilot.press("f2")
    await pilot.pause()
    yield "review"
    await pilot.press("escape")
    app.session.fill(BASE)
    app.show_current()
    await pilot.pause()
    yield "result"


@pytest.mark.parametrize("kiosk", [False, True])
async def test_every_footer_fits_at_60_columns(migraine, store, kiosk):
    """Before: the result screen's footer ended "n New screening  s": Save report and Help
    were cut off."""
    store.create(tree_id="migraine", tree_version="1", mode="intake", current="age")
    app = make_app(migraine, store=store, kiosk=kiosk)
    async with app.run_test(size=(60, 20)) as pilot:
        async for name in screens_at_60(app, pilot):
            keys = footer(app)
            assert keys and max(right for _, _, right in keys) <= 60, (name, keys)
            if name == "welcome" and not kiosk:  # the keys that work, as the buttons say
                shown = [key for key, _, _ in keys]
                assert {"1", "2", "R", "K", "H", "f1"} <= set(shown), shown
            if name == "result":
                words = [words for _, words, _ in keys]
                assert {"Answers", "New", "Help"} <= set(words), words
                assert ("Save report" in words) is not kiosk
        if not kiosk:
            await pilot.press("n", "h")  # history, and an intake's details
            await pilot.pause()
            keys = footer(app)
            assert max(right for _, _, right in keys) <= 60, keys
            await pilot.press("escape", "2")
            await pilot.pause()
            keys = footer(app)
            assert keys and max(right for _, _, right in keys) <= 60, keys
    app = make_app(migraine, {"emergency_signs": ["thunderclap"]})
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, EmergencyScreen)
        assert max(right for _, _, right in footer(app)) <= 60


async def test_k_shows_the_box_it_changes_at_60_by_20(migraine, store):
    app = make_app(migraine, store=store)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        keep = app.screen.query_one("#keep", Checkbox)
        assert keep.region.bottom <= 19  # above the footer, without scrolling
        await pilot.press("k")
        await pilot.pause()
        assert keep.value and [n.message for n in app._notifications] == ["Answers will be kept."]
        await pilot.press("k")
        assert not keep.value


@pytest.mark.parametrize("kept", [False, True])
async def test_start_again_says_what_happens_to_the_answers(migraine, store, kept):
    """Before (as reported): "will be cleared" even for a kept screening, which stays."""
    app = make_app(migraine, store=store, consent=kept)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        await answer_all(pilot, BASE, stop_at="age")
        await pilot.press("ctrl+n")
        await pilot.pause()
        question = app.screen.question
        if kept:
            assert "stays saved as #1, unfinished; you can resume it later" in question
        else:
            assert question == "Start again? Your answers so far will be cleared."
        await pilot.press("y")
        await pilot.pause()
    assert len(store.list()) == kept


async def test_hints_name_the_keys_there_are(migraine):
    """Before: "Space or 1–9" on checklists of 2, 5 and 6 answers."""
    tree = migraine.tree
    checklists = [q for q in tree.questions().values() if q.type == "multi"]
    for question in checklists:
        count = len(question.options)
        assert f"(1–{count} or Space), or 0 for none" in hint_of(question), question.id
    single = tree.questions()["head_injury"]
    assert hint_of(single).startswith(f"Press 1–{len(single.options)}, or choose")
    assert hint_of(tree.questions()["diagnosed"]).startswith("Press Y or N (or 1–2)")


async def test_a_saved_reports_file_name_is_shown_whole(migraine, tmp_path, monkeypatch):
    """Before: at 60 columns the name broke in two ("…/screening" then "-1.html")."""
    monkeypatch.chdir(tmp_path)
    app = make_app(migraine, prefill=BASE)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        (saved,) = tmp_path.glob("*.html")
        (notice,) = app._notifications
        assert notice.message.splitlines() == ["Report saved:", saved.name, f"in {tmp_path}"]
