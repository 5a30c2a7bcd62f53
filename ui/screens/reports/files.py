"""报表: where the workbooks go. The reviewer picks the file (the name suggested is the one the
city expects); the folder is remembered in the window's layout store for next time, starting
at the data folder's ``exports``. Tests replace :data:`ask_save_path` (no file dialogs there)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from ui.context import AppContext

LAST_FOLDER_KEY = "reports/folder"


def _system_dialog(parent: QWidget, title: str, suggested: str) -> str | None:
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, "Excel (*.xlsx)")
    return path or None


ask_save_path: Callable[[QWidget, str, str], str | None] = _system_dialog


def choose_save(parent: QWidget, ctx: AppContext, title: str, name: str) -> Path | None:
    """Ask where to save ``name``; None when the reviewer cancels. Adds ``.xlsx`` if the
    typed name has no extension."""
    folder = str(ctx.layout.value(LAST_FOLDER_KEY, "") or "")
    if not folder or not Path(folder).is_dir():
        folder = str(ctx.data.exports)
    chosen = ask_save_path(parent, title, str(Path(folder) / name))
    if not chosen:
        return None
    path = Path(chosen)
    if not path.suffix:
        path = path.with_suffix(".xlsx")
    ctx.layout.setValue(LAST_FOLDER_KEY, str(path.parent))
    return path
