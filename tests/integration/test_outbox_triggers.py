"""Every change of a synced record reaches the outbox, whatever wrote it: the database's
triggers (migration 0003) write the row, so a bulk ``UPDATE``/``DELETE`` through the ORM or
Core, or an edit with ``sqlite3``, is sent to the city like any other change."""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

import pytest
from sqlalchemy import delete, func, select, update

from base.clock import now
from db.base import Base
from db.models import (
    Calculation,
    Claim,
    Enrollment,
    EnrollmentBatch,
    Member,
    MonthlyReturn,
    OutboxEntry,
    Payment,
    PaymentBatch,
    Receipt,
    Unit,
)
from db.models._common import Synced
from desk_app.claims import service as claims
from desk_app.people.enrollment import create_batch as open_batch
from desk_app.returns import service as returns
from tests.fixtures_people import add_member, add_unit, make_id
from tests.integration.claims_support import enroll, inpatient, receipt
from tests.integration.payments_support import approved, county, pay, three_stays

__all__ = ["county"]


def _synced_models() -> list[Any]:
    return sorted(
        (
            m.class_
            for m in Base.registry.mappers
            if issubclass(m.class_, Synced) and m.class_.__sync_entity__
        ),
        key=lambda c: c.__tablename__,
    )


def _queued(db, model, uid: str, after: int) -> list[str]:
    with db.reader() as uow:
        return list(
            uow.session.execute(
                select(OutboxEntry.op).where(
                    OutboxEntry.seq > after,
                    OutboxEntry.entity == model.__sync_entity__,
                    OutboxEntry.entity_uid == uid,
                )
            ).scalars()
        )


def _top(db) -> int:
    with db.reader() as uow:
        return int(uow.session.execute(select(func.max(OutboxEntry.seq))).scalar_one() or 0)


def test_every_synced_table_has_its_outbox_triggers(db):
    conn = sqlite3.connect(db.path)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    conn.close()
    models = _synced_models()
    assert len(models) >= 10
    for model in models:
        for when in ("insert", "update", "delete"):
            assert f"outbox_{model.__tablename__}_{when}" in names, model


@pytest.fixture
def world(county):
    """Paid claims (Zhang, Wang), an approved one in no batch (Li), an exported return."""
    stays = three_stays(county)
    pay(county, date(2015, 8, 20))
    county.mp.setenv("DESK_APP_FAKE_NOW", "2015-09-02T09:00:00")
    with county.db.uow() as uow:
        returns.export_return(uow, county.reviewer, "2015-08")
        open_batch(uow, county.clerk, county.power, county.qz)
        uow.commit()
    extra = approved(county, county.wang, county.wang_qz, "ZY-9", date(2015, 8, 25),
                     date(2015, 8, 26), copay="900.00")  # fmt: skip
    pay(county, date(2015, 9, 2), [extra.id], confirm=False)
    return county, stays


def test_a_bulk_update_of_every_synced_model_reaches_the_outbox(world):
    county, stays = world
    for i, model in enumerate(_synced_models()):
        pick = select(model.id, model.uid).order_by(model.id.desc()).limit(1)
        if model in (Receipt, Calculation):  # Li's: a paid claim's are frozen
            pick = pick.where(model.claim_id == stays["li"].id)
        with county.db.reader() as uow:
            rid, uid = uow.session.execute(pick).one()
        before = _top(county.db)
        with county.db.uow() as uow:
            stmt = update(model).where(model.id == rid).values(updated_at=now())
            if model is Payment:  # paid money: refused outright, nothing to send
                with pytest.raises(Exception, match="append-only"):
                    uow.session.execute(stmt)
                continue
            if i % 2:  # through the ORM's bulk path
                uow.session.execute(stmt.execution_options(synchronize_session=False))
            else:  # through Core
                t = model.__table__
                core = update(t).where(t.c.id == rid).values(version=t.c.version + 1)
                uow.session.connection().execute(core)
            uow.commit()
        assert _queued(county.db, model, uid, before) == ["upsert"], model


