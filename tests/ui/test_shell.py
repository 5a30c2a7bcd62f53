"""The main window: keyboard navigation to every section, nothing clipped at 1366×768, roles,
the screen registry, the change broadcast, the central actions, the remembered layout."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from base.changes import Changes
from desk_app.access.auth import Perm
from ui import actions as act
from ui.main_window import NotYetPage
from ui.screens import registry
from ui.screens.base import Screen

ALT = Qt.KeyboardModifier.AltModifier


def test_alt_digits_reach_every_section(qtbot: Any, make_window: Any, actors: Any) -> None:
    win = make_window(actors["reviewer"])  # a reviewer may open every section
    for i, section_id in enumerate(registry.SECTION_IDS, start=1):
        qtbot.keyClick(win.nav, Qt.Key(Qt.Key.Key_0 + i), ALT)
        assert win.current_section() == section_id
        assert win.stack.currentWidget() is win.pages[section_id]


def test_arrow_keys_in_the_navigation_change_the_page(qtbot: Any, admin_window: Any) -> None:
    win = admin_window
    win.nav.setFocus()
    qtbot.keyClick(win.nav, Qt.Key.Key_Down)
    assert win.current_section() == "enrollment"
    qtbot.keyClick(win.nav, Qt.Key.Key_Down)  # claims, review … are not an admin's: skipped
    assert win.current_section() == "schemes"
    qtbot.keyClick(win.nav, Qt.Key.Key_End)
    assert win.current_section() == "system"


def test_a_section_the_role_may_not_use_is_greyed_and_says_why(
    qtbot: Any, make_window: Any, actors: Any
) -> None:
    win = make_window(actors["clerk"])
    row = registry.SECTION_IDS.index("review")
    assert not (win.nav.item(row).flags() & Qt.ItemFlag.ItemIsEnabled)
    qtbot.keyClick(win.nav, Qt.Key.Key_4, ALT)
    assert win.current_section() == "dashboard"
    assert win.statusBar().currentMessage() == "经办人无权使用“审核审批”。"


@pytest.fixture
def empty_section(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Take every screen out of a section for one test (all sections have screens now)."""

    def empty(section_id: str) -> None:
        registry.discover()
        kept = {k: v for k, v in registry._SCREENS.items() if v.section != section_id}
        monkeypatch.setattr(registry, "_SCREENS", kept)

    return empty


def test_sections_without_screens_say_they_are_not_available_yet(
    qtbot: Any, make_window: Any, actors: Any, empty_section: Callable[[str], None]
) -> None:
    empty_section("schemes")
    win = make_window(actors["admin"])
    qtbot.keyClick(win.nav, Qt.Key.Key_7, ALT)
    page = win.pages["schemes"]
    placeholder = page.findChild(NotYetPage)
    assert placeholder is not None and placeholder.isVisible()
    texts = [lab.text() for lab in placeholder.findChildren(QLabel)]
    assert "“方案”功能尚未提供" in texts


def test_the_navigation_is_not_clipped_at_1366_by_768(qtbot: Any, admin_window: Any) -> None:
    win = admin_window
    win.resize(1366, 768)
    qtbot.wait(50)
    assert (win.width(), win.height()) == (1366, 768)
    viewport = win.nav.viewport().rect()
    metrics = win.nav.fontMetrics()
    for row in range(win.nav.count()):
        item = win.nav.item(row)
        rect = win.nav.visualItemRect(item)
        assert viewport.contains(rect), f"{item.text()} is cut off"
        assert metrics.horizontalAdvance(item.text()) + 36 <= rect.width(), item.text()
    menu_bar = win.menuBar()
    assert all(menu_bar.actionGeometry(a).right() <= menu_bar.width() for a in menu_bar.actions())


@pytest.fixture
def counting_screen(empty_section: Callable[[str], None]) -> Iterator[type]:
    empty_section("payments")  # the test screen stands alone in its section

    class Counting(Screen):
        instances: list[Counting] = []

        def __init__(self, ctx: Any) -> None:
            super().__init__(ctx)
            self.refreshed = 0
            self.saved = 0
            Counting.instances.append(self)

        def affected_by(self, changes: Changes) -> bool:
            return changes.payments

        def refresh(self) -> None:
            self.refreshed += 1

        def handles(self, action: str) -> bool:
            return action == act.SAVE

        def trigger(self, action: str) -> None:
            self.saved += 1

    registry.register_screen("test_payments", Counting, section="payments", perm=Perm.PAY)
    yield Counting
    registry.unregister_screen("test_payments")


