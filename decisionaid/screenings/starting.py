"""Starting a screening, the same in the interface and plain mode.

Whether a screening is kept (an intake always; a self-assessment with consent), which
unfinished one to offer for resuming, what may be typed as its patient reference and
clinician, and the Session with the Recorder that keeps it. Nothing is written before the
first answer, so a screening stopped before it leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from decisionaid.engine import Session
from decisionaid.graph import CompiledTree
from decisionaid.safetext import label_problem
from decisionaid.screenings.recording import Recorder, resume
from decisionaid.screenings.store import DamagedScreening, Screening, Store, StoreError, now

EMPTY_REFERENCE = (
    "Start without a patient reference? The screening will be hard to find again later."
)
# How the two typed labels are named in messages about them.
REFERENCE = "A patient reference"
CLINICIAN = "The clinician's name"


def kept(mode: str, consent: bool | None) -> bool:
    """Whether a screening in this mode is saved: an intake always, a self-assessment only
    when the person agreed."""
    return mode == "intake" or bool(consent)


def details_problem(reference: str, clinician: str) -> str | None:
    """Why a typed patient reference or clinician cannot be kept, in words; None if both can."""
    return label_problem(reference, REFERENCE) or label_problem(clinician, CLINICIAN)


@dataclass
class Walk:
    """A screening under way: its session, the recorder keeping it (None when it is not
    kept), its mode, notes about a resumed one (such as a changed tree), and when it began
    (what the report of an unsaved one gives as its start)."""

    session: Session
    recorder: Recorder | None
    mode: str
    notes: list[str] = field(default_factory=list)
    started_at: str = ""

    @property
    def screening_id(self) -> int | None:
        """The saved screening's number, once its first answer has been written."""
        return None if self.recorder is None else self.recorder.screening_id

    def stop_saving(self) -> None:
        if self.recorder is not None:
            self.recorder.detach()
            self.recorder = None


def begin(
    flow: CompiledTree,
    mode: str,
    *,
    store: Store | None = None,
    consent: bool | None = None,
    reference: str = "",
    clinician: str = "",
    source: Path | None = None,
    on_error: Callable[[StoreError], None] | None = None,
    new: bool = False,
) -> Walk:
    """A new screening, kept in `store` when the mode and consent say so (`new`: made on the
    waiting-room tablet, marked new until someone at the clinic opens it).

    Raises ValueError when the reference or clinician holds characters that cannot be kept
    (check them first with `details_problem`).
    """
    problem = details_problem(reference, clinician)
    if problem is not None:
        raise ValueError(problem)
    session = Session(flow)
    recorder = None
    if store is not None and kept(mode, consent):
        if mode == "intake" and clinician.strip() and not store.actor_named:
            # Who acts is who the intake names, not the computer's login (with no
            # --clinician or $DECISIONAID_CLINICIAN saying otherwise).
            store.actor = " ".join(clinician.split())
        recorder = Recorder(
            store,
            session,
            mode=mode,
            reference=reference,
            clinician=clinician,
            source=source,
            on_error=on_error,
            new=new,
        )
    return Walk(session, recorder, mode, started_at=now())


def offer(store: Store, flow: CompiledTree, mode: str | None = None) -> Screening | None:
    """The unfinished screening to offer for resuming: the latest one made with this tree,
    and in this mode when the mode was chosen before starting (None: any mode). Damaged
    records are passed over."""
    for listed in store.list(unfinished_only=True):
        if listed.damage or listed.tree_id != flow.tree.id or mode not in (None, listed.mode):
            continue
        try:
            found = store.get(listed.id)
        except DamagedScreening:
            continue  # listed as damaged in the history; nothing here to resume
        if found is not None:
            return found
    return None


def resume_saved(
    flow: CompiledTree,
    store: Store,
    screening_id: int,
    on_error: Callable[[StoreError], None] | None = None,
) -> Walk:
    """Pick a saved screening up where it was left, and keep saving into it.

    Raises StoreError when it cannot be read, no longer exists or belongs to another tree.
    """
    screening = store.get(screening_id)
    if screening is None:
        raise StoreError(f"screening #{screening_id} no longer exists")
    session, notes = resume(flow, screening)
    recorder = Recorder.resuming(store, session, screening, on_error)
    return Walk(session, recorder, screening.mode, notes, screening.started_at)
