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
exec .venv/bin/python -m pytest "$@"
