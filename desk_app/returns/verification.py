"""The quarterly one-to-one verification list (一对一核实, Beijing's practice): per unit, what
was paid to whom in a quarter, for the unit union to check with each member and sign.

One workbook: a first sheet 汇总 (each unit's people, payments and amount, with a column for the
result of the check), then one sheet per unit with its payments — name, ID number (masked by
the ``print.mask_id`` setting unless told: the list leaves the service center), the last four
digits of the account paid to, amount, approval number, payment date, a column for the member's
confirmation — the total, and the lines for the unit union's signature and stamp. Reversals in
the quarter are listed with their negative amount.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import case, select
from sqlalchemy.orm import aliased

from base.changes import Changes, Done
from base.errors import NotFound, ValidationError, msg
from base.money import fmt
from db.engine import UnitOfWork
from db.models import Claim, Enrollment, Member, Payment, Unit
from desk_app.access import audit
from desk_app.access.auth import Actor, Perm, authorize
from desk_app.payments.rows import fen
from desk_app.people.idcard import mask_id as mask
from desk_app.returns.model import ZERO
from desk_app.system import settings
from desk_app.xlsx import style as xs

HEADERS = ("序号", "姓名", "身份证号", "账号尾号", "给付金额", "审批编号", "给付日期", "核实情况")
SUMMARY_HEADERS = ("序号", "单位编码", "单位名称", "给付人数", "给付笔数", "给付金额", "核实结果")
NO_UNIT = ("", "（无单位）")
_EnrUnit = aliased(Unit, name="enr_unit")
_MemUnit = aliased(Unit, name="mem_unit")


@dataclass(frozen=True)
class _Line:
    unit_id: int | None
    unit_code: str
    unit_name: str
    name: str
    id_number: str
    tail: str | None
    amount: Decimal
    number: str
    pay_date: date
    reversal: bool
    member_id: int


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    if not 1 <= quarter <= 4:
        raise ValidationError(
            msg("季度应为 1 到 4：{q}", "the quarter must be 1 to 4: {q}", q=quarter)
        )
    first = date(year, 3 * quarter - 2, 1)
    last = date(year + (quarter == 4), (3 * quarter) % 12 + 1, 1)
    return first, date.fromordinal(last.toordinal() - 1)


def _lines(uow: UnitOfWork, first: date, last: date, unit_id: int | None) -> list[_Line]:
    has = _EnrUnit.id.is_not(None)
    uid = case((has, _EnrUnit.id), else_=_MemUnit.id)
    stmt = (
        select(
            uid,
            case((has, _EnrUnit.code), else_=_MemUnit.code),
            case((has, _EnrUnit.name), else_=_MemUnit.name),
            Member.name,
            Member.id_number,
            Payment.account,
            Payment.amount,
            Claim.approval_no,
            Claim.claim_no,
            Payment.pay_date,
            Payment.kind,
            Member.id,
        )
        .join(Claim, Claim.id == Payment.claim_id)
        .join(Member, Member.id == Payment.member_id)
        .join(Enrollment, Enrollment.id == Claim.enrollment_id)
        .outerjoin(_EnrUnit, _EnrUnit.id == Enrollment.unit_id)
        .outerjoin(_MemUnit, _MemUnit.id == Member.unit_id)
        .where(Payment.pay_date.between(first, last), fen(Payment.amount) != 0)
        .order_by(Payment.pay_date, Claim.approval_no, Payment.id)
    )
    if unit_id is not None:
        stmt = stmt.where(uid == unit_id)
    out = []
    for r in uow.session.execute(stmt):
        tail = (r[5] or "")[-4:] or None
        code, name = r[1] or NO_UNIT[0], r[2] or NO_UNIT[1]
        number = r[7] or r[8]
        out.append(
            _Line(r[0], code, name, r[3], r[4], tail, r[6], number, r[9], r[10] == "reversal",
                  r[11])
        )  # fmt: skip
    return out


def write_verification_list(
    uow: UnitOfWork,
    actor: Actor,
    year: int,
    quarter: int,
    out: Path,
    *,
    unit_id: int | None = None,
    mask_id: bool | None = None,
) -> Done[Path]:
    """Write the quarter's verification list (all units, or ``unit_id`` only) to ``out``."""
    authorize(uow, actor, Perm.RETURNS, f"verification:{year}Q{quarter}")
    first, last = quarter_bounds(year, quarter)
    s = uow.session
    unit: Unit | None = None
    if unit_id is not None:
        unit = s.get(Unit, unit_id)
        if unit is None:
            raise NotFound(msg("没有单位 {u}", "no unit {u}", u=unit_id), code="no_unit")
    masked = settings.get(s, settings.MASK_ID) if mask_id is None else mask_id
    county = settings.get(s, settings.COUNTY_NAME)
    lines = _lines(uow, first, last, unit_id)
    groups: dict[tuple[str, str], list[_Line]] = {}
    if unit is not None:
        groups[(unit.code, unit.name)] = []
    for line in lines:
        groups.setdefault((line.unit_code, line.unit_name), []).append(line)
    period = f"{year}年第{quarter}季度"
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "汇总"
    taken = {"汇总"}
    _summary_sheet(ws, groups, county, period, first, last)
    for (code, name), unit_lines in sorted(groups.items()):
        sheet = wb.create_sheet(xs.sheet_name(f"{code} {name}".strip(), taken))
        _unit_sheet(sheet, code, name, unit_lines, county, period, first, last, masked)
    xs.save(wb, Path(out))
    audit.record(
        s,
        actor.login,
        "verification.write",
        f"verification:{year}Q{quarter}",
        detail={
            "units": len(groups),
            "payments": len(lines),
            "unit": unit.code if unit is not None else None,
            "masked": masked,
            "file": Path(out).name,
        },
    )
    return Done(Path(out), Changes(audit=True))


