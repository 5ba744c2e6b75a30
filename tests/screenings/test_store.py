"""The screenings database: what is kept, who can read it, damaged and foreign files, and two
processes saving at once."""

from __future__ import annotations

import multiprocessing
import sqlite3
import stat
from datetime import UTC, datetime, timedelta

import pytest

from decisionaid.explanation import Explanation, ResultWords
from decisionaid.screenings import store as store_module
from decisionaid.screenings.store import DB_NAME, SavedAnswer, Store, StoreError, data_dir


def mode_of(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def new(store: Store, reference: str = "", mode: str = "intake") -> int:
    return store.create(tree_id="t", tree_version="1", mode=mode, reference=reference, current="q1")


ANSWER = SavedAnswer("q1", "red", "Pick one", "Red", "single")
WORDS = Explanation(
    mode="self",
    result=ResultWords(title="Massage", urgency="none", recommendation="Massage", body=""),
)


def test_data_dir_option_beats_environment_beats_default(tmp_path, monkeypatch):
    monkeypatch.setenv("DECISIONAID_DATA_DIR", str(tmp_path / "env"))
    assert data_dir(tmp_path / "opt") == tmp_path / "opt"
    assert data_dir() == tmp_path / "env"
    monkeypatch.delenv("DECISIONAID_DATA_DIR")
    assert data_dir().name == "decisionaid"


def test_folder_and_files_are_private(tmp_path):
    folder = tmp_path / "deep" / "data"
    with Store.open(folder) as store:
        store.save(new(store), answers=[ANSWER], current="q2")
        assert mode_of(folder) == 0o700
        for name in (DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm"):
            assert mode_of(folder / name) == 0o600, name


def test_an_existing_open_folder_is_tightened(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    Store.open(folder).close()
    assert mode_of(folder) == 0o700


def test_saving_replaces_the_path_and_keeps_words(tmp_path):
    with Store.open(tmp_path) as store:
        sid = new(store, "P-1")
        store.save(
            sid, answers=[ANSWER, SavedAnswer("q2", 3, "How many?", "3", "number")], current="end"
        )
        store.save(sid, answers=[ANSWER], current="q2")  # went back: q2 no longer on the path
        saved = store.get(sid)
        assert saved.answer_values() == {"q1": "red"}
        assert saved.current == "q2"
        assert saved.answers[0].answer_text == "Red"
        assert not saved.finished


def test_saving_from_a_position_keeps_the_answers_before_it(tmp_path):
    q2 = SavedAnswer("q2", 3, "How many?", "3", "number")
    q3 = SavedAnswer("q3", True, "Sure?", "Yes", "boolean")
    with Store.open(tmp_path) as store:
        sid = new(store)
        store.save(sid, answers=[ANSWER, q2], current="q3")
        store.save(sid, answers=[q3], start=1, current="end")  # q2 changed to q3
        assert store.get(sid).answer_values() == {"q1": "red", "q3": True}
        store.save(sid, answers=[], start=1, current="q2")  # back to the second question
        assert store.get(sid).answer_values() == {"q1": "red"}


def test_a_result_finishes_the_screening_once(tmp_path):
    with Store.open(tmp_path) as store:
        sid = new(store)
        result = {"recommendation": "massage", "urgency": "none"}
        store.save(sid, answers=[ANSWER], current="end", result=result, explanation=WORDS)
        first = store.get(sid).finished_at
        store.save(sid, answers=[ANSWER], current="end", result=result, explanation=WORDS)
        saved = store.get(sid)
        assert saved.finished and saved.finished_at == first
        assert (saved.recommendation, saved.urgency) == ("massage", "none")
        assert saved.explanation == WORDS  # read back into the type it was saved as
        assert store.latest_unfinished() is None


def test_an_explanation_this_version_cannot_read_is_a_clear_error(tmp_path):
    with Store.open(tmp_path) as store:
        sid = new(store)
        store.save(sid, answers=[ANSWER], current="end", result={"urgency": "none"})
        with sqlite3.connect(store.path) as db:
            db.execute("UPDATE screenings SET explanation = '{\"format\": 99}'")
        with pytest.raises(StoreError, match=r"screening #\d+ cannot be read: .*format 99"):
            store.get(sid)


def test_list_is_newest_first_and_searches_references(tmp_path):
    with Store.open(tmp_path) as store:
        ids = [new(store, ref) for ref in ("P-100", "p-200", "Q_1")]
        for sid in ids:
            store.save(sid, answers=[], current="q1")
        assert [s.id for s in store.list()] == ids[::-1]
        assert [s.reference for s in store.list("p-")] == ["p-200", "P-100"]
        assert [s.reference for s in store.list("_")] == ["Q_1"]  # LIKE wildcards are literal
        assert store.list("nobody") == []


def test_delete_and_purge(tmp_path):
    with Store.open(tmp_path) as store:
        old, recent = new(store), new(store)
        with sqlite3.connect(store.path) as db:
            db.execute(
                f"UPDATE screenings SET started_at = '2020-01-01T00:00:00+00:00' WHERE id = {old}"
            )
        assert store.purge(datetime.now(UTC) - timedelta(days=1)) == 1
        assert store.get(old) is None and store.get(recent) is not None
        assert store.delete(recent) and not store.delete(recent)
        assert store.list() == []


def test_saving_a_deleted_screening_is_a_clear_error(tmp_path):
    with Store.open(tmp_path) as store:
        sid = new(store)
        store.delete(sid)
        with pytest.raises(StoreError, match="no longer exists"):
            store.save(sid, answers=[], current="q1")


def test_a_damaged_file_is_reported_and_never_overwritten(tmp_path):
    path = tmp_path / DB_NAME
    junk = b"this is not a database\x00" * 300
    path.write_bytes(junk)
    with pytest.raises(StoreError, match="not a decisionaid database, or it is damaged"):
        Store.open(tmp_path)
    assert path.read_bytes() == junk


def test_a_truncated_database_is_reported(tmp_path):
    with Store.open(tmp_path) as store:
        for _ in range(50):
            store.save(new(store, "x" * 200), answers=[ANSWER] * 20, current="q1")
    path = tmp_path / DB_NAME
    for side in ("-wal", "-shm"):
        (tmp_path / (DB_NAME + side)).unlink(missing_ok=True)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    before = path.read_bytes()
    with pytest.raises(StoreError, match="left untouched"), Store.open(tmp_path) as store:
        store.list()
    assert path.read_bytes() == before


def test_a_newer_schema_is_refused_untouched(tmp_path):
    Store.open(tmp_path).close()
    path = tmp_path / DB_NAME
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 99")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer decisionaid"):
        Store.open(tmp_path)
    assert path.read_bytes() == before


def test_another_programs_database_is_refused(tmp_path):
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        db.execute("CREATE TABLE notes (text TEXT)")
    with pytest.raises(StoreError, match="another program"):
        Store.open(tmp_path)


def test_a_database_from_an_older_release_opens(tmp_path, monkeypatch):
    # An older schema is upgraded step by step; simulate a release that knew only version 1
    # while this one adds a step, and check the data written by the old one survives.
    with Store.open(tmp_path) as store:
        sid = new(store, "P-OLD")
        store.save(sid, answers=[ANSWER], current="q2")
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(
        store_module,
        "MIGRATIONS",
        [*store_module.MIGRATIONS, "ALTER TABLE screenings ADD note TEXT"],
    )
    with Store.open(tmp_path) as store:
        assert store.get(sid).reference == "P-OLD"
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 2


def _writer(folder: str, label: str, count: int) -> None:
    with Store.open(folder) as store:
        for i in range(count):
            sid = store.create(
                tree_id="t",
                tree_version="1",
                mode="intake",
                reference=f"{label}-{i}",
                current="q1",
            )
            store.save(sid, answers=[ANSWER], current="q2")


def test_two_processes_saving_at_once_lose_nothing(tmp_path):
    Store.open(tmp_path).close()
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(str(tmp_path), n, 60)) for n in "AB"]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    with Store.open(tmp_path) as store:
        saved = store.list()
        assert len(saved) == 120
        assert {s.reference for s in saved} == {f"{n}-{i}" for n in "AB" for i in range(60)}
        assert all(s.answer_count == 1 for s in saved)
