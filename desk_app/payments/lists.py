"""The bank transfer list (代发明细, FILES.md §4) and the SMS list (短信通知, §5) of a batch.

Bank list ``代发明细_<batch>.xlsx``:
- sheet 代发明细 — rows 1–2 the batch (批次号, 笔数, 合计金额; 付款单位, 付款日期, 状态), row 3
  the header ``序号 | 姓名 | 身份证号 | 银行账号 | 金额 | 审批编号``, one row per transfer, a last
  row 合计; ID numbers and accounts are text cells, amounts numbers ``#,##0.00``;
- sheet 缺少账号 — claims whose member has no account: not transferred, never dropped silently;
- sheet 冲正 — only when the batch has reversals: they are not transfers, but the reviewers and
  the finance office reconcile them with this list.

SMS list ``短信通知_<batch>.xlsx`` (and ``.csv``, UTF-8 with BOM): ``手机号 | 短信内容``, one
message per member paid by transfer who has a phone, from the ``sms.template`` setting.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from base.errors import ValidationError, msg
from base.money import fmt
from desk_app.payments.model import ZERO, BatchView, ListFiles, PayableRow
from desk_app.xlsx import style as xs

BANK_HEADERS = ("序号", "姓名", "身份证号", "银行账号", "金额", "审批编号")
MISSING_HEADERS = ("序号", "姓名", "身份证号", "金额", "审批编号", "联系电话", "单位名称")
REVERSAL_HEADERS = ("序号", "姓名", "身份证号", "冲正金额", "审批编号", "冲正原因")
SMS_HEADERS = ("手机号", "短信内容")
TITLE = "职工医疗互助保障金代发明细"


@dataclass(frozen=True)
class Sms:
    phone: str
    text: str


def transfers(rows: Sequence[PayableRow]) -> list[PayableRow]:
    """The rows the bank pays: claims with an amount and an account."""
    return [r for r in rows if r.kind == "payment" and r.payout > 0 and r.bank_account]


def missing_account(rows: Sequence[PayableRow]) -> list[PayableRow]:
    return [r for r in rows if r.kind == "payment" and r.payout > 0 and not r.bank_account]


def cn_date(d: date) -> str:
    return f"{d.year}年{d.month:02d}月{d.day:02d}日"


def sms_messages(
    rows: Sequence[PayableRow], pay_date: date, *, county: str, template: str
) -> list[Sms]:
    """One message per member paid by transfer who has a phone (their amounts added up)."""
    per_member: dict[int, list[PayableRow]] = {}
    for r in transfers(rows):
        if r.phone:
            per_member.setdefault(r.member_id, []).append(r)
    out = []
    for member_rows in per_member.values():
        first = member_rows[0]
        amount = sum((r.payout for r in member_rows), ZERO)
        account = member_rows[-1].bank_account or ""
        fields = {
            "county": county,
            "name": first.member_name,
            "amount": fmt(amount, grouped=False),
            "date": cn_date(pay_date),
            "tail": account[-4:],
        }
        try:
            text = template.format_map(fields)
        except (KeyError, IndexError, ValueError) as exc:
            raise ValidationError(
                msg(
                    "短信模板有误（{e}）：可用字段为 {{county}} {{name}} {{amount}} {{date}} "
                    "{{tail}}，请管理员在设置中修改",
                    "the SMS template is wrong ({e}): the fields are {{county}} {{name}} "
                    "{{amount}} {{date}} {{tail}}; an admin can fix it in the settings",
                    e=exc,
                ),
                code="sms_template",
            ) from exc
        out.append(Sms(str(first.phone), text))
    return out


def write_lists(
    out_dir: Path,
    batch: BatchView,
    rows: Sequence[PayableRow],
    *,
    county: str,
    template: str,
) -> ListFiles:
    """Write both lists of ``batch`` into ``out_dir``; the paths and how many rows they hold."""
    messages = sms_messages(rows, batch.pay_date, county=county, template=template)
    bank = write_bank_list(out_dir / f"代发明细_{batch.batch_no}.xlsx", batch, rows, county)
    sms = write_sms_list(out_dir / f"短信通知_{batch.batch_no}.xlsx", batch, messages)
    csv_path = write_sms_csv(out_dir / f"短信通知_{batch.batch_no}.csv", messages)
    return ListFiles(
        bank=bank,
        sms=sms,
        sms_csv=csv_path,
        transfers=len(transfers(rows)),
        messages=len(messages),
    )


def write_bank_list(path: Path, batch: BatchView, rows: Sequence[PayableRow], county: str) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "代发明细"
    paid = transfers(rows)
    total = sum((r.payout for r in paid), ZERO)
    status = "已付款" if batch.status == "paid" else "待付款"
    for col, value in enumerate(("批次号", batch.batch_no, "笔数", len(paid), "合计金额"), 1):
        c = xs.put(ws, 1, col, value)
        if col % 2:
            c.font = xs.BOLD
    xs.put(ws, 1, 6, total, xs.MONEY)
    for col, value in enumerate(("付款单位", county, "付款日期"), 1):
        c = xs.put(ws, 2, col, value)
        if col % 2:
            c.font = xs.BOLD
    xs.put(ws, 2, 4, batch.pay_date, xs.DATE)
    xs.put(ws, 2, 5, "状态").font = xs.BOLD
    xs.put(ws, 2, 6, status)
    xs.header(ws, 3, BANK_HEADERS)
    row = 3
    for n, r in enumerate(paid, 1):
        row += 1
        xs.put(ws, row, 1, n, xs.INT)
        xs.put(ws, row, 2, r.member_name)
        xs.put(ws, row, 3, r.id_number, xs.TEXT)
        xs.put(ws, row, 4, r.bank_account, xs.TEXT)
        xs.put(ws, row, 5, r.payout, xs.MONEY)
        xs.put(ws, row, 6, r.approval_no or r.claim_no, xs.TEXT)
    last_data = row
    row += 1
    xs.put(ws, row, 1, "合计").font = xs.BOLD
    xs.put(ws, row, 2, f"{len(paid)} 笔").font = xs.BOLD
    c = xs.put(ws, row, 5, total, xs.MONEY)
    c.font = xs.BOLD
    ws.freeze_panes = "A4"
    ws.auto_filter.ref = f"A3:F{max(last_data, 3)}"
    xs.fit_columns(ws)
    xs.page(
        ws,
        title=f"{TITLE}　批次 {batch.batch_no}　笔数 {len(paid)}　合计 {fmt(total)} 元",
        footer=f"{county}　付款日期 {batch.pay_date.isoformat()}",
        title_rows="1:3",
    )

    missing = missing_account(rows)
    ws2 = wb.create_sheet("缺少账号")
    xs.header(ws2, 1, MISSING_HEADERS)
    values: tuple[object, ...]
    formats: tuple[str | None, ...]
    for n, r in enumerate(missing, 1):
        values = (
            n,
            r.member_name,
            r.id_number,
            r.payout,
            r.approval_no or r.claim_no,
            r.phone,
            r.unit_name,
        )
        formats = (xs.INT, None, xs.TEXT, xs.MONEY, xs.TEXT, xs.TEXT, None)
        for col, (v, f) in enumerate(zip(values, formats, strict=True), 1):
            xs.put(ws2, n + 1, col, v, f)
    note_row = len(missing) + 3
    xs.put(
        ws2,
        note_row,
        1,
        f"以上 {len(missing)} 人缺少银行账号，不在本批代发明细中：补录账号并重新生成代发明细"
        "后可在本批支付；否则确认付款时退回待给付，随下一批支付。"
        if missing
        else "本批没有缺少账号的人员。",
    )
    ws2.freeze_panes = "A2"
    ws2.auto_filter.ref = f"A1:G{len(missing) + 1}"
    xs.fit_columns(ws2, high=40)
    ws2.column_dimensions["A"].width = 8
    xs.page(ws2, title=f"缺少银行账号人员　批次 {batch.batch_no}", footer=county)

    reversals = [r for r in rows if r.kind == "reversal"]
    if reversals:
        ws3 = wb.create_sheet("冲正")
        xs.header(ws3, 1, REVERSAL_HEADERS)
        for n, r in enumerate(reversals, 1):
            values = (
                n,
                r.member_name,
                r.id_number,
                r.payout,
                r.approval_no or r.claim_no,
                r.reason,
            )
            formats = (xs.INT, None, xs.TEXT, xs.MONEY, xs.TEXT, None)
            for col, (v, f) in enumerate(zip(values, formats, strict=True), 1):
                xs.put(ws3, n + 1, col, v, f)
        last = len(reversals) + 2
        xs.put(ws3, last, 1, "合计").font = xs.BOLD
        xs.put(ws3, last, 4, sum((r.payout for r in reversals), ZERO), xs.MONEY).font = xs.BOLD
        ws3.freeze_panes = "A2"
        ws3.auto_filter.ref = f"A1:F{len(reversals) + 1}"
        xs.fit_columns(ws3)
        xs.page(ws3, title=f"冲正明细　批次 {batch.batch_no}（不转账）", footer=county)
    return xs.save(wb, path)


def write_sms_list(path: Path, batch: BatchView, messages: Sequence[Sms]) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "短信通知"
    xs.header(ws, 1, SMS_HEADERS)
    for n, m in enumerate(messages, 2):
        xs.put(ws, n, 1, m.phone, xs.TEXT)
        xs.put(ws, n, 2, m.text)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:B{len(messages) + 1}"
    xs.fit_columns(ws, high=120)
    xs.page(ws, title=f"短信通知　批次 {batch.batch_no}", landscape=True)
    return xs.save(wb, path)


def write_sms_csv(path: Path, messages: Sequence[Sms]) -> Path:
    """The SMS list as CSV, UTF-8 with a BOM (so Excel and the SMS platforms read the Chinese)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(SMS_HEADERS)
    for m in messages:
        w.writerow([m.phone, m.text])
    return xs.write_bytes(("\ufeff" + buf.getvalue()).encode("utf-8"), path)


def total_of(rows: Sequence[PayableRow]) -> Decimal:
    return sum((r.payout for r in rows), ZERO)
