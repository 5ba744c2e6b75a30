"""Markdown reports show what was typed, as typed: checked with a CommonMark parser."""

from __future__ import annotations

import re
from html import escape

import pytest
from markdown_it import MarkdownIt

from decisionaid.exports import markdown
from decisionaid.exports.report import render
from decisionaid.layout import Bullets, Item, Page, Paragraph, Rows, Section, Table
from decisionaid.screenings.store import SavedAnswer
from tests.fixtures.answers import CASES

PARSER = MarkdownIt("commonmark").enable("table")


def tags(document: str) -> list[str]:
    return sorted(re.findall(r"<([a-z0-9]+)", document))


def html_of(text: str) -> str:
    return PARSER.render(text)


@pytest.mark.parametrize(
    "typed",
    [
        "<b>P-1</b>",
        "*P-1*",
        "_P_1_",
        "`P-1`",
        "# P-1",
        "- P-1",
        "+ P-1",
        "1. P-1",
        "2) P-1",
        "> P-1",
        "[P-1](http://x.example)",
        "![x](y)",
        "P&amp;1",
        "a\\*b",
        "~~P~~",
        "---",
        "===",
        "P | 1",
        "0.1.0",
        "#1",
        "12) x",
    ],
)
def test_a_typed_reference_is_shown_exactly_as_typed(saved, typed):
    plain = html_of(render(saved(CASES["urgent"], reference="P-1", clinician="AK"), "markdown"))
    report = render(saved(CASES["urgent"], reference=typed, clinician=typed), "markdown")
    document = html_of(report)
    assert tags(document) == tags(plain)  # no tag, list, heading, link or rule of its own
    assert f"<strong>Patient reference:</strong> {escape(typed, quote=False)}</li>" in document
    assert f"<strong>Clinician:</strong> {escape(typed, quote=False)}</li>" in document


def test_tree_text_is_escaped_too(saved):
    document = html_of(render(saved(CASES["no_manual_option"]), "markdown"))
    assert "A rash or wound on the neck &lt;b&gt;now&lt;/b&gt;" in document
    assert "It came on suddenly" not in document  # (a different walk)
    assert document.count("<em>") == 1  # the disclaimer only, not the tree's *new*
    assert "a *new* headache comes with a history of cancer | HIV" in document


def test_a_pipe_never_splits_a_table_cell():
    laid_out = Page(
        "t",
        None,
        (
            Section(
                "answers", "Answers", (Table(("Q", "A"), (("Pain | where?", "Left | right"),)),)
            ),
        ),
    )
    document = html_of(markdown.render(laid_out))
    assert document.count("<td>") == 2
    assert "<td>Pain | where?</td><td>Left | right</td>" in document.replace("\n", "")


def test_leading_markers_never_start_a_block():
    laid_out = Page(
        "# title",
        None,
        (
            Section(
                "s",
                "1. heading",
                (
                    Paragraph("- not a list"),
                    Paragraph("3. not a list"),
                    Paragraph("> not a quote"),
                    Rows((("#label", "+value"),)),
                    Bullets((Item("1) item", "* lead"),), "## group"),
                ),
            ),
        ),
    )
    document = html_of(markdown.render(laid_out))
    assert document.count("<h1>") == 1 and "<h1># title</h1>" in document
    assert "<h2>1. heading</h2>" in document
    assert "<ol" not in document and "<blockquote>" not in document
    assert document.count("<ul>") == 2  # the rows and the bullets themselves


def test_answers_with_markdown_characters_stay_in_their_cells(saved):
    screening = saved(CASES["urgent"])
    screening.answers.append(
        SavedAnswer("x", 1, "Which | side?", "*Left* | <i>right</i>", "single")
    )
    document = html_of(render(screening, "markdown")).replace("\n", "")
    assert "<td>Which | side?</td><td>*Left* | &lt;i&gt;right&lt;/i&gt;</td>" in document
