"""FHIR R4: a tree as a Questionnaire, a saved screening as a QuestionnaireResponse.

The two agree by construction: item linkIds are question ids, codings share one system per
question, and a checklist's "none of these" is an answer option of its own (its code has a
hyphen, which tree option values cannot have). Both are validated with the `fhir.resources`
models (its R4B package: Questionnaire and QuestionnaireResponse are the same as in R4), and
`pair_problems()` checks that a response fits its questionnaire.

Every question is `required`, and says exactly when it is asked, so that a response holds an
answer for every enabled item and for no other:
- `enableWhen` (any of them) where the way there is only answers (through pages too): the
  answer values that lead to it; "any answer" is every value (a number: at least its minimum),
  never `exists`, which R4's invariant que-7 cannot check;
- the SDC extension `enableWhenExpression` (FHIRPath, from `fhirpath.py`) where a route is on
  the way, since its rules read facts, scores and treatment statuses. The facts, scores,
  statuses and routes it reads are FHIRPath variables (FHIR's `variable` extension) on the
  Questionnaire itself, each written once, in the order SDC evaluates them.
"""

from __future__ import annotations

import json
from typing import Any

import networkx as nx

from decisionaid.exports.fhirpath import Variable, WalkExpressions
from decisionaid.graph import CompiledTree
from decisionaid.model import Info, Question
from decisionaid.screenings.store import SavedAnswer, Screening

NONE_CODE = "none-of-these"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
ENABLE_WHEN_EXPRESSION = (
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression"
)
VARIABLE = "http://hl7.org/fhir/StructureDefinition/variable"
ITEM_TYPES = {"boolean": "boolean", "single": "choice", "multi": "choice", "number": "integer"}


class FhirError(ValueError):
    """A resource did not validate against its FHIR model."""


def canonical(tree_id: str) -> str:
    return f"urn:decisionaid:tree:{tree_id}"


def system(tree_id: str, question: str) -> str:
    return f"{canonical(tree_id)}:{question}"


# Questionnaire --------------------------------------------------------------------------


def _equals(tree_id: str, question: Question, value: Any) -> dict[str, Any]:
    if question.type == "boolean":
        answer = {"answerBoolean": value}
    else:
        answer = {"answerCoding": {"system": system(tree_id, question.id), "code": value}}
    return {"question": question.id, "operator": "=", **answer}


def _any_answer(tree_id: str, question: Question, taken: set[Any]) -> list[dict[str, Any]]:
    """enableWhen conditions that hold for any answer but those in `taken`."""
    if question.type == "number":
        return [{"question": question.id, "operator": ">=", "answerInteger": question.min}]
    every: list[Any] = [True, False] if question.type == "boolean" else question.option_values
    if question.type == "multi":
        every = [*every, NONE_CODE]
    return [_equals(tree_id, question, v) for v in every if v not in taken]


def _enable_when(
    flow: CompiledTree, node_id: str, known: dict[str, list[dict[str, Any]] | None]
) -> list[dict[str, Any]] | None:
    """The answers that lead here ([] when the walk always comes here), or None when a route
    is on the way. `known` holds the same for every node before this one in walking order."""
    graph, tree = flow.graph, flow.tree
    if node_id == tree.start:
        return []
    conditions: list[dict[str, Any]] = []
    for parent, _, data in graph.in_edges(node_id, data=True):
        source = tree.nodes[parent]
        if isinstance(source, Info):
            before = known[parent]
            if not before:  # a route before the page, or a page always shown
                return before
            conditions += before
        elif not isinstance(source, Question):
            return None
        elif data["kind"] == "answer":
            conditions += [_equals(tree.id, source, v) for v in data["values"]]
        else:
            taken = {
                v
                for _, _, d in graph.out_edges(parent, data=True)
                if d["kind"] == "answer"
                for v in d["values"]
            }
            conditions += _any_answer(tree.id, source, taken)
    return conditions


def _item(
    flow: CompiledTree,
    node: Question | Info,
    conditions: list[dict[str, Any]] | None,
    walk: WalkExpressions,
) -> dict[str, Any]:
    tree = flow.tree
    item: dict[str, Any] = {"linkId": node.id, "text": " ".join(node.text.split())}
    if isinstance(node, Info):
        item["type"] = "display"
    else:
        item["type"] = ITEM_TYPES[node.type]
        item["required"] = True
        if node.type == "number":
            item["extension"] = [
                {"url": MIN_VALUE, "valueInteger": node.min},
                {"url": MAX_VALUE, "valueInteger": node.max},
            ]
        if node.type in ("single", "multi"):
            item["answerOption"] = [
                {
                    "valueCoding": {
                        "system": system(tree.id, node.id),
                        "code": o.value,
                        "display": " ".join(o.label.split()),
                    }
                }
                for o in node.options
            ]
        if node.type == "multi":
            item["repeats"] = True
            item["answerOption"].append(
                {
                    "valueCoding": {
                        "system": system(tree.id, node.id),
                        "code": NONE_CODE,
                        "display": _none_label(node),
                    }
                }
            )
    if conditions is None:
        expression = {"language": "text/fhirpath", "expression": walk.arrives(node.id)}
        extension = {"url": ENABLE_WHEN_EXPRESSION, "valueExpression": expression}
        item["extension"] = [*item.get("extension", []), extension]
    elif conditions:
        item["enableWhen"] = conditions
        if len(conditions) > 1:
            item["enableBehavior"] = "any"
    return item


def _variable(variable: Variable) -> dict[str, Any]:
    expression = {
        "description": variable.description,
        "name": variable.name,
        "language": "text/fhirpath",
        "expression": variable.expression,
    }
    return {"url": VARIABLE, "valueExpression": expression}


