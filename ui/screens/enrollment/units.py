"""参保登记 › 参保单位: the enrolling units (search by code or name as you type), add and edit a
unit, and the unit page with its enrollment batches (``units.get_unit``), where the premium's
receipt number can be recorded once the unit has paid."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from base.changes import Changes, Done
from base.clock import local
from db import UnitOfWork
from desk_app.access.auth import Perm
from desk_app.people import enrollment, units
from desk_app.people.units import BatchRow, UnitDetail, UnitInput, UnitRow
from ui.context import AppContext
from ui.dialogs import FormDialog
from ui.ops import run_op
from ui.screens.base import Screen
from ui.screens.registry import register_screen
from ui.texts import QT_TRANSLATE_NOOP
from ui.widgets.member_search_texts import money_text
from ui.widgets.people import PersonNames
from ui.widgets.tables import RAW_ROLE, RIGHT, Column, ListModel, fit_columns, table_view

UNIT_COLUMNS = (
    Column(QT_TRANSLATE_NOOP("UnitsModel", "Code"), lambda u: u.code),
    Column(QT_TRANSLATE_NOOP("UnitsModel", "Name"), lambda u: u.name, tooltip=lambda u: u.name),
    Column(QT_TRANSLATE_NOOP("UnitsModel", "Industry"), lambda u: u.industry or ""),
    Column(QT_TRANSLATE_NOOP("UnitsModel", "Contact"), lambda u: u.contact or ""),
    Column(QT_TRANSLATE_NOOP("UnitsModel", "Phone"), lambda u: u.phone or ""),
    Column(QT_TRANSLATE_NOOP("UnitsModel", "County"), lambda u: u.county or ""),
    Column(
        QT_TRANSLATE_NOOP("UnitsModel", "Members"),
        lambda u: f"{u.member_count:,}",
        raw=lambda u: u.member_count,
        align=RIGHT,
    ),
)


def batch_columns(person: Callable[[str | None], str]) -> tuple[Column, ...]:
    """A unit's enrollment batches; ``person`` turns a login into the person's name."""
    return (
        Column(QT_TRANSLATE_NOOP("UnitBatches", "Batch no."), lambda b: b.batch_no),
        Column(
            QT_TRANSLATE_NOOP("UnitBatches", "Scheme"),
            lambda b: b.scheme_code,
            tooltip=lambda b: b.scheme_name,
        ),
        Column(
            QT_TRANSLATE_NOOP("UnitBatches", "Head count"),
            lambda b: f"{b.head_count:,}",
            raw=lambda b: b.head_count,
            align=RIGHT,
        ),
        Column(
            QT_TRANSLATE_NOOP("UnitBatches", "Premium total"),
            lambda b: money_text(b.premium_total),
            raw=lambda b: b.premium_total,
            align=RIGHT,
        ),
        Column(QT_TRANSLATE_NOOP("UnitBatches", "Receipt no."), lambda b: b.receipt_no or ""),
        Column(
            QT_TRANSLATE_NOOP("UnitBatches", "Registered"),
            lambda b: f"{local(b.created_at):%Y-%m-%d %H:%M}",
            raw=lambda b: b.created_at,
        ),
        Column(QT_TRANSLATE_NOOP("UnitBatches", "By"), lambda b: person(b.created_by)),
    )


class UnitFilter(QSortFilterProxyModel):
    """Code or name contains the text (a county's few hundred units are all in memory);
    sorts on the raw value of each column."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.setSortRole(RAW_ROLE)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self.text = text.strip().lower()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: QModelIndex | Any) -> bool:
        if not self.text:
            return True
        u: UnitRow = self.sourceModel().rows[row]  # type: ignore[attr-defined]
        return any(self.text in (v or "").lower() for v in (u.code, u.name, u.industry))


class UnitDialog(FormDialog):
    """Add a unit, or change one (``unit`` given)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None, unit: UnitRow | None = None):
        title = self.tr("Change unit") if unit else self.tr("Add unit")
        super().__init__(parent, title, self.tr("&Save") if unit else self.tr("&Add unit"))
        self.setObjectName("unitDialog")
        self.ctx = ctx
        self.unit = unit
        self.saved: UnitRow | None = None
        self.code = QLineEdit(unit.code if unit else "")
        self.code.setObjectName("unitCode")
        self.code.setMaxLength(32)
        self.name = QLineEdit(unit.name if unit else "")
        self.name.setObjectName("unitName")
        self.name.setMaxLength(100)
        self.industry = QLineEdit((unit.industry or "") if unit else "")
        self.industry.setObjectName("unitIndustry")
        self.contact = QLineEdit((unit.contact or "") if unit else "")
        self.contact.setObjectName("unitContact")
        self.phone = QLineEdit((unit.phone or "") if unit else "")
        self.phone.setObjectName("unitPhone")
        self.county = QLineEdit((unit.county or "") if unit else "")
        self.county.setObjectName("unitCounty")
        self.form.addRow(self.tr("&Code:"), self.code)
        self.form.addRow(self.tr("&Name:"), self.name)
        self.form.addRow(self.tr("&Industry:"), self.industry)
        self.form.addRow(self.tr("C&ontact:"), self.contact)
        self.form.addRow(self.tr("&Phone:"), self.phone)
        self.form.addRow(self.tr("Count&y:"), self.county)
        self.setMinimumWidth(520)
        self.finish([self.code, self.name, self.industry, self.contact, self.phone, self.county])

    def submit(self) -> None:
        data = UnitInput(
            code=self.code.text(),
            name=self.name.text(),
            industry=self.industry.text() or None,
            contact=self.contact.text() or None,
            phone=self.phone.text() or None,
            county=self.county.text() or None,
        )
        actor, unit_id = self.ctx.actor, self.unit.id if self.unit else None

        def save(uow: UnitOfWork) -> Done[UnitRow]:
            if unit_id is None:
                return units.add_unit(uow, actor, data)
            return units.update_unit(uow, actor, unit_id, data)

        self.submit_op(self.ctx, save, self._done)

    def _done(self, done: Any) -> None:
        self.saved = done.value
        self.accept()


class UnitPage(QWidget):
    """One unit and its enrollment batches, newest first."""

    def __init__(self, ctx: AppContext, back: Any, parent: QWidget) -> None:
        super().__init__(parent)  # a parent at once: never a window of its own
        self.setObjectName("unitPage")
        self.ctx = ctx
        self.detail: UnitDetail | None = None
        self.back_button = QPushButton(self.tr("← Back to the list (Esc)"))
        self.back_button.clicked.connect(back)
        self.heading = QLabel()
        self.heading.setObjectName("unitHeading")
        self.heading.setStyleSheet("font-size: 13pt; font-weight: 600; color: #1d2733;")
        self.edit_button = QPushButton(self.tr("&Change unit…"))
        self.edit_button.setObjectName("unitEdit")
        if not ctx.can(Perm.UNITS):
            self.edit_button.hide()
        self.edit_button.clicked.connect(self.edit)
        self.receipt_button = QPushButton(self.tr("Premium &receipt no.…"))
        self.receipt_button.setObjectName("batchReceipt")
        if not ctx.can(Perm.ENROLL):
            self.receipt_button.hide()
        self.receipt_button.clicked.connect(self.set_receipt)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addSpacing(12)
        top.addWidget(self.heading, 1)
        top.addWidget(self.edit_button)
        self.info = QFormLayout()
        self.info_labels: dict[str, QLabel] = {}
        for key, label in (
            ("industry", self.tr("Industry:")),
            ("contact", self.tr("Contact:")),
            ("phone", self.tr("Phone:")),
            ("county", self.tr("County:")),
            ("members", self.tr("Members now:")),
        ):
            lab = QLabel()
            lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.info_labels[key] = lab
            self.info.addRow(label, lab)
        self.batches = ListModel(
            batch_columns(PersonNames(ctx.db)), context="UnitBatches", parent=self
        )
        self.batch_view = table_view(self.batches, "unitBatches", sortable=True)
        fit_columns(
            self.batch_view,
            [
                "CB2026-00000",
                "HZ-2026-ZDJB",
                "人数人",
                "保费合计",
                "ZS2026000000",
                "2026-01-01 00:00",
                6,
            ],
        )
        self.batch_title = QLabel()
        self.batch_title.setStyleSheet("font-weight: 600;")
        self.batch_title.setBuddy(self.batch_view)
        batch_row = QHBoxLayout()
        batch_row.addWidget(self.batch_title, 1)
        batch_row.addWidget(self.receipt_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(top)
        lay.addLayout(self.info)
        lay.addLayout(batch_row)
        lay.addWidget(self.batch_view, 1)
        esc = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        esc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        esc.activated.connect(back)

    def show_unit(self, unit_id: int) -> None:
        with self.ctx.db.reader() as uow:
            self.detail = units.get_unit(uow, unit_id)
        u = self.detail.unit
        self.heading.setText(f"{u.code}\u3000{u.name}")
        for key, value in (
            ("industry", u.industry),
            ("contact", u.contact),
            ("phone", u.phone),
            ("county", u.county),
            ("members", f"{u.member_count:,}"),
        ):
            self.info_labels[key].setText(value or "—")
        self.batches.set_rows(list(self.detail.batches))
        self.batch_title.setText(
            self.tr("Enrollment &batches (%1)").replace("%1", str(len(self.detail.batches)))
        )
        if self.batches.rows:
            self.batch_view.selectRow(0)

    def current_batch(self) -> BatchRow | None:
        idx = self.batch_view.currentIndex()
        return self.batches.row_data(idx.row()) if idx.isValid() else None

    def edit(self) -> None:
        if self.detail is None:
            return
        dlg = UnitDialog(self.ctx, self, self.detail.unit)
        dlg.finished.connect(lambda _r: self.show_unit(self.detail.unit.id) if dlg.saved else None)  # type: ignore[union-attr]
        dlg.open()

    def set_receipt(self) -> None:
        b = self.current_batch()
        if b is None:
            return
        text, ok = QInputDialog.getText(
            self,
            self.tr("Premium receipt number"),
            self.tr("Receipt number for batch %1:").replace("%1", b.batch_no),
            QLineEdit.EchoMode.Normal,
            b.receipt_no or "",
        )
        if not ok:
            return
        actor = self.ctx.actor
        assert self.detail is not None
        unit_id = self.detail.unit.id
        run_op(
            self.ctx,
            lambda uow: enrollment.set_batch_receipt(uow, actor, b.id, text),
            parent=self,
            done=lambda _d: self.show_unit(unit_id),
        )


class UnitsScreen(Screen):
    refreshable = True

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.setObjectName("unitsScreen")
        self.search = QLineEdit()
        self.search.setObjectName("unitSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Unit code, name or industry"))
        self.add_button = QPushButton(self.tr("&Add unit…"))
        self.add_button.setObjectName("addUnit")
        if not ctx.can(Perm.UNITS):
            self.add_button.hide()
        self.add_button.clicked.connect(self.add_unit)
        self.count = QLabel()
        self.model = ListModel(UNIT_COLUMNS, context="UnitsModel", parent=self)
        self.proxy = UnitFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = table_view(self.proxy, "unitTable", sortable=True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        fit_columns(self.view, ["DW0000000000", 18, 5, 4, "0575-87000000", 6, "职工数"])
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)  # the name takes the room, not the count
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.view.activated.connect(self._open_index)
        self.view.doubleClicked.connect(self._open_index)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self._enter)
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.add_button)
        list_page = QWidget(self)
        ll = QVBoxLayout(list_page)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addLayout(row)
        ll.addWidget(self.count)
        ll.addWidget(self.view, 1)
        self.page = UnitPage(ctx, self.back_to_list, self)
        self.stack = QStackedWidget()
        self.stack.addWidget(list_page)
        self.stack.addWidget(self.page)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.stack)
        down = QShortcut(QKeySequence(Qt.Key.Key_Down), self.search)
        down.setContext(Qt.ShortcutContext.WidgetShortcut)
        down.activated.connect(self._into_list)
        self.refresh()

    # -- Screen ---------------------------------------------------------------------------
    def affected_by(self, changes: Changes) -> bool:
        return changes.units or changes.members or changes.enrollments

    def refresh(self) -> None:
        db = self.ctx.db

        def job(_p: Any, _c: Any) -> list[UnitRow]:
            with db.reader() as uow:
                return units.list_units(uow)

        self.ctx.runner.run(job, done=self._loaded, kind="net")
        if self.stack.currentWidget() is self.page and self.page.detail is not None:
            self.page.show_unit(self.page.detail.unit.id)

    def focus_first(self) -> None:
        if self.stack.currentWidget() is self.page:
            self.page.batch_view.setFocus()
        else:
            self.search.setFocus()
            self.search.selectAll()

    def save_layout(self, store: Any) -> None:
        store.setValue("columns", self.view.horizontalHeader().saveState())

    def restore_layout(self, store: Any) -> None:
        state = store.value("columns")
        if state is not None:
            self.view.horizontalHeader().restoreState(state)

    # -- list -----------------------------------------------------------------------------
    def _loaded(self, rows: list[UnitRow]) -> None:
        keep = self._current_id()
        self.model.set_rows(rows)
        self._say_count()
        if keep is not None:
            self._select(keep)

    def _filter(self, text: str) -> None:
        self.proxy.set_text(text)
        self._say_count()
        if self.proxy.rowCount():
            self.view.selectRow(0)

    def _say_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if shown == total:
            self.count.setText(self.tr("%1 units").replace("%1", f"{total:,}"))
        else:
            self.count.setText(
                self.tr("%1 of %2 units").replace("%1", f"{shown:,}").replace("%2", f"{total:,}")
            )

    def _current_id(self) -> int | None:
        idx = self.view.currentIndex()
        if not idx.isValid():
            return None
        return self.model.rows[self.proxy.mapToSource(idx).row()].id

    def _select(self, unit_id: int) -> None:
        for r, u in enumerate(self.model.rows):
            if u.id == unit_id:
                idx = self.proxy.mapFromSource(self.model.index(r, 0))
                if idx.isValid():
                    self.view.selectRow(idx.row())
                return

    def _into_list(self) -> None:
        if self.proxy.rowCount():
            self.view.setFocus()
            if not self.view.currentIndex().isValid():
                self.view.selectRow(0)

    def _enter(self) -> None:
        unit_id = self._current_id()
        if unit_id is None and self.proxy.rowCount():
            unit_id = self.model.rows[self.proxy.mapToSource(self.proxy.index(0, 0)).row()].id
        if unit_id is not None:
            self.open_unit(unit_id)

    def _open_index(self, index: QModelIndex) -> None:
        self.open_unit(self.model.rows[self.proxy.mapToSource(index).row()].id)

    def open_unit(self, unit_id: int) -> None:
        self.page.show_unit(unit_id)
        self.stack.setCurrentWidget(self.page)
        self.page.batch_view.setFocus()

    def back_to_list(self) -> None:
        self.stack.setCurrentIndex(0)
        if self.page.detail is not None:
            self._select(self.page.detail.unit.id)
        self.view.setFocus()

    def add_unit(self) -> None:
        dlg = UnitDialog(self.ctx, self)
        dlg.finished.connect(lambda _r: self._added(dlg))
        dlg.open()

    def _added(self, dlg: UnitDialog) -> None:
        if dlg.saved is not None:
            self.ctx.status(self.tr("Unit added: %1").replace("%1", dlg.saved.name))
            self.search.clear()


register_screen(
    "units",
    UnitsScreen,
    section="enrollment",
    title=QT_TRANSLATE_NOOP("Screens", "Units"),
    order=20,
    perm=Perm.VIEW,
)
