"""FHIR R4: the tree as a Questionnaire and screenings as QuestionnaireResponses that fit it,
judged by the HL7 R4 JSON Schema and invariants (tests/fhir_r4.py), and by enableWhen: every
enabled required item is answered, and no item that is not enabled."""

from __future__ import annotations

import contextlib
import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decisionaid import open_tree
from decisionaid.engine import Session
from decisionaid.errors import AnswerError
from decisionaid.exports.fhir import (
    ENABLE_WHEN_EXPRESSION,
    NONE_CODE,
    VARIABLE,
    FhirError,
    pair_problems,
    questionnaire,
    questionnaire_json,
    response,
    validate,
)
from decisionaid.model import Question
from decisionaid.screenings.recording import Recorder
from decisionaid.screenings.store import Store
from tests.conftest import EXAMPLE, PAST_RECURSION, answer_strategy, fact_chain, vignettes
from tests.fhir_r4 import enabled_ids, enablement, enablement_problems, r4_problems
from tests.trees.test_migraine import BASE

# One worker runs this module (`--dist loadgroup`): its Questionnaires and long chain built once.
pytestmark = pytest.mark.xdist_group("fhir")

# Questions behind routes that read a page, an at-least rule, a score, a fact, a treatment
# status, another answer and checklist operators, so that every part of the condition
# language is written as FHIRPath and judged against real walks.
ROUTED = """\
tree: routed
version: "1"
title: Routed
start: intro
therapies:
  massage:
    label: Massage
    rules:
      - {status: caution, reasons: [mild]}
    otherwise: suitable
nodes:
  - {id: intro, kind: info, text: Welcome, next: pain}
  - {id: pain, kind: question, type: number, text: Pain now?, min: 0, max: 10, next: worst}
  - {id: worst, kind: question, type: number, text: Worst pain?, min: 0, max: 10, next: signs}
  - id: signs
    kind: question
    type: multi
    text: Signs?
    options: [{value: a, label: A}, {value: b, label: B}, {value: c, label: C}]
    next: sort
  - id: sort
    kind: question
    type: single
    text: Which sort?
    options:
      - {value: sharp, label: Sharp, next: sharp_page}
      - {value: dull, label: Dull}
      - {value: other, label: Other}
    next: gate
  - {id: sharp_page, kind: info, text: About sharp pain, next: gate}
  - id: gate
    kind: route
    text: Which way?
    rules:
      - when:
          at_least: 2
          of:
            - {answer: signs, any_of: [a]}
            - {score: total, gte: 15}
            - {answer: worst, gt: {answer: pain}}
        go: urgent
      - when: {all: [{answer: signs, all_of: [b, c]}, {not: {fact: mild}}]}
        go: follow
      - when: {status_of: massage, in: [caution]}
        go: careful_page
      - when: {any: [{answer: sort, in: [other]}, {answer: signs, none_of: [a, b, c]}]}
        go: follow
    otherwise: last
  - {id: follow, kind: question, type: boolean, text: Follow up?, next: again}
  - {id: careful_page, kind: info, text: Be careful, next: again}
  - id: again
    kind: route
    text: Again?
    rules:
      - when: {answer: pain, not_equals: 0}
        go: last
    otherwise: end
  - id: last
    kind: question
    type: single
    text: Last one?
    options: [{value: yes_please, label: Yes please}, {value: no_thanks, label: No thanks}]
    next: end
  - {id: urgent, kind: outcome, recommendation: doctor, urgency: urgent, title: U, text: U.}
  - {id: end, kind: outcome, recommendation: rest, urgency: none, title: E, text: E.}
facts:
  mild: {label: Mild, when: {answer: pain, lte: 3}}
scores:
  total: {label: Total, sum: [pain, worst]}
"""


@pytest.fixture(scope="module")
def migraine_module():
    return open_tree()


@pytest.fixture(scope="module")
def form(migraine_module):
    return questionnaire(migraine_module)


@pytest.fixture(scope="module")
def routed(tmp_path_factory):
    path = tmp_path_factory.mktemp("routed") / "routed.yaml"
    path.write_text(ROUTED, encoding="utf-8")
    flow = open_tree(path)
    assert flow.warnings == []
    return flow


def screened(flow, answers, folder, mode="intake", start=True):
    """A screening saved as the app saves it, and its response; unfinished when the answers
    stop before a result."""
    with Store.open(folder / "data") as store:
        session = Session(flow)
        if mode == "intake":
            recorder = Recorder(store, session, mode=mode, reference="P-7", clinician="Dr K")
        else:
            recorder = Recorder(store, session, mode=mode)
        if start:
            recorder.save()
        fill(session, answers)
        return store.get(recorder.screening_id)


