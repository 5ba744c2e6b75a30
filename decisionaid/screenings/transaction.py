"""One transaction, with the same calls on SQLite and PostgreSQL.

The store writes each query once, with `?` placeholders; for PostgreSQL (psycopg's `%s`
style) they are rewritten here. Our queries hold no literal `?` or `%`: patterns and values
always travel as parameters.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any


class Transaction:
    def __init__(self, cursor: Any, postgresql: bool):
        self._cursor = cursor
        self._postgresql = postgresql

    def _sql(self, sql: str) -> str:
        return sql.replace("?", "%s") if self._postgresql else sql

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        cursor = self._cursor.execute(self._sql(sql), params)
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
        cursor = self._cursor.execute(self._sql(sql), params)
        return cursor.rowcount

    def run_many(self, sql: str, params: Iterable[Sequence[Any]]) -> None:
        params = list(params)
        if params:
            self._cursor.executemany(self._sql(sql), params)
