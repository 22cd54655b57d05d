#!/usr/bin/env bash
# dateline serve and its clients (issue 13): 304 and HEAD carry no body
# (read on a raw socket); gzip with Vary; Range ignored with a whole 200;
# 1000 idle sockets and 300 slowloris connections from 127.0.0.1 do not
# keep a client from 127.0.0.2 from its feed within 1 s; a request that
# dribbles its headers is cut at --request-timeout.
set -u
cd "$(dirname "$0")/../.."
source tests/cli/serve-lib.bash
py=/usr/bin/python3
cp events/russia-dprk-sanctions.mw "$tmp/tl.mw"
start_server --quiet --request-timeout 3 --listen 127.0.0.1:0 "$tmp/tl.mw" || exit 1
fetch /tl.ics >/dev/null; etag=$(header ETag); len=$(stat -c %s "$tmp/b")

# raw REQUEST: what the server sends back on one connection (read until
# it has been quiet for 0.5 s), as bytes on stdout.
raw() {
  "$py" - "$port" "$1" <<'PY'
import socket, sys
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
s.sendall(sys.argv[2].encode().decode('unicode_escape').encode('latin-1'))
s.settimeout(0.5)
data = b''
try:
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
except socket.timeout:
    pass
sys.stdout.buffer.write(data)
PY
}
# Two requests on one connection: the second response must start right
# after the first's headers, so any body on the first would show.
raw "GET /tl.ics HTTP/1.1\r\nHost: x\r\nIf-None-Match: $etag\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n" >"$tmp/r304"
check "304 then the next response, nothing between" \
  "$py" -c 'import sys; d = open(sys.argv[1], "rb").read(); h, rest = d.split(b"\r\n\r\n", 1)
assert h.startswith(b"HTTP/1.1 304 "), h
assert rest.startswith(b"HTTP/1.1 200 "), rest[:40]' "$tmp/r304"
check "304 says the 200's length, not 0" grep -aq "^Content-Length: $len"$'\r'"$" "$tmp/r304"
check "304 is not chunked" not grep -aqi '^Transfer-Encoding' "$tmp/r304"
raw "HEAD /tl.ics HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n" >"$tmp/rhead"
check "HEAD then the next response, nothing between" \
  "$py" -c 'import sys; d = open(sys.argv[1], "rb").read(); h, rest = d.split(b"\r\n\r\n", 1)
assert h.startswith(b"HTTP/1.1 200 "), h
assert rest.startswith(b"HTTP/1.1 200 "), rest[:40]' "$tmp/rhead"
check "HEAD says the GET's length" grep -aq "^Content-Length: $len"$'\r'"$" "$tmp/rhead"

# ---- gzip ----
check "gzip when accepted" [ "$(fetch /tl.ics -H 'Accept-Encoding: gzip')" = 200 ]
check "Content-Encoding: gzip" [ "$(header Content-Encoding)" = gzip ]
check "Vary: Accept-Encoding" [ "$(header Vary)" = Accept-Encoding ]
check "smaller than the feed" [ "$(stat -c %s "$tmp/b")" -lt "$len" ]
check "gunzips to the feed" cmp -s <(gzip -dc "$tmp/b") <(curl -s "$base/tl.ics")
gzetag=$(header ETag)
check "its own ETag" [ "$gzetag" != "$etag" ]
check "If-None-Match with it: 304" [ "$(fetch /tl.ics -H 'Accept-Encoding: gzip' -H "If-None-Match: $gzetag")" = 304 ]
check "gzip;q=0 is refused gzip" [ "$(fetch /tl.ics -H 'Accept-Encoding: gzip;q=0')" = 200 ] && check "plain" [ -z "$(header Content-Encoding)" ]
check "no gzip unasked" [ "$(fetch /tl.ics)" = 200 ] && check "plain body" [ "$(stat -c %s "$tmp/b")" = "$len" ]
check "Vary on the plain answer too" [ "$(header Vary)" = Accept-Encoding ]
check "PNG is not compressed" [ "$(fetch /tl.png -H 'Accept-Encoding: gzip')" = 200 ] && check "no encoding" [ -z "$(header Content-Encoding)" ]

# ---- Range: ignored, the whole feed with 200 (RFC 9110 14.2) ----
check "Range: 200, not 206" [ "$(fetch /tl.ics -H 'Range: bytes=0-9')" = 200 ]
check "the whole body" [ "$(stat -c %s "$tmp/b")" = "$len" ]
check "no Accept-Ranges" [ -z "$(header Accept-Ranges)" ]
check "an unsatisfiable Range: 200 too" [ "$(fetch /tl.ics -H 'Range: bytes=999999-')" = 200 ]

# ---- slow and idle clients ----
if "$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.2", 0))' 2>/dev/null; then
  "$py" - "$port" >"$tmp/crowd" <<'PY'
import resource, socket, sys, time
port = int(sys.argv[1])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4096), hard))
held = []
def open_from(addr, n):
    for _ in range(n):
        s = socket.socket()
        s.setblocking(False)
        s.bind((addr, 0))
        try:
            s.connect(('127.0.0.1', port))
        except BlockingIOError:
            pass
        held.append(s)
open_from('127.0.0.1', 1000)              # idle: never send a byte
slow = len(held)
open_from('127.0.0.1', 300)               # slowloris: a header byte at a time
time.sleep(0.5)
def dribble():
    for s in held[slow:]:
        try:
            s.send(b'G')
        except OSError:
            pass
def fresh():
    t0 = time.time()
    c = socket.create_connection(('127.0.0.1', port), timeout=5, source_address=('127.0.0.2', 0))
    c.sendall(b'GET /tl.ics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
    data = b''
    while True:
        chunk = c.recv(65536)
        if not chunk:
            break
        data += chunk
    c.close()
    return time.time() - t0, data
worst, ok = 0.0, 0
for i in range(10):
    dribble()
    took, data = fresh()
    worst = max(worst, took)
    ok += data.startswith(b'HTTP/1.1 200 ') and data.endswith(b'END:VCALENDAR\r\n') and took < 1.0
    time.sleep(0.2)
print(ok, round(worst, 3))
PY
  read -r got worst <"$tmp/crowd"
  echo "serve-clients: 10 fresh clients from 127.0.0.2 beside 1300 held sockets: $got served within 1 s, slowest ${worst}s"
  check "every fresh client from 127.0.0.2 got its feed within 1 s" [ "$got" = 10 ]
else
  echo "serve-clients: 127.0.0.2 unavailable; crowd checks skipped"
fi

# ---- the whole request is bounded, not only idle time ----
"$py" - "$port" >"$tmp/loris" <<'PY'
import socket, sys, time
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
t0 = time.time()
s.settimeout(1.0)
for b in b'GET /tl.ics HTTP/1.1\r\nHost: x\r\nX-Slow: ' + b'a' * 30:
    try:
        s.send(bytes([b]))
        if s.recv(1) == b'':
            break
    except socket.timeout:
        continue
    except OSError:
        break
    if time.time() - t0 > 12:
        break
print(round(time.time() - t0, 1))
PY
cut=$(cat "$tmp/loris")
echo "serve-clients: a client sending a header byte a second was cut after ${cut}s (--request-timeout 3)"
check "a slowloris request is cut near the bound (${cut}s)" awk -v t="$cut" 'BEGIN { exit !(t >= 2.5 && t < 6) }'
check "the server still answers" [ "$(fetch /tl.ics)" = 200 ]
stop_server
summary serve-clients
