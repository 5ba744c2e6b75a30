"""Line-by-line mode: same questions, same checks, same result as `assess`."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys

import pytest
import yaml

from decisionaid.asking import text_of
from decisionaid.cli.plain import run_plain
from decisionaid.engine import Session
from decisionaid.errors import TreeError
from tests.conftest import ROOT
from tests.trees.test_migraine import BASE


def flat(text: str) -> str:
    """The words of a text with its line breaks as spaces (lines are wrapped to fit)."""
    return " ".join(text.split())


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


def test_bad_input_is_said_as_a_person_would(migraine):
    """Before: "question 'emergency_signs': '9' is not an option (allowed: a list of any
    of: thunderclap, …)"."""
    lines = ["", "9", "0 1", "0", "1", "forty", "2.5", "5-6", "130", "40", "quit"]
    out = io.StringIO()
    code = run_plain(migraine, {}, "self", io.StringIO("\n".join(lines) + "\n"), out)
    text = flat(out.getvalue())
    assert code == 1
    checklist = (
        "Type the numbers of the ones that apply, 1 to 5, separated by spaces, or 0 for none."
    )
    assert f"Not accepted. {checklist}" in text  # the empty line
    assert f"Not accepted. There is no answer “9” here. {checklist}" in text
    assert "Not accepted. 0 means none of these, so it goes on its own." in text
    assert "Not accepted. “forty” is not a number. Type a whole number from 0 to 120 years." in text
    assert "Not accepted. “2.5” is not a whole number." in text
    assert "Not accepted. “5-6” is a range." in text
    assert "Not accepted. 130 is more than 120." in text
    assert "question '" not in text and "allowed:" not in text
    assert "Stopped. Nothing was decided." in text


def test_it_says_where_the_person_is_and_what_was_recorded(migraine):
    out = io.StringIO()
    run_plain(migraine, {}, "self", io.StringIO("0\n1\nquit\n"), out)
    text = out.getvalue()
    assert "Section: Warning signs\n\nQuestion 1 of about 32:" in text
    assert "Recorded: None of these." in text
    assert "Question 2 of about 32:" in text
    assert "Recorded: No, or the blow was more than 3 months ago." in text


def test_a_cross_answer_check_speaks_in_the_trees_words(migraine):
    prefill = {k: BASE[k] for k in ("emergency_signs", "head_injury", "age", "urgent_signs")}
    prefill["pregnancy"] = BASE["pregnancy"]
    out = io.StringIO()
    run_plain(migraine, prefill, "self", io.StringIO("45\nquit\n"), out)
    said = "Not accepted. The age when the headaches started cannot be more than your age now."
    assert f"{said} > " in flat(out.getvalue())


@pytest.mark.parametrize(
    "line",
    ["²", "٣", "9" * 5000, "-" + "9" * 5000, "1" * 5000 + ".5"],
    ids=["superscript", "arabic-indic", "5000 digits", "-5000 digits", "5000 digits.5"],
)
def test_strange_digits_and_huge_numbers_get_a_message_not_a_crash(migraine, line):
    """Before: "²".isdigit() is true but int("²") fails, and int() of 5,000 digits raises."""
    to_age = {k: BASE[k] for k in ("emergency_signs", "head_injury")}
    for prefill in ({}, {"emergency_signs": []}, to_age):
        out = io.StringIO()
        code = run_plain(migraine, prefill, "self", io.StringIO(f"{line}\nquit\n"), out)
        assert code == 1
        assert "Not accepted." in out.getvalue()
        assert "9" * 100 not in out.getvalue() and "1" * 100 not in out.getvalue()  # not echoed


def test_a_line_longer_than_any_answer_is_not_kept_and_asked_again(migraine):
    out = io.StringIO()
    text = "x" * 20_000 + "\n" + typed(migraine, BASE)
    assert run_plain(migraine, {}, "self", io.StringIO(text), out) == 0
    said = out.getvalue()
    assert "That line is 20,000 characters long; an answer takes far fewer" in said
    assert "Suggested for you" in said  # and the walk went on


def test_a_line_without_end_ends_the_input_without_filling_memory():
    """/dev/zero as input: one line that never ends. Before, it was read whole, until the
    process ran out of memory (1.5 GB in two seconds)."""
    from decisionaid.cli.plain import ENDLESS, Conversation

    out = io.StringIO()
    with open("/dev/zero", encoding="utf-8") as zeros:
        assert Conversation(zeros, out).line("> ") is None
    assert "That line has no end in " in out.getvalue()
    assert int(out.getvalue().split("no end in ")[1].split()[0].replace(",", "")) > ENDLESS


