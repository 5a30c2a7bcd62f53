"""Printing from the window: a document shown in a preview before it goes to a printer.

- The documents are made by :mod:`desk_app.documents` (permission checked, audited, the same
  path as the command line's ``desk-app print``), on a worker thread, into memory: no copy of a
  member's data is left in a temporary folder.
- :class:`PdfPreviewDialog` shows the PDF with QtPdf (``QPdfDocument`` + ``QPdfView``) and
  prints it to any installed printer (``QPrintDialog``) or saves it as a file.
- :func:`print_pdf` draws each page on the printer as an image rendered by PDFium at the
  printer's resolution (at most :data:`MAX_DPI`), in bands, so a 600 dpi page never needs a
  140 MB image at once. It runs on a worker thread (QPainter on a QPrinter is thread-safe).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QIODevice,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QKeySequence, QPageLayout, QPageSize, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from base.errors import msg
from base.progress import Cancelled, Progress, report
from desk_app import documents
from desk_app.documents import Document, PrintError
from ui.context import AppContext
from ui.dialogs import fit_to_screen
from ui.messages import show_error

MAX_DPI = 600  # finer than any office laser prints; a band is then at most ~10 MB
BAND_ROWS = 512


# --- printing (worker thread) ----------------------------------------------------------------


def load_pdf(data: bytes) -> tuple[QPdfDocument, QBuffer]:
    """A QPdfDocument over ``data`` (in memory); keep the buffer as long as the document."""
    doc = QPdfDocument()
    buf = QBuffer()
    buf.setData(QByteArray(data))
    buf.open(QIODevice.OpenModeFlag.ReadOnly)
    doc.load(buf)
    if doc.status() != QPdfDocument.Status.Ready or doc.pageCount() < 1:
        raise PrintError(msg("文档无法读取，未能打印", "the document cannot be read"))
    return doc, buf


def _render_page(doc: QPdfDocument, page: int, painter: QPainter, printer: QPrinter) -> None:
    """Page ``page`` fitted into the paper, keeping its proportions, in bands."""
    res = printer.resolution()
    paper = printer.pageLayout().fullRectPixels(res)
    pt = doc.pagePointSize(page)
    scale = min(paper.width() / pt.width(), paper.height() / pt.height())
    target = QRectF(0, 0, pt.width() * scale, pt.height() * scale)
    dpi = min(res, MAX_DPI)
    img_w = max(1, round(pt.width() / 72 * dpi))
    img_h = max(1, round(pt.height() / 72 * dpi))
    per_px = target.height() / img_h  # device pixels per image row
    opts = QPdfDocumentRenderOptions()
    opts.setScaledSize(QSize(img_w, img_h))
    for y in range(0, img_h, BAND_ROWS):
        h = min(BAND_ROWS, img_h - y)
        opts.setScaledClipRect(QRect(0, y, img_w, h))
        band = doc.render(page, QSize(img_w, h), opts)
        painter.drawImage(
            QRectF(target.x(), target.y() + y * per_px, target.width(), h * per_px), band
        )


def print_pdf(
    data: bytes,
    printer: QPrinter,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> int:
    """Print every page of ``data`` on ``printer``; the number of pages. Cancelling stops at
    the next page and abandons the print job. Any thread."""
    doc, _buf = load_pdf(data)
    n = doc.pageCount()
    size = doc.pagePointSize(0)
    printer.setFullPage(True)
    printer.setPageSize(
        QPageSize(size, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
    )
    printer.setPageOrientation(
        QPageLayout.Orientation.Landscape
        if size.width() > size.height()
        else QPageLayout.Orientation.Portrait
    )
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintError(
            msg(
                "打印机 {p} 无法开始打印，请检查打印机是否开启、是否有纸",
                "the printer {p} could not start printing: is it on and has it paper?",
                p=printer.printerName() or printer.outputFileName(),
            )
        )
    try:
        for i in range(n):
            if cancel is not None and cancel.is_set():
                printer.abort()
                raise Cancelled()
            if i:
                printer.newPage()
            _render_page(doc, i, painter, printer)
            report(progress, (i + 1) / n, f"正在打印第 {i + 1}/{n} 页")
    finally:
        if painter.isActive():
            painter.end()
    return n


# --- the preview -----------------------------------------------------------------------------


def ask_printer(parent: QWidget) -> QPrinter | None:
    """The system's print dialog: any installed printer, copies, pages."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dlg = QPrintDialog(printer, parent)
    dlg.setOption(QPrintDialog.PrintDialogOption.PrintToFile, True)
    if dlg.exec() != QDialog.DialogCode.Accepted:
        return None
    return printer


def ask_save_path(parent: QWidget, suggested: str) -> str | None:
    title = QCoreApplication.translate("PdfPreviewDialog", "Save as PDF")
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, "PDF (*.pdf)")
    return path or None


