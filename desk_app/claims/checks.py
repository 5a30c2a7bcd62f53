"""Intake checks: which of the member's enrollments cover a claim's date, and every problem of
a claim's input with its place and the clerk's words. Reads only; runs on any thread (the
window calls it on each change through :func:`desk_app.claims.service.preview`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from base.clock import today
from base.errors import msg
from db.models import Claim, Disease, Enrollment, Member, Receipt, Scheme
from desk_app.claims.calc import Amounts, load_scheme_for
from desk_app.claims.model import (
    AMOUNT_FIELDS,
    AMOUNT_NAMES,
    KIND_NAMES,
    KINDS,
    STATUS_NAMES,
    ClaimInput,
    Problem,
)
from desk_app.claims.numbers import canonical_hospital, invoice_key
from desk_app.people.idcard import mask_id
from desk_app.people.members import EnrollmentRow, enrollment_rows
from desk_app.schemes import model as sm

CENT = Decimal("0.01")
MAX_INVOICE = 60
MAX_HOSPITAL = 100
MAX_DISEASE_CODE = 20
MAX_DISEASE_NAME = 100
MAX_NOTE = 1000
MAX_RECEIPTS = 200
_ICD10 = re.compile(r"^[A-Z][0-9]{2}(\.[0-9A-Z]{1,6}([A-Z][0-9]{3})?)?$")
_DATE_FIELDS = {
    "inpatient": ("admission", "discharge"),
    "outpatient": ("visit_date",),
    "death": ("event_date",),
}
_DATE_NAMES = {
    "admission": ("入院日期", "admission date"),
    "discharge": ("出院日期", "discharge date"),
    "visit_date": ("就诊日期", "visit date"),
    "event_date": ("身故日期", "date of death"),
}


def money_text(d: Decimal) -> str:
    return f"{d:,.2f}"


@dataclass
class CleanReceipt:
    """A receipt with its hospital and invoice number in stored form and exact amounts
    (``None`` where an amount could not be read)."""

    invoice_no: str
    hospital: str
    amounts: dict[str, Decimal | None]

    def usable(self) -> Amounts | None:
        if any(v is None for v in self.amounts.values()):
            return None
        return Amounts(**self.amounts)  # type: ignore[arg-type]


@dataclass
class Inspection:
    """What the checks found, and what they resolved on the way (for saving and calculating)."""

    problems: list[Problem] = field(default_factory=list)
    member: Member | None = None
    enrollment: Enrollment | None = None
    scheme_row: Scheme | None = None
    scheme: sm.Scheme | None = None
    receipts: list[CleanReceipt] = field(default_factory=list)
    hospital: str | None = None
    disease_code: str | None = None
    disease_name: str | None = None
    dates: dict[str, date | None] = field(default_factory=dict)

    def add(self, where: str, zh: str, en: str, severity: str = "error", **params: Any) -> None:
        self.problems.append(Problem(where, msg(zh, en, **params), severity))

    def engine_ready(self) -> bool:
        """Can the engine run on it (it rejects bad dates and receipts itself, in words)?"""
        return (
            self.member is not None
            and self.enrollment is not None
            and self.scheme is not None
            and all(r.usable() is not None for r in self.receipts)
        )


# --- enrollments -------------------------------------------------------------------------


def covered_date(
    scheme: sm.Scheme,
    kind: str,
    *,
    admission: date | None = None,
    discharge: date | None = None,
    visit_date: date | None = None,
    event_date: date | None = None,
) -> date | None:
    """The date that must fall in the period: admission or discharge per the scheme's
    ``coverage_date`` for a stay, the visit date, the date of death."""
    if kind == "inpatient":
        return admission if scheme.coverage_date == "admission" else discharge
    if kind == "outpatient":
        return visit_date
    if kind == "death":
        return event_date
    return None


def covered_field(scheme: sm.Scheme, kind: str) -> str:
    if kind == "inpatient":
        return "admission" if scheme.coverage_date == "admission" else "discharge"
    return _DATE_FIELDS.get(kind, ("admission",))[0]


def covering(
    session: Session, member_id: int, on: date | None, discharge: date | None = None
) -> list[EnrollmentRow]:
    rows = enrollment_rows(session, Enrollment.member_id == member_id)
    if on is None and discharge is None:
        return rows
    out: list[EnrollmentRow] = []
    for row in rows:
        scheme_row = session.get(Scheme, row.scheme_id)
        assert scheme_row is not None
        scheme = load_scheme_for(session, scheme_row)
        day = on
        if discharge is not None and scheme.coverage_date == "discharge":
            day = discharge
        if day is not None and scheme.covers(day):
            out.append(row)
    return out


# --- the claim ---------------------------------------------------------------------------


def _amount(value: object) -> Decimal | None:
    """An exact amount, or ``None`` when the value is not one (a float, text, NaN, 3 decimals)."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        return None
    d = Decimal(value)
    if not d.is_finite() or d != d.quantize(CENT):
        return None
    return d.quantize(CENT)


