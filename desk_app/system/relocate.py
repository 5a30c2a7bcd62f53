"""Moving the data folder (to another disk, or a USB stick at centers that carry the desk).

The database is copied with the SQLite backup API and checked; backups, exports and logs are
copied as files; only then is the new location remembered (``paths.pointer_file``). The old
folder is left as it was, so a failed or regretted move loses nothing; the person deletes it by
hand later. The caller must have closed the database (the window signs everyone out first).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from base.errors import ValidationError, msg
from db import backup
from desk_app.system.paths import DataDir, pointer_file

_FOLDERS = ("backups", "exports", "logs", "keys")  # keys: the sync token (and its key)
_FILES = ("window.ini",)


def check_target(current: DataDir, target: Path) -> Path:
    """The target folder, or a ValidationError saying why it cannot take the data."""
    target = target.expanduser().resolve()
    if target == current.root.resolve():
        raise ValidationError(msg("新位置与当前数据文件夹相同", "that is the current data folder"))
    if current.root.resolve() in target.parents:
        raise ValidationError(
            msg(
                "新位置不能在当前数据文件夹里面",
                "the new place cannot be inside the current data folder",
            )
        )
    if (target / "desk.sqlite3").exists():
        raise ValidationError(
            msg(
                "新位置已经有数据库，请选择空文件夹",
                "there is a database there already: choose an empty folder",
            )
        )
    try:
        target.mkdir(parents=True, exist_ok=True)
        probe = target / ".desk-write-test"
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError as exc:
        raise ValidationError(msg("新位置不能写入：{e}", "cannot write there: {e}", e=exc)) from exc
    return target


def move_data_dir(current: DataDir, target: Path) -> DataDir:
    """Copy everything to ``target`` and make it the data folder from the next start on."""
    target = check_target(current, target)
    new = DataDir(target)
    if current.database.exists():
        backup.copy_database(current.database, new.database)
        # copy_database leaves the copy in rollback-journal mode; the desk reopens it in WAL.
    for name in _FOLDERS:
        src = current.root / name
        if src.is_dir():
            shutil.copytree(src, target / name, dirs_exist_ok=True)
    for name in _FILES:
        src = current.root / name
        if src.exists():
            shutil.copy2(src, target / name)
    new.ensure()
    pointer = pointer_file()
    pointer.parent.mkdir(parents=True, exist_ok=True)
    pointer.write_text(str(target), encoding="utf-8")
    return new
