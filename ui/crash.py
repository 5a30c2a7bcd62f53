"""The last line of defence: an unexpected error anywhere in the window is logged (scrubbed of
personal data by desk_app.system.logs) and shown in the window's language with the log's location.
The program keeps running, so whatever the clerk had typed stays on screen to be saved.
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox

log = logging.getLogger(__name__)


class CrashReporter(QObject):
    """Installed once per program as ``sys.excepthook`` and ``threading.excepthook``."""

    sig_error = Signal(str)  # the error's one-line summary, delivered on the GUI thread

    def __init__(self, log_dir: Path) -> None:
        super().__init__()
        self.log_dir = log_dir
        self.last_box: QMessageBox | None = None
        self.sig_error.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self._previous = sys.excepthook
        self._previous_thread = threading.excepthook

    def install(self) -> None:
        sys.excepthook = self._hook
        threading.excepthook = self._thread_hook

    def uninstall(self) -> None:
        sys.excepthook = self._previous
        threading.excepthook = self._previous_thread

    def _hook(
        self,
        kind: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self._previous(kind, exc, tb)
            return
        log.critical("unexpected error", exc_info=(kind, exc, tb))
        self.sig_error.emit(f"{kind.__name__}: {exc}")

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is not None and args.exc_value is not None:
            self._hook(args.exc_type, args.exc_value, args.exc_traceback)

    @Slot(str)
    def _show(self, summary: str) -> None:
        if QApplication.instance() is None:
            return
        if self.last_box is not None and self.last_box.isVisible():
            return  # one box at a time; every error is in the log
        box = QMessageBox(
            QMessageBox.Icon.Critical,
            QCoreApplication.translate("Crash", "Unexpected error"),
            QCoreApplication.translate(
                "Crash",
                "Something went wrong inside the program. What you were doing has not been "
                "lost: the window stays open, so you can save your work. If it happens again, "
                "send the log file to support.\n\nLog folder: %1",
            ).replace("%1", str(self.log_dir)),
        )
        box.setDetailedText(summary)
        box.setWindowModality(Qt.WindowModality.ApplicationModal)
        box.open()
        self.last_box = box
