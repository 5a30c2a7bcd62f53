"""A walk through the claim screens with sample claims, for ``scripts/screenshots.py``: a
two-receipt stay typed into the intake form with its live 计算过程, the review queue, a claim
opened for review, the print preview of an approval form, the day's forms, the settlement
import. It stores claims, so it is only for a throw-away desk (the screenshot script's)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from base.clock import today
from desk_app.access.auth import Actor, Perm
from desk_app.claims import service as claims
from desk_app.claims.model import ClaimInput, ReceiptInput
from desk_app.documents import claim_document
from desk_app.people import members
from desk_app.people.members import EnrollmentRow, MemberRow
from ui.printing import PdfPreviewDialog
from ui.widgets.receipt_grid import FIELDS

Save = Callable[[QWidget, str], None]
D = Decimal


def _someone(win: Any, day: date, skip: set[int]) -> tuple[MemberRow, EnrollmentRow] | None:
    """A member with exactly one enrollment covering ``day`` (the first found)."""
    with win.ctx.db.reader() as uow:
        for member_id in members.search_member_ids(uow, "", limit=400):
            if member_id in skip:
                continue
            rows = claims.covering_enrollments(uow, member_id, day)
            if len(rows) == 1:
                return members.member_rows(uow, [member_id])[0], rows[0]
    return None


def _receipts(hospital: str, n: int) -> list[ReceiptInput]:
    first = ReceiptInput(
        f"ZY{n:04d}-{day_code()}",
        hospital,
        D("13000.00"),
        fund_paid=D("10712.01"),
        deductible=D("800.00"),
        copay=D("1487.99"),
    )
    second = ReceiptInput(
        f"MZ{n:04d}-{day_code()}",
        hospital,
        D("2460.50"),
        fund_paid=D("1200.00"),
        copay=D("860.50"),
        self_funded=D("400.00"),
    )
    return [first, second]


def day_code() -> str:
    return f"{today():%m%d}"


def tour(win: Any, save: Save, clerk: Actor | None) -> None:
    """Fill and photograph the claim screens of ``win`` (a reviewer's window)."""
    ctx = win.ctx
    if not ctx.can(Perm.CLAIMS):
        return
    day = today() - timedelta(days=12)
    found = _someone(win, day, set())
    if found is None:
        return
    member, enrollment = found
    with ctx.db.reader() as uow:
        hospital = (claims.hospitals(uow, "", 1) or ["人民医院"])[0]
        disease = (claims.diseases(uow, "C50", 1) or [("C50.9", "乳房恶性肿瘤")])[0]

    win.navigate("claims")
    screen = win.pages["claims"].widgets["claims"]
    form = screen.form
    form.finder.set_member(member)
    form.dates["admission"].set_value(day - timedelta(days=9))
    form.dates["discharge"].set_value(day)
    form.enrollment.setCurrentIndex(max(0, form.enrollment.findData(enrollment.id)))
    form.hospital.setText(hospital)
    form.disease_completer.take(disease)
    for row, r in enumerate(_receipts(hospital, 1)):
        for col, f in enumerate(FIELDS):
            value = getattr(r, f)
            text = "" if f == "hospital" else (str(value) if value else "")
            form.receipts.setData(form.receipts.index(row, col), text)
    screen.run_preview()
    save(win, "03-理赔受理-录入两张票据")
    # The same form at 125 % scaling of a 1366×768 screen (1093×614 logical pixels).
    size = win.size()
    win.resize(1093, 614)
    save(win, "03-理赔受理-录入两张票据-125%")
    win.resize(size)

    # Claims entered by the clerk, for the reviewer's queue.
    ids: list[int] = []
    if clerk is not None:
        data = form.to_input()
        skip = {member.id}
        inputs: list[ClaimInput] = [data] if data is not None else []
        for n in (2, 3):
            other = _someone(win, day - timedelta(days=n * 3), skip)
            if other is None:
                break
            skip.add(other[0].id)
            inputs.append(
                ClaimInput(
                    member_id=other[0].id,
                    enrollment_id=other[1].id,
                    kind="inpatient",
                    admission=day - timedelta(days=n * 3 + 5),
                    discharge=day - timedelta(days=n * 3),
                    hospital=hospital,
                    disease_code=disease[0],
                    receipts=tuple(_receipts(hospital, n)),
                )
            )
        for data in inputs:
            with ctx.db.uow() as uow:
                saved = claims.save_draft(uow, clerk, data)
                claims.submit(uow, clerk, saved.value.id)
                uow.commit()
                ids.append(saved.value.id)
    screen.new_claim(ask=False)

    win.navigate("review")
    review = win.pages["review"].widgets["review"]
    review.refresh()
    save(win, "04-审核审批-待审核队列")
    if ids:
        review.open_claim(ids[0])
        save(win, "04-审核审批-审核申请")
        review.back()
        with ctx.db.uow() as uow:
            claims.approve(uow, ctx.actor, ids[0])
            uow.commit()
        dlg = PdfPreviewDialog(ctx, claim_document(ctx.db, ctx.actor, ids[0], lang=ctx.lang), win)
        dlg.show()  # (sized to fit the window: ui.dialogs.fit_to_screen)
        for _ in range(40):  # the view renders its pages on a thread
            QTest.qWait(50)
        save(dlg, "05-打印预览-审批表")
        dlg.close()

    page = win.pages["claims"]
    if page.tabs is not None:
        for sid, name in (
            ("settlement_import", "03-理赔受理-结算数据导入"),
            ("print_day", "03-理赔受理-审批表打印"),
        ):
            w = page.widgets.get(sid)
            if w is not None:
                win.navigate("claims")
                page.tabs.setCurrentWidget(w)
                save(win, name)
        page.tabs.setCurrentIndex(0)
