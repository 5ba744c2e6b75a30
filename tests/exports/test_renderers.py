"""Text, Markdown and HTML draw the same page: every word of the layout, in each of them,
for every shape of result in both modes (and the screen draws it too: tests/tui)."""

from __future__ import annotations

import re
from html import escape
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from decisionaid.exports import html, markdown, text
from decisionaid.exports.report import label
from decisionaid.layout import page
from tests.fixtures.answers import CASES


class Visible(HTMLParser):
    """The text a reader sees in an HTML document (style and title left out)."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("style", "title")
        self.parts.append(" ")

    def handle_endtag(self, tag):
        self.skip -= tag in ("style", "title")
        self.parts.append(" ")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible(document: str) -> str:
    parser = Visible()
    parser.feed(document)
    return " ".join("".join(parser.parts).split())


def drawn(fmt: str, laid_out, screening) -> str:
    if fmt == "text":
        return " ".join(text.render(laid_out).split()).casefold()
    if fmt == "markdown":
        return visible(MarkdownIt("commonmark").enable("table").render(markdown.render(laid_out)))
    return visible(html.render(laid_out, label(screening)))


@pytest.mark.parametrize("mode", ["self", "intake"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_every_word_of_the_layout_is_in_every_format(saved, case, mode):
    screening = saved(CASES[case], mode)
    for report in (True, False):
        laid_out = page(screening, report=report)
        for fmt in ("text", "markdown", "html"):
            shown = drawn(fmt, laid_out, screening)
            for words in laid_out.words():
                wanted = " ".join(words.split())
                wanted = wanted.casefold() if fmt == "text" else wanted
                assert wanted in shown, f"{fmt}: {wanted!r}"


def test_text_lines_fit_a_terminal(saved):
    laid_out = page(saved(CASES["massage"], "self"))
    assert max(len(line) for line in text.render(laid_out).splitlines()) <= 78


def test_the_sections_come_in_the_layouts_order_in_every_format(unsaved):
    screening = unsaved("doctor_first_needling")
    laid_out = page(screening, report=True)
    headings = [s.heading for s in laid_out.sections if s.heading]
    drawn_text = text.render(laid_out).splitlines()
    assert [line[:-1] for line in drawn_text if line.endswith(":") and line[0] != " "] == headings
    drawn_markdown = markdown.render(laid_out).splitlines()
    assert [line[3:] for line in drawn_markdown if line.startswith("## ")] == headings
    drawn_html = html.render(laid_out, label(screening))
    assert re.findall(r"<h2>(.*?)</h2>", drawn_html) == [escape(h) for h in headings]
