#!/usr/bin/env bash
# bench/load.py against the production topology, in one command: PostgreSQL 15 with fsync
# and synchronous commit on (a throwaway cluster), Redis as the shared cache (ADR 0014),
# and the product as `make run` serves it — granian with two workers and the one runner
# beside it, the demo data loaded. Everything is stopped and removed afterwards.
#
#     bench/load_production.sh            # BENCH_SECONDS, BENCH_CONNECTIONS as for load.py
set -euo pipefail
cd "$(dirname "$0")/.."
web_port=${BENCH_PORT:-8010}
redis_port=${BENCH_REDIS_PORT:-6390}
export KC_PG_PORT=${BENCH_PG_PORT:-54331} KC_PG_DURABLE=1
command -v redis-server >/dev/null || scripts/ensure-system-packages.sh
redis_dir=$(mktemp -d /tmp/kc-redis.XXXXXX)
log=$(mktemp /tmp/kc-load-production.XXXXXX.log)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no \
  --dir "$redis_dir" --daemonize yes --pidfile "$redis_dir/pid" >/dev/null
stop() {
  pkill -TERM -f "scripts/serve.sh" 2>/dev/null || true
  pkill -TERM -f "granian --interface wsgi config.wsgi:application --host 127.0.0.1 --port $web_port" \
    2>/dev/null || true
  [ -f "$redis_dir/pid" ] && kill "$(cat "$redis_dir/pid")" 2>/dev/null || true
  rm -rf "$redis_dir"
}
trap stop EXIT
export CACHE_URL="redis://127.0.0.1:$redis_port/0" BASE_URL="http://127.0.0.1:$web_port"
# shellcheck disable=SC2016  # expanded by the inner shell, inside the PostgreSQL wrapper
scripts/with-postgres.sh bash -c '
  make run PORT='"$web_port"' >'"$log"' 2>&1 &
  up() { python3 -c "import os, urllib.request as u; u.urlopen(os.environ[\"BASE_URL\"] + \"/healthz\", timeout=2)" 2>/dev/null; }
  for _ in $(seq 1 300); do up && break; sleep 1; done
  up || { tail -30 '"$log"'; exit 1; }
  echo "PostgreSQL (durable) + Redis + granian 2 workers + the runner, at $BASE_URL"
  ${UV:-uv} run --frozen python bench/load.py
  status=$?
  pkill -TERM -f "scripts/serve.sh" || true
  sleep 3
  exit $status
'
