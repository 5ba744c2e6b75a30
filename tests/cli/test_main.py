"""The command line, every exit path: status 0 on success, 2 on bad input, never a traceback."""

from __future__ import annotations

import json
import socket
import subprocess
import sys

import pytest
import yaml
from click.testing import CliRunner

from decisionaid.cli.main import main
from tests.conftest import EXAMPLE, SMALL
from tests.trees.test_migraine import BASE


@pytest.fixture
def neck_file(tmp_path):
    """Our own complete answer set (dry needling, massage as the alternative)."""
    path = tmp_path / "neck.yaml"
    path.write_text(yaml.safe_dump({"answers": BASE}))
    return path


def run(*args: str, input: str | None = None):
    result = CliRunner().invoke(main, list(args), input=input)
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def answers_file(write, **changes):
    answers = dict(BASE)
    answers.update(changes)
    for key, value in list(answers.items()):
        if value is ...:
            del answers[key]
    return write(yaml.safe_dump(answers), "answers.yaml")


# --- validate ----------------------------------------------------------------------------


def test_validate_the_shipped_tree():
    result = run("validate")
    assert result.exit_code == 0
    assert "migraine.yaml: ok — tree 'migraine' 1.1.0" in result.output
    assert "0 warnings" in result.output


def test_validate_a_broken_tree_exits_2_with_locations(write):
    path = write(SMALL.replace("go: end_many", "go: nowhere"))
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert f"{path}:26:13: error: node 'r': leads to node 'nowhere'" in result.output
    assert "invalid (2 errors)" in result.output


def test_validate_strict_fails_on_warnings(write):
    path = write(SMALL + "facts:\n  idle: {label: Idle, when: {answer: q2, equals: 1}}\n")
    assert run("validate", str(path)).exit_code == 0
    assert run("validate", "--strict", str(path)).exit_code == 2


def test_validate_missing_file():
    result = run("validate", "no/such/tree.yaml")
    assert result.exit_code == 2
    assert "no/such/tree.yaml:1:1: error: no such file" in result.output


def test_validate_yaml_syntax_error(write):
    path = write("tree: [unclosed\n")
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert f"{path}:2:1: error: YAML syntax error" in result.output


# --- assess ------------------------------------------------------------------------------


def test_assess_json_follows_the_contract(neck_file):
    result = run("assess", "--answers", str(neck_file))
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert list(data) == [
        "tree",
        "tree_version",
        "outcome",
        "recommendation",
        "urgency",
        "add_on",
        "alternative",
        "triggers",
        "options",
        "profile",
        "scores",
        "answers",
        "path",
    ]
    assert data["recommendation"] == "dry_needling"
    assert data["path"][0] == "emergency_signs"
    assert data["path"][-1] == data["outcome"]


def test_assess_text(tmp_path, neck_file):
    result = run("assess", "--answers", str(neck_file), "--format", "text")
    assert result.exit_code == 0
    assert "DRY NEEDLING MAY SUIT YOU" in result.output
    assert "Alternative: Massage" in result.output
    assert "suboccipital" in result.output
    assert "not a diagnosis" in result.output


def test_assess_json_answers_file(write, neck_file):
    path = write(json.dumps(BASE), "answers.json")
    assert (
        json.loads(run("assess", "--answers", str(path)).output)["recommendation"] == "dry_needling"
    )


def test_assess_answers_piped_in_as_yaml_or_json_give_the_files_result(neck_file):
    """`--answers -` reads standard input, as `--batch -` does: the same result as the file."""
    from_file = run("assess", "--answers", str(neck_file))
    assert from_file.exit_code == 0
    for piped in (neck_file.read_text(), json.dumps({"answers": BASE})):
        result = run("assess", "--answers", "-", input=piped)
        assert result.exit_code == 0 and result.stdout == from_file.stdout


def test_assess_answers_piped_in_name_standard_input_where_one_is_wrong():
    answers = yaml.safe_dump({**BASE, "pain_quality": "stabbing"})
    result = run("assess", "--answers", "-", input=answers)
    assert result.exit_code == 2
    assert "standard input:" in result.output and "question 'pain_quality'" in result.output


