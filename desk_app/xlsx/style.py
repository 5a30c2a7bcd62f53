"""The look every workbook the desk writes with openpyxl shares (bank and SMS lists, the
verification list, the annual analysis): a bold shaded header, money ``#,##0.00``, dates
``yyyy-mm-dd``, ID numbers and accounts as text, columns as wide as their contents, a frozen
header, an autofilter, A4 one page wide with a title in the page header and page numbers below.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

MONEY = "#,##0.00"
DATE = "yyyy-mm-dd"
RATE = "0.00%"
TEXT = "@"
INT = "0"
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)


def text_width(value: Any) -> int:
    """Display width of a cell's text: a CJK character is two columns wide."""
    if value is None:
        return 0
    if isinstance(value, (date, datetime)):
        return 10
    if isinstance(value, Decimal):
        return len(f"{value:,.2f}")
    s = str(value)
    # UTF-8 takes 3 bytes for a CJK character and 1 for ASCII: (bytes + chars) / 2 is the
    # width without a loop over the characters.
    return (len(s.encode("utf-8")) + len(s)) // 2


def fit_columns(ws: Worksheet, *, first_row: int = 1, low: int = 6, high: int = 60) -> None:
    """Column widths that fit the contents from ``first_row`` down (rows above, such as a
    merged title, are not measured)."""
    widths: dict[int, int] = {}
    for row in ws.iter_rows(min_row=first_row):
        for cell in row:
            w = text_width(cell.value)
            if w > widths.get(cell.column, 0):
                widths[cell.column] = w
    for col, w in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = min(max(w + 2, low), high)


def header(ws: Worksheet, row: int, names: Iterable[str]) -> None:
    for i, name in enumerate(names, start=1):
        c = ws.cell(row=row, column=i, value=name)
        c.font = BOLD
        c.fill = HEADER_FILL
        c.border = BOX
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def put(ws: Worksheet, row: int, col: int, value: Any, fmt: str | None = None) -> Any:
    """One cell; dates without time zones, text formats for text columns."""
    c = ws.cell(row=row, column=col, value=value)
    if fmt is not None:
        c.number_format = fmt
    return c


def page(
    ws: Worksheet,
    *,
    title: str,
    footer: str = "",
    landscape: bool = False,
    title_rows: str | None = None,
) -> None:
    """A4, one page wide (as many tall as needed), a title in the page header, the page number
    in the footer."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.oddHeader.center.text = hf_text(title)
    ws.oddHeader.center.size = 12
    ws.oddHeader.center.font = "-,Bold"
    if footer:
        ws.oddFooter.left.text = hf_text(footer)
    ws.oddFooter.right.text = "第 &P 页，共 &N 页"
    if title_rows:
        ws.print_title_rows = title_rows


def hf_text(text: str) -> str:
    """Text for a page header or footer: ``&`` starts a code there, so it is doubled."""
    return text.replace("&", "&&")


def save(wb: Workbook, path: Path) -> Path:
    """Save through a temporary file in the same folder, so a crash never leaves half a file
    under the real name."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        wb.save(tmp)
        tmp.replace(path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def write_bytes(data: bytes, path: Path) -> Path:
    """Write bytes the same safe way."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def sheet_name(text: str, taken: set[str]) -> str:
    """A valid, unique worksheet name (at most 31 characters, none of ``[]:*?/\\``)."""
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in text).strip("'") or "Sheet"
    base = clean[:31]
    name, n = base, 2
    while name.lower() in {t.lower() for t in taken}:
        suffix = f"({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(name)
    return name
