"""Where the desk keeps its files: one data folder holding the database, backups, exports, logs.

Chosen by ``--data-dir``, else ``DESK_APP_DATA``, else a ``data`` folder beside the program when a
``portable.txt`` marker lies there (a USB-stick install), else the folder the data was moved to
(a one-line pointer file ``location.txt`` in the per-user config folder, written by
:func:`desk_app.system.relocate.move_data_dir`), else the platform's per-user data folder.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

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

    def ensure(self) -> DataDir:
        for p in (self.root, self.backups, self.exports, self.logs):
            p.mkdir(parents=True, exist_ok=True)
        return self


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
