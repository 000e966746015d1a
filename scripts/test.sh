#!/usr/bin/env bash
# Install everything the tests need, then lint and run the whole test suite (unit, integration, browser).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install.sh test
.venv/bin/ruff check .
.venv/bin/python -m pytest "$@"
