"""A small, fast, deterministic .xlsx writer for the monthly return.

Why not openpyxl here: the return of a big month (100 000 paid claims) took openpyxl's
write-only mode about 40 s on a desk PC, mostly building one XML element per cell; this writer
formats each row as one string and takes a few seconds (``benchmarks/bench_returns.py``). It
writes only what the return needs, and everything it writes is read back by openpyxl in the
tests: shared strings, numbers, dates as serial numbers with a date format, a bold shaded header
row, a frozen header, an autofilter (with its ``_FilterDatabase`` name, as Excel writes it),
column widths, A4 landscape or portrait fitted one page wide, print titles, and a page header and
footer.

The same rows always give the same bytes (fixed zip timestamps, no creation time), so a return
exported twice from unchanged data has the same sha256.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import get_column_letter

# Kinds of column and their number formats (built-in ids where Excel has one).
TEXT, ID, INT, MONEY, DATE, RATE = "text", "id", "int", "money", "date", "rate"
_NUMFMT = {TEXT: 0, ID: 49, INT: 1, MONEY: 4, DATE: 164, RATE: 10}
_KINDS = (TEXT, ID, INT, MONEY, DATE, RATE)
_EXCEL_EPOCH = date(1899, 12, 30).toordinal()
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Col:
    """A column: its header text and what its cells hold (``TEXT``, ``ID`` — text kept as text
    when edited —, ``INT``, ``MONEY``, ``DATE``, ``RATE``)."""

    header: str
    kind: str = TEXT


@dataclass
class Sheet:
    """A worksheet: the header on row 1, then ``rows`` (values in column order; ``None`` leaves
    a cell empty). ``bold_rows`` are indexes into ``rows`` printed bold (a 合计 row);
    ``filter_rows`` how many rows the autofilter covers (default: all)."""

    name: str
    cols: Sequence[Col]
    rows: Sequence[Sequence[Any]]
    title: str = ""
    footer: str = ""
    landscape: bool = True
    bold_rows: frozenset[int] = field(default_factory=frozenset)
    filter_rows: int | None = None


class _Strings:
    """The shared string table."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.count = 0

    def of(self, value: str) -> int:
        i = self.index.get(value)
        if i is None:
            i = self.index[value] = len(self.index)
        self.count += 1
        return i

    def xml(self) -> bytes:
        parts = [
            _XML,
            f'<sst xmlns="{_MAIN}" count="{self.count}" uniqueCount="{len(self.index)}">',
        ]
        for s in self.index:
            text = _ILLEGAL.sub("", s)
            space = ' xml:space="preserve"' if text != text.strip() else ""
            parts.append(f"<si><t{space}>{escape(text)}</t></si>")
        parts.append("</sst>")
        return "".join(parts).encode("utf-8")


def _style_index(kind: str, bold: bool) -> int:
    # cellXfs: 0 default, 1 header, then each kind plain and bold (see _styles_xml).
    return 2 + _KINDS.index(kind) * 2 + (1 if bold else 0)


def _styles_xml() -> bytes:
    xfs = [
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>',
        '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" '
        'applyFill="1" applyBorder="1" applyAlignment="1">'
        '<alignment horizontal="center" vertical="center" wrapText="1"/></xf>',
    ]
    for kind in _KINDS:
        for bold in (0, 1):
            apply_font = ' applyFont="1"' if bold else ""
            xfs.append(  # every cell in a thin box: the printed return is ruled
                f'<xf numFmtId="{_NUMFMT[kind]}" fontId="{bold}" fillId="0" borderId="1" '
                f'xfId="0" applyNumberFormat="1" applyBorder="1"{apply_font}/>'
            )
    font = '<sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/>'
    side = '<{0} style="thin"><color rgb="FF999999"/></{0}>'
    return (
        _XML + f'<styleSheet xmlns="{_MAIN}">'
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
        f'<fonts count="2"><font>{font}</font><font><b/>{font}</font></fonts>'
        '<fills count="3"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill>'
        '<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/>'
        '<bgColor indexed="64"/></patternFill></fill></fills>'
        '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
        "<border>"
        + "".join(side.format(s) for s in ("left", "right", "top", "bottom"))
        + "<diagonal/></border></borders>"
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        f'</cellStyleXfs><cellXfs count="{len(xfs)}">' + "".join(xfs) + "</cellXfs>"
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    ).encode("utf-8")


