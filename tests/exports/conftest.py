"""Screenings of the layout test tree, saved or not, for the report tests."""

from __future__ import annotations

import pytest

from decisionaid.engine import Session
from decisionaid.screenings.recording import Recorder, snapshot
from decisionaid.screenings.store import Store
from tests.fixtures.answers import CASES


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "data") as opened:
        yield opened


@pytest.fixture
def saved(aid, store):
    """A screening of the test tree saved in a store, read back as any saved one is."""

    def _saved(answers, mode="intake", reference="P<1>", clinician="A&B"):
        session = Session(aid)
        recorder = Recorder(store, session, mode=mode, reference=reference, clinician=clinician)
        session.fill(answers)
        return store.get(recorder.screening_id)

    return _saved


@pytest.fixture
def unsaved(aid):
    def _unsaved(case, mode="self"):
        session = Session(aid)
        session.fill(CASES[case])
        return snapshot(session, mode=mode)

    return _unsaved
