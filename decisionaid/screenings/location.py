"""Where the screenings are kept: a SQLite file on this computer, or a PostgreSQL database.

`locate()` reads the options and the environment, in this order: `--database URL`,
`--data-dir DIR`, `$DECISIONAID_DATABASE`, `$DECISIONAID_DATA_DIR`, the user data folder.
URLs are `sqlite:///absolute/path`, `sqlite:relative/path` or
`postgresql://user[:password]@host[:port]/database` (`postgres://` too).

A PostgreSQL URL may carry a password. It is kept only to connect: what is shown anywhere is
`postgresql://user@host:port/database`, and every message built from a driver error has the
password scrubbed out of it (`Location.scrub`): as written, decoded and percent-encoded.

A password (or user name) holding `/ ? # @` must have them percent-encoded (RFC 3986): libpq
ends the user and password at the FIRST `@` or `/`, so `postgresql://u:SEC/RET@host/db` reads
as host `u`, port `SEC`, database `RET@host/db`, and `u:SEC@RET@host` as password `SEC`, host
`RET@host` - and `shown` would print the rest of the password. Such a URL is refused before
any connection, by a message that repeats nothing of it: a raw `@` may appear once, between
the user and password and the host, and nothing before it may be a `/`, `?` or `#`
(elsewhere, in a database name or a query value, an `@` is written `%40` too). A `:` is
allowed in a password: the first `:` ends the user name, for libpq as for RFC 3986.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from decisionaid.variables import EmptyVariable, place_variable

DATA_DIR_VAR = "DECISIONAID_DATA_DIR"
DATABASE_VAR = "DECISIONAID_DATABASE"
DB_NAME = "screenings.sqlite3"
URL_FORMS = "sqlite:///path/to/file.sqlite3 or postgresql://user@host:port/database"
PERCENT_ENCODE = "/ as %2F, @ as %40, ? as %3F, # as %23, % as %25"


class LocationError(ValueError):
    """The database option or variable cannot be understood (the message never echoes it)."""


@dataclass(frozen=True)
class Location:
    kind: str  # "sqlite" or "postgresql"
    shown: str  # what messages and `history` print: a path, or a URL without its password
    path: Path | None = None  # sqlite: the database file
    in_data_folder: bool = False  # sqlite: the file is in a data folder that is ours alone
    conninfo: str = ""  # postgresql: the URL as given, password and all; never shown
    secrets: tuple[str, ...] = ()

    @property
    def shared(self) -> bool:
        return self.kind == "postgresql"

    def scrub(self, text: str) -> str:
        """`text` with every secret of this location (and the raw URL) blotted out, in any
        of the ways a URL may write it: each character as itself or percent-encoded (hex in
        either case; a space as `+` too), so decoded, encoded and half-encoded forms alike."""
        secrets = sorted({self.conninfo, *self.secrets} - {""}, key=len, reverse=True)
        if not secrets:
            return text
        return re.compile("|".join(_any_encoding(s) for s in secrets)).sub("***", text)


def _any_encoding(secret: str) -> str:
    """A pattern matching `secret` with any of its characters percent-encoded."""
    parts = []
    for char in secret:
        encoded = "".join(
            "%" + "".join(f"[{d}{d.lower()}]" if d.isalpha() else d for d in f"{byte:02X}")
            for byte in char.encode("utf-8", "surrogatepass")
        )
        forms = [re.escape(char), encoded, *([r"\+"] if char == " " else [])]
        parts.append(f"(?:{'|'.join(forms)})")
    return "".join(parts)


def data_dir(override: Path | str | None = None) -> Path:
    """Where screenings live: the option, else $DECISIONAID_DATA_DIR, else the user data dir."""
    if override:
        return Path(override).expanduser()
    if os.environ.get(DATA_DIR_VAR):
        return Path(os.environ[DATA_DIR_VAR]).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("decisionaid", appauthor=False))


def locate(folder: Path | str | None = None, database: str | None = None) -> Location:
    """The store the options and environment point at (see the module docstring)."""
    if database:
        return parse(database)
    if folder:
        _not_a_url(str(folder), "--data-dir")
        return _in_folder(data_dir(folder))
    if url := _variable(DATABASE_VAR):
        return parse(url)
    # (data_dir() reads it; refused here if it is set to nothing, or to a URL)
    _not_a_url(_variable(DATA_DIR_VAR) or "", f"${DATA_DIR_VAR}")
    return _in_folder(data_dir())


def url_instead_of_folder(folder: str) -> str | None:
    """What to say when a database URL is given where a data folder goes (None when it is
    not one): taken as a folder, it made a folder named after the URL, its password
    included, wherever the command was run. Only the URL's scheme is repeated."""
    scheme, sep, _ = folder.partition("://")
    if not (sep and scheme and all(c.isalnum() or c in "+.-" for c in scheme)):
        return None
    return (
        f"takes a folder, and this is a {scheme}:// address: give a database with "
        f"--database or ${DATABASE_VAR} instead ({URL_FORMS})"
    )


