"""Reports of a screening: which formats there are, one call to render each, and file names
that never overwrite an earlier report.

The layout of every format comes from `layout.py`; the formats are drawn by `text.py`,
`markdown.py`, `html.py` and `jsonreport.py`, and FHIR by `fhir.py`. A report needs no tree:
a saved screening keeps its words, so it reads the same whatever has changed since.
"""

from __future__ import annotations

import os
from pathlib import Path

from decisionaid.layout import page
from decisionaid.screenings.store import Screening
from decisionaid.words import MODE_WORDS, plural, when

# MODE_WORDS, plural and when live in words.py; they stay importable from here too.
__all__ = ["FORMATS", "MODE_WORDS", "SUFFIXES", "claim", "file_name", "plural", "render", "when"]

FORMATS = ("markdown", "json", "html")
SUFFIXES = {"markdown": ".md", "json": ".json", "html": ".html", "fhir": ".fhir.json"}


def label(s: Screening) -> str:
    """Whose report it is, in a few words (an HTML page's title)."""
    who = f"{s.reference}, " if s.reference else ""
    saved = f"screening #{s.id}" if s.id else "not saved"
    return f"{who}{when(s.started_at)}, {saved}"


def render(s: Screening, fmt: str) -> str:
    """A report in one of FORMATS, 'text' (plain, wrapped for a terminal: `history show`), or
    'fhir' (a QuestionnaireResponse)."""
    if fmt == "text":
        from decisionaid.exports import text

        return text.render(page(s, report=True))
    if fmt == "markdown":
        from decisionaid.exports import markdown

        return markdown.render(page(s, report=True))
    if fmt == "html":
        from decisionaid.exports import html

        return html.render(page(s, report=True), label(s))
    if fmt == "json":
        from decisionaid.exports import jsonreport

        return jsonreport.render(s)
    if fmt == "fhir":
        from decisionaid.exports.fhir import response_json

        return response_json(s)
    raise ValueError(f"unknown report format {fmt!r}")


def file_name(s: Screening, fmt: str) -> str:
    """A saved screening's report is named by its id; an unsaved one by when it was made."""
    if s.id:
        return f"screening-{s.id}{SUFFIXES[fmt]}"
    stamp = s.started_at[:19].replace("-", "").replace(":", "").replace("T", "-")
    return f"decisionaid-report-{stamp}{SUFFIXES[fmt]}"


def claim(folder: Path, name: str) -> Path:
    """Create `folder/name` empty and owner-only, or `name` with -2, -3, ... before its
    suffix when that is taken, so a report never overwrites another (two screenings in the
    same second, or a second copy of one). Created exclusively: never through a symlink,
    and never a file another process claimed a moment before."""
    stem, dot, suffix = name.partition(".")
    number = 1
    while True:
        path = folder / (name if number == 1 else f"{stem}-{number}{dot}{suffix}")
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            number += 1
            continue
        return path