def fill(session: Session, answers) -> None:
    """Answer as far as the answers go; an answer the tree refuses (a cross-answer check)
    stops the walk at that question, where a person would be asked again."""
    with contextlib.suppress(AnswerError):
        session.fill(answers)


def fits(form, resource) -> None:
    """The whole judgement: R4 schema and invariants, enableWhen and required, and ours."""
    assert r4_problems(resource) == []
    assert enablement_problems(form, resource) == []
    assert pair_problems(form, resource) == []


# --- the Questionnaire -------------------------------------------------------------------


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


@pytest.mark.parametrize("tree", ["migraine", "coffee", "routed"])
def test_questionnaires_pass_the_r4_rules(tree, form, routed):
    resource = {"migraine": form, "coffee": questionnaire(open_tree(EXAMPLE))}.get(tree)
    assert r4_problems(resource or questionnaire(routed)) == []


def test_every_question_is_required_and_says_when_it_is_asked(form, migraine_module):
    """A question after a route gets an enableWhenExpression (never also enableWhen); after
    answers only, enableWhen; `exists` is never used (R4's que-7 cannot check it)."""
    start = migraine_module.tree.start
    for item in form["item"]:
        if item["type"] == "display":
            continue
        assert item["required"] is True
        expressions = [e for e in item.get("extension", []) if e["url"] == ENABLE_WHEN_EXPRESSION]
        assert not (expressions and "enableWhen" in item)
        assert expressions or "enableWhen" in item or item["linkId"] == start
        assert all(c["operator"] != "exists" for c in item.get("enableWhen", []))
    behind_routes = {
        item["linkId"]
        for item in form["item"]
        if any(e["url"] == ENABLE_WHEN_EXPRESSION for e in item.get("extension", []))
    }
    graph = migraine_module.graph
    for question in behind_routes:
        assert any(graph.nodes[p]["kind"] == "route" for p in graph.predecessors(question))


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


# --- responses ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", vignettes(), ids=lambda c: c.get("name", "case"))
def test_every_vignette_exports_a_response_that_fits(case, migraine_module, form, tmp_path):
    screening = screened(migraine_module, case["answers"], tmp_path)
    resource = response(screening)  # validated against the FHIR model on the way
    assert resource["status"] == "completed"
    fits(form, resource)
    answered = [i["linkId"] for i in resource["item"]]
    assert answered == list(screening.answer_values())
    asked = [i for i in enabled_ids(form, resource) if i in migraine_module.tree.questions()]
    assert asked == answered, "enableWhen enables exactly the questions the walk asked"


def test_a_red_flag_walk_is_complete_against_its_questionnaire(migraine_module, form, tmp_path):
    answers = {"emergency_signs": ["thunderclap"]}
    resource = response(screened(migraine_module, answers, tmp_path, mode="self"))
    assert resource["status"] == "completed"
    assert [i["linkId"] for i in resource["item"]] == ["emergency_signs"]
    fits(form, resource)
    assert "head_injury" not in enabled_ids(form, resource)


@pytest.mark.parametrize("count", [0, 1, 4, 12])
@pytest.mark.parametrize("mode", ["intake", "self"])
def test_unfinished_screenings_fit(count, mode, migraine_module, form, tmp_path):
    walk = Session(migraine_module)
    walk.fill(BASE)
    first = dict(list(walk.answers().items())[:count])
    resource = response(screened(migraine_module, first, tmp_path, mode=mode))
    assert resource["status"] == "in-progress"
    assert ("item" in resource) == (count > 0), "no empty item list"
    assert ("subject" in resource) == (mode == "intake")
    fits(form, resource)
    next_question = list(walk.answers())[count]
    assert next_question in enabled_ids(form, resource), "the question to answer next is enabled"


def test_answer_types_and_words(migraine_module, tmp_path):
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
                "display": "None of these",
            }
        }
    ]
    assert resource["subject"] == {"display": "P-7"}
    assert resource["author"] == {"display": "Dr K"}


