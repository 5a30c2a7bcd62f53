"""``desk-app sync``: one sync with the city now (for the system scheduler), and its set-up.

::

    desk-app sync [--server URL] [--batch-size N] [--resend-all] [--recover] [--as LOGIN]
    desk-app sync setup --server URL --site CODE --user ADMIN [--no-check] [--force]
    desk-app sync status | runs [--limit N] | findings [--all] --user LOGIN

``sync`` exits 0 when everything pending went up; otherwise it prints the reason and exits 3
(city unreachable), 4 (token refused or site revoked), 5 (version refused: upgrade),
6 (records of another site), 7 (the desk is behind the city: recover first, ``--recover``),
2 (anything else). ``setup`` reads the admin's password and then the token from standard
input. ``sync`` itself runs as the service identity ``scheduler`` (the system scheduler's job:
it may sync and make the automatic backup, nothing else), or as a person with ``--as LOGIN``
(``--user`` is the same; password on stdin); either way the run is audited to it.
``--recover`` (an admin: ``--as ADMIN``) first brings back from the city what the desk lost.
"""

from __future__ import annotations

import argparse

from base.clock import local
from desk_app import sync as sync_api
from desk_app.access.auth import SCHEDULER, Actor, Perm
from desk_app.cli.context import CliContext, CommandError
from desk_app.sync import service as sync_service


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("sync", parents=[common], help="sync with the city server now")
    p.add_argument(
        "--server",
        dest="server_override",
        metavar="URL",
        help="use this server address for this run only",
    )
    p.add_argument(
        "--batch-size",
        type=int,
        metavar="N",
        help="changes per request (default 1000; smaller on a very poor link)",
    )
    p.add_argument(
        "--resend-all",
        action="store_true",
        help="send every record again (after the city restored its database)",
    )
    p.add_argument(
        "--as",
        "--user",
        dest="run_as",
        metavar="LOGIN",
        help="run as this person (password on stdin) instead of the service identity; "
        "an admin for --recover",
    )
    p.add_argument(
        "--recover",
        action="store_true",
        help="first bring back from the city what this desk lost (after a restore or on a new "
        "PC; needs --as ADMIN)",
    )
    p.set_defaults(func=run_sync)
    actions = p.add_subparsers(dest="sync_action", metavar="ACTION")
    actions.required = False

    s = actions.add_parser(
        "setup", parents=[common], help="connect this desk to the city (token on stdin)"
    )
    s.add_argument("--server", dest="setup_server", required=True, metavar="URL")
    s.add_argument("--site", required=True, metavar="CODE")
    s.add_argument(
        "--user",
        required=True,
        metavar="LOGIN",
        help="act as this admin (password on the first stdin line, token on the next)",
    )
    s.add_argument(
        "--no-check", action="store_true", help="store without asking the server (set up offline)"
    )
    s.add_argument(
        "--force", action="store_true", help="allow changing the site code after records went up"
    )
    s.add_argument(
        "--insecure",
        action="store_true",
        help="accept a plain http:// server that is not this PC (test networks only: the "
        "token and members' data travel unencrypted)",
    )
    s.set_defaults(func=run_setup)

    st = actions.add_parser("status", parents=[common], help="when it last synced, what waits")
    st.set_defaults(func=run_status)
    r = actions.add_parser("runs", parents=[common], help="the latest sync runs")
    r.add_argument("--limit", type=int, default=20)
    r.set_defaults(func=run_runs)
    f = actions.add_parser("findings", parents=[common], help="cross-county findings from the city")
    f.add_argument("--all", action="store_true", help="include resolved ones")
    f.add_argument(
        "--user",
        required=True,
        metavar="LOGIN",
        help="findings name this desk's members: act as this user (password on stdin)",
    )
    f.set_defaults(func=run_findings)


