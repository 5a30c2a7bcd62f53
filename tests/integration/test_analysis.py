"""The annual analysis: payouts by gender, age band, member category, kind, disease chapter and
industry, the payout ratio by month, and the workbook with native Excel charts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from openpyxl.chart import BarChart, LineChart, PieChart

from desk_app.returns import service as returns
from desk_app.returns.analysis import chapter_of
from desk_app.returns.figures import age_band, member_class
from tests.integration.payments_support import county, load, pay, rows, three_stays

__all__ = ["county"]
D = Decimal


@pytest.mark.parametrize(
    ("code", "chapter"),
    [
        ("K80.2", "XI 消化系统疾病"),
        ("c50.9", "II 肿瘤"),
        ("D48", "II 肿瘤"),
        ("D50.0", "III 血液及造血器官疾病和某些涉及免疫机制的疾患"),
        ("H60", "VIII 耳和乳突疾病"),
        ("I21.9", "IX 循环系统疾病"),
        ("T14", "XIX 损伤、中毒和外因的某些其他后果"),
        ("", "未分类"),
        (None, "未分类"),
        ("胆结石", "未分类"),
    ],
)
def test_icd10_chapter_of_a_disease_code(code, chapter):
    assert chapter_of(code) == chapter


def test_age_band_counts_the_birthday():
    born = date(1985, 8, 20)
    assert age_band(born, date(2015, 8, 19)) == "≤30"  # 29
    assert age_band(born, date(2016, 8, 19)) == "≤30"  # 30
    assert age_band(born, date(2016, 8, 20)) == "31–40"  # 31 that day
    assert age_band(date(1955, 1, 1), date(2015, 12, 31)) == "51–60"
    assert age_band(date(1954, 1, 1), date(2015, 1, 2)) == ">60"


def test_a_member_who_is_both_counts_once_as_hardship():
    assert member_class("hardship,model_worker") == "困难职工"
    assert member_class("female,model_worker") == "劳模"
    assert member_class("") == "普通"


@pytest.fixture
def year(county):
    s = three_stays(county)
    pay(county, date(2015, 8, 20))
    return s


def test_the_years_figures_for_the_window(county, year):
    with county.db.reader() as uow:
        a = returns.analysis(uow, 2015)
    by = {b.dimension: b.rows for b in a.breakdowns}
    assert list(by) == ["性别", "年龄段", "人员类别", "类别", "疾病章节", "产业"]
    assert by["性别"] == (("男", 2, D("600.00")), ("女", 0, D("0.00")))
    assert by["疾病章节"] == (("XI 消化系统疾病", 2, D("600.00")),)
    assert by["产业"] == (("电力", 1, D("400.00")), ("教育", 1, D("200.00")))
    assert (a.paid_count, a.paid_members, a.paid_amount, a.received) == (2, 2, D("600.00"), 3)
    ratios = dict(a.ratio_by_month)
    assert ratios["2015-01"] == D("0.0000")  # premiums in, nothing paid yet
    assert ratios["2015-08"] == D("2.8571")  # as the August return's 合计
    assert ratios["2015-12"] is None  # not begun


def test_the_workbook_has_a_table_and_native_charts_per_dimension(county, year):
    out = county.tmp / "analysis.xlsx"
    with county.db.uow() as uow:
        returns.write_analysis(uow, county.reviewer, 2015, out)
        uow.commit()
    wb = load(out)
    assert wb.sheetnames == [
        "概况", "性别", "年龄段", "人员类别", "类别", "疾病章节", "产业", "资金使用率",
    ]  # fmt: skip
    overview = dict((r[0], r[1]) for r in rows(wb["概况"])[1:])
    assert (overview["给付人次"], overview["给付金额"]) == (2, 600.0)
    gender = wb["性别"]
    assert rows(gender) == [
        ["分组", "给付人次", "给付金额", "金额占比"],
        ["男", 2, 600.0, 1.0],
        ["女", 0, 0.0, 0.0],
    ]
    assert gender["C2"].number_format == "#,##0.00" and gender["D2"].number_format == "0.00%"
    assert gender.freeze_panes == "A2" and gender.auto_filter.ref == "A1:D3"
    assert gender.page_setup.paperSize == 9 and gender.page_setup.fitToWidth == 1
    assert {type(c) for c in gender._charts} == {PieChart, BarChart}
    assert [type(c) for c in wb["年龄段"]._charts] == [BarChart, BarChart]
    ratio = wb["资金使用率"]
    assert [type(c) for c in ratio._charts] == [LineChart]
    assert rows(ratio)[8] == ["2015-08", pytest.approx(2.8571)]
    assert ratio["B9"].number_format == "0.00%"
