"""The desk's scheduled jobs in Windows Task Scheduler: the daily backup and the regular sync,
run by ``desk-app-cli.exe`` (the console program of the installed folder).

The installer registers them (``desk-app-cli.exe tasks install``, elevated) and the uninstaller
removes them (``tasks remove``). Each is a task of the **Users** group (SID S-1-5-32-545), so it
runs in whichever clerk is signed in to Windows, as that person, with their own data folder
(``%LOCALAPPDATA%\\desk-app``, or the portable folder beside the program); nobody's password is
stored. A PC that was off at the time catches up when it is next on (StartWhenAvailable); a job
still running is never started twice (IgnoreNew); a job that hangs is stopped after an hour.

``task_xml`` writes Task Scheduler's XML (schema 1.2, Windows 7 and later), which is what
``schtasks /Create /XML`` reads (as UTF-16); ``commands`` the ``schtasks`` command lines.
"""

from __future__ import annotations

import ntpath
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

FOLDER = "DeskApp"  # the Task Scheduler folder the desk's tasks live in
USERS_SID = "S-1-5-32-545"  # BUILTIN\Users
_NS = "http://schemas.microsoft.com/windows/2004/02/mit/task"


@dataclass(frozen=True)
class Job:
    name: str
    arguments: str
    description: str
    trigger: str  # Task Scheduler XML for the <Triggers> element's content


BACKUP = Job(
    "Backup",
    "backup --auto",
    "职工医疗互助保障服务窗口：每日自动备份数据库（保留份数见系统设置）",
    # Noon: desk PCs are often off at night; a missed run starts when the PC is next on.
    "<CalendarTrigger><StartBoundary>2020-01-01T12:00:00</StartBoundary>"
    "<ScheduleByDay><DaysInterval>1</DaysInterval></ScheduleByDay></CalendarTrigger>",
)
SYNC = Job(
    "Sync",
    "sync",
    "职工医疗互助保障服务窗口：与市总工会服务器同步（程序未打开时）",
    "<CalendarTrigger><StartBoundary>2020-01-01T08:00:00</StartBoundary>"
    "<Repetition><Interval>PT30M</Interval><Duration>P1D</Duration></Repetition>"
    "<ScheduleByDay><DaysInterval>1</DaysInterval></ScheduleByDay></CalendarTrigger>"
    "<LogonTrigger><Delay>PT5M</Delay></LogonTrigger>",
)
JOBS = (BACKUP, SYNC)

Runner = Callable[[Sequence[str]], "subprocess.CompletedProcess[str]"]


def task_name(job: Job) -> str:
    return f"{FOLDER}\\{job.name}"


def task_xml(job: Job, exe: Path) -> str:
    """The task definition for ``job`` run by the console program ``exe``."""
    return (
        '<?xml version="1.0" encoding="UTF-16"?>\n'
        f'<Task version="1.2" xmlns="{_NS}">'
        "<RegistrationInfo>"
        f"<Description>{escape(job.description)}</Description>"
        "<Author>desk-app</Author>"
        "</RegistrationInfo>"
        f"<Triggers>{job.trigger}</Triggers>"
        '<Principals><Principal id="Users">'
        f"<GroupId>{USERS_SID}</GroupId><RunLevel>LeastPrivilege</RunLevel>"
        "</Principal></Principals>"
        "<Settings>"
        "<MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>"
        "<DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>"
        "<StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>"
        "<StartWhenAvailable>true</StartWhenAvailable>"
        "<RunOnlyIfNetworkAvailable>false</RunOnlyIfNetworkAvailable>"
        "<ExecutionTimeLimit>PT1H</ExecutionTimeLimit>"
        "<Hidden>false</Hidden><Enabled>true</Enabled>"
        "</Settings>"
        '<Actions Context="Users"><Exec>'
        f"<Command>{escape(str(exe))}</Command>"
        f"<Arguments>{escape(job.arguments)}</Arguments>"
        f"<WorkingDirectory>{escape(ntpath.dirname(str(exe)))}</WorkingDirectory>"
        "</Exec></Actions>"
        "</Task>"
    )


def create_command(job: Job, xml_file: Path) -> list[str]:
    return ["schtasks", "/Create", "/F", "/TN", task_name(job), "/XML", str(xml_file)]


def delete_command(job: Job) -> list[str]:
    return ["schtasks", "/Delete", "/F", "/TN", task_name(job)]


def _run(cmd: Sequence[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(cmd), capture_output=True, text=True, check=False)


def install(exe: Path, *, runner: Runner = _run, jobs: Sequence[Job] = JOBS) -> list[str]:
    """Register (or replace) every job for ``exe``; the task names registered. Raises
    ``RuntimeError`` with schtasks' own words when one cannot be registered."""
    done = []
    with tempfile.TemporaryDirectory(prefix="desk-tasks-") as tmp:
        for job in jobs:
            xml = Path(tmp) / f"{job.name}.xml"
            xml.write_text(task_xml(job, exe), encoding="utf-16")  # with its BOM
            r = runner(create_command(job, xml))
            if r.returncode != 0:
                raise RuntimeError(f"{task_name(job)}: {(r.stderr or r.stdout).strip()}")
            done.append(task_name(job))
    return done


def remove(*, runner: Runner = _run, jobs: Sequence[Job] = JOBS) -> list[str]:
    """Delete every job that exists; the names deleted (a missing one is not an error: an
    uninstall after a failed install must still go through)."""
    gone = []
    for job in jobs:
        if runner(delete_command(job)).returncode == 0:
            gone.append(task_name(job))
    return gone
