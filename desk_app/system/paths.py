"""Where the desk keeps its files: one data folder holding the database, backups, exports, logs.

Chosen by ``--data-dir``, else ``DESK_APP_DATA``, else a ``data`` folder beside the program when a
``portable.txt`` marker lies there (a USB-stick install), else the folder the data was moved to
(a one-line pointer file ``location.txt`` in the per-user config folder, written by
:func:`desk_app.system.relocate.move_data_dir`), else the platform's per-user data folder.
"""

from __future__ import annotations

import functools
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from base import private

log = logging.getLogger(__name__)

APP_NAME = "desk-app"
DB_FILE = "desk.sqlite3"


def _portable_dir() -> Path | None:
    base = Path(sys.executable).resolve().parent if getattr(sys, "frozen", False) else None
    if base is not None and (base / "portable.txt").exists():
        return base / "data"
    return None


@dataclass(frozen=True)
class DataDir:
    root: Path

    @property
    def database(self) -> Path:
        return self.root / DB_FILE

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def keys(self) -> Path:
        """The key folder: secrets that must not travel with the database or its backups
        (the sync token's file, the key of the sign-in fingerprints)."""
        return self.root / "keys"

    def ensure(self) -> DataDir:
        """Create the folders, for the owner only; a folder an older release left open to
        others (0755, files 0644) is closed with everything in it."""
        if self.root.exists() and private.open_to_others(self.root):
            private.tighten_tree(self.root)
        for p in (self.root, self.backups, self.exports, self.logs, self.keys):
            private.private_dir(p)
        if sys.platform == "win32":
            _acl_checked(self.root)
        return self


@functools.lru_cache(maxsize=8)
def _acl_checked(root: Path) -> None:
    """Once per folder and run: the Windows ACL check and repair (base.private)."""
    found = private.check_windows_acl(root)
    if found:
        log.warning("the data folder was open to others (%s); its ACL was set again", found)


def pointer_file() -> Path:
    """Where a moved data folder's location is remembered (``DESK_APP_CONFIG`` overrides)."""
    override = os.environ.get("DESK_APP_CONFIG")
    base = Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME, False))
    return base / "location.txt"


def default_data_dir() -> DataDir:
    return DataDir(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)))


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> DataDir:
    """The data folder to use, by the precedence in the module docstring (not created)."""
    if explicit:
        return DataDir(Path(explicit).expanduser().resolve())
    env = os.environ.get("DESK_APP_DATA")
    if env:
        return DataDir(Path(env).expanduser().resolve())
    portable = _portable_dir()
    if portable is not None:
        return DataDir(portable)
    pointer = pointer_file()
    if pointer.exists():
        moved = pointer.read_text(encoding="utf-8").strip()
        if moved:
            return DataDir(Path(moved))
    return default_data_dir()
