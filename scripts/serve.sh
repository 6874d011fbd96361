#!/usr/bin/env bash
# Serves the product: the background runner (manage.py work) beside the web server
# (granian). Ctrl-C, a TERM, or either of them ending stops both. Called by `make run`
# with UV, HOST, PORT, WORKERS and BLOCKING_THREADS set.
set -uo pipefail
UV=${UV:-uv}
$UV run --frozen python manage.py work &
runner=$!
$UV run --frozen granian --interface wsgi config.wsgi:application \
  --host "$HOST" --port "$PORT" --workers "$WORKERS" --blocking-threads "$BLOCKING_THREADS" \
  --no-ws &
server=$!
stop() {
  trap - EXIT INT TERM
  kill -TERM "$runner" "$server" 2>/dev/null
  wait "$runner" "$server" 2>/dev/null
}
trap 'stop; exit 130' INT TERM
trap stop EXIT
wait -n "$runner" "$server"
status=$?
echo "serve.sh: one of the two stopped (status $status); stopping the other" >&2
exit "$status"
