"""The base of every screen: refresh when a broadcast change concerns it (later, when it is
hidden), take part in the window's central actions, keep its layout."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from base.changes import Changes
from ui import actions as act
from ui.context import AppContext


class Screen(QWidget):
    """Subclasses override :meth:`affected_by` and :meth:`refresh`, and, to take part in the
    central actions (``ui.actions``), :meth:`handles` and :meth:`trigger`."""

    # The set of actions this screen handles changed (the window re-checks its menus).
    actions_changed = Signal()
    # 刷新 (F5) reloads the screen through :meth:`refresh`.
    refreshable = False

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._dirty = False
        # Owner: this screen; Qt drops the connection when the screen is destroyed.
        ctx.hub.sig_changes.connect(self._on_changes)

    # -- refresh ---------------------------------------------------------------------------
    def affected_by(self, changes: Changes) -> bool:
        return False

    def refresh(self) -> None:
        """Reload what the screen shows (GUI thread; slow reads go through the runner)."""

    def _on_changes(self, changes: Changes) -> None:
        if not self.affected_by(changes):
            return
        if self.isVisible():
            self.refresh()
        else:
            self._dirty = True  # refreshed when it is next shown

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self._dirty = False
            self.refresh()

    # -- central actions -------------------------------------------------------------------
    def handles(self, action: str) -> bool:
        return self.refreshable and action == act.REFRESH

    def carried_member(self) -> int | None:
        """The member this screen shows, carried into the screen an action leads to (F3, the
        member's page, then Ctrl+N: a new claim for that member)."""
        return None

    def take_member(self, member_id: int) -> None:
        """The member carried from the screen the clerk came from (before :meth:`trigger`)."""

    def trigger(self, action: str) -> None:
        """Do ``action`` (only called when :meth:`handles` said yes)."""
        if action == act.REFRESH:
            self.refresh()

    def focus_first(self) -> None:
        """Put the focus where the clerk starts typing when the screen comes forward."""
        self.focusNextChild()

    # -- layout ----------------------------------------------------------------------------
    def save_layout(self, store: QSettings) -> None:
        """Keep column widths and splitters (``store`` is in this screen's group)."""

    def restore_layout(self, store: QSettings) -> None:
        """Put back what :meth:`save_layout` kept."""
