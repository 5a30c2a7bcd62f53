#!/usr/bin/env bash
# Prepare this checkout on a fresh Debian/Ubuntu machine: system packages, a virtual
# environment in .venv, the project installed in editable mode, translations compiled.
# Idempotent: a second run only checks.   Usage: scripts/bootstrap.sh [--test]
set -euo pipefail
cd "$(dirname "$0")/.."
want_test=0
[ "${1:-}" = "--test" ] && want_test=1

# Qt needs these shared libraries even offscreen; the fonts let Chinese text render.
runtime_pkgs="libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libdbus-1-3 libfontconfig1
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0
  libxcb-render-util0 libxcb-image0 libnss3 libasound2 libpulse0 fonts-noto-cjk fonts-wqy-zenhei"
# Tests also need a virtual screen, PDF rendering, a real PostgreSQL, the NSIS compiler, and
# LibreOffice (headless) to save test workbooks as .xls / .ods and to print them to PDF.
test_pkgs="xvfb xauth poppler-utils postgresql nsis libreoffice-calc-nogui"
pkgs="$runtime_pkgs"
[ $want_test = 1 ] && pkgs="$pkgs $test_pkgs"

missing=""
if command -v dpkg-query >/dev/null 2>&1; then
  for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
  done
fi
if [ -n "$missing" ]; then
  echo "bootstrap: installing system packages:$missing"
  SUDO=""
  [ "$(id -u)" != 0 ] && SUDO="sudo"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "bootstrap: creating .venv"
  "$PY" -m venv .venv
fi
# The exact versions, hashes checked, from the lockfile (requirements/README.md); then the
# project itself on top, without dependencies (they are all in the lock).
lock=requirements/desk.lock
[ $want_test = 1 ] && lock=requirements/test.lock
stamp=.venv/.installed-$( (cat pyproject.toml "$lock"; echo $want_test) | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q --require-hashes -r "$lock"
  .venv/bin/python -m pip install -q --no-deps -e .
  rm -f .venv/.installed-*
  touch "$stamp"
fi
# Compile the Qt translations (.ts -> .qm); the .qm files are build products, not committed.
.venv/bin/python -m ui.i18n.build
