"""Property tests: no YAML document and no mutation of a valid tree ever gives a traceback.

Whatever the input, loading either succeeds or raises TreeError whose every problem names a
file and a line.
"""

from __future__ import annotations

import random

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decisionaid.errors import TreeError
from decisionaid.graph import compile_tree
from decisionaid.loader import load_tree
from decisionaid.yamlfile import parse
from tests.conftest import SMALL

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
    load_text(tmp_path, yaml.safe_dump(document))


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
    data = yaml.safe_load(SMALL)
    for _ in range(times):
        _mutate(data, rng, replacement)
    load_text(tmp_path, yaml.safe_dump(data))


@given(text=st.text(alphabet="ab:-[]{}&*!|>'\"\n #,?", max_size=60))
def test_yaml_punctuation_soup(text):
    try:
        parse(text, "soup.yaml")
    except TreeError as exc:
        assert all(p.location for p in exc.problems)
