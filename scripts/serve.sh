#!/usr/bin/env bash
# Serves the product: the background runner (manage.py work) beside the web server
# (granian). Ctrl-C, or either of them ending, stops both. Called by `make run` with
# UV, HOST, PORT, WORKERS and BLOCKING_THREADS set.
set -euo pipefail
UV=${UV:-uv}
$UV run --frozen python manage.py work &
runner=$!
stop() {
  kill -TERM "$runner" 2>/dev/null || true
  wait "$runner" 2>/dev/null || true
}
trap stop EXIT INT TERM
$UV run --frozen granian --interface wsgi config.wsgi:application \
  --host "$HOST" --port "$PORT" --workers "$WORKERS" --blocking-threads "$BLOCKING_THREADS" \
  --no-ws