def _number(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    text = str(value)
    # A Decimal prints in exponent form only when far from two places ("1E+3").
    return format(value, "f") if "E" in text else text


def _cell_writer(kind: str, ref: str, strings: _Strings, bold: bool) -> Callable[[Any, str], str]:
    """A function turning one value of a column, on row ``r``, into its ``<c>`` element (or ""
    for an empty cell). ``ref`` is ``<c r="`` and the column letter."""
    s = _style_index(kind, bold)
    if kind in (TEXT, ID):

        def text(v: Any, r: str) -> str:
            if v is None or v == "":
                return f'{ref}{r}" s="{s}"/>'  # empty, but ruled
            return f'{ref}{r}" s="{s}" t="s"><v>{strings.of(str(v))}</v></c>'

        return text
    if kind == DATE:

        def day(v: Any, r: str) -> str:
            if v is None:
                return f'{ref}{r}" s="{s}"/>'
            if isinstance(v, datetime):
                v = v.date()
            if not isinstance(v, date):
                return f'{ref}{r}" s="{s}" t="s"><v>{strings.of(str(v))}</v></c>'
            return f'{ref}{r}" s="{s}"><v>{v.toordinal() - _EXCEL_EPOCH}</v></c>'

        return day

    def number(v: Any, r: str) -> str:
        if v is None or v == "":
            return f'{ref}{r}" s="{s}"/>'
        if isinstance(v, str):  # a word in a number column (合计's 方案名称 is not one)
            return f'{ref}{r}" s="{s}" t="s"><v>{strings.of(v)}</v></c>'
        return f'{ref}{r}" s="{s}"><v>{_number(v)}</v></c>'

    return number


_CHUNK = 5000


def _sheet_xml(sheet: Sheet, strings: _Strings, selected: bool) -> Iterator[str]:
    """The worksheet part, in pieces to stream into the zip (a few thousand rows each)."""
    ncol = len(sheet.cols)
    letters = [get_column_letter(i + 1) for i in range(ncol)]
    last_col = letters[-1]
    nrows = len(sheet.rows) + 1
    widths = _widths(sheet)
    yield "".join(
        [
            _XML,
            f'<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">',
            '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>',
            f'<dimension ref="A1:{last_col}{nrows}"/>',
            '<sheetViews><sheetView workbookViewId="0"'
            + (' tabSelected="1"' if selected else "")
            + '><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>',
            '<sheetFormatPr defaultRowHeight="15"/>',
            "<cols>"
            + "".join(
                f'<col min="{i + 1}" max="{i + 1}" width="{w:.1f}" customWidth="1"/>'
                for i, w in enumerate(widths)
            )
            + "</cols>",
            "<sheetData>",
            '<row r="1" ht="20" customHeight="1">'
            + "".join(
                f'<c r="{letters[i]}1" s="1" t="s"><v>{strings.of(c.header)}</v></c>'
                for i, c in enumerate(sheet.cols)
            )
            + "</row>",
        ]
    )
    bold = [
        _cell_writer(c.kind, f'<c r="{letters[i]}', strings, True) for i, c in enumerate(sheet.cols)
    ]
    for start in range(0, len(sheet.rows), _CHUNK):
        chunk = sheet.rows[start : start + _CHUNK]
        rendered = _render_rows(sheet.cols, letters, chunk, start + 2, strings)
        for n in sheet.bold_rows:
            if start <= n < start + len(chunk):
                r = str(n + 2)
                cells = "".join([w(v, r) for w, v in zip(bold, sheet.rows[n], strict=False)])
                rendered[n - start] = f'<row r="{r}">{cells}</row>'
        yield "".join(rendered)
    filter_last = (sheet.filter_rows if sheet.filter_rows is not None else len(sheet.rows)) + 1
    orientation = "landscape" if sheet.landscape else "portrait"
    head = escape('&C&"-,Bold"&12' + sheet.title.replace("&", "&&")) if sheet.title else ""
    foot = escape(
        ("&L" + sheet.footer.replace("&", "&&") if sheet.footer else "") + "&R第 &P 页，共 &N 页"
    )
    yield "".join(
        [
            "</sheetData>",
            f'<autoFilter ref="A1:{last_col}{filter_last}"/>',
            '<printOptions horizontalCentered="1"/>',
            '<pageMargins left="0.4" right="0.4" top="0.75" bottom="0.75" header="0.3" '
            'footer="0.3"/>',
            f'<pageSetup paperSize="9" orientation="{orientation}" fitToWidth="1" '
            'fitToHeight="0"/>',
            "<headerFooter>"
            + (f"<oddHeader>{head}</oddHeader>" if head else "")
            + f"<oddFooter>{foot}</oddFooter></headerFooter>",
            "</worksheet>",
        ]
    )


def _render_rows(
    cols: Sequence[Col],
    letters: Sequence[str],
    rows: Sequence[Sequence[Any]],
    first: int,
    strings: _Strings,
) -> list[str]:
    """The ``<row>`` elements of ``rows`` (the first is row ``first``), column by column: one
    list comprehension per column is several times faster than a function call per cell."""
    nums = [str(first + k) for k in range(len(rows))]
    width = len(cols)
    columns = list(zip(*_padded(rows, width), strict=True)) if rows else []
    rendered: list[list[str]] = []
    of = strings.of
    for i, col in enumerate(cols):
        letter, values, s = letters[i], columns[i], _style_index(col.kind, False)
        # An empty cell is written too, with its style: every cell of the table is ruled.
        if col.kind in (TEXT, ID):
            rendered.append(
                [
                    f'<c r="{letter}{r}" s="{s}" t="s"><v>{of(str(v))}</v></c>'
                    if v is not None and v != ""
                    else f'<c r="{letter}{r}" s="{s}"/>'
                    for r, v in zip(nums, values, strict=True)
                ]
            )
        elif col.kind == DATE and all(v is None or isinstance(v, date) for v in values):
            rendered.append(
                [
                    f'<c r="{letter}{r}" s="{s}"><v>{v.toordinal() - _EXCEL_EPOCH}</v></c>'
                    if v is not None
                    else f'<c r="{letter}{r}" s="{s}"/>'
                    for r, v in zip(nums, values, strict=True)
                ]
            )
        elif col.kind != DATE and all(
            v is None or (isinstance(v, (int, Decimal)) and not isinstance(v, bool)) for v in values
        ):
            # str() of an int or of a Decimal with two places is what <v> wants ("1830.39").
            rendered.append(
                [
                    f'<c r="{letter}{r}" s="{s}"><v>{_number(v)}</v></c>'
                    if v is not None
                    else f'<c r="{letter}{r}" s="{s}"/>'
                    for r, v in zip(nums, values, strict=True)
                ]
            )
        else:  # anything unusual in the column: one cell at a time
            write = _cell_writer(col.kind, f'<c r="{letter}', strings, False)
            rendered.append([write(v, r) for r, v in zip(nums, values, strict=True)])
    return [
        f'<row r="{r}">{"".join(cells)}</row>'
        for r, cells in zip(nums, zip(*rendered, strict=True), strict=True)
    ]


def _padded(rows: Sequence[Sequence[Any]], width: int) -> Sequence[Sequence[Any]]:
    """Rows all ``width`` long (a short row is filled with empty cells, a long one cut)."""
    if all(len(r) == width for r in rows):
        return rows
    return [(tuple(r) + (None,) * width)[:width] for r in rows]


def _widths(sheet: Sheet) -> list[float]:
    """Column widths that fit the header and the widest value (a CJK character counts two)."""
    width = len(sheet.cols)
    columns = (
        list(zip(*_padded(sheet.rows, width), strict=True))
        if sheet.rows
        else [() for _ in sheet.cols]
    )
    out = []
    for col, column in zip(sheet.cols, columns, strict=True):
        w = _text_width(col.header) + 2  # room for the filter button
        values = {v for v in column if v is not None and v != ""}
        if values:
            if col.kind == DATE:
                w = max(w, 11)  # yyyy-mm-dd with room: a date too narrow prints ###
            elif col.kind == RATE:
                w = max(w, 8)
            elif col.kind in (MONEY, INT) and all(isinstance(v, (int, Decimal)) for v in values):
                shown = [f"{v:,.2f}" if col.kind == MONEY else str(v)
                         for v in (max(values), min(values))]  # fmt: skip
                w = max(w, *(len(x) for x in shown))
            else:
                w = max(w, max(_text_width(str(v)) for v in values))
                if col.kind == ID:
                    w += 1  # an ID number or account cut short is worse than a wide column
        out.append(float(min(max(w + 1.5, 6), 60)))
    return out


def _text_width(s: str) -> int:
    return (len(s.encode("utf-8")) + len(s)) // 2


def _quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _workbook_xml(sheets: Sequence[Sheet]) -> bytes:
    names = []
    for i, sh in enumerate(sheets):
        last = get_column_letter(len(sh.cols))
        filter_last = (sh.filter_rows if sh.filter_rows is not None else len(sh.rows)) + 1
        q = escape(_quote_sheet(sh.name))
        names.append(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
            f"{q}!$A$1:${last}${filter_last}</definedName>"
        )
        names.append(
            f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">{q}!$1:$1</definedName>'
        )
    return (
        _XML + f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
        "<workbookPr/>"
        '<bookViews><workbookView activeTab="0"/></bookViews><sheets>'
        + "".join(
            f'<sheet name={quoteattr(sh.name)} sheetId="{i + 1}" r:id="rId{i + 1}"/>'
            for i, sh in enumerate(sheets)
        )
        + "</sheets><definedNames>"
        + "".join(names)
        + '</definedNames><calcPr calcId="191029"/></workbook>'
    ).encode("utf-8")


def _content_types(n: int) -> bytes:
    sheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    return (
        _XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        + "".join(
            f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="{sheet}"/>'
            for i in range(n)
        )
        + '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        "</Types>"
    ).encode("utf-8")


def _rels(n: int) -> tuple[bytes, bytes]:
    base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    root = (
        _XML + f'<Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Type="{base}/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
        'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{base}/extended-properties" Target="docProps/app.xml"/>'
        "</Relationships>"
    )
    wb = (
        _XML
        + f'<Relationships xmlns="{_PKG}">'
        + "".join(
            f'<Relationship Id="rId{i + 1}" Type="{base}/worksheet" '
            f'Target="worksheets/sheet{i + 1}.xml"/>'
            for i in range(n)
        )
        + f'<Relationship Id="rId{n + 1}" Type="{base}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId{n + 2}" Type="{base}/sharedStrings" '
        'Target="sharedStrings.xml"/></Relationships>'
    )
    return root.encode("utf-8"), wb.encode("utf-8")


def _props(title: str) -> tuple[bytes, bytes]:
    core = (
        _XML + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:creator>desk-app</dc:creator>"
        "</cp:coreProperties>"
    )
    app = (
        _XML + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties"><Application>desk-app</Application></Properties>'
    )
    return core.encode("utf-8"), app.encode("utf-8")


def _info(name: str, level: int) -> zipfile.ZipInfo:
    zi = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    zi.compress_type = zipfile.ZIP_DEFLATED
    zi.external_attr = 0o644 << 16
    # The compression level of an entry opened for writing (the attribute is public from
    # Python 3.13 on; ZipInfo has slots, so only the existing name can be set).
    if "compress_level" in getattr(zipfile.ZipInfo, "__slots__", ()):
        zi.compress_level = level  # type: ignore[attr-defined]
    else:
        zi._compresslevel = level  # type: ignore[attr-defined]
    return zi


def write_xlsx(sheets: Sequence[Sheet], *, title: str = "", level: int = 3) -> bytes:
    """The workbook's bytes. Sheets in the given order; the first is selected."""
    if not sheets:
        raise ValueError("a workbook needs a sheet")
    strings = _Strings()
    buf = BytesIO()
    n = len(sheets)
    root_rels, wb_rels = _rels(n)
    core, app = _props(title)
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(_info("[Content_Types].xml", level), _content_types(n))
        zf.writestr(_info("_rels/.rels", level), root_rels)
        zf.writestr(_info("docProps/core.xml", level), core)
        zf.writestr(_info("docProps/app.xml", level), app)
        zf.writestr(_info("xl/workbook.xml", level), _workbook_xml(sheets))
        zf.writestr(_info("xl/_rels/workbook.xml.rels", level), wb_rels)
        zf.writestr(_info("xl/styles.xml", level), _styles_xml())
        for i, sheet in enumerate(sheets):
            with zf.open(_info(f"xl/worksheets/sheet{i + 1}.xml", level), "w") as f:
                for piece in _sheet_xml(sheet, strings, selected=i == 0):
                    f.write(piece.encode("utf-8"))
        zf.writestr(_info("xl/sharedStrings.xml", level), strings.xml())
    return buf.getvalue()
