"""`store`: a fresh store on each backend, SQLite and a real PostgreSQL (tests/postgres.py)."""

from __future__ import annotations

import pytest

from decisionaid.screenings.store import Store


@pytest.fixture
def store(database):
    with Store.open(database=database, actor="Tester") as opened:
        yield opened
