"""Several real processes on one store, on both backends: many saving at once, one killed
mid-walk, and two resuming the same screening (one continues it; the other's answers are
kept as a new screening)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from bench.store import concurrent_saves, saving_one_answer
from decisionaid.cli.main import main
from decisionaid.engine import Session
from decisionaid.screenings.recording import Recorder
from decisionaid.screenings.store import Store
from tests.cli.test_history import kill_after, run_plain_process, start_plain, wait_for_answers
from tests.cli.test_plain import typed
from tests.trees.test_migraine import BASE


@pytest.mark.long(4)
def test_eight_processes_saving_fifty_each_at_once_lose_nothing(database, monkeypatch):
    counts = concurrent_saves(database, processes=8, each=50)
    assert counts["failures"] == []
    assert (counts["listed"], counts["distinct"], counts["mixed"], counts["audited"]) == (
        400,
        400,
        0,
        400,
    )
    monkeypatch.setenv("DECISIONAID_DATABASE", database)
    listing = CliRunner().invoke(main, ["history"]).output.splitlines()
    assert len(listing) == 1 + 400
    assert sum("finished" in line for line in listing) == 400


def test_a_killed_process_loses_no_answer_it_had_saved(database, migraine, monkeypatch):
    monkeypatch.setenv("DECISIONAID_DATABASE", database)
    kill_after(migraine, BASE, 5, "--mode", "intake", "--reference", "P-9")
    walk = Session(migraine)
    for _ in range(5):
        walk.answer(BASE[walk.current_id])
    with Store.open() as store:
        (saved,) = store.list()
        assert store.get(saved.id).answer_values() == walk.answers()
        assert saved.current == walk.current_id


def test_two_processes_resuming_one_screening_never_overwrite_each_other(
    database, migraine, monkeypatch
):
    monkeypatch.setenv("DECISIONAID_DATABASE", database)
    with Store.open() as store:
        session = Session(migraine)
        Recorder(store, session, mode="intake", reference="P-RACE").save()
        session.fill({"emergency_signs": [], "head_injury": "none"})
    other = {**BASE, "onset_age": 25, "headache_days": 6}
    mine, theirs = typed(migraine, BASE).splitlines(), typed(migraine, other).splitlines()

    first = start_plain("--mode", "intake")
    first.stdin.write("y\n" + mine[2] + "\n")  # resumes, answers the third question
    first.stdin.flush()
    wait_for_answers(3)
    # The second resumes it too, after that answer, and walks it to the end.
    second = run_plain_process("y\n" + "\n".join(theirs[3:]) + "\n", "--mode", "intake")
    assert second.returncode == 0, second.stderr
    assert "Saved as screening #1." in second.stdout
    # The first goes on: its next save finds the screening moved on, and keeps its own.
    out, err = first.communicate("\n".join(mine[3:]) + "\n", timeout=60)
    assert first.returncode == 0, err
    assert "Screening #1 was continued somewhere else at the same time" in out
    assert "kept as a new screening, #2" in out and "Saved as screening #2." in out

    expected_first = Session(migraine)
    expected_first.fill(BASE)
    expected_second = Session(migraine)
    expected_second.fill(other)
    with Store.open() as store:
        continued, kept = store.get(1), store.get(2)
        assert continued.finished and kept.finished
        assert continued.answer_values() == expected_second.answers()
        assert kept.answer_values() == expected_first.answers()
        assert kept.reference == "P-RACE" and kept.mode == "intake"
        assert [e.action for e in store.audit(1)] == ["created", "resumed", "resumed"]
        assert [e.action for e in store.audit(2)] == ["created"]


def test_the_saving_benchmark_runs(tmp_path, postgres_url):
    (row,) = saving_one_answer(f"sqlite:///{tmp_path}/s.sqlite3", postgres_url, saves=3)
    assert row["name"] == "saving one answer: PostgreSQL vs SQLite" and row["ratio"] > 0
