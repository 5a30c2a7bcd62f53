"""The return service as the window and the command line see it (``docs/dev/api-contract.md``,
section ``desk_app/returns/``): the monthly return (``submission``), the quarterly verification
list (``verification``) and the annual analysis (``analysis``). See ``docs/month-end.md``.
"""

from __future__ import annotations

from desk_app.returns.analysis import analysis, write_analysis
from desk_app.returns.model import (
    Analysis,
    Breakdown,
    ReturnPreview,
    ReturnView,
    SummaryRow,
)
from desk_app.returns.submission import (
    export_return,
    list_returns,
    preview_return,
    submit_return,
    write_return_copy,
)
from desk_app.returns.verification import write_verification_list

__all__ = [
    "Analysis",
    "Breakdown",
    "ReturnPreview",
    "ReturnView",
    "SummaryRow",
    "analysis",
    "export_return",
    "list_returns",
    "preview_return",
    "submit_return",
    "write_analysis",
    "write_return_copy",
    "write_verification_list",
]
