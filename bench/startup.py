"""Start-up: launch to the first screen and to the first question, vs a minimal Textual app.

Each program is started in a fresh process in an 80×24 pseudo-terminal (see `terminal.py`),
imports included, and timed from the moment it is launched to the moment its screen is on
the terminal. decisionaid is started as a person starts it, with `decisionaid run` (the
screenings database, saving offered, and all).

- First screen: the welcome screen drawn (its title, the safety words and the two modes).
  decisionaid loads and checks its tree in a worker thread after that, while the person
  reads.
- First question: the person presses 1 (self-assessment) the moment the welcome screen is
  up; the mark is the first question on screen. This waits for the tree, so it is measured
  with a warm compiled cache (every start after the first) and a cold one (the first
  start, or after the tree changed).

The reference is one static question in a minimal Textual app. The target (≤ 1.25×) is for the
first screen, the like-for-like one; the first-question rows use the same reference for scale.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile

from bench.terminal import Terminal

RUNS = 9

QUESTION = "With this headache, does any of these apply to you right now?"

REFERENCE = f"""
from textual.app import App
from textual.widgets import Footer, OptionList, Static

class Minimal(App):
    def compose(self):
        yield Static({QUESTION!r})
        yield OptionList("Sudden and at its worst within 5 minutes", "None of these")
        yield Footer()

Minimal().run()
"""

WELCOME = ("If you are worried right now", "1 Self-assessment", "2 Therapist intake")
FIRST_QUESTION = ("Question 1 of", "Is any of these happening now")


def _reference() -> float:
    with Terminal([sys.executable, "-c", REFERENCE], dict(os.environ)) as terminal:
        return terminal.wait_for(QUESTION[:40]) - terminal.launched


def _contender(env: dict[str, str], question: bool) -> float:
    with Terminal([sys.executable, "-m", "decisionaid", "run"], env) as terminal:
        shown = terminal.wait_for(*WELCOME)
        if not question:
            return shown - terminal.launched
        terminal.press("1")
        return terminal.wait_for(*FIRST_QUESTION) - terminal.launched


def measure(
    runs: int = RUNS, question: bool = True, warm_up: bool = True
) -> dict[str, tuple[float, float]]:
    """Median seconds for (reference, contender) per mark, measured alternately (after one
    start of each that is not counted, unless `warm_up` is False)."""
    data = tempfile.mkdtemp(prefix="decisionaid-bench-data-")
    warm = {**os.environ, "DECISIONAID_DATA_DIR": data}
    cold = {**warm, "DECISIONAID_CACHE_DIR": "off"}
    contenders = {"first screen": (warm, False)}
    if question:
        contenders["first question, warm cache"] = (warm, True)
        contenders["first question, cold cache"] = (cold, True)
    if warm_up:  # the file cache, and the compiled cache for the warm runs
        _reference()
        for env, to_question in contenders.values():
            _contender(env, to_question)
    times: dict[str, list[float]] = {"reference": [], **{name: [] for name in contenders}}
    for _ in range(runs):
        times["reference"].append(_reference())
        for name, (env, to_question) in contenders.items():
            times[name].append(_contender(env, to_question))
    reference = statistics.median(times["reference"])
    return {name: (reference, statistics.median(times[name])) for name in contenders}


def main(runs: int = RUNS) -> dict[str, tuple[float, float]]:
    results = measure(runs)
    for name, (reference, contender) in results.items():
        print(
            f"start-up to {name}: {contender * 1000:.0f} ms vs minimal Textual app "
            f"{reference * 1000:.0f} ms → {contender / reference:.2f}× (median of {runs} runs)"
        )
    return results


if __name__ == "__main__":
    main()
