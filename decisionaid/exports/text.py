"""A laid-out Page as plain text, wrapped for a terminal: `assess --format text` and the
result of the line-by-line mode (screen readers read it line by line)."""

from __future__ import annotations

import textwrap

from decisionaid.layout import Block, Bullets, Cards, Page, Paragraph, Rows, Table

WIDTH = 78


def wrap(text: str, indent: str = "", hanging: str | None = None, width: int = WIDTH) -> list[str]:
    """Lines of at most `width` characters, broken only between words (a word longer than
    the line stays whole); the first line starts with `indent`, the others with `hanging`
    (spaces as long as `indent` unless given)."""
    rest = " " * len(indent) if hanging is None else hanging
    return textwrap.wrap(
        text,
        width,
        initial_indent=indent,
        subsequent_indent=rest,
        break_on_hyphens=False,
        break_long_words=False,
    ) or [indent.rstrip()]


def _lead(lead: str | None, text: str) -> str:
    if lead and text:
        return f"{lead}: {text}"
    return lead or text


def _block(block: Block, indent: str, width: int) -> list[str]:
    if isinstance(block, Paragraph):
        return wrap(block.text, indent, width=width)
    if isinstance(block, Rows):
        return [
            line
            for label, value in block.rows
            for line in wrap(f"{label}: {value}", indent, width=width)
        ]
    if isinstance(block, Bullets):
        lines = wrap(block.heading, indent, width=width) if block.heading else []
        for item in block.items:
            lines += wrap(_lead(item.lead, item.text), indent + "- ", width=width)
        return lines
    if isinstance(block, Table):
        lines = wrap(" / ".join(block.headers), indent, width=width)
        for row in block.rows:
            lines += wrap(row[0], indent + "- ", width=width)
            lines += [line for cell in row[1:] for line in wrap(cell, indent + "    ", width=width)]
        return lines
    assert isinstance(block, Cards)
    lines = []
    for card in block.cards:
        title = f"{card.title} ({card.tag})" if card.tag else card.title
        lines += ["", *wrap(title.upper(), indent, width=width)]
        for field in card.fields:
            if field.text:
                lines += wrap(f"{field.label}: {field.text}", indent + "  ", width=width)
            else:
                lines += wrap(f"{field.label}:", indent + "  ", width=width)
            lines += [
                line for item in field.items for line in wrap(item, indent + "    - ", width=width)
            ]
    return lines[1:]


def render(page: Page, width: int = WIDTH) -> str:
    """The whole page, most important first, no line longer than `width` characters (78
    unless a narrower terminal asks for fewer)."""
    lines = wrap(page.title.upper(), width=width)
    for section in page.sections:
        lines.append("")
        indent = ""
        if section.heading:
            lines += wrap(section.heading + ":", width=width)
            indent = "  "
        for i, block in enumerate(section.blocks):
            lines += [""] if i else []
            lines += _block(block, indent, width)
    return "\n".join(lines) + "\n"
