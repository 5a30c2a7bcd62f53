"""``desk-app return``: the monthly return (月报, FILES.md §3) — ``export`` and ``submit`` —, the
quarterly verification list (``verify-list``) and the annual analysis (``analysis``).

(The module is ``returns`` because ``return`` is a Python keyword; the command is ``return``.)

``return export --month M [--out FILE] [--force] --user LOGIN`` writes the return (full names
and ID numbers: a reviewer, password on stdin) and keeps it as the month's latest revision,
which ``return submit --month M --user LOGIN`` submits: the month is then locked and its paid
claims reported. ``return list --user LOGIN`` lists what was exported; both are audited.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from db.models import Unit
from desk_app.access.auth import Perm
from desk_app.cli.context import CliContext, CommandError, add_user_option
from desk_app.returns import service, submission
from desk_app.returns.monthly import file_name
from desk_app.system.months import parse_month
from desk_app.system.settings import COUNTY_CODE, get


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("return", parents=[common], help="monthly return (月报) and analyses")
    s = p.add_subparsers(dest="return_command", metavar="ACTION", required=True)
    e = s.add_parser(
        "export",
        parents=[common],
        help="write the monthly return of --month; with --user it is kept for submission",
    )
    e.add_argument("--month", required=True, metavar="YYYY-MM")
    e.add_argument("--out", metavar="FILE.xlsx", help="default: exports/月报_<county>_<month>.xlsx")
    e.add_argument("--force", action="store_true", help="export although claims are in draft")
    add_user_option(e)
    e.set_defaults(func=run_export)
    u = s.add_parser(
        "submit",
        parents=[common],
        help="submit the latest export of --month: the month is locked, its claims reported",
    )
    u.add_argument("--month", required=True, metavar="YYYY-MM")
    add_user_option(u)
    u.set_defaults(func=run_submit)
    v = s.add_parser(
        "verify-list",
        parents=[common],
        help="the quarterly one-to-one verification list (一对一核实), a sheet per unit",
    )
    v.add_argument("--year", required=True, type=int)
    v.add_argument("--quarter", required=True, type=int, choices=[1, 2, 3, 4])
    v.add_argument("--unit", metavar="CODE", help="only this unit")
    v.add_argument("--out", metavar="FILE.xlsx")
    v.add_argument("--full-id", action="store_true", help="ID numbers in full (default: masked)")
    add_user_option(v)
    v.set_defaults(func=run_verify_list)
    a = s.add_parser("analysis", parents=[common], help="the annual analysis with charts")
    a.add_argument("--year", required=True, type=int)
    a.add_argument("--out", metavar="FILE.xlsx")
    add_user_option(a)
    a.set_defaults(func=run_analysis)
    lst = s.add_parser("list", parents=[common], help="the returns exported and submitted")
    add_user_option(lst)
    lst.set_defaults(func=run_list)


def _out(ctx: CliContext, given: str | None, default_name: str) -> Path:
    if given:
        return Path(given).expanduser()
    return ctx.data.ensure().exports / default_name


def run_export(ctx: CliContext) -> int:
    a = ctx.args
    month = parse_month(a.month)
    db = ctx.database()
    actor = ctx.actor()
    with db.reader() as uow:
        county = get(uow.session, COUNTY_CODE)
    out = _out(ctx, a.out, file_name(county, month))
    with db.uow() as uow:
        view = service.export_return(uow, actor, month, out, force=a.force).value
        uow.commit()
    submitted = view.status == "submitted"
    state = ctx.t("（已报送）", " (submitted)") if submitted else ""
    print(
        ctx.t(
            f"{month} 月报第 {view.revision} 版{state}已写入 {out}（sha256 {view.sha256[:12]}）",
            f"return {month} revision {view.revision}{state} written to {out} "
            f"(sha256 {view.sha256[:12]})",
        )
    )
    return 0


def run_submit(ctx: CliContext) -> int:
    month = parse_month(ctx.args.month)
    actor = ctx.actor()
    with ctx.database().uow() as uow:
        r = submission.find_return(uow.session, month)
        view = service.submit_return(uow, actor, r.id).value
        uow.commit()
    print(
        ctx.t(
            f"{month} 月报第 {view.revision} 版已报送，该月已结账",
            f"return {month} revision {view.revision} submitted; the month is locked",
        )
    )
    return 0


def run_verify_list(ctx: CliContext) -> int:
    a = ctx.args
    actor = ctx.actor()
    with ctx.database().uow() as uow:
        unit_id = None
        if a.unit:
            unit = uow.session.query(Unit).filter(Unit.code == a.unit.strip()).one_or_none()
            if unit is None:
                raise CommandError(ctx.t(f"没有单位 {a.unit}", f"no unit {a.unit}"))
            unit_id = unit.id
        county = get(uow.session, COUNTY_CODE)
        part = f"_{a.unit.strip()}" if a.unit else ""
        out = _out(ctx, a.out, f"一对一核实_{county}_{a.year}Q{a.quarter}{part}.xlsx")
        path = service.write_verification_list(
            uow,
            actor,
            a.year,
            a.quarter,
            out,
            unit_id=unit_id,
            mask_id=False if a.full_id else None,
        ).value
        uow.commit()
    print(ctx.t(f"核实清单已写入 {path}", f"verification list written to {path}"))
    return 0


def run_analysis(ctx: CliContext) -> int:
    a = ctx.args
    actor = ctx.actor()
    with ctx.database().uow() as uow:
        county = get(uow.session, COUNTY_CODE)
        out = _out(ctx, a.out, f"年度分析_{county}_{a.year}.xlsx")
        path = service.write_analysis(uow, actor, a.year, out).value
        uow.commit()
    print(ctx.t(f"年度分析已写入 {path}", f"annual analysis written to {path}"))
    return 0


def run_list(ctx: CliContext) -> int:
    actor = ctx.authorized(Perm.RETURNS, "returns")
    with ctx.database().reader() as uow:
        rows = service.list_returns(uow)
    ctx.audited(actor, "return.list", "returns", count=len(rows))
    for r in rows:
        print(f"{r.month}\t{r.revision}\t{r.status}\t{r.file_name}\t{r.sha256[:12]}")
    return 0
