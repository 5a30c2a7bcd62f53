"""A throwaway PostgreSQL cluster on loopback, for the sync tests and benchmarks (and for a city
IT person who wants to try the server on PostgreSQL without touching the system's cluster).

Uses Debian's ``postgresql`` binaries (``/usr/lib/postgresql/*/bin``). ``initdb`` refuses to run
as root, so as root the cluster lives in a temporary folder owned by the ``postgres`` user and
every server binary runs through ``runuser -u postgres``; otherwise it runs as the current user.
Authentication is ``trust`` on 127.0.0.1 only, on a free port, and the folder is removed at
:meth:`TempPostgres.stop`.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL binaries here (install Debian's ``postgresql`` package)."""


def find_bindir() -> Path:
    """The newest installed PostgreSQL's binary folder."""
    versions = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
    )
    for candidate in reversed(versions):
        if (Path(candidate) / "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    raise PostgresUnavailable("PostgreSQL is not installed (apt-get install postgresql)")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# PostgreSQL as a city's server runs it (docs/sync.md, "The city's PostgreSQL"): memory for the
# indexes a county's first sync writes into and the city's checks read, checkpoints not forced
# by every few hundred MB of WAL. The benchmarks run the city with these; tests keep the small
# defaults.
CITY_SERVER_SETTINGS = {"shared_buffers": "2GB", "max_wal_size": "4GB"}


class TempPostgres:
    """Start with :meth:`start`, make databases with :meth:`create_database`, :meth:`stop`."""

    def __init__(self, *, durable: bool = False, settings: dict[str, str] | None = None) -> None:
        # Tests do not need crash durability of the city's database (they kill the *server
        # process*, not the machine); benchmarks keep PostgreSQL's defaults (``durable``).
        self.durable = durable
        # Server settings on top of the small defaults below (``{"shared_buffers": "1GB"}``).
        self.settings = {"shared_buffers": "128MB", **(settings or {})}
        self.bindir = find_bindir()
        self.root = Path(tempfile.mkdtemp(prefix="desk-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "postgres.log"
        self.port = 0
        self._as_root = os.geteuid() == 0
        if self._as_root:
            import pwd

            pw = pwd.getpwnam("postgres")
            os.chown(self.root, pw.pw_uid, pw.pw_gid)

    def _cmd(self, *args: str) -> list[str]:
        exe = [str(self.bindir / args[0]), *args[1:]]
        return ["runuser", "-u", "postgres", "--", *exe] if self._as_root else exe

    def start(self) -> TempPostgres:
        subprocess.run(
            self._cmd(
                "initdb",
                "-D",
                str(self.data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-locale",
            ),
            check=True,
            capture_output=True,
        )
        options = [
            "-c listen_addresses=127.0.0.1",
            f"-k {self.root}",
            "-c max_connections=60",
            *(f"-c {k}={v}" for k, v in self.settings.items()),
        ]
        if not self.durable:
            options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        for _attempt in range(5):
            self.port = free_port()
            p = subprocess.run(
                self._cmd(
                    "pg_ctl",
                    "-D",
                    str(self.data),
                    "-l",
                    str(self.log),
                    "-w",
                    "-t",
                    "60",
                    "-o",
                    " ".join([f"-p {self.port}", *options]),
                    "start",
                ),
                capture_output=True,
                text=True,
            )
            if p.returncode == 0:
                self._wait()
                return self
            time.sleep(0.2)  # most likely the port was taken meanwhile
        raise RuntimeError(f"PostgreSQL did not start: {p.stderr}\n{self.log_tail()}")

    def _wait(self) -> None:
        deadline = time.monotonic() + 30
        while True:
            try:
                with psycopg.connect(self.dsn("postgres"), connect_timeout=2):
                    return
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def log_tail(self, n: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def dsn(self, dbname: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    def url(self, dbname: str) -> str:
        """The SQLAlchemy/``city-server --db`` URL of a database in this cluster."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    def create_database(self, name: str) -> str:
        with psycopg.connect(self.dsn("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        with psycopg.connect(self.dsn("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def stop(self) -> None:
        if self.data.exists():
            subprocess.run(
                self._cmd("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop"),
                capture_output=True,
            )
        shutil.rmtree(self.root, ignore_errors=True)
