"""Line-by-line mode: same questions, same checks, same result as `assess`."""

from __future__ import annotations

import io
import json
import subprocess
import sys

from decisionaid.cli.plain import run_plain
from decisionaid.engine import Session
from tests.conftest import ROOT
from tests.trees.test_migraine import BASE


def typed(flow, answers) -> str:
    """The lines a person would type for a complete answer set."""
    session = Session(flow)
    lines = []
    while not session.finished:
        question = session.current
        value = answers[question.id]
        if question.type == "boolean":
            lines.append("y" if value else "n")
        elif question.type == "single":
            lines.append(str(question.option_values.index(value) + 1))
        elif question.type == "multi":
            lines.append(" ".join(str(question.option_values.index(v) + 1) for v in value) or "0")
        else:
            lines.append(str(value))
        session.answer(value)
    return "\n".join(lines) + "\n"


def test_a_whole_walk(migraine):
    out = io.StringIO()
    code = run_plain(migraine, {}, "self", io.StringIO(typed(migraine, BASE)), out)
    assert code == 0
    assert "DRY NEEDLING MAY SUIT YOU; MASSAGE IS AN ALTERNATIVE" in out.getvalue()


def test_bad_input_is_explained_and_asked_again(migraine):
    lines = "\n".join(["", "9", "0", "1", "forty", "130", "40", "quit"]) + "\n"
    out = io.StringIO()
    code = run_plain(migraine, {}, "self", io.StringIO(lines), out)
    text = out.getvalue()
    assert code == 1
    assert "Type the numbers that apply, or 0 for none of these." in text
    assert "Not accepted: question 'emergency_signs': '9' is not an option" in text
    assert "Not accepted: question 'age': expected a whole number, got 'forty'" in text
    assert "130 is out of range" in text
    assert "Stopped. Nothing was decided." in text


def test_back_and_help(migraine):
    out = io.StringIO()
    run_plain(migraine, {}, "intake", io.StringIO("help\n0\nback\n"), out)
    text = out.getvalue()
    assert "(Acute red flags (SNNOOP10, NICE CG150))" in text
    assert "stroke" in text  # the help text
    assert text.count(migraine.tree.nodes["emergency_signs"].text) == 3


def test_input_ending_early(migraine):
    out = io.StringIO()
    assert run_plain(migraine, {}, "self", io.StringIO("0\n"), out) == 1
    assert "Input ended before a result" in out.getvalue()


def test_piped_run_uses_plain_mode_and_matches_assess(migraine, tmp_path):
    answers = {**BASE, "bleeding_circulation": ["blood_thinners"]}
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers))
    run = subprocess.run(
        [sys.executable, "-m", "decisionaid", "run", "--no-save"],
        input=typed(migraine, answers),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assessed = subprocess.run(
        [sys.executable, "-m", "decisionaid", "assess", "--answers", str(path), "--format", "text"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert assessed.stdout.strip() in run.stdout


def test_prefilled_answers_skip_to_the_gap(migraine, tmp_path):
    path = tmp_path / "partial.yaml"
    partial = {k: v for k, v in BASE.items() if k != "general_health"}
    path.write_text(json.dumps(partial))
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "decisionaid",
            "run",
            "--plain",
            "--no-save",
            "--answers",
            str(path),
        ],
        input="0\n0\n",  # none of the general-health items; nothing in particular matters
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert run.returncode == 0
    # Only the general-health checklist (and what matters) is asked: each has its own text.
    assert run.stdout.count("Do you have any of these other health conditions?") == 1
    assert "Do you have any of these problems with your blood or circulation?" not in run.stdout


# --- saving ------------------------------------------------------------------------------


def saving_run(migraine, text, mode="self", **kwargs):
    from decisionaid.cli.plain import Saving
    from decisionaid.screenings.store import Store

    store = Store.open()
    out = io.StringIO()
    code = run_plain(migraine, {}, mode, io.StringIO(text), out, saving=Saving(store, **kwargs))
    return code, out.getvalue(), store


def test_self_assessment_is_kept_only_with_consent(migraine):
    code, text, store = saving_run(migraine, "n\n" + typed(migraine, BASE))
    assert code == 0 and "Keep this screening on this computer" in text
    assert store.list() == []
    code, text, store = saving_run(migraine, "y\n" + typed(migraine, BASE))
    assert code == 0 and "Saved as screening #1" in text
    assert store.get(1).finished


def test_intake_asks_for_reference_and_clinician(migraine):
    code, text, store = saving_run(migraine, "P-9\nDr Q\n" + typed(migraine, BASE), "intake")
    assert code == 0 and "Patient reference" in text
    saved = store.get(1)
    assert (saved.mode, saved.reference, saved.clinician) == ("intake", "P-9", "Dr Q")


def test_stopping_early_says_the_answers_are_kept(migraine):
    code, text, store = saving_run(migraine, "0\nquit\n", consent=True)
    assert code == 1
    assert "kept as screening #1" in text
    assert store.get(1).answer_count == 1


def test_declining_to_resume_starts_a_new_screening(migraine):
    saving_run(migraine, "0\n", consent=True)
    code, text, store = saving_run(migraine, "n\n" + typed(migraine, BASE), consent=True)
    assert code == 0 and "Resume it?" in text
    assert [s.finished for s in store.list()] == [True, False]
