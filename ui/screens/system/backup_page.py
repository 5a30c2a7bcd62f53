"""系统 › 备份与恢复 (admins): back up now, and restore one of the backups that pass the
integrity check. A restore closes the window and the database, puts the backup in place (the
current file is kept beside it), reopens it and asks everyone to sign in again."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from base.changes import Changes
from db.backup import BackupInfo
from desk_app.access.auth import Perm
from desk_app.system.backups import backup_folder, backup_now, list_backups
from ui import actions as act
from ui.context import AppContext
from ui.messages import confirm
from ui.screens.base import Screen
from ui.screens.registry import register_screen
from ui.texts import QT_TRANSLATE_NOOP
from ui.widgets.tables import Column, ListModel

REASONS = {
    "manual": QT_TRANSLATE_NOOP("BackupModel", "made by hand"),
    "auto": QT_TRANSLATE_NOOP("BackupModel", "automatic"),
    "daily": QT_TRANSLATE_NOOP("BackupModel", "automatic"),
    "exit": QT_TRANSLATE_NOOP("BackupModel", "on leaving the program"),
}


def size_text(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n = n / 1024  # type: ignore[assignment]
    return str(n)


def reason_text(b: BackupInfo) -> str:
    """Why the backup was taken, in the window's language."""
    if b.reason.startswith("pre-upgrade"):
        return QCoreApplication.translate("BackupModel", "before a program update")
    if b.reason in REASONS:
        return QCoreApplication.translate("BackupModel", REASONS[b.reason])
    return b.reason


BACKUP_COLUMNS = (
    Column(
        QT_TRANSLATE_NOOP("BackupModel", "Taken at"),
        lambda b: f"{b.taken_at:%Y-%m-%d %H:%M:%S}" if b.taken_at else "",
        raw=lambda b: b.taken_at,
    ),
    Column(QT_TRANSLATE_NOOP("BackupModel", "Why"), reason_text),
    Column(
        QT_TRANSLATE_NOOP("BackupModel", "Size"), lambda b: size_text(b.size), raw=lambda b: b.size
    ),
    Column(QT_TRANSLATE_NOOP("BackupModel", "File"), lambda b: b.path.name),
)


class BackupPage(Screen):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.setObjectName("backupPage")
        self.folder = backup_folder(ctx.db, ctx.data)
        self.folder_label = QLabel()
        self.folder_label.setObjectName("hint")
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = ListModel(BACKUP_COLUMNS, context="BackupModel", parent=self)
        self.view = QTableView()
        self.view.setObjectName("backupTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setMinimumSectionSize(110)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.activated.connect(lambda _i: self.restore_selected())
        self.backup_button = QPushButton(self.tr("&Back up now"))
        self.backup_button.setObjectName("backupNow")
        self.restore_button = QPushButton(self.tr("&Restore the selected backup…"))
        self.restore_button.setObjectName("restoreBackup")
        self.open_button = QPushButton(self.tr("&Open the backup folder"))
        self.backup_button.clicked.connect(self.backup)
        self.restore_button.clicked.connect(self.restore_selected)
        self.open_button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))
        )
        note = QLabel(
            self.tr(
                "Only backups that pass SQLite's integrity check are listed. Restoring keeps the "
                "current database beside the restored one, and everyone signs in again."
            )
        )
        note.setObjectName("hint")
        note.setWordWrap(True)
        buttons = QHBoxLayout()
        for b in (self.backup_button, self.restore_button, self.open_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 8, 0, 0)
        lay.addLayout(buttons)
        lay.addWidget(self.folder_label)
        lay.addWidget(self.view, 1)
        lay.addWidget(note)
        self.refresh()

    def affected_by(self, changes: Changes) -> bool:
        return changes.settings or changes.audit  # a new backup is audited

    def handles(self, action: str) -> bool:
        return action == act.REFRESH

    def trigger(self, action: str) -> None:
        self.refresh()

    def focus_first(self) -> None:
        self.backup_button.setFocus()

    def refresh(self) -> None:
        ctx = self.ctx
        self.folder = backup_folder(ctx.db, ctx.data)
        self.folder_label.setText(self.tr("Backup folder: %1").replace("%1", str(self.folder)))

        def job(_p: Any, _c: Any) -> list[BackupInfo]:
            return list_backups(ctx.db, ctx.data)  # reads every file: off the GUI thread

        ctx.runner.run(job, done=self._show, kind="net")

    def _show(self, rows: list[BackupInfo]) -> None:
        self.model.set_rows(rows)
        self.view.resizeColumnsToContents()
        if rows:
            self.view.selectRow(0)
        self.restore_button.setEnabled(bool(rows))

    def backup(self) -> None:
        ctx = self.ctx
        self.backup_button.setEnabled(False)

        def done(d: Any) -> None:
            self.backup_button.setEnabled(True)
            if ctx.shell is not None:
                ctx.shell.status_message(self.tr("Backed up to %1").replace("%1", str(d.value)))
            self.refresh()

        def failed(exc: BaseException) -> None:
            self.backup_button.setEnabled(True)
            from ui.messages import show_error

            show_error(self, exc, ctx.lang)

        ctx.runner.run(
            lambda _p, _c: backup_now(ctx.db, ctx.data, ctx.actor),
            done=done,
            failed=failed,
            title=self.tr("Backing up…"),
            parent=self,
            cancellable=False,
        )

    def restore_selected(self) -> None:
        idx = self.view.currentIndex()
        if not idx.isValid():
            return
        b = self.model.rows[idx.row()]
        when = f"{b.taken_at:%Y-%m-%d %H:%M}" if b.taken_at else b.path.name
        if not confirm(
            self,
            self.tr("Restore a backup"),
            self.tr("Replace the database with the backup taken at %1?").replace("%1", when),
            self.tr("Restore"),
            danger=True,
            details=self.tr(
                "Everything entered after that time is no longer in the database (the current "
                "file is kept beside it). The window closes and everyone signs in again."
            ),
        ):
            return
        if self.ctx.shell is not None:
            self.ctx.shell.restore_backup(b.path)

    def save_layout(self, store: Any) -> None:
        store.setValue("header", self.view.horizontalHeader().saveState())

    def restore_layout(self, store: Any) -> None:
        state = store.value("header")
        if state is not None:
            self.view.horizontalHeader().restoreState(state)


register_screen(
    "backup",
    BackupPage,
    section="system",
    title=QT_TRANSLATE_NOOP("Screens", "Backup and restore"),
    order=30,
    perm=Perm.BACKUP,
)
