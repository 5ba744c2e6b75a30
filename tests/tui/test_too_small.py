"""A window too small for the screens: the notice in their place at any size down to 1×1, no
crash, and the same screen, answers and focus once the window is large enough again; keys
typed meanwhile answer nothing. The minimum is the smallest size every screen draws whole in."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Button, Input

from decisionaid.tui.app import make_app
from decisionaid.tui.screens.modals import ConfirmScreen
from decisionaid.tui.screens.outcome import EmergencyScreen, ResultScreen
from decisionaid.tui.screens.question import QuestionScreen
from decisionaid.tui.screens.welcome import WelcomeScreen
from decisionaid.tui.too_small import MINIMUM, TooSmallNotice
from tests.fixtures.answers import CASES
from tests.trees.test_migraine import BASE

TO_HEAD_INJURY = {"emergency_signs": BASE["emergency_signs"]}
TO_AGE = {**TO_HEAD_INJURY, "head_injury": BASE["head_injury"]}
# Down to nothing and back, through the sizes that crashed Textual (8 to 12 columns for the
# welcome screen's buttons, 6 and fewer for answer lists), and just either side of the minimum.
SIZES = [(12, 10), (1, 1), (10, 3), (MINIMUM.width - 1, 24), (80, MINIMUM.height - 1)]


def notice_shown(app) -> bool:
    return any(notice.region for notice in app.screen.query(TooSmallNotice))


@pytest.mark.parametrize(
    ("tree", "prefill", "kind"),
    [
        ("migraine", None, WelcomeScreen),
        ("migraine", TO_HEAD_INJURY, QuestionScreen),
        ("aid", CASES["massage"], ResultScreen),
        ("aid", CASES["emergency"], EmergencyScreen),
    ],
)
async def test_every_size_down_to_1x1_and_back(request, tree, prefill, kind):
    app = make_app(request.getfixturevalue(tree), prefill=prefill)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen, focused = app.screen, app.screen.focused
        answers = app.session.answers() if app.session else None
        assert isinstance(screen, kind) and not notice_shown(app)
        for size in SIZES:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert notice_shown(app), size
            assert app.screen is screen
        await pilot.resize_terminal(*MINIMUM)
        await pilot.pause()
        assert not notice_shown(app)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert app.screen is screen and not notice_shown(app)
        assert app.screen.focused is focused
        assert (app.session.answers() if app.session else None) == answers
    assert app.return_code in (None, 0)  # no crash on the way


async def test_starting_tiny_shows_only_the_notice_and_then_the_welcome(migraine):
    app = make_app(migraine)
    async with app.run_test(size=(12, 10)) as pilot:
        await pilot.pause()
        notice = app.screen.query_one(TooSmallNotice)
        assert f"at least {MINIMUM.width}×{MINIMUM.height}" in str(notice.render())
        assert notice.region.size == (12, 10)
        assert not app.screen.query_one("#self", Button).region  # not laid out at all
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not notice_shown(app)
        assert app.screen.query_one("#self", Button).region
        assert app.screen.focused is app.screen.query_one("#self", Button)


async def test_keys_typed_while_too_small_answer_nothing(migraine):
    app = make_app(migraine, prefill=TO_AGE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        question = app.session.current_id
        await pilot.resize_terminal(20, 8)
        await pilot.pause()
        await pilot.press("4", "0", "enter", "escape", "ctrl+n")
        app.post_message(events.Paste("40"))
        await pilot.press("enter")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert app.session.current_id == question == "age"
        assert app.session.answers() == TO_AGE
        assert app.screen.query_one("#number", Input).value == ""
        assert isinstance(app.screen, QuestionScreen)
        # Ctrl+Q still quits: here it asks first, and the question is seen once it is larger.
        await pilot.resize_terminal(20, 8)
        await pilot.press("ctrl+q")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and not notice_shown(app)


async def test_at_the_minimum_the_tallest_question_and_the_confirmation_draw_whole(migraine):
    to_triptans = {}
    for key, value in BASE.items():
        if key == "triptan_days":
            break
        to_triptans[key] = value
    app = make_app(migraine, prefill=to_triptans)
    async with app.run_test(size=tuple(MINIMUM)) as pilot:
        await pilot.pause()
        field = app.screen.query_one("#answer").children[0]
        assert field.region.height == field.outer_size.height == 3  # the number field, whole
        app.action_restart()
        await pilot.pause()
        box = app.screen.query_one("#confirm")
        assert box.region.width == box.outer_size.width <= MINIMUM.width


@pytest.mark.parametrize(("case", "headline"), [("emergency", True), ("massage", False)])
async def test_the_notice_keeps_the_safety_words(request, case, headline):
    """A small window never hides what to do: the safety line always, and an emergency
    result's headline above the request to make the window larger."""
    app = make_app(request.getfixturevalue("aid"), prefill=CASES[case])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        title = app.screen.laid_out.title
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        words = str(app.screen.query_one(TooSmallNotice).render())
        assert "call your local emergency number" in words
        assert (title in words) is headline
