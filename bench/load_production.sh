#!/usr/bin/env bash
# bench/load.py against the production topology, in one command: PostgreSQL 15 with fsync
# and synchronous commit on (a throwaway cluster), Redis as the shared cache (ADR 0014),
# and the product as `make run` serves it — granian with two workers and the one runner
# beside it, the demo data loaded. Everything it started is stopped and removed afterwards;
# nothing else (a `make run` of yours on port 8000) is touched.
#
#     bench/load_production.sh            # BENCH_SECONDS, BENCH_CONNECTIONS as for load.py
set -euo pipefail
cd "$(dirname "$0")/.."
web_port=${BENCH_PORT:-8010}
redis_port=${BENCH_REDIS_PORT:-6390}
export KC_PG_PORT=${BENCH_PG_PORT:-54331} KC_PG_DURABLE=1
command -v redis-server >/dev/null || scripts/ensure-system-packages.sh
busy() { python3 -c "import socket, sys; s = socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $1)) != 0)"; }
for port in "$web_port" "$redis_port" "$KC_PG_PORT"; do
  if busy "$port"; then echo "port $port is taken: set BENCH_PORT, BENCH_REDIS_PORT or BENCH_PG_PORT" >&2; exit 2; fi
done
work=$(mktemp -d /tmp/kc-load-production.XXXXXX)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no \
  --dir "$work" --daemonize yes --pidfile "$work/redis.pid" >/dev/null
# The server on this port only (a `make run` of yours on 8000 is left alone); when it stops,
# serve.sh stops the runner beside it.
server="granian --interface wsgi config.wsgi:application --host 127.0.0.1 --port $web_port"
halt() {  # TERM, then up to 20 s to finish its requests, then KILL
  pkill -TERM -f "$server" 2>/dev/null || return 0
  for _ in $(seq 1 20); do pgrep -f "$server" >/dev/null || return 0; sleep 1; done
  pkill -KILL -f "$server" 2>/dev/null || true
}
export -f halt
stop() {
  halt
  [ -f "$work/redis.pid" ] && kill "$(cat "$work/redis.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap stop EXIT
export CACHE_URL="redis://127.0.0.1:$redis_port/0" BASE_URL="http://127.0.0.1:$web_port" WORK="$work" SERVER="$server"
# shellcheck disable=SC2016  # expanded by the inner shell, inside the PostgreSQL wrapper
scripts/with-postgres.sh bash -c '
  make run PORT='"$web_port"' >"$WORK/serve.log" 2>&1 &
  up() { python3 -c "import os, urllib.request as u; u.urlopen(os.environ[\"BASE_URL\"] + \"/healthz\", timeout=2)" 2>/dev/null; }
  for _ in $(seq 1 300); do up && break; sleep 1; done
  up || { tail -30 "$WORK/serve.log"; exit 1; }
  echo "PostgreSQL (durable) + Redis + granian 2 workers + the runner, at $BASE_URL"
  status=0
  ${UV:-uv} run --frozen python bench/load.py || status=$?
  server=$SERVER halt  # the server and the runner stop before the database does
  sleep 2
  exit $status
'
