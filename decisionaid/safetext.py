"""Text from people and trees on a terminal: control characters refused at input, or shown.

A patient reference or a clinician's name is typed by a person and shown again later in lists,
reports and terminals. An escape sequence in it could recolour, move or wipe what a terminal
shows, and a line break could forge a row of a list, so such characters are refused where the
text is typed. Text that comes from a tree file is not typed here: plain mode shows any such
character as a visible code instead of sending it to the terminal, and so do the command
line's listings, reports and error messages, which also cut very long file names and values
short (`short_name`, `shown`).
"""

from __future__ import annotations

import datetime
import unicodedata

# Characters that change how text is laid out or read rather than being read themselves:
# the C0 and C1 controls (escape, line breaks, tab, delete), line and paragraph separators,
# and the bidirectional embeddings, overrides and isolates, which can make a reference read
# backwards. Zero-width joiners stay allowed: several scripts need them in ordinary names.
_BIDI = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))
_NAMES = {"\t": "a tab", "\n": "a line break", "\r": "a line break", "\x1b": "an escape code"}


def is_control(char: str) -> bool:
    """A character shown as a code, never sent to a terminal as it is: the controls and
    separators above, and the lone surrogates that stand for bytes that were not UTF-8
    (no terminal or file can take one as text)."""
    return unicodedata.category(char) in ("Cc", "Zl", "Zp", "Cs") or ord(char) in _BIDI


# The longest label kept: a reference or a name, not a note (5,000 characters were taken,
# and stretched every row of the history list).
LABEL_MAX = 100


def label_problem(text: str, what: str) -> str | None:
    """Why a typed label (a patient reference, a clinician) cannot be kept, or None if it can.

    `what` names the field in the message, e.g. "A patient reference".
    """
    if len(text) > LABEL_MAX:
        return (
            f"{what} can be at most {LABEL_MAX} characters long; this one has {len(text)}. "
            "Shorten it: notes belong in the patient's record."
        )
    if any(unicodedata.category(c) == "Cs" for c in text):
        # Python keeps bytes that are not UTF-8 (typed at a terminal set to another
        # encoding, or given on the command line) as lone surrogates, which no file,
        # database or terminal can take as text.
        return (
            f"{what} has characters that are not UTF-8 text (the terminal may be set to "
            "another encoding). Type it again, or set the terminal to UTF-8."
        )
    found = next((c for c in text if is_control(c)), None)
    if found is None:
        return None
    name = _NAMES.get(found, f"the control character {_code(found)}")
    return f"{what} cannot contain {name}. Type it as plain text on one line."


def visible(text: str) -> str:
    """Text on one line with runs of white space made one space, and any control character
    shown as a code such as \\x1b, so it is seen rather than acted on by the terminal."""
    text = " ".join(text.split())
    if not any(is_control(c) for c in text):
        return text
    return "".join(_code(c) if is_control(c) else c for c in text)


def _code(char: str) -> str:
    number = ord(char)
    return f"\\x{number:02x}" if number < 0x100 else f"\\u{number:04x}"


def printable(text: str) -> str:
    """Text laid out over several lines (kept as they are), with every other control
    character shown as a code."""
    return "\n".join(
        "".join(_code(c) if is_control(c) else c for c in line) for line in text.split("\n")
    )


LONGEST_NAME = 160


def short_name(name: str) -> str:
    """A file name fit for a message: control characters shown as codes, and cut in the
    middle when very long (a name of 5,000 characters says so rather than fill the screen)."""
    name = printable(name).replace("\n", "\\x0a")
    if len(name) <= LONGEST_NAME:
        return name
    half = LONGEST_NAME // 2
    return f"{name[:half]}…({len(name) - 2 * half} characters)…{name[-half:]}"


def shown(value: object, longest: int = 80) -> str:
    """A value someone gave, for an error message: its repr (control characters escaped),
    cut short when long; a huge number is described, never printed whole. Yes/no and
    empty values are spelt as YAML and JSON files write them (true, false, null), not as
    Python does (True, False, None)."""
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    if isinstance(value, datetime.date):  # YAML reads 2020-01-01 as a date: shown as written
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return f"a number of about {int(value.bit_length() * 0.30103) + 1:,} digits"
    text = printable(repr(value))
    if len(text) <= longest:
        return text
    return f"{text[: longest - 20]}… ({len(text):,} characters)"
