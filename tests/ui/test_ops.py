"""The one way the window runs an operation (ui.ops): a unit of work committed only when the
service succeeded, its changes broadcast, a refusal shown in the clerk's words with nothing
kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from base.changes import Changes, Done
from base.progress import Cancelled
from db import UnitOfWork
from desk_app.people import units
from desk_app.people.units import UnitInput
from desk_app.system.paths import DataDir
from ui.context import AppContext, layout_store
from ui.ops import NotAnOperation, run_long_op, run_op
from ui.tasks import ChangeHub, SyncExecutor, TaskRunner


@pytest.fixture
def ctx(screen: QWidget, db: Any, actors: dict[str, Any], data_dir: Path, zh: str) -> AppContext:
    """The admin's context with a synchronous runner, both owned by ``screen`` (as the main
    window owns them)."""
    hub = ChangeHub(screen)
    runner = TaskRunner(hub, db_executor=SyncExecutor(), net_executor=SyncExecutor(), parent=screen)
    return AppContext(
        data=DataDir(data_dir),
        db=db,
        actor=actors["admin"],
        lang=zh,
        runner=runner,
        hub=hub,
        layout=layout_store(DataDir(data_dir)),
    )


@pytest.fixture
def screen(qtbot: Any) -> Iterator[QWidget]:
    """A widget for the operations' messages to open over; they are closed afterwards, so no
    modal box outlives its test."""
    w = QWidget()
    qtbot.addWidget(w)
    w.show()
    yield w
    for box in w.findChildren(QMessageBox):
        box.close()


@pytest.fixture
def broadcasts(ctx: AppContext) -> Iterator[list[Changes]]:
    seen: list[Changes] = []
    ctx.hub.sig_changes.connect(seen.append)
    yield seen


def unit_codes(ctx: AppContext) -> list[str]:
    with ctx.db.reader() as uow:
        return [u.code for u in units.list_units(uow)]


def open_boxes(screen: QWidget) -> list[QMessageBox]:
    """The message boxes open over ``screen``."""
    return [b for b in screen.findChildren(QMessageBox) if b.isVisible()]


def test_a_successful_operation_is_committed_and_its_changes_broadcast(
    ctx: AppContext, screen: QWidget, broadcasts: list[Changes]
) -> None:
    results: list[Done[Any]] = []
    run_op(
        ctx,
        lambda uow: units.add_unit(uow, ctx.actor, UnitInput("U01", "县一中")),
        parent=screen,
        done=results.append,
    )
    assert unit_codes(ctx) == ["U01"]
    assert [r.value.code for r in results] == ["U01"]
    assert len(broadcasts) == 1 and broadcasts[0].units


def test_an_operation_refused_halfway_shows_the_refusal_and_keeps_nothing(
    ctx: AppContext, screen: QWidget, broadcasts: list[Changes]
) -> None:
    """The first unit was added in the same unit of work; the refusal of the second takes it
    back, and the clerk reads why in Chinese."""
    results: list[Done[Any]] = []

    def two_units(uow: UnitOfWork) -> Done[Any]:
        units.add_unit(uow, ctx.actor, UnitInput("U02", "县二中"))
        return units.add_unit(uow, ctx.actor, UnitInput("u02", "县三中"))

    run_op(ctx, two_units, parent=screen, done=results.append)
    assert unit_codes(ctx) == []
    assert results == [] and broadcasts == []
    boxes = open_boxes(screen)
    assert len(boxes) == 1
    assert "已被「县二中」使用" in boxes[0].text()


def test_a_refusal_can_go_to_the_screens_own_error_line(ctx: AppContext, screen: QWidget) -> None:
    said: list[str] = []
    run_op(
        ctx,
        lambda uow: units.add_unit(uow, ctx.actor, UnitInput("U03", "")),
        parent=screen,
        failed=lambda e: said.append(ctx.text(e)),  # type: ignore[arg-type]
    )
    assert said == ["请填写单位名称"]
    assert open_boxes(screen) == [] and unit_codes(ctx) == []


def test_an_operation_that_forgets_to_return_done_commits_nothing(
    ctx: AppContext, screen: QWidget
) -> None:
    errors: list[BaseException] = []

    def forgetful(uow: UnitOfWork) -> Any:
        return units.add_unit(uow, ctx.actor, UnitInput("U04", "县四中")).value

    run_op(ctx, forgetful, parent=screen, failed=errors.append)
    assert [type(e) for e in errors] == [NotAnOperation]
    assert unit_codes(ctx) == []


def test_a_long_operation_cancelled_at_its_end_keeps_nothing(
    ctx: AppContext, screen: QWidget, broadcasts: list[Changes]
) -> None:
    cancelled: list[bool] = []

    def import_then_cancel(uow: UnitOfWork, progress: Any, cancel: Any) -> Done[Any]:
        done = units.add_unit(uow, ctx.actor, UnitInput("U05", "县五中"))
        progress(1.0, "")
        cancel.set()
        if cancel.is_set():
            raise Cancelled()
        return done

    run_long_op(
        ctx,
        import_then_cancel,
        parent=screen,
        title="importing",
        cancelled=lambda: cancelled.append(True),
        bulk=True,
    )
    assert cancelled == [True]
    assert unit_codes(ctx) == [] and broadcasts == []