def test_a_registered_screen_takes_its_sections_place(
    qtbot: Any, make_window: Any, actors: Any, counting_screen: type
) -> None:
    win = make_window(actors["reviewer"])
    qtbot.keyClick(win.nav, Qt.Key.Key_5, ALT)
    screen = win.current_screen()
    assert isinstance(screen, counting_screen) and screen.isVisible()
    assert win.pages["payments"].findChild(NotYetPage) is None


def test_only_affected_screens_refresh_and_hidden_ones_when_shown(
    qtbot: Any, make_window: Any, actors: Any, counting_screen: type
) -> None:
    win = make_window(actors["reviewer"])
    win.navigate("payments")
    screen = win.current_screen()
    win.ctx.hub.broadcast(Changes(users=True))
    assert screen.refreshed == 0
    win.ctx.hub.broadcast(Changes(payments=True))
    assert screen.refreshed == 1
    win.navigate("dashboard")
    win.ctx.hub.broadcast(Changes(payments=True))
    assert screen.refreshed == 1  # hidden: later
    win.navigate("payments")
    assert screen.refreshed == 2


def test_ctrl_s_goes_to_the_current_screen_only_where_it_saves(
    qtbot: Any, make_window: Any, actors: Any, counting_screen: type
) -> None:
    win = make_window(actors["reviewer"])
    assert not win.central_actions[act.SAVE].isEnabled()  # the dashboard saves nothing
    win.navigate("payments")
    screen = win.current_screen()
    assert win.central_actions[act.SAVE].isEnabled()
    qtbot.keyClick(win.nav, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert screen.saved == 1


def test_find_member_goes_to_enrollment_and_says_when_it_is_not_there_yet(
    qtbot: Any, admin_window: Any
) -> None:
    win = admin_window
    qtbot.keyClick(win.nav, Qt.Key.Key_F3)
    assert win.current_section() == "enrollment"
    assert win.statusBar().currentMessage() == "“查找职工”功能尚未提供"


def test_menus_show_the_shortcuts(admin_window: Any) -> None:
    a = admin_window.central_actions
    assert a[act.FIND_MEMBER].shortcuts()[0].toString() == "F3"
    assert a[act.LOCK].toolTip() == "锁定屏幕 (Ctrl+L)"
    assert a[act.SUBMIT].shortcuts()[0].toString() == "Ctrl+Return"


def test_the_window_remembers_its_size_and_splitter(
    qtbot: Any, make_window: Any, actors: Any
) -> None:
    win = make_window(actors["admin"])
    win.resize(1200, 700)
    win.splitter.setSizes([260, 940])
    qtbot.wait(20)
    sizes = win.splitter.sizes()
    win.close()
    again = make_window(actors["admin"])
    again.showNormal()
    assert again.splitter.sizes()[0] == sizes[0]
    assert (again.ctx.data.root / "window.ini").exists()


def test_the_status_bar_shows_who_where_and_sync(admin_window: Any) -> None:
    win = admin_window
    assert win.user_label.text() == "管理员（管理员）"
    assert win.site_label.text() == "服务点 000000"
    assert win.sync_label.text() == "未配置同步"


def test_the_status_bar_shows_the_last_sync_once_set_up(
    qtbot: Any, make_window: Any, actors: Any, db: Any
) -> None:
    from datetime import UTC, datetime

    from db.models import Setting, SyncRun, SyncState
    from desk_app.sync import credentials

    with db.uow() as uow:
        uow.session.add(Setting(key="sync.server_url", value="https://city.example/sync"))
        uow.session.add(SyncState(id=1))
        credentials.save_token(uow.session, "000000", "t0ken")  # sealed in the key folder
        at = datetime(2026, 3, 10, 2, 30, tzinfo=UTC)  # 10:30 in China
        uow.session.add(SyncRun(started_at=at, finished_at=at, ok=True, trigger="manual"))
        uow.commit()
    win = make_window(actors["clerk"])
    assert win.sync_label.text().startswith("已同步 03-10 10:30")
