"""The scheduled backup and sync as Windows Task Scheduler reads them: the XML (what runs, as
whom, when), the schtasks command lines the installer's `tasks install` / `remove` run, and a
refusal by schtasks passed on in its own words. (The Windows workflow registers them for real.)"""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path, PureWindowsPath

import pytest

from desk_app.system import tasks

NS = {"t": "http://schemas.microsoft.com/windows/2004/02/mit/task"}
EXE = Path(str(PureWindowsPath(r"C:\Program Files\DeskApp\desk-app-cli.exe")))


def parsed(job: tasks.Job) -> ET.Element:
    text = tasks.task_xml(job, EXE)
    return ET.fromstring(text.split("\n", 1)[1])  # ElementTree refuses the UTF-16 declaration


def test_the_backup_runs_daily_at_noon_as_whoever_is_signed_in():
    root = parsed(tasks.BACKUP)
    assert root.findtext(".//t:Exec/t:Command", namespaces=NS) == str(EXE)
    assert root.findtext(".//t:Exec/t:Arguments", namespaces=NS) == "backup --auto"
    assert root.findtext(".//t:WorkingDirectory", namespaces=NS) == r"C:\Program Files\DeskApp"
    assert root.findtext(".//t:Principal/t:GroupId", namespaces=NS) == tasks.USERS_SID
    assert root.findtext(".//t:CalendarTrigger/t:StartBoundary", namespaces=NS).endswith("12:00:00")
    assert root.findtext(".//t:StartWhenAvailable", namespaces=NS) == "true"
    assert root.findtext(".//t:MultipleInstancesPolicy", namespaces=NS) == "IgnoreNew"


def test_the_sync_runs_every_half_hour_and_after_sign_in():
    root = parsed(tasks.SYNC)
    assert root.findtext(".//t:Exec/t:Arguments", namespaces=NS) == "sync"
    assert root.findtext(".//t:Repetition/t:Interval", namespaces=NS) == "PT30M"
    assert root.find(".//t:LogonTrigger", NS) is not None


class Schtasks:
    """Records the command lines, and the task file each /Create names, as schtasks gets them."""

    def __init__(self, fail: str = "") -> None:
        self.calls: list[list[str]] = []
        self.files: list[bytes] = []
        self.fail = fail

    def __call__(self, cmd):
        self.calls.append(list(cmd))
        if "/XML" in cmd:
            self.files.append(Path(cmd[cmd.index("/XML") + 1]).read_bytes())
        code = 1 if self.fail and self.fail in cmd else 0
        return subprocess.CompletedProcess(cmd, code, "", "错误: 拒绝访问。" if code else "")


def test_install_registers_both_tasks_from_utf16_files():
    run = Schtasks()
    assert tasks.install(EXE, runner=run) == ["DeskApp\\Backup", "DeskApp\\Sync"]
    assert [c[:5] for c in run.calls] == [
        ["schtasks", "/Create", "/F", "/TN", "DeskApp\\Backup"],
        ["schtasks", "/Create", "/F", "/TN", "DeskApp\\Sync"],
    ]
    assert all(f.startswith(b"\xff\xfe") for f in run.files)  # UTF-16 with its BOM
    assert "backup --auto" in run.files[0].decode("utf-16")


def test_a_refusal_by_schtasks_is_passed_on():
    with pytest.raises(RuntimeError, match="拒绝访问"):
        tasks.install(EXE, runner=Schtasks(fail="DeskApp\\Sync"))


def test_remove_deletes_what_exists_and_tolerates_the_rest():
    run = Schtasks(fail="DeskApp\\Sync")
    assert tasks.remove(runner=run) == ["DeskApp\\Backup"]
    assert [c[1] for c in run.calls] == ["/Delete", "/Delete"]
