"""Safe YAML reading: what plain safe_load would let through is a located error here."""

from __future__ import annotations

import pytest

from decisionaid import yamlfile
from decisionaid.errors import TreeError


def problem(text: str) -> str:
    with pytest.raises(TreeError) as caught:
        yamlfile.parse(text, "f.yaml")
    return str(caught.value)


def test_values_keep_their_line_and_column():
    data = yamlfile.parse("a: 1\nb:\n  - x\n  - {c: 2}\n", "f.yaml")
    assert data == {"a": 1, "b": ["x", {"c": 2}]}
    assert str(yamlfile.locate(data, ("b", 1, "c"), "f.yaml")) == "f.yaml:4:9"
    assert str(yamlfile.locate_key(data, "b", "f.yaml")) == "f.yaml:2:1"


def test_duplicate_keys_are_rejected_with_both_lines():
    message = problem("a: 1\nb: 2\na: 3\n")
    assert message.startswith("f.yaml:3:1: error:")
    assert "duplicate key 'a' (first given on line 1)" in message


def test_syntax_error_names_line_and_column():
    assert problem("a: [1, 2\nb: 3\n").startswith("f.yaml:2:")


def test_empty_file():
    assert "the file is empty" in problem("")
    assert "the file is empty" in problem("# only a comment\n")


def test_more_than_one_document():
    assert "YAML syntax error" in problem("a: 1\n---\nb: 2\n")


def test_alias_bomb_is_stopped():
    bomb = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        bomb.append(f"{chr(97 + i)}: &{chr(97 + i)} [{','.join(['*' + chr(96 + i)] * 10)}]")
    assert "aliases expand" in problem("\n".join(bomb) + "\n")


def test_small_aliases_are_fine():
    data = yamlfile.parse("base: &b {x: 1}\nother: *b\n", "f.yaml")
    assert data["other"] == {"x": 1}


def test_recursive_alias_is_rejected():
    assert "contains it" in problem("a: &a [1, *a]\n")


def test_merge_keys_are_rejected():
    assert "merge keys" in problem("base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n")


def test_unsafe_tags_are_rejected():
    assert "unsupported YAML tag" in problem("a: !!python/object:os.system {}\n")
    assert "unsupported YAML tag" in problem("a: !custom 3\n")


def test_deep_nesting_is_rejected():
    assert "levels deep" in problem("a: " + "[" * 100 + "]" * 100 + "\n")


def test_non_mapping_keys_are_rejected():
    assert "a key must be a plain value" in problem("? [a, b]\n: 1\n")


def test_file_errors(tmp_path):
    with pytest.raises(TreeError, match="no such file"):
        yamlfile.load(tmp_path / "missing.yaml")
    with pytest.raises(TreeError, match="is a directory"):
        yamlfile.load(tmp_path)
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes(b"a: 1\nb: caf\xe9\n")
    with pytest.raises(TreeError, match=r"latin1.yaml:2:7: error: not UTF-8"):
        yamlfile.load(bad)


def test_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(yamlfile, "MAX_BYTES", 10)
    big = tmp_path / "big.yaml"
    big.write_text("a: 12345678901234567890\n")
    with pytest.raises(TreeError, match="the limit is 10"):
        yamlfile.load(big)
