"""Printing from the window: the preview shows the real approval form (or rejection notice),
printing sends every page to the printer — here a PDF-file printer, there is no paper in a
test — and a day's approval forms come out as one PDF."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from desk_app.claims import service
from tests.integration.claims_support import act, enter, inpatient, receipt, world
from tests.ui.test_claims_helpers import go_to, press, settle
from ui.printing import PdfPreviewDialog

__all__ = ["world"]
ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def approved(w: Any, invoice: str, day: int, member: str = "li") -> Any:
    member_id, enrollment = (w.li, w.li_qz) if member == "li" else (w.zhang, w.zhang_qz)
    claim = enter(
        w.db,
        w.clerk,
        inpatient(
            member_id,
            enrollment,
            date(2015, 7, day),
            date(2015, 7, day + 2),
            receipt(invoice, copay="900.00", fund_paid="2000.00"),
        ),
    )
    return act(w.db, service.approve, w.reviewer, claim.id)


def text_of(data: bytes) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages)


def preview_dialog() -> PdfPreviewDialog:
    return next(
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, PdfPreviewDialog) and w.isVisible()
    )


def review_list(qtbot: Any, win: Any, status: str) -> Any:
    go_to(qtbot, win, 4)
    screen = win.pages["review"].widgets["review"]
    screen.filters.show_status(status)
    screen.table.setFocus()
    return screen


def test_the_preview_shows_the_approval_form_as_a_pdf(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    claim = approved(world, "R-1", 1)
    win = make_window(world.reviewer)
    screen = review_list(qtbot, win, "approved")
    assert screen.table.current_id() == claim.id
    press(qtbot, win, Qt.Key.Key_P)
    dlg = preview_dialog()
    assert dlg.document.status() == QPdfDocument.Status.Ready
    assert dlg.page_count() >= 1 and dlg.pages_label.text().startswith("第 1 页")
    words = text_of(dlg.pdf.data)
    assert "审批表" in words and claim.approval_no in words
    dlg.close()


def test_a_rejected_claim_prints_its_rejection_notice(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    claim = enter(
        world.db,
        world.clerk,
        inpatient(
            world.li,
            world.li_qz,
            date(2015, 7, 1),
            date(2015, 7, 3),
            receipt("R-9", copay="100.00"),
        ),
    )
    act(world.db, service.reject, world.reviewer, claim.id, "incomplete_documents", "缺出院小结")
    win = make_window(world.reviewer)
    review_list(qtbot, win, "rejected")
    press(qtbot, win, Qt.Key.Key_P)
    dlg = preview_dialog()
    words = text_of(dlg.pdf.data)
    assert "不予给付通知书" in words and "缺出院小结" in words
    dlg.close()


def test_printing_sends_every_page_to_the_printer(
    qtbot: Any, make_window: Any, world: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    claim = approved(world, "R-1", 1)
    out = tmp_path / "printed.pdf"

    def pdf_printer(_parent: Any) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return printer

    monkeypatch.setattr(PdfPreviewDialog, "choose_printer", staticmethod(pdf_printer))
    win = make_window(world.reviewer)
    review_list(qtbot, win, "approved")
    press(qtbot, win, Qt.Key.Key_P)
    dlg = preview_dialog()
    settle(dlg)
    qtbot.keyClick(dlg.view, Qt.Key.Key_P, CTRL)
    assert dlg.printed_pages == dlg.page_count() >= 1
    printed = QPdfDocument()
    printed.load(str(out))
    assert printed.pageCount() == dlg.page_count()
    assert round(printed.pagePointSize(0).width()) == 595  # A4, as the form
    page: QImage = printed.render(0, printed.pagePointSize(0).toSize())
    inked = sum(
        1
        for x in range(0, page.width(), 4)
        for y in range(0, page.height(), 4)
        if page.pixelColor(x, y).alpha() > 0 and page.pixelColor(x, y).lightness() < 128
    )
    assert inked > 200, "the printed page is blank"
    assert dlg.status.text() == f"已送往打印机：{dlg.page_count()} 页。"
    assert claim.approval_no in text_of(dlg.pdf.data)
    dlg.close()


def test_the_approval_forms_of_a_day_come_out_as_one_pdf(
    qtbot: Any, make_window: Any, world: Any, monkeypatch: Any
) -> None:
    monkeypatch.setenv("DESK_APP_FAKE_NOW", "2015-08-31T15:00:00")
    earlier = approved(world, "R-0", 1, member="zhang")  # approved the day before
    monkeypatch.setenv("DESK_APP_FAKE_NOW", "2015-09-01T10:00:00")
    day = [
        approved(world, f"R-{i}", 3 + 5 * i, member)
        for i, member in enumerate(["li", "zhang", "li"], start=1)
    ]
    win = make_window(world.clerk)
    go_to(qtbot, win, 3)
    page = win.pages["claims"]
    screen = page.widgets["print_day"]
    page.tabs.setCurrentWidget(screen)
    screen.day.setFocus()
    screen.day.selectAll()
    qtbot.keyClicks(screen.day, "2015-09-01")
    qtbot.keyClick(screen.day, Qt.Key.Key_Return)  # 列出
    assert [v.approval_no for v in screen.views] == [c.approval_no for c in day]
    press(qtbot, win, Qt.Key.Key_P, CTRL)
    dlg = preview_dialog()
    words = text_of(dlg.pdf.data)
    assert all(c.approval_no in words for c in day)
    assert earlier.approval_no not in words
    assert dlg.pdf.forms == 3 and dlg.page_count() >= 3
    dlg.close()


def test_a_form_made_in_the_window_is_audited_like_one_printed_from_the_command_line(
    qtbot: Any, make_window: Any, world: Any
) -> None:
    """The window and ``desk-app print`` make documents the same way: who made which form,
    from where, and whether the ID was in full, is in the audit log."""
    from sqlalchemy import select

    from db.models import AuditEntry

    claim = approved(world, "R-AUD", 3)
    win = make_window(world.reviewer)
    review_list(qtbot, win, "approved")
    press(qtbot, win, Qt.Key.Key_P)
    preview_dialog().close()
    with world.db.reader() as uow:
        rows = [
            (r.login, r.target, r.detail["via"])
            for r in uow.session.scalars(
                select(AuditEntry).where(AuditEntry.action == "print.approval")
            )
        ]
    assert rows == [(world.reviewer.login, f"claim:{claim.claim_no}", "window")]
