#!/usr/bin/env bash
# Figures only, no pass/fail: requests per second that `dateline serve`
# answers on loopback for the cached .ics with 1 and 64 concurrent
# connections, gzip, and for a 304 (If-None-Match); then the re-render of
# a 20,000-event file: how long until the new version is served and how
# long requests take meanwhile.  Load from wrk (Debian package wrk), else
# ab (apache2-utils); BENCH_SECONDS each (default 3).
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
printf '%-34s %12s\n' "GET .ics gzip, 64 conns" "$(rate 64 "Accept-Encoding: gzip")"
# No 304 row: a 304 says the 200's Content-Length (RFC 9110 8.6), and
# wrk's and ab's parsers then wait for a body that never comes.
echo "(load generator: $(command -v wrk >/dev/null && echo wrk || echo ab); $(nproc) CPUs shared with it)"
kill "$pid"; wait "$pid" 2>/dev/null; pid=

echo "== serve: re-render of 20000 events in the background"
/usr/bin/python3 scripts/gen_events.py 20000 >"$tmp/big.mw"
"$bin" serve --quiet --settle 100 --listen 127.0.0.1:0 "$tmp/big.mw" 2>"$tmp/log" &
pid=$!
for _ in $(seq 600); do
  grep -q '^dateline: serving ' "$tmp/log" && break
  sleep 0.1
done
port=$(sed -n 's|^dateline: serving http://127.0.0.1:\([0-9]*\)/|\1|p' "$tmp/log")
/usr/bin/python3 - "$port" "$tmp/big.mw" <<'PY'
import http.client, sys, time
port, path = int(sys.argv[1]), sys.argv[2]
c = http.client.HTTPConnection('127.0.0.1', port, timeout=60)
def get(url):
    t0 = time.time()
    c.request('GET', url)
    r = c.getresponse()
    first = time.time() - t0
    r.read()
    return r.getheader('ETag'), first, time.time() - t0
etag, _, _ = get('/big.ics')
with open(path, 'a') as f:
    f.write('\n2018-08-05: One more event\n')
t0, heads, whole, health, new = time.time(), [], [], [], None
while time.time() - t0 < 120 and new is None:
    tag, first, took = get('/big.ics')
    heads.append(first)
    whole.append(took)
    health.append(get('/healthz')[1])
    if tag != etag:
        new = time.time() - t0
    time.sleep(0.05)
for l in (heads, whole, health):
    l.sort()
print('%-34s %10.1f s' % ('edit to new version served', new or -1))
print('%-34s %10d' % ('requests during it', 2 * len(heads)))
print('%-34s %10.1f ms' % ('/healthz, slowest', 1000 * health[-1]))
print('%-34s %10.1f ms' % ('feed headers, median', 1000 * heads[len(heads) // 2]))
print('%-34s %10.1f ms' % ('feed headers, slowest', 1000 * heads[-1]))
print('%-34s %10.1f ms' % ('whole feed, median', 1000 * whole[len(whole) // 2]))
print('%-34s %10.1f ms' % ('whole feed, slowest', 1000 * whole[-1]))
PY
