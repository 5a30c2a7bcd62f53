"""系统 › 审计日志 (admins and reviewers): the audit log, newest first, filtered by person,
action, outcome, date range and text, fetched a page at a time as the list scrolls; and a check
of the whole hash chain (``desk_app.access.audit.verify``)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from base.changes import Changes
from base.clock import local, today
from desk_app.access import audit
from desk_app.access.audit import AuditRow, VerifyResult
from desk_app.access.auth import Perm
from desk_app.system import dashboard
from desk_app.system.dashboard import day_bounds
from ui import actions as act
from ui.context import AppContext
from ui.messages import inform
from ui.screens.base import Screen
from ui.screens.registry import register_screen
from ui.texts import QT_TRANSLATE_NOOP

Index = QModelIndex | QPersistentModelIndex
PAGE = 200

ACTIONS: dict[str, str] = {
    "sign_in": QT_TRANSLATE_NOOP("Audit", "Sign in"),
    "user.add": QT_TRANSLATE_NOOP("Audit", "Add user"),
    "user.update": QT_TRANSLATE_NOOP("Audit", "Change user"),
    "user.password": QT_TRANSLATE_NOOP("Audit", "Change own password"),
    "user.reset_password": QT_TRANSLATE_NOOP("Audit", "Reset password"),
    "user.unlock": QT_TRANSLATE_NOOP("Audit", "Unlock account"),
    "settings.update": QT_TRANSLATE_NOOP("Audit", "Change settings"),
    "backup": QT_TRANSLATE_NOOP("Audit", "Back up"),
    "backup.restore": QT_TRANSLATE_NOOP("Audit", "Restore backup"),
    "unit.add": QT_TRANSLATE_NOOP("Audit", "Add unit"),
    "unit.update": QT_TRANSLATE_NOOP("Audit", "Change unit"),
    "member.add": QT_TRANSLATE_NOOP("Audit", "Add member"),
    "member.update": QT_TRANSLATE_NOOP("Audit", "Change member"),
    "enrollment.add": QT_TRANSLATE_NOOP("Audit", "Enroll"),
    "enrollment.batch": QT_TRANSLATE_NOOP("Audit", "Enrollment batch"),
    "enrollment.batch_receipt": QT_TRANSLATE_NOOP("Audit", "Premium receipt number"),
    "roster.import": QT_TRANSLATE_NOOP("Audit", "Import roster"),
    "scheme.import": QT_TRANSLATE_NOOP("Audit", "Load scheme"),
    "scheme.activate": QT_TRANSLATE_NOOP("Audit", "Activate scheme"),
    "scheme.deactivate": QT_TRANSLATE_NOOP("Audit", "Deactivate scheme"),
    "demo.build": QT_TRANSLATE_NOOP("Audit", "Create demo data"),
    "denied:": QT_TRANSLATE_NOOP("Audit", "Refused (no permission)"),
}
OUTCOMES: dict[str, str] = {
    "ok": QT_TRANSLATE_NOOP("Audit", "Done"),
    "denied": QT_TRANSLATE_NOOP("Audit", "Refused"),
    "failed": QT_TRANSLATE_NOOP("Audit", "Failed"),
}


def action_text(action: str) -> str:
    """An action's name for people (the code itself when it has none yet)."""
    t = QCoreApplication.translate
    if action in ACTIONS:
        return t("Audit", ACTIONS[action])
    if action.startswith("denied:"):
        return f"{t('Audit', ACTIONS['denied:'])} · {action.split(':', 1)[1]}"
    return action


