"""Shared fixtures: small trees written on the fly, the shipped tree, the public vignettes;
the Hypothesis profiles; private data and cache folders for every test process.

Rules for tests (the suite runs in parallel, `make test` is meant to take under a minute on
two cores; tests/README.md says more):

- Any test may run in any worker process, in any order, beside any other: write only under
  `tmp_path` (never into the repository), take ports from the system (port 0), and get a
  database from the `database` or `postgres_url` fixture.
- Lean: the interface is tested at screen level and with pre-filled answers
  (`make_app(flow, prefill=...)`); the suite has exactly two full keyboard walks
  (tests/tui/test_app.py). A real subprocess only where the process boundary is the point.
- Property tests take their number of examples from the Hypothesis profile
  (`HYPOTHESIS_PROFILE=thorough` for a long run) and never a deadline.
"""

from __future__ import annotations

import atexit
import contextlib
import copy
import functools
import gc
import os
import shutil
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import settings
from hypothesis import strategies as st

from decisionaid import open_tree
from decisionaid.graph import compile_tree
from decisionaid.loader import load_tree
from decisionaid.model import Question

# A real PostgreSQL server for the store tests: postgres_server, postgres_url, database.
pytest_plugins = ("tests.postgres",)

# Trees opened while tests are collected are cached here, never in the user's cache folder:
# one set of folders per process (each xdist worker imports this file), removed at its exit.
for variable, prefix in (
    ("DECISIONAID_CACHE_DIR", "decisionaid-test-cache-"),
    ("DECISIONAID_DATA_DIR", "decisionaid-test-data-"),
    ("DECISIONAID_CONFIG_DIR", "decisionaid-test-config-"),
):
    os.environ[variable] = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, os.environ[variable], True)
# Never a real clinic database, nor a real clinician's name in a test's audit trail.
os.environ.pop("DECISIONAID_DATABASE", None)
os.environ.pop("DECISIONAID_CLINICIAN", None)

# "fast" for every run of `make test`: enough examples to catch a broken property, few enough
# for a suite run every few minutes. "thorough" (HYPOTHESIS_PROFILE=thorough, or
# --hypothesis-profile=thorough) searches ten times as long, before a release or after a
# change to the engine or the tree. No deadline in either: a loaded machine is not a failure.
settings.register_profile("fast", max_examples=100, deadline=None)
settings.register_profile("thorough", max_examples=1_000, deadline=None)


def pytest_configure(config):
    # Before the test modules are imported: `examples()` below reads the loaded profile.
    chosen = config.getoption("hypothesis_profile", None)
    settings.load_profile(chosen or os.environ.get("HYPOTHESIS_PROFILE", "fast"))
    # At its end each process collects garbage once, not pytest's five times, before it
    # reports what a finaliser raised: the first collection frees every cycle (the next
    # four freed nothing in every run we looked at), and on a worker's big heap each took a
    # tenth of a second or more, while the run waited for the slowest worker to finish.
    with contextlib.suppress(ImportError):
        from _pytest.unraisableexception import gc_collect_iterations_key

        config.stash[gc_collect_iterations_key] = 1


def pytest_collection_finish(session):
    # What is loaded by now (modules, trees compiled while collecting) lives for the whole run:
    # frozen, the garbage collector stops scanning it again and again while the interface
    # tests make and drop their many small objects (about a seventh of their CPU time).
    gc.collect()
    gc.freeze()
    # And it runs far less often than Python's default (every 700 new objects, the older
    # generations every 10th and 100th time): each interface test makes and drops thousands
    # of widgets, styles and strips, and collecting them that often took a tenth of the CPU
    # time of the interface, export and store tests (67 s against 60 s in one process). A
    # worker's peak memory stays where it was (300 MB): every collection still frees it all.
    gc.set_threshold(20_000, 20, 20)


def pytest_collection_modifyitems(items):
    # Tests marked `long(seconds)` (real processes, a browser, an outside tool, timers) go
    # first, the longest first, so that in a parallel run each starts at once on a free worker
    # rather than keeping the whole run waiting for it at the end. Each is followed by a quick
    # one: `make test` hands a worker a test more when it is down to a few, and two long
    # ones must not queue on one worker while another is free. The rest keep their order,
    # with the interface tests spread among the others (`_spread`).
    long = sorted(
        (item for item in items if item.get_closest_marker("long")),
        key=lambda item: -item.get_closest_marker("long").args[0],
    )
    rest = [item for item in items if not item.get_closest_marker("long")]
    paired = [item for pair in zip(long, rest, strict=False) for item in pair]
    items[:] = paired + long[len(rest) :] + _spread(rest[len(long) :])


def _spread(items):
    # The interface tests spend much of their time waiting for the screen to settle (Textual's
    # Pilot waits for the screen after each key): spread among the others, a worker waiting
    # on one leaves the core to a worker busy with another kind, where all at once at the end
    # would leave the cores idle a fifth of the time.
    waiting = [item for item in items if item.nodeid.startswith("tests/tui/")]
    busy = [item for item in items if not item.nodeid.startswith("tests/tui/")]
    if not waiting or not busy:
        return items
    step = len(busy) / len(waiting)
    spread = []
    for i, item in enumerate(waiting):
        spread += busy[round(i * step) : round((i + 1) * step)]
        spread.append(item)
    return spread


def examples(times: float) -> int:
    """`times` the profile's number of examples, for a property that needs a longer search
    than most (or whose every example is costly)."""
    return max(1, round(settings().max_examples * times))


