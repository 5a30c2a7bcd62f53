"""Demo claims: a year of the desk's work, walked through month by month with the clock frozen
on the demo's own thread (base.clock.frozen), so every step goes through the real services
on a plausible date — claims entered and submitted, approved or rejected by a second person,
paid in a monthly batch with its bank and SMS lists, the first months' returns submitted (their
claims reported), and this month's work still open: claims waiting for review, approved claims
waiting for payment, drafts, a pending reversal.
"""

from __future__ import annotations

import random
import tempfile
import threading
from collections import Counter
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select

from base import clock
from base.errors import DeskError
from base.progress import Progress, check, report
from db import Database
from db.models import Claim, Enrollment, Hospital, Scheme
from desk_app.access import users
from desk_app.access.auth import Actor
from desk_app.claims import bulk, intake, review
from desk_app.claims.model import ClaimInput, ReceiptInput

DEMO_PASSWORD = "Demo-2026x"  # the demo users' password (demo databases only)
DEMO_USERS = (("jingban", "王经办", "clerk"), ("shenhe", "赵审核", "reviewer"))
_DISEASES = [
    ("K35.8", "急性阑尾炎"),
    ("K80.2", "胆囊结石不伴胆囊炎"),
    ("J18.9", "肺炎"),
    ("I63.9", "脑梗死"),
    ("I21.9", "急性心肌梗死"),
    ("E11.9", "2型糖尿病"),
    ("M51.2", "腰椎间盘突出"),
    ("S72.0", "股骨颈骨折"),
    ("N20.0", "肾结石"),
    ("C34.9", "支气管或肺恶性肿瘤"),
    ("C50.9", "乳房恶性肿瘤"),
    ("H25.9", "老年性白内障"),
    ("J44.1", "慢性阻塞性肺病伴急性加重"),
    ("I10", "原发性高血压"),
    ("O82.0", "剖宫产"),
]


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=clock.DESK_TZ)


def demo_actors(db: Database) -> tuple[Actor, Actor]:
    """The demo's clerk and reviewer (made with :data:`DEMO_PASSWORD` when missing)."""
    out = []
    for login, name, role in DEMO_USERS:
        with db.uow() as uow:
            try:
                out.append(users.get_user(uow, login).actor)
                continue
            except DeskError:
                pass
            done = users.add_system_user(uow, login, name, users.Role(role), DEMO_PASSWORD)
            uow.commit()
            out.append(done.value.actor)
    return out[0], out[1]


def _yuan(fen: int) -> Decimal:
    return Decimal(fen).scaleb(-2)


def _share(fen: int, low_bp: int, high_bp: int, rng: random.Random) -> int:
    """A random share of ``fen`` between two rates in basis points, in whole fen."""
    return max(0, fen) * rng.randint(low_bp, high_bp) // 10_000


def _receipt(rng: random.Random, hospital: str, invoice: str) -> dict[str, Decimal]:
    """A plausible inpatient settlement slip whose components add up exactly (drawn in whole
    fen; only the bill's size is drawn from a continuous distribution)."""
    total_fen = int(rng.lognormvariate(9.4, 0.7) * 100)  # median about 12 000 yuan
    deductible_fen = rng.choice([300, 500, 800, 1000, 1200]) * 100
    self_funded_fen = _share(total_fen, 0, 800, rng)
    class_b_fen = _share(total_fen, 0, 600, rng)
    rest = total_fen - deductible_fen - self_funded_fen - class_b_fen
    copay_fen = _share(rest, 1000, 2500, rng)
    total, deductible = _yuan(total_fen), _yuan(deductible_fen)
    self_funded, class_b, copay = _yuan(self_funded_fen), _yuan(class_b_fen), _yuan(copay_fen)
    fund = total - deductible - self_funded - class_b - copay
    if fund < 0:  # a small bill: all self-paid
        copay, fund = copay + fund, Decimal("0.00")
    return {
        "total": total,
        "fund_paid": fund,
        "other_paid": Decimal("0.00"),
        "deductible": deductible,
        "copay": copay,
        "over_cap": Decimal("0.00"),
        "class_b": class_b,
        "self_funded": self_funded,
    }


