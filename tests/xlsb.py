"""A minimal Excel binary workbook (.xlsb, MS-XLSB) writer for tests: one worksheet of text,
numbers and dates, the records Excel itself writes for them. LibreOffice reads .xlsb but does
not write it, and no Python library writes it, so the reader's test makes its own.

Records: a type and a size as 7-bit groups, then the data (MS-XLSB 2.1.4). The workbook part
lists the sheet (BrtBundleSh), the styles part holds two cell formats (general, and built-in
format 14, a date), the sheet part a dimension, then rows (BrtRowHdr) of cells: BrtCellSt
(text), BrtCellReal (a number; a date is its day number in the date format)."""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

_EPOCH = date(1899, 12, 30)
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_MAIN = "application/vnd.ms-excel.sheet.binary.macroEnabled.main"
_SHEET = "application/vnd.ms-excel.worksheet"
_STYLES = "application/vnd.ms-excel.styles"


def _varint(n: int, groups: int) -> bytes:
    out = bytearray()
    for _ in range(groups):
        byte = n & 0x7F
        n >>= 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            break
    assert n == 0, "value too large for a record header"
    return bytes(out)


def record(kind: int, data: bytes = b"") -> bytes:
    return _varint(kind, 2) + _varint(len(data), 4) + data


def wide(text: str) -> bytes:
    raw = text.encode("utf-16-le")
    return struct.pack("<I", len(raw) // 2) + raw


def _cell(col: int, value: Any) -> bytes:
    if isinstance(value, str):
        return record(0x0006, struct.pack("<II", col, 0) + wide(value))  # BrtCellSt
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        serial = float((value - _EPOCH).days)
        return record(0x0005, struct.pack("<IId", col, 1, serial))  # BrtCellReal, style 1
    return record(0x0005, struct.pack("<IId", col, 0, float(value)))


def sheet_part(rows: Sequence[Sequence[Any]]) -> bytes:
    width = max((len(r) for r in rows), default=1)
    out = bytearray(record(0x0081))  # BrtBeginSheet
    out += record(0x0094, struct.pack("<IIII", 0, max(0, len(rows) - 1), 0, width - 1))  # WsDim
    out += record(0x0091)  # BrtBeginSheetData
    for r, values in enumerate(rows):
        out += record(0x0000, struct.pack("<IIHBBBI", r, 0, 300, 0, 0, 0, 0))  # BrtRowHdr
        for c, v in enumerate(values):
            if v is not None and v != "":
                out += _cell(c, v)
    out += record(0x0092) + record(0x0082)  # BrtEndSheetData, BrtEndSheet
    return bytes(out)


def workbook_part(sheet_name: str) -> bytes:
    bundle = struct.pack("<II", 0, 1) + wide("rId1") + wide(sheet_name)
    return (
        record(0x0083)  # BrtBeginBook
        + record(0x008F)  # BrtBeginBundleShs
        + record(0x009C, bundle)  # BrtBundleSh
        + record(0x0090)  # BrtEndBundleShs
        + record(0x0084)  # BrtEndBook
    )


def styles_part() -> bytes:
    xf = [struct.pack("<HH", 0xFFFF, fmt) + b"\0" * 12 for fmt in (0, 14)]  # BrtXF
    return record(0x0269, struct.pack("<I", len(xf))) + b"".join(record(0x002F, x) for x in xf)


def write_xlsb(path: Path, rows: Sequence[Sequence[Any]], sheet_name: str = "Sheet1") -> Path:
    types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Default Extension="bin" ContentType="{_MAIN}"/>'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Override PartName="/xl/workbook.bin" ContentType="{_MAIN}"/>'
        f'<Override PartName="/xl/worksheets/sheet1.bin" ContentType="{_SHEET}"/>'
        f'<Override PartName="/xl/styles.bin" ContentType="{_STYLES}"/></Types>'
    )
    root_rels = (
        f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
        f'Type="{_REL}/officeDocument" Target="xl/workbook.bin"/></Relationships>'
    )
    wb_rels = (
        f'<Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.bin"/>'
        f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.bin"/></Relationships>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", root_rels)
        z.writestr("xl/workbook.bin", workbook_part(sheet_name))
        z.writestr("xl/_rels/workbook.bin.rels", wb_rels)
        z.writestr("xl/styles.bin", styles_part())
        z.writestr("xl/worksheets/sheet1.bin", sheet_part(rows))
    return path
