"""Claims at a county's scale: the intake form's live calculation (``preview``) against the
bare engine on the same claims; the settlement import (read, check, group, create, calculate
and submit every claim in one transaction) against only reading the workbook; the review queue
(ids sorted in SQL, then one page of rows) against a raw ``SELECT id ... ORDER BY``."""

from __future__ import annotations

import itertools
import os
import random
import shutil
import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from benchmarks.harness import Benchmark
from benchmarks.people_data import people
from desk_app.data.schemes import FOLDER as SCHEME_FILES

SPEC = SCHEME_FILES
HEADER = [
    "姓名", "身份证号", "医院名称", "票据号", "就诊类型", "入院日期", "出院日期", "就诊日期",
    "疾病编码", "疾病名称", "医疗费总额", "统筹基金支付", "其他支付", "起付标准自付",
    "按比例自付", "超封顶线自付", "自付二", "自费",
]  # fmt: skip


def _actor() -> Any:
    from desk_app.access.auth import Actor, Role

    return Actor("clerk", "王经办", Role.CLERK)


def _settlement_file(path: Path, rows: list[tuple[str, str]], n: int, seed: int) -> None:
    from openpyxl import Workbook

    rnd = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("结算数据")
    ws.append(HEADER)
    for i in range(n):
        name, number = rows[i % len(rows)]
        admission = date(2015, 1, 1) + timedelta(days=rnd.randrange(0, 330))
        discharge = admission + timedelta(days=rnd.randrange(1, 20))
        copay = rnd.randrange(100, 20000)
        deductible = rnd.choice((0, 300, 800))
        fund = rnd.randrange(1000, 50000)
        for part in range(rnd.choice((1, 1, 2))):  # some stays have two slips
            ws.append([
                name, number, "衢州市人民医院", f"ZY{i:07d}-{part}", "住院", admission.isoformat(),
                discharge.isoformat(), None, "K80.2", "胆结石",
                fund + deductible + copay, fund, 0, deductible, copay, 0, 0, 0,
            ])  # fmt: skip
    wb.save(path)


def _setup(members: int, claims: int) -> dict[str, Any]:
    from openpyxl import Workbook

    from db import Database
    from db.migrate import upgrade
    from db.models import Unit
    from desk_app.access.auth import SYSTEM
    from desk_app.claims import service
    from desk_app.people import roster
    from desk_app.schemes.store import import_scheme
    from desk_app.system import bootstrap

    saved_now = os.environ.get("DESK_APP_FAKE_NOW")
    os.environ["DESK_APP_FAKE_NOW"] = "2015-12-31T10:00:00"
    tmp = Path(tempfile.mkdtemp(prefix="bench-claims-"))
    pristine = tmp / "pristine.sqlite3"
    upgrade(pristine, tmp / "backups")
    db = Database(pristine)
    with db.uow() as uow:
        bootstrap.seed_reference_data(uow)
        import_scheme(uow, SYSTEM, (SPEC / "quzhou-2015.toml").read_text("utf-8"))
        uow.session.add(Unit(code="DW001", name="城关供电所工会"))
        uow.commit()
    rows = list(people(members, seed=11))
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("参保名册")
    ws.append(["姓名", "身份证号", "单位编码", "参保日期"])
    for name, number in rows:
        ws.append([name, number, "DW001", "2015-01-01"])
    wb.save(tmp / "roster.xlsx")
    with db.uow() as uow:
        roster.import_roster(uow, _actor(), tmp / "roster.xlsx", "QZ-2015-ZY")
        uow.commit()
    db.dispose()
    _settlement_file(tmp / "settlements.xlsx", rows, claims, seed=3)
    loaded = tmp / "loaded.sqlite3"
    shutil.copyfile(pristine, loaded)
    ldb = Database(loaded)
    with ldb.uow() as uow:
        rep = service.import_settlements(
            uow, _actor(), tmp / "settlements.xlsx", "QZ-2015-ZY"
        ).value
        uow.commit()
    assert rep.claims and not rep.errors, rep.errors[:3]
    # Closing the last connection checkpoints the WAL into the file: the rows copied below
    # (approve all copies loaded.sqlite3) are then in the file itself, not in loaded-wal.
    ldb.dispose()
    return {
        "tmp": tmp,
        "pristine": pristine,
        "loaded": ldb,
        "rows": rows,
        "claims": rep.claims,
        "counter": itertools.count(),
        "saved_now": saved_now,
    }


