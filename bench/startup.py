"""Start-up: launch to the first screen and to the first question, vs a minimal Textual app.

Each contender runs in a fresh Python process (imports included), headless, and prints the
wall-clock moment it reached its mark; the parent subtracts the moment it launched the
process. decisionaid is started through the real `decisionaid run` command (arguments, the
screenings database and all), with only the terminal made headless.

- First screen: the welcome screen painted. decisionaid loads and checks its tree in a worker
  thread after that, while the person reads.
- First question: the person presses 1 (self-assessment) the moment the welcome screen is up;
  the mark is the first question on screen. This waits for the tree, so it is measured with
  a warm compiled cache (every start after the first) and a cold one (the first start, or
  after the tree changed).

The reference is one static question in a minimal Textual app; the target is ≤ 1.25×.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = 9

MARK = """
import os, sys, time

def mark():
    os.write(1, str(time.time()).encode())
    os._exit(0)
"""

REFERENCE = (
    MARK
    + """
from textual.app import App
from textual.widgets import Footer, OptionList, Static

async def first_paint(pilot):
    mark()  # Textual calls the auto-pilot once the first screen is up

class Minimal(App):
    def compose(self):
        yield Static("With this headache, does any of these apply to you right now?")
        yield OptionList("Sudden and at its worst within 5 minutes", "None of these")
        yield Footer()

Minimal().run(headless=True, auto_pilot=first_paint)
"""
)

CONTENDER = (
    MARK
    + """
import functools
from decisionaid.tui.app import DecisionAidApp

async def first_paint(pilot):
    mark()

async def first_question(pilot):
    from textual import events
    from decisionaid.tui.screens.question import QuestionScreen
    # The key goes in as a terminal would send it; Pilot.press would also wait for the
    # screen to settle, which a person does not.
    pilot.app.post_message(events.Key("1", "1"))
    while not isinstance(pilot.app.screen, QuestionScreen):
        await pilot.pause(0.002)
    mark()

DecisionAidApp.run = functools.partialmethod(
    DecisionAidApp.run, headless=True, auto_pilot={pilot}
)
sys.stdin.isatty = sys.stdout.isatty = lambda: True  # the interface, not line-by-line mode
sys.argv = ["decisionaid", "run"]  # as a person starts it, saving offered
from decisionaid.cli.main import main
main()
"""
)


def _time(code: str, env: dict[str, str] | None = None) -> float:
    start = time.time()
    done = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env
    )
    return float(done.stdout.split()[-1]) - start


def measure(runs: int = RUNS, warm_up: bool = True) -> dict[str, tuple[float, float]]:
    """Median seconds for (reference, contender) per mark, measured alternately; after one
    run of each that is not counted, unless `warm_up` is off (a smoke run)."""
    data = tempfile.mkdtemp(prefix="decisionaid-bench-data-")
    warm = {**os.environ, "DECISIONAID_DATA_DIR": data}
    cold = {**warm, "DECISIONAID_CACHE_DIR": "off"}
    contenders = {
        "first screen": (CONTENDER.format(pilot="first_paint"), warm),
        "first question, warm cache": (CONTENDER.format(pilot="first_question"), warm),
        "first question, cold cache": (CONTENDER.format(pilot="first_question"), cold),
    }
    if warm_up:
        _time(REFERENCE)  # warm the file cache, and the compiled cache for the warm runs
        for code, env in contenders.values():
            _time(code, env)
    times: dict[str, list[float]] = {"reference": [], **{name: [] for name in contenders}}
    for _ in range(runs):
        times["reference"].append(_time(REFERENCE))
        for name, (code, env) in contenders.items():
            times[name].append(_time(code, env))
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
