"""The typed explanation of a screening, and its saved form.

An Explanation holds every word of a tree that a result shows (titles, reasons, the options
with what they are like, the safety net, sources, 'about this aid'), chosen for the mode it
was made in, so a saved screening reads the same years later whatever happens to its tree.
`explain.py` makes one from a tree and a Result; `layout.py` decides how it is shown.

Saved as JSON with a `format` number. Records without one were written by the first release
(tree 1.0.0): a flat dict of the result's words, read here into the same type.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

FORMAT = 2


class ExplanationError(ValueError):
    """A saved explanation this version cannot read (damaged, or from a newer version)."""


@dataclass(frozen=True)
class SourceWords:
    """One cited source as a line. `kind` is evidence or background; None in records saved
    before the two were told apart."""

    text: str
    kind: str | None = "evidence"


@dataclass(frozen=True)
class ProfileWords:
    """A profile the answers may be consistent with, and what it means in plain words."""

    label: str
    explanation: str | None = None


@dataclass(frozen=True)
class ScoreWords:
    label: str
    value: int
    band: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class SafetyNetWords:
    """Safety-net lines under one heading (None for the plain lines of older trees)."""

    heading: str | None
    items: list[str]
    urgency: str | None = None


@dataclass(frozen=True)
class OptionWords:
    """One option to weigh: a recommendation of the tree, with its status when it is a
    treatment that was assessed, and what a person needs to know to compare it."""

    id: str
    label: str
    role: str | None = None  # recommendation, add_on or alternative: how the result offers it
    status: str | None = None  # a treatment's status (suitable, modified, caution, ...)
    meaning: str | None = None  # what that status means, in the tree's words
    reasons: list[str] = field(default_factory=list)
    modifications: list[str] = field(default_factory=list)
    text: str | None = None  # what it is
    what_it_is_like: str | None = None
    benefits: str | None = None
    certainty: str | None = None
    harms: str | None = None


@dataclass(frozen=True)
class AboutWords:
    """'About this aid': who wrote it, who paid for it, and when its evidence was reviewed."""

    author: str
    funding: str
    conflicts_of_interest: str
    evidence_reviewed: str
    next_review: str
    evidence: str | None = None
    # Reading the aid's authors found useful (clinic websites and the like), one line each:
    # listed here, with the aid, never beside a result as the evidence for its advice.
    background: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ResultWords:
    """The words of a finished walk's result."""

    title: str
    urgency: str
    recommendation: str  # the label of what is suggested
    body: str
    add_on: str | None = None
    alternative: str | None = None
    reasons: list[str] = field(default_factory=list)
    assessed: bool = False  # the walk reached the treatment questions (options are reported)
    # The walk ended before questions other walks go on to ask (a warning sign, say): True or
    # False; None in records saved before this was kept, read as "not assessed".
    stopped_early: bool | None = None
    decision: str | None = None
    options: list[OptionWords] = field(default_factory=list)
    priorities: list[str] | None = None  # None when the question was not asked
    profile: list[ProfileWords] = field(default_factory=list)
    scores: list[ScoreWords] = field(default_factory=list)
    safety_net: list[SafetyNetWords] = field(default_factory=list)
    sources: list[SourceWords] = field(default_factory=list)


@dataclass(frozen=True)
class Explanation:
    """What a screening shows in words: the aid's own details always, the result once the
    walk has ended. `mode` is the mode its words were chosen for (None in first-release
    records, whose words are all self-assessment words)."""

    mode: str | None
    about: AboutWords | None = None
    result: ResultWords | None = None
    format: int = FORMAT

    def to_data(self) -> dict[str, Any]:
        """The saved form: plain JSON-ready data, in the current format (a first-release
        record read back is written in the current shape, so it says so)."""
        return {**asdict(self), "format": FORMAT}

    @classmethod
    def from_data(cls, data: Any) -> Explanation:
        """Read a saved explanation of any format this version knows."""
        if not isinstance(data, dict):
            raise ExplanationError("a saved explanation is not a JSON object")
        version = data.get("format", 1)
        if version == 1:
            return _first_release(data)
        if version != FORMAT:
            raise ExplanationError(
                f"the explanation was saved in format {version}; this version of decisionaid "
                f"reads formats 1 to {FORMAT}. Update decisionaid to read it"
            )
        try:
            result = data.get("result")
            about = data.get("about")
            return cls(
                mode=data.get("mode"),
                about=AboutWords(**about) if about else None,
                result=_result(result) if result else None,
            )
        except (TypeError, KeyError) as exc:
            raise ExplanationError(f"a saved explanation is damaged ({exc})") from None


def _result(data: dict[str, Any]) -> ResultWords:
    return ResultWords(
        **{
            **data,
            "options": [OptionWords(**o) for o in data.get("options", [])],
            "profile": [ProfileWords(**p) for p in data.get("profile", [])],
            "scores": [ScoreWords(**s) for s in data.get("scores", [])],
            "safety_net": [SafetyNetWords(**g) for g in data.get("safety_net", [])],
            "sources": [SourceWords(**s) for s in data.get("sources", [])],
        }
    )


def _first_release(data: dict[str, Any]) -> Explanation:
    """A record from tree 1.0.0: the result's words in one flat dict, every line kept."""
    try:
        options = [
            OptionWords(
                id=o["therapy"],
                label=o["label"],
                status=o["status"],
                meaning=o.get("meaning"),
                reasons=list(o.get("reasons", [])),
                modifications=list(o.get("modifications", [])),
            )
            for o in data.get("options", [])
        ]
        result = ResultWords(
            title=data["title"],
            urgency=data["urgency"],
            recommendation=data["recommendation"],
            body=data.get("body", ""),
            add_on=data.get("add_on"),
            alternative=data.get("alternative"),
            reasons=list(data.get("reasons", [])),
            assessed=bool(options),
            options=options,
            profile=[ProfileWords(label) for label in data.get("profile", [])],
            scores=[ScoreWords(**s) for s in data.get("scores", [])],
            safety_net=[SafetyNetWords(None, list(data["safety_net"]))]
            if data.get("safety_net")
            else [],
            sources=[SourceWords(text, None) for text in data.get("sources", [])],
        )
    except (TypeError, KeyError) as exc:
        raise ExplanationError(f"a saved explanation is damaged ({exc})") from None
    return Explanation(mode=None, result=result, format=1)


def read_explanation(data: Any) -> Explanation | None:
    """A stored explanation (None stays None)."""
    return None if data is None else Explanation.from_data(data)
