"""One walk of a tree on a set of answers, with the record of what it took on the graph.

The engine's Session does the walking; this keeps what coverage and `diff` need from it: the
path, the rule each route took, the edge out of every node, the answers given on the way and
the result (or why there is none). The same set of answers always gives the same Walk.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from decisionaid.engine import Session, allowed
from decisionaid.errors import AnswerError
from decisionaid.graph import CompiledTree
from decisionaid.model import Question, Route
from decisionaid.result import Result

# An edge of the tree's graph, as networkx names it in a MultiDiGraph: (from, to, key).
Edge = tuple[str, str, int]


@dataclass
class Walk:
    """What happened when a tree was walked on some answers."""

    path: list[str]
    given: dict[str, Any]  # the answers to the questions on the path, as the engine holds them
    decided: dict[str, int]  # route id -> the position of the rule it took (len(rules): otherwise)
    result: Result | None = None
    # Why there is no result: an answer the tree does not accept, or one it needs and lacks.
    error: AnswerError | None = None
    flow: CompiledTree | None = field(default=None, repr=False)

    @cached_property
    def edges(self) -> set[Edge]:
        """The edges taken (worked out when first asked: most walks are never asked)."""
        assert self.flow is not None
        return set(edges_taken(self.flow, self))

    @property
    def finished(self) -> bool:
        return self.result is not None

    @property
    def outcome(self) -> str | None:
        return self.result.outcome if self.result is not None else None


def walk(flow: CompiledTree, answers: Mapping[str, Any]) -> Walk:
    """Walk from the start with these answers as far as they go.

    Answers to questions the walk does not reach are ignored, as `assess` ignores them.
    """
    return _record(Session(flow), answers)


class Walker:
    """Walks one tree on many sets of answers with one session: each walk goes back to the
    first question whose answer differs from the walk before, and goes on from there, as a
    person changing an answer would. Sets that share their first answers (sorted sets, or an
    example with one answer changed) cost only the steps after the change."""

    def __init__(self, flow: CompiledTree):
        self.flow = flow
        self.session = Session(flow)

    def walk(self, answers: Mapping[str, Any]) -> Walk:
        session = self.session
        for question in session.answered_ids():
            if question not in answers or not _equal(
                answers[question], session.answer_on_path(question)
            ):
                session.go_to(question)
                break
        return _record(session, answers)


def _equal(given: Any, held: Any) -> bool:
    """The same answer as the session holds (a list in another order counts as different,
    which only costs a replay)."""
    return given == held and type(given) is type(held)


def _record(session: Session, answers: Mapping[str, Any]) -> Walk:
    flow = session.flow
    error = None
    try:
        session.fill(answers)
    except AnswerError as exc:
        error = exc
    if error is None and not session.finished:
        node = session.current
        if isinstance(node, Question):
            error = AnswerError(node.id, "this answer is needed but missing", allowed(node))
    done = Walk(
        list(session.path), session.answers(), dict(session.decided), error=error, flow=flow
    )
    if error is None:
        done.result = session.result()
    return done


def edges_taken(flow: CompiledTree, done: Walk) -> Iterator[Edge]:
    """The graph edge by which the walk left each node on its path, chosen as the engine
    chooses it: a route's rule, a question's answer edge (else its `next`), a page's `next`."""
    succ = flow.graph.succ
    for here, there in zip(done.path, done.path[1:], strict=False):
        node = flow.tree.nodes[here]
        keyed = succ[here][there]
        key = None
        if isinstance(node, Route):
            key = next(k for k, d in keyed.items() if d["order"] == done.decided[here])
        elif isinstance(node, Question):
            value = done.given[here]
            for k, d in keyed.items():
                if d["kind"] == "answer" and value in d["values"]:
                    key = k
                    break
            else:
                key = next(k for k, d in keyed.items() if d["kind"] == "next")
        else:
            key = next(iter(keyed))
        yield (here, there, key)
