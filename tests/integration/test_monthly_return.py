"""The monthly return (月报) written exactly as FILES.md §3 says, read back with openpyxl: sheets,
headers, values and their types, number formats, frozen header, autofilter, print set-up; the
汇总 total equal to the detail sheets; a reversal, a month with no activity."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from desk_app.payments import service as payments
from desk_app.people.members import MemberInput, update_member
from desk_app.returns import service as returns
from desk_app.returns.model import (
    CATEGORY_HEADERS,
    ENROLLMENT_HEADERS,
    PAYMENT_HEADERS,
    SUMMARY_HEADERS,
)
from tests.integration.payments_support import (
    COUNTY_CODE,
    COUNTY_NAME,
    at,
    county,
    load,
    pay,
    rows,
    three_stays,
)

__all__ = ["county"]
D = Decimal
AUG20 = date(2015, 8, 20)


def _august(county) -> dict:
    """Three stays approved on 8-10, Zhang and Wang paid on 8-20 (Li has no account); the
    return exported on 9-02."""
    s = three_stays(county)
    pay(county, AUG20)
    at(county.mp, "2015-09-02T09:00:00")
    return s


def _export(county, month: str, **kw) -> tuple[object, Path]:
    out = county.tmp / "out" / f"{month}.xlsx"
    with county.db.uow() as uow:
        view = returns.export_return(uow, county.reviewer, month, out, **kw).value
        uow.commit()
    return view, out


def _by_header(ws) -> list[dict]:
    data = rows(ws)
    return [dict(zip(data[0], r, strict=True)) for r in data[1:]]


def test_file_name_sheets_and_headers_are_exact(county):
    _august(county)
    view, out = _export(county, "2015-08")
    assert view.file_name == f"月报_{COUNTY_CODE}_2015-08.xlsx"
    wb = load(out)
    assert wb.sheetnames == ["汇总", "参保明细", "给付明细", "分类统计"]
    for name, headers in zip(
        wb.sheetnames,
        (SUMMARY_HEADERS, ENROLLMENT_HEADERS, PAYMENT_HEADERS, CATEGORY_HEADERS),
        strict=True,
    ):
        assert tuple(rows(wb[name])[0]) == headers, name


def test_every_sheet_is_frozen_filtered_and_prints_a4_landscape_one_page_wide(county):
    _august(county)
    _view, out = _export(county, "2015-08")
    wb = load(out)
    for ws in wb.worksheets:
        last = ws.cell(row=1, column=ws.max_column).column_letter
        assert ws.freeze_panes == "A2", ws.title
        assert ws.auto_filter.ref.startswith(f"A1:{last}"), ws.title
        assert (ws.page_setup.paperSize, ws.page_setup.orientation) == (9, "landscape")
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$1:$1"
        assert COUNTY_NAME in ws.oddHeader.center.text and "2015年08月" in ws.oddHeader.center.text
        assert COUNTY_NAME in ws.oddFooter.left.text
        assert ws["A1"].font.b
        for cell in ws[1]:  # every column at least as wide as its header
            width = ws.column_dimensions[cell.column_letter].width
            assert width >= len(cell.value) * 2, (ws.title, cell.value)


def test_summary_counts_the_month_by_scheme_and_totals_it(county):
    s = _august(county)
    _view, out = _export(county, "2015-08")
    table = _by_header(load(out)["汇总"])
    qz, sx, total = table
    costs = 4500.0 + 1080.0  # Zhang's and Wang's receipts
    assert qz == {
        "方案编码": "QZ-2015-ZY", "方案名称": "衢州市职工医疗互助保障（2015年度）",
        "本月新增参保人数": 1, "期内累计参保人数": 3, "本月互助金收入": 50.0,
        "期内累计互助金收入": 150.0, "本月受理件数": 3, "本月给付人数": 2, "本月给付人次": 2,
        "本月医疗费总额": costs, "本月给付金额": 600.0, "期内累计给付金额": 600.0,
        "资金使用率": 4.0,
    }  # fmt: skip
    assert (sx["方案编码"], sx["本月新增参保人数"], sx["本月互助金收入"], sx["资金使用率"]) == (
        "SX-2015-ZY", 1, 60.0, 0.0,
    )  # fmt: skip
    assert total["方案编码"] == "合计"
    assert (total["本月新增参保人数"], total["期内累计参保人数"], total["本月互助金收入"]) == (
        2, 4, 110.0,
    )  # fmt: skip
    assert (total["本月给付人次"], total["本月给付金额"], total["资金使用率"]) == (
        2, 600.0, 2.8571,
    )  # fmt: skip
    assert s["li"].calc.payout > 0  # Li is approved but unpaid: not in August's payments


def test_summary_cells_have_their_types_and_formats(county):
    _august(county)
    _view, out = _export(county, "2015-08")
    ws = load(out)["汇总"]
    row = ws[2]
    kinds = {c.column_letter: (c.data_type, c.number_format) for c in row}
    assert kinds["A"] == ("s", "General") and kinds["C"] == ("n", "0")
    assert kinds["E"] == ("n", "#,##0.00") and kinds["M"] == ("n", "0.00%")
    assert isinstance(row[2].value, int)
    assert ws["A4"].font.b  # the 合计 row


def test_total_row_equals_the_detail_sheets(county):
    _august(county)
    _view, out = _export(county, "2015-08")
    wb = load(out)
    total = _by_header(wb["汇总"])[-1]
    enrollments = _by_header(wb["参保明细"])
    paid = _by_header(wb["给付明细"])
    categories = _by_header(wb["分类统计"])
    assert total["本月新增参保人数"] == len(enrollments)
    assert total["本月互助金收入"] == pytest.approx(sum(r["互助金"] for r in enrollments))
    assert total["本月给付人次"] == len(paid)
    assert total["本月给付人数"] == len({r["身份证号"] for r in paid})
    assert total["本月医疗费总额"] == pytest.approx(sum(r["医疗费总额"] for r in paid))
    assert total["本月给付金额"] == pytest.approx(sum(r["给付金额"] for r in paid))
    for dim in ("性别", "年龄段", "人员类别", "类别", "产业"):
        groups = [c for c in categories if c["维度"] == dim]
        assert sum(c["给付人次"] for c in groups) == total["本月给付人次"], dim
        assert sum(c["给付金额"] for c in groups) == pytest.approx(total["本月给付金额"]), dim


def test_enrollment_details_of_the_month(county):
    s = _august(county)
    _view, out = _export(county, "2015-08")
    ws = load(out)["参保明细"]
    assert rows(ws)[1:] == [
        [1, "DW001", "城关供电所工会", "张建国", s["zhang"].id_number, "男",
         datetime(1980, 1, 1), "SX-2015-ZY", 1, 60.0, datetime(2015, 8, 3), "否"],
        [2, "DW002", "衢州第一中学", "王强", s["wang"].id_number, "男",
         datetime(1990, 3, 1), "QZ-2015-ZY", 1, 50.0, datetime(2015, 8, 5), "否"],
    ]  # fmt: skip
    assert ws["E2"].data_type == "s" and ws["E2"].number_format == "@"
    assert ws["G2"].number_format == "yyyy-mm-dd" and ws["J2"].number_format == "#,##0.00"


def test_payment_details_by_payment_date_then_approval_number(county):
    s = _august(county)
    _view, out = _export(county, "2015-08")
    ws = load(out)["给付明细"]
    z, w = s["zhang"], s["wang"]
    assert rows(ws)[1:] == [
        [1, z.approval_no, "张建国", z.id_number, "城关供电所工会", "QZ-2015-ZY", "住院",
         datetime(2015, 7, 1), datetime(2015, 7, 6), 5, "K80.2", 4500.0, 3000.0, 1500.0, 400.0,
         datetime(2015, 8, 20), "ZF2015-0001"],
        [2, w.approval_no, "王强", w.id_number, "衢州第一中学", "QZ-2015-ZY", "住院",
         datetime(2015, 8, 6), datetime(2015, 8, 6), 1, "K80.2", 1080.0, 0.0, 1080.0, 200.0,
         datetime(2015, 8, 20), "ZF2015-0001"],
    ]  # fmt: skip
    assert ws["D2"].data_type == "s" and ws["D2"].number_format == "@"
    assert ws["H2"].is_date and ws["P2"].is_date and ws["O2"].number_format == "#,##0.00"
    assert isinstance(ws["J2"].value, int)


def test_categories_by_gender_age_class_kind_and_industry(county):
    _august(county)
    _view, out = _export(county, "2015-08")
    got = [tuple(r) for r in rows(load(out)["分类统计"])[1:]]
    assert got == [
        ("性别", "男", 2, 600.0), ("性别", "女", 0, 0.0),
        ("年龄段", "≤30", 1, 200.0), ("年龄段", "31–40", 1, 400.0), ("年龄段", "41–50", 0, 0.0),
        ("年龄段", "51–60", 0, 0.0), ("年龄段", ">60", 0, 0.0),
        ("人员类别", "普通", 1, 400.0), ("人员类别", "困难职工", 0, 0.0),
        ("人员类别", "劳模", 1, 200.0),
        ("类别", "住院", 2, 600.0), ("类别", "门诊", 0, 0.0), ("类别", "身故", 0, 0.0),
        ("产业", "电力", 1, 400.0), ("产业", "教育", 1, 200.0),
    ]  # fmt: skip


def test_a_month_with_a_reversal_shows_it_negative_in_that_month(county):
    s = _august(county)
    with county.db.uow() as uow:
        payments.reverse_payment(uow, county.reviewer, s["zhang"].id, D("100.00"), "多付")
        update_member(
            uow,
            county.clerk,
            county.li,
            MemberInput(id_number=s["li"].id_number, name="李秀英", phone="13800000002",
                        unit_id=county.school, categories=("hardship",),
                        bank_account="6222000055556666"),
        )  # fmt: skip
        uow.commit()
    pay(county, date(2015, 9, 10))
    at(county.mp, "2015-10-08T09:00:00")
    _view, out = _export(county, "2015-09")
    wb = load(out)
    paid = _by_header(wb["给付明细"])
    li_payout = s["li"].calc.payout  # Decimal; the workbook's numbers are read back exactly

    def yuan(cell: Any) -> Decimal:
        return Decimal(str(cell)).quantize(Decimal("0.01"))

    # Same payment date: by approval number (Zhang's claim was approved first).
    got = [(r["姓名"], yuan(r["给付金额"]), yuan(r["医疗费总额"]), r["给付日期"]) for r in paid]
    assert got == [
        ("张建国", Decimal("-100.00"), Decimal("0.00"), datetime(2015, 9, 10)),
        ("李秀英", li_payout, Decimal("7300.00"), datetime(2015, 9, 10)),
    ]
    qz = _by_header(wb["汇总"])[0]
    assert (qz["本月给付人次"], qz["本月给付人数"]) == (1, 1)
    assert yuan(qz["本月给付金额"]) == li_payout - 100
    assert yuan(qz["期内累计给付金额"]) == 600 + li_payout - 100
    zhang_groups = [c for c in _by_header(wb["分类统计"]) if c["分组"] == "普通"]
    assert zhang_groups == [{"维度": "人员类别", "分组": "普通", "给付人次": 0, "给付金额": -100.0}]


def test_a_month_without_activity_keeps_the_running_figures(county):
    _august(county)
    at(county.mp, "2015-11-02T09:00:00")
    _view, out = _export(county, "2015-10")
    wb = load(out)
    qz = _by_header(wb["汇总"])[0]
    assert (qz["本月新增参保人数"], qz["本月受理件数"], qz["本月给付人次"], qz["本月给付金额"]) == (
        0, 0, 0, 0.0,
    )  # fmt: skip
    assert (qz["期内累计参保人数"], qz["期内累计给付金额"]) == (3, 600.0)
    assert rows(wb["参保明细"]) == [list(ENROLLMENT_HEADERS)]
    assert rows(wb["给付明细"]) == [list(PAYMENT_HEADERS)]
    assert wb["给付明细"].auto_filter.ref == "A1:Q1"


def test_a_month_before_anything_has_only_a_zero_total(county):
    _view, out = _export(county, "2014-12")
    table = _by_header(load(out)["汇总"])
    assert len(table) == 1 and table[0]["方案编码"] == "合计"
    assert table[0]["本月给付金额"] == 0 and table[0]["资金使用率"] is None


def test_exporting_unchanged_data_again_gives_the_same_bytes_and_revision(county):
    _august(county)
    first, out1 = _export(county, "2015-08")
    second, out2 = _export(county, "2015-08")
    assert (second.id, second.revision, second.sha256) == (first.id, 1, first.sha256)
    assert out1.read_bytes() == out2.read_bytes()


def test_a_changed_month_gets_a_new_revision(county):
    s = _august(county)
    first, _ = _export(county, "2015-08")
    with county.db.uow() as uow:  # Li brings her account; a late August batch pays her
        update_member(
            uow,
            county.clerk,
            county.li,
            MemberInput(id_number=s["li"].id_number, name="李秀英", phone="13800000002",
                        unit_id=county.school, categories=("hardship",),
                        bank_account="6222000055556666"),
        )  # fmt: skip
        uow.commit()
    pay(county, date(2015, 8, 31))
    second, _ = _export(county, "2015-08")
    assert (second.revision, second.status) == (2, "exported") and second.sha256 != first.sha256
    with county.db.reader() as uow:
        assert [(r.revision, r.status) for r in returns.list_returns(uow)] == [
            (2, "exported"),
            (1, "exported"),
        ]


def test_drafts_block_the_export_unless_forced(county):
    from tests.integration.claims_support import inpatient, receipt, save

    _august(county)
    at(county.mp, "2015-08-28T10:00:00")
    save(
        county.db,
        county.clerk,
        inpatient(
            county.wang,
            county.wang_qz,
            date(2015, 8, 20),
            date(2015, 8, 22),
            receipt("ZY-9", copay="10"),
        ),
    )
    at(county.mp, "2015-09-02T10:00:00")
    with county.db.uow() as uow, pytest.raises(Exception) as info:
        returns.export_return(uow, county.reviewer, "2015-08", county.tmp / "x.xlsx")
    assert getattr(info.value, "code", None) == "drafts" and "1 件" in info.value.message.zh
    assert not (county.tmp / "x.xlsx").exists()
    view, out = _export(county, "2015-08", force=True)
    assert view.drafts == 1 and out.exists()
    with county.db.reader() as uow:
        assert returns.preview_return(uow, "2015-08").drafts == 1


def test_totals_that_do_not_add_up_are_never_written(county, monkeypatch):
    from desk_app.returns import figures

    _august(county)
    real = figures.paid_rows
    monkeypatch.setattr(figures, "paid_rows", lambda *a: real(*a)[:1])  # a row goes missing
    with county.db.uow() as uow, pytest.raises(Exception) as info:
        returns.export_return(uow, county.reviewer, "2015-08", county.tmp / "bad.xlsx")
    assert info.value.code == "cross_check" and "本月给付人次" in info.value.message.zh
    assert not (county.tmp / "bad.xlsx").exists()


def test_preview_shows_the_summary_and_agrees(county):
    _august(county)
    with county.db.reader() as uow:
        p = returns.preview_return(uow, "2015-8")
    assert p.month == "2015-08" and p.checks == () and not p.locked
    assert [r.values["方案编码"] for r in p.rows] == ["QZ-2015-ZY", "SX-2015-ZY"]
    assert (p.total.values["本月给付金额"], p.enrollments, p.payments) == (D("600.00"), 2, 2)


def test_a_month_not_begun_is_refused(county):
    with county.db.uow() as uow, pytest.raises(Exception) as info:
        returns.export_return(uow, county.reviewer, "2015-12")
    assert info.value.code == "future_month"
