"""The electronic archive from the window: Shift+P on the claim page prints the approval form
with its scanned papers as an annex (the preview's PDF read back), and 报表 › 月报 writes the
month's archive, one PDF per paid claim, into the folder picked (Ctrl+Shift+E); both audited."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from PySide6.QtCore import Qt
from sqlalchemy import select

from db.models import AuditEntry
from desk_app.claims import papers, service
from tests.integration.claims_support import act, mark_paid, world
from tests.integration.test_claim_archive import approved_with_papers, pages_text
from tests.integration.test_claim_papers import claim_input, papered, picture
from tests.ui.test_claims_helpers import press, settle
from tests.ui.test_print import preview_dialog, review_list
from tests.ui.test_reports import open_reports

__all__ = ["papered", "world"]
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def audit_entries(world: Any, action: str) -> list[tuple[str | None, str | None]]:
    """(login, target) of each audit entry of ``action``, oldest first."""
    with world.db.reader() as uow:
        rows = uow.session.execute(
            select(AuditEntry.login, AuditEntry.target)
            .where(AuditEntry.action == action)
            .order_by(AuditEntry.id)
        )
        return [(r.login, r.target) for r in rows]


def test_shift_p_prints_the_approval_form_with_its_papers_as_an_annex(
    qtbot: Any, make_window: Any, papered: Any
) -> None:
    world, wang, enrollment = papered
    number = approved_with_papers(world, wang, enrollment)
    win = make_window(world.reviewer)
    screen = review_list(qtbot, win, "approved")
    press(qtbot, win, Qt.Key.Key_Return)  # open the claim
    qtbot.waitUntil(lambda: screen.page.claim is not None)
    assert "Shift+P" in screen.buttons["print"].toolTip()
    before = len(audit_entries(world, "print.approval"))

    press(qtbot, win, Qt.Key.Key_P, SHIFT)
    qtbot.waitUntil(lambda: any(True for _ in _previews()), timeout=10000)
    dlg = preview_dialog()
    pages = pages_text(dlg.pdf.data)
    assert dlg.page_count() == len(pages)
    assert len(PdfReader(io.BytesIO(dlg.pdf.data)).pages) == len(pages)
    annex = [p for p in pages if "附件" in p]
    assert len(annex) == 3, pages
    assert "附件 1/3：出院记录" in annex[0]
    assert "出院小结.pdf" in annex[1]
    assert "附件 3/3：住院收费票据" in annex[2]
    assert number in pages[0] or "审批编号" in pages[0]
    entries = audit_entries(world, "print.approval")
    assert len(entries) == before + 1 and entries[-1] == ("reviewer", f"claim:{number}")
    dlg.close()
    settle(win)

    # P alone still prints the form without its papers.
    press(qtbot, win, Qt.Key.Key_P)
    qtbot.waitUntil(lambda: any(True for _ in _previews()), timeout=10000)
    plain = preview_dialog()
    assert not any("附件" in p for p in pages_text(plain.pdf.data))
    assert len(pages_text(plain.pdf.data)) == len(pages) - 3
    plain.close()


def _previews() -> Any:
    from PySide6.QtWidgets import QApplication

    from ui.printing import PdfPreviewDialog

    return (
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, PdfPreviewDialog) and w.isVisible()
    )


def test_the_months_archive_is_written_from_the_monthly_return_screen(
    qtbot: Any, make_window: Any, papered: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    world, wang, enrollment = papered
    number = approved_with_papers(world, wang, enrollment)
    with world.db.reader() as uow:
        claim_id = service.get_claim(uow, number).id
    mark_paid(world.db, world.reviewer, claim_id, tmp_path)  # paid on the desk's day, 2015-09-01
    folder = tmp_path / "档案"
    folder.mkdir()
    import ui.screens.reports.archive as ra

    asked: list[str] = []

    def answer(_parent: Any, title: str, _start: str) -> str:
        asked.append(title)
        return str(folder)

    monkeypatch.setattr(ra, "ask_folder", answer)
    win = make_window(world.reviewer)
    screen = open_reports(qtbot, win)
    assert screen.archive.button.isVisible()
    assert "Ctrl+Shift+E" in screen.archive.button.text()

    # A month without paid claims: refused in words, nothing written, nothing audited.
    screen.set_month("2015-08")
    press(qtbot, win, Qt.Key.Key_E, CTRL_SHIFT)
    qtbot.waitUntil(lambda: "没有已给付的申请" in screen.message.text(), timeout=10000)
    assert list(folder.iterdir()) == [] and audit_entries(world, "print.archive") == []

    screen.set_month("2015-09")
    screen.month.setFocus()
    press(qtbot, win, Qt.Key.Key_E, CTRL_SHIFT)
    qtbot.waitUntil(lambda: "2015-09" in screen.message.text(), timeout=20000)
    assert "电子档案" in screen.message.text(), screen.message.text()
    assert "2015-09" in asked[-1]
    assert sorted(p.name for p in folder.iterdir()) == [f"{number}.pdf"]
    pages = pages_text((folder / f"{number}.pdf").read_bytes())
    assert "附件 3/3：住院收费票据" in "\n".join(pages)
    assert "1" in screen.message.text() and str(folder) in screen.message.text()
    entries = audit_entries(world, "print.archive")
    assert entries == [("reviewer", "month:2015-09")]


def test_shift_p_on_a_rejected_claim_says_why_and_prints_nothing(
    qtbot: Any, make_window: Any, papered: Any
) -> None:
    world, wang, enrollment = papered
    ticked = claim_input(wang, enrollment, papers=("discharge_record",))
    draft = act(world.db, service.save_draft, world.clerk, ticked)
    act(world.db, papers.attach, world.clerk, draft.id, "invoice", picture())
    act(world.db, service.submit, world.clerk, draft.id)
    act(world.db, service.reject, world.reviewer, draft.id, "incomplete_documents", "缺出院记录")
    win = make_window(world.reviewer)
    screen = review_list(qtbot, win, "rejected")
    press(qtbot, win, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.page.claim is not None)
    before = audit_entries(world, "print.approval")
    press(qtbot, win, Qt.Key.Key_P, SHIFT)
    settle(win)
    assert "不予给付" in screen.message.text() and draft.claim_no in screen.message.text()
    assert not any(True for _ in _previews())
    assert audit_entries(world, "print.approval") == before
