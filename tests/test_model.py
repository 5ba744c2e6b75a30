"""The file model and its JSON Schema, which is committed and must not drift."""

from __future__ import annotations

import copy
import json
from typing import Any

import jsonschema
import pytest
from pydantic import ValidationError

from decisionaid import asking
from decisionaid.errors import TreeError
from decisionaid.loader import load_tree
from decisionaid.model import (
    LARGEST_NUMBER,
    MOST_DIGITS,
    AnswerRef,
    Fragment,
    TreeFile,
    json_schema,
)
from tests.conftest import EXAMPLE, ROOT, SMALL

SCHEMA = ROOT / "schema" / "tree.schema.json"
FRAGMENT_SCHEMA = ROOT / "schema" / "fragment.schema.json"


@pytest.mark.parametrize("path, fragment", [(SCHEMA, False), (FRAGMENT_SCHEMA, True)])
def test_committed_schemas_match_the_model(path, fragment):
    committed = json.loads(path.read_text(encoding="utf-8"))
    assert committed == json_schema(fragment), f"{path.name} is stale: run `make schema`"


def test_fragment_schema_has_no_tree_identity():
    schema = json_schema(fragment=True)
    assert set(schema["properties"]) == {"include", "nodes", "facts", "scores", "sources"}
    assert schema["additionalProperties"] is False


@pytest.mark.parametrize(
    "condition, valid",
    [
        ({"answer": "age", "gte": 50}, True),
        ({"answer": "age", "gte": 50, "lt": None}, True),
        ({"answer": "age", "gte": 50, "lt": 70}, False),
        ({"answer": "age"}, False),
        ({"score": "midas", "gte": 21}, True),
        ({"score": "midas", "gte": 21, "equals": 3}, False),
        ({"fact": "x"}, True),
    ],
)
def test_schema_says_a_condition_has_exactly_one_comparison(condition, valid):
    schema = json_schema(fragment=True)
    fact = {"$ref": "#/$defs/Fact", "$defs": schema["$defs"]}
    checker = jsonschema.Draft202012Validator(fact)
    assert checker.is_valid({"label": "L", "when": condition}) is valid


def test_schema_describes_the_format():
    schema = json_schema()
    assert set(schema["required"]) >= {"tree", "version", "title", "start"}
    kinds = {
        d["properties"]["kind"]["const"]
        for name, d in schema["$defs"].items()
        if name in ("Question", "Info", "Route", "Outcome")
    }
    assert kinds == {"question", "info", "route", "outcome"}
    assert schema["additionalProperties"] is False


# --- numbers are taken exactly as written ------------------------------------------------
# Pydantic's lax mode would read `yes` as 1, "4_0" as 40, " 20 " as 20 and 5.0 as 5 without a
# word. Every number field is strict: such a value is an error placed where it is written.

BOOLEAN = "expected a whole number, but YAML reads yes/no, true/false and on/off as booleans"
TEXT = "expected a whole number, not text: write the digits alone, without quotes"
DECIMALS = "expected a whole number, without decimals"


def load_errors(write, text: str) -> str:
    with pytest.raises(TreeError) as caught:
        load_tree(write(text))
    return str(caught.value)


@pytest.mark.parametrize(
    "old, new, where, message",
    [
        ("gte: 5}", "gte: yes}", "25:33: error: node 'r': rules[0].when.gte", f"{BOOLEAN} (got True)"),
        ("gte: 5}", "gte: true}", "25:33: error: node 'r': rules[0].when.gte", f"{BOOLEAN} (got True)"),
        ("gte: 5}", 'gte: "5"}', "25:33: error: node 'r': rules[0].when.gte", f"{TEXT} (got '5')"),
        ("gte: 5}", 'gte: "4_0"}', "25:33: error: node 'r': rules[0].when.gte", f"{TEXT} (got '4_0')"),
        ("gte: 5}", "gte: 5.0}", "25:33: error: node 'r': rules[0].when.gte", f"{DECIMALS} (got 5.0)"),
        ("gte: 5}", "lt: 5.5}", "25:32: error: node 'r': rules[0].when.lt", f"{DECIMALS} (got 5.5)"),
        ("gte: 5}", "equals: 5.0}", "25:36: error: node 'r': rules[0].when.equals", f"{DECIMALS} (got 5.0)"),
        ("gte: 5}", 'gte: {answer: q2, plus: "1"}}', "25:52: error: node 'r': rules[0].when.gte.plus", f"{TEXT} (got '1')"),
        ("gte: 5}", "gte: {answer: q2, plus: on}}", "25:52: error: node 'r': rules[0].when.gte.plus", f"{BOOLEAN} (got True)"),
        ("max: 10\n", "max: yes\n", "19:10: error: node 'q2': max", f"{BOOLEAN} (got True)"),
        ("max: 10\n", 'max: " 10 "\n', "19:10: error: node 'q2': max", f"{TEXT} (got ' 10 ')"),
        ("max: 10\n", "max: 10.0\n", "19:10: error: node 'q2': max", f"{DECIMALS} (got 10.0)"),
        ("min: 0\n", "min: no\n", "18:10: error: node 'q2': min", f"{BOOLEAN} (got False)"),
        ("min: 0\n", "min: '0'\n", "18:10: error: node 'q2': min", f"{TEXT} (got '0')"),
    ],
)  # fmt: skip
def test_a_number_that_is_not_a_whole_number_is_refused_where_it_is(
    write, old, new, where, message
):
    assert old in SMALL
    errors = load_errors(write, SMALL.replace(old, new))
    assert f"tree.yaml:{where}: {message}" in errors
    assert errors.count("error:") == 1, errors  # one message, not one per member of a union


