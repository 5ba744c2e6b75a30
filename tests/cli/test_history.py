"""`decisionaid history` and `export-questionnaire`, end to end, and the therapist's day:
three patients, a fourth killed mid-walk and resumed, all four exported as HTML and FHIR."""

from __future__ import annotations

import json
import os
import re
import signal
import stat
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from decisionaid.asking import text_of
from decisionaid.cli.main import main
from decisionaid.engine import Session
from decisionaid.exports.fhir import pair_problems, validate
from decisionaid.screenings.recording import Recorder
from decisionaid.screenings.store import DB_NAME, Store
from tests.cli.test_plain import typed
from tests.conftest import ROOT, vignettes
from tests.trees.test_migraine import BASE


def cli(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


@pytest.fixture
def filled(migraine, private_data_dir):
    """Three screenings: finished P-1, emergency P-2, unfinished P-3."""
    with Store.open() as store:
        for reference, answers in (
            ("P-1", BASE),
            ("P-2", {"emergency_signs": ["thunderclap"]}),
            ("P-3", {"emergency_signs": [], "head_injury": "none"}),
        ):
            session = Session(migraine)
            Recorder(store, session, mode="intake", reference=reference).save()
            session.fill(answers)
    return private_data_dir


def test_list(filled):
    run = cli("history")
    assert run.exit_code == 0, run.output
    lines = run.output.splitlines()
    assert lines[0].split() == [
        "id",
        "started",
        "reference",
        "urgency",
        "status",
        "recommendation",
        "clinician",
        "mode",
    ]
    assert "P-3" in lines[1] and "unfinished (2 answers)" in lines[1]
    assert "P-2" in lines[2] and "doctor" in lines[2] and "emergency" in lines[2]
    assert "dry needling" in lines[3]


def test_a_folder_name_with_an_escape_code_is_shown_as_a_code(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run = cli("history", "--data-dir", "evil\x1b[2Jdir")
    assert run.exit_code == 0 and "evil\\x1b[2Jdir" in run.output and "\x1b" not in run.output


def test_search_and_an_empty_list(filled, tmp_path):
    assert "P-1" not in cli("history", "--search", "P-2").output
    assert "No saved screenings matching 'zz'" in cli("history", "--search", "zz").output
    run = cli("history", "--data-dir", str(tmp_path / "empty"))
    assert run.exit_code == 0 and "No saved screenings: nothing has been saved in" in run.output


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ((), 0),
        (("show", "1"), 2),
        (("export", "1"), 2),
        (("delete", "1", "--yes"), 2),
        (("purge", "--before", "2999-01-01", "--yes"), 2),
        (("audit",), 2),
    ],
)
def test_reading_where_nothing_was_saved_makes_nothing(tmp_path, monkeypatch, args, code):
    """A mistyped --data-dir made that folder and an empty database in it, for every
    command here, though none of them saves."""
    monkeypatch.chdir(tmp_path)
    url = f"sqlite:///{tmp_path}/typo/s.sqlite3"
    for where in (("--data-dir", "typo/clinic"), ("--database", url)):
        run = cli("history", *where, *args)
        assert run.exit_code == code, run.output
        assert "nothing has been saved in " in run.output and "typo/" in run.output
        assert not (tmp_path / "typo").exists()


def test_show(filled, migraine):
    run = cli("history", "show", "1")
    assert run.exit_code == 0
    intake_title = migraine.tree.nodes["dry_needling_or_massage"].intake.title
    assert run.output.startswith(f"{intake_title.upper()}\n")  # in the therapist's words
    assert "\nPatient reference: P-1\n" in run.output
    assert "**" not in run.output and "# " not in run.output  # text, not Markdown


def test_show_prints_what_was_typed_as_typed(private_data_dir, migraine):
    """A reference with Markdown's characters in it is shown as typed, not escaped."""
    reference = "P_1 *star* [x] <b> #2 `t` \\"
    with Store.open() as store:
        session = Session(migraine)
        Recorder(store, session, mode="intake", reference=reference, clinician="Dr_A").save()
        session.fill({"emergency_signs": ["thunderclap"]})
    run = cli("history", "show", "1")
    assert run.exit_code == 0, run.output
    assert f"\nPatient reference: {reference}\n" in run.output
    assert "\nClinician: Dr_A\n" in run.output
    assert max(len(line) for line in run.output.splitlines()) <= 78


