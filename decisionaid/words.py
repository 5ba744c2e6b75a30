"""The plain words for a therapy status and an urgency, shared by the screens and reports.

Kept apart from `explain` so that reports (and `decisionaid history`) need no tree model:
the command line starts without importing pydantic.
"""

# What a treatment option's status means, in the words the interface and reports use.
STATUS_WORDS = {
    "suitable": "suitable",
    "modified": "possible, with changes",
    "caution": "talk to your physical therapist and doctor first",
    "not_indicated": "not likely to help",
    "excluded": "not for you at the moment",
}

URGENCY_WORDS = {
    "emergency": "Emergency: act now",
    "urgent": "Urgent: see a doctor within a day",
    "routine": "Routine: book a doctor's appointment in the next few weeks",
    "none": "No doctor's visit needed for this",
}
