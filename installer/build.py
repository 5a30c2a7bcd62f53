"""Build the program: the PyInstaller folder, then the Windows installer script with makensis.

    python installer/build.py [--dist DIR] [--work DIR] [--no-nsis]

On Windows this produces ``dist/desk-app/`` and ``dist/desk-app-setup-<version>.exe``. On Linux
it builds the Linux folder (used by the smoke test) and compiles the NSIS script with Debian's
``makensis`` against it, which proves the script valid (the result is not a usable Windows
installer). See docs/install.md for the Windows steps.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desk_app import __version__  # noqa: E402
from installer import signing  # noqa: E402

VERSION_INFO = """# UTF-8
VSVersionInfo(
  ffi=FixedFileInfo(filevers=({v[0]}, {v[1]}, {v[2]}, 0), prodvers=({v[0]}, {v[1]}, {v[2]}, 0),
                    mask=0x3f, flags=0x0, OS=0x40004, fileType=0x1, subtype=0x0,
                    date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('080404B0', [
      StringStruct('CompanyName', '县总工会职工服务中心'),
      StringStruct('FileDescription', '职工医疗互助保障服务窗口'),
      StringStruct('FileVersion', '{version}'),
      StringStruct('InternalName', 'desk-app'),
      StringStruct('OriginalFilename', 'desk-app.exe'),
      StringStruct('ProductName', '职工医疗互助保障服务窗口'),
      StringStruct('ProductVersion', '{version}')])]),
    VarFileInfo([VarStruct('Translation', [2052, 1200])])
  ]
)
"""


def run(cmd: list[str], **kw: object) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, **kw)  # type: ignore[call-overload]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dist", default=str(ROOT / "dist"))
    ap.add_argument("--work", default=str(ROOT / "build"))
    ap.add_argument("--no-nsis", action="store_true", help="skip the installer script")
    args = ap.parse_args(argv)
    dist, work = Path(args.dist).resolve(), Path(args.work).resolve()
    work.mkdir(parents=True, exist_ok=True)

    # 1. Translations compiled, so the folder carries the .qm files.
    run([sys.executable, "-m", "ui.i18n.build"], cwd=ROOT)

    # 2. The version resource (Windows reads it; elsewhere it is ignored).
    parts = [int(x) for x in __version__.split(".")[:3]]
    version_file = work / "version_info.txt"
    version_file.write_text(VERSION_INFO.format(v=parts, version=__version__), encoding="utf-8")

    # 3. The one-folder program.
    env = {**__import__("os").environ, "DESK_APP_VERSION_FILE": str(version_file)}
    run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--distpath",
            str(dist),
            "--workpath",
            str(work / "pyinstaller"),
            str(ROOT / "installer" / "desk-app.spec"),
        ],
        cwd=ROOT,
        env=env,
    )
    folder = dist / "desk-app"
    print(f"program folder: {folder}")

    # 3b. Signed, when a certificate is configured (installer/signing.py).
    if signing.configured():
        run(signing.sign_command([folder / "desk-app.exe", folder / "desk-app-cli.exe"]))
    else:
        print("no signing certificate configured: the program is not signed")

    # 4. The installer script.
    if not args.no_nsis:
        makensis = shutil.which("makensis")
        if makensis is None:
            print("makensis not found: skipping the installer (apt-get install nsis)")
        else:
            out = dist / f"desk-app-setup-{__version__}.exe"
            run(
                [
                    makensis,
                    "-V2",
                    f"-DVERSION={__version__}",
                    f"-DSRCDIR={folder}",
                    f"-DOUTFILE={out}",
                    *signing.nsis_sign_define(),
                    str(ROOT / "installer" / "desk-app.nsi"),
                ],
                cwd=ROOT / "installer",
            )
            print(f"installer: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
