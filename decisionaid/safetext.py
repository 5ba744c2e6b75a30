"""Text from people and trees on a terminal: control characters refused at input, or shown.

A patient reference or a clinician's name is typed by a person and shown again later in lists,
reports and terminals. An escape sequence in it could recolour, move or wipe what a terminal
shows, and a line break could forge a row of a list, so such characters are refused where the
text is typed. Text that comes from a tree file is not typed here: plain mode shows any such
character as a visible code instead of sending it to the terminal.
"""

from __future__ import annotations

import unicodedata

# Characters that change how text is laid out or read rather than being read themselves:
# the C0 and C1 controls (escape, line breaks, tab, delete), line and paragraph separators,
# and the bidirectional embeddings, overrides and isolates, which can make a reference read
# backwards. Zero-width joiners stay allowed: several scripts need them in ordinary names.
_BIDI = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))
_NAMES = {"\t": "a tab", "\n": "a line break", "\r": "a line break", "\x1b": "an escape code"}


def is_control(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Zl", "Zp") or ord(char) in _BIDI


def label_problem(text: str, what: str) -> str | None:
    """Why a typed label (a patient reference, a clinician) cannot be kept, or None if it can.

    `what` names the field in the message, e.g. "A patient reference".
    """
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
