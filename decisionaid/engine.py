"""A Session walking the graph: answer, back, jump, progress and result. No Textual here.

Routing is a pure function of a node and the answers given before it (`next_node`,
`answer_leads_to`, `rule_taken`), so a test can start at any node of a tree, as GOV.UK's
smart-answers tests its flows node by node; `walk_from` follows it from any node.
The interface, `assess` and the tests all drive the Session, so they cannot disagree.
Every step costs the same whatever the size of the tree or the length of the walk: it looks
only at the current node's edges, and the answers on the path are kept up to date as the walk
grows and shrinks rather than gathered again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from decisionaid.conditions import Context, evaluate
from decisionaid.errors import AnswerError
from decisionaid.graph import CompiledTree
from decisionaid.graph.dependencies import Key
from decisionaid.model import Info, Outcome, Question, Route
from decisionaid.result import Result, TherapyStatus, build_result, therapy_status
from decisionaid.safetext import shown


def allowed(question: Question) -> str:
    """What a question accepts, in words, for error messages."""
    match question.type:
        case "boolean":
            return "true or false"
        case "single":
            return "one of: " + _some(question.option_values)
        case "multi":
            return "a list of any of: " + _some(question.option_values) + " ([] for none)"
        case _:
            return f"a whole number from {question.min} to {question.max}"


def _some(values: list[str], most: int = 30) -> str:
    """Values for a message: all of them, or the first few and how many more."""
    if len(values) <= most:
        return ", ".join(values)
    return ", ".join(values[:most]) + f" … and {len(values) - most:,} more"


def coerce(question: Question, value: Any) -> Any:
    """Check one answer against its question alone; return it in canonical form."""
    qid, kind = question.id, question.type
    if kind == "boolean":
        if not isinstance(value, bool):
            raise AnswerError(qid, f"expected true or false, got {shown(value)}", allowed(question))
        return value
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int):
            raise AnswerError(
                qid, f"expected a whole number, got {shown(value)}", allowed(question)
            )
        assert question.min is not None and question.max is not None
        if not question.min <= value <= question.max:
            raise AnswerError(qid, f"{shown(value)} is out of range", allowed(question))
        return value
    if kind == "single":
        if not isinstance(value, str) or value not in question.option_positions:
            raise AnswerError(qid, f"{shown(value)} is not an option", allowed(question))
        return value
    if not isinstance(value, list | tuple):
        raise AnswerError(qid, f"expected a list, got {shown(value)}", allowed(question))
    positions = question.option_positions
    unknown = [v for v in value if not isinstance(v, str) or v not in positions]
    if unknown:
        raise AnswerError(qid, f"{shown(unknown[0])} is not an option", allowed(question))
    # In the order of the options, each once.
    return sorted(set(value), key=positions.__getitem__)


Rules = list[tuple[int, str, dict[str, Any]]]


def answer_leads_to(flow: CompiledTree, question: str, value: Any) -> str:
    """Where an answer to a question leads: its option's own `next`, else the question's."""
    fallback = None
    # The adjacency itself rather than `out_edges`: building edge views costs more than the
    # rest of a step.
    for target, edges in flow.graph.succ[question].items():
        for data in edges.values():
            if data["kind"] == "answer" and value in data["values"]:
                return target
            if data["kind"] == "next":
                fallback = target
    assert fallback is not None, "validation guarantees a way on"
    return fallback


def rules_of(flow: CompiledTree, route: str) -> Rules:
    """A route's edges in rule order (`otherwise` last): (position, target, edge data)."""
    return sorted(
        (
            (data["order"], target, data)
            for target, keyed in flow.graph.succ[route].items()
            for data in keyed.values()
        ),
        key=lambda edge: edge[0],
    )


def rule_taken(rules: Rules, context: Context) -> tuple[int, str]:
    """The first rule of a route that holds (its position and target); `otherwise` holds."""
    for position, target, data in rules:
        if data["kind"] == "otherwise" or evaluate(data["when"], context):
            return position, target
    raise AssertionError("a route always has 'otherwise'")  # pragma: no cover


