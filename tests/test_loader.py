"""Loading trees: each malformed file gives errors with file, line, column and node."""

from __future__ import annotations

import pytest

from decisionaid.errors import TreeError
from decisionaid.loader import load_tree
from tests.conftest import SMALL


def errors_of(write, text: str, **files: str) -> str:
    for name, body in files.items():
        write(body, name.replace("__", "/") + ".yaml")
    with pytest.raises(TreeError) as caught:
        load_tree(write(text))
    return str(caught.value)


def test_small_tree_loads(write):
    tree, places = load_tree(write(SMALL))
    assert list(tree.nodes) == ["q1", "q2", "r", "end_blue", "end_many", "end_few"]
    where = places.where("node", "q2", "max")
    assert (where.line, where.column) == (19, 10)


def test_top_level_must_be_a_mapping(write):
    assert "the top level must be a mapping of fields, not a list" in errors_of(write, "- a\n- b\n")
    assert "not a single value" in errors_of(write, "just text\n")


def test_unknown_field_is_located_at_the_key_and_names_the_node(write):
    text = SMALL.replace("    min: 0\n", "    min: 0\n    maximum: 3\n")
    message = errors_of(write, text)
    assert (
        "tree.yaml:19:5: error: node 'q2': unknown field 'maximum'; did you mean 'max'?" in message
    )


def test_a_near_miss_gets_a_suggestion(write):
    text = SMALL.replace("    next: q2\n", "    nxt: q2\n")
    assert "did you mean 'next'?" in errors_of(write, text)


def test_missing_field_names_it(write):
    text = SMALL.replace("    text: How many?\n", "")
    message = errors_of(write, text)
    assert "node 'q2': missing required field 'text'" in message
    assert "tree.yaml:14:5" in message


def test_wrong_type(write):
    text = SMALL.replace("    min: 0\n", "    min: zero\n")
    message = errors_of(write, text)
    assert "tree.yaml:18:10: error: node 'q2': min: Input should be a valid integer" in message
    assert "(got 'zero')" in message


def test_unknown_node_kind(write):
    text = SMALL.replace("kind: route", "kind: router")
    assert (
        "tree.yaml:21:5: error: node 'r': 'kind' must be one of: question, info, route, outcome"
        in errors_of(write, text)
    )


def test_unknown_condition_key(write):
    text = SMALL.replace("{answer: q2, gte: 5}", "{ansver: q2, gte: 5}")
    assert "a condition is a mapping with one of the keys" in errors_of(write, text)


def test_condition_with_two_comparisons(write):
    text = SMALL.replace("{answer: q2, gte: 5}", "{answer: q2, gte: 5, lt: 9}")
    assert "give exactly one comparison" in errors_of(write, text)


@pytest.mark.parametrize(
    "value", ["yes", "no", "on", "off", "y", "n", "true", "false", '"yes"', "Off"]
)
def test_yaml11_boolean_option_values_are_rejected(write, value):
    text = SMALL.replace("{value: red, label: Red}", f"{{value: {value}, label: Red}}")
    message = errors_of(write, text)
    assert "tree.yaml:11:17: error: node 'q1': options[0].value:" in message
    assert "boolean" in message


def test_invalid_id(write):
    text = SMALL.replace("id: q2", "id: Q 2").replace("next: q2", "next: q1")
    assert "'Q 2' is not a valid id" in errors_of(write, text)


def test_version_must_be_text(write):
    assert 'quote it: version: "1.5"' in errors_of(
        write, SMALL.replace('version: "1"', "version: 1.5")
    )


def test_question_shape_is_checked(write):
    text = SMALL.replace("    min: 0\n    max: 10\n", "    min: 10\n    max: 0\n")
    assert "min (10) is greater than max (0)" in errors_of(write, text)
    text = SMALL.replace("    min: 0\n    max: 10\n", "")
    assert "needs integer 'min' and 'max'" in errors_of(write, text)


def test_every_error_is_reported_at_once(write):
    text = SMALL.replace("    min: 0\n", "    min: zero\n").replace("title: Few", "titel: Few")
    message = errors_of(write, text)
    assert "'zero'" in message and "unknown field 'titel'" in message


def test_includes_are_merged(write):
    main = SMALL.replace("title: Small\n", "title: Small\ninclude: [parts/more.yaml]\n")
    write("facts:\n  big:\n    label: Big\n    when: {answer: q2, gte: 8}\n", "parts/more.yaml")
    tree, places = load_tree(write(main))
    assert "big" in tree.facts
    assert places.where("fact", "big").file.endswith("more.yaml")


def test_duplicate_node_across_files_names_both_places(write):
    main = SMALL.replace("title: Small\n", "title: Small\ninclude: [more.yaml]\n")
    more = "nodes:\n  - id: q2\n    kind: info\n    text: again\n    next: end_few\n"
    message = errors_of(write, main, more=more)
    assert "more.yaml:2:5: error: node 'q2': duplicate node id (first defined at" in message
    assert "tree.yaml:15:5" in message


def test_include_loop(write):
    main = SMALL.replace("title: Small\n", "title: Small\ninclude: [a.yaml]\n")
    message = errors_of(write, main, a="include: [b.yaml]\n", b="include: [a.yaml]\n")
    assert "files include each other in a loop" in message
    assert "b.yaml:1:11" in message


def test_missing_include_is_located(write):
    main = SMALL.replace("title: Small\n", "title: Small\ninclude: [nowhere.yaml]\n")
    message = errors_of(write, main)
    assert "tree.yaml:4:11: error: included file" in message
    assert "does not exist" in message


def test_fragment_cannot_set_tree_identity(write):
    main = SMALL.replace("title: Small\n", "title: Small\ninclude: [a.yaml]\n")
    message = errors_of(write, main, a="tree: other\n")
    assert "a.yaml:1:1: error: unknown field 'tree'" in message


def test_unquoted_yes_as_a_label_gets_a_quoting_hint(write):
    message = errors_of(write, SMALL.replace("label: Red}", "label: Yes}"))
    assert (
        "options[0].label: YAML read this as a boolean or number; put the text in quotes (got True)"
        in message
    )


def test_an_include_that_is_not_a_regular_file_is_located(write, tmp_path):
    import os

    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    for include, problem in [
        ("pipe.yaml", "named pipe (FIFO), not a regular file"),
        ("loop.yaml", "symbolic links loop"),
        ("/dev/zero", "is a device"),
        ("x" * 5000, "the file name is too long"),
    ]:
        main = SMALL.replace("title: Small\n", f"title: Small\ninclude: [{include}]\n")
        message = errors_of(write, main)
        assert "tree.yaml:4:11: error: included file '" in message, message
        assert problem in message
    main = SMALL.replace("title: Small\n", 'title: Small\ninclude: ["bad\\0name.yaml"]\n')
    assert "tree.yaml:4:11: error: control character \\x00" in errors_of(write, main)


def test_a_tree_path_with_a_nul_byte_or_a_loop_is_a_clean_error(tmp_path):
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    for path, problem in [(loop, "symbolic links loop"), (tmp_path / "a\0b", "NUL character")]:
        with pytest.raises(TreeError, match=problem):
            load_tree(path)
