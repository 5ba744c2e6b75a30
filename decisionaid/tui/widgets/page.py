"""A laid-out Page drawn as Textual widgets: the result, emergency and saved-screening
screens, and the 'about this aid' box.

Only drawing happens here; the sections, their order and words come from `layout.py`. Text
is set as Rich Text objects, never markup, so a tree's `[b]` or `[left side]` shows as typed.
The options are cards in a grid whose number of columns follows the terminal's width (one
column below 76 cells), and every text wraps: nothing, least of all safety text, is cut.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table as RichTable
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Grid, Vertical, VerticalScroll
from textual.widgets import Static

from decisionaid.layout import Block, Bullets, Card, Cards, Page, Paragraph, Rows, Section, Table

BULLET = " • "
# Screen width classes: below 76 cells the option cards stack in one column; two fit side by
# side up to 120; then three, and four from 160. Set on every screen that shows a PageView.
BREAKPOINTS = [(0, "-narrow"), (76, "-wide"), (120, "-very-wide"), (160, "-widest")]


def _lead(lead: str | None, text: str) -> Text:
    if lead:
        return Text.assemble((lead, "bold"), ": " if text else "", text)
    return Text(text)


def _list(items: list[Text], indent: int = 0) -> RichTable:
    """Bullets with a hanging indent: a wrapped line starts under the text, not the dot."""
    grid = RichTable.grid()
    grid.add_column(width=indent + len(BULLET), no_wrap=True)
    grid.add_column(ratio=1)
    for item in items:
        grid.add_row(" " * indent + BULLET, item)
    return grid


def block_renderable(block: Block, compact: bool = False) -> RenderableType:
    """A block that is drawn as text (every kind but the option cards)."""
    if isinstance(block, Paragraph):
        return Text(block.text, style="bold" if block.style in ("urgency", "strong") else "")
    if isinstance(block, Rows):
        parts = [Text.assemble((label, "bold"), ": ", value) for label, value in block.rows]
        return Text(" · " if compact else "\n").join(parts)
    if isinstance(block, Bullets):
        items = _list([_lead(item.lead, item.text) for item in block.items])
        return Group(Text(block.heading, style="bold"), items) if block.heading else items
    assert isinstance(block, Table)
    return _list([Text.assemble((row[0], "bold"), "\n", " ".join(row[1:])) for row in block.rows])


def card_renderable(card: Card) -> RenderableType:
    # The name and how the result offers it are inside the card, where they wrap: a border
    # title would be cut short on a narrow screen.
    parts: list[RenderableType] = [Text(card.title, style="bold")]
    if card.tag:
        parts.append(Text(card.tag, style="italic"))
    for field in card.fields:
        if field.text:
            parts.append(Text.assemble((field.label, "bold"), ": ", field.text))
        else:
            parts.append(Text(field.label + ":", style="bold"))
        if field.items:
            parts.append(_list([Text(item) for item in field.items], indent=1))
    return Group(*parts)


class OptionCard(Vertical):
    """One option in a box: its name, how the result offers it, then its fields."""

    def __init__(self, card: Card) -> None:
        super().__init__(classes="option-card" + (" offered" if card.tag else ""))
        self.card = card

    def compose(self) -> ComposeResult:
        yield Static(card_renderable(self.card), classes="card-body")


class OptionGrid(Grid):
    """The options side by side; the screen's width class sets how many columns fit."""

    def __init__(self, cards: Cards) -> None:
        super().__init__(classes="option-grid")
        self.cards = cards

    def compose(self) -> ComposeResult:
        for card in self.cards.cards:
            yield OptionCard(card)


def section_widgets(section: Section, urgency: str | None) -> ComposeResult:
    if section.heading:
        yield Static(Text(section.heading, style="bold"), classes="heading")
    for block in section.blocks:
        if isinstance(block, Cards):
            yield OptionGrid(block)
            continue
        classes = "block"
        if isinstance(block, Paragraph) and block.style == "urgency":
            classes += f" urgency urgency-{urgency or 'unfinished'}"
        elif isinstance(block, Paragraph) and block.style == "note":
            classes += " dim"
        elif isinstance(block, Bullets) and block.urgency:
            classes += f" net-{block.urgency}"
        yield Static(block_renderable(block, compact=section.id == "screening"), classes=classes)


class PageView(VerticalScroll):
    """The whole page, scrolling; `omit` names sections shown elsewhere (about this aid, by
    its key) and `notes` adds a line of the screen's own after a section (which key undoes)."""

    def __init__(
        self,
        page: Page,
        *,
        title_id: str = "result-title",
        omit: tuple[str, ...] = (),
        notes: dict[str, str] | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.page = page
        self.title_id = title_id
        self.omit = omit
        self.notes = notes or {}

    def compose(self) -> ComposeResult:
        page = self.page
        yield Static(
            Text(page.title.upper() if self.title_id == "emergency-title" else page.title),
            id=self.title_id,
            classes=f"urgency-{page.urgency or 'unfinished'}",
        )
        for section in page.sections:
            if section.id in self.omit:
                continue
            with Vertical(classes=f"section section-{section.id}"):
                yield from section_widgets(section, page.urgency)
            if section.id in self.notes:
                yield Static(self.notes[section.id], classes="section dim")
