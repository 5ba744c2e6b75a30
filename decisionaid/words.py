"""The app's own words for statuses, urgencies, modes and times, in both modes' voices.

Self-assessment speaks to the person ("you"); therapist intake speaks to the therapist about
the patient, with clinical terms. Kept apart from the tree model so that reports (and
`decisionaid history`) start without importing pydantic.
"""

from __future__ import annotations

from datetime import datetime

# What a treatment option's status means.
STATUS_WORDS = {
    "suitable": "suitable",
    "modified": "possible, with changes",
    "caution": "discuss with your physical therapist and doctor first",
    "not_indicated": "not likely to help",
    "excluded": "not for you at the moment",
}
STATUS_WORDS_INTAKE = {
    "suitable": "suitable",
    "modified": "suitable with modifications",
    "caution": "precaution: discuss with the patient's doctor before treating",
    "not_indicated": "not indicated",
    # Not "contraindicated": the reason may be the patient's own preference (needles).
    "excluded": "not offered at present",
}

# How soon to see a doctor. "none" is never "no doctor needed": the same result may advise
# discussing prevention with a doctor.
URGENCY_WORDS = {
    "emergency": "Emergency: act now",
    "urgent": "Urgent: see a doctor within a day",
    "routine": "Routine: book a doctor's appointment in the next few weeks",
    "none": "No urgent doctor's visit needed; keep your doctor informed",
}
URGENCY_WORDS_INTAKE = {
    "emergency": "Emergency: send the patient to emergency care now",
    "urgent": "Urgent: the patient needs a medical review within 24 hours",
    "routine": "Routine: refer the patient to their doctor (appointment within weeks)",
    "none": "No urgent medical review needed; the patient keeps their doctor informed",
}

MODE_WORDS = {"self": "Self-assessment", "intake": "Therapist intake"}


def status_words(status: str, intake: bool = False) -> str:
    table = STATUS_WORDS_INTAKE if intake else STATUS_WORDS
    return table.get(status, status.replace("_", " "))


def urgency_words(urgency: str, intake: bool = False) -> str:
    table = URGENCY_WORDS_INTAKE if intake else URGENCY_WORDS
    return table.get(urgency, urgency)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"


def when(stamp: str | None) -> str:
    """A stored UTC time in local time, as people write it."""
    if not stamp:
        return "—"
    moment = datetime.fromisoformat(stamp).astimezone()
    return moment.strftime("%d %b %Y, %H:%M")
