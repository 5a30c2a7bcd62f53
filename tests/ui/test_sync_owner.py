"""The sync status belongs to the scheduler the window holds: the status bar says how sync
stands from the moment the window opens, the 同步 screen shows its own window's runs, and two
sessions do not share one scheduler."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from desk_app.sync import RetryPolicy, setup_sync
from ui.screens.sync.screen import SyncScreen

ROOT = Path(__file__).resolve().parents[2]


def connect(db: Any, admin: Any) -> None:
    with db.uow() as uow:
        setup_sync(uow, admin, "http://127.0.0.1:9", "330624", "t0ken-for-the-test")
        uow.commit()


def sync_screen(win: Any) -> SyncScreen:
    win.navigate("sync")
    screen = next(w for w in win.pages["sync"].widgets.values() if isinstance(w, SyncScreen))
    return screen


def test_the_status_bar_says_how_sync_stands_as_soon_as_the_window_opens(
    make_window: Any, actors: Any, db: Any
) -> None:
    connect(db, actors["admin"])
    win = make_window(actors["clerk"])
    assert win.sync_label.text().startswith("尚未同步")
    assert "330624" in win.sync_label.toolTip()


def test_a_desk_not_set_up_says_so_in_the_status_bar(make_window: Any, actors: Any) -> None:
    win = make_window(actors["clerk"])
    assert win.sync_label.text().startswith("未配置同步")


def test_the_sync_screen_runs_through_its_own_windows_scheduler(
    make_window: Any, actors: Any
) -> None:
    first, second = make_window(actors["admin"]), make_window(actors["admin"])
    assert first.sync_scheduler is not second.sync_scheduler
    assert sync_screen(first).sched is first.sync_scheduler
    assert sync_screen(second).sched is second.sync_scheduler
    second.sync_scheduler.stop()  # the second session ends; the first syncs on
    first.sync_scheduler.policy = RetryPolicy(attempts=1)
    assert first.sync_scheduler.sync_now() is True
    assert second.sync_scheduler.sync_now() is False


def test_the_scheduler_does_not_reach_back_into_the_main_window() -> None:
    """No import cycle and no module-level registry of schedulers: the window makes its
    scheduler and hands it the status bar's label."""
    tree = ast.parse((ROOT / "ui" / "sync_scheduler.py").read_text("utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module} | {
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
    }
    assert "ui.main_window" not in imported and "weakref" not in imported
    assert not any(isinstance(n, ast.Global) for n in ast.walk(tree))
