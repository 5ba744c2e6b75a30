"""Where the store is: options beat variables beat defaults, URLs are read strictly, and a
password is never shown."""

from __future__ import annotations

from pathlib import Path

import pytest

from decisionaid.screenings.location import DB_NAME, LocationError, data_dir, locate, parse


def test_data_dir_option_beats_environment_beats_default(tmp_path, monkeypatch):
    monkeypatch.setenv("DECISIONAID_DATA_DIR", str(tmp_path / "env"))
    assert data_dir(tmp_path / "opt") == tmp_path / "opt"
    assert data_dir() == tmp_path / "env"
    monkeypatch.delenv("DECISIONAID_DATA_DIR")
    assert data_dir().name == "decisionaid"


def test_database_option_beats_data_dir_beats_database_variable(tmp_path, monkeypatch):
    monkeypatch.setenv("DECISIONAID_DATA_DIR", str(tmp_path / "env"))
    assert locate().path == tmp_path / "env" / DB_NAME
    assert locate().in_data_folder
    monkeypatch.setenv("DECISIONAID_DATABASE", "postgresql://ak@db.clinic/screenings")
    assert locate().kind == "postgresql"
    assert locate(tmp_path / "opt").path == tmp_path / "opt" / DB_NAME
    chosen = locate(tmp_path / "opt", f"sqlite:///{tmp_path}/x.sqlite3")
    assert chosen.path == tmp_path / "x.sqlite3" and not chosen.in_data_folder


@pytest.mark.parametrize("variable", ["DECISIONAID_DATA_DIR", "DECISIONAID_DATABASE"])
def test_a_variable_set_to_nothing_is_refused_not_read_as_the_default(
    tmp_path, monkeypatch, variable
):
    monkeypatch.setenv("DECISIONAID_DATA_DIR", str(tmp_path / "env"))
    monkeypatch.setenv(variable, " ")
    with pytest.raises(LocationError, match=f"\\${variable} is set but empty"):
        locate()
    assert locate(tmp_path / "opt").path == tmp_path / "opt" / DB_NAME  # options still win
    assert locate(database=f"sqlite:///{tmp_path}/x.sqlite3").path == tmp_path / "x.sqlite3"


def test_a_database_url_given_as_the_data_folder_is_refused(tmp_path, monkeypatch):
    """Before: `--data-dir postgresql://clinic:secret@host/db` made a folder of that name,
    password and all, where the command ran."""
    monkeypatch.chdir(tmp_path)
    url = "postgresql://clinic:s3cret@db.clinic:5432/screenings"
    with pytest.raises(LocationError, match="takes a folder, and this is a postgresql://") as no:
        locate(url)
    assert "s3cret" not in str(no.value)
    monkeypatch.setenv("DECISIONAID_DATA_DIR", "sqlite:///x.sqlite3")
    with pytest.raises(LocationError, match=r"^\$DECISIONAID_DATA_DIR takes a folder"):
        locate()
    assert list(tmp_path.iterdir()) == []
    folder = tmp_path / "a:b" / "notes"  # a colon alone is a folder name like any other
    assert locate(str(folder)).path == folder / DB_NAME


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("sqlite:///srv/data/s.sqlite3", "/srv/data/s.sqlite3"),
        ("sqlite:////srv/data/s.sqlite3", "/srv/data/s.sqlite3"),
        ("sqlite:data/s.sqlite3", "data/s.sqlite3"),
        ("SQLITE:///a%20b/s.sqlite3", "/a b/s.sqlite3"),
    ],
)
def test_sqlite_urls(url, path):
    assert parse(url).path == Path(path)


@pytest.mark.parametrize(
    "url",
    ["sqlite://host/s.sqlite3", "sqlite:///srv/", "sqlite:", "mysql://a:b@c/d", "/srv/s.sqlite3"],
)
def test_urls_we_cannot_use_are_refused(url):
    with pytest.raises(LocationError, match="sqlite:///"):
        parse(url)


def test_postgresql_urls_are_shown_without_their_password():
    where = parse("postgresql://ak:s3cr%2Ft@db.clinic:5433/screenings?sslmode=require")
    assert where.shown == "postgresql://ak@db.clinic:5433/screenings"
    assert where.shared
    message = "FATAL: password s3cr/t or s3cr%2Ft in postgresql://ak:s3cr%2Ft@db.clinic:5433/screenings?sslmode=require"
    assert "s3cr" not in where.scrub(message)
    assert parse("postgres://db/x").shown == "postgresql://db:5432/x"
    assert "hidden" not in parse("postgresql://ak@db/x?password=hidden").scrub("pw hidden")


def test_an_unreadable_postgresql_url_is_refused_without_echoing_it():
    with pytest.raises(LocationError) as caught:
        parse("postgresql://ak:topsecret@db/x?topsecret=1")
    assert "topsecret" not in str(caught.value)