class PdfPreviewDialog(QDialog):
    """A PDF on screen, to print (Ctrl+P) or save (Ctrl+S). PageUp/PageDown turn the pages,
    Ctrl++ / Ctrl+- zoom, Esc closes."""

    # Replaced in tests (no printer, no file dialog there).
    choose_printer: Callable[[QWidget], QPrinter | None] = staticmethod(ask_printer)
    choose_save_path: Callable[[QWidget, str], str | None] = staticmethod(ask_save_path)

    def __init__(self, ctx: AppContext, pdf: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfPreview")
        self.ctx = ctx
        self.pdf = pdf
        self.printed_pages = 0
        self.setWindowTitle(self.tr("Print preview — %1").replace("%1", pdf.title))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.document = QPdfDocument(self)
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(pdf.data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.print_button = QPushButton(self.tr("&Print…"))
        self.print_button.setToolTip(self.tr("Print on any installed printer (Ctrl+P)"))
        self.print_button.setAutoDefault(False)
        self.print_button.clicked.connect(self.print_document)
        self.save_button = QPushButton(self.tr("&Save as PDF…"))
        self.save_button.setToolTip(self.tr("Save the document as a PDF file (Ctrl+S)"))
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save_document)
        self.fit_button = QPushButton(self.tr("&Whole page"))
        self.fit_button.setCheckable(True)
        self.fit_button.setAutoDefault(False)
        self.fit_button.setToolTip(self.tr("Show whole pages or fit the width"))
        self.fit_button.toggled.connect(self._fit)
        close = QPushButton(self.tr("Close"))
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        self.pages_label = QLabel()
        self.pages_label.setObjectName("hint")
        self.status = QLabel()
        self.status.setObjectName("hint")
        # Shortcuts act at once (a button's own shortcut clicks it after an animation).
        for keys, slot in (("Ctrl+P", self.print_document), ("Ctrl+S", self.save_document)):
            QShortcut(QKeySequence(keys), self).activated.connect(slot)
        for keys, step in (("Ctrl++", 1.25), ("Ctrl+=", 1.25), ("Ctrl+-", 0.8)):
            sc = QShortcut(QKeySequence(keys), self)
            sc.activated.connect(lambda s=step: self._zoom(s))

        bar = QHBoxLayout()
        bar.addWidget(self.print_button)
        bar.addWidget(self.save_button)
        bar.addWidget(self.fit_button)
        bar.addSpacing(16)
        bar.addWidget(self.pages_label)
        bar.addStretch(1)
        bar.addWidget(self.status)
        bar.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.view, 1)
        self.view.pageNavigator().currentPageChanged.connect(self._show_page)
        self.document.statusChanged.connect(self._show_page)
        self._show_page()
        fit_to_screen(self, 900, 720)
        self.view.setFocus()

    def page_count(self) -> int:
        return self.document.pageCount()

    def _show_page(self, *_args: Any) -> None:
        if not (isValid(self) and isValid(self.document) and isValid(self.pages_label)):
            return  # the document says it unloads while the dialog is being destroyed
        n = self.document.pageCount()
        cur = self.view.pageNavigator().currentPage() + 1 if n else 0
        self.pages_label.setText(
            self.tr("Page %1 of %2").replace("%1", str(cur)).replace("%2", str(n))
        )

    def _fit(self, whole: bool) -> None:
        self.view.setZoomMode(
            QPdfView.ZoomMode.FitInView if whole else QPdfView.ZoomMode.FitToWidth
        )

    def _zoom(self, step: float) -> None:
        factor = self.view.zoomFactor()
        if self.view.zoomMode() != QPdfView.ZoomMode.Custom:
            factor = 1.0
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.25, min(4.0, factor * step)))

    def print_document(self) -> None:
        """Ask for a printer, then print on the task runner with progress and Cancel."""
        printer = type(self).choose_printer(self)
        if printer is None:
            return
        data = self.pdf.data
        self.print_button.setEnabled(False)
        self.status.setText(self.tr("Printing…"))

        def job(progress: Progress, cancel: threading.Event) -> int:
            return print_pdf(data, printer, progress=progress, cancel=cancel)

        self.ctx.runner.run(
            job,
            kind="net",
            title=self.tr("Printing %1").replace("%1", self.pdf.title),
            parent=self,
            done=self._printed,
            failed=self._failed,
            cancelled=self._cancelled,
        )

    def _printed(self, pages: int) -> None:
        self.printed_pages = pages
        self.print_button.setEnabled(True)
        text = self.tr("Sent to the printer: %1 page(s).").replace("%1", str(pages))
        self.status.setText(text)
        self.ctx.status(text)

    def _failed(self, exc: BaseException) -> None:
        self.print_button.setEnabled(True)
        self.status.setText(self.tr("Not printed."))
        show_error(self, exc, self.ctx.lang)

    def _cancelled(self) -> None:
        self.print_button.setEnabled(True)
        self.status.setText(self.tr("Printing cancelled."))

    def save_document(self) -> None:
        path = type(self).choose_save_path(self, self.pdf.file_name)
        if not path:
            return
        try:
            target = Path(path)
            tmp = target.with_name(target.name + ".part")
            tmp.write_bytes(self.pdf.data)
            tmp.replace(target)
        except OSError as exc:
            show_error(self, exc, self.ctx.lang)
            return
        self.status.setText(self.tr("Saved as %1").replace("%1", str(path)))


def preview_claim(ctx: AppContext, claim_id: int, parent: QWidget) -> None:
    """Make the claim's approval form or rejection notice and show it in a preview."""
    db, actor, lang = ctx.db, ctx.actor, ctx.lang
    preview(ctx, lambda: documents.claim_document(db, actor, claim_id, lang=lang), parent)


def preview_vouchers(ctx: AppContext, batch_nos: list[str], parent: QWidget) -> None:
    """Make the payment vouchers of enrollment batches and show them in a preview."""
    db, actor, lang = ctx.db, ctx.actor, ctx.lang
    preview(ctx, lambda: documents.vouchers(db, actor, batch_nos, lang=lang), parent)


def preview(ctx: AppContext, make: Callable[[], Document], parent: QWidget) -> None:
    """Make a document off the GUI thread, then show it in the preview (print, save)."""

    def job(_p: Progress, _c: threading.Event) -> Document:
        return make()

    def done(pdf: Document) -> None:
        PdfPreviewDialog(ctx, pdf, parent).open()

    ctx.runner.run(
        job,
        kind="net",
        title=QCoreApplication.translate("PdfPreviewDialog", "Preparing the document…"),
        parent=parent,
        done=done,
        failed=lambda e: show_error(parent, e, ctx.lang),
    )
