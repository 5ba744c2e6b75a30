"""The screenings store on both backends (SQLite and a real PostgreSQL): what is kept, the
revision that lets one process at a time continue a screening, the kiosk marker, the audit
trail, and stores from older releases."""

from __future__ import annotations

import stat
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from decisionaid.screenings import schema
from decisionaid.screenings.location import parse
from decisionaid.screenings.store import (
    DB_NAME,
    SavedAnswer,
    ScreeningChanged,
    Store,
    StoreError,
)
from tests.conftest import ROOT
from tests.screenings.helpers import ANSWER, EXPLANATION, RESULT, new, raw

Q2 = SavedAnswer("q2", 3, "How many?", "3", "number")
Q3 = SavedAnswer("q3", True, "Sure?", "Yes", "boolean")


def mode_of(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_folder_and_files_are_private(tmp_path):
    folder = tmp_path / "deep" / "data"
    with Store.open(folder) as store:
        store.save(new(store), answers=[ANSWER], current="q2")
        assert mode_of(folder) == 0o700
        for name in (DB_NAME, DB_NAME + "-wal", DB_NAME + "-shm"):
            assert mode_of(folder / name) == 0o600, name


def test_an_existing_open_data_folder_is_tightened(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    Store.open(folder).close()
    assert mode_of(folder) == 0o700


def test_a_file_named_by_mistake_is_left_as_it_was(tmp_path):
    """`--database sqlite:////etc/passwd` as root made /etc/passwd 0600 before finding it
    was not a database (and then said the file was left untouched): a file is checked, and
    made 0600 only once it is known to be the aid's own."""
    folder = tmp_path / "etc"
    folder.mkdir()
    folder.chmod(0o755)
    named = folder / "passwd"
    named.write_text("root:x:0:0:root:/root:/bin/bash\n")
    named.chmod(0o644)
    with pytest.raises(StoreError, match=r"not a decisionaid database.* left untouched"):
        Store.open(database=f"sqlite:///{named}")
    assert mode_of(named) == 0o644 and mode_of(folder) == 0o755
    assert named.read_text() == "root:x:0:0:root:/root:/bin/bash\n"
    assert sorted(p.name for p in folder.iterdir()) == ["passwd"]


def test_without_o_path_the_header_decides_before_sqlite_opens_the_file(tmp_path, monkeypatch):
    """Where descriptors that keep SQLite's locks cannot be had, a file is tightened before
    SQLite opens it, and only if its header says it is the aid's database."""
    monkeypatch.setattr("decisionaid.screenings.sqlite.LOCK_SAFE", False)
    monkeypatch.setattr("decisionaid.private.LOCK_SAFE", False)
    named = tmp_path / "passwd"
    named.write_text("root:x:0:0\n")
    named.chmod(0o644)
    with pytest.raises(StoreError, match="not a decisionaid database"):
        Store.open(database=f"sqlite:///{named}")
    assert mode_of(named) == 0o644
    ours = tmp_path / "data" / DB_NAME
    Store.open(ours.parent).close()
    ours.chmod(0o644)
    Store.open(ours.parent).close()
    assert mode_of(ours) == 0o600


def test_a_data_folder_holding_other_things_is_used_but_not_tightened(tmp_path):
    folder = tmp_path / "shared-notes"
    folder.mkdir()
    folder.chmod(0o755)
    (folder / "notes.txt").write_text("not ours")
    with Store.open(folder) as store:
        store.save(new(store), answers=[ANSWER], current="q2")
    assert mode_of(folder) == 0o755  # not ours to change: the screenings are 0600 in it
    assert mode_of(folder / DB_NAME) == 0o600


def test_saving_replaces_the_path_and_keeps_words(store):
    sid = new(store, "P-1")
    store.save(sid, answers=[ANSWER, Q2], current="end")
    store.save(sid, answers=[ANSWER], current="q2")  # went back: q2 no longer on the path
    saved = store.get(sid)
    assert saved.answer_values() == {"q1": "red"}
    assert saved.current == "q2"
    assert saved.answers[0].answer_text == "Red"
    assert not saved.finished


def test_saving_from_a_position_keeps_the_answers_before_it(store):
    sid = new(store)
    store.save(sid, answers=[ANSWER, Q2], current="q3")
    store.save(sid, answers=[Q3], start=1, current="end")  # q2 changed to q3
    assert store.get(sid).answer_values() == {"q1": "red", "q3": True}
    store.save(sid, answers=[], start=1, current="q2")  # back to the second question
    assert store.get(sid).answer_values() == {"q1": "red"}


def test_a_result_finishes_the_screening_once(store):
    sid = new(store)
    store.save(sid, answers=[ANSWER], current="end", result=RESULT, explanation=EXPLANATION)
    first = store.get(sid).finished_at
    store.save(sid, answers=[ANSWER], current="end", result=RESULT, explanation=EXPLANATION)
    saved = store.get(sid)
    assert saved.finished and saved.finished_at == first
    assert (saved.recommendation, saved.urgency) == ("massage", "none")
    assert saved.explanation == EXPLANATION
    assert store.latest_unfinished() is None


def test_list_is_newest_first_and_searches_ignoring_case(store):
    ids = [new(store, ref) for ref in ("P-100", "p-200", "Q_1")]
    for sid in ids:
        store.save(sid, answers=[], current="q1")
    assert [s.id for s in store.list()] == ids[::-1]
    assert [s.reference for s in store.list("p-")] == ["p-200", "P-100"]
    assert [s.reference for s in store.list("_")] == ["Q_1"]  # LIKE wildcards are literal
    assert [s.reference for s in store.list("%")] == []
    assert store.list("nobody") == []
    assert [s.id for s in store.list(limit=2)] == ids[:0:-1]


def test_text_that_is_not_utf8_is_refused_and_nothing_is_written(store):
    """Bytes that were not UTF-8 reach Python as lone surrogates (a --search or a name
    given at a terminal set to Latin-1): each call is refused with a StoreError, which
    every front end shows as a message, and the store is as it was (before: a traceback,
    and an intake walk lost)."""
    kept = new(store, "P-1")
    with pytest.raises(StoreError, match=r"not UTF-8 .* cannot be stored or searched for"):
        store.list("M\udcfcller")
    with pytest.raises(StoreError, match="nothing was written"):
        new(store, "M\udcfcller")
    assert [s.id for s in store.list()] == [kept]


def test_delete_and_purge_keep_the_audit_trail(store, database):
    old, recent = new(store), new(store)
    raw(
        database,
        "UPDATE screenings SET started_at = ? WHERE id = ?",
        ("2020-01-01T00:00:00+00:00", old),
    )
    assert store.purge(datetime.now(UTC) - timedelta(days=1)) == 1
    assert store.get(old) is None and store.get(recent) is not None
    assert store.delete(recent) and not store.delete(recent)
    assert store.list() == []
    actions = [(e.screening_id, e.action) for e in store.audit()]
    assert actions == [(old, "created"), (recent, "created"), (old, "deleted"), (recent, "deleted")]
    assert "purged" in store.audit(old)[-1].detail


def test_a_number_is_never_given_twice_even_after_a_delete(store):
    """Deleting the newest screening (or all of them) does not free its number: the next one
    gets a new number, so the deleted one's audit trail and a kiosk number already given out
    never come to mean another patient."""
    first, second = new(store), new(store)
    assert store.delete(second)
    third = new(store)
    assert third > second
    assert store.delete(first) and store.delete(third)
    fourth = new(store)
    assert fourth > third
    assert [e.action for e in store.audit(third)] == ["created", "deleted"]
    assert [e.action for e in store.audit(fourth)] == ["created"]


def test_saving_a_deleted_screening_is_a_clear_error(store):
    sid = new(store)
    store.delete(sid)
    with pytest.raises(StoreError, match="no longer exists"):
        store.save(sid, answers=[], current="q1")


@pytest.mark.parametrize("screening_id", [0, -1, 2**63, 99999999999999999999999])
def test_ids_out_of_range_are_simply_not_there(store, screening_id):
    assert store.get(screening_id) is None
    assert not store.delete(screening_id)
    assert store.audit(screening_id) == []


def test_a_save_over_a_revision_someone_else_moved_on_is_refused(store, database):
    sid = new(store)
    mine = store.save(sid, answers=[ANSWER], current="q2", revision=0)
    with Store.open(database=database) as elsewhere:
        theirs = elsewhere.get(sid)
        elsewhere.save(sid, answers=[ANSWER, Q2], current="q3", revision=theirs.revision)
    with pytest.raises(ScreeningChanged, match=f"#{sid} was changed elsewhere"):
        store.save(sid, answers=[ANSWER, Q3], current="end", revision=mine)
    assert store.get(sid).answer_values() == {"q1": "red", "q2": 3}  # theirs, untouched


def test_kiosk_screenings_are_new_until_a_clinician_opens_one(store):
    kiosk, desk = new(store, mode="self", new=True), new(store)
    assert [s.new for s in store.list()] == [False, True]
    assert store.get(kiosk).new  # a plain read by the app is not an opening
    assert store.mark_opened(kiosk)
    assert not store.get(kiosk).new
    assert not store.mark_opened(12345)
    entries = store.audit(kiosk)
    assert [(e.action, e.actor) for e in entries] == [("created", "Tester"), ("viewed", "Tester")]
    assert entries[0].detail == "self, new"
    assert store.audit(desk)[0].detail == "intake"


def test_every_audited_action_is_recorded_with_who_and_where(store, tmp_path):
    sid = new(store, "P-1")
    store.save(sid, answers=[ANSWER], current="q2", resumed=True)
    store.get(sid, record="viewed")
    written = tmp_path / "report.txt"

    def write(screening):
        written.write_text(screening.reference)
        return f"text to {written}"

    assert store.export(sid, write).id == sid
    store.delete(sid)
    entries = store.audit(sid)
    assert [e.action for e in entries] == ["created", "resumed", "viewed", "exported", "deleted"]
    assert entries[3].detail == f"text to {written}"
    assert {e.actor for e in entries} == {"Tester"}
    assert all("@" in e.account for e in entries)
    assert all(datetime.fromisoformat(e.at).tzinfo for e in entries)
    if store.shared:
        assert entries[0].account.endswith("as database user clinic")


def test_a_failed_export_leaves_no_audit_entry(store):
    sid = new(store)

    def write(screening):
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        store.export(sid, write)
    assert [e.action for e in store.audit(sid)] == ["created"]


def test_the_audit_trail_cannot_be_changed_or_deleted(store, database):
    sid = new(store)
    for sql in ("UPDATE audit SET actor = 'someone else'", "DELETE FROM audit"):
        with pytest.raises(Exception, match="append-only"):
            raw(database, sql)
    if parse(database).kind == "postgresql":
        with pytest.raises(Exception, match="append-only"):
            raw(database, "TRUNCATE audit")
    assert [e.actor for e in store.audit(sid)] == ["Tester"]


def test_the_store_says_where_it_is_without_a_password(store, database):
    location = parse(database)
    if location.kind == "sqlite":
        assert store.location == str(location.path) and not store.shared
        assert store.place.startswith("this computer")
    else:
        password = database.split(":")[2].split("@")[0]
        assert store.shared
        assert password not in store.location and password not in store.place
        assert store.location.startswith("postgresql://clinic@127.0.0.1:")


# --- stores from an older release ------------------------------------------------------


def _version_1(url: str) -> None:
    """Build the store as the first release did (schema 1, no audit trail) with a screening."""
    location = parse(url)
    if location.kind == "sqlite":
        location.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        for statement in schema.STEPS[0].sqlite:
            raw(url, statement)
        raw(url, f"PRAGMA application_id = {schema.APPLICATION_ID}")
        raw(url, "PRAGMA user_version = 1")
    else:
        raw(url, f"CREATE TABLE {schema.META_TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        raw(url, f"INSERT INTO {schema.META_TABLE} VALUES ('application', 'decisionaid')")
        raw(url, f"INSERT INTO {schema.META_TABLE} VALUES ('schema_version', '1')")
        for statement in schema.STEPS[0].postgresql:
            raw(url, statement)
    raw(
        url,
        "INSERT INTO screenings (tree_id, tree_version, app_version, mode, reference, "
        "started_at, updated_at, current) VALUES ('t', '1', '0.1.0', 'intake', 'P-OLD', "
        "'2025-01-01T10:00:00+00:00', '2025-01-01T10:00:00+00:00', 'q2')",
    )
    raw(
        url,
        "INSERT INTO answers VALUES (1, 0, 'q1', '\"red\"', 'Pick one', 'Red', 'single')",
    )


def test_a_store_from_the_first_release_is_upgraded_and_keeps_its_screenings(database):
    _version_1(database)
    with Store.open(database=database, actor="Tester") as store:
        old = store.get(1)
        assert (old.reference, old.answer_values(), old.revision, old.new) == (
            "P-OLD",
            {"q1": "red"},
            0,
            False,
        )
        store.save(1, answers=[ANSWER, Q2], current="end", revision=0, resumed=True)
        assert [e.action for e in store.audit(1)] == ["resumed"]
    if parse(database).kind == "sqlite":
        assert raw(database, "PRAGMA user_version") == [(schema.SCHEMA_VERSION,)]
    else:
        version = raw(
            database, f"SELECT value FROM {schema.META_TABLE} WHERE key = 'schema_version'"
        )
        assert version == [(str(schema.SCHEMA_VERSION),)]


def test_the_store_imports_neither_the_interface_nor_what_it_does_not_need(tmp_path):
    """The engine, store and exports never import Textual; and a SQLite store pulls in neither
    the PostgreSQL driver nor pydantic (the interface opens the store before its first paint)."""
    code = (
        "import sys\n"
        "from decisionaid.screenings.store import Store\n"
        f"Store.open({str(tmp_path)!r}).list()\n"
        "print(sorted({'textual', 'psycopg', 'pydantic'} & set(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.strip() == "[]", done.stderr
