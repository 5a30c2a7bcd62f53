"""Roster import of a 20 000-row .xlsx (read, check every row, write members, search keys,
enrollments, batch, outbox and audit in one transaction) against raw ``sqlite3.executemany``
of the same member and enrollment rows (no reading, no checks, no index, no outbox)."""

from __future__ import annotations

import hashlib
import itertools
import shutil
import tempfile
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from benchmarks.harness import Benchmark
from benchmarks.people_data import people
from desk_app.data.schemes import FOLDER as SCHEME_FILES

SCHEME = SCHEME_FILES / "quzhou-2015.toml"


def _setup(n: int) -> dict[str, Any]:
    import tomllib

    from openpyxl import Workbook

    from db import Database
    from db.migrate import upgrade
    from db.models import Scheme, Unit

    tmp = Path(tempfile.mkdtemp(prefix="bench-roster-"))
    pristine = tmp / "pristine.sqlite3"
    upgrade(pristine, tmp / "backups")
    db = Database(pristine)
    text = SCHEME.read_text("utf-8")
    d = tomllib.loads(text)
    with db.uow() as uow:
        uow.session.add(
            Scheme(
                code=d["code"],
                name=d["name"],
                region=d["region"],
                plan=d["plan"],
                period_start=d["period_start"],
                period_end=d["period_end"],
                premium_per_share=Decimal(d["premium_per_share"]),
                max_shares=d["max_shares"],
                annual_cap=Decimal(d["annual_cap"]),
                source_text=text,
                source_sha256=hashlib.sha256(text.encode()).hexdigest(),
            )
        )
        uow.session.add(Unit(code="DW001", name="城关供电所工会"))
        uow.commit()
    db.dispose()
    rows = list(people(n, seed=7))
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("参保名册")
    ws.append(["姓名", "身份证号", "手机号", "单位编码", "人员类别", "份数", "参保日期"])
    for i, (name, number) in enumerate(rows):
        ws.append(
            [
                name,
                number,
                f"138{i:08d}",
                "DW001",
                "困难职工" if i % 20 == 0 else "",
                1,
                "2015-01-01",
            ]
        )
    wb.save(tmp / "roster.xlsx")
    return {"tmp": tmp, "pristine": pristine, "rows": rows, "counter": itertools.count()}


def _fresh(ctx: dict[str, Any]) -> Path:
    path = ctx["tmp"] / f"run-{next(ctx['counter'])}.sqlite3"
    shutil.copyfile(ctx["pristine"], path)
    return path


def _ours(ctx: dict[str, Any]) -> None:
    from db import Database
    from desk_app.access.auth import Actor, Role
    from desk_app.people.roster import import_roster

    path = _fresh(ctx)
    db = Database(path)
    try:
        with db.uow() as uow:
            report = import_roster(
                uow,
                Actor("clerk", "王经办", Role.CLERK),
                ctx["tmp"] / "roster.xlsx",
                "QZ-2015-ZY",
            ).value
            uow.commit()
        assert report.accepted == len(ctx["rows"]), report.errors[:3]
    finally:
        db.dispose()
        path.unlink()


def _raw(ctx: dict[str, Any]) -> None:
    from db import Database
    from db.base import new_uid

    path = _fresh(ctx)
    db = Database(path)
    conn = db.raw_connection()
    try:
        stamp = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
        members = [
            (
                i,
                number,
                name,
                "M" if int(number[16]) % 2 else "F",
                f"{number[6:10]}-{number[10:12]}-{number[12:14]}",
                f"138{i:08d}",
                "",
                1,
                new_uid(),
                1,
                stamp,
                stamp,
            )
            for i, (name, number) in enumerate(ctx["rows"], start=1)
        ]
        enrollments = [
            (i, 1, 1, 1, 5000, date(2015, 1, 1).isoformat(), 0, new_uid(), 1, stamp, stamp)
            for i in range(1, len(ctx["rows"]) + 1)
        ]
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "INSERT INTO members (id, id_number, name, gender, birth_date, phone, categories,"
            " unit_id, uid, version, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            members,
        )
        conn.executemany(
            "INSERT INTO enrollments (member_id, scheme_id, unit_id, shares, premium,"
            " enrolled_on, renewal, uid, version, created_at, updated_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            enrollments,
        )
        conn.execute("COMMIT")
    finally:
        conn.close()
        db.dispose()
        path.unlink()


def _read_desk(ctx: dict[str, Any]) -> None:
    from desk_app.xlsx.read import read_first_sheet

    sheet = read_first_sheet(ctx["tmp"] / "roster.xlsx")
    assert len(sheet.rows) == len(ctx["rows"]) + 1


def _read_openpyxl(ctx: dict[str, Any]) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(ctx["tmp"] / "roster.xlsx", read_only=True, data_only=True)
    try:
        n = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))
    finally:
        wb.close()
    assert n == len(ctx["rows"]) + 1


def reading(n: int) -> Benchmark:
    """Reading the roster's first sheet: the desk's reader (the file's checks, then
    python-calamine) against openpyxl's read-only mode, the reader before the lean one."""
    return Benchmark(
        name=f"read a roster's first sheet, {n:,} rows (.xlsx, checks + python-calamine)",
        setup=lambda: _setup(n),
        run=_read_desk,
        baseline=_read_openpyxl,
        baseline_name="openpyxl read-only, values only",
        items=n,
        unit="rows",
        repeat=3,
        target="under a second for 20,000 rows",
        teardown=lambda ctx: shutil.rmtree(ctx["tmp"], ignore_errors=True),
    )


def benchmarks(quick: bool) -> list[Benchmark]:
    n = 2_000 if quick else 20_000
    return [
        reading(n),
        Benchmark(
            name=f"roster import, {n:,} rows (.xlsx → members, keys, enrollments, outbox)",
            setup=lambda: _setup(n),
            run=_ours,
            baseline=_raw,
            baseline_name="raw sqlite3 executemany",
            items=n,
            unit="rows",
            repeat=3,
            target="a few seconds for 20,000 rows",
            teardown=lambda ctx: shutil.rmtree(ctx["tmp"], ignore_errors=True),
        ),
    ]
