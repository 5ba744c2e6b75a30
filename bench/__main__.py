"""`python -m bench` (or `make bench`): run every benchmark, print each ratio against its
target, and write bench/results.md with this machine's details.

`python -m bench --quick` runs everything on small trees with few repeats: a smoke run of the
harness (the test suite uses it), not a measurement.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
from datetime import datetime
from pathlib import Path

from bench import scale, startup, store

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


def startup_rows(runs: int = startup.RUNS, warm_up: bool = True) -> list[dict]:
    return [
        scale.row(
            f"start-up: launch to {name} vs a minimal Textual app", contender, reference, 1.25
        )
        for name, (reference, contender) in startup.measure(runs, warm_up).items()
    ]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="small smoke run, no results file")
    args = parser.parse_args()
    # The benchmarks fill their own cache, never the user's.
    os.environ["DECISIONAID_CACHE_DIR"] = tempfile.mkdtemp(prefix="decisionaid-bench-")
    if args.quick:
        scale.OUT = Path(tempfile.mkdtemp(prefix="decisionaid-bench-trees-"))
        rows = [
            *startup_rows(runs=1, warm_up=False),
            *scale.load_validate((100, 1_000), runs=1),
            *scale.per_answer((100, 1_000), steps=20),
            *scale.batch(cases=20, runs=1),
            *scale.diff(samples=200, runs=1),
            *scale.memory(1_000),
            *store.measure(quick=True),
        ]
    else:
        rows = [
            *startup_rows(),
            *scale.load_validate(),
            *scale.per_answer(),
            *scale.batch(),
            *scale.diff(),
            *scale.memory(),
            *store.measure(),
        ]
    for r in rows:
        print(scale.line(r))
    if not args.quick:
        RESULTS.write_text(
            "# Benchmark results\n\nWritten by `make bench` (`python -m bench`); "
            "medians of several runs.\n\n"
            + "\n".join(machine())
            + "\n\n"
            + "\n".join(f"- {scale.line(r)}" for r in rows)
            + "\n",
            encoding="utf-8",
        )
        print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
