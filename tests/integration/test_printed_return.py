"""The monthly return as it comes out of the printer: LibreOffice prints the exported workbook to
PDF (A4, fitted one page wide, as a clerk's Ctrl+P does), and the PDF's text shows every date
and ID number whole (a column too narrow prints ### for a date and cuts an ID), each cell in a
ruled box."""

from __future__ import annotations

import re
import zipfile
from datetime import date

import pytest
from pypdf import PdfReader

from tests.integration.payments_support import at, county, pay, three_stays
from tests.office import convert

__all__ = ["county"]
pytestmark = pytest.mark.slow
AUG20 = date(2015, 8, 20)


def exported(c):
    from desk_app.returns import service as returns

    s = three_stays(c)
    pay(c, AUG20)
    at(c.mp, "2015-09-02T09:00:00")
    out = c.tmp / "out" / "月报.xlsx"
    with c.db.uow() as uow:
        returns.export_return(uow, c.reviewer, "2015-08", out)
        uow.commit()
    return s, out


def test_every_date_and_id_prints_whole(county):
    s, workbook = exported(county)
    (pdf,) = convert([workbook], "pdf", county.tmp / "pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "###" not in text
    flat = re.sub(r"\s+", "", text)
    for claim in (s["zhang"], s["wang"]):
        assert claim.id_number in flat and claim.approval_no in flat
    for day in ("2015-07-01", "2015-07-06", "2015-08-06", "2015-08-20", "2015-08-05"):
        assert day in flat, day


def test_every_cell_of_the_detail_sheets_has_a_border(county):
    _s, workbook = exported(county)
    from openpyxl import load_workbook

    wb = load_workbook(workbook)
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                b = cell.border
                assert b.left.style and b.right.style and b.top.style and b.bottom.style, (
                    ws.title, cell.coordinate,
                )  # fmt: skip
    with zipfile.ZipFile(workbook) as z:
        assert "gridLines" not in z.read("xl/worksheets/sheet2.xml").decode()
