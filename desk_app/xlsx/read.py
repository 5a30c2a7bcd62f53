"""Reading workbooks that people made by hand, safely and forgivingly.

Units and the insurance bureau send .xlsx files made in Excel or WPS: a title row above the
header, columns in any order, spaces around values, full-width digits, numbers where text was
meant. This module turns the first worksheet into plain rows with Excel's own row numbers, finds
the header row by its column names, and converts cells with clear messages.

It also refuses files that could hurt the desk, each with one clear message and before anything
is read into the database: not a workbook, an old .xls, a password-protected workbook, an empty
file, a file or a zip member too large (zip bombs), too many rows, and XML with entity tricks
(openpyxl parses through defusedxml when it is installed; :func:`ensure_safe_parser` checks that
it really does, rather than trusting the environment).

Used by the roster import and the settlement import. Runs on a worker thread.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from base.errors import ValidationError, msg
from base.progress import Cancelled, Progress, check, report

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 30 * 1024 * 1024  # a 100 000-row roster is about 5 MB
MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
MAX_MEMBER_RATIO = 150  # a zip member expanding more than this is a bomb, not a roster
MAX_ZIP_MEMBERS = 5_000
MAX_ROWS = 100_000  # non-empty rows read from a sheet
MAX_COLUMNS = 100  # columns read per row: a roster has about ten
HEADER_SEARCH_ROWS = 10

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_EXCEL_EPOCH = date(1899, 12, 30)


class WorkbookError(ValidationError):
    """The whole file is refused (nothing was read into the database)."""

    code = "bad_workbook"


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


def ensure_safe_parser() -> None:
    """Refuse to parse any workbook unless openpyxl goes through defusedxml."""
    import openpyxl

    if not getattr(openpyxl, "DEFUSEDXML", False):
        raise RuntimeError(
            "openpyxl is not using defusedxml (install defusedxml and do not set "
            "OPENPYXL_DEFUSEDXML=False): refusing to parse untrusted workbooks"
        )


def check_file(path: Path, *, max_bytes: int = MAX_FILE_BYTES) -> None:
    """The checks made before openpyxl sees the file; raise WorkbookError."""
    name = path.name
    try:
        size = path.stat().st_size
    except OSError:
        raise WorkbookError(
            msg("找不到文件 {f}", "the file {f} cannot be found", f=name), code="missing"
        ) from None
    if size == 0:
        raise WorkbookError(
            msg("文件 {f} 是空的（0 字节）", "the file {f} is empty (0 bytes)", f=name),
            code="empty_file",
        )
    if size > max_bytes:
        raise WorkbookError(
            msg(
                "文件 {f} 太大（{s} MB，最多 {m} MB），请分成几个文件导入",
                "the file {f} is too large ({s} MB, at most {m} MB): split it",
                f=name,
                s=round(size / 1048576, 1),
                m=max_bytes // 1048576,
            ),
            code="too_large",
        )
    with path.open("rb") as f:
        head = f.read(8)
    if head == _OLE_MAGIC:
        _refuse_ole(path)
    if not zipfile.is_zipfile(path):
        raise _not_a_workbook(name)
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            names = {i.filename for i in infos}
            if len(infos) > MAX_ZIP_MEMBERS:
                raise _too_big_inside(name)
            total = 0
            for i in infos:
                total += i.file_size
                ratio = i.file_size / max(1, i.compress_size)
                if i.file_size > 10 * 1048576 and ratio > MAX_MEMBER_RATIO:
                    raise _too_big_inside(name)
            if total > MAX_UNCOMPRESSED_BYTES:
                raise _too_big_inside(name)
    except zipfile.BadZipFile:
        raise _not_a_workbook(name) from None
    if "[Content_Types].xml" not in names or not any(
        n.startswith("xl/") and n.endswith("workbook.xml") for n in names
    ):
        raise _not_a_workbook(name)


def _refuse_ole(path: Path) -> None:
    import msoffcrypto

    try:
        with path.open("rb") as f:
            encrypted = msoffcrypto.OfficeFile(f).is_encrypted()
    except Exception:  # msoffcrypto raises several kinds for files it cannot parse
        encrypted = False
    if encrypted:
        raise WorkbookError(
            msg(
                "工作簿 {f} 设置了打开密码，请在 Excel 中取消密码（文件→信息→保护工作簿）后再导入",
                "the workbook {f} is password-protected: remove the password in Excel "
                "and import it again",
                f=path.name,
            ),
            code="encrypted",
        )
    raise WorkbookError(
        msg(
            "{f} 是旧版 Excel 97-2003（.xls）文件，请在 Excel 中另存为 .xlsx 后再导入",
            "{f} is an old Excel 97-2003 (.xls) file: save it as .xlsx in Excel and import that",
            f=path.name,
        ),
        code="old_xls",
    )


def _not_a_workbook(name: str) -> WorkbookError:
    return WorkbookError(
        msg(
            "{f} 不是 Excel 工作簿（.xlsx），请用 Excel 或 WPS 另存为 .xlsx 后再导入",
            "{f} is not an Excel workbook (.xlsx): save it as .xlsx and import that",
            f=name,
        ),
        code="not_a_workbook",
    )


def _too_big_inside(name: str) -> WorkbookError:
    return WorkbookError(
        msg(
            "工作簿 {f} 解压后过大或结构异常，已拒绝读取",
            "the workbook {f} expands to too much data or is malformed: refused",
            f=name,
        ),
        code="too_large",
    )


def read_first_sheet(
    path: Path,
    *,
    max_rows: int = MAX_ROWS,
    max_columns: int = MAX_COLUMNS,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> SheetRows:
    """The non-empty rows of the first worksheet (values, not formulas), after
    :func:`check_file`. Raise WorkbookError for a file that cannot be read.

    Read by the lean reader of :mod:`desk_app.xlsx.fastread`; a workbook it does not understand is
    read again by openpyxl (slower, more general)."""
    ensure_safe_parser()
    check_file(path)
    from desk_app.xlsx import fastread as xlsxfast

    try:
        with zipfile.ZipFile(path) as z:
            sheet = xlsxfast.first_sheet(z, max_columns)
            rows = _collect(sheet.rows, sheet.estimate, max_rows, progress, cancel)
            name = sheet.name
    except (WorkbookError, Cancelled):
        raise
    except Exception as exc:  # anything unexpected: let openpyxl try
        _refuse_unsafe(path.name, exc)
        log.info("lean reader failed on %s (%r): reading with openpyxl", path.name, exc)
        name, rows = _read_with_openpyxl(path, max_rows, max_columns, progress, cancel)
    if not rows:
        raise _no_data(path.name)
    return SheetRows(name, tuple(rows))


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
        while cells and _blank(cells[-1]) and cells[-1] is None:
            cells.pop()  # the same row whichever reader padded it
        rows.append((number, tuple(cells)))
    return rows


def _read_with_openpyxl(
    path: Path,
    max_rows: int,
    max_columns: int,
    progress: Progress | None,
    cancel: threading.Event | None,
) -> tuple[str, list[tuple[int, tuple[Any, ...]]]]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds for broken or hostile files
        _refuse_unsafe(path.name, exc)
        raise WorkbookError(
            msg(
                "无法读取工作簿 {f}：文件已损坏或不是标准的 .xlsx（{e}）",
                "cannot read the workbook {f}: it is damaged or not a standard .xlsx ({e})",
                f=path.name,
                e=type(exc).__name__,
            ),
            code="unreadable",
        ) from exc
    try:
        sheets = wb.worksheets
        if not sheets:
            raise _no_data(path.name)
        ws = sheets[0]
        # Some programs write a wrong <dimension>; without this, read-only mode would cut
        # rows to its width.
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()
        source = enumerate(ws.iter_rows(min_row=1, max_col=max_columns, values_only=True), start=1)
        try:
            rows = _collect(source, 1000, max_rows, progress, cancel)
        except (WorkbookError, Cancelled):
            raise
        except Exception as exc:  # defusedxml's refusals, broken XML, bad cell values
            _refuse_unsafe(path.name, exc)
            raise WorkbookError(
                msg(
                    "无法读取工作簿 {f} 的内容：文件已损坏或含有不安全的内容（{e}）",
                    "cannot read the contents of {f}: damaged or unsafe content ({e})",
                    f=path.name,
                    e=type(exc).__name__,
                ),
                code="unreadable",
            ) from exc
        return ws.title, rows
    finally:
        wb.close()


def _refuse_unsafe(name: str, exc: BaseException) -> None:
    """Raise the "unsafe content" refusal when defusedxml stopped the parse (openpyxl wraps
    its exception in a ValueError of its own)."""
    from defusedxml import DefusedXmlException

    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            return
        if isinstance(seen, DefusedXmlException):
            raise WorkbookError(
                msg(
                    "工作簿 {f} 含有不安全的 XML 内容（{e}），已拒绝读取",
                    "the workbook {f} holds unsafe XML ({e}): refused",
                    f=name,
                    e=type(seen).__name__,
                ),
                code="unsafe",
            ) from exc
        seen = seen.__cause__ or seen.__context__


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


# --- cells -------------------------------------------------------------------------------

_FULLWIDTH: dict[str, str | int | None] = {chr(0xFF10 + i): str(i) for i in range(10)}
_FULLWIDTH_TABLE = str.maketrans(_FULLWIDTH)


def text(value: Any) -> str:
    """A cell as text: stripped, full-width digits folded; a whole number without ``.0``;
    a date as ``YYYY-MM-DD``."""
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
