"""A crash leaves a trace (issue #12): the real program in a child process.

An unexpected error in a slot, a worker thread or a task is logged with its stack (scrubbed of
personal data) and shown to the clerk in a message box, and the program goes on; a native crash
(a segfault) writes every thread's stack to ``logs/crash.log``; the next start says that the
last run did not end properly, and a normal end leaves nothing to say.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from desk_app.system import crashes, logs
from tests.conftest import ROOT


def run_child(data_dir: Path, scenario: str, *args: str, timeout: float = 120) -> Any:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "DESK_APP_LANG": "en"}
    return subprocess.run(
        [sys.executable, "-m", "tests.ui.window_child", str(data_dir), scenario, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env=env,
    )


def seen(p: Any, key: str) -> list[str]:
    prefix = f"SAW {key} "
    return [line[len(prefix) :] for line in p.stdout.splitlines() if line.startswith(prefix)]


@pytest.mark.slow
def test_unexpected_errors_are_logged_and_shown_and_the_program_goes_on(
    data_dir: Path, actors: dict[str, Any]
) -> None:
    p = run_child(data_dir, "errors")
    assert p.returncode == 0, p.stdout + p.stderr[-3000:]
    assert seen(p, "notice") == [""]  # a first start: nothing to report
    boxes = seen(p, "box")
    assert len(boxes) == 3, p.stdout
    assert all(b.startswith(("Unexpected error", "Error")) for b in boxes), boxes
    assert "log" in boxes[0] and str(data_dir / "logs") in boxes[0]
    assert "bug in a task" in boxes[2]
    assert seen(p, "alive") == ["True"]
    text = (data_dir / "logs" / logs.LOG_FILE).read_text(encoding="utf-8")
    for what in ("bug in a slot", "bug in a worker thread", "bug in a task"):
        assert what in text
    assert text.count("Traceback") >= 3
    assert "330203198001011234" not in text  # scrubbed, as every log line
    assert not (data_dir / "logs" / crashes.MARKER_FILE).exists()  # it ended normally


@pytest.mark.slow
def test_a_native_crash_is_written_down_and_the_next_start_says_so(
    data_dir: Path, actors: dict[str, Any]
) -> None:
    p = run_child(data_dir, "segfault")
    assert p.returncode == -11, p.stdout + p.stderr[-3000:]
    crash = (data_dir / "logs" / crashes.CRASH_FILE).read_text(encoding="utf-8")
    assert "Fatal Python error: Segmentation fault" in crash
    assert "window_child.py" in crash and "in segfault" in crash  # the Python stack
    assert (data_dir / "logs" / crashes.MARKER_FILE).exists()

    after = run_child(data_dir, "notice")
    assert after.returncode == 0, after.stderr[-3000:]
    [notice] = seen(after, "notice")
    assert "did not end properly" in notice and str(data_dir / "logs") in notice
    text = (data_dir / "logs" / logs.LOG_FILE).read_text(encoding="utf-8")
    assert "previous run ended abnormally (native crash: True)" in text

    again = run_child(data_dir, "notice")
    assert again.returncode == 0
    assert seen(again, "notice") == [""]  # the last run ended normally


def test_a_killed_run_is_reported_without_a_native_crash(tmp_path: Path) -> None:
    logs_dir = tmp_path / "logs"
    first = crashes.begin(logs_dir, native=False)
    assert first.previous is None
    # killed here: end() never runs
    second = crashes.begin(logs_dir, native=False)
    assert second.previous is not None and second.previous.native_crash is False
    assert second.previous.started is not None
    second.end()
    assert crashes.begin(logs_dir, native=False).previous is None
