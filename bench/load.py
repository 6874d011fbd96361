"""Where a crowd lands, under load: every URL of issue 24's table with ``wrk`` (Debian's,
installed by ``scripts/ensure-system-packages.sh``), one after another in one run against
one server, each printed with its requests/s, its p99 and its share of ``/healthz``'s rate
measured in the same run — read the ratios, not the absolute numbers.

    make run                                   # in one terminal: the demo, SQLite, runner
    uv run python bench/load.py                # in another; BASE_URL, BENCH_SECONDS, ...

The ratings and life events are posted with the demo system's key and a fresh
``Idempotency-Key`` per request (a wrk Lua script), so each request stores a row.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000").rstrip("/")
SECONDS = int(os.environ.get("BENCH_SECONDS", "6"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
THREADS = 2
DEMO_KEY = os.environ.get("BENCH_API_KEY", "kc_demo0001_Amur-Demo-Key-For-Local-Use-Only-2026")
#: A service of the demo key's body (Минсоцзащиты): its system may rate it.
SERVICE = os.environ.get("BENCH_SERVICE", "lgoty-pensioneram")

GET_URLS = [
    ("/healthz", "/healthz (the middleware, no work)"),
    ("/static/favicon.svg", "a static file (WhiteNoise)"),
    ("/", "/ the catalogue"),
    ("/situations/vyhod-na-pensiyu/", "a life situation"),
    (f"/services/{SERVICE}/", "a service"),
    ("/otsenki/", "/otsenki/ published results"),
    (f"/otsenki/usluga/{SERVICE}/", "a service's published results"),
    ("/api/v1/ratings/published", "GET /api/v1/ratings/published"),
]

_POST = """
counter = 0
init = function(args)
  -- each wrk thread has its own Lua state: seed each differently, or their keys collide
  math.randomseed(os.time() + tonumber(string.sub(tostring({{}}), 8), 16))
end
request = function()
  counter = counter + 1
  local key = string.format("bench-%s-%d-%d", "{run}", math.random(1, 1e9), counter)
  return wrk.format("POST", "{path}", {{
    ["Content-Type"] = "application/json",
    ["X-API-Key"] = "{api_key}",
    ["Idempotency-Key"] = key,
  }}, '{body}')
end
"""
POSTS = [
    (
        "/api/v1/ratings",
        '{"service": "' + SERVICE + '", "csat": 4}',
        "POST /api/v1/ratings (API key, Idempotency-Key)",
    ),
    (
        "/api/v1/life-events",
        '{"kind": "birth_registered", "snils": "11223344595", "occurred_on": "2026-01-15"}',
        "POST /api/v1/life-events",
    ),
]


def wrk(url: str, script: Path | None = None) -> tuple[float, float, str]:
    """Requests/s, p99 in ms and the non-2xx/3xx count wrk reported."""
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency"]
    if script is not None:
        command += ["-s", str(script)]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    assert p99 is not None, out
    value, unit = float(p99.group(1)), p99.group(2)
    p99_ms = value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return rate, p99_ms, bad.group(1) if bad else "0"


def main() -> int:
    if shutil.which("wrk") is None:
        print("wrk is missing: scripts/ensure-system-packages.sh installs it (Debian's).")
        return 2
    try:
        urllib.request.urlopen(BASE_URL + "/healthz", timeout=5).read()
    except OSError as exc:
        print(f"No server at {BASE_URL} ({exc}): start it with `make run`.")
        return 2
    rows: list[tuple[str, float, float, str]] = []
    for path, label in GET_URLS:
        urllib.request.urlopen(BASE_URL + path, timeout=30).read()
        rows.append((label, *wrk(BASE_URL + path)))
    run = str(int(time.time()))
    with tempfile.TemporaryDirectory() as folder:
        for path, body, label in POSTS:
            script = Path(folder) / "post.lua"
            script.write_text(_POST.format(run=run, path=path, api_key=DEMO_KEY, body=body))
            rows.append((label, *wrk(BASE_URL + path, script)))
    healthz = rows[0][1]
    print(f"{BASE_URL}, {CONNECTIONS} connections, {THREADS} threads, {SECONDS} s per URL\n")
    print("| URL | requests/s | p99 | share of /healthz | non-2xx/3xx |")
    print("| --- | --- | --- | --- | --- |")
    for label, rate, p99, bad in rows:
        print(f"| {label} | {rate:,.0f} | {p99:,.0f} ms | {rate / healthz:.3f} | {bad} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