def test_back_and_help(migraine):
    out = io.StringIO()
    run_plain(migraine, {}, "intake", io.StringIO("help\n0\nback\n"), out)
    text = out.getvalue()
    assert "(Acute red flags (SNNOOP10, NICE CG150))" in text
    assert "Why we ask:" in text and "stroke" in text  # the help text
    # Asked once, then again after going back (help does not read the question out again).
    asked = text_of(migraine.tree.nodes["emergency_signs"], intake=True)
    assert text.count(asked) == 2


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
    # The same explanation, word for word, but for the minute each process read the clock
    # (the two may straddle a minute's turn).
    assert _timeless(assessed.stdout.strip()) in _timeless(run.stdout)


def _timeless(text: str) -> str:
    return re.sub(r"^(Started|Finished): .*$", r"\1: (a time)", text, flags=re.MULTILINE)


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


def test_plain_mode_says_where_the_answers_go_before_asking_to_keep_them(migraine):
    """As the welcome screen does in every mode (it never did in plain mode)."""
    out = io.StringIO()
    run_plain(migraine, {}, "self", io.StringIO("quit\n"), out)
    assert "Nothing leaves this computer, and nothing is saved." in out.getvalue()
    _, text, _ = saving_run(migraine, "n\nquit\n")
    text = flat(text)
    said = "Nothing leaves this computer. If you keep your answers, only your user account here"
    assert said in text
    assert text.index(said) < text.index("Keep this screening on this computer")


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


def test_quitting_before_the_first_answer_leaves_nothing_behind(migraine):
    """Before: plain mode created the screening before the first question."""
    code, text, store = saving_run(migraine, "P-1\n\nquit\n", "intake")
    assert code == 1 and "kept as screening" not in text
    assert store.list() == []
    code, text, store = saving_run(migraine, "", consent=True)  # input ends at once
    assert store.list() == []


def test_an_empty_reference_is_asked_about_first(migraine):
    _, text, store = saving_run(migraine, "\nn\nP-4\n\n0\nquit\n", "intake")
    assert "Start without a patient reference?" in text
    assert store.list()[0].reference == "P-4"
    _, text, store = saving_run(migraine, "n\n\ny\n\n0\nquit\n", "intake")  # not resumed
    assert [s.reference for s in store.list()] == ["", "P-4"]


def test_control_characters_in_a_reference_are_refused(migraine):
    _, text, store = saving_run(migraine, "P-1\x1b[2J\nP-1\nA\tK\nAK\n0\nquit\n", "intake")
    assert "A patient reference cannot contain an escape code." in text
    assert "The clinician's name cannot contain a tab." in text
    (saved,) = store.list()
    assert (saved.reference, saved.clinician) == ("P-1", "AK")


def test_only_a_screening_of_the_chosen_mode_is_offered(migraine):
    saving_run(migraine, "P-1\n\n0\nquit\n", "intake")  # an unfinished intake
    _, text, _ = saving_run(migraine, "quit\n", "self", consent=True)
    assert "Resume it?" not in text
    _, text, _ = saving_run(migraine, "n\nquit\n", None, consent=True)
    assert "unfinished screening: #1, therapist intake for P-1" in text


