"""A desk process killed at any moment loses nothing it reported as committed."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
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


def test_killed_writer_never_loses_a_reported_commit(db, data_dir: Path):
    path = db.path
    db.dispose()
    unit_id, scheme_id = _setup(path)
    rng = random.Random(20261122)
    report = data_dir / "committed.txt"
    forker = subprocess.Popen(
        [
            sys.executable,
            str(Path(__file__).with_name("crash_forker.py")),
            str(path),
            str(report),
            str(unit_id),
            str(scheme_id),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert forker.stdin is not None and forker.stdout is not None
    reported: set[int] = set()
    next_start = 0
    try:
        for _ in range(KILLS):
            forker.stdin.write(f"spawn {next_start}\n")
            forker.stdin.flush()
            pid = int(forker.stdout.readline())
            time.sleep(rng.uniform(0.0, 0.08))
            os.kill(pid, signal.SIGKILL)
            forker.stdin.write(f"reap {pid}\n")
            forker.stdin.flush()
            assert forker.stdout.readline().strip() == "ok"
            text = report.read_text() if report.exists() else ""
            complete = [int(x) for x in text.split("\n")[:-1] if x]  # a cut last line: ignored
            reported.update(complete)
            conn = sqlite3.connect(path)
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            stored = {int(x) for (x,) in conn.execute("SELECT id_number FROM members")}
            conn.close()
            missing = reported - stored
            assert not missing, f"committed and reported, then lost: {sorted(missing)[:5]}"
            next_start = max(stored | {next_start}) + 1000
    finally:
        forker.kill()
        forker.wait()
    # The children did real work between kills (on a loaded machine fewer commits fit in the
    # random windows; the durability check above is what matters).
    assert len(reported) >= KILLS // 4

    check = Database(path)
    with check.reader() as uow:
        members = uow.session.query(Member).count()
        enrollments = uow.session.query(Enrollment).count()
        outbox = uow.session.query(OutboxEntry).count()
    check.dispose()
    # Each transaction is all or nothing: a member, its enrollment and both outbox rows.
    assert members == enrollments
    assert outbox == 2 * members + 1  # + the unit made in _setup