def _text(value: str | None) -> str:
    return " ".join((value or "").split())


def inspect(session: Session, data: ClaimInput, *, claim_id: int | None = None) -> Inspection:
    """Check ``data`` completely; every problem is listed, none stops the others."""
    ins = Inspection()
    kind = data.kind
    if kind not in KINDS:
        ins.add(
            "claim.kind",
            "申请类别应为住院、门诊或身故（现为 {k}）",
            "the kind must be inpatient, outpatient or death (not {k})",
            k=kind,
        )
    _member_and_enrollment(session, data, ins)
    _dates(data, ins)
    _coverage(session, data, ins)
    _texts(session, data, ins)
    _receipts(session, data, ins, claim_id)
    return ins


def _member_and_enrollment(session: Session, data: ClaimInput, ins: Inspection) -> None:
    # One query for the three (the intake form asks on every change).
    hit = (
        session.execute(
            select(Member, Enrollment, Scheme)
            .outerjoin(
                Enrollment,
                (Enrollment.id == (data.enrollment_id or 0)) & (Enrollment.member_id == Member.id),
            )
            .outerjoin(Scheme, Scheme.id == Enrollment.scheme_id)
            .where(Member.id == (data.member_id or 0))
        ).first()
        if data.member_id
        else None
    )
    if hit is None:
        ins.add("claim.member_id", "请选择申请的职工", "choose the member who claims")
        return
    member, enrollment, scheme_row = hit
    ins.member = member
    if enrollment is None or scheme_row is None:
        ins.add(
            "claim.enrollment_id",
            "请选择{n}参保的方案",
            "choose one of {n}'s enrollments",
            n=member.name,
        )
        return
    ins.enrollment = enrollment
    ins.scheme_row = scheme_row
    ins.scheme = load_scheme_for(session, scheme_row)


def _dates(data: ClaimInput, ins: Inspection) -> None:
    fields_ = _DATE_FIELDS.get(data.kind, ())
    for f in fields_:
        value = getattr(data, f)
        ins.dates[f] = value
        zh, en = _DATE_NAMES[f]
        if value is None:
            ins.add(f"claim.{f}", "请填写{w}", "the {w_en} is missing", "incomplete", w=zh, w_en=en)
        elif value > today():
            ins.add(
                f"claim.{f}",
                "{w} {d} 晚于今天",
                "the {w_en} {d} is after today",
                w=zh,
                w_en=en,
                d=value.isoformat(),
            )
    if (
        data.kind == "inpatient"
        and data.admission is not None
        and data.discharge is not None
        and data.discharge < data.admission
    ):
        ins.add(
            "claim.discharge",
            "出院日期 {b} 早于入院日期 {a}",
            "the discharge date {b} is before the admission date {a}",
            a=data.admission.isoformat(),
            b=data.discharge.isoformat(),
        )


def _coverage(session: Session, data: ClaimInput, ins: Inspection) -> None:
    if ins.scheme is None or ins.member is None or data.kind not in KINDS:
        return
    scheme = ins.scheme
    on = covered_date(
        scheme,
        data.kind,
        admission=data.admission,
        discharge=data.discharge,
        visit_date=data.visit_date,
        event_date=data.event_date,
    )
    if on is None or scheme.covers(on):
        return
    f = covered_field(scheme, data.kind)
    zh, en = _DATE_NAMES[f]
    others = [
        r
        for r in covering(
            session,
            ins.member.id,
            data.admission if data.kind == "inpatient" else on,
            data.discharge if data.kind == "inpatient" else None,
        )
        if r.id != data.enrollment_id
    ]
    if others:
        ins.add(
            "claim.enrollment_id",
            "{w} {d} 不在「{s}」的保障期（{a} 至 {b}）内；"
            "该职工参加的「{o}」保障这一天，请改选该方案",
            "the {w_en} {d} is outside the period of {s} ({a} to {b}); {o}, which the member "
            "is also enrolled in, covers it: choose that one",
            w=zh,
            w_en=en,
            d=on.isoformat(),
            s=scheme.name,
            a=scheme.period_start.isoformat(),
            b=scheme.period_end.isoformat(),
            o="、".join(r.scheme_name for r in others),
        )
        return
    held = enrollment_rows(session, Enrollment.member_id == ins.member.id)
    listing = "；".join(f"{r.scheme_name} {r.period_start} 至 {r.period_end}" for r in held)
    ins.add(
        f"claim.{f}",
        "{w} {d} 不在该职工任何参保方案的保障期内（已参保：{l}）",
        "the {w_en} {d} is outside the period of every scheme the member is enrolled in ({l})",
        w=zh,
        w_en=en,
        d=on.isoformat(),
        l=listing or "无",
    )