def test_unknown_id_is_status_2(filled):
    run = cli("history", "show", "99")
    assert run.exit_code == 2 and "no screening #99" in run.output


@pytest.mark.parametrize(
    ("fmt", "suffix", "marker"),
    [
        ("html", ".html", "<!DOCTYPE html>"),
        ("markdown", ".md", "### Trigger-point dry needling"),  # an intake: clinical names
        ("json", ".json", '"recommendation": "dry_needling"'),
        ("fhir", ".fhir.json", '"resourceType": "QuestionnaireResponse"'),
    ],
)
def test_export_writes_private_files(filled, tmp_path, monkeypatch, fmt, suffix, marker):
    monkeypatch.chdir(tmp_path)
    run = cli("history", "export", "1", "--format", fmt)
    assert run.exit_code == 0, run.output
    path = tmp_path / f"screening-1{suffix}"
    assert marker in path.read_text()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_export_several_to_a_folder_and_to_stdout(filled, tmp_path):
    out = tmp_path / "reports"
    out.mkdir()
    run = cli("history", "export", "1", "2", "3", "-o", str(out), "--format", "fhir")
    assert run.exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == [f"screening-{i}.fhir.json" for i in (1, 2, 3)]
    run = cli("history", "export", "2", "-o", "-", "--format", "markdown")
    assert run.output.startswith("# ")
    run = cli("history", "export", "1", "2", "-o", str(tmp_path / "one.html"))
    assert run.exit_code == 2 and "must be an existing folder" in run.output
    for fmt in ("json", "fhir", "html", "markdown"):  # run together, not one document
        run = cli("history", "export", "1", "2", "-o", "-", "--format", fmt)
        assert run.exit_code == 2 and run.output.startswith("-: standard output takes one"), fmt


def test_an_empty_data_dir_variable_is_refused(private_data_dir, monkeypatch, tmp_path):
    monkeypatch.setenv("DECISIONAID_DATA_DIR", "")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # where the default folder would be
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    run = cli("history")
    assert run.exit_code == 2
    assert "$DECISIONAID_DATA_DIR is set but empty" in run.output
    assert not (tmp_path / "home").exists()  # nothing made in the default place


def test_a_database_url_as_the_data_folder_is_refused_by_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run = cli("history", "--data-dir", "postgresql://clinic:s3cret@db.clinic/screenings")
    assert run.exit_code == 2
    assert "'--data-dir': takes a folder, and this is a postgresql:// address" in run.output
    assert "--database" in run.output and "s3cret" not in run.output
    assert list(tmp_path.iterdir()) == []  # no folder named after the address


def test_delete_asks_first(filled):
    run = cli("history", "delete", "1", input="n\n")
    assert "Nothing deleted" in run.output
    assert cli("history", "show", "1").exit_code == 0
    run = cli("history", "delete", "1", input="y\n")
    assert run.exit_code == 0 and "Deleted screening #1" in run.output
    assert cli("history", "show", "1").exit_code == 2


@pytest.mark.parametrize(
    "args", [("delete", "1"), ("purge", "--before", "2999-01-01")], ids=["delete", "purge"]
)
def test_input_ending_before_an_answer_deletes_nothing_and_says_how_to(filled, args):
    """With no terminal (a script, or Ctrl+D) click said only "Aborted!"."""
    before = cli("history").output
    run = cli("history", *args, input="")
    assert run.exit_code == 2, run.output
    assert "no answer, so nothing deleted; to delete without being asked, add --yes" in run.output
    assert "Aborted" not in run.output
    assert cli("history").output == before


def test_purge_before_a_date(filled):
    run = cli("history", "purge", "--before", "2000-01-01")
    assert "No screenings started before" in run.output
    run = cli("history", "purge", "--before", "2999-01-01", input="y\n")
    assert "Deleted 3 screenings" in run.output
    assert "No saved screenings" in cli("history").output