def run_recover(ctx: CliContext, actor: Actor) -> None:
    """``sync --recover``: an admin signed in (``--as``), the city's records come back, then
    the sync."""
    if not ctx.args.run_as:
        raise CommandError(
            ctx.t(
                "从市里恢复需要管理员确认：请加 --as 管理员登录名（密码从标准输入读取）",
                "recovering from the city needs an admin: add --as LOGIN (password on stdin)",
            )
        )
    from desk_app.sync.recover import recover

    db = ctx.database()
    try:
        rep = recover(db, actor, server_url=ctx.args.server_override)
    except sync_api.SyncError as exc:
        raise CommandError(
            ctx.t(f"未能从市里恢复：{exc.message.zh}", f"could not recover: {exc.message.en}"),
            exit_code=sync_service.EXIT_CODES.get(exc.code, 2),
        ) from exc
    print(
        ctx.t(
            f"已从市里恢复到第 {rep.city_seq} 号变更：新建 {rep.created} 条，"
            f"更新 {rep.updated} 条，删除 {rep.deleted} 条，原已一致 {rep.unchanged} 条；"
            f"市里已有的待上传变更 "
            f"{rep.dropped} 条已去掉，冲突 {rep.conflicts} 条（见 desk-app sync findings），"
            f"本机新变更 {rep.kept} 条待上传",
            f"recovered from the city up to change {rep.city_seq}: {rep.created} created, "
            f"{rep.updated} updated, {rep.deleted} deleted, {rep.unchanged} already equal; "
            f"{rep.dropped} waiting changes the city had were dropped, {rep.conflicts} "
            f"conflicts (see desk-app sync findings), {rep.kept} changes made here to send",
        )
    )
    if rep.adopted or rep.renumbered:
        print(
            ctx.t(
                f"恢复备份后重复录入、已合并到市里记录的 {rep.adopted} 条，编号重复、已改号的 "
                f"{rep.renumbered} 条（见 desk-app sync findings）",
                f"{rep.adopted} records typed again since the restore merged into the city's, "
                f"{rep.renumbered} running numbers used twice renumbered (see desk-app sync "
                "findings)",
            )
        )
    if rep.audit == "reanchored":
        print(
            ctx.t(
                f"本机审计日志比市里收到的短（恢复了备份或换了新电脑）：已接到市里保存的第 "
                f"{rep.audit_seq} 条之后继续记录，第 {rep.audit_seq} 条及以前的记录以市里保存的"
                "为准（desk-app audit verify 会说明）",
                f"this desk's audit log was shorter than the one the city received (a backup "
                f"was restored, or this is a new PC): it now continues after the city's entry "
                f"{rep.audit_seq}; the entries up to {rep.audit_seq} are held at the city "
                "(desk-app audit verify says so)",
            )
        )
    elif rep.audit == "conflict":
        print(
            ctx.t(
                f"审计日志异常：本机第 {rep.audit_seq} 条审计日志与市里收到的不同，已记为提示"
                "（见 desk-app sync findings），请立即核查",
                f"audit log: entry {rep.audit_seq} here is not the one the city received; kept "
                "as an audit_chain finding (see desk-app sync findings), find out why at once",
            )
        )


def run_sync(ctx: CliContext) -> int:
    db = ctx.database()
    who = ctx.actor(ctx.args.run_as) if ctx.args.run_as else SCHEDULER
    actor = ctx.authorized(Perm.SYNC, "sync", actor=who)
    if ctx.args.recover:
        run_recover(ctx, actor)
    rep = sync_api.run_sync(
        db,
        trigger="cli",
        server_url=ctx.args.server_override,
        batch_size=ctx.args.batch_size,
        resend_all=ctx.args.resend_all,
    )
    ctx.audited(actor, "sync.run", "sync", ok=rep.ok, pushed=rep.pushed, pulled=rep.pulled)
    if rep.ok:
        print(
            ctx.t(
                f"同步完成：上传 {rep.pushed} 条变更，接收 {rep.pulled} 项，新提示 "
                f"{rep.new_findings} 条，待上传 {rep.pending} 条",
                f"sync done: {rep.pushed} changes sent, {rep.pulled} items received, "
                f"{rep.new_findings} new findings, {rep.pending} waiting",
            )
        )
        p = rep.papers
        if p is not None and (p.sent or p.later):
            print(
                ctx.t(
                    f"市里要求上传材料：本次上传 {p.sent} 份（其中续传 {p.resumed} 份），"
                    f"{p.later} 份的申请市里尚未收到、下次再传",
                    f"the city asked for the claim papers: {p.sent} sent ({p.resumed} resumed), "
                    f"{p.later} of claims the city does not hold yet left for a later sync",
                )
            )
        return 0
    assert rep.error is not None
    raise CommandError(
        ctx.t(
            f"同步未完成：{rep.error.zh}（已上传 {rep.pushed} 条，待上传 {rep.pending} 条）",
            f"sync did not finish: {rep.error.en} ({rep.pushed} sent, {rep.pending} waiting)",
        ),
        exit_code=rep.exit_code,
    )


