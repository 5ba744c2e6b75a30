"""A saved screening in a few words: the line that offers to resume it, and its row in lists.

The History screen and `decisionaid history` show the same rows; the welcome screen and plain
mode offer an unfinished screening in the same words.
"""

from __future__ import annotations

from decisionaid.screenings.store import Screening
from decisionaid.words import MODE_WORDS, plural, when

# Most important first, so that a narrow screen, which cuts the list at its right edge, keeps
# what an intake needs: who, how urgent, whether it is finished, then what was suggested.
HEADERS = (
    "id",
    "started",
    "reference",
    "urgency",
    "status",
    "recommendation",
    "clinician",
    "mode",
)


def unfinished_words(screening: Screening) -> str:
    """One line about an unfinished screening, for the offer to resume it."""
    label = f" for {screening.reference}" if screening.reference else ""
    return (
        f"#{screening.id}, {MODE_WORDS[screening.mode].lower()}{label}, last changed "
        f"{when(screening.updated_at)}, {plural(screening.answer_count, 'answer')}"
    )


def recommendation_words(screening: Screening) -> str:
    """The recommendation in short, with a therapy alongside the doctor when there is one."""
    result = screening.result
    if not result or not result.get("recommendation"):
        return "—"
    words = result["recommendation"].replace("_", " ")
    if result.get("add_on"):
        words += " + " + result["add_on"].replace("_", " ")
    return words


def summary_row(s: Screening) -> tuple[str, ...]:
    """One screening as the columns of a list (HEADERS); a damaged one says so."""
    if s.damage:
        return (str(s.id), "—", "—", "—", f"damaged: {s.damage}", "—", "—", "—")
    status = "finished" if s.finished else f"unfinished ({plural(s.answer_count, 'answer')})"
    return (
        str(s.id),
        when(s.started_at),
        s.reference or "—",
        s.urgency or "—",
        f"new, {status}" if s.new else status,
        recommendation_words(s),
        s.clinician or "—",
        s.mode,
    )
