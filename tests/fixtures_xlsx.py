"""Writing real .xlsx workbooks for the import tests (openpyxl in write mode), and a few hostile
files: an encrypted workbook, an old .xls, a zip that is not a workbook, a zip bomb."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROSTER_HEADER = [
    "姓名",
    "身份证号",
    "手机号",
    "单位编码",
    "人员类别",
    "医保类型",
    "份数",
    "银行账号",
]


def write_workbook(
    path: Path,
    rows: Sequence[Sequence[Any]],
    *,
    title_rows: Sequence[str] = (),
    sheet: str = "Sheet1",
    extra_sheets: Sequence[str] = (),
) -> Path:
    """Rows as given (str cells stay text, ints and floats become numbers), under optional
    title lines, on the first worksheet."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    for t in title_rows:
        ws.append([t])
    for r in rows:
        ws.append(list(r))
    for name in extra_sheets:
        wb.create_sheet(name).append(["别的内容"])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def encrypt(src: Path, dest: Path, password: str = "Secret-123") -> Path:
    """A password-protected copy of a workbook (as Excel's 'Encrypt with password' makes)."""
    import msoffcrypto.format.ooxml as ooxml

    with src.open("rb") as f:
        office = ooxml.OOXMLFile(f)
        out = io.BytesIO()
        office.encrypt(password, out)
    dest.write_bytes(out.getvalue())
    return dest


def fake_xls(dest: Path) -> Path:
    """An OLE2 compound file that is not encrypted: what an old .xls looks like to a reader."""
    import olefile  # noqa: F401  (msoffcrypto's dependency: the header below is OLE2's)

    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    dest.write_bytes(bytes(header) + b"\0" * 1024)
    return dest


def zip_without_workbook(dest: Path) -> Path:
    with zipfile.ZipFile(dest, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    return dest


def zip_bomb(src: Path, dest: Path, megabytes: int = 450) -> Path:
    """A real workbook plus one member that expands to ``megabytes`` of zeros."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item.filename))
        with zout.open("xl/media/padding.bin", "w", force_zip64=True) as f:
            block = b"\0" * (1 << 20)
            for _ in range(megabytes):
                f.write(block)
    return dest


def billion_laughs(src: Path, dest: Path) -> Path:
    """A real workbook whose first worksheet declares nested entities (an XML bomb) and uses
    them in a cell."""
    dtd = (
        '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    )
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                head, sep, rest = text.partition("?>")
                if not sep:  # openpyxl writes no declaration
                    head, rest = "", text
                text = head + sep + dtd + rest.replace("张伟", "&c;", 1)
                data = text.encode("utf-8")
            zout.writestr(item, data)
    return dest


def read_rows(path: Path, sheet: int = 0) -> list[tuple[Any, ...]]:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    try:
        return [tuple(r) for r in wb.worksheets[sheet].iter_rows(values_only=True)]
    finally:
        wb.close()
