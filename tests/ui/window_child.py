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
                    saw("timeout", getattr(until, "__name__", "condition"))
                    os._exit(3)
                QTimer.singleShot(20, step)
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
