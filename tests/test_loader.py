"""Loading trees: each malformed file gives errors with file, line, column and node."""

from __future__ import annotations

import re
from pathlib import Path

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


def test_a_long_chain_of_includes_is_read_depth_first(write):
    """Each file includes the next, deeper than Python's recursion limit; each file's parts
    come before those of the files it includes, which come before the next file listed."""
    main = SMALL.replace("title: Small\n", "title: Small\ninclude: [c0.yaml, last.yaml]\n")
    for i in range(1_500):
        more = f"include: [c{i + 1}.yaml]\n" if i < 1_499 else ""
        write(f"{more}facts:\n  f{i}: {{label: F, when: {{answer: q2, gte: 1}}}}\n", f"c{i}.yaml")
    write("facts:\n  after: {label: A, when: {answer: q2, gte: 2}}\n", "last.yaml")
    tree, places = load_tree(write(main))
    assert list(tree.facts) == [*(f"f{i}" for i in range(1_500)), "after"]
    assert [Path(f).name for f in tree.files[:3]] == ["tree.yaml", "c0.yaml", "c1.yaml"]
    assert Path(tree.files[-1]).name == "last.yaml"
    assert places.where("fact", "f1499").file.endswith("c1499.yaml")


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


# Every kind of mistake is placed at its own line and column, in the main file and in an
# include. Each unknown key names where it is (`bogus_<where>`), so the test finds its place.
EVERY_PLACE = """\
tree: places
version: "1"
title: Places
start: q1
include: [parts/more.yaml]
recommendations:
  rest: {label: Rest, bogus_recommendation: 1}
therapies:
  massage:
    label: Massage
    rules:
      - status: caution
        reasons: [many]
        bogus_therapy_rule: 1
    otherwise: suitable
    bogus_therapy: 1
safety:
  - questions: [q1]
    before: [rest]
    bogus_safety_rule: 1
safety_net:
  - plain line
  - heading: Call now if
    items: [it gets worse]
    bogus_safety_net_group: 1
about:
  author: A
  funding: B
  conflicts_of_interest: C
  evidence_reviewed: 2024-01
  next_review: 2025-01
  bogus_about: 1
decision:
  text: What to do
  bogus_decision: 1
nodes:
  - id: q1
    kind: question
    type: single
    text: Pick one
    bogus_node: 1
    intake: {text: Patient picks, bogus_intake: 1}
    options:
      - {value: red, label: Red, bogus_option: 1}
      - value: blue
        label: Blue
    checks:
      - require: {answer: q1, in: [red, blue], bogus_check_condition: 1}
        message: Pick one
        bogus_check: 1
    next: r
  - id: r
    kind: route
    text: Which?
    rules:
      - when: {answer: q1, equals: red, bogus_condition: 1}
        go: done
        bogus_rule: 1
      - when: {not: {fact: many, bogus_nested_fact: 1}}
        go: done
      - when:
          all:
            - {score: total, gte: 1, bogus_nested_score: 1}
            - any:
                - {status_of: massage, in: [suitable], bogus_nested_status: 1}
                - at_least: 1
                  of: [{answer: q1, gte: {answer: q1, bogus_answer_ref: 1}}]
                  bogus_at_least: 1
        go: done
    otherwise: done
  - id: done
    kind: outcome
    recommendation: rest
    urgency: none
    title: Done
    text: Done.
    triggers: [many, {selected: q1, bogus_trigger: 1}]
facts:
  many:
    label: Many
    when: {fact: other, bogus_fact_condition: 1}
    bogus_fact: 1
scores:
  total:
    label: Total
    sum: [q1]
    bogus_score: 1
    bands:
      - {id: low, label: Low, max: 3, bogus_band: 1}
      - {id: high, label: High}
sources:
  one:
    authors: A
    title: T
    bogus_source: 1
"""

EVERY_PLACE_INCLUDED = """\
nodes:
  - id: extra
    kind: info
    text: More
    next: pick
    bogus_included_node: 1
  - id: pick
    kind: question
    type: single
    text: Pick
    options:
      - {value: one, label: One, bogus_included_option: 1}
      - {value: two, label: Two}
    next: done
  - id: r2
    kind: route
    text: Which?
    rules:
      - when: {any: [{answer: q1, gte: 5, bogus_included_condition: 1}]}
        go: done
        bogus_included_rule: 1
    otherwise: done
facts:
  other:
    label: Other
    when: {not: {fact: many, bogus_included_nested: 1}}
    bogus_included_fact: 1
scores:
  more:
    label: More
    sum: [q1]
    bogus_included_score: 1
    bands: [{id: all, label: All, bogus_included_band: 1}]
sources:
  two: {authors: A, title: T, bogus_included_source: 1}
"""


def placed_mistakes(text: str) -> dict[str, tuple[int, int]]:
    """Each `bogus_<where>` key in the text and its line and column, counted from 1."""
    places = {}
    for number, line in enumerate(text.splitlines(), start=1):
        for part in line.split("bogus_")[1:]:
            key = "bogus_" + part.split(":")[0]
            places[key] = (number, line.index(key) + 1)
    return places


def reported_places(write, main: str, name: str, **files: str) -> dict[str, tuple[int, int]]:
    with pytest.raises(TreeError) as caught:
        for file, body in files.items():
            write(body, file)
        load_tree(write(main))
    found = {}
    for problem in caught.value.problems:
        if "unknown field 'bogus_" in problem.message and problem.location.file.endswith(name):
            key = problem.message.split("'")[1]
            found[key] = (problem.location.line, problem.location.column)
    return found


def without_mistakes(text: str) -> str:
    text = re.sub(r",? *bogus_\w+: 1", "", text)
    return "\n".join(line for line in text.splitlines() if line.strip()) + "\n"


def test_every_unknown_key_in_a_main_file_is_placed(write):
    expected = placed_mistakes(EVERY_PLACE)
    assert len(expected) == 25
    included = {"parts/more.yaml": without_mistakes(EVERY_PLACE_INCLUDED)}
    assert reported_places(write, EVERY_PLACE, "tree.yaml", **included) == expected


def test_every_unknown_key_in_an_included_file_is_placed(write):
    expected = placed_mistakes(EVERY_PLACE_INCLUDED)
    assert len(expected) == 9
    included = {"parts/more.yaml": EVERY_PLACE_INCLUDED}
    assert (
        reported_places(write, without_mistakes(EVERY_PLACE), "more.yaml", **included) == expected
    )


def test_the_trees_without_their_mistakes_load(write):
    write(without_mistakes(EVERY_PLACE_INCLUDED), "parts/more.yaml")
    tree, _ = load_tree(write(without_mistakes(EVERY_PLACE)))
    assert {"q1", "r", "done", "extra", "pick", "r2"} == set(tree.nodes)


def test_a_condition_with_two_comparisons_is_placed_at_the_condition(write):
    text = SMALL.replace("{answer: q2, gte: 5}", "{answer: q2, gte: 5, lt: 9}")
    assert "tree.yaml:25:15: error: node 'r': rules[0].when: give exactly one comparison" in (
        errors_of(write, text)
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