def _teardown(ctx: dict[str, Any]) -> None:
    ctx["loaded"].dispose()
    shutil.rmtree(ctx["tmp"], ignore_errors=True)
    if ctx["saved_now"] is None:
        os.environ.pop("DESK_APP_FAKE_NOW", None)
    else:
        os.environ["DESK_APP_FAKE_NOW"] = ctx["saved_now"]


# --- preview ------------------------------------------------------------------------------


def _preview_setup(members: int, claims: int) -> dict[str, Any]:
    from sqlalchemy import func, select

    from db.models import Claim, Enrollment, Member, Scheme
    from desk_app.claims import calc as desk_calc
    from desk_app.claims import engine_input
    from desk_app.claims.model import ClaimInput, ReceiptInput

    ctx = _setup(members, claims)
    db = ctx["loaded"]
    with db.reader() as uow:
        s = uow.session
        # The member with the most claims: the worst case of the form.
        member_id, _n = s.execute(
            select(Claim.member_id, func.count())
            .group_by(Claim.member_id)
            .order_by(func.count().desc())
            .limit(1)
        ).one()
        enrollment = s.execute(
            select(Enrollment).where(Enrollment.member_id == member_id)
        ).scalar_one()
        ctx["data"] = ClaimInput(
            member_id=member_id,
            enrollment_id=enrollment.id,
            kind="inpatient",
            admission=date(2015, 12, 1),
            discharge=date(2015, 12, 9),
            hospital="衢州市人民医院",
            disease_code="K80.2",
            receipts=(
                ReceiptInput(
                    "NEW-1",
                    "衢州市人民医院",
                    total=Decimal("5300.00"),
                    fund_paid=Decimal("3000.00"),
                    copay=Decimal("2300.00"),
                ),
            ),
        )
        member = s.get(Member, member_id)
        scheme_row = s.get(Scheme, enrollment.scheme_id)
        scheme = desk_calc.load_scheme_for(s, scheme_row)
        ctx["engine"] = (
            scheme,
            engine_input.member_facts(s, member, enrollment, scheme_row, scheme),
            engine_input.counted_before(s, None, member_id, scheme_row.id),
        )
    return ctx


def _preview(ctx: dict[str, Any]) -> None:
    from desk_app.claims import service

    for _ in range(20):
        with ctx["loaded"].reader() as uow:
            p = service.preview(uow, ctx["data"])
        assert p.calc is not None and not p.problems, p.problems


def _engine_only(ctx: dict[str, Any]) -> None:
    from desk_app.schemes import model as sm
    from desk_app.schemes.engine import calculate_last

    scheme, facts, earlier = ctx["engine"]
    d = ctx["data"]
    r = d.receipts[0]
    claim = sm.Claim(
        kind="inpatient",
        receipts=(sm.ReceiptAmounts(r.total, r.fund_paid, copay=r.copay),),
        admission=d.admission,
        discharge=d.discharge,
        disease=d.disease_code,
    )
    for _ in range(20):
        calculate_last(scheme, facts, earlier, claim)


# --- import -------------------------------------------------------------------------------


def _import(ctx: dict[str, Any]) -> None:
    from db import Database
    from desk_app.claims import service

    path = ctx["tmp"] / f"run-{next(ctx['counter'])}.sqlite3"
    shutil.copyfile(ctx["pristine"], path)
    db = Database(path)
    try:
        with db.uow() as uow:
            rep = service.import_settlements(
                uow, _actor(), ctx["tmp"] / "settlements.xlsx", "QZ-2015-ZY"
            ).value
            uow.commit()
        assert rep.claims == ctx["claims"]
    finally:
        db.dispose()
        path.unlink()


