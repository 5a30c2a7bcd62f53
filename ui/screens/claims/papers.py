"""The claim's papers on the intake form (材料): the scheme's checklist as ticks the clerk
toggles with Space (↑↓ to move), each line saying whether the paper is required, whether the
original must be seen, and how many scans are attached. ``Ctrl+Shift+A`` attaches a scan to the
current line (from the document camera, or a picture or PDF file)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.claims.paper_state import PaperView
from desk_app.schemes.model import DocumentItem


class PapersBox(QWidget):
    """Ticks for the papers of the checklist; ``changed`` when the clerk toggles one."""

    changed = Signal()
    attach_requested = Signal(str)  # the item's code

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: tuple[DocumentItem, ...] = ()
        self._attached: dict[str, int] = {}
        self._loading = False
        self.label: QLabel | None = None  # the form's 材料 label: shown with the list
        self.list = QListWidget()
        self.list.setObjectName("claimPapers")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.itemChanged.connect(self._on_item)
        self.hint = QLabel(
            self.tr("Space ticks a paper as seen; Ctrl+Shift+A attaches a scan to it")
        )
        self.hint.setObjectName("hint")
        self.attach = QPushButton(self.tr("Attach scan…"))
        self.attach.setObjectName("claimAttach")
        self.attach.setToolTip(self.tr("Attach a scan to the paper (Ctrl+Shift+A)"))
        self.attach.clicked.connect(self._request)
        QShortcut(
            QKeySequence("Ctrl+Shift+A"),
            self,
            self._request,
            context=Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.hint, 1)
        row.addWidget(self.attach)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(self.list)
        box.addLayout(row)
        self.setVisible(False)

    # -- content --------------------------------------------------------------------------
    def set_items(
        self,
        items: Sequence[DocumentItem],
        seen: Sequence[str] = (),
        papers: Sequence[PaperView] = (),
    ) -> None:
        """Show ``items`` with ``seen`` ticked (ticks of codes still listed are kept when only
        the checklist changes: pass ``self.seen_codes()``)."""
        self.items = tuple(items)
        self._attached = {p.code: len(p.attachments) for p in papers}
        self._loading = True
        try:
            self.list.clear()
            for d in self.items:
                item = QListWidgetItem(self._text(d))
                item.setData(Qt.ItemDataRole.UserRole, d.code)
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsSelectable
                    | Qt.ItemFlag.ItemIsUserCheckable
                )
                item.setCheckState(
                    Qt.CheckState.Checked if d.code in seen else Qt.CheckState.Unchecked
                )
                self.list.addItem(item)
            if self.items:
                self.list.setCurrentRow(0)
                # As tall as its lines (up to six), so the receipts keep their room.
                rows = min(len(self.items), 6)
                frame = 2 * self.list.frameWidth()
                self.list.setFixedHeight(rows * self.list.sizeHintForRow(0) + frame + 2)
        finally:
            self._loading = False
        self.setVisible(bool(self.items))
        if self.label is not None:
            self.label.setVisible(bool(self.items))

    def _text(self, d: DocumentItem) -> str:
        need = self.tr("required") if d.required else self.tr("optional")
        what = self.tr("original") if d.original else self.tr("copy")
        text = f"{d.name}（{need} · {what}）"
        n = self._attached.get(d.code, 0)
        if n:
            text += self.tr(" — %1 scan(s) attached").replace("%1", str(n))
        return text

    def seen_codes(self) -> tuple[str, ...]:
        out = []
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return tuple(out)

    def current_code(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def set_read_only(self, read_only: bool) -> None:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not read_only:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        self._loading = True
        try:
            for i in range(self.list.count()):
                self.list.item(i).setFlags(flags)
        finally:
            self._loading = False
        self.attach.setEnabled(not read_only)

    # -- reactions ------------------------------------------------------------------------
    def _on_item(self, _item: QListWidgetItem) -> None:
        if not self._loading:
            self.changed.emit()

    def _request(self) -> None:
        code = self.current_code()
        if code is not None and self.attach.isEnabled():
            self.attach_requested.emit(code)
