"""The monthly return of a very big month: 100 000 claims paid in August 2015 (a whole city's
month; a county has a few thousand), generated in bulk. Ours is the whole export — the SQL
counts, the detail rows, the cross-check and the workbook's bytes — against writing the same
cells (already computed, no formats) with openpyxl's write-only mode: the simplest way to put
those cells in a file with the library the project uses."""

from __future__ import annotations

import os
import random
import shutil
import tempfile
from datetime import UTC, date, datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

from benchmarks.harness import Benchmark
from desk_app.data.schemes import FOLDER as SCHEME_FILES

MONTH = "2015-08"
SPEC = SCHEME_FILES
_UNITS = ("城关供电所工会", "衢州第一中学", "巨化集团工会", "衢州市人民医院工会", "柯城区税务分局")
_INDUSTRIES = ("电力", "教育", "制造业", "卫生", "机关事业")
_DISEASES = ("K80.2", "I21.9", "C50.9", "J18.9", "S72.0", "N20.0", "E11.9", "")


def _generate(path: Path, claims: int, seed: int = 5) -> None:
    """A migrated database with ``claims`` claims paid in August 2015 by ten batches, one
    member, enrollment, receipt and payment each, written with executemany."""
    from db import Database
    from db.base import new_uid
    from db.migrate import upgrade
    from desk_app.access.auth import SYSTEM
    from desk_app.people.idcard import make_id_number
    from desk_app.schemes.store import import_scheme
    from desk_app.system import bootstrap, settings

    upgrade(path, path.parent / "backups")
    db = Database(path)
    with db.uow() as uow:
        bootstrap.seed_reference_data(uow)
        import_scheme(uow, SYSTEM, (SPEC / "quzhou-2015.toml").read_text("utf-8"))
        settings.put(uow.session, settings.COUNTY_CODE, "330802")
        settings.put(uow.session, settings.COUNTY_NAME, "衢州市柯城区总工会")
        uow.commit()
    rnd = random.Random(seed)
    stamp = datetime(2015, 8, 1, 2, 0, tzinfo=UTC).replace(tzinfo=None).isoformat(" ")
    conn = db.raw_connection()
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO units (id, code, name, industry, active, uid, version, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, 1, ?, 1, ?, ?)",
        [(i + 1, f"DW{i + 1:03d}", n, _INDUSTRIES[i], new_uid(), stamp, stamp)
         for i, n in enumerate(_UNITS)],
    )  # fmt: skip
    members, enrollments, rows, receipts, payments = [], [], [], [], []
    for i in range(1, claims + 1):
        birth = date(1955, 1, 1) + timedelta(days=rnd.randrange(0, 40 * 365))
        # A different birth-place code for every thousand people keeps the numbers unique.
        number = make_id_number(f"{330000 + i // 1000:06d}", birth, i % 1000)
        unit = rnd.randrange(1, len(_UNITS) + 1)
        members.append((i, number, f"职工{i:06d}", "M" if i % 2 else "F", birth.isoformat(),
                        f"139{i:08d}", "hardship" if i % 25 == 0 else "",
                        f"6222{i:012d}", unit, new_uid(), stamp, stamp))  # fmt: skip
        enrollments.append((i, i, 1, unit, 1, 5000, "2015-01-05", new_uid(), stamp, stamp))
        admission = date(2015, 6, 1) + timedelta(days=rnd.randrange(0, 60))
        discharge = admission + timedelta(days=rnd.randrange(0, 15))
        fund, copay = rnd.randrange(100000, 900000), rnd.randrange(50000, 300000)
        payout = rnd.randrange(10000, 200000)
        paid_on = date(2015, 8, 3 + ((1 + i % 10) % 10) * 2)  # its batch's pay date
        rows.append((i, f"LP2015-{i:06d}", f"SP2015-{i:06d}", i, i, 1, admission.isoformat(),
                     discharge.isoformat(), "衢州市人民医院", rnd.choice(_DISEASES), "approved",
                     "payable", payout, fund + copay, paid_on.isoformat(), 1 + i % 10,
                     new_uid(), stamp, stamp))  # fmt: skip
        receipts.append((i, i, f"ZY{i:08d}", fund + copay, fund, copay, new_uid(), stamp, stamp))
        payments.append((i, 1 + i % 10, i, i, payout, paid_on.isoformat(), f"6222{i:012d}",
                         new_uid(), stamp, stamp))  # fmt: skip
    conn.executemany(
        "INSERT INTO payment_batches (id, batch_no, pay_date, status, total, count, uid, "
        "version, created_at, updated_at) VALUES (?, ?, ?, 'open', 0, 0, ?, 1, ?, ?)",
        [(b, f"ZF2015-{b:04d}", date(2015, 8, 3 + (b % 10) * 2).isoformat(), new_uid(), stamp,
          stamp) for b in range(1, 11)],
    )  # fmt: skip
    conn.executemany(
        "INSERT INTO members (id, id_number, name, name_pinyin, gender, birth_date, phone, "
        "categories, bank_account, unit_id, uid, version, created_at, updated_at) "
        "VALUES (?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
        members,
    )
    conn.executemany(
        "INSERT INTO enrollments (id, member_id, scheme_id, unit_id, shares, premium, "
        "enrolled_on, renewal, uid, version, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, 1, ?, ?)",
        enrollments,
    )
    conn.executemany(
        "INSERT INTO claims (id, claim_no, approval_no, member_id, enrollment_id, scheme_id, "
        "kind, admission, discharge, hospital, disease_code, status, calc_status, payout, "
        "total_cost, source, created_by, paid_on, payment_batch_id, second_look, uid, version, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'inpatient', ?, ?, ?, ?, ?, ?, ?, ?, "
        "'import', 'bench', ?, ?, 0, ?, 1, ?, ?)",
        rows,
    )
    conn.executemany(
        "INSERT INTO receipts (id, claim_id, seq, invoice_no, hospital, total, fund_paid, "
        "other_paid, deductible, copay, over_cap, class_b, self_funded, uid, version, "
        "created_at, updated_at) VALUES (?, ?, 1, ?, '衢州市人民医院', ?, ?, 0, 0, ?, 0, 0, 0, "
        "?, 1, ?, ?)",
        receipts,
    )
    conn.executemany(
        "INSERT INTO payments (id, batch_id, claim_id, member_id, kind, amount, pay_date, "
        "account, uid, version, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, 'payment', ?, ?, ?, ?, 1, ?, ?)",
        payments,
    )
    # as the desk pays (migration 0003): payments, then the batch paid at their total, then
    # the claims
    conn.execute(
        "UPDATE payment_batches SET status = 'paid', paid_at = pay_date, "
        "total = (SELECT SUM(amount) FROM payments p WHERE p.batch_id = payment_batches.id), "
        "count = (SELECT COUNT(*) FROM payments p WHERE p.batch_id = payment_batches.id)"
    )
    conn.execute("UPDATE claims SET status = 'paid'")  # paid from approved, with its payment
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()
    db.dispose()


