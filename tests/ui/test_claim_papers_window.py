"""The papers on the intake screen: the scheme's checklist as ticks toggled with Space, submit
held back until the required papers are ticked, the reviewer reading which were only ticked;
the scan dialog taking frames through the same pipeline as files."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QDialog

from desk_app.claims import papers, service
from tests.integration.claims_support import act, view, world
from tests.integration.test_claim_archive import a_pdf
from tests.integration.test_claim_papers import claim_input, papered, picture
from tests.ui.test_claims_helpers import focused, settle
from tests.ui.test_claims_intake import (
    choose_member_and_dates,
    hospital_and_diagnosis,
    id_of,
    open_intake,
    type_receipt,
)
from tests.ui.test_review import key, open_review

__all__ = ["papered", "world"]
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def test_required_papers_are_ticked_with_space_before_the_claim_goes_to_review(
    qtbot: Any, make_window: Any, papered: Any
) -> None:
    world, wang, enrollment = papered
    win = make_window(world.clerk)
    screen = open_intake(qtbot, win)
    form = screen.form
    choose_member_and_dates(qtbot, screen, id_of(world.db, wang), "2015-07-01", "2015-07-11")
    # One enrollment covers the stay: chosen by itself, and its scheme's checklist shows.
    assert form.enrollment_id() == enrollment
    assert form.papers.isVisible()
    assert [form.papers.list.item(i).text() for i in range(3)] == [
        "出院记录（必备 · 复印件）",
        "住院收费票据（必备 · 原件）",
        "银行卡复印件（可选 · 复印件）",
    ]
    hospital_and_diagnosis(qtbot, screen, "衢州市人", "K80.2")
    assert focused() is form.grid
    type_receipt(
        qtbot, form.grid, "INV-W1", "10000", fund_paid="6500", deductible="500", copay="3000"
    )
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)  # Ctrl+Enter: refused, nothing missing
    settle(win)
    assert screen.claim is None or screen.claim.status == "draft"
    assert any("缺少材料：出院记录" in t for t in screen.board.texts()), screen.board.texts()

    qtbot.keyClick(focused(), Qt.Key.Key_A, ALT)  # 材料(&A)
    assert focused() is form.papers.list
    qtbot.keyClick(form.papers.list, Qt.Key.Key_Space)
    qtbot.keyClick(form.papers.list, Qt.Key.Key_Down)
    qtbot.keyClick(form.papers.list, Qt.Key.Key_Space)
    assert form.papers.seen_codes() == ("discharge_record", "invoice")
    qtbot.keyClick(focused(), Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: screen.claim is not None and screen.claim.status == "submitted")
    stored = view(world.db, screen.claim.id)
    assert {p.code: p.state for p in stored.papers} == {
        "discharge_record": "seen",
        "invoice": "seen",
        "bank_card": "missing",
    }


def test_the_reviewer_reads_which_papers_were_only_ticked(
    qtbot: Any, make_window: Any, papered: Any
) -> None:
    world, wang, enrollment = papered
    draft = act(
        world.db,
        service.save_draft,
        world.clerk,
        claim_input(wang, enrollment, papers=("discharge_record",)),
    )
    act(world.db, papers.attach, world.clerk, draft.id, "invoice", picture())
    act(world.db, service.submit, world.clerk, draft.id)
    win = make_window(world.reviewer)
    screen = open_review(qtbot, win)
    assert screen.table.current_id() == draft.id
    key(qtbot, screen, Qt.Key.Key_Return)  # open
    assert screen.page.claim.id == draft.id
    text = screen.page.details.text()
    assert "出院记录（必备）：仅由 王经办 勾选已核验，未附扫描件" in text
    assert "住院收费票据（必备）：已附扫描件 1 份" in text
    assert "银行卡复印件（可选）：未提供" in text


def test_the_scan_dialog_takes_frames_and_files_through_one_pipeline(
    qtbot: Any, zh: str, tmp_path: Any
) -> None:
    from ui.screens.claims.capture import CaptureDialog

    dialog = CaptureDialog("出院记录")
    qtbot.addWidget(dialog)
    # No camera on a test machine: the dialog says so and the files still work.
    assert "高拍仪" in dialog.status.text()
    frame = QImage(800, 1100, QImage.Format.Format_RGB32)
    frame.fill(QColor("white"))
    dialog.add_image(frame)
    page = tmp_path / "扫描.png"
    frame.save(str(page))
    dialog.add_file(page)
    dialog.add_file(tmp_path / "missing.png")
    assert "无法读取" in dialog.status.text()
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    names = [n for n, _ in dialog.pages]
    assert names == ["第 1 张", "扫描.png"]
    assert all(data.startswith(b"\x89PNG") for _, data in dialog.pages)
    assert papers.prepare(dialog.pages[0][1]).mime == "image/jpeg"
    assert QApplication.activeModalWidget() is None


def test_r_turns_the_last_shot_a_quarter(qtbot: Any, zh: str) -> None:
    """An upside-down page (its lines cannot tell): the clerk presses R twice."""
    from ui.screens.claims.capture import CaptureDialog

    dialog = CaptureDialog("出院记录")
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    frame = QImage(800, 1100, QImage.Format.Format_RGB32)
    frame.fill(QColor("white"))
    frame.setPixelColor(0, 0, QColor("black"))  # the top-left corner, to follow it
    dialog.add_image(frame)
    qtbot.keyClick(dialog, Qt.Key.Key_R)
    turned = QImage.fromData(dialog.pages[0][1])
    assert (turned.width(), turned.height()) == (1100, 800)
    assert turned.pixelColor(1099, 0) == QColor("black")  # a quarter clockwise
    assert "已旋转" in dialog.shots.item(0).text()
    qtbot.keyClick(dialog, Qt.Key.Key_R)
    turned = QImage.fromData(dialog.pages[0][1])
    assert turned.pixelColor(799, 1099) == QColor("black")  # upside down, as asked
    dialog.reject()


def test_the_reviewer_opens_the_scans_and_sends_the_claim_back_with_the_keyboard(
    qtbot: Any, make_window: Any, papered: Any
) -> None:
    world, wang, enrollment = papered
    draft = act(
        world.db,
        service.save_draft,
        world.clerk,
        claim_input(wang, enrollment, papers=("invoice",)),
    )
    act(world.db, papers.attach, world.clerk, draft.id, "invoice", picture())
    act(
        world.db,
        papers.attach,
        world.clerk,
        draft.id,
        "discharge_record",
        a_pdf(),
        source_name="出院小结.pdf",
    )
    act(world.db, service.submit, world.clerk, draft.id)
    win = make_window(world.reviewer)
    screen = open_review(qtbot, win)
    key(qtbot, screen, Qt.Key.Key_Return)  # open the claim

    from ui.screens.review.papers import PapersViewer, SendBackDialog

    key(qtbot, screen, Qt.Key.Key_D)
    viewer = QApplication.activeModalWidget()
    assert isinstance(viewer, PapersViewer)
    assert [viewer.list.item(i).text() for i in range(viewer.list.count())] == [
        "出院记录 · 出院小结.pdf",
        "住院收费票据 · image/jpeg",
    ]
    assert viewer.stack.currentIndex() == 2  # the PDF, in Qt's PDF view
    qtbot.waitUntil(lambda: QApplication.focusWidget() is viewer.list)
    qtbot.keyClick(viewer.list, Qt.Key.Key_Down)
    assert viewer.list.currentRow() == 1, (viewer.list.currentRow(), QApplication.focusWidget())
    assert viewer.stack.currentIndex() == 0
    assert not viewer.image.pixmap().isNull()
    qtbot.keyClick(viewer.list, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)

    key(qtbot, screen, Qt.Key.Key_B)
    dlg = QApplication.activeModalWidget()
    assert isinstance(dlg, SendBackDialog)
    assert "请补交：出院记录" in dlg.text.text() or dlg.text.text() == ""
    dlg.text.setText("出院小结不清楚，请补交原件")
    qtbot.keyClick(dlg.text, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view(world.db, draft.id).status == "draft")
    assert "出院小结不清楚" in (view(world.db, draft.id).note or "")
