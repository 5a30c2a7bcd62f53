"""``desk-app pay``: a payment batch of every approved, unpaid claim (and pending reversals),
paid on a date, with its bank list (FILES.md §4) and SMS list (§5).

``pay --date D`` creates the batch, writes both lists and — the date being the day the bank
pays — confirms it paid, in one transaction: if anything fails nothing is kept and the lists
just written are removed. With ``--no-confirm``, or a date still to come, the batch stays open:
send the bank list, then ``pay --confirm BATCH_NO`` once the bank has paid. Claims whose member
has no account are on the sheet 缺少账号 and are not paid: they wait for the next batch.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from base.clock import today
from base.errors import ValidationError, msg
from base.money import fmt
from desk_app.claims.views import find_claim
from desk_app.cli.context import CliContext, add_user_option
from desk_app.payments import service
from desk_app.payments.model import BatchView, ListFiles


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "pay",
        parents=[common],
        help="pay every approved claim in a new batch on --date, writing the bank and SMS "
        "lists (password on stdin); or --confirm / --cancel an open batch",
    )
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--date", metavar="YYYY-MM-DD", help="the day the bank pays the batch")
    what.add_argument("--confirm", metavar="BATCH_NO", help="confirm an open batch paid")
    what.add_argument("--cancel", metavar="BATCH_NO", help="cancel an open batch")
    p.add_argument("--out", metavar="DIR", help="folder for the lists (default: exports)")
    p.add_argument(
        "--no-confirm",
        action="store_true",
        help="with --date: leave the batch open (confirm it with --confirm once paid)",
    )
    p.add_argument(
        "--failed",
        nargs="+",
        default=[],
        metavar="NUMBER",
        help="with --confirm: claims whose transfer the bank sent back (not paid)",
    )
    p.add_argument(
        "--even-if-listed",
        action="store_true",
        help="with --cancel: cancel although the bank list was written (it was not sent)",
    )
    add_user_option(p)
    p.set_defaults(func=run)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise ValidationError(
            msg(
                "日期「{t}」无效，请写成 YYYY-MM-DD",
                "date {t!r} is not valid: write YYYY-MM-DD",
                t=text,
            )
        ) from exc


def _line(ctx: CliContext, v: BatchView, files: ListFiles | None, held: int) -> str:
    paid = v.status == "paid"
    if ctx.lang == "zh":
        text = (
            f"批次 {v.batch_no}（付款日期 {v.pay_date.isoformat()}）"
            f"{'已付款' if paid else '待确认付款'}：{v.count} 笔，合计 {fmt(v.total)} 元"
        )
        if v.reversals:
            text += f"（含冲正 {v.reversals} 笔 -{fmt(v.reversal_total)} 元）"
        if held:
            text += f"；{held} 笔缺少账号，未付款，留待下一批（见「缺少账号」）"
        if files is not None:
            text += (
                f"；代发明细 {files.bank_file or files.bank}；短信 {files.messages} 条 {files.sms}"
            )
            if files.long_messages:
                text += f"（其中 {files.long_messages} 条超过 70 字，按两条以上发送）"
        return text
    text = (
        f"batch {v.batch_no} ({v.pay_date.isoformat()}) {'paid' if paid else 'open'}: "
        f"{v.count} claims, {fmt(v.total)} in all"
    )
    if v.reversals:
        text += f" (with {v.reversals} reversals, -{fmt(v.reversal_total)})"
    if held:
        text += (
            f"; {held} without a bank account not paid, left for the next batch (sheet 缺少账号)"
        )
    if files is not None:
        text += f"; bank list {files.bank_file or files.bank}; {files.messages} SMS in {files.sms}"
        if files.long_messages:
            text += f" ({files.long_messages} longer than 70 characters: sent as two or more)"
    return text


def run(ctx: CliContext) -> int:
    a = ctx.args
    if a.confirm:
        return _confirm(ctx)
    if a.cancel:
        return _cancel(ctx)
    pay_date = _date(a.date)
    out = Path(a.out).expanduser() if a.out else ctx.data.ensure().exports
    actor = ctx.actor()
    confirm = not a.no_confirm and pay_date <= today()
    written: list[Path] = []
    try:
        with ctx.database().uow() as uow:
            batch = service.create_batch(uow, actor, pay_date).value
            unverified = batch.held
            files = service.write_lists(uow, actor, batch.id, out).value
            written = [p for p in (files.bank, files.sms, files.sms_csv) if p is not None]
            held = batch.missing_account
            if confirm:
                batch = service.confirm_paid(uow, actor, batch.id).value
            uow.commit()
    except BaseException:
        for p in written:  # lists of a batch that was not kept must not reach the bank
            p.unlink(missing_ok=True)
        raise
    for h in unverified:  # recalculated, these did not come to their payout: not paid
        print(ctx.t(h.message.zh, h.message.en), file=sys.stderr)
    print(_line(ctx, batch, files, held))
    if not confirm:
        print(
            ctx.t(
                f"银行付款后运行 desk-app pay --confirm {batch.batch_no} 确认已付款",
                f"once the bank has paid, run desk-app pay --confirm {batch.batch_no}",
            ),
            file=sys.stderr,
        )
    return 0


def _confirm(ctx: CliContext) -> int:
    a = ctx.args
    actor = ctx.actor()
    with ctx.database().uow() as uow:
        batch = service.get_batch(uow, a.confirm)
        failed = [find_claim(uow.session, n).id for n in a.failed]
        held = batch.missing_account
        view = service.confirm_paid(uow, actor, batch.id, failed=failed).value
        uow.commit()
    print(_line(ctx, view, None, held + len(failed)))
    return 0


def _cancel(ctx: CliContext) -> int:
    a = ctx.args
    actor = ctx.actor()
    with ctx.database().uow() as uow:
        batch = service.get_batch(uow, a.cancel)
        service.cancel_batch(uow, actor, batch.id, even_if_listed=a.even_if_listed)
        uow.commit()
    print(ctx.t(f"批次 {batch.batch_no} 已作废", f"batch {batch.batch_no} cancelled"))
    return 0
