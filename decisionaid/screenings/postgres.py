"""The PostgreSQL backend (psycopg 3): a clinic's shared database.

Opening goes: connect (with a timeout, so a host that does not answer is reported rather than
waited on for ever) → read-only checks of the current schema (our `decisionaid_meta` table
with our application name, a schema version we know, every table of that version; a schema
holding other programs' tables and no metadata is refused as foreign) → the migrations, under a
transaction-level advisory lock so that several processes opening a new database at once build
it once. Every store call is one transaction; READ COMMITTED is enough because the writes that
race (saving the same screening) are serialised by the row lock of their UPDATE and checked
against the screening's revision.

Messages never hold the password: what is shown is the URL without it, and every driver message
is scrubbed of it (and of the URL as given) before it is wrapped in a StoreError.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg

from decisionaid.screenings.errors import StoreError
from decisionaid.screenings.location import Location
from decisionaid.screenings.schema import (
    APPLICATION,
    META_TABLE,
    SCHEMA_VERSION,
    STEPS,
    TABLES,
    tables_at,
)
from decisionaid.screenings.transaction import Transaction

CONNECT_TIMEOUT_S = 10
# pg_advisory_xact_lock key: "daid" again, so it cannot clash with another program's by chance.
MIGRATION_LOCK = 0x64616964


class PostgresBackend:
    path = None
    NEW_ID = None  # the identity column's own: it never gives a number twice

    def __init__(self, location: Location):
        self.location = location
        self.place = f"the clinic database {location.shown}"
        self._db: psycopg.Connection | None = None
        self._connect()
        try:
            self._check_and_migrate()
        except BaseException:
            self.close()
            raise

    def problem(self, what: str) -> StoreError:
        return StoreError(
            f"{self.location.shown}: {what}. Nothing was written to it; ask whoever runs the "
            "database, or point --database at another one."
        )

    def _driver(self, exc: BaseException, doing: str) -> StoreError:
        detail = " ".join(str(exc).split()) or type(exc).__name__
        return StoreError(
            f"{self.location.shown}: the database could not be {doing} "
            f"({self.location.scrub(detail)})"
        )

    # opening ----------------------------------------------------------------------------

    def _connect(self) -> None:
        try:
            self._db = psycopg.connect(
                self.location.conninfo,
                connect_timeout=CONNECT_TIMEOUT_S,
                application_name="decisionaid",
            )
        except psycopg.Error as exc:
            raise self._driver(exc, "reached") from None

    def _state(self, tx: Transaction) -> tuple[int, dict[str, str]]:
        """(schema version, metadata) of the current schema; (0, {}) for an empty one."""
        schema = tx.value("SELECT current_schema()")
        if schema is None:
            raise self.problem("the schema named in the connection's search_path does not exist")
        names = {
            row[0]
            for row in tx.rows(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            )
        }
        if META_TABLE not in names:
            if names:
                raise self.problem(
                    f"this database (schema '{schema}') holds another program's tables; "
                    "decisionaid needs a database of its own"
                )
            return 0, {}
        meta = dict(tx.rows(f"SELECT key, value FROM {META_TABLE}"))
        if meta.get("application") != APPLICATION:
            raise self.problem("this database belongs to another program")
        try:
            version = int(meta.get("schema_version", ""))
        except ValueError:
            raise self.problem(
                "the database is damaged (its schema version is unreadable)"
            ) from None
        if version > SCHEMA_VERSION:
            raise self.problem(
                f"this database was written by a newer decisionaid (schema {version}; this "
                f"version reads up to {SCHEMA_VERSION}). Update decisionaid to open it"
            )
        missing = [t for t in tables_at(version) if t not in names]
        if missing:
            raise self.problem(f"the database is damaged (the table '{missing[0]}' is missing)")
        return version, meta

    def _check_and_migrate(self) -> None:
        with self.transaction() as tx:
            version, _ = self._state(tx)
        if version < SCHEMA_VERSION:
            with self.transaction() as tx:
                tx.row("SELECT pg_advisory_xact_lock(?)", (MIGRATION_LOCK,))
                version, _ = self._state(tx)  # another process may have done it meanwhile
                if version == 0:
                    tx.run(f"CREATE TABLE {META_TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
                    tx.run(
                        f"INSERT INTO {META_TABLE} (key, value) VALUES ('application', ?), "
                        "('schema_version', '0')",
                        (APPLICATION,),
                    )
                for step in STEPS[version:]:
                    for statement in step.postgresql:
                        tx.run(statement)
                tx.run(
                    f"UPDATE {META_TABLE} SET value = ? WHERE key = 'schema_version'",
                    (str(SCHEMA_VERSION),),
                )
        for table, columns in TABLES.items():
            try:
                with self.transaction() as tx:
                    tx.rows(f"SELECT {', '.join(columns)} FROM {table} LIMIT 0")
            except StoreError:
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
        if self._db is None:
            raise StoreError(f"{self.location.shown} is closed")
        if self._db.broken or self._db.closed:
            self._db.close()
            self._connect()  # the server restarted or the network dropped: try once more
        db = self._db
        try:
            with db.transaction(), db.cursor() as cursor:
                yield Transaction(cursor, postgresql=True)
        except psycopg.Error as exc:
            raise self._driver(exc, "used") from None

    def current_user(self) -> Any:
        with self.transaction() as tx:
            return tx.value("SELECT current_user")
