#!/usr/bin/env bash
# Write the lockfiles again from pyproject.toml (after changing a dependency or to move a pin on):
# requirements/desk.lock, build.lock and test.lock, universal (Windows and Linux), with hashes.
# Needs uv (pip install uv); review the diff before committing it.
set -euo pipefail
cd "$(dirname "$0")/.."
UV=${UV:-uv}
lock() {  # lock NAME [--extra X]...
  local name=$1; shift
  "$UV" pip compile pyproject.toml "$@" --universal --python-version 3.11 --generate-hashes \
    --no-header --annotation-style line -o "requirements/$name.lock"
}
lock desk
lock build --extra build
lock test --extra test
