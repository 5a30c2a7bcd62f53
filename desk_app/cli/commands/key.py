"""``desk-app key recovery --user ADMIN``: print the database's recovery key, once.

The database and its backups are encrypted with a key kept in the key folder on this PC
(``db.connect``), so nobody types it. A backup taken to another PC opens there only with that
key: the admin prints it once, on paper kept in the safe, and gives it to ``desk-app restore
FILE --user ADMIN --recovery-key`` (on the line after the password). It is printed only once;
the printing is audited.
"""

from __future__ import annotations

import argparse
import re

from base.clock import local, now
from base.errors import ValidationError, msg
from db import keys
from desk_app.access.auth import Perm
from desk_app.cli.context import CliContext, CommandError, add_user_option

PRINTED = "recovery-key-printed"


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("key", parents=[common], help="the database's encryption key")
    s = p.add_subparsers(dest="key_command", metavar="ACTION", required=True)
    r = s.add_parser(
        "recovery",
        parents=[common],
        help="print the recovery key once (admin), to restore a backup on another PC",
    )
    add_user_option(r)
    r.set_defaults(func=run_recovery)


def format_key(key: bytes) -> str:
    """64 hex digits in eight groups, for paper."""
    text = key.hex().upper()
    return "-".join(text[i : i + 8] for i in range(0, len(text), 8))


def parse_key(text: str) -> bytes:
    """A recovery key as typed from paper (groups, spaces and case do not matter)."""
    digits = re.sub(r"[\s-]", "", text)
    if not re.fullmatch(r"[0-9A-Fa-f]{64}", digits):
        raise ValidationError(
            msg(
                "恢复密钥应为 64 位十六进制数字（可按纸上的分组输入）",
                "a recovery key is 64 hexadecimal digits (typed in the groups on the paper)",
            )
        )
    return bytes.fromhex(digits)


def run_recovery(ctx: CliContext) -> int:
    db = ctx.database()
    actor = ctx.authorized(Perm.BACKUP, "database_key")
    if db.key is None:
        raise CommandError(ctx.t("数据库未加密", "the database is not encrypted"))
    marker = db.key_dir / PRINTED
    if marker.exists():
        raise CommandError(
            ctx.t(
                f"恢复密钥已于 {marker.read_text('utf-8')} 打印过，只能打印一次："
                "请查看保险柜中的纸",
                f"the recovery key was printed on {marker.read_text('utf-8')}; it is printed "
                "only once: look for the paper in the safe",
            )
        )
    keys.write_private(db.key_dir, PRINTED, f"{local(now()):%Y-%m-%d %H:%M}".encode())
    ctx.audited(actor, "key.recovery_printed", "database_key")
    print(format_key(db.key))
    print(
        ctx.t(
            "请抄在纸上放入保险柜；在另一台电脑上恢复备份时需要它"
            "（desk-app restore … --recovery-key）",
            "write it on paper and keep it in the safe: a backup restored on another PC needs it "
            "(desk-app restore … --recovery-key)",
        )
    )
    return 0