def build_claims(
    db: Database,
    *,
    members: int,
    seed: int,
    exports: Path | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> dict[str, int]:
    """Claims for about 2 % of the members in this year's inpatient scheme, in every state;
    returns the number of claims by status."""
    from desk_app.payments import service as payments
    from desk_app.returns import service as returns

    rng = random.Random(seed * 7919)
    today = clock.today()
    year = today.year
    clerk, reviewer = demo_actors(db)
    with db.reader() as uow:
        s = uow.session
        scheme_id = s.execute(select(Scheme.id).where(Scheme.code == f"SX-{year}-ZY")).scalar_one()
        enrolled = list(
            s.execute(
                select(Enrollment.id, Enrollment.member_id, Enrollment.enrolled_on)
                .where(Enrollment.scheme_id == scheme_id)
                .order_by(Enrollment.id)
            )
        )
        hospitals = [
            h
            for (h,) in s.execute(
                select(Hospital.name).where(Hospital.region == "绍兴市").order_by(Hospital.id)
            )
        ]
        have = s.execute(select(func.count(Claim.id))).scalar_one()
    if have or not enrolled:
        return {}
    total = max(24, min(1500, members // 50))  # enough for every screen; review is per claim
    months = list(range(1, today.month + 1))
    per_month = max(2, total // len(months))
    out_dir = exports or Path(tempfile.mkdtemp(prefix="demo-lists-"))
    invoice_no = 0

    def new_claims(month: int, count: int, first: int, last: int, by: date) -> list[bulk.NewClaim]:
        """Stays admitted in ``month`` between days ``first`` and ``last``, discharged before
        ``by`` (the day the claim is handed in)."""
        nonlocal invoice_no
        made = []
        # Mostly stays after the member enrolled (a few not: the engine rejects those).
        end = date(year, month, last)
        pool = [e for e in enrolled if e[2] < end] or enrolled
        for enrollment_id, member_id, enrolled_on in rng.sample(pool, min(count, len(pool))):
            admission = date(year, month, rng.randint(first, last))
            if admission <= enrolled_on and rng.random() < 0.9:
                admission = min(end, enrolled_on + timedelta(days=rng.randint(1, 6)))
            admission = min(admission, by - timedelta(days=1))
            discharge = max(admission, min(admission + timedelta(days=rng.randint(1, 20)), by))
            code, name = rng.choice(_DISEASES)
            hospital = rng.choice(hospitals) if hospitals else "绍兴市人民医院"
            receipts = []
            for _ in range(1 if rng.random() < 0.85 else 2):
                invoice_no += 1
                number = f"ZY{year}{month:02d}{invoice_no:06d}"
                receipts.append(bulk.NewReceipt(number, hospital, _receipt(rng, hospital, number)))
            made.append(
                bulk.NewClaim(
                    member_id=member_id,
                    enrollment_id=enrollment_id,
                    kind="inpatient",
                    admission=admission,
                    discharge=discharge,
                    visit_date=None,
                    hospital=hospital,
                    disease_code=code,
                    disease_name=name,
                    note=None,
                    receipts=receipts,
                )
            )
        made.sort(key=lambda c: c.discharge or c.admission or today)
        return made

    def submit(month_claims: list[bulk.NewClaim], day: date) -> None:
        with clock.frozen(_at(day, 9)), db.uow() as uow:
            scheme = uow.session.get(Scheme, scheme_id)
            assert scheme is not None
            bulk.create(uow.session, clerk.login, scheme, month_claims)
            uow.commit()

    def approve_all(day: date) -> None:
        with clock.frozen(_at(day, 15)), db.uow() as uow:
            review.approve_all(uow, reviewer)
            uow.commit()

    for n, month in enumerate(months[:-1]):
        check(cancel)
        report(progress, 0.6 + 0.35 * n / len(months), f"{month} 月的理赔与给付")
        last_day = (date(year, month + 1, 1) - timedelta(days=1)).day if month < 12 else 31
        submit(
            new_claims(month, per_month, 1, min(18, last_day), date(year, month, 20)),
            date(year, month, 20),
        )
        approve_all(date(year, month, 22))
        pay_day = date(year, month, min(26, last_day))
        with clock.frozen(_at(pay_day, 9)), db.uow() as uow:
            try:
                batch = payments.create_batch(uow, reviewer, pay_day).value
            except DeskError:  # nothing approved this month (a small demo): no batch
                batch = None
            if batch is not None:
                payments.write_lists(uow, reviewer, batch.id, out_dir)
                payments.confirm_paid(uow, reviewer, batch.id)
                uow.commit()
        if n == 0:  # January's return went to the city in February (its claims: reported)
            nxt = date(year, month + 1, 5)
            with clock.frozen(_at(nxt, 11)), db.uow() as uow:
                ret = returns.export_return(
                    uow,
                    reviewer,
                    f"{year}-{month:02d}",
                    out_dir / f"return-{month}.xlsx",
                    force=True,
                ).value
                returns.submit_return(uow, reviewer, ret.id)
                uow.commit()

    # This month: approved and waiting for payment, then waiting for review, a rejection or
    # two, drafts being typed, a reversal asked for.
    check(cancel)
    report(progress, 0.95, "本月待办")
    month = today.month
    early = max(1, min(today.day - 1, 10))
    if today.day > 2:
        two_days_ago = today - timedelta(days=2)
        submit(new_claims(month, max(2, per_month // 2), 1, early, two_days_ago), two_days_ago)
        approve_all(today - timedelta(days=1))
    waiting = new_claims(month, max(3, per_month // 3), 1, max(1, today.day), today)
    submit(waiting, today)
    with db.uow() as uow:
        pending = list(
            uow.session.execute(
                select(Claim.id).where(Claim.status == "submitted").order_by(Claim.id).limit(2)
            ).scalars()
        )
        for claim_id, (code, text) in zip(
            pending,
            [
                ("incomplete_documents", "缺少出院小结，请补交后重新申请"),
                ("not_in_scope", "门诊费用不属于本方案保障范围"),
            ],
            strict=False,
        ):
            review.reject(uow, reviewer, claim_id, code, text)
        uow.commit()
    for _ in range(3):
        enrollment_id, member_id, _ = rng.choice(enrolled)
        invoice_no += 1
        hospital = rng.choice(hospitals) if hospitals else "绍兴市人民医院"
        amounts = _receipt(rng, hospital, "")
        admission = today - timedelta(days=rng.randint(5, 15))
        data = ClaimInput(
            member_id=member_id,
            enrollment_id=enrollment_id,
            kind="inpatient",
            admission=admission,
            discharge=admission + timedelta(days=4),
            hospital=hospital,
            disease_code="J18.9",
            disease_name="肺炎",
            receipts=(
                ReceiptInput(
                    invoice_no=f"ZY{year}{month:02d}{invoice_no:06d}", hospital=hospital, **amounts
                ),
            ),
        )
        with db.uow() as uow:
            try:
                intake.save_draft(uow, clerk, data)
                uow.commit()
            except DeskError:
                pass  # e.g. an admission before the member's enrollment: no draft
    with db.uow() as uow:
        paid = uow.session.execute(
            select(Claim.id, Claim.payout)
            .where(Claim.status == "paid", Claim.payout > Decimal("100.00"))
            .order_by(Claim.id.desc())
            .limit(1)
        ).first()
        if paid is not None:
            payments.reverse_payment(
                uow, reviewer, paid[0], Decimal("50.00"), "多付：住院津贴天数算多了两天"
            )
            uow.commit()
    with db.reader() as uow:
        counts = Counter(
            dict(
                uow.session.execute(select(Claim.status, func.count()).group_by(Claim.status)).all()
            )
        )
    return dict(counts)
