"""Private files: never written, created or tightened through a symbolic link."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from decisionaid.private import (
    LOCK_SAFE,
    NotAPlainFile,
    NotPrivate,
    holds_only,
    make_folders,
    own_file,
    own_folder,
    private_folder,
    write_private,
)
from tests.conftest import umask


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


# --- folders made on the way: each 0700, whatever the umask -----------------------------


@pytest.mark.parametrize("mask", [0o022, 0o000, 0o077, 0o277])
@pytest.mark.parametrize(
    "make", [make_folders, private_folder, lambda f: own_folder(f, tighten=True)]
)
def test_every_folder_made_on_the_way_is_0700(tmp_path, mask, make):
    """os.makedirs(mode=0o700) gave the mode to the last folder only: the ones above it were
    0755 (0777 under umask 000). Under umask 277 the owner could not even write in them."""
    top = tmp_path / "top"
    top.mkdir()
    top.chmod(0o755)
    leaf = top / "a" / "b" / "c"
    with umask(mask):
        make(leaf)
    assert mode_of(top) == 0o755  # there already: left as it is
    for folder in (top / "a", top / "a" / "b", leaf):
        assert stat.S_ISDIR(os.lstat(folder).st_mode)
        assert mode_of(folder) == 0o700, folder


def test_folders_that_exist_are_left_as_they_are(tmp_path):
    middle = tmp_path / "a" / "b"
    middle.mkdir(parents=True)
    (tmp_path / "a").chmod(0o751)
    middle.chmod(0o755)
    make_folders(middle / "c" / "d")
    assert (mode_of(tmp_path / "a"), mode_of(middle)) == (0o751, 0o755)
    assert mode_of(middle / "c") == mode_of(middle / "c" / "d") == 0o700
    make_folders(middle)  # all there: nothing changes
    assert mode_of(middle) == 0o755


def test_relative_folders_are_made_from_the_current_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with umask(0o000):
        make_folders(Path("r1/r2"))
        make_folders(Path("x/../y/./z"))
    assert mode_of(tmp_path / "r1") == mode_of(tmp_path / "r1" / "r2") == 0o700
    assert mode_of(tmp_path / "x") == mode_of(tmp_path / "y") == mode_of(tmp_path / "y" / "z")
    assert mode_of(tmp_path / "y") == 0o700


def test_an_existing_link_on_the_way_is_used_and_its_target_left_alone(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    (tmp_path / "link").symlink_to(shared)
    make_folders(tmp_path / "link" / "new" / "deeper")
    assert mode_of(shared) == 0o755
    assert mode_of(shared / "new") == mode_of(shared / "new" / "deeper") == 0o700


def test_a_link_planted_where_a_folder_is_being_made_is_not_followed(tmp_path, monkeypatch):
    """Someone who can write to the folder plants a link to their folder just as ours is to
    be made: it is refused, and nothing is made or changed in theirs."""
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    theirs.chmod(0o755)
    real_mkdir = os.mkdir

    def mkdir(name, mode=0o777, *, dir_fd=None):
        if name == "planted":
            os.symlink(theirs, name, dir_fd=dir_fd)
            raise FileExistsError(errno.EEXIST, "File exists", name)
        return real_mkdir(name, mode, dir_fd=dir_fd)

    monkeypatch.setattr(os, "mkdir", mkdir)
    with pytest.raises(OSError) as raised:
        make_folders(tmp_path / "ours" / "planted" / "deeper")
    assert raised.value.errno in (errno.ELOOP, errno.ENOTDIR)
    assert list(theirs.iterdir()) == [] and mode_of(theirs) == 0o755
    assert mode_of(tmp_path / "ours") == 0o700  # what was made before it stays ours


def test_a_folder_made_by_someone_else_a_moment_before_is_used(tmp_path, monkeypatch):
    real_mkdir = os.mkdir

    def mkdir(name, mode=0o777, *, dir_fd=None):
        real_mkdir(name, 0o755, dir_fd=dir_fd)
        os.chmod(name, 0o755, dir_fd=dir_fd)
        raise FileExistsError(errno.EEXIST, "File exists", name)

    monkeypatch.setattr(os, "mkdir", mkdir)
    make_folders(tmp_path / "raced")
    assert mode_of(tmp_path / "raced") == 0o755  # not ours: left as it is


def test_a_file_on_the_way_is_an_error_and_left_alone(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("keep")
    with pytest.raises(NotADirectoryError):
        make_folders(blocker / "sub")
    with pytest.raises(NotPrivate, match="not a folder"):
        own_folder(blocker, tighten=True)
    assert blocker.read_text() == "keep"


def test_a_name_too_long_is_an_error_and_nothing_is_made(tmp_path):
    with pytest.raises(OSError) as raised:
        make_folders(tmp_path / "new" / ("n" * 300))
    assert raised.value.errno == errno.ENAMETOOLONG


def test_a_folder_holding_anything_but_ours_is_never_tightened(tmp_path):
    """`--data-dir /etc` as root once made /etc 0700: a folder is tightened only while it
    holds nothing but what the aid keeps there (or nothing at all)."""
    folder = tmp_path / "etc"
    folder.mkdir()
    folder.chmod(0o755)
    (folder / "passwd").write_text("root:x:0:0\n")
    own_folder(folder, tighten=True, ours=("screenings.sqlite3*",))
    private_folder(folder, ours=("settings.json",))
    assert mode_of(folder) == 0o755
    (folder / "passwd").unlink()
    (folder / "screenings.sqlite3-wal").write_text("")
    own_folder(folder, tighten=True, ours=("screenings.sqlite3*",))
    assert mode_of(folder) == 0o700
    assert holds_only(tmp_path / "empty-and-missing", ()) is False
    (tmp_path / "empty").mkdir()
    assert holds_only(tmp_path / "empty", ())


def test_a_file_checked_without_tightening_is_left_as_it_was(tmp_path):
    named = tmp_path / "passwd"
    named.write_text("root:x:0:0\n")
    named.chmod(0o644)
    own_file(named, tighten=False)
    assert mode_of(named) == 0o644 and named.read_text() == "root:x:0:0\n"
    made = tmp_path / "new.sqlite3"
    own_file(made, tighten=False)  # made just now: ours, so 0600 whatever the umask
    assert mode_of(made) == 0o600


@pytest.mark.skipif(not LOCK_SAFE, reason="needs Linux's O_PATH and /proc/self/fd")
def test_checking_a_file_this_process_has_locked_keeps_the_lock(tmp_path):
    """Closing a descriptor drops every POSIX lock the process holds on the file: SQLite's
    locks on a database (and its -shm index) that this process has open were dropped by a
    second look at it, and another process rebuilt the index under it (SIGBUS)."""
    import fcntl
    import subprocess
    import sys

    path = tmp_path / "screenings.sqlite3-shm"
    path.write_bytes(b"\0" * 16)
    path.chmod(0o644)
    with open(path, "r+b") as held:
        fcntl.lockf(held, fcntl.LOCK_EX)
        own_file(path, create=False)  # checked and made 0600 ...
        assert mode_of(path) == 0o600
        probe = (
            "import fcntl, sys\n"
            "with open(sys.argv[1], 'r+b') as f:\n"
            "    try:\n"
            "        fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)\n"
            "    except OSError:\n"
            "        print('kept')\n"
            "    else:\n"
            "        print('dropped')\n"
        )
        run = subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True)
        assert run.stdout.decode().strip() == "kept"  # ... and the lock is still ours
