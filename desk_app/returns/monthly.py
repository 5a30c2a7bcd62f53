"""The monthly return workbook, exactly as FILES.md §3 lays it out (the city reads it by
machine): file ``月报_<county code>_<YYYY-MM>.xlsx``; sheets 汇总, 参保明细, 给付明细, 分类统计
in that order, each with its header on row 1 and no title rows (the title and the county go in
the page header and footer)."""

from __future__ import annotations

from desk_app.returns.figures import ReturnData
from desk_app.returns.model import (
    CATEGORY_HEADERS,
    ENROLLMENT_HEADERS,
    PAYMENT_HEADERS,
    SUMMARY_COUNTS,
    SUMMARY_HEADERS,
    SUMMARY_MONEY,
)
from desk_app.returns.model import RATE as RATE_HEADER
from desk_app.xlsx.write import DATE, ID, INT, MONEY, RATE, TEXT, Col, Sheet, write_xlsx

_ENROLLMENT_KINDS = (INT, ID, TEXT, TEXT, ID, TEXT, DATE, TEXT, INT, MONEY, DATE, TEXT)
_PAYMENT_KINDS = (INT, ID, TEXT, ID, TEXT, TEXT, TEXT, DATE, DATE, INT, TEXT, MONEY, MONEY,
                  MONEY, MONEY, DATE, TEXT)  # fmt: skip
_CATEGORY_KINDS = (TEXT, TEXT, INT, MONEY)


def file_name(county_code: str, month: str) -> str:
    return f"月报_{county_code}_{month}.xlsx"


def _summary_kind(header: str) -> str:
    if header in SUMMARY_COUNTS:
        return INT
    if header in SUMMARY_MONEY:
        return MONEY
    if header == RATE_HEADER:
        return RATE
    return TEXT


def sheets(data: ReturnData) -> list[Sheet]:
    y, m = data.month[:4], data.month[5:7]
    period = f"{y}年{m}月"
    footer = f"{data.county_name}（{data.county_code}）"

    def title(what: str) -> str:
        return f"{data.county_name} 职工医疗互助保障月报 {period} · {what}"

    summary_rows = [[r.get(h) for h in SUMMARY_HEADERS] for r in data.schemes]
    summary_rows.append([data.total.get(h) for h in SUMMARY_HEADERS])
    return [
        Sheet(
            "汇总",
            [Col(h, _summary_kind(h)) for h in SUMMARY_HEADERS],
            summary_rows,
            title=title("汇总"),
            footer=footer,
            bold_rows=frozenset({len(summary_rows) - 1}),
            filter_rows=len(summary_rows) - 1,
        ),
        Sheet(
            "参保明细",
            [Col(h, k) for h, k in zip(ENROLLMENT_HEADERS, _ENROLLMENT_KINDS, strict=True)],
            data.enrollments,
            title=title("参保明细"),
            footer=footer,
        ),
        Sheet(
            "给付明细",
            [Col(h, k) for h, k in zip(PAYMENT_HEADERS, _PAYMENT_KINDS, strict=True)],
            [(n, *r.values) for n, r in enumerate(data.payments, 1)],
            title=title("给付明细"),
            footer=footer,
        ),
        Sheet(
            "分类统计",
            [Col(h, k) for h, k in zip(CATEGORY_HEADERS, _CATEGORY_KINDS, strict=True)],
            data.categories,
            title=title("分类统计"),
            footer=footer,
        ),
    ]


def workbook(data: ReturnData) -> bytes:
    """The return's bytes (the same data always gives the same bytes)."""
    return write_xlsx(sheets(data), title=f"月报 {data.county_code} {data.month}", level=3)
