"""The file model and its JSON Schema, which is committed and must not drift."""

from __future__ import annotations

import json

from decisionaid.model import json_schema
from tests.conftest import ROOT

SCHEMA = ROOT / "schema" / "tree.schema.json"


def test_committed_schema_matches_the_model():
    committed = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert committed == json_schema(), "schema/tree.schema.json is stale: run `make schema`"


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
