"""The 计算过程 lines: what a reviewer reads on the approval form, step by step, in Chinese."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desk_app.schemes.engine import calculate
from desk_app.schemes.model import Claim
from desk_app.schemes.parse import read_scheme_file
from tests.conftest import SPEC
from tests.unit.test_engine_builders import copay, member, receipt, run, scheme, stay, visit


def _spec(name: str):
    return read_scheme_file(Path(SPEC / "schemes" / name))[1]


def test_shaoxing_zhang_reads_like_the_article():
    s = _spec("shaoxing-2015.toml")
    claim = stay("2015-08-01", "2015-08-11", "1487.99", deductible="800", disease="K35.8")
    (r,) = run(s, claim)
    assert r.lines == (
        "住院 2015-08-01 至 2015-08-11，住院 10 天，疾病 K35.8",
        "住院自付部分二次报销：起付标准自付 800.00 + 按比例自付 1,487.99 = 自付合计 2,287.99",
        "自付合计 2,287.99 × 80% = 1,830.39，取整 1,830.00",
        "住院津贴：住院 10 天 × 25.00 = 250.00",
        "合计 2,080.00",
        "年度封顶 50,000.00，已给付 0.00，本次可付 2,080.00，剩余 47,920.00",
        "本次给付 2,080.00",
    )


def test_progressive_brackets_are_shown_bracket_by_bracket():
    s = _spec("quzhou-2015.toml")
    (r,) = run(s, stay("2015-04-02", "2015-04-30", "13000", deductible="1000"))
    assert (
        "计算基数 13,500.00 分段：0.00～5,000.00 段 5,000.00 × 40% = 2,000.00；"
        "5,000.00～10,000.00 段 5,000.00 × 45% = 2,250.00；"
        "10,000.00 以上段 3,500.00 × 50% = 1,750.00；合计 6,000.00"
    ) in r.lines


def test_period_brackets_show_the_cumulative_base():
    s = _spec("jinhua-2015.toml")
    m = member(enrolled_on=date(2015, 9, 15))
    _, second = run(
        s,
        stay("2015-11-03", "2015-11-20", "3000", deductible="1000"),
        stay("2016-02-10", "2016-03-01", "9000", deductible="1000"),
        m=m,
    )
    assert any(
        line.startswith("本保障期累计 3,000.00 → 12,000.00，本次 9,000.00，分段：")
        and "10,000.00 以上段 2,000.00 × 70% = 1,400.00；合计 5,400.00" in line
        for line in second.lines
    ), second.lines


def test_deductible_used_before_and_now():
    s = scheme(copay("0.5", deductible='"1000"'))
    _, second = run(
        s, stay("2015-02-01", "2015-02-03", "600"), stay("2015-05-01", "2015-05-03", "700")
    )
    assert (
        "起付线 1,000.00（本保障期累计），此前已抵扣 600.00，本次抵扣 400.00，计算基数 300.00"
        in (second.lines)
    )


def test_uplift_is_shown_with_the_category():
    s = scheme(copay("0.5", uplift='{ hardship = "0.05" }'))
    (r,) = run(s, stay("2015-02-01", "2015-02-03", "1000"), m=member(categories=("hardship",)))
    assert "自付报销：自付合计 1,000.00 × 55%（50% + 困难职工 5%）= 550.00" in r.lines


def test_cap_cut_says_what_is_not_paid():
    s = scheme(copay("0.5"), extra='annual_cap = "1000.00"')
    (r,) = run(s, stay("2015-02-01", "2015-02-03", "3000"), m=member(shares=2))
    assert (
        "年度封顶 1,000.00 × 2 份 = 2,000.00，已给付 0.00，本次可付 1,500.00，剩余 500.00"
        in r.lines
    )
    (cut,) = run(s, stay("2015-02-01", "2015-02-03", "3000"))
    assert (
        "年度封顶 1,000.00，已给付 0.00，本次可付 1,000.00（超出封顶 500.00 不付），剩余 0.00"
        in (cut.lines)
    )


def test_min_payout_line():
    s = scheme(copay("0.4"), extra='min_payout = "50.00"')
    (r,) = run(s, stay("2015-02-01", "2015-02-03", "100"))
    assert "合计 40.00 不足最低给付 50.00，按 50.00 给付" in r.lines


def test_daily_allowance_limits_are_explained():
    s = _spec("beijing-allowance-2015.toml")
    m = member(enrolled_on=date(2015, 6, 20))
    _, second = run(s, stay("2015-08-01", "2015-12-29"), stay("2016-02-01", "2016-03-15"), m=m)
    assert second.lines[1:3] == (
        "住院津贴：住院 43 天，第 2 天起计 42 天",
        "42 天 × 40.00 = 1,680.00；本期最高 7,200.00，此前已付 5,960.00，本次按 1,240.00 计",
    )


def test_rejected_lines_say_why_in_words():
    s = _spec("jinhua-2015.toml")
    new = member(enrolled_on=date(2015, 10, 1), renewal=False)
    (waiting,) = run(s, stay("2015-11-15", "2015-11-25", "1200", deductible="800"), m=new)
    assert (
        waiting.lines[-1] == "首次参保观察期 90 天，入院日期 2015-11-15 早于 2015-12-30，不予给付"
    )
    (outside,) = run(s, stay("2016-10-01", "2016-10-05", "100"))
    assert outside.lines[-1] == (
        "入院日期 2016-10-01 不在保障期 2015-10-01 至 2016-09-30 内，不予给付"
    )
    (late,) = run(
        s, stay("2015-11-15", "2015-11-25", "100"), m=member(enrolled_on=date(2015, 12, 1))
    )
    assert late.lines[-1] == "参保日期 2015-12-01 晚于入院日期 2015-11-15，不予给付"
    (kind,) = run(s, visit("2015-11-15", "100"))
    assert kind.lines[-1] == "本方案没有适用于此门诊申请的保障项目，不予给付"


def test_invalid_receipt_lines_name_each_problem():
    s = _spec("shaoxing-2015.toml")
    claim = Claim(
        kind="inpatient",
        admission=date(2015, 8, 11),
        discharge=date(2015, 8, 1),
        receipts=(receipt(copay="100", total="150"), receipt(copay="-1")),
    )
    (r,) = run(s, claim)
    assert r.lines[-1] == (
        "票据或日期有误，不予给付：第 1 张票据的医疗费总额 150.00 与各分项之和 200.00 不符；"
        "第 2 张票据的按比例自付为负数（-1.00）；入院日期 2015-08-11 晚于出院日期 2015-08-01"
    )


def test_cap_reached_line():
    s = scheme(copay("0.5"), extra='annual_cap = "100.00"')
    _, r = calculate(
        s,
        member(),
        [stay("2015-02-01", "2015-02-03", "500"), stay("2015-03-01", "2015-03-03", "1")],
    )
    assert r.reason == "cap_reached"
    assert r.lines[-1] == "年度封顶 100.00 已全部给付，不予给付"


def test_once_only_benefits_say_they_were_paid():
    s = _spec("huzhou-critical-2013.toml")
    m = member(enrolled_on=date(2013, 1, 1))
    _, second = run(
        s,
        stay("2013-03-04", "2013-04-18", "6000", disease="C50.9"),
        stay("2013-06-01", "2013-06-20", "2000", disease="C50.9"),
        m=m,
    )
    assert "重大疾病保障金：本保障期已给付过，不再给付" in second.lines
    assert "生活补助金：本保障期已给付过，不再给付" in second.lines


def test_the_claim_ref_heads_the_lines():
    claim = Claim(
        kind="outpatient", visit_date=date(2015, 3, 1), receipts=(receipt(copay="1"),), ref="LP-1"
    )
    (r,) = run(scheme(copay(applies_to='["outpatient"]')), claim)
    assert r.lines[0] == "LP-1 门诊 2015-03-01" and r.ref == "LP-1"
