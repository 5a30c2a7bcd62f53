"""The claim form's recovery copy (issue #12): what is on the intake form — the member, kind,
dates, scheme, hospital, diagnosis, note and every receipt cell as typed, an open cell editor
included — kept by a :class:`ui.widgets.recovery.FormKeeper` and put back exactly so after a
crash. Kept only while the form is editable and has unsaved changes: saving the draft,
submitting or clearing the form (Ctrl+N, discarding) deletes the copy.

Hooked onto the screen from outside (:func:`keep_claim_form`), so that the form's own modules
know nothing of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit

from desk_app.people import members
from ui.screens.claims.form import DATE_FIELDS
from ui.widgets.receipt_grid import FIELDS, ReceiptRow
from ui.widgets.recovery import FormKeeper

if TYPE_CHECKING:
    from ui.screens.claims.intake import ClaimIntakeScreen

FORM = "claim"
VERSION = 1


def keep_claim_form(screen: ClaimIntakeScreen) -> FormKeeper:
    """A keeper for the intake form of ``screen``; every edit, save, submit and clear reaches it."""
    keeper = FormKeeper(screen.ctx, FORM, lambda: snapshot(screen), screen)
    screen.form.changed.connect(keeper.changed)
    screen.form.receipts.dataChanged.connect(keeper.changed)
    # Saved, submitted, another claim opened, the form cleared: settled at once, so that a
    # crash just after a submit does not offer the submitted claim back.
    screen.actions_changed.connect(keeper.write_now)
    screen.ctx.hub.sig_changes.connect(keeper.write_now)
    return keeper


def _editor_text(screen: ClaimIntakeScreen) -> tuple[int, int, str] | None:
    grid = screen.form.grid
    if grid.state() != QAbstractItemView.State.EditingState:
        return None
    editor = QApplication.focusWidget()
    if not isinstance(editor, QLineEdit) or not grid.isAncestorOf(editor):
        return None
    index = grid.currentIndex()
    return index.row(), index.column(), editor.text()


def snapshot(screen: ClaimIntakeScreen) -> dict[str, Any] | None:
    """The form as typed, or None when there is nothing unsaved to keep."""
    if not screen.editable or not screen.dirty:
        return None
    form = screen.form
    rows = [dict(r.texts) for r in form.receipts.rows]
    editing = _editor_text(screen)
    if editing is not None:
        row, column, text = editing
        if 0 <= row < len(rows) and 0 <= column < len(FIELDS):
            rows[row][FIELDS[column]] = text
    receipts = [r for r in rows if any(v.strip() for v in r.values())]
    texts = {
        "member_text": form.member_line.text(),
        "hospital": form.hospital.text(),
        "disease_text": form.disease_line.text(),
        "note": form.note.text(),
    }
    dates = {f: form.dates[f].text() for f in DATE_FIELDS}
    member = form.member
    typed = [*texts.values(), *dates.values()]
    if member is None and not receipts and not any(t.strip() for t in typed):
        return None
    return {
        "version": VERSION,
        "claim_id": screen.claim.id if screen.claim is not None else None,
        "member_id": member.id if member is not None else None,
        "member_name": member.name if member is not None else "",
        "kind": form.kind_code(),
        "enrollment_id": form.enrollment_id(),
        "disease": list(form.disease),
        "receipts": receipts,
        "dates": dates,
        **texts,
    }


def summary(content: dict[str, Any]) -> str:
    """Whose claim and how many receipts, for the question at sign-in."""
    who = content.get("member_name") or content.get("member_text") or "?"
    return (
        QApplication.translate("Recovery", "%1, %2 receipt(s)")
        .replace("%1", str(who)[:40])
        .replace("%2", str(len(content.get("receipts") or [])))
    )


def restore(screen: ClaimIntakeScreen, content: dict[str, Any]) -> None:
    """Put a kept form back on ``screen`` as it was (the draft it belonged to reopened first)."""
    form = screen.form
    claim_id = content.get("claim_id")
    if isinstance(claim_id, int):
        screen._reload(claim_id)  # a draft being changed: reopened, then the typing laid over
    else:
        screen.new_claim(ask=False)
    if not screen.editable:
        screen.new_claim(ask=False)  # the draft was submitted meanwhile: typed as a new one
    member_id = content.get("member_id")
    member = None
    if isinstance(member_id, int):
        with screen.ctx.db.reader() as uow:
            found = members.member_rows(uow, [member_id])
        member = found[0] if found else None
    if member is not None:
        form.finder.set_member(member)
    else:
        form.finder.set_member(None)
        form.member_line.setText(str(content.get("member_text", "")))
    kind = form.kind.findData(content.get("kind"))
    if kind >= 0:
        form.kind.setCurrentIndex(kind)
    for f, text in dict(content.get("dates") or {}).items():
        if f in form.dates:
            form.dates[f].setText(str(text))
    enrollment = content.get("enrollment_id")
    form._fill_enrollments(keep=enrollment if isinstance(enrollment, int) else None)
    form.hospital.setText(str(content.get("hospital", "")))
    form.disease_line.setText(str(content.get("disease_text", "")))
    disease = content.get("disease") or [None, None]
    if isinstance(disease, list) and len(disease) == 2:
        form.disease = (disease[0], disease[1])
    form.note.setText(str(content.get("note", "")))
    _set_receipts(screen, list(content.get("receipts") or []))
    screen.dirty = True
    screen._update_totals()
    screen.schedule_preview()


def _set_receipts(screen: ClaimIntakeScreen, rows: list[Any]) -> None:
    model = screen.form.receipts
    model.beginResetModel()
    model.rows = []
    for r in rows:
        if isinstance(r, dict):
            row = ReceiptRow()
            for f in FIELDS:
                row.texts[f] = str(r.get(f, ""))
            model.rows.append(row)
    model.rows.append(ReceiptRow())  # the blank row that always waits
    model.endResetModel()
    model.set_problems({})
    model.receipts_changed.emit()
