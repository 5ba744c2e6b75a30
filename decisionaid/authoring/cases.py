"""Worked cases kept beside a tree: read them, check them against the tree, run them, and say
field by field where a result differs from what a case expects.

A case file is YAML in the shape of the public vignettes: `name`, an optional `description`,
`answers` (question id to answer) and `expect`, any part of the result contract (SPEC §9).
Lists are compared as sets; in `options`, `scores` and `answers` only the keys a case gives
are compared. Every problem with a case file is a `CaseError` naming file, line and column.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from decisionaid import yamlfile
from decisionaid.authoring.walks import Walk, walk
from decisionaid.engine import coerce
from decisionaid.errors import AnswerError, DecisionAidError, Location, Problem, TreeError
from decisionaid.graph import CompiledTree

CASE_FIELDS = ("name", "description", "answers", "expect")
CONTRACT_FIELDS = (
    "tree",
    "tree_version",
    "outcome",
    "recommendation",
    "urgency",
    "add_on",
    "alternative",
    "triggers",
    "options",
    "profile",
    "scores",
    "answers",
    "path",
)
THERAPY_FIELDS = ("status", "reasons", "modifications")
_TEXT = ("tree", "tree_version", "outcome", "recommendation", "urgency")
_TEXT_OR_NULL = ("add_on", "alternative")
_LISTS = ("triggers", "path")


class CaseError(DecisionAidError):
    """Case files that cannot be used, with every problem found and where."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class Case:
    name: str
    description: str | None
    answers: dict[str, Any]
    expect: dict[str, Any]
    file: str
    raw: Any = None  # the located YAML it was read from

    def where(self, *path: Any) -> Location:
        """The place of a field (such as "expect", "options") in the case file."""
        return yamlfile.locate(self.raw, path, self.file)

    def where_key(self, *path: Any) -> Location:
        """The place of the last key of a path itself (for unknown or duplicate keys)."""
        parent = self.raw
        for step in path[:-1]:
            parent = parent[step]
        return yamlfile.locate_key(parent, path[-1], self.file)


@dataclass
class Difference:
    """One field of the result that is not what the case expects."""

    field: str  # a path such as options.dry_needling.status
    expected: Any
    got: Any
    location: Location

    def __str__(self) -> str:
        text = (
            f"{self.location}: {self.field}: expected {show(self.expected)}, got {show(self.got)}"
        )
        if isinstance(self.expected, list) and isinstance(self.got, list):
            missing = [v for v in self.expected if _key(v) not in {_key(g) for g in self.got}]
            extra = [v for v in self.got if _key(v) not in {_key(e) for e in self.expected}]
            parts = []
            if missing:
                parts.append("missing " + ", ".join(show(v) for v in missing))
            if extra:
                parts.append("not expected " + ", ".join(show(v) for v in extra))
            if parts:
                text += f" ({'; '.join(parts)})"
        return text


NOT_THERE = object()  # a field the result does not have


def show(value: Any) -> str:
    """A value as a case file would write it (YAML flow style, briefly)."""
    if value is NOT_THERE:
        return "nothing (not in the result)"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {show(v)}" for k, v in value.items()) + "}"
    return str(value)


@dataclass
class CaseRun:
    """A case run on a tree: the walk and what differs from the expected result."""

    case: Case
    walk: Walk
    differences: list[Difference] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.differences


# --- finding and reading -------------------------------------------------------------------


def default_folder(tree_path: Path) -> Path:
    """Where a tree keeps its cases: `<tree stem>/cases/` beside the tree file."""
    return tree_path.parent / tree_path.stem / "cases"


def find(paths: Iterable[Path]) -> list[Path]:
    """Case files named, or found (recursively, *.yaml and *.yml) in the folders named."""
    found: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml"))
            if not inside:
                problems.append(
                    Problem("no case files (*.yaml) in this folder", Location(str(path), 1, 1))
                )
            found.extend(p for p in inside if p.is_file())
        elif path.exists():
            found.append(path)
        else:
            problems.append(Problem("no such file or folder", Location(str(path), 1, 1)))
    if problems:
        raise CaseError(problems)
    return found


def _unknown(key: Any, known: Iterable[str], what: str) -> str:
    close = difflib.get_close_matches(str(key), list(known), n=1)
    hint = f"; did you mean '{close[0]}'?" if close else f" ({what}: {', '.join(known)})"
    return f"unknown field '{key}'{hint}"


