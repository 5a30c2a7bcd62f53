"""A clerk's whole day of signals does not bring the program down.

PySide6 6.12.0 drops a reference to ``True`` on every signal emitted from Python; unguarded,
CPython 3.11 aborts after some ten thousand emits (``bool_dealloc``). The ``ui`` package guards
against it at import; this runs a long day's worth of emits in a fresh process and checks it
ends normally.
"""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import sys
import ui  # the window's package: its import installs the guard
from PySide6.QtCore import QCoreApplication, QObject, Signal

app = QCoreApplication([])


class Form(QObject):
    changed = Signal()
    value_changed = Signal(object)


form = Form()
form.changed.connect(lambda: None)
form.value_changed.connect(lambda v: None)
for i in range(60_000):  # a busy day at the window: edits, task results, refreshes
    form.changed.emit()
    form.value_changed.emit(i)
print("done", sys.getrefcount(True) > 1000)
"""


def test_sixty_thousand_signals_and_the_program_ends_normally() -> None:
    p = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert "bool_dealloc" not in p.stderr
    assert p.returncode == 0, p.stderr[-2000:]
    assert p.stdout.strip() == "done True"