@pytest.mark.parametrize("value", ["true", "'2'", "2.0"])
def test_at_least_takes_a_whole_number_only(write, value):
    text = SMALL.replace(
        "when: {answer: q2, gte: 5}", f"when: {{at_least: {value}, of: [{{answer: q2, gte: 5}}]}}"
    )
    errors = load_errors(write, text)
    assert (
        "tree.yaml:25:26: error: node 'r': rules[0].when.at_least: expected a whole number"
        in errors
    )


def test_whole_numbers_are_still_read(write):
    text = (
        SMALL.replace("min: 0\n", "min: -3\n")
        .replace("max: 10\n", "max: 999_999_999_999_999\n".replace("_", ""))
        .replace(
            "when: {answer: q2, gte: 5}",
            "when: {at_least: 1, of: [{answer: q2, gte: {answer: q2, plus: -2}}, {answer: q2, equals: 0}]}",
        )
    )
    tree, _ = load_tree(write(text))
    q2 = tree.nodes["q2"]
    assert (q2.min, q2.max) == (-3, LARGEST_NUMBER)
    when = tree.nodes["r"].rules[0].when
    assert when.at_least == 1 and type(when.at_least) is int
    first, second = when.of
    assert first.gte == AnswerRef(answer="q2", plus=-2)
    assert second.equals == 0 and type(second.equals) is int


@pytest.mark.parametrize("value", [10**15, -(10**15), 10**40])
def test_question_min_and_max_have_at_most_the_digits_plain_mode_reads(write, value):
    field = "max" if value > 0 else "min"
    text = SMALL.replace(f"{field}: {10 if field == 'max' else 0}\n", f"{field}: {value}\n")
    errors = load_errors(write, text)
    line = 19 if field == "max" else 18
    assert (
        f"tree.yaml:{line}:10: error: node 'q2': {field}: a number question's min and max have "
        "at most 15 digits, the most plain mode reads "
        "(from -999,999,999,999,999 to 999,999,999,999,999)"
    ) in errors


def test_the_limit_on_min_and_max_is_the_one_plain_mode_reads():
    assert LARGEST_NUMBER == 10**MOST_DIGITS - 1 == int("9" * asking.MOST_DIGITS)


FRAGMENT = {
    "nodes": [
        {"id": "n", "kind": "outcome", "title": "T", "text": "X", "recommendation": "r"}
        | {"urgency": "none", "assessment": True}
    ],
    "scores": {"s": {"label": "S", "sum": ["n"], "report": True, "bands": [{"id": "low", "label": "L", "max": 3}, {"id": "high", "label": "H"}]}},
    "facts": {
        "f": {"label": "F", "when": {"score": "s", "gte": 4}},
        "g": {"label": "G", "when": {"at_least": 1, "of": [{"fact": "f"}]}},
        "h": {"label": "H", "when": {"answer": "a", "in": [1, 2]}},
    },
    "sources": {"src": {"authors": "A", "title": "T", "year": 2020}},
}  # fmt: skip

# Every strict field of the format outside a question and an answer condition (those are
# loaded from YAML above), each with a value it takes and values it refuses.
FIELDS = [
    (("scores", "s", "bands", 0, "max"), 3, [True, "3", 3.0]),
    (("scores", "s", "report"), True, ["yes", "true", 1]),
    (("facts", "f", "when", "gte"), 4, [True, "4", "4_0", 4.0]),
    (("facts", "g", "when", "at_least"), 1, [True, "1", 1.0]),
    (("facts", "h", "when", "in", 0), 1, [1.0, None]),  # text and booleans are option values
    (("sources", "src", "year"), 2020, [True, "2020", 2020.0]),
    (("nodes", 0, "assessment"), True, ["yes", "true", 1]),
]


def _with(path: tuple, value: object) -> dict:
    data = copy.deepcopy(FRAGMENT)
    into: Any = data
    for step in path[:-1]:
        into = into[step]
    into[path[-1]] = value
    return data


@pytest.mark.parametrize("path, good, bad", FIELDS)
def test_every_number_and_boolean_field_is_strict(path, good, bad):
    """Not one field coerces: a boolean where a number is meant (or a number where a
    boolean is), a quoted value, a float with nothing after the point."""
    read = Fragment.model_validate(_with(path, good))
    for step in path:
        read = (
            read[step]
            if isinstance(read, dict | list)
            else getattr(read, {"in": "in_"}.get(step, step))
        )
    assert read == good and type(read) is type(good)
    for value in bad:
        with pytest.raises(ValidationError) as caught:
            Fragment.model_validate(_with(path, value))
        (error,) = caught.value.errors()
        steps = iter(error["loc"])  # the path, with pydantic's tags and union members between
        assert all(step in steps for step in path), error


def test_the_strict_fields_load_again_from_their_json_dump():
    """The compiled-tree cache validates the models again from `model_dump(mode="json")`."""
    tree, _ = load_tree(EXAMPLE)
    dumped = json.loads(
        json.dumps(tree.main.model_dump(mode="json", by_alias=True, exclude_unset=True))
    )
    assert TreeFile.model_validate(dumped) == tree.main
    fragment = Fragment.model_validate(
        _with(("facts", "h", "when"), {"answer": "a", "gte": {"answer": "b", "plus": 2}})
    )
    dumped = json.loads(
        json.dumps(fragment.model_dump(mode="json", by_alias=True, exclude_unset=True))
    )
    assert Fragment.model_validate(dumped) == fragment