def answer_strategy(question: Question) -> st.SearchStrategy:
    """Any answer the question takes; a box to tick is mostly left empty, so that random
    walks get past the warning signs often. One strategy per kind of question, made once:
    Hypothesis checks a strategy when it is first drawn from, which, made afresh for every
    question of every example, cost more than the walks it drew."""
    options = tuple(question.option_values) if question.type in ("single", "multi") else ()
    return _answer_strategy(question.type, options, question.min, question.max)


@functools.cache
def _answer_strategy(kind: str, options: tuple, low: int | None, high: int | None):
    if kind == "boolean":
        return st.booleans()
    if kind == "single":
        return st.sampled_from(options)
    if kind == "multi":
        some = st.lists(st.sampled_from(options), max_size=3, unique=True)
        return st.one_of(st.just([]), st.just([]), some)
    assert low is not None and high is not None, kind
    return st.integers(low, high)


ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "coffee.yaml"
# A small tree using every field a result shows (tests of the layout, reports and screens).
AID = ROOT / "tests" / "fixtures" / "aid.yaml"
VIGNETTES = ROOT.parent / "shared" / "clinical" / "vignettes"

# A minimal valid tree; tests change one thing in it and look at what happens.
SMALL = """\
tree: small
version: "1"
title: Small
start: q1
nodes:
  - id: q1
    kind: question
    type: single
    text: Pick one
    options:
      - {value: red, label: Red}
      - {value: blue, label: Blue, next: end_blue}
    next: q2
  - id: q2
    kind: question
    type: number
    text: How many?
    min: 0
    max: 10
    next: r
  - id: r
    kind: route
    text: Many?
    rules:
      - when: {answer: q2, gte: 5}
        go: end_many
    otherwise: end_few
  - id: end_blue
    kind: outcome
    recommendation: rest
    urgency: none
    title: Blue
    text: Blue chosen.
  - id: end_many
    kind: outcome
    recommendation: rest
    urgency: routine
    title: Many
    text: Many.
  - id: end_few
    kind: outcome
    recommendation: rest
    urgency: none
    title: Few
    text: Few.
"""


@contextlib.contextmanager
def umask(value: int) -> Iterator[None]:
    """Run with this umask (the tests of folders made 0700 whatever it is)."""
    old = os.umask(value)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path, monkeypatch):
    """Every test saves screenings (and settings) in its own folder, never the user's real one."""
    folder = tmp_path / "data"
    monkeypatch.setenv("DECISIONAID_DATA_DIR", str(folder))
    monkeypatch.setenv("DECISIONAID_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("DECISIONAID_DATABASE", raising=False)
    monkeypatch.delenv("DECISIONAID_CLINICIAN", raising=False)
    return folder


@pytest.fixture
def write(tmp_path):
    """Write a YAML file into a temporary folder and return its path."""

    def _write(text: str, name: str = "tree.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def compile_text(write):
    """Load and compile tree text; raises TreeError like the CLI would see."""

    def _compile(text: str):
        return compile_tree(*load_tree(write(text)))

    return _compile


@pytest.fixture(scope="session")
def migraine():
    return open_tree()


@pytest.fixture(scope="session")
def aid():
    return open_tree(AID)


@pytest.fixture(scope="session")
def small_flow(tmp_path_factory):
    path = tmp_path_factory.mktemp("small") / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return open_tree(path)


def vignettes() -> list[dict]:
    """The public vignettes, read from shared/ at test time (never copied into the repo)."""
    return copy.deepcopy(_read_vignettes())


@functools.cache
def _read_vignettes() -> list[dict]:
    # Read once per process: several test modules parametrise over them at collection.
    files = sorted(VIGNETTES.glob("*.yaml"))
    return [yaml.load(f.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) for f in files]


# Longer than Python's recursion limit (1,000), with room to spare: a chain this long, followed
# by recursion (one call per link, or more), would fail. Longer chains prove nothing more and
# cost seconds.
PAST_RECURSION = sys.getrecursionlimit() + 200


def fact_chain(length: int) -> str:
    """A valid tree whose facts form a chain `length` long, each the opposite of the one
    before (followed by recursion, `PAST_RECURSION` of them go past Python's limit): a route and a
    treatment option's status read the last. Two questions: with q0 false the last fact
    holds, q1 is asked and rest is given with caution (`held`); with q0 true, `not_held`."""
    last = f"f{length - 1}"
    # The last fact is f0 itself or its opposite; either way it holds when q0 is false.
    first = "true" if (length - 1) % 2 else "false"
    lines = [
        'tree: chain\nversion: "1"\ntitle: Chain\nstart: q0',
        f"therapies:\n  rest:\n    label: Rest\n    rules:\n"
        f"      - {{status: caution, reasons: [{last}]}}\n    otherwise: suitable",
        "nodes:",
        "  - {id: q0, kind: question, type: boolean, text: First?, next: gate}",
        f"  - {{id: gate, kind: route, text: Gate, rules: [{{when: {{fact: {last}}}, go: q1}}],"
        " otherwise: verdict}",
        "  - {id: q1, kind: question, type: boolean, text: Second?, next: verdict}",
        "  - {id: verdict, kind: route, text: Verdict, rules: "
        "[{when: {status_of: rest, in: [caution]}, go: held}], otherwise: not_held}",
        "  - {id: held, kind: outcome, recommendation: rest, urgency: none, title: H, text: H.}",
        "  - {id: not_held, kind: outcome, recommendation: rest, urgency: none, title: N, text: N.}",
        "facts:",
        f"  f0: {{label: F0, when: {{answer: q0, equals: {first}}}}}",
    ]
    lines += [
        f"  f{i}: {{label: F{i}, when: {{not: {{fact: f{i - 1}}}}}}}" for i in range(1, length)
    ]
    return "\n".join(lines) + "\n"
