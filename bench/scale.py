"""Scale benchmarks on synthetic trees: load + validate, per answer, batch assess, memory.

Each prints the contender beside its reference, measured in the same run, as a ratio against
its target (the median of several runs). Trees are generated into bench/out/.
"""

from __future__ import annotations

import gc
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.generate import BLOCK, answers, write

OUT = Path(__file__).parent / "out"
ROOT = Path(__file__).parent.parent


def median_time(action, runs: int) -> float:
    """Median seconds of `action()`; freeing what it built is not timed (it is not the load)."""
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        built = action()
        times.append(time.perf_counter() - start)
        del built
    return statistics.median(times)


def tree(nodes: int) -> Path:
    OUT.mkdir(exist_ok=True)
    path = OUT / f"synthetic-{nodes}.yaml"
    return path if path.exists() else write(nodes, OUT)


def load_validate(sizes: tuple[int, int] = (10_000, 100_000), runs: int = 5) -> list[dict]:
    """Load + validate + compile vs PyYAML's C loader alone; and the big tree vs the small."""
    import yaml

    from decisionaid import open_tree

    small, big = (tree(n) for n in sizes)

    def ours(path: Path):
        return lambda: open_tree(path, cached=False)

    open_tree(small, cached=False)  # imports and first-call costs are not the load
    text = small.read_text(encoding="utf-8")
    parse = median_time(lambda: yaml.load(text, Loader=yaml.CSafeLoader), runs)
    load_small = median_time(ours(small), runs)
    load_big = median_time(ours(big), max(1, runs // 2))
    open_tree(small)  # fill the compiled cache
    warm = median_time(lambda: open_tree(small), runs)
    return [
        row(
            f"load + validate {sizes[0]:,} nodes vs PyYAML C loader alone",
            load_small,
            parse,
            1.5,
        ),
        row(f"load + validate {sizes[1]:,} vs {sizes[0]:,} nodes", load_big, load_small, 12.0),
        row(f"warm compiled cache vs cold load, {sizes[0]:,} nodes", warm, load_small, None),
    ]


def per_answer(sizes: tuple[int, int] = (100, 100_000), steps: int = 200) -> list[dict]:
    """Engine time per answer(), the same steps on a big and a small tree, early and deep."""
    from decisionaid import open_tree
    from decisionaid.engine import Session
    from decisionaid.model import Info

    def walk(flow, given: dict, skip: int) -> float:
        session = Session(flow)
        done = 0
        timings = []
        while not session.finished and done < skip + steps:
            node = session.current
            if isinstance(node, Info):
                session.proceed()
                continue
            start = time.perf_counter()
            session.answer(given[node.id])
            if done >= skip:
                timings.append(time.perf_counter() - start)
            done += 1
        return statistics.median(timings)

    small_flow, big_flow = (open_tree(tree(n)) for n in sizes)
    small_answers = answers(sizes[0] // BLOCK + 1)
    big_answers = answers(sizes[1] // BLOCK + 1)
    small = walk(small_flow, small_answers, 0)
    early = walk(big_flow, big_answers, 0)
    depth = (sizes[1] // BLOCK) * 4 * 7 // 10  # 4 questions a block: 70% of the way down
    deep = walk(big_flow, big_answers, depth)
    return [
        row(f"one answer, {sizes[1]:,}-node tree vs {sizes[0]:,}", early, small, 1.5),
        row(
            f"one answer {depth:,} answers deep in the {sizes[1]:,}-node tree vs {sizes[0]:,}",
            deep,
            small,
            1.5,
        ),
    ]


def batch(cases: int = 10_000, runs: int = 3) -> list[dict]:
    """`assess --batch` over many answer sets of the migraine tree vs loading the tree once."""
    import yaml

    vignettes = sorted((ROOT.parent / "shared" / "clinical" / "vignettes").glob("*.yaml"))
    sets = [yaml.safe_load(v.read_text(encoding="utf-8"))["answers"] for v in vignettes]
    if not sets:
        from tests.trees.test_migraine import BASE

        sets = [BASE]
    OUT.mkdir(exist_ok=True)
    lines = OUT / f"batch-{cases}.jsonl"
    lines.write_text(
        "".join(json.dumps(sets[i % len(sets)]) + "\n" for i in range(cases)), encoding="utf-8"
    )
    command = [sys.executable, "-m", "decisionaid", "assess", "--batch", str(lines)]
    load_once = [sys.executable, "-c", "from decisionaid import open_tree; open_tree()"]

    def run(argv):
        return lambda: subprocess.run(argv, check=True, capture_output=True, cwd=ROOT)

    whole = median_time(run(command), runs)
    load = median_time(run(load_once), runs)
    result = row(f"assess --batch, {cases:,} cases vs loading the tree once", whole, load, None)
    result["value"] += f" ({cases / whole:,.0f} cases per second, start-up included)"
    return [result]


def diff(samples: int = 10_000, runs: int = 3) -> list[dict]:
    """`decisionaid diff` of the 1.0.0 tree (kept for the tests) against the shipped one, with
    its default random sample, vs loading the tree once: what an author waits for."""
    old = ROOT / "tests" / "authoring" / "data" / "migraine-1.0.0" / "migraine.yaml"
    command = [
        sys.executable, "-m", "decisionaid", "diff", str(old), "trees/migraine.yaml",
        "--samples", str(samples),
    ]  # fmt: skip
    load_once = [sys.executable, "-c", "from decisionaid import open_tree; open_tree()"]

    def run(argv, expect: int):
        def go():
            done = subprocess.run(argv, capture_output=True, cwd=ROOT)
            assert done.returncode == expect, done.stderr

        return go

    whole = median_time(run(command, 1), runs)  # 1: some results differ, as they should
    load = median_time(run(load_once, 0), runs)
    name = f"diff 1.0.0 vs 1.1.0, {samples:,} samples vs loading the tree once"
    result = row(name, whole, load, None)
    result["value"] += f" ({samples / whole:,.0f} random answer sets per second, start-up included)"
    return [result]


def rss_after(code: str) -> int:
    """Peak resident memory (bytes) of a fresh Python process running `code`.

    Read from the new program's own VmHWM where Linux has it: `ru_maxrss` carries over the
    peak of the forked parent (a benchmark process holding a big tree) across exec.
    """
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            code + "\nimport resource, sys\n"
            "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024\n"
            "try:\n"
            "    for text in open('/proc/self/status'):\n"
            "        if text.startswith('VmHWM:'):\n"
            "            peak = int(text.split()[1]) * 1024\n"
            "except OSError:\n"
            "    pass\n"
            "sys.stdout.write(str(peak))",
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return int(done.stdout.split()[-1])


def memory(nodes: int = 100_000) -> list[dict]:
    """Peak RSS of loading the big tree, over that of the same imports with no tree."""
    path = tree(nodes)
    imports = "import decisionaid.graph, decisionaid.loader, decisionaid.engine, yaml"
    base = rss_after(imports)
    loaded = rss_after(
        imports
        + f"\nflow = decisionaid.graph.compile_tree(*decisionaid.loader.load_tree({str(path)!r}))"
    )
    per_node = (loaded - base) / nodes
    return [
        {
            "name": f"peak memory loading {nodes:,} nodes",
            "value": f"{loaded / 2**20:.0f} MiB ({base / 2**20:.0f} MiB without the tree): "
            f"{per_node / 1024:.1f} KiB per node",
            "ratio": None,
            "target": None,
        }
    ]


def row(name: str, contender: float, reference: float, target: float | None) -> dict:
    ratio = contender / reference
    return {
        "name": name,
        "value": f"{contender * 1000:.3f} ms vs {reference * 1000:.3f} ms",
        "ratio": ratio,
        "target": target,
    }


def line(r: dict) -> str:
    """One result as text: value, ratio and its target where it has them."""
    text = f"{r['name']}: {r['value']}"
    if r["ratio"] is not None:
        text += f" → {r['ratio']:.2f}×"
        if r["target"] is not None:
            verdict = "met" if r["ratio"] <= r["target"] else "MISSED"
            text += f" (target ≤ {r['target']}×: {verdict})"
    return text
