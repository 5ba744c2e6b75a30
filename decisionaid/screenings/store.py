"""Saved screenings: one interface over a SQLite file (the default) or a PostgreSQL database.

    store = Store.open()                                   # the user's data folder
    store = Store.open(database="postgresql://ak@db/clinic", actor="A. Kim")

Every method is one transaction. Where an action is audited (created, viewed, resumed,
exported, deleted), its entry in the append-only audit trail is written in that same
transaction, so the two are kept or lost together.

Writing:
- `create(...) -> id` starts a screening (`new=True`: made in kiosk mode, marked "new" until
  a clinician first opens it).
- `save(id, answers=..., current=..., start=0, result=None, explanation=None,
  revision=None, resumed=False) -> revision` saves the walked path from position `start` on.
  With `revision` (the one this process last saw), the save goes through only if no one else
  has saved the screening since, else `ScreeningChanged`: a screening is continued by one
  process at a time. `resumed=True` records "resumed" (and clears "new").
- `delete(id)`, `purge(before)` delete for good; their audit entries stay.

Reading:
- `list(search, unfinished_only=, limit=)`: newest first, each with `answer_count`; a damaged
  record is listed with `damage` set, never raised.
- `get(id)`: one screening with its answers, or None (`DamagedScreening` if it cannot be read).
  `get(id, record="viewed")` records the viewing (and clears "new"); `mark_opened(id)` is the
  same, for kiosk screenings a clinician has opened.
- `export(id, write)`: read, hand to `write(screening) -> where it went`, record "exported".
- `latest_unfinished()`, `audit(id=None)`.

`Screening.new`, `.revision` and `.damage` carry the kiosk marker, the revision to save over,
and the damage of an unreadable record. `store.location` is the path or the URL without its
password; `store.place` says the same in words; `store.shared` is True for PostgreSQL.

A store that is damaged, another program's, from a newer decisionaid, a symlink, a FIFO, or in
a folder that is not private is refused with a `StoreError` and never written to.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from decisionaid.explanation import Explanation
from decisionaid.screenings.audit import AuditEntry, default_actor, machine_account, named_actor
from decisionaid.screenings.errors import (
    DamagedScreening,
    KeptAsNew,
    ScreeningChanged,
    StoreError,
)
from decisionaid.screenings.location import (
    DATA_DIR_VAR,
    DB_NAME,
    LocationError,
    data_dir,
    locate,
)
from decisionaid.screenings.records import (
    SavedAnswer,
    Screening,
    answer_from_row,
    damaged,
    screening_from_row,
)
from decisionaid.screenings.schema import ACTIONS, SCHEMA_VERSION, SCREENING_COLUMNS
from decisionaid.screenings.transaction import Transaction

__all__ = [
    "DB_NAME",
    "ENV_VAR",
    "SCHEMA_VERSION",
    "DamagedScreening",
    "KeptAsNew",
    "SavedAnswer",
    "Screening",
    "ScreeningChanged",
    "Store",
    "StoreError",
    "data_dir",
    "now",
]

ENV_VAR = DATA_DIR_VAR
LARGEST_ID = 2**63 - 1  # both databases keep ids in 64 bits
COLUMNS = ", ".join(SCREENING_COLUMNS)
ANSWER_COUNT = "(SELECT count(*) FROM answers a WHERE a.screening_id = screenings.id)"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _valid_id(screening_id: int) -> bool:
    return isinstance(screening_id, int) and 0 < screening_id <= LARGEST_ID


class Store:
    """The screenings store. Open with `Store.open()`; every method is one transaction."""

    def __init__(self, backend: Any, actor: str, named: bool = True):
        self._backend = backend
        self.actor = actor
        # False when `actor` is only the login name (no --clinician, no
        # $DECISIONAID_CLINICIAN): the clinician typed for an intake is recorded instead.
        self.actor_named = named
        self.account = machine_account()
        if backend.location.shared:
            self.account += f" as database user {backend.current_user()}"

    @classmethod
    def open(
        cls,
        folder: Path | str | None = None,
        *,
        database: str | None = None,
        actor: str | None = None,
    ) -> Store:
        """Open (creating if needed) the store the options and environment point at.

        `database` is a URL (see `location.py`); `folder` a data folder holding a SQLite file;
        `actor` the person to record in the audit trail (default: `$DECISIONAID_CLINICIAN`,
        else the login name).
        """
        try:
            location = locate(folder, database)
        except LocationError as exc:
            raise StoreError(str(exc)) from None
        if location.kind == "postgresql":
            from decisionaid.screenings.postgres import PostgresBackend

            backend: Any = PostgresBackend(location)
        else:
            from decisionaid.screenings.sqlite import SQLiteBackend

            backend = SQLiteBackend(location)
        try:
            named = named_actor(actor)
            return cls(backend, named or default_actor(), named=named is not None)
        except BaseException:
            backend.close()
            raise

    @property
    def path(self) -> Path | None:
        """The SQLite file (None for PostgreSQL)."""
        return self._backend.path

    @property
    def location(self) -> str:
        """The file, or the database URL without its password."""
        return self._backend.location.shown

    @property
    def place(self) -> str:
        """Where screenings are kept, in words for people (never a password)."""
        return self._backend.place

    @property
    def shared(self) -> bool:
        return self._backend.location.shared

    def close(self) -> None:
        self._backend.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _transaction(self):
        return self._backend.transaction()

    def _record(self, tx: Transaction, action: str, screening_id: int, detail: str = "") -> None:
        assert action in ACTIONS
        tx.run(
            "INSERT INTO audit (at, actor, account, action, screening_id, detail) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (now(), self.actor, self.account, action, screening_id, detail),
        )
        if action in ("viewed", "resumed", "exported"):
            tx.run(
                "UPDATE screenings SET is_new = ? WHERE id = ? AND is_new = ?",
                (False, screening_id, True),
            )

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
        from decisionaid import __version__

        stamp = now()
        # A number is never given twice, even after the screening that had it is deleted:
        # its audit trail stays, and a kiosk number told to the front desk must not come to
        # mean another patient. Each backend says how (NEW_ID; None: the database's own).
        given = self._backend.NEW_ID
        with self._transaction() as tx:
            (screening_id,) = tx.row(
                f"INSERT INTO screenings ({'id, ' if given else ''}tree_id, tree_version, "
                "tree_source, tree_title, app_version, mode, reference, clinician, started_at, "
                f"updated_at, current, is_new) VALUES ({given + ', ' if given else ''}"
                "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
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
                    new,
                ),
            )
            self._record(tx, "created", screening_id, f"{mode}{', new' if new else ''}")
            return screening_id

    def save(
        self,
        screening_id: int,
        *,
        answers: list[SavedAnswer],
        current: str,
        start: int = 0,
        result: dict[str, Any] | None = None,
        explanation: Explanation | None = None,
        revision: int | None = None,
        resumed: bool = False,
    ) -> int:
        """Save the position (and the result, once reached) and the walked path's answers;
        return the screening's new revision.

        `answers` replace those saved from position `start` on; the ones before it are kept.
        With `revision`, nothing is saved (ScreeningChanged) if the screening has been saved
        since by anyone else.
        """
        import json

        stamp = now()
        finished = "coalesce(finished_at, ?)" if result is not None else "?"
        sql = (
            f"UPDATE screenings SET current = ?, updated_at = ?, result = ?, explanation = ?, "
            f"finished_at = {finished}, revision = revision + 1 WHERE id = ?"
        )
        params: list[Any] = [
            current,
            stamp,
            _dump(result),
            _dump(explanation.to_data() if explanation is not None else None),
            stamp if result is not None else None,
            screening_id,
        ]
        if revision is not None:
            sql += " AND revision = ?"
            params.append(revision)
        with self._transaction() as tx:
            found = tx.row(sql + " RETURNING revision", params) if _valid_id(screening_id) else None
            if found is None:
                if revision is not None and tx.row(
                    "SELECT 1 FROM screenings WHERE id = ?", (screening_id,)
                ):
                    raise ScreeningChanged(screening_id)
                raise StoreError(f"screening #{screening_id} no longer exists (deleted?)")
            tx.run(
                "DELETE FROM answers WHERE screening_id = ? AND position >= ?",
                (screening_id, start),
            )
            tx.run_many(
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
            if resumed:
                self._record(tx, "resumed", screening_id)
            return found[0]

    def delete(self, screening_id: int) -> bool:
        """Delete one screening for good (its audit entries stay); False if there was none."""
        if not _valid_id(screening_id):
            return False
        with self._transaction() as tx:
            if not tx.run("DELETE FROM screenings WHERE id = ?", (screening_id,)):
                return False
            self._record(tx, "deleted", screening_id)
            return True

    def purge(self, before: datetime) -> int:
        """Delete every screening started before the given moment; return how many.

        Damaged records are left alone: their start cannot be trusted.
        """
        cutoff = before.astimezone(UTC)
        with self._transaction() as tx:
            doomed = []
            for row in tx.rows(f"SELECT {COLUMNS} FROM screenings"):
                screening = screening_from_row(row)
                if not screening.damage and datetime.fromisoformat(screening.started_at) < cutoff:
                    doomed.append(screening.id)
            for screening_id in doomed:
                tx.run("DELETE FROM screenings WHERE id = ?", (screening_id,))
                self._record(
                    tx, "deleted", screening_id, f"purged: started before {cutoff.isoformat()}"
                )
            return len(doomed)

    # reading ----------------------------------------------------------------------------

    def _read(self, tx: Transaction, screening_id: int) -> Screening | None:
        if not _valid_id(screening_id):
            return None
        row = tx.row(
            f"SELECT {COLUMNS}, {ANSWER_COUNT} FROM screenings WHERE id = ?", (screening_id,)
        )
        if row is None:
            return None
        screening = screening_from_row(row[:-1], row[-1])
        if screening.damage:
            raise DamagedScreening(screening_id, screening.damage)
        screening.answers = [
            answer_from_row(screening_id, answer)
            for answer in tx.rows(
                "SELECT question, value, question_text, answer_text, kind FROM answers "
                "WHERE screening_id = ? ORDER BY position",
                (screening_id,),
            )
        ]
        screening.answer_count = len(screening.answers)
        return screening

    def get(
        self, screening_id: int, *, record: str | None = None, detail: str = ""
    ) -> Screening | None:
        """One screening with its answers, or None. `record` ("viewed", "resumed" or
        "exported") writes that to the audit trail in the same transaction."""
        with self._transaction() as tx:
            screening = self._read(tx, screening_id)
            if screening is not None and record is not None:
                self._record(tx, record, screening_id, detail)
                screening.new = False
            return screening

    def mark_opened(self, screening_id: int) -> bool:
        """A clinician opened this screening: it is no longer "new" (recorded as viewed)."""
        return self.get(screening_id, record="viewed") is not None

    def export(self, screening_id: int, write: Callable[[Screening], str]) -> Screening | None:
        """Read a screening, pass it to `write` (which writes it out and returns where to), and
        record "exported" with that destination, in one transaction: if `write` raises, no
        entry is kept. None if there is no such screening."""
        with self._transaction() as tx:
            screening = self._read(tx, screening_id)
            if screening is None:
                return None
            destination = write(screening)
            self._record(tx, "exported", screening_id, destination)
            return screening

    def list(
        self, search: str = "", *, unfinished_only: bool = False, limit: int | None = None
    ) -> list[Screening]:
        """Newest first; `search` matches the reference or clinician, ignoring case. Damaged
        records are included, with their `damage` set."""
        sql = f"SELECT {COLUMNS}, {ANSWER_COUNT} FROM screenings WHERE 1 = 1"
        args: list[Any] = []
        if search.strip():
            sql += (
                " AND (lower(reference) LIKE lower(?) ESCAPE '\\'"
                " OR lower(clinician) LIKE lower(?) ESCAPE '\\')"
            )
            pattern = "%" + _escape_like(search.strip()) + "%"
            args += [pattern, pattern]
        if unfinished_only:
            sql += " AND finished_at IS NULL"
        sql += " ORDER BY updated_at DESC, id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(int(limit))
        with self._transaction() as tx:
            rows = tx.rows(sql, args)
        out = []
        for row in rows:
            try:
                out.append(screening_from_row(row[:-1], row[-1]))
            except (TypeError, ValueError):  # a row of the wrong width or id type
                out.append(damaged(row[0], "unreadable row"))
        return out

    def latest_unfinished(self) -> Screening | None:
        """The unfinished screening changed last that can be read back (damaged ones are
        skipped)."""
        for listed in self.list(unfinished_only=True):
            if listed.damage:
                continue
            try:
                screening = self.get(listed.id)
            except DamagedScreening:
                continue
            if screening is not None:
                return screening
        return None

    # builtins.list: inside the class, `list` is the method above.
    def audit(self, screening_id: int | None = None) -> builtins.list[AuditEntry]:
        """The audit trail, oldest first (of one screening, when given)."""
        sql = "SELECT id, at, actor, account, action, screening_id, detail FROM audit"
        args: list[Any] = []
        if screening_id is not None:
            if not _valid_id(screening_id):
                return []
            sql += " WHERE screening_id = ?"
            args.append(screening_id)
        with self._transaction() as tx:
            rows = tx.rows(sql + " ORDER BY id", args)
        return [_entry(row) for row in rows]


def _entry(row: tuple) -> AuditEntry:
    entry = AuditEntry(*row)
    for value in row[1:5] + row[6:]:
        try:
            if not isinstance(value, str):
                raise ValueError
            value.encode("utf-8")
        except (UnicodeEncodeError, ValueError):
            return AuditEntry(row[0], "", "", "", "", 0, "", damage="unreadable entry")
    return entry


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _dump(value: Any) -> str | None:
    import json

    return None if value is None else json.dumps(value, ensure_ascii=False)
