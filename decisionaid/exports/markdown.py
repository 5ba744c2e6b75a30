"""A laid-out Page as Markdown (CommonMark), every piece of text escaped.

Patient references, clinicians' names and all tree text are shown as typed: `<b>` stays
text, `|` never splits a table cell, and a leading `#`, `-` or `1.` never starts a heading
or a list.
"""

from __future__ import annotations

import re

from decisionaid.layout import Block, Bullets, Cards, Page, Paragraph, Rows, Table

# Characters with a meaning somewhere in a CommonMark line (ASCII punctuation may always be
# escaped with a backslash, so escaping one that needed none is harmless).
_INLINE = re.compile(r"([\\`*_\[\]<>|~&!])")
# Only at the start of a line: headings, list markers, and "1." or "1)" of an ordered list.
_LINE_START = re.compile(r"^(\s*)([-+=]|#+(?=\s|$)|\d+(?=[.)](?:\s|$)))")


def escape(text: str) -> str:
    """Text as Markdown that shows exactly that text, on one line."""
    flat = " ".join(text.split())
    escaped = _INLINE.sub(r"\\\1", flat)
    return _LINE_START.sub(lambda m: m.group(1) + _escape_start(m.group(2)), escaped)


def _escape_start(marker: str) -> str:
    if marker.isdigit():  # "1." → "1\." ; the number itself stays as it is
        return marker + "\\"
    return "\\" + marker  # "# x" → "\# x"


def _block(block: Block) -> list[str]:
    e = escape
    if isinstance(block, Paragraph):
        text = e(block.text)
        if block.style in ("urgency", "strong"):
            return [f"**{text}**", ""]
        if block.style == "note":
            return [f"*{text}*", ""]
        return [text, ""]
    if isinstance(block, Rows):
        return [*(f"- **{e(label)}:** {e(value)}" for label, value in block.rows), ""]
    if isinstance(block, Bullets):
        lines = [f"**{e(block.heading)}**", ""] if block.heading else []
        for item in block.items:
            if item.lead:
                rest = f": {e(item.text)}" if item.text else ""
                lines.append(f"- **{e(item.lead)}**{rest}")
            else:
                lines.append(f"- {e(item.text)}")
        return [*lines, ""]
    if isinstance(block, Table):
        lines = ["| " + " | ".join(e(h) for h in block.headers) + " |"]
        lines.append("|" + " --- |" * len(block.headers))
        lines += ["| " + " | ".join(e(c) for c in row) + " |" for row in block.rows]
        return [*lines, ""]
    assert isinstance(block, Cards)
    lines = []
    for card in block.cards:
        tag = f" ({e(card.tag)})" if card.tag else ""
        lines += [f"### {e(card.title)}{tag}", ""]
        for field in card.fields:
            text = f" {e(field.text)}" if field.text else ""
            lines.append(f"- **{e(field.label)}:**{text}")
            lines += [f"  - {e(item)}" for item in field.items]
        lines.append("")
    return lines


def render(page: Page) -> str:
    out = [f"# {escape(page.title)}", ""]
    for section in page.sections:
        if section.heading:
            out += [f"## {escape(section.heading)}", ""]
        for block in section.blocks:
            out += _block(block)
    return "\n".join(out).rstrip("\n") + "\n"
