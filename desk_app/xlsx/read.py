"""Reading workbooks that people made by hand, safely and forgivingly.

Units and the insurance bureau send workbooks made in Excel, WPS or LibreOffice — .xlsx, the
old .xls, .xlsb, .ods, WPS .et — with a title row above the header, columns in any order,
spaces around values, full-width digits, numbers where text was meant. This module turns the
first worksheet into plain rows with Excel's own row numbers, finds the header row by its
column names, and converts cells with clear messages.

Files that could hurt the desk are refused first (``desk_app.xlsx.guard``: not a workbook, a
password, empty, too large, zip bombs, XML with a DTD); then python-calamine (Rust, no XML
entity expansion) reads the values — cached formula results, not formulas — whatever the
kind. ``docs/enrollment.md`` lists what each kind gives.

Used by the roster import and the settlement import. Runs on a worker thread.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from base.errors import msg
from base.progress import Cancelled, Progress, check, report
from desk_app.xlsx.guard import (
    MAX_FILE_BYTES,
    MAX_MEMBER_RATIO,
    MAX_UNCOMPRESSED_BYTES,
    MAX_ZIP_MEMBERS,
    WorkbookError,
    check_file,
)

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_MEMBER_RATIO",
    "MAX_UNCOMPRESSED_BYTES",
    "MAX_ZIP_MEMBERS",
    "WorkbookError",
    "check_file",
]

MAX_ROWS = 100_000  # non-empty rows read from a sheet
MAX_COLUMNS = 100  # columns read per row: a roster has about ten
HEADER_SEARCH_ROWS = 10
#: A whole float is given as an int below this (every integer is exact there).
_EXACT_INT = 2**53

_EXCEL_EPOCH = date(1899, 12, 30)


class CellError(ValueError):
    """One cell cannot be read as what its column needs; ``message`` says why."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class SheetRows:
    """The non-empty rows of one worksheet, each with its row number as Excel shows it."""

    sheet_name: str
    rows: tuple[tuple[int, tuple[Any, ...]], ...]


