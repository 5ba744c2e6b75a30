"""Store benchmarks: saving one answer into PostgreSQL vs SQLite, and many processes saving at
once (the counts are checked: none lost, none mixed up).

`python -m bench.store writers URL COUNT GO LABEL...` starts one writer process per LABEL:
it imports the store once, then forks the writers (each opens its own connection); it says
"ready" when every writer has, the writers wait for the file GO to exist (so that all start
together), then each saves COUNT screenings whose answers name its writer and number. Forked
rather than started one by one, the writers are as separate as before (their own process,
connection and transactions) without each spending a third of a second importing Python,
the store and psycopg: that start-up was most of the race's CPU time.
"""

from __future__ import annotations

import importlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

from decisionaid.explanation import Explanation, ResultWords

ROOT = Path(__file__).parent.parent


def _answers(label: str, number: int):
    from decisionaid.screenings.store import SavedAnswer

    return [
        SavedAnswer("writer", label, "Which writer?", label, "single"),
        SavedAnswer("number", number, "Which screening?", str(number), "number"),
    ]


RESULT = {"recommendation": "massage", "urgency": "none"}
EXPLANATION = Explanation(
    mode="self",
    result=ResultWords(title="Massage", urgency="none", recommendation="Massage", body="No hurry."),
)


def write(url: str, label: str, count: int, go: Path, ready: int) -> None:
    """One writer: open the store, say so on the file descriptor `ready`, wait for GO, save."""
    from decisionaid.screenings.store import Store

    with Store.open(database=url, actor=f"writer {label}") as store:
        os.write(ready, b"ready\n")
        os.close(ready)
        while not go.exists():
            time.sleep(0.01)
        for number in range(count):
            sid = store.create(
                tree_id="bench",
                tree_version="1",
                mode="intake",
                reference=f"{label}-{number}",
                current="writer",
            )
            revision = store.save(sid, answers=_answers(label, number)[:1], current="number")
            store.save(
                sid,
                answers=_answers(label, number)[1:],
                start=1,
                current="end",
                result=RESULT,
                explanation=EXPLANATION,
                revision=revision,
            )


FAILED = "--- writer "  # starts the line before a failed writer's error


def writers(url: str, count: int, go: Path, labels: list[str]) -> int:
    """Fork one writer per label (after importing what they use, once); say "ready" when all
    are; wait for them. Each failed writer's error goes to stderr after a line
    "--- writer LABEL failed:"; the exit status is the number of writers that failed."""
    # What the writers use, imported here, before the fork, so that none imports it again.
    backend = "sqlite" if url.startswith("sqlite") else "postgres"
    for module in ("store", backend):
        importlib.import_module(f"decisionaid.screenings.{module}")
    ready = []
    for label in labels:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the writer
            status = 0
            try:
                os.close(read_end)
                write(url, label, count, go, write_end)
            except BaseException:
                sys.stderr.write(f"{FAILED}{label} failed:\n{traceback.format_exc()}")
                status = 1
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(status)
        os.close(write_end)
        ready.append(read_end)
    for read_end in ready:
        with os.fdopen(read_end, "rb") as said:
            said.readline()  # "ready", or nothing if the writer failed before it could be
    print("ready", flush=True)
    failed = 0
    for _ in labels:
        _, status = os.wait()
        failed += status != 0
    return failed


