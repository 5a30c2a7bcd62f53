"""Streaming reader of the medical-insurance bureau's settlement records (``FILES.md`` §2) for
the simulation: one receipt per row, CSV or .xlsx, read row by row in bounded memory.

Besides the columns of §2 it reads 份数 and 人员类别, and optionally 参保日期 and 续保. Layout is
forgiving (the header is the first of the first 10 rows naming 姓名 and 身份证号; columns in any
order; extra columns ignored; spaces, full-width digits, thousands separators tolerated; CSV in
UTF-8 with or without signature, or GB18030 as Excel saves it on a Chinese Windows); content is
strict: a bad row is reported with its row number (as Excel shows it) and skipped.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from base.clock import today
from base.errors import Message, RowError, ValidationError, msg
from desk_app.schemes.model import ReceiptAmounts
from desk_app.schemes.settlement_row import KINDS as KINDS
from desk_app.schemes.settlement_row import REQUIRED_COLUMNS, check_row
from desk_app.schemes.settlement_row import SETTLEMENT_COLUMNS as SETTLEMENT_COLUMNS
from desk_app.terms import CATEGORY_NAMES
from desk_app.xlsx import read as xlsxio
from desk_app.xlsx.read import read_first_sheet

SETTLEMENT_HEADER = [names[0] for names in SETTLEMENT_COLUMNS.values()]
# The simulation also reads the member's facts from each row.
COLUMNS: dict[str, tuple[str, ...]] = {
    **SETTLEMENT_COLUMNS,
    "shares": ("份数",),
    "categories": ("人员类别",),
    "enrolled_on": ("参保日期",),
    "renewal": ("续保",),
}
REQUIRED = REQUIRED_COLUMNS  # as at the desk: a file without one of them is refused
CATEGORY_CODES = {names[0]: code for code, names in CATEGORY_NAMES.items()} | {
    "劳动模范": "model_worker"
}
_HEADER_ROWS = 10
_FULLWIDTH = str.maketrans("０１２３４５６７８９－／．", "0123456789-/.")
_SPLIT = re.compile(r"[、,，;；/\s]+")


class SettlementRow(NamedTuple):
    """One good row: one receipt of one person's claim, with the person's facts. (A named
    tuple, not a frozen dataclass: a million of these are made, and tuples are made fast.)"""

    row: int
    id_number: str
    name: str
    kind: str
    admission: date | None
    discharge: date | None
    visit_date: date | None
    hospital: str
    disease: str | None
    receipt: ReceiptAmounts
    shares: int
    categories: tuple[str, ...]
    enrolled_on: date | None
    renewal: bool | None


@dataclass(frozen=True)
class BadRow:
    row: int
    message: Message


class _RowProblem(Exception):
    def __init__(self, message: Message) -> None:
        super().__init__(message.en)
        self.message = message


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class _Header:
    """Where each known column is, found by name."""

    def __init__(self, cells: list[str]) -> None:
        self.index: dict[str, int] = {}
        for i, cell in enumerate(cells):
            name = cell.replace(" ", "").replace("\u3000", "")
            for key, names in COLUMNS.items():
                if name in names and key not in self.index:
                    self.index[key] = i

        self.width = len(cells)
        self.slot = {key: self.index.get(key, self.width) for key in COLUMNS}

    @staticmethod
    def matches(cells: list[str]) -> bool:
        names = {c.replace(" ", "") for c in cells}
        return "姓名" in names and bool(names & set(COLUMNS["id_number"]))

    def missing(self) -> list[str]:
        return [COLUMNS[k][0] for k in REQUIRED if k not in self.index]


def _parse(
    values: tuple[Any, ...] | list[Any],
    header: _Header,
    row: int,
    max_shares: int,
    on: date | None = None,
) -> SettlementRow | BadRow:
    """One row: the settlement columns through the one row check the desk also uses
    (:func:`~desk_app.schemes.settlement_row.check_row`), then the member's facts."""
    # Every known column has a slot; a missing column points past the row's end, at a None.
    slot = header.slot
    cells = list(values)
    if len(cells) <= header.width:
        cells.extend([None] * (header.width + 1 - len(cells)))
    else:
        cells[header.width] = None

    def get(key: str) -> Any:
        return cells[slot[key]]

    checked, _key = check_row(row, get, header.index, _as_written, on or today(), keep_values=False)
    if isinstance(checked, RowError):
        return BadRow(row, checked.message)
    try:
        shares, categories, enrolled_on, renewal = _member_facts(get, max_shares)
    except (_RowProblem, xlsxio.CellError) as exc:
        return BadRow(row, exc.message)
    return SettlementRow(
        row=row,
        id_number=checked.id_number,
        name=checked.name,
        kind=checked.kind,
        admission=checked.admission,
        discharge=checked.discharge,
        visit_date=checked.visit_date,
        hospital=checked.hospital,
        disease=checked.disease_code,
        receipt=ReceiptAmounts(**checked.amounts),
        shares=shares,
        categories=categories,
        enrolled_on=enrolled_on,
        renewal=renewal,
    )


