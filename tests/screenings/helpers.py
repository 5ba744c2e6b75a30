"""Helpers for the store tests: `raw` reaches past the store to plant what a test needs (old
dates, damage); `new` starts a screening; a sound answer, result and explanation."""

from __future__ import annotations

import sqlite3

from decisionaid.explanation import Explanation, ResultWords
from decisionaid.screenings.location import parse
from decisionaid.screenings.store import SavedAnswer, Store


def raw(url: str, sql: str, params: tuple = ()) -> list[tuple]:
    """Run one statement straight on the database behind `url` (autocommit); its rows."""
    location = parse(url)
    if location.kind == "sqlite":
        with sqlite3.connect(location.path, isolation_level=None) as db:
            db.text_factory = bytes
            rows = db.execute(sql, params).fetchall()
        db.close()
        return rows
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        cursor = db.execute(sql.replace("?", "%s"), params)
        return cursor.fetchall() if cursor.description else []


def new(store: Store, reference: str = "", mode: str = "intake", **kwargs) -> int:
    return store.create(
        tree_id="t", tree_version="1", mode=mode, reference=reference, current="q1", **kwargs
    )


ANSWER = SavedAnswer("q1", "red", "Pick one", "Red", "single")
RESULT = {"recommendation": "massage", "urgency": "none"}
EXPLANATION = Explanation(
    mode="self",
    result=ResultWords(
        title="Massage may suit you", urgency="none", recommendation="Massage", body=""
    ),
)
