"""A seeded monkey (issue #12): the real program in a child process, driven with random keys,
text (hostile values too) and shortcuts on the claim, enrollment and review screens — dialogs
opened and dismissed, rows added and deleted, schemes and kinds switched — for about a minute
(``DESK_APP_MONKEY_SECONDS``; ``scripts/monkey.py`` runs it for 30 minutes). It must end with
exit 0, no unexpected error in the log and a clean ``PRAGMA integrity_check``. The seed is
printed (and ``DESK_APP_MONKEY_SEED`` replays one)."""

from __future__ import annotations

import os
import random
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from desk_app.system import logs
from tests.conftest import PASSWORDS
from tests.integration.claims_support import enter, inpatient, receipt, world
from tests.ui.test_crash_trace import run_child, seen

__all__ = ["world"]


def prepare(world: Any) -> None:
    """Claims waiting for review, so that the review screen has work."""
    from datetime import date

    for i in range(5):
        enter(
            world.db,
            world.clerk,
            inpatient(
                world.li,
                world.li_qz,
                date(2015, 3, 1 + 3 * i),
                date(2015, 3, 2 + 3 * i),
                receipt(f"M-{i}", copay="800.00"),
            ),
        )


@pytest.mark.slow
def test_a_minute_of_random_keys_on_the_claim_enrollment_and_review_screens(
    world: Any, data_dir: Path
) -> None:
    prepare(world)
    seed = os.environ.get("DESK_APP_MONKEY_SEED") or str(random.randrange(10**9))
    seconds = os.environ.get("DESK_APP_MONKEY_SECONDS", "60")
    print(f"monkey seed {seed} ({seconds} s): DESK_APP_MONKEY_SEED={seed} replays it")
    p = run_child(
        data_dir,
        "monkey",
        "reviewer",
        PASSWORDS["reviewer"],
        seconds,
        seed,
        timeout=float(seconds) + 240,
    )
    assert p.returncode == 0, (
        f"seed {seed}: exit {p.returncode} {p.stdout[-2000:]} {p.stderr[-3000:]}"
    )
    assert seen(p, "seed") == [seed]
    actions = int(seen(p, "actions")[-1])
    assert actions > 100, actions
    text = (data_dir / "logs" / logs.LOG_FILE).read_text(encoding="utf-8")
    unexpected = [
        line for line in text.splitlines() if "unexpected error" in line or " CRITICAL " in line
    ]
    assert not unexpected, f"seed {seed}: {unexpected[:5]}"
    conn = sqlite3.connect(data_dir / "desk.sqlite3")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()
