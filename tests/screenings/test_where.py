"""Where screenings are kept and who can see them, said the same way everywhere, naming a
database by its host and never by its credentials."""

from __future__ import annotations

from decisionaid.screenings import where
from decisionaid.screenings.store import Store

CLINIC = "postgresql://ak:pa55word@db.clinic.example:6543/screenings"


def test_a_database_is_named_by_its_host_only():
    keeping = where.in_database(CLINIC)
    for words in (
        keeping.place,
        keeping.detail,
        where.welcome_words(keeping),
        where.welcome_words(keeping, served=True),
        where.welcome_words(keeping, kiosk=True),
        where.page_words(keeping, kiosk=True),
    ):
        assert "db.clinic.example" in words
        assert "pa55word" not in words and "ak" not in words.split() and "6543" not in words
    assert where.in_database("postgresql:///screenings").database_host == where.this_computer()


def test_the_terminal_says_nothing_leaves_this_computer(tmp_path):
    with Store.open(tmp_path) as store:
        keeping = where.of_store(store)
    assert keeping.folder == tmp_path and keeping.detail.startswith(str(tmp_path))
    words = where.welcome_words(keeping)
    assert words.startswith("Nothing leaves this computer.") and "only your user account" in words
    assert where.welcome_words(None) == "Nothing leaves this computer, and nothing is saved."


def test_served_and_kiosk_words_name_the_computer_and_who_reads(tmp_path):
    keeping = where.in_folder(tmp_path)
    computer = where.this_computer()
    served = where.welcome_words(keeping, served=True)
    assert f"go only to {computer}" in served and "If you keep them" in served
    kiosk = where.welcome_words(keeping, served=True, kiosk=True)
    assert "kept for the clinic" in kiosk and f"signed in to {computer}" in kiosk
    assert "If you keep" not in kiosk  # on the tablet, keeping is not a choice
    assert "Nothing is saved" in where.page_words(None)
