"""Encrypting a plain desk database in place (the upgrade to the first release with SQLCipher).

The plain file is exported page by page into an encrypted copy (``sqlcipher_export``, through
the open connection, so what is still in the WAL goes along), the copy is checked, the key is
stored, and only then does the copy take the file's name: a failure at any step leaves the
plain database as it was. The plain backups beside it (the backups folder, copies kept by a
restore) are encrypted the same way, so no plain copy of the members is left in the folder.
"""

from __future__ import annotations

import logging
from pathlib import Path

from db import keys
from db.backup import BACKUP_GLOB, export_encrypted
from db.connect import is_encrypted

log = logging.getLogger(__name__)


def encrypt_in_place(path: Path, backup_dir: Path, key: bytes) -> None:
    """Encrypt the plain database at ``path`` with ``key`` (stored in its key folder), then
    its plain backups. No connection to ``path`` may be open (the program's start)."""
    tmp = path.with_name(path.name + ".encrypting")
    export_encrypted(path, tmp, key)
    keys.set_database_key(path, key)
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    tmp.replace(path)
    log.info("the database was encrypted in place")
    copies = [*backup_dir.glob(BACKUP_GLOB), *path.parent.glob(f"{path.name}.before-restore-*")]
    for copy in copies:
        if copy.is_file() and not is_encrypted(copy):
            try:
                export_encrypted(copy, copy.with_name(copy.name + ".encrypting"), key)
            except Exception:  # a damaged old copy stays as it was (it was never restorable)
                log.warning("backup %s could not be encrypted", copy.name, exc_info=True)
                continue
            copy.with_name(copy.name + ".encrypting").replace(copy)
