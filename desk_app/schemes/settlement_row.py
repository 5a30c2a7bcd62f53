"""One row of the bureau's settlement file (FILES.md §2) checked: the one definition of a good
row and of every problem of a bad one, in the clerk's words, for the desk's settlement import
(desk_app/claims/settlement.py) and the scheme simulation's reader (:mod:`.settlements`). A
row one refuses the other refuses with the same message.

No database: the desk passes its hospital list's spelling (``canonical``), the simulation the
cell's text. Each part of the row has its check below; every problem of the row is reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from base.errors import Message, RowError, msg
from base.money import CENT, MAX_AMOUNT, MoneyError, parse_money
from desk_app.terms import AMOUNT_FIELDS, AMOUNT_NAMES, COMPONENTS, DATE_NAMES, invoice_key
from desk_app.terms import normalise_id as normalise
from desk_app.xlsx import read as xlsxio

# FILES.md §2, column → the names it goes by in the bureau's exports, first the spec's own.
# The one map for the settlement import at the desk and the simulation's reader.
SETTLEMENT_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("姓名",),
    "id_number": ("身份证号", "身份证号码", "公民身份号码"),
    "hospital": ("医院名称", "医院", "定点医疗机构", "医疗机构名称"),
    "invoice_no": ("票据号", "票据号码", "结算单号", "发票号", "发票号码"),
    "kind": ("就诊类型", "医疗类别", "类别"),
    "admission": ("入院日期",),
    "discharge": ("出院日期",),
    "visit_date": ("就诊日期", "门诊日期"),
    "disease_code": ("疾病编码", "诊断编码"),
    "disease_name": ("疾病名称", "诊断名称"),
    "total": ("医疗费总额", "医疗总费用"),
    "fund_paid": ("统筹基金支付",),
    "other_paid": ("其他支付", "大病保险/医疗救助等支付"),
    "deductible": ("起付标准自付",),
    "copay": ("按比例自付",),
    "over_cap": ("超封顶线自付",),
    "class_b": ("自付二", "乙类先自付"),
    "self_funded": ("自费",),
}
COLUMN_LABELS = {f: names[0] for f, names in SETTLEMENT_COLUMNS.items()}
# The columns a settlement file must have (the header is refused without one of them).
REQUIRED_COLUMNS = ("name", "id_number", "hospital", "invoice_no", "kind", *AMOUNT_FIELDS)
KINDS = {
    "住院": "inpatient",
    "门诊": "outpatient",
    "inpatient": "inpatient",
    "outpatient": "outpatient",
}
MAX_INVOICE = 60
MAX_HOSPITAL = 100
MAX_DISEASE_CODE = 20
MAX_DISEASE_NAME = 100
_DATE_FIELDS = ("admission", "discharge", "visit_date")
_ZERO = Decimal("0.00")


@dataclass
class SettlementRow:
    """One good row: one receipt of one person's claim."""

    row: int
    name: str
    id_number: str
    kind: str
    admission: date | None
    discharge: date | None
    visit_date: date | None
    hospital: str
    invoice_no: str
    disease_code: str | None
    disease_name: str | None
    amounts: dict[str, Decimal]
    values: dict[str, str] = field(default_factory=dict)

    def group_key(self) -> tuple[Any, ...]:
        """Rows of the same person, kind, dates and hospital form one claim."""
        return (
            self.id_number,
            self.kind,
            self.admission,
            self.discharge,
            self.visit_date,
            self.hospital,
        )

    @property
    def covered_dates(self) -> tuple[date | None, date | None]:
        if self.kind == "inpatient":
            return self.admission, self.discharge
        return self.visit_date, None

    def same_amounts(self, other: Any) -> bool:
        return all(self.amounts[f] == getattr(other, f) for f in AMOUNT_FIELDS)


Get = Callable[[str], Any]
_PLAIN_MONEY = re.compile(r"[0-9]{1,10}(?:\.[0-9]{1,2})?")


def cell_money(value: Any) -> Decimal | None:
    """An amount from a number or text cell; ``None`` for a blank cell. A float cell is taken
    at the cent it shows (Excel keeps 1830.39 as a binary float); more than two real decimals
    raise MoneyError."""
    if type(value) is str and _PLAIN_MONEY.fullmatch(value):
        return Decimal(value).quantize(CENT)  # the common case, as parse_money reads it
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise MoneyError(f"not an amount: {value!r}")
    if isinstance(value, float):
        try:
            d = Decimal(repr(value))
        except InvalidOperation as exc:
            raise MoneyError(f"not an amount: {value!r}") from exc
        if not d.is_finite() or d.copy_abs() > MAX_AMOUNT:
            raise MoneyError(f"not an amount: {value!r}")
        q = d.quantize(CENT)
        if abs(d - q) > Decimal("0.000001"):
            raise MoneyError(f"more than two decimals: {value!r}")
        return q + 0  # -0.0 is 0.00
    if isinstance(value, int):
        return parse_money(value, allow_negative=True)
    return parse_money(xlsxio.text(value), allow_negative=True)


