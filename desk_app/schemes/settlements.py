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
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, NamedTuple

from base.errors import Message, ValidationError, msg
from base.money import MoneyError, parse_money
from desk_app.schemes.model import ReceiptAmounts
from desk_app.terms import AMOUNT_FIELDS, CATEGORY_NAMES
from desk_app.xlsx.read import read_first_sheet

# FILES.md §2, column → the names it goes by in the bureau's exports, first the spec's own.
# The one map for the settlement import at the desk and the simulation's reader.
SETTLEMENT_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("姓名",),
    "id_number": ("身份证号", "身份证号码", "公民身份号码"),
    "hospital": ("医院名称", "医院", "定点医疗机构", "医疗机构名称"),
    "invoice_no": ("票据号", "票据号码", "结算单号", "发票号", "发票号码"),
    "kind": ("就诊类型", "医疗类别", "类别"),
    "admission": ("入院日期",),
    "discharge": ("出院日期",),
    "visit_date": ("就诊日期", "门诊日期"),
    "disease_code": ("疾病编码", "诊断编码"),
    "disease_name": ("疾病名称", "诊断名称"),
    "total": ("医疗费总额", "医疗总费用"),
    "fund_paid": ("统筹基金支付",),
    "other_paid": ("其他支付", "大病保险/医疗救助等支付"),
    "deductible": ("起付标准自付",),
    "copay": ("按比例自付",),
    "over_cap": ("超封顶线自付",),
    "class_b": ("自付二", "乙类先自付"),
    "self_funded": ("自费",),
}
SETTLEMENT_HEADER = [names[0] for names in SETTLEMENT_COLUMNS.values()]
# The simulation also reads the member's facts from each row.
COLUMNS: dict[str, tuple[str, ...]] = {
    **SETTLEMENT_COLUMNS,
    "shares": ("份数",),
    "categories": ("人员类别",),
    "enrolled_on": ("参保日期",),
    "renewal": ("续保",),
}
REQUIRED = ("name", "id_number", "kind", "total")
KINDS = {
    "住院": "inpatient",
    "门诊": "outpatient",
    "inpatient": "inpatient",
    "outpatient": "outpatient",
}
CATEGORY_CODES = {names[0]: code for code, names in CATEGORY_NAMES.items()} | {
    "劳动模范": "model_worker"
}
_HEADER_ROWS = 10
_FULLWIDTH = str.maketrans("０１２３４５６７８９－／．", "0123456789-/.")
_DATE = re.compile(r"([0-9]{4})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})日?")
_COMPACT_DATE = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")
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


_PLAIN_MONEY = re.compile(r"-?[0-9]+(?:\.[0-9]{1,2})?")
_ZERO = Decimal("0.00")


def _amount(value: object, column: str) -> Decimal:
    if type(value) is str and _PLAIN_MONEY.fullmatch(value):
        return Decimal(value)  # the common case, fast
    if value is None or (isinstance(value, str) and not value.strip()):
        return _ZERO
    try:
        if isinstance(value, float):
            # An Excel number is a binary float: take the shortest decimal that reads back as
            # the same float (what Excel shows), then insist on whole fen like any amount.
            return parse_money(repr(value), allow_negative=True)
        if isinstance(value, int) and not isinstance(value, bool):
            return parse_money(value, allow_negative=True)
        return parse_money(str(value), allow_negative=True)
    except MoneyError as exc:
        raise _RowProblem(
            msg("{c}不是金额：{v}", "{c} is not an amount: {v}", c=column, v=value)
        ) from exc


_DATES: dict[str, date] = {}


def _date(value: object, column: str) -> date | None:
    if type(value) is str:
        known = _DATES.get(value)
        if known is not None:
            return known
        if not value.strip():
            return None
        parsed = _parse_date(value, column)
        if len(_DATES) > 20_000:  # a few years of days in a few spellings; keep it bounded
            _DATES.clear()
        _DATES[value] = parsed
        return parsed
    if value is None:
        return None
    return _parse_date(value, column)


def _parse_date(value: object, column: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value).translate(_FULLWIDTH)
    m = _DATE.fullmatch(text.split(" ")[0]) or _COMPACT_DATE.fullmatch(text)
    if m is not None:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            pass
    raise _RowProblem(
        msg("{c}不是有效日期：{v}", "{c} is not a valid date: {v}", c=column, v=value)
    )


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
    values: tuple[Any, ...] | list[Any], header: _Header, row: int, max_shares: int
) -> SettlementRow:
    # Every known column has a slot; a missing column points past the row's end, at a None.
    slot = header.slot
    cells = list(values)
    if len(cells) <= header.width:
        cells.extend([None] * (header.width + 1 - len(cells)))
    else:
        cells[header.width] = None

    def get(key: str) -> Any:
        return cells[slot[key]]

    raw_id = get("id_number")
    if isinstance(raw_id, (int, float)) and not isinstance(raw_id, bool):
        raise _RowProblem(
            msg(
                "身份证号被存成了数字（末几位已丢失），请把该列设为文本",
                "the ID number was stored as a number (its last digits are lost): "
                "format the column as text",
            )
        )
    id_number = _text(raw_id).upper().translate(_FULLWIDTH)
    if not id_number:
        raise _RowProblem(msg("缺少身份证号", "the ID number is missing"))
    kind_text = _text(get("kind"))
    kind = KINDS.get(kind_text)
    if kind is None:
        raise _RowProblem(
            msg("就诊类型应为 住院 或 门诊：{v}", "就诊类型 must be 住院 or 门诊: {v}", v=kind_text)
        )
    admission = _date(get("admission"), "入院日期")
    discharge = _date(get("discharge"), "出院日期")
    visit = _date(get("visit_date"), "就诊日期")
    if kind == "inpatient" and (admission is None or discharge is None):
        raise _RowProblem(
            msg("住院记录缺少入院或出院日期", "an inpatient row needs 入院日期 and 出院日期")
        )
    if kind == "outpatient" and visit is None:
        raise _RowProblem(msg("门诊记录缺少就诊日期", "an outpatient row needs 就诊日期"))
    if _text(get("total")) == "":
        raise _RowProblem(msg("缺少医疗费总额", "医疗费总额 is missing"))
    amounts = {k: _amount(get(k), COLUMNS[k][0]) for k in AMOUNT_FIELDS}
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
    disease = _text(get("disease_code")).upper() or None
    return SettlementRow(
        row=row,
        id_number=id_number,
        name=_text(get("name")),
        kind=kind,
        admission=admission if kind == "inpatient" else None,
        discharge=discharge if kind == "inpatient" else None,
        visit_date=visit if kind == "outpatient" else None,
        hospital=_text(get("hospital")),
        disease=disease,
        receipt=ReceiptAmounts(**amounts),
        shares=shares,
        categories=categories,
        enrolled_on=_date(get("enrolled_on"), "参保日期"),
        renewal=renewal,
    )


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
        try:
            yield _parse(values, header, n, max_shares)
        except _RowProblem as exc:
            yield BadRow(n, exc.message)
        except (InvalidOperation, ValueError) as exc:  # pragma: no cover - defensive
            yield BadRow(n, msg("无法读取此行：{e}", "cannot read this row: {e}", e=exc))
    if header is None:
        raise _file_error(
            path,
            "前 10 行中找不到含“姓名”和“身份证号”的表头",
            "no header row with 姓名 and 身份证号 in the first 10 rows",
        )
