"""系统 › 用户管理 (admins only): add a user, change a role or name, deactivate and
reactivate, reset a password, lift a lock-out. Every change goes through ``desk_app.access.users``,
which checks the admin's right again and audits it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from base.changes import Changes
from base.clock import local, now
from desk_app.access import users
from desk_app.access.auth import Perm, Role
from desk_app.access.users import UserView
from ui import actions as act
from ui.context import AppContext
from ui.dialogs import FormDialog, hint_label, password_rules_text
from ui.messages import confirm
from ui.ops import run_op
from ui.screens.base import Screen
from ui.screens.registry import register_screen
from ui.texts import QT_TRANSLATE_NOOP
from ui.widgets.tables import Column, ListModel


def _locked(u: UserView) -> bool:
    return u.locked_until is not None and u.locked_until > now()


def state_text(u: UserView) -> str:
    """Whether the person can sign in, in the window's language."""
    if not u.active:
        return QCoreApplication.translate("UsersModel", "Deactivated")
    if u.locked_until is not None and _locked(u):
        return QCoreApplication.translate("UsersModel", "Locked until %1").replace(
            "%1", f"{local(u.locked_until):%H:%M}"
        )
    return QCoreApplication.translate("UsersModel", "Active")


def user_columns(ctx: AppContext) -> list[Column]:
    return [
        Column(QT_TRANSLATE_NOOP("UsersModel", "Login"), lambda u: u.login),
        Column(QT_TRANSLATE_NOOP("UsersModel", "Name"), lambda u: u.name),
        Column(QT_TRANSLATE_NOOP("UsersModel", "Role"), lambda u: ctx.role_name(u.role)),
        Column(
            QT_TRANSLATE_NOOP("UsersModel", "State"),
            state_text,
            color=lambda u: "#b3261e" if not u.active or _locked(u) else None,
        ),
    ]


class RoleCombo(QComboBox):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        for role in (Role.CLERK, Role.REVIEWER, Role.ADMIN):
            self.addItem(ctx.role_name(role), role.value)

    def role(self) -> Role:
        return Role(self.currentData())

    def set_role(self, role: Role) -> None:
        self.setCurrentIndex(self.findData(role.value))


class AddUserDialog(FormDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None) -> None:
        super().__init__(parent, self.tr("Add a user"), self.tr("Add user"))
        self.setObjectName("addUserDialog")
        self.ctx = ctx
        self.login = QLineEdit()
        self.login.setObjectName("login")
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.role = RoleCombo(ctx)
        self.role.setObjectName("role")
        self.password = self.password_field()
        self.password.setObjectName("password")
        self.again = self.password_field()
        self.again.setObjectName("again")
        self.form.addRow(self.tr("Login name:"), self.login)
        self.form.addRow(self.tr("Full name:"), self.name)
        self.form.addRow(self.tr("Role:"), self.role)
        self.form.addRow(self.tr("First password:"), self.password)
        self.form.addRow(self.tr("Password again:"), self.again)
        self.form.addRow(hint_label(password_rules_text()))
        self.finish([self.login, self.name, self.role, self.password, self.again])

    def submit(self) -> None:
        if self.password.text() != self.again.text():
            self.show_error(self.tr("The two passwords differ."), self.again)
            return
        ctx = self.ctx
        login, name, role, pw = (
            self.login.text(),
            self.name.text(),
            self.role.role(),
            self.password.text(),
        )
        self.submit_op(
            ctx,
            lambda uow: users.add_user(uow, ctx.actor, login, name, role, pw),
            lambda _d: self.accept(),
        )


class EditUserDialog(FormDialog):
    """Change a user's name and role."""

    def __init__(self, ctx: AppContext, user: UserView, parent: QWidget | None) -> None:
        super().__init__(
            parent, self.tr("Change user %1").replace("%1", user.login), self.tr("Save")
        )
        self.setObjectName("editUserDialog")
        self.ctx, self.user = ctx, user
        self.name = QLineEdit(user.name)
        self.role = RoleCombo(ctx)
        self.role.set_role(user.role)
        self.form.addRow(self.tr("Full name:"), self.name)
        self.form.addRow(self.tr("Role:"), self.role)
        self.finish([self.name, self.role])

    def submit(self) -> None:
        ctx, login, name, role = self.ctx, self.user.login, self.name.text(), self.role.role()
        self.submit_op(
            ctx,
            lambda uow: users.update_user(uow, ctx.actor, login, name=name, role=role),
            lambda _d: self.accept(),
        )


