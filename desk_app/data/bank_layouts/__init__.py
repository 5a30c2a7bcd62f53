"""The bank list layouts shipped with the desk (``desk_app.payments.layouts`` reads them)."""

from __future__ import annotations

from importlib import resources


def codes() -> tuple[str, ...]:
    """The shipped layouts' codes (their file names), the standard one first."""
    names = sorted(
        p.name[: -len(".toml")]
        for p in resources.files(__name__).iterdir()
        if p.name.endswith(".toml")
    )
    return tuple(sorted(names, key=lambda n: n != "standard"))