def _setup(claims: int) -> dict[str, Any]:
    from db import Database
    from desk_app.returns import figures, monthly

    saved = os.environ.get("DESK_APP_FAKE_NOW")
    os.environ["DESK_APP_FAKE_NOW"] = "2015-09-02T09:00:00"
    tmp = Path(tempfile.mkdtemp(prefix="bench-returns-"))
    _generate(tmp / "desk.sqlite3", claims)
    db = Database(tmp / "desk.sqlite3")
    # The same cells as the return, computed once, for the baseline.
    with db.reader() as uow:
        data = figures.compute(uow.session, MONTH, county_code="330802", county_name="县")
    sheets = [(sh.name, [c.header for c in sh.cols], sh.rows) for sh in monthly.sheets(data)]
    return {"tmp": tmp, "db": db, "sheets": sheets, "saved": saved, "claims": claims}


def _ours(ctx: dict[str, Any]) -> None:
    from desk_app.returns import submission

    with ctx["db"].uow() as uow:
        f = submission.write_return_file(uow, MONTH, ctx["tmp"] / "return.xlsx")
    assert f.payments == ctx["claims"], f


def _baseline(ctx: dict[str, Any]) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for name, headers, rows in ctx["sheets"]:
        ws = wb.create_sheet(name)
        ws.append(headers)
        for row in rows:
            ws.append(list(row))
    wb.save(BytesIO())


def _teardown(ctx: dict[str, Any]) -> None:
    ctx["db"].dispose()
    shutil.rmtree(ctx["tmp"], ignore_errors=True)
    if ctx["saved"] is None:
        os.environ.pop("DESK_APP_FAKE_NOW", None)
    else:
        os.environ["DESK_APP_FAKE_NOW"] = ctx["saved"]


def benchmarks(quick: bool) -> list[Benchmark]:
    n = 5_000 if quick else 100_000
    return [
        Benchmark(
            name=f"monthly return, {n:,} paid claims",
            setup=lambda: _setup(n),
            run=_ours,
            baseline=_baseline,
            baseline_name="openpyxl write-only, same cells, no logic",
            items=n,
            unit="claims",
            repeat=3,
            teardown=_teardown,
            target="< 15 s for 100 000; ratio < 1",
            notes=[
                "ours: SQL counts + detail rows + cross-check + formatted workbook (fastxlsx)",
            ],
        )
    ]