class ResetPasswordDialog(FormDialog):
    def __init__(self, ctx: AppContext, user: UserView, parent: QWidget | None) -> None:
        super().__init__(
            parent,
            self.tr("New password for %1").replace("%1", user.login),
            self.tr("Set password"),
        )
        self.setObjectName("resetPasswordDialog")
        self.ctx, self.user = ctx, user
        self.password = self.password_field()
        self.again = self.password_field()
        self.form.addRow(self.tr("New password:"), self.password)
        self.form.addRow(self.tr("Password again:"), self.again)
        self.form.addRow(
            hint_label(
                password_rules_text()
                + " "
                + self.tr("A lock-out is lifted too. Tell the person the new password in private.")
            )
        )
        self.finish([self.password, self.again])

    def submit(self) -> None:
        if self.password.text() != self.again.text():
            self.show_error(self.tr("The two passwords differ."), self.again)
            return
        ctx, login, pw = self.ctx, self.user.login, self.password.text()
        self.submit_op(
            ctx,
            lambda uow: users.reset_password(uow, ctx.actor, login, pw),
            lambda _d: self.accept(),
        )


class UsersPage(Screen):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.setObjectName("usersPage")
        self.model = ListModel(user_columns(ctx), context="UsersModel", parent=self)
        self.view = QTableView()
        self.view.setObjectName("usersTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setMinimumSectionSize(110)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.doubleClicked.connect(lambda _i: self.edit_user())
        self.view.activated.connect(lambda _i: self.edit_user())
        self.add_button = QPushButton(self.tr("&Add user…"))
        self.add_button.setObjectName("addUser")
        self.edit_button = QPushButton(self.tr("&Change name or role…"))
        self.active_button = QPushButton(self.tr("&Deactivate"))
        self.active_button.setObjectName("toggleActive")
        self.reset_button = QPushButton(self.tr("&Reset password…"))
        self.unlock_button = QPushButton(self.tr("&Unlock"))
        self.add_button.clicked.connect(self.add_user)
        self.edit_button.clicked.connect(self.edit_user)
        self.active_button.clicked.connect(self.toggle_active)
        self.reset_button.clicked.connect(self.reset_password)
        self.unlock_button.clicked.connect(self.unlock_user)
        buttons = QHBoxLayout()
        for b in (
            self.add_button,
            self.edit_button,
            self.active_button,
            self.reset_button,
            self.unlock_button,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 8, 0, 0)
        lay.addLayout(buttons)
        lay.addWidget(self.view, 1)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.refresh()

    def affected_by(self, changes: Changes) -> bool:
        return changes.users

    def handles(self, action: str) -> bool:
        return action == act.REFRESH

    def trigger(self, action: str) -> None:
        self.refresh()

    def focus_first(self) -> None:
        self.view.setFocus()

    def refresh(self) -> None:
        current = self.current()
        with self.ctx.db.reader() as uow:
            rows = users.list_users(uow, self.ctx.actor)
        self.model.set_rows(rows)
        row = next((i for i, u in enumerate(rows) if current and u.login == current.login), 0)
        if rows:
            self.view.selectRow(row)
        self.view.resizeColumnsToContents()
        self._update_buttons()

    def current(self) -> UserView | None:
        idx = self.view.currentIndex()
        return self.model.rows[idx.row()] if idx.isValid() else None

    def _update_buttons(self) -> None:
        u = self.current()
        for b in (self.edit_button, self.active_button, self.reset_button, self.unlock_button):
            b.setEnabled(u is not None)
        if u is not None:
            self.active_button.setText(
                self.tr("&Deactivate") if u.active else self.tr("Re&activate")
            )
            self.unlock_button.setEnabled(u.locked_until is not None and u.locked_until > now())

    def add_user(self) -> None:
        AddUserDialog(self.ctx, self).open()

    def edit_user(self) -> None:
        u = self.current()
        if u is not None:
            EditUserDialog(self.ctx, u, self).open()

    def reset_password(self) -> None:
        u = self.current()
        if u is not None:
            ResetPasswordDialog(self.ctx, u, self).open()

    def toggle_active(self) -> None:
        u = self.current()
        if u is None:
            return
        ctx = self.ctx
        if u.active and not confirm(
            self,
            self.tr("Deactivate user"),
            self.tr("Deactivate %1 (%2)? They can no longer sign in; what they did stays.")
            .replace("%1", u.name)
            .replace("%2", u.login),
            self.tr("Deactivate"),
            danger=True,
        ):
            return
        active = not u.active
        run_op(
            ctx, lambda uow: users.update_user(uow, ctx.actor, u.login, active=active), parent=self
        )

    def unlock_user(self) -> None:
        u = self.current()
        if u is None:
            return
        ctx = self.ctx
        run_op(
            ctx,
            lambda uow: users.unlock(uow, ctx.actor, u.login),
            parent=self,
            done=lambda _d: ctx.status(self.tr("%1 can sign in again.").replace("%1", u.login)),
        )

    def save_layout(self, store: Any) -> None:
        store.setValue("header", self.view.horizontalHeader().saveState())

    def restore_layout(self, store: Any) -> None:
        state = store.value("header")
        if state is not None:
            self.view.horizontalHeader().restoreState(state)


register_screen(
    "users",
    UsersPage,
    section="system",
    title=QT_TRANSLATE_NOOP("Screens", "Users"),
    order=10,
    perm=Perm.USERS,
)