@pytest.mark.parametrize("value", ["last week", "2026-13-01", "2026-02-30", "2026-01-31 17:30"])
def test_purge_needs_a_real_date(filled, value):
    """Said in the words a person types, not click's strptime codes (%Y-%m-%d)."""
    run = cli("history", "purge", "--before", value)
    assert run.exit_code == 2
    assert f"'{value}' is not a date: give YYYY-MM-DD (such as 2026-01-31)" in run.output
    assert "%" not in run.output


@pytest.mark.parametrize("value", ["2026-01-31", "2026-01-31T17:30"])
def test_purge_takes_a_date_or_a_date_and_time(filled, value):
    assert "No screenings started before" in cli("history", "purge", "--before", value).output


def test_purge_at_the_ends_of_the_calendar(filled, monkeypatch):
    """Python counts years 1 to 9999 only: a local date within a day of either end cannot
    always be placed in UTC, and that is said, never a traceback."""
    run = cli("history", "purge", "--before", "0001-01-01")
    assert run.exit_code == 2 and not isinstance(run.exception, ValueError)
    assert "--before 0001-01-01 00:00 is too near the end of the calendar" in run.output
    assert "give 0001-01-02 or later" in run.output
    assert (
        "No screenings started before 0001-01-02"
        in cli("history", "purge", "--before", "0001-01-02").output
    )
    with monkeypatch.context() as zone:
        zone.setenv("TZ", "America/New_York")  # behind UTC: the last evening is year 10000
        time.tzset()
        run = cli("history", "purge", "--before", "9999-12-31T23:59")
    time.tzset()
    assert run.exit_code == 2 and "too near the end of the calendar" in run.output
    assert "give 9999-12-30 or earlier" in run.output
    assert len(cli("history").output.splitlines()) == 4  # nothing deleted


def test_a_damaged_database_is_a_clear_error(private_data_dir):
    private_data_dir.mkdir()
    (private_data_dir / DB_NAME).write_bytes(b"garbage" * 500)
    run = cli("history")
    assert run.exit_code == 2
    assert "not a decisionaid database, or it is damaged" in run.output
    assert "Traceback" not in run.output
    assert (private_data_dir / DB_NAME).read_bytes() == b"garbage" * 500


def test_run_with_a_damaged_database_still_walks_without_saving(private_data_dir, migraine):
    private_data_dir.mkdir()
    (private_data_dir / DB_NAME).write_bytes(b"garbage" * 500)
    run = run_plain_here(typed(migraine, BASE))
    assert run.returncode == 0
    assert "Saving is off" in run.stderr and "DRY NEEDLING" in run.stdout


