#!/usr/bin/env bash
# Install Kavosh, index the bundled demo corpus, and start the API (port 8000) and the UI (port 8501).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install.sh
export KAVOSH_HOME="${KAVOSH_HOME:-$PWD/.kavosh}"
export KAVOSH_API_URL="${KAVOSH_API_URL:-http://127.0.0.1:8000}"
api_port="${KAVOSH_API_URL##*:}"
api_port="${api_port%%/*}"

# Index before the server starts, straight into the embedded store (not through the API).
env -u KAVOSH_API_URL .venv/bin/kavosh ingest corpora/seeds
.venv/bin/kavosh serve --port "$api_port" &
api_pid=$!
trap 'kill $api_pid 2>/dev/null' EXIT INT TERM
for _ in $(seq 60); do  # wait for the API to answer (it loads the model and warms up first)
  .venv/bin/python -c "import httpx, sys; httpx.get(sys.argv[1], timeout=2).raise_for_status()" \
    "$KAVOSH_API_URL/health" >/dev/null 2>&1 && break
  kill -0 $api_pid 2>/dev/null || exit 1  # the API failed to start: its error is above
  sleep 1
done
echo "API:  $KAVOSH_API_URL  (OpenAPI at $KAVOSH_API_URL/docs)"
echo "UI:   http://127.0.0.1:${KAVOSH_UI_PORT:-8501}"
.venv/bin/kavosh ui --port "${KAVOSH_UI_PORT:-8501}"