def run_setup(ctx: CliContext) -> int:
    db = ctx.database()
    actor = ctx.actor()
    token = ctx.stdin_line("token")
    insecure = ctx.args.insecure
    server = sync_service.check_url(ctx.args.setup_server, insecure=insecure)
    site = sync_service.check_site(ctx.args.site)
    site_name = None
    if not ctx.args.no_check:
        try:
            hello = sync_api.check_server(server, site, token, insecure=insecure)
        except sync_api.SyncError as exc:
            hint = ctx.t("（离线设置请加 --no-check）", " (use --no-check to set up offline)")
            raise CommandError(
                exc.text(ctx.lang) + (hint if exc.code == "unreachable" else ""),
                exit_code=sync_service.EXIT_CODES.get(exc.code, 2),
            ) from exc
        site_name = (hello.get("site") or {}).get("name")
    with db.uow() as uow:
        done = sync_api.setup_sync(
            uow,
            actor,
            server,
            site,
            token,
            site_name=site_name,
            force=ctx.args.force,
            insecure=insecure,
        )
        uow.commit()
    where = f"{done.value.site}" + (f"（{site_name}）" if site_name else "")
    print(
        ctx.t(
            f"已设置同步：服务点 {where}，服务器 {done.value.server}"
            + ("" if site_name else "（未联网核对）"),
            f"sync set up: site {where}, server {done.value.server}"
            + ("" if site_name else " (not checked with the server)"),
        )
    )
    return 0


def _when(dt: object) -> str:
    from datetime import datetime

    return local(dt).strftime("%Y-%m-%d %H:%M") if isinstance(dt, datetime) else "-"


def run_status(ctx: CliContext) -> int:
    db = ctx.database()
    with db.reader() as uow:
        st = sync_api.sync_status(uow)
    state = (
        ctx.t("从未同步", "never synced")
        if st.last_ok is None
        else ctx.t("成功", "ok")
        if st.last_ok
        else ctx.t("失败", "failed")
    )
    print(ctx.t(f"服务器：{st.server or '（未设置）'}", f"server: {st.server or '(not set)'}"))
    print(ctx.t(f"服务点：{st.site}", f"site: {st.site}"))
    print(
        ctx.t(
            f"上次同步：{_when(st.last_sync_at)}（{state}）",
            f"last sync: {_when(st.last_sync_at)} ({state})",
        )
    )
    print(ctx.t(f"上次成功：{_when(st.last_ok_at)}", f"last success: {_when(st.last_ok_at)}"))
    print(ctx.t(f"待上传变更：{st.pending}", f"changes waiting: {st.pending}"))
    print(ctx.t(f"未处理提示：{st.open_findings}", f"open findings: {st.open_findings}"))
    if st.behind is not None:
        print(st.behind.text(ctx.lang))
    elif st.restored:
        from desk_app.sync.behind import restored_message

        print(restored_message().text(ctx.lang))
    if st.last_error is not None and st.behind is None:
        print(ctx.t(f"上次错误：{st.last_error.zh}", f"last error: {st.last_error.en}"))
    return 0


def run_runs(ctx: CliContext) -> int:
    db = ctx.database()
    with db.reader() as uow:
        rows = sync_api.list_runs(uow, ctx.args.limit)
    for r in rows:
        ok = ctx.t("成功", "ok") if r.ok else ctx.t("失败", "failed")
        err = f"\t{r.error.text(ctx.lang)}" if r.error else ""
        print(f"{r.id}\t{_when(r.started_at)}\t{r.trigger}\t{ok}\t{r.pushed}\t{r.pulled}{err}")
    return 0


def run_findings(ctx: CliContext) -> int:
    db = ctx.database()
    actor = ctx.authorized(Perm.VIEW, "sync_findings")
    with db.reader() as uow:
        rows = sync_api.list_findings(uow, include_resolved=ctx.args.all)
    ctx.audited(actor, "sync.findings", "sync_findings", count=len(rows))
    for f in rows:
        done = ctx.t("已处理", "resolved") if f.resolved else ctx.t("待处理", "open")
        print(
            f"{f.id}\t{_when(f.received_at)}\t{f.kind_name.text(ctx.lang)}\t{done}\t"
            f"{f.summary.text(ctx.lang)}"
        )
    return 0
