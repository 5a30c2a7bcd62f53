"""Code signing of the built program with Windows' signtool, when a certificate is configured
(unsigned PyInstaller programs are flagged by SmartScreen and by Chinese antivirus programs).

Configured by the environment of the build (docs/release.md):
- ``DESK_APP_SIGN_THUMBPRINT`` — the SHA-1 thumbprint of a certificate in the Windows
  certificate store (a token or an HSM: the key never leaves it), or
- ``DESK_APP_SIGN_PFX`` (a .pfx file) with ``DESK_APP_SIGN_PASSWORD``;
- ``DESK_APP_SIGN_TIMESTAMP`` — the RFC 3161 timestamp server the certificate's issuer names
  (required: without a timestamp the signatures die with the certificate);
- ``DESK_APP_SIGNTOOL`` — signtool.exe, when it is not on PATH.

Nothing configured: nothing is signed, and the build says so.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path

DESCRIPTION = "职工医疗互助保障服务窗口"


class SigningError(RuntimeError):
    """Signing is configured but cannot be done as configured."""


def configured(env: Mapping[str, str] = os.environ) -> bool:
    return bool(env.get("DESK_APP_SIGN_THUMBPRINT") or env.get("DESK_APP_SIGN_PFX"))


def sign_command(files: Sequence[Path | str], env: Mapping[str, str] = os.environ) -> list[str]:
    """The signtool command line that signs ``files`` (SHA-256, timestamped); raises
    SigningError when the configuration is incomplete."""
    if not configured(env):
        raise SigningError("no certificate configured (DESK_APP_SIGN_THUMBPRINT or _PFX)")
    timestamp = env.get("DESK_APP_SIGN_TIMESTAMP", "")
    if not timestamp:
        raise SigningError("DESK_APP_SIGN_TIMESTAMP is required: the timestamp server's URL")
    tool = env.get("DESK_APP_SIGNTOOL") or shutil.which("signtool") or ""
    if not tool:
        raise SigningError("signtool not found: install the Windows SDK or set DESK_APP_SIGNTOOL")
    cmd = [tool, "sign", "/fd", "SHA256", "/td", "SHA256", "/tr", timestamp, "/d", DESCRIPTION]
    if env.get("DESK_APP_SIGN_THUMBPRINT"):
        cmd += ["/sha1", env["DESK_APP_SIGN_THUMBPRINT"]]
    else:
        pfx = env["DESK_APP_SIGN_PFX"]
        if not Path(pfx).is_file():
            raise SigningError(f"DESK_APP_SIGN_PFX: no such file {pfx}")
        cmd += ["/f", pfx]
        if env.get("DESK_APP_SIGN_PASSWORD"):
            cmd += ["/p", env["DESK_APP_SIGN_PASSWORD"]]
    return [*cmd, *map(str, files)]


def nsis_sign_define(env: Mapping[str, str] = os.environ) -> list[str]:
    """makensis ``-D`` arguments that make the NSIS script sign the installer and its
    uninstaller (``!finalize`` / ``!uninstfinalize``; ``%1`` is the file); none unsigned."""
    if not configured(env):
        return []
    cmd = sign_command(["%1"], env)
    return ["-DSIGNCMD=" + " ".join(f'"{c}"' if " " in c else c for c in cmd)]
