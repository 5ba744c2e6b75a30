"""The Session: answering, checking, going back, jumping, progress, results."""

from __future__ import annotations

import contextlib
import functools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decisionaid.engine import Session, allowed, coerce
from decisionaid.errors import AnswerError
from decisionaid.model import Info, Question, Route


def test_walk_to_an_outcome(small_flow):
    session = Session(small_flow)
    assert session.current_id == "q1"
    session.answer("red")
    session.answer(7)
    assert session.finished
    result = session.result()
    assert result.outcome == "end_many"
    assert result.urgency == "routine"
    assert result.answers == {"q1": "red", "q2": 7}
    assert result.path == ["q1", "q2", "r", "end_many"]


def test_option_next_branches(small_flow):
    session = Session(small_flow)
    session.answer("blue")
    assert session.result().outcome == "end_blue"
    assert session.result().path == ["q1", "end_blue"]


def test_back_keeps_the_answer_to_offer_again(small_flow):
    session = Session(small_flow)
    session.answer("red")
    session.answer(3)
    assert session.back()
    assert session.current_id == "q2"
    assert session.earlier_answer("q2") == 3
    assert session.back()
    assert session.current_id == "q1"
    assert not session.back()


def test_answers_off_the_path_are_never_reported(small_flow):
    session = Session(small_flow)
    session.answer("red")
    session.answer(3)
    session.back()
    session.back()
    session.answer("blue")
    result = session.result()
    assert result.answers == {"q1": "blue"}
    assert session.earlier_answer("q2") == 3  # kept, in case they go back to red


def test_go_to_an_earlier_question(small_flow):
    session = Session(small_flow)
    session.answer("red")
    session.answer(9)
    session.go_to("q1")
    assert session.current_id == "q1"
    assert session.answers() == {}
    with pytest.raises(ValueError):
        session.go_to("end_blue")


def test_progress_counts_from_the_graph(small_flow):
    session = Session(small_flow)
    assert session.progress() == (0, 1, 2)
    session.answer("red")
    assert session.progress() == (1, 1, 1)


def test_fill_stops_at_the_first_gap(small_flow):
    session = Session(small_flow)
    session.fill({"q1": "red", "unrelated": 1})
    assert session.current_id == "q2"
    with pytest.raises(ValueError, match="not reached an outcome"):
        session.result()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("green", "'green' is not an option"),
        (None, "null is not an option"),
        (True, "true is not an option"),
        (["red"], "is not an option"),
    ],
)
def test_bad_single_answers(small_flow, value, message):
    with pytest.raises(AnswerError, match=message) as caught:
        Session(small_flow).answer(value)
    assert caught.value.question == "q1"
    assert "allowed: one of: red, blue" in str(caught.value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (11, "11 is out of range"),
        (-1, "out of range"),
        (2.5, "whole number"),
        ("4", "whole number"),
        (True, "whole number"),
    ],
)
def test_bad_number_answers(small_flow, value, message):
    session = Session(small_flow)
    session.answer("red")
    with pytest.raises(AnswerError, match=message) as caught:
        session.answer(value)
    assert "allowed: a whole number from 0 to 10" in str(caught.value)


def test_number_boundaries_are_inclusive(small_flow):
    for value in (0, 10):
        session = Session(small_flow)
        session.answer("red")
        session.answer(value)
        assert session.finished


def test_coerce_boolean_and_multi():
    yes_no = Question(id="b", kind="question", type="boolean", text="?", next="x")
    assert coerce(yes_no, True) is True
    with pytest.raises(AnswerError, match="expected true or false"):
        coerce(yes_no, "yes")
    multi = Question(
        id="m",
        kind="question",
        type="multi",
        text="?",
        next="x",
        options=[{"value": "a", "label": "A"}, {"value": "b", "label": "B"}],
    )
    assert coerce(multi, ["b", "a", "b"]) == ["a", "b"]  # canonical order, once each
    assert coerce(multi, []) == []
    with pytest.raises(AnswerError, match="expected a list"):
        coerce(multi, "a")
    with pytest.raises(AnswerError, match="'c' is not an option"):
        coerce(multi, ["a", "c"])
    assert allowed(multi) == "a list of any of: a, b ([] for none)"


def test_cross_answer_check(migraine):
    session = Session(migraine)
    session.fill(
        {
            "emergency_signs": [],
            "head_injury": "none",
            "age": 40,
            "urgent_signs": [],
            "pregnancy": "not_pregnant",
        }
    )
    assert session.current_id == "onset_age"
    with pytest.raises(AnswerError, match="cannot be more than your age now"):
        session.answer(41)
    session.answer(40)
    assert session.current_id == "routine_signs"


