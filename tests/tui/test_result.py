"""The result and emergency screens draw the layout whole: at 80×24 and 60×20 every text is
there in full (safety text above all), the option grid fits the width, and A opens 'about
this aid'. Screens are filled from answers, not walked key by key."""

from __future__ import annotations

import re

import pytest
from textual.geometry import Region
from textual.widgets import Static

from decisionaid.layout import Cards, block_words
from decisionaid.tui.app import make_app
from decisionaid.tui.screens.outcome import AboutScreen, EmergencyScreen, ResultScreen
from decisionaid.tui.widgets.page import OptionCard, PageView
from tests.fixtures.answers import CASES
from tests.trees.test_migraine import BASE

BORDERS = re.compile("[\u2500-\u259f]")  # box-drawing and block characters of borders


def rendered(widget) -> str:
    """All of a widget's text as drawn at its size, scrolled into view or not, on one line."""
    lines = widget.render_lines(Region(0, 0, *widget.outer_size))
    return " ".join(BORDERS.sub(" ", " ".join(strip.text for strip in lines)).split())


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("case", "mode", "size", "columns"),
    [
        ("massage", "self", (80, 24), 2),
        ("massage", "self", (60, 20), 1),
        ("doctor_first_needling", "intake", (60, 20), 1),
        ("emergency", "self", (60, 20), 0),
    ],
)
async def test_every_text_is_drawn_whole_at_small_sizes(aid, case, mode, size, columns):
    app = make_app(aid, prefill=CASES[case], mode=mode)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EmergencyScreen if case == "emergency" else ResultScreen)
        view = screen.query_one(PageView)
        drawn = " ".join(rendered(w) for w in view.query(Static))
        for section in screen.laid_out.sections:
            if section.id == "about":
                continue  # one key away
            for block in section.blocks:
                if isinstance(block, Cards):
                    continue  # below, card by card
                for words in block_words(block):
                    assert flat(words) in drawn, f"{section.id}: {words!r}"
        for static in view.query(Static):
            assert static.region.right <= size[0], "nothing runs off the right edge"
        for group in screen.laid_out.section("safety").blocks:
            for item in group.items:
                assert flat(item.text) in drawn  # every safety line, with its qualifiers
        # The options side by side: as many columns as fit, every field of every card whole.
        cards = list(screen.query(OptionCard))
        assert len({card.region.x for card in cards}) == columns
        for card in cards:
            assert card.region.right <= size[0]
            drawn = rendered(card.query_one(Static))
            for words in (card.card.title, card.card.tag):
                assert not words or flat(words) in drawn
            for field in card.card.fields:
                for words in (field.label, field.text, *field.items):
                    if words:
                        assert flat(words) in drawn, f"{card.card.title}: {words!r}"


async def test_a_opens_about_this_aid_and_escape_closes_it(aid):
    app = make_app(aid, prefill=CASES["needling_or_massage"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AboutScreen)
        drawn = " ".join(rendered(w) for w in app.screen.query(Static))
        assert "Funding: No funding" in drawn and "Next review due: 30 November 2027" in drawn
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)


async def test_the_result_names_who_and_when(aid, store):
    app = make_app(aid, prefill=CASES["urgent"], store=store, mode="intake", reference="[b]P-1")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        header = rendered(app.screen.query_one(".section-screening Static"))
        assert "Patient reference: [b]P-1" in header  # shown as typed, not as markup
        assert re.search(r"Screening: #\d+", header)
        assert "Status: Stopped early at a warning sign" in header


async def test_the_shipped_tree_result_screen(migraine):
    app = make_app(migraine, prefill=BASE, mode="intake")
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        view = app.screen.query_one(PageView)
        drawn = " ".join(rendered(w) for w in view.query(Static))
        assert "Safety-net advice to give the patient" in drawn
        assert "Not saved on this computer" in drawn


@pytest.fixture
def store(tmp_path):
    from decisionaid.screenings.store import Store

    with Store.open(tmp_path / "data") as opened:
        yield opened


@pytest.mark.parametrize(
    ("key", "opens"),
    [("escape", "QuestionScreen"), ("f2", "ReviewScreen"), ("ctrl+n", "WelcomeScreen")],
)
async def test_the_keys_of_the_questions_work_at_the_result_too(migraine, key, opens):
    """The result's footer names letters (b, r, n); the keys each question's footer names
    (Esc, F2, Ctrl+N) do the same there. Before: Ctrl+N did nothing at the result."""
    app = make_app(migraine, prefill=BASE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
        await pilot.press(key)
        await pilot.pause()
        assert type(app.screen).__name__ == opens
