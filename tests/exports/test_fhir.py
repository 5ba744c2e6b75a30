"""FHIR R4: the tree as a Questionnaire and screenings as QuestionnaireResponses that fit it."""

from __future__ import annotations

import copy

import pytest

from decisionaid.engine import Session
from decisionaid.exports.fhir import (
    NONE_CODE,
    FhirError,
    pair_problems,
    questionnaire,
    response,
    validate,
)
from decisionaid.screenings.recording import Recorder
from decisionaid.screenings.store import Store
from tests.conftest import vignettes
from tests.trees.test_migraine import BASE


@pytest.fixture(scope="module")
def form(migraine_module):
    return questionnaire(migraine_module)


@pytest.fixture(scope="module")
def migraine_module():
    from decisionaid import open_tree

    return open_tree()


def screened(flow, answers, tmp_path):
    with Store.open(tmp_path / "data") as store:
        session = Session(flow)
        recorder = Recorder(store, session, mode="intake", reference="P-7", clinician="Dr K")
        session.fill(answers)
        return store.get(recorder.screening_id)


def test_questionnaire_has_every_question_once_in_walking_order(form, migraine_module):
    items = {i["linkId"]: i for i in form["item"]}
    questions = [n for n, kind in migraine_module.graph.nodes(data="kind") if kind == "question"]
    assert set(items) >= set(questions)
    assert form["item"][0]["linkId"] == migraine_module.tree.start
    assert items["age"]["type"] == "integer"
    assert items["emergency_signs"]["repeats"] is True
    codes = [o["valueCoding"]["code"] for o in items["emergency_signs"]["answerOption"]]
    assert codes[-1] == NONE_CODE and "thunderclap" in codes
    assert form["url"] == "urn:decisionaid:tree:migraine" and form["version"]


def test_enable_when_points_back_to_earlier_items_with_real_answers(form):
    position = {item["linkId"]: i for i, item in enumerate(form["item"])}
    options = {
        item["linkId"]: {o["valueCoding"]["code"] for o in item.get("answerOption", [])}
        for item in form["item"]
    }
    with_conditions = [item for item in form["item"] if "enableWhen" in item]
    assert with_conditions, "some questions follow straight from an answer"
    for item in with_conditions:
        for condition in item["enableWhen"]:
            assert position[condition["question"]] < position[item["linkId"]]
            if "answerCoding" in condition:
                assert condition["answerCoding"]["code"] in options[condition["question"]]


def test_head_injury_follow_up_is_enabled_by_its_answer(form):
    items = {i["linkId"]: i for i in form["item"]}
    follow_up = [
        item
        for item in form["item"]
        if any(c["question"] == "head_injury" for c in item.get("enableWhen", []))
    ]
    assert follow_up, "a question follows from the head-injury answer"
    assert items["head_injury"]["type"] == "choice"


@pytest.mark.parametrize("case", vignettes(), ids=lambda c: c.get("id", "case"))
def test_every_vignette_exports_a_response_that_fits(case, migraine_module, form, tmp_path):
    screening = screened(migraine_module, case["answers"], tmp_path)
    resource = response(screening)  # validated against the FHIR model on the way
    assert resource["status"] == "completed"
    assert pair_problems(form, resource) == []
    assert [i["linkId"] for i in resource["item"]] == list(screening.answer_values())


def test_answer_types(migraine_module, tmp_path):
    resource = response(screened(migraine_module, BASE, tmp_path))
    items = {i["linkId"]: i["answer"] for i in resource["item"]}
    assert items["age"] == [{"valueInteger": 40}]
    assert items["diagnosed"] == [{"valueBoolean": True}]
    assert items["pain_quality"][0]["valueCoding"]["code"] == "pressing"
    assert items["emergency_signs"] == [
        {
            "valueCoding": {
                "system": "urn:decisionaid:tree:migraine:emergency_signs",
                "code": NONE_CODE,
            }
        }
    ]
    assert resource["subject"] == {"display": "P-7"}
    assert resource["author"] == {"display": "Dr K"}


def test_an_unfinished_screening_is_in_progress(migraine_module, tmp_path):
    resource = response(screened(migraine_module, {"emergency_signs": []}, tmp_path))
    assert resource["status"] == "in-progress"


def test_pair_problems_finds_answers_that_do_not_fit(form, migraine_module, tmp_path):
    resource = response(screened(migraine_module, BASE, tmp_path))
    broken = copy.deepcopy(resource)
    broken["item"][0]["linkId"] = "no_such_question"
    broken["item"][1]["answer"] = [{"valueInteger": 3}]
    broken["item"][2]["answer"] = [{"valueInteger": 1}, {"valueInteger": 2}]
    problems = pair_problems(form, broken)
    assert any("no_such_question" in p for p in problems)
    assert any("expected valueCoding" in p for p in problems)
    assert any("several answers" in p for p in problems)


def test_validation_rejects_a_malformed_resource():
    with pytest.raises(FhirError):
        validate({"resourceType": "QuestionnaireResponse", "status": "completed", "item": "x"})
