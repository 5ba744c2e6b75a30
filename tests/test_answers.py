"""Answers files: YAML or JSON, plain or wrapped in `answers:`, with places for errors."""

from __future__ import annotations

import pytest

from decisionaid import answers
from decisionaid.errors import AnswersFileError


def test_yaml_with_places(write):
    file = answers.read(write("age: 40\nneck_signs: [neck_pain]\n", "a.yaml"))
    assert file.answers == {"age": 40, "neck_signs": ["neck_pain"]}
    assert str(file.where("neck_signs")).endswith("a.yaml:2:13")
    assert file.where("missing") is None


def test_wrapped_like_a_vignette(write):
    file = answers.read(write("name: x\nanswers:\n  age: 40\nexpect: {}\n", "v.yaml"))
    assert file.answers == {"age": 40}
    assert str(file.where("age")).endswith("v.yaml:3:8")


def test_json(write):
    assert answers.read(write('{"answers": {"age": 3}}', "a.json")).answers == {"age": 3}


@pytest.mark.parametrize(
    ("text", "message"),
    [("[1]", "must be a mapping"), ("1: 2\n", "question ids must be text"), ("", "empty")],
)
def test_bad_files(write, text, message):
    with pytest.raises(AnswersFileError, match=message):
        answers.read(write(text, "bad.yaml"))