def _title(ws: Worksheet, text: str, width: int) -> None:
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    c = ws.cell(row=1, column=1, value=text)
    c.font = Font(bold=True, size=14)
    c.alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 28


def _summary_sheet(
    ws: Worksheet,
    groups: dict[tuple[str, str], list[_Line]],
    county: str,
    period: str,
    first: date,
    last: date,
) -> None:
    _title(ws, f"{county}{period}职工医疗互助保障金给付一对一核实汇总", len(SUMMARY_HEADERS))
    xs.put(ws, 2, 1, f"核实期间：{first.isoformat()} 至 {last.isoformat()}")
    xs.header(ws, 3, SUMMARY_HEADERS)
    row = 3
    total_people: set[int] = set()
    total_n, total_amount = 0, ZERO
    for n, ((code, name), lines) in enumerate(sorted(groups.items()), 1):
        row += 1
        people = {x.member_id for x in lines if not x.reversal}
        count = sum(1 for x in lines if not x.reversal)
        amount = sum((x.amount for x in lines), ZERO)
        total_people |= people
        total_n += count
        total_amount += amount
        values: tuple[Any, ...] = (n, code, name, len(people), count, amount, None)
        fmts = (xs.INT, xs.TEXT, None, xs.INT, xs.INT, xs.MONEY, None)
        for col, (v, f) in enumerate(zip(values, fmts, strict=True), 1):
            xs.put(ws, row, col, v, f)
    last_data = row
    row += 1
    for col, v, f in ((1, "合计", None), (4, len(total_people), xs.INT), (5, total_n, xs.INT),
                      (6, total_amount, xs.MONEY)):  # fmt: skip
        xs.put(ws, row, col, v, f).font = xs.BOLD
    ws.freeze_panes = "A4"
    ws.auto_filter.ref = f"A3:G{max(last_data, 3)}"
    xs.fit_columns(ws, first_row=3)
    xs.page(ws, title=f"{period}给付一对一核实汇总", footer=county, title_rows="1:3")


def _unit_sheet(
    ws: Worksheet,
    code: str,
    name: str,
    lines: list[_Line],
    county: str,
    period: str,
    first: date,
    last: date,
    masked: bool,
) -> None:
    _title(ws, f"{name}{period}职工医疗互助保障金给付核实表", len(HEADERS))
    paid = [x for x in lines if not x.reversal]
    total = sum((x.amount for x in lines), ZERO)
    xs.put(
        ws,
        2,
        1,
        f"单位编码：{code or '—'}　核实期间：{first.isoformat()} 至 {last.isoformat()}　"
        f"给付 {len(paid)} 笔，合计 {fmt(total)} 元",
    )
    xs.header(ws, 3, HEADERS)
    row = 3
    for n, x in enumerate(lines, 1):
        row += 1
        shown = mask(x.id_number) if masked else x.id_number
        note = "冲正" if x.reversal else None
        values: tuple[Any, ...] = (n, x.name, shown, x.tail, x.amount, x.number, x.pay_date, note)
        fmts = (xs.INT, None, xs.TEXT, xs.TEXT, xs.MONEY, xs.TEXT, xs.DATE, None)
        for col, (v, f) in enumerate(zip(values, fmts, strict=True), 1):
            xs.put(ws, row, col, v, f)
    last_data = row
    row += 1
    xs.put(ws, row, 1, "合计").font = xs.BOLD
    xs.put(ws, row, 5, total, xs.MONEY).font = xs.BOLD
    if not lines:
        row += 1
        xs.put(ws, row, 1, "本季度本单位没有给付记录。")
    ws.freeze_panes = "A4"
    ws.auto_filter.ref = f"A3:H{max(last_data, 3)}"
    xs.fit_columns(ws, first_row=3, high=30)
    ws.column_dimensions["H"].width = 18
    row += 2
    for text in (
        "说明：请逐一与职工本人核实上列给付（姓名、金额、到账账号尾号），在「核实情况」栏注明"
        "“无误”或不符之处，签字盖章后交回县总工会。",
        "基层工会核实人（签字）：________________　　联系电话：________________",
        "基层工会负责人（签字）：________________　　单位（盖章）　　日期：______年____月____日",
    ):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(HEADERS))
        c = xs.put(ws, row, 1, text)
        c.alignment = Alignment(wrap_text=True, vertical="center")
        ws.row_dimensions[row].height = 30
        row += 1
    xs.page(ws, title=f"{name} {period}给付核实表", footer=county, title_rows="1:3")
