"""A desk process killed at any moment loses nothing it reported as committed."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from db import Database
from db.models import Enrollment, Member, Scheme, Unit
from db.models.system import OutboxEntry

pytestmark = pytest.mark.slow

KILLS = 200


def _setup(path: Path) -> tuple[int, int]:
    db = Database(path)
    with db.uow() as uow:
        s = uow.session
        unit = Unit(code="U1", name="单位")
        scheme = Scheme(
            code="S1",
            name="方案",
            plan="P",
            period_start=date(2026, 1, 1),
            period_end=date(2026, 12, 31),
            premium_per_share=Decimal("50.00"),
            max_shares=2,
            source_text="",
            source_sha256="0" * 64,
        )
        s.add_all([unit, scheme])
        uow.commit()
        ids = unit.id, scheme.id
    db.dispose()
    return ids


def _child(path: Path, fd: int, unit_id: int, scheme_id: int, start: int) -> None:
    """Runs in a forked child: enroll members one transaction at a time and report each
    commit on the pipe only after commit() returned."""
    db = Database(path)
    n = start
    while True:
        n += 1
        with db.uow() as uow:
            m = Member(
                id_number=f"{n:018d}",
                name="测试",
                gender="M",
                birth_date=date(1980, 1, 1),
                unit_id=unit_id,
            )
            uow.session.add(m)
            uow.session.flush()
            uow.session.add(
                Enrollment(
                    member_id=m.id,
                    scheme_id=scheme_id,
                    unit_id=unit_id,
                    shares=1,
                    premium=Decimal("50.00"),
                    enrolled_on=date(2026, 3, 1),
                )
            )
            uow.commit()
        os.write(fd, f"{n}\n".encode())


def test_killed_writer_never_loses_a_reported_commit(db, data_dir: Path):
    path = db.path
    db.dispose()
    unit_id, scheme_id = _setup(path)
    rng = random.Random(20261122)
    reported: set[int] = set()
    next_start = 0
    for _ in range(KILLS):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - child
            os.close(r)
            try:
                _child(path, w, unit_id, scheme_id, next_start)
            finally:
                os._exit(0)
        os.close(w)
        time.sleep(rng.uniform(0.0, 0.06))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        with os.fdopen(r, "rb") as f:
            data = f.read().decode()
        lines = data.split("\n")
        complete = [int(x) for x in lines[:-1] if x]
        reported.update(complete)
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {int(x) for (x,) in conn.execute("SELECT id_number FROM members")}
        conn.close()
        missing = reported - stored
        assert not missing, f"committed and reported, then lost: {sorted(missing)[:5]}"
        next_start = max(stored | {next_start}) + 1000
    assert len(reported) > KILLS  # the children did real work between kills

    check = Database(path)
    with check.reader() as uow:
        members = uow.session.query(Member).count()
        enrollments = uow.session.query(Enrollment).count()
        outbox = uow.session.query(OutboxEntry).count()
    check.dispose()
    # Each transaction is all or nothing: a member, its enrollment and both outbox rows.
    assert members == enrollments
    assert outbox == 2 * members + 1  # + the unit made in _setup