def test_the_audit_trail_says_who_saw_what(filled, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli("history", "--clinician", "Dr  Ames", "show", "1").exit_code == 0
    monkeypatch.setenv("DECISIONAID_CLINICIAN", "B. Cole")
    assert cli("history", "export", "1", "--format", "json").exit_code == 0
    assert cli("history", "export", "3", "-o", "-").exit_code == 0
    assert cli("history", "delete", "2", "--yes").exit_code == 0
    run = cli("history", "audit")
    assert run.exit_code == 0, run.output
    lines = run.output.splitlines()
    assert lines[0].split() == ["when", "screening", "action", "actor", "account", "detail"]
    rows = [line.split() for line in lines[1:]]
    assert [r[4:6] for r in rows[:3]] == [["#1", "created"], ["#2", "created"], ["#3", "created"]]
    assert re.search(r"#1 +viewed +Dr Ames +\S+@", lines[4])
    assert re.search(r"#1 +exported +B\. Cole +\S+@", lines[5])
    assert lines[5].endswith(f"json to {tmp_path}/screening-1.json")
    assert re.search(r"#3 +exported +B\. Cole .* html to standard output$", lines[6])
    assert re.search(r"#2 +deleted +B\. Cole", lines[7])
    one = cli("history", "audit", "2").output.splitlines()
    assert len(one) == 3 and "deleted" in one[2]  # a deleted screening keeps its entries
    assert "No audit entries for screening #9" in cli("history", "audit", "9").output


def test_kiosk_screenings_are_marked_new_until_opened(private_data_dir):
    with Store.open() as store:
        store.create(tree_id="t", tree_version="1", mode="self", current="q1", new=True)
    assert "new, unfinished (0 answers)" in cli("history").output
    cli("history", "show", "1")
    assert "new," not in cli("history").output


def test_run_and_history_take_a_database_url(migraine, tmp_path):
    url = f"sqlite:///{tmp_path}/clinic/screenings.sqlite3"
    run = run_plain_here(
        typed(migraine, BASE), "--mode", "intake", "--reference", "P-7", "--database", url
    )
    assert run.returncode == 0, run.stderr
    listing = cli("history", "--database", url)
    assert listing.exit_code == 0 and "P-7" in listing.output
    assert "No saved screenings" in cli("history").output  # not in the default place
    assert "P-7" in cli("history", "show", "1", "--database", url).output
    run = cli("history", "--database", "mysql://x/y")
    assert run.exit_code == 2 and "sqlite:///" in run.output


def test_export_questionnaire(tmp_path):
    path = tmp_path / "q.json"
    run = cli("export-questionnaire", "-o", str(path))
    assert run.exit_code == 0
    form = json.loads(path.read_text())
    validate(form)
    assert form["resourceType"] == "Questionnaire"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(cli("export-questionnaire").output) == form


def test_dash_means_standard_output_for_every_output_option(filled, tmp_path, monkeypatch):
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    form = cli("export-questionnaire", "-o", "-")
    assert form.exit_code == 0
    assert json.loads(form.stdout)["resourceType"] == "Questionnaire"
    report = cli("history", "export", "1", "--format", "json", "-o", "-")
    assert report.exit_code == 0
    assert json.loads(report.stdout)["screening"]["reference"] == "P-1"
    assert list(here.iterdir()) == [], "no file named '-' (or any other) is written"


# --- a real process, killed with SIGKILL mid-walk ---------------------------------------


def run_plain_process(text: str, *args: str) -> subprocess.CompletedProcess:
    """`decisionaid run --plain ARGS` in a real process, with `text` typed in."""
    return subprocess.run(
        [sys.executable, "-m", "decisionaid", "run", "--plain", *args],
        input=text,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


def run_plain_here(text: str, *args: str) -> subprocess.CompletedProcess:
    """The same command in this process, where a real process is not what is tested."""
    done = CliRunner().invoke(main, ["run", "--plain", *args], input=text)
    if done.exception is not None and not isinstance(done.exception, SystemExit):
        raise done.exception
    return subprocess.CompletedProcess(args, done.exit_code, done.stdout, done.stderr)


def start_plain(*args):
    return subprocess.Popen(
        [sys.executable, "-m", "decisionaid", "run", "--plain", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )


def wait_for_answers(count: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            with Store.open() as store:
                found = store.list(unfinished_only=True)
                if found and found[0].answer_count >= count:
                    return
        except Exception as exc:  # not there yet, or busy: try again
            last = exc
        time.sleep(0.05)
    raise AssertionError(f"{count} answers were never saved (last: {last!r})")


def kill_after(flow, answers, count, *args):
    """Type `count` answers into a real process, then kill -9 it."""
    lines = typed(flow, answers).splitlines()[:count]
    process = start_plain(*args)
    process.stdin.write("\n".join(lines) + "\n")
    process.stdin.flush()
    wait_for_answers(count)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(10)
    process.stdin.close()
    process.stdout.close()
    process.stderr.close()
    return lines


@pytest.mark.parametrize("count", [1, 5, 17])
def test_killed_mid_walk_resumes_at_the_same_question(migraine, count):
    kill_after(migraine, BASE, count, "--mode", "intake", "--reference", "P-4", "--clinician", "K")
    session = Session(migraine)
    session.fill(BASE)
    walk = Session(migraine)
    for _ in range(count):
        walk.answer(BASE[walk.current_id])
    expected = walk.current
    rest = typed(migraine, BASE).splitlines()[count:]
    run = run_plain_here("y\n" + "\n".join(rest) + "\n")
    assert run.returncode == 0, run.stdout + run.stderr
    after = run.stdout.split("Resume it? (y/n) ", 1)[1]
    assert f"{count} answer" in run.stdout.split("Resume it?")[0]
    lines = after.strip().splitlines()
    first_question = lines[
        next(i for i, line in enumerate(lines) if line.startswith("Question")) + 1
    ]
    assert first_question == text_of(expected, intake=True)  # the run is an intake
    with Store.open() as store:
        (saved,) = store.list()
        assert saved.finished and saved.reference == "P-4" and saved.clinician == "K"
        assert store.get(saved.id).answer_values() == session.answers()


def test_a_therapists_day(migraine, tmp_path):
    cases = vignettes()[:4]
    for number, case in enumerate(cases[:3], start=1):
        run = run_plain_here(
            typed(migraine, case["answers"]),
            "--mode",
            "intake",
            "--reference",
            f"P-{number}",
            "--clinician",
            "AK",
        )
        assert run.returncode == 0, run.stderr
    # The fourth: the terminal is closed mid-walk.
    kill_after(migraine, cases[3]["answers"], 3, "--mode", "intake", "--reference", "P-4")
    rest = typed(migraine, cases[3]["answers"]).splitlines()[3:]
    run = run_plain_here("y\n" + "\n".join(rest) + "\n")
    assert run.returncode == 0, run.stderr
    listing = cli("history").output
    assert "unfinished" not in listing and all(f"P-{n}" in listing for n in range(1, 5))
    out = tmp_path / "reports"
    out.mkdir()
    for fmt in ("html", "fhir"):
        assert (
            cli("history", "export", "1", "2", "3", "4", "--format", fmt, "-o", str(out)).exit_code
            == 0
        )
    form = json.loads(cli("export-questionnaire").output)
    for number, case in enumerate(cases, start=1):
        html = (out / f"screening-{number}.html").read_text()
        assert f"P-{number}" in html
        resource = json.loads((out / f"screening-{number}.fhir.json").read_text())
        validate(resource)
        assert pair_problems(form, resource) == []
        assert resource["status"] == "completed"
        expected = case["expect"].get("recommendation")
        with Store.open() as store:
            assert store.get(number).recommendation == expected


# --- text people typed, and where exports may go -----------------------------------------

HOSTILE_REFERENCE = "P-9\n10  2026-01-01  intake  FORGED\x1b[2J\x1b]0;owned\x07"


@pytest.fixture
def hostile(migraine, private_data_dir):
    """One screening whose reference and clinician hold a line break and escape sequences."""
    with Store.open() as store:
        session = Session(migraine)
        recorder = Recorder(
            store, session, mode="intake", reference=HOSTILE_REFERENCE, clinician="Dr\x9b31mX"
        )
        recorder.save()
        session.fill(BASE)
    return private_data_dir


def test_typed_text_cannot_forge_a_row_or_reach_the_terminal(hostile):
    listing = cli("history").output
    assert len(listing.splitlines()) == 2  # the header and one row
    assert "\x1b" not in listing and "\x07" not in listing
    assert "P-9 10" in listing and "\\x1b[2J" in listing
    shown = cli("history", "show", "1").output
    assert not any(c in shown for c in "\x1b\x07\x9b")
    assert "\\x1b" in shown and "owned\\x07" in shown and "Dr\\x9b31mX" in shown
    assert not any(line.startswith("10  2026") for line in shown.splitlines())


def test_a_screening_named_twice_is_written_once(filled, tmp_path):
    """It was written twice (screening-1.html and screening-1-2.html), the second copy an
    extra file of health data nobody asked for."""
    out = tmp_path / "reports"
    out.mkdir()
    run = cli("history", "export", "2", "1", "2", "-o", str(out))
    assert run.exit_code == 0, run.output
    assert "1 screening named more than once (#2): each is written once" in run.output
    assert sorted(p.name for p in out.iterdir()) == ["screening-1.html", "screening-2.html"]
    assert cli("history", "audit", "2").output.count("export") == 1
    run = cli("history", "export", "3", "3", "-o", "-", "--format", "json")
    assert run.exit_code == 0 and json.loads(run.stdout)["screening"]["id"] == 3


@pytest.mark.parametrize(
    ("args", "where"),
    [
        (("history", "export", "1"), "a file, a folder, or -"),
        (("export-questionnaire",), "a file, or -"),
    ],
)
@pytest.mark.parametrize("empty", ["", " "])
def test_an_empty_output_is_refused(filled, tmp_path, monkeypatch, args, where, empty):
    """`-o ''` wrote into the current folder, a place nobody named."""
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    run = cli(*args, "-o", empty)
    assert run.exit_code == 2
    assert f"'--output' / '-o': is empty: give {where} for standard output" in run.output
    assert list(here.iterdir()) == []


def test_export_into_a_missing_folder_says_so(filled, tmp_path):
    run = cli("history", "export", "1", "-o", str(tmp_path / "nowhere" / "r.html"))
    assert run.exit_code == 2
    assert f"there is no folder {tmp_path / 'nowhere'}" in run.output
    assert "Traceback" not in run.output


def test_an_existing_file_is_replaced_only_when_agreed(filled, tmp_path):
    target = tmp_path / "r.html"
    target.write_text("keep me")
    for args in (("history", "export", "1"), ("export-questionnaire",)):
        run = cli(*args, "-o", str(target))  # no terminal to ask: left alone
        assert run.exit_code == 2 and "already exists" in run.output and "--force" in run.output
        assert target.read_text() == "keep me"
    assert cli("history", "export", "1", "-o", str(target), "--force").exit_code == 0
    assert "<!DOCTYPE html>" in target.read_text()
    assert cli("export-questionnaire", "-o", str(target), "--force").exit_code == 0
    assert '"resourceType": "Questionnaire"' in target.read_text()


def test_an_export_onto_a_link_is_refused(filled, tmp_path):
    victim = tmp_path / "victim"
    victim.write_text("precious")
    link = tmp_path / "r.html"
    link.symlink_to(victim)
    run = cli("history", "export", "1", "-o", str(link), "--force")
    assert run.exit_code == 2 and "symbolic link" in run.output
    assert victim.read_text() == "precious"


@pytest.mark.long(4)
def test_an_existing_file_is_replaced_when_the_person_says_so(filled, tmp_path):
    """At a real terminal the question is asked, and the answer is honoured."""
    import pty

    target = tmp_path / "q.json"
    target.write_text("keep me")
    for answer, replaced in (("n", False), ("y", True)):
        leader, follower = pty.openpty()
        proc = subprocess.Popen(
            [sys.executable, "-m", "decisionaid", "export-questionnaire", "-o", str(target)],
            stdin=follower,
            stdout=follower,
            stderr=follower,
            cwd=ROOT,
        )
        os.close(follower)
        seen = b""
        deadline = time.monotonic() + 60
        while b"Replace it?" not in seen and time.monotonic() < deadline:
            try:
                seen += os.read(leader, 1024)
            except OSError:
                break
        os.write(leader, f"{answer}\n".encode())
        assert proc.wait(timeout=60) == (0 if replaced else 2), seen
        os.close(leader)
        assert ("Questionnaire" in target.read_text()) is replaced


def test_a_search_or_clinician_that_is_not_utf8_is_a_message(filled):
    """Bytes that were not UTF-8 on the command line (a Latin-1 terminal): a traceback
    before; now exit 2, and nothing is written to the audit trail."""
    found = cli("history", "--search", "M\udcfcller")
    assert found.exit_code == 2 and "text that is not UTF-8" in found.output
    shown = cli("history", "show", "1", "--clinician", "b\udcfe")
    assert shown.exit_code == 2 and "cannot be stored or searched for" in shown.output
    assert "Traceback" not in found.output + shown.output
