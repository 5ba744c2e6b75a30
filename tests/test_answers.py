"""Answers files: YAML or JSON, plain or wrapped in `answers:`, with places for errors."""

from __future__ import annotations

import io
import json

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
    [
        ("[1]", "must be a mapping"),
        ("1: 2\n", "question ids must be text"),
        ("yes: 2\n", "question ids must be text, found true$"),  # YAML's words, not Python's
        ("", "empty"),
    ],
)
def test_bad_files(write, text, message):
    with pytest.raises(AnswersFileError, match=message):
        answers.read(write(text, "bad.yaml"))


# A hundred brackets inside a string, so that the depth check scans each text (it skips one
# with no more opening brackets than the limit).
MANY = "[{" * 50


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ('["[", "]]", "\\\\", "\\"{", "' + MANY + '"]', ["[", "]]", "\\", '"{', MANY]),
        ('{"a": "' + "\\n" * 50_000 + MANY + '"}', {"a": "\n" * 50_000 + MANY}),
    ],
    ids=["brackets-in-strings", "many-escapes"],
)
def test_json_strings_are_skipped_whole_by_the_depth_check(text, parsed):
    assert answers.parse_json(text) == parsed


def test_the_depth_check_at_its_limit():
    """64 levels are read; 65 are refused, at the 65th bracket, however few the brackets
    (the check skips a text that could not reach the limit, and only such a text)."""
    deepest = "[" * 64 + "]" * 64
    assert answers.parse_json(deepest) == json.loads(deepest)
    with pytest.raises(answers.BadJSON, match="nested more than 64 levels deep") as raised:
        answers.parse_json("[" * 65 + "]" * 65)
    assert (raised.value.line, raised.value.column) == (1, 65)
    with pytest.raises(answers.BadJSON, match="nested more than 64 levels deep"):
        answers.parse_json('{"a": ' * 65 + "1" + "}" * 65)


def test_an_unclosed_string_is_reported_by_json_not_rescanned():
    """Each quote after an unclosed one used to start a new scan to the end of the text."""
    with pytest.raises(answers.BadJSON, match="Unterminated string"):
        answers.parse_json('["' + '\\"' * 200_000)
    with pytest.raises(answers.BadJSON, match="nested more than 64"):
        answers.parse_json('["\\\\", ' + "[" * 70)  # the escaped backslash closes nothing


def test_batch_lines_are_capped_and_the_rest_still_come(monkeypatch):
    monkeypatch.setattr(answers, "LINE_LIMIT", 8)
    monkeypatch.setattr(answers, "ENDLESS", 40)
    stream = io.BytesIO(b"12345678\n123456789\n" + b"x" * 30 + b"\nlast")
    lines = list(answers.batch_lines(stream))
    assert [number for number, _ in lines] == [1, 2, 3, 4]
    assert lines[0][1] == b"12345678\n" and lines[3][1] == b"last"
    too_long = lines[1][1]
    assert isinstance(too_long, answers.LineTooLong) and not too_long.endless
    assert str(too_long) == "9 bytes long; the limit for one line is 8 bytes"
    assert "30 bytes long" in str(lines[2][1])


def test_a_line_without_end_stops_the_batch(monkeypatch):
    monkeypatch.setattr(answers, "LINE_LIMIT", 8)
    monkeypatch.setattr(answers, "ENDLESS", 40)
    lines = list(answers.batch_lines(io.BytesIO(b"{}\n" + b"x" * 100 + b"\n{}\n")))
    assert len(lines) == 2
    endless = lines[1][1]
    assert isinstance(endless, answers.LineTooLong) and endless.endless
    assert "the batch stops here" in str(endless)