class AuditModel(QAbstractTableModel):
    """Rows of the current filter, a page at a time (``fetchMore`` as the view scrolls)."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("AuditModel", "Time"),
        QT_TRANSLATE_NOOP("AuditModel", "Person"),
        QT_TRANSLATE_NOOP("AuditModel", "Action"),
        QT_TRANSLATE_NOOP("AuditModel", "Object"),
        QT_TRANSLATE_NOOP("AuditModel", "Outcome"),
        QT_TRANSLATE_NOOP("AuditModel", "Details"),
        QT_TRANSLATE_NOOP("AuditModel", "Desk"),
    )

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.rows: list[AuditRow] = []
        self.total = 0
        self.filters: dict[str, Any] = {}

    def load(self, filters: dict[str, Any]) -> None:
        """Start over with new filters (first page; GUI thread, one indexed query)."""
        with self.ctx.db.reader() as uow:
            rows, total = audit.search(uow.session, **filters, offset=0, limit=PAGE)
        self.beginResetModel()
        self.filters, self.rows, self.total = filters, rows, total
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and len(self.rows) < self.total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        if parent.isValid():
            return
        with self.ctx.db.reader() as uow:
            more, _ = audit.search(uow.session, **self.filters, offset=len(self.rows), limit=PAGE)
        if not more:
            self.total = len(self.rows)
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
        self.rows.extend(more)
        self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(self.COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return f"{local(r.at):%Y-%m-%d %H:%M:%S}"
            if col == 1:
                return r.login or ""
            if col == 2:
                return action_text(r.action)
            if col == 3:
                return r.target or ""
            if col == 4:
                return QCoreApplication.translate("Audit", OUTCOMES.get(r.outcome, r.outcome))
            if col == 5:
                return _detail_text(r.detail)
            return r.desk
        if role == Qt.ItemDataRole.ToolTipRole and col == 5:
            return _detail_text(r.detail)
        if role == Qt.ItemDataRole.ForegroundRole and col == 4 and r.outcome != "ok":
            return QColor("#b3261e")
        return None


def _detail_text(detail: Any) -> str:
    if not detail:
        return ""
    if isinstance(detail, dict):
        return "; ".join(f"{k}={v}" for k, v in detail.items())
    return str(detail)


class AuditPage(Screen):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.setObjectName("auditPage")
        self.model = AuditModel(ctx)
        self._build_filters()
        self.count_label = QLabel()
        self.count_label.setObjectName("auditCount")
        buttons = QHBoxLayout()
        buttons.addWidget(self.search_button)
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(self.verify_button)
        self.view = self._build_table()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 8, 0, 0)
        lay.addLayout(self._filter_grid())
        lay.addLayout(buttons)
        lay.addWidget(self.view, 1)
        self._connect()
        self._fill_choices()
        self.search()

    def _build_filters(self) -> None:
        """Person, action, outcome, the dates (the last 30 days) and the text to look for."""
        self.user = QComboBox()
        self.user.setObjectName("auditUser")
        self.user.setEditable(True)
        self.action = QComboBox()
        self.action.setObjectName("auditAction")
        self.outcome = QComboBox()
        self.outcome.setObjectName("auditOutcome")
        self.outcome.addItem(self.tr("All outcomes"), "")
        for code, text in OUTCOMES.items():
            self.outcome.addItem(QCoreApplication.translate("Audit", text), code)
        self.use_dates = QCheckBox(self.tr("&From"))
        self.use_dates.setObjectName("auditUseDates")
        self.use_dates.setChecked(True)
        self.since = QDateEdit()
        self.since.setObjectName("auditSince")
        self.until = QDateEdit()
        self.until.setObjectName("auditUntil")
        for d in (self.since, self.until):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
        t = today()
        self.since.setDate(_qdate(t - timedelta(days=30)))
        self.until.setDate(_qdate(t))
        self.text = QLineEdit()
        self.text.setObjectName("auditText")
        self.text.setPlaceholderText(self.tr("Object contains…"))
        self.text.setClearButtonEnabled(True)
        self.search_button = QPushButton(self.tr("&Search"))
        self.search_button.setObjectName("auditSearch")
        self.search_button.setDefault(True)
        self.verify_button = QPushButton(self.tr("&Verify the chain"))
        self.verify_button.setObjectName("auditVerify")
        self.verify_button.setToolTip(
            self.tr("Checks that no entry was changed or removed since it was written.")
        )

    def _filter_grid(self) -> QGridLayout:
        grid = QGridLayout()
        grid.addWidget(QLabel(self.tr("Person:")), 0, 0)
        grid.addWidget(self.user, 0, 1)
        grid.addWidget(QLabel(self.tr("Action:")), 0, 2)
        grid.addWidget(self.action, 0, 3)
        grid.addWidget(QLabel(self.tr("Outcome:")), 0, 4)
        grid.addWidget(self.outcome, 0, 5)
        grid.addWidget(self.use_dates, 1, 0)
        dates = QHBoxLayout()
        dates.addWidget(self.since)
        dates.addWidget(QLabel(self.tr("to")))
        dates.addWidget(self.until)
        grid.addLayout(dates, 1, 1)
        grid.addWidget(QLabel(self.tr("Text:")), 1, 2)
        grid.addWidget(self.text, 1, 3, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 2)
        grid.setColumnStretch(5, 1)
        return grid

    def _build_table(self) -> QTableView:
        view = QTableView()
        view.setObjectName("auditTable")
        view.setModel(self.model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setWordWrap(False)
        view.verticalHeader().hide()
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((150, 90, 150, 150, 70, 260)):
            header.resizeSection(col, width)
        return view

    def _connect(self) -> None:
        # Changing a choice searches after a short pause; Enter searches at once.
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(300)
        self._debounce.timeout.connect(self.search)
        for combo in (self.user, self.action, self.outcome):
            combo.currentIndexChanged.connect(lambda _i: self._debounce.start())
        self.use_dates.toggled.connect(self._dates_toggled)
        self.since.dateChanged.connect(lambda _d: self._debounce.start())
        self.until.dateChanged.connect(lambda _d: self._debounce.start())
        self.text.returnPressed.connect(self.search)
        line = self.user.lineEdit()
        if line is not None:
            line.returnPressed.connect(self.search)
        self.search_button.clicked.connect(self.search)
        self.verify_button.clicked.connect(self.verify)

    def _dates_toggled(self, on: bool) -> None:
        self.since.setEnabled(on)
        self.until.setEnabled(on)
        self._debounce.start()

    def _fill_choices(self) -> None:
        with self.ctx.db.reader() as uow:
            logins = dashboard.audit_logins(uow.session)
            actions = dashboard.audit_actions(uow.session)
        for combo in (self.user, self.action):
            combo.blockSignals(True)
        current_user = self.user.currentText() if self.user.currentIndex() > 0 else ""
        self.user.clear()
        self.user.addItem(self.tr("Everyone"), "")
        for login in logins:
            self.user.addItem(login, login)
        if current_user:
            self.user.setCurrentText(current_user)
        current_action = self.action.currentData()
        self.action.clear()
        self.action.addItem(self.tr("All actions"), "")
        plain = [a for a in actions if not a.startswith("denied:")]
        for a in plain:
            self.action.addItem(action_text(a), a)
        if len(plain) < len(actions):
            self.action.addItem(QCoreApplication.translate("Audit", ACTIONS["denied:"]), "denied:")
        self.action.setCurrentIndex(max(0, self.action.findData(current_action)))
        for combo in (self.user, self.action):
            combo.blockSignals(False)

    def filters(self) -> dict[str, Any]:
        f: dict[str, Any] = {}
        user = self.user.currentText().strip()
        if user and user != self.user.itemText(0):  # "Everyone" or a login, picked or typed
            f["login"] = user
        if self.action.currentData():
            f["action_prefix"] = self.action.currentData()
        if self.outcome.currentData():
            f["outcome"] = self.outcome.currentData()
        if self.use_dates.isChecked():
            lo = _pydate(self.since.date())
            hi = _pydate(self.until.date())
            f["since"] = day_bounds(min(lo, hi))[0]
            f["until"] = day_bounds(max(lo, hi))[1]
        if self.text.text().strip():
            f["text"] = self.text.text().strip()
        return f

    def search(self) -> None:
        self._debounce.stop()
        self.model.load(self.filters())
        self.count_label.setText(self.tr("%1 entries").replace("%1", str(self.model.total)))

    def verify(self) -> None:
        ctx = self.ctx

        def job(_p: Any, _c: Any) -> VerifyResult:
            with ctx.db.reader() as uow:
                return audit.verify(uow.session)

        self.verify_button.setEnabled(False)
        ctx.runner.run(
            job,
            done=self._verified,
            failed=self._verify_failed,
            kind="net",
            title=self.tr("Checking the audit log…"),
            parent=self,
        )

    def _verify_failed(self, exc: BaseException) -> None:
        self.verify_button.setEnabled(True)
        from ui.messages import show_error

        show_error(self, exc, self.ctx.lang)

    def _verified(self, result: VerifyResult) -> None:
        self.verify_button.setEnabled(True)
        self.last_verify = result
        if result.ok:
            text = self.tr("The audit log is intact: %1 entries checked.").replace(
                "%1", str(result.checked)
            )
            # A chain re-anchored to the city's head at a recovery is intact, and says where.
            notes = [self.ctx.text(n) for n in result.notes]
            inform(self, self.tr("Audit log"), "\n".join([text, *notes]))
        else:
            inform(
                self,
                self.tr("Audit log"),
                self.tr("The audit log was tampered with:")
                + "\n"
                + "\n".join(result.problems[:20]),
            )

    # -- Screen ----------------------------------------------------------------------------
    def affected_by(self, changes: Changes) -> bool:
        return changes.audit or changes.users

    def refresh(self) -> None:
        self._fill_choices()
        self.search()

    def handles(self, action: str) -> bool:
        return action == act.REFRESH

    def trigger(self, action: str) -> None:
        self.refresh()

    def focus_first(self) -> None:
        self.user.setFocus()

    def save_layout(self, store: Any) -> None:
        store.setValue("header", self.view.horizontalHeader().saveState())

    def restore_layout(self, store: Any) -> None:
        state = store.value("header")
        if state is not None:
            self.view.horizontalHeader().restoreState(state)


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


register_screen(
    "audit",
    AuditPage,
    section="system",
    title=QT_TRANSLATE_NOOP("Screens", "Audit log"),
    order=40,
    perm=Perm.AUDIT,
)