def _money_text(d: Decimal) -> str:
    return f"{d:,.2f}"


def check_row(
    number: int,
    get: Get,
    columns: Collection[str],
    canonical: Callable[[str], str],
    today: date,
    *,
    keep_values: bool = True,
) -> tuple[SettlementRow | RowError, tuple[Any, ...] | None]:
    """One row (``get`` gives a column's raw cell, ``None`` when absent; ``columns`` are the
    fields the header has, quoted back with an error, and kept with a good row when
    ``keep_values``): a good row, or its
    error and (when the person, kind, dates and hospital could be read) the claim it belongs
    to, so that the rest of that claim can be held back."""
    problems: list[Message] = []
    name, id_number = _person(get, problems)
    hospital, invoice = _slip(get, canonical, problems)
    kind = _kind(get, problems)
    dates, bad_dates = _dates(get, kind, today, problems)
    amounts = _amounts(get, problems)
    code, disease_name = _disease(get, problems)
    shown = {}
    if problems or keep_values:
        shown = {COLUMN_LABELS[f]: xlsxio.text(get(f)) for f in SETTLEMENT_COLUMNS if f in columns}
    if problems:
        key = None
        if id_number and kind and hospital and not bad_dates:
            key = (id_number, kind, *_kind_dates(kind, dates), hospital)
        return RowError(number, _join(problems), shown), key
    assert kind is not None
    admission, discharge, visit = _kind_dates(kind, dates)
    row = SettlementRow(
        row=number,
        name=name,
        id_number=id_number,
        kind=kind,
        admission=admission,
        discharge=discharge,
        visit_date=visit,
        hospital=hospital,
        invoice_no=invoice,
        disease_code=code or None,
        disease_name=disease_name or None,
        amounts=amounts,
        values=shown,
    )
    return row, row.group_key()


def _kind_dates(kind: str, dates: dict[str, date | None]) -> tuple[date | None, ...]:
    """Admission, discharge and visit date as the kind has them (the others are ignored)."""
    inpatient, outpatient = kind == "inpatient", kind == "outpatient"
    return (
        dates["admission"] if inpatient else None,
        dates["discharge"] if inpatient else None,
        dates["visit_date"] if outpatient else None,
    )


def _person(get: Get, problems: list[Message]) -> tuple[str, str]:
    """姓名 and 身份证号 (an ID in a number cell has lost its last digits)."""
    name = "".join(xlsxio.text(get("name")).split())
    if not name:
        problems.append(msg("姓名为空", "the name is empty"))
    try:
        id_text = xlsxio.digits_text(get("id_number"), what_zh="身份证号", what_en="ID number")
    except xlsxio.CellError as exc:
        problems.append(exc.message)
        id_text = ""
    id_number = normalise(id_text)
    if not id_number and not problems:
        problems.append(msg("身份证号为空", "the ID number is empty"))
    return name, id_number


def _slip(get: Get, canonical: Callable[[str], str], problems: list[Message]) -> tuple[str, str]:
    """医院名称 (as ``canonical`` spells it) and 票据号."""
    hospital_text = xlsxio.text(get("hospital"))
    hospital = canonical(hospital_text) if hospital_text else ""
    if not hospital:
        problems.append(msg("医院名称为空", "the hospital is empty"))
    elif len(hospital) > MAX_HOSPITAL:
        problems.append(msg("医院名称太长", "the hospital name is too long"))
    invoice = invoice_key(xlsxio.text(get("invoice_no")))
    if not invoice:
        problems.append(msg("票据号为空", "the invoice number is empty"))
    elif len(invoice) > MAX_INVOICE:
        problems.append(msg("票据号太长（最多 60 位）", "the invoice number is too long"))
    return hospital, invoice


def _kind(get: Get, problems: list[Message]) -> str | None:
    """就诊类型: 住院 or 门诊 (also within a longer name such as 普通住院)."""
    kind_text = "".join(xlsxio.text(get("kind")).split())
    kind = KINDS.get(kind_text.lower()) or (
        "inpatient" if "住院" in kind_text else "outpatient" if "门诊" in kind_text else None
    )
    if kind is None:
        problems.append(
            msg(
                "就诊类型应为住院或门诊（现为「{k}」）",
                "the kind must be 住院 or 门诊 (not {k!r})",
                k=xlsxio.shorten(kind_text),
            )
        )
    return kind


def _relevant(kind: str | None, date_field: str) -> bool:
    """Does this date column matter for the row's kind (the others are ignored)?"""
    if kind == "inpatient":
        return date_field in ("admission", "discharge")
    return kind == "outpatient" and date_field == "visit_date"


def _dates(
    get: Get, kind: str | None, today: date, problems: list[Message]
) -> tuple[dict[str, date | None], bool]:
    """The dates the kind needs, each a date and not after today, a stay's in order; and
    whether one of them could not be read."""
    dates: dict[str, date | None] = {}
    bad = False
    for f in _DATE_FIELDS:
        zh, en = DATE_NAMES[f]
        try:
            dates[f] = d = _cell_date(get(f), zh, en)
        except xlsxio.CellError as exc:
            dates[f] = None
            if _relevant(kind, f):
                problems.append(exc.message)
                bad = True
            continue
        if d is not None and d > today and _relevant(kind, f):
            problems.append(
                msg("{w} {d} 晚于今天", "the {w_en} {d} is after today", w=zh, w_en=en, d=d)
            )
            bad = True
    if not bad:
        _needed_dates(kind, dates, problems)
    return dates, bad


