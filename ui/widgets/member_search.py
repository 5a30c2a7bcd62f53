"""Finding a member as the clerk types: the search box, the search that runs off the GUI
thread (newest query wins), and the paged table model of the results.

- :class:`SearchBox` — one line for an ID prefix, a name, full pinyin or initials. Enter
  is a signal (the screen opens the member, or looks up a whole ID number: an ID-card reader
  types the 18 characters and Enter); Down moves into the list.
- :class:`MemberSearch` — waits until typing pauses (``debounce_ms``), then asks
  ``members.search_member_ids`` on the task runner's pool for the first page (a few
  milliseconds even for "every member") and, when there are more, for the whole list. Each
  query has a generation number; an answer to an older query is dropped, so a slow broad search
  never overwrites the answer to the narrower one typed after it.
- :func:`member_model` — a :class:`~ui.widgets.tables.PagedIdModel` of members whose
  rows come from ``members.member_rows`` a page at a time; sortable columns map to the
  service's sort keys.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from desk_app.people import members
from desk_app.people.members import MemberRow
from ui.context import AppContext
from ui.texts import QT_TRANSLATE_NOOP
from ui.widgets.member_search_texts import categories_text, day_text, gender_text
from ui.widgets.tables import CENTER, Column, PagedIdModel

log = logging.getLogger(__name__)

FIRST_PAGE = 200  # ids asked for at once; the rest of a broad list follows in the background
DEBOUNCE_MS = 150  # a pause in typing this long starts the search


@dataclass(frozen=True)
class SearchResult:
    text: str
    sort: str
    descending: bool
    ids: list[int]
    complete: bool  # False: only the first page; sig_rest brings the whole list


class MemberSearch(QObject):
    """Runs member searches on the task runner's pool, newest query wins (GUI thread API)."""

    sig_results = Signal(object)  # SearchResult: a new answer (the view resets)
    sig_rest = Signal(object)  # SearchResult: the whole list of the answer last given
    sig_failed = Signal(object)  # exception

    def __init__(
        self,
        ctx: AppContext,
        parent: QObject | None = None,
        *,
        debounce_ms: int = DEBOUNCE_MS,
        first_page: int = FIRST_PAGE,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._first = first_page
        self._gen = 0
        self._running = 0
        self._want: tuple[str, str, bool] = ("", "name", False)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self._start)

    def request(
        self, text: str, sort: str = "name", descending: bool = False, *, at_once: bool = False
    ) -> None:
        """Search for ``text`` when typing pauses (or at once)."""
        self._want = (text, sort, descending)
        if at_once:
            self._timer.stop()
            self._start()
        else:
            self._timer.start()

    def cancel(self) -> None:
        """Forget the queries under way (their answers will be dropped)."""
        self._timer.stop()
        self._gen += 1

    def busy(self) -> bool:
        """A query waits for the pause in typing or for its first answer."""
        return self._timer.isActive() or self._running > 0

    # -- the work -------------------------------------------------------------------------
    def _start(self) -> None:
        self._gen += 1
        gen = self._gen
        text, sort, descending = self._want
        db, first = self.ctx.db, self._first

        def job(_p: Any, _c: Any) -> list[int] | None:
            """A pool thread: one read-only transaction (none when already outdated)."""
            if gen != self._gen:
                return None
            with db.reader() as uow:
                return members.search_member_ids(
                    uow, text, sort=sort, descending=descending, limit=first
                )

        self._running += 1
        self.ctx.runner.run(
            job,
            done=lambda ids: self._first_done(gen, text, sort, descending, ids),
            failed=self._failed,
            kind="net",
        )

    def _first_done(
        self, gen: int, text: str, sort: str, descending: bool, ids: list[int] | None
    ) -> None:
        self._running -= 1
        if gen != self._gen or ids is None:
            return  # a newer query was typed meanwhile
        complete = len(ids) < self._first
        self.sig_results.emit(SearchResult(text, sort, descending, ids, complete))
        if complete:
            return
        db = self.ctx.db

        def rest(_p: Any, _c: Any) -> list[int] | None:
            if gen != self._gen:
                return None  # outdated before it started: spare the pool
            with db.reader() as uow:
                return members.search_member_ids(uow, text, sort=sort, descending=descending)

        self.ctx.runner.run(
            rest,
            done=lambda all_ids: self._rest_done(gen, text, sort, descending, all_ids),
            failed=self._failed,
            kind="net",
        )

    def _rest_done(
        self, gen: int, text: str, sort: str, descending: bool, all_ids: list[int] | None
    ) -> None:
        if gen != self._gen or all_ids is None:
            return
        self.sig_rest.emit(SearchResult(text, sort, descending, all_ids, True))

    def _failed(self, exc: BaseException) -> None:
        self._running = max(0, self._running - 1)
        log.error("member search failed", exc_info=exc)
        self.sig_failed.emit(exc)


class SearchBox(QLineEdit):
    """The one search line. Enter and Down are signals; everything else is typing."""

    sig_enter = Signal(str)
    sig_down = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setClearButtonEnabled(True)
        self.setMaxLength(40)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.sig_enter.emit(self.text())
            return
        if key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown):
            self.sig_down.emit()
            return
        super().keyPressEvent(event)


COLUMNS: tuple[Column, ...] = (
    Column(QT_TRANSLATE_NOOP("MembersModel", "Name"), lambda r: r.name, sort_key="name"),
    Column(
        QT_TRANSLATE_NOOP("MembersModel", "ID number"),
        lambda r: r.id_number,
        sort_key="id_number",
    ),
    Column(
        QT_TRANSLATE_NOOP("MembersModel", "Gender"),
        lambda r: gender_text(r.gender),
        raw=lambda r: r.gender,
        align=CENTER,
    ),
    Column(
        QT_TRANSLATE_NOOP("MembersModel", "Born"),
        lambda r: day_text(r.birth_date),
        raw=lambda r: r.birth_date,
        sort_key="birth_date",
    ),
    Column(
        QT_TRANSLATE_NOOP("MembersModel", "Unit"),
        lambda r: r.unit_name or "",
        sort_key="unit",
        tooltip=lambda r: r.unit_name,
    ),
    Column(QT_TRANSLATE_NOOP("MembersModel", "Mobile"), lambda r: r.phone or ""),
    Column(
        QT_TRANSLATE_NOOP("MembersModel", "Categories"),
        lambda r: categories_text(r.categories),
        raw=lambda r: r.categories,
    ),
)
SORT_COLUMN = {c.sort_key: i for i, c in enumerate(COLUMNS) if c.sort_key}


def member_model(ctx: AppContext, parent: QObject | None = None) -> PagedIdModel:
    """The members table: ids from a search, rows read a page at a time (GUI thread)."""
    db = ctx.db

    def fetch(ids: Sequence[int]) -> list[MemberRow]:
        with db.reader() as uow:
            return members.member_rows(uow, ids)

    return PagedIdModel(COLUMNS, fetch, context="MembersModel", parent=parent)
