"""工作台: today's figures by China's calendar day, the queues, the payouts of the current
period by month (reversals netted), and the screen that shows them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from base.clock import now
from db.models import Claim, Enrollment, Member, Payment, PaymentBatch
from desk_app.system import dashboard
from tests.fixtures_people import add_scheme

TODAY = date(2016, 3, 10)


@pytest.fixture
def desk_day(monkeypatch: pytest.MonkeyPatch) -> date:
    monkeypatch.setenv("DESK_APP_FAKE_NOW", "2016-03-10T10:00:00+08:00")
    return TODAY


@pytest.fixture
def scheme_id(db: Any, actors: Any) -> int:
    return add_scheme(db, actors["admin"], "jinhua-2015.toml")  # 2015-10-01 … 2016-09-30


def _utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


class Book:
    """Rows put straight into the tables, as the claims and payment services would leave them."""

    def __init__(self, db: Any, scheme_id: int) -> None:
        self.db, self.scheme_id, self.n = db, scheme_id, 0

    def member(self) -> tuple[int, int]:
        self.n += 1
        with self.db.uow() as uow:
            m = Member(
                id_number=f"33020319800101{self.n:04d}",
                name=f"职工{self.n}",
                gender="M",
                birth_date=date(1980, 1, 1),
            )
            uow.session.add(m)
            uow.session.flush()
            e = Enrollment(
                member_id=m.id,
                scheme_id=self.scheme_id,
                premium=Decimal("50.00"),
                enrolled_on=date(2015, 10, 8),
                created_at=_utc(2015, 10, 8, 2),
            )
            uow.session.add(e)
            uow.session.flush()
            ids = (m.id, e.id)
            uow.commit()
        return ids

    def claim(self, status: str, created_at: datetime, by: str = "clerk") -> int:
        """A claim in ``status``; a paid one is approved here and paid by :meth:`pay` (the
        database takes paid money only in its order, migration 0003)."""
        member_id, enrollment_id = self.member()
        status = "approved" if status == "paid" else status
        with self.db.uow() as uow:
            c = Claim(
                claim_no=f"C{self.n:05d}",
                member_id=member_id,
                enrollment_id=enrollment_id,
                scheme_id=self.scheme_id,
                kind="inpatient",
                status=status,
                created_by=by,
                created_at=created_at,
            )
            uow.session.add(c)
            uow.session.flush()
            cid = c.id
            uow.commit()
        return cid

    def pay(self, claim_id: int, amount: str, on: date, kind: str = "payment") -> None:
        """A batch of its own on ``on`` paying ``amount`` (a reversal: taking it back), written
        in the order the money rules ask: batch open, payment, batch paid, claim paid."""
        with self.db.uow() as uow:
            s = uow.session
            c = s.get(Claim, claim_id)
            self.n += 1
            b = PaymentBatch(batch_no=f"B{self.n:05d}", pay_date=on)
            s.add(b)
            s.flush()
            reverses = None
            if kind == "payment":
                c.payout, c.payment_batch_id = Decimal(amount), b.id
            else:
                reverses = s.execute(
                    select(Payment.id).where(Payment.claim_id == claim_id)
                ).scalar_one()
            s.flush()
            s.add(Payment(batch_id=b.id, claim_id=claim_id, member_id=c.member_id, kind=kind,
                          amount=Decimal(amount), pay_date=on, reverses_id=reverses))  # fmt: skip
            s.flush()
            b.status, b.paid_at = "paid", now()
            b.total, b.count = Decimal(amount), int(kind == "payment")
            s.flush()
            if kind == "payment":
                c.status, c.paid_on = "paid", on
            uow.commit()


def test_todays_claims_are_counted_by_the_china_calendar_day(
    db: Any, scheme_id: int, desk_day: date
) -> None:
    book = Book(db, scheme_id)
    book.claim("draft", _utc(2016, 3, 9, 16, 30))  # 00:30 on the 10th in China: today
    book.claim("submitted", _utc(2016, 3, 9, 15, 30))  # 23:30 on the 9th in China
    book.claim("submitted", _utc(2016, 3, 10, 1))
    book.claim("approved", _utc(2016, 2, 1, 1))
    book.claim("draft", _utc(2016, 3, 10, 2), by="clerk2")
    with db.reader() as uow:
        ov = dashboard.overview(uow.session, login="clerk")
    assert ov.day == TODAY
    assert (ov.claims_today, ov.waiting_review, ov.waiting_payment, ov.my_drafts) == (3, 2, 1, 1)
    assert (ov.period_start, ov.period_end) == (date(2015, 10, 1), date(2016, 9, 30))


def test_payouts_fill_every_month_of_the_period_and_net_reversals(
    db: Any, scheme_id: int, desk_day: date
) -> None:
    book = Book(db, scheme_id)
    a = book.claim("paid", _utc(2015, 11, 2))
    b = book.claim("paid", _utc(2015, 11, 3))
    book.pay(a, "1830.00", date(2015, 11, 20))
    book.pay(b, "200.50", date(2015, 11, 20))
    book.pay(b, "-200.50", date(2016, 1, 5), kind="reversal")
    before = book.claim("paid", _utc(2015, 9, 2))
    book.pay(before, "99.00", date(2015, 9, 30))  # the period before: not shown
    with db.reader() as uow:
        ov = dashboard.overview(uow.session)
    months = {m.month: (m.amount, m.count) for m in ov.payouts}
    assert len(months) == 12 and min(months) == "2015-10" and max(months) == "2016-09"
    assert months["2015-11"] == (Decimal("2030.50"), 2)
    assert months["2016-01"] == (Decimal("-200.50"), 0)
    assert months["2015-10"] == (Decimal("0.00"), 0)
    assert ov.payout_total == Decimal("1830.00")


def test_without_a_scheme_the_period_is_the_calendar_year(db: Any, desk_day: date) -> None:
    with db.reader() as uow:
        assert dashboard.current_period(uow.session, TODAY) == (
            date(2016, 1, 1),
            date(2016, 12, 31),
        )


def test_the_dashboard_shows_the_figures_and_leads_to_the_work(
    qtbot: Any, db: Any, scheme_id: int, desk_day: date, make_window: Any, actors: Any
) -> None:
    book = Book(db, scheme_id)
    book.claim("submitted", _utc(2016, 3, 10, 1))
    paid = book.claim("paid", _utc(2015, 11, 2))
    book.pay(paid, "1830.00", date(2015, 11, 20))
    win = make_window(actors["reviewer"])
    screen = win.current_screen()
    assert screen.cards["waiting_review"].value.text() == "1"
    assert screen.cards["claims_today"].value.text() == "1"
    assert screen.cards["sync"].value.text() == "未配置"
    assert "1,830.00 元" in screen.period_label.text()
    bars = screen.chart.series()[0].barSets()[0]
    assert bars.count() == 12 and bars.at(1) == 1830.0
    screen.cards["waiting_review"].setFocus()
    qtbot.keyClick(screen.cards["waiting_review"], Qt.Key.Key_Space)
    assert win.current_section() == "review"


def test_between_periods_the_last_period_is_shown(db: Any, scheme_id: int) -> None:
    """The new period's scheme is not loaded yet: the last period's claims are still paid."""
    with db.reader() as uow:
        assert dashboard.current_period(uow.session, date(2017, 1, 5)) == (
            date(2015, 10, 1),
            date(2016, 9, 30),
        )
