"""Safe YAML reading: what plain safe_load would let through is a located error here."""

from __future__ import annotations

import pytest
import yaml

from bench.generate import write
from decisionaid import yamlfile
from decisionaid.errors import TreeError
from decisionaid.shipped import default_tree


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


@pytest.mark.parametrize(
    ("text", "place", "code"),
    [
        ("a: 1\nb: x\x01y\n", "2:5", "U+0001"),
        ("\x00", "1:1", "U+0000"),
        ("a: b\x7f\n", "1:5", "U+007F"),
        ("a: \ufffe\n", "1:4", "U+FFFE"),  # not a control character: never shown raw
    ],
)
def test_a_character_yaml_never_allows_is_placed_in_one_line(text, place, code):
    """Before: "1:1: error: YAML error: unacceptable character #x0001: ... in "<unicode
    string>", position 9", on two lines, at the top of the file whatever the place."""
    message = problem(text)
    assert message == (
        f"f.yaml:{place}: error: character {code}, which YAML never allows in a file; remove it"
    )


def test_empty_file():
    assert "the file is empty" in problem("")
    assert "the file is empty" in problem("# only a comment\n")


def test_more_than_one_document():
    assert problem("a: 1\n---\nb: 2\n") == (
        "f.yaml:2:1: error: only one YAML document is allowed; another starts here"
    )


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
    # Past 1,000 open brackets libyaml itself (PyYAML 6.0.3+) stops, ahead of the events our
    # own limit counts: the same words, not its "exceeded maximum nesting depth".
    for text in ("a: " + "[" * 2_000, "a: " + "{b: " * 2_000):
        message = problem(text)
        assert "error: nested more than 64 levels deep" in message, message
        assert "YAML syntax error" not in message


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


def test_an_alias_without_its_anchor():
    assert (
        problem("a: *nowhere\n") == "f.yaml:1:4: error: the alias *nowhere has no anchor before it"
    )


def test_an_alias_to_a_list_cannot_be_a_key():
    assert "a key must be a plain value" in problem("a: &l [1]\n*l : 2\n")


def test_anchored_values_are_reused_where_aliased():
    data = yamlfile.parse("a: &n 3\nb: [*n, *n]\nc: &m {x: [1]}\nd: *m\n", "f.yaml")
    assert data == {"a": 3, "b": [3, 3], "c": {"x": [1]}, "d": {"x": [1]}}


def test_scalars_are_read_as_yaml_1_1_safe_load_reads_them():
    text = "a: yes\nb: '3'\nc: 3\nd: ~\ne: 1.5\nf: 2026-01-02\ng: !!str 4\nh: \"yes\"\n"
    assert yamlfile.parse(text, "f.yaml") == yaml.safe_load(text)


def _pairs(data, node, path=()):
    """Every (path, our place, PyYAML's place) for values, keys and items, depth first."""
    yield path, data.mark if hasattr(data, "mark") else None, node.start_mark
    if isinstance(data, dict):
        for key_node, value_node in node.value:
            key = key_node.value
            yield (*path, "key", key), data.key_marks[key], key_node.start_mark
            yield (*path, key), data.value_marks[key], value_node.start_mark
            yield from _pairs(data[key], value_node, (*path, key))
    elif isinstance(data, list):
        for i, (item, item_node) in enumerate(zip(data, node.value, strict=True)):
            yield (*path, i), data.item_marks[i], item_node.start_mark
            yield from _pairs(item, item_node, (*path, i))


def _tree_files():
    shipped = default_tree()
    return [shipped, *sorted(shipped.with_suffix("").glob("*.yaml")), "synthetic"]


@pytest.mark.parametrize("file", _tree_files(), ids=lambda f: getattr(f, "name", f))
def test_every_place_matches_pyyaml(file, tmp_path):
    """Each key, value and item is placed where PyYAML's own composer puts it."""
    path = write(300, tmp_path) if file == "synthetic" else file
    text = path.read_text(encoding="utf-8")
    data = yamlfile.parse(text, "f.yaml")
    assert data == yaml.safe_load(text)
    checked = 0
    for where, ours, theirs in _pairs(data, yaml.compose(text, Loader=yaml.SafeLoader)):
        if ours is not None:
            assert ours == (theirs.line + 1, theirs.column + 1), where
            checked += 1
    assert checked > 100


