#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster on a loopback port,
# with DATABASE_URL pointing at it, and removes the cluster afterwards.
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
port=${KC_PG_PORT:-54329}
dir=$(mktemp -d /tmp/kc-pg.XXXXXX)
chmod 755 "$dir"
as_pg=()
if [ "$(id -u)" = "0" ]; then
  chown postgres:postgres "$dir"
  as_pg=(runuser -u postgres --)
fi
cleanup() {
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
"${as_pg[@]}" "$bindir/initdb" -D "$dir/data" -U kc -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
# Tests need no durability; benchmarks ask for it (KC_PG_DURABLE=1 keeps fsync and
# synchronous commit on, as in production).
fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
[ "${KC_PG_DURABLE:-0}" = "1" ] && fast=""
"${as_pg[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 $fast -c max_connections=200" start >/dev/null
"$bindir/createdb" -h 127.0.0.1 -p "$port" -U kc klientocentr
export DATABASE_URL="postgres://kc@127.0.0.1:$port/klientocentr"
"$@"
