"""What a command needs: the data folder, the database, the acting user, output helpers."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from base.errors import ValidationError, msg
from desk_app.access.auth import Actor, Perm
from desk_app.system.paths import DataDir

if TYPE_CHECKING:
    from db import Database


class CommandError(Exception):
    """A failure to report on stderr with this exit code (no traceback)."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass
class CliContext:
    args: argparse.Namespace
    data: DataDir
    lang: str
    _db: Database | None = None
    _stdin: Iterator[str] | None = field(default=None, repr=False)

    def database(self, *, migrate: bool = True) -> Database:
        """Open the desk database, creating or upgrading it first (after a backup)."""
        if self._db is None:
            from db import Database
            from db.connect import KeyMissing
            from db.migrate import upgrade

            self.data.ensure()
            if not migrate and not self.data.database.exists():
                raise CommandError(
                    self.t(
                        "还没有数据库：请先运行 desk-app init",
                        "no database yet: run desk-app init first",
                    )
                )
            try:
                if migrate:
                    upgrade(self.data.database, self.data.backups, encrypt=True)
                self._db = Database(self.data.database)
            except KeyMissing as exc:
                raise CommandError(
                    self.t(
                        "数据库已加密，但本机的密钥文件夹（keys）里没有它的密钥：请把密钥文件夹放回，"
                        "或用恢复密钥恢复备份（desk-app restore … --recovery-key）",
                        "the database is encrypted and the key folder (keys) holds no key for it: "
                        "put the key folder back, or restore a backup with the recovery key "
                        "(desk-app restore … --recovery-key)",
                    )
                ) from exc
        return self._db

    def forget_database(self) -> None:
        """Drop the open database without using it again (a restore closed and replaced it)."""
        if self._db is not None:
            self._db.dispose()
        self._db = None

    def adopt_database(self, db: Database) -> None:
        """Use ``db`` from now on (the database a restore reopened); closed with the command."""
        self._db = db

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()
            self._db = None

    def t(self, zh: str, en: str) -> str:
        return zh if self.lang == "zh" else en

    def stdin_line(self, what: str) -> str:
        """The next line of standard input (passwords come this way, one per line)."""
        if self._stdin is None:
            self._stdin = iter(sys.stdin.readline, "")
        try:
            line = next(self._stdin)
        except StopIteration:
            line = ""
        line = line.rstrip("\r\n")
        if not line:
            raise ValidationError(
                msg("标准输入中缺少{w}", "{w} expected on standard input", w=what)
            )
        return line

    def actor(self, login: str | None = None) -> Actor:
        """Sign in as ``login`` (default ``--user``) with the password on the first stdin line."""
        from desk_app.access import users

        login = login or getattr(self.args, "user", None)
        if not login:
            raise CommandError(
                self.t("此命令需要 --user 登录名", "this command needs --user LOGIN")
            )
        password = self.stdin_line("password")
        db = self.database()
        with db.uow() as uow:
            return users.sign_in(uow, login, password).actor

    def authorized(
        self, perm: Perm, target: str | None = None, actor: Actor | None = None
    ) -> Actor:
        """The signed-in ``--user`` (or ``actor``), refused (and the refusal audited) unless
        the role may ``perm``: for commands that read personal data without a service that
        checks it itself."""
        from desk_app.access.auth import authorize

        who = actor or self.actor()
        with self.database().uow() as uow:
            authorize(uow, who, perm, target)
        return who

    def audited(self, actor: Actor, action: str, target: str | None, **detail: Any) -> None:
        """Append one audit entry for what the command did (``via: cli``)."""
        from desk_app.access import audit

        with self.database().uow() as uow:
            audit.record(uow.session, actor.login, action, target, detail={**detail, "via": "cli"})
            uow.commit()

    @staticmethod
    def print_json(obj: Any) -> None:
        print(json.dumps(obj, ensure_ascii=False, indent=None, default=str))


def add_user_option(p: argparse.ArgumentParser, *, required: bool = True) -> None:
    p.add_argument(
        "--user",
        required=required,
        metavar="LOGIN",
        help="act as this user; the password is read from the first stdin line",
    )
