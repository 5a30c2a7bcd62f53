"""Shared fixtures: a migrated desk database in a temporary data folder, users of each role,
and a way to run the ``desk-app`` command line in-process or as a real subprocess."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest

# Cheap password hashing in tests (the cost is stored in each hash); offscreen Qt; no locale
# dependence unless a test asks for it.
os.environ.setdefault("DESK_APP_SCRYPT_LOG2N", "10")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("DESK_APP_LANG", "en")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
# The spec's public cases and example schemes: the shared spec next to the checkout when it is
# there (the contract), else the copy kept in the repository (a clone on its own, as in CI);
# tests/unit/test_spec_copy.py keeps the copy equal to the spec.
SPEC_COPY = ROOT / "tests" / "fixtures" / "spec"
SPEC = SHARED / "spec" if (SHARED / "spec" / "cases").is_dir() else SPEC_COPY

PASSWORDS = {"admin": "Guanli-2026x", "clerk": "Jingban-2026x", "reviewer": "Shenhe-2026x"}


@dataclass
class CliResult:
    code: int
    out: str
    err: str


def run_cli(*args: str, input: str = "", data_dir: Path | None = None) -> CliResult:
    """Run ``desk-app`` in this process (fast); stdin/stdout/stderr captured."""
    from desk_app.cli.main import main

    argv = [*(["--data-dir", str(data_dir)] if data_dir else []), *args]
    out, err = io.StringIO(), io.StringIO()
    with (
        mock.patch.object(sys, "stdin", io.StringIO(input)),
        redirect_stdout(out),
        redirect_stderr(err),
    ):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse errors
            code = int(exc.code or 0)
    return CliResult(code, out.getvalue(), err.getvalue())


def run_cli_process(
    *args: str,
    input: str = "",
    data_dir: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> CliResult:
    """Run the installed ``desk-app`` as a real process."""
    exe = Path(sys.executable).with_name("desk-app")
    argv = [str(exe), *(["--data-dir", str(data_dir)] if data_dir else []), *args]
    full_env = {**os.environ, **(env or {})}
    p = subprocess.run(
        argv, input=input, capture_output=True, text=True, env=full_env, timeout=timeout
    )
    return CliResult(p.returncode, p.stdout, p.stderr)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    d.mkdir()
    return d


@pytest.fixture
def db(data_dir: Path) -> Iterator[object]:
    """A migrated, empty desk database (with the reference lists) in the temporary data folder."""
    from db import Database
    from db.migrate import upgrade
    from desk_app.system import bootstrap
    from desk_app.system.paths import DataDir

    dd = DataDir(data_dir).ensure()
    upgrade(dd.database, dd.backups)
    database = Database(dd.database)
    with database.uow() as uow:
        bootstrap.seed_reference_data(uow)
        uow.commit()
    yield database
    database.dispose()


@pytest.fixture
def actors(db: object) -> dict[str, object]:
    """An admin, a clerk, a second clerk and a reviewer, created through the services."""
    from desk_app.access import users

    out: dict[str, object] = {}
    with db.uow() as uow:  # type: ignore[attr-defined]
        out["admin"] = users.create_first_admin(
            uow, "admin", "管理员", PASSWORDS["admin"]
        ).value.actor
        uow.commit()
    with db.uow() as uow:  # type: ignore[attr-defined]
        for login, name, role in [
            ("clerk", "王经办", "clerk"),
            ("clerk2", "李经办", "clerk"),
            ("reviewer", "赵审核", "reviewer"),
        ]:
            pw = PASSWORDS.get(login, PASSWORDS["clerk"])
            out[login] = users.add_user(uow, out["admin"], login, name, role, pw).value.actor
        uow.commit()
    return out
