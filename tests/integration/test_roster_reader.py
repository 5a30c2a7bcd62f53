"""The worksheet reader (python-calamine through desk_app.xlsx.read) on workbooks shaped like
Excel's and WPS's own: shared strings with phonetic runs, date formats (built-in, Chinese,
custom), the 1904 calendar, booleans, errors, formula results, sparse rows — read the same as
openpyxl reads them (the reference here, no longer a reader of the desk)."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from desk_app.xlsx import read as xlsxio
from tests.fixtures_xlsx import write_workbook

M = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"


def excel_like(path: Path, *, date1904: bool = False) -> Path:
    """A workbook written the way Excel writes one (shared strings, styles, no inline text)."""
    sst = (
        f'<sst xmlns="{M}" count="4" uniqueCount="4">'
        "<si><t>姓名</t></si><si><t>身份证号</t></si>"
        '<si><r><t>张</t></r><r><t>伟</t></r><rPh sb="0" eb="1"><t>ちょう</t></rPh></si>'
        '<si><t xml:space="preserve"> 11010519491231002X </t></si></sst>'
    )
    styles = (
        f'<styleSheet xmlns="{M}"><numFmts count="1">'
        '<numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
        '</numFmts><cellXfs count="5">'
        '<xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="31"/><xf numFmtId="176"/>'
        '<xf numFmtId="49"/></cellXfs></styleSheet>'
    )
    sheet = (
        f'<worksheet xmlns="{M}"><sheetData>'
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        '<row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3" t="s"><v>3</v></c>'
        '<c r="D3" s="1"><v>42067</v></c><c r="E3" s="2"><v>42067</v></c>'
        '<c r="F3" s="3"><v>42067</v></c><c r="G3"><v>2.5</v></c><c r="H3"><v>13800001111</v></c>'
        '<c r="I3" t="b"><v>1</v></c><c r="J3" t="e"><v>#N/A</v></c>'
        '<c r="K3" t="str"><f>A3&amp;"x"</f><v>张伟x</v></c>'
        '<c r="L3" t="inlineStr"><is><t>行内</t></is></c><c r="M3" s="4"><v>7</v></c></row>'
        "<row><c><v>1</v></c><c><v>2</v></c></row>"
        "</sheetData></worksheet>"
    )
    pr = '<workbookPr date1904="1"/>' if date1904 else ""
    workbook = (
        f'<workbook xmlns="{M}" xmlns:r="{R}">{pr}<sheets>'
        '<sheet name="花名册" sheetId="1" r:id="rId1"/><sheet name="说明" sheetId="2" r:id="rId2"/>'
        "</sheets></workbook>"
    )
    wb_rels = (
        f'<Relationships xmlns="{PR}">'
        f'<Relationship Id="rId1" Type="{R}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{R}/worksheet" Target="/xl/worksheets/sheet2.xml"/>'
        f'<Relationship Id="rId3" Type="{R}/sharedStrings" Target="sharedStrings.xml"/>'
        f'<Relationship Id="rId4" Type="{R}/styles" Target="styles.xml"/></Relationships>'
    )
    root_rels = (
        f'<Relationships xmlns="{PR}"><Relationship Id="rId1" '
        f'Type="{R}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    types = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", root_rels)
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", wb_rels)
        z.writestr("xl/sharedStrings.xml", sst)
        z.writestr("xl/styles.xml", styles)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        z.writestr("xl/worksheets/sheet2.xml", f'<worksheet xmlns="{M}"><sheetData/></worksheet>')
    return path


def _without_format_31(sheet: xlsxio.SheetRows) -> xlsxio.SheetRows:
    """The rows with the cell in Chinese date format 31 blanked (openpyxl does not know that
    format is a date and gives the day number; the lean reader gives the date)."""
    rows = tuple(
        (n, tuple(None if (n, i) == (3, 4) else v for i, v in enumerate(values)))
        for n, values in sheet.rows
    )
    return xlsxio.SheetRows(sheet.sheet_name, rows)


def _openpyxl_rows(path: Path) -> xlsxio.SheetRows:
    """The first sheet's non-empty rows as openpyxl reads them (values only)."""
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    ws = wb.worksheets[0]
    ws.reset_dimensions()
    rows = []
    for n, values in enumerate(ws.iter_rows(values_only=True), start=1):
        cells = list(values)
        while cells and cells[-1] is None:
            cells.pop()
        if any(v is not None and str(v).strip() for v in cells):
            rows.append((n, tuple(cells)))
    wb.close()
    return xlsxio.SheetRows(ws.title, tuple(rows))


