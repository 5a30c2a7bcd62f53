"""A clean, single-threaded process that forks enrollment writers on request.

The crash-safety test drives it over stdin/stdout: ``spawn START`` forks a child that enrolls
members ``START+1, START+2, ...`` one transaction each, appending each number to the report
file only after ``commit()`` returned, and answers with the child's pid; the test kills that
pid with SIGKILL; ``reap PID`` waits for it. Forking from the pytest process itself is unsafe
(other tests leave threads running there, and a fork copies their held locks).
"""

from __future__ import annotations

import os
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

from db import Database
from db.models import Enrollment, Member


def _enroll(db: Database, n: int, unit_id: int, scheme_id: int, *, commit: bool) -> None:
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
        if commit:
            uow.commit()
        else:
            uow.flush()


def _write(db: Database, report: Path, unit_id: int, scheme_id: int, start: int) -> None:
    fd = os.open(report, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
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


def main() -> None:
    db_path, report = Path(sys.argv[1]), Path(sys.argv[2])
    unit_id, scheme_id = int(sys.argv[3]), int(sys.argv[4])
    # Warm up once (mapper configuration, statement compilation: ~100 ms), then close every
    # connection so the children open their own; they inherit the warm engine.
    db = Database(db_path)
    _enroll(db, 10**17, unit_id, scheme_id, commit=False)
    db.dispose()
    for line in sys.stdin:
        cmd, arg = line.split()
        if cmd == "spawn":
            pid = os.fork()
            if pid == 0:
                try:
                    _write(db, report, unit_id, scheme_id, int(arg))
                finally:
                    os._exit(0)
            print(pid, flush=True)
        elif cmd == "reap":
            os.waitpid(int(arg), 0)
            print("ok", flush=True)


if __name__ == "__main__":
    main()
