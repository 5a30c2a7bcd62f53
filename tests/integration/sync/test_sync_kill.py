"""Desk and server processes killed (SIGKILL) at random points during sync, many times:
nothing is lost, nothing is doubled, and the outbox drains on the next run."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from desk_app.sync import RetryPolicy, SyncReport
from tests.integration.sync.helpers import CityServer, Desk, assert_city_holds_exactly

DESK_APP = Path(sys.executable).with_name("desk-app")

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


def _fill(desk: Desk, members: int) -> None:
    b = desk.build
    unit = b.unit()
    for _ in range(members):
        m = b.member(unit)
        b.enroll(m)


def test_desk_killed_mid_sync_loses_and_doubles_nothing(
    city: CityServer, make_desk: Callable[..., Desk]
):
    desk = make_desk("K-DESK", city)
    _fill(desk, 100)
    rng = random.Random(20)
    partial = 0
    for _ in range(4):
        _fill(desk, 10)
        before = desk.pending()
        p = subprocess.Popen(
            [str(DESK_APP), "--data-dir", str(desk.root), "sync", "--batch-size", "4"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "DESK_APP_LANG": "en"},
        )
        # Kill once a random share of the changes went up (start-up alone takes seconds),
        # a few milliseconds either way: between sending, committing and pruning.
        target = before - rng.randint(1, before - 1)
        deadline = time.monotonic() + 60
        while desk.pending() > target and p.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(rng.uniform(0, 0.03))
        p.send_signal(signal.SIGKILL)
        p.wait()
        after = desk.pending()
        partial += 0 < after < before
    assert partial, "no kill landed in the middle of a sync: the test proves nothing"
    final = desk.sync()
    assert final.ok, final.error
    assert_city_holds_exactly(city, desk)


def test_server_killed_mid_sync_loses_and_doubles_nothing(
    city: CityServer, make_desk: Callable[..., Desk]
):
    desk = make_desk("K-SERVER", city)
    _fill(desk, 60)
    rng = random.Random(21)
    patient = RetryPolicy(
        attempts=2, base_delay=0.01, max_delay=0.05, connect_timeout=1, read_timeout=5
    )
    interrupted = 0
    for _ in range(4):
        _fill(desk, 15)
        reports: list[SyncReport] = []
        t = threading.Thread(
            target=lambda out=reports: out.append(desk.sync(policy=patient, batch_size=3))
        )
        t.start()
        time.sleep(rng.uniform(0.05, 0.6))
        city.kill()
        t.join(60)
        interrupted += not reports[0].ok
        city.start()
    assert interrupted, "no kill interrupted a sync: the test proves nothing"
    final = desk.sync()
    assert final.ok, final.error
    assert_city_holds_exactly(city, desk)
