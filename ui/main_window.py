"""The main window: navigation on the left (Alt+1 … Alt+9), the section's page on the right, the
central actions in menus, the status bar (who, which desk, sync), the screen lock, and the
layout kept in the data folder's ``window.ini``."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from base.changes import Changes
from base.clock import today
from desk_app.system import settings
from ui import actions as act
from ui.context import AppContext
from ui.dialogs import AboutDialog, ChangePasswordDialog, ShortcutsDialog
from ui.lock import LockController
from ui.messages import show_error
from ui.screens import registry
from ui.screens.base import Screen
from ui.screens.registry import Section
from ui.sync_scheduler import SyncScheduler

log = logging.getLogger(__name__)

WEEKDAYS_ZH = "一二三四五六日"


class NotYetPage(QWidget):
    """What a section shows until its screens exist."""

    def __init__(self, section: Section, failure: str | None = None) -> None:
        super().__init__()
        self.setObjectName("notYetPage")
        title = QLabel(self.tr("“%1” is not available yet").replace("%1", section.label()))
        title.setObjectName("placeholderTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if failure:
            body = self.tr("This screen could not be loaded: %1. Details are in the log.")
            body = body.replace("%1", failure)
        else:
            body = self.tr("This part of the program comes in a later version.")
        text = QLabel(body)
        text.setObjectName("placeholderText")
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addStretch(1)
        lay.addWidget(title)
        lay.addWidget(text)
        lay.addStretch(2)


class SectionPage(QWidget):
    """One navigation section: its title and its screen, or its screens as tabs."""

    def __init__(self, ctx: AppContext, section: Section, failure: str | None) -> None:
        super().__init__()
        self.section = section
        self.setObjectName(f"section_{section.id}")
        title = QLabel(section.label())
        title.setObjectName("pageTitle")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 10, 16, 8)
        lay.addWidget(title)
        self.specs = [s for s in registry.screens_for(section.id) if s.allowed(ctx)]
        self.widgets: dict[str, QWidget] = {}
        self.tabs: QTabWidget | None = None
        if not self.specs:
            lay.addWidget(NotYetPage(section, failure), 1)
            return
        for spec in self.specs:
            w = spec.factory(ctx)
            w.setObjectName(w.objectName() or f"screen_{spec.id}")
            self.widgets[spec.id] = w
        if len(self.specs) == 1:
            lay.addWidget(next(iter(self.widgets.values())), 1)
        else:
            self.tabs = QTabWidget()
            self.tabs.setObjectName(f"tabs_{section.id}")
            self.tabs.setDocumentMode(True)
            for spec in self.specs:
                self.tabs.addTab(self.widgets[spec.id], spec.label())
            lay.addWidget(self.tabs, 1)

    def current_screen(self) -> QWidget | None:
        if self.tabs is not None:
            return self.tabs.currentWidget()
        return next(iter(self.widgets.values()), None)


class MainWindow(QMainWindow):
    """The desk's window for one signed-in session (a new one after each sign-in)."""

    closed = Signal(str)  # why: "quit", "sign_out" or "restore"
    sig_restore_requested = Signal(Path)
    sig_move_requested = Signal(Path)  # move the data folder there (the session ends)
    section_changed = Signal(str)

    def __init__(self, ctx: AppContext, *, idle_minutes: int) -> None:
        super().__init__()
        self.ctx = ctx
        ctx.shell = self
        self._close_reason: str | None = None
        self.setObjectName("mainWindow")
        self._update_title()
        self.central_actions = act.Actions(self)
        self.central_actions.sig_triggered.connect(self._on_action)
        self._failures = registry.discover()
        self.pages: dict[str, SectionPage] = {}
        self._build_navigation()
        self._build_menus()
        self._build_status_bar()
        # 立即同步 (F9), the schedule (started by DeskApp after sign-in), the status bar's text.
        self.sync_scheduler = SyncScheduler(ctx, self, label=self.sync_label)
        self.lock = LockController(ctx, self, idle_minutes)
        self.lock.sig_sign_out.connect(self.sign_out)
        ctx.hub.sig_changes.connect(self._on_changes)
        ctx.runner.sig_error.connect(self._on_task_error)
        self._status_timer = QTimer(self)
        self._status_timer.timeout.connect(self.refresh_status)
        self._status_timer.start(30_000)
        self.refresh_status()
        self._restore_layout()
        self.navigate(registry.SECTION_IDS[0], focus=False)

    # -- building --------------------------------------------------------------------------
    def _update_title(self) -> None:
        with self.ctx.db.reader() as uow:
            county = settings.get(uow.session, settings.COUNTY_NAME)
        self.setWindowTitle(self.tr("Workers' Medical Mutual Aid — %1").replace("%1", county))

    def _build_navigation(self) -> None:
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setUniformItemSizes(True)
        for i, sec in enumerate(registry.SECTIONS, start=1):
            item = QListWidgetItem(sec.label())
            item.setData(Qt.ItemDataRole.UserRole, sec.id)
            if sec.allowed(self.ctx):
                item.setToolTip(f"{sec.label()} (Alt+{i})")
            else:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip(self._not_allowed_text(sec))
            self.nav.addItem(item)
        width = max(self.nav.fontMetrics().horizontalAdvance(s.label()) for s in registry.SECTIONS)
        self.nav.setMinimumWidth(width + 56)
        self._nav_width = max(width + 72, 150)
        self.stack = QStackedWidget()
        self.stack.setObjectName("pages")
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.nav.currentRowChanged.connect(self._on_row_changed)

    def _build_menus(self) -> None:
        a = self.central_actions
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        for name in (act.LOCK, act.CHANGE_PASSWORD, act.SIGN_OUT):
            file_menu.addAction(a[name])
        file_menu.addSeparator()
        file_menu.addAction(a[act.QUIT])
        work = self.menuBar().addMenu(self.tr("&Work"))
        for name in (act.FIND_MEMBER, act.NEW_CLAIM):
            work.addAction(a[name])
        work.addSeparator()
        for name in (act.SAVE, act.SUBMIT, act.REFRESH):
            work.addAction(a[name])
        work.addSeparator()
        work.addAction(a[act.SYNC_NOW])
        go = self.menuBar().addMenu(self.tr("&Go to"))
        self.section_actions: dict[str, QAction] = {}
        for i, sec in enumerate(registry.SECTIONS, start=1):
            qa = QAction(f"&{i}  {sec.label()}", self)
            qa.setShortcut(QKeySequence(f"Alt+{i}"))
            qa.triggered.connect(lambda _c=False, s=sec.id: self.navigate(s))
            self.addAction(qa)
            go.addAction(qa)
            self.section_actions[sec.id] = qa
        go.addSeparator()
        self.focus_nav_action = QAction(self.tr("Navigation ↔ page"), self)
        self.focus_nav_action.setShortcut(QKeySequence("F6"))
        self.focus_nav_action.triggered.connect(self._toggle_nav_focus)
        self.addAction(self.focus_nav_action)
        go.addAction(self.focus_nav_action)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(a[act.SHORTCUTS])
        about = QAction(self.tr("&About"), self)
        about.triggered.connect(lambda: AboutDialog(self.ctx, self).open())
        help_menu.addAction(about)

    def _build_status_bar(self) -> None:
        sb = self.statusBar()
        self.user_label = QLabel(f"{self.ctx.actor.name}（{self.ctx.role_name()}）")
        self.user_label.setObjectName("statusUser")
        self.user_label.setToolTip(self.tr("Signed in as %1").replace("%1", self.ctx.actor.name))
        self.site_label = QLabel()
        self.site_label.setObjectName("statusSite")
        self.sync_label = QLabel()
        self.sync_label.setObjectName("statusSync")
        self.date_label = QLabel()
        self.date_label.setObjectName("statusDate")
        for w in (self.user_label, self.site_label, self.sync_label, self.date_label):
            sb.addPermanentWidget(w)

    # -- status ----------------------------------------------------------------------------
    def refresh_status(self) -> None:
        """The permanent status texts (GUI thread; a few indexed reads)."""
        with self.ctx.db.reader() as uow:
            site = settings.get(uow.session, settings.SITE_CODE)
        self.site_label.setText(self.tr("Desk %1").replace("%1", site))
        self.sync_scheduler.show_status()
        d = today()
        weekday = WEEKDAYS_ZH[d.weekday()]
        self.date_label.setText(
            f"{d:%Y-%m-%d} 星期{weekday}" if self.ctx.lang == "zh" else f"{d:%Y-%m-%d %a}"
        )

    def status_message(self, text: str, ms: int = 5000) -> None:
        self.statusBar().showMessage(text, ms)

    def _on_changes(self, changes: Changes) -> None:
        if changes.sync or changes.settings:
            self.refresh_status()
        if changes.settings:
            self._update_title()
            with self.ctx.db.reader() as uow:
                minutes = settings.get(uow.session, settings.IDLE_LOCK_MINUTES)
            self.lock.set_idle_minutes(minutes)

    def _on_task_error(self, exc: BaseException, parent: QWidget | None) -> None:
        show_error(parent or self, exc, self.ctx.lang)

    # -- navigation ------------------------------------------------------------------------
    def _not_allowed_text(self, sec: Section) -> str:
        return (
            self.tr("A %1 may not use “%2”.")
            .replace("%1", self.ctx.role_name())
            .replace("%2", sec.label())
        )

    def current_section(self) -> str:
        item = self.nav.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else ""

    def page(self, section_id: str) -> SectionPage:
        """The section's page, built the first time it is shown."""
        page = self.pages.get(section_id)
        if page is None:
            sec = registry.section(section_id)
            failure = next((err for mod, err in self._failures.items() if section_id in mod), None)
            page = SectionPage(self.ctx, sec, failure)
            self.pages[section_id] = page
            self.stack.addWidget(page)
            for spec_id, w in page.widgets.items():
                if isinstance(w, Screen):
                    self.ctx.layout.beginGroup(f"screens/{spec_id}")
                    w.restore_layout(self.ctx.layout)
                    self.ctx.layout.endGroup()
                    w.actions_changed.connect(self._update_actions)
            if page.tabs is not None:
                page.tabs.currentChanged.connect(lambda _i: self._update_actions())
        return page

    def navigate(self, section_id: str, *, focus: bool = True) -> bool:
        """Bring a section forward; False (and a status message) if the role may not."""
        sec = registry.section(section_id)
        if not sec.allowed(self.ctx):
            self.status_message(self._not_allowed_text(sec))
            return False
        row = registry.SECTION_IDS.index(section_id)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)  # shows the page through _on_row_changed
        if focus:
            screen = self.current_screen()
            if isinstance(screen, Screen):
                screen.focus_first()
            elif screen is not None:
                screen.setFocus()
        return True

    def _on_row_changed(self, row: int) -> None:
        if row < 0:
            return
        section_id = registry.SECTION_IDS[row]
        self.stack.setCurrentWidget(self.page(section_id))
        self._update_actions()
        self.section_changed.emit(section_id)

    def current_screen(self) -> QWidget | None:
        page = self.pages.get(self.current_section())
        return page.current_screen() if page else None

    def _toggle_nav_focus(self) -> None:
        if self.nav.hasFocus():
            screen = self.current_screen()
            if isinstance(screen, Screen):
                screen.focus_first()
            elif screen is not None:
                screen.setFocus()
        else:
            self.nav.setFocus()

    # -- central actions -------------------------------------------------------------------
    def _update_actions(self) -> None:
        screen = self.current_screen()
        for d in act.DEFS:
            if d.routed and d.section is None:
                enabled = isinstance(screen, Screen) and screen.handles(d.name)
                self.central_actions[d.name].setEnabled(enabled)

    def _on_action(self, name: str) -> None:
        d = act.BY_NAME[name]
        if name == act.LOCK:
            self.lock_screen()
        elif name == act.SIGN_OUT:
            self.sign_out()
        elif name == act.QUIT:
            self.close()
        elif name == act.CHANGE_PASSWORD:
            ChangePasswordDialog(self.ctx, self).open()
        elif name == act.SHORTCUTS:
            ShortcutsDialog(self).open()
        elif name == act.SYNC_NOW:
            self.sync_scheduler.sync_now()
        elif d.section is not None:
            self._routed_to_section(d.name, d.section)
        else:
            screen = self.current_screen()
            if isinstance(screen, Screen) and screen.handles(name):
                screen.trigger(name)

    def _routed_to_section(self, name: str, section_id: str) -> None:
        here = self.current_screen()
        # The member shown (F3 then Ctrl+N) goes with the clerk into the next screen.
        carried = here.carried_member() if isinstance(here, Screen) else None
        if not self.navigate(section_id, focus=False):
            return
        page = self.page(section_id)
        for w in page.widgets.values():
            if isinstance(w, Screen) and w.handles(name):
                if page.tabs is not None:
                    page.tabs.setCurrentWidget(w)
                if carried is not None and w is not here:
                    w.take_member(carried)
                w.trigger(name)
                return
        self.status_message(self.tr("“%1” is not available yet").replace("%1", act.label(name)))

    # -- session ---------------------------------------------------------------------------
    def lock_screen(self) -> None:
        self.lock.lock()

    def sign_out(self) -> None:
        self._finish("sign_out")

    def restore_backup(self, path: Path) -> None:
        self.sig_restore_requested.emit(path)

    def move_data(self, target: Path) -> None:
        self.sig_move_requested.emit(target)

    def _finish(self, reason: str) -> None:
        self._close_reason = reason
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        reason = self._close_reason or "quit"
        # A sync run or a background read is not waited for: a sync stops at its next safe
        # point and what did not go up goes with the next run (docs/sync.md).
        if self.ctx.runner.holds_work() and not self._wait_for_work():
            self._close_reason = None
            event.ignore()
            return
        self.sync_scheduler.stop()
        self.save_layout()
        self.lock.shutdown()
        self._status_timer.stop()
        event.accept()
        self.closed.emit(reason)

    def _wait_for_work(self) -> bool:
        """Ask whether to close once the running work is done; the question goes away by
        itself (and the window closes) when the work ends while it is shown."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Work in progress"))
        box.setText(self.tr("A task is still running. Wait for it to finish and then close?"))
        wait = box.addButton(self.tr("Wait and close"), QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(wait)
        box.setEscapeButton(cancel)
        finished: list[bool] = []

        def poll() -> None:
            if not self.ctx.runner.holds_work():
                finished.append(True)
                box.done(0)

        timer = QTimer(box)
        timer.timeout.connect(poll)
        timer.start(100)
        box.exec()
        timer.stop()
        return bool(finished) or box.clickedButton() is wait

    # -- layout ----------------------------------------------------------------------------
    def _restore_layout(self) -> None:
        store = self.ctx.layout
        geometry = store.value("main/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self._default_geometry()
        state = store.value("main/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        splitter = store.value("main/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        else:
            self.splitter.setSizes([self._nav_width, max(800, self.width() - self._nav_width)])

    def _default_geometry(self) -> None:
        screen = QGuiApplication.primaryScreen()
        avail = screen.availableGeometry() if screen else None
        if avail is not None and avail.width() <= 1400:
            self.resize(avail.width(), avail.height())
            self.setWindowState(Qt.WindowState.WindowMaximized)
        else:
            self.resize(1280, 800)

    def save_layout(self) -> None:
        store = self.ctx.layout
        store.setValue("main/geometry", self.saveGeometry())
        store.setValue("main/state", self.saveState())
        store.setValue("main/splitter", self.splitter.saveState())
        for page in self.pages.values():
            for spec_id, w in page.widgets.items():
                if isinstance(w, Screen):
                    store.beginGroup(f"screens/{spec_id}")
                    w.save_layout(store)
                    store.endGroup()
        store.sync()
