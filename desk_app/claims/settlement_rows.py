"""The settlement file's rows (FILES.md §2), read and checked one by one without the
database: each good row becomes a :class:`SettlementRow`, each bad one a ``RowError`` with every
problem of the row in the clerk's words."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from base.errors import Message, RowError, msg
from base.money import MAX_AMOUNT, MoneyError, parse_money
from base.progress import check
from desk_app.claims.inspection import CENT, money_text
from desk_app.claims.model import AMOUNT_FIELDS, AMOUNT_NAMES, COMPONENTS
from desk_app.claims.numbers import HospitalNames, invoice_key
from desk_app.people.idcard import normalise
from desk_app.schemes.settlements import KINDS, SETTLEMENT_COLUMNS
from desk_app.terms import DATE_NAMES
from desk_app.xlsx import read as xlsxio

# Header cells are compared without spaces, required marks and bracketed notes (see
# xlsxio.header_key).
COLUMNS = SETTLEMENT_COLUMNS
HEADER_FIND = ("name", "id_number")
REQUIRED_COLUMNS = ("name", "id_number", "hospital", "invoice_no", "kind", *AMOUNT_FIELDS)
COLUMN_LABELS = {f: names[0] for f, names in COLUMNS.items()}
_DATE_FIELDS = ("admission", "discharge", "visit_date")


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


def _problem(zh: str, en: str, **params: Any) -> Message:
    return msg(zh, en, **params)


def cell_money(value: Any) -> Decimal | None:
    """An amount from a number or text cell; ``None`` for a blank cell. A float cell is taken
    at the cent it shows (Excel keeps 1830.39 as a binary float); more than two real decimals
    raise MoneyError."""
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


def parse_row(
    number: int,
    values: tuple[Any, ...],
    header: xlsxio.Header,
    hospitals: HospitalNames,
    today: date,
) -> tuple[SettlementRow | RowError, tuple[Any, ...] | None]:
    """One row: a good row, or its error and (when the person, kind, dates and hospital
    could be read) the claim it belongs to, so that the rest of that claim is held back."""
    get = xlsxio.column_values(values, header)
    shown = {COLUMN_LABELS[f]: xlsxio.text(get(f)) for f in COLUMNS if f in header.columns}
    problems: list[Message] = []
    name = "".join(xlsxio.text(get("name")).split())
    if not name:
        problems.append(_problem("姓名为空", "the name is empty"))
    try:
        id_text = xlsxio.digits_text(get("id_number"), what_zh="身份证号", what_en="ID number")
    except xlsxio.CellError as exc:
        problems.append(exc.message)
        id_text = ""
    id_number = normalise(id_text)
    if not id_number and not problems:
        problems.append(_problem("身份证号为空", "the ID number is empty"))
    hospital_text = xlsxio.text(get("hospital"))
    hospital = hospitals.canonical(hospital_text) if hospital_text else ""
    if not hospital:
        problems.append(_problem("医院名称为空", "the hospital is empty"))
    elif len(hospital) > 100:
        problems.append(_problem("医院名称太长", "the hospital name is too long"))
    invoice = invoice_key(xlsxio.text(get("invoice_no")))
    if not invoice:
        problems.append(_problem("票据号为空", "the invoice number is empty"))
    elif len(invoice) > 60:
        problems.append(_problem("票据号太长（最多 60 位）", "the invoice number is too long"))
    kind_text = "".join(xlsxio.text(get("kind")).split())
    kind = KINDS.get(kind_text.lower()) or (
        "inpatient" if "住院" in kind_text else "outpatient" if "门诊" in kind_text else None
    )
    if kind is None:
        problems.append(
            _problem(
                "就诊类型应为住院或门诊（现为「{k}」）",
                "the kind must be 住院 or 门诊 (not {k!r})",
                k=xlsxio.shorten(kind_text),
            )
        )
    dates: dict[str, date | None] = {}
    bad_dates = False
    for f in _DATE_FIELDS:
        zh, en = DATE_NAMES[f]
        try:
            dates[f] = xlsxio.cell_date(get(f), what_zh=zh, what_en=en)
        except xlsxio.CellError as exc:
            dates[f] = None
            if _relevant(kind, f):
                problems.append(exc.message)
                bad_dates = True
            continue
        d = dates[f]
        if d is not None and d > today and _relevant(kind, f):
            problems.append(
                _problem("{w} {d} 晚于今天", "the {w_en} {d} is after today", w=zh, w_en=en, d=d)
            )
            bad_dates = True
    if kind == "inpatient" and not bad_dates:
        a, b = dates["admission"], dates["discharge"]
        if a is None:
            problems.append(
                _problem("住院缺少入院日期", "an inpatient row needs the admission date")
            )
        if b is None:
            problems.append(
                _problem("住院缺少出院日期", "an inpatient row needs the discharge date")
            )
        if a is not None and b is not None and b < a:
            problems.append(
                _problem(
                    "出院日期 {b} 早于入院日期 {a}",
                    "the discharge date {b} is before the admission date {a}",
                    a=a,
                    b=b,
                )
            )
    if kind == "outpatient" and not bad_dates and dates["visit_date"] is None:
        problems.append(_problem("门诊缺少就诊日期", "an outpatient row needs the visit date"))
    amounts: dict[str, Decimal] = {}
    bad_amount = False
    for f in AMOUNT_FIELDS:
        zh, en = AMOUNT_NAMES[f]
        try:
            value = cell_money(get(f))
        except MoneyError:
            problems.append(
                _problem(
                    "{w}不是精确到分的金额：{v}",
                    "the {w_en} is not an amount in yuan and fen: {v}",
                    w=zh,
                    w_en=en,
                    v=xlsxio.shorten(xlsxio.text(get(f))),
                )
            )
            bad_amount = True
            continue
        if value is None:
            if f == "total":
                problems.append(_problem("医疗费总额为空", "the total is empty"))
                bad_amount = True
                continue
            value = Decimal("0.00")  # a blank component is nothing paid that way
        if value < 0:
            problems.append(
                _problem(
                    "{w}不能为负数（{v}）",
                    "the {w_en} cannot be negative ({v})",
                    w=zh,
                    w_en=en,
                    v=money_text(value),
                )
            )
            bad_amount = True
        amounts[f] = value
    if not bad_amount:
        parts = sum((amounts[c] for c in COMPONENTS), Decimal("0.00"))
        if parts != amounts["total"]:
            diff = amounts["total"] - parts
            problems.append(
                _problem(
                    "医疗费总额 {t} 与七个分项之和 {s} 不符（{more} {d} 元）",
                    "the total {t} is not the sum of its seven parts {s} ({more_en} by {d})",
                    t=money_text(amounts["total"]),
                    s=money_text(parts),
                    more="总额多" if diff > 0 else "总额少",
                    more_en="more" if diff > 0 else "less",
                    d=money_text(abs(diff)),
                )
            )
        elif amounts["total"] == 0:
            problems.append(_problem("医疗费总额为 0", "the total is 0"))
    code = "".join(xlsxio.text(get("disease_code")).split()).upper()
    disease_name = xlsxio.text(get("disease_name"))
    if len(code) > 20 or len(disease_name) > 100:
        problems.append(_problem("疾病编码或名称太长", "the disease code or name is too long"))
    if problems:
        key = None
        if id_number and kind and hospital and not bad_dates:
            key = (
                id_number,
                kind,
                dates["admission"] if kind == "inpatient" else None,
                dates["discharge"] if kind == "inpatient" else None,
                dates["visit_date"] if kind == "outpatient" else None,
                hospital,
            )
        return RowError(number, _join(problems), shown), key
    assert kind is not None
    row = SettlementRow(
        row=number,
        name=name,
        id_number=id_number,
        kind=kind,
        admission=dates["admission"] if kind == "inpatient" else None,
        discharge=dates["discharge"] if kind == "inpatient" else None,
        visit_date=dates["visit_date"] if kind == "outpatient" else None,
        hospital=hospital,
        invoice_no=invoice,
        disease_code=code or None,
        disease_name=disease_name or None,
        amounts=amounts,
        values=shown,
    )
    return row, row.group_key()


def _relevant(kind: str | None, date_field: str) -> bool:
    """Does this date column matter for the row's kind (the others are ignored)?"""
    if kind == "inpatient":
        return date_field in ("admission", "discharge")
    return kind == "outpatient" and date_field == "visit_date"


