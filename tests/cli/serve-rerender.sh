#!/usr/bin/env bash
# dateline serve renders a change in the background (issue 13): with a
# 20,000-event file, requests made while the new version is rendered are
# answered from the previous one within 100 ms.
set -u
cd "$(dirname "$0")/../.."
source tests/cli/serve-lib.bash
py=/usr/bin/python3
# Under AddressSanitizer (make check-asan) rendering is several times
# slower: fewer events keep the test's time bounded; the requests' bound
# is the same.
n=20000
[[ $DATELINE == */asan/* ]] && n=1000
"$py" scripts/gen_events.py "$n" >"$tmp/big.mw"
start_wait=600 start_server --quiet --settle 100 --listen 127.0.0.1:0 "$tmp/big.mw" || exit 1
"$py" - "$port" "$tmp/big.mw" "$n" >"$tmp/lat" <<'PY'
import http.client, sys, time
port, path = int(sys.argv[1]), sys.argv[2]
def get(conn, url, headers={}):
    t0 = time.time()
    conn.request('GET', url, headers=headers)
    r = conn.getresponse()
    first = time.time() - t0         # the status line and headers
    body = r.read()
    return r.status, r.getheader('ETag'), first, body
c = http.client.HTTPConnection('127.0.0.1', port, timeout=30)
_, etag, _, body = get(c, '/big.ics')
assert body.count(b'BEGIN:VEVENT') == int(sys.argv[3])
with open(path, 'a') as f:
    f.write('\n2018-08-05: One more event\n')
edited = time.time()
# The change settles and its render starts within 0.3 s; rendering 20,000
# events takes seconds (10 at startup here), so requests from 0.5 s to
# 3.5 s after the edit that still get the old feed are answered during it.
worst, n, during = 0.0, 0, 0
time.sleep(0.5)
while time.time() - edited < 3.5:
    for url in ('/healthz', '/big.ics', '/big/'):
        status, tag, first, _ = get(c, url, {'If-None-Match': etag} if url == '/big.ics' else {})
        n += 1
        worst = max(worst, first)
        during += url == '/big.ics' and status == 304
    time.sleep(0.02)
print(n, during, round(worst * 1000, 1))
PY
read -r requests during worst <"$tmp/lat"
echo "serve-rerender: $n events: $requests requests while re-rendering ($during still of the old version), slowest answer ${worst} ms"
check "requests were made during the re-render" [ "$during" -ge 20 ]
check "every one answered within 100 ms (${worst} ms)" awk -v t="$worst" 'BEGIN { exit !(t < 100) }'
# A stop waits for the render in progress; the test need not.
kill -KILL "$srv_pid"; wait "$srv_pid" 2>/dev/null; srv_pid=
summary serve-rerender
