"""The question screen at screen level: numbers kept as typed, keys that do nothing said so,
tree text shown as text, intake wording, progress in words, and changing one answer."""

from __future__ import annotations

from textual import events

from decisionaid.engine import Session
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


NOT_WHOLE = [
    ("2.5", "“2.5” is not a whole number"),
    ("34.5", "“34.5” is not a whole number"),
    ("5-6", "“5-6” is a range"),
    ("4x", "“4x” is not a number"),
]


async def test_a_number_field_refuses_what_is_not_a_whole_number(migraine):
    """Before: the field dropped the characters it did not allow, so 2.5 became 25. Each
    refused in turn on one screen (wiped with backspace, as a person would). Its progress
    reads as a person thinks."""
    app = make_app(migraine, prefill=TO_AGE)
    async with app.run_test(size=(80, 24)) as pilot:
        assert shown(app.screen, "#progress") == "Question 3 of about 32"
        await pilot.press("enter")  # nothing typed yet
        await pilot.pause()
        assert shown(app.screen, "#message") == "Type a whole number from 0 to 120 years."
        assert app.session.current_id == "age"
        for typed, words in NOT_WHOLE:
            await pilot.press(*typed)
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen.query_one("#number").value == typed  # as typed, nothing dropped
            assert words in shown(app.screen, "#message"), typed
            assert app.session.current_id == "age"
            assert "age" not in app.session.answers()
            await pilot.press(*["backspace"] * len(typed))
            assert app.screen.query_one("#number").value == ""


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


# One screen of every answer kind in turn, for the reused question screen.
KINDS = """\
tree: kinds
version: "1"
title: Kinds
start: signs
nodes:
  - id: signs
    kind: question
    type: multi
    section: First
    text: Any of these?
    clinical: Screening list
    options:
      - {value: a, label: Sign A}
      - {value: b, label: Sign B}
    next: side
  - id: side
    kind: question
    type: single
    section: Second
    text: Which side?
    options:
      - {value: left, label: Left}
      - {value: right, label: Right}
    next: age
  - id: age
    kind: question
    type: number
    section: Numbers
    text: How old are you?
    min: 0
    max: 120
    next: days
  - id: days
    kind: question
    type: number
    section: Numbers
    text: How many days?
    clinical: Days a month
    min: 0
    max: 31
    next: note
  - id: note
    kind: info
    text: That is all.
    next: end
  - id: end
    kind: outcome
    recommendation: rest
    urgency: none
    title: Done
    text: Done.
"""


def answer_widgets(screen) -> dict[str, bool]:
    """The answer widgets on the screen, by id: whether each is shown."""
    return {w.id: w.display for w in screen.query_one("#answer").children}


async def test_one_screen_shows_every_question_in_turn(compile_text):
    """A question screen is reused: each answer puts the next question's words, progress
    and answers in place, shows only the widget of its kind, and gives that one focus."""
    app = make_app(compile_text(KINDS))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        assert shown(screen, "#question-text") == "Any of these?"
        await pilot.press("0", "enter")
        await pilot.pause()
        assert app.screen is screen
        assert shown(screen, "#question-text") == "Which side?"
        assert shown(screen, "#section") == "Second"
        assert shown(screen, "#progress") == "Question 2 of 4"
        choices = screen.query_one("#choices")
        assert [str(o.prompt) for o in choices.options] == ["1. Left", "2. Right"]
        assert answer_widgets(screen)["choices"] and app.focused is choices
        assert not answer_widgets(screen)["checklist"]
        await pilot.press("2")
        await pilot.pause()
        assert shown(screen, "#question-text") == "How old are you?"
        number = screen.query_one("#number")
        assert app.focused is number and number.placeholder == "0 to 120"
        assert [k for k, on in answer_widgets(screen).items() if on] == ["number"]
        await pilot.press("4", "0", "enter")
        await pilot.pause()
        assert shown(screen, "#question-text") == "How many days?"
        assert app.focused is number and number.value == "" and number.placeholder == "0 to 31"
        await pilot.press("4", "0", "enter")  # out of this question's range
        await pilot.pause()
        assert "from 0 to 31" in shown(screen, "#message")
        await pilot.press("backspace", "enter")
        await pilot.pause()
        assert shown(screen, "#question-text") == "That is all."
        assert shown(screen, "#message") == ""
        assert app.focused is screen.query_one("#continue")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
        assert app.session.answers() == {"signs": [], "side": "right", "age": 40, "days": 4}


