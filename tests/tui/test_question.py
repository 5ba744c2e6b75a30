"""The question screen at screen level: numbers kept as typed, keys that do nothing said so,
tree text shown as text, intake wording, progress in words, and changing one answer."""

from __future__ import annotations

import pytest

from decisionaid.tui.app import make_app
from decisionaid.tui.screens.outcome import ResultScreen
from decisionaid.tui.screens.question import QuestionScreen
from tests.trees.test_migraine import BASE

TO_AGE = {k: BASE[k] for k in ("emergency_signs", "head_injury")}

# A small tree whose texts hold Rich/Textual markup and have intake wording.
MARKUP = """\
tree: marked
version: "1"
title: "Marked [b]tree[/b]"
start: side
nodes:
  - id: side
    kind: question
    type: single
    section: "Pain [red]now"
    text: "Where does it hurt [left side] or [b]not[/b]? Smith [/] 2024"
    help: "Plain help [i]with brackets[/i]"
    intake:
      text: "Location of pain [per patient]"
      help: "Ask the patient to point [clinical note]"
    options:
      - {value: left, label: "hurt [left side]"}
      - {value: right, label: "[b]right[/b]"}
    next: end
  - id: end
    kind: outcome
    recommendation: rest
    urgency: none
    title: Done
    text: Done.
"""


def shown(screen, selector: str) -> str:
    return str(screen.query_one(selector).render())


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("2.5", "“2.5” is not a whole number"),
        ("34.5", "“34.5” is not a whole number"),
        ("5-6", "“5-6” is a range"),
        ("4x", "“4x” is not a number"),
    ],
)
async def test_a_number_field_refuses_what_is_not_a_whole_number(migraine, typed, words):
    """Before: the field dropped the characters it did not allow, so 2.5 became 25."""
    app = make_app(migraine, prefill=TO_AGE)
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.session.current_id == "age"
        await pilot.press(*typed)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#number").value == typed  # as typed, nothing dropped
        assert words in shown(app.screen, "#message")
        assert app.session.current_id == "age"
        assert "age" not in app.session.answers()


async def test_enter_on_an_empty_number_field_says_what_to_type(migraine):
    app = make_app(migraine, prefill=TO_AGE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert shown(app.screen, "#message") == "Type a whole number from 0 to 120 years."
        assert app.session.current_id == "age"


async def test_a_digit_with_no_such_answer_is_said_so(migraine):
    app = make_app(migraine)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("7")  # a checklist of 5
        await pilot.pause()
        assert shown(app.screen, "#message") == (
            "There is no answer 7 here. Tick with 1 to 5, or 0 for none."
        )
        await pilot.press("0", "enter")
        await pilot.pause()
        await pilot.press("9")  # head injury: 3 answers
        await pilot.pause()
        assert shown(app.screen, "#message") == "There is no answer 9 here. Press 1 to 3."
        assert app.session.current_id == "head_injury"


async def test_progress_reads_as_a_person_thinks(migraine):
    app = make_app(migraine, prefill=TO_AGE)
    async with app.run_test(size=(80, 24)):
        assert shown(app.screen, "#progress") == "Question 3 of about 32"


async def test_tree_text_is_shown_as_text_never_as_markup(compile_text):
    """Before: "[left side]" vanished from the label and "[b]" turned the text bold; a
    "[/]" crashed the screen."""
    flow = compile_text(MARKUP)
    app = make_app(flow)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        text = screen.query_one("#question-text").render()
        assert str(text) == "Where does it hurt [left side] or [b]not[/b]? Smith [/] 2024"
        assert not text.spans  # nothing made bold by the brackets
        assert shown(screen, "#section") == "Pain [red]now"
        options = screen.query_one("#choices")
        labels = [str(options.get_option_at_index(i).prompt) for i in range(2)]
        assert labels == ["1. hurt [left side]", "2. [b]right[/b]"]
        await pilot.press("f1")
        await pilot.pause()
        words = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "Plain help [i]with brackets[/i]" in words


async def test_intake_mode_uses_the_trees_intake_wording(compile_text):
    flow = compile_text(MARKUP)
    app = make_app(flow)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        assert shown(app.screen, "#question-text") == "Location of pain [per patient]"
        await pilot.press("f1")
        await pilot.pause()
        words = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "Ask the patient to point [clinical note]" in words


async def test_changing_an_answer_stops_where_a_later_one_no_longer_fits(migraine):
    """The re-walk after a change from the review stops at the first question whose earlier
    answer no longer fits, and says why."""
    app = make_app(migraine, prefill=BASE)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, ResultScreen)
        await pilot.press("f2")
        await pilot.pause()
        options = app.screen.query_one("#review-list")
        options.highlighted = [o.id for o in options._options].index("age")
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one("#number").value = ""
        await pilot.press("1", "8", "enter")  # younger than the onset age of 20
        await pilot.pause()
        assert app.session.current_id == "onset_age"
        assert "cannot be more than your age" in shown(app.screen, "#message")
        assert app.session.answers()["age"] == 18
