"""The intake checks of a claim's receipts: how many, each one's invoice number, hospital and
exact amounts, whether its seven parts add up to its total, and 重复报销 — an invoice of the
same hospital twice on the claim or already on another claim, ever."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Claim, Member, Receipt
from desk_app.claims.inspection import (
    MAX_HOSPITAL,
    MAX_INVOICE,
    MAX_RECEIPTS,
    CleanReceipt,
    Inspection,
    exact_amount,
    money_text,
    one_line,
)
from desk_app.claims.model import (
    AMOUNT_FIELDS,
    AMOUNT_NAMES,
    ClaimInput,
    ReceiptInput,
    status_names,
)
from desk_app.claims.numbers import canonical_hospital, invoice_key
from desk_app.people.idcard import mask_id


def check_receipts(
    session: Session, data: ClaimInput, ins: Inspection, claim_id: int | None
) -> None:
    """Every problem of the receipts, in order; each receipt (cleaned) goes into
    ``ins.receipts``. ``claim_id`` is the claim being edited (its own receipts are no
    duplicates)."""
    seen: dict[tuple[str, str], int] = {}  # (hospital, invoice) -> the first receipt's index
    for i, r in enumerate(_within_limits(data, ins)):
        clean = _clean(session, data, ins, i, r)
        ins.receipts.append(clean)
        _adds_up(ins, i, clean)
        if clean.invoice_no and clean.hospital:
            _once_on_the_claim(ins, i, clean, seen)
    _duplicates_in_database(session, ins, seen, claim_id)


def _within_limits(data: ClaimInput, ins: Inspection) -> tuple[ReceiptInput, ...]:
    """The receipts to check: at least one for a stay or a visit, at most MAX_RECEIPTS."""
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
    return receipts


def _clean(
    session: Session, data: ClaimInput, ins: Inspection, i: int, r: ReceiptInput
) -> CleanReceipt:
    """The receipt in stored form (a blank hospital is the claim's), its problems added."""
    where, n = f"receipts[{i}]", i + 1
    inv = invoice_key(r.invoice_no)
    hosp_text = one_line(r.hospital) or one_line(data.hospital)
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
    return CleanReceipt(inv, hosp, _amounts(ins, i, r))


def _amounts(ins: Inspection, i: int, r: ReceiptInput) -> dict[str, Decimal | None]:
    """The receipt's amounts, exact (``None`` where one is not an amount in yuan and fen)."""
    where, n = f"receipts[{i}]", i + 1
    amounts: dict[str, Decimal | None] = {}
    for f in AMOUNT_FIELDS:
        raw = getattr(r, f)
        value = exact_amount(raw)
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
    return amounts


def _adds_up(ins: Inspection, i: int, clean: CleanReceipt) -> None:
    """The seven parts add up to the total, and the total is not 0."""
    usable = clean.usable()
    if usable is None:
        return
    where, n = f"receipts[{i}]", i + 1
    amounts = clean.amounts
    parts = sum((amounts[f] or Decimal(0) for f in AMOUNT_FIELDS[1:]), Decimal("0.00"))
    if parts != usable.total:
        diff = usable.total - parts
        ins.add(
            f"{where}.total",
            "第 {n} 张票据：医疗费总额 {t} 与七个分项之和 {s} 不符，{more} {d} 元",
            "receipt {n}: the total {t} is not the sum of its seven parts {s} ({more_en} by {d})",
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


def _once_on_the_claim(
    ins: Inspection, i: int, clean: CleanReceipt, seen: dict[tuple[str, str], int]
) -> None:
    """The same hospital's invoice number is not on an earlier receipt of the claim."""
    key = (clean.hospital, clean.invoice_no)
    first = seen.get(key)
    if first is None:
        seen[key] = i
        return
    ins.add(
        f"receipts[{i}].invoice_no",
        "第 {n} 张票据与第 {m} 张票据的票据号相同（{i}）",
        "receipt {n} has the same invoice number as receipt {m} ({i})",
        n=i + 1,
        m=first + 1,
        i=clean.invoice_no,
    )


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
        zh_status, en_status = status_names(status)
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
