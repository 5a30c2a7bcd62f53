"""``desk-app sync setup`` and ``desk-app sync`` as a scheduled job runs them."""

from __future__ import annotations

import pytest

from desk_app.sync import sync_status
from tests.conftest import PASSWORDS, run_cli
from tests.integration.sync.helpers import CityServer
from tests.pgtemp import free_port

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

ADMIN_PW = PASSWORDS["admin"]


def _with_admin(desk):
    """The desk's admin, who sets sync up (``sync setup --user admin``)."""
    from desk_app.access import users

    with desk.db.uow() as uow:
        users.create_first_admin(uow, "admin", "管理员", ADMIN_PW)
        uow.commit()
    return desk


@pytest.fixture(scope="module")
def city(module_city: CityServer) -> CityServer:
    return module_city


def test_setup_then_sync_sends_everything_and_exits_0(city, make_desk):
    desk = _with_admin(make_desk("CLI-OK"))
    token = city.add_site("CLI-OK", "婺城区")
    desk.build.member(desk.build.unit())
    r = run_cli(
        "sync",
        "setup",
        "--user",
        "admin",
        "--server",
        city.url,
        "--site",
        "CLI-OK",
        input=ADMIN_PW + "\n" + token + "\n",
        data_dir=desk.root,
    )
    assert r.code == 0, r.err
    assert "CLI-OK" in r.out and "婺城区" in r.out
    r = run_cli("sync", data_dir=desk.root)
    assert r.code == 0, r.err
    assert "2 changes sent" in r.out and "0 waiting" in r.out
    r = run_cli("sync", "status", data_dir=desk.root)
    assert "changes waiting: 0" in r.out and "(ok)" in r.out
    with desk.db.reader() as uow:
        from db.models import AuditEntry

        by = uow.session.query(AuditEntry.login).filter(AuditEntry.action == "sync.run").all()
    assert by == [("scheduler",)]  # the scheduled job's identity, audited as such
    logs = (desk.root / "logs").glob("*.log")
    for text in [r.out, r.err, *(p.read_text(errors="replace") for p in logs)]:
        assert token not in text


def test_setup_with_a_wrong_token_is_refused_and_stores_nothing(city, make_desk):
    desk = _with_admin(make_desk("CLI-BAD"))
    city.add_site("CLI-BAD")
    r = run_cli(
        "sync",
        "setup",
        "--user",
        "admin",
        "--server",
        city.url,
        "--site",
        "CLI-BAD",
        input=ADMIN_PW + "\n" + "this-is-not-the-right-token\n",
        data_dir=desk.root,
    )
    assert r.code == 4
    assert "token is wrong" in r.err
    with desk.db.reader() as uow:
        assert not sync_status(uow).configured


def test_sync_with_the_server_unreachable_exits_3_and_says_so(make_desk):
    desk = _with_admin(make_desk("CLI-DOWN"))
    nowhere = f"http://127.0.0.1:{free_port()}"
    r = run_cli(
        "sync",
        "setup",
        "--user",
        "admin",
        "--server",
        nowhere,
        "--site",
        "CLI-DOWN",
        "--no-check",
        input=ADMIN_PW + "\n" + "a-token-that-is-long-enough\n",
        data_dir=desk.root,
    )
    assert r.code == 0, r.err
    desk.build.member()
    r = run_cli("sync", data_dir=desk.root, input="")
    assert r.code == 3
    assert "cannot reach the city server" in r.err and "1 waiting" in r.err
    with desk.db.reader() as uow:
        status = sync_status(uow)
    assert status.pending == 1 and status.last_ok is False
    assert "无法连接市级服务器" in status.last_error.zh


def test_sync_before_setup_says_what_to_do(make_desk):
    desk = _with_admin(make_desk("CLI-NONE"))
    r = run_cli("sync", data_dir=desk.root)
    assert r.code == 2 and "not set up" in r.err


def test_setup_refuses_an_address_that_is_not_http(make_desk):
    desk = _with_admin(make_desk("CLI-URL"))
    r = run_cli(
        "sync",
        "setup",
        "--user",
        "admin",
        "--server",
        "ftp://city",
        "--site",
        "X",
        "--no-check",
        input=ADMIN_PW + "\n" + "a-token-that-is-long-enough\n",
        data_dir=desk.root,
    )
    assert r.code == 2 and "https://" in r.err
