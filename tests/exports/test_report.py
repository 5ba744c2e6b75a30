"""Reports: every format from the same layout, the JSON contract with its screening block,
and file names that never overwrite an earlier report."""

from __future__ import annotations

import json
import os
import stat

import pytest

from decisionaid.engine import Session
from decisionaid.explanation import Explanation
from decisionaid.exports.report import claim, file_name, render
from decisionaid.layout import SELF, UNFINISHED
from tests.fixtures.answers import CASES, FULL
from tests.trees.test_migraine import BASE


def test_a_shipped_tree_report_has_what_a_reader_needs(migraine, tmp_path):
    from decisionaid.screenings.recording import Recorder
    from decisionaid.screenings.store import Store

    with Store.open(tmp_path / "data") as store:
        session = Session(migraine)
        recorder = Recorder(store, session, mode="intake", reference="P-9", clinician="AK")
        session.fill(BASE)
        text = render(store.get(recorder.screening_id), "markdown")
    outcome = migraine.tree.nodes["dry_needling_or_massage"]
    for part in (
        f"# {outcome.intake.title}",
        "- **Patient reference:** P-9",
        f"version {migraine.tree.version}",
        "MIDAS score",
        "## Safety-net advice to give the patient",
        "## About this aid",
        "Pourahmadi",
    ):
        assert part in text, part


def test_the_first_lines_name_who_and_when(saved):
    lines = render(saved(FULL, reference="P-7", clinician="AK"), "markdown").splitlines()
    head = "\n".join(lines[:12])
    for part in ("Patient reference:** P-7", "Clinician:** AK", "Therapist intake", "Started:"):
        assert part in head, part
    assert "Status:** Finished" in head and "Screening:** #" in head
    assert lines[0].startswith("# ")


def test_an_unfinished_screening_says_so(saved):
    text = render(saved({"danger": [], "warning": []}), "markdown")
    assert UNFINISHED in text and "Not finished (2 answers so far)" in text
    assert "Suggested" not in text
    assert "| Does the patient report any of these now? | None of these |" in text
    assert "## About this aid" in text and "No funding" in text


def test_an_unsaved_report_says_it_was_not_saved(unsaved):
    assert "Not saved on this computer" in render(unsaved("urgent"), "markdown")


def test_json_is_the_contract_plus_the_screening_and_its_typed_explanation(saved, aid):
    screening = saved(FULL)
    data = json.loads(render(screening, "json"))
    session = Session(aid)
    session.fill(FULL)
    contract = session.result().contract()
    assert {k: data[k] for k in contract} == contract
    meta = data["screening"]
    assert meta["status"] == "finished" and meta["reference"] == "P<1>" and meta["saved"]
    assert meta["status_in_words"] == "Finished"
    assert Explanation.from_data(meta["explanation"]) == screening.explanation
    assert meta["explanation"]["result"]["options"][0]["label"] == "Self-management"
    assert meta["explanation"]["about"]["funding"] == "No funding"
    assert meta["answers_in_words"][0] == {
        "question": "danger",
        "text": "Does the patient report any of these now?",
        "answer": "None of these",
    }


def test_json_of_an_unfinished_screening_has_null_results(saved):
    data = json.loads(render(saved({"danger": []}, mode="self"), "json"))
    assert data["outcome"] is None and data["recommendation"] is None
    assert data["answers"] == {"danger": []}
    assert data["screening"]["status"] == "unfinished"
    assert data["screening"]["disclaimer"] == SELF.not_a_diagnosis


def test_every_format_renders_an_emergency(saved):
    screening = saved(CASES["emergency"])
    for fmt in ("markdown", "html", "json", "fhir"):
        assert "emergency" in render(screening, fmt).lower() or fmt == "fhir"
    with pytest.raises(ValueError, match="unknown report format"):
        render(screening, "pdf")


def test_report_files_never_overwrite_each_other(tmp_path, saved, unsaved):
    first = claim(tmp_path, file_name(saved(FULL), "html"))
    assert first.name.startswith("screening-") and first.suffix == ".html"
    again = claim(tmp_path, first.name)
    assert again.name == first.name.replace(".html", "-2.html")
    assert claim(tmp_path, first.name).name == first.name.replace(".html", "-3.html")
    assert stat.S_IMODE(os.stat(again).st_mode) == 0o600
    # Two unsaved screenings in the same second get two files.
    name = file_name(unsaved("urgent"), "html")
    assert name.startswith("decisionaid-report-") and name.endswith(".html")
    assert claim(tmp_path, name) != claim(tmp_path, name)


def test_a_report_name_is_never_claimed_through_a_symlink(tmp_path):
    target = tmp_path / "elsewhere"
    (tmp_path / "screening-1.html").symlink_to(target)
    assert claim(tmp_path, "screening-1.html").name == "screening-1-2.html"
    assert not target.exists()
