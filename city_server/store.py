"""The city database: URLs, engines, initialisation and the server's errors.

PostgreSQL in production (``postgresql://user@host/db``, driven by psycopg 3); SQLite as the
embedded default for a trial on one PC (a plain file path or ``sqlite:///file``). With SQLite
every transaction starts with ``BEGIN IMMEDIATE`` so concurrent pushes queue instead of failing
half-way; with PostgreSQL a push locks its site's row (``SELECT … FOR UPDATE``).
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.schema import CreateIndex

from base.errors import Message, msg
from city_server.models import CITY_SCHEMA, Base, Meta

DEFAULT_DB = "city-server.sqlite3"
OLD_INDEXES = ("ix_receipt_keys_invoice", "ix_enrollment_keys_member_uid")


class CityError(Exception):
    """A refusal the server answers with (HTTP status, protocol code, bilingual message)."""

    def __init__(self, status: int, code: str, message: Message, **extra: Any) -> None:
        super().__init__(message.en)
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra


class DatabaseNotReady(Exception):
    """The database was not initialised for this server version (run ``init``)."""


def normalize_url(url: str) -> str:
    """Accept ``postgresql://``, ``postgres://``, ``sqlite:///…`` or a plain file path."""
    if "://" not in url:
        return f"sqlite+pysqlite:///{url}"
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def make_engine(url: str, *, pool_size: int = 5) -> Engine:
    full = normalize_url(url)
    if make_url(full).get_backend_name() == "sqlite":
        engine = create_engine(full, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(full, pool_size=pool_size, max_overflow=10, pool_pre_ping=True)


def sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One transaction: committed when the block ends normally, rolled back otherwise."""
    with factory() as session, session.begin():
        yield session


def init_db(engine: Engine) -> tuple[str, bool]:
    """Create the tables (idempotent); returns the server's identity and whether it was new."""
    Base.metadata.create_all(engine)
    if engine.dialect.name == "postgresql":
        # A column added since schema 1 was made (create_all adds tables, not columns).
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "ALTER TABLE sites ADD COLUMN IF NOT EXISTS county_code VARCHAR(32)"
            )
    with engine.begin() as conn:
        # Indexes changed since schema 1 (create_all adds tables, not indexes): the key
        # tables' lookups with the site added, for the findings sweep (the old ones go), and
        # the current calculations, for the consolidated return's check.
        for name in ("records", "receipt_keys", "enrollment_keys"):
            for index in Base.metadata.tables[name].indexes:
                conn.execute(CreateIndex(index, if_not_exists=True))
        for old in OLD_INDEXES:
            conn.exec_driver_sql(f"DROP INDEX IF EXISTS {old}")
    with transaction(sessions(engine)) as s:
        schema = s.get(Meta, "schema")
        if schema is not None and schema.value != CITY_SCHEMA:
            raise DatabaseNotReady(
                f"this database was made for city schema {schema.value}; this server is "
                f"schema {CITY_SCHEMA}"
            )
        created = schema is None
        if created:
            s.add(Meta(key="schema", value=CITY_SCHEMA))
        ident = s.get(Meta, "server_id")
        if ident is None:
            ident = Meta(key="server_id", value=uuid.uuid4().hex)
            s.add(ident)
        return ident.value, created


def server_id(engine: Engine) -> str:
    """The identity of an initialised database; :class:`DatabaseNotReady` otherwise."""
    try:
        with sessions(engine)() as s:
            rows = dict(s.execute(select(Meta.key, Meta.value)).all())
    except Exception as exc:  # no table yet, or not a database at all
        raise DatabaseNotReady(f"the database is not initialised: run init ({exc})") from exc
    if rows.get("schema") != CITY_SCHEMA or "server_id" not in rows:
        raise DatabaseNotReady(
            f"the database is at city schema {rows.get('schema')!r}, this server needs "
            f"{CITY_SCHEMA}: run init"
        )
    return rows["server_id"]


def bad_request(en: str, zh: str, **params: Any) -> CityError:
    return CityError(400, "bad_request", msg(zh, en, **params))
