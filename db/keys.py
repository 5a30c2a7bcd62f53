"""The key folder beside the database (``<data>/keys``, 0700): secrets that must not travel with
the database file or its backups. A backup copies the database only, so what lies here stays on
the PC: the key of the sign-in fingerprints, the sync token's file."""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy.orm import Session

from base import private
from db import dpapi

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
        data = dpapi.unprotect(path.read_bytes())
        if len(data) >= size:
            return data[:size]
        raise ValueError(f"the key file {path} is damaged (too short)") from None
    value = secrets.token_bytes(size)
    with os.fdopen(fd, "wb") as f:
        f.write(dpapi.protect(value))
        f.flush()
        os.fsync(f.fileno())
    return value


def database_key(db_path: Path) -> bytes | None:
    """The database's SQLCipher key, or ``None`` for a plain database (no key file)."""
    path = key_dir(db_path) / DATABASE_KEY
    if not path.exists():
        return None
    data = dpapi.unprotect(path.read_bytes())
    if len(data) != 32:
        raise ValueError(f"the key file {path} is damaged (not 32 bytes)")
    return data


def set_database_key(db_path: Path, key: bytes) -> Path:
    """Store the database's key (0600, atomically; on Windows through DPAPI for this PC): from
    now on the file is opened with it."""
    return write_private(key_dir(db_path), DATABASE_KEY, dpapi.protect(key))


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


# --------------------------------------------------------------------------- sealed secrets
# A secret kept in the key folder is sealed (AES-256-GCM) with the folder's own random key,
# so the file alone (copied, mailed, left in a support bundle) gives nothing away, and nothing
# of it is ever in the database or a backup. The key is the folder's ``sealing.key`` (0600);
# on Windows DPAPI (machine scope) and the folder's ACL protect it (db.dpapi, docs/operations.md).

DATABASE_KEY = "database.key"  # the SQLCipher key of the database (db.connect)
SEALING_KEY = "sealing.key"
SYNC_TOKEN = "sync-token"  # the sync token (desk_app.sync.credentials)
_MAGIC = b"DKS1"


def folder_of(session: Session) -> Path:
    """The key folder of the database a session is bound to."""
    path = session.get_bind().engine.url.database
    if not path:
        raise ValueError("an in-memory database has no key folder")
    return key_dir(Path(path))


def seal(folder: Path, name: str, value: bytes) -> Path:
    """Store ``value`` sealed as ``folder/name`` (0600, atomically); returns the file."""
    nonce = secrets.token_bytes(12)
    box = AESGCM(secret(folder, SEALING_KEY)).encrypt(nonce, value, name.encode())
    return write_private(folder, name, _MAGIC + nonce + box)


def unseal(folder: Path, name: str) -> bytes | None:
    """The value sealed as ``folder/name``; ``None`` when there is none or it cannot be opened
    (another PC's folder, a damaged file): the caller asks for the secret again."""
    path = folder / name
    if not (folder / SEALING_KEY).exists() or not path.exists():
        return None
    data = path.read_bytes()
    if not data.startswith(_MAGIC) or len(data) < len(_MAGIC) + 12 + 16:
        return None
    nonce, box = data[4:16], data[16:]
    try:
        return AESGCM(secret(folder, SEALING_KEY)).decrypt(nonce, box, name.encode())
    except InvalidTag:
        return None


def seal_sync_token(folder: Path, site: str | None, token: str) -> Path:
    """Seal the sync token issued for ``site`` (desk_app.sync.credentials; migration 0004)."""
    return seal(folder, SYNC_TOKEN, json.dumps({"site": site, "token": token}).encode())


def unseal_sync_token(folder: Path) -> tuple[str | None, str] | None:
    """``(site, token)`` as sealed, or ``None``."""
    raw = unseal(folder, SYNC_TOKEN)
    if raw is None:
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        return None
    token = value.get("token") if isinstance(value, dict) else None
    if not isinstance(token, str) or not token:
        return None
    return value.get("site"), token


def forget(folder: Path, name: str) -> bool:
    """Delete the sealed ``folder/name``; True when there was one."""
    path = folder / name
    if path.exists():
        path.unlink()
        return True
    return False