async def test_back_on_the_reused_screen_offers_the_earlier_answer(compile_text):
    app = make_app(compile_text(KINDS), prefill={"signs": ["b"], "side": "left", "age": 40})
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert shown(screen, "#question-text") == "How many days?"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#number").value == "40"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#choices").highlighted == 0
        await pilot.press("escape")
        await pilot.pause()
        checklist = app.screen.query_one("#checklist")
        assert checklist.selected == ["b"]
        assert app.screen is screen


async def test_the_clinical_line_follows_the_question_in_intake(compile_text):
    app = make_app(compile_text(KINDS))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        clinical = app.screen.query_one("#clinical")
        assert clinical.display and shown(app.screen, "#clinical") == "Clinical: Screening list"
        await pilot.press("0", "enter")
        await pilot.pause()
        assert not clinical.display  # "Which side?" has no clinical wording
        await pilot.press("1", "4", "0", "enter")
        await pilot.pause()
        assert clinical.display and shown(app.screen, "#clinical") == "Clinical: Days a month"


async def test_keys_typed_past_a_number_are_not_typed_into_the_next(compile_text):
    """The number field is reused from one number question to the next. Keys typed straight
    after Enter were meant for a question the person has not seen: they are typed into
    neither field, and the person is told a key was not used. (Before, Enter acted only
    after the keys behind it were in the field: 40, Enter, 77 was refused as 4077, and 4,
    Enter, 0 answered 40.)"""
    app = make_app(compile_text(KINDS), prefill={"signs": [], "side": "left"})
    async with app.run_test(size=(80, 24)) as pilot:
        screen, number = app.screen, app.screen.query_one("#number")
        for key in ("4", "0", "enter", "7", "7"):  # straight into the queue, no pauses
            app.post_message(events.Key(key, None if key == "enter" else key))
        for _ in range(3):
            await pilot.pause()
        assert app.session.current_id == "days"
        assert app.session.answers()["age"] == 40
        assert number.value == ""
        assert any("was not used" in n.message for n in app._notifications)
        # A key read while "age" was shown, reaching the field only now, is not typed in.
        late = events.Key("9", "9")
        late.typed_on = (screen, screen.showing - 1)
        number.post_message(late)
        await pilot.pause()
        assert number.value == ""
        await pilot.press("7", "enter")  # typed once the question is there: it counts
        await pilot.pause()
        assert app.session.answers()["days"] == 7


async def test_editing_keys_typed_fast_act_in_the_order_typed(compile_text):
    """Backspace and the arrows are the field's own keys: they act in turn with the digits
    typed around them. (Before, a digit typed behind them went in first: 40, Backspace,
    Backspace, 7, Enter answered 4.)"""
    app = make_app(compile_text(KINDS), prefill={"signs": [], "side": "left", "age": 40})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#number").value == "40"
        for key in ("backspace", "backspace", "7", "left", "1", "enter"):
            app.post_message(events.Key(key, key if key.isdigit() else None))
        for _ in range(3):
            await pilot.pause()
        assert app.session.answers()["age"] == 17
        assert app.session.current_id == "days"


async def test_a_reused_checklist_shows_every_answer_of_the_next_question(migraine):
    """After "During a headache…" (its answers one line each), "Does any of these go with
    your headaches?" (answers that wrap) reused the same list, kept a scroll bar it did not
    need, and hid "0. None of these" behind it with empty rows below (80×24)."""
    prefill, walk = {}, Session(migraine)
    while walk.current_id != "attack_symptoms":
        prefill[walk.current_id] = BASE[walk.current_id]
        walk.answer(BASE[walk.current_id])
    app = make_app(migraine, prefill=prefill)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        first = app.screen.answer_widget
        await pilot.press("2", "3", "enter")
        await pilot.pause()
        await pilot.press("2")  # how long an attack lasts
        await pilot.pause()
        await pilot.press("4")  # how many attacks
        await pilot.pause()
        screen = app.screen
        assert screen.node.id == "neck_signs"
        checklist = screen.answer_widget
        assert checklist is first  # the same list, given the next question's answers
        assert checklist.max_scroll_y == 0 and not checklist.show_vertical_scrollbar
        # every line of every answer, "0. None of these" last, inside what the list shows
        assert checklist.virtual_size.height <= checklist.scrollable_content_region.height
        assert checklist.region.bottom <= screen.query_one("#answer").region.bottom