def _texts(session: Session, data: ClaimInput, ins: Inspection) -> None:
    hospital = _text(data.hospital)
    if len(hospital) > MAX_HOSPITAL:
        ins.add(
            "claim.hospital",
            "医院名称太长（最多 {n} 字）",
            "the hospital name is too long (at most {n})",
            n=MAX_HOSPITAL,
        )
    if hospital:
        ins.hospital = canonical_hospital(session, hospital)
    elif data.kind in ("inpatient", "outpatient"):
        ins.add("claim.hospital", "请填写医院", "the hospital is missing", "incomplete")
    code = _text(data.disease_code).replace(" ", "").upper()
    name = _text(data.disease_name)
    if len(code) > MAX_DISEASE_CODE:
        ins.add(
            "claim.disease_code",
            "疾病编码太长（最多 {n} 位）",
            "the disease code is too long (at most {n})",
            n=MAX_DISEASE_CODE,
        )
    elif code and not _ICD10.match(code):
        ins.add(
            "claim.disease_code",
            "疾病编码 {c} 不像 ICD-10 编码（如 C50.9），请核对",
            "the disease code {c} does not look like an ICD-10 code (C50.9): check it",
            "warning",
            c=code,
        )
    if len(name) > MAX_DISEASE_NAME:
        ins.add(
            "claim.disease_name",
            "疾病名称太长（最多 {n} 字）",
            "the disease name is too long (at most {n})",
            n=MAX_DISEASE_NAME,
        )
    if code and not name:
        known = session.get(Disease, code)
        if known is not None:
            name = known.name
    ins.disease_code = code or None
    ins.disease_name = name or None
    if (
        not code
        and ins.scheme is not None
        and data.kind in ("inpatient", "outpatient")
        and any(
            isinstance(b, (sm.LumpSum, sm.LivingAllowance)) and data.kind in b.applies_to
            for b in ins.scheme.benefits
        )
    ):
        ins.add(
            "claim.disease_code",
            "未填写疾病编码：本方案按病种给付的项目需要它",
            "no disease code: this scheme pays some benefits by diagnosis",
            "warning",
        )
    if data.note is not None and len(data.note) > MAX_NOTE:
        ins.add(
            "claim.note",
            "备注太长（最多 {n} 字）",
            "the note is too long (at most {n})",
            n=MAX_NOTE,
        )


