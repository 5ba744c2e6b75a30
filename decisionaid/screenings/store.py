"""Saved screenings: one SQLite database in the user's data folder, written at every answer.

Each change is one transaction (WAL journal, `BEGIN IMMEDIATE`), so a crash or `kill -9`
between answers loses nothing and two processes saving at once wait for each other instead of
failing. The folder is private to its owner (0700) and the files readable by the owner only
(0600). A file that is damaged, not ours, or from a newer version of the app is reported and
never written to.

A screening keeps, besides the answers, everything a report needs in words (question texts,
answers as shown, the explanation of the result), so it reads the same years later even if the
tree has changed since.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from decisionaid.errors import DecisionAidError
from decisionaid.private import private_file, private_folder

ENV_VAR = "DECISIONAID_DATA_DIR"
DB_NAME = "screenings.sqlite3"
SCHEMA_VERSION = 2
APPLICATION_ID = 0x64616964  # "daid", so we never mistake another program's database for ours
BUSY_TIMEOUT_MS = 10_000

# Each entry upgrades the schema from version (index) to version (index + 1).
MIGRATIONS: list[str] = [
    """
    CREATE TABLE screenings (
        id INTEGER PRIMARY KEY,
        tree_id TEXT NOT NULL,
        tree_version TEXT NOT NULL,
        tree_source TEXT,
        tree_title TEXT NOT NULL DEFAULT '',
        app_version TEXT NOT NULL,
        mode TEXT NOT NULL CHECK (mode IN ('self', 'intake')),
        reference TEXT NOT NULL DEFAULT '',
        clinician TEXT NOT NULL DEFAULT '',
        started_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        finished_at TEXT,
        current TEXT NOT NULL,
        result TEXT,
        explanation TEXT
    );
    CREATE INDEX screenings_started ON screenings (started_at);
    CREATE TABLE answers (
        screening_id INTEGER NOT NULL REFERENCES screenings (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        question TEXT NOT NULL,
        value TEXT NOT NULL,
        question_text TEXT NOT NULL,
        answer_text TEXT NOT NULL,
        kind TEXT NOT NULL,
        PRIMARY KEY (screening_id, position)
    );
    """,
    # 2: `opened_at`, when someone at the clinic first opened the screening. Screenings made
    # in the waiting room (serve --kiosk) start without it, so history can mark them new;
    # every earlier screening was made by the person reading it, so it counts as opened.
    """
    ALTER TABLE screenings ADD COLUMN opened_at TEXT;
    UPDATE screenings SET opened_at = started_at;
    """,
]
assert len(MIGRATIONS) == SCHEMA_VERSION


# The columns this version reads, so a later release may add others without breaking it.
COLUMNS = (
    "id, tree_id, tree_version, tree_source, tree_title, app_version, mode, reference, "
    "clinician, started_at, updated_at, finished_at, current, result, explanation, opened_at"
)


class StoreError(DecisionAidError):
    """The database cannot be used; the message says why and what to do."""


def data_dir(override: Path | str | None = None) -> Path:
    """Where screenings live: the option, else $DECISIONAID_DATA_DIR, else the user data dir."""
    if override:
        return Path(override).expanduser()
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("decisionaid", appauthor=False))


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class SavedAnswer:
    """One answer on the walked path, with its words as the person saw them."""

    question: str
    value: Any
    question_text: str
    answer_text: str
    kind: str  # the question type: boolean, single, multi or number


@dataclass
class Screening:
    id: int
    tree_id: str
    tree_version: str
    tree_source: str | None
    tree_title: str
    app_version: str
    mode: str
    reference: str
    clinician: str
    started_at: str
    updated_at: str
    finished_at: str | None
    current: str
    result: dict[str, Any] | None
    explanation: dict[str, Any] | None
    opened_at: str | None = None
    answers: list[SavedAnswer] = field(default_factory=list)
    answer_count: int = 0

    @property
    def new(self) -> bool:
        """Made in the waiting room and not yet opened by anyone at the clinic."""
        return self.opened_at is None

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @property
    def recommendation(self) -> str | None:
        return self.result["recommendation"] if self.result else None

    @property
    def urgency(self) -> str | None:
        return self.result["urgency"] if self.result else None

    def answer_values(self) -> dict[str, Any]:
        return {a.question: a.value for a in self.answers}


class Store:
    """The screenings database. Open with `Store.open()`; every method is one transaction."""

    def __init__(self, path: Path):
        self.path = path
        self._db: sqlite3.Connection | None = None
        self._connect()

    @classmethod
    def open(cls, folder: Path | str | None = None) -> Store:
        folder = data_dir(folder)
        try:
            private_folder(folder)
        except OSError as exc:
            raise StoreError(
                f"cannot use the data folder {folder}: {exc.strerror or exc}"
            ) from None
        return cls(folder / DB_NAME)

    # opening ----------------------------------------------------------------------------

    def _problem(self, what: str) -> StoreError:
        return StoreError(
            f"{self.path}: {what}. The file was left untouched; move it aside (or use "
            f"--data-dir / ${ENV_VAR}) to start a new one."
        )

    def _connect(self) -> None:
        try:
            private_file(self.path)
        except OSError as exc:
            raise StoreError(f"cannot open {self.path}: {exc.strerror or exc}") from None
        db = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            # Read-only checks first: nothing is written to a file we do not understand.
            version = db.execute("PRAGMA user_version").fetchone()[0]
            app_id = db.execute("PRAGMA application_id").fetchone()[0]
            tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        except sqlite3.DatabaseError:
            db.close()
            raise self._problem("this is not a decisionaid database, or it is damaged") from None
        if app_id != APPLICATION_ID and (app_id != 0 or tables):
            db.close()
            raise self._problem("this database belongs to another program")
        if version > SCHEMA_VERSION:
            db.close()
            raise self._problem(
                f"this database was written by a newer decisionaid (schema {version}; this "
                f"version reads up to {SCHEMA_VERSION}). Update decisionaid to open it"
            )
        try:
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = FULL")
            db.execute("PRAGMA foreign_keys = ON")
            self._db = db
            with self._transaction():
                current = db.execute("PRAGMA user_version").fetchone()[0]
                for step in range(current, SCHEMA_VERSION):
                    for statement in _statements(MIGRATIONS[step]):
                        db.execute(statement)
                if current < SCHEMA_VERSION:
                    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            quick = db.execute("PRAGMA quick_check").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            db.close()
            self._db = None
            raise self._problem(f"the database could not be read ({exc})") from None
        if quick != "ok":
            db.close()
            self._db = None
            raise self._problem(f"the database is damaged ({quick})")
        for suffix in ("-wal", "-shm"):
            side = self.path.with_name(self.path.name + suffix)
            if side.exists() and stat.S_IMODE(side.stat().st_mode) & 0o077:
                side.chmod(0o600)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        db = self._db
        if db is None:
            raise StoreError(f"{self.path} is closed")
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as exc:
            raise self._problem(f"the database could not be written ({exc})") from None
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        try:
            db.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            raise self._problem(f"the database could not be written ({exc})") from None

    # writing ----------------------------------------------------------------------------

    def create(
        self,
        *,
        tree_id: str,
        tree_version: str,
        tree_title: str = "",
        tree_source: str | None = None,
        mode: str,
        reference: str = "",
        clinician: str = "",
        current: str,
        new: bool = False,
    ) -> int:
        """Start a screening; `new` marks it unread by the clinic until `mark_opened`."""
        from decisionaid import __version__

        stamp = now()
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO screenings (tree_id, tree_version, tree_source, tree_title, "
                "app_version, mode, reference, clinician, started_at, updated_at, current, "
                "opened_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    tree_id,
                    tree_version,
                    tree_source,
                    tree_title,
                    __version__,
                    mode,
                    reference.strip(),
                    clinician.strip(),
                    stamp,
                    stamp,
                    current,
                    None if new else stamp,
                ),
            )
            assert cursor.lastrowid is not None
            return cursor.lastrowid

    def save(
        self,
        screening_id: int,
        *,
        answers: list[SavedAnswer],
        current: str,
        start: int = 0,
        result: dict[str, Any] | None = None,
        explanation: dict[str, Any] | None = None,
    ) -> None:
        """Save the position (and the result, once reached) and the walked path's answers.

        `answers` replace those saved from position `start` on; the ones before it are kept.
        """
        stamp = now()
        with self._transaction() as db:
            found = db.execute(
                "UPDATE screenings SET current = ?, updated_at = ?, result = ?, explanation = ?, "
                "finished_at = CASE WHEN ? IS NULL THEN NULL ELSE coalesce(finished_at, ?) END "
                "WHERE id = ?",
                (
                    current,
                    stamp,
                    _dump(result),
                    _dump(explanation),
                    _dump(result),
                    stamp,
                    screening_id,
                ),
            ).rowcount
            if not found:
                raise StoreError(f"screening {screening_id} no longer exists (deleted?)")
            db.execute(
                "DELETE FROM answers WHERE screening_id = ? AND position >= ?",
                (screening_id, start),
            )
            db.executemany(
                "INSERT INTO answers (screening_id, position, question, value, question_text, "
                "answer_text, kind) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        screening_id,
                        i,
                        a.question,
                        json.dumps(a.value),
                        a.question_text,
                        a.answer_text,
                        a.kind,
                    )
                    for i, a in enumerate(answers, start)
                ],
            )

    def mark_opened(self, screening_id: int) -> None:
        """Record that someone at the clinic opened the screening (it is no longer new)."""
        with self._transaction() as db:
            db.execute(
                "UPDATE screenings SET opened_at = ? WHERE id = ? AND opened_at IS NULL",
                (now(), screening_id),
            )

    def delete(self, screening_id: int) -> bool:
        with self._transaction() as db:
            return db.execute("DELETE FROM screenings WHERE id = ?", (screening_id,)).rowcount > 0

    def purge(self, before: datetime) -> int:
        """Delete every screening started before the given moment; return how many."""
        cutoff = before.astimezone(UTC).isoformat(timespec="seconds")
        with self._transaction() as db:
            return db.execute("DELETE FROM screenings WHERE started_at < ?", (cutoff,)).rowcount

    # reading ----------------------------------------------------------------------------

    def get(self, screening_id: int) -> Screening | None:
        with self._transaction() as db:
            row = db.execute(
                f"SELECT {COLUMNS} FROM screenings WHERE id = ?", (screening_id,)
            ).fetchone()
            if row is None:
                return None
            screening = self._screening(db, row)
            screening.answers = [
                SavedAnswer(q, json.loads(v), qt, at, kind)
                for q, v, qt, at, kind in db.execute(
                    "SELECT question, value, question_text, answer_text, kind FROM answers "
                    "WHERE screening_id = ? ORDER BY position",
                    (screening_id,),
                )
            ]
            screening.answer_count = len(screening.answers)
            return screening

    def list(
        self, search: str = "", *, unfinished_only: bool = False, limit: int | None = None
    ) -> list[Screening]:
        """Newest first; `search` matches the reference or clinician, ignoring case."""
        sql = f"SELECT {COLUMNS} FROM screenings WHERE 1"
        args: list[Any] = []
        if search.strip():
            sql += " AND (reference LIKE ? ESCAPE '\\' OR clinician LIKE ? ESCAPE '\\')"
            pattern = "%" + _escape_like(search.strip()) + "%"
            args += [pattern, pattern]
        if unfinished_only:
            sql += " AND finished_at IS NULL"
        sql += " ORDER BY updated_at DESC, id DESC"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self._transaction() as db:
            rows = db.execute(sql, args).fetchall()
            return [self._screening(db, row) for row in rows]

    def latest_unfinished(self) -> Screening | None:
        found = self.list(unfinished_only=True, limit=1)
        return self.get(found[0].id) if found else None

    def _screening(self, db: sqlite3.Connection, row: tuple) -> Screening:
        data = dict(zip(COLUMNS.split(", "), row, strict=True))
        data["result"] = _load(data["result"])
        data["explanation"] = _load(data["explanation"])
        count = db.execute(
            "SELECT count(*) FROM answers WHERE screening_id = ?", (data["id"],)
        ).fetchone()[0]
        return Screening(**data, answer_count=count)


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _dump(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _load(text: str | None) -> Any:
    return None if text is None else json.loads(text)