def concurrent_saves(url: str, processes: int = 8, each: int = 50) -> dict:
    """`processes` writers × `each` screenings at once; what the store holds afterwards."""
    from decisionaid.screenings.store import Store

    Store.open(database=url).close()  # built once, before the race
    go = Path(tempfile.mkdtemp(prefix="decisionaid-go-")) / "go"
    labels = [chr(ord("A") + n) for n in range(processes)]
    host = subprocess.Popen(
        [sys.executable, "-m", "bench.store", "writers", url, str(each), str(go), *labels],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert host.stdout is not None
    said = host.stdout.readline().strip()
    start = time.perf_counter()
    go.touch()
    _, err = host.communicate(timeout=300)
    seconds = time.perf_counter() - start
    failures = []
    if said != "ready" or host.returncode:
        failures = [f"writer {block[-2000:]}" for block in err.split(FAILED)[1:]] or [
            err[-2000:] or f"the writers' process ended with status {host.returncode}"
        ]
    go.unlink()
    go.parent.rmdir()
    expected = {(label, n) for label in labels for n in range(each)}
    found, mixed = set(), 0
    with Store.open(database=url) as store:
        listed = store.list()
        for screening in listed:
            full = store.get(screening.id)
            values = full.answer_values()
            key = (values.get("writer"), values.get("number"))
            if f"{key[0]}-{key[1]}" != full.reference or not full.finished:
                mixed += 1
            found.add(key)
        created = sum(1 for e in store.audit() if e.action == "created")
    return {
        "expected": len(expected),
        "listed": len(listed),
        "distinct": len(found & expected),
        "mixed": mixed,
        "audited": created,
        "failures": failures,
        "seconds": seconds,
    }


def saving_one_answer(sqlite_url: str, postgres_url: str, saves: int = 200) -> list[dict]:
    """Median time of one save (one answer, one transaction) into each backend."""
    from bench.scale import row
    from decisionaid.screenings.store import Store

    def median_save(url: str) -> float:
        with Store.open(database=url) as store:
            sid = store.create(tree_id="bench", tree_version="1", mode="intake", current="q")
            revision = 0
            times = []
            for n in range(saves):
                answer = _answers("A", n)[1:]
                began = time.perf_counter()
                revision = store.save(sid, answers=answer, start=n, current="q", revision=revision)
                times.append(time.perf_counter() - began)
        return statistics.median(times)

    sqlite, postgres = median_save(sqlite_url), median_save(postgres_url)
    return [row("saving one answer: PostgreSQL vs SQLite", postgres, sqlite, None)]


def counts_row(backend: str, counts: dict, processes: int, each: int) -> dict:
    lost = counts["expected"] - counts["distinct"]
    return {
        "name": f"{processes} processes × {each} screenings saved at once into {backend}",
        "value": f"{counts['listed']} listed of {counts['expected']}, {lost} lost, "
        f"{counts['mixed']} mixed up, {counts['audited']} audited as created, "
        f"{len(counts['failures'])} writers failed, in {counts['seconds']:.1f} s",
        "ratio": None,
        "target": None,
    }


def skipped(why: str) -> dict:
    return {"name": "store benchmarks", "value": f"skipped: {why}", "ratio": None, "target": None}


def measure(quick: bool = False) -> list[dict]:
    """Both benchmarks, against a throwaway PostgreSQL server (skipped if none can start).

    Skipped in the quick smoke run: starting a server costs more than the rest of it, and the
    tests run the same functions on their own server (tests/screenings/test_concurrency.py).
    """
    from tests.postgres import start_server

    if quick:
        return [skipped("not in --quick runs")]

    folder = Path(tempfile.mkdtemp(prefix="decisionaid-bench-store-"))
    folder.chmod(0o700)
    sqlite_url = f"sqlite:///{folder}/one.sqlite3"
    try:
        # Durable, like the SQLite side (synchronous = FULL): a commit is on disk when it returns.
        server = start_server(durable=True)
    except RuntimeError as exc:
        return [
            {"name": "store benchmarks", "value": f"skipped: {exc}", "ratio": None, "target": None}
        ]
    try:
        rows = saving_one_answer(sqlite_url, server.new_database(), saves=20 if quick else 300)
        processes, each = (2, 5) if quick else (8, 50)
        for backend, url in (
            ("SQLite", f"sqlite:///{folder}/race.sqlite3"),
            ("PostgreSQL", server.new_database()),
        ):
            rows.append(
                counts_row(backend, concurrent_saves(url, processes, each), processes, each)
            )
        return rows
    finally:
        server.stop()


if __name__ == "__main__":
    if sys.argv[1:2] == ["writers"]:
        _, _, url, count, go, *labels = sys.argv
        sys.exit(writers(url, int(count), Path(go), labels))
    else:
        for r in measure(quick="--quick" in sys.argv):
            from bench.scale import line

            print(line(r))
