"""What can go wrong with saved screenings, as types: the edges (CLI, app, plain mode, serve)
turn them into messages and exit codes. No message ever holds a database password."""

from __future__ import annotations

from decisionaid.errors import DecisionAidError


class StoreError(DecisionAidError):
    """The store cannot be used, or cannot do this; the message says why and what to do."""


class DamagedScreening(StoreError):
    """One saved screening cannot be read back (the rest of the store is fine)."""

    def __init__(self, screening_id: int, damage: str):
        super().__init__(f"screening #{screening_id} is damaged ({damage}); it was skipped")
        self.screening_id = screening_id
        self.damage = damage


class ScreeningChanged(StoreError):
    """Someone else saved this screening since this process last read or wrote it."""

    def __init__(self, screening_id: int):
        super().__init__(
            f"screening #{screening_id} was changed elsewhere (another window or computer "
            "continued it) since it was opened here"
        )
        self.screening_id = screening_id


class KeptAsNew(StoreError):
    """Answers that could not go into a screening another process had continued were kept
    as a new screening instead. Nothing is lost; the person is told the new number."""

    def __init__(self, previous: int, screening_id: int):
        super().__init__(
            f"Screening #{previous} was continued somewhere else at the same time, so your "
            f"answers are kept as a new screening, #{screening_id}. Nothing was lost."
        )
        self.previous = previous
        self.screening_id = screening_id