def refused(path, **kwargs) -> str:
    """The error for a path, read in a thread so that a wait on it fails the test instead
    of hanging the suite."""
    import threading

    outcome: list[BaseException | None] = []

    def attempt():
        try:
            yamlfile.read_bytes(path, **kwargs)
            outcome.append(None)
        except BaseException as exc:
            outcome.append(exc)

    reader = threading.Thread(target=attempt, daemon=True)
    reader.start()
    reader.join(5)
    assert not reader.is_alive(), f"reading {path!r} hangs"
    assert isinstance(outcome[0], TreeError), outcome[0]
    return str(outcome[0])


def test_special_files_are_refused_without_waiting(tmp_path):
    import os

    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    assert "named pipe (FIFO), not a regular file" in refused(fifo)
    assert "/dev/zero:1:1: error: is a device" in refused(__import__("pathlib").Path("/dev/zero"))


def test_a_size_the_system_does_not_report_is_still_limited(monkeypatch):
    from pathlib import Path

    monkeypatch.setattr(yamlfile, "MAX_BYTES", 10)
    assert "more than 10 bytes" in refused(Path("/proc/self/status"))  # st_size is 0
    assert "cannot be read: Input/output error" in refused(Path("/proc/self/mem"))


def test_impossible_names_are_clean_errors(tmp_path):
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    assert "symbolic links loop" in refused(loop)
    assert "the file name contains a NUL character" in refused(tmp_path / "a\0b.yaml")
    message = refused(tmp_path / ("x" * 5000))
    assert "the file name is too long" in message
    assert len(message) < 400  # the name is cut short, not printed whole
    assert "\\x00" in refused(tmp_path / "a\0b.yaml")  # shown escaped


def test_control_characters_in_text_are_refused_where_written():
    assert "f.yaml:2:8: error: control character \\x1b in text" in problem(
        'a: 1\nb: [1, "\\e[2J"]\n'
    )
    assert "control character \\x9b" in problem('"key\\x9b": 1\n')
    assert "control character \\x0d" in problem('a: "over\\rwrite"\n')
    assert yamlfile.parse('a: "tab\\tand\\nline"\nb: |\n  x\n  \ty\n', "f.yaml") == {
        "a": "tab\tand\nline",
        "b": "x\n\ty\n",
    }


@pytest.mark.parametrize(
    ("written", "read_as", "why"),
    [
        ("4_5", "45", "it drops the underscores"),
        ("1_000.5", "1000.5", "it drops the underscores"),
        ("0x2d", "45", "a hexadecimal number"),
        ("-0b101", "-5", "a binary number"),
        ("017", "15", "an octal number, because of the leading zero"),
        ("010", "8", "an octal number, because of the leading zero"),
        ("1:30", "90", "a number in base 60"),
        ("1:30.5", "90.5", "a number in base 60"),
    ],
)
def test_numbers_yaml_reads_otherwise_than_written_are_refused_where_written(written, read_as, why):
    """YAML 1.1 (safe_load) would give a number the person did not write: 017 is 15 and
    1:30 is 90. Before, an answers file saying `age: 1:30` was read as 90 years, silently."""
    assert str(yaml.safe_load(f"x: {written}")["x"]) == read_as  # what it was read as
    with pytest.raises(TreeError) as caught:
        yamlfile.parse(f"a: 1\nage: {written}\n", "f.yaml")
    message = str(caught.value)
    assert message.startswith("f.yaml:2:6: error: ")
    assert f"YAML reads {written} as {read_as} ({why}" in message
    assert "write the number in plain digits, or in quotes if it is meant as text" in message


@pytest.mark.parametrize("written", [".nan", ".NaN", ".inf", "-.inf", "+.Inf"])
def test_numbers_that_equal_nothing_or_have_no_end_are_refused(written):
    with pytest.raises(TreeError, match=r"f\.yaml:1:4: error: .* is not a number that can be"):
        yamlfile.parse(f"a: {written}\n", "f.yaml")


@pytest.mark.parametrize(
    "written", ["0", "-0", "+45", "45", "007", "00", "4.5", "-.5", ".5", "1.", "1.5e+3", "'017'"]
)
def test_numbers_read_as_written_are_kept(written):
    """Signs, decimals, exponents, and leading zeros that change nothing (007 is 7 in
    octal and decimal alike); quoted, 017 is the text it is."""
    assert yamlfile.parse(f"a: {written}\n", "f.yaml") == yaml.safe_load(f"a: {written}\n")
