"""Batch printing: a day's approval forms into one PDF, against printing each form on its own."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from benchmarks.harness import Benchmark
from printing import (
    ApprovalData,
    Benefit,
    Member,
    Receipt,
    Signatory,
    render_approval,
    render_approvals,
)

D = Decimal


def _form(i: int) -> ApprovalData:
    """Four in five forms are short (one receipt, four lines); the fifth has three receipts and
    twelve lines of 计算过程, and runs onto a second page."""
    long = i % 5 == 4
    receipts = tuple(
        Receipt(
            f"33060015{i:05d}{k}", D("13000.00"), D("10712.01"), D("0"), D("800.00"), D("1487.99")
        )
        for k in range(3 if long else 1)
    )
    lines = tuple(
        f"第{k}步：按比例自付部分累计 {k * 1000}.00 元，其中 5000 元以下部分 × 50%，"
        f"5000—10000 元部分 × 60%，10000 元以上部分 × 70%；本次可报销基数 {k * 321}.45 元"
        for k in range(1, 13 if long else 5)
    )
    return ApprovalData(
        county_union="示范县总工会",
        approval_no=f"SP2015-{i:05d}",
        claim_no=f"LP2015-{i:06d}",
        member=Member(f"职工{i}", "330203196505121234", "F", "示范县第一机械厂", "13905761234"),
        scheme_name="绍兴市职工住院医疗互助保障（2015年度）",
        scheme_code="SX-2015-ZY",
        shares=1,
        period_start=date(2015, 1, 1),
        period_end=date(2015, 12, 31),
        kind="inpatient",
        payout=D("2080.00") + i,
        hospital="绍兴市人民医院",
        admission=date(2015, 8, 1),
        discharge=date(2015, 8, 11),
        diagnosis_code="K35.8",
        diagnosis_name="急性阑尾炎",
        receipts=receipts,
        explanation=lines,
        benefits=(Benefit("住院自付部分二次报销", D("1830.00")), Benefit("住院津贴", D("250.00"))),
        clerk=Signatory("王芳", date(2015, 8, 18)),
        reviewer=Signatory("李明", date(2015, 8, 20)),
    )


def benchmarks(quick: bool) -> list[Benchmark]:
    n = 20 if quick else 200

    def setup() -> list[ApprovalData]:
        forms = [_form(i) for i in range(n)]
        render_approval(forms[0], io.BytesIO())  # fonts found and registered once, untimed
        return forms

    def ours(forms: list[ApprovalData]) -> None:
        render_approvals(forms, io.BytesIO())

    def each_alone(forms: list[ApprovalData]) -> None:
        for f in forms:
            render_approval(f, io.BytesIO())

    return [
        Benchmark(
            name=f"print {n} approval forms into one PDF",
            setup=setup,
            run=ours,
            baseline=each_alone,
            baseline_name="one PDF per form",
            items=n,
            unit="forms",
            repeat=3,
            target="200 forms < 15 s on a clerk's PC",
        )
    ]
