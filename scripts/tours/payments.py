"""The month-end screens with content, for ``scripts/screenshots.py``: claims entered by the
clerk and approved by the signed-in reviewer through the real services, one batch paid (with a
reversal asked for on one of its claims), one batch open with its lists written, more claims
waiting; then 给付 is photographed with its dialogs. It stores claims and payments, so it is only
for a throw-away desk (the screenshot script's)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from base.clock import today
from desk_app.access.auth import Actor, Perm
from desk_app.claims import service as claims
from desk_app.claims.model import ClaimInput, ReceiptInput
from desk_app.payments import service as payments
from desk_app.people import members

Save = Callable[[QWidget, str], None]
D = Decimal


def _members(win: Any, day: date, n: int) -> list[tuple[int, int, bool]]:
    """Up to ``n`` members with one enrollment covering ``day``: (member, enrollment, has an
    account), those without an account first among the first few so the list shows them."""
    found: list[tuple[int, int, bool]] = []
    with win.ctx.db.reader() as uow:
        for member_id in members.search_member_ids(uow, "", limit=600):
            rows = claims.covering_enrollments(uow, member_id, day)
            if len(rows) != 1:
                continue
            detail = members.get_member(uow, member_id)
            found.append((member_id, rows[0].id, bool(detail.bank_account)))
            if len(found) >= n * 3:
                break
    without = [f for f in found if not f[2]][:2]
    with_account = [f for f in found if f[2]]
    return (with_account[:3] + without + with_account[3:])[:n]


def _claim(member_id: int, enrollment_id: int, day: date, n: int, hospital: str) -> ClaimInput:
    total = D(4000 + 731 * n)
    fund = (total * D("0.62")).quantize(D("0.01"))
    deductible = D("800.00")
    copay = total - fund - deductible
    return ClaimInput(
        member_id=member_id,
        enrollment_id=enrollment_id,
        kind="inpatient",
        admission=day - timedelta(days=5 + n % 4),
        discharge=day,
        hospital=hospital,
        disease_code=("K80.2", "I63.9", "C50.9", "J18.9", "N20.0")[n % 5],
        receipts=(
            ReceiptInput(
                f"ZF{n:04d}-{today():%m%d}",
                hospital,
                total,
                fund_paid=fund,
                deductible=deductible,
                copay=copay,
            ),
        ),
    )


def make_claims(win: Any, clerk: Actor, n: int, start: int) -> list[int]:
    """``n`` claims entered by ``clerk`` and approved by the window's reviewer."""
    ctx = win.ctx
    day = today() - timedelta(days=20)
    with ctx.db.reader() as uow:
        hospital = (claims.hospitals(uow, "", 1) or ["人民医院"])[0]
    ids: list[int] = []
    for i, (member_id, enrollment_id, _acct) in enumerate(_members(win, day, n)):
        data = _claim(member_id, enrollment_id, day - timedelta(days=i), start + i, hospital)
        with ctx.db.uow() as uow:
            saved = claims.save_draft(uow, clerk, data).value
            submitted = claims.submit(uow, clerk, saved.id).value
            uow.commit()
        if submitted.calc is None or submitted.calc.status != "payable":
            continue
        with ctx.db.uow() as uow:
            claims.approve(uow, ctx.actor, saved.id)
            uow.commit()
        ids.append(saved.id)
    return ids


def prepare(win: Any, clerk: Actor) -> tuple[int | None, Path]:
    """A paid batch with a reversal asked for, an open batch with its lists, claims waiting.
    Returns the open batch and the folder the lists went to."""
    ctx = win.ctx
    folder = Path(tempfile.mkdtemp(prefix="desk-lists-"))
    paid = make_claims(win, clerk, 5, 100)
    if paid:
        with ctx.db.uow() as uow:
            batch = payments.create_batch(uow, ctx.actor, today(), paid).value
            payments.write_lists(uow, ctx.actor, batch.id, folder)
            payments.confirm_paid(uow, ctx.actor, batch.id)
            uow.commit()
        with ctx.db.uow() as uow:
            payments.reverse_payment(uow, ctx.actor, paid[0], D("200.00"), "票据重复报销，追回")
            uow.commit()
    listed = make_claims(win, clerk, 4, 200)
    open_id = None
    if listed:
        with ctx.db.uow() as uow:
            batch = payments.create_batch(uow, ctx.actor, today(), listed, reversal_ids=()).value
            payments.write_lists(uow, ctx.actor, batch.id, folder)
            uow.commit()
        open_id = batch.id
    make_claims(win, clerk, 9, 300)
    return open_id, folder


def tour(win: Any, save: Save, clerk: Actor | None) -> None:
    """Fill and photograph 给付 of ``win`` (a reviewer's window)."""
    from ui.screens.payments.batches import reversed_before
    from ui.screens.payments.dialogs import ConfirmPaidDialog, ReversalDialog

    ctx = win.ctx
    if clerk is None or not ctx.can(Perm.PAY):
        return
    open_id, _folder = prepare(win, clerk)
    win.navigate("payments")
    screen = win.pages["payments"].widgets["payments"]
    screen.refresh()
    screen.tabs.setCurrentIndex(0)
    screen.payable.table.setFocus()
    save(win, "05-给付-待给付")
    screen.show_batches(open_id)
    save(win, "05-给付-给付批次")
    b = screen.batches.current_batch()
    if b is not None and b.status == "open":
        dlg = ConfirmPaidDialog(ctx, b, [], win)
        dlg.show()
        dlg.adjustSize()
        save(dlg, "05-给付-确认已付款")
        dlg.close()
    with ctx.db.reader() as uow:
        paid = next((x for x in payments.list_batches(uow) if x.status == "paid"), None)
        rows = payments.batch_rows(uow, paid.id) if paid is not None else []
    first = next((r for r in rows if r.kind == "payment"), None)
    if first is not None:
        screen.show_batches(paid.id if paid else None)
        save(win, "05-给付-已付款批次")
        rdlg = ReversalDialog(ctx, first, win, already=reversed_before(ctx, first.claim_id))
        rdlg.show()
        rdlg.adjustSize()
        save(rdlg, "05-给付-冲正")
        rdlg.close()
    screen.tabs.setCurrentIndex(0)
