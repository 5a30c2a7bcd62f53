"""Files and folders for the owner only: the data folder holds personal data.

On POSIX a folder is 0700 and a file 0600, set explicitly on everything the desk creates (the
database before SQLite opens it, so its WAL and shared-memory files, which SQLite creates with
the database's own mode, are private too; backups, logs, key files) and, for the rest (exports,
lists), by the process's umask (:func:`owner_only_umask`, set by the command line and the window
at start). On Windows the modes mean nothing: the installer gives the data folder an ACL for the
user and Administrators only (``installer/desk-app.nsi``) and :func:`windows_acl_problems`
checks it at start (see ``docs/operations.md``).
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600
UMASK = 0o077

# Windows accounts and groups that must not be on the data folder's ACL (the installer removes
# inherited entries and grants the user and Administrators only).
_WIDE_GROUPS = ("Everyone", "BUILTIN\\Users", "NT AUTHORITY\\Authenticated Users", "*S-1-1-0")


def is_posix() -> bool:
    return os.name == "posix"


def private_dir(path: Path) -> Path:
    """Create ``path`` (and missing parents) and make it the owner's only; returns it."""
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    if is_posix():
        os.chmod(path, DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Make ``path`` the owner's only, creating it empty when missing; returns it.

    Call it before SQLite (or anything else) first opens the file, so the file is never
    readable by others, not even for a moment."""
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE)
        os.close(fd)
    if is_posix():
        os.chmod(path, FILE_MODE)
    return path


def tighten(path: Path) -> None:
    """Make an existing file the owner's only (nothing when it is missing)."""
    if is_posix() and path.exists():
        os.chmod(path, FILE_MODE)


def tighten_tree(root: Path) -> None:
    """Every folder under ``root`` 0700 and every file 0600 (a desk made by an older release,
    whose folder was 0755 and files 0644)."""
    if not is_posix() or not root.is_dir():
        return
    os.chmod(root, DIR_MODE)
    for dirpath, dirnames, filenames in os.walk(root):
        for d in dirnames:
            p = Path(dirpath, d)
            if not p.is_symlink():
                os.chmod(p, DIR_MODE)
        for f in filenames:
            p = Path(dirpath, f)
            if not p.is_symlink():
                os.chmod(p, FILE_MODE)


def open_to_others(path: Path) -> bool:
    """True when a POSIX file or folder grants anything to its group or to others."""
    return is_posix() and bool(path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO))


@contextmanager
def owner_only_umask() -> Iterator[None]:
    """Everything created inside the block is the owner's only (POSIX umask 077)."""
    if not is_posix():
        yield
        return
    old = os.umask(UMASK)
    try:
        yield
    finally:
        os.umask(old)


def windows_acl_problems(path: Path) -> list[str]:
    """The ACL entries of ``path`` that give a wide group access (Windows; empty elsewhere or
    when ``icacls`` cannot be run)."""
    if sys.platform != "win32" or not path.exists():
        return []
    try:
        out = subprocess.run(
            ["icacls", str(path)], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except OSError:
        return []
    return acl_wide_entries(out)


# What the installer and the start-up repair grant (besides the user): Administrators, SYSTEM.
ACL_GROUPS = ("*S-1-5-32-544", "*S-1-5-18")


def icacls_restrict_args(path: Path, user: str) -> list[str]:
    """The ``icacls`` command that gives ``path`` an ACL for ``user``, Administrators and
    SYSTEM only, cut from inheritance (the installer runs the same, installer/desk-app.nsi)."""
    args = ["icacls", str(path), "/inheritance:r", "/grant:r", f"{user}:(OI)(CI)F"]
    for group in ACL_GROUPS:
        args += ["/grant:r", f"{group}:(OI)(CI)F"]
    return args


def check_windows_acl(path: Path) -> list[str]:
    """At start on Windows: when the data folder's ACL lets a wide group in, set it as the
    installer does (the owner may change its own folder's ACL); returns what was found."""
    found = windows_acl_problems(path)
    if found:
        user = f"{os.environ.get('USERDOMAIN', '')}\\{os.environ.get('USERNAME', '')}"
        subprocess.run(
            icacls_restrict_args(path, user.lstrip("\\")),
            capture_output=True,
            check=False,
            timeout=30,
        )
    return found


def acl_wide_entries(icacls_output: str) -> list[str]:
    """The lines of ``icacls`` output that name Everyone, Users or Authenticated Users."""
    found = []
    for line in icacls_output.splitlines():
        text = line.strip()
        if any(g.lower() + ":" in text.lower() for g in _WIDE_GROUPS):
            found.append(text)
    return found
