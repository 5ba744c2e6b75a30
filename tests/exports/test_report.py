"""Reports: what a reader needs is there, in every format, and the HTML stands alone."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

from decisionaid.engine import Session
from decisionaid.exports.report import NOT_A_DIAGNOSIS, UNFINISHED, markdown, page, render
from decisionaid.screenings.recording import Recorder
from decisionaid.screenings.store import Store
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
        if tag in ("script", "link", "img", "iframe"):
            self.fetches.append(tag)
        if tag not in VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture
def saved(migraine, tmp_path):
    def _saved(answers, **kwargs):
        with Store.open(tmp_path / "data") as store:
            session = Session(migraine)
            recorder = Recorder(store, session, mode="intake", reference="P<1>", clinician="A&B")
            session.fill(answers)
            return store.get(recorder.screening_id)

    return _saved


def test_markdown_has_everything_a_reader_needs(saved):
    text = markdown(saved(BASE))
    for part in (
        "# Dry needling may suit you; massage is an alternative",
        "No doctor's visit needed",
        "## Treatment options",
        "## Profile (not a diagnosis)",
        "MIDAS score: **5** — Grade I",
        "| How old are you? | 40 years |",
        "## Safety net",
        "## Sources",
        "Pourahmadi",
        "version 1",
        "Patient reference: P<1>",
        NOT_A_DIAGNOSIS,
    ):
        assert part in text, part


def test_an_emergency_report_leads_with_the_emergency(saved):
    text = markdown(saved({"emergency_signs": ["thunderclap"]}))
    assert text.splitlines()[0].startswith("# ")
    assert "Emergency: act now" in text.splitlines()[2]
    assert "## Scores" not in text


def test_an_unfinished_screening_says_so(saved):
    text = markdown(saved({"emergency_signs": [], "head_injury": "none"}))
    assert UNFINISHED in text
    assert "Recommendation" not in text
    assert (
        "| Did this headache start, or get worse, after a blow to the head? "
        "| No, or the blow was more than 3 months ago |"
    ) in text


def test_html_is_one_self_contained_page(saved):
    screening = saved(BASE)
    parser = Strict()
    parser.feed(page(screening))
    parser.close()
    assert parser.open == [], "every tag is closed"
    assert parser.fetches == [], "nothing is fetched from elsewhere"
    text = " ".join(parser.text)
    assert "P<1>" in text and "A&B" in text  # escaped in the source, shown as typed
    assert NOT_A_DIAGNOSIS in text
    assert "@media print" in page(screening)


def test_json_is_the_contract_plus_metadata(saved, migraine):
    screening = saved(BASE)
    data = json.loads(render(screening, "json"))
    session = Session(migraine)
    session.fill(BASE)
    contract = session.result().contract()
    assert {k: data[k] for k in contract} == contract
    meta = data["screening"]
    assert meta["status"] == "finished" and meta["reference"] == "P<1>"
    assert meta["answers_in_words"][2] == {
        "question": "age",
        "text": "How old are you?",
        "answer": "40 years",
    }


def test_json_of_an_unfinished_screening_has_null_results(saved):
    data = json.loads(render(saved({"emergency_signs": []}), "json"))
    assert data["outcome"] is None and data["recommendation"] is None
    assert data["answers"] == {"emergency_signs": []}
    assert data["screening"]["status"] == "unfinished"
