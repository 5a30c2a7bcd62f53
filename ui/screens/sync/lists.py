"""The 同步 screen's two lists: the history of sync runs (``list_runs``) and the findings the
city reported (``list_findings``: an invoice already used in another county, a person enrolled
twice in one scheme), each finding with what, where and when, and marked resolved by a
reviewer."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desk_app.access.auth import Perm
from desk_app.claims.model import STATUS_NAMES
from desk_app.sync import FindingRow, SyncRunRow
from ui.context import AppContext
from ui.texts import QT_TRANSLATE_NOOP
from ui.widgets.tables import CENTER, RIGHT, Column, ListModel, fit_columns, table_view

TRIGGERS = {
    "manual": QT_TRANSLATE_NOOP("SyncRuns", "By hand"),
    "schedule": QT_TRANSLATE_NOOP("SyncRuns", "Scheduled"),
    "startup": QT_TRANSLATE_NOOP("SyncRuns", "At start"),
    "cli": QT_TRANSLATE_NOOP("SyncRuns", "Command line"),
    "test": QT_TRANSLATE_NOOP("SyncRuns", "Test"),
}
OK_COLOR, FAILED_COLOR, RUNNING_COLOR = "#1b6e3a", "#b3261e", "#1f6fb2"
OPEN_BACKGROUND = "#fff1c7"


def _t(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def local_time(dt: Any, fmt: str = "%Y-%m-%d %H:%M") -> str:
    from base.clock import local

    return f"{local(dt):{fmt}}" if dt is not None else ""


def trigger_text(trigger: str) -> str:
    source = TRIGGERS.get(trigger)
    return QCoreApplication.translate("SyncRuns", source) if source else trigger


def duration_text(r: SyncRunRow) -> str:
    if r.finished_at is None:
        return ""
    s = max(0, int((r.finished_at - r.started_at).total_seconds()))
    if s < 60:
        return QCoreApplication.translate("SyncRuns", "%1 s").replace("%1", str(s))
    return (
        QCoreApplication.translate("SyncRuns", "%1 min %2 s")
        .replace("%1", str(s // 60))
        .replace("%2", str(s % 60))
    )


def outcome(r: SyncRunRow, running: bool) -> str:
    if r.finished_at is None:
        return "running" if running else "unfinished"
    return "ok" if r.ok else "failed"


OUTCOMES = {
    "ok": QT_TRANSLATE_NOOP("SyncRuns", "Done"),
    "failed": QT_TRANSLATE_NOOP("SyncRuns", "Failed"),
    "running": QT_TRANSLATE_NOOP("SyncRuns", "Running"),
    "unfinished": QT_TRANSLATE_NOOP("SyncRuns", "Interrupted"),
}


class RunsPanel(QWidget):
    """The latest runs, newest first: when, how started, what went up and came down, and the
    error in the window's language."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.running: Callable[[], bool] = lambda: False
        self.caption = QLabel()
        self.caption.setObjectName("hint")

        def result(r: SyncRunRow) -> str:
            return _t("SyncRuns", OUTCOMES[outcome(r, self.running())])

        def color(r: SyncRunRow) -> str:
            return {"ok": OK_COLOR, "failed": FAILED_COLOR, "running": RUNNING_COLOR}.get(
                outcome(r, self.running()), "#6b7785"
            )

        def error(r: SyncRunRow) -> str:
            return ctx.text(r.error) if r.error is not None else ""

        columns = (
            Column(
                QT_TRANSLATE_NOOP("SyncRuns", "Started"),
                lambda r: local_time(r.started_at),
                raw=lambda r: r.id,
                tooltip=lambda r: local_time(r.started_at, "%Y-%m-%d %H:%M:%S"),
            ),
            Column(QT_TRANSLATE_NOOP("SyncRuns", "How"), lambda r: trigger_text(r.trigger)),
            Column(QT_TRANSLATE_NOOP("SyncRuns", "Result"), result, align=CENTER, color=color),
            Column(
                QT_TRANSLATE_NOOP("SyncRuns", "Sent"),
                lambda r: str(r.pushed),
                raw=lambda r: r.pushed,
                align=RIGHT,
            ),
            Column(
                QT_TRANSLATE_NOOP("SyncRuns", "Received"),
                lambda r: str(r.pulled),
                raw=lambda r: r.pulled,
                align=RIGHT,
            ),
            Column(QT_TRANSLATE_NOOP("SyncRuns", "Took"), duration_text, align=RIGHT),
            Column(QT_TRANSLATE_NOOP("SyncRuns", "Error"), error, tooltip=error),
        )
        self.model = ListModel(columns, context="SyncRuns", parent=self)
        self.view = table_view(self.model, "syncRuns")
        fit_columns(self.view, ["2026-03-10 10:30", "命令行", "已中断", 6, 6, "12 分 59 秒"])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 0)
        lay.addWidget(self.caption)
        lay.addWidget(self.view, 1)

    def set_runs(self, runs: list[SyncRunRow]) -> None:
        current = self.view.currentIndex().row()
        self.model.set_rows(runs)
        if runs:
            self.view.selectRow(max(0, min(current, len(runs) - 1)))
        self.caption.setText(
            self.tr("The latest %1 syncs of this desk, newest first.").replace("%1", str(len(runs)))
            if runs
            else self.tr("This desk has not synced yet.")
        )


