"""参保登记 › 职工: one search box over every member (ID prefix, name, full pinyin or initials),
the results as a paged table, and the member page.

The search box is where F3 / Ctrl+F lands from anywhere in the window. An ID-card reader types
the 18 characters and Enter: the member's page opens at once (or, for an unknown number, the
add-member form with the number filled in). Enter on any other text opens the highlighted
member; Down moves into the list; Esc on the member page comes back to the list.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from base.changes import Changes
from base.errors import ValidationError
from desk_app.access.auth import Perm
from desk_app.people import members
from desk_app.people.idcard import check_id_number, normalise
from ui import actions as act
from ui.context import AppContext
from ui.messages import confirm, show_error
from ui.screens.base import Screen
from ui.screens.enrollment.member_form import AddMemberDialog
from ui.screens.enrollment.member_page import MemberPage
from ui.screens.registry import register_screen
from ui.texts import QT_TRANSLATE_NOOP
from ui.widgets.member_search import (
    SORT_COLUMN,
    MemberSearch,
    SearchBox,
    SearchResult,
    member_model,
)
from ui.widgets.tables import fit_columns, table_view


def looks_like_id(text: str) -> bool:
    """A whole resident ID number (as a card reader or a clerk types it), not a prefix."""
    n = normalise(text)
    return len(n) >= 18 and n[:17].isdigit()


class MembersScreen(Screen):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.setObjectName("membersScreen")
        self.sort_key, self.descending = "name", False
        self._open_when_found = False
        self._shown_text: str | None = None

        # The list
        self.search = SearchBox()
        self.search.setObjectName("memberSearch")
        self.search.setPlaceholderText(
            self.tr("ID number, name or pinyin initials (%1)").replace(
                "%1", act.shortcut_text(act.FIND_MEMBER)
            )
        )
        self.add_button = QPushButton(self.tr("&Add member…"))
        self.add_button.setObjectName("addMember")
        self.add_button.clicked.connect(lambda: self.add_member())
        if not ctx.can(Perm.MEMBERS):
            self.add_button.hide()
        self.count = QLabel()
        self.count.setObjectName("memberCount")
        self.model = member_model(ctx, self)
        self.view = table_view(self.model, "memberTable")
        fit_columns(
            self.view, [5, "33060219800101123X", "性别", "1980-01-01", 16, "13800000000", 6]
        )
        header = self.view.horizontalHeader()
        header.setSortIndicator(SORT_COLUMN["name"], Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)  # header clicks call model.sort: a new SQL query
        self.model.sort_requested.connect(self._sort_requested)
        self.model.sort_refused.connect(self._restore_indicator)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # The unit's name takes the room left, not 人员类别 (mostly blank): unit names are long.
        header.setStretchLastSection(False)
        header.setSectionResizeMode(SORT_COLUMN["unit"], QHeaderView.ResizeMode.Stretch)
        self.view.activated.connect(self._open_index)
        self.view.doubleClicked.connect(self._open_index)

        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.add_button)
        list_page = QWidget(self)
        ll = QVBoxLayout(list_page)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addLayout(row)
        ll.addWidget(self.count)
        ll.addWidget(self.view, 1)

        self.page = MemberPage(ctx, self)  # a parent at once: never a window of its own
        self.page.sig_back.connect(self.back_to_list)
        self.stack = QStackedWidget()
        self.stack.addWidget(list_page)
        self.stack.addWidget(self.page)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.stack)

        self.searcher = MemberSearch(ctx, self)
        self.searcher.sig_results.connect(self._show_results)
        self.searcher.sig_rest.connect(self._show_rest)
        self.searcher.sig_failed.connect(lambda e: show_error(self, e, ctx.lang))
        self.search.textChanged.connect(self._typed)
        self.search.sig_enter.connect(self._enter)
        self.search.sig_down.connect(self._into_list)
        back = QShortcut(QKeySequence(Qt.Key.Key_Escape), list_page)
        back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        back.activated.connect(self._escape_in_list)
        self.searcher.request("", at_once=True)

    # -- Screen ---------------------------------------------------------------------------
    def affected_by(self, changes: Changes) -> bool:
        return changes.members or changes.enrollments or changes.claims or changes.units

    def refresh(self) -> None:
        self.searcher.request(self.search.text(), self.sort_key, self.descending, at_once=True)
        if self.on_page():
            self.page.refresh_choices()
            self.page.reload()

    def handles(self, action: str) -> bool:
        if action == act.SAVE:
            return self.on_page() and self.page.can_edit
        return action in (act.FIND_MEMBER, act.REFRESH)

    def trigger(self, action: str) -> None:
        if action == act.FIND_MEMBER:
            self.find_member()
        elif action == act.REFRESH:
            self.refresh()
        elif action == act.SAVE and self.on_page():
            self.page.save()

    def focus_first(self) -> None:
        if self.on_page():
            self.page.focus_first()
        else:
            self.search.setFocus()
            self.search.selectAll()

    def save_layout(self, store: Any) -> None:
        store.setValue("columns", self.view.horizontalHeader().saveState())
        store.setValue("page_splitter", self.page.splitter.saveState())

    def restore_layout(self, store: Any) -> None:
        state = store.value("columns")
        if state is not None:
            header = self.view.horizontalHeader()
            header.blockSignals(True)
            header.restoreState(state)
            header.blockSignals(False)
            self._restore_indicator()
        splitter = store.value("page_splitter")
        if splitter is not None:
            self.page.splitter.restoreState(splitter)

    def carried_member(self) -> int | None:
        """The member whose page is open, or the one highlighted in the list."""
        if self.on_page():
            return self.page.member_id
        return self._current_id() if self.view.hasFocus() else None

    # -- finding --------------------------------------------------------------------------
    def on_page(self) -> bool:
        return self.stack.currentWidget() is self.page

    def find_member(self) -> None:
        """F3: back to the search box, its text selected for the next member."""
        if self.on_page():
            if self.page.dirty() and not confirm(
                self,
                self.tr("Unsaved changes"),
                self.tr("The changes to this member are not saved. Leave without saving?"),
                self.tr("Leave without saving"),
                danger=True,
            ):
                return
            self.page.reload(force=True)
            self._show_list()
        self.search.setFocus()
        self.search.selectAll()

    def _typed(self, text: str) -> None:
        self._open_when_found = False
        self.searcher.request(text, self.sort_key, self.descending)

    def _sort_requested(self, key: str, descending: bool) -> None:
        self.sort_key, self.descending = key, descending
        self.searcher.request(self.search.text(), key, descending, at_once=True)

    def _restore_indicator(self) -> None:
        """Only what the service sorts in SQL can be sorted: put the indicator back."""
        header = self.view.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(
            SORT_COLUMN[self.sort_key],
            Qt.SortOrder.DescendingOrder if self.descending else Qt.SortOrder.AscendingOrder,
        )
        header.blockSignals(False)

    def _show_results(self, result: SearchResult) -> None:
        keep = self._current_id()
        self.model.set_ids(result.ids)
        self._shown_text = result.text
        self._say_count(result)
        row = self.model.row_of_id(keep) if keep is not None else -1
        if self.model.rowCount():
            self.view.selectRow(max(row, 0))
            self.view.scrollTo(self.model.index(max(row, 0), 0))
        if self._open_when_found:
            self._open_when_found = False
            if self.model.rowCount():
                self.open_member(self.model.id_at(max(row, 0)))  # type: ignore[arg-type]

    def _show_rest(self, result: SearchResult) -> None:
        shown = self.model.ids()
        if result.ids[: len(shown)] == shown:
            self.model.extend_ids(result.ids[len(shown) :])
        else:  # the list changed between the two reads: show the whole new one
            self.model.set_ids(result.ids)
        self._say_count(result)

    def _say_count(self, result: SearchResult) -> None:
        n = len(result.ids)
        if not result.text.strip():
            text = self.tr("%1 members in all").replace("%1", f"{n:,}")
            if not result.complete:
                text = self.tr("Counting members…")
        elif n == 0:
            text = self.tr("No member matches “%1”.").replace("%1", result.text.strip())
            if looks_like_id(result.text) and self.ctx.can(Perm.MEMBERS):
                text += " " + self.tr("Press Enter to register this ID number.")
        elif result.complete:
            text = self.tr("%1 members found").replace("%1", f"{n:,}")
        else:
            text = self.tr("More than %1 members found…").replace("%1", f"{n:,}")
        self.count.setText(text)
        self.count.setStyleSheet("")

    def _current_id(self) -> int | None:
        idx = self.view.currentIndex()
        return self.model.id_at(idx.row()) if idx.isValid() else None

    def _enter(self, text: str) -> None:
        if looks_like_id(text):
            self._open_id_number(text)
            return
        if self.searcher.busy() or self._shown_text != text:
            self._open_when_found = True
            self.searcher.request(text, self.sort_key, self.descending, at_once=True)
            return
        member_id = self._current_id()
        if member_id is None and self.model.rowCount():
            member_id = self.model.id_at(0)
        if member_id is not None:
            self.open_member(member_id)

    def _open_id_number(self, text: str) -> None:
        """A whole ID number (a card reader's, or typed): open that member directly."""
        self.searcher.cancel()
        try:
            number = check_id_number(text).number
        except ValidationError as exc:
            self.count.setText(self.ctx.text(exc))
            self.count.setStyleSheet("color: #b3261e;")
            self.search.selectAll()
            return
        with self.ctx.db.reader() as uow:
            row = members.find_by_id_number(uow, number)
        if row is not None:
            self.open_member(row.id)
            return
        self.searcher.request(text, self.sort_key, self.descending, at_once=True)
        if self.ctx.can(Perm.MEMBERS):
            self.add_member(number)

    def _into_list(self) -> None:
        if self.model.rowCount():
            self.view.setFocus()
            if not self.view.currentIndex().isValid():
                self.view.selectRow(0)

    def _escape_in_list(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _open_index(self, index: QModelIndex) -> None:
        member_id = self.model.id_at(index.row())
        if member_id is not None:
            self.open_member(member_id)

    # -- the member page ------------------------------------------------------------------
    def open_member(self, member_id: int) -> None:
        self.page.show_member(member_id)
        self.stack.setCurrentWidget(self.page)
        self.actions_changed.emit()
        self.page.focus_first()

    def back_to_list(self) -> None:
        member_id = self.page.member_id
        self._show_list()
        row = self.model.row_of_id(member_id) if member_id is not None else -1
        if row >= 0:
            self.view.selectRow(row)
            self.view.setFocus()
        else:
            self.search.setFocus()
            self.search.selectAll()

    def _show_list(self) -> None:
        self.stack.setCurrentIndex(0)
        self.actions_changed.emit()

    def add_member(self, id_number: str = "") -> None:
        dlg = AddMemberDialog(self.ctx, self, id_number=id_number)
        dlg.finished.connect(lambda _r: self._added(dlg))
        dlg.open()

    def _added(self, dlg: AddMemberDialog) -> None:
        if dlg.added is not None:
            self.ctx.status(self.tr("Registered: %1").replace("%1", dlg.added.name))
            self.open_member(dlg.added.id)


register_screen(
    "members",
    MembersScreen,
    section="enrollment",
    title=QT_TRANSLATE_NOOP("Screens", "Members"),
    order=10,
    perm=Perm.MEMBERS,  # people's personal data: clerks and reviewers, not the admin
)
