"""Keep a Session saved in the Store after every move, and pick a saved one up again.

The interface and the line-by-line mode both use this, so they save and resume alike.

A screening is continued by one process at a time: every save names the revision this
Recorder last saw, and when another process (a second window, another computer) has saved the
screening since, the answers here are not written over its work but kept as a new screening,
and `on_error` is told with a `KeptAsNew` that names it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from decisionaid.engine import Session
from decisionaid.errors import AnswerError
from decisionaid.explain import answer_in_words, explain, pending
from decisionaid.explanation import Explanation
from decisionaid.graph import CompiledTree
from decisionaid.model import Question
from decisionaid.screenings.store import (
    KeptAsNew,
    SavedAnswer,
    Screening,
    ScreeningChanged,
    Store,
    StoreError,
    now,
)


def saved_answers(session: Session, start: int = 0, mode: str = "self") -> list[SavedAnswer]:
    """The answers on the walked path (from position `start` on), each with its words as
    shown in the screening's mode."""
    intake = mode == "intake"
    out = []
    for qid in session.answered_ids(start):
        value = session.answer_on_path(qid)
        question = session.tree.nodes[qid]
        assert isinstance(question, Question)
        text = question.intake.text if intake and question.intake else None
        out.append(
            SavedAnswer(
                qid,
                value,
                " ".join((text or question.text).split()),
                answer_in_words(question, value, intake),
                question.type,
            )
        )
    return out


def outcome_record(session: Session, mode: str) -> tuple[dict[str, Any] | None, Explanation]:
    """(result contract or None, the explanation in words). Before the walk ends the
    explanation holds only the aid's own details, so even an unfinished report has them."""
    if not session.finished:
        return None, pending(session.tree, mode)
    outcome = session.result()
    return outcome.contract(), explain(session.tree, outcome, mode)


def snapshot(
    session: Session,
    *,
    mode: str,
    reference: str = "",
    clinician: str = "",
    started_at: str | None = None,
    screening_id: int = 0,
) -> Screening:
    """A Screening of a session as it stands, not read from the store: for a result shown
    or reported when the person chose not to save (`screening_id` 0), or when the store
    cannot be read just now."""
    from decisionaid import __version__

    tree = session.tree
    stamp = now()
    result, explanation = outcome_record(session, mode)
    answers = saved_answers(session, mode=mode)
    return Screening(
        id=screening_id,
        tree_id=tree.id,
        tree_version=tree.version,
        tree_source=None,
        tree_title=tree.main.title,
        app_version=__version__,
        mode=mode,
        reference=reference,
        clinician=clinician,
        started_at=started_at or stamp,
        updated_at=stamp,
        finished_at=stamp if session.finished else None,
        current=session.current_id,
        result=result,
        explanation=explanation,
        answers=answers,
        answer_count=len(answers),
    )


def current(
    session: Session,
    recorder: Recorder | None,
    *,
    mode: str,
    reference: str = "",
    clinician: str = "",
    started_at: str | None = None,
) -> Screening:
    """The screening of a session as saved (when it is being saved), for its result and
    reports; an unsaved snapshot otherwise, or when the store cannot be read."""
    if recorder is not None and recorder.screening_id is not None:
        try:
            saved = recorder.store.get(recorder.screening_id)
        except StoreError:
            saved = None
        if saved is not None:
            return saved
        return snapshot(
            session,
            mode=recorder.mode,
            reference=recorder.reference,
            clinician=recorder.clinician,
            screening_id=recorder.screening_id,
        )
    return snapshot(
        session, mode=mode, reference=reference, clinician=clinician, started_at=started_at
    )


