"""The SQLite backend: one file on this computer, checked before anything is written to it.

Opening goes: the folder (ours, writable by us only) → the file and its `-wal`, `-shm` and
`-journal` companions (regular files of ours, never followed through a symlink, never waited on
like a FIFO) → read-only checks (our application id, a schema version we know, `PRAGMA
integrity_check`, which also checks every index against its table: `quick_check` does not) →
only then WAL mode, the migrations and the first write. Every change is one `BEGIN IMMEDIATE`
transaction with `synchronous = FULL`, so a crash or `kill -9` loses nothing that was saved and
two processes saving at once wait for each other instead of failing.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from decisionaid.private import LOCK_SAFE, NotPrivate, own_file, own_folder
from decisionaid.screenings.errors import StoreError
from decisionaid.screenings.location import DATA_DIR_VAR, Location
from decisionaid.screenings.schema import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    STEPS,
    TABLES,
    tables_at,
)
from decisionaid.screenings.transaction import Transaction

BUSY_TIMEOUT_MS = 10_000
SIDE_FILES = ("-wal", "-shm", "-journal")
# integrity_check stops after this many problems; the first is enough to refuse the file.
PROBLEMS_SHOWN = 3


def _text(data: bytes) -> str:
    # Text that is not UTF-8 (a damaged record) is read back with its bad bytes kept as
    # surrogates, so the record can be reported as damaged instead of failing the query.
    return data.decode("utf-8", "surrogateescape")


def _ours_by_header(path: Path) -> bool:
    """Whether a database file is ours to make 0600, from its first 100 bytes: missing or
    empty (a new database), or SQLite's with our application id, or with none and no table
    yet (one page). Read before SQLite opens the file: once it has, closing any other
    descriptor of the file in this process would drop SQLite's locks on it."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return True
    except OSError:
        return False  # own_file says why
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        head = os.read(fd, 100)
    finally:
        os.close(fd)
    if not head:
        return True
    if len(head) < 100 or not head.startswith(b"SQLite format 3\x00"):
        return False
    application = int.from_bytes(head[68:72], "big")
    pages = int.from_bytes(head[28:32], "big")
    return application == APPLICATION_ID or (application == 0 and pages <= 1)