def test_only_assess_reads_answers_from_standard_input():
    """The interface and plain mode read the person's keys from standard input."""
    result = run("run", "--plain", "--answers", "-", input="")
    assert result.exit_code == 2
    assert "--answers - (standard input) is for `decisionaid assess`" in result.output


def test_assess_missing_answer_names_the_question(write):
    path = answers_file(write, headache_days=...)
    result = run("assess", "--answers", str(path))
    assert result.exit_code == 2
    assert "question 'headache_days': this answer is needed but missing" in result.output
    assert "allowed: a whole number from 0 to 31" in result.output


def test_assess_invalid_option_names_question_place_and_values(write):
    path = answers_file(write, pain_quality="stabbing")
    result = run("assess", "--answers", str(path))
    assert result.exit_code == 2
    assert (
        "question 'pain_quality': 'stabbing' is not an option (allowed: one of: throbbing, pressing)"
        in result.output
    )
    assert f"{path}:" in result.output  # names the line in the answers file


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"age": 130},
            "question 'age': 130 is out of range (allowed: a whole number from 0 to 120)",
        ),
        ({"age": "forty"}, "question 'age': expected a whole number"),
        ({"age": True}, "question 'age': expected a whole number, got true (allowed"),
        ({"age": None}, "question 'age': expected a whole number, got null (allowed"),
        ({"diagnosed": "sometimes"}, "question 'diagnosed': expected true or false"),
        ({"neck_signs": "neck_pain"}, "question 'neck_signs': expected a list"),
        (
            {"onset_age": 50},
            "question 'onset_age': the age when the headaches started cannot be more than your age now",
        ),
    ],
)
def test_assess_invalid_answers(write, change, expected):
    result = run("assess", "--answers", str(answers_file(write, **change)))
    assert result.exit_code == 2
    assert expected in result.output


def test_assess_ignores_and_notes_unknown_ids(write):
    result = run("assess", "--answers", str(answers_file(write, agee=40)))
    assert result.exit_code == 0
    assert "note: 'agee' is not a question in this tree" in result.output


def test_assess_answers_file_that_is_not_a_mapping(write):
    result = run("assess", "--answers", str(write("- 1\n- 2\n", "a.yaml")))
    assert result.exit_code == 2
    assert "must be a mapping" in result.output


def test_assess_answers_file_with_duplicate_keys(write):
    result = run("assess", "--answers", str(write("age: 40\nage: 41\n", "a.yaml")))
    assert result.exit_code == 2
    assert "duplicate key 'age'" in result.output


def test_an_answer_yaml_would_read_as_another_number_gives_no_result(write):
    """`age: 1:30` is 90 to YAML 1.1 and `age: 017` is 15: before, either was assessed as
    that age without a word. Now the file is refused where the number is written."""
    for written, read_as in (("1:30", 90), ("017", 15)):
        path = write(f"emergency_signs: []\nhead_injury: none\nage: {written}\n", "a.yaml")
        result = run("assess", "--answers", str(path))
        assert result.exit_code == 2
        assert f"a.yaml:3:6: error: YAML reads {written} as {read_as} (" in result.stderr
        assert result.stdout == ""


@pytest.mark.parametrize(
    "command",
    [
        ["assess", "--answers", ""],
        ["run", "--plain", "--answers", ""],
        ["validate", ""],
        ["graph", ""],
        ["diff", "", "trees/migraine.yaml"],
    ],
)
def test_an_empty_file_name_is_refused_as_empty_not_as_a_directory(command):
    """`--answers ''` said ".:1:1: error: is a directory, not a file"."""
    result = run(*command)
    assert result.exit_code == 2
    assert "is empty: give " in result.stderr and "directory" not in result.stderr


def test_assess_bad_json(write):
    result = run("assess", "--answers", str(write('{"age": 4', "a.json")))
    assert result.exit_code == 2
    assert "a.json:1:" in result.output and "not valid JSON" in result.output


def test_assess_needs_exactly_one_source(neck_file):
    assert run("assess").exit_code == 2
    assert run("assess", "--answers", str(neck_file), "--batch", "-").exit_code == 2


