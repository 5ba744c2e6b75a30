"""A real PostgreSQL server for the tests (and the benchmarks), started from the installed
binaries in a temporary folder on a free loopback port the first time a test asks for it, and
stopped at the end of the run. Each test gets a fresh database in it (`CREATE DATABASE`, and
`DROP DATABASE` after it, through a superuser connection each process keeps: about 20 ms of
CPU together), so tests never see each other's data.

Run in parallel (pytest-xdist), the workers share one server: the first to need it starts it
and leaves its address in the run's shared temporary folder, under a lock; the others read it;
the controlling process, which outlives them all, stops it. One server rather than one per
worker: `initdb` costs about a second of CPU, which on two cores is worth saving.

PostgreSQL refuses to run as root, and CI runs as root: there the server runs as the
`postgres` system user (`runuser`), from a folder that user owns. Connections use TCP with a
password (scram-sha-256), so every test goes through a real login and a URL holding a
password, which must never show up in any message.

If the binaries are missing, `make test` installs them as root (Debian's `postgresql`); a
non-root run without them skips the PostgreSQL tests with the reason.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import glob
import json
import os
import pwd
import secrets
import shutil
import socket
import stat
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

USER = "clinic"
SUPERUSER = "postgres_test_admin"
# Each process's superuser connection to each server it uses, by the server's port.
_ADMIN: dict[int, Any] = {}


def binaries() -> Path | None:
    """The newest installed PostgreSQL's bin folder (Debian layout), or PG_BINDIR."""
    if os.environ.get("PG_BINDIR"):
        return Path(os.environ["PG_BINDIR"])
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    bindir: Path
    folder: Path
    port: int
    password: str
    run_as: str | None
    durable: bool = False
    admin_password: str = field(default_factory=lambda: secrets.token_hex(8))

    def _cmd(self, *argv: str) -> list[str]:
        if self.run_as:
            return ["runuser", "-u", self.run_as, "--", *argv]
        return list(argv)

    def _run(self, *argv: str, timeout: float = 60) -> None:
        done = subprocess.run(
            self._cmd(*argv),
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
        if done.returncode:
            raise RuntimeError(f"{' '.join(argv)} failed:\n{done.stdout}\n{done.stderr}")

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def start(self) -> None:
        pwfile = self.folder / "pw"
        pwfile.write_text(self.admin_password + "\n")
        if self.run_as:
            shutil.chown(pwfile, self.run_as)
        self._run(
            str(self.bindir / "initdb"),
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            "--pwfile",
            str(pwfile),
            "--auth-host=scram-sha-256",
            "--auth-local=scram-sha-256",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        pwfile.unlink()
        settings = [
            f"-p {self.port}",
            "-c listen_addresses=127.0.0.1",
            f"-c unix_socket_directories={self.folder}",
            "-c max_connections=100",  # shared by every worker
        ]
        if not self.durable:
            # Speed over durability: the server is thrown away after the tests. A killed
            # client still loses nothing the server confirmed, which is what we test.
            settings += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        options = " ".join(settings)
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "log"),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
            timeout=90,
        )
        self.admin(f"CREATE ROLE {USER} LOGIN PASSWORD '{self.password}'")

    def stop(self) -> None:
        self.close_admin()
        try:
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, database: str, user: str = USER, password: str | None = None) -> str:
        secret = self.password if password is None else password
        return f"postgresql://{user}:{secret}@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str, database: str = "postgres") -> None:
        """Run one statement as the superuser. Statements on the `postgres` database go
        through one connection that this process keeps: two new connections for every
        test (to create its database and to drop it) cost the server more than the
        database itself (28 of the 40 ms of CPU each test's database took)."""
        import psycopg

        if database != "postgres":
            with psycopg.connect(self._admin_url(database), autocommit=True) as db:
                db.execute(sql)
            return
        kept = _ADMIN.get(self.port)
        if kept is None or kept.closed:  # the first statement, or the connection was lost
            kept = _ADMIN[self.port] = psycopg.connect(self._admin_url(database), autocommit=True)
        kept.execute(sql)

    def _admin_url(self, database: str) -> str:
        return self.url(database, SUPERUSER, self.admin_password)

    def close_admin(self) -> None:
        """Close this process's kept superuser connection, if it has one."""
        kept = _ADMIN.pop(self.port, None)
        if kept is not None:
            kept.close()

    def new_database(self) -> str:
        """A fresh, empty database owned by the clinic user; its URL (with the password)."""
        name = "t_" + uuid.uuid4().hex[:12]
        self.admin(f"CREATE DATABASE {name} OWNER {USER} STRATEGY FILE_COPY")
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        self.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def start_server(durable: bool = False) -> Server:
    """Start a throwaway server (raises RuntimeError saying why it could not). `durable`
    keeps PostgreSQL's default fsync and synchronous commit, for benchmarks."""
    bindir = binaries()
    if bindir is None or not (bindir / "initdb").exists():
        raise RuntimeError(
            "PostgreSQL is not installed (no initdb found); `make test` installs it as root "
            "(apt-get install postgresql), or set PG_BINDIR"
        )
    run_as = None
    if os.getuid() == 0:
        run_as = "postgres"
        try:
            pwd.getpwnam(run_as)
        except KeyError:
            raise RuntimeError(
                "running as root, and there is no 'postgres' user to run as"
            ) from None
    # Test processes run side by side (pytest-xdist), each with its own server: a port free
    # when we looked may be taken by another before our server binds it. Try another then.
    for attempt in range(3):
        try:
            return _start_in_new_folder(bindir, run_as, durable)
        except PortTaken:
            if attempt == 2:
                raise RuntimeError("PostgreSQL found no free port in three tries") from None
    raise AssertionError("unreachable")


