"""Sync in the window, against a real city server on loopback (the SQLite trial server as a
process): the admin connects the desk on the 同步 screen, F9 sends what waits and the status bar
and the history say so, the city's findings and new schemes are shown, and the desk syncs by
itself soon after sign-in."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from base.changes import Changes
from city_server import feed
from city_server.store import transaction
from desk_app.access.auth import SYSTEM
from desk_app.schemes.store import import_scheme
from desk_app.sync import list_runs, setup_sync
from tests.conftest import SPEC
from tests.integration.sync.helpers import Builder, CityServer, Desk, make_template
from tests.ui.conftest import type_and_enter
from ui.screens.sync.screen import SyncScreen

SCHEMES = SPEC / "schemes"
_sites = itertools.count(1)


def new_site() -> str:
    return f"UI{next(_sites):03d}"


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CityServer]:
    """One trial city server (SQLite) for the module; every test uses its own site codes."""
    server = CityServer(None, "trial-ui", tmp_path_factory.mktemp("city")).start()
    yield server
    server.stop()


def connect(db: Any, city: CityServer, site: str, name: str | None = None) -> None:
    """Set the desk up as the command line does (the screen's own set-up is tested below)."""
    token = city.add_site(site, name)
    with db.uow() as uow:
        setup_sync(uow, SYSTEM, city.url, site, token, force=True)
        uow.commit()


def with_scheme(db: Any) -> None:
    with db.uow() as uow:
        import_scheme(uow, SYSTEM, (SCHEMES / "shaoxing-2015.toml").read_text("utf-8"))
        uow.commit()


def sync_screen(qtbot: Any, win: Any) -> SyncScreen:
    qtbot.keyClick(win, Qt.Key.Key_8, Qt.KeyboardModifier.AltModifier)
    screen = win.current_screen()
    assert isinstance(screen, SyncScreen)
    return screen


def cell(model: Any, row: int, column: int) -> str:
    return str(model.data(model.index(row, column)))


def test_the_admin_sets_up_sync_on_the_screen_and_the_connection_test_passes(
    qtbot: Any, admin_window: Any, city: CityServer
) -> None:
    win = admin_window
    site = new_site()
    token = city.add_site(site, "婺城区")
    screen = sync_screen(qtbot, win)
    setup = screen.setup
    assert setup is not None and setup.server.hasFocus(), "a desk not set up opens on the form"
    type_and_enter(qtbot, setup.server, city.url)
    type_and_enter(qtbot, setup.site, site)
    qtbot.keyClicks(setup.token, token)
    assert setup.token.echoMode() == setup.token.EchoMode.Password
    qtbot.keyClick(setup.token, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)  # 测试连接(&T)
    # A mnemonic "animates" the click: it lands a moment later.
    qtbot.waitUntil(lambda: setup.result.text().startswith("连接成功"), timeout=5000)
    assert "婺城区" in setup.result.text()
    qtbot.keyClick(setup.token, Qt.Key.Key_Return)  # on to the interval
    qtbot.keyClick(setup.interval, Qt.Key.Key_Return)  # the last field: save
    assert setup.result.text().startswith("已保存"), setup.result.text()
    assert setup.token.text() == "" and setup.token.placeholderText() == "已保存；不更换请留空"
    qtbot.waitUntil(lambda: win.sync_label.text().startswith("尚未同步"), timeout=3000)
    assert screen.facts.text().count(site) == 1


def test_a_wrong_token_is_refused_in_chinese_and_nothing_is_stored(
    qtbot: Any, admin_window: Any, city: CityServer
) -> None:
    win = admin_window
    site = new_site()
    city.add_site(site)
    setup = sync_screen(qtbot, win).setup
    assert setup is not None
    type_and_enter(qtbot, setup.server, city.url)
    type_and_enter(qtbot, setup.site, site)
    qtbot.keyClicks(setup.token, "not-the-token-the-city-issued")
    qtbot.keyClick(setup.token, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: "令牌不正确" in setup.result.text(), timeout=5000)
    qtbot.keyClick(setup.token, Qt.Key.Key_Return)
    qtbot.keyClick(setup.interval, Qt.Key.Key_Return)  # saving asks the server first
    assert "令牌不正确" in setup.result.text()
    assert win.sync_label.text() == "未配置同步"


def test_a_plain_http_address_of_another_machine_is_refused_on_the_screen(
    qtbot: Any, admin_window: Any
) -> None:
    """The screen says the https:// rule, and refuses plain http:// to another PC."""
    from PySide6.QtWidgets import QLabel

    setup = sync_screen(qtbot, admin_window).setup
    assert setup is not None
    said = " ".join(w.text() for w in setup.findChildren(QLabel))
    assert "必须以 https:// 开头" in said and "http:// 只接受本机上的服务器" in said
    type_and_enter(qtbot, setup.server, "http://sync.city.example")
    type_and_enter(qtbot, setup.site, new_site())
    qtbot.keyClicks(setup.token, "a-token-that-is-long-enough")
    setup.offline.setChecked(True)
    qtbot.keyClick(setup.token, Qt.Key.Key_Return)
    qtbot.keyClick(setup.interval, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "http:// 不加密" in setup.result.text(), timeout=5000)
    assert admin_window.sync_label.text() == "未配置同步"


def test_sync_now_sends_what_waits_and_the_history_shows_the_run(
    qtbot: Any, make_window: Any, actors: Any, db: Any, city: CityServer
) -> None:
    site = new_site()
    connect(db, city, site)
    build = Builder(db, random.Random(1), site)
    unit = build.unit()
    member = build.member(unit)
    win = make_window(actors["clerk"])
    assert "待上传 2 条" in win.sync_label.text(), win.sync_label.text()
    qtbot.keyClick(win, Qt.Key.Key_F9)  # from the dashboard: no need to go to 同步
    assert win.current_section() == "dashboard"
    label = win.sync_label.text()
    assert label.startswith("已同步") and "待上传 0 条" in label, label
    assert set(city.records(site)) == {unit, member}
    screen = sync_screen(qtbot, win)
    runs = screen.runs.model
    assert runs.rowCount() == 1
    assert [cell(runs, 0, c) for c in (1, 2, 3)] == ["手动", "成功", "2"]


def test_a_change_made_at_the_desk_shows_in_the_waiting_count(
    qtbot: Any, make_window: Any, actors: Any, db: Any, city: CityServer
) -> None:
    site = new_site()
    connect(db, city, site)
    win = make_window(actors["clerk"])
    assert "待上传 0 条" in win.sync_label.text()
    Builder(db, random.Random(2), site).unit()
    win.ctx.hub.broadcast(Changes(units=True))  # what a service's Done does through the runner
    qtbot.waitUntil(lambda: "待上传 1 条" in win.sync_label.text(), timeout=3000)


def test_a_receipt_used_in_two_counties_is_shown_and_a_reviewer_resolves_it(
    qtbot: Any, make_window: Any, actors: Any, db: Any, city: CityServer, tmp_path: Path
) -> None:
    here, there = new_site(), new_site()
    with_scheme(db)
    connect(db, city, here, "婺城区")
    build = Builder(db, random.Random(3), here)
    m = build.member(build.unit())
    build.enroll(m)
    build.claim(m, [("金华市中心医院", "ZY2015-000123")])
    other = Desk(tmp_path / "other", make_template(tmp_path / "template"), there)
    try:
        other.setup(city.url, city.add_site(there, "兰溪市"))
        om = other.build.member(other.build.unit())
        other.build.enroll(om)
        other.build.claim(om, [("金华市中心医院", "ZY2015-000123")])
        win = make_window(actors["reviewer"])
        qtbot.keyClick(win, Qt.Key.Key_F9)  # this desk's claim goes up first
        assert other.sync().ok  # the other county's: the city notices the invoice
        qtbot.keyClick(win, Qt.Key.Key_F9)  # and this desk hears of it
    finally:
        other.close()
    assert "1 条市级提示待处理" in win.sync_label.text()
    screen = sync_screen(qtbot, win)
    qtbot.keyClick(screen, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)  # 市级提示(&I)
    panel = screen.findings
    assert screen.tabs.currentWidget() is panel
    assert screen.tabs.tabText(screen.tabs.currentIndex()).startswith("市级提示 (1)")
    assert panel.model.rowCount() == 1
    assert [cell(panel.model, 0, c) for c in (1, 2)] == ["重复票据", "待处理"]
    detail = panel.detail.toPlainText()
    for words in ("金华市中心医院", "ZY2015-000123", "兰溪市", there, "本服务点", "对方服务点"):
        assert words in detail, words
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)  # 标记为已处理
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0, timeout=3000)
    assert panel.count.text() == "0 条待处理，1 条已处理。"
    qtbot.keyClick(panel.view, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)  # 显示全部
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=3000)
    assert cell(panel.model, 0, 2) == "已处理"


