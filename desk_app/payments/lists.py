"""The bank transfer list (代发明细, FILES.md §4) and the SMS list (短信通知, §5) of a batch.

Bank list ``代发明细_<batch>.xlsx``:
- sheet 代发明细 — the header on row 1 in the chosen bank layout's columns (``layouts``; by
  default ``序号 | 姓名 | 身份证号 | 银行账号 | 金额 | 审批编号``), one row per transfer, a last
  row 合计; ID numbers and accounts are text cells, amounts numbers ``#,##0.00``; the batch
  (批次号, 笔数, 合计金额, 付款单位, 付款日期, 状态) in the page header and footer;
- a csv or txt layout also writes ``代发明细_<batch>.csv`` / ``.txt``, the file for the bank;
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
from openpyxl.utils import get_column_letter

from base.errors import ValidationError, msg
from base.money import fmt
from desk_app.payments.layouts import TEXT_FIELDS, BankLayout, encode, text_cell, total_line
from desk_app.payments.layouts import load as load_layout
from desk_app.payments.layouts import value as layout_value
from desk_app.payments.model import ZERO, BatchView, ListFiles, PayableRow
from desk_app.xlsx import style as xs

BANK_HEADERS = ("序号", "姓名", "身份证号", "银行账号", "金额", "审批编号")
MISSING_HEADERS = ("序号", "姓名", "身份证号", "金额", "审批编号", "联系电话", "单位名称")
REVERSAL_HEADERS = ("序号", "姓名", "身份证号", "冲正金额", "审批编号", "冲正原因")
SMS_HEADERS = ("手机号", "短信内容")
TITLE = "职工医疗互助保障金代发明细"
#: One SMS holds 70 Chinese characters (the signature 【…】 included); a longer text is sent,
#: and charged, as several messages of 67.
SMS_LIMIT = 70
SMS_PART = 67


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


def sms_parts(text: str) -> int:
    """How many messages a text is sent as."""
    return 1 if len(text) <= SMS_LIMIT else -(-len(text) // SMS_PART)


def sms_sample(template: str, county: str) -> str:
    """The template filled for a long case — a four-character name, a five-figure amount —
    so the count the template editor shows holds for nearly every member; raises
    ValidationError for a template with unknown fields."""
    return _fill(
        template,
        {
            "county": county,
            "name": "欧阳明华",
            "amount": "12345.67",
            "date": cn_date(date(2015, 12, 31)),
            "tail": "1234",
        },
    )


def _fill(template: str, fields: dict[str, str]) -> str:
    try:
        return template.format_map(fields)
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
        out.append(Sms(str(first.phone), _fill(template, fields)))
    return out


def write_lists(
    out_dir: Path,
    batch: BatchView,
    rows: Sequence[PayableRow],
    *,
    county: str,
    template: str,
    layout: BankLayout | None = None,
) -> ListFiles:
    """Write both lists of ``batch`` into ``out_dir``; the paths and how many rows they hold.

    The workbook ``代发明细_<batch>.xlsx`` is always written (the office's copy, with the sheets
    缺少账号 and 冲正); a csv or txt ``layout`` also writes the bank's file beside it."""
    layout = layout or load_layout("standard")
    messages = sms_messages(rows, batch.pay_date, county=county, template=template)
    stem = f"代发明细_{batch.batch_no}"
    bank = write_bank_list(out_dir / f"{stem}.xlsx", batch, rows, county, layout)
    bank_file = bank
    if layout.format != "xlsx":
        bank_file = write_bank_text(out_dir / f"{stem}{layout.suffix}", batch, rows, layout)
    sms = write_sms_list(out_dir / f"短信通知_{batch.batch_no}.xlsx", batch, messages)
    csv_path = write_sms_csv(out_dir / f"短信通知_{batch.batch_no}.csv", messages)
    return ListFiles(
        bank=bank,
        sms=sms,
        sms_csv=csv_path,
        transfers=len(transfers(rows)),
        messages=len(messages),
        bank_file=bank_file,
        layout=layout.code,
        long_messages=sum(1 for m in messages if sms_parts(m.text) > 1),
    )


def write_bank_list(
    path: Path,
    batch: BatchView,
    rows: Sequence[PayableRow],
    county: str,
    layout: BankLayout | None = None,
) -> Path:
    """The workbook: 代发明细 in ``layout``'s columns with the header on row 1 and the total
    line last (the batch's facts in the page header and footer), 缺少账号, and 冲正 when the
    batch has reversals."""
    layout = layout or load_layout("standard")
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "代发明细"
    paid = transfers(rows)
    total = sum((r.payout for r in paid), ZERO)
    status = "已付款" if batch.status == "paid" else "待付款"
    xs.header(ws, 1, layout.titles())
    row = 1
    for n, r in enumerate(paid, 1):
        row += 1
        for col, c in enumerate(layout.columns, 1):
            v = layout_value(c, n, r, batch.pay_date, batch.batch_no)
            xs.put(ws, row, col, v, _cell_format(c.field))
    last_data = row
    row += 1
    for col, (c, v) in enumerate(zip(layout.columns, total_line(layout, paid), strict=True), 1):
        if v is not None:
            xs.put(ws, row, col, v, _cell_format(c.field)).font = xs.BOLD
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(layout.columns))}{max(last_data, 1)}"
    xs.fit_columns(ws)
    xs.page(
        ws,
        title=f"{TITLE}　批次 {batch.batch_no}　笔数 {len(paid)}　合计 {fmt(total)} 元",
        footer=f"{county}　付款日期 {batch.pay_date.isoformat()}　{status}",
        title_rows="1:1",
    )
    _missing_sheet(wb, batch, rows, county)
    reversals = [r for r in rows if r.kind == "reversal"]
    if reversals:
        _reversal_sheet(wb, batch, reversals, county)
    return xs.save(wb, path)


