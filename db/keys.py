"""The key folder beside the database (``<data>/keys``, 0700): secrets that must not travel with
the database file or its backups. A backup copies the database only, so what lies here stays on
the PC: the key of the sign-in fingerprints, the sync token's file."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from base import private

KEY_FOLDER = "keys"


def key_dir(db_path: Path) -> Path:
    """The key folder of the database at ``db_path``."""
    return db_path.parent / KEY_FOLDER


def secret(folder: Path, name: str, size: int = 32) -> bytes:
    """The random secret ``name`` in ``folder``, made (0600) the first time it is asked for."""
    private.private_dir(folder)
    path = folder / name
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, private.FILE_MODE)
    except FileExistsError:
        data = path.read_bytes()
        if len(data) >= size:
            return data[:size]
        raise ValueError(f"the key file {path} is damaged (too short)") from None
    value = secrets.token_bytes(size)
    with os.fdopen(fd, "wb") as f:
        f.write(value)
        f.flush()
        os.fsync(f.fileno())
    return value


def write_private(folder: Path, name: str, data: bytes) -> Path:
    """Write ``data`` to ``folder/name`` for the owner only, atomically (a temporary file, then
    a rename)."""
    private.private_dir(folder)
    path = folder / name
    tmp = private.private_file(folder / (name + ".part"))
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    tmp.replace(path)
    return path
