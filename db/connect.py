"""The one way a desk database file is opened: plain SQLite or SQLCipher, with its key.

A desk database is encrypted at rest with SQLCipher 4 (AES-256, the ``sqlcipher3-wheels``
driver, a drop-in for ``sqlite3``) when its key folder (``db.keys``) holds ``database.key``:
32 random bytes, given to SQLCipher as a raw key (``PRAGMA key = "x'…'"``: no passphrase, no
key derivation, so opening costs nothing extra). The WAL, the shared-memory file and every
backup (same key, made with the backup API) are encrypted with it. Without a key file the file
is plain SQLite (test fixtures, benchmarks' baseline). :func:`connect` opens a DB-API
connection, :func:`engine_url` is the same for SQLAlchemy (``sqlite+pysqlcipher``).

One file, one SQLite library: ``sqlcipher3`` carries its own copy of SQLite, and two copies in
one process must never have the same file open (POSIX locks are per process: closing the file
in one copy drops the other's locks — "How To Corrupt An SQLite Database", 2.2.1; it showed
here as "disk I/O error"). So an encrypted file is only ever opened through SQLCipher and a
plain one only through the standard ``sqlite3``; the one crossing, exporting a plain file into
an encrypted one (:func:`open_plain_for_export`), happens when nothing else has it open.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL

_cipher: Any
try:  # the driver ships wheels for Windows, macOS and Linux; without it only plain files open
    import sqlcipher3 as _cipher
except ImportError:  # pragma: no cover - the dependency is declared
    _cipher = None

HEADER = b"SQLite format 3\x00"
KEY_BYTES = 32


class KeyMissing(RuntimeError):
    """The file is encrypted and no key (or the wrong key) was given."""


def driver() -> Any:
    """The SQLCipher DB-API module (``sqlcipher3``); plain files use :mod:`sqlite3`."""
    if _cipher is None:  # pragma: no cover - the dependency is declared
        raise KeyMissing("the SQLCipher driver (sqlcipher3-wheels) is not installed")
    return _cipher


DatabaseErrors: tuple[type[Exception], ...] = (sqlite3.DatabaseError,) + (
    (_cipher.DatabaseError,) if _cipher is not None else ()
)


def key_pragma(key: bytes) -> str:
    """The ``PRAGMA key`` value of a raw key."""
    if len(key) != KEY_BYTES:
        raise ValueError("a database key is 32 bytes")
    return f"x'{key.hex()}'"


def is_encrypted(path: Path) -> bool:
    """True when ``path`` exists, is not empty and is not a plain SQLite file."""
    try:
        with open(path, "rb") as f:
            head = f.read(len(HEADER))
    except FileNotFoundError:
        return False
    return bool(head) and head != HEADER


def connect(path: str | Path, key: bytes | None = None, **kwargs: Any) -> Any:
    """A DB-API connection to ``path`` (``kwargs`` as for :func:`sqlite3.connect`): SQLCipher
    keyed with ``key`` (set before anything is read, as SQLCipher requires), or plain
    :mod:`sqlite3` without one."""
    if key is None:
        return sqlite3.connect(str(path), **kwargs)
    conn = driver().connect(str(path), **kwargs)
    conn.execute(f'PRAGMA key = "{key_pragma(key)}"')
    return conn


def open_plain_for_export(path: str | Path, **kwargs: Any) -> Any:
    """A SQLCipher connection to a plain file, to ``sqlcipher_export`` it into an encrypted one.
    Nothing else in this process may have the file open meanwhile (see the module's notes)."""
    return driver().connect(str(path), **kwargs)


def check_key(conn: Any) -> None:
    """Read the schema once: a wrong or missing key fails here, not on first use."""
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except DatabaseErrors as exc:
        raise KeyMissing(f"cannot read the database: wrong or missing key ({exc})") from exc


def engine_url(path: Path, key: bytes | None) -> URL:
    """The SQLAlchemy URL of the file: ``sqlite+pysqlcipher`` with the raw key as its
    password (the dialect issues ``PRAGMA key`` on every new connection), else pysqlite."""
    if key is None:
        return URL.create("sqlite+pysqlite", database=str(path))
    return URL.create("sqlite+pysqlcipher", password=key_pragma(key), database=str(path))
