"""One transaction, with the same calls on SQLite and PostgreSQL.

The store writes each query once, with `?` placeholders; for PostgreSQL (psycopg's `%s`
style) they are rewritten here. Our queries hold no literal `?` or `%`: patterns and values
always travel as parameters.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from decisionaid.screenings.errors import StoreError

# Text holding bytes that were not UTF-8 (a name typed at a terminal set to another
# encoding, or given on the command line, arrives as lone surrogates) cannot be stored or
# searched for: the statement is refused with this, and its transaction rolled back.
NOT_TEXT = (
    "text that is not UTF-8 (from a terminal set to another encoding?) cannot be stored or "
    "searched for; nothing was written"
)


class Transaction:
    def __init__(self, cursor: Any, postgresql: bool):
        self._cursor = cursor
        self._postgresql = postgresql

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self._postgresql else sql

    def _execute(self, sql: str, params: Sequence[Any]) -> Any:
        try:
            return self._cursor.execute(self._sql(sql), params)
        except UnicodeEncodeError:
            raise StoreError(NOT_TEXT) from None

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        cursor = self._execute(sql, params)
        return [tuple(row) for row in cursor.fetchall()]

    def row(self, sql: str, params: Sequence[Any] = ()) -> tuple | None:
        # Read every row: a statement left half-read would still be running at COMMIT.
        rows = self.rows(sql, params)
        return rows[0] if rows else None

    def value(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """The first column of a statement that always gives one row (a PRAGMA, a function)."""
        found = self.row(sql, params)
        if found is None:
            raise LookupError(f"no row from {sql!r}")
        return found[0]

    def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run a statement; the number of rows it changed."""
        return int(self._execute(sql, params).rowcount)

    def run_many(self, sql: str, params: Iterable[Sequence[Any]]) -> None:
        params = list(params)
        if params:
            try:
                self._cursor.executemany(self._sql(sql), params)
            except UnicodeEncodeError:
                raise StoreError(NOT_TEXT) from None