def _receipts(session: Session, data: ClaimInput, ins: Inspection, claim_id: int | None) -> None:
    receipts = tuple(data.receipts)
    if not receipts and data.kind in ("inpatient", "outpatient"):
        ins.add(
            "claim.receipts",
            "请录入至少一张票据",
            "enter at least one receipt",
            "incomplete",
        )
    if len(receipts) > MAX_RECEIPTS:
        ins.add(
            "claim.receipts",
            "一件申请最多 {n} 张票据",
            "at most {n} receipts per claim",
            n=MAX_RECEIPTS,
        )
        receipts = receipts[:MAX_RECEIPTS]
    seen: dict[tuple[str, str], int] = {}
    for i, r in enumerate(receipts):
        where = f"receipts[{i}]"
        n = i + 1
        inv = invoice_key(r.invoice_no)
        hosp_text = _text(r.hospital) or _text(data.hospital)
        hosp = canonical_hospital(session, hosp_text) if hosp_text else ""
        if not inv:
            ins.add(
                f"{where}.invoice_no",
                "第 {n} 张票据：请填写票据号",
                "receipt {n}: the invoice number is missing",
                n=n,
            )
        elif len(inv) > MAX_INVOICE:
            ins.add(
                f"{where}.invoice_no",
                "第 {n} 张票据：票据号太长（最多 {m} 位）",
                "receipt {n}: the invoice number is too long (at most {m})",
                n=n,
                m=MAX_INVOICE,
            )
        if not hosp:
            ins.add(
                f"{where}.hospital",
                "第 {n} 张票据：请填写医院",
                "receipt {n}: the hospital is missing",
                n=n,
            )
        elif len(hosp) > MAX_HOSPITAL:
            ins.add(
                f"{where}.hospital",
                "第 {n} 张票据：医院名称太长",
                "receipt {n}: the hospital name is too long",
                n=n,
            )
        amounts: dict[str, Decimal | None] = {}
        for f in AMOUNT_FIELDS:
            raw = getattr(r, f)
            value = _amount(raw)
            zh, en = AMOUNT_NAMES[f]
            if value is None:
                ins.add(
                    f"{where}.{f}",
                    "第 {n} 张票据：{w} {v} 不是精确到分的金额",
                    "receipt {n}: the {w_en} {v} is not an exact amount in yuan and fen",
                    n=n,
                    w=zh,
                    w_en=en,
                    v=raw,
                )
            elif value < 0:
                ins.add(
                    f"{where}.{f}",
                    "第 {n} 张票据：{w}不能为负数（{v}）",
                    "receipt {n}: the {w_en} cannot be negative ({v})",
                    n=n,
                    w=zh,
                    w_en=en,
                    v=money_text(value),
                )
            amounts[f] = value
        clean = CleanReceipt(inv, hosp, amounts)
        ins.receipts.append(clean)
        usable = clean.usable()
        if usable is not None:
            parts = sum((amounts[f] or Decimal(0) for f in AMOUNT_FIELDS[1:]), Decimal("0.00"))
            if parts != usable.total:
                diff = usable.total - parts
                ins.add(
                    f"{where}.total",
                    "第 {n} 张票据：医疗费总额 {t} 与七个分项之和 {s} 不符，{more} {d} 元",
                    "receipt {n}: the total {t} is not the sum of its seven parts {s} "
                    "({more_en} by {d})",
                    n=n,
                    t=money_text(usable.total),
                    s=money_text(parts),
                    more="总额多" if diff > 0 else "总额少",
                    more_en="more" if diff > 0 else "less",
                    d=money_text(abs(diff)),
                )
            elif usable.total == 0:
                ins.add(
                    f"{where}.total",
                    "第 {n} 张票据：医疗费总额为 0",
                    "receipt {n}: the total is 0",
                    "incomplete",
                    n=n,
                )
        if inv and hosp:
            first = seen.get((hosp, inv))
            if first is not None:
                ins.add(
                    f"{where}.invoice_no",
                    "第 {n} 张票据与第 {m} 张票据的票据号相同（{i}）",
                    "receipt {n} has the same invoice number as receipt {m} ({i})",
                    n=n,
                    m=first + 1,
                    i=inv,
                )
            else:
                seen[(hosp, inv)] = i
    _duplicates_in_database(session, ins, seen, claim_id)


def _duplicates_in_database(
    session: Session,
    ins: Inspection,
    seen: dict[tuple[str, str], int],
    claim_id: int | None,
) -> None:
    """重复报销: an invoice number of the same hospital already on any other claim, ever."""
    if not seen:
        return
    invoices = sorted({inv for _h, inv in seen})
    hits = session.execute(
        select(
            Receipt.hospital,
            Receipt.invoice_no,
            Claim.id,
            Claim.claim_no,
            Claim.status,
            Member.name,
            Member.id_number,
        )
        .join(Claim, Claim.id == Receipt.claim_id)
        .join(Member, Member.id == Claim.member_id)
        .where(Receipt.invoice_no.in_(invoices))
    ).all()
    for hosp, inv, other_id, other_no, status, name, id_number in hits:
        if claim_id is not None and other_id == claim_id:
            continue
        i = seen.get((hosp, inv))
        if i is None:
            continue
        hint_zh = hint_en = ""
        if status == "rejected":
            hint_zh = "；如需重新申请，请审核人回退该申请后修改"
            hint_en = "; to claim again, have a reviewer take that decision back and edit it"
        elif status == "draft":
            hint_zh = "；该申请尚在录入中，请继续录入该申请或先删除它"
            hint_en = "; that claim is still a draft: finish it or delete it first"
        zh_status, en_status = STATUS_NAMES.get(status, (status, status))
        ins.add(
            f"receipts[{i}].invoice_no",
            "重复报销：{h} 的票据号 {inv} 已用于申请 {no}（{name}，{st}）{hint}",
            "duplicate claim (重复报销): invoice {inv} of {h} is already on claim {no} "
            "({id}, {st_en}){hint_en}",
            h=hosp,
            inv=inv,
            no=other_no,
            name=name,
            id=mask_id(id_number),
            st=zh_status,
            st_en=en_status,
            hint=hint_zh,
            hint_en=hint_en,
        )


def kind_name(kind: str) -> tuple[str, str]:
    return KIND_NAMES.get(kind, (kind, kind))
