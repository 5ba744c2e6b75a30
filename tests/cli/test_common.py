"""cli/common.py at its edges: where `-o` writes (names too long, names ending in /, escape
codes in a name), --data-dir and --database names too long, the folders a command creates on
the way (0700 each, whatever the umask), and folder variables set to white space."""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from decisionaid import cachefolder, settings
from decisionaid.cli import common
from decisionaid.cli.main import main
from decisionaid.engine import Session
from decisionaid.safetext import LONGEST_NAME, short_name
from decisionaid.screenings.recording import Recorder
from decisionaid.screenings.store import Store
from tests.conftest import umask
from tests.trees.test_migraine import BASE

TOO_LONG = "the file name is too long"
ESCAPES = "tt\x1b]0;PWNED\x07\x1b[31mred.html"
SHOWN = "tt\\x1b]0;PWNED\\x07\\x1b[31mred.html"


def cli(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


def mode_of(path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture
def saved(migraine, private_data_dir):
    """One finished screening, #1."""
    with Store.open() as store:
        session = Session(migraine)
        Recorder(store, session, mode="intake", reference="P-1").save()
        session.fill(BASE)
    return private_data_dir


@pytest.fixture
def here(tmp_path, monkeypatch):
    """An empty current folder, to see that nothing lands in it."""
    folder = tmp_path / "here"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


EXPORTS = [("export-questionnaire",), ("history", "export", "1")]


def refused(run, *words: str) -> None:
    assert run.exit_code == 2, run.output
    assert isinstance(run.exception, SystemExit), run.exception  # said, not a traceback
    for word in words:
        assert word in run.output, run.output


# --- names too long ---------------------------------------------------------------------


@pytest.mark.parametrize("args", EXPORTS)
@pytest.mark.parametrize("name", ["a" * 256, "é" * 128, "a" * 300, "missing/" + "a" * 300])
def test_an_output_name_too_long_is_refused_in_words(saved, here, args, name):
    run = cli(*args, "-o", name)
    refused(run, f"cannot write {short_name(name)}: {TOO_LONG}")
    assert "…(" in run.output or len(name) <= LONGEST_NAME  # cut in the middle
    assert list(here.iterdir()) == []


@pytest.mark.parametrize("args", EXPORTS)
@pytest.mark.parametrize("name", ["a" * 255, "é" * 127])  # 255 and 254 bytes: allowed
def test_an_output_name_just_short_enough_is_written(saved, here, args, name):
    run = cli(*args, "-o", name)
    assert run.exit_code == 0, run.output
    assert [p.name for p in here.iterdir()] == [name]
    assert mode_of(here / name) == 0o600
    assert f"wrote {short_name(name)}" in run.output


def test_a_path_too_long_as_a_whole_is_refused(saved, here):
    deep = "/".join(["d" * 200] * 25)  # each name fits; the path (5,000 characters) does not
    run = cli("export-questionnaire", "-o", deep + "/q.json")
    refused(run, TOO_LONG)


@pytest.mark.parametrize(
    "args",
    [
        ("history", "--data-dir", "{tmp}/" + "c" * 300),
        ("history", "--database", "sqlite:///{tmp}/" + "c" * 300),
        ("history", "--data-dir", "{tmp}/new/" + "c" * 256),
        ("history", "--database", "sqlite:///{tmp}/new/" + "c" * 256 + "/s.sqlite3"),
        ("history", "show", "1", "--data-dir", "{tmp}/" + "c" * 300),
        ("run", "--plain", "--no-save", "--data-dir", "{tmp}/" + "c" * 300),
    ],
)
def test_a_store_name_too_long_is_refused_in_words(tmp_path, args):
    args = tuple(a.replace("{tmp}", str(tmp_path)) for a in args)
    run = cli(*args)
    refused(run, "cannot use", TOO_LONG, "…(")
    assert not (tmp_path / "new").exists()  # refused before anything is made


def test_a_database_name_just_short_enough_is_used(tmp_path):
    path = tmp_path / ("c" * 255)
    run = cli("history", "--database", f"sqlite:///{path}")
    assert run.exit_code == 0 and "No saved screenings" in run.output


# --- a name ending in / is a folder -----------------------------------------------------


@pytest.mark.parametrize("args", EXPORTS)
@pytest.mark.parametrize("ending", ["/", "//", "/."])
def test_a_missing_folder_ending_in_a_slash_is_not_written_as_a_file(saved, tmp_path, args, ending):
    target = tmp_path / "ex" / "nonexist"
    target.parent.mkdir()
    run = cli(*args, "-o", f"{target}{ending}")
    refused(run, f"there is no folder {target}{ending}", "names a folder")
    assert list(target.parent.iterdir()) == []


@pytest.mark.parametrize("args", EXPORTS)
def test_a_file_named_with_a_slash_after_it_is_left_alone(saved, tmp_path, args):
    target = tmp_path / "r.html"
    target.write_text("keep me")
    run = cli(*args, "-o", f"{target}/", "--force")
    refused(run, f"there is no folder {target}/: {target} is a file, not a folder")
    assert target.read_text() == "keep me"


def test_an_existing_folder_with_a_slash_is_refused_where_a_file_is_wanted(tmp_path):
    """As it was before: export-questionnaire writes one file, never into a folder."""
    folder = tmp_path / "out"
    folder.mkdir()
    for name in (str(folder), f"{folder}/"):
        run = cli("export-questionnaire", "-o", name, "--force")
        refused(run, "is a directory")
    assert list(folder.iterdir()) == []


def test_an_existing_folder_with_a_slash_takes_the_reports(saved, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    run = cli("history", "export", "1", "-o", f"{folder}/")
    assert run.exit_code == 0, run.output
    assert [p.name for p in folder.iterdir()] == ["screening-1.html"]
    assert mode_of(folder / "screening-1.html") == 0o600


def test_a_missing_folder_for_a_file_is_still_named(tmp_path):
    run = cli("export-questionnaire", "-o", str(tmp_path / "nowhere" / "q.json"))
    refused(run, f"cannot write {tmp_path}/nowhere/q.json: there is no folder {tmp_path}/nowhere")


@pytest.mark.skipif(os.getuid() == 0, reason="root enters any folder")
def test_a_folder_that_cannot_be_entered_is_said_in_words(saved, tmp_path):
    closed = tmp_path / "closed"
    closed.mkdir(mode=0o000)
    try:
        run = cli("history", "export", "1", "-o", str(closed / "r.html"))
        refused(run, "permission denied")
    finally:
        closed.chmod(0o700)


# --- names on the terminal --------------------------------------------------------------


@pytest.mark.parametrize("args", EXPORTS)
def test_the_wrote_message_shows_escape_codes_never_sends_them(saved, here, args):
    run = cli(*args, "-o", ESCAPES)
    assert run.exit_code == 0, run.output
    assert f"wrote {SHOWN}" in run.output
    assert "\x1b" not in run.output and "\x07" not in run.output
    assert [p.name for p in here.iterdir()] == [ESCAPES]  # the file has the name it was given


def test_a_line_break_in_a_name_cannot_forge_a_line(saved, here):
    run = cli("export-questionnaire", "-o", "q.json\nwrote secrets.json")
    assert run.exit_code == 0
    assert "wrote q.json\\x0awrote secrets.json" in run.output


class _Terminal:
    def isatty(self) -> bool:
        return True


def test_the_replace_question_shows_escape_codes_never_sends_them(here, monkeypatch, capsys):
    (here / ESCAPES).write_text("keep me")
    asked = []

    def confirm(text, **kwargs):
        asked.append(text)
        return False

    monkeypatch.setattr(sys, "stdin", _Terminal())
    monkeypatch.setattr(common.click, "confirm", confirm)
    with pytest.raises(SystemExit) as exit_:
        common.write_output(Path(ESCAPES), "new")
    assert exit_.value.code == 2
    assert asked == [f"{SHOWN} already exists. Replace it?"]
    err = capsys.readouterr().err
    assert f"{SHOWN} already exists; nothing written" in err and "\x1b" not in err
    assert (here / ESCAPES).read_text() == "keep me"


def test_the_already_exists_message_shows_escape_codes(saved, here):
    (here / ESCAPES).write_text("keep me")
    run = cli("history", "export", "1", "-o", ESCAPES)
    refused(run, f"{SHOWN} already exists")
    assert "\x1b" not in run.output


# --- the folders a command creates ------------------------------------------------------


@pytest.fixture
def answers(tmp_path):
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump({"answers": BASE}))
    return path


@pytest.mark.parametrize("mask", [0o022, 0o000, 0o077])
@pytest.mark.parametrize("how", ["--data-dir", "--database"])
def test_every_folder_a_saved_screening_creates_is_private(tmp_path, answers, mask, how):
    top = tmp_path / "sq"
    top.mkdir(mode=0o755)
    top.chmod(0o755)  # there already: left as it is
    leaf = top / "dd1" / "dd2" / "dd3"
    where = str(leaf) if how == "--data-dir" else f"sqlite:///{leaf}/f.sqlite3"
    with umask(mask):
        run = cli("run", "--plain", "--save", "--answers", str(answers), how, where, input="")
    assert run.exit_code == 0, run.output
    assert "Saved as screening #1" in run.output
    assert mode_of(top) == 0o755
    for folder in (top / "dd1", top / "dd1" / "dd2", leaf):
        assert mode_of(folder) == 0o700, folder
    files = list(leaf.iterdir())  # the database, and SQLite's side files
    assert files and all(mode_of(file) == 0o600 for file in files)


@pytest.mark.parametrize("mask", [0o022, 0o000])
def test_every_folder_the_cache_creates_is_private(tmp_path, monkeypatch, mask):
    cache = tmp_path / "c1" / "c2" / "c3"
    monkeypatch.setenv(cachefolder.ENV_VAR, str(cache))
    with umask(mask):
        run = cli("export-questionnaire", "-o", "-")
    assert run.exit_code == 0
    for folder in (tmp_path / "c1", tmp_path / "c1" / "c2", cache):
        assert mode_of(folder) == 0o700, folder
    assert mode_of(tmp_path) == stat.S_IMODE(os.stat(tmp_path).st_mode)


def test_every_folder_the_settings_create_is_private(tmp_path, monkeypatch):
    config = tmp_path / "k1" / "k2"
    monkeypatch.setenv(settings.ENV_VAR, str(config))
    with umask(0o000):
        settings.remember_theme("light")
    assert mode_of(tmp_path / "k1") == mode_of(config) == 0o700
    assert mode_of(config / settings.FILE_NAME) == 0o600
    assert settings.theme() == "light"


# --- folder variables set to white space ------------------------------------------------


@pytest.mark.parametrize("variable", [cachefolder.ENV_VAR, settings.ENV_VAR])
@pytest.mark.parametrize("blank", ["", "  ", "\t"])
def test_a_blank_folder_variable_is_refused_as_the_data_folders_is(
    here, monkeypatch, capsys, variable, blank
):
    monkeypatch.setenv(variable, blank)
    with pytest.raises(SystemExit) as exit_:
        common.check_folder_variables()
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert f"${variable} is set but empty" in err and "unset it to use the default" in err
    assert list(here.iterdir()) == []


@pytest.mark.parametrize("blank", ["", "  "])
def test_a_blank_cache_or_config_variable_makes_no_folder_of_spaces(here, monkeypatch, blank):
    monkeypatch.setenv(cachefolder.ENV_VAR, blank)
    monkeypatch.setenv(settings.ENV_VAR, blank)
    assert cachefolder.cache_dir() is None  # nothing kept
    refused = cli("export-questionnaire", "-o", "-")  # every command refuses them first
    assert refused.exit_code == 2
    assert '$DECISIONAID_CACHE_DIR is set but empty: set it to a folder (or to "off"' in (
        refused.stderr
    )
    assert settings.load() == {} and settings.theme() == "dark"
    with pytest.raises(OSError, match=r"\$DECISIONAID_CONFIG_DIR is set but empty"):
        settings.remember_theme("light")
    assert list(here.iterdir()) == []


def test_folder_variables_that_name_something_pass(tmp_path, monkeypatch):
    monkeypatch.setenv(cachefolder.ENV_VAR, "off")
    monkeypatch.setenv(settings.ENV_VAR, str(tmp_path / " spaced "))
    common.check_folder_variables()  # no exit
    assert cachefolder.cache_dir() is None
    assert settings.config_dir() == tmp_path / " spaced "
    monkeypatch.delenv(cachefolder.ENV_VAR)
    monkeypatch.delenv(settings.ENV_VAR)
    common.check_folder_variables()
    assert cachefolder.cache_dir() is not None and settings.config_dir().name == "decisionaid"


def test_a_folder_on_the_way_that_cannot_be_looked_at_is_said_in_words(tmp_path, monkeypatch):
    """(Root enters any folder, so the system's refusal is played here.)"""
    real_stat = os.stat
    closed = str(tmp_path / "closed" / "r.html")

    def stat_(path, *args, **kwargs):
        if str(path) == closed:
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(common.os, "stat", stat_)
    assert common._output_problem(closed) == f"cannot write {closed}: permission denied"
