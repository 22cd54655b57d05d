#!/usr/bin/env bash
# Figures only, no pass/fail: requests per second that `dateline serve`
# answers on loopback for the cached .ics with 1 and 64 concurrent
# connections, and for a 304 (If-None-Match).  Load from wrk (Debian
# package wrk), else ab (apache2-utils); BENCH_SECONDS each (default 3).
# Usage: bench_serve.sh BIN
set -euo pipefail
bin=$(realpath "$1")
cd "$(dirname "$0")/.."
secs=${BENCH_SECONDS:-3}
tmp=$(mktemp -d)
pid=
trap '[[ -n $pid ]] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT

echo "== serve (requests/second on loopback, ${secs}s each)"
if ! command -v wrk >/dev/null && ! command -v ab >/dev/null; then
  echo "skipped: neither wrk nor ab is installed (Debian wrk or apache2-utils)"
  exit 0
fi
cp events/russia-dprk-sanctions.mw "$tmp/tl.mw"
"$bin" serve --quiet --listen 127.0.0.1:0 "$tmp/tl.mw" 2>"$tmp/log" &
pid=$!
for _ in $(seq 100); do
  grep -q '^dateline: serving ' "$tmp/log" && break
  sleep 0.1
done
url=$(sed -n 's/^dateline: serving //p' "$tmp/log")tl.ics
etag=$(curl -sI "$url" | tr -d '\r' | sed -n 's/^ETag: //p')
size=$(curl -s "$url" | wc -c)

# rate CONNECTIONS [HEADER]: requests per second for $url.
rate() {
  local c=$1; shift
  if command -v wrk >/dev/null; then
    local threads=$((c < 4 ? c : 4))
    wrk -t"$threads" -c"$c" -d"${secs}s" ${1:+-H "$1"} "$url" |
      awk '/^Requests\/sec:/ { printf "%.0f", $2 }'
  else
    ab -q -k -c "$c" -t "$secs" -n 10000000 ${1:+-H "$1"} "$url" 2>/dev/null |
      awk '/^Requests per second:/ { printf "%.0f", $4 }'
  fi
}

printf '%-34s %12s\n' case "req/s"
printf '%-34s %12s\n' "GET .ics ($size bytes), 1 conn" "$(rate 1)"
printf '%-34s %12s\n' "GET .ics ($size bytes), 64 conns" "$(rate 64)"
printf '%-34s %12s\n' "304 (If-None-Match), 64 conns" "$(rate 64 "If-None-Match: $etag")"
echo "(load generator: $(command -v wrk >/dev/null && echo wrk || echo ab); $(nproc) CPUs shared with it)"
