"""The annual analysis (年度分析, Beijing's practice): the year's payouts by gender, age band,
member category, kind of claim, disease chapter (ICD-10) and industry, and the fund's payout
ratio (资金使用率, Quzhou) month by month.

``analysis`` gives the figures for the window's charts; ``write_analysis`` a workbook with a
table and a native Excel chart per dimension (bar charts; pies for the two-or-three-group
dimensions) and a line chart of the payout ratio. The groups and their counting are those of the
monthly return's 分类统计 (payments by payment date; a reversal moves money, not 人次), and the
ratio by month is the 合计 ratio of each month's return, so the analysis agrees with the returns.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, PieChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import func, select

from base.changes import Changes, Done
from base.clock import today
from base.errors import ValidationError, msg
from base.progress import Progress, check, report
from db.engine import UnitOfWork
from db.models import Claim
from desk_app.access import audit
from desk_app.access.auth import Actor, Perm, authorize
from desk_app.returns import figures, totals
from desk_app.returns.model import (
    AGE_BANDS,
    GENDERS,
    KIND_NAMES,
    MEMBER_CLASSES,
    ZERO,
    Analysis,
    Breakdown,
)
from desk_app.system import settings
from desk_app.system.months import bounds, instants, months_of_year
from desk_app.xlsx import style as xs

# ICD-10 chapters (GB/T 14396): first code, last code, numeral, Chinese name.
ICD_CHAPTERS: tuple[tuple[str, str, str, str], ...] = (
    ("A00", "B99", "I", "某些传染病和寄生虫病"),
    ("C00", "D48", "II", "肿瘤"),
    ("D50", "D89", "III", "血液及造血器官疾病和某些涉及免疫机制的疾患"),
    ("E00", "E90", "IV", "内分泌、营养和代谢疾病"),
    ("F00", "F99", "V", "精神和行为障碍"),
    ("G00", "G99", "VI", "神经系统疾病"),
    ("H00", "H59", "VII", "眼和附器疾病"),
    ("H60", "H95", "VIII", "耳和乳突疾病"),
    ("I00", "I99", "IX", "循环系统疾病"),
    ("J00", "J99", "X", "呼吸系统疾病"),
    ("K00", "K93", "XI", "消化系统疾病"),
    ("L00", "L99", "XII", "皮肤和皮下组织疾病"),
    ("M00", "M99", "XIII", "肌肉骨骼系统和结缔组织疾病"),
    ("N00", "N99", "XIV", "泌尿生殖系统疾病"),
    ("O00", "O99", "XV", "妊娠、分娩和产褥期"),
    ("P00", "P96", "XVI", "起源于围生期的某些情况"),
    ("Q00", "Q99", "XVII", "先天性畸形、变形和染色体异常"),
    ("R00", "R99", "XVIII", "症状、体征和临床与实验室异常所见"),
    ("S00", "T98", "XIX", "损伤、中毒和外因的某些其他后果"),
    ("V01", "Y98", "XX", "疾病和死亡的外因"),
    ("Z00", "Z99", "XXI", "影响健康状态和与保健机构接触的因素"),
    ("U00", "U99", "XXII", "用于特殊目的的编码"),
)
NO_CHAPTER = "未分类"
DIMENSIONS = ("性别", "年龄段", "人员类别", "类别", "疾病章节", "产业")
_PIE = ("性别", "类别", "人员类别")


def chapter_of(code: str | None) -> str:
    """The ICD-10 chapter of a disease code, as ``"II 肿瘤"`` (``未分类`` when the code is not
    ICD-10): ``K80.2`` → ``XI 消化系统疾病``."""
    key = "".join((code or "").split()).upper()[:3]
    if len(key) < 3 or not key[0].isalpha() or not key[1:].isdigit():
        return NO_CHAPTER
    for lo, hi, numeral, name in ICD_CHAPTERS:
        if lo <= key <= hi:
            return f"{numeral} {name}"
    return NO_CHAPTER


def _chapter_order(group: str) -> int:
    for i, (_lo, _hi, numeral, name) in enumerate(ICD_CHAPTERS):
        if group == f"{numeral} {name}":
            return i
    return len(ICD_CHAPTERS)


def _breakdown(
    dimension: str,
    rows: Sequence[figures.PaidRow],
    key: Callable[[figures.PaidRow], str],
    fixed: Sequence[str] = (),
    order: Callable[[str], int] | None = None,
) -> Breakdown:
    count: dict[str, int] = defaultdict(int)
    amount: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for r in rows:
        k = key(r)
        count[k] += 1 if r.counted else 0
        amount[k] += r.amount
    extra = [g for g in amount if g not in fixed]
    extra.sort(key=order if order is not None else (lambda g: (-amount[g], g)))
    return Breakdown(
        dimension, tuple((g, count.get(g, 0), amount.get(g, ZERO)) for g in [*fixed, *extra])
    )


def analysis(uow: UnitOfWork, year: int) -> Analysis:
    """The year's figures for the window's charts (a reader is enough)."""
    if not 1900 < year < 2200:
        raise ValidationError(msg("年份无效：{y}", "not a year: {y}", y=year))
    s = uow.session
    rows = figures.paid_rows(s, date(year, 1, 1), date(year, 12, 31))
    breakdowns = (
        _breakdown("性别", rows, lambda r: r.gender, GENDERS),
        _breakdown("年龄段", rows, lambda r: r.age_band, AGE_BANDS),
        _breakdown("人员类别", rows, lambda r: r.member_class, MEMBER_CLASSES),
        _breakdown("类别", rows, lambda r: r.kind, tuple(KIND_NAMES.values())),
        _breakdown("疾病章节", rows, lambda r: chapter_of(r.disease_code), (), _chapter_order),
        _breakdown("产业", rows, lambda r: r.industry),
    )
    ratios: list[tuple[str, Decimal | None]] = []
    for month in months_of_year(year):
        first, _last = bounds(month)
        if first > today():
            ratios.append((month, None))
            continue
        _schemes, total = totals.summary(s, month)
        ratios.append((month, total["资金使用率"]))
    start, _ = instants(f"{year:04d}-01")
    _, end = instants(f"{year:04d}-12")
    received = s.execute(
        select(func.count(Claim.id)).where(Claim.created_at >= start, Claim.created_at < end)
    ).scalar_one()
    paid = [r for r in rows if r.counted]
    return Analysis(
        year=year,
        breakdowns=breakdowns,
        ratio_by_month=tuple(ratios),
        paid_count=len(paid),
        paid_members=len({r.member_id for r in paid}),
        paid_amount=sum((r.amount for r in rows), ZERO),
        received=int(received),
    )


def write_analysis(
    uow: UnitOfWork,
    actor: Actor,
    year: int,
    out: Path,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> Done[Path]:
    """Write the year's analysis workbook to ``out`` (audited)."""
    authorize(uow, actor, Perm.RETURNS, f"analysis:{year}")
    report(progress, 0.05, "统计")
    a = analysis(uow, year)
    check(cancel)
    county = settings.get(uow.session, settings.COUNTY_NAME)
    report(progress, 0.6, "写入")
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "概况"
    _overview(ws, a, county)
    for b in a.breakdowns:
        _dimension_sheet(wb.create_sheet(b.dimension), b, a.year, county)
    _ratio_sheet(wb.create_sheet("资金使用率"), a, county)
    check(cancel)
    xs.save(wb, Path(out))
    audit.record(
        uow.session,
        actor.login,
        "analysis.write",
        f"analysis:{year}",
        detail={"file": Path(out).name, "paid": a.paid_count, "amount": str(a.paid_amount)},
    )
    report(progress, 1.0, "完成")
    return Done(Path(out), Changes(audit=True))


