"""A screening as JSON: the result contract of SPEC section 9 (null fields while unfinished)
plus a `screening` block with who and when and the typed explanation in its saved form."""

from __future__ import annotations

import json
from typing import Any

from decisionaid.layout import status, voice
from decisionaid.screenings.store import Screening


def as_json(s: Screening) -> dict[str, Any]:
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
        "id": s.id or None,
        "saved": bool(s.id),
        "status": "finished" if s.finished else "unfinished",
        "status_in_words": status(s),
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
        "explanation": s.explanation.to_data() if s.explanation is not None else None,
        "disclaimer": voice(s.mode).not_a_diagnosis,
    }
    return data


def render(s: Screening) -> str:
    return json.dumps(as_json(s), indent=2, ensure_ascii=False) + "\n"
