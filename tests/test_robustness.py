"""Property tests: no YAML document and no mutation of a valid tree ever gives a traceback.

Whatever the input, loading either succeeds or raises TreeError whose every problem names a
file and a line.
"""

from __future__ import annotations

import random

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decisionaid.errors import TreeError
from decisionaid.graph import compile_tree
from decisionaid.loader import load_tree
from decisionaid.yamlfile import parse
from tests.conftest import SMALL, examples

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 200),
    st.text(max_size=12),
    st.sampled_from(
        ["q1", "q2", "r", "end_few", "yes", "question", "route", "outcome", "single", "multi"]
    ),
)
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.sampled_from(["id", "kind", "next", "nodes", "when", "answer", "rules", "tree", "x"])
            | st.text(max_size=6),
            inner,
            max_size=4,
        ),
    ),
    max_leaves=25,
)


def load_text(tmp_path, text: str):
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        return compile_tree(*load_tree(path))
    except TreeError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.location is not None, problem
            assert problem.location.line >= 1
        return None


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=200))
def test_any_text_gives_a_located_error_or_a_tree(tmp_path, text):
    load_text(tmp_path, text)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=documents)
def test_any_yaml_document(tmp_path, document):
    load_text(tmp_path, dump(document))


def dump(data, **options) -> str:
    """YAML for a generated document, written by libyaml (what yaml.safe_dump writes, at a
    tenth of the cost: the pure-Python writer took most of these tests' time)."""
    return yaml.dump(data, Dumper=yaml.CSafeDumper, **options)


def _mutate(data, rng: random.Random, replacement):
    """Replace, delete or add one thing somewhere in a parsed tree."""
    if isinstance(data, dict) and data:
        key = rng.choice(list(data))
        choice = rng.random()
        if choice < 0.3:
            del data[key]
        elif choice < 0.6 or not isinstance(data[key], dict | list):
            data[key] = replacement
        else:
            _mutate(data[key], rng, replacement)
    elif isinstance(data, list) and data:
        index = rng.randrange(len(data))
        if rng.random() < 0.3:
            data.pop(index)
        elif isinstance(data[index], dict | list) and rng.random() < 0.7:
            _mutate(data[index], rng, replacement)
        else:
            data[index] = replacement


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32), replacement=documents, times=st.integers(1, 3))
def test_mutations_of_a_valid_tree(tmp_path, seed, replacement, times):
    rng = random.Random(seed)
    data = yaml.load(SMALL, Loader=yaml.CSafeLoader)
    for _ in range(times):
        _mutate(data, rng, replacement)
    load_text(tmp_path, dump(data))


@given(text=st.text(alphabet="ab:-[]{}&*!|>'\"\n #,?", max_size=60))
def test_yaml_punctuation_soup(text):
    try:
        parse(text, "soup.yaml")
    except TreeError as exc:
        assert all(p.location for p in exc.problems)


# --- a tree that validates never raises during a walk ------------------------------------

STATUSES = ["suitable", "caution", "excluded"]


def _condition(rng: random.Random, questions: list[dict], facts: int, therapies: int, depth=0):
    """A random condition that fits the questions it reads; it may read any fact or status,
    so loops (which validation must reject) come up as often as chains."""
    roll = rng.random()
    if depth < 3 and roll < 0.25:
        parts = [
            _condition(rng, questions, facts, therapies, depth + 1)
            for _ in range(rng.randint(1, 3))
        ]
        kind = rng.choice(["all", "any", "not", "at_least"])
        if kind == "not":
            return {"not": parts[0]}
        if kind == "at_least":
            return {"at_least": rng.randint(1, len(parts)), "of": parts}
        return {kind: parts}
    if facts and roll < 0.45:
        return {"fact": f"f{rng.randrange(facts)}"}
    if therapies and roll < 0.55:
        return {"status_of": f"t{rng.randrange(therapies)}", "in": rng.sample(STATUSES, 2)}
    question = rng.choice(questions)
    qid, kind = question["id"], question["type"]
    if kind == "boolean":
        return {"answer": qid, "equals": rng.random() < 0.5}
    if kind == "number":
        others = [q["id"] for q in questions if q["type"] == "number" and q["id"] != qid]
        bound = {"answer": rng.choice(others)} if others and rng.random() < 0.3 else 5
        return {"answer": qid, rng.choice(["gte", "lt", "equals"]): bound}
    values = [o["value"] for o in question["options"]]
    if kind == "single":
        return {"answer": qid, "in": rng.sample(values, rng.randint(1, len(values)))}
    return {"answer": qid, rng.choice(["any_of", "all_of", "none_of"]): rng.sample(values, 1)}