def test_assess_on_a_broken_tree(write, neck_file):
    result = run("assess", str(write("tree: 1\n")), "--answers", str(neck_file))
    assert result.exit_code == 2
    assert "error" in result.output


def test_batch_keeps_order_and_reports_bad_lines(write, neck_file):
    good = BASE
    lines = [json.dumps(good), "{not json", json.dumps({**good, "age": 17}), json.dumps([1])]
    path = write("\n".join(lines) + "\n", "batch.jsonl")
    result = run("assess", "--batch", str(path))
    assert result.exit_code == 2
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 4
    assert out[0]["recommendation"] == "dry_needling"
    assert out[1]["line"] == 2 and "error" in out[1]
    assert out[2]["triggers"] == ["under_18"]
    assert out[3]["line"] == 4


def test_batch_from_stdin_all_good(neck_file):
    good = json.dumps(BASE)
    result = run("assess", "--batch", "-", input=f"{good}\n\n{good}\n")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 2


# --- graph, stats, schema ----------------------------------------------------------------


def test_graph_mermaid_and_dot():
    mermaid = run("graph").output
    assert mermaid.startswith("flowchart TD")
    assert "emergency_gate{" in mermaid  # routes are diamonds
    assert "emergency_now[[" in mermaid  # outcomes are subroutines
    dot = run("graph", "--format", "dot").output
    assert dot.startswith('digraph "migraine"')
    assert '"emergency_gate" [shape=diamond' in dot


def test_stats():
    result = run("stats", str(EXAMPLE))
    assert result.exit_code == 0
    assert "distinct walks  2" in result.output
    assert "shortest walk   2 questions" in result.output


def test_schema_is_json():
    assert json.loads(run("schema").output)["title"] == "decisionaid decision tree"
    fragment = json.loads(run("schema", "--fragment").output)
    assert "tree" not in fragment["properties"] and "nodes" in fragment["properties"]


def test_python_dash_m_and_real_exit_codes(write):
    bad = write(SMALL.replace("kind: route", "kind: fork"))
    proc = subprocess.run(
        [sys.executable, "-m", "decisionaid", "validate", str(bad)], capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "node 'r': 'kind' must be one of" in proc.stderr


def test_a_bad_batch_line_spoils_only_itself(write):
    """Undecodable bytes, nesting past the limit, a duplicated key and a 5,000-digit
    number: each is an error for its own line; the lines around still run."""
    good = json.dumps(BASE).encode()
    lines = [
        good,
        b"\xff\xfe{}",
        b"[" * 100_000 + b"]" * 100_000,
        good[:-1] + b', "age": 41}',
        json.dumps({**BASE, "age": None}).encode().replace(b"null", b"9" * 5_000),
        good,
    ]
    path = write("", "batch.jsonl")
    path.write_bytes(b"\n".join(lines) + b"\n")
    result = run("assess", "--batch", str(path))
    assert result.exit_code == 2
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o.get("line") for o in out] == [None, 2, 3, 4, 5, None]
    assert out[0]["recommendation"] == out[5]["recommendation"] == "dry_needling"
    assert "not UTF-8 text (byte 0xff at column 1)" in out[1]["error"]
    assert "nested more than 64 levels deep" in out[2]["error"]
    assert "duplicate key 'age'" in out[3]["error"]
    assert "a number of 5,000 digits" in out[4]["error"]


def test_half_a_character_or_an_answer_beside_the_answers_spoils_only_its_line(write):
    """A key that is half a character (a lone surrogate) ended the whole batch with a
    traceback when its error was printed; an answer beside `answers` was dropped unread."""
    lines = [
        '{"\\ud800": 1, "\\ud800": 2}',
        json.dumps({"answers": BASE, "emergency_signs": ["thunderclap"]}),
        json.dumps({"emergency_signs": ["thunderclap"]}),
    ]
    path = write("\n".join(lines) + "\n", "batch.jsonl")
    result = run("assess", "--batch", str(path))
    assert result.exit_code == 2
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o.get("line") for o in out] == [1, 2, None]
    assert out[0]["error"] == "duplicate key '\\ud800' (a key may be given only once)"
    assert "'emergency_signs' is written beside 'answers:'" in out[1]["error"]
    assert out[2]["urgency"] == "emergency"


