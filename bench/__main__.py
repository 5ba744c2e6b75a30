"""`python -m bench` (or `make bench`): run the benchmarks, print each ratio against its
target, and write bench/results.md with this machine's details.

`python -m bench startup question typing` runs only the benchmarks named; their rows in
bench/results.md are replaced (marked with the date they were measured again) and the other
rows are kept as they were. With no names, every benchmark runs and the file is written anew.

`python -m bench --quick` runs everything (or the benchmarks named) on small trees with few
repeats: a smoke run of the harness (the test suite uses it), not a measurement.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from bench import scale, startup, steps, store

RESULTS = Path(__file__).parent / "results.md"


def machine() -> list[str]:
    import networkx
    import pydantic
    import textual
    import yaml

    cpu = platform.processor() or platform.machine()
    try:
        for text in Path("/proc/cpuinfo").read_text().splitlines():
            if text.startswith("model name"):
                cpu = text.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return [
        f"- date: {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"- machine: {platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores",
        f"- Python {platform.python_version()}; textual {textual.__version__}, "
        f"pydantic {pydantic.VERSION}, networkx {networkx.__version__}, PyYAML {yaml.__version__} "
        f"(C loader: {'yes' if hasattr(yaml, 'CSafeLoader') else 'no'})",
    ]


def load() -> str:
    """The machine's load average now (1, 5 and 15 minutes): the screen benchmarks are
    wall-clock times, and other work on the machine moves them."""
    return ", ".join(f"{n:.2f}" for n in os.getloadavg())


def startup_rows(runs: int = startup.RUNS, warm_up: bool = True, cold: bool = True) -> list[dict]:
    # The target (≤ 1.25×) is for the first screen, which is what the minimal app shows too.
    # Launch to the first question also reads and checks the tree and answers a key pressed
    # the moment the welcome screen appears: the same reference, for scale, with no target.
    rows = [
        scale.row(
            f"start-up: launch to {name} vs a minimal Textual app",
            contender,
            reference,
            1.25 if name == "first screen" else None,
        )
        for name, (reference, contender) in startup.measure(
            runs, warm_up=warm_up, cold=cold
        ).items()
    ]
    if not cold:
        rows.append(
            {
                "name": "start-up: launch to first question, cold cache",
                "value": "skipped: not in --quick runs (the warm-cache launch, with the cache off)",
                "ratio": None,
                "target": None,
            }
        )
    return rows


# Each benchmark by name: (full run, quick smoke run).
BENCHMARKS: dict[str, tuple[Callable[[], list[dict]], Callable[[], list[dict]]]] = {
    "startup": (startup_rows, lambda: startup_rows(runs=1, warm_up=False, cold=False)),
    "question": (
        steps.per_question,
        lambda: steps.per_question(runs=1, questions=2, modes=("self",)),
    ),
    "typing": (steps.typing, lambda: steps.typing(runs=1, samples=1)),
    "load": (scale.load_validate, lambda: scale.load_validate((100, 1_000), runs=1)),
    "answer": (scale.per_answer, lambda: scale.per_answer((100, 1_000), steps=20)),
    "batch": (scale.batch, lambda: scale.batch(cases=5, runs=1)),
    "diff": (scale.diff, lambda: scale.diff(samples=20, runs=1)),
    "memory": (scale.memory, lambda: scale.memory(100)),
    "store": (store.measure, lambda: store.measure(quick=True)),
}


def write_all(rows: list[dict], loads: tuple[str, str]) -> None:
    RESULTS.write_text(
        "# Benchmark results\n\nWritten by `make bench` (`python -m bench`); "
        "medians of several runs.\n\n"
        + "\n".join(machine())
        + f"\n- load average (1, 5, 15 min) at the start: {loads[0]}; at the end: {loads[1]}"
        + "\n\n"
        + "\n".join(f"- {scale.line(r)}" for r in rows)
        + "\n",
        encoding="utf-8",
    )


def update(rows: list[dict], names: list[str], loads: tuple[str, str]) -> None:
    """Replace the rows measured again (found by their name) and put new ones after the
    last of them; keep every other line; say above the rows which were re-run, and when."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    lines = [
        line for line in text.splitlines() if not re.match(r"Re-run on .*\(`python -m bench ", line)
    ]
    when = f"{datetime.now().astimezone():%Y-%m-%d %H:%M %Z}"
    results = [i for i, line in enumerate(lines) if line.startswith("- ") and " → " in line]
    after = results[0] - 1 if results else len(lines) - 1  # where the next new row goes
    for r in rows:
        fresh = f"- {scale.line(r)} (re-run {when})"
        found = [i for i, line in enumerate(lines) if line.startswith(f"- {r['name']}:")]
        if found:
            lines[found[0]] = fresh
            after = max(after, found[0])
        else:
            lines.insert(after + 1, fresh)
            after += 1
    # The machine too: a re-run may be on another than the one named at the top.
    details = "; ".join(line.removeprefix("- ") for line in machine()[1:])
    note = (
        f"Re-run on {when} (`python -m bench {' '.join(names)}`; {details}; load average at "
        f"the start: {loads[0]}, at the end: {loads[1]}): the rows marked re-run. The other "
        "rows were not re-run; they are from the runs described with them."
    )
    first = next(
        (i for i, line in enumerate(lines) if line.startswith("- ") and " → " in line), len(lines)
    )
    lines[first:first] = [note, ""]
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="small smoke run, no results file")
    parser.add_argument("names", nargs="*", metavar="NAME", help=", ".join(BENCHMARKS))
    args = parser.parse_args()
    unknown = [name for name in args.names if name not in BENCHMARKS]
    if unknown:
        parser.error(f"no benchmark named {', '.join(unknown)}; there are: {', '.join(BENCHMARKS)}")
    names = args.names or list(BENCHMARKS)
    # Whatever the benchmarks write (trees, their own cache, the screenings of their walks)
    # goes in one temporary folder, theirs and their programs', removed when they end.
    with tempfile.TemporaryDirectory(
        prefix="decisionaid-bench-", ignore_cleanup_errors=True
    ) as scratch:
        tempfile.tempdir = os.environ["TMPDIR"] = scratch
        os.environ["DECISIONAID_CACHE_DIR"] = tempfile.mkdtemp(prefix="cache-")
        if args.quick:
            scale.OUT = Path(tempfile.mkdtemp(prefix="trees-"))
        started = load()
        rows = []
        for name in names:
            full, quick = BENCHMARKS[name]
            for r in quick() if args.quick else full():
                print(scale.line(r), flush=True)
                rows.append(r)
        tempfile.tempdir = None
    if args.quick:
        return
    loads = (started, load())
    if args.names:
        update(rows, names, loads)
    else:
        write_all(rows, loads)
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
