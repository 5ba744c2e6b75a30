"""The words of asking, shared by the interface and plain mode (no Textual here)."""

from __future__ import annotations

import pytest

from decisionaid.asking import help_of, number_problem, parse_typed, progress_words, text_of
from decisionaid.engine import Session
from decisionaid.errors import AnswerError


def question(flow, qid):
    return flow.tree.nodes[qid]


def refused(q, line) -> str:
    with pytest.raises(AnswerError) as caught:
        parse_typed(q, line)
    return caught.value.sentence


def test_progress_counts_from_one_and_says_about_only_when_unsure(small_flow):
    session = Session(small_flow)
    assert progress_words(session) == "Question 1 of about 2"  # blue ends it at once
    session.answer("red")
    assert progress_words(session) == "Question 2 of 2"


def test_progress_on_the_shipped_tree(migraine):
    session = Session(migraine)
    session.fill({"emergency_signs": [], "head_injury": "none"})
    assert progress_words(session) == "Question 3 of about 32"


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("", "Type a whole number from 0 to 120 years."),
        (
            "2.5",
            "“2.5” is not a whole number. Type a whole number from 0 to 120 years, without decimals.",
        ),
        ("34,5", "“34,5” is not a whole number."),
        ("5-6", "“5-6” is a range. Type a whole number from 0 to 120 years: one number only."),
        ("5 to 6", "“5 to 6” is a range."),
        ("²", "“²” is not a number this aid can read."),
        ("٣", "“٣” is not a number this aid can read."),
        ("４０", "“４０” is not a number this aid can read."),
        ("forty", "“forty” is not a number. Type a whole number from 0 to 120 years."),
        ("9" * 5000, "That number is far more than 120."),
        ("-" + "9" * 5000, "That number is far less than 0."),
        ("-1", "-1 is less than 0."),
        ("121", "121 is more than 120."),
    ],
)
def test_a_number_is_a_whole_number_in_range_or_a_sentence_says_why(migraine, typed, said):
    assert said in number_problem(question(migraine, "age"), typed)


@pytest.mark.parametrize("typed", ["40", " 40 ", "+40", "040", "0", "120"])
def test_whole_numbers_in_range_are_answers(migraine, typed):
    age = question(migraine, "age")
    assert number_problem(age, typed) is None
    assert parse_typed(age, typed) == int(typed)


def test_a_checklist_line(migraine):
    signs = question(migraine, "emergency_signs")
    assert parse_typed(signs, "0") == [] == parse_typed(signs, "none")
    assert parse_typed(signs, "3, 1") == ["thunderclap", "consciousness"]  # in the tree's order
    assert parse_typed(signs, "thunderclap") == ["thunderclap"]
    how = "Type the numbers of the ones that apply, 1 to 5, separated by spaces, or 0 for none."
    assert refused(signs, "7") == f"There is no answer “7” here. {how}"
    assert refused(signs, "") == how
    assert refused(signs, "0 2").startswith("0 means none of these")
    assert refused(signs, "9" * 5000).startswith("There is no answer “999")
    assert refused(signs, "²").startswith("“²” is not one of the answers.")


def test_a_single_choice_and_a_yes_no_line(migraine):
    injury = question(migraine, "head_injury")
    assert parse_typed(injury, "1") == "none"
    assert (
        refused(injury, "4")
        == "There is no answer “4” here. Type the number of one answer, 1 to 3."
    )
    assert refused(injury, "٣").startswith("“٣” is not one of the answers.")
    diagnosed = question(migraine, "diagnosed")
    assert parse_typed(diagnosed, "Y") is True and parse_typed(diagnosed, "no") is False
    assert (
        refused(diagnosed, "maybe")
        == "“maybe” is not one of the answers. Type y for yes or n for no."
    )


def test_intake_wording_falls_back_to_the_plain_text(compile_text):
    flow = compile_text(
        """\
        tree: t
        version: "1"
        title: T
        start: a
        nodes:
          - id: a
            kind: question
            type: boolean
            text: "Do you   have it?"
            help: Plain
            intake: {text: "Patient has it?"}
            next: b
          - id: b
            kind: question
            type: boolean
            text: "Plain only"
            next: end
          - {id: end, kind: outcome, recommendation: rest, urgency: none, title: E, text: E.}
        """
    )
    a, b = flow.tree.nodes["a"], flow.tree.nodes["b"]
    assert text_of(a, intake=True) == "Patient has it?"
    assert text_of(a, intake=False) == "Do you have it?"
    assert help_of(a, intake=True) == "Plain"  # no intake help: the plain one
    assert text_of(b, intake=True) == "Plain only" and help_of(b, intake=True) is None