def test_a_red_flag_beside_the_answers_stops_assess_and_run(write):
    text = yaml.safe_dump({"name": "v", "answers": BASE}) + "emergency_signs: [thunderclap]\n"
    path = write(text, "v.yaml")
    for command in (["assess"], ["run", "--plain", "--no-save"]):
        result = run(*command, "--answers", str(path))
        assert result.exit_code == 2, command
        assert "'emergency_signs' is written beside 'answers:', not inside it" in result.stderr
        assert "Suggested" not in result.stdout and '"recommendation"' not in result.stdout


def test_batch_text_output_of_a_bad_line(write):
    path = write("", "batch.jsonl")
    path.write_bytes(b'{"\x1b[2J": 1}\n\xff\n')
    result = run("assess", "--batch", str(path), "--format", "text")
    assert "--- case 2: error" in result.stdout
    assert "\x1b" not in result.output


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[" * 5_000 + "]" * 5_000, "a.json:1:65: nested more than 64 levels deep"),
        ('{"age": ' + "9" * 5_000 + "}", "a.json: a number of 5,000 digits"),
        ('{"age": 40,\n "age": 41}', "a.json: duplicate key 'age'"),
        ('{"answers": {"a": 1, "a": 2}}', "a.json: duplicate key 'a'"),
    ],
    ids=["deep", "huge-number", "duplicate", "duplicate-inside"],
)
def test_hostile_json_answers_files(write, text, problem):
    result = run("assess", "--answers", str(write(text, "a.json")))
    assert result.exit_code == 2
    assert problem in result.output


def test_hostile_yaml_answers_files(write):
    deep = "a: " + "[" * 100 + "]" * 100 + "\n"
    assert "nested more than 64 levels deep" in run("assess", "--answers", str(write(deep))).output
    huge = f"age: {'9' * 5_000}\n"
    result = run("assess", "--answers", str(write(huge)))
    assert result.exit_code == 2 and "a number with more than 4,300 digits" in result.output


def test_stats_of_astronomical_walk_counts(monkeypatch):
    """50,000 nodes can have more walks than Python will print as digits."""
    monkeypatch.setattr("decisionaid.graph.analysis.path_count", lambda graph, start: 7**9_000)
    result = run("stats", str(EXAMPLE))
    assert result.exit_code == 0
    assert "distinct walks  about 7.6 × 10^7,605" in result.output


def test_a_checklist_answer_is_checked_once_per_value(monkeypatch):
    """A long checklist answer against a long option list: one lookup per value, not a new
    list of every option per value (300 values on a million options took 33 s). Counted, not
    timed, so a list of 20,000 options shows it as well as a million would."""
    from decisionaid.engine import coerce
    from decisionaid.model import Question

    options = [{"value": f"o{i}", "label": f"O{i}"} for i in range(20_000)]
    question = Question.model_validate(
        {
            "id": "q",
            "kind": "question",
            "type": "multi",
            "text": "Q",
            "options": options,
            "next": "x",
        }
    )
    built = 0
    original = Question.option_values.fget

    def counted(self):
        nonlocal built
        built += 1
        return original(self)

    monkeypatch.setattr(Question, "option_values", property(counted))
    chosen = [f"o{i}" for i in range(19_999, 19_699, -1)]
    assert coerce(question, chosen) == sorted(chosen, key=lambda v: int(v[1:]))
    assert built <= 1


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["test", "--min-coverage", "nan"], "'--min-coverage': 'nan' is not a number"),
        (["test", "--min-coverage", "NaN"], "'--min-coverage': 'NaN' is not a number"),
        (["test", "--min-coverage", "inf"], "inf is not in the range 0<=x<=100"),
        (["test", "--min-coverage", "100.01"], "100.01 is not in the range 0<=x<=100"),
        (["test", "--min-coverage", "-0.01"], "-0.01 is not in the range 0<=x<=100"),
        (["run", "--kiosk", "--pause", "nan"], "'--pause': 'nan' is not a number"),
        (["serve", "--kiosk", "--pause", "nan"], "'--pause': 'nan' is not a number"),
        (["serve", "--kiosk", "--pause", "inf"], "inf is not in the range 1<=x<=3600"),
        (["run", "--kiosk", "--pause", "3600.5"], "3600.5 is not in the range 1<=x<=3600"),
        (["run", "--kiosk", "--pause", "0.99"], "0.99 is not in the range 1<=x<=3600"),
    ],
)
def test_numbers_out_of_range_or_not_numbers_are_refused(args, said):
    """A range check alone let nan through (nan is neither below nor above anything): a
    coverage gate of nan passed every tree, and a waiting-room result with a pause of nan
    or inf never cleared for the next patient."""
    result = run(*args, input="")
    assert result.exit_code == 2 and said in result.output, result.output


