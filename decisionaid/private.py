"""Files and folders only their owner can read: saved screenings, reports, cached trees.

Nothing here follows a symbolic link to a file it creates or tightens: a temporary file is
created exclusively (never opened if something is already there), permissions are changed on
an open descriptor rather than through a path, and a target that is a symbolic link or not a
regular file is refused. Another user who can write to a shared folder can then make a write
fail, but never make it land on a file of theirs choosing.
"""

from __future__ import annotations

import errno
import fnmatch
import json
import os
import stat
from pathlib import Path
from typing import Any


class NotAPlainFile(OSError):
    """A path we were to write or tighten that is a symbolic link or not a regular file.

    An OSError, so that every caller that reports a failed write reports this one too.
    """


def kind_of(mode: int) -> str:
    """What a file is, in words, from its `st_mode`."""
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _refuse(path: Path, mode: int) -> NotAPlainFile:
    return NotAPlainFile(errno.EPERM, f"is {kind_of(mode)}, not a regular file; left alone", path)


# What opens a folder we are working in: never a symbolic link, never anything but a folder.
_FOLDER_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


def holds_only(folder: Path, ours: tuple[str, ...]) -> bool:
    """Whether every entry in `folder` is named as one of ours (`fnmatch` patterns): a folder
    of ours to tighten, not one a person pointed the aid at that holds other things too
    (`--data-dir /etc` as root once made /etc 0700; `--database sqlite:////etc/passwd` made
    /etc/passwd 0600). An empty folder holds only ours."""
    try:
        with os.scandir(folder) as entries:
            return all(any(fnmatch.fnmatchcase(e.name, p) for p in ours) for e in entries)
    except OSError:
        return False


def private_folder(folder: Path, ours: tuple[str, ...] = ()) -> None:
    """Create the folder 0700 (and every missing one above it); tighten an existing one we
    own unless it is shared (sticky) or holds anything but files named as `ours`.

    A folder reached through a symbolic link is used but never tightened: the link's target
    is someone's choice, and changing its permissions could harm whatever else uses it.
    """
    folder = Path(folder)
    make_folders(folder)
    if not holds_only(folder, ours):
        return
    try:
        fd = os.open(folder, _FOLDER_FLAGS)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR) and folder.is_dir():
            return  # a symbolic link to a folder
        raise
    try:
        info = os.fstat(fd)
        shared = info.st_mode & stat.S_ISVTX
        if info.st_uid == os.getuid() and not shared and stat.S_IMODE(info.st_mode) != 0o700:
            os.fchmod(fd, 0o700)
    finally:
        os.close(fd)