def _random_tree(rng: random.Random) -> dict:
    questions = []
    for i in range(rng.randint(1, 5)):
        kind = rng.choice(["boolean", "single", "multi", "number"])
        question = {"id": f"q{i}", "kind": "question", "type": kind, "text": f"Q{i}?"}
        if kind in ("single", "multi"):
            question["options"] = [
                {"value": f"v{j}", "label": f"V{j}"} for j in range(rng.randint(2, 3))
            ]
        if kind == "number":
            question.update(min=0, max=10)
        questions.append(question)
    facts, therapies = rng.randint(0, 6), rng.randint(0, 2)
    for i, question in enumerate(questions):
        question["next"] = f"q{i + 1}" if i + 1 < len(questions) else "r0"
        if rng.random() < 0.2:  # a check may read a later answer: use-before-ask
            question["checks"] = [
                {"require": _condition(rng, questions, facts, therapies), "message": "No."}
            ]
    routes = rng.randint(1, 3)
    nodes = list(questions)
    for i in range(routes):
        after = f"r{i + 1}" if i + 1 < routes else "end_a"
        rules = [
            {
                "when": _condition(rng, questions, facts, therapies),
                "go": rng.choice(["end_b", after]),
            }
            for _ in range(rng.randint(1, 2))
        ]
        nodes.append(
            {"id": f"r{i}", "kind": "route", "text": "R", "rules": rules, "otherwise": after}
        )
    for name, assessment in (("end_a", True), ("end_b", False)):
        nodes.append(
            {
                "id": name,
                "kind": "outcome",
                "recommendation": "rest",
                "urgency": "none",
                "title": name,
                "text": name,
                "assessment": assessment,
                "triggers": [f"f{rng.randrange(facts)}"] if facts else [],
            }
        )
    tree = {"tree": "random", "version": "1", "title": "Random", "start": "q0", "nodes": nodes}
    tree["facts"] = {
        f"f{i}": {"label": f"F{i}", "when": _condition(rng, questions, facts, therapies)}
        for i in range(facts)
    }
    tree["therapies"] = {}
    for i in range(therapies):
        rules = []
        for status in rng.sample(STATUSES, rng.randint(1, 2)):
            rule = {"status": status}
            if facts and rng.random() < 0.5:
                rule["reasons"] = [f"f{rng.randrange(facts)}"]
            else:
                rule["when"] = _condition(rng, questions, facts, therapies)
            rules.append(rule)
        tree["therapies"][f"t{i}"] = {"label": f"T{i}", "rules": rules, "otherwise": "suitable"}
    numbers = [q["id"] for q in questions if q["type"] == "number"]
    if numbers:
        tree["scores"] = {"total": {"label": "Total", "sum": numbers}}
    return tree


def _random_answer(rng: random.Random, question) -> object:
    if question.type == "boolean":
        return rng.random() < 0.5
    if question.type == "number":
        return rng.randint(question.min, question.max)
    values = question.option_values
    if question.type == "single":
        return rng.choice(values)
    return rng.sample(values, rng.randint(0, len(values)))


@pytest.mark.long(4)
@settings(max_examples=examples(2), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32))
def test_a_tree_that_validates_never_raises_during_a_walk(tmp_path, seed):
    """Random trees (loops, chains and use-before-ask among them) are either refused by
    validation or walk to an outcome, by any answers, without an exception: an answer a
    check refuses is the only thing that may stop a step."""
    from decisionaid.engine import Session
    from decisionaid.errors import AnswerError
    from decisionaid.exports import text
    from decisionaid.layout import page
    from decisionaid.model import Info, Question
    from decisionaid.screenings.recording import snapshot

    rng = random.Random(seed)
    flow = load_text(tmp_path, dump(_random_tree(rng), sort_keys=False))
    if flow is None:
        return
    for _ in range(3):
        session = Session(flow)
        for _step in range(50):
            if session.finished:
                result = session.result()
                result.contract()
                text.render(page(snapshot(session, mode="self")))
                break
            node = session.current
            if isinstance(node, Info):
                session.proceed()
                continue
            assert isinstance(node, Question)
            if rng.random() < 0.1 and session.back():
                continue
            for _try in range(10):
                try:
                    session.answer(_random_answer(rng, node))
                    break
                except AnswerError:
                    continue
            else:
                break  # every answer tried was refused by a check: a tree's choice
