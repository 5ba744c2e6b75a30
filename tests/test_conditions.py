"""The condition language: every operator, combinators, and what a condition reads."""

from __future__ import annotations

from typing import ClassVar

import pytest
from pydantic import TypeAdapter

from decisionaid.conditions import evaluate, reads
from decisionaid.model import Condition

parse = TypeAdapter(Condition).validate_python


class Ctx:
    answers: ClassVar = {"age": 50, "onset": 49, "sex": "f", "ok": True, "signs": ["a", "c"]}
    facts: ClassVar = {"yes": True, "no": False}

    def answer(self, q):
        return self.answers[q]

    def fact(self, f):
        return self.facts[f]

    def score(self, s):
        return 21

    def status(self, t):
        return "suitable"


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"answer": "age", "gte": 50}, True),
        ({"answer": "age", "gt": 50}, False),
        ({"answer": "age", "lt": 50}, False),
        ({"answer": "age", "lte": 50}, True),
        ({"answer": "age", "equals": 50}, True),
        ({"answer": "age", "not_equals": 50}, False),
        ({"answer": "age", "in": [18, 50]}, True),
        ({"answer": "onset", "lte": {"answer": "age"}}, True),
        ({"answer": "age", "lte": {"answer": "onset"}}, False),
        # age 50 is within 1 year of onset 49, but not within 0 years of it
        ({"answer": "age", "lte": {"answer": "onset", "plus": 1}}, True),
        ({"answer": "age", "lte": {"answer": "onset", "plus": 0}}, False),
        ({"answer": "onset", "gte": {"answer": "age", "plus": -1}}, True),
        ({"answer": "sex", "equals": "f"}, True),
        ({"answer": "sex", "in": ["m", "x"]}, False),
        ({"answer": "ok", "equals": True}, True),
        ({"answer": "ok", "equals": 1}, False),  # true is not the number 1
        ({"answer": "signs", "any_of": ["b", "c"]}, True),
        ({"answer": "signs", "all_of": ["a", "b"]}, False),
        ({"answer": "signs", "none_of": ["b"]}, True),
        ({"fact": "yes"}, True),
        ({"not": {"fact": "yes"}}, False),
        ({"all": [{"fact": "yes"}, {"fact": "no"}]}, False),
        ({"any": [{"fact": "no"}, {"fact": "yes"}]}, True),
        (
            {
                "at_least": 2,
                "of": [{"fact": "yes"}, {"fact": "no"}, {"answer": "ok", "equals": True}],
            },
            True,
        ),
        ({"at_least": 2, "of": [{"fact": "yes"}, {"fact": "no"}]}, False),
        ({"score": "midas", "gte": 21}, True),
        ({"score": "midas", "gt": 21}, False),
        ({"status_of": "massage", "in": ["suitable", "modified"]}, True),
    ],
)
def test_evaluate(condition, expected):
    assert evaluate(parse(condition), Ctx()) is expected


def test_reads_collects_every_reference():
    found = reads(
        parse(
            {
                "all": [
                    {"answer": "onset", "lte": {"answer": "age"}},
                    {"not": {"fact": "x"}},
                    {
                        "at_least": 1,
                        "of": [{"score": "s", "gte": 1}, {"status_of": "t", "in": ["ok"]}],
                    },
                ]
            }
        )
    )
    assert found.answers == {"onset", "age"}
    assert found.facts == {"x"}
    assert found.scores == {"s"}
    assert found.statuses == {"t"}
