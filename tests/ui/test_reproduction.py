"""The sequence of issue #12 that ended in a segfault in libshiboken6 (PySide6 6.12.0), typed
as a clerk in 理赔受理 › 理赔录入 by the real program in a child process: it must end normally
(exit 0, not −11) with the clerk told what is wrong."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PASSWORDS
from tests.fixtures_people import SCHEMES_DIR, add_scheme
from tests.integration.claims_support import enroll, world
from tests.ui.test_claims_intake import id_of
from tests.ui.test_crash_trace import run_child, seen

__all__ = ["world"]


@pytest.mark.slow
def test_the_issues_sequence_ends_normally(world: Any, data_dir: Path) -> None:
    # The critical-illness scheme of the articles, for the year of the claim.
    text = (SCHEMES_DIR / "huzhou-critical-2013.toml").read_text("utf-8").replace("2013", "2015")
    critical = add_scheme(world.db, world.actors["admin"], "", text=text)
    picked = enroll(world.db, world.clerk, world.li, critical, date(2015, 1, 1))
    p = run_child(
        data_dir,
        "reproduction",
        "clerk",
        PASSWORDS["clerk"],
        id_of(world.db, world.li),
        str(picked),
        timeout=180,
    )
    assert p.returncode == 0, f"exit {p.returncode}: {p.stdout} {p.stderr[-3000:]}"
    assert "Fatal Python error" not in p.stderr
    [scheme] = seen(p, "scheme")
    # The arrows no longer reach the critical-illness scheme: since #15 it is offered only for a
    # diagnosis it pays (K80.2 is not one), so the trap of the sequence is gone too.
    assert "湖州" not in scheme and scheme
    assert seen(p, "cell") == ["12a3"]  # kept as typed, marked, not taken as an amount
    [problems] = seen(p, "problems")
    assert problems.strip(), "the clerk is told what to correct"
    assert seen(p, "alive") == [""]
