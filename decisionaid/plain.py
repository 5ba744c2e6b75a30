"""Line-by-line mode: the same questions on plain standard input and output.

For screen readers (Textual does not speak to them) and scripts. Same engine, same checks,
same messages as the interface and `assess`.
"""

from __future__ import annotations

import sys
from typing import Any, TextIO

from decisionaid.engine import Session
from decisionaid.errors import AnswerError
from decisionaid.explain import render_text
from decisionaid.graph import TreeGraph
from decisionaid.model import Info, Question

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


def run_plain(
    flow: TreeGraph,
    prefill: dict[str, Any],
    mode: str,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
) -> int:
    """Walk the tree on plain text streams. Returns 0 at a result, 1 if input ends first."""
    inp = stdin or sys.stdin
    out = stdout or sys.stdout
    session = Session(flow)
    out.write(INTRO.format(title=flow.tree.main.title))
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
            return 1
        command = line.strip().lower()
        if command == "quit":
            out.write("Stopped. Nothing was decided.\n")
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
    out.write("\n" + render_text(flow.tree, session.result()) + "\n")
    return 0
