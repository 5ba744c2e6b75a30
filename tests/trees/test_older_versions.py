"""Screenings saved with an older version of the shipped tree still open, read, export and
resume with the current one.

The fixture `fixtures/screening-1.0.0.json` is a screening record as tree 1.0.0 saved it (the
first-attack vignette, for which 1.0.0 suggested dry needling and 1.1 asks for a doctor's review
first). It was made by walking the 1.0.0 tree files (`git show 077cea7:trees/...`) with the
Recorder into a Store and writing `dataclasses.asdict(store.get(id))`, timestamps fixed.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from decisionaid.explanation import Explanation
from decisionaid.exports.report import render
from decisionaid.screenings.recording import resume
from decisionaid.screenings.store import SavedAnswer, Store

FIXTURE = Path(__file__).parent / "fixtures" / "screening-1.0.0.json"
RECORD = json.loads(FIXTURE.read_text(encoding="utf-8"))


@pytest.fixture
def saved(tmp_path):
    """The 1.0.0 record put into a fresh store, and read back as any saved screening is."""
    with Store.open(tmp_path / "data") as store:
        screening_id = store.create(
            tree_id=RECORD["tree_id"],
            tree_version=RECORD["tree_version"],
            tree_title=RECORD["tree_title"],
            mode=RECORD["mode"],
            reference=RECORD["reference"],
            clinician=RECORD["clinician"],
            current=RECORD["current"],
        )
        store.save(
            screening_id,
            answers=[SavedAnswer(**a) for a in RECORD["answers"]],
            current=RECORD["current"],
            result=RECORD["result"],
        )
        # The explanation exactly as 1.0.0 wrote it: a flat JSON object with no format number.
        with sqlite3.connect(store.path) as db:
            db.execute(
                "UPDATE screenings SET explanation = ? WHERE id = ?",
                (json.dumps(RECORD["explanation"]), screening_id),
            )
        yield store.get(screening_id)


def test_the_fixture_is_a_finished_1_0_0_screening(migraine):
    assert RECORD["tree_version"] == "1.0.0" != migraine.tree.version
    assert RECORD["result"]["recommendation"] == "dry_needling"
    assert "priorities" not in RECORD["result"]["answers"]


def test_it_reads_as_it_was_saved(saved):
    assert saved.finished and saved.tree_version == "1.0.0"
    assert saved.result == RECORD["result"]
    assert saved.explanation == Explanation.from_data(RECORD["explanation"])
    assert saved.explanation.format == 1
    words = saved.explanation.result
    old = RECORD["explanation"]
    assert (words.title, words.body, words.reasons) == (old["title"], old["body"], old["reasons"])
    assert [o.status for o in words.options] == [o["status"] for o in old["options"]]
    assert words.safety_net[0].items == old["safety_net"]
    assert [s.text for s in words.sources] == old["sources"]
    assert saved.answer_values() == RECORD["result"]["answers"]


@pytest.mark.parametrize("fmt", ["markdown", "html", "json", "fhir"])
def test_it_exports_its_own_result_not_a_new_one(saved, fmt):
    report = render(saved, fmt)
    if fmt == "fhir":
        answered = json.loads(report)["item"]
        assert len(answered) == len(RECORD["answers"])
        return
    assert RECORD["explanation"]["title"] in report  # the 1.0.0 result, as it was
    assert "1.0.0" in report
    assert "before any hands-on treatment" not in report  # not re-assessed with 1.1


def test_resuming_with_1_1_carries_the_answers_and_asks_what_matters(migraine, saved):
    session, notes = resume(migraine, saved)
    assert len(notes) == 1
    assert "version 1.0.0" in notes[0] and f"version {migraine.tree.version}" in notes[0]
    assert session.current_id == "priorities"
    assert session.answers() == RECORD["result"]["answers"]
    session.answer(["strong_evidence"])
    result = session.result().contract()
    assert (result["recommendation"], result["triggers"], result["add_on"]) == (
        "doctor",
        ["first_attack"],
        None,
    )
