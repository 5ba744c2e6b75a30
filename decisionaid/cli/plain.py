"""Line-by-line mode: the same questions on plain standard input and output.

For screen readers (Textual does not speak to them) and scripts. Same engine, same checks,
same messages as the interface and `assess`.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from decisionaid.engine import Session
from decisionaid.errors import AnswerError
from decisionaid.graph import CompiledTree
from decisionaid.model import Info, Question
from decisionaid.screenings.store import Store, StoreError

if TYPE_CHECKING:
    from decisionaid.screenings.recording import Recorder

INTRO = """\
{title}
This aid suggests whether dry needling, massage or a doctor's visit fits, and why.
It is not a diagnosis. If you are worried right now, call your local emergency number.
Type 'back' to go back, 'help' for why we ask, 'quit' to stop.
"""


def _parse(question: Question, text: str) -> Any:
    """Turn a typed line into an answer value; the engine checks it afterwards."""
    text = text.strip()
    if question.type == "boolean":
        lowered = text.lower()
        if lowered in ("y", "yes", "true", "1"):
            return True
        if lowered in ("n", "no", "false", "2"):
            return False
        return text
    if question.type == "number":
        try:
            return int(text)
        except ValueError:
            return text
    values = question.option_values
    if question.type == "single":
        return values[int(text) - 1] if text.isdigit() and 1 <= int(text) <= len(values) else text
    if text in ("0", "none"):
        return []
    if not text:
        return None  # a checklist is never skipped by an empty line
    chosen = []
    for part in text.replace(",", " ").split():
        chosen.append(
            values[int(part) - 1] if part.isdigit() and 1 <= int(part) <= len(values) else part
        )
    return chosen


def _ask(question: Question, out: TextIO, mode: str) -> None:
    out.write("\n" + " ".join(question.text.split()) + "\n")
    if mode == "intake" and question.clinical:
        out.write(f"  ({question.clinical})\n")
    if question.type == "boolean":
        out.write("  Answer y or n.\n")
    elif question.type == "number":
        out.write(f"  Type a whole number from {question.min} to {question.max}.\n")
    else:
        for i, option in enumerate(question.options, start=1):
            extra = f" ({option.clinical})" if mode == "intake" and option.clinical else ""
            out.write(f"  {i}. {' '.join(option.label.split())}{extra}\n")
        if question.type == "multi":
            out.write(f"  0. {question.none_label or 'None of these'}\n")
            out.write("  Type the numbers that apply, separated by spaces, or 0 for none.\n")
        else:
            out.write("  Type a number.\n")


@dataclass
class Saving:
    """Where and whether to keep the screening (see `store.py`)."""

    store: Store
    consent: bool | None = None  # self-assessment: None means ask
    reference: str | None = None  # intake: None means ask
    clinician: str | None = None
    source: Path | None = None


def _line(inp: TextIO, out: TextIO, prompt: str) -> str | None:
    out.write(prompt)
    out.flush()
    line = inp.readline()
    return None if not line else line.strip()


def _yes(inp: TextIO, out: TextIO, prompt: str) -> bool | None:
    while True:
        line = _line(inp, out, prompt + " (y/n) ")
        if line is None:
            return None
        if line.lower() in ("y", "yes"):
            return True
        if line.lower() in ("n", "no"):
            return False
        out.write("  Please type y or n.\n")


def _told(out: TextIO):
    """What a Recorder calls when a save did not go where it was meant to: the walk goes on,
    and the person is told (a screening continued elsewhere is kept under a new number)."""
    from decisionaid.screenings.store import KeptAsNew

    def tell(problem: StoreError) -> None:
        if isinstance(problem, KeptAsNew):
            out.write(f"\nNote: {problem}\n")
        else:
            out.write(f"\nCould not save: {problem}. Your answers are still here.\n")
        out.flush()

    return tell


def _begin(
    flow: CompiledTree, prefill: dict[str, Any], mode: str, saving: Saving | None, inp, out
) -> tuple[Session, Recorder | None, str] | None:
    """Resume an unfinished screening or start a new one (asking what saving needs).

    Returns the session, its recorder (None when not saving) and the mode to ask in.
    """
    from decisionaid.screenings.recording import Recorder, resume
    from decisionaid.words import MODE_WORDS, plural, when

    if saving is None:
        return Session(flow), None, mode
    store = saving.store
    unfinished = None if prefill else store.latest_unfinished()
    if unfinished is not None and unfinished.tree_id == flow.tree.id:
        label = f" for {unfinished.reference}" if unfinished.reference else ""
        answer = _yes(
            inp,
            out,
            f"\nThere is an unfinished screening: #{unfinished.id}, "
            f"{MODE_WORDS[unfinished.mode].lower()}{label}, last changed "
            f"{when(unfinished.updated_at)}, {plural(unfinished.answer_count, 'answer')}.\nResume it?",
        )
        if answer is None:
            return None
        if answer:
            session, notes = resume(flow, unfinished)
            for note in notes:
                out.write(f"Note: {note}\n")
            recorder = Recorder.resuming(store, session, unfinished, _told(out))
            return session, recorder, unfinished.mode
    reference, clinician = saving.reference, saving.clinician
    if mode == "intake":
        if reference is None:  # asked together, unless given on the command line
            reference = _line(
                inp, out, "\nPatient reference (any label you use; it need not be a name): "
            )
            if reference is None:
                return None
            if clinician is None:
                clinician = _line(inp, out, "Clinician (optional): ")
                if clinician is None:
                    return None
    else:
        keep = saving.consent
        if keep is None:
            keep = _yes(
                inp,
                out,
                "\nKeep this screening on this computer, so you can come back to it "
                "or print a report?",
            )
            if keep is None:
                return None
        if not keep:
            return Session(flow), None, mode
    session = Session(flow)
    recorder = Recorder(
        store,
        session,
        mode=mode,
        reference=reference or "",
        clinician=clinician or "",
        source=saving.source,
        on_error=_told(out),
    )
    recorder.save()
    out.write(f"Saving as screening #{recorder.screening_id}, after every answer.\n")
    return session, recorder, mode


def _kept(recorder: Recorder | None) -> str:
    if recorder is None:
        return ""
    return (
        f"Your answers so far are kept as screening #{recorder.screening_id}; "
        "start again to resume it.\n"
    )


def run_plain(
    flow: CompiledTree,
    prefill: dict[str, Any],
    mode: str,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    saving: Saving | None = None,
) -> int:
    """Walk the tree on plain text streams. Returns 0 at a result, 1 if input ends first."""
    inp = stdin or sys.stdin
    out = stdout or sys.stdout
    out.write(INTRO.format(title=flow.tree.main.title))
    try:
        begun = _begin(flow, prefill, mode, saving, inp, out)
    except StoreError as exc:
        out.write(f"Saving is off: {exc}\n")
        begun = Session(flow), None, mode
    if begun is None:
        out.write("\nInput ended before a result; nothing was decided.\n")
        return 1
    session, recorder, mode = begun
    try:
        session.fill(prefill)
    except AnswerError as exc:
        out.write(f"An answer in the file was not accepted: {exc}\n")
    while not session.finished:
        node = session.current
        if isinstance(node, Info):
            out.write("\n" + " ".join(node.text.split()) + "\n  Press Enter to continue.\n")
            if not inp.readline():
                return 1
            session.proceed()
            continue
        _ask(node, out, mode)
        out.write("> ")
        out.flush()
        line = inp.readline()
        if not line:
            out.write("\nInput ended before a result; nothing was decided.\n")
            out.write(_kept(recorder))
            return 1
        command = line.strip().lower()
        if command == "quit":
            out.write("Stopped. Nothing was decided.\n")
            out.write(_kept(recorder))
            return 1
        if command == "back":
            if not session.back():
                out.write("This is the first question.\n")
            continue
        if command in ("help", "?"):
            out.write(
                (
                    "  " + " ".join(node.help.split())
                    if node.help
                    else "  No extra help for this question."
                )
                + "\n"
            )
            continue
        value = _parse(node, line)
        if value is None:
            out.write("  Type the numbers that apply, or 0 for none of these.\n")
            continue
        try:
            session.answer(value)
        except AnswerError as exc:
            out.write(f"  Not accepted: {exc}\n")
    from decisionaid.exports import text
    from decisionaid.layout import page
    from decisionaid.screenings.recording import current

    out.write("\n" + text.render(page(current(session, recorder, mode=mode))))
    if recorder is not None:
        out.write(
            f"\nSaved as screening #{recorder.screening_id}. "
            f"'decisionaid history export {recorder.screening_id}' writes a report.\n"
        )
    return 0
