"""The reviewer and the claim's papers: D opens the scans beside the calculation (pictures shown,
a PDF in Qt's PDF view), B sends a submitted claim back to the clerk for a missing or unreadable
paper with the reason (退回补件)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, Qt
from PySide6.QtGui import QAction, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from base.changes import Done
from desk_app.claims import papers as paper_service
from desk_app.claims import service as claims
from desk_app.claims.model import ClaimView
from ui.context import AppContext
from ui.dialogs import FormDialog


class PapersViewer(QDialog):
    """The claim's scans, one after the other: ↑↓ in the list, the page beside it."""

    def __init__(self, ctx: AppContext, claim: ClaimView, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("papersViewer")
        self.setWindowTitle(self.tr("Papers of claim %1").replace("%1", claim.claim_no))
        self.ctx = ctx
        self.entries: list[tuple[str, Any]] = []
        for p in claim.papers:
            for a in p.attachments:
                self.entries.append((p.name, a))
        self.list = QListWidget()
        self.list.setMaximumWidth(260)
        for name, a in self.entries:
            self.list.addItem(f"{name} · {a.source_name or a.mime}")
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        scroll = QScrollArea()
        scroll.setWidget(self.image)
        scroll.setWidgetResizable(True)
        self.pdf_holder = QLabel()
        self.pdf_holder.setWordWrap(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(scroll)
        self.stack.addWidget(self.pdf_holder)
        self.empty = QLabel(self.tr("No scan is attached to this claim."))
        row = QHBoxLayout()
        row.addWidget(self.list)
        row.addWidget(self.stack, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.empty)
        lay.addLayout(row, 1)
        lay.addWidget(buttons)
        self.empty.setVisible(not self.entries)
        self.list.currentRowChanged.connect(self.show_entry)
        if self.entries:
            self.list.setCurrentRow(0)
        self.list.setFocus()
        self.resize(980, 680)

    def show_entry(self, row: int) -> None:
        if not 0 <= row < len(self.entries):
            return
        _name, a = self.entries[row]
        with self.ctx.db.reader() as uow:
            mime, data = paper_service.content(uow, self.ctx.actor, a.sha256)
        if mime == "application/pdf":
            self._show_pdf(data)
            return
        pix = QPixmap()
        pix.loadFromData(data)
        self.image.setPixmap(
            pix.scaledToHeight(
                max(400, self.height() - 120), Qt.TransformationMode.SmoothTransformation
            )
        )
        self.stack.setCurrentIndex(0)

    def _show_pdf(self, data: bytes) -> None:
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView

        self._pdf_bytes = QByteArray(data)
        self._pdf_buffer = QBuffer(self._pdf_bytes, self)
        self._pdf_buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._pdf = QPdfDocument(self)
        self._pdf.load(self._pdf_buffer)
        view = QPdfView(self)
        view.setDocument(self._pdf)
        old = self.stack.widget(2)
        if old is not None:
            self.stack.removeWidget(old)
            old.deleteLater()
        self.stack.addWidget(view)
        self.stack.setCurrentIndex(2)


class SendBackDialog(FormDialog):
    """退回补件: which paper is missing or unreadable, in words the clerk passes on."""

    def __init__(self, ctx: AppContext, claim: ClaimView, parent: QWidget | None) -> None:
        super().__init__(
            parent,
            self.tr("Send claim %1 back for papers").replace("%1", claim.claim_no),
            self.tr("Send back"),
        )
        self.setObjectName("sendBackDialog")
        self.ctx = ctx
        self.claim = claim
        self.result_view: ClaimView | None = None
        self.text = QLineEdit()
        self.text.setObjectName("sendBackReason")
        self.text.setMaxLength(200)
        missing = [p.name for p in claim.papers if p.state != "attached" and p.required]
        if missing:
            self.text.setText(self.tr("Please bring: %1").replace("%1", "、".join(missing)))
        self.form.addRow(self.tr("&Which paper:"), self.text)
        self.finish([self.text])

    def submit(self) -> None:
        actor, claim_id, words = self.ctx.actor, self.claim.id, self.text.text()
        self.submit_op(
            self.ctx, lambda uow: claims.send_back(uow, actor, claim_id, words), self._done
        )

    def _done(self, result: Done[ClaimView]) -> None:
        self.result_view = result.value
        self.accept()


def install(screen: Any) -> list[QPushButton]:
    """Add D (papers) and B (send back) to the review screen; the buttons for its bar."""
    out = []
    for name, text, key, slot in (
        (
            "papers",
            QCoreApplication.translate("ReviewPapers", "Papers"),
            "D",
            lambda: show_papers(screen),
        ),
        (
            "send_back",
            QCoreApplication.translate("ReviewPapers", "Send back for papers"),
            "B",
            lambda: send_back(screen),
        ),
    ):
        a = QAction(f"{text}\t{key}", screen)
        a.setShortcut(QKeySequence(key))
        a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        a.triggered.connect(slot)
        screen.addAction(a)
        screen.acts[name] = a
        b = QPushButton(f"{text} ({key})")
        b.setObjectName(f"review_{name}")
        b.setAutoDefault(False)
        b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        b.clicked.connect(slot)
        screen.buttons[name] = b
        out.append(b)
    return out


def show_papers(screen: Any) -> None:
    v = screen.current_view()
    if v is None:
        screen.say(QCoreApplication.translate("ReviewPapers", "Choose a claim first."), error=True)
        return
    viewer = PapersViewer(screen.ctx, v, screen)
    viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    viewer.open()
    viewer.activateWindow()
    viewer.list.setFocus()


def send_back(screen: Any) -> None:
    v = screen._refused("reject")  # the same rules: a reviewer, a submitted claim, not their own
    if v is None:
        return
    dlg = SendBackDialog(screen.ctx, v, screen)

    def sent() -> None:
        r = dlg.result_view
        if r is not None:
            screen._after_decision(
                r,
                QCoreApplication.translate(
                    "ReviewPapers", "Claim %1 sent back to the clerk for papers."
                ).replace("%1", r.claim_no),
            )

    dlg.accepted.connect(sent)
    dlg.open()
