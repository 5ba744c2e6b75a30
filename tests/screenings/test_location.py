"""Where the store is: options beat variables beat defaults, URLs are read strictly, and a
password is never shown."""

from __future__ import annotations

import re
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


# --- passwords with reserved characters -------------------------------------------------
# libpq ends the user information at the FIRST `@` or `/`: written raw, a `/` made the rest
# of the URL (password and all) the host, port and database `shown` prints, and a second `@`
# made the password's tail the host. Such URLs are refused before any connection, by a
# message that repeats nothing of them.

FRAGMENTS = ("SEC", "RETPW", "sec", "retpw")


@pytest.mark.parametrize(
    "userinfo",
    [
        "u:SEC/RETPW",  # host 'u', port 'SEC', database 'RETPW@host:1/db' to libpq
        "u:SEC@RETPW",  # password 'SEC', host 'RETPW@host'
        "u:SEC?RETPW",
        "u:SEC#RETPW",
        "u:SEC@RE/TPW",  # host 'RE', database 'TPW@127.0.0.1:1/db'
        "u:SEC/RE@TPW",
        "u@SEC:RETPW",  # an @ in the user name
        "u:SEC%2FRE/TPW",  # partly encoded
    ],
)
@pytest.mark.parametrize("scheme", ["postgresql", "postgres"])
def test_a_raw_reserved_character_in_the_password_is_refused_showing_none_of_it(
    scheme, userinfo, tmp_path, monkeypatch
):
    url = f"{scheme}://{userinfo}@127.0.0.1:1/db"
    monkeypatch.setenv("DECISIONAID_DATA_DIR", str(tmp_path))
    for given in ({"database": url}, {}):
        if not given:
            monkeypatch.setenv("DECISIONAID_DATABASE", url)
        with pytest.raises(LocationError, match="must be percent-encoded") as caught:
            locate(**given)
        message = str(caught.value)
        assert "%2F" in message and "%40" in message  # says how to write it
        assert not any(f.lower() in message.lower() for f in FRAGMENTS), message
        assert "127.0.0.1" not in message and "TPW" not in message and "u:" not in message


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://ak:s3cret@db/x@y",  # an @ in the database name
        "postgresql://db/x?user=a@b",  # and in a query value
        "postgresql://ak:s3cret@db/x?application_name=a@b",
    ],
)
def test_an_at_sign_after_the_host_is_written_percent_encoded(url):
    with pytest.raises(LocationError, match="must be percent-encoded") as caught:
        parse(url)
    assert "s3cret" not in str(caught.value)
    assert parse(url.replace("x@y", "x%40y").replace("a@b", "a%40b")).kind == "postgresql"


@pytest.mark.parametrize(
    ("written", "password"),
    [
        ("SEC%2FRETPW", "SEC/RETPW"),
        ("SEC%2fRETPW", "SEC/RETPW"),  # lower-case hex
        ("SEC%40RETPW", "SEC@RETPW"),
        ("SEC%3FRETPW", "SEC?RETPW"),
        ("SEC%23RETPW", "SEC#RETPW"),
        ("SEC%3ARETPW", "SEC:RETPW"),
        ("SEC:RETPW", "SEC:RETPW"),  # the first `:` ends the user name: a raw one is fine
        ("SEC%25RETPW", "SEC%RETPW"),
        ("SEC%2F%40%3F%23%3A%25RETPW", "SEC/@?#:%RETPW"),
        ("%53EC/RETPW".replace("/", "%2F"), "SEC/RETPW"),  # needlessly encoded S
    ],
)
def test_a_percent_encoded_password_is_decoded_and_never_shown(written, password):
    from psycopg.conninfo import conninfo_to_dict

    url = f"postgresql://ak:{written}@db.clinic:5433/screenings?sslmode=require"
    where = parse(url)
    assert conninfo_to_dict(where.conninfo)["password"] == password
    assert where.shown == "postgresql://ak@db.clinic:5433/screenings"
    # A driver message may quote the password decoded, as written, or encoded either way.
    said = [
        password,
        written,
        re.sub("%[0-9A-F]{2}", lambda m: m[0].lower(), written),  # hex in either case
        re.sub("%[0-9a-f]{2}", lambda m: m[0].upper(), written),
        url,
        f"password={password}",
        password.replace("/", "%2f"),
        password.replace("/", "%2F").replace("@", "%40").replace(":", "%3A"),
    ]
    scrubbed = where.scrub(" | ".join(said))
    assert "RETPW" not in scrubbed.upper() and "SEC" not in scrubbed.upper(), scrubbed


def test_a_password_in_the_query_is_scrubbed_as_written_too():
    where = parse("postgresql://ak@db/x?password=SEC%2fRE%54PW&sslmode=require")
    assert where.shown == "postgresql://ak@db:5432/x"
    scrubbed = where.scrub("SEC/RETPW or SEC%2fRE%54PW or SEC%2FRETPW")
    assert "SEC" not in scrubbed and "RE" not in scrubbed, scrubbed


def test_a_url_with_no_host_whose_password_would_read_as_a_port_is_refused():
    """`postgresql://u:SEC/RETPW` (the @host forgotten) reads as host u, port SEC."""
    with pytest.raises(LocationError, match="port is not a number") as caught:
        parse("postgresql://u:SEC/RETPW")
    assert "SEC" not in str(caught.value) and "RETPW" not in str(caught.value)
    several = parse("postgresql://ak:pw@db1:5432,db2:5433/x")  # several hosts still work
    assert several.shown == "postgresql://ak@db1,db2:5432,5433/x"


def test_an_unreadable_password_says_how_to_write_it_without_echoing_it():
    with pytest.raises(LocationError, match="% as %25") as caught:
        parse("postgresql://ak:SEC%RETPW@db/x")
    assert "SEC" not in str(caught.value) and "RETPW" not in str(caught.value)


def test_a_password_is_scrubbed_with_any_of_its_characters_encoded():
    where = parse("postgresql://ak:p%C3%A4ss%20w%2Frd@db/x")
    said = "päss w/rd, p%c3%a4ss+w%2frd, p%C3%A4ss%20w/rd, päss%20w%2Frd"
    assert where.scrub(said) == "***, ***, ***, ***"
    assert where.scrub("nothing secret: pass word") == "nothing secret: pass word"
