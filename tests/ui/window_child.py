"""The real program in a child process, driven by a scenario: ``python -m tests.ui.window_child
DATA_DIR SCENARIO [ARGS...]``.

The child starts ``desk-app`` exactly as a clerk does (``ui.launch.main``: faulthandler and the
run marker, the crash hooks, migrations, the sign-in dialog) and runs the scenario from the
event loop once the first dialog is on screen. A scenario reports what it saw as ``SAW key
value`` lines on stdout, which the test reads; a native crash ends the child with a signal
(exit −11 for a segfault), which the test sees as the return code.
"""

from __future__ import annotations

import faulthandler
import json
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable, Generator
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

Step = Generator[Any, Any, Any]
POLL_MS = 2  # how often a waiting scenario looks again (fast: a long day types 300 claims)
SCENARIOS: dict[str, Callable[..., Step]] = {}


def scenario(fn: Callable[..., Step]) -> Callable[..., Step]:
    SCENARIOS[fn.__name__] = fn
    return fn


def saw(key: str, value: object = "") -> None:
    text = str(value).replace("\n", " | ")
    print(f"SAW {key} {text}", flush=True)


def drive(steps: Step, timeout: float = 30.0) -> None:
    """Run a scenario from the program's own event loop, never inside a nested one (PySide6
    raises a slot's exception out of a nested loop started from Python instead of calling
    ``sys.excepthook``). A scenario yields a condition (a callable: the next step runs once it
    returns something true, and gets that value) or a pause in milliseconds."""
    state: dict[str, Any] = {"until": None, "deadline": 0.0}

    def step() -> None:
        try:
            until = state["until"]
            value = until() if until is not None else None
            if until is not None and not value:
                if time.monotonic() > state["deadline"]:
                    w = QApplication.focusWidget()
                    saw("timeout", " < ".join(_where(steps)) + f" focus {w and w.objectName()}")
                    os._exit(3)
                QTimer.singleShot(POLL_MS, step)
                return
            wanted = steps.send(value)
        except StopIteration:
            return
        except BaseException:  # a fault of the scenario itself: end at once, loudly
            traceback.print_exc()
            sys.stderr.flush()
            os._exit(4)
        if isinstance(wanted, int):
            end = time.monotonic() + wanted / 1000
            state["until"] = lambda: time.monotonic() >= end
        else:
            state["until"] = wanted
        state["deadline"] = time.monotonic() + timeout
        QTimer.singleShot(0, step)

    QTimer.singleShot(0, step)


def later(fn: Callable[[], Any]) -> None:
    """Do ``fn`` from the event loop, after this step: a key that opens a modal dialog
    (``exec()``) would otherwise hold the scenario inside the dialog's loop."""
    QTimer.singleShot(0, fn)


def _where(gen: Any) -> list[str]:
    """Where a scenario waits: each frame of the ``yield from`` chain, innermost last."""
    out = []
    while gen is not None and getattr(gen, "gi_frame", None) is not None:
        out.append(f"{gen.gi_code.co_name}:{gen.gi_frame.f_lineno}")
        gen = gen.gi_yieldfrom
    return out


def top(kind: type[QWidget], visible: bool = True) -> Any:
    for w in QApplication.topLevelWidgets():
        if isinstance(w, kind) and (w.isVisible() or not visible):
            return w
    return None


def sign_in_dialog() -> Any:
    from ui.signin import SignInDialog

    return top(SignInDialog)


def sign_in(login: str, password: str) -> Step:
    """Type the login and password into the sign-in dialog; the main window is the value."""
    from ui.main_window import MainWindow

    dlg = yield sign_in_dialog
    dlg.login.setText(login)
    dlg.password.setText(password)
    QTest.keyClick(dlg.password, Qt.Key.Key_Return)
    win = yield lambda: top(MainWindow)
    return win


def error_box() -> Any:
    return top(QMessageBox)