def _none_label(question: Question) -> str:
    return question.none_label or "None of these"


def questionnaire(flow: CompiledTree) -> dict[str, Any]:
    """The tree's questions and pages as a FHIR R4 Questionnaire, in walking order."""
    tree, graph = flow.tree, flow.graph
    order = {node_id: i for i, node_id in enumerate(tree.nodes)}
    walk = WalkExpressions(flow)
    known: dict[str, list[dict[str, Any]] | None] = {}
    items = []
    for node_id in nx.lexicographical_topological_sort(graph, key=order.__getitem__):
        node = tree.nodes[node_id]
        known[node_id] = _enable_when(flow, node_id, known)
        if isinstance(node, Question | Info):
            items.append(_item(flow, node, known[node_id], walk))
    resource: dict[str, Any] = {"resourceType": "Questionnaire"}
    if walk.variables:  # FHIR has no empty lists
        resource["extension"] = [_variable(v) for v in walk.variables]
    resource |= {
        "url": canonical(tree.id),
        "version": tree.version,
        "name": "".join(part.capitalize() for part in tree.id.split("_")),
        "title": tree.main.title,
        "status": "active",
        "subjectType": ["Patient"],
        "item": items,
    }
    if tree.main.description:
        resource["description"] = " ".join(tree.main.description.split())
    validate(resource)
    return resource


# QuestionnaireResponse ------------------------------------------------------------------


def _answers(screening: Screening, answer: SavedAnswer) -> list[dict[str, Any]]:
    value = answer.value
    if answer.kind == "boolean":
        return [{"valueBoolean": value}]
    if answer.kind == "number":
        return [{"valueInteger": value}]
    coding_system = system(screening.tree_id, answer.question)
    if answer.kind == "single":
        codes, words = [value], [answer.answer_text]
    elif value:
        codes, words = value, _checklist_words(answer)
    else:
        codes, words = [NONE_CODE], [answer.answer_text]
    return [
        {"valueCoding": {"system": coding_system, "code": code, **({"display": w} if w else {})}}
        for code, w in zip(codes, words, strict=True)
    ]


def _checklist_words(answer: SavedAnswer) -> list[str | None]:
    """The label of each ticked value, as saved (labels joined by "; " when it was given);
    none at all when a label itself held "; " and the words cannot be told apart."""
    words = answer.answer_text.split("; ")
    return list(words) if len(words) == len(answer.value) else [None] * len(answer.value)


def response(screening: Screening) -> dict[str, Any]:
    """A saved screening as a FHIR R4 QuestionnaireResponse (linkIds are question ids)."""
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "identifier": {"system": "urn:decisionaid:screening", "value": str(screening.id)},
        "questionnaire": f"{canonical(screening.tree_id)}|{screening.tree_version}",
        "status": "completed" if screening.finished else "in-progress",
        "authored": screening.finished_at or screening.updated_at,
    }
    if screening.reference:
        resource["subject"] = {"display": screening.reference}
    if screening.clinician:
        resource["author"] = {"display": screening.clinician}
    if screening.answers:  # FHIR has no empty lists: no answers, no `item`
        resource["item"] = [
            {"linkId": a.question, "text": a.question_text, "answer": _answers(screening, a)}
            for a in screening.answers
        ]
    validate(resource)
    return resource


def response_json(screening: Screening) -> str:
    return json.dumps(response(screening), indent=2, ensure_ascii=False) + "\n"


def questionnaire_json(flow: CompiledTree) -> str:
    return json.dumps(questionnaire(flow), indent=2, ensure_ascii=False) + "\n"


# validation -----------------------------------------------------------------------------


def validate(resource: dict[str, Any]) -> None:
    """Validate against the FHIR model for its resourceType; FhirError says what is wrong."""
    from pydantic import ValidationError

    if resource.get("resourceType") == "Questionnaire":
        from fhir.resources.R4B.questionnaire import Questionnaire as Model
    elif resource.get("resourceType") == "QuestionnaireResponse":
        from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse as Model
    else:
        raise FhirError(f"not a resource this app writes: {resource.get('resourceType')!r}")
    try:
        Model.model_validate(resource)
    except ValidationError as exc:
        raise FhirError(str(exc)) from None


def pair_problems(questionnaire: dict[str, Any], answer: dict[str, Any]) -> list[str]:
    """Ways in which a QuestionnaireResponse does not fit its Questionnaire (empty if none)."""
    problems = []
    wanted = f"{questionnaire['url']}|{questionnaire['version']}"
    if answer.get("questionnaire") != wanted:
        problems.append(f"response is for {answer.get('questionnaire')!r}, not {wanted!r}")
    items = {item["linkId"]: item for item in questionnaire["item"]}
    for entry in answer.get("item", []):
        item = items.get(entry["linkId"])
        if item is None:
            problems.append(f"{entry['linkId']}: not an item of the questionnaire")
            continue
        answers = entry.get("answer", [])
        if len(answers) > 1 and not item.get("repeats"):
            problems.append(f"{entry['linkId']}: several answers to a non-repeating item")
        allowed = {
            (o["valueCoding"]["system"], o["valueCoding"]["code"])
            for o in item.get("answerOption", [])
        }
        for value in answers:
            kind = {"boolean": "valueBoolean", "integer": "valueInteger", "choice": "valueCoding"}
            key = kind.get(item["type"])
            if key not in value:
                problems.append(f"{entry['linkId']}: expected {key}, got {sorted(value)}")
            elif key == "valueCoding":
                coding = value["valueCoding"]
                if (coding.get("system"), coding.get("code")) not in allowed:
                    problems.append(f"{entry['linkId']}: {coding.get('code')!r} is not an option")
    return problems