@pytest.mark.parametrize("value", ["0", "99.5", "100"])
def test_coverage_gates_at_the_ends_of_the_range_are_taken(value):
    result = run("test", "--min-coverage", value)
    assert result.exit_code == 0 and "coverage 100.0%" in result.output, result.output


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["run", "--reference", "P-9"], "--reference is for an intake screening"),
        (["run", "--mode", "self", "--reference", "P-9"], "--reference is for an intake"),
        (["run", "--pause", "5"], "--pause is for the waiting-room tablet"),
        (["serve", "--pause", "5"], "--pause is for the waiting-room tablet"),
        (["run", "--database", ""], "Invalid value for '--database': is empty"),
        (["history", "--database", " "], "Invalid value for '--database': is empty"),
        (["history", "show", "1", "--data-dir", ""], "Invalid value for '--data-dir': is empty"),
        (["serve", "--data-dir", ""], "Invalid value for '--data-dir': is empty"),
    ],
    ids=[
        "reference",
        "reference-self",
        "pause",
        "serve-pause",
        "database",
        "history-db",
        "data-dir",
        "serve-data-dir",
    ],
)
def test_options_that_would_be_ignored_are_refused_by_name(args, said, tmp_path, monkeypatch):
    """Given without what they need, or empty, these once fell back to something else
    without a word (no terminal here, so `run` would be line by line, a self-assessment)."""
    monkeypatch.chdir(tmp_path)  # where an empty folder would have meant
    with socket.socket() as taken:  # `serve` let through by mistake fails here, not serves
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = ["--port", str(taken.getsockname()[1])] if args[0] == "serve" else []
        result = run(*args, *port, input="")
    assert result.exit_code == 2 and said in result.output, result.output
    assert "Question" not in result.output  # refused before anything is asked


@pytest.mark.parametrize("written", ["1e2", "45.0", "1E400", "-0.5e-3"])
def test_a_json_number_that_is_not_whole_is_named_as_written(write, written):
    """Before: `"age": 1e2` was refused as "got 100.0", a number the person never wrote
    (and 1E400 as "got inf")."""
    text = json.dumps({**BASE, "age": 0}).replace('"age": 0', f'"age": {written}')
    expected = f"question 'age': expected a whole number, got {written} "
    for source, args, given in [
        ("file", ("--answers", str(write(text, "answers.json"))), None),
        ("stdin", ("--answers", "-"), text),
        ("batch", ("--batch", str(write(text + "\n", "batch.jsonl"))), None),
    ]:
        result = run("assess", *args, input=given)
        assert result.exit_code == 2, source
        assert expected in result.output, (source, result.output)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json_and_are_refused_where_written(write, constant):
    """Before: Python's reader took them, and the message said "got nan" or "got inf"."""
    text = '{"note": "NaN in a string is text",\n  "age": ' + constant + "}"
    expected = f"not valid JSON: {constant} is not a JSON number; write the number in digits"
    path = write(text, "answers.json")
    result = run("assess", "--answers", str(path))
    assert result.exit_code == 2 and f"answers.json:2:10: {expected}" in result.output
    result = run("assess", "--answers", "-", input=text)
    assert result.exit_code == 2 and f"standard input:2:10: {expected}" in result.output
