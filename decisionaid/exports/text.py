"""A laid-out Page as plain text, wrapped for a terminal: `assess --format text` and the
result of the line-by-line mode (screen readers read it line by line)."""

from __future__ import annotations

import textwrap

from decisionaid.layout import Block, Bullets, Cards, Page, Paragraph, Rows, Table

WIDTH = 78


def _wrap(text: str, indent: str = "", hanging: str | None = None) -> list[str]:
    rest = " " * len(indent) if hanging is None else hanging
    return textwrap.wrap(
        text,
        WIDTH,
        initial_indent=indent,
        subsequent_indent=rest,
        break_on_hyphens=False,
        break_long_words=False,
    ) or [indent.rstrip()]


def _lead(lead: str | None, text: str) -> str:
    if lead and text:
        return f"{lead}: {text}"
    return lead or text


def _block(block: Block, indent: str) -> list[str]:
    if isinstance(block, Paragraph):
        return _wrap(block.text, indent)
    if isinstance(block, Rows):
        return [line for label, value in block.rows for line in _wrap(f"{label}: {value}", indent)]
    if isinstance(block, Bullets):
        lines = _wrap(block.heading, indent) if block.heading else []
        for item in block.items:
            lines += _wrap(_lead(item.lead, item.text), indent + "- ")
        return lines
    if isinstance(block, Table):
        lines = _wrap(" / ".join(block.headers), indent)
        for row in block.rows:
            lines += _wrap(row[0], indent + "- ")
            lines += [line for cell in row[1:] for line in _wrap(cell, indent + "    ")]
        return lines
    assert isinstance(block, Cards)
    lines = []
    for card in block.cards:
        title = f"{card.title} ({card.tag})" if card.tag else card.title
        lines += ["", *_wrap(title.upper(), indent)]
        for field in card.fields:
            if field.text:
                lines += _wrap(f"{field.label}: {field.text}", indent + "  ")
            else:
                lines += _wrap(f"{field.label}:", indent + "  ")
            lines += [line for item in field.items for line in _wrap(item, indent + "    - ")]
    return lines[1:]


def render(page: Page) -> str:
    """The whole page, most important first, no line longer than 78 characters."""
    lines = _wrap(page.title.upper())
    for section in page.sections:
        lines.append("")
        indent = ""
        if section.heading:
            lines += _wrap(section.heading + ":")
            indent = "  "
        for i, block in enumerate(section.blocks):
            lines += [""] if i else []
            lines += _block(block, indent)
    return "\n".join(lines) + "\n"
