"""Error types with a place: every problem a user can cause names where it is.

They are raised deep inside and caught once, at the CLI edge, which prints them and exits
with status 2.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from typing import Self

TOO_LONG = "the file name is too long"
# Why a file or folder could not be used, in the words every message naming one gives.
_OS_REASONS = {
    errno.ENOENT: "no such file",
    errno.EISDIR: "is a directory, not a file",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ELOOP: "symbolic links loop (or there are too many of them)",
    errno.ENAMETOOLONG: TOO_LONG,
    errno.ENOTDIR: "a part of the path is not a folder",
}


def os_problem(exc: OSError) -> str:
    """Why a file or folder could not be used, in words, for a message that names it."""
    return _OS_REASONS.get(exc.errno or 0, str(exc.strerror or exc))


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a file; line and column count from 1, as editors show them."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a tree, where it is, and in which node."""

    message: str
    location: Location | None = None
    node: str | None = None
    severity: str = "error"

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        node = f"{self.node}: " if self.node else ""
        return f"{where}{self.severity}: {node}{self.message}"


class DecisionAidError(Exception):
    """Base of every error a user can cause (bad tree, bad answers)."""


class TreeError(DecisionAidError):
    """A tree file cannot be used. Holds every problem found, errors first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))

    @classmethod
    def one(cls, message: str, location: Location | None = None, node: str | None = None) -> Self:
        return cls([Problem(message, location, node)])


class AnswerError(DecisionAidError):
    """An answer that the tree does not accept, naming the question and what is allowed."""

    def __init__(self, question: str, message: str, allowed: str | None = None):
        self.question = question
        self.reason = message
        self.allowed = allowed
        super().__init__(f"question '{question}': {self.detail}")

    @property
    def detail(self) -> str:
        """What is wrong and what is allowed, without naming the question."""
        return f"{self.reason} (allowed: {self.allowed})" if self.allowed else self.reason

    @property
    def sentence(self) -> str:
        """The detail as a sentence for a person looking at the question itself: a capital
        first, a full stop last (a tree's check message may be written without one)."""
        detail = self.detail[:1].upper() + self.detail[1:]
        return detail if detail.endswith((".", "!", "?")) else detail + "."


class AnswersFileError(DecisionAidError):
    """An answers file that cannot be read at all (not the answers in it)."""