def test_a_locked_store_is_a_message_and_the_walk_goes_on(migraine, monkeypatch):
    import sqlite3

    from decisionaid.screenings import sqlite as sqlite_backend

    monkeypatch.setattr(sqlite_backend, "BUSY_TIMEOUT_MS", 50)
    _, text, store = saving_run(migraine, "", "intake")
    holder = sqlite3.connect(store.path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        out = io.StringIO()
        from decisionaid.cli.plain import Saving

        run_plain(migraine, {}, "intake", io.StringIO("0\nquit\n"), out, saving=Saving(store))
    finally:
        holder.rollback()
        holder.close()
    text = out.getvalue()
    assert "Saving is off:" in text and "locked" in text
    assert "Recorded: None of these." in text


# A tree whose texts hold an escape sequence and intake wording.
STRANGE = """\
tree: strange
version: "1"
title: "Strange \\e[31mtree"
start: q
nodes:
  - id: q
    kind: question
    type: boolean
    text: "Is it red \\e[2J now?"
    help: "Plain help"
    intake:
      text: "Erythema present (per patient)?"
      help: "Clinical help"
    next: end
  - id: end
    kind: outcome
    recommendation: rest
    urgency: none
    title: Done
    text: Done.
"""


def unchecked(text: str):
    """A tree with control characters in its text. The loader refuses them (a located error:
    trees are authored), so it is built here without the loader, as a tree from elsewhere
    might be: plain mode must still show them as codes."""
    from decisionaid.graph import compile_tree
    from decisionaid.model import Tree, TreeFile

    main = TreeFile.model_validate(yaml.safe_load(text))
    nodes = {node.id: node for node in main.nodes}
    return compile_tree(Tree(main, nodes, dict(main.facts), dict(main.scores), {}))


def test_the_loader_refuses_control_characters_in_tree_text(compile_text):
    with pytest.raises(TreeError, match=r"control character \\x1b in text"):
        compile_text(STRANGE)


def test_tree_text_with_control_characters_is_shown_escaped():
    flow = unchecked(STRANGE)
    out = io.StringIO()
    run_plain(flow, {}, "self", io.StringIO("help\ny\n"), out)
    text = out.getvalue()
    assert "\x1b" not in text
    assert "Strange \\x1b[31mtree" in text and "Is it red \\x1b[2J now?" in text
    assert "Why we ask: Plain help" in text


def test_intake_mode_uses_the_trees_intake_wording():
    flow = unchecked(STRANGE)
    out = io.StringIO()
    run_plain(flow, {}, "intake", io.StringIO("help\ny\n"), out)
    text = out.getvalue()
    assert "Erythema present (per patient)?" in text and "Is it red" not in text
    assert "Why we ask: Clinical help" in text


def test_strange_lines_through_a_real_process(tmp_path):
    """The same lines typed into a real `decisionaid run`: messages, no traceback."""
    run = subprocess.run(
        [sys.executable, "-m", "decisionaid", "run", "--plain", "--no-save"],
        input="²\n٣\n" + "9" * 5000 + "\n0\n1\n" + "9" * 5000 + "\n²\nquit\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert run.stdout.count("Not accepted.") == 5
    assert "That number is far more than 120." in run.stdout


# --- lines that fit -------------------------------------------------------------------


@pytest.mark.parametrize("width", [78, 40, 20])
def test_every_line_fits_and_is_broken_only_between_words(migraine, width):
    """Before: questions, options and prompts went out as one line each, and a terminal
    narrower than the line cut words in two ("hit o / n the head")."""
    out = io.StringIO()
    assert (
        run_plain(migraine, {}, "self", io.StringIO(typed(migraine, BASE)), out, width=width) == 0
    )
    text = out.getvalue()
    for line in text.splitlines():
        line = line.removeprefix("> ")  # the prompt: on a terminal, what is typed ends it
        assert len(line) <= width or " " not in line.strip(), line  # only a word too long
    first = migraine.tree.nodes[migraine.tree.start]
    for said in [text_of(first, False), *(o.label for o in first.options)]:
        assert said in flat(text)  # every word kept, in order
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("  1. "))
    assert lines[start + 1].startswith("     ") and not lines[start + 1].startswith("      ")


def test_a_wrapped_prompt_keeps_the_space_typing_starts_after():
    from decisionaid.cli.plain import Conversation

    out = io.StringIO()
    talk = Conversation(io.StringIO("y\n"), out, width=20)
    assert talk.yes("Keep this screening on this computer?") is True
    assert out.getvalue() == "Keep this screening\non this computer?\n(y/n) "


def test_a_number_or_dash_stays_with_a_word_longer_than_the_line_and_prompts_fit():
    """Before: "  1." was left alone above a word too long for the line, and a prompt's
    last space went one past the width."""
    from decisionaid.cli.plain import Conversation

    out = io.StringIO()
    talk = Conversation(io.StringIO(""), out, width=30)
    long = "Supercalifragilisticexpialidocious" * 2
    talk.say(f"  1. {long} and more")
    talk.say(f"  - {long}")
    talk.write("Press Enter to continue, please. ")
    assert out.getvalue() == (
        f"  1. {long}\n     and more\n  - {long}\nPress Enter to continue,\nplease. "
    )
    for width in range(20, 40):
        out = io.StringIO()
        Conversation(io.StringIO(""), out, width=width).write("Press Enter to continue. ")
        assert all(len(line) <= width for line in out.getvalue().split("\n")), width


def test_the_width_follows_a_real_terminal_and_is_78_elsewhere(tmp_path):
    import fcntl
    import os
    import struct
    import termios

    from decisionaid.cli.plain import NARROWEST, width_of

    leader, follower = os.openpty()
    with open(follower, "w", encoding="utf-8") as terminal:
        for columns, expected in [(50, 49), (200, 78), (79, 78), (10, NARROWEST)]:
            size = struct.pack("HHHH", 24, columns, 0, 0)
            fcntl.ioctl(terminal.fileno(), termios.TIOCSWINSZ, size)
            assert width_of(terminal) == expected, columns
        # A window resized part-way: the next lines fit the new width.
        from decisionaid.cli.plain import Conversation

        talk = Conversation(io.StringIO(""), terminal)
        for columns in (80, 40):
            fcntl.ioctl(
                terminal.fileno(), termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0)
            )
            assert talk.width == min(78, columns - 1)
    os.close(leader)
    with open(tmp_path / "out.txt", "w", encoding="utf-8") as file:
        assert width_of(file) == 78
    assert width_of(io.StringIO()) == 78