def _as_written(hospital: str) -> str:
    """The simulation has no hospital list: a name is taken as the cell spells it."""
    return hospital


def _member_facts(
    get: Any, max_shares: int
) -> tuple[int, tuple[str, ...], date | None, bool | None]:
    """份数 (default 1), 人员类别, 参保日期 and 续保: the simulation's own columns."""
    shares_text = _text(get("shares")).translate(_FULLWIDTH)
    shares = 1
    if shares_text:
        if not shares_text.isdigit() or not 1 <= int(shares_text) <= max_shares:
            raise _RowProblem(
                msg(
                    "份数应为 1 到 {n}：{v}",
                    "份数 must be 1 to {n}: {v}",
                    n=max_shares,
                    v=shares_text,
                )
            )
        shares = int(shares_text)
    categories = tuple(
        CATEGORY_CODES.get(c, c)
        for c in _SPLIT.split(_text(get("categories")))
        if c and c != "普通"
    )
    renewal_text = _text(get("renewal"))
    renewal: bool | None = None
    if renewal_text:
        if renewal_text not in ("是", "否", "Y", "N", "1", "0"):
            raise _RowProblem(
                msg("续保应为 是 或 否：{v}", "续保 must be 是 or 否: {v}", v=renewal_text)
            )
        renewal = renewal_text in ("是", "Y", "1")
    enrolled_on = xlsxio.cell_date(get("enrolled_on"), what_zh="参保日期", what_en="参保日期")
    return shares, categories, enrolled_on, renewal


def _file_error(path: Path, zh: str, en: str) -> ValidationError:
    return ValidationError(msg("{f}：" + zh, "{f}: " + en, f=path.name))


def _csv_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    with path.open("rb") as raw:
        head = raw.read(65536)
        encoding = "utf-8-sig"
        try:
            # A cut in the middle of a character at the chunk's end is not an error.
            codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
        except UnicodeDecodeError:
            encoding = "gb18030"
        raw.seek(0)
        text = io.TextIOWrapper(raw, encoding=encoding, newline="", errors="strict")
        first = head.split(b"\n", 1)[0]
        delimiter = "\t" if b"\t" in first and b"," not in first else ","
        try:
            yield from enumerate(csv.reader(text, delimiter=delimiter), start=1)
        except (UnicodeDecodeError, csv.Error) as exc:
            raise _file_error(path, f"无法读取：{exc}", f"cannot be read: {exc}") from exc


def _xlsx_rows(path: Path) -> Iterator[tuple[int, tuple[Any, ...]]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _file_error(
            path,
            "不是 Excel 工作簿（.xlsx），或已加密",
            "is not an Excel workbook (.xlsx) or is encrypted",
        ) from exc
    try:
        ws = wb.worksheets[0]
        yield from enumerate(ws.iter_rows(values_only=True), start=1)
    finally:
        wb.close()


def read_settlements(path: Path, *, max_shares: int = 1) -> Iterator[SettlementRow | BadRow]:
    """Every data row of the file (.csv/.txt, .xlsx/.xlsm streamed; .xls, .xlsb, .ods, WPS .et
    read whole), in file order: a :class:`SettlementRow` or a :class:`BadRow`.

    Raises :class:`ValidationError` when the file cannot be read at all or has no recognisable
    header. Runs on the caller's thread; holds one row at a time.
    """
    suffix = path.suffix.lower()
    if not path.exists():
        raise _file_error(path, "文件不存在", "no such file")
    rows: Iterator[tuple[int, Any]]
    if suffix in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(path)
    elif suffix in (".csv", ".txt"):
        rows = _csv_rows(path)
    elif suffix in (".xls", ".xlsb", ".ods", ".et"):
        # The desk's reader (the file's checks, then python-calamine): it reads the sheet whole,
        # so these kinds stay within its row limit; a city's big export comes as .xlsx or .csv,
        # which are streamed.
        rows = iter(read_first_sheet(path).rows)
    else:
        raise _file_error(
            path,
            "只能读取 .csv、.xlsx、.xls、.xlsb、.ods 或 .et 文件",
            "only .csv, .xlsx, .xls, .xlsb, .ods and .et files are read",
        )
    header: _Header | None = None
    on = today()  # dates after it are refused (read once per file)
    for n, values in rows:
        if header is None:
            cells = [_text(v) for v in values]
            if _Header.matches(cells):
                header = _Header(cells)
                missing = header.missing()
                if missing:
                    raise _file_error(
                        path,
                        f"表头缺少列：{'、'.join(missing)}",
                        f"the header lacks the columns {', '.join(missing)}",
                    )
            elif n >= _HEADER_ROWS:
                break
            continue
        if not any(v not in (None, "") for v in values):
            continue  # an empty row
        yield _parse(values, header, n, max_shares, on)
    if header is None:
        raise _file_error(
            path,
            "前 10 行中找不到含“姓名”和“身份证号”的表头",
            "no header row with 姓名 and 身份证号 in the first 10 rows",
        )
