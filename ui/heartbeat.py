"""The event loop timed from the inside, for the stall benchmarks (``benchmarks/bench_stall.py``):
a precise timer on the GUI thread that notes when each of its ticks came (a tick late by 200 ms
is a window that did not answer for 200 ms), and a way to run the event loop, as
``QApplication.exec`` does, until some work is over. GUI thread only."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEventLoop, Qt, QTimer


class Heartbeat:
    """A precise timer of ``interval_ms`` that notes the time of each tick."""

    def __init__(self, interval_ms: int = 10) -> None:
        self.ticks: list[float] = []
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(lambda: self.ticks.append(time.perf_counter()))

    def start(self) -> None:
        self.ticks = [time.perf_counter()]
        self.timer.start()

    def stop(self) -> list[float]:
        """The ticks' times (``time.perf_counter``), the start first."""
        self.timer.stop()
        return self.ticks


def spin_until(done: Callable[[], bool], timeout_s: float) -> None:
    """Run the event loop until ``done()`` (asked every 20 ms) or raise after ``timeout_s``."""
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(20)
    poll.timeout.connect(lambda: loop.quit() if done() else None)
    poll.start()
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(loop.quit)
    deadline.start(int(timeout_s * 1000))
    if not done():
        loop.exec()
    poll.stop()
    deadline.stop()
    if not done():
        raise TimeoutError(f"the work did not finish within {timeout_s:.0f} s")


def spin_for(seconds: float) -> None:
    """Run the event loop for ``seconds`` with nothing else to do."""
    end = time.perf_counter() + seconds
    spin_until(lambda: time.perf_counter() >= end, seconds + 5)
