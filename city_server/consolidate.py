"""The consolidated city return for a month (全市月报汇总).

Built from the latest return each site *submitted* for the month (every version the desks sent
is kept; only the newest submitted one counts: highest revision, then the newest change). One row
per county (sites of one county, when a center runs several desks, are added together), then
the city total; the columns are those of the 汇总 sheet of FILES.md §3 with 区县代码/区县名称 in
place of 方案编码/方案名称. Sheet 按方案 gives each county's rows per scheme, and 报送情况 lists
every site with the version used or 未报送, so the city sees who is missing.

A return is filed under the county its site is registered for (``site add --county``), never
under a code in its own figures (the inbox refuses one that names another county). Sheet 核对
shows what the city's own records say against the returns — a claim with more than one current
calculation, a return whose month's payments differ from the payments the desk synced — shown,
not summed away: the figures are the sites' returns as submitted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from city_server.findings import site_county
from city_server.models import Record, ReturnVersion, Site, payment_month
from desk_app.returns.model import RATE, SUMMARY_COUNTS, SUMMARY_HEADERS, SUMMARY_MONEY, TOTAL

# The 汇总 sheet's columns are the desk's own (FILES.md §3): one definition for both sides.
COUNTS = SUMMARY_COUNTS
MONEY = SUMMARY_MONEY
FIGURES = SUMMARY_HEADERS[2:-1]
MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class ConsolidateError(Exception):
    """The month is malformed or nothing can be built."""


@dataclass(frozen=True)
class Consolidated:
    path: Path
    month: str
    counties: int
    sites_reported: int
    sites_missing: tuple[str, ...]
    problems: tuple[tuple[str, str], ...] = ()  # (site code, what the city's records say)


def _num(value: Any, money: bool) -> Decimal | int:
    if value is None or value == "":
        return Decimal("0.00") if money else 0
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        return Decimal("0.00") if money else 0
    return d.quantize(Decimal("0.01")) if money else int(d)


def _rate(paid: Decimal, income: Decimal) -> Decimal | None:
    return (paid / income).quantize(Decimal("0.0001")) if income else None


def _totals(rows: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {h: (Decimal("0.00") if h in MONEY else 0) for h in FIGURES}
    for r in rows:
        for h in FIGURES:
            out[h] += _num(r.get(h), h in MONEY)
    out[RATE] = _rate(out["期内累计给付金额"], out["期内累计互助金收入"])
    return out


def latest_submitted(session: Session, month: str) -> dict[int, ReturnVersion]:
    """Per site, the newest return it submitted for ``month``."""
    best: dict[int, ReturnVersion] = {}
    for rv in session.execute(
        select(ReturnVersion).where(
            ReturnVersion.month == month, ReturnVersion.status == "submitted"
        )
    ).scalars():
        cur = best.get(rv.site_id)
        if cur is None or (rv.revision, rv.desk_seq) > (cur.revision, cur.desk_seq):
            best[rv.site_id] = rv
    return best


def consolidate(session: Session, month: str, out: Path) -> Consolidated:
    if not MONTH_RE.match(month):
        raise ConsolidateError(f"month {month!r}: use YYYY-MM")
    sites = {s.id: s for s in session.execute(select(Site).order_by(Site.code)).scalars()}
    best = latest_submitted(session, month)
    counties: dict[str, dict[str, Any]] = {}
    per_scheme: list[tuple[str, str, dict[str, Any]]] = []
    for site_id, rv in sorted(best.items(), key=lambda kv: sites[kv[0]].code):
        site = sites[site_id]
        fig = rv.figures if isinstance(rv.figures, dict) else {}
        code = site_county(site)
        name = str(fig.get("county_name") or site.name)
        rows = [r for r in fig.get("summary", []) if isinstance(r, dict)]
        total_row = next((r for r in rows if r.get("方案编码") == TOTAL), None)
        scheme_rows = [r for r in rows if r.get("方案编码") != TOTAL]
        # The 合计 row is the desk's own; without one, add up its scheme rows.
        county = counties.setdefault(code, {"name": name, "rows": []})
        county["rows"].append(total_row if total_row is not None else _totals(scheme_rows))
        for r in scheme_rows:
            per_scheme.append((code, name, r))
    missing = tuple(s.code for sid, s in sites.items() if sid not in best and s.revoked_at is None)
    problems = checks(session, month, sites, best)
    _write(out, month, counties, per_scheme, sites, best, problems)
    return Consolidated(out, month, len(counties), len(best), missing, tuple(problems))


def _month_paid(session: Session, site_id: int, month: str) -> Decimal:
    """What the site's synced payments (reversals negative) came to in ``month``: the month's
    amounts picked in SQL, added up exactly here."""
    total = Decimal("0.00")
    stmt = select(Record.data["amount"].as_string()).where(
        Record.site_id == site_id,
        Record.entity == "payment",
        Record.deleted.is_(False),
        payment_month == month,
    )
    for (amount,) in session.execute(stmt):
        total += _num(amount, True)
    return total


def checks(
    session: Session, month: str, sites: dict[int, Site], best: dict[int, ReturnVersion]
) -> list[tuple[str, str]]:
    """What the city's records say against the returns, one (site code, text) per problem."""
    out: list[tuple[str, str]] = []
    twice = (
        select(Record.site_id, Record.parent_uid, func.count())
        .where(
            Record.entity == "calculation",
            Record.deleted.is_(False),
            Record.data["current"].as_boolean().is_(True),
        )
        .group_by(Record.site_id, Record.parent_uid)
        .having(func.count() > 1)
    )
    for site_id, claim_uid, n in session.execute(twice):
        claim = session.get(Record, claim_uid) if claim_uid else None
        number = claim.data.get("claim_no") if claim is not None else claim_uid
        out.append((sites[site_id].code, f"理赔 {number} 有 {n} 条当前计算记录（应为 1 条）"))
    for site_id, rv in sorted(best.items(), key=lambda kv: sites[kv[0]].code):
        fig = rv.figures if isinstance(rv.figures, dict) else {}
        rows = [r for r in fig.get("summary", []) if isinstance(r, dict)]
        total = next((r for r in rows if r.get("方案编码") == TOTAL), None) or _totals(rows)
        said = _num(total.get("本月给付金额"), True)
        synced = _month_paid(session, site_id, month)
        if said != synced:
            out.append(
                (
                    sites[site_id].code,
                    f"月报本月给付金额 {said:,.2f} 元，同步到市里的 {month} 给付记录合计 "
                    f"{synced:,.2f} 元，相差 {said - synced:,.2f} 元",
                )
            )
    return out