# -- scenarios ------------------------------------------------------------------------------
@scenario
def errors() -> Step:
    """Unexpected errors in a slot, a worker thread and a task: each is logged and shown, the
    program goes on; then the clerk exits."""
    dlg = yield sign_in_dialog
    saw("notice", dlg.error.text() if dlg.error.isVisible() else "")

    def slot_bug() -> None:
        raise RuntimeError("bug in a slot for 330203198001011234")

    QTimer.singleShot(0, slot_bug)
    box = yield error_box
    saw("box", f"{box.windowTitle()}: {box.text()}")
    box.close()
    yield 50

    def thread_bug() -> None:
        raise ValueError("bug in a worker thread")

    t = threading.Thread(target=thread_bug, name="helper")
    t.start()
    t.join()
    box = yield error_box
    saw("box", f"{box.windowTitle()}: {box.text()}")
    box.close()
    yield 50

    def job(_p: Any, _c: Any) -> None:
        raise KeyError("bug in a task")

    dlg.runner.run(job)
    box = yield error_box
    saw("box", f"{box.windowTitle()}: {box.text()}")
    box.close()
    saw("alive", dlg.isVisible())
    dlg.reject()  # 退出: a normal end


@scenario
def segfault() -> Step:
    """A native crash in the middle of the session (what the Qt binding did)."""
    yield sign_in_dialog
    saw("crashing")
    faulthandler._sigsegv()


@scenario
def notice() -> Step:
    """What the sign-in says at this start; then exit normally."""
    dlg = yield sign_in_dialog
    saw("notice", dlg.error.text() if dlg.error.isVisible() else "")
    dlg.reject()


