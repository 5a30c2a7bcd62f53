"""Telling the person at the desk what happened: errors in their language, confirmations."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from base.errors import DeskError
from db.backup import BackupError
from ui.tasks import was_logged

log = logging.getLogger(__name__)


def error_text(exc: BaseException, lang: str) -> str:
    """A sentence for the person: the core's own message, or a plain one for the unexpected."""
    if isinstance(exc, DeskError):
        return exc.text(lang)
    if isinstance(exc, BackupError):
        return QCoreApplication.translate("Messages", "The backup could not be used: %1").replace(
            "%1", str(exc)
        )
    if isinstance(exc, OSError):
        return QCoreApplication.translate(
            "Messages", "A file could not be read or written: %1"
        ).replace("%1", str(exc))
    return QCoreApplication.translate(
        "Messages", "Something unexpected went wrong: %1. Details are in the log."
    ).replace("%1", str(exc) or type(exc).__name__)


def show_error(parent: QWidget | None, exc: BaseException, lang: str) -> QMessageBox:
    """Non-blocking error box (the window keeps running behind it)."""
    if not isinstance(exc, DeskError) and not was_logged(exc):
        log.error("unexpected error", exc_info=exc)  # the task runner logged its own
    box = QMessageBox(parent)
    box.setIcon(
        QMessageBox.Icon.Warning if isinstance(exc, DeskError) else QMessageBox.Icon.Critical
    )
    box.setWindowTitle(
        QCoreApplication.translate("Messages", "Cannot do this")
        if isinstance(exc, DeskError)
        else QCoreApplication.translate("Messages", "Error")
    )
    box.setText(error_text(exc, lang))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.open()
    return box


def inform(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    """Non-blocking information box."""
    box = QMessageBox(
        QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent
    )
    box.open()
    return box


def confirm(
    parent: QWidget | None,
    title: str,
    text: str,
    ok_text: str,
    *,
    danger: bool = False,
    details: str = "",
) -> bool:
    """Ask before something that cannot be taken back; the safe answer is the default."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning if danger else QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    if details:
        box.setInformativeText(details)
    ok = box.addButton(ok_text, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel if danger else ok)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is ok