def _join(problems: list[Message]) -> Message:
    """Every problem of the row in one message; each quotes its cell short (a cell of 10 000
    characters is not repeated into the error report)."""
    return Message(
        "；".join(xlsxio.shorten(p.zh, 200) for p in problems),
        "; ".join(xlsxio.shorten(p.en, 200) for p in problems),
    )


def parse_rows(
    sheet: xlsxio.SheetRows,
    header: xlsxio.Header,
    hospitals: HospitalNames,
    today: date,
    cancel: threading.Event | None,
) -> tuple[list[SettlementRow], list[RowError], dict[tuple[Any, ...], list[int]]]:
    """Every row under the header: the good ones, the errors (rows of the same hospital and
    invoice number after the first are errors: the same slip twice in one file), and the
    claims (group keys) that bad rows belong to."""
    good: list[SettlementRow] = []
    errors: list[RowError] = []
    bad_groups: dict[tuple[Any, ...], list[int]] = {}
    first_of: dict[tuple[str, str], SettlementRow] = {}
    for n, (number, values) in enumerate(sheet.rows[header.position + 1 :], start=1):
        if n % 500 == 0:
            check(cancel)
        parsed, key = parse_row(number, values, header, hospitals, today)
        if isinstance(parsed, RowError):
            errors.append(parsed)
            if key is not None:
                bad_groups.setdefault(key, []).append(number)
            continue
        slip = (parsed.hospital, parsed.invoice_no)
        earlier = first_of.get(slip)
        if earlier is not None:
            errors.append(
                RowError(
                    number,
                    msg(
                        "与第 {r} 行是同一张票据（{h} {i}），同一文件中重复",
                        "the same receipt as row {r} ({h} {i}), twice in the file",
                        r=earlier.row,
                        h=parsed.hospital,
                        i=parsed.invoice_no,
                    ),
                    parsed.values,
                )
            )
            # A line doubled within one stay leaves that stay whole; a slip that also appears
            # under another stay makes that other stay doubtful: it is held back.
            if parsed.group_key() != earlier.group_key():
                bad_groups.setdefault(parsed.group_key(), []).append(number)
            continue
        first_of[slip] = parsed
        good.append(parsed)
    return good, errors, bad_groups
