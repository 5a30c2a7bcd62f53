#!/usr/bin/env bash
# Set up (first time) and start the desk application. Extra arguments go to desk-app,
# e.g. scripts/run.sh --data-dir /tmp/desk  or  scripts/run.sh demo --members 2000
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
exec .venv/bin/desk-app "$@"