@pytest.mark.parametrize("suffix", ["yaml", "json"])
def test_an_answer_written_beside_the_answers_is_an_error_not_left_unread(write, suffix):
    """Before, a red flag one indent too far left in a vignette-style file was dropped
    without a word, and the file was assessed as if it had never been said."""
    data = {"name": "x", "answers": {"age": 40}, "emergency_signs": ["thunderclap"]}
    text = (
        json.dumps(data)
        if suffix == "json"
        else "name: x\nanswers:\n  age: 40\nemergency_signs: [thunderclap]\n"
    )
    with pytest.raises(AnswersFileError) as caught:
        answers.read(write(text, f"v.{suffix}"))
    message = str(caught.value)
    assert "'emergency_signs' is written beside 'answers:', not inside it" in message
    assert "nothing was assessed" in message
    if suffix == "yaml":
        assert "v.yaml:4:1: " in message  # where the key is written


def test_what_vignettes_and_saved_results_hold_beside_their_answers_is_read_past(write):
    vignette = "name: v\ndescription: d\nanswers:\n  age: 40\nexpect: {outcome: x}\n"
    assert answers.read(write(vignette, "v.yaml")).answers == {"age": 40}
    saved = {key: None for key in answers.BESIDE_ANSWERS} | {"answers": {"age": 40}}
    assert answers.read(write(json.dumps(saved), "r.json")).answers == {"age": 40}


@pytest.mark.parametrize(
    "text", ['{"age": "\\ud800"}', '{"\\udfff": 1}', '{"a": ["x", {"b": "\\udcfc"}]}']
)
def test_half_a_character_in_json_is_refused(text):
    """JSON can write a lone surrogate, which no file, database or terminal takes as text:
    it used to end a whole batch with a traceback when the error for its line was printed."""
    with pytest.raises(answers.BadJSON, match=r"the escape \\u[0-9a-f]{4} is half of a character"):
        answers.parse_json(text)


def test_a_whole_character_written_as_two_escapes_is_kept():
    assert answers.parse_json('{"note": "\\ud83d\\ude00"}') == {"note": "\N{GRINNING FACE}"}


def test_a_byte_order_mark_before_json_is_ignored_as_before_yaml(write):
    path = write("", "bom.json")
    path.write_bytes(b'\xef\xbb\xbf{"age": 40}')
    assert answers.read(path).answers == {"age": 40}


@pytest.mark.parametrize(
    ("data", "expected", "place"),
    [
        (b"age: 40\nneck_signs: [neck_pain]\n", {"age": 40, "neck_signs": ["neck_pain"]}, "2:13"),
        (b'\xef\xbb\xbf \n {"answers": {"age": 3}}', {"age": 3}, None),  # BOM, then JSON
    ],
)
def test_answers_piped_in_are_json_when_they_start_with_a_brace(data, expected, place):
    file = answers.read_stream(io.BytesIO(data))
    assert file.answers == expected and file.file == answers.STDIN
    if place:
        assert str(file.where("neck_signs")) == f"standard input:{place}"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"age": 40, "age": 41}', "standard input: duplicate key 'age'"),
        (b"{age: 40}", "standard input:1:2: not valid JSON: Expecting property"),  # strictly
        (b"age: 4_5\n", "standard input:1:6: error: YAML reads 4_5 as 45"),
        (b"\xff\xfe", "standard input:1:1: error: not UTF-8 text"),
        (b"", "standard input:1:1: error: the file is empty"),
    ],
)
def test_bad_answers_piped_in_are_named_standard_input(data, message):
    with pytest.raises(AnswersFileError) as caught:
        answers.read_stream(io.BytesIO(data))
    assert str(caught.value).startswith(message), caught.value


def test_piped_answers_past_the_size_limit_are_refused_unread(monkeypatch):
    monkeypatch.setattr(answers.yamlfile, "MAX_BYTES", 10)
    stream = io.BytesIO(b"age: 40\n" * 100)
    with pytest.raises(AnswersFileError, match="more than 10 bytes, the limit"):
        answers.read_stream(stream)
    assert stream.tell() == 11  # never more than the limit and one byte read