def _read_only(ctx: dict[str, Any]) -> None:
    from desk_app.xlsx import read as xlsxio

    xlsxio.read_first_sheet(ctx["tmp"] / "settlements.xlsx")


# --- queue --------------------------------------------------------------------------------


def _queue(ctx: dict[str, Any]) -> None:
    from desk_app.claims import service
    from desk_app.claims.model import QueueFilter

    with ctx["loaded"].reader() as uow:
        ids = service.queue_ids(uow, QueueFilter(), sort="payout", descending=True)
        rows = service.queue_rows(uow, ids[:50])
    assert len(rows) == 50


def _queue_raw(ctx: dict[str, Any]) -> None:
    conn = ctx["loaded"].raw_connection()
    try:
        ids = [
            r[0]
            for r in conn.execute(
                "SELECT id FROM claims WHERE status = 'submitted' ORDER BY payout DESC, id DESC"
            )
        ]
        marks = ",".join("?" * 50)
        conn.execute(f"SELECT * FROM claims WHERE id IN ({marks})", ids[:50]).fetchall()
    finally:
        conn.close()


# --- batch approval -----------------------------------------------------------------------


def _approve_all(ctx: dict[str, Any]) -> None:
    from db import Database
    from desk_app.access.auth import Actor, Role
    from desk_app.claims import service

    path = ctx["tmp"] / f"run-{next(ctx['counter'])}.sqlite3"
    shutil.copyfile(ctx["tmp"] / "loaded.sqlite3", path)
    db = Database(path)
    try:
        with db.uow() as uow:
            rep = service.approve_all(uow, Actor("reviewer", "赵审核", Role.REVIEWER)).value
            uow.commit()
        assert rep.approved + rep.rejected == ctx["claims"], rep
    finally:
        db.dispose()
        path.unlink()


def _copy_only(ctx: dict[str, Any]) -> None:
    path = ctx["tmp"] / f"run-{next(ctx['counter'])}.sqlite3"
    shutil.copyfile(ctx["tmp"] / "loaded.sqlite3", path)
    path.unlink()


def benchmarks(quick: bool) -> list[Benchmark]:
    members, claims = (500, 300) if quick else (5_000, 3_000)
    return [
        Benchmark(
            name=f"claim preview ×20 (live calculation; member with the most of {claims:,} claims)",
            setup=lambda: _preview_setup(members, claims),
            run=_preview,
            baseline=_engine_only,
            baseline_name="the engine alone on prebuilt claims",
            items=20,
            unit="previews",
            repeat=5,
            target="< 5 ms per preview",
            teardown=_teardown,
        ),
        Benchmark(
            name=f"settlement import, {claims:,} stays (read, check, create, calculate, submit)",
            setup=lambda: _setup(members, claims),
            run=_import,
            baseline=_read_only,
            baseline_name="reading the workbook only",
            items=claims,
            unit="claims",
            repeat=3,
            target="well under a minute for a month's file",
            teardown=_teardown,
        ),
        Benchmark(
            name=f"approve all: {claims:,} submitted claims recalculated, numbered, audited",
            setup=lambda: _setup(members, claims),
            run=_approve_all,
            baseline=_copy_only,
            baseline_name="copying the database file only",
            items=claims,
            unit="claims",
            repeat=3,
            target="a month's claims in well under a minute",
            teardown=_teardown,
        ),
        Benchmark(
            name=f"review queue: {claims:,} submitted ids by payout + one page of 50 rows",
            setup=lambda: _setup(members, claims),
            run=_queue,
            baseline=_queue_raw,
            baseline_name="raw SELECT id ORDER BY + one page",
            items=1,
            unit="pages",
            repeat=7,
            target="< 50 ms",
            teardown=_teardown,
        ),
    ]