# -- findings ---------------------------------------------------------------------------------
FINDING_STATES = {
    False: QT_TRANSLATE_NOOP("SyncFindings", "Open"),
    True: QT_TRANSLATE_NOOP("SyncFindings", "Resolved"),
}


def _claim_status(status: Any, lang: str) -> str:
    names = STATUS_NAMES.get(str(status or ""))
    if names is None:
        return str(status or "")
    return names[0] if lang == "zh" else names[1]


class FindingsPanel(QWidget):
    """What the city found across counties, open ones first; the selected one in words on the
    right. A reviewer marks one resolved (or open again) with Alt+M."""

    sig_resolve = Signal(int, bool)  # finding id, resolved

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.all_rows: list[FindingRow] = []
        columns = (
            Column(
                QT_TRANSLATE_NOOP("SyncFindings", "Received"),
                lambda f: local_time(f.received_at),
                raw=lambda f: f.server_seq,
            ),
            Column(QT_TRANSLATE_NOOP("SyncFindings", "Kind"), lambda f: ctx.text(f.kind_name)),
            Column(
                QT_TRANSLATE_NOOP("SyncFindings", "State"),
                lambda f: _t("SyncFindings", FINDING_STATES[f.resolved]),
                align=CENTER,
                color=lambda f: OK_COLOR if f.resolved else "#8a4b00",
            ),
            Column(
                QT_TRANSLATE_NOOP("SyncFindings", "What the city found"),
                lambda f: ctx.text(f.summary),
                tooltip=lambda f: ctx.text(f.summary),
            ),
        )
        self.model = ListModel(columns, context="SyncFindings", parent=self)
        self.model.background = lambda f: None if f.resolved else OPEN_BACKGROUND
        self.view = table_view(self.model, "syncFindings")
        fit_columns(self.view, ["2026-03-10 10:30", "方案未能导入", "未处理"])
        self.view.selectionModel().selectionChanged.connect(self._selected)
        self.detail = QTextBrowser()
        self.detail.setObjectName("syncFindingDetail")
        self.detail.setOpenLinks(False)
        self.count = QLabel()
        self.count.setObjectName("hint")
        self.show_resolved = QCheckBox(self.tr("Show &all, also resolved ones"))
        self.show_resolved.setObjectName("syncFindingsAll")
        self.show_resolved.toggled.connect(lambda _on: self._fill())
        self.resolve_button = QPushButton(self.tr("&Mark resolved"))
        self.resolve_button.setObjectName("syncFindingResolve")
        self.resolve_button.clicked.connect(self._resolve)
        self.reviewer = ctx.can(Perm.REVIEW)
        if not self.reviewer:
            self.resolve_button.setEnabled(False)
            self.resolve_button.setToolTip(self.tr("A reviewer marks findings resolved."))
        bar = QHBoxLayout()
        bar.addWidget(self.count, 1)
        bar.addWidget(self.show_resolved)
        bar.addWidget(self.resolve_button)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("syncFindingsSplitter")
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.detail)
        self.splitter.setSizes([560, 480])
        self.splitter.setChildrenCollapsible(False)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 6, 0, 0)
        lay.addLayout(bar)
        lay.addWidget(self.splitter, 1)
        self._show(None)

    def open_count(self) -> int:
        return sum(1 for f in self.all_rows if not f.resolved)

    def set_findings(self, rows: list[FindingRow]) -> None:
        self.all_rows = rows
        self._fill()

    def _fill(self) -> None:
        keep = self.current()
        rows = [f for f in self.all_rows if self.show_resolved.isChecked() or not f.resolved]
        self.model.set_rows(rows)
        n_open = self.open_count()
        if not self.all_rows:
            text = self.tr("The city has reported nothing for this desk.")
        else:
            text = (
                self.tr("%1 open, %2 resolved.")
                .replace("%1", str(n_open))
                .replace("%2", str(len(self.all_rows) - n_open))
            )
            if n_open and not self.reviewer:
                text += " " + self.tr("Tell a reviewer: they check and mark them resolved.")
        self.count.setText(text)
        row = next((i for i, f in enumerate(rows) if keep is not None and f.id == keep.id), 0)
        if rows:
            self.view.selectRow(row)
        else:
            self._show(None)

    def current(self) -> FindingRow | None:
        idx = self.view.currentIndex()
        row = self.model.row_data(idx.row()) if idx.isValid() else None
        return row if isinstance(row, FindingRow) else None

    def _selected(self, _new: QItemSelection, _old: QItemSelection) -> None:
        self._show(self.current())

    def _resolve(self) -> None:
        f = self.current()
        if f is not None and self.reviewer:
            self.sig_resolve.emit(f.id, not f.resolved)

    def _show(self, f: FindingRow | None) -> None:
        if self.reviewer:
            self.resolve_button.setEnabled(f is not None)
            self.resolve_button.setText(
                self.tr("Re&open") if f is not None and f.resolved else self.tr("&Mark resolved")
            )
        if f is None:
            self.detail.setHtml(
                "<p style='color:#5f6b7a'>"
                + html.escape(
                    self.tr(
                        "When the city finds an invoice already used in another county, or a "
                        "person enrolled in one scheme at two desks, it is listed here after a "
                        "sync. Nothing is changed or blocked: the two desks sort it out."
                    )
                )
                + "</p>"
            )
            return
        self.detail.setHtml(self.finding_html(f))

    def finding_html(self, f: FindingRow) -> str:
        """What, where and when, in the window's language (also for the screenshot)."""
        e = html.escape
        d = f.detail
        lang = self.ctx.lang
        rows: list[tuple[str, str]] = []
        if f.kind == "duplicate_receipt":
            rows += [
                (self.tr("Hospital"), str(d.get("hospital", ""))),
                (self.tr("Invoice number"), str(d.get("invoice_no", ""))),
            ]
        elif f.kind == "double_enrollment":
            rows += [
                (self.tr("ID number"), str(d.get("id_number_masked", ""))),
                (self.tr("Scheme"), str(d.get("scheme_code", ""))),
            ]
        elif f.kind == "scheme_refused":
            rows += [(self.tr("Scheme"), f"{d.get('code', '')} {d.get('name') or ''}".strip())]
        rows.append((self.tr("Received"), local_time(f.received_at)))
        rows.append((self.tr("State"), _t("SyncFindings", FINDING_STATES[f.resolved])))
        out = [
            f"<h3 style='margin:0 0 6px 0'>{e(self.ctx.text(f.kind_name))}</h3>",
            f"<p style='margin:0 0 8px 0'>{e(self.ctx.text(f.summary))}</p>",
            self._table(rows),
        ]
        for key, title in (("mine", self.tr("At this desk")), ("other", self.tr("Elsewhere"))):
            for entry in d.get(key) or []:
                if isinstance(entry, dict):
                    out.append(f"<h4 style='margin:10px 0 4px 0'>{e(title)}</h4>")
                    out.append(self._table(self._entry_rows(entry, lang)))
        return "".join(out)

    def _entry_rows(self, entry: dict[str, Any], lang: str) -> list[tuple[str, str]]:
        site = " ".join(str(x) for x in (entry.get("site_name"), entry.get("site")) if x)
        rows = [(self.tr("Desk"), site)]
        if entry.get("claim_no"):
            rows.append((self.tr("Claim"), str(entry["claim_no"])))
            rows.append((self.tr("Claim state"), _claim_status(entry.get("claim_status"), lang)))
        if entry.get("total"):
            rows.append(
                (self.tr("Invoice total"), self.tr("%1 yuan").replace("%1", str(entry["total"])))
            )
        if entry.get("member_name"):
            rows.append((self.tr("Member"), str(entry["member_name"])))
        if entry.get("id_number_masked"):
            rows.append((self.tr("ID number"), str(entry["id_number_masked"])))
        if entry.get("enrolled_on"):
            rows.append((self.tr("Enrolled on"), str(entry["enrolled_on"])))
        return rows

    @staticmethod
    def _table(rows: list[tuple[str, str]]) -> str:
        cells = "".join(
            f"<tr><td style='color:#5f6b7a;padding:1px 12px 1px 0'>{html.escape(k)}</td>"
            f"<td>{html.escape(v)}</td></tr>"
            for k, v in rows
            if v
        )
        return f"<table cellspacing='0'>{cells}</table>"
