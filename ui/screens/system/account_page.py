"""系统 › 我的账户 (everyone): who is signed in, what the role may do, change the password,
lock the screen, sign out."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

from desk_app.access.auth import PERMISSIONS, Perm
from ui import actions as act
from ui.context import AppContext
from ui.dialogs import ChangePasswordDialog
from ui.screens.base import Screen
from ui.screens.registry import register_screen
from ui.texts import QT_TRANSLATE_NOOP

PERM_TEXT: dict[Perm, str] = {
    Perm.UNITS: QT_TRANSLATE_NOOP("Permissions", "register and edit units"),
    Perm.MEMBERS: QT_TRANSLATE_NOOP("Permissions", "register and edit members"),
    Perm.ENROLL: QT_TRANSLATE_NOOP("Permissions", "enroll members, import rosters"),
    Perm.CLAIMS: QT_TRANSLATE_NOOP("Permissions", "take in claims"),
    Perm.PRINT: QT_TRANSLATE_NOOP("Permissions", "print forms and notices"),
    Perm.REVIEW: QT_TRANSLATE_NOOP("Permissions", "review and approve claims"),
    Perm.PAY: QT_TRANSLATE_NOOP("Permissions", "make payment batches"),
    Perm.RETURNS: QT_TRANSLATE_NOOP("Permissions", "monthly returns and analyses"),
    Perm.VIEW: QT_TRANSLATE_NOOP("Permissions", "look things up"),
    Perm.USERS: QT_TRANSLATE_NOOP("Permissions", "manage users"),
    Perm.SCHEMES: QT_TRANSLATE_NOOP("Permissions", "load and activate schemes"),
    Perm.SETTINGS: QT_TRANSLATE_NOOP("Permissions", "change the desk's settings"),
    Perm.BACKUP: QT_TRANSLATE_NOOP("Permissions", "back up and restore"),
    Perm.SYNC_SETUP: QT_TRANSLATE_NOOP("Permissions", "connect the desk to the city"),
    Perm.SYNC: QT_TRANSLATE_NOOP("Permissions", "sync with the city"),
    Perm.AUDIT: QT_TRANSLATE_NOOP("Permissions", "read the audit log"),
}


def perm_text(perm: Perm) -> str:
    return QCoreApplication.translate("Permissions", PERM_TEXT[perm])


class AccountPage(Screen):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.setObjectName("accountPage")
        form = QFormLayout()
        form.addRow(self.tr("Login name:"), QLabel(ctx.actor.login))
        form.addRow(self.tr("Full name:"), QLabel(ctx.actor.name))
        form.addRow(self.tr("Role:"), QLabel(ctx.role_name()))
        sep = "、" if ctx.lang == "zh" else ", "
        may = QLabel(sep.join(perm_text(p) for p in Perm if p in PERMISSIONS[ctx.actor.role]))
        may.setWordWrap(True)
        form.addRow(self.tr("May:"), may)
        self.password_button = QPushButton(self.tr("Change my &password…"))
        self.password_button.setObjectName("changePassword")
        self.password_button.clicked.connect(self.change_password)
        self.lock_button = QPushButton(
            self.tr("&Lock screen") + f"  ({act.shortcut_text(act.LOCK)})"
        )
        self.lock_button.clicked.connect(self._lock)
        self.sign_out_button = QPushButton(self.tr("Sign &out"))
        self.sign_out_button.clicked.connect(self._sign_out)
        buttons = QHBoxLayout()
        for b in (self.password_button, self.lock_button, self.sign_out_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 12, 0, 0)
        lay.addLayout(form)
        lay.addSpacing(12)
        lay.addLayout(buttons)
        lay.addStretch(1)

    def focus_first(self) -> None:
        self.password_button.setFocus()

    def _lock(self) -> None:
        if self.ctx.shell is not None:
            self.ctx.shell.lock_screen()

    def _sign_out(self) -> None:
        if self.ctx.shell is not None:
            self.ctx.shell.sign_out()

    def change_password(self) -> None:
        ChangePasswordDialog(self.ctx, self).open()


register_screen(
    "account",
    AccountPage,
    section="system",
    title=QT_TRANSLATE_NOOP("Screens", "My account"),
    order=50,
)