def _not_a_url(folder: str, given_as: str) -> None:
    if problem := url_instead_of_folder(folder):
        raise LocationError(f"{given_as} {problem}")


def _variable(name: str) -> str | None:
    """An environment variable's value, None when unset; set to nothing, a LocationError
    (decisionaid/variables.py)."""
    try:
        return place_variable(name, "where screenings are kept")
    except EmptyVariable as exc:
        raise LocationError(str(exc)) from None


def _in_folder(folder: Path) -> Location:
    path = folder / DB_NAME
    return Location("sqlite", str(path), path=path, in_data_folder=True)


def parse(url: str) -> Location:
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme == "sqlite":
        rest = url.split(":", 1)[1]
        if rest.startswith("//"):
            # sqlite:///abs/path (and SQLAlchemy's sqlite:////abs/path) name an absolute path.
            parts = urlsplit(url)
            if parts.netloc:
                raise LocationError(
                    f"a sqlite URL names a file on this computer, not a host: use {URL_FORMS}"
                )
            text = unquote(parts.path)
            text = "/" + text.lstrip("/")
        else:
            text = unquote(rest)
        if not text or text.endswith("/"):
            raise LocationError(f"a sqlite URL needs a file name: use {URL_FORMS}")
        path = Path(text).expanduser()
        return Location("sqlite", str(path), path=path)
    if scheme in ("postgresql", "postgres"):
        return _postgres(url)
    raise LocationError(f"the database must be given as {URL_FORMS}")


def _split_unambiguously(url: str) -> list[str]:
    """The password as written in `url` (in its user information, or a `password=` query
    value), after refusing a URL whose user and password cannot be told from its host (see
    the module docstring). The message repeats nothing of the URL."""
    rest = url.partition(":")[2]
    rest = rest[2:] if rest.startswith("//") else rest
    at = rest.find("@")
    if rest.count("@") > 1 or (at >= 0 and any(c in rest[:at] for c in "/?#")):
        raise LocationError(
            "the PostgreSQL URL cannot be split into user, password and host: a / @ ? or # "
            f"in a password or user name must be percent-encoded ({PERCENT_ENCODE}), and so "
            f"must an @ after the host (in a database name or query value); use {URL_FORMS}"
        )
    written = [rest[:at].partition(":")[2]] if at >= 0 else []
    written += re.findall(r"[?&]password=([^&#]*)", rest)
    return written


def _postgres(url: str) -> Location:
    from psycopg.conninfo import conninfo_to_dict

    written = _split_unambiguously(url)
    try:
        params = conninfo_to_dict(url)
    except Exception:
        # The driver's message quotes the URL, password and all.
        raise LocationError(
            f"the PostgreSQL URL could not be read (in a password, write {PERCENT_ENCODE}); "
            f"use {URL_FORMS}"
        ) from None
    password = str(params.get("password") or "")
    # (scrub() matches each in any encoding; as written, a `%` is itself, not `%25`)
    secrets = (password, *written) if password else ()
    user = params.get("user") or ""
    host = params.get("host") or "localhost"
    port = str(params.get("port") or "5432")
    if not all(p.isdigit() for p in port.split(",") if p):
        # `postgresql://u:SEC/RET` (no host) reads as host u, port SEC: not shown either
        raise LocationError(f"the PostgreSQL URL's port is not a number; use {URL_FORMS}")
    name = params.get("dbname") or user
    try:
        netloc_host = f"[{host}]" if ":" in str(host) else host
        shown = f"postgresql://{quote(str(user)) + '@' if user else ''}{netloc_host}:{port}/{name}"
    except Exception:  # pragma: no cover - conninfo values are always text
        shown = "postgresql://…"
    return Location("postgresql", shown, conninfo=url, secrets=tuple(s for s in secrets if s))
