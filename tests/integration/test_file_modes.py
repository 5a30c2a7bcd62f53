"""The data folder holds personal data: every folder the desk creates in it is 0700 and every
file 0600 (POSIX), whatever the umask of whoever started the program."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from base import private
from desk_app.demo.claims import DEMO_PASSWORD, DEMO_USERS
from tests.conftest import PASSWORDS, run_cli

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")

ADMIN_PW = PASSWORDS["admin"]
DEMO_REVIEWER = DEMO_USERS[1][0]


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """The umask of a typical account (022: new files readable by everyone)."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _open_entries(root: Path) -> list[str]:
    """Every folder or file under ``root`` (and ``root``) not 0700 / 0600."""
    bad = []
    for p in [root, *root.rglob("*")]:
        mode = stat.S_IMODE(p.stat().st_mode)
        want = 0o700 if p.is_dir() else 0o600
        if mode != want:
            bad.append(f"{p.relative_to(root.parent)} {mode:o}")
    return bad


def test_a_desk_made_and_used_from_the_command_line_is_the_owners_only(tmp_path, loose_umask):
    data = tmp_path / "desk"
    r = run_cli("init", "--admin", "admin", input=ADMIN_PW + "\n", data_dir=data)
    assert r.code == 0, r.err
    r = run_cli("demo", "--members", "60", "--seed", "3", data_dir=data)
    assert r.code == 0, r.err
    steps = [
        (("backup", "--user", "admin"), ADMIN_PW),
        (("audit", "verify", "--user", "admin"), ADMIN_PW),
        (("return", "export", "--month", "2017-01", "--user", DEMO_REVIEWER), DEMO_PASSWORD),
    ]
    for args, password in steps:
        r = run_cli(*args, input=password + "\n", data_dir=data)
        assert r.code == 0, r.err
    made = {p.name for p in data.rglob("*")}
    assert {"desk.sqlite3", "backups", "exports", "logs", "keys", "desk-app.log"} <= made
    assert any(n.endswith(".xlsx") for n in made) and any(n.startswith("desk-") for n in made)
    assert _open_entries(data) == []


def test_the_database_its_wal_and_backups_are_private_without_the_command_line(
    tmp_path, loose_umask
):
    """The window opens the database itself: the files are made private explicitly, not only
    by the program's umask."""
    from db import Database, backup
    from db.migrate import upgrade
    from desk_app.system.paths import DataDir

    dd = DataDir(tmp_path / "desk").ensure()
    upgrade(dd.database, dd.backups)
    db = Database(dd.database)
    try:
        with db.uow() as uow:
            uow.session.connection().exec_driver_sql("CREATE TABLE t (x)")
            uow.commit()
        assert (dd.root / "desk.sqlite3-wal").exists()
        copy = backup.backup_database(dd.database, dd.backups)
        kept = backup.restore(copy, tmp_path / "other.sqlite3", {"0002"} | _revisions())
    finally:
        db.dispose()
    assert _open_entries(dd.root) == []
    for p in (copy, tmp_path / "other.sqlite3"):
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p
    assert not kept.exists()  # nothing to keep: there was no database at the target


def test_a_folder_an_older_release_left_open_is_closed_at_start(tmp_path, loose_umask):
    """A desk made before this release (0755 folder, 0644 database and backups)."""
    from desk_app.system.paths import DataDir

    root = tmp_path / "desk"
    (root / "backups").mkdir(parents=True)
    (root / "desk.sqlite3").write_bytes(b"")
    (root / "backups" / "desk-20170101-000000-manual.sqlite3").write_bytes(b"")
    os.chmod(root, 0o755)
    DataDir(root).ensure()
    assert _open_entries(root) == []


def test_icacls_lines_that_give_wide_groups_access_are_found():
    """The start-up check on Windows reads ``icacls``: an inherited Users entry is a problem."""
    out = (
        "C:\\Users\\wang\\AppData\\Local\\desk-app DESKPC\\wang:(OI)(CI)(F)\n"
        "                                      BUILTIN\\Administrators:(OI)(CI)(F)\n"
        "                                      BUILTIN\\Users:(I)(OI)(CI)(RX)\n"
    )
    assert private.acl_wide_entries(out) == ["BUILTIN\\Users:(I)(OI)(CI)(RX)"]
    assert private.acl_wide_entries(out.replace("BUILTIN\\Users", "BUILTIN\\Guests")) == []


def _revisions() -> set[str]:
    from db.migrate import known_revisions

    return known_revisions()


def test_the_installer_gives_the_data_folder_the_acl_the_start_up_check_repairs_to():
    """installer/desk-app.nsi cuts inheritance and grants the same groups as the program's own
    repair (base.private.icacls_restrict_args), for the per-user and the portable folder."""
    from tests.conftest import ROOT

    nsi = (ROOT / "installer" / "desk-app.nsi").read_text("utf-8")
    lines = [line for line in nsi.splitlines() if "icacls" in line and "nsExec" in line]
    assert len(lines) == 2
    args = private.icacls_restrict_args(Path("X"), "$0")[2:]
    for line in lines:
        for arg in args:
            assert f'"{arg}"' in line or f" {arg} " in line, (arg, line)
    assert '"$LOCALAPPDATA\\desk-app"' in lines[0] and '"$INSTDIR\\data"' in lines[1]
