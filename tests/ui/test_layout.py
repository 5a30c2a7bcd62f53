"""Every main screen readable at 1366×768 and at 125 % scaling (1093×614 logical pixels): no
label, button or column header whose text is cut, no button outside the window, and no dialog
larger than the screen — measured from the widgets (:mod:`tests.ui.layout_checks`)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from tests.integration.claims_support import world
from tests.ui.layout_checks import SIZES, buttons_off_window, cut_texts, too_large
from tests.ui.test_claims_helpers import settle
from tests.ui.test_language import sections

__all__ = ["world"]


def _window(make_window: Any, actor: Any, size: tuple[int, int]) -> Any:
    win = make_window(actor)
    win.resize(*size)
    settle(win)
    return win


@pytest.mark.parametrize("size", list(SIZES), ids=list(SIZES))
@pytest.mark.parametrize("role", ["clerk", "reviewer", "admin"])
def test_every_main_screen_is_readable(
    qtbot: Any, make_window: Any, world: Any, role: str, size: str
) -> None:
    actor = {"clerk": world.clerk, "reviewer": world.reviewer, "admin": world.actors["admin"]}
    win = _window(make_window, actor[role], SIZES[size])
    found: dict[str, list[str]] = {}
    for where in sections(win):
        QApplication.processEvents()
        bad = cut_texts(win) + [f"button {b} outside" for b in buttons_off_window(win)]
        if bad:
            found[where] = bad
        large = too_large(win, SIZES[size])
        if large:
            found.setdefault(where, []).append(large)
    assert not found, "\n".join(f"{k}: {v}" for k, v in found.items())
