"""The interface with a store: consent, intake details, resume, history, saved reports."""

from __future__ import annotations

import sqlite3
import stat

import pytest
from textual import events
from textual.widgets import DataTable, Input, Static

from decisionaid.engine import Session
from decisionaid.screenings.recording import Recorder
from decisionaid.screenings.store import Store
from decisionaid.screenings.summary import HEADERS
from decisionaid.tui.app import make_app
from decisionaid.tui.screens.history import HistoryScreen, SavedScreen
from decisionaid.tui.screens.intake import IntakeScreen
from decisionaid.tui.screens.modals import ConfirmScreen
from decisionaid.tui.screens.outcome import ResultScreen
from decisionaid.tui.screens.question import QuestionScreen
from decisionaid.tui.screens.welcome import WelcomeScreen
from tests.trees.test_migraine import BASE
from tests.tui.keys import keys_for


@pytest.fixture
def store():
    with Store.open() as opened:
        yield opened


async def answer_all(pilot, answers, stop_at=None):
    app = pilot.app
    while isinstance(app.screen, QuestionScreen) and app.session.current_id != stop_at:
        await pilot.press(*keys_for(app.session.current, answers[app.session.current_id]))
        await pilot.pause()


async def test_a_self_assessment_saves_only_with_consent(migraine, store):
    """One app, two self-assessments: without consent nothing is saved; with it (K), every
    answer is."""
    app = make_app(migraine, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await answer_all(pilot, BASE, stop_at="age")
        assert not app.saving
        assert store.list() == []
        await pilot.press("ctrl+n", "y")  # start again
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert store.list() == []

        await pilot.press("k", "1")
        await pilot.pause()
        await answer_all(pilot, BASE, stop_at="age")
        (saved,) = store.list()
        assert saved.mode == "self" and saved.current == "age" and saved.answer_count == 2


def finish(app, answers) -> None:
    """Answer the rest through the session, as pre-filled answers are (the two keyboard walks
    in test_app.py type every answer), and show where it ends."""
    app.session.fill(answers)
    app.show_current()


async def test_intake_asks_details_then_saves(migraine, store):
    app = make_app(migraine, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, IntakeScreen)
        await pilot.press(*"P-12", "enter", *"AK", "enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        await answer_all(pilot, BASE, stop_at="age")
        (saved,) = store.list()
        assert (saved.reference, saved.clinician, saved.answer_count) == ("P-12", "AK", 2)
        finish(app, BASE)
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
    (saved,) = store.list()
    assert (saved.reference, saved.clinician, saved.finished) == ("P-12", "AK", True)


async def test_quitting_a_saved_walk_and_resuming_it(migraine, store):
    app = make_app(migraine, store=store, reference="P-3")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await answer_all(pilot, BASE, stop_at="age")
        app.session.fill(BASE, stop_at="headache_days")
        app.show_current()
        await pilot.pause()
        assert app.screen.node.id == "headache_days"
        await pilot.press("ctrl+q")  # no "answers will be lost" question: they are kept
        await pilot.pause()
    assert app.return_code == 0
    again = make_app(migraine, store=store)
    async with again.run_test(size=(80, 24)) as pilot:
        assert "Unfinished screening" in str(again.screen.query_one("#unfinished").render())
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(again.screen, QuestionScreen)
        assert again.session.current_id == "headache_days"
        assert again.intake
        await answer_all(pilot, BASE, stop_at="simple_painkiller_days")  # typed, and saved
        finish(again, BASE)
        await pilot.pause()
        assert isinstance(again.screen, ResultScreen)
    (saved,) = store.list()
    assert saved.finished and saved.reference == "P-3"
    assert store.get(saved.id).answer_values() == again.session.answers()


@pytest.mark.parametrize("reference", ["P-0042", "Mrs A. Konstantinopoulou-Wetherington, ward 7B"])
async def test_an_80_column_history_shows_who_how_urgent_and_whether_finished(
    migraine, store, reference
):
    """Before: the list's last columns, urgency and status, were past the right edge of an
    80-column terminal (and a long reference pushed them further); a clinician saw an
    emergency listed without its urgency. A long reference is drawn cut, ending in "…"."""
    session = Session(migraine)
    Recorder(store, session, mode="intake", reference=reference, clinician="A. Jones")
    session.fill({**BASE, "emergency_signs": ["thunderclap"]})
    app = make_app(migraine, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        row = dict(zip(HEADERS, map(str, table.get_row_at(0)), strict=True))
        assert (row["reference"], row["urgency"], row["status"]) == (
            reference,
            "emergency",
            "finished",
        )
        columns = list(table.columns.values())
        shown = sum(c.get_render_width(table) for c in columns[: HEADERS.index("status") + 1])
        assert shown <= table.scrollable_content_region.width
        lines = [table.render_line(y).text for y in range(2)]
        assert "emergency" in lines[1] and "finished" in lines[1]
        assert (reference in lines[1]) is (len(reference) <= 18)
        assert len(reference) <= 18 or "…" in lines[1]


async def test_history_search_and_open(migraine, store):
    for reference, answers in (("P-1", BASE), ("Q-2", {"emergency_signs": []})):
        session = Session(migraine)
        Recorder(store, session, mode="intake", reference=reference)
        session.fill(answers)
    app = make_app(migraine, store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 2
        await pilot.press(*"P-1")  # typed on the list: it goes to the search box
        await pilot.pause()
        assert app.screen.query_one(Input).value == "P-1"
        assert table.row_count == 1
        await pilot.press("enter")  # the only match opens
        await pilot.pause()
        assert isinstance(app.screen, SavedScreen)
        assert app.screen.screening.reference == "P-1"
        await pilot.press("escape", "ctrl+f")
        await pilot.pause()
        search = app.screen.query_one(Input)
        search.value = "Q-2"
        await pilot.pause()
        await pilot.press("enter")  # an unfinished one is resumed
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.session.current_id == "head_injury"
    audit = [(e.screening_id, e.action) for e in store.audit()]
    assert audit[2:] == [(1, "viewed"), (2, "resumed")]  # after the two "created"


async def test_save_report_with_one_key(migraine, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(migraine, prefill=BASE)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResultScreen)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("s")  # a second copy never replaces the first
        await pilot.pause()
    first, second = sorted(tmp_path.glob("decisionaid-report-*.html"), key=lambda p: len(p.name))
    assert second.name == first.name.replace(".html", "-2.html")
    assert "Dry needling may suit you" in first.read_text()
    assert "Not saved on this computer" in first.read_text()
    assert stat.S_IMODE(first.stat().st_mode) == 0o600


async def test_a_saved_screenings_report_is_named_after_it(migraine, store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(migraine, prefill=BASE, store=store, mode="intake", reference="P-5")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
    assert "P-5" in (tmp_path / "screening-1.html").read_text()
    exported = store.audit(1)[-1]
    assert exported.action == "exported"
    assert exported.detail == f"html to {tmp_path / 'screening-1.html'}"


async def test_a_damaged_screening_is_listed_and_opening_it_says_so(migraine, store):
    for reference in ("P-1", "P-2"):
        session = Session(migraine)
        Recorder(store, session, mode="intake", reference=reference).save()
    with sqlite3.connect(store.path) as db:
        db.execute("UPDATE screenings SET started_at = 'soon' WHERE id = 1")
    db.close()
    app = make_app(migraine, store=store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert "damaged: started_at is not a time" in [str(c) for c in table.get_row_at(1)]
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert "#1 is damaged" in str(list(app._notifications)[-1].message)
        await pilot.press("up", "delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert table.row_count == 1
    assert store.audit(2)[-1].action == "deleted"


async def test_a_store_problem_is_shown_and_the_walk_goes_on(migraine):
    app = make_app(migraine, store_problem="screenings.sqlite3: damaged")
    async with app.run_test(size=(80, 24)) as pilot:
        assert "Saving is off" in str(app.screen.query_one("#store-problem").render())
        await pilot.press("1")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)


# --- every intake names its patient --------------------------------------------------------


def drawn(screen, width: int) -> str:
    """Every text on a screen as a terminal of `width` would draw it, top to bottom."""
    import io

    from rich.console import Console
    from textual.content import Content

    console = Console(width=width, file=io.StringIO(), record=True, color_system=None)
    for static in screen.query(Static):
        shown = static.content
        console.print(str(shown) if isinstance(shown, str | Content) else shown)
    return console.export_text()


def typed_at_once(app, text: str) -> None:
    """Keys straight into the app's queue, as a terminal delivers fast typing: no pauses."""
    for char in text:
        key = {"\n": "enter", "-": "minus", " ": "space"}.get(char, char)
        app.post_message(events.Key(key, None if char == "\n" else char))


async def test_keys_typed_as_the_intake_form_appears_are_all_kept(migraine, store):
    """Before: keys typed straight after choosing intake reached the form before its field
    had focus, and were lost."""
    for number in range(3):
        app = make_app(migraine, store=store)
        async with app.run_test(size=(80, 24)) as pilot:
            typed_at_once(app, f"2P-{number}1\nAK\n")
            for _ in range(3):
                await pilot.pause()
            assert isinstance(app.screen, QuestionScreen), number
            assert (app.reference, app.clinician) == (f"P-{number}1", "AK")
            await pilot.press("0", "enter")
            await pilot.pause()
    assert sorted(s.reference for s in store.list()) == ["P-01", "P-11", "P-21"]


@pytest.mark.long(4)
async def test_a_new_intake_typed_ahead_from_a_result_names_its_patient(migraine, store):
    """From a result, N (new screening), 2 (intake) and the reference typed in one go: the
    keys reach the screen they were meant for, though each came before it was shown."""
    app = make_app(migraine, store=store, mode="intake", reference="P-1", clinician="AK")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2", "1", "enter")  # thunderclap: the emergency screen
        await pilot.pause()
        typed_at_once(app, "n2P-2\nBT\n")  # another clinician: typed over the last one
        for _ in range(4):
            await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert (app.reference, app.clinician) == ("P-2", "BT")
        await pilot.press("1", "enter")
        await pilot.pause()
        typed_at_once(app, "n2P-3\n\n")  # the same clinician: Enter keeps the name
        for _ in range(4):
            await pilot.pause()
        assert (app.reference, app.clinician) == ("P-3", "BT")
        await pilot.press("1", "enter")
        await pilot.pause()
    saved = [(s.reference, s.clinician) for s in store.list()]
    assert saved == [("P-3", "BT"), ("P-2", "BT"), ("P-1", "AK")]


async def test_a_pasted_reference_of_several_lines_is_refused_whole(migraine, store):
    """Pasting two lines into the reference pastes nothing and says why (the field would
    otherwise keep the first line and drop the rest); one copied line, with its line break,
    is pasted as it is."""
    app = make_app(migraine, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        field = app.screen.query_one("#reference", Input)
        field.post_message(events.Paste("P-1\nnote: second line"))
        await pilot.pause()
        assert field.value == ""
        message = str(app.screen.query_one("#intake-message").render())
        assert message.startswith("What was pasted has 2 lines; a reference or name is one line")
        field.post_message(events.Paste("P-1 Smith\r\n"))
        await pilot.pause()
        assert field.value == "P-1 Smith"


async def test_the_intake_form_cancelled_refusing_control_characters_and_empty(migraine, store):
    """One app, the intake form three times: cancelled, it leaves the welcome screen; a
    reference with control characters is refused; an empty reference is asked about first."""
    app = make_app(migraine, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        # Cancelled intake details stay on the welcome screen.
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)

        # Control characters in a reference are refused.
        await pilot.press("2")
        await pilot.pause()
        app.screen.query_one("#reference", Input).value = "P-1\x1b[2J"
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, IntakeScreen)
        message = str(app.screen.query_one("#intake-message").render())
        assert message.startswith("A patient reference cannot contain an escape code")
        # So is one too long to be a reference, kept as typed to be shortened.
        app.screen.query_one("#reference", Input).value = "P" * 101
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert isinstance(app.screen, IntakeScreen)
        message = str(app.screen.query_one("#intake-message").render())
        assert message.startswith("A patient reference can be at most 100 characters long")
        assert app.screen.query_one("#reference", Input).value == "P" * 101
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)

        # An empty reference is asked about first.
        await pilot.press("2")
        await pilot.pause()
        assert app.screen.query_one("#reference", Input).value == ""  # a new form
        await pilot.press("enter", "enter")  # nothing typed
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Start without a patient reference?" in str(
            app.screen.query_one("#confirm-text").render()
        )
        await pilot.press("n")  # back to the form, to type one
        await pilot.pause()
        assert isinstance(app.screen, IntakeScreen)
        assert app.screen.focused.id == "reference"
        await pilot.press("enter", "enter", "y")
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert app.reference == ""


async def test_a_reference_from_the_command_line_with_control_characters_is_asked_again(
    migraine, store
):
    app = make_app(migraine, store=store, reference="P\n1")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, IntakeScreen)


# --- the history screen --------------------------------------------------------------------


def saved(flow, store, reference, answers, clinician=""):
    session = Session(flow)
    Recorder(store, session, mode="intake", reference=reference, clinician=clinician)
    session.fill(answers)


async def test_history_shows_clinician_add_on_and_brackets_as_text(migraine, store):
    """Before: a reference such as "Smith [/] 2024" crashed the History screen."""
    saved(migraine, store, "Smith [/] 2024", BASE, clinician="[b]AK")
    blood_thinners = {**BASE, "bleeding_circulation": ["blood_thinners"], "headache_days": 16}
    saved(migraine, store, "P-2", blood_thinners)
    app = make_app(migraine, store=store)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        headers = [str(c.label) for c in table.columns.values()]
        assert "Clinician" in headers
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        by_reference = {row[headers.index("Reference")]: row for row in rows}
        assert by_reference["Smith [/] 2024"][headers.index("Clinician")] == "[b]AK"
        recommendation = by_reference["P-2"][headers.index("Recommendation")]
        assert recommendation.startswith("doctor + ")
        await pilot.press(*"Smith", "enter")  # opened too: its words shown as written
        await pilot.pause()
        assert isinstance(app.screen, SavedScreen)
        words = drawn(app.screen, width=116)
        assert "Smith [/] 2024" in words and "[b]AK" in words


async def test_history_store_calls_are_guarded(migraine, monkeypatch):
    """A database locked by another program while the list is open: opening and deleting
    say so, and the screen stays."""
    from decisionaid.screenings import sqlite as sqlite_backend

    monkeypatch.setattr(sqlite_backend, "BUSY_TIMEOUT_MS", 50)  # a short wait for the lock
    store = Store.open()
    saved(migraine, store, "P-1", BASE)
    app = make_app(migraine, store=store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("h")
        await pilot.pause()
        holder = sqlite3.connect(store.path)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            await pilot.press("enter")  # open
            await pilot.pause()
            assert isinstance(app.screen, HistoryScreen)
            await pilot.press("delete", "y")
            await pilot.pause()
            assert isinstance(app.screen, HistoryScreen)
            told = " ".join(n.message for n in app._notifications)
            assert told.count("cannot be used right now") >= 2
        finally:
            holder.rollback()
            holder.close()
    assert [s.reference for s in store.list()] == ["P-1"]
    store.close()


async def test_an_opened_record_has_a_question_column_wide_enough_to_read(migraine, store):
    """Before: the question column took what the answers left, one or two words a line."""
    saved(migraine, store, "P-1", BASE)
    app = make_app(migraine, store=store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("h", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SavedScreen)
        lines = drawn(app.screen, width=76).splitlines()
    question = store.get(1).answers[0].question_text  # as it was asked
    assert len(question) > 60
    assert any(question in line for line in lines)  # on one line, not a narrow column
