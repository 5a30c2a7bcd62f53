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
from dataclasses import dataclass
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
from desk_app.claims import batch_review, bulk, intake, review
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
_REJECTIONS = (
    ("incomplete_documents", "缺少出院小结，请补交后重新申请"),
    ("not_in_scope", "门诊费用不属于本方案保障范围"),
)


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


@dataclass
class _Year:
    """The walk through the year: who does the work, the scheme's enrollments (enrollment id,
    member id, enrolled on), the hospitals, where the lists go, and the running invoice number.
    Every draw comes from ``rng`` in a fixed order, so a seed gives the same demo."""

    db: Database
    rng: random.Random
    today: date
    clerk: Actor
    reviewer: Actor
    scheme_id: int
    enrolled: list[tuple[int, int, date]]
    hospitals: list[str]
    out_dir: Path
    invoice_no: int = 0

    @property
    def year(self) -> int:
        return self.today.year

    def hospital(self) -> str:
        return self.rng.choice(self.hospitals) if self.hospitals else "绍兴市人民医院"

    def next_invoice(self, month: int) -> str:
        self.invoice_no += 1
        return f"ZY{self.year}{month:02d}{self.invoice_no:06d}"

    # -- claims entered, submitted, approved -------------------------------------------------

    def new_claims(
        self, month: int, count: int, first: int, last: int, by: date
    ) -> list[bulk.NewClaim]:
        """Stays admitted in ``month`` between days ``first`` and ``last``, discharged before
        ``by`` (the day the claim is handed in)."""
        # Mostly stays after the member enrolled (a few not: the engine rejects those).
        end = date(self.year, month, last)
        pool = [e for e in self.enrolled if e[2] < end] or self.enrolled
        made = [
            self._stay(enrollment, month, first, end, by)
            for enrollment in self.rng.sample(pool, min(count, len(pool)))
        ]
        made.sort(key=lambda c: c.discharge or c.admission or self.today)
        return made

    def _stay(
        self, enrollment: tuple[int, int, date], month: int, first: int, end: date, by: date
    ) -> bulk.NewClaim:
        enrollment_id, member_id, enrolled_on = enrollment
        rng = self.rng
        admission = date(self.year, month, rng.randint(first, end.day))
        if admission <= enrolled_on and rng.random() < 0.9:
            admission = min(end, enrolled_on + timedelta(days=rng.randint(1, 6)))
        admission = min(admission, by - timedelta(days=1))
        discharge = max(admission, min(admission + timedelta(days=rng.randint(1, 20)), by))
        code, name = rng.choice(_DISEASES)
        hospital = self.hospital()
        receipts = []
        for _ in range(1 if rng.random() < 0.85 else 2):
            number = self.next_invoice(month)
            receipts.append(bulk.NewReceipt(number, hospital, _receipt(rng, hospital, number)))
        return bulk.NewClaim(
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

    def submit(self, month_claims: list[bulk.NewClaim], day: date) -> None:
        with clock.frozen(_at(day, 9)), self.db.uow() as uow:
            scheme = uow.session.get(Scheme, self.scheme_id)
            assert scheme is not None
            bulk.create(uow.session, self.clerk.login, scheme, month_claims)
            uow.commit()

    def approve_all(self, day: date) -> None:
        with clock.frozen(_at(day, 15)), self.db.uow() as uow:
            batch_review.approve_all(uow, self.reviewer)
            uow.commit()

    # -- a past month: paid, and January's return submitted ----------------------------------

    def past_month(self, month: int, per_month: int) -> None:
        """The month's claims handed in on the 20th, approved on the 22nd, paid on the 26th."""
        last_day = (date(self.year, month + 1, 1) - timedelta(days=1)).day if month < 12 else 31
        self.submit(
            self.new_claims(month, per_month, 1, min(18, last_day), date(self.year, month, 20)),
            date(self.year, month, 20),
        )
        self.approve_all(date(self.year, month, 22))
        self.pay(date(self.year, month, min(26, last_day)))

    def pay(self, pay_day: date) -> None:
        from desk_app.payments import service as payments

        with clock.frozen(_at(pay_day, 9)), self.db.uow() as uow:
            try:
                batch = payments.create_batch(uow, self.reviewer, pay_day).value
            except DeskError:  # nothing approved this month (a small demo): no batch
                return
            payments.write_lists(uow, self.reviewer, batch.id, self.out_dir)
            payments.confirm_paid(uow, self.reviewer, batch.id)
            uow.commit()

    def report_month(self, month: int) -> None:
        """The month's return exported and submitted on the 5th of the next (its claims:
        reported)."""
        from desk_app.returns import service as returns

        with clock.frozen(_at(date(self.year, month + 1, 5), 11)), self.db.uow() as uow:
            ret = returns.export_return(
                uow,
                self.reviewer,
                f"{self.year}-{month:02d}",
                self.out_dir / f"return-{month}.xlsx",
                force=True,
            ).value
            returns.submit_return(uow, self.reviewer, ret.id)
            uow.commit()

    # -- this month: work still open ---------------------------------------------------------

    def this_month(self, per_month: int) -> None:
        """Approved and waiting for payment, then waiting for review, a rejection or two,
        drafts being typed, a reversal asked for."""
        today, month = self.today, self.today.month
        early = max(1, min(today.day - 1, 10))
        if today.day > 2:
            two_days_ago = today - timedelta(days=2)
            self.submit(
                self.new_claims(month, max(2, per_month // 2), 1, early, two_days_ago),
                two_days_ago,
            )
            self.approve_all(today - timedelta(days=1))
        waiting = self.new_claims(month, max(3, per_month // 3), 1, max(1, today.day), today)
        self.submit(waiting, today)
        self.reject_two()
        for _ in range(3):
            self.draft()
        self.ask_reversal()

    def reject_two(self) -> None:
        with self.db.uow() as uow:
            pending = list(
                uow.session.execute(
                    select(Claim.id).where(Claim.status == "submitted").order_by(Claim.id).limit(2)
                ).scalars()
            )
            for claim_id, (code, text) in zip(pending, _REJECTIONS, strict=False):
                review.reject(uow, self.reviewer, claim_id, code, text)
            uow.commit()

    def draft(self) -> None:
        """A claim being typed (not submitted)."""
        rng, today = self.rng, self.today
        enrollment_id, member_id, _ = rng.choice(self.enrolled)
        invoice = self.next_invoice(today.month)
        hospital = self.hospital()
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
            receipts=(ReceiptInput(invoice_no=invoice, hospital=hospital, **amounts),),
        )
        with self.db.uow() as uow:
            try:
                intake.save_draft(uow, self.clerk, data)
                uow.commit()
            except DeskError:
                pass  # e.g. an admission before the member's enrollment: no draft

    def ask_reversal(self) -> None:
        """Part of the latest paid claim over 100 yuan asked back (a pending reversal)."""
        from desk_app.payments import service as payments

        with self.db.uow() as uow:
            paid = uow.session.execute(
                select(Claim.id, Claim.payout)
                .where(Claim.status == "paid", Claim.payout > Decimal("100.00"))
                .order_by(Claim.id.desc())
                .limit(1)
            ).first()
            if paid is not None:
                payments.reverse_payment(
                    uow, self.reviewer, paid[0], Decimal("50.00"), "多付：住院津贴天数算多了两天"
                )
                uow.commit()


def _start(db: Database, seed: int, exports: Path | None) -> _Year | None:
    """The year to walk, or None when there are claims already or nobody is enrolled in this
    year's inpatient scheme."""
    today = clock.today()
    clerk, reviewer = demo_actors(db)
    with db.reader() as uow:
        s = uow.session
        scheme_id = s.execute(
            select(Scheme.id).where(Scheme.code == f"SX-{today.year}-ZY")
        ).scalar_one()
        enrolled = [
            (e_id, m_id, on)
            for e_id, m_id, on in s.execute(
                select(Enrollment.id, Enrollment.member_id, Enrollment.enrolled_on)
                .where(Enrollment.scheme_id == scheme_id)
                .order_by(Enrollment.id)
            )
        ]
        hospitals = list(
            s.execute(
                select(Hospital.name).where(Hospital.region == "绍兴市").order_by(Hospital.id)
            ).scalars()
        )
        have = s.execute(select(func.count(Claim.id))).scalar_one()
    if have or not enrolled:
        return None
    out_dir = exports or Path(tempfile.mkdtemp(prefix="demo-lists-"))
    return _Year(
        db,
        random.Random(seed * 7919),
        today,
        clerk,
        reviewer,
        scheme_id,
        enrolled,
        hospitals,
        out_dir,
    )


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
    walk = _start(db, seed, exports)
    if walk is None:
        return {}
    total = max(24, min(1500, members // 50))  # enough for every screen; review is per claim
    months = list(range(1, walk.today.month + 1))
    per_month = max(2, total // len(months))
    for n, month in enumerate(months[:-1]):
        check(cancel)
        report(progress, 0.6 + 0.35 * n / len(months), f"{month} 月的理赔与给付")
        walk.past_month(month, per_month)
        if n == 0:  # January's return went to the city in February (its claims: reported)
            walk.report_month(month)
    check(cancel)
    report(progress, 0.95, "本月待办")
    walk.this_month(per_month)
    with db.reader() as uow:
        counts = Counter(
            dict(
                uow.session.execute(select(Claim.status, func.count()).group_by(Claim.status)).all()
            )
        )
    return dict(counts)
