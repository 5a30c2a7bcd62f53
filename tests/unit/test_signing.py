"""The signing step of the build (installer/signing.py): nothing configured, nothing signed;
a certificate configured gives signtool's SHA-256, timestamped command line; an incomplete
configuration is refused in words rather than producing unsigned files that look signed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from installer import signing

TOOL = {"DESK_APP_SIGNTOOL": r"C:\SDK\signtool.exe", "DESK_APP_SIGN_TIMESTAMP": "http://ts.example"}


def test_nothing_configured_signs_nothing() -> None:
    assert not signing.configured({})
    assert signing.nsis_sign_define({}) == []


def test_a_certificate_in_the_store_is_named_by_its_thumbprint() -> None:
    env = {**TOOL, "DESK_APP_SIGN_THUMBPRINT": "ABCDEF"}
    cmd = signing.sign_command(["a.exe", "b.exe"], env)
    assert cmd[:2] == [r"C:\SDK\signtool.exe", "sign"]
    assert (
        cmd[cmd.index("/fd") + 1] == "SHA256" and cmd[cmd.index("/tr") + 1] == "http://ts.example"
    )
    assert cmd[cmd.index("/sha1") + 1] == "ABCDEF" and cmd[-2:] == ["a.exe", "b.exe"]


def test_a_pfx_file_must_exist(tmp_path: Path) -> None:
    with pytest.raises(signing.SigningError, match="no such file"):
        signing.sign_command(["a.exe"], {**TOOL, "DESK_APP_SIGN_PFX": str(tmp_path / "x.pfx")})
    pfx = tmp_path / "cert.pfx"
    pfx.write_bytes(b"pfx")
    cmd = signing.sign_command(["a.exe"], {**TOOL, "DESK_APP_SIGN_PFX": str(pfx),
                                           "DESK_APP_SIGN_PASSWORD": "pw"})  # fmt: skip
    assert cmd[cmd.index("/f") + 1] == str(pfx) and cmd[cmd.index("/p") + 1] == "pw"


def test_signing_without_a_timestamp_server_is_refused() -> None:
    env = {"DESK_APP_SIGNTOOL": "signtool", "DESK_APP_SIGN_THUMBPRINT": "ABCDEF"}
    with pytest.raises(signing.SigningError, match="TIMESTAMP"):
        signing.sign_command(["a.exe"], env)


def test_the_nsis_script_gets_the_command_with_a_placeholder() -> None:
    (define,) = signing.nsis_sign_define({**TOOL, "DESK_APP_SIGN_THUMBPRINT": "ABCDEF"})
    assert define.startswith("-DSIGNCMD=") and define.endswith(" %1")
