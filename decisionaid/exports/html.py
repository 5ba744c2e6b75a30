"""A laid-out Page as one printable HTML page: its style inline, nothing fetched (no scripts,
links, fonts or images), every text escaped, valid to the Nu Html Checker.

Who and when come right under the title, so they are on the first printed page; the options
are a table, one column each, so they can be compared side by side on paper.
"""

from __future__ import annotations

from html import escape

from decisionaid.layout import Block, Bullets, Cards, Page, Paragraph, Rows, Table

CSS = """
body { font: 11pt/1.45 system-ui, sans-serif; color: #111; max-width: 52rem; margin: 2rem auto;
       padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .4rem; }
h2 { font-size: 1.15rem; border-bottom: 1px solid #999; margin-top: 1.6rem; }
h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
.urgency { font-weight: bold; padding: .4rem .6rem; border-left: .4rem solid #555; }
.urgency-emergency { border-color: #b00; background: #fee; }
.urgency-urgent { border-color: #c60; background: #fff3e0; }
.urgency-routine { border-color: #06c; background: #eef5ff; }
.urgency-none { border-color: #080; background: #efe; }
.strong { font-weight: bold; }
.note { font-style: italic; margin-top: 2rem; }
.tag { font-weight: normal; font-style: italic; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .3rem .4rem; border-bottom: 1px solid #ddd; }
table.options th[scope=row] { width: 9rem; }
td ul { margin: .2rem 0; padding-left: 1.1rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: .4rem 0; }
dt { font-weight: bold; }
dd { margin: 0; }
#screening { border: 1px solid #999; padding: .2rem .6rem; }
@page { margin: 15mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  h2, h3 { break-after: avoid; }
  tr, li, #screening { break-inside: avoid; }
  table.options { font-size: 9pt; }
}
"""


def _paragraph(block: Paragraph, urgency: str | None) -> str:
    if block.style == "urgency":
        return (
            f'<p class="urgency urgency-{escape(urgency or "unfinished")}">{escape(block.text)}</p>'
        )
    if block.style in ("strong", "note"):
        return f'<p class="{block.style}">{escape(block.text)}</p>'
    return f"<p>{escape(block.text)}</p>"


def _dl(rows: tuple[tuple[str, str], ...]) -> str:
    inner = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows)
    return f"<dl>{inner}</dl>"


def _bullets(block: Bullets) -> str:
    out = ""
    if block.heading:
        tone = f' class="urgency-{escape(block.urgency)}"' if block.urgency else ""
        out += f"<h3{tone}>{escape(block.heading)}</h3>"
    items = []
    for item in block.items:
        lead = f"<strong>{escape(item.lead)}</strong>" if item.lead else ""
        joint = ": " if item.lead and item.text else ""
        items.append(f"<li>{lead}{joint}{escape(item.text)}</li>")
    return out + "<ul>" + "".join(items) + "</ul>"


def _table(block: Table) -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in block.headers)
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in block.rows
    )
    return f'<table class="answers"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def _cards(block: Cards) -> str:
    head = "<td></td>"
    for card in block.cards:
        tag = f'<br><span class="tag">{escape(card.tag)}</span>' if card.tag else ""
        head += f'<th scope="col">{escape(card.title)}{tag}</th>'
    rows = []
    for label in block.labels:
        cells = []
        for card in block.cards:
            field = next((f for f in card.fields if f.label == label), None)
            inner = ""
            if field is not None:
                inner = escape(field.text) if field.text else ""
                if field.items:
                    inner += "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in field.items)
                    inner += "</ul>"
            cells.append(f"<td>{inner}</td>")
        rows.append(f'<tr><th scope="row">{escape(label)}</th>{"".join(cells)}</tr>')
    return (
        f'<table class="options"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _block(block: Block, urgency: str | None) -> str:
    if isinstance(block, Paragraph):
        return _paragraph(block, urgency)
    if isinstance(block, Rows):
        return _dl(block.rows)
    if isinstance(block, Bullets):
        return _bullets(block)
    if isinstance(block, Table):
        return _table(block)
    assert isinstance(block, Cards)
    return _cards(block)


def render(page: Page, label: str) -> str:
    """The page as a document; `label` says whose it is in the window and print title."""
    body = [f"<h1>{escape(page.title)}</h1>"]
    for section in page.sections:
        inner = "\n".join(_block(b, page.urgency) for b in section.blocks)
        if section.heading:
            body.append(
                f'<section id="{section.id}">\n<h2>{escape(section.heading)}</h2>\n{inner}\n'
                "</section>"
            )
        else:
            body.append(f'<div id="{section.id}">\n{inner}\n</div>')
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(page.title)} — {escape(label)}</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )
