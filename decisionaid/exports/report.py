"""Reports of a saved screening: Markdown, JSON and one self-contained printable HTML page.

Everything comes from the saved record (which keeps its words), so a report needs no tree and
reads the same whatever has changed since. FHIR lives in `fhir.py`.
"""

from __future__ import annotations

import html
import json
from datetime import datetime
from typing import Any

from decisionaid.screenings.store import Screening
from decisionaid.words import STATUS_WORDS

NOT_A_DIAGNOSIS = (
    "This report comes from a decision aid. It is not a diagnosis and does not replace an "
    "examination by a doctor."
)
UNFINISHED = "This screening was not finished, so there is no recommendation yet."
MODE_WORDS = {"self": "Self-assessment", "intake": "Therapist intake"}
FORMATS = ("markdown", "json", "html")
SUFFIXES = {"markdown": ".md", "json": ".json", "html": ".html", "fhir": ".fhir.json"}


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"


def when(stamp: str | None) -> str:
    """A stored UTC time in local time, as people write it."""
    if not stamp:
        return "—"
    moment = datetime.fromisoformat(stamp).astimezone()
    return moment.strftime("%d %b %Y, %H:%M")


def details(s: Screening) -> list[tuple[str, str]]:
    """The record's metadata as (label, value) rows."""
    rows = [
        ("Screening", f"#{s.id}"),
        ("Mode", MODE_WORDS.get(s.mode, s.mode)),
    ]
    if s.mode == "intake" or s.reference:
        rows.append(("Patient reference", s.reference or "—"))
    if s.mode == "intake" or s.clinician:
        rows.append(("Clinician", s.clinician or "—"))
    rows += [
        ("Started", when(s.started_at)),
        ("Finished", when(s.finished_at) if s.finished else "not finished"),
        ("Decision tree", f"{s.tree_title or s.tree_id} ({s.tree_id}, version {s.tree_version})"),
        ("decisionaid", s.app_version),
    ]
    return rows


def headline(s: Screening) -> tuple[str, str, list[str]]:
    """(title, urgency in words, recommendation lines)."""
    w = s.explanation
    if not s.finished or not w:
        return "Unfinished screening", UNFINISHED, []
    lines = [f"Recommendation: {w['recommendation']}"]
    if w.get("add_on"):
        lines.append(f"Alongside the doctor's care: {w['add_on']}")
    if w.get("alternative"):
        lines.append(f"Alternative: {w['alternative']}")
    return w["title"], w["urgency_words"], lines


# Markdown -------------------------------------------------------------------------------


def markdown(s: Screening) -> str:
    title, urgency, recommendation = headline(s)
    w = s.explanation or {}
    out = [f"# {title}", "", f"**{urgency}**", ""]
    out += [f"- {line}" for line in recommendation]
    if recommendation:
        out.append("")
    if w.get("body"):
        out += [w["body"], ""]
    if w.get("reasons"):
        out += ["## Why", "", *(f"- {r}" for r in w["reasons"]), ""]
    if w.get("options"):
        out += ["## Treatment options", ""]
        for option in w["options"]:
            status = STATUS_WORDS.get(option["status"], option["status"])
            out.append(f"- **{option['label']}** ({status}): {option['meaning']}")
            out += [f"  - because: {r}" for r in option["reasons"]]
            out += [f"  - change: {m}" for m in option["modifications"]]
        out.append("")
    if w.get("profile"):
        out += ["## Profile (not a diagnosis)", "", *(f"- {p}" for p in w["profile"]), ""]
    if w.get("scores"):
        out += ["## Scores", ""]
        for score in w["scores"]:
            band = f" — {score['band']}" if score["band"] else ""
            note = f" {score['note']}" if score["note"] else ""
            out.append(f"- {score['label']}: **{score['value']}**{band}.{note}")
        out.append("")
    out += ["## Answers", ""]
    if s.answers:
        out += ["| Question | Answer |", "| --- | --- |"]
        out += [f"| {_cell(a.question_text)} | {_cell(a.answer_text)} |" for a in s.answers]
    else:
        out.append("No answers yet.")
    out.append("")
    if w.get("safety_net"):
        out += ["## Safety net", "", *(f"- {line}" for line in w["safety_net"]), ""]
    if w.get("sources"):
        out += ["## Sources", "", *(f"- {src}" for src in w["sources"]), ""]
    out += ["## Details", "", *(f"- {k}: {v}" for k, v in details(s)), ""]
    out += [f"*{NOT_A_DIAGNOSIS}*", ""]
    return "\n".join(out)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


# JSON -----------------------------------------------------------------------------------


