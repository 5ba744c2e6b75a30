"""Who saw what: the entries of the audit trail, and who is acting.

Each entry is written by the store in the same transaction as the action it records (created,
viewed, resumed, exported, deleted), so an action and its entry are kept or lost together.

Two names are kept for each entry:
- **actor**, the person as they name themselves: `--clinician NAME`, else
  `$DECISIONAID_CLINICIAN`, else the login name of the operating-system account. A clinic where
  several people share one login sets the option or the variable per person.
- **account**, what the computer knows: `login@host`, and on PostgreSQL also the database
  user, which the server has checked. A typed name can be anything; this part cannot be
  chosen from inside the app.
"""

from __future__ import annotations

import getpass
import os
import socket
from dataclasses import dataclass

from decisionaid.screenings.schema import ACTIONS

CLINICIAN_VAR = "DECISIONAID_CLINICIAN"
__all__ = ["ACTIONS", "CLINICIAN_VAR", "AuditEntry", "default_actor", "login", "machine_account"]


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: str
    actor: str
    account: str
    action: str
    screening_id: int
    detail: str
    # Why this entry cannot be read (shown so, never hidden), or None.
    damage: str | None = None


def login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a bare container)
        return f"uid {os.getuid()}"


def machine_account() -> str:
    return f"{login()}@{socket.gethostname()}"


def named_actor(given: str | None = None) -> str | None:
    """The person acting, when named: given (an option), else $DECISIONAID_CLINICIAN."""
    for name in (given, os.environ.get(CLINICIAN_VAR)):
        if name and name.strip():
            return " ".join(name.split())
    return None


def default_actor(given: str | None = None) -> str:
    """The person acting: given (an option), else $DECISIONAID_CLINICIAN, else the login."""
    return named_actor(given) or login()