def _overview(ws: Worksheet, a: Analysis, county: str) -> None:
    xs.header(ws, 1, ("项目", "数值"))
    latest = next((r for _m, r in reversed(a.ratio_by_month) if r is not None), None)
    items: list[tuple[str, object, str | None]] = [
        ("年度", a.year, xs.INT),
        ("受理件数", a.received, xs.INT),
        ("给付人次", a.paid_count, xs.INT),
        ("给付人数", a.paid_members, xs.INT),
        ("给付金额", a.paid_amount, xs.MONEY),
        ("资金使用率（最近月份，期内累计）", latest, xs.RATE),
    ]
    for row, (label, value, fmt) in enumerate(items, 2):
        xs.put(ws, row, 1, label)
        xs.put(ws, row, 2, value, fmt)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:B{len(items) + 1}"
    xs.fit_columns(ws)
    xs.page(ws, title=f"{county} {a.year}年职工医疗互助保障年度分析", footer=county)


def _dimension_sheet(ws: Worksheet, b: Breakdown, year: int, county: str) -> None:
    xs.header(ws, 1, ("分组", "给付人次", "给付金额", "金额占比"))
    total = sum((amount for _g, _n, amount in b.rows), ZERO)
    for row, (group, count, amount) in enumerate(b.rows, 2):
        xs.put(ws, row, 1, group)
        xs.put(ws, row, 2, count, xs.INT)
        xs.put(ws, row, 3, amount, xs.MONEY)
        share = (amount / total).quantize(Decimal("0.0001")) if total else None
        xs.put(ws, row, 4, share, xs.RATE)
    n = len(b.rows)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:D{n + 1}"
    xs.fit_columns(ws)
    xs.page(ws, title=f"{year}年给付分析 · 按{b.dimension}", footer=county, landscape=True)
    if n == 0:
        return
    cats = Reference(ws, min_col=1, min_row=2, max_row=n + 1)
    if b.dimension in _PIE:
        pie = PieChart()
        pie.title = f"给付金额 · 按{b.dimension}"
        pie.add_data(Reference(ws, min_col=3, min_row=1, max_row=n + 1), titles_from_data=True)
        pie.set_categories(cats)
        pie.dataLabels = DataLabelList()
        pie.dataLabels.showPercent = True
        pie.height, pie.width = 7.5, 12
        ws.add_chart(pie, "F2")
        anchor = "F18"
    else:
        amount = BarChart()
        amount.type = "col"
        amount.title = f"给付金额 · 按{b.dimension}"
        amount.y_axis.title = "元"
        amount.add_data(Reference(ws, min_col=3, min_row=1, max_row=n + 1), titles_from_data=True)
        amount.set_categories(cats)
        amount.legend = None
        amount.height, amount.width = 7.5, 16
        ws.add_chart(amount, "F2")
        anchor = "F18"
    count = BarChart()
    count.type = "col"
    count.title = f"给付人次 · 按{b.dimension}"
    count.add_data(Reference(ws, min_col=2, min_row=1, max_row=n + 1), titles_from_data=True)
    count.set_categories(cats)
    count.legend = None
    count.height, count.width = 7.5, 16
    ws.add_chart(count, anchor)


def _ratio_sheet(ws: Worksheet, a: Analysis, county: str) -> None:
    xs.header(ws, 1, ("月份", "资金使用率"))
    for row, (month, value) in enumerate(a.ratio_by_month, 2):
        xs.put(ws, row, 1, month)
        xs.put(ws, row, 2, value, xs.RATE)
    n = len(a.ratio_by_month)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:B{n + 1}"
    xs.fit_columns(ws)
    xs.page(ws, title=f"{a.year}年资金使用率（期内累计给付 ÷ 期内累计互助金收入）", footer=county)
    line = LineChart()
    line.title = f"{a.year}年资金使用率（按月）"
    line.y_axis.number_format = "0%"
    line.y_axis.title = "资金使用率"
    line.add_data(Reference(ws, min_col=2, min_row=1, max_row=n + 1), titles_from_data=True)
    line.set_categories(Reference(ws, min_col=1, min_row=2, max_row=n + 1))
    line.legend = None
    line.height, line.width = 8, 18
    ws.add_chart(line, "D2")
