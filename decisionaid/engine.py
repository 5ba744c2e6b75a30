"""A Session walking the graph: answer, back, jump, progress and result. No Textual here.

The interface, `assess` and the tests all drive this one class, so they cannot disagree.
Every step costs the same whatever the size of the tree or the length of the walk: it looks
only at the current node's edges, and the answers on the path are kept up to date as the walk
grows and shrinks rather than gathered again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from decisionaid.conditions import evaluate
from decisionaid.errors import AnswerError
from decisionaid.graph import CompiledTree
from decisionaid.model import Info, Outcome, Question, Route
from decisionaid.result import Result, TherapyStatus, build_result, therapy_status


def allowed(question: Question) -> str:
    """What a question accepts, in words, for error messages."""
    match question.type:
        case "boolean":
            return "true or false"
        case "single":
            return "one of: " + ", ".join(question.option_values)
        case "multi":
            return "a list of any of: " + ", ".join(question.option_values) + " ([] for none)"
        case _:
            return f"a whole number from {question.min} to {question.max}"


def coerce(question: Question, value: Any) -> Any:
    """Check one answer against its question alone; return it in canonical form."""
    qid, kind = question.id, question.type
    if kind == "boolean":
        if not isinstance(value, bool):
            raise AnswerError(qid, f"expected true or false, got {value!r}", allowed(question))
        return value
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int):
            raise AnswerError(qid, f"expected a whole number, got {value!r}", allowed(question))
        assert question.min is not None and question.max is not None
        if not question.min <= value <= question.max:
            raise AnswerError(qid, f"{value} is out of range", allowed(question))
        return value
    if kind == "single":
        if not isinstance(value, str) or value not in question.option_values:
            raise AnswerError(qid, f"{value!r} is not an option", allowed(question))
        return value
    if not isinstance(value, list | tuple):
        raise AnswerError(qid, f"expected a list, got {value!r}", allowed(question))
    unknown = [v for v in value if not isinstance(v, str) or v not in question.option_values]
    if unknown:
        raise AnswerError(qid, f"{unknown[0]!r} is not an option", allowed(question))
    return [v for v in question.option_values if v in value]


class _Evaluation:
    """Answers on the path, with facts and scores worked out once per step."""

    def __init__(self, session: Session, extra: tuple[str, Any] | None = None):
        self.tree = session.tree
        # The session's own record, read but never copied or changed: copying it would make
        # every step cost as much as the walk is long.
        self.given = session._given
        self.extra = extra
        self.facts: dict[str, bool] = {}
        self.statuses: dict[str, TherapyStatus] = {}

    def answer(self, question: str) -> Any:
        if self.extra is not None and self.extra[0] == question:
            return self.extra[1]
        try:
            return self.given[question]
        except KeyError:
            # Validation proves this cannot happen on a valid tree (use-before-ask).
            raise RuntimeError(f"'{question}' was read before it was asked") from None

    def fact(self, fact: str) -> bool:
        if fact not in self.facts:
            self.facts[fact] = evaluate(self.tree.facts[fact].when, self)
        return self.facts[fact]

    def score(self, score: str) -> int:
        return sum(self.answer(q) for q in self.tree.scores[score].sum)

    def status(self, therapy: str) -> str:
        return self.therapy(therapy).status

    def therapy(self, therapy: str) -> TherapyStatus:
        if therapy not in self.statuses:
            self.statuses[therapy] = therapy_status(self.tree, therapy, self)
        return self.statuses[therapy]


class Session:
    """One walk through a tree."""

    def __init__(self, flow: CompiledTree):
        self.flow = flow
        self.tree = flow.tree
        self.graph = flow.graph
        self.path: list[str] = []
        self.remembered: dict[str, Any] = {}
        # Kept in step with the path: where each node stands on it, and the answers behind us
        # (in the order asked, so that their positions match `answered_ids`).
        self._where: dict[str, int] = {}
        self._given: dict[str, Any] = {}
        self._asked: list[str] = []
        # How many leading answers have stayed the same through the latest move (see `kept`).
        self.kept = 0
        self._evaluation: _Evaluation | None = None
        # Which rule each route on the path took (its position; `len(rules)` is `otherwise`):
        # what test coverage and `decisionaid diff` read, recorded as the walk goes.
        self.decided: dict[str, int] = {}
        # Each route's edges in rule order, sorted the first time the route is passed.
        self._rules: dict[str, list[tuple[int, str, dict[str, Any]]]] = {}
        # Called after every move (answer, page turned, back, jump): how saving keeps up.
        self.observers: list[Callable[[Session], None]] = []
        self._enter(self.tree.start)

    # where we are -----------------------------------------------------------------------

    @property
    def current_id(self) -> str:
        return self.path[-1]

    @property
    def current(self) -> Question | Info | Outcome:
        node = self.tree.nodes[self.current_id]
        assert not isinstance(node, Route)
        return node

    @property
    def finished(self) -> bool:
        return isinstance(self.current, Outcome)

    def answers(self) -> dict[str, Any]:
        """Answers to the questions on the path behind us, in the order asked (a copy)."""
        return dict(self._given)

    @property
    def answered(self) -> int:
        """How many questions on the path behind us have been answered."""
        return len(self._asked)

    def answer_on_path(self, question: str) -> Any:
        """The answer a question on the path behind us was given (KeyError if none)."""
        return self._given[question]

    def answered_ids(self, start: int = 0) -> list[str]:
        """The answered questions on the path, in order, from position `start` on."""
        return self._asked[start:]

    def earlier_answer(self, question: str) -> Any:
        """An answer given before (perhaps on a branch since left), to offer again."""
        return self.remembered.get(question)

    def progress(self) -> tuple[int, int, int]:
        """(questions answered, fewest still to come, most still to come)."""
        low, high = self.flow.remaining[self.current_id]
        return self.answered, low, high

    def evaluation(self) -> _Evaluation:
        if self._evaluation is None:
            self._evaluation = _Evaluation(self)
        return self._evaluation

    # moving -----------------------------------------------------------------------------

    def check(self, value: Any, question: Question | None = None) -> Any:
        """Validate an answer for the current question (or another) without giving it."""
        question = question or self._question()
        value = coerce(question, value)
        if question.checks:
            trial = _Evaluation(self, (question.id, value))
            for rule in question.checks:
                if not evaluate(rule.require, trial):
                    raise AnswerError(question.id, rule.message)
        return value

    def answer(self, value: Any) -> None:
        """Give the answer to the current question and move on."""
        question = self._question()
        value = self.check(value, question)
        self.remembered[question.id] = value
        self.kept = len(self._asked)
        self._given[question.id] = value
        self._asked.append(question.id)
        self._enter(self._next_after(question, value))
        self._changed()

    def proceed(self) -> None:
        """Move on from an information page."""
        node = self.current
        if not isinstance(node, Info):
            raise ValueError(f"'{node.id}' is not an information page")
        self.kept = len(self._asked)
        self._enter(node.next)
        self._changed()

    def back(self) -> bool:
        """Go back to the previous question or page; its answer stays to be offered again."""
        # Scanning back from the end costs only the routes passed, not the walk's length.
        for i in range(len(self.path) - 2, -1, -1):
            if not isinstance(self.tree.nodes[self.path[i]], Route):
                self._truncate(i)
                self._changed()
                return True
        return False

    def go_to(self, question: str) -> None:
        """Return to a question already on the path (to change its answer)."""
        if question not in self._where or isinstance(self.tree.nodes[question], Route):
            raise ValueError(f"'{question}' is not a question or page on the path")
        self._truncate(self._where[question])
        self._changed()

    def fill(self, answers: Mapping[str, Any], stop_at: str | None = None) -> None:
        """Answer from a mapping for as long as it has the answer to the current question.

        With `stop_at`, stop on reaching that node (to resume exactly where a walk was left).
        """
        while not self.finished and self.current_id != stop_at:
            node = self.current
            if isinstance(node, Info):
                self.proceed()
            elif node.id in answers:
                self.answer(answers[node.id])
            else:
                return

    def result(self) -> Result:
        node = self.current
        if not isinstance(node, Outcome):
            raise ValueError("the walk has not reached an outcome yet")
        return build_result(self.tree, node, self.evaluation(), self.answers(), list(self.path))

    # internals --------------------------------------------------------------------------

    def _changed(self) -> None:
        for observer in self.observers:
            observer(self)

    def _question(self) -> Question:
        node = self.current
        if not isinstance(node, Question):
            raise ValueError(f"'{node.id}' is not a question")
        return node

    def _next_after(self, question: Question, value: Any) -> str:
        fallback: str | None = None
        target: str
        # The adjacency itself rather than `out_edges`: building edge views costs more than
        # the rest of a step.
        for target, edges in self.graph.succ[question.id].items():
            for data in edges.values():
                if data["kind"] == "answer" and value in data["values"]:
                    return target
                if data["kind"] == "next":
                    fallback = target
        assert fallback is not None, "validation guarantees a way on"
        return fallback

    def _enter(self, node_id: str) -> None:
        # The evaluation is kept as the walk grows: facts and statuses read only answers
        # already given (validation proves it), so what it worked out stays true until an
        # answer is taken back (`_truncate`).
        self._step(node_id)
        while isinstance(node := self.tree.nodes[self.current_id], Route):
            self._step(self._route(node))

    def _step(self, node_id: str) -> None:
        self._where[node_id] = len(self.path)
        self.path.append(node_id)

    def _truncate(self, last: int) -> None:
        """Make path[last] the current node again, forgetting the walk after it and its answer.

        The cost is the number of steps undone.
        """
        while len(self.path) > last + 1:
            undone = self.path.pop()
            del self._where[undone]
            self.decided.pop(undone, None)
        while self._asked and self._where.get(self._asked[-1], last) >= last:
            del self._given[self._asked.pop()]
        self.kept = len(self._asked)
        self._evaluation = None

    def _route(self, node: Route) -> str:
        evaluation = self.evaluation()
        edges = self._rules.get(node.id)
        if edges is None:
            edges = self._rules[node.id] = sorted(
                (
                    (data["order"], target, data)
                    for target, keyed in self.graph.succ[node.id].items()
                    for data in keyed.values()
                ),
                key=lambda edge: edge[0],
            )
        for _, target, data in edges:
            if data["kind"] == "otherwise" or evaluate(data["when"], evaluation):
                self.decided[node.id] = data["order"]
                return target
        raise AssertionError("a route always has 'otherwise'")  # pragma: no cover
