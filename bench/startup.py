"""Start-up: launch to the first screen painted, decisionaid vs a minimal Textual app.

Each contender runs in a fresh Python process (imports included), headless, and prints the
wall-clock moment its first screen has been painted; the parent subtracts the moment it
launched the process. Work that goes on after the first paint (decisionaid loads and checks
its tree in a worker thread then) is not counted: the person is reading the welcome screen.
The interface issue asks for a ratio close to 1; the performance issue sets ≤ 1.25.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

RUNS = 9

FIRST_PAINT = """
import os, sys, time

async def first_paint(pilot):
    # Textual calls the auto-pilot once the first screen is up (no idle wait: that would
    # also wait for work that rightly happens after the first paint).
    os.write(1, str(time.time()).encode())
    os._exit(0)
"""

REFERENCE = (
    FIRST_PAINT
    + """
from textual.app import App
from textual.widgets import Footer, OptionList, Static

class Minimal(App):
    def compose(self):
        yield Static("With this headache, does any of these apply to you right now?")
        yield OptionList("Sudden and at its worst within 5 minutes", "None of these")
        yield Footer()

Minimal().run(headless=True, auto_pilot=first_paint)
"""
)

CONTENDER = (
    FIRST_PAINT
    + """
from decisionaid.shipped import default_tree
from decisionaid.tui.app import make_app

make_app(default_tree()).run(headless=True, auto_pilot=first_paint)
"""
)


def _time(code: str) -> float:
    start = time.time()
    done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return float(done.stdout.split()[-1]) - start


def measure(runs: int = RUNS) -> tuple[float, float]:
    """Median seconds to first paint for (reference, contender), measured alternately."""
    _time(REFERENCE)  # warm the file cache for both
    _time(CONTENDER)
    reference, contender = [], []
    for _ in range(runs):
        reference.append(_time(REFERENCE))
        contender.append(_time(CONTENDER))
    return statistics.median(reference), statistics.median(contender)


def main(runs: int = RUNS) -> tuple[float, float, float]:
    reference, contender = measure(runs)
    ratio = contender / reference
    print(
        f"start-up: minimal Textual app {reference * 1000:.0f} ms, decisionaid {contender * 1000:.0f} ms"
    )
    print(f"start-up ratio {ratio:.2f}× (target ≤ 1.25×), median of {runs} runs")
    return ratio, reference, contender


if __name__ == "__main__":
    main()