def read(path: Path) -> Case:
    """Read one case file; its shape is checked here, its answers against a tree in `check`."""
    name = str(path)
    try:
        raw = yamlfile.load(path, name)
    except TreeError as exc:
        raise CaseError(exc.problems) from None
    if not isinstance(raw, dict):
        where = Location(name, *getattr(raw, "mark", (1, 1)))
        raise CaseError([Problem("a case file is a mapping with name, answers and expect", where)])
    problems: list[Problem] = []

    def problem(message: str, where: Location) -> None:
        problems.append(Problem(message, where))

    for key in raw:
        if key not in CASE_FIELDS:
            problem(_unknown(key, CASE_FIELDS, "a case has"), yamlfile.locate_key(raw, key, name))
    top = yamlfile.locate(raw, (), name)
    for required in ("name", "answers", "expect"):
        if required not in raw:
            problem(f"missing required field '{required}'", top)
    case_name = raw.get("name")
    if "name" in raw and not (isinstance(case_name, str) and case_name.strip()):
        problem("'name' must be text", yamlfile.locate(raw, ("name",), name))
    description = raw.get("description")
    if description is not None and not isinstance(description, str):
        problem("'description' must be text", yamlfile.locate(raw, ("description",), name))
    answers = raw.get("answers", {})
    if not isinstance(answers, dict):
        problem(
            "'answers' must be a mapping of question id to answer",
            yamlfile.locate(raw, ("answers",), name),
        )
    else:
        for key in answers:
            if not isinstance(key, str):
                problem(
                    f"question ids are text, not {key!r}", yamlfile.locate_key(answers, key, name)
                )
    expect = raw.get("expect", {})
    if "expect" in raw:
        problems.extend(_expect_problems(expect, raw, name))
    if problems:
        raise CaseError(problems)
    assert isinstance(case_name, str)  # a missing or empty name was a problem above
    return Case(case_name, description, dict(answers), dict(expect), name, raw)


def _expect_problems(expect: Any, raw: Any, file: str) -> list[Problem]:
    """The shape of `expect`: known fields of the result contract, each of the right type."""
    found: list[Problem] = []

    def at(*path: Any) -> Location:
        return yamlfile.locate(raw, ("expect", *path), file)

    def bad(message: str, *path: Any) -> None:
        found.append(Problem(message, at(*path)))

    if not isinstance(expect, dict) or not expect:
        bad("'expect' must be a mapping with at least one field of the result")
        return found
    for key, value in expect.items():
        if key not in CONTRACT_FIELDS:
            where = yamlfile.locate_key(expect, key, file)
            found.append(Problem(_unknown(key, CONTRACT_FIELDS, "the result has"), where))
        elif key in _TEXT and not isinstance(value, str):
            bad(f"'{key}' must be text", key)
        elif key in _TEXT_OR_NULL and not (value is None or isinstance(value, str)):
            bad(f"'{key}' must be text or null", key)
        elif key in _LISTS and not _text_list(value):
            bad(f"'{key}' must be a list of ids", key)
        elif key == "profile" and not (value is None or _text_list(value)):
            bad("'profile' must be a list of ids or null", key)
        elif key == "answers" and not isinstance(value, dict):
            bad("'answers' must be a mapping of question id to answer", key)
        elif key == "scores" and not (
            value is None
            or (
                isinstance(value, dict)
                and all(isinstance(v, int) and not isinstance(v, bool) for v in value.values())
            )
        ):
            bad("'scores' must map score ids to whole numbers, or be null", key)
        elif key == "options" and value is not None:
            found.extend(_options_problems(value, expect, raw, file))
    return found


def _options_problems(options: Any, expect: Any, raw: Any, file: str) -> list[Problem]:
    found: list[Problem] = []
    if not isinstance(options, dict):
        where = yamlfile.locate(raw, ("expect", "options"), file)
        return [Problem("'options' must map treatment options to their status, or be null", where)]
    for therapy, status in options.items():
        where = yamlfile.locate(raw, ("expect", "options", therapy), file)
        if not isinstance(status, dict):
            found.append(Problem("a treatment option's entry is a mapping (status, ...)", where))
            continue
        for key, value in status.items():
            place = yamlfile.locate(raw, ("expect", "options", therapy, key), file)
            if key not in THERAPY_FIELDS:
                found.append(
                    Problem(
                        _unknown(key, THERAPY_FIELDS, "a status has"),
                        yamlfile.locate_key(status, key, file),
                    )
                )
            elif key == "status" and not isinstance(value, str):
                found.append(Problem("'status' must be text", place))
            elif key != "status" and not _text_list(value):
                found.append(Problem(f"'{key}' must be a list of ids", place))
    return found


