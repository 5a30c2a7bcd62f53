"""``desk-app unit add``, ``desk-app roster import`` and ``desk-app roster template``."""

from __future__ import annotations

import json

import pytest

from tests.conftest import PASSWORDS, run_cli
from tests.fixtures_people import SCHEMES_DIR, make_id
from tests.fixtures_xlsx import ROSTER_HEADER, write_workbook

ADMIN, CLERK = PASSWORDS["admin"], PASSWORDS["clerk"]


@pytest.fixture
def desk(data_dir, monkeypatch):
    """A desk set up through the command line: admin, clerk, the Quzhou 2015 scheme."""
    monkeypatch.setenv("DESK_APP_FAKE_NOW", "2015-06-01T10:00:00")
    steps = [
        (["init", "--admin", "admin"], f"{ADMIN}\n"),
        (
            ["user", "add", "clerk", "--role", "clerk", "--name", "王经办", "--user", "admin"],
            f"{ADMIN}\n{CLERK}\n",
        ),
        (
            ["scheme", "import", str(SCHEMES_DIR / "quzhou-2015.toml"), "--user", "admin"],
            f"{ADMIN}\n",
        ),
    ]
    for args, stdin in steps:
        r = run_cli(*args, input=stdin, data_dir=data_dir)
        assert r.code == 0, (args, r.err)
    return data_dir


def test_unit_add_prints_a_one_line_summary(desk):
    r = run_cli(
        "unit",
        "add",
        "DW001",
        "--name",
        "城关供电所工会",
        "--industry",
        "电力",
        "--user",
        "clerk",
        input=f"{CLERK}\n",
        data_dir=desk,
    )
    assert r.code == 0 and "DW001" in r.out and len(r.out.strip().splitlines()) == 1


def test_a_duplicate_unit_code_fails_with_the_reason(desk):
    for expected in (0, 2):
        r = run_cli(
            "unit",
            "add",
            "DW001",
            "--name",
            "某单位",
            "--user",
            "clerk",
            input=f"{CLERK}\n",
            data_dir=desk,
        )
        assert r.code == expected
    assert "DW001" in r.err and r.out == ""


def test_roster_import_prints_exactly_the_json_summary(desk, tmp_path):
    run_cli(
        "unit",
        "add",
        "DW001",
        "--name",
        "城关供电所工会",
        "--user",
        "clerk",
        input=f"{CLERK}\n",
        data_dir=desk,
    )
    path = write_workbook(
        tmp_path / "r.xlsx",
        [ROSTER_HEADER, ["张伟", make_id(1), "", "DW001"], ["", make_id(2), "", "DW001"]],
    )
    r = run_cli(
        "--lang",
        "zh",
        "roster",
        "import",
        str(path),
        "--scheme",
        "QZ-2015-ZY",
        "--receipt",
        "PJ-1",
        "--user",
        "clerk",
        input=f"{CLERK}\n",
        data_dir=desk,
    )
    assert r.code == 0, r.err
    assert json.loads(r.out) == {
        "accepted": 1,
        "skipped": 0,
        "rejected": 1,
        "errors": [{"row": 3, "message": "姓名为空"}],
    }
    again = run_cli(
        "roster",
        "import",
        str(path),
        "--scheme",
        "QZ-2015-ZY",
        "--user",
        "clerk",
        input=f"{CLERK}\n",
        data_dir=desk,
    )
    assert json.loads(again.out)["skipped"] == 1 and json.loads(again.out)["accepted"] == 0


def test_a_file_that_is_not_a_workbook_exits_non_zero_with_the_message_on_stderr(desk, tmp_path):
    run_cli(
        "unit",
        "add",
        "DW001",
        "--name",
        "城关供电所工会",
        "--user",
        "clerk",
        input=f"{CLERK}\n",
        data_dir=desk,
    )
    bad = tmp_path / "r.xlsx"
    bad.write_text("not a workbook", "utf-8")
    r = run_cli(
        "--lang",
        "zh",
        "roster",
        "import",
        str(bad),
        "--scheme",
        "QZ-2015-ZY",
        "--unit",
        "DW001",
        "--user",
        "clerk",
        input=f"{CLERK}\n",
        data_dir=desk,
    )
    assert r.code == 2 and r.out == "" and "不是 Excel 工作簿" in r.err


def test_roster_template_writes_the_template(tmp_path, data_dir):
    out = tmp_path / "模板.xlsx"
    r = run_cli("roster", "template", "--out", str(out), data_dir=data_dir)
    assert r.code == 0 and out.stat().st_size > 0
