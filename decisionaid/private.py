"""Files and folders only their owner can read: saved screenings, reports, cached trees.

Nothing here follows a symbolic link to a file it creates or tightens: a temporary file is
created exclusively (never opened if something is already there), permissions are changed on
an open descriptor rather than through a path, and a target that is a symbolic link or not a
regular file is refused. Another user who can write to a shared folder can then make a write
fail, but never make it land on a file of theirs choosing.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path


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


def private_folder(folder: Path) -> None:
    """Create the folder 0700; tighten an existing one we own unless it is shared (sticky).

    A folder reached through a symbolic link is used but never tightened: the link's target
    is someone's choice, and changing its permissions could harm whatever else uses it.
    """
    folder = Path(folder)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
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


def unsafe_folder(folder: Path) -> str | None:
    """Why another user could plant files in this folder, or None when only we can.

    Used before reading anything whose content decides what the aid does (the compiled
    cache): a folder owned by someone else, or writable by group or others, does not count.
    """
    info = os.stat(folder)
    if not stat.S_ISDIR(info.st_mode):
        return f"{folder} is not a folder"
    if info.st_uid != os.getuid():
        return f"{folder} belongs to another user"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"{folder} can be written by other users"
    return None


def private_file(path: Path) -> None:
    """Create (or tighten) a regular file so that only its owner can read and write it.

    A symbolic link, a named pipe or a device at that path is refused (NotAPlainFile): it is
    never opened for writing, never waited on, never chmod-ed.
    """
    path = Path(path)
    flags = os.O_RDONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        fd = os.open(path, flags, 0o600)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _refuse(path, stat.S_IFLNK) from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise _refuse(path, info.st_mode)
        if stat.S_IMODE(info.st_mode) != 0o600:
            os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


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
