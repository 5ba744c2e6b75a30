"""Private files: never written, created or tightened through a symbolic link."""

from __future__ import annotations

import os
import stat

import pytest

from decisionaid.private import NotAPlainFile, NotPrivate, own_file, own_folder, write_private


def mode_of(path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture
def victim(tmp_path):
    """Someone else's file, readable by all, that a planted link points at."""
    path = tmp_path / "victim.txt"
    path.write_text("precious")
    path.chmod(0o644)
    return path


def test_a_write_is_whole_and_private(tmp_path):
    target = tmp_path / "report.html"
    write_private(target, "<p>one</p>")
    write_private(target, "<p>two</p>")
    assert target.read_text() == "<p>two</p>"
    assert mode_of(target) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temporary left


def test_planted_temporary_links_are_not_followed(tmp_path, victim):
    """The old fixed temporary name (.NAME.PID.tmp), planted as a link, is left alone."""
    target = tmp_path / "report.html"
    for pid in range(os.getpid() - 2, os.getpid() + 3):
        (tmp_path / f".report.html.{pid}.tmp").symlink_to(victim)
    write_private(target, "new")
    assert victim.read_text() == "precious"
    assert mode_of(victim) == 0o644
    assert target.read_text() == "new"


def test_a_target_that_is_a_link_is_refused(tmp_path, victim):
    target = tmp_path / "report.html"
    target.symlink_to(victim)
    with pytest.raises(NotAPlainFile, match="symbolic link"):
        write_private(target, "new")
    assert victim.read_text() == "precious"
    assert target.is_symlink()


def test_a_target_that_is_a_fifo_is_refused(tmp_path):
    target = tmp_path / "pipe"
    os.mkfifo(target)
    with pytest.raises(NotAPlainFile, match="named pipe"):
        write_private(target, "new")
    assert stat.S_ISFIFO(os.lstat(target).st_mode)


def test_a_failed_write_leaves_no_temporary(tmp_path):
    with pytest.raises(TypeError):
        write_private(tmp_path / "x", 42)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_own_file_never_tightens_through_a_link(tmp_path, victim):
    link = tmp_path / "db"
    link.symlink_to(victim)
    with pytest.raises(NotPrivate, match="symbolic link"):
        own_file(link)
    assert mode_of(victim) == 0o644


def test_own_file_does_not_wait_on_a_fifo(tmp_path):
    pipe = tmp_path / "db"
    os.mkfifo(pipe, 0o644)
    with pytest.raises(NotPrivate, match="named pipe"):
        own_file(pipe)  # would block forever if opened for writing
    assert mode_of(pipe) == 0o644


def test_own_folder_never_tightens_through_a_link(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    link = tmp_path / "data"
    link.symlink_to(shared)
    own_folder(link, tighten=True)
    assert mode_of(shared) == 0o755
    own_folder(shared, tighten=True)
    assert mode_of(shared) == 0o700


def test_folders_others_can_write_are_refused_unless_ours_to_tighten(tmp_path):
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    folder.chmod(0o777)
    with pytest.raises(NotPrivate, match="other users can write"):
        own_folder(folder, tighten=False)
    own_folder(folder, tighten=True)
    assert mode_of(folder) == 0o700
    if os.getuid() == 0:
        os.chown(folder, 12345, 12345)
        with pytest.raises(NotPrivate, match="another user"):
            own_folder(folder, tighten=True)


def test_a_small_json_object_is_read_and_anything_else_is_none(tmp_path):
    from decisionaid.private import read_json_object

    good = tmp_path / "good.json"
    good.write_text('{"theme": "Dark"}')
    assert read_json_object(good, 100) == {"theme": "Dark"}
    assert read_json_object(good, 5) == {}  # larger than allowed
    assert read_json_object(tmp_path / "missing.json", 100) == {}
    for name, text in (("list.json", "[1]"), ("broken.json", "{"), ("bytes.json", "\udcff")):
        (tmp_path / name).write_text(text, errors="surrogateescape")
        assert read_json_object(tmp_path / name, 100) == {}
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    assert read_json_object(fifo, 100) == {}  # returns at once: never waits for a writer
    assert read_json_object(tmp_path, 100) == {}  # a folder