def make_folders(folder: Path) -> None:
    """Create `folder` and every missing folder above it, each one 0700 whatever the umask.

    `os.makedirs(mode=...)` gives the mode to the last folder alone (those above it follow
    the umask: 0755, or 0777 under umask 000), so each missing level is made here, one at a
    time, inside the one above it (opened as a folder, never through a symbolic link), and
    set to 0700 through the new folder itself. Folders that already exist are left as they
    are, whoever's they are: only what this creates is made private. A folder that appears
    meanwhile is used only if it is a folder, not a symbolic link (OSError otherwise).
    """
    folder = Path(folder)
    parts = folder.parts
    # The deepest part of the path that exists already (what is missing is below it).
    have = len(parts)
    while have > 0:
        try:
            os.stat(Path(*parts[:have]))
            break
        except FileNotFoundError:
            have -= 1
    if have == len(parts):
        return  # nothing to create; what is there is checked by the caller
    base = Path(*parts[:have]) if have else Path(".")
    parent = os.open(base, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for name in parts[have:]:
            try:
                os.mkdir(name, 0o700, dir_fd=parent)
                made = True
            except FileExistsError:
                made = False  # made by someone else a moment ago, or "..": not ours to change
            child = os.open(name, _FOLDER_FLAGS, dir_fd=parent)
            os.close(parent)
            parent = child
            if made and stat.S_IMODE(os.fstat(child).st_mode) != 0o700:
                os.fchmod(child, 0o700)  # the umask took more than group and other access
    finally:
        os.close(parent)


def check_target(path: Path) -> None:
    """Refuse to replace a symbolic link or anything but a regular file (NotAPlainFile)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if not stat.S_ISREG(info.st_mode):
        raise _refuse(Path(path), info.st_mode)


def write_private(path: Path, data: str | bytes) -> None:
    """Write a whole file (0600) through a temporary file and a rename, so a reader never
    sees half of it and an old copy is replaced at once.

    The temporary file has a name nobody can guess, is created exclusively and 0600 from the
    start, and is flushed to disk before the rename (and the rename before we return), so a
    crash leaves the old file or the new one, never a torn one.
    """
    path = Path(path)
    check_target(path)
    import tempfile  # here: the first screen reads through this module, and needs none of it

    fd, temp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            handle.flush()
            os.fchmod(handle.fileno(), 0o600)
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make a rename in this folder durable (best effort: not every system allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# The screenings store checks its folder and files with these before it opens anything, and
# the compiled cache its folder, so a planted symlink, a FIFO or someone else's folder is
# refused with a message instead of being followed, hung on, or written to.


class NotPrivate(Exception):
    """A path for private data cannot be used safely; the message says why."""


def own_folder(folder: Path, *, tighten: bool, ours: tuple[str, ...] = ()) -> None:
    """Create `folder` (0700, as is every missing folder above it), or check that an existing
    one is a folder of ours that we may write to and no one else can: refuse one owned by
    another user, one made read-only, or a shared one (sticky and writable by all, like
    /tmp). With `tighten`, group and other permissions are taken away from it (never through
    a symbolic link: the folder it leads to is someone's choice, and may serve others);
    without, only a folder others can write to is refused."""
    make_folders(folder)
    info = folder.stat()
    mode = stat.S_IMODE(info.st_mode)
    if not stat.S_ISDIR(info.st_mode):
        raise NotPrivate(f"{folder} is {kind_of(info.st_mode)}, not a folder")
    if info.st_uid != os.getuid():
        raise NotPrivate(f"the folder {folder} belongs to another user (uid {info.st_uid})")
    if mode & 0o700 != 0o700:
        what = "is read-only" if not mode & 0o200 else "cannot be read or entered by its owner"
        raise NotPrivate(
            f"the folder {folder} {what} (mode {mode:04o}); make it 0700 (chmod 700) if "
            "screenings should be kept there"
        )
    if mode & 0o022 and info.st_mode & stat.S_ISVTX:
        raise NotPrivate(f"the folder {folder} is shared with other users (like /tmp)")
    if tighten and mode & 0o077 and holds_only(folder, ours) and _tighten_folder(folder):
        return
    if mode & 0o022:
        raise NotPrivate(f"other users can write to the folder {folder} (mode {mode:04o})")


def _tighten_folder(folder: Path) -> bool:
    """Make a folder 0700 through the folder itself; False when it is a symbolic link."""
    try:
        fd = os.open(folder, _FOLDER_FLAGS)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            return False
        raise
    try:
        os.fchmod(fd, 0o700)
    finally:
        os.close(fd)
    return True


# Closing any descriptor of a file drops every POSIX lock this process holds on it, and
# SQLite keeps its locks so: a second look at a database this process has open (its file,
# or the -shm file that holds the WAL index locks) would take them away, and another
# process could then rebuild the index under it (a crash with SIGBUS, seen in a test). On
# Linux an existing file is checked and tightened through an O_PATH descriptor, whose close
# drops no lock (the mode is changed through /proc/self/fd, on that very file).
LOCK_SAFE = hasattr(os, "O_PATH") and os.path.isdir("/proc/self/fd")


def own_file(path: Path, *, create: bool = True, tighten: bool = True) -> None:
    """Create `path` (0600) without following a symlink, or check that an existing one is a
    regular file of ours with no other names (hard links), and make it 0600 through the file
    itself. Without `create`, a missing file is left missing; without `tighten`, an existing
    one is checked only (until the caller knows it is its own: a file named by mistake is
    left as it was)."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        fd = os.open(path, flags, 0o600) if create else None
    except FileExistsError:
        fd = None
    if fd is None:
        try:
            seen = os.lstat(path)
        except FileNotFoundError:
            if create:
                raise
            return
        if not stat.S_ISREG(seen.st_mode):
            raise NotPrivate(f"{path} is {kind_of(seen.st_mode)}, not a regular file")
        if seen.st_uid != os.getuid():
            raise NotPrivate(f"{path} belongs to another user (uid {seen.st_uid})")
        if seen.st_nlink > 1:
            raise NotPrivate(f"{path} has other names (hard links)")
        # O_NONBLOCK: should it have become a FIFO since, opening must not wait for a writer.
        if LOCK_SAFE:
            fd = os.open(path, os.O_PATH | os.O_NOFOLLOW | os.O_CLOEXEC)
        else:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        info = os.fstat(fd)
        if (info.st_dev, info.st_ino) != (seen.st_dev, seen.st_ino) or not stat.S_ISREG(
            info.st_mode
        ):
            os.close(fd)
            raise NotPrivate(f"{path} was replaced while it was being checked")
        path_only = LOCK_SAFE
    else:
        tighten, path_only = True, False  # made just now: ours, whatever the umask left
    try:
        if tighten and stat.S_IMODE(os.fstat(fd).st_mode) != 0o600:
            if path_only:
                os.chmod(f"/proc/self/fd/{fd}", 0o600)
            else:
                os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


def read_json_object(path: Path, most_bytes: int) -> dict[str, Any]:
    """A small JSON object we keep for ourselves (settings, remembered titles), or {} when it
    is missing, unreadable, too large, not an object, or not a regular file. Opened without
    blocking, so a FIFO planted in its place cannot hang the start."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as file:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return {}
            text = file.read(most_bytes + 1)
        data = json.loads(text) if len(text) <= most_bytes else None
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
