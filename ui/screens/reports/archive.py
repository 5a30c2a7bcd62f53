"""报表 › 月报: the month's electronic archive (电子档案) written from the window — every claim
paid in the month chosen above, one PDF per claim number (the approval form and its scanned
papers), into a folder the reviewer picks. The same service as ``desk-app archive``
(:func:`desk_app.papers_archive.write_month_archive`, audited ``print.archive``), run with
:func:`ui.ops.run_long_op`: progress and Cancel, and a cancelled run leaves no file behind.

The folder is picked with Qt's own folder dialog (not the system's: it speaks the window's
language) and remembered for next time. Tests replace :data:`ask_folder`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QPushButton, QWidget

from base.changes import Done
from base.progress import Progress
from db import UnitOfWork
from desk_app import papers_archive
from desk_app.access.auth import Perm
from desk_app.papers_archive import ArchiveReport
from ui.context import AppContext
from ui.messages import error_text
from ui.ops import run_long_op
from ui.widgets.keyed import native

KEYS = "Ctrl+Shift+E"
LAST_FOLDER_KEY = "reports/archive_folder"


def _qt_folder_dialog(parent: QWidget, title: str, start: str) -> str | None:
    from PySide6.QtWidgets import QFileDialog

    options = QFileDialog.Option.ShowDirsOnly | QFileDialog.Option.DontUseNativeDialog
    return QFileDialog.getExistingDirectory(parent, title, start, options) or None


ask_folder: Callable[[QWidget, str, str], str | None] = _qt_folder_dialog


class MonthArchive(QObject):
    """The button 写电子档案 (Ctrl+Shift+E) of the monthly return screen."""

    def __init__(
        self,
        ctx: AppContext,
        screen: QWidget,
        month: Callable[[], str],
        say: Callable[..., None],
    ) -> None:
        super().__init__(screen)
        self.ctx, self.screen, self.month, self.say = ctx, screen, month, say
        self.button = QPushButton(self.tr("Write the archive… (%1)").replace("%1", native(KEYS)))
        self.button.setObjectName("return_archive")
        self.button.setAutoDefault(False)
        self.button.setToolTip(
            self.tr(
                "Write the electronic archive of the month chosen above: one PDF per paid "
                "claim, its approval form followed by its scanned papers (%1)"
            ).replace("%1", native(KEYS))
        )
        self.button.clicked.connect(self.write)
        self.button.setVisible(ctx.can(Perm.PRINT))
        a = QAction(self.button.text(), screen)
        a.setShortcut(QKeySequence(KEYS))
        a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        a.triggered.connect(self.write)
        screen.addAction(a)

    def start_folder(self) -> str:
        folder = str(self.ctx.layout.value(LAST_FOLDER_KEY, "") or "")
        if not folder or not Path(folder).is_dir():
            folder = str(self.ctx.data.exports)
        return folder

    def write(self) -> None:
        """Ctrl+Shift+E: ask for the folder, then write the month's files with progress."""
        if not self.ctx.can(Perm.PRINT):
            return
        month = self.month()
        chosen = ask_folder(
            self.screen,
            self.tr("Folder for the electronic archive of %1").replace("%1", month),
            self.start_folder(),
        )
        if not chosen:
            return
        folder = Path(chosen)
        self.ctx.layout.setValue(LAST_FOLDER_KEY, str(folder))
        actor = self.ctx.actor

        def job(
            uow: UnitOfWork, progress: Progress, cancel: threading.Event
        ) -> Done[ArchiveReport]:
            return papers_archive.write_month_archive(
                uow, actor, month, folder, progress=progress, cancel=cancel
            )

        run_long_op(
            self.ctx,
            job,
            parent=self.screen,
            title=self.tr("Writing the electronic archive of %1…").replace("%1", month),
            done=lambda result: self.say(self.outcome(result.value)),
            failed=lambda e: self.say(error_text(e, self.ctx.lang), error=True),
            cancelled=lambda: self.say(
                self.tr("The archive was cancelled: the files written so far were removed.")
            ),
        )

    def outcome(self, r: ArchiveReport) -> str:
        text = (
            self.tr("Electronic archive of %1 written: %2 claim file(s) in %3.")
            .replace("%1", r.month)
            .replace("%2", str(len(r.files)))
            .replace("%3", str(r.folder))
        )
        if r.claims_without_papers:
            text += " " + self.tr("Claims without scanned papers: %1.").replace(
                "%1", "、".join(r.claims_without_papers)
            )
        return text