def test_new_schemes_from_the_city_wait_for_the_admin_and_the_window_says_so(
    qtbot: Any, make_window: Any, actors: Any, db: Any, city: CityServer
) -> None:
    # Every desk of the module's city receives it from now on: it waits, inactive, harmlessly.
    with transaction(city.sessions) as s:
        feed.publish_scheme(s, (SCHEMES / "jinhua-2015.toml").read_text("utf-8"))
    connect(db, city, new_site())
    win = make_window(actors["admin"])
    screen = sync_screen(qtbot, win)
    assert screen.banner.isHidden()
    qtbot.keyClick(win, Qt.Key.Key_F9)
    assert screen.banner.isVisible()
    assert "1 个新方案" in screen.banner_text.text() and "“方案”页" in screen.banner_text.text()
    assert "1 个新方案待启用" in win.sync_label.text()
    assert "新方案等待在“方案”页启用" in screen.result.text()
    qtbot.keyClick(screen, Qt.Key.Key_E, Qt.KeyboardModifier.AltModifier)  # 转到方案页(&E)
    qtbot.waitUntil(lambda: win.current_section() == "schemes", timeout=3000)


def test_the_desk_syncs_by_itself_soon_after_sign_in(
    qtbot: Any, data_dir: Path, db: Any, actors: Any, city: CityServer, zh: str, monkeypatch: Any
) -> None:
    from desk_app.system.paths import DataDir
    from tests.conftest import PASSWORDS
    from ui import sync_scheduler
    from ui.app import DeskApp
    from ui.tasks import SyncExecutor

    monkeypatch.setattr(sync_scheduler, "STARTUP_DELAY_MS", 50)
    connect(db, city, new_site())
    desk = DeskApp(DataDir(data_dir), zh, executor=SyncExecutor())
    try:
        assert desk.start()
        dlg = desk.dialog
        dlg.login.clear()
        type_and_enter(qtbot, dlg.login, "clerk")
        type_and_enter(qtbot, dlg.password, PASSWORDS["clerk"])
        assert desk.window is not None

        def ran() -> bool:
            with db.reader() as uow:
                return [r.trigger for r in list_runs(uow)] == ["startup"]

        qtbot.waitUntil(ran, timeout=5000)
        assert desk.window.sync_label.text().startswith("已同步")
    finally:
        if desk.window is not None:
            desk.window.close()
        if desk.db is not None:
            desk.db.dispose()


