"""People's names where the window shows who did something (经办人, 审核人, 生成人): lists and
pages keep the login they read and show the person's name; logins are shown only in 系统 ›
用户 (and the audit log, which records them)."""

from __future__ import annotations

from db import Database
from desk_app.access import users


class PersonNames:
    """``names(login)``: the person's name, read again when a login is not known yet (a user
    added since); the login itself for someone who is not a user (a command-line import)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._names: dict[str, str] = {}

    def __call__(self, login: str | None) -> str:
        if not login:
            return ""
        if login not in self._names:
            with self.db.reader() as uow:
                self._names = users.names_by_login(uow)
        return self._names.get(login, login)
