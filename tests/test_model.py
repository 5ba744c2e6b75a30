"""The file model and its JSON Schema, which is committed and must not drift."""

from __future__ import annotations

import json

import jsonschema
import pytest

from decisionaid.model import json_schema
from tests.conftest import ROOT

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