def _cell_format(field: str) -> str | None:
    if field in ("amount",):
        return xs.MONEY
    if field in ("seq", "amount_fen"):
        return xs.INT
    if field == "pay_date":
        return xs.DATE
    return xs.TEXT if field in TEXT_FIELDS else None


def _missing_sheet(wb: Workbook, batch: BatchView, rows: Sequence[PayableRow], county: str) -> None:
    """缺少账号: the header on row 1 and only the people below it (what to do with them is in
    the page header, not in the data area)."""
    missing = missing_account(rows)
    ws2 = wb.create_sheet("缺少账号")
    xs.header(ws2, 1, MISSING_HEADERS)
    formats = (xs.INT, None, xs.TEXT, xs.MONEY, xs.TEXT, xs.TEXT, None)
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
        for col, (v, f) in enumerate(zip(values, formats, strict=True), 1):
            xs.put(ws2, n + 1, col, v, f)
    ws2.freeze_panes = "A2"
    ws2.auto_filter.ref = f"A1:G{len(missing) + 1}"
    xs.fit_columns(ws2, high=40)
    ws2.column_dimensions["A"].width = 8
    note = (
        f"以上 {len(missing)} 人缺少银行账号，不在本批代发明细中：补录账号并重新生成代发明细后可在"
        "本批支付，否则确认付款时退回待给付，随下一批支付"
        if missing
        else "本批没有缺少账号的人员"
    )
    xs.page(ws2, title=f"缺少银行账号人员　批次 {batch.batch_no}", footer=f"{county}　{note}")


def _reversal_sheet(
    wb: Workbook, batch: BatchView, reversals: Sequence[PayableRow], county: str
) -> None:
    ws3 = wb.create_sheet("冲正")
    xs.header(ws3, 1, REVERSAL_HEADERS)
    formats = (xs.INT, None, xs.TEXT, xs.MONEY, xs.TEXT, None)
    for n, r in enumerate(reversals, 1):
        values = (
            n,
            r.member_name,
            r.id_number,
            r.payout,
            r.approval_no or r.claim_no,
            r.reason,
        )
        for col, (v, f) in enumerate(zip(values, formats, strict=True), 1):
            xs.put(ws3, n + 1, col, v, f)
    last = len(reversals) + 2
    xs.put(ws3, last, 1, "合计").font = xs.BOLD
    xs.put(ws3, last, 4, sum((r.payout for r in reversals), ZERO), xs.MONEY).font = xs.BOLD
    ws3.freeze_panes = "A2"
    ws3.auto_filter.ref = f"A1:F{len(reversals) + 1}"
    xs.fit_columns(ws3)
    xs.page(ws3, title=f"冲正明细　批次 {batch.batch_no}（不转账）", footer=county)


def write_bank_text(
    path: Path, batch: BatchView, rows: Sequence[PayableRow], layout: BankLayout
) -> Path:
    """The bank's csv or txt file: the header line, one line per transfer, the total line; in
    the layout's encoding and separator, lines ending CRLF (what Windows bank clients read)."""
    paid = transfers(rows)
    lines: list[list[str]] = [layout.titles()]
    for n, r in enumerate(paid, 1):
        lines.append(
            [
                text_cell(layout_value(c, n, r, batch.pay_date, batch.batch_no))
                for c in layout.columns
            ]
        )
    lines.append([text_cell(v) for v in total_line(layout, paid)])
    out = io.BytesIO()
    for number, fields in enumerate(lines, 1):
        if layout.format == "csv":
            buf = io.StringIO()
            csv.writer(buf, delimiter=layout.delimiter, lineterminator="\r\n").writerow(fields)
            text = buf.getvalue()
        else:
            for f in fields:
                if layout.delimiter in f or "\n" in f or "\r" in f:
                    raise ValidationError(
                        msg(
                            "第 {r} 行的「{f}」含有分隔符 {d}，无法写入文本格式的代发明细",
                            "line {r}: {f!r} holds the separator {d!r}: the text bank list "
                            "cannot carry it",
                            r=number,
                            f=f,
                            d=layout.delimiter,
                        ),
                        code="bank_layout_separator",
                    )
            text = layout.delimiter.join(fields) + "\r\n"
        out.write(encode(layout, text, number))
    return xs.write_bytes(out.getvalue(), path)


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
