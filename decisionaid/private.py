"""Files and folders only their owner can read: saved screenings, reports, cached trees."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path


def private_folder(folder: Path) -> None:
    """Create the folder 0700; tighten an existing one we own unless it is shared (sticky)."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = folder.stat()
    shared = info.st_mode & stat.S_ISVTX
    if info.st_uid == os.getuid() and not shared and stat.S_IMODE(info.st_mode) != 0o700:
        folder.chmod(0o700)


def private_file(path: Path) -> None:
    """Create (or tighten) a file so that only its owner can read and write it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    os.close(fd)
    if stat.S_IMODE(path.stat().st_mode) != 0o600:
        path.chmod(0o600)


def write_private(path: Path, data: str | bytes) -> None:
    """Write a whole file (0600) through a temporary file and a rename, so a reader never
    sees half of it and an old copy is replaced at once."""
    path = Path(path)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    path.chmod(0o600)


# The screenings store checks its folder and files with these before it opens anything, so a
# planted symlink, a FIFO or someone else's folder is refused with a message instead of being
# followed, hung on, or written to.


class NotPrivate(Exception):
    """A path for private data cannot be used safely; the message says why."""


_KINDS = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def own_folder(folder: Path, *, tighten: bool) -> None:
    """Create `folder` (0700), or check that an existing one is a folder of ours that we may
    write to and no one else can: refuse one owned by another user, one made read-only, or a
    shared one (sticky and writable by all, like /tmp). With `tighten`, group and other
    permissions are taken away from it; without, only a folder others can write to is refused."""
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o700, parents=True)
    info = folder.stat()
    mode = stat.S_IMODE(info.st_mode)
    if not stat.S_ISDIR(info.st_mode):
        raise NotPrivate(f"{folder} is {_kind(info.st_mode)}, not a folder")
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
    if tighten and mode & 0o077:
        os.chmod(folder, 0o700)
    elif mode & 0o022:
        raise NotPrivate(f"other users can write to the folder {folder} (mode {mode:04o})")


def own_file(path: Path, *, create: bool = True) -> None:
    """Create `path` (0600) without following a symlink, or check that an existing one is a
    regular file of ours with no other names (hard links), and make it 0600 through the file
    itself. Without `create`, a missing file is left missing."""
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
            raise NotPrivate(f"{path} is {_kind(seen.st_mode)}, not a regular file")
        if seen.st_uid != os.getuid():
            raise NotPrivate(f"{path} belongs to another user (uid {seen.st_uid})")
        if seen.st_nlink > 1:
            raise NotPrivate(f"{path} has other names (hard links)")
        # O_NONBLOCK: should it have become a FIFO since, opening must not wait for a writer.
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        info = os.fstat(fd)
        if (info.st_dev, info.st_ino) != (seen.st_dev, seen.st_ino):
            os.close(fd)
            raise NotPrivate(f"{path} was replaced while it was being checked")
    try:
        if stat.S_IMODE(os.fstat(fd).st_mode) != 0o600:
            os.fchmod(fd, 0o600)
    finally:
        os.close(fd)