class SQLiteBackend:
    # The number of a new screening: one past the highest this store has ever given (the
    # audit trail keeps every one, deleted screenings' too). Left to itself, SQLite would
    # give the highest number again once that screening is deleted. Worked out inside the
    # write transaction, which holds the store's only write lock.
    NEW_ID = (
        "(SELECT 1 + MAX(n) FROM (SELECT COALESCE(MAX(id), 0) AS n FROM screenings "
        "UNION ALL SELECT COALESCE(MAX(screening_id), 0) FROM audit))"
    )

    def __init__(self, location: Location):
        assert location.path is not None
        self.location = location
        self.path = location.path
        self.place = f"this computer ({self.path})"
        self._db: sqlite3.Connection | None = None
        self._check_paths()
        self._connect()

    def problem(self, what: str) -> StoreError:
        hint = f"--data-dir / ${DATA_DIR_VAR}" if self.location.in_data_folder else "--database"
        return StoreError(
            f"{self.path}: {what}. The file was left untouched; move it aside (or use {hint}) "
            "to start a new one."
        )

    # opening ----------------------------------------------------------------------------

    def _tighten(self) -> None:
        """The database is ours (SQLite has read it): make it and its side files 0600."""
        try:
            own_file(self.path, create=False)
            for side in self._files():
                own_file(side, create=False)
        except NotPrivate as exc:
            raise StoreError(f"cannot keep screenings there: {exc}") from None
        except OSError as exc:
            raise StoreError(f"cannot open {self.path}: {exc.strerror or exc}") from None

    def _files(self) -> list[Path]:
        return [self.path.with_name(self.path.name + suffix) for suffix in SIDE_FILES]

    def _check_paths(self) -> None:
        """Check the folder and files (creating what is missing, 0700 and 0600). An existing
        file is made 0600, with its side files, only if its header says it is our database
        (or an empty one): one named by mistake, such as /etc/passwd, is left as it was, and
        refused when opened. The data folder is tightened only while it holds nothing but
        these files."""
        ours = (self.path.name, self.path.name + "-*")
        try:
            own_folder(self.path.parent, tighten=self.location.in_data_folder, ours=ours)
            # Where files can be tightened without dropping SQLite's locks, that waits until
            # SQLite has shown the file is ours (`_tighten`); elsewhere its header decides.
            tighten = not LOCK_SAFE and _ours_by_header(self.path)
            for side in self._files():
                own_file(side, create=False, tighten=tighten)
            own_file(self.path, tighten=tighten)
        except NotPrivate as exc:
            raise StoreError(
                f"cannot keep screenings there: {exc}. Screenings are health data; keep them "
                "in a folder of your own (--data-dir) or in a clinic database (--database)."
            ) from None
        except OSError as exc:
            raise StoreError(f"cannot open {self.path}: {exc.strerror or exc}") from None

    def _connect(self) -> None:
        db = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        db.text_factory = _text
        try:
            self._check(db)
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = FULL")
            db.execute("PRAGMA foreign_keys = ON")
            self._db = db
            self._migrate()
            self._probe()
            if LOCK_SAFE:
                self._tighten()
        except sqlite3.DatabaseError as exc:
            db.close()
            self._db = None
            raise self.problem(f"the database could not be read ({exc})") from None
        except BaseException:
            db.close()
            self._db = None
            raise

    def _check(self, db: sqlite3.Connection) -> None:
        """Read-only: is this our database, at a version we know, and whole?"""
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            app_id = db.execute("PRAGMA application_id").fetchone()[0]
            tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        except sqlite3.DatabaseError:
            raise self.problem("this is not a decisionaid database, or it is damaged") from None
        if app_id != APPLICATION_ID and (app_id != 0 or tables):
            raise self.problem("this database belongs to another program")
        if version > SCHEMA_VERSION:
            raise self.problem(
                f"this database was written by a newer decisionaid (schema {version}; this "
                f"version reads up to {SCHEMA_VERSION}). Update decisionaid to open it"
            )
        names = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        missing = [t for t in tables_at(version) if t not in names]
        if missing:
            raise self.problem(f"the database is damaged (the table '{missing[0]}' is missing)")
        try:
            found = [row[0] for row in db.execute(f"PRAGMA integrity_check({PROBLEMS_SHOWN})")]
        except sqlite3.DatabaseError as exc:
            raise self.problem(f"the database is damaged ({exc})") from None
        if found != ["ok"]:
            raise self.problem(f"the database is damaged ({'; '.join(map(str, found))})")

    def _migrate(self) -> None:
        with self.transaction() as tx:
            current = tx.value("PRAGMA user_version")
            for step in STEPS[current:]:
                for statement in step.sqlite:
                    tx.run(statement)
            if current < SCHEMA_VERSION:
                tx.run(f"PRAGMA application_id = {APPLICATION_ID}")
                tx.run(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _probe(self) -> None:
        """Every table and column this release reads is there (else the file is damaged)."""
        with self.transaction() as tx:
            for table, columns in TABLES.items():
                try:
                    tx.rows(f"SELECT {', '.join(columns)} FROM {table} LIMIT 0")
                except sqlite3.OperationalError:
                    raise self.problem(
                        f"the database is damaged (the table '{table}' is missing or incomplete)"
                    ) from None

    # using ------------------------------------------------------------------------------

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        db = self._db
        if db is None:
            raise StoreError(f"{self.path} is closed")
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as exc:
            raise self.problem(f"the database could not be written ({exc})") from None
        try:
            yield Transaction(db, postgresql=False)
        except BaseException as exc:
            with suppress(sqlite3.DatabaseError):
                db.execute("ROLLBACK")
            if isinstance(exc, sqlite3.DatabaseError):
                raise self.problem(f"the database could not be used ({exc})") from None
            raise
        try:
            db.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            with suppress(sqlite3.DatabaseError):
                db.execute("ROLLBACK")
            raise self.problem(f"the database could not be written ({exc})") from None
