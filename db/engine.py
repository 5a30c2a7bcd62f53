"""The engine and the units of work: the only place sessions are made.

SQLite is opened in WAL mode with foreign keys on and ``synchronous=FULL``: every commit of this
application may carry money, and FULL makes a committed transaction survive a power cut, at a
cost (one more fsync per commit) a desk never notices. Writers start with ``BEGIN IMMEDIATE`` so
two writers queue instead of failing half-way; readers use a separate read-only engine with a
deferred ``BEGIN``, so the window keeps reading while a long import holds the write lock.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from base import private
from db import connect, keys, outbox

BUSY_TIMEOUT_S = 30


def _make_engine(path: Path, key: bytes | None, *, readonly: bool) -> Engine:
    engine = create_engine(
        connect.engine_url(path, key),
        connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False},
        poolclass=QueuePool,  # the pysqlcipher dialect would pick one connection per thread
        pool_size=5,
        max_overflow=10,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below issue BEGIN itself (the pysqlite driver's own
        # transaction handling would delay it and could not do IMMEDIATE).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
        cur.execute("PRAGMA temp_store=MEMORY")
        cur.execute("PRAGMA cache_size=-32000")
        if readonly:
            cur.execute("PRAGMA query_only=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")

    return engine


class UnitOfWork:
    """One transaction. Commit explicitly; leaving the block without commit rolls back.

    Usage::

        with db.uow() as uow:
            ...service(uow, ...)
            uow.commit()
    """

    def __init__(
        self,
        factory: Callable[[], Session],
        *,
        readonly: bool = False,
        key_dir: Path | None = None,
    ) -> None:
        self._factory = factory
        self.readonly = readonly
        # The database's key folder (db.keys), for services that need a secret kept off it.
        self.key_dir = key_dir
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("unit of work used outside its 'with' block")
        return self._session

    def __enter__(self) -> UnitOfWork:
        self._session = self._factory()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._session is not None
        try:
            self._session.rollback()
        finally:
            self._session.close()
            self._session = None

    def commit(self) -> None:
        if self.readonly:
            raise RuntimeError("a read-only unit of work cannot commit")
        self.session.commit()

    def flush(self) -> None:
        self.session.flush()


class Database:
    """A desk database file: a writer engine, a reader engine and their session factories.

    Encrypted (SQLCipher) when its key folder holds the database key (``db.connect``)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if self.path.parent.is_dir():
            # The database and the WAL and shared-memory files SQLite makes with its mode.
            private.private_file(self.path)
        self.key_dir = keys.key_dir(self.path)
        self.key = keys.database_key(self.path)
        if self.key is None and connect.is_encrypted(self.path):
            raise connect.KeyMissing(
                f"the database {self.path} is encrypted and its key folder has no key"
            )
        self.write_engine = _make_engine(self.path, self.key, readonly=False)
        self.read_engine = _make_engine(self.path, self.key, readonly=True)
        self._write_sessions = sessionmaker(self.write_engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(self.read_engine, expire_on_commit=False)
        outbox.install(self._write_sessions)

    def uow(self) -> UnitOfWork:
        """A writing transaction (``BEGIN IMMEDIATE``)."""
        return UnitOfWork(self._write_sessions, key_dir=self.key_dir)

    def reader(self) -> UnitOfWork:
        """A read-only transaction that never waits for writers (WAL snapshot)."""
        return UnitOfWork(self._read_sessions, readonly=True, key_dir=self.key_dir)

    def raw_connection(self) -> sqlite3.Connection:
        """A DB-API connection (keyed when encrypted) with the same pragmas (backups,
        benchmarks, tests)."""
        conn = connect.connect(self.path, self.key, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=FULL")
        return conn

    def dispose(self) -> None:
        self.write_engine.dispose()
        self.read_engine.dispose()
