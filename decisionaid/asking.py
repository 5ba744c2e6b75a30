"""How a question is put to a person in words, the same in the interface and in plain mode.

Where they are ("Question 7 of about 30"), which wording the mode uses, what to type, how a
typed line becomes an answer, and what was wrong with one, said as a person would say it.
Nothing typed is ever altered into an answer: a line that is not exactly an answer is refused
with a sentence, and the person types it again.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from decisionaid.errors import AnswerError
from decisionaid.model import Info, Question
from decisionaid.safetext import visible

if TYPE_CHECKING:
    from decisionaid.engine import Session

# A whole number as typed: ASCII digits, perhaps a sign. Other digits (², ٣, full-width) are
# refused with a message rather than read, so what is recorded is what the person saw typed.
WHOLE = re.compile(r"[+-]?[0-9]+")
DECIMAL = re.compile(r"[+-]?[0-9]*[.,][0-9]+")
RANGE = re.compile(r"[0-9]+\s*(-|–|to)\s*[0-9]+")
# Longer than this cannot be in range of any question (and int() of a huge line is slow).
MOST_DIGITS = 15
NONE_WORDS = ("0", "none")


# --- which words -------------------------------------------------------------------------


def text_of(node: Question | Info, intake: bool) -> str:
    """The question's text on one line, in the therapist's wording when the tree gives it."""
    words = node.intake.text if intake and node.intake and node.intake.text else node.text
    return " ".join(words.split())


def help_of(node: Question | Info, intake: bool) -> str | None:
    """'Why we ask', in the therapist's wording when the tree gives it."""
    words = node.intake.help if intake and node.intake and node.intake.help else node.help
    return " ".join(words.split()) if words else None


def progress_words(session: Session) -> str:
    """Where the person is: "Question 7 of about 30" (or "of 30" when the count is sure)."""
    answered, low, high = session.progress()
    if not isinstance(session.current, Question):
        if high == 0:
            return "No more questions"
        about = "" if low == high else "about "
        return f"{about}{high} question{'s' * (high != 1)} to go".capitalize()
    total = answered + high
    about = "" if low == high else "about "
    return f"Question {answered + 1} of {about}{total}"


def number_range(question: Question) -> str:
    unit = f" {question.unit}" if question.unit else ""
    return f"a whole number from {question.min} to {question.max}{unit}"


# --- typed lines into answers ------------------------------------------------------------


def _shown(text: str) -> str:
    """Typed text quoted back in a message: exactly as typed (quoted, so a message that
    starts with it is not capitalised), visible, and never a screenful."""
    text = visible(text)
    return f"“{text if len(text) <= 24 else text[:20] + '…'}”"


def number_problem(question: Question, text: str) -> str | None:
    """Why typed text is not an answer to a number question, in words; None if it is one."""
    text = text.strip()
    wanted = f"Type {number_range(question)}."
    if not text:
        return wanted
    if not WHOLE.fullmatch(text):
        if DECIMAL.fullmatch(text):
            return f"{_shown(text)} is not a whole number. {wanted[:-1]}, without decimals."
        if RANGE.fullmatch(text):
            return f"{_shown(text)} is a range. {wanted[:-1]}: one number only."
        if any(c.isdigit() for c in text) and not any(c.isalpha() for c in text):
            return f"{_shown(text)} is not a number this aid can read. {wanted[:-1]}, with the digits 0 to 9."
        return f"{_shown(text)} is not a number. {wanted}"
    digits = text.lstrip("+-")
    negative = text.startswith("-")
    assert question.min is not None and question.max is not None
    if len(digits.lstrip("0")) > MOST_DIGITS:
        side = f"less than {question.min}" if negative else f"more than {question.max}"
        return f"That number is far {side}. {wanted}"
    value = int(text)
    if value < question.min:
        return f"{value} is less than {question.min}. {wanted}"
    if value > question.max:
        return f"{value} is more than {question.max}. {wanted}"
    return None


def how_to_type(question: Question) -> str:
    """What to type for an answer, in plain mode (and in its error messages)."""
    count = len(question.options)
    match question.type:
        case "boolean":
            return "Type y for yes or n for no."
        case "single":
            return f"Type the number of one answer, 1 to {count}."
        case "multi":
            return (
                f"Type the numbers of the ones that apply, 1 to {count}, separated by spaces, "
                "or 0 for none."
            )
    return f"Type {number_range(question)}."


def _option(question: Question, word: str) -> str | None:
    """The option a typed word names: its number on screen, or its value (for scripts)."""
    if word.isascii() and word.isdigit() and len(word) <= MOST_DIGITS:
        number = int(word)
        return question.option_values[number - 1] if 1 <= number <= len(question.options) else None
    return word if word in question.option_values else None


def parse_typed(question: Question, line: str) -> Any:
    """A typed line as an answer value, or AnswerError with what to type instead.

    The value has the right form for its question; the engine still checks it against the
    rules that look at other answers (such as an age of onset above the age).
    """
    text = line.strip()
    lowered = text.lower()
    match question.type:
        case "boolean":
            if lowered in ("y", "yes", "1", "true"):
                return True
            if lowered in ("n", "no", "2", "false"):
                return False
        case "single":
            if (chosen := _option(question, text)) is not None:
                return chosen
            if text.isascii() and text.isdigit():
                return _refuse(question, f"There is no answer {_shown(text)} here.")
        case "multi":
            if lowered in NONE_WORDS:
                return []
            words = text.replace(",", " ").split()
            picked = [_option(question, word) for word in words]
            if words and all(picked):
                return [v for v in question.option_values if v in picked]
            if "0" in words:
                return _refuse(question, "0 means none of these, so it goes on its own.")
            missing = next((w for w, c in zip(words, picked, strict=True) if c is None), None)
            if missing is not None and missing.isascii() and missing.isdigit():
                return _refuse(question, f"There is no answer {_shown(missing)} here.")
        case "number":
            problem = number_problem(question, text)
            if problem is not None:
                raise AnswerError(question.id, problem)
            return int(text)
    return _refuse(question, f"{_shown(text)} is not one of the answers." if text else "")


def _refuse(question: Question, first: str) -> Any:
    raise AnswerError(question.id, f"{first} {how_to_type(question)}".strip())
