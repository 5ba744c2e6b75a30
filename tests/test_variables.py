"""Environment variables that name a place: unset is None, set to nothing is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from decisionaid.variables import EmptyVariable, folder_variable, place_variable


@pytest.mark.parametrize("blank", ["", "  ", "\t"])
def test_a_variable_set_to_nothing_is_refused_with_what_to_set_it_to(monkeypatch, blank):
    monkeypatch.setenv("DECISIONAID_X", blank)
    with pytest.raises(EmptyVariable) as caught:
        place_variable("DECISIONAID_X", "where screenings are kept")
    assert str(caught.value) == (
        "$DECISIONAID_X is set but empty: set it to where screenings are kept, or unset it "
        "to use the default"
    )


def test_unset_and_set_variables_are_read_as_they_are(monkeypatch):
    monkeypatch.delenv("DECISIONAID_X", raising=False)
    assert place_variable("DECISIONAID_X") is None
    monkeypatch.setenv("DECISIONAID_X", " spaced folder ")
    assert place_variable("DECISIONAID_X") == " spaced folder "


def test_a_folder_variable_is_a_path_with_the_home_folder_expanded(monkeypatch):
    monkeypatch.setenv("DECISIONAID_X", "~/kept")
    assert folder_variable("DECISIONAID_X") == Path("~/kept").expanduser()
    monkeypatch.delenv("DECISIONAID_X")
    assert folder_variable("DECISIONAID_X") is None
