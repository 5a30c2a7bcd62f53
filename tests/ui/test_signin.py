"""Start-up in the window: a new desk creates its first admin, then signs in; a wrong password
and a locked account each get their own sentence; a database from a newer release is refused."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desk_app.system.paths import DataDir
from tests.ui.conftest import type_and_enter
from ui.app import DeskApp
from ui.main_window import MainWindow
from ui.signin import DemoDialog, FirstAdminDialog, SignInDialog, demo_available
from ui.tasks import SyncExecutor


@pytest.fixture
def start_desk(qtbot: Any, zh: str) -> Iterator[Any]:
    made: list[DeskApp] = []

    def start(data_dir: Path, **kw: Any) -> DeskApp:
        desk = DeskApp(DataDir(data_dir), zh, executor=SyncExecutor(), **kw)
        made.append(desk)
        return desk

    yield start
    for desk in made:
        if desk.window is not None:
            desk.window.close()
        if desk.dialog is not None:
            desk.dialog.close()
        if desk.db is not None:
            desk.db.dispose()


def _type(qtbot: Any, widget: Any, text: str) -> None:
    type_and_enter(qtbot, widget, text)  # Enter moves on (or presses the main button)


def _sign_in(qtbot: Any, desk: DeskApp, login: str, password: str) -> None:
    dlg = desk.dialog
    assert isinstance(dlg, SignInDialog)
    dlg.login.clear()
    _type(qtbot, dlg.login, login)
    assert dlg.focusWidget() is dlg.password
    _type(qtbot, dlg.password, password)


def test_first_start_creates_the_admin_then_signs_in(
    qtbot: Any, data_dir: Path, start_desk: Any
) -> None:
    desk = start_desk(data_dir)
    assert desk.start()
    dlg = desk.dialog
    assert isinstance(dlg, FirstAdminDialog) and dlg.isVisible()
    assert dlg.windowTitle() == "初始化服务点"
    for field, text in [
        (dlg.login, "zhangsan"),
        (dlg.name, "张三"),
        (dlg.password, "Guanli-2026x"),
        (dlg.again, "Guanli-2026x"),
    ]:
        assert dlg.focusWidget() is field
        _type(qtbot, field, text)
    if demo_available():  # the demo offer comes next; Enter takes its default, "no"
        offer = desk.dialog
        assert isinstance(offer, DemoDialog) and offer.isVisible()
        qtbot.keyClick(offer.focusWidget(), Qt.Key.Key_Return)
    signin = desk.dialog
    assert isinstance(signin, SignInDialog) and signin.isVisible()
    assert signin.login.text() == "zhangsan"  # remembered from the set-up
    qtbot.keyClicks(signin.password, "Guanli-2026x")
    qtbot.keyClick(signin.password, Qt.Key.Key_Return)
    win = desk.window
    assert isinstance(win, MainWindow) and win.isVisible()
    assert win.user_label.text() == "张三（管理员）"


def test_without_the_demo_builder_no_demo_is_offered(
    qtbot: Any, data_dir: Path, start_desk: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ui.app.demo_available", lambda: False)
    desk = start_desk(data_dir)
    desk.start()
    dlg = desk.dialog
    for field, text in [
        (dlg.login, "zhangsan"),
        (dlg.name, "张三"),
        (dlg.password, "Guanli-2026x"),
        (dlg.again, "Guanli-2026x"),
    ]:
        _type(qtbot, field, text)
    assert isinstance(desk.dialog, SignInDialog)


def test_first_admin_with_differing_passwords_is_refused(
    qtbot: Any, data_dir: Path, start_desk: Any
) -> None:
    desk = start_desk(data_dir)
    desk.start()
    dlg = desk.dialog
    for field, text in [
        (dlg.login, "zhangsan"),
        (dlg.name, "张三"),
        (dlg.password, "Guanli-2026x"),
        (dlg.again, "Guanli-2026y"),
    ]:
        _type(qtbot, field, text)
    assert desk.dialog is dlg and dlg.error.text() == "两次输入的密码不一致。"


def _desk_with_users(qtbot: Any, data_dir: Path, start_desk: Any) -> DeskApp:
    desk = start_desk(data_dir)
    assert desk.start()
    assert isinstance(desk.dialog, SignInDialog)
    return desk


def test_a_wrong_password_says_so(
    qtbot: Any, db: Any, actors: Any, data_dir: Path, start_desk: Any
) -> None:
    desk = _desk_with_users(qtbot, data_dir, start_desk)
    _sign_in(qtbot, desk, "clerk", "not-the-password1")
    dlg = desk.dialog
    assert isinstance(dlg, SignInDialog) and desk.window is None
    assert dlg.error.text() == "用户名或密码错误"
    assert dlg.password.text() == "" and dlg.focusWidget() is dlg.password


def test_a_locked_account_says_it_is_locked(
    qtbot: Any, db: Any, actors: Any, data_dir: Path, start_desk: Any, passwords: dict[str, str]
) -> None:
    desk = _desk_with_users(qtbot, data_dir, start_desk)
    for _ in range(5):
        _sign_in(qtbot, desk, "clerk", "not-the-password1")
    assert desk.dialog.error.text() == "连续 5 次密码错误，账户已锁定 10 分钟"
    _sign_in(qtbot, desk, "clerk", passwords["clerk"])  # even the right password now
    assert desk.window is None
    assert desk.dialog.error.text().startswith("连续输错密码次数过多，账户已锁定")


def test_the_right_password_opens_the_window_with_the_role(
    qtbot: Any, db: Any, actors: Any, data_dir: Path, start_desk: Any, passwords: dict[str, str]
) -> None:
    desk = _desk_with_users(qtbot, data_dir, start_desk)
    _sign_in(qtbot, desk, "reviewer", passwords["reviewer"])
    assert desk.window is not None and desk.window.user_label.text() == "赵审核（审核人）"


def test_a_database_from_a_newer_release_is_refused_unchanged(
    qtbot: Any, db: Any, data_dir: Path, start_desk: Any
) -> None:
    path = DataDir(data_dir).database
    db.dispose()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = 'ffffffffffff'")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    shown: list[str] = []
    desk = start_desk(data_dir, fatal=lambda text, _details: shown.append(text))
    assert not desk.start()
    assert shown and "更新版本的程序" in shown[0]
    assert desk.dialog is None and desk.window is None
    assert path.read_bytes() == before


@pytest.mark.skipif(not demo_available(), reason="desk_app.demo.county is not in this build")
def test_a_new_desk_can_load_demo_data_before_signing_in(
    qtbot: Any, data_dir: Path, start_desk: Any
) -> None:
    from sqlalchemy import func, select

    from db.models import Member

    desk = start_desk(data_dir)
    desk.start()
    dlg = desk.dialog
    for field, text in [
        (dlg.login, "zhangsan"),
        (dlg.name, "张三"),
        (dlg.password, "Guanli-2026x"),
        (dlg.again, "Guanli-2026x"),
    ]:
        _type(qtbot, field, text)
    offer = desk.dialog
    assert isinstance(offer, DemoDialog)
    offer.members.setFocus()
    offer.members.selectAll()
    _type(qtbot, offer.members, "100")  # Enter on the only field: 加载演示数据
    assert isinstance(desk.dialog, SignInDialog)
    with desk.db.reader() as uow:
        assert uow.session.execute(select(func.count(Member.id))).scalar_one() == 100
