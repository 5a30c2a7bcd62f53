"""What the printed notices and vouchers say and how they break lines: no "咨询电话：。" without a
phone, no line starting with closing punctuation (，。、), a voucher's pages counted once across
its member list."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from printing import Member, render_rejection, render_voucher
from printing.wrap import CANNOT_START
from tests.integration.roster_support import world
from tests.integration.test_printing import FULL_ID, flat, pdf_text, rejection, voucher

__all__ = ["world"]


def test_a_notice_without_a_phone_leaves_the_phone_out(tmp_path: Path) -> None:
    out = tmp_path / "n.pdf"
    render_rejection(rejection(phone="", address=""), out)
    text = flat(pdf_text(out))
    assert "咨询电话" not in text and "。。" not in text and "申请复核。" in text
    render_rejection(rejection(phone="", address="示范县解放路 1 号"), out)
    text = flat(pdf_text(out))
    assert "咨询电话" not in text and "地址：示范县解放路1号。" in text


@pytest.mark.parametrize("n", range(0, 36, 5))
def test_no_printed_line_starts_with_closing_punctuation(tmp_path: Path, n: int) -> None:
    """Reasons of many lengths, so a comma falls at every place of a line."""
    out = tmp_path / f"n{n}.pdf"
    reason = "审核" + "材" * n + "，发票与出院小结不符，请补充。" * 3
    name = "欧阳" + "明" * (n % 3)
    render_rejection(
        rejection(reason_code=None, reason_text=reason, member=Member(name, FULL_ID, "M")), out
    )
    for k in range(n, n + 5):  # the neighbours too: each shifts the breaks by a character
        render_rejection(
            rejection(reason_code=None, reason_text="核" * k + reason), tmp_path / f"m{k}.pdf"
        )
        lines = pdf_text(tmp_path / f"m{k}.pdf").splitlines() + pdf_text(out).splitlines()
        starts = [ln.strip()[0] for ln in lines if ln.strip()]
        assert not [c for c in starts if c in CANNOT_START], (k, lines)


def test_voucher_pages_are_counted_once_across_the_member_list(tmp_path: Path) -> None:
    out = tmp_path / "v.pdf"
    render_voucher(voucher(members=120), out)
    pages = [flat(p.extract_text()) for p in PdfReader(out).pages]
    total = len(pages)
    assert total >= 4
    numbers = [re.search(r"第(\d+)页共(\d+)页", p) for p in pages]
    assert [(int(m[1]), int(m[2])) for m in numbers if m] == [
        (k, total) for k in range(1, 1 + total)
    ]
    assert "（续页）" not in pages[1] and "参保人员名单" in pages[1]  # its title is in the flow
    assert all("附件：参保人员名单（续页）" in p for p in pages[2:])


def test_the_voucher_names_the_clerk_not_the_login(db, actors, world, tmp_path: Path) -> None:
    from desk_app import documents
    from tests.fixtures_people import make_id
    from tests.fixtures_xlsx import ROSTER_HEADER, write_workbook
    from tests.integration.roster_support import import_file

    path = write_workbook(
        tmp_path / "r.xlsx", [ROSTER_HEADER, ["张伟", make_id(1), "", "DW001", "", "", "", ""]]
    )
    report = import_file(db, actors["clerk"], path)
    doc = documents.vouchers(db, actors["clerk"], [report.batch_no])
    text = flat("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(doc.data)).pages))
    assert f"经办人{actors['clerk'].name}" in text and "经办人clerk" not in text