def test_proceed_only_from_information(small_flow):
    with pytest.raises(ValueError, match="not an information page"):
        Session(small_flow).proceed()


def test_info_pages_are_passed_by_fill(compile_text):
    flow = compile_text(
        """\
        tree: t
        version: "1"
        title: T
        start: hello
        nodes:
          - {id: hello, kind: info, text: Welcome, next: q}
          - {id: q, kind: question, type: boolean, text: Ok?, next: end}
          - {id: end, kind: outcome, recommendation: rest, urgency: none, title: End, text: End.}
        """
    )
    session = Session(flow)
    assert session.current_id == "hello"
    session.fill({"q": True})
    assert session.result().path == ["hello", "q", "end"]


def _path_answers(session: Session) -> dict:
    """The answers on the path, gathered the slow way: every question behind the current node."""
    return {
        n: session.remembered[n]
        for n in session.path[:-1]
        if n in session.remembered and isinstance(session.tree.nodes[n], Question)
    }


def some_answer(question: Question, draw):
    """Any answer the question alone accepts (a cross-answer check may still refuse it)."""
    options = tuple(question.option_values) if question.type in ("single", "multi") else ()
    return draw(_any(question.type, options, question.min, question.max))


@functools.cache
def _any(kind: str, options: tuple, low: int | None, high: int | None) -> st.SearchStrategy:
    """Made once for each kind of question (Hypothesis checks a new strategy when it is
    first drawn from, which cost more than the walk)."""
    match kind:
        case "boolean":
            return st.booleans()
        case "single":
            return st.sampled_from(options)
        case "multi":
            return st.lists(st.sampled_from(options), unique=True)
        case _:
            return st.integers(low, high)


MOVES = st.sampled_from(["answer", "answer", "answer", "back", "go_to"])


def random_move(session: Session, draw) -> None:
    """Answer (anything the question alone accepts), go back, or jump to an earlier stop."""
    node = session.current
    move = draw(MOVES)
    if move == "back":
        session.back()
    elif move == "go_to":
        stops = [n for n in session.path if not isinstance(session.tree.nodes[n], Route)]
        session.go_to(stops[draw(st.integers(0, len(stops) - 1))])
    elif isinstance(node, Info):
        session.proceed()
    elif isinstance(node, Question):
        with contextlib.suppress(AnswerError):  # a cross-answer check refused it
            session.answer(some_answer(node, draw))


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_answers_stay_in_step_with_the_path_through_any_moves(migraine, data):
    """Answers are kept as the walk grows and shrinks; they always equal the path's answers."""
    session = Session(migraine)
    for _ in range(data.draw(st.integers(1, 60), label="moves")):
        random_move(session, data.draw)
        expected = _path_answers(session)
        assert session.answers() == expected
        assert list(session.answers()) == list(expected)  # in the order asked
        assert session.answered == len(expected)
        assert session.answered_ids() == list(expected)
        assert session.progress()[0] == len(expected)
        if session.finished:
            assert session.result().answers == expected


def test_kept_counts_the_answers_a_move_left_alone(migraine):
    session = Session(migraine)
    session.fill({"emergency_signs": [], "head_injury": "none", "age": 40})
    assert session.kept == 2  # the third answer was added
    session.back()
    assert session.kept == 2  # back to 'age': its answer is no longer on the path
    session.go_to("emergency_signs")
    assert session.kept == 0
    assert session.answers() == {}


def test_routes_record_the_rule_they_took_and_forget_it_going_back(small_flow):
    session = Session(small_flow)
    session.answer("red")
    session.answer(7)
    assert session.decided == {"r": 0}
    session.go_to("q2")
    assert session.decided == {}
    session.answer(3)
    assert session.decided == {"r": 1}  # otherwise
    assert session.result().outcome == "end_few"


def test_what_the_walk_worked_out_is_forgotten_when_an_answer_changes(migraine):
    from tests.trees.test_migraine import BASE

    session = Session(migraine)
    session.fill(BASE)
    assert session.result().recommendation == "dry_needling"
    session.go_to("diagnosed")
    session.fill({**BASE, "diagnosed": False})
    result = session.result()
    assert result.outcome == "doctor_first_dry_needling"
    assert result.triggers == ["not_diagnosed"]
    # Which status rule decided is kept beside the status (not part of the contract).
    assert result.options["dry_needling"].rule is None
    assert "rule" not in result.contract()["options"]["dry_needling"]
