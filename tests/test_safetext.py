"""Control characters in typed labels are refused; in tree text they are shown as codes."""

from __future__ import annotations

import pytest

from decisionaid.safetext import LABEL_MAX, label_problem, printable, visible


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("P-1\x1b[2J", "an escape code"),
        ("P-1\nP-2", "a line break"),
        ("A\tK", "a tab"),
        ("P\x00", "the control character \\x00"),
        ("P\x9b31m", "the control character \\x9b"),
        ("P\u202e1-P", "the control character \\u202e"),
        ("P\u2028", "the control character \\u2028"),
    ],
)
def test_control_characters_are_refused_with_their_name(text, named):
    assert label_problem(text, "A patient reference") == (
        f"A patient reference cannot contain {named}. Type it as plain text on one line."
    )


@pytest.mark.parametrize("text", ["", "P-0142", "Müller [/] 2024", "نرگس\u200cی", "👩\u200d⚕️ AK"])
def test_ordinary_text_in_any_script_is_kept(text):
    assert label_problem(text, "A patient reference") is None


def test_a_label_longer_than_the_limit_is_refused_with_its_length():
    assert LABEL_MAX == 100
    assert label_problem("P" * 100, "A patient reference") is None
    assert label_problem("é" * 100, "A patient reference") is None  # characters, not bytes
    assert label_problem("P" * 101, "A clinician") == (
        "A clinician can be at most 100 characters long; this one has 101. "
        "Shorten it: notes belong in the patient's record."
    )


def test_visible_and_printable():
    assert visible("a\x1b[31m  b\n c") == "a\\x1b[31m b c"
    assert printable("line one\x1b[2J\n  indented\u202e") == "line one\\x1b[2J\n  indented\\u202e"


def test_bytes_that_were_not_utf8_are_refused_in_a_label_and_shown_as_codes():
    """A name typed at a terminal set to Latin-1 reaches Python as lone surrogates
    ("M\\udcfcller"): kept, it ended an intake with a traceback at the first save and lost
    the walk; printed, it raised instead of showing."""
    problem = label_problem("M\udcfcller", "A patient reference")
    assert problem is not None
    assert problem.startswith("A patient reference has characters that are not UTF-8 text")
    assert printable("M\udcfcller") == "M\\udcfcller"
    assert visible("a\udcff") == "a\\udcff"
    assert label_problem("Müller", "A patient reference") is None


def test_a_date_is_shown_as_written_not_as_python_writes_it():
    """YAML reads `age: 2020-01-01` as a date: the message said datetime.date(2020, 1, 1)."""
    import datetime

    from decisionaid.safetext import shown

    assert shown(datetime.date(2020, 1, 1)) == "2020-01-01"