def next_node(flow: CompiledTree, node: str, answers: Mapping[str, Any]) -> str:
    """Where a walk goes from `node`, given the answers before it (and, at a question, its
    own answer): a pure function of the node and the answers. An outcome goes nowhere."""
    found = flow.tree.nodes[node]
    if isinstance(found, Question):
        return answer_leads_to(flow, node, answers[node])
    if isinstance(found, Info):
        return found.next
    if isinstance(found, Route):
        return rule_taken(rules_of(flow, node), Evaluation(flow, answers))[1]
    raise ValueError(f"'{node}' is an outcome: a walk ends there")


def walk_from(flow: CompiledTree, start: str, answers: Mapping[str, Any]) -> list[str]:
    """The walk from any node with these answers: every node passed, up to the first
    question without an answer, or the outcome. Answers are checked by the Session, not
    here: this is routing alone."""
    path = [start]
    while True:
        node = flow.tree.nodes[path[-1]]
        if isinstance(node, Outcome) or (isinstance(node, Question) and node.id not in answers):
            return path
        path.append(next_node(flow, node.id, answers))


class Evaluation:
    """Facts, scores and treatment statuses worked out from a set of answers, each once and
    after everything it reads: what the engine routes with, and how authoring tries a set of
    answers at one route without walking."""

    def __init__(self, flow: CompiledTree, answers: Mapping[str, Any]):
        self.tree = flow.tree
        self.depends = flow.depends
        self.given = answers
        self.facts: dict[str, bool] = {}
        self.statuses: dict[str, TherapyStatus] = {}

    def answer(self, question: str) -> Any:
        return self.given[question]

    def fact(self, fact: str) -> bool:
        if fact not in self.facts:
            self._work_out(("fact", fact))
        return self.facts[fact]

    def score(self, score: str) -> int:
        return sum(self.answer(q) for q in self.tree.scores[score].sum)

    def status(self, therapy: str) -> str:
        return self.therapy(therapy).status

    def therapy(self, therapy: str) -> TherapyStatus:
        if therapy not in self.statuses:
            self._work_out(("status", therapy))
        return self.statuses[therapy]

    def _known(self, key: Key) -> bool:
        return key[1] in (self.facts if key[0] == "fact" else self.statuses)

    def _work_out(self, goal: Key) -> None:
        """Work out a fact or status after everything it reads, deepest first.

        The compiled tree lists what each reads (validation proved there are no loops), and
        this stack of our own follows it: when a condition is finally evaluated, every fact
        and status it asks for is already known, so a chain of thousands of facts never
        nests Python calls (it would end in RecursionError).
        """
        depends = self.depends
        stack: list[tuple[Key, bool]] = [(goal, False)]
        while stack:
            key, ready = stack.pop()
            if self._known(key):
                continue
            if not ready:
                stack.append((key, True))
                stack.extend((k, False) for k in depends[key] if not self._known(k))
            elif key[0] == "fact":
                self.facts[key[1]] = evaluate(self.tree.facts[key[1]].when, self)
            else:
                self.statuses[key[1]] = therapy_status(self.tree, key[1], self)


class _Evaluation(Evaluation):
    """Answers on the path, with facts and scores worked out once per step."""

    def __init__(self, session: Session, extra: tuple[str, Any] | None = None):
        # The session's own record, read but never copied or changed: copying it would make
        # every step cost as much as the walk is long.
        super().__init__(session.flow, session._given)
        self.extra = extra

    def answer(self, question: str) -> Any:
        if self.extra is not None and self.extra[0] == question:
            return self.extra[1]
        try:
            return self.given[question]
        except KeyError:
            # Validation proves this cannot happen on a valid tree (use-before-ask).
            raise RuntimeError(f"'{question}' was read before it was asked") from None


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
        self._rules: dict[str, Rules] = {}
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
        return answer_leads_to(self.flow, question.id, value)

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
        rules = self._rules.get(node.id)
        if rules is None:
            rules = self._rules[node.id] = rules_of(self.flow, node.id)
        position, target = rule_taken(rules, self.evaluation())
        self.decided[node.id] = position
        return target
