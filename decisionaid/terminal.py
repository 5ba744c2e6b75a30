"""Text from people, trees and file names made safe to print on a terminal.

A reference typed at intake, a clinician's name or a file name can hold control characters:
an escape sequence that recolours, moves the cursor, retitles the window or rewrites a line,
or a line break that forges a row of a listing. Printed through `escape`, they show as the
visible escapes Python uses (`\\x1b`, `\\n`) and do nothing to the terminal.
"""

from __future__ import annotations

import re

# C0 controls, DEL and C1 controls (CSI, OSC ... as single bytes), and the bidirectional
# overrides and isolates, which reorder what follows them on the screen.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_BUT_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}

LONGEST_NAME = 160


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape(text: str, *, keep_lines: bool = False) -> str:
    """The text with every control character shown as an escape (line breaks and tabs
    kept when `keep_lines`, for text that is laid out in lines anyway)."""
    pattern = _CONTROL_BUT_LINES if keep_lines else _CONTROL
    return pattern.sub(_visible, text) if pattern.search(text) else text


def short_name(name: str) -> str:
    """A file name fit for a message: escaped, and cut in the middle when very long."""
    name = escape(name)
    if len(name) <= LONGEST_NAME:
        return name
    half = LONGEST_NAME // 2
    return f"{name[:half]}…({len(name) - 2 * half} characters)…{name[-half:]}"


def shown(value: object, longest: int = 80) -> str:
    """A value someone gave, for an error message: its repr (so control characters are
    escaped), cut short when long; a huge number is described, never printed whole."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return f"a number of about {int(value.bit_length() * 0.30103) + 1:,} digits"
    text = escape(repr(value))
    if len(text) <= longest:
        return text
    return f"{text[: longest - 20]}… ({len(text):,} characters)"