def as_json(s: Screening) -> dict[str, Any]:
    """The SPEC section 9 contract (null fields when unfinished) plus a `screening` block."""
    if s.result is not None:
        data = dict(s.result)
    else:
        data = {
            "tree": s.tree_id,
            "tree_version": s.tree_version,
            "outcome": None,
            "recommendation": None,
            "urgency": None,
            "add_on": None,
            "alternative": None,
            "triggers": [],
            "options": None,
            "profile": None,
            "scores": None,
            "answers": s.answer_values(),
            "path": None,
        }
    data["screening"] = {
        "id": s.id,
        "status": "finished" if s.finished else "unfinished",
        "mode": s.mode,
        "reference": s.reference,
        "clinician": s.clinician,
        "started_at": s.started_at,
        "finished_at": s.finished_at,
        "tree_title": s.tree_title,
        "app_version": s.app_version,
        "answers_in_words": [
            {"question": a.question, "text": a.question_text, "answer": a.answer_text}
            for a in s.answers
        ],
        "explanation": s.explanation,
        "disclaimer": NOT_A_DIAGNOSIS,
    }
    return data


def json_text(s: Screening) -> str:
    return json.dumps(as_json(s), indent=2, ensure_ascii=False) + "\n"


# HTML -----------------------------------------------------------------------------------

CSS = """
body { font: 11pt/1.45 system-ui, sans-serif; color: #111; max-width: 48rem; margin: 2rem auto;
       padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.1rem; border-bottom: 1px solid #999; margin-top: 1.6rem; }
.urgency { font-weight: bold; padding: .4rem .6rem; border-left: .4rem solid #555; }
.urgency-emergency { border-color: #b00; background: #fee; }
.urgency-urgent { border-color: #c60; background: #fff3e0; }
.urgency-routine { border-color: #06c; background: #eef5ff; }
.urgency-none { border-color: #080; background: #efe; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: .25rem .4rem; border-bottom: 1px solid #ddd; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; }
dt { font-weight: bold; }
.disclaimer { margin-top: 2rem; font-style: italic; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; }
               tr { break-inside: avoid; } }
"""


def page(s: Screening) -> str:
    """One printable HTML page with its style inline: no scripts, fonts or links to fetch."""
    e = html.escape
    title, urgency, recommendation = headline(s)
    w = s.explanation or {}
    level = s.urgency or "unfinished"
    body = [f"<h1>{e(title)}</h1>", f'<p class="urgency urgency-{e(level)}">{e(urgency)}</p>']
    if recommendation:
        body.append("<ul>" + "".join(f"<li>{e(line)}</li>" for line in recommendation) + "</ul>")
    if w.get("body"):
        body.append(f"<p>{e(w['body'])}</p>")

    def bullets(heading: str, items: list[str]) -> None:
        if items:
            body.append(f"<h2>{e(heading)}</h2><ul>")
            body.extend(f"<li>{e(item)}</li>" for item in items)
            body.append("</ul>")

    bullets("Why", w.get("reasons") or [])
    if w.get("options"):
        body.append("<h2>Treatment options</h2><ul>")
        for option in w["options"]:
            status = STATUS_WORDS.get(option["status"], option["status"])
            inner = "".join(f"<li>because: {e(r)}</li>" for r in option["reasons"])
            inner += "".join(f"<li>change: {e(m)}</li>" for m in option["modifications"])
            body.append(
                f"<li><strong>{e(option['label'])}</strong> ({e(status)}): {e(option['meaning'])}"
                + (f"<ul>{inner}</ul>" if inner else "")
                + "</li>"
            )
        body.append("</ul>")
    bullets("Profile (not a diagnosis)", w.get("profile") or [])
    if w.get("scores"):
        body.append("<h2>Scores</h2><ul>")
        for score in w["scores"]:
            band = f" — {e(score['band'])}" if score["band"] else ""
            note = f" {e(score['note'])}" if score["note"] else ""
            body.append(
                f"<li>{e(score['label'])}: <strong>{score['value']}</strong>{band}.{note}</li>"
            )
        body.append("</ul>")
    body.append("<h2>Answers</h2>")
    if s.answers:
        body.append("<table><thead><tr><th>Question</th><th>Answer</th></tr></thead><tbody>")
        body.extend(
            f"<tr><td>{e(a.question_text)}</td><td>{e(a.answer_text)}</td></tr>" for a in s.answers
        )
        body.append("</tbody></table>")
    else:
        body.append("<p>No answers yet.</p>")
    bullets("Safety net", w.get("safety_net") or [])
    bullets("Sources", w.get("sources") or [])
    body.append("<h2>Details</h2><dl>")
    body.extend(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in details(s))
    body.append("</dl>")
    body.append(f'<p class="disclaimer">{e(NOT_A_DIAGNOSIS)}</p>')
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)} — screening #{s.id}</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def render(s: Screening, fmt: str) -> str:
    """A report in one of FORMATS, or 'fhir' (a QuestionnaireResponse)."""
    if fmt == "markdown":
        return markdown(s)
    if fmt == "json":
        return json_text(s)
    if fmt == "html":
        return page(s)
    if fmt == "fhir":
        from decisionaid.exports.fhir import response_json

        return response_json(s)
    raise ValueError(f"unknown report format {fmt!r}")
