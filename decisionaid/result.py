"""The Result of a walk: what is recommended, how urgently, and why.

`Result.contract()` is the JSON of SPEC section 9; everything the interface and reports show
in words is derived from a Result and the tree (see `explain.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from decisionaid.conditions import Context, evaluate
from decisionaid.model import Band, Outcome, Question, SelectedTrigger, Tree


@dataclass(frozen=True)
class TherapyStatus:
    """A treatment option's status with the facts behind it."""

    status: str
    reasons: list[str] = field(default_factory=list)
    modifications: list[str] | None = None
    # Which status rule decided (its position in `rules`), None for `otherwise`: what test
    # coverage counts. Not part of the result contract.
    rule: int | None = field(default=None, compare=False)

    def contract(self) -> dict[str, Any]:
        out: dict[str, Any] = {"status": self.status, "reasons": list(self.reasons)}
        if self.modifications is not None:
            out["modifications"] = list(self.modifications)
        return out


def therapy_status(tree: Tree, therapy: str, ctx: Context) -> TherapyStatus:
    """The first status rule that applies gives the status; its true facts are the reasons."""
    spec = tree.therapies[therapy]
    empty = [] if spec.has_modifications else None
    for index, rule in enumerate(spec.rules):
        reasons = [f for f in rule.reasons if ctx.fact(f)]
        changes = [f for f in rule.modifications if ctx.fact(f)]
        applies = evaluate(rule.when, ctx) if rule.when is not None else bool(reasons or changes)
        if applies:
            modifications = changes if spec.has_modifications else None
            return TherapyStatus(rule.status, reasons, modifications, index)
    return TherapyStatus(spec.otherwise, [], empty)


def band_of(bands: list[Band], value: int) -> Band | None:
    for band in bands:
        if band.max is None or value <= band.max:
            return band
    return None


@dataclass(frozen=True)
class Result:
    tree: str
    tree_version: str
    outcome: str
    recommendation: str
    urgency: str
    add_on: str | None
    alternative: str | None
    triggers: list[str]
    options: dict[str, TherapyStatus] | None
    profile: list[str] | None
    scores: dict[str, int] | None
    answers: dict[str, Any]
    path: list[str]

    def contract(self) -> dict[str, Any]:
        """The result as SPEC section 9 defines it, ready for JSON."""
        return {
            "tree": self.tree,
            "tree_version": self.tree_version,
            "outcome": self.outcome,
            "recommendation": self.recommendation,
            "urgency": self.urgency,
            "add_on": self.add_on,
            "alternative": self.alternative,
            "triggers": list(self.triggers),
            "options": None
            if self.options is None
            else {name: status.contract() for name, status in self.options.items()},
            "profile": None if self.profile is None else list(self.profile),
            "scores": None if self.scores is None else dict(self.scores),
            "answers": dict(self.answers),
            "path": list(self.path),
        }


def triggers_at(tree: Tree, outcome: Outcome, ctx: Context) -> list[str]:
    found: list[str] = []
    for trigger in outcome.triggers:
        if isinstance(trigger, SelectedTrigger):
            question = tree.nodes[trigger.selected]
            assert isinstance(question, Question)
            answer = ctx.answer(trigger.selected)
            chosen = set(answer) if isinstance(answer, list) else {answer}
            found.extend(v for v in question.option_values if v in chosen)
        elif ctx.fact(trigger):
            found.append(trigger)
    return list(dict.fromkeys(found))


def build_result(
    tree: Tree, outcome: Outcome, ctx: Context, answers: dict[str, Any], path: list[str]
) -> Result:
    options = profile = scores = None
    if outcome.assessment:
        options = {name: therapy_status(tree, name, ctx) for name in tree.therapies}
        profile = [fact for fact in tree.main.profile if ctx.fact(fact)]
        scores = {name: ctx.score(name) for name, score in tree.scores.items() if score.report}
    return Result(
        tree=tree.id,
        tree_version=tree.version,
        outcome=outcome.id,
        recommendation=outcome.recommendation,
        urgency=outcome.urgency,
        add_on=outcome.add_on,
        alternative=outcome.alternative,
        triggers=triggers_at(tree, outcome, ctx),
        options=options,
        profile=profile,
        scores=scores,
        answers=answers,
        path=path,
    )