def test_a_desk_behind_the_city_says_so_and_the_admin_recovers_on_the_sync_screen(
    qtbot: Any, make_window: Any, actors: Any, db: Any, city: CityServer, tmp_path: Path
) -> None:
    """A new PC set up for a site whose records the city holds (#20): the status bar and a
    prompt say the desk is behind, the 同步 screen offers 从市里恢复 to the admin, and after the
    confirmation the site's records are back and the desk syncs as before."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from db.models import Member
    from tests.ui.conftest import answer_next_question

    site = new_site()
    token = city.add_site(site)
    old = Desk(tmp_path / "old", make_template(tmp_path / "template"), site)
    try:
        old.setup(city.url, token)
        unit = old.build.unit()
        lost = {old.build.member(unit) for _ in range(3)}
        assert old.sync().ok
    finally:
        old.close()
    with db.uow() as uow:
        setup_sync(uow, SYSTEM, city.url, site, token, force=True)
        uow.commit()
    win = make_window(actors["admin"])
    qtbot.keyClick(win, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: "本机落后于市里" in win.sync_label.text(), timeout=5000)
    prompt = win.findChild(QMessageBox, "syncBehindPrompt")
    assert prompt is not None and prompt.isVisible() and "先从市里恢复" in prompt.text()
    prompt.reject()  # 稍后
    screen = sync_screen(qtbot, win)
    assert screen.behind.isVisible() and "落后于市里" in screen.behind.text.text()
    assert screen.behind.button.isVisible() and screen.behind.button.text().startswith("从市里恢复")
    answer_next_question(QMessageBox.ButtonRole.AcceptRole)  # the admin confirms
    qtbot.keyClick(screen, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)  # 从市里恢复(&V)
    qtbot.waitUntil(lambda: not screen.behind.isVisible(), timeout=10000)
    with db.reader() as uow:
        have = set(uow.session.execute(select(Member.uid)).scalars())
    assert lost <= have
    assert win.sync_label.text().startswith("已同步"), win.sync_label.text()
    # The admin is told what came back and that the audit log now continues from the city's
    # head (the old PC's entries are held at the city) — not only on the command line.
    told = win.findChild(QMessageBox, "syncRecovered")
    assert told is not None and told.isVisible(), "no result shown after the recovery"
    assert told.text().startswith("已从市里恢复"), told.text()
    assert "审计日志比市里收到的短" in told.text() and "以市里保存的为准" in told.text()
    told.accept()
    # The audit page's check says the same in Chinese.
    win.navigate("system")
    page = win.pages["system"].widgets["audit"]
    win.pages["system"].tabs.setCurrentWidget(page)
    qtbot.keyClick(page.verify_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: getattr(page, "last_verify", None) is not None, timeout=5000)
    assert page.last_verify.ok, page.last_verify.problems
    box = QApplication.activeModalWidget()
    assert isinstance(box, QMessageBox) and box.text().startswith("审计日志完整"), box
    assert "已接到市里保存的第" in box.text() and "从市里恢复" in box.text(), box.text()
    box.close()


def test_after_a_restore_the_window_asks_for_a_sync_before_new_work(
    qtbot: Any, make_window: Any, actors: Any, db: Any, city: CityServer
) -> None:
    from desk_app.system.backups import mark_restored

    site = new_site()
    connect(db, city, site)
    with db.uow() as uow:
        mark_restored(uow.session)
        uow.commit()
    win = make_window(actors["clerk"])
    qtbot.waitUntil(lambda: win.sync_label.text().startswith("已恢复备份"), timeout=3000)
    screen = sync_screen(qtbot, win)
    assert screen.behind.isVisible() and "已恢复备份" in screen.behind.text.text()
    assert not screen.behind.button.isVisible()  # nothing to recover yet, and not an admin
    qtbot.keyClick(win, Qt.Key.Key_F9)  # level with the city: the warning goes
    qtbot.waitUntil(lambda: not screen.behind.isVisible(), timeout=5000)
    assert win.sync_label.text().startswith("已同步"), win.sync_label.text()