def _without_errors(sheet: xlsxio.SheetRows) -> xlsxio.SheetRows:
    """openpyxl gives an error cell's text (#N/A), calamine an empty cell."""
    rows = tuple(
        (n, tuple(None if isinstance(v, str) and v.startswith("#") else v for v in values))
        for n, values in sheet.rows
    )
    return xlsxio.SheetRows(sheet.sheet_name, rows)


def _read_both(path: Path, monkeypatch) -> tuple[xlsxio.SheetRows, xlsxio.SheetRows]:
    return xlsxio.read_first_sheet(path), _without_errors(_openpyxl_rows(path))


@pytest.mark.filterwarnings("ignore:Workbook contains no default style")
def test_an_excel_like_workbook_reads_the_same_as_with_openpyxl(tmp_path, monkeypatch):
    fast, slow = _read_both(excel_like(tmp_path / "名册.xlsx"), monkeypatch)
    assert _without_format_31(fast) == _without_format_31(slow)
    assert slow.rows[1][1][4] == 42067  # what openpyxl makes of 2015年3月4日
    assert fast.sheet_name == "花名册"
    (n1, header), (n3, row), (n4, last) = fast.rows
    assert (n1, n3, n4) == (1, 3, 4) and header == ("姓名", "身份证号")
    assert row[:2] == ("张伟", " 11010519491231002X ")  # the phonetic run is not text
    assert row[2] is None  # column C is empty
    assert row[3] == row[4] == row[5] == datetime(2015, 3, 4)  # 14, 31 (年月日) and custom
    assert row[6:] == (2.5, 13800001111, True, None, "张伟x", "行内", 7)  # #N/A: empty
    assert last == (1, 2)


@pytest.mark.filterwarnings("ignore:Workbook contains no default style")
def test_the_1904_calendar_is_honoured(tmp_path, monkeypatch):
    fast, slow = _read_both(excel_like(tmp_path / "mac.xlsx", date1904=True), monkeypatch)
    assert _without_format_31(fast) == _without_format_31(slow)
    assert fast.rows[1][1][3] == fast.rows[1][1][4] == datetime(2019, 3, 5)


def test_an_openpyxl_written_workbook_reads_the_same_both_ways(tmp_path, monkeypatch):
    path = write_workbook(
        tmp_path / "r.xlsx",
        [
            ["姓名", "身份证号", "份数", "日期"],
            ["张伟", "11010519491231002X", 2, datetime(2015, 1, 2)],
        ],
        title_rows=["标题"],
    )
    fast, slow = _read_both(path, monkeypatch)
    assert fast == slow and fast.rows[2] == (
        3,
        ("张伟", "11010519491231002X", 2, datetime(2015, 1, 2)),
    )


def test_columns_beyond_the_limit_are_not_read(tmp_path):
    path = write_workbook(tmp_path / "wide.xlsx", [["姓名", *range(200)]])
    ((_, values),) = xlsxio.read_first_sheet(path, max_columns=5).rows
    assert values == ("姓名", 0, 1, 2, 3)


def test_a_dtd_in_a_shared_strings_part_is_refused(tmp_path):
    path = excel_like(tmp_path / "x.xlsx")
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(bad, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/sharedStrings.xml":
                data = b'<!DOCTYPE sst [<!ENTITY a "x">]>' + data.replace(
                    b"<t>\xe5\xa7\x93", b"<t>&a;\xe5\xa7\x93"
                )
            zout.writestr(item, data)
    with pytest.raises(xlsxio.WorkbookError) as e:
        xlsxio.read_first_sheet(bad)
    assert e.value.code == "unsafe"
