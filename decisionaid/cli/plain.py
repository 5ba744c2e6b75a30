"""Line-by-line mode: the same questions on plain standard input and output.

For screen readers (Textual does not speak to them) and scripts. Same engine, same checks and
the same words as the interface (`asking`), the same way of starting, resuming and saving a
screening (`screenings.starting`). Each question says where the person is; each answer is
repeated back as it was recorded; a line that is not an answer is refused in words and asked
again. Text from the tree is shown as text: a control character in it is shown as a code.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from decisionaid.asking import help_of, how_to_type, parse_typed, progress_words, text_of
from decisionaid.errors import AnswerError
from decisionaid.explain import answer_in_words
from decisionaid.exports.text import WIDTH, wrap
from decisionaid.graph import CompiledTree
from decisionaid.model import Info, Outcome, Question
from decisionaid.safetext import label_problem, printable, visible
from decisionaid.screenings.starting import (
    CLINICIAN,
    EMPTY_REFERENCE,
    REFERENCE,
    Walk,
    begin,
    details_problem,
    offer,
    resume_saved,
)
from decisionaid.screenings.store import Store, StoreError
from decisionaid.screenings.summary import unfinished_words
from decisionaid.screenings.where import of_store, welcome_words

INTRO = """\
{title}
This aid suggests whether dry needling, massage or a doctor's visit fits, and why.
It is not a diagnosis. If you are worried right now, call your local emergency number.
Type 'back' to go back, 'help' for why we ask, 'quit' to stop.
"""
ENDED = "\nInput ended before a result; nothing was decided.\n"
# The longest typed line read as an answer or a name (either takes a few dozen characters),
# and how far past it a line is skipped in search of its end before the input is taken as
# one that never ends: a line is never held whole, so /dev/zero cannot fill memory.
LINE_MAX = 10_000
ENDLESS = 64 * 2**20


@dataclass
class Saving:
    """Where and whether to keep the screening (see `screenings/starting.py`)."""

    store: Store
    consent: bool | None = None  # self-assessment: None means ask
    reference: str | None = None  # intake: None means ask
    clinician: str | None = None
    source: Path | None = None


# The narrowest a terminal is taken to be: below it, lines are not made shorter.
NARROWEST = 20
# A line's hanging indent goes under the words after a number or a dash that starts it.
_MARKER = re.compile(r"\d+\. |- ")


def width_of(out: TextIO) -> int:
    """How long a line may be: 78 characters (as in `assess --format text`), or one less
    than a narrower terminal's width, so that no word is cut where the terminal would
    break the line itself."""
    try:
        columns = os.get_terminal_size(out.fileno()).columns if out.isatty() else 0
    except (AttributeError, OSError, ValueError):  # not a file, or no terminal behind it
        columns = 0
    return max(NARROWEST, min(WIDTH, columns - 1)) if columns else WIDTH


def _wrapped(line: str, width: int) -> str:
    """One line broken between words to fit. A number or dash that starts it stays with its
    first word (however long), the later lines go under the words, and a prompt keeps the
    space it ends with, within the width."""
    if len(line) <= width:
        return line
    indent = len(line) - len(line.lstrip(" "))
    marker = _MARKER.match(line, indent)
    lead = line[: marker.end() if marker else indent]
    prompt = line.endswith(" ")
    lines = wrap(line[len(lead) :], lead, " " * len(lead), width - 1 if prompt else width)
    return "\n".join(lines) + (" " if prompt else "")


class Conversation:
    """The lines read and written for one run: questions out, answers in, every line
    broken between words to fit the terminal (a screen reader reads whole words), at the
    width it has as each line is written (the window may be resized on the way)."""

    def __init__(self, inp: TextIO, out: TextIO, width: int | None = None):
        self.inp = inp
        self.out = out
        self._width = width

    @property
    def width(self) -> int:
        return self._width or width_of(self.out)

    def write(self, text: str) -> None:
        width = self.width
        self.out.write("\n".join(_wrapped(line, width) for line in text.split("\n")))

    def say(self, text: str = "") -> None:
        self.write(text + "\n")

    def line(self, prompt: str) -> str | None:
        """One typed line (stripped), or None when input has ended. A line longer than any
        answer or name is not kept: the person is told and asked again; one that does not
        end (/dev/zero as input) ends the input."""
        while True:
            self.write(prompt)
            self.out.flush()
            line = self.inp.readline(LINE_MAX + 1)
            if len(line) <= LINE_MAX or line.endswith("\n"):
                return None if not line else line.strip()
            length = len(line)
            while not line.endswith("\n"):  # read past the rest of it, a piece at a time
                line = self.inp.readline(1 << 16)
                length += len(line)
                if not line or length > ENDLESS:
                    self.say(f"\nThat line has no end in {length:,} characters.")
                    return None
            self.say(
                f"\nThat line is {length - 1:,} characters long; an answer takes far fewer "
                f"(at most {LINE_MAX:,}). It was not read."
            )

    def yes(self, question: str) -> bool | None:
        while True:
            line = self.line(question + " (y/n) ")
            if line is None:
                return None
            if line.lower() in ("y", "yes"):
                return True
            if line.lower() in ("n", "no"):
                return False
            self.say("Please type y for yes or n for no.")

    def label(self, prompt: str, what: str) -> str | None:
        """A reference or clinician, asked again until it holds no control characters."""
        while True:
            typed = self.line(prompt)
            if typed is None:
                return None
            problem = label_problem(typed, what)
            if problem is None:
                return typed
            self.say(problem)

    def save_failed(self, error: StoreError) -> None:
        """A save did not go where it was meant to: the walk goes on, and the person is told
        (a screening continued elsewhere at the same time is kept under a new number)."""
        from decisionaid.screenings.store import KeptAsNew

        if isinstance(error, KeptAsNew):
            self.say(f"\nNote: {visible(str(error))}")
        else:
            self.say(f"\nCould not save: {visible(str(error))}. Your answers are still here.")
        self.out.flush()


def _begin(
    talk: Conversation, flow: CompiledTree, prefill: dict, mode: str | None, saving: Saving | None
) -> Walk | None:
    """Resume an unfinished screening or start a new one, asking what saving needs.

    None when input ended before the screening could start.
    """
    if saving is None:
        return begin(flow, mode or "self")
    store = saving.store
    unfinished = None if prefill else offer(store, flow, mode)
    if unfinished is not None:
        talk.say(f"\nThere is an unfinished screening: {visible(unfinished_words(unfinished))}.")
        answer = talk.yes("Resume it?")
        if answer is None:
            return None
        if answer:
            walk = resume_saved(flow, store, unfinished.id, talk.save_failed)
            for note in walk.notes:
                talk.say(f"Note: {note}")
            return walk
    mode = mode or "self"
    consent: bool | None
    if mode == "intake":
        details = _intake_details(talk, saving)
        if details is None:
            return None
        (reference, clinician), consent = details, True
    else:
        reference, clinician = "", ""
        consent = saving.consent
        if consent is None:
            consent = talk.yes(
                "\nKeep this screening on this computer, so you can come back to it "
                "or print a report?"
            )
            if consent is None:
                return None
    walk = begin(
        flow,
        mode,
        store=store,
        consent=consent,
        reference=reference,
        clinician=clinician,
        source=saving.source,
        on_error=talk.save_failed,
    )
    if walk.recorder is not None:
        talk.say("Your answers will be kept on this computer, saved after every answer.")
    return walk


def _intake_details(talk: Conversation, saving: Saving) -> tuple[str, str] | None:
    """The patient reference and clinician: from the command line, else asked together (an
    empty reference only when the person confirms it). None when input ended."""
    reference, clinician = saving.reference, saving.clinician
    problem = details_problem(reference or "", clinician or "")
    if problem is not None:
        talk.say(problem)
        reference = clinician = None
    if reference is not None:
        return reference, clinician or ""
    while reference is None:
        reference = talk.label(
            "\nPatient reference (any label you use; it need not be a name): ", REFERENCE
        )
        if reference is None:
            return None
        if not reference:
            sure = talk.yes(EMPTY_REFERENCE)
            if sure is None:
                return None
            if not sure:
                reference = None
    if clinician is None:
        clinician = talk.label("Clinician (optional): ", CLINICIAN)
        if clinician is None:
            return None
    return reference, clinician


def _kept(walk: Walk) -> str:
    if walk.screening_id is None:
        return ""
    return (
        f"Your answers so far are kept as screening #{walk.screening_id}; "
        "start again to resume it.\n"
    )


def _ask(talk: Conversation, walk: Walk, question: Question, section: str | None) -> None:
    intake = walk.mode == "intake"
    if question.section and question.section != section:
        talk.say(f"\nSection: {visible(question.section)}")
    talk.say(f"\n{progress_words(walk.session)}:")
    talk.say(visible(text_of(question, intake)))
    if intake and question.clinical:
        talk.say(f"  ({visible(question.clinical)})")
    for i, option in enumerate(question.options, start=1):
        extra = f" ({visible(option.clinical)})" if intake and option.clinical else ""
        talk.say(f"  {i}. {visible(option.label)}{extra}")
    if question.type == "multi":
        talk.say(f"  0. {visible(question.none_label or 'None of these')}")


def _answer(talk: Conversation, walk: Walk, question: Question) -> str:
    """Read lines until one answers the question (or moves back, or stops the walk).

    Returns "moved" or "stop". A refused line is explained and only the prompt comes again,
    so a screen reader does not read the whole question out after every slip.
    """
    session = walk.session
    prompt = how_to_type(question) + "\n> "
    while True:
        line = talk.line(prompt)
        if line is None:
            talk.write(ENDED + _kept(walk))
            return "stop"
        command = line.lower()
        if command == "quit":
            talk.write("Stopped. Nothing was decided.\n" + _kept(walk))
            return "stop"
        if command == "back":
            if session.back():
                return "moved"
            talk.say("This is the first question.")
            continue
        if command in ("help", "?"):
            why = help_of(question, walk.mode == "intake")
            talk.say(f"Why we ask: {visible(why)}" if why else "No extra help for this question.")
            continue
        try:
            value = parse_typed(question, line)
            session.answer(value)
        except AnswerError as exc:
            talk.say(f"Not accepted. {visible(exc.sentence)}")
            prompt = "> "
            continue
        said = answer_in_words(question, value, walk.mode == "intake")
        talk.say(f"Recorded: {_sentence(visible(said))}")
        return "moved"


def _sentence(text: str) -> str:
    return text if text[-1:] in ".?!" else text + "."


def run_plain(
    flow: CompiledTree,
    prefill: dict[str, Any],
    mode: str | None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    saving: Saving | None = None,
    width: int | None = None,
) -> int:
    """Walk the tree on plain text streams. Returns 0 at a result, 1 if it stops before one.

    `mode` None means the person did not choose: a self-assessment, and an unfinished
    screening of either mode may be offered for resuming. Lines are at most `width`
    characters (by default, what fits the terminal: `width_of`).
    """
    talk = Conversation(stdin or sys.stdin, stdout or sys.stdout, width)
    talk.write(INTRO.format(title=visible(flow.tree.main.title)))
    # Where the answers go and who can read them, as the welcome screen says it, before
    # the person is asked whether to keep them.
    talk.say(welcome_words(of_store(saving.store) if saving is not None else None))
    try:
        walk = _begin(talk, flow, prefill, mode, saving)
    except StoreError as exc:
        talk.say(f"Saving is off: {exc}")
        walk = begin(flow, mode or "self")
    if walk is None:
        talk.write(ENDED)
        return 1
    session = walk.session
    intake = walk.mode == "intake"
    try:
        session.fill(prefill)
    except AnswerError as exc:
        talk.say(f"An answer in the file was not accepted: {exc}")
    section: str | None = None
    while not isinstance(node := session.current, Outcome):  # (session.finished)
        if isinstance(node, Info):
            talk.say("\n" + visible(text_of(node, intake)))
            if talk.line("Press Enter to continue. ") is None:
                talk.write(ENDED + _kept(walk))
                return 1
            session.proceed()
            continue
        _ask(talk, walk, node, section)
        section = node.section
        outcome = _answer(talk, walk, node)
        if outcome == "stop":
            return 1
    from decisionaid.exports import text
    from decisionaid.layout import page
    from decisionaid.screenings.recording import current

    shown = current(session, walk.recorder, mode=walk.mode, started_at=walk.started_at)
    talk.say("\n" + printable(text.render(page(shown), talk.width)))
    if walk.screening_id is not None:
        talk.say(
            f"\nSaved as screening #{walk.screening_id}. "
            f"'decisionaid history export {walk.screening_id}' writes a report."
        )
    return 0
