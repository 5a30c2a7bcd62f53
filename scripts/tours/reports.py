"""报表 with content, for ``scripts/screenshots.py``: the monthly return of this month
previewed (after ``payments_tour`` paid claims in it) and exported once, the quarter's
verification page, the annual analysis with each of its charts. Writes into a temporary folder,
so it is only for a throw-away desk (the screenshot script's)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from base.clock import today
from desk_app.access.auth import Perm
from desk_app.returns import service as returns
from ui.screens.reports.quarter import quarter_of

Save = Callable[[QWidget, str], None]


def tour(win: Any, save: Save) -> None:
    """Photograph 报表 of ``win`` (a reviewer's window)."""
    ctx = win.ctx
    if not ctx.can(Perm.RETURNS) or not win.navigate("reports"):
        return
    page = win.pages["reports"]
    month = f"{today():%Y-%m}"
    folder = Path(tempfile.mkdtemp(prefix="desk-returns-"))
    with ctx.db.uow() as uow:
        # An earlier export, so the list below the preview has a row.
        returns.export_return(uow, ctx.actor, month, folder / "月报.xlsx", force=True)
        uow.commit()
    monthly = page.widgets["monthly_return"]
    if page.tabs is not None:
        page.tabs.setCurrentWidget(monthly)
    monthly.refresh()
    monthly.set_month(month)
    save(win, "06-报表-月报")

    quarterly = page.widgets["verification"]
    if page.tabs is not None:
        page.tabs.setCurrentWidget(quarterly)
    quarterly.year.setCurrentIndex(max(0, quarterly.year.findData(today().year)))
    quarterly.quarter.setCurrentIndex(quarter_of(today()) - 1)
    save(win, "06-报表-一对一核实")

    analysis = page.widgets["analysis"]
    if page.tabs is not None:
        page.tabs.setCurrentWidget(analysis)
    analysis.year.setCurrentIndex(max(0, analysis.year.findData(today().year)))
    analysis.load()
    for row, name in ((0, "性别"), (4, "疾病章节"), (6, "资金使用率")):
        if row < analysis.dimensions.count():
            analysis.dimensions.setCurrentRow(row)
            save(win, f"06-报表-年度分析-{name}")
    if page.tabs is not None:
        page.tabs.setCurrentIndex(0)
