"""``desk-app audit verify --user LOGIN``: check the audit log's hash chain (reviewers and
admins, password on stdin; the check itself is audited)."""

from __future__ import annotations

import argparse

from desk_app.access import audit
from desk_app.access.auth import Perm
from desk_app.cli.context import CliContext, add_user_option


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("audit", parents=[common], help="the audit log")
    s = p.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    v = s.add_parser("verify", parents=[common], help="detect edited or deleted entries")
    add_user_option(v)
    v.set_defaults(func=verify)


def verify(ctx: CliContext) -> int:
    actor = ctx.authorized(Perm.AUDIT, "audit_log")
    with ctx.database().reader() as uow:
        result = audit.verify(uow.session)
    ctx.audited(actor, "audit.verify", "audit_log", checked=result.checked, ok=result.ok)
    if result.ok:
        print(
            ctx.t(
                f"审计日志完整：{result.checked} 条", f"audit log intact: {result.checked} entries"
            )
        )
        for n in result.notes:
            print(f"  {n.text(ctx.lang)}")
        return 0
    print(
        ctx.t(
            f"审计日志被改动（共 {result.checked} 条）：",
            f"audit log tampered with ({result.checked} entries):",
        )
    )
    for p in result.problems:
        print(f"  {p}")
    return 3