def _checks_sheet(wb: Workbook, problems: list[tuple[str, str]]) -> None:
    ws = wb.create_sheet("核对")
    headers = ["服务点代码", "核对结果"]
    _sheet(ws, headers, "市级核对：各服务点月报与同步记录")
    for code, text in problems:
        ws.append([code, text])
    if not problems:
        ws.append([None, "未发现问题"])
    _finish(ws, headers)


def _sheet(ws: Worksheet, headers: list[str], title: str) -> None:
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.freeze_panes = "A2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.oddHeader.center.text = title
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"


def _format_row(ws: Worksheet, headers: list[str]) -> None:
    row = ws.max_row
    for i, h in enumerate(headers, start=1):
        cell = ws.cell(row=row, column=i)
        if h in MONEY:
            cell.number_format = "#,##0.00"
        elif h == RATE:
            cell.number_format = "0.00%"
        elif h in COUNTS:
            cell.number_format = "0"


def _finish(ws: Worksheet, headers: list[str]) -> None:
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(ws.max_row, 1)}"
    for i in range(1, len(headers) + 1):
        width = max(
            sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(c.value if c.value is not None else ""))
            for c in ws[get_column_letter(i)]
        )
        ws.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 8), 40)


def _figures(values: dict[str, Any]) -> list[Any]:
    out: list[Any] = [_num(values.get(h), h in MONEY) for h in FIGURES]
    rate = values.get(RATE)
    out.append(Decimal(str(rate)) if rate not in (None, "") else None)
    return out


def _write(
    out: Path,
    month: str,
    counties: dict[str, dict[str, Any]],
    per_scheme: list[tuple[str, str, dict[str, Any]]],
    sites: dict[int, Site],
    best: dict[int, ReturnVersion],
    problems: list[tuple[str, str]],
) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "汇总"
    headers = ["区县代码", "区县名称", *SUMMARY_HEADERS[2:]]
    _sheet(ws, headers, f"{month} 全市职工医疗互助保障月报汇总")
    county_totals = []
    for code in sorted(counties):
        c = counties[code]
        t = _totals(c["rows"])
        county_totals.append(t)
        ws.append([code, c["name"], *_figures(t)])
        _format_row(ws, headers)
    city = _totals(county_totals)
    ws.append([TOTAL, "全市", *_figures(city)])
    _format_row(ws, headers)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    _finish(ws, headers)

    ws2 = wb.create_sheet("按方案")
    headers2 = ["区县代码", "区县名称", *SUMMARY_HEADERS]
    _sheet(ws2, headers2, f"{month} 各区县分方案汇总")
    for code, name, r in per_scheme:
        ws2.append([code, name, r.get("方案编码"), r.get("方案名称"), *_figures(r)])
        _format_row(ws2, headers2)
    _finish(ws2, headers2)

    ws3 = wb.create_sheet("报送情况")
    headers3 = ["服务点代码", "服务点名称", "状态", "月报版次", "文件名", "收到时间", "SHA-256"]
    _sheet(ws3, headers3, f"{month} 各服务点月报报送情况")
    for sid, site in sorted(sites.items(), key=lambda kv: kv[1].code):
        rv = best.get(sid)
        if rv is None:
            state = "已停用" if site.revoked_at else "未报送"
            ws3.append([site.code, site.name, state, None, None, None, None])
        else:
            received = rv.received_at
            if isinstance(received, datetime) and received.tzinfo is not None:
                received = received.replace(tzinfo=None)
            ws3.append(
                [site.code, site.name, "已报送", rv.revision, rv.file_name, received, rv.sha256]
            )
            ws3.cell(row=ws3.max_row, column=6).number_format = "yyyy-mm-dd hh:mm"
    _finish(ws3, headers3)
    _checks_sheet(wb, problems)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    wb.save(tmp)
    tmp.replace(out)
