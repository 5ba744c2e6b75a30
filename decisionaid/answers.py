"""Answers files: read them (YAML or JSON), and say where a bad answer was written.

An answers file is a mapping of question id to answer. A mapping whose `answers` key holds
such a mapping is accepted too, so vignettes and saved JSON results can be passed directly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from decisionaid import yamlfile
from decisionaid.errors import AnswersFileError, Location, TreeError


@dataclass
class AnswersFile:
    answers: dict[str, Any]
    file: str
    raw: Any = None

    def where(self, question: str) -> Location | None:
        if isinstance(self.raw, yamlfile.LocatedDict) and question in self.raw:
            return yamlfile.locate(self.raw, (question,), self.file)
        return None


def unwrap(data: Any) -> Any:
    """Take the answers out of a vignette or a saved result."""
    if isinstance(data, dict) and isinstance(data.get("answers"), dict):
        return data["answers"]
    return data


def from_mapping(data: Any, file: str, raw: Any = None) -> AnswersFile:
    answers = unwrap(data)
    if not isinstance(answers, dict):
        raise AnswersFileError(
            f"{file}: an answers file must be a mapping of question id to answer"
        )
    bad = [k for k in answers if not isinstance(k, str)]
    if bad:
        raise AnswersFileError(f"{file}: question ids must be text, found {bad[0]!r}")
    return AnswersFile(dict(answers), file, unwrap(raw) if raw is not None else None)


def read(path: Path | str) -> AnswersFile:
    path = Path(path)
    name = str(path)
    try:
        if path.suffix.lower() == ".json":
            try:
                data = json.loads(yamlfile.read_text(path, name))
            except json.JSONDecodeError as exc:
                raise AnswersFileError(
                    f"{name}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}"
                ) from None
            return from_mapping(data, name)
        raw = yamlfile.load(path, name)
    except TreeError as exc:
        raise AnswersFileError(str(exc)) from None
    return from_mapping(raw, name, raw)
