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
  start, or after the tree changed). The warm launches give the first-screen mark too (it
  is passed before the key is pressed), so no launch is spent on it alone.

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


def _contender(env: dict[str, str], question: bool) -> tuple[float, float | None]:
    """Seconds from launch to the welcome screen, and to the first question when `question`
    (1 pressed the moment the welcome screen is up): one launch gives both marks."""
    with Terminal([sys.executable, "-m", "decisionaid", "run"], env) as terminal:
        shown = terminal.wait_for(*WELCOME) - terminal.launched
        if not question:
            return shown, None
        terminal.press("1")
        return shown, terminal.wait_for(*FIRST_QUESTION) - terminal.launched


def measure(
    runs: int = RUNS, question: bool = True, warm_up: bool = True, cold: bool = True
) -> dict[str, tuple[float, float]]:
    """Median seconds for (reference, contender) per mark, measured alternately (after one
    start of each that is not counted, unless `warm_up` is False). The first screen is timed
    in the warm-cache launches that go on to the first question, where there are any (the
    same mark, before the key is pressed); `cold` False leaves out the cold-cache launches."""
    data = tempfile.mkdtemp(prefix="decisionaid-bench-data-")
    warm = {**os.environ, "DECISIONAID_DATA_DIR": data}
    launches = {"warm": warm}
    if question and cold:
        launches["cold"] = {**warm, "DECISIONAID_CACHE_DIR": "off"}
    if warm_up:  # the file cache, and the compiled cache for the warm runs
        _reference()
        for env in launches.values():
            _contender(env, question)
    times: dict[str, list[float]] = {"reference": [], "first screen": []}
    if question:
        times["first question, warm cache"] = []
    if "cold" in launches:
        times["first question, cold cache"] = []
    for _ in range(runs):
        times["reference"].append(_reference())
        for which, env in launches.items():
            shown, asked = _contender(env, question)
            if which == "warm":
                times["first screen"].append(shown)
            if asked is not None:
                times[f"first question, {which} cache"].append(asked)
    reference = statistics.median(times.pop("reference"))
    return {name: (reference, statistics.median(values)) for name, values in times.items()}


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