def read_first_sheet(
    path: Path,
    *,
    max_rows: int = MAX_ROWS,
    max_columns: int = MAX_COLUMNS,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> SheetRows:
    """The non-empty rows of the first worksheet (values, not formulas), after
    :func:`check_file`. Raise WorkbookError for a file that cannot be read."""
    check_file(path)
    import python_calamine

    try:
        with path.open("rb") as f:
            wb = python_calamine.CalamineWorkbook.from_filelike(f)
        try:
            names = wb.sheet_names
            if not names:
                raise _no_data(path.name)
            sheet = wb.get_sheet_by_index(0)
            source = _numbered(sheet.iter_rows(), sheet.start, max_columns)
            rows = _collect(source, max(1, sheet.height), max_rows, progress, cancel)
        finally:
            wb.close()
    except (WorkbookError, Cancelled):
        raise
    except Exception as exc:  # calamine raises several kinds for damaged files
        raise WorkbookError(
            msg(
                "无法读取工作簿 {f}：文件已损坏或格式不标准（{e}）",
                "cannot read the workbook {f}: it is damaged or not in a standard form ({e})",
                f=path.name,
                e=type(exc).__name__,
            ),
            code="unreadable",
        ) from exc
    if not rows:
        raise _no_data(path.name)
    return SheetRows(names[0], tuple(rows))


def _numbered(
    source: Iterable[list[Any]], start: tuple[int, int] | None, max_columns: int
) -> Iterable[tuple[int, tuple[Any, ...]]]:
    """Calamine's rows (its range starts at the first used cell) with Excel's row numbers and
    columns from A, at most ``max_columns`` wide, cells as the readers expect them."""
    first_row, first_col = start or (0, 0)
    pad: tuple[Any, ...] = (None,) * first_col
    width = max(0, max_columns - first_col)
    for i, values in enumerate(source):
        yield first_row + i + 1, pad + tuple(_cell(v) for v in values[:width])


def _cell(v: Any) -> Any:
    """An empty cell is None, a whole number an int (as Excel shows it), a date a datetime."""
    if isinstance(v, str):
        return v if v != "" else None
    if isinstance(v, float):
        return int(v) if v.is_integer() and abs(v) < _EXACT_INT else v
    if isinstance(v, datetime):
        return v
    if isinstance(v, date):
        return datetime(v.year, v.month, v.day)
    if isinstance(v, time):
        return v.isoformat()
    if isinstance(v, timedelta):
        return str(v)
    return v


def _collect(
    source: Iterable[tuple[int, tuple[Any, ...]]],
    estimate: int,
    max_rows: int,
    progress: Progress | None,
    cancel: threading.Event | None,
) -> list[tuple[int, tuple[Any, ...]]]:
    """The non-empty rows, at most ``max_rows`` of them, reporting progress."""
    rows: list[tuple[int, tuple[Any, ...]]] = []
    for seen, (number, values) in enumerate(source, start=1):
        if seen % 1000 == 0:
            check(cancel)
            report(progress, min(1.0, number / max(1, estimate)), "")
        if values is None or all(_blank(v) for v in values):
            continue
        if len(rows) >= max_rows:
            raise WorkbookError(
                msg(
                    "工作表超过 {n} 行，请分成几个文件导入",
                    "the sheet has more than {n} rows: split it",
                    n=max_rows,
                ),
                code="too_many_rows",
            )
        cells = list(values)
        while cells and cells[-1] is None:
            cells.pop()
        rows.append((number, tuple(cells)))
    return rows


def _no_data(name: str) -> WorkbookError:
    return WorkbookError(
        msg(
            "工作簿 {f} 的第一个工作表没有内容",
            "the first worksheet of {f} is empty",
            f=name,
        ),
        code="no_data",
    )


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


# --- the header --------------------------------------------------------------------------


def header_key(text: Any) -> str:
    """A header cell as compared with the column names: no spaces (``姓  名``), no required
    marks (``*姓名``), no notes in brackets (``份数（最多2份）``), full-width folded."""
    t = unicodedata.normalize("NFKC", str(text or ""))
    t = re.sub(r"[(\[（【].*?[)\]）】]", "", t)
    return re.sub(r"[\s*:：]", "", t)


@dataclass(frozen=True)
class Header:
    """Where the header row is and which column (0-based) holds each field."""

    row: int
    columns: Mapping[str, int]
    position: int  # index of the header row in SheetRows.rows


def find_header(
    sheet: SheetRows,
    aliases: Mapping[str, Sequence[str]],
    required: Iterable[str],
    *,
    search_rows: int = HEADER_SEARCH_ROWS,
) -> Header | None:
    """The first row among the first ``search_rows`` rows of the sheet that names every
    required field (by any alias); ``None`` when there is none. Extra columns are ignored;
    when a field's column appears twice, the first counts."""
    lookup: dict[str, str] = {}
    for fieldname, names in aliases.items():
        for n in names:
            lookup.setdefault(header_key(n), fieldname)
    need = set(required)
    for pos, (number, values) in enumerate(sheet.rows):
        if number > search_rows:
            break
        columns: dict[str, int] = {}
        for i, v in enumerate(values):
            f = lookup.get(header_key(v))
            if f is not None and f not in columns:
                columns[f] = i
        if need <= columns.keys():
            return Header(number, columns, pos)
    return None


def sheet_with_header(
    path: Path,
    aliases: Mapping[str, Sequence[str]],
    required: Iterable[str],
    *,
    share: float,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> tuple[SheetRows, Header]:
    """The file's first sheet (its reading reported as the first ``share`` of ``progress``)
    and its header row naming ``required`` (the name and ID number columns of a roster or a
    settlement export); a file without one is refused in words (``no_header``)."""
    sheet = read_first_sheet(
        path, progress=lambda f, m: report(progress, share * f, m), cancel=cancel
    )
    header = find_header(sheet, aliases, required)
    if header is None:
        raise WorkbookError(
            msg(
                "在 {f} 第一个工作表的前 10 行中找不到表头：需要有「姓名」和「身份证号」两列",
                "no header row in the first 10 rows of {f}: it needs the columns 姓名 (name) "
                "and 身份证号 (ID number)",
                f=path.name,
            ),
            code="no_header",
        )
    return sheet, header


# --- cells -------------------------------------------------------------------------------

_FULLWIDTH: dict[str, str | int | None] = {chr(0xFF10 + i): str(i) for i in range(10)}
_FULLWIDTH_TABLE = str.maketrans(_FULLWIDTH)


def text(value: Any) -> str:
    """A cell as text: stripped, full-width digits folded; a whole number without ``.0``;
    a date as ``YYYY-MM-DD``."""
    if type(value) is str:  # the common case first (a settlement file has millions)
        return (
            value.translate(_FULLWIDTH_TABLE).replace("\u00a0", " ").replace("\u3000", " ").strip()
        )
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int) and value.bit_length() > _LONGEST_INT_BITS:
        # More digits than Python turns into text (and than any cell means): shown by size.
        return f"{'-' if value < 0 else ''}{_LONGEST_INT_DIGITS}…（超长数字）"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    s = str(value).translate(_FULLWIDTH_TABLE)
    return s.replace("\u00a0", " ").replace("\u3000", " ").strip()


_LONGEST_INT_BITS = 3000  # about 900 digits, well inside the interpreter's 4300
_LONGEST_INT_DIGITS = "9" * 20
LONGEST_WHOLE_NUMBER = 30  # digits of a text cell read as a whole number


def shorten(text: str, limit: int = 40) -> str:
    """A cell's text as a message quotes it: a 10 000-character cell is not repeated whole."""
    return text if len(text) <= limit else text[:limit] + "…"


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def digits_text(value: Any, *, what_zh: str, what_en: str, max_exact: int = 15) -> str:
    """A cell that must hold a long digit string (ID, account) as text. A number cell has
    lost its digits when longer than ``max_exact`` (Excel keeps 15 significant digits), or
    whenever it is a float in scientific form; such a cell raises CellError."""
    if is_number(value):
        exact = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
        as_int = int(value) if exact else None
        if as_int is None or as_int.bit_length() > 64 or len(str(abs(as_int))) > max_exact:
            raise CellError(
                msg(
                    "{w}被 Excel 转成了数字（{v}），后几位已丢失；请把该列设为文本后重新填写",
                    "the {w_en} was turned into a number by Excel ({v}) and lost its last "
                    "digits: format the column as text and type it again",
                    w=what_zh,
                    w_en=what_en,
                    v=_show_number(value),
                )
            )
        return str(as_int)
    return text(value)


def _show_number(value: int | float) -> str:
    if isinstance(value, float):
        return f"{value:.14E}".replace("0E", "E").rstrip("0") if value >= 1e15 else repr(value)
    return shorten(text(value))


def whole_number(value: Any, *, what_zh: str, what_en: str) -> int | None:
    """A whole number from a number or text cell; ``None`` when blank; CellError otherwise."""
    if _blank(value):
        return None
    if is_number(value):
        if (isinstance(value, float) and not value.is_integer()) or abs(value) >= 10**30:
            raise CellError(
                msg(
                    "{w}应为整数：{v}",
                    "the {w_en} must be a whole number: {v}",
                    w=what_zh,
                    w_en=what_en,
                    v=text(value),
                )
            )
        return int(value)
    t = text(value)
    t = unicodedata.normalize("NFKC", t).replace(" ", "")
    m = re.fullmatch(r"([0-9]+)(\.0+)?", t)
    if m and len(m[1]) <= LONGEST_WHOLE_NUMBER:
        return int(m[1])
    raise CellError(
        msg(
            "{w}应为整数：{v}",
            "the {w_en} must be a whole number: {v}",
            w=what_zh,
            w_en=what_en,
            v=shorten(t),
        )
    )


_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def cell_date(value: Any, *, what_zh: str, what_en: str) -> date | None:
    """A date from a date cell, an Excel serial number, or text such as 2015-01-01,
    2015/1/1, 2015.1.1, 2015年1月1日 or 20150101; ``None`` when blank; CellError otherwise."""
    if _blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value

    def bad() -> CellError:
        return CellError(
            msg(
                "{w}不是有效日期：{v}（请写成 2015-01-01）",
                "the {w_en} is not a date: {v} (write it as 2015-01-01)",
                w=what_zh,
                w_en=what_en,
                v=shorten(text(value)),
            )
        )

    if is_number(value):
        # A date typed into a cell formatted as a number: Excel's day count.
        if 1 <= value <= 73050 and float(value).is_integer():
            return _EXCEL_EPOCH + timedelta(days=int(value))
        if isinstance(value, int) or float(value).is_integer():
            value = text(int(value))  # 20150101 typed as a number
        else:
            raise bad()
    t = unicodedata.normalize("NFKC", text(value)).replace(" ", "")
    for pattern in _DATE_PATTERNS:
        m = pattern.match(t)
        if m:
            try:
                return date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                raise bad() from None
    raise bad()


def column_values(values: Sequence[Any], header: Header) -> Callable[[str], Any]:
    """A getter for one row: the raw value of a field, ``None`` when the column is absent
    or the row is shorter."""

    def get(fieldname: str) -> Any:
        i = header.columns.get(fieldname)
        if i is None or i >= len(values):
            return None
        return values[i]

    return get
