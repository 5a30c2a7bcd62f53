"""``desk-app init --admin`` with a refused login or password leaves nothing behind: no
database without an admin, so the next ``init --admin`` (or the window's first-use dialog)
starts from scratch."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import PASSWORDS, run_cli


def test_a_refused_password_leaves_no_database_behind(tmp_path: Path) -> None:
    data = tmp_path / "desk"
    r = run_cli("init", "--admin", "admin", input="short\n", data_dir=data)
    assert r.code != 0
    assert "密码" in r.err or "password" in r.err
    assert not list(data.glob("desk.sqlite3*"))

    r = run_cli("init", "--admin", "admin", input=PASSWORDS["admin"] + "\n", data_dir=data)
    assert r.code == 0, r.err
    assert "admin" in r.out


def test_a_refused_login_leaves_no_database_behind(tmp_path: Path) -> None:
    data = tmp_path / "desk"
    r = run_cli("init", "--admin", "no spaces", input=PASSWORDS["admin"] + "\n", data_dir=data)
    assert r.code != 0
    assert "登录名" in r.err or "login" in r.err
    assert not list(data.glob("desk.sqlite3*"))
