"""Hostile input, end to end through the real command: looping trees, planted cache files,
special files, undecodable batch lines, deep and huge answers files.

Each runs `python -m decisionaid` in its own process with a time limit, and must end with a
message and status 2 (or its result): never a traceback, never a hang, never code run from a
file. The units behind each are tested beside their modules; this is the whole path.
"""

from __future__ import annotations

import json
import os
import pickle
import resource
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import ROOT, SMALL
from tests.trees.test_migraine import BASE

LIMIT = 60  # seconds; every case here takes about one
# Bytes of address space for the cases that must stay small: an ordinary run takes about a
# hundred megabytes, and the failures this guards against took gigabytes.
MEMORY = 300 * 2**20


def _within_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def decisionaid(
    *args: str,
    stdin: bytes = b"",
    env: dict | None = None,
    code: str | None = None,
    small: bool = False,
):
    """Run the command; `small` holds it to MEMORY bytes (past them it gets MemoryError)."""
    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "decisionaid"]
    try:
        run = subprocess.run(
            [*command, *args],
            input=stdin,
            capture_output=True,
            timeout=LIMIT,
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            preexec_fn=_within_memory if small else None,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"decisionaid {' '.join(args)} hangs")
    out, err = run.stdout.decode(errors="replace"), run.stderr.decode(errors="replace")
    assert "Traceback" not in out + err, out + err
    return run.returncode, out, err


def test_a_looping_tree_is_refused_with_the_loop_located(write):
    text = SMALL.replace("{answer: q2, gte: 5}", "{fact: sore}") + textwrap.dedent(
        """\
        therapies:
          massage:
            label: Massage
            rules:
              - {status: caution, reasons: [sore]}
            otherwise: suitable
        facts:
          sore: {label: Sore, when: {status_of: massage, in: [caution]}}
        """
    )
    status, _, err = decisionaid("validate", str(write(text)))
    assert status == 2
    assert "fact 'sore' (" in err and "status of 'massage' (" in err and "→ fact 'sore'" in err
    assert "tree.yaml:53:29) → status of" in err and "tree.yaml:50:37) → fact" in err


def test_special_files_as_trees_and_includes(write, tmp_path):
    status, _, err = decisionaid("run", "/dev/zero", "--plain")
    assert status == 2 and "/dev/zero:1:1: error: is a device, not a regular file" in err
    os.mkfifo(tmp_path / "pipe.yaml")
    tree = write(SMALL.replace("title: Small\n", "title: Small\ninclude: [pipe.yaml]\n"))
    status, _, err = decisionaid("validate", str(tree))
    assert status == 2
    assert "tree.yaml:4:11: error: included file '" in err and "pipe.yaml': is a named pipe" in err


def test_a_fifo_as_the_tree_ends_the_interface_with_a_message(tmp_path):
    pipe = tmp_path / "tree.yaml"
    os.mkfifo(pipe)
    code = (
        "import sys; from pathlib import Path; from decisionaid.tui.app import make_app; "
        "app = make_app(Path(sys.argv[1])); app.run(headless=True); sys.exit(app.return_code)"
    )
    status, out, err = decisionaid(str(pipe), code=code)
    assert status == 2
    assert "named pipe (FIFO), not a regular file" in out + err


def test_undecodable_and_deep_batch_lines_spoil_only_themselves():
    good = json.dumps(BASE).encode()
    batch = b"\n".join([good, b"\xff" * 10, b"[" * 50_000, good]) + b"\n"
    status, out, err = decisionaid("assess", "--batch", "-", stdin=batch)
    assert status == 2
    results = [json.loads(line) for line in out.splitlines()]
    assert [r.get("line") for r in results] == [None, 2, 3, None]
    assert results[0]["recommendation"] == results[3]["recommendation"]
    assert (
        "line 2: not UTF-8 text" in err
        and "line 3: nested more than 64 levels deep (column 65)" in err
    )


def test_long_strings_and_lines_stay_within_memory(write):
    """A 30 MB string in an answers file (under the file limit), and in a batch: a long
    string within a line, a line over the line limit, a line of unclosed quotes, and
    /dev/zero (one line without end)."""
    big = json.dumps({**BASE, "note": "x" * 15_000_000 + "\n" * 7_500_000})
    status, out, err = decisionaid("assess", "--answers", str(write(big, "a.json")), small=True)
    assert status == 0 and json.loads(out)["recommendation"] == "dry_needling"
    assert "'note' is not a question in this tree" in err
    good = json.dumps(BASE).encode()
    lines = [
        good,
        json.dumps({**BASE, "note": "x" * 500_000 + "\n" * 250_000}).encode(),
        b'{"note": "' + b"x" * 3_000_000 + b'"}',
        b'["' + b'\\"' * 500_000,
        good,
    ]
    status, out, err = decisionaid("assess", "--batch", "-", stdin=b"\n".join(lines), small=True)
    assert status == 2
    results = [json.loads(line) for line in out.splitlines()]
    assert [r.get("line") for r in results] == [None, None, 3, 4, None]
    assert "line 3: 3,000,012 bytes long; the limit for one line is 1,048,576 bytes" in err
    assert "line 4: not valid JSON" in err
    status, out, err = decisionaid(
        "assess", "examples/coffee.yaml", "--batch", "/dev/zero", small=True
    )
    assert status == 2
    assert "line 1: no end of line in 67,108,864 bytes" in err
    assert "the batch stops here" in err


def test_deep_and_huge_answers_files(write):
    for name, text, problem in [
        ("deep.json", "[" * 100_000, "nested more than 64 levels deep"),
        ("huge.json", '{"age": ' + "9" * 5_000 + "}", "a number of 5,000 digits"),
        ("twice.json", '{"age": 40, "age": 41}', "duplicate key 'age'"),
        ("deep.yaml", "a: " + "[" * 10_000, "nested more than 64 levels deep"),
        ("huge.yaml", "age: " + "9" * 5_000, "a number with more than 4,300 digits"),
    ]:
        status, _, err = decisionaid("assess", "--answers", str(write(text, name)))
        assert status == 2 and problem in err, (name, err)


class Planted:
    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_planted_cache_files_never_run(write, tmp_path):
    cache = tmp_path / "cache"
    env = {"DECISIONAID_CACHE_DIR": str(cache)}
    answers = write(json.dumps(BASE), "answers.json")
    status, first, _ = decisionaid("assess", "--answers", str(answers), env=env)
    assert status == 0 and list(cache.iterdir())
    marker = tmp_path / "ran"
    planted = pickle.dumps(Planted(marker))
    for entry in [*cache.iterdir(), cache / "tree-planted.pickle"]:
        entry.write_bytes(planted)
    status, again, _ = decisionaid("assess", "--answers", str(answers), env=env)
    assert status == 0 and again == first
    assert not marker.exists()
