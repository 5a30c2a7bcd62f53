"""Syncing with the city (docs/sync.md): push the outbox, pull schemes, reference lists and
cross-county findings. No Qt: the window runs :func:`run_sync` on a worker thread.
"""

from desk_app.sync.client import RetryPolicy, SyncError
from desk_app.sync.findings import FindingRow, list_findings, resolve_finding
from desk_app.sync.service import (
    SyncReport,
    SyncRunRow,
    SyncStatus,
    list_runs,
    run_sync,
    sync_status,
)
from desk_app.sync.setup import SyncSetup, check_server, setup_sync

__all__ = [
    "FindingRow",
    "RetryPolicy",
    "SyncError",
    "SyncReport",
    "SyncRunRow",
    "SyncSetup",
    "SyncStatus",
    "check_server",
    "list_findings",
    "list_runs",
    "resolve_finding",
    "run_sync",
    "setup_sync",
    "sync_status",
]