class PortTaken(RuntimeError):
    pass


def _open_to_others(folder: str) -> bool:
    """Whether a user other than its owner can reach what is inside `folder`."""
    path = Path(folder).resolve()
    return all(part.stat().st_mode & stat.S_IXOTH for part in (path, *path.parents))


def _start_in_new_folder(bindir: Path, run_as: str | None, durable: bool) -> Server:
    # As root the server runs as `postgres`, which must reach its folder: the temporary
    # folder if others can reach into it, not a $TMPDIR inside root's own home (then /tmp).
    # `make test` points $TMPDIR at memory (/dev/shm) when there is room, and there creating
    # and dropping a database for each test costs a third less CPU than on disk (the screening
    # tests: 18 s of CPU against 26 s). A durable server (the benchmarks) stays on disk.
    temporary = tempfile.gettempdir()
    base = None
    if os.getuid() == 0:
        base = temporary if not durable and _open_to_others(temporary) else "/tmp"
    folder = Path(tempfile.mkdtemp(prefix="decisionaid-pg-", dir=base))
    if run_as:
        shutil.chown(folder, run_as, run_as)
        folder.chmod(0o700)
    server = Server(bindir, folder, free_port(), secrets.token_hex(12), run_as, durable)
    try:
        server.start()
    except BaseException:
        log = folder / "log"
        text = log.read_text(errors="replace") if log.exists() else ""
        with contextlib.suppress(RuntimeError, OSError, subprocess.SubprocessError):
            server.stop()  # a half-started server must not outlive the tests
        if "could not bind" in text or "already in use" in text:
            raise PortTaken(text[-2000:]) from None
        if text:
            raise RuntimeError(f"PostgreSQL did not start:\n{text[-2000:]}") from None
        raise
    return server


# Set by the controlling process of a parallel run, inherited by its workers: the file that
# describes the run's one server (or why it could not start).
SHARED = "DECISIONAID_TEST_POSTGRES"


def _parallel(config: pytest.Config) -> bool:
    return bool(config.getoption("numprocesses", None))


def pytest_configure(config: pytest.Config) -> None:
    if _parallel(config) and not hasattr(config, "workerinput"):
        folder = tempfile.mkdtemp(prefix="decisionaid-pg-run-")  # 0700: the file holds passwords
        os.environ[SHARED] = os.path.join(folder, "server.json")


def pytest_unconfigure(config: pytest.Config) -> None:
    """In the controlling process, once every worker has finished: stop the server."""
    if not _parallel(config) or hasattr(config, "workerinput") or SHARED not in os.environ:
        return
    path = Path(os.environ.pop(SHARED))
    try:
        if path.exists() and "error" not in (found := json.loads(path.read_text())):
            _server_from(found).stop()
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)


def _server_from(found: dict) -> Server:
    return Server(
        Path(found["bindir"]),
        Path(found["folder"]),
        found["port"],
        found["password"],
        found["run_as"],
        found["durable"],
        found["admin_password"],
    )


def _shared_server(path: Path) -> Server:
    """The run's one server: started by the first worker to ask, under a lock, and described
    in a file for the others (or the reason it could not start, so that none tries again)."""
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            try:
                server = start_server()
            except RuntimeError as exc:
                path.write_text(json.dumps({"error": str(exc)}))
                raise
            path.write_text(json.dumps(dataclasses.asdict(server), default=str))
            return server
    found = json.loads(path.read_text())
    if "error" in found:
        raise RuntimeError(found["error"])
    return _server_from(found)


@pytest.fixture(scope="session")
def postgres_server():
    """The run's real PostgreSQL server: one for the session, shared by all xdist workers."""
    shared = os.environ.get(SHARED)
    try:
        server = _shared_server(Path(shared)) if shared else start_server()
    except RuntimeError as exc:
        if os.environ.get("CI"):
            raise  # CI must run them: a missing server is a failure there, not a skip
        pytest.skip(f"PostgreSQL tests skipped: {exc}")
    yield server
    if shared:
        server.close_admin()  # the controlling process stops the server, after all workers
    else:
        server.stop()


@pytest.fixture
def postgres_url(postgres_server):
    """A fresh database for one test: its URL, password included."""
    url = postgres_server.new_database()
    yield url
    postgres_server.drop_database(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    """A database URL for each backend: a SQLite file in a private folder, or a fresh
    PostgreSQL database."""
    if request.param == "sqlite":
        folder = tmp_path / "db"
        return f"sqlite:///{folder}/screenings.sqlite3"
    return request.getfixturevalue("postgres_url")
