#!/usr/bin/env bash
# Installs from Debian's packages what is missing. Run as root on a fresh machine.
#   ensure-system-packages.sh            what the tests need: PostgreSQL, Chromium, Redis,
#                                        wrk for the benchmarks, and below
#   ensure-system-packages.sh --runtime  what the product needs: Pango for PDF (WeasyPrint), fonts
set -euo pipefail
need=()
if [ "${1:-}" != "--runtime" ]; then
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v redis-server >/dev/null 2>&1 || need+=(redis-server)  # the shared cache's test
  command -v wrk >/dev/null 2>&1 || need+=(wrk)  # bench/load.py
fi
ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so.0" || need+=(libpango-1.0-0 libpangoft2-1.0-0)
fc-list 2>/dev/null | grep -qi "dejavu" || need+=(fonts-dejavu-core)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing from Debian: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
