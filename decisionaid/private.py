"""Files and folders only their owner can read: saved screenings, reports, cached trees."""

from __future__ import annotations

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
