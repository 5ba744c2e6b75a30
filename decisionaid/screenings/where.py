"""Where saved screenings are kept and who can read them, in words for the people answering.

The welcome screen, the served page, `serve`'s start-up lines and the README all say the same
thing, so it is written once here. A database is named by its host only: a password, a user
name or a port never appears in these words.
"""

from __future__ import annotations

import getpass
import socket
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Keeping:
    """Where screenings go: a folder on one computer, or a clinic database on a host."""

    computer: str  # the computer that runs the aid (and holds the folder)
    folder: Path | None = None
    account: str | None = None  # the user account that owns the folder
    database_host: str | None = None  # a clinic database: its host, never its credentials

    @property
    def place(self) -> str:
        """For the people answering: a computer or a database, by name."""
        if self.database_host is not None:
            return f"the clinic database on {self.database_host}"
        return f"the computer {self.computer}"

    @property
    def detail(self) -> str:
        """For the people running the aid: the folder too."""
        if self.folder is not None:
            return f"{self.folder} on {self.computer}"
        return self.place

    @property
    def readers(self) -> str:
        if self.database_host is not None:
            return "Only clinic staff with access to that database can see them."
        account = f" as {self.account}" if self.account else ""
        return (
            f"Only people signed in to {self.computer}{account} (and its administrators) "
            "can open them."
        )


def this_computer() -> str:
    return socket.gethostname() or "this computer"


def in_folder(folder: Path) -> Keeping:
    try:
        account = getpass.getuser()
    except (KeyError, OSError):  # no name for this user id (a bare container)
        account = None
    return Keeping(this_computer(), folder=folder, account=account)


def in_database(url: str) -> Keeping:
    """A clinic database, named by its host (this computer when the URL names none)."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        host = None
    if not host or host in ("localhost", "127.0.0.1", "::1"):
        host = this_computer()
    return Keeping(this_computer(), database_host=host)


def of_store(store) -> Keeping | None:
    """Where an open store keeps screenings (None when nothing can be saved)."""
    if store is None:
        return None
    if store.shared:
        return in_database(store.location)  # shown without its password
    return in_folder(store.path.parent)


def welcome_words(keeping: Keeping | None, *, served: bool = False, kiosk: bool = False) -> str:
    """What the welcome screen says about where answers go and who can see them."""
    if kiosk and keeping is not None:
        return (
            f"Your answers are kept for the clinic, on {keeping.place}, so your therapist can "
            f"read them before your appointment. {keeping.readers} Nothing is sent anywhere "
            "else. You can ask the clinic to delete them at any time."
        )
    if served:
        here = f"Your answers go only to {this_computer()}, the computer running this aid."
        if keeping is None:
            return f"{here} Nothing is saved."
        if keeping.database_host is None:
            return f"{here} If you keep them, they are saved there. {keeping.readers}"
        return f"{here} If you keep them, they are saved in {keeping.place}. {keeping.readers}"
    if keeping is None:
        return "Nothing leaves this computer, and nothing is saved."
    if keeping.database_host is None:
        return (
            "Nothing leaves this computer. If you keep your answers, only your user account "
            "here (and the computer's administrators) can open them."
        )
    return (
        f"If you keep your answers, they are saved in {keeping.place}. {keeping.readers} "
        "Nothing is sent anywhere else."
    )


def page_words(keeping: Keeping | None, *, kiosk: bool = False) -> str:
    """The line under the served page: where what is typed there goes."""
    here = f"What you type here goes only to {this_computer()}, the computer running this aid."
    if keeping is None:
        return f"{here} Nothing is saved."
    if kiosk:
        return f"{here} Your answers are kept for the clinic on {keeping.place}. {keeping.readers}"
    return f"{here} Screenings you choose to keep are saved on {keeping.place}."
