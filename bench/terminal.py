"""A program in a pseudo-terminal, timed by what it draws: the screen benchmarks' harness.

The program runs as it would in a person's terminal (a real pty of 80×24, Textual's own
terminal driver, every frame written and encoded); the benchmark types keys into it and
reads what it writes back. A mark is reached when the text written since the last key,
with the terminal's control sequences taken out, holds every pattern asked for: the moment
the new screen (or the typed character) is on the terminal, not when the program believes it
has drawn it. A reference program and a contender are timed by the same code, so their ratio
is fair whatever the machine's load.
"""

from __future__ import annotations

import codecs
import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import termios
import time
from collections.abc import Sequence

# Control sequences: CSI (cursor moves, colours, modes), OSC (titles, clipboard), and the
# two-character escapes (character sets, keypad modes).
CONTROL = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    r"|\x1bP[^\x1b]*\x1b\\"
    r"|\x1b[()][0-9A-Za-z]"
    r"|\x1b[=>78DEHMNOZc]"
    r"|[\x00-\x08\x0b-\x1f\x7f]"
)

ENTER = "\r"
BACKSPACE = "\x7f"


class Gone(RuntimeError):
    """The program ended (or stopped drawing) before the mark."""


def seen(raw: str) -> str:
    """What a person would read in `raw`: the text, without control sequences."""
    return CONTROL.sub("", raw)


class Terminal:
    """One program in a pty of `size` (columns, rows)."""

    def __init__(
        self, argv: Sequence[str], env: dict[str, str], size: tuple[int, int] = (80, 24)
    ) -> None:
        master, child = pty.openpty()
        columns, rows = size
        fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        self.launched = time.perf_counter()
        self.process = subprocess.Popen(
            list(argv),
            stdin=child,
            stdout=child,
            stderr=child,
            env={**env, "TERM": "xterm-256color"},
            start_new_session=True,  # its own process group, ended as one by close()
            close_fds=True,
        )
        os.close(child)
        self.fd = master
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.since = ""  # written since the last key (or since launch)

    def _read(self, timeout: float) -> bool:
        """Read what is waiting (up to `timeout` s for it). False when nothing came."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.fd, 1 << 16)
        except OSError:  # EIO: the program closed the terminal
            data = b""
        if not data:
            raise Gone(f"the program ended (exit status {self.process.poll()})")
        self.since += self.decoder.decode(data)
        return True

    def wait_for(self, *patterns: str, timeout: float = 30.0) -> float:
        """Read until everything written since the last key shows every pattern (regular
        expressions, matched against the text without control sequences). Returns the
        moment (time.perf_counter) the last of them arrived."""
        wanted = [re.compile(p) for p in patterns]
        deadline = time.perf_counter() + timeout
        while True:
            text = seen(self.since)
            if all(p.search(text) for p in wanted):
                return time.perf_counter()
            left = deadline - time.perf_counter()
            if left <= 0:
                tail = text[-400:]
                raise Gone(f"not drawn within {timeout} s: {patterns!r}; last seen: {tail!r}")
            self._read(left)

    def settle(self, quiet: float = 0.05, longest: float = 2.0) -> None:
        """Let the program finish what it is drawing: until nothing came for `quiet` s."""
        deadline = time.perf_counter() + longest
        while time.perf_counter() < deadline and self._read(quiet):
            pass

    def press(self, keys: str) -> float:
        """Type `keys` (as a terminal sends them); returns the moment they were sent."""
        while self._read(0):  # what was drawn before the key is not its answer
            pass
        self.since = ""
        sent = time.perf_counter()
        os.write(self.fd, keys.encode())
        return sent

    def close(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        os.close(self.fd)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