def _text_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def read_all(paths: Iterable[Path]) -> tuple[list[Case], list[Problem]]:
    """Every readable case, and the problems of those that are not (duplicate names too)."""
    cases: list[Case] = []
    problems: list[Problem] = []
    first: dict[str, Case] = {}
    for path in paths:
        try:
            case = read(path)
        except CaseError as exc:
            problems.extend(exc.problems)
            continue
        if case.name in first:
            problems.append(
                Problem(
                    f"duplicate case name '{case.name}' (first used at "
                    f"{first[case.name].where('name')})",
                    case.where("name"),
                )
            )
            continue
        first[case.name] = case
        cases.append(case)
    return cases, problems


# --- checking against a tree, and running --------------------------------------------------


def check(case: Case, flow: CompiledTree) -> tuple[Walk | None, list[Problem]]:
    """Check a case's answers and expected fields against the tree, and walk it.

    Problems: a question id the tree does not have, an answer its question does not accept
    (wherever the question stands), a treatment option, score or question in `expect` that
    the tree does not have, and answers that stop before an outcome.
    """
    tree = flow.tree
    questions = tree.questions()
    problems: list[Problem] = []
    for question, value in case.answers.items():
        node = questions.get(question)
        if node is None:
            close = difflib.get_close_matches(question, list(questions), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            problems.append(
                Problem(
                    f"'{question}' is not a question of tree '{tree.id}'{hint}",
                    case.where_key("answers", question),
                )
            )
            continue
        try:
            coerce(node, value)
        except AnswerError as exc:
            problems.append(Problem(str(exc), case.where("answers", question)))
    problems.extend(_expect_ids(case, flow))
    if problems:
        return None, problems
    done = walk(flow, case.answers)
    if done.error is not None:
        question = done.error.question
        if question in case.answers:
            problems.append(Problem(str(done.error), case.where("answers", question)))
        else:
            problems.append(
                Problem(
                    f"these answers stop before an outcome: question '{question}' is needed "
                    f"and not answered (allowed: {done.error.allowed})",
                    case.where_key("answers"),
                )
            )
        return None, problems
    return done, []


def _expect_ids(case: Case, flow: CompiledTree) -> list[Problem]:
    """Keys in `expect` that name a treatment option, score or question the tree lacks."""
    tree = flow.tree
    known = {
        "options": list(tree.therapies),
        "scores": [name for name, score in tree.scores.items() if score.report],
        "answers": list(tree.questions()),
    }
    found = []
    for section, names in known.items():
        given = case.expect.get(section)
        if not isinstance(given, dict):
            continue
        for key in given:
            if key not in names:
                close = difflib.get_close_matches(str(key), names, n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                found.append(
                    Problem(
                        f"tree '{tree.id}' has no {section.rstrip('s')} '{key}' in its results{hint}",
                        case.where_key("expect", section, key),
                    )
                )
    return found


def run(case: Case, done: Walk) -> CaseRun:
    """Compare a walked case's result with what it expects."""
    assert done.result is not None
    got = done.result.contract()
    differences: list[Difference] = []
    for key, expected in case.expect.items():
        _compare(case, (key,), expected, got.get(key, NOT_THERE), differences)
    return CaseRun(case, done, differences)


def _compare(
    case: Case, path: tuple[str, ...], expected: Any, got: Any, out: list[Difference]
) -> None:
    if isinstance(expected, dict) and isinstance(got, dict):
        for key, value in expected.items():
            _compare(case, (*path, key), value, got.get(key, NOT_THERE), out)
        return
    if isinstance(expected, list) and isinstance(got, list):
        same = {_key(v) for v in expected} == {_key(v) for v in got}
    else:
        same = _key(expected) == _key(got) and got is not NOT_THERE
    if not same:
        out.append(Difference(".".join(path), expected, got, case.where("expect", *path)))


def _key(value: Any) -> str:
    """A value in a form where lists compare as sets and true never equals 1."""
    if value is NOT_THERE:
        return "\0missing"
    if isinstance(value, list):
        return json.dumps(sorted(_key(v) for v in value))
    return json.dumps(value, sort_keys=True, default=str)
