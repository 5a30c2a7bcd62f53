"""Completers fed by a service as the clerk types: hospitals, diagnoses (ICD-10 code or Chinese
name) and members (ID number, name, pinyin initials; the ID card reader types 18 characters and
Enter).

Every completer behaves the same way at the keyboard: the list follows each keystroke with its
first entry highlighted, **Enter takes the highlighted entry and moves on** (or, with nothing
highlighted, keeps the text as typed and moves on), the arrows choose, Escape closes the list
and keeps what was typed. The lookups are indexed reads of a few milliseconds, so they run on
the GUI thread with a read-only unit of work.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QCompleter, QLineEdit, QWidget

from db import Database
from desk_app.claims import service as claims
from desk_app.people import members
from desk_app.people.idcard import mask_id, normalise
from desk_app.people.members import MemberRow

Entry = tuple[str, Any]  # (text shown in the list, value)
Fetch = Callable[[str], Sequence[Entry]]

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_ICD10 = re.compile(r"^[A-Za-z][0-9]{2}(\.[0-9A-Za-z]{1,6})?$")


class ServiceCompleter(QObject):
    """A popup list under ``line`` whose entries come from ``fetch(text)``.

    ``chosen(value)`` is emitted when an entry is taken (Enter, Tab or a click); the line then
    shows ``text_of(value)``. ``advance()`` is called after Enter so the form moves on.
    """

    chosen = Signal(object)

    def __init__(
        self,
        line: QLineEdit,
        fetch: Fetch,
        *,
        text_of: Callable[[Any], str] | None = None,
        advance: Callable[[], None] | None = None,
        min_chars: int = 1,
        max_visible: int = 10,
    ) -> None:
        super().__init__(line)
        self.line = line
        self._fetch = fetch
        self._text_of = text_of
        self.advance = advance
        self._min_chars = min_chars
        self.model = QStandardItemModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setWidget(line)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(max_visible)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        _ = self.popup  # made now, with our filter
        line.installEventFilter(self)  # Enter can reach the line with the list open
        self.completer.activated[QModelIndex].connect(self._on_clicked)  # type: ignore[index]
        line.textEdited.connect(self.update_list)

    @property
    def popup(self) -> QAbstractItemView:
        """The completer's list, asked each time: inside a cell editor of an item view Qt
        deletes the first list QCompleter made and makes another when it is next needed, so a
        kept reference would point at a deleted object (and an error raised in the event
        filter below then crashed the binding). A new list gets our name and filter."""
        popup = self.completer.popup()
        assert popup is not None
        if not popup.property("deskCompleter"):
            popup.setProperty("deskCompleter", True)
            popup.setObjectName(f"{self.line.objectName() or 'line'}Popup")
            # Ours is installed after QCompleter's own filter, so it sees the keys first.
            popup.installEventFilter(self)
        return popup

    # -- the list ---------------------------------------------------------------------------
    def entries(self) -> list[Entry]:
        return [
            (self.model.item(r).text(), self.model.item(r).data(Qt.ItemDataRole.UserRole))
            for r in range(self.model.rowCount())
        ]

    def popup_visible(self) -> bool:
        return self.popup.isVisible()

    def update_list(self, text: str | None = None) -> None:
        """Look the text up again and show the list (hidden when nothing matches)."""
        text = self.line.text() if text is None else text
        if len(text.strip()) < self._min_chars:
            self.model.clear()
            self.popup.hide()
            return
        found = list(self._fetch(text.strip()))
        self.model.clear()
        for shown, value in found:
            item = QStandardItem(shown)
            item.setData(value, Qt.ItemDataRole.UserRole)
            item.setEditable(False)
            self.model.appendRow(item)
        if not found or not self.line.hasFocus():
            self.popup.hide()
            return
        self.completer.complete()
        self.popup.setCurrentIndex(self.completer.completionModel().index(0, 0))

    def hide(self) -> None:
        self.popup.hide()

    # -- taking an entry ------------------------------------------------------------------
    def take(self, value: Any) -> None:
        """Show ``value`` in the line and announce it (also used to preset a value)."""
        if self._text_of is not None:
            self.line.setText(self._text_of(value))
        self.popup.hide()
        self.chosen.emit(value)

    def _on_clicked(self, index: QModelIndex) -> None:
        self.take(index.data(Qt.ItemDataRole.UserRole))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        if obj is self.line and not self.popup.isVisible():
            return False
        key = event.key()
        if key in _ENTER or key == Qt.Key.Key_Tab:
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                return False  # Ctrl+Enter is "submit"
            index = self.popup.currentIndex()
            self.popup.hide()
            if index.isValid():
                self.take(index.data(Qt.ItemDataRole.UserRole))
            if key in _ENTER and self.advance is not None:
                self.advance()
            elif key == Qt.Key.Key_Tab:
                self.line.focusNextChild()
            return True
        if key == Qt.Key.Key_Escape:
            self.popup.hide()
            return True
        return False


# --- hospitals and diagnoses -------------------------------------------------------------


def hospital_completer(
    db: Database, line: QLineEdit, advance: Callable[[], None] | None = None
) -> ServiceCompleter:
    """Hospital names from the list the city keeps up to date (read anew on each keystroke,
    so an updated list shows at once)."""

    def fetch(text: str) -> list[Entry]:
        with db.reader() as uow:
            return [(name, name) for name in claims.hospitals(uow, text, limit=30)]

    return ServiceCompleter(line, fetch, text_of=str, advance=advance)


def disease_text(code: str | None, name: str | None) -> str:
    """How a diagnosis reads in its field: ``C50.9 乳腺恶性肿瘤``."""
    return " ".join(p for p in (code or "", name or "") if p)


def split_disease(text: str) -> tuple[str | None, str | None]:
    """A diagnosis as typed into (ICD-10 code, name): a leading word that looks like a code is
    the code, the rest the name (``C50.9 乳腺恶性肿瘤``, ``c50.9``, ``乳腺恶性肿瘤``)."""
    parts = " ".join(text.split()).split(" ", 1)
    if parts and _ICD10.match(parts[0]):
        name = parts[1].strip() if len(parts) > 1 else ""
        return parts[0].upper(), name or None
    text = " ".join(text.split())
    return None, text or None


def disease_completer(
    db: Database, line: QLineEdit, advance: Callable[[], None] | None = None
) -> ServiceCompleter:
    """ICD-10 diagnoses by code (``c50``) or Chinese name (``乳腺``); an entry's value is
    ``(code, name)``."""

    def fetch(text: str) -> list[Entry]:
        code, _name = split_disease(text)
        query = code if code and len(text.split()) > 1 else text
        with db.reader() as uow:
            return [(disease_text(c, n), (c, n)) for c, n in claims.diseases(uow, query, 30)]

    return ServiceCompleter(
        line, fetch, text_of=lambda v: disease_text(v[0], v[1]), advance=advance
    )


# --- members -------------------------------------------------------------------------------


def member_text(m: MemberRow) -> str:
    """A member as the list and the chosen field show them: name, masked ID, unit."""
    return "  ".join(p for p in (m.name, mask_id(m.id_number), m.unit_name or "") if p)


class MemberFinder(QObject):
    """The member field of the intake form. Type an ID prefix, a name or its pinyin initials
    and pick from the list; or let the ID card reader type all 18 characters and Enter, which
    takes that member at once. ``member_chosen(MemberRow | None)``."""

    member_chosen = Signal(object)

    def __init__(
        self,
        db: Database,
        line: QLineEdit,
        advance: Callable[[], None] | None = None,
        not_found: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(line)
        self.db = db
        self.line = line
        self.member: MemberRow | None = None
        self._advance = advance
        self._not_found = not_found
        self.completer = ServiceCompleter(
            line, self._fetch, text_of=member_text, advance=self._after_enter
        )
        self.completer.chosen.connect(self._on_chosen)
        line.textEdited.connect(self._on_edited)
        line.installEventFilter(self)

    def _fetch(self, text: str) -> list[Entry]:
        number = normalise(text)
        with self.db.reader() as uow:
            if len(number) == 18:
                row = members.find_by_id_number(uow, number)
                if row is not None:
                    return [(member_text(row), row)]
            ids = members.search_member_ids(uow, text, limit=20)
            return [(member_text(r), r) for r in members.member_rows(uow, ids)]

    def set_member(self, row: MemberRow | None) -> None:
        """Show ``row`` as chosen (reopening a draft) without moving on."""
        self.member = row
        self.line.setText(member_text(row) if row is not None else "")
        self.completer.hide()
        self.member_chosen.emit(row)

    def _on_edited(self, _text: str) -> None:
        if self.member is not None:
            self.member = None
            self.member_chosen.emit(None)

    def _on_chosen(self, row: Any) -> None:
        if isinstance(row, MemberRow):
            self.member = row
            self.member_chosen.emit(row)

    def _after_enter(self) -> None:
        if self.member is not None and self._advance is not None:
            self._advance()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        """Enter in the field itself (no list open): the exact ID, the only match, or say that
        nothing was found."""
        if obj is not self.line or event.type() != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        if event.key() not in _ENTER or event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            return False
        if self.member is not None:
            self._after_enter()  # already chosen: move on
            return True
        text = self.line.text().strip()
        found = self._fetch(text) if text else []
        if len(found) == 1:
            self.completer.take(found[0][1])
            self._after_enter()
        elif found:
            self.completer.update_list(text)
        elif self._not_found is not None:
            self._not_found(text)
        return True


def first_focusable(widgets: Sequence[QWidget]) -> QWidget | None:
    """The first of ``widgets`` that is visible, enabled and takes the Tab key."""
    for w in widgets:
        if w.isVisible() and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus:
            return w
    return None