def test_bulk_deletes_reach_the_outbox(world):
    county, stays = world
    draft = claims.save_draft
    unit = add_unit(county.db, county.clerk, "DW009", "临时工会")
    member = add_member(county.db, county.clerk, "赵临时", make_id(9), unit_id=unit)
    enrollment = enroll(county.db, county.clerk, member, county.qz, date(2015, 8, 1))
    with county.db.uow() as uow:
        d = draft(uow, county.clerk, inpatient(
            county.zhang, county.zhang_qz, date(2015, 8, 25), date(2015, 8, 27),
            receipt("DEL-1", copay="100.00"),
        )).value  # fmt: skip
        uow.commit()
    with county.db.reader() as uow:
        s = uow.session
        uid = {
            "claim": s.get(Claim, d.id).uid,
            "receipt": s.execute(select(Receipt.uid).where(Receipt.claim_id == d.id)).scalar(),
            "calc": s.execute(
                select(Calculation.uid).where(Calculation.claim_id == stays["li"].id)
            ).scalar(),
            "unit": s.get(Unit, unit).uid,
            "member": s.get(Member, member).uid,
            "return": s.execute(select(MonthlyReturn.uid)).scalar(),
            "enrollment": s.get(Enrollment, enrollment).uid,
            "enrollment_batch": s.execute(select(EnrollmentBatch.uid)).scalar(),
            "open_batch": s.execute(
                select(PaymentBatch.uid).where(PaymentBatch.status == "open")
            ).scalar(),
        }
    assert all(uid.values()), uid
    before = _top(county.db)
    with county.db.uow() as uow:
        s = uow.session
        s.execute(delete(Receipt).where(Receipt.claim_id == d.id))
        s.connection().execute(delete(Claim.__table__).where(Claim.__table__.c.id == d.id))
        s.execute(delete(Calculation).where(Calculation.claim_id == stays["li"].id))
        s.execute(delete(Enrollment).where(Enrollment.id == enrollment))
        s.execute(delete(Member).where(Member.id == member))
        s.execute(update(Claim).values(payment_batch_id=None).where(Claim.status == "approved"))
        s.execute(delete(PaymentBatch).where(PaymentBatch.status == "open"))
        s.execute(delete(EnrollmentBatch))
        s.execute(delete(Unit).where(Unit.id == unit))
        s.execute(delete(MonthlyReturn))
        uow.commit()
    for model, key in (
        (Claim, "claim"),
        (Receipt, "receipt"),
        (Calculation, "calc"),
        (Unit, "unit"),
        (Member, "member"),
        (MonthlyReturn, "return"),
        (Enrollment, "enrollment"),
        (EnrollmentBatch, "enrollment_batch"),
        (PaymentBatch, "open_batch"),
    ):
        assert _queued(county.db, model, uid[key], before) == ["delete"], model


def test_an_edit_with_sqlite3_reaches_the_outbox_too(world):
    county, stays = world
    before = _top(county.db)
    conn = sqlite3.connect(county.db.path)
    conn.execute("UPDATE members SET phone = '13900000000' WHERE id = ?", (county.li,))
    conn.execute("UPDATE payment_batches SET lists_digest = NULL WHERE status = 'open'")
    conn.commit()
    conn.close()
    with county.db.reader() as uow:
        uid = uow.session.get(Member, county.li).uid
        assert uow.session.execute(select(func.count(Enrollment.id))).scalar_one() > 0
    assert _queued(county.db, Member, uid, before) == ["upsert"]
    assert PaymentBatch.__sync_entity__ and stays


def test_withdrawing_a_claim_queues_its_switched_off_calculation(county):
    claim = claims.save_draft
    with county.db.uow() as uow:
        d = claim(uow, county.clerk, inpatient(
            county.zhang, county.zhang_qz, date(2015, 8, 1), date(2015, 8, 3),
            receipt("W-1", copay="900.00"),
        )).value  # fmt: skip
        uow.commit()
    with county.db.uow() as uow:
        claims.submit(uow, county.clerk, d.id)
        uow.commit()
    with county.db.reader() as uow:
        calc_uid = uow.session.execute(
            select(Calculation.uid).where(Calculation.claim_id == d.id)
        ).scalar_one()
    before = _top(county.db)
    with county.db.uow() as uow:
        claims.withdraw(uow, county.clerk, d.id)
        uow.commit()
    assert set(_queued(county.db, Calculation, calc_uid, before)) == {"upsert"}