def test_checklist_answers_carry_their_words(routed, tmp_path):
    answers = {"pain": 5, "worst": 5, "signs": ["b", "c"], "sort": "dull", "follow": True}
    resource = response(screened(routed, {**answers, "last": "no_thanks"}, tmp_path))
    form = questionnaire(routed)
    labels = {
        (item["linkId"], o["valueCoding"]["code"]): o["valueCoding"]["display"]
        for item in form["item"]
        for o in item.get("answerOption", [])
    }
    ticked = next(i for i in resource["item"] if i["linkId"] == "signs")
    assert [a["valueCoding"]["display"] for a in ticked["answer"]] == ["B", "C"]
    fits(form, resource)
    for item in resource["item"]:
        for answer in item["answer"]:
            if "valueCoding" in answer:
                coding = answer["valueCoding"]
                assert coding["display"] == labels[(item["linkId"], coding["code"])]


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_random_walks_enable_exactly_what_they_ask(routed, migraine_module, form, tmp_path, data):
    """On the shipped tree and on one with every kind of rule behind routes: whatever the
    answers, the enabled questions are exactly the answered ones (plus, when the walk has
    not ended, the one it is at)."""
    trees = [(routed, questionnaire(routed)), (migraine_module, form)]
    flow, form = data.draw(st.sampled_from(trees))
    answers = {qid: data.draw(answer_strategy(q)) for qid, q in flow.tree.questions().items()}
    session = Session(flow)
    fill(session, answers)
    resource = response(screened(flow, answers, tmp_path))
    problems, enabled = enablement(form, resource)
    assert problems == []
    asked = [i for i in enabled if i in flow.tree.questions()]
    expected = list(session.answers())
    if not session.finished and isinstance(session.current, Question):
        expected.append(session.current.id)
    assert asked == expected


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


def test_the_judges_see_broken_resources(form, migraine_module, tmp_path):
    """The R4 checks are not blind: an `exists` condition with a coding (que-7), a display
    item marked required (que-6), an empty coding (ele-1), a status that is not a code
    (schema), an answer to a disabled item
    and an unanswered enabled one are each found."""
    broken = copy.deepcopy(form)
    item = next(i for i in broken["item"] if "enableWhen" in i)
    item["enableWhen"][0] = {
        "question": item["enableWhen"][0]["question"],
        "operator": "exists",
        "answerCoding": {"code": "x"},
    }
    broken["item"].append({"linkId": "page", "type": "display", "text": "x", "required": True})
    broken["status"] = "finished"
    next(i for i in broken["item"] if "answerOption" in i)["answerOption"][0]["valueCoding"] = {}
    found = " ".join(r4_problems(broken))
    assert "que-7" in found and "que-6" in found and "ele-1" in found
    assert "'finished' is not one of" in found
    walk = response(screened(migraine_module, {"emergency_signs": ["thunderclap"]}, tmp_path))
    walk["item"].append({"linkId": "head_injury", "answer": [{"valueCoding": {"code": "none"}}]})
    assert enablement_problems(form, walk) == ["head_injury: answered, but not enabled"]
    walk["item"] = walk["item"][:1]
    walk["item"][0]["answer"] = [{"valueCoding": {"code": NONE_CODE}}]
    assert "head_injury: required and enabled, but not answered" in enablement_problems(form, walk)


def test_validation_rejects_a_malformed_resource():
    with pytest.raises(FhirError):
        validate({"resourceType": "QuestionnaireResponse", "status": "completed", "item": "x"})


def test_a_long_chain_of_pages_after_a_route_exports(write):
    """Deeper than Python's recursion limit: the Questionnaire is made in walking order."""
    pages = [f"  - {{id: p{i}, kind: info, text: Page {i}, next: p{i + 1}}}" for i in range(1500)]
    text = "\n".join(
        [
            'tree: deep\nversion: "1"\ntitle: Deep\nstart: q\nnodes:',
            "  - {id: q, kind: question, type: boolean, text: Q?, next: r}",
            "  - {id: r, kind: route, text: R, rules: [{when: {answer: q, equals: true}, go: p0}],"
            " otherwise: p0}",
            *pages,
            "  - {id: p1500, kind: question, type: boolean, text: Last?, next: end}",
            "  - {id: end, kind: outcome, recommendation: rest, urgency: none, title: E, text: E.}",
        ]
    )
    form = questionnaire(open_tree(write(text + "\n")))
    last = form["item"][-1]
    assert last["linkId"] == "p1500"
    assert [e["url"] for e in last["extension"]] == [ENABLE_WHEN_EXPRESSION]


# --- expressions stay linear: named variables ---------------------------------------------


@pytest.fixture(scope="module")
def long_chain(tmp_path_factory):
    path = tmp_path_factory.mktemp("chain") / "chain.yaml"
    path.write_text(fact_chain(PAST_RECURSION), encoding="utf-8")
    return open_tree(path)


def variables(form) -> list[dict]:
    return [e["valueExpression"] for e in form.get("extension", []) if e["url"] == VARIABLE]


