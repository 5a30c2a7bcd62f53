"""What the return services give back (``docs/dev/api-contract.md``, section
``desk_app/returns/``), and the exact column headers of FILES.md §3 (the city reads them by
machine)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from base.errors import Message
from desk_app.terms import CATEGORY_NAMES, CLAIM_KIND_NAMES, zh

ZERO = Decimal("0.00")
TOTAL = "合计"

SUMMARY_HEADERS = (
    "方案编码",
    "方案名称",
    "本月新增参保人数",
    "期内累计参保人数",
    "本月互助金收入",
    "期内累计互助金收入",
    "本月受理件数",
    "本月给付人数",
    "本月给付人次",
    "本月医疗费总额",
    "本月给付金额",
    "期内累计给付金额",
    "资金使用率",
)
SUMMARY_COUNTS = (
    "本月新增参保人数",
    "期内累计参保人数",
    "本月受理件数",
    "本月给付人数",
    "本月给付人次",
)
SUMMARY_MONEY = (
    "本月互助金收入",
    "期内累计互助金收入",
    "本月医疗费总额",
    "本月给付金额",
    "期内累计给付金额",
)
RATE = "资金使用率"
ENROLLMENT_HEADERS = (
    "序号",
    "单位编码",
    "单位名称",
    "姓名",
    "身份证号",
    "性别",
    "出生日期",
    "方案编码",
    "份数",
    "互助金",
    "参保日期",
    "续保",
)
PAYMENT_HEADERS = (
    "序号",
    "审批编号",
    "姓名",
    "身份证号",
    "单位名称",
    "方案编码",
    "类别",
    "入院日期",
    "出院日期",
    "住院天数",
    "疾病编码",
    "医疗费总额",
    "统筹基金支付",
    "个人自付",
    "给付金额",
    "给付日期",
    "支付批次号",
)
CATEGORY_HEADERS = ("维度", "分组", "给付人次", "给付金额")
SHEETS = ("汇总", "参保明细", "给付明细", "分类统计")

GENDERS = ("男", "女")
AGE_BANDS = ("≤30", "31–40", "41–50", "51–60", ">60")
# 人员类别: an ordinary member, or one of the two categories a return counts apart.
MEMBER_CLASSES = ("普通", CATEGORY_NAMES["hardship"][0], CATEGORY_NAMES["model_worker"][0])
# 类别: the claim kinds by their Chinese names.
KIND_NAMES = zh(CLAIM_KIND_NAMES)
NO_INDUSTRY = "未填"
DIMENSIONS = ("性别", "年龄段", "人员类别", "类别", "产业")


@dataclass(frozen=True)
class SummaryRow:
    """One row of 汇总, keyed by the exact headers (money ``Decimal``, counts ``int``,
    资金使用率 ``Decimal`` fraction or ``None``)."""

    values: dict[str, object]


@dataclass(frozen=True)
class ReturnPreview:
    month: str
    rows: tuple[SummaryRow, ...]
    total: SummaryRow
    enrollments: int
    payments: int
    drafts: int
    locked: bool
    checks: tuple[Message, ...]  # cross-check failures (empty when all agree)


@dataclass(frozen=True)
class ReturnView:
    id: int
    month: str
    revision: int
    status: str  # exported | submitted
    file_name: str
    sha256: str
    created_at: datetime
    created_by: str | None
    submitted_at: datetime | None
    # Added: who submitted, and the claims still in draft when it was exported (forced).
    submitted_by: str | None = None
    drafts: int = 0


@dataclass(frozen=True)
class Breakdown:
    dimension: str
    rows: tuple[tuple[str, int, Decimal], ...]  # (group, count, amount)


@dataclass(frozen=True)
class Analysis:
    year: int
    breakdowns: tuple[Breakdown, ...]
    ratio_by_month: tuple[tuple[str, Decimal | None], ...]  # 资金使用率 by month
    # Added: the year's totals (claims paid, members paid, amount paid, claims received).
    paid_count: int = 0
    paid_members: int = 0
    paid_amount: Decimal = ZERO
    received: int = 0