class Recorder:
    """Writes one screening: created at the first save, then updated at every move."""

    def __init__(
        self,
        store: Store,
        session: Session,
        *,
        mode: str,
        reference: str = "",
        clinician: str = "",
        source: Path | None = None,
        screening_id: int | None = None,
        on_error: Callable[[StoreError], None] | None = None,
        new: bool = False,
        revision: int | None = None,
    ):
        self.store = store
        self.session = session
        self.mode = mode
        self.reference = reference
        self.clinician = clinician
        self.source = source
        self.screening_id = screening_id
        self.on_error = on_error
        self.new = new  # kiosk: marked "new" until a clinician opens it
        # The revision last seen in the store; None until this Recorder has saved.
        self.revision = revision
        self._resumed = False
        # How many leading answers in the store still match the session: only the rest is
        # written at the next save, so a step costs the same however long the walk.
        self._stored = 0
        session.observers.append(self._on_change)

    @classmethod
    def resuming(
        cls,
        store: Store,
        session: Session,
        screening: Screening,
        on_error: Callable[[StoreError], None] | None = None,
    ) -> Recorder:
        """Keep saving into an existing screening (after `resume()`), synced at once (and
        recorded as resumed). If another process continued it meanwhile, the answers are kept
        as a new screening and `on_error` is told (without `on_error`, KeptAsNew is raised
        after they are safe)."""
        recorder = cls(
            store,
            session,
            mode=screening.mode,
            reference=screening.reference,
            clinician=screening.clinician,
            screening_id=screening.id,
            on_error=on_error,
            revision=screening.revision,
        )
        recorder._resumed = True
        recorder._report(recorder._save_or_keep_as_new)
        return recorder

    def detach(self) -> None:
        if self._on_change in self.session.observers:
            self.session.observers.remove(self._on_change)

    def save(self) -> int:
        """Save now (creating the screening if needed); return its id. Raises
        ScreeningChanged if another process saved this screening since this one did."""
        session = self.session
        if self.screening_id is None:
            tree = session.tree
            self.screening_id = self.store.create(
                tree_id=tree.id,
                tree_version=tree.version,
                tree_title=tree.main.title,
                tree_source=str(self.source) if self.source else None,
                mode=self.mode,
                reference=self.reference,
                clinician=self.clinician,
                current=session.current_id,
                new=self.new,
            )
            self.revision = 0
        result, explanation = outcome_record(session, self.mode)
        start = min(self._stored, session.answered)
        self.revision = self.store.save(
            self.screening_id,
            answers=saved_answers(session, start, self.mode),
            start=start,
            current=session.current_id,
            result=result,
            explanation=explanation,
            revision=self.revision,
            resumed=self._resumed,
        )
        self._resumed = False
        self._stored = session.answered
        return self.screening_id

    def _save_or_keep_as_new(self) -> None:
        try:
            self.save()
        except ScreeningChanged:
            previous = self.screening_id
            assert previous is not None
            self.screening_id = self.revision = None
            self._stored = 0
            self._resumed = False
            self.save()
            assert self.screening_id is not None  # the save above gave it a number
            raise KeptAsNew(previous, self.screening_id) from None

    def _report(self, action: Callable[[], None]) -> None:
        try:
            action()
        except StoreError as exc:
            if self.on_error is None:
                raise
            self.on_error(exc)

    def _on_change(self, session: Session) -> None:
        # Answers past `kept` changed in this move; they are stale in the store until saved
        # (a failed save leaves them stale, so the next one rewrites them too).
        self._stored = min(self._stored, session.kept)
        self._report(self._save_or_keep_as_new)


def resume(flow: CompiledTree, screening: Screening) -> tuple[Session, list[str]]:
    """A Session standing where the screening was left, and notes on anything that changed."""
    tree = flow.tree
    if screening.tree_id != tree.id:
        raise StoreError(
            f"screening {screening.id} was made with the tree '{screening.tree_id}', "
            f"not '{tree.id}'; open that tree to resume it"
        )
    notes = []
    if screening.tree_version != tree.version:
        notes.append(
            f"This screening was started with version {screening.tree_version} of the tree; "
            f"this is version {tree.version}. Answers were carried over where they still fit."
        )
    session = Session(flow)
    try:
        session.fill(screening.answer_values(), stop_at=screening.current)
    except AnswerError as exc:
        notes.append(f"An earlier answer no longer fits this version of the tree: {exc}")
    return session, notes
