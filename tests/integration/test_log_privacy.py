"""The log files never hold a member's ID number, name, phone or account number.

A realistic stretch of desk work — demo data, a roster with bad rows, a failing command, a
backup — runs with the real log set-up; then every log file is scanned for every member's
personal data.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from db import keys
from db.connect import connect
from tests.conftest import PASSWORDS, run_cli
from tests.fixtures_xlsx import ROSTER_HEADER, write_workbook

pytestmark = pytest.mark.slow


def _members(db_path: Path) -> list[tuple[str, str, str | None, str | None]]:
    conn = connect(db_path, keys.database_key(db_path))  # the desk's database is encrypted
    try:
        return list(conn.execute("SELECT id_number, name, phone, bank_account FROM members"))
    finally:
        conn.close()


def test_logs_hold_no_personal_data(data_dir: Path, tmp_path: Path, monkeypatch) -> None:
    root = logging.getLogger()
    old_level = root.level
    try:
        assert (
            run_cli(
                "init", "--admin", "admin", input=PASSWORDS["admin"] + "\n", data_dir=data_dir
            ).code
            == 0
        )
        logging.getLogger().setLevel(logging.DEBUG)  # the most talkative the desk can be
        r = run_cli("demo", "--members", "300", "--seed", "7", data_dir=data_dir)
        assert r.code == 0, r.err
        people = _members(data_dir / "desk.sqlite3")
        known = people[0]
        # A roster that re-sends a known member under another name, a bad checksum, a phone
        # that is not a mobile number: row errors that quote personal data to the clerk.
        roster = write_workbook(
            tmp_path / "roster.xlsx",
            [
                ROSTER_HEADER,
                ["冒名", known[0], "13800001111", "3306020001", "", "城镇职工", 1, ""],
                ["钱小二", "330602198001011230", "12345", "3306020001", "", "", 1, ""],
            ],
        )
        code = run_cli("scheme", "list", data_dir=data_dir)
        assert code.code == 0
        scheme = next(line.split()[0] for line in code.out.splitlines() if "SX-" in line)
        r = run_cli(
            "roster",
            "import",
            str(roster),
            "--scheme",
            scheme,
            "--user",
            "admin",
            input=PASSWORDS["admin"] + "\n",
            data_dir=data_dir,
        )
        assert r.code in (0, 2), r.err
        # A command that fails on a member's data.
        run_cli(
            "user",
            "add",
            known[0],
            "--role",
            "clerk",
            "--name",
            known[1],
            "--user",
            "admin",
            input=f"{PASSWORDS['admin']}\n{known[2]}x\n",
            data_dir=data_dir,
        )
        pw = f"{PASSWORDS['admin']}\n"
        assert run_cli("backup", "--user", "admin", input=pw, data_dir=data_dir).code == 0
        # A bug that puts personal data into an exception: the command line logs it with
        # its traceback, and the scrubber must take the numbers out.
        from desk_app.cli.commands import audit as audit_cmd

        def buggy(ctx):
            raise RuntimeError(f"cannot handle {known[0]} / {known[2]} / {known[3]}")

        monkeypatch.setattr(audit_cmd, "verify", buggy)
        r = run_cli("audit", "verify", "--user", "admin", input=pw, data_dir=data_dir)
        assert r.code == 1 and "see the log" in r.err
    finally:
        root.setLevel(old_level)
        for h in list(root.handlers):
            h.flush()
    text = "\n".join(p.read_text(encoding="utf-8") for p in (data_dir / "logs").glob("*.log*"))
    assert "cannot handle" in text and "Traceback" in text  # the bug was logged...
    leaks = []
    for id_number, name, phone, account in people:
        for what, value in (
            ("ID", id_number),
            ("name", name),
            ("phone", phone),
            ("account", account),
        ):
            if value and value in text:
                leaks.append(f"{what} {value[:4]}…")
    assert not leaks, leaks[:10]  # ...without the member's numbers
