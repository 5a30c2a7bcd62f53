"""The key folder's files and Windows DPAPI (db.dpapi): on Windows a key file holds the key
protected for this PC, never the key itself; elsewhere the owner-only plain key. The Windows
half runs where the suite runs on Windows; the Windows workflow checks the built program's
key file (.github/workflows/windows.yml)."""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

import pytest

from db import dpapi, keys


def test_a_key_is_read_back_as_it_was_written(tmp_path: Path) -> None:
    db_path = tmp_path / "desk.sqlite3"
    key = secrets.token_bytes(32)
    keys.set_database_key(db_path, key)
    assert keys.database_key(db_path) == key
    first = keys.secret(tmp_path / "keys", "fingerprint.key")
    assert keys.secret(tmp_path / "keys", "fingerprint.key") == first


@pytest.mark.skipif(sys.platform == "win32", reason="the plain key file is the non-Windows form")
def test_elsewhere_the_key_file_is_the_owner_only_plain_key(tmp_path: Path) -> None:
    db_path = tmp_path / "desk.sqlite3"
    key = secrets.token_bytes(32)
    path = keys.set_database_key(db_path, key)
    assert path.read_bytes() == key
    assert path.stat().st_mode & 0o077 == 0


@pytest.mark.skipif(sys.platform == "win32", reason="off Windows a DPAPI blob cannot be opened")
def test_a_key_file_protected_on_a_windows_pc_is_refused_in_words(tmp_path: Path) -> None:
    db_path = tmp_path / "desk.sqlite3"
    keys.set_database_key(db_path, secrets.token_bytes(32))
    (tmp_path / "keys" / keys.DATABASE_KEY).write_bytes(dpapi.PREFIX + secrets.token_bytes(230))
    with pytest.raises(ValueError, match="protected by Windows"):
        keys.database_key(db_path)


def test_a_plain_key_that_happens_to_start_like_a_blob_is_still_a_key() -> None:
    key = dpapi.PREFIX + secrets.token_bytes(28)
    assert not dpapi.is_protected(key)
    assert dpapi.unprotect(key) == key


@pytest.mark.skipif(sys.platform != "win32", reason="DPAPI exists on Windows only")
def test_on_windows_the_key_file_never_holds_the_key(tmp_path: Path) -> None:
    db_path = tmp_path / "desk.sqlite3"
    key = secrets.token_bytes(32)
    raw = keys.set_database_key(db_path, key).read_bytes()
    assert dpapi.is_protected(raw) and key not in raw
    assert keys.database_key(db_path) == key
    # a key written before DPAPI (plain) is still read
    (tmp_path / "keys" / keys.DATABASE_KEY).write_bytes(key)
    assert keys.database_key(db_path) == key