def test_a_chain_of_facts_past_the_recursion_limit_exports_and_fits(long_chain, tmp_path):
    """Each fact is a variable read by the next, listed after it: no deep recursion, and the
    Questionnaire grows with the tree. Both walks fit it, the judge evaluating the
    variables as exported."""
    form = questionnaire(long_chain)
    facts = [v for v in variables(form) if v["description"].startswith("fact ")]
    assert [v["description"] for v in facts[:2]] == ["fact 'f0'", "fact 'f1'"]
    assert len(facts) == PAST_RECURSION
    assert facts[-1]["expression"] == f"(%{facts[-2]['name']}).not()"
    assert len(json.dumps(form, indent=2)) < 300 * PAST_RECURSION
    assert r4_problems(form) == []
    for answers, asked in (({"q0": False, "q1": True}, ["q0", "q1"]), ({"q0": True}, ["q0"])):
        resource = response(screened(long_chain, answers, tmp_path / "-".join(asked)))
        assert enablement(form, resource) == ([], asked)


def diamond(levels: int) -> str:
    """Facts that each read the one before twice (it, or its opposite, as q1 says), and
    routes that each meet again at the next (through a page, or straight on): written out
    in full, every level would double the expressions."""
    lines = [
        'tree: diamond\nversion: "1"\ntitle: Diamond\nstart: q0\nnodes:',
        "  - {id: q0, kind: question, type: number, text: How many?, min: 0, max: 99, next: q1}",
        "  - {id: q1, kind: question, type: boolean, text: Same?, next: r0}",
    ]
    for i in range(levels):
        on = f"r{i + 1}" if i < levels - 1 else "last"
        lines += [
            f"  - {{id: r{i}, kind: route, text: R, rules: [{{when: {{answer: q0, gt: {i}}}, "
            f"go: p{i}}}], otherwise: {on}}}",
            f"  - {{id: p{i}, kind: info, text: Page {i}, next: {on}}}",
        ]
    lines += [
        f"  - {{id: last, kind: route, text: L, rules: [{{when: {{fact: f{levels - 1}}}, "
        "go: q2}], otherwise: end}",
        "  - {id: q2, kind: question, type: boolean, text: More?, next: end}",
        "  - {id: end, kind: outcome, recommendation: rest, urgency: none, title: E, text: E.}",
        "facts:\n  f0: {label: F, when: {answer: q0, gte: 50}}",
    ]
    for i in range(1, levels):
        before = f"{{fact: f{i - 1}}}"
        lines += [
            f"  f{i}: {{label: F, when: {{any: [{{all: [{before}, {{answer: q1, equals: true}}]}}, "
            f"{{all: [{{not: {before}}}, {{answer: q1, equals: false}}]}}]}}}}"
        ]
    return "\n".join(lines) + "\n"


def test_a_diamond_of_facts_and_routes_exports_in_linear_size(write, tmp_path):
    sizes = {}
    for levels in (5, 10, 15, 30):
        sizes[levels] = len(
            questionnaire_json(open_tree(write(diamond(levels), f"d{levels}.yaml")))
        )
        if levels == 15:
            step = sizes[10] - sizes[5]
            assert step * 0.9 < sizes[15] - sizes[10] < step * 1.1, sizes
    assert sizes[30] - sizes[15] < 3 * step * 1.1, sizes
    flow = open_tree(write(diamond(30), "d30.yaml"))
    form = questionnaire(flow)
    for number, same in ((0, True), (3, False), (60, True), (60, False), (99, False)):
        session = Session(flow)
        session.fill({"q0": number, "q1": same, "q2": True})
        resource = response(screened(flow, session.answers(), tmp_path / f"{number}{same}"))
        problems, enabled = enablement(form, resource)
        assert problems == []
        assert [i for i in enabled if i.startswith("q")] == list(session.answers())
        assert [i for i in enabled if i.startswith("p")] == [
            p for p in session.path if p.startswith("p")
        ]


def test_the_judges_see_broken_variables(routed, tmp_path):
    """Variables listed before what they read, or twice, are errors to the enablement
    judge; an Expression with no expression (exp-1) and a name that is no FHIR id are
    errors to the R4 judge."""
    form = questionnaire(routed)
    answers = {"pain": 2, "worst": 2, "signs": [], "sort": "dull", "last": "yes_please"}
    resource = response(screened(routed, answers, tmp_path))
    fits(form, resource)
    backwards = copy.deepcopy(form)
    backwards["extension"].reverse()
    with pytest.raises(ValueError, match="undefined environment variable"):
        enablement_problems(backwards, resource)
    twice = copy.deepcopy(form)
    twice["extension"].append(twice["extension"][0])
    with pytest.raises(AssertionError, match="defined twice"):
        enablement_problems(twice, resource)
    broken = copy.deepcopy(form)
    del broken["extension"][0]["valueExpression"]["expression"]
    broken["extension"][1]["valueExpression"]["name"] = "fact_one"
    found = " ".join(r4_problems(broken))
    assert "exp-1" in found and "'fact_one' does not match" in found
