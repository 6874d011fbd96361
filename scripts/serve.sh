#!/usr/bin/env bash
# Serves the product: the background runner (manage.py work) beside the web server
# (granian, in the foreground). Ctrl-C stops both; if the runner ends, the server is
# stopped too, so background work never silently stops while pages are served. Called by
# `make run` with UV, HOST, PORT, WORKERS and BLOCKING_THREADS set.
set -uo pipefail
UV=${UV:-uv}
$UV run --frozen python manage.py work &
runner=$!
# Watch the runner: if it ends, stop the server (and with it this script).
( while kill -0 "$runner" 2>/dev/null; do sleep 2; done
  echo "serve.sh: the background runner stopped; stopping the server" >&2
  pkill -TERM -f "granian --interface wsgi config.wsgi:application --host $HOST --port $PORT" ) &
watcher=$!
server_pattern="granian --interface wsgi config.wsgi:application --host $HOST --port $PORT"
# However this script ends (Ctrl-C, a TERM to it alone), nothing of it is left running.
trap 'kill "$watcher" 2>/dev/null; kill -TERM "$runner" 2>/dev/null
      pkill -TERM -f "$server_pattern"; wait "$runner" 2>/dev/null' EXIT
$UV run --frozen granian --interface wsgi config.wsgi:application \
  --host "$HOST" --port "$PORT" --workers "$WORKERS" --blocking-threads "$BLOCKING_THREADS" \
  --no-ws
