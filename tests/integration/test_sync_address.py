"""Plain http:// would carry the token and members' data readable by anyone on the way: the desk
refuses it except to this PC, unless set up with ``--insecure`` (a test network)."""

from __future__ import annotations

import pytest

from desk_app.sync import RetryPolicy, run_sync, sync_status
from desk_app.system import settings
from tests.conftest import PASSWORDS, run_cli

TOKEN = "a-token-that-is-long-enough"


def _setup(data_dir, server: str, *extra: str):
    return run_cli(
        "--lang", "en", "sync", "setup", "--server", server, "--site", "330602", "--no-check",
        "--user", "admin", *extra, input=f"{PASSWORDS['admin']}\n{TOKEN}\n", data_dir=data_dir,
    )  # fmt: skip


def test_plain_http_to_another_machine_is_refused_and_nothing_stored(db, actors, data_dir):
    r = _setup(data_dir, "http://sync.city.example")
    assert r.code == 2 and "plain http:// is not encrypted" in r.err
    with db.reader() as uow:
        assert not sync_status(uow).configured and sync_status(uow).server == ""


@pytest.mark.parametrize(
    "server", ["http://127.0.0.1:8750", "http://localhost:8750", "http://[::1]:8750",
               "https://sync.city.example"],
)  # fmt: skip
def test_https_or_this_pc_is_accepted(db, actors, data_dir, server):
    r = _setup(data_dir, server)
    assert r.code == 0, r.err
    with db.reader() as uow:
        assert sync_status(uow).configured


def test_insecure_accepts_plain_http_and_the_scheduled_sync_keeps_to_it(db, actors, data_dir):
    r = _setup(data_dir, "http://192.0.2.10:8750", "--insecure")
    assert r.code == 0, r.err
    with db.reader() as uow:
        assert settings.get(uow.session, settings.SYNC_INSECURE) is True
    once = RetryPolicy(attempts=1, connect_timeout=0.3, read_timeout=0.3)
    report = run_sync(db, trigger="test", policy=once)
    assert report.error_code == "unreachable"  # it tried (the test address answers nobody)


def test_a_stored_plain_http_address_stops_the_sync_with_the_reason(db, actors, data_dir):
    """An address an older release accepted: the run says why instead of sending."""
    assert _setup(data_dir, "http://127.0.0.1:9").code == 0
    with db.uow() as uow:
        settings.put(uow.session, settings.SYNC_SERVER, "http://sync.city.example")
        uow.commit()
    report = run_sync(db, trigger="test")
    assert not report.ok and report.error_code == "insecure_url"
    assert "https://" in report.error.en