# -- typing as a clerk ------------------------------------------------------------------------
def activate(win: QWidget) -> None:
    """The offscreen platform does not activate a window by itself (shortcuts need it)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        QApplication.setActiveWindow(win)


def focused() -> Any:
    return QApplication.focusWidget()


def commit(widget: QWidget, text: str) -> None:
    """Text as an input method delivers it (Chinese, full-width): committed in one go."""
    from PySide6.QtGui import QInputMethodEvent

    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def type_into(widget: QWidget, text: str) -> None:
    """ASCII by keys, the rest as the input method commits it: a character at a time."""
    for ch in text:
        if ch.isascii() and ch.isprintable():  # QTest knows no key for a control character
            QTest.keyClick(widget, ch)
        else:
            commit(widget, ch)


def enter(widget: QWidget | None = None) -> None:
    target = QApplication.activePopupWidget() or widget or focused()
    QTest.keyClick(target, Qt.Key.Key_Return)


def type_cell(grid: Any, text: str, *, finish: bool = True) -> Step:
    """A receipt cell: typing opens the editor; Enter commits and moves right (the item view
    closes its editor on the next turn of the event loop)."""
    from PySide6.QtWidgets import QAbstractItemView, QLineEdit

    if text:
        type_into(grid, text[0])
        editor = next(e for e in grid.viewport().findChildren(QLineEdit) if e.isVisible())
        editor.setFocus()
        type_into(editor, text[1:])
        if finish:
            QTest.keyClick(editor, Qt.Key.Key_Return)
            yield lambda: grid.state() != QAbstractItemView.State.EditingState
    elif finish:
        QTest.keyClick(grid, Qt.Key.Key_Return)


# Invoice, total, then the parts: Enter passes over the hospital cell (the claim's), and once the
# parts make the total the grid goes on to the next receipt by itself.
RECEIPTS = [
    ("R-1", "3000", "1000", "", "500", "1500"),
    ("R-2", "2000", "", "", "", "2000"),
]


def type_claim_head(win: Any, id_number: str) -> Step:
    """Ctrl+N, the member by ID card, an inpatient stay, the hospital and diagnosis. Each field
    gets the focus first (the order Enter follows is tests/ui/test_claims_intake.py's)."""
    activate(win)
    QTest.keyClick(win, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    screen = yield lambda: win.pages.get("claims") and win.pages["claims"].widgets["claims"]
    form = screen.form
    yield 100
    activate(win)  # the sign-in dialog took the activation with it when it closed
    form.member_line.setFocus()
    type_into(form.member_line, id_number)
    enter(form.member_line)
    yield lambda: form.member is not None
    for f, day in (("admission", "2015-08-01"), ("discharge", "2015-08-11")):
        form.dates[f].setFocus()
        type_into(form.dates[f], day)
        enter(form.dates[f])
    yield lambda: form.enrollment_id() is not None
    for line, text in ((form.hospital, "衢州市人民医院"), (form.disease_line, "K80.2")):
        line.setFocus()
        type_into(line, text)
        yield 50
        enter(line)  # the list's entry when it is open, else the field's own Enter
        yield 50
        close_popups()
    activate(win)
    form.grid.setFocus()
    form.grid.setCurrentIndex(form.receipts.index(0, 0))
    return screen


def close_popups() -> None:
    popup = QApplication.activePopupWidget()
    while popup is not None:
        popup.close()
        popup = QApplication.activePopupWidget()


@scenario
def half_claim(login: str, password: str, id_number: str) -> Step:
    """Sign in and type a claim with two receipts and half of a third; then wait to be killed."""
    win = yield from sign_in(login, password)
    screen = yield from type_claim_head(win, id_number)
    grid = screen.form.grid
    for receipt in RECEIPTS:
        for text in receipt:
            yield from type_cell(grid, text)
    yield from type_cell(grid, "R-3", finish=False)  # the editor is open with R-3 in it
    yield 1500  # the recovery copy is written within a second
    saw("typed", json.dumps(screen_state(screen), ensure_ascii=False, sort_keys=True))
    saw("ready")
    yield lambda: False  # killed here


def screen_state(screen: Any) -> dict[str, Any]:
    form = screen.form
    rows = [dict(r.texts) for r in form.receipts.rows]
    grid = form.grid
    editor = focused()
    if grid.isAncestorOf(editor) and hasattr(editor, "text"):
        index = grid.currentIndex()
        from ui.widgets.receipt_grid import FIELDS

        rows[index.row()][FIELDS[index.column()]] = editor.text()
    return {
        "member": form.member.id if form.member else None,
        "kind": form.kind_code(),
        "dates": {f: w.text() for f, w in form.dates.items()},
        "enrollment": form.enrollment_id(),
        "hospital": form.hospital.text(),
        "disease": form.disease_line.text(),
        "receipts": [r for r in rows if any(v.strip() for v in r.values())],
    }


@scenario
def restore_and_submit(login: str, password: str) -> Step:
    """Sign in, take the offered form back, finish it and submit; then leave normally."""
    win = yield from sign_in(login, password)
    box = yield lambda: top(QMessageBox)
    saw("question", box.text())
    restore = next(
        b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole
    )
    restore.click()
    screen = (
        yield lambda: (
            win.pages.get("claims")
            and win.pages["claims"].widgets["claims"].form.member is not None
            and win.pages["claims"].widgets["claims"]
        )
    )
    yield 300
    saw("restored", json.dumps(screen_state(screen), ensure_ascii=False, sort_keys=True))
    grid = screen.form.grid
    activate(win)
    grid.setFocus()
    grid.setCurrentIndex(screen.form.receipts.index(2, 0))
    QTest.keyClick(grid, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)  # not R-3
    yield 100
    QTest.keyClick(grid, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # submit
    yield lambda: screen.claim is not None and screen.claim.status == "submitted"
    saw("submitted", screen.claim.claim_no)
    yield 700
    win.close()


@scenario
def reproduction(login: str, password: str, id_number: str, enrollment_id: str) -> Step:
    """The sequence of issue #12 that ended in a segfault in libshiboken6, typed as a clerk in
    理赔受理 › 理赔录入; then the clerk leaves normally."""
    win = yield from sign_in(login, password)
    activate(win)
    QTest.keyClick(win, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # Ctrl+N
    screen = yield lambda: win.pages.get("claims") and win.pages["claims"].widgets["claims"]
    form = screen.form
    yield 100
    activate(win)
    form.member_line.setFocus()
    type_into(form.member_line, id_number)
    enter(form.member_line)  # as a card reader types it
    yield lambda: form.member is not None
    # A discharge date earlier than the admission date.
    for f, day in (("admission", "2015-08-11"), ("discharge", "2015-08-01")):
        form.dates[f].setFocus()
        type_into(form.dates[f], day)
        enter(form.dates[f])
        yield 20
    # The critical-illness scheme picked in 参保方案, with the arrows.
    form.enrollment.setFocus()
    for _ in range(form.enrollment.count()):
        if form.enrollment.currentData() == int(enrollment_id):
            break
        QTest.keyClick(form.enrollment, Qt.Key.Key_Down)
    saw("scheme", form.enrollment.currentText())
    enter(form.enrollment)
    yield 20
    form.hospital.setFocus()
    type_into(form.hospital, "ZJ0001")  # a hospital code
    yield 50
    enter(form.hospital)
    yield 50
    for _ in range(4):  # several Enters
        enter()
        yield 30
    close_popups()
    activate(win)
    grid = form.grid
    grid.setFocus()
    grid.setCurrentIndex(form.receipts.index(0, 0))
    yield from type_cell(grid, "INV-BAD1")  # Enter passes over the hospital cell (the claim's)
    yield from type_cell(grid, "12a3")  # the first amount cell, then Enter
    yield 500
    saw("problems", screen.board.toolTip())
    saw("cell", form.receipts.rows[0].texts["total"])
    saw("alive")
    win.close()


def counts() -> tuple[int, int, int]:
    import gc

    gc.collect()
    return sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)


def type_claim(win: Any, screen: Any, id_number: str, day: str, invoice: str) -> Step:
    """One claim typed through the real form (Ctrl+N, card, stay, hospital, one receipt) and
    submitted with Ctrl+Enter."""
    form = screen.form
    activate(win)
    QTest.keyClick(win, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    yield lambda: screen.editable and form.member is None
    form.member_line.setFocus()
    # The ID arrives in one go (each key of it would search the members: the card-reader
    # path with its 18 keys is the reproduction's and half_claim's).
    commit(form.member_line, id_number)
    enter(form.member_line)
    yield lambda: form.member is not None
    for f in ("admission", "discharge"):
        form.dates[f].setFocus()
        type_into(form.dates[f], day)
    yield lambda: form.enrollment_id() is not None
    form.hospital.setFocus()
    type_into(form.hospital, "衢州市人民医院")
    close_popups()
    activate(win)
    grid = form.grid
    grid.setFocus()
    grid.setCurrentIndex(form.receipts.index(0, 0))
    for text in (invoice, "3000", "1000", "", "500", "1500"):  # the hospital cell passed over
        yield from type_cell(grid, text)
    QTest.keyClick(grid, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # submit
    yield lambda: screen.claim is not None and screen.claim.status == "submitted"


@scenario
def long_day(clerk: str, reviewer: str, passwords: str, numbers: str, n: str) -> Step:
    """A day at a busy counter in one process: ``n`` claims typed through the real form (the
    members' ID numbers in turn, one stay a day each), then the reviewer approves and prints
    some of them. Reports the reference counts of None, True and False."""
    from datetime import date, timedelta

    ids = numbers.split(",")
    clerk_pw, reviewer_pw = passwords.split(",")
    win = yield from sign_in(clerk, clerk_pw)
    activate(win)
    QTest.keyClick(win, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    screen = yield lambda: win.pages.get("claims") and win.pages["claims"].widgets["claims"]
    yield from type_claim(win, screen, ids[0], "2015-01-01", "W-0")  # warm-up
    before = counts()
    started = time.monotonic()
    for i in range(1, int(n)):
        day = date(2015, 1, 1) + timedelta(days=i // len(ids))
        yield from type_claim(win, screen, ids[i % len(ids)], day.isoformat(), f"D-{i}")
        if i % 50 == 0:
            saw("typed", f"{i} in {time.monotonic() - started:.0f} s")
    saw("claims", n)
    win._finish("sign_out")
    win = yield from sign_in(reviewer, reviewer_pw)
    yield from review_some(win, 30, prints=10)
    after = counts()
    saw("refcounts", " ".join(str(b - a) for b, a in zip(before, after, strict=True)))
    win.close()


def review_some(win: Any, n: int, prints: int) -> Step:
    """审核审批: open the first claim of the queue, approve it (A, then the confirmation),
    print the approval form of some (P, the preview closed again)."""

    activate(win)
    win.navigate("review")
    screen = yield lambda: win.pages.get("review") and win.pages["review"].widgets["review"]
    yield lambda: screen.model.rowCount() > 0
    activate(win)
    screen.table.setFocus()
    QTest.keyClick(screen.table, Qt.Key.Key_Return)  # open the oldest
    approved = 0
    while approved < n:
        claim = yield lambda: screen.stack.currentWidget() is screen.page and screen.page.claim
        activate(win)
        if focused() is None or focused().window() is not win:
            screen.page.setFocus()
        target = focused() or screen.page
        later(lambda t=target: QTest.keyClick(t, Qt.Key.Key_A))  # its question is modal
        box = yield lambda: top(QMessageBox)
        ok = next(
            b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole
        )
        ok.click()
        # Decided: the page goes on to the next claim, or (since #15) keeps the decided one
        # for P; then the reviewer opens the next one waiting.
        yield (
            lambda c=claim: (
                screen.page.claim is None
                or screen.page.claim.id != c.id
                or screen.page.claim.status != "submitted"
            )
        )
        if screen.page.claim is not None and screen.page.claim.id == claim.id:
            yield lambda c=claim: screen.model.rowCount() == 0 or screen.model.id_at(0) != c.id
            if screen.model.rowCount() == 0:
                approved += 1
                break
            screen.open_claim(screen.model.id_at(0))
        approved += 1
        if approved <= prints:
            yield from print_approved(win, claim.id)
    saw("reviewed", approved)


def print_approved(win: Any, claim_id: int) -> Step:
    from ui.printing import PdfPreviewDialog, preview_claim

    preview_claim(win.ctx, claim_id, win)
    dlg = yield lambda: top(PdfPreviewDialog)
    yield 50
    dlg.reject()
    yield lambda: not dlg.isVisible()


# -- the monkey -------------------------------------------------------------------------------
MONKEY_SECTIONS = ("claims", "enrollment", "review")
MONKEY_TEXT = [
    "1e400", "NaN", "-0", "１２３４．５６", "12a3", "😀", "\x07\x1b", "x" * 300, "2015-08-01",
    "20150811", "衢州", "K80.2", "INV-1", "3000", "0.01", "330203",
]  # fmt: skip
CTRL, SHIFT, ALT = (
    Qt.KeyboardModifier.ControlModifier,
    Qt.KeyboardModifier.ShiftModifier,
    Qt.KeyboardModifier.AltModifier,
)
NONE = Qt.KeyboardModifier.NoModifier
MONKEY_KEYS = [
    (Qt.Key.Key_Return, NONE), (Qt.Key.Key_Return, NONE), (Qt.Key.Key_Tab, NONE),
    (Qt.Key.Key_Backtab, SHIFT), (Qt.Key.Key_Escape, NONE), (Qt.Key.Key_Up, NONE),
    (Qt.Key.Key_Down, NONE), (Qt.Key.Key_Left, NONE), (Qt.Key.Key_Right, NONE),
    (Qt.Key.Key_Delete, NONE), (Qt.Key.Key_Delete, CTRL), (Qt.Key.Key_Backspace, NONE),
    (Qt.Key.Key_Space, NONE), (Qt.Key.Key_Home, NONE), (Qt.Key.Key_End, NONE),
    (Qt.Key.Key_N, CTRL), (Qt.Key.Key_S, CTRL), (Qt.Key.Key_Return, CTRL), (Qt.Key.Key_O, CTRL),
    (Qt.Key.Key_P, CTRL), (Qt.Key.Key_F3, NONE), (Qt.Key.Key_F5, NONE), (Qt.Key.Key_A, NONE),
    (Qt.Key.Key_R, NONE), (Qt.Key.Key_U, NONE), (Qt.Key.Key_J, NONE), (Qt.Key.Key_K, NONE),
    (Qt.Key.Key_P, NONE), (Qt.Key.Key_1, NONE), (Qt.Key.Key_2, NONE), (Qt.Key.Key_3, NONE),
    (Qt.Key.Key_2, ALT), (Qt.Key.Key_3, ALT), (Qt.Key.Key_4, ALT),
]  # fmt: skip


def _focusable(win: QWidget) -> list[QWidget]:
    return [
        w
        for w in win.findChildren(QWidget)
        if w.isVisible() and w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus
    ]


def _monkey_action(rng: Any, win: Any) -> str:
    """One random thing a clerk could do; what it was, for the replay."""
    modal = QApplication.activeModalWidget() or QApplication.activePopupWidget()
    if modal is not None and rng.random() < 0.6:
        key = rng.choice([Qt.Key.Key_Escape, Qt.Key.Key_Escape, Qt.Key.Key_Return])
        target = QApplication.focusWidget() or modal
        later(lambda: QTest.keyClick(target, key))
        return f"{key.name} on {type(modal).__name__}"
    roll = rng.random()
    if roll < 0.05 and modal is None:
        section = rng.choice(MONKEY_SECTIONS)
        win.navigate(section)
        return f"go {section}"
    window = modal or win
    if modal is None:
        activate(win)
    if roll < 0.20:
        widgets = _focusable(window)
        if widgets:
            w = rng.choice(widgets)
            w.setFocus()
            return f"focus {w.objectName() or type(w).__name__}"
    target = QApplication.focusWidget() or window
    if roll < 0.40:
        text = rng.choice(MONKEY_TEXT)
        later(lambda: type_into(target, text))
        return f"type {text[:10]!r}"
    key, mods = rng.choice(MONKEY_KEYS)
    later(lambda: QTest.keyClick(target, key, mods))
    return f"{key.name}+{int(mods.value) if hasattr(mods, 'value') else mods}"


@scenario
def monkey(login: str, password: str, seconds: str, seed: str) -> Step:
    """Random keys, text and shortcuts on the claim, enrollment and review screens (dialogs
    opened and dismissed, rows added and deleted) for ``seconds``; then the clerk leaves."""
    import random

    rng = random.Random(int(seed))
    saw("seed", seed)
    win = yield from sign_in(login, password)
    end = time.monotonic() + float(seconds)
    actions = 0
    while time.monotonic() < end:
        what = _monkey_action(rng, win)
        actions += 1
        if actions % 500 == 0:
            saw("actions", f"{actions} last {what}")
        yield 1
    saw("actions", actions)
    for _ in range(50):  # dismiss what is still open, then leave
        modal = QApplication.activeModalWidget() or QApplication.activePopupWidget()
        if modal is None:
            break
        modal.close()
        yield 20
    close_popups()
    win.close()


def main(argv: list[str]) -> int:
    data, name, *args = argv
    from ui import launch

    app = QApplication.instance() or QApplication([sys.argv[0]])
    drive(SCENARIOS[name](*args))
    code = launch.main(["--data-dir", data])
    del app
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
