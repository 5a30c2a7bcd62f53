"""我的申请 (Ctrl+O on the intake form): the clerk's own drafts — or all the claims they
entered — to reopen and continue (a draft) or look at (the others). Delete removes a draft
after a confirmation whose default is Cancel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from base.clock import local
from base.money import fmt
from desk_app.claims import service as claims
from desk_app.claims.model import QueueFilter, QueueRow
from desk_app.people.idcard import mask_id
from ui.context import AppContext
from ui.dialogs import fit_to_screen
from ui.messages import confirm, show_error
from ui.ops import run_op
from ui.screens.claims.fields import kind_name, status_name
from ui.texts import QT_TRANSLATE_NOOP
from ui.widgets.people import PersonNames
from ui.widgets.tables import Column, PagedIdModel

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def my_draft_count(ctx: AppContext) -> int:
    """How many drafts the signed-in clerk has (GUI thread; one indexed count)."""
    with ctx.db.reader() as uow:
        return len(
            claims.queue_ids(uow, QueueFilter(status=("draft",), created_by=ctx.actor.login))
        )


def _login(login: str | None) -> str:
    return login or ""


def claim_columns(lang: str, person: Callable[[str | None], str] = _login) -> list[Column]:
    """The columns of a list of claims (also the review queue's)."""

    def when(r: QueueRow) -> str:
        return f"{local(r.submitted_at):%m-%d %H:%M}" if r.submitted_at else ""

    return [
        Column(
            QT_TRANSLATE_NOOP("ClaimList", "Claim no."), lambda r: r.claim_no, sort_key="claim_no"
        ),
        Column(QT_TRANSLATE_NOOP("ClaimList", "Approval no."), lambda r: r.approval_no or ""),
        Column(
            QT_TRANSLATE_NOOP("ClaimList", "Status"),
            lambda r: status_name(r.status, lang),
            sort_key="status",
        ),
        Column(
            QT_TRANSLATE_NOOP("ClaimList", "Name"), lambda r: r.member_name, sort_key="member_name"
        ),
        Column(
            QT_TRANSLATE_NOOP("ClaimList", "ID number"),
            lambda r: mask_id(r.id_number),
            sort_key="id_number",
        ),
        Column(
            QT_TRANSLATE_NOOP("ClaimList", "Unit"), lambda r: r.unit_name or "", sort_key="unit"
        ),
        Column(
            QT_TRANSLATE_NOOP("ClaimList", "Scheme"),
            lambda r: r.scheme_code,
            sort_key="scheme_code",
        ),
        Column(
            QT_TRANSLATE_NOOP("ClaimList", "Kind"),
            lambda r: kind_name(r.kind, lang),
            sort_key="kind",
        ),
        Column(
            QT_TRANSLATE_NOOP("ClaimList", "Date"),
            lambda r: r.covered_date.isoformat() if r.covered_date else "",
            raw=lambda r: r.covered_date,
            sort_key="covered_date",
        ),
        Column(
            QT_TRANSLATE_NOOP("ClaimList", "Total cost"),
            lambda r: fmt(r.total_cost),
            raw=lambda r: r.total_cost,
            sort_key="total_cost",
            align=RIGHT,
        ),
        Column(
            QT_TRANSLATE_NOOP("ClaimList", "Payout"),
            lambda r: fmt(r.payout),
            raw=lambda r: r.payout,
            sort_key="payout",
            align=RIGHT,
            color=lambda r: "#b3261e" if r.calc_status == "rejected" else None,
        ),
        Column(
            QT_TRANSLATE_NOOP("ClaimList", "Clerk"),
            lambda r: person(r.created_by),
            sort_key="created_by",
        ),
        Column(
            QT_TRANSLATE_NOOP("ClaimList", "Submitted"),
            when,
            raw=lambda r: r.submitted_at,
            sort_key="submitted_at",
        ),
    ]


def claim_model(ctx: AppContext, parent: Any = None) -> PagedIdModel:
    db = ctx.db

    def fetch(ids: Any) -> list[QueueRow]:
        with db.reader() as uow:
            return claims.queue_rows(uow, list(ids))

    return PagedIdModel(
        claim_columns(ctx.lang, PersonNames(db)),
        fetch,
        context="ClaimList",
        page_size=200,
        parent=parent,
    )


class ClaimTable(QTableView):
    """A list of claims: rows, not cells; Enter opens (``open_requested``)."""

    open_requested = Signal(int)
    delete_requested = Signal(int)

    def __init__(self, model: PagedIdModel) -> None:
        super().__init__()
        self.setModel(model)
        self._model = model
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSortingEnabled(True)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)
        self.verticalHeader().setDefaultSectionSize(24)
        head = self.horizontalHeader()
        head.setHighlightSections(False)
        head.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        head.setStretchLastSection(True)
        head.setSortIndicatorShown(True)
        self.doubleClicked.connect(self._open_index)

    def current_id(self) -> int | None:
        index = self.currentIndex()
        return self._model.id_at(index.row()) if index.isValid() else None

    def select_row(self, row: int) -> None:
        if self._model.rowCount() == 0:
            return
        row = max(0, min(row, self._model.rowCount() - 1))
        self.setCurrentIndex(self._model.index(row, 0))
        self.scrollTo(self._model.index(row, 0))

    def _open_index(self, index: QModelIndex) -> None:
        claim_id = self._model.id_at(index.row())
        if claim_id is not None:
            self.open_requested.emit(claim_id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            claim_id = self.current_id()
            if claim_id is not None:
                self.open_requested.emit(claim_id)
            return
        if event.key() == Qt.Key.Key_Delete:
            claim_id = self.current_id()
            if claim_id is not None:
                self.delete_requested.emit(claim_id)
            return
        super().keyPressEvent(event)


class MyClaimsDialog(QDialog):
    """The clerk's own claims; ``chosen(claim_id)`` when one is opened."""

    chosen = Signal(int)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("myClaimsDialog")
        self.ctx = ctx
        self.setWindowTitle(self.tr("My claims"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.which = QComboBox()
        self.which.setObjectName("myClaimsWhich")
        self.which.addItem(self.tr("My drafts"), ("draft",))
        self.which.addItem(self.tr("All claims I entered"), ())
        self.text = QLineEdit()
        self.text.setObjectName("myClaimsText")
        self.text.setPlaceholderText(self.tr("Claim number, name, pinyin or ID number"))
        self.model = claim_model(ctx, self)
        self.table = ClaimTable(self.model)
        self.table.setObjectName("myClaimsTable")
        self.count = QLabel()
        self.count.setObjectName("hint")
        self._sort = ("created_at", True)
        head = QHBoxLayout()
        show = QLabel(self.tr("&Show:"))
        show.setBuddy(self.which)
        find = QLabel(self.tr("&Find:"))
        find.setBuddy(self.text)
        head.addWidget(show)
        head.addWidget(self.which)
        head.addWidget(find)
        head.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        hint = QLabel(self.tr("Enter opens the claim; Delete deletes a draft; Esc closes."))
        hint.setObjectName("hint")
        lay = QVBoxLayout(self)
        lay.addLayout(head)
        lay.addWidget(self.table, 1)
        foot = QHBoxLayout()
        foot.addWidget(self.count)
        foot.addStretch(1)
        foot.addWidget(hint)
        lay.addLayout(foot)
        lay.addWidget(buttons)
        fit_to_screen(self, 1100, 520)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.reload)
        self.which.currentIndexChanged.connect(lambda _i: self.reload())
        self.text.textChanged.connect(lambda _t: self._timer.start())
        self.text.returnPressed.connect(self.table.setFocus)
        self.model.sort_requested.connect(self._sorted)
        self.table.open_requested.connect(self._open)
        self.table.delete_requested.connect(self._delete)
        self.reload()
        self.table.setFocus()
        self.table.select_row(0)

    def reload(self) -> None:
        f = QueueFilter(
            status=self.which.currentData(),
            created_by=self.ctx.actor.login,
            text=self.text.text(),
        )
        with self.ctx.db.reader() as uow:
            ids = claims.queue_ids(uow, f, sort=self._sort[0], descending=self._sort[1])
        row = max(self.table.currentIndex().row(), 0)
        self.model.set_ids(ids)
        self.table.resizeColumnsToContents()
        self.table.select_row(row)
        self.count.setText(self.tr("%1 claim(s)").replace("%1", str(len(ids))))

    def _sorted(self, key: str, descending: bool) -> None:
        self._sort = (key, descending)
        self.reload()

    def _open(self, claim_id: int) -> None:
        self.accept()
        self.chosen.emit(claim_id)

    def _delete(self, claim_id: int) -> None:
        row = self.model.row_data(self.model.row_of_id(claim_id))
        if row is None or row.status != "draft":
            return
        if not confirm(
            self,
            self.tr("Delete draft"),
            self.tr("Delete draft %1 of %2 with its receipts? This cannot be undone.")
            .replace("%1", row.claim_no)
            .replace("%2", row.member_name),
            self.tr("Delete"),
            danger=True,
        ):
            return
        actor = self.ctx.actor
        run_op(
            self.ctx,
            lambda uow: claims.delete_draft(uow, actor, claim_id),
            parent=self,
            done=lambda _r: self.reload(),
            failed=lambda e: show_error(self, e, self.ctx.lang),
        )