_KNOWN_DATES: dict[str, date] = {}


def _cell_date(value: Any, zh: str, en: str) -> date | None:
    """:func:`xlsxio.cell_date`, remembering the texts read well (a file has a few years of
    days in a few spellings, in millions of rows)."""
    if type(value) is not str:
        return xlsxio.cell_date(value, what_zh=zh, what_en=en)
    if not value:
        return None
    known = _KNOWN_DATES.get(value)
    if known is None:
        known = xlsxio.cell_date(value, what_zh=zh, what_en=en)
        if known is None:
            return None
        if len(_KNOWN_DATES) > 20_000:  # bounded
            _KNOWN_DATES.clear()
        _KNOWN_DATES[value] = known
    return known


def _needed_dates(kind: str | None, dates: dict[str, date | None], problems: list[Message]) -> None:
    if kind == "outpatient" and dates["visit_date"] is None:
        problems.append(msg("门诊缺少就诊日期", "an outpatient row needs the visit date"))
    if kind != "inpatient":
        return
    a, b = dates["admission"], dates["discharge"]
    if a is None:
        problems.append(msg("住院缺少入院日期", "an inpatient row needs the admission date"))
    if b is None:
        problems.append(msg("住院缺少出院日期", "an inpatient row needs the discharge date"))
    if a is not None and b is not None and b < a:
        problems.append(
            msg(
                "出院日期 {b} 早于入院日期 {a}",
                "the discharge date {b} is before the admission date {a}",
                a=a,
                b=b,
            )
        )


def _amounts(get: Get, problems: list[Message]) -> dict[str, Decimal]:
    """The eight amounts: whole fen, not negative, a blank component 0, the total not blank,
    not 0 and the sum of the seven components."""
    amounts: dict[str, Decimal] = {}
    bad = False
    for f in AMOUNT_FIELDS:
        cell = get(f)
        if type(cell) is str and _PLAIN_MONEY.fullmatch(cell):
            amounts[f] = Decimal(cell).quantize(CENT)  # what cell_money reads, sooner
            continue
        value = _amount(get, f, problems)
        if value is None:
            bad = True
        else:
            amounts[f] = value
    if bad:
        return amounts
    parts = sum((amounts[c] for c in COMPONENTS), _ZERO)
    if parts != amounts["total"]:
        diff = amounts["total"] - parts
        problems.append(
            msg(
                "医疗费总额 {t} 与七个分项之和 {s} 不符（{more} {d} 元）",
                "the total {t} is not the sum of its seven parts {s} ({more_en} by {d})",
                t=_money_text(amounts["total"]),
                s=_money_text(parts),
                more="总额多" if diff > 0 else "总额少",
                more_en="more" if diff > 0 else "less",
                d=_money_text(abs(diff)),
            )
        )
    elif amounts["total"] == 0:
        problems.append(msg("医疗费总额为 0", "the total is 0"))
    return amounts


def _amount(get: Get, f: str, problems: list[Message]) -> Decimal | None:
    """One amount, or ``None`` (with its problem) when it is not a good one."""
    zh, en = AMOUNT_NAMES[f]
    try:
        value = cell_money(get(f))
    except MoneyError:
        problems.append(
            msg(
                "{w}不是精确到分的金额：{v}",
                "the {w_en} is not an amount in yuan and fen: {v}",
                w=zh,
                w_en=en,
                v=xlsxio.shorten(xlsxio.text(get(f))),
            )
        )
        return None
    if value is None:
        if f == "total":
            problems.append(msg("医疗费总额为空", "the total is empty"))
            return None
        return _ZERO  # a blank component is nothing paid that way
    if value < 0:
        problems.append(
            msg(
                "{w}不能为负数（{v}）",
                "the {w_en} cannot be negative ({v})",
                w=zh,
                w_en=en,
                v=_money_text(value),
            )
        )
        return None
    return value


def _disease(get: Get, problems: list[Message]) -> tuple[str, str]:
    code = "".join(xlsxio.text(get("disease_code")).split()).upper()
    disease_name = xlsxio.text(get("disease_name"))
    if len(code) > MAX_DISEASE_CODE or len(disease_name) > MAX_DISEASE_NAME:
        problems.append(msg("疾病编码或名称太长", "the disease code or name is too long"))
    return code, disease_name


def _join(problems: list[Message]) -> Message:
    """Every problem of the row in one message; each quotes its cell short (a cell of 10 000
    characters is not repeated into the error report)."""
    return Message(
        "；".join(xlsxio.shorten(p.zh, 200) for p in problems),
        "; ".join(xlsxio.shorten(p.en, 200) for p in problems),
    )
