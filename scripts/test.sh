#!/usr/bin/env bash
# Set up (first time) and run the whole test suite: lint, types, then pytest (unit,
# integration with a real PostgreSQL started by the tests, and the Qt tests offscreen).
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh --test
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check .
.venv/bin/mypy
.venv/bin/lint-imports --no-cache
if [ $# -gt 0 ]; then
  exec .venv/bin/python -m pytest "$@"
fi
# Two stages: the suite, then the program build (minutes; cached by its sources, with its own
# time budget), so a slow build can never take the rest of the run with it.
status=0
.venv/bin/python -m pytest -m "not bundle" || status=$?
.venv/bin/python -m pytest -m bundle || status=$?
exit $status
