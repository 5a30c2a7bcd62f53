"""Roster import of a 50 000-row .xlsx (read, check every row, write members, search keys,
enrollments, batch, outbox and audit in one transaction) against the simplest correct way to do
the same work: python-calamine reads the workbook, the same checks normalise each row
(``check_name``, ``check_id_number``, ``check_mobile``), the same search keys are computed
(``search.keys_for``), and raw ``sqlite3.executemany`` writes the members, their keys and their
enrollments in one transaction (no outbox, batch or audit rows: those are a few per cent)."""

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


def _baseline_rows(path: Path) -> tuple[list[tuple[Any, ...]], list[tuple[str, str, int]]]:
    """Read with calamine and normalise each row as the import does: members and their keys."""
    from python_calamine import CalamineWorkbook

    from db.base import new_uid
    from desk_app.people import search
    from desk_app.people.idcard import check_id_number
    from desk_app.people.rules import check_mobile, check_name

    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    stamp = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
    on = date.today()
    members: list[tuple[Any, ...]] = []
    keys: list[tuple[str, str, int]] = []
    for i, row in enumerate(sheet[1:], start=1):
        name = check_name(str(row[0]))
        info = check_id_number(str(row[1]), on=on)
        phone = check_mobile(str(row[2]))
        sort_key = search.name_sort_key(name)
        members.append(
            (
                i,
                info.number,
                name,
                sort_key,
                info.gender,
                info.birth_date.isoformat(),
                phone,
                str(row[4] or ""),
                1,
                new_uid(),
                1,
                stamp,
                stamp,
            )
        )
        keys.extend((k, sort_key, i) for k in search.keys_for(name, info.number))
    return members, keys


def _raw(ctx: dict[str, Any]) -> None:
    from db import Database
    from db.base import new_uid

    path = _fresh(ctx)
    db = Database(path)
    conn = db.raw_connection()
    try:
        stamp = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
        members, keys = _baseline_rows(ctx["tmp"] / "roster.xlsx")
        assert len(members) == len(ctx["rows"])
        enrollments = [
            (i, 1, 1, 1, 5000, date(2015, 1, 1).isoformat(), 0, new_uid(), 1, stamp, stamp)
            for i in range(1, len(members) + 1)
        ]
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany(
            "INSERT INTO members (id, id_number, name, name_pinyin, gender, birth_date, phone,"
            " categories, unit_id, uid, version, created_at, updated_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            members,
        )
        conn.executemany(
            "INSERT INTO member_search_keys (key, sort_key, member_id) VALUES (?, ?, ?)", keys
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
    n = 2_000 if quick else 50_000
    return [
        reading(n),
        Benchmark(
            name=f"roster import, {n:,} rows (.xlsx → members, keys, enrollments, outbox)",
            setup=lambda: _setup(n),
            run=_ours,
            baseline=_raw,
            baseline_name="calamine + same checks and keys + executemany",
            items=n,
            unit="rows",
            repeat=3,
            target="≤ 2× the baseline",
            teardown=lambda ctx: shutil.rmtree(ctx["tmp"], ignore_errors=True),
        ),
    ]
