#!/usr/bin/env bash
# dateline serve over HTTP, checked with curl on a free loopback port:
# statuses, headers, ETag and 304s, HEAD, exact paths only (traversal
# refused), 405, the access log, a bad edit that keeps the last good feed
# behind a banner, a good edit served, usage errors and a clean stop.
set -u
cd "$(dirname "$0")/../.."
source tests/cli/serve-lib.bash
dl=$DATELINE
cp events/russia-dprk-sanctions.mw "$tmp/tl.mw"
events=$("$dl" dump "$tmp/tl.mw" | head -n 1 | sed 's/.*events \([0-9]*\).*/\1/')

started=$(date +%s)
start_server --listen 127.0.0.1:0 "$tmp/tl.mw" || exit 1
check "startup line names the loopback URL" [ "$base" = "http://127.0.0.1:$port" ]
check "a real port was picked" [ "$port" -gt 0 ]

# ---- the feed ----
check "GET /tl.ics is 200" [ "$(fetch /tl.ics)" = 200 ]
check "feed content type" [ "$(header Content-Type)" = "text/calendar; charset=utf-8" ]
etag=$(header ETag)
modified=$(header Last-Modified)
check "strong ETag of 16 hex digits: $etag" matches "$etag" '^"[0-9a-f]{16}"$'
check "Last-Modified is an IMF-fixdate: $modified" \
  matches "$modified" '^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT$'
lm=$(date -d "$modified" +%s)
check "Last-Modified is when the served bytes were rendered" [ "$lm" -ge "$started" -a "$lm" -le "$(date +%s)" ]
check "Cache-Control from the default refresh P1D" [ "$(header Cache-Control)" = "public, max-age=86400" ]
check "nosniff" [ "$(header X-Content-Type-Options)" = nosniff ]
check "served feed is dateline ics's feed, with SEQUENCE" cmp -s <(unstamped "$tmp/b") <("$dl" ics "$tmp/tl.mw" | unstamped)
check "SOURCE is the feed's own URL" grep -q "^SOURCE;VALUE=URI:http://127.0.0.1:$port/tl.ics" "$tmp/b"
len=$(stat -c %s "$tmp/b")

# ---- the diagram and the page ----
check "GET /tl.svg is 200" [ "$(fetch /tl.svg)" = 200 ]
check "svg content type" [ "$(header Content-Type)" = image/svg+xml ]
check "svg body" grep -q '<svg' "$tmp/b"
check "GET /tl.png is 200" [ "$(fetch /tl.png)" = 200 ]
check "png content type" [ "$(header Content-Type)" = image/png ]
check "png signature" [ "$(head -c 8 "$tmp/b" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]
check "GET /tl.pdf is a PDF" [ "$(fetch /tl.pdf)" = 200 ] && check "pdf magic" [ "$(head -c 5 "$tmp/b")" = "%PDF-" ]
check "GET /tl.dot is 200" [ "$(fetch /tl.dot)" = 200 ]
for path in / /tl/; do
  check "GET $path is 200" [ "$(fetch $path)" = 200 ]
  check "$path is HTML" [ "$(header Content-Type)" = "text/html; charset=utf-8" ]
  check "$path has the SVG inline" grep -q '<svg' "$tmp/b"
  check "$path has the webcal link" grep -q "href=\"webcal://127.0.0.1:$port/tl.ics\">Subscribe</a>" "$tmp/b"
  check "$path has one row per event" [ "$(grep -c '<tr><td class="date">' "$tmp/b")" = "$events" ]
  check "$path has the title" grep -q '<h1>North Korean workers in Russia and the UN sanctions</h1>' "$tmp/b"
done
check "/tl/ links the feed one level up" grep -q 'href="../tl.ics" download>Download .ics' "$tmp/b"
check "/tl/ shows no banner" not grep -q 'class="banner"' "$tmp/b"
check "/tl redirects to /tl/" [ "$(fetch /tl)" = 301 ] && check "Location /tl/" [ "$(header Location)" = /tl/ ]
check "/healthz" [ "$(fetch /healthz)" = 200 ] && check "healthz says ok" [ "$(cat "$tmp/b")" = ok ]

# ---- HEAD and conditional requests ----
check "HEAD /tl.ics is 200" [ "$(fetch /tl.ics -I)" = 200 ]
check "HEAD has the GET's length" [ "$(header Content-Length)" = "$len" ]
check "HEAD has no body (curl -I writes only the headers)" cmp -s "$tmp/b" "$tmp/h"
check "HEAD has the ETag" [ "$(header ETag)" = "$etag" ]
check "If-None-Match: the ETag -> 304" [ "$(fetch /tl.ics -H "If-None-Match: $etag")" = 304 ]
check "304 has no body" [ ! -s "$tmp/b" ]
check "304 does not claim a length of 0" [ "$(header Content-Length)" != 0 ]
check "304 repeats the ETag" [ "$(header ETag)" = "$etag" ]
check "304 repeats Cache-Control" [ "$(header Cache-Control)" = "public, max-age=86400" ]
check "If-None-Match in a list -> 304" [ "$(fetch /tl.ics -H "If-None-Match: \"0000000000000000\", W/$etag")" = 304 ]
check "If-None-Match: * -> 304" [ "$(fetch /tl.ics -H 'If-None-Match: *')" = 304 ]
check "If-None-Match: another -> 200" [ "$(fetch /tl.ics -H 'If-None-Match: "0123456789abcdef"')" = 200 ]
check "If-Modified-Since: Last-Modified -> 304" [ "$(fetch /tl.ics -H "If-Modified-Since: $modified")" = 304 ]
check "If-Modified-Since: 1990 -> 200" [ "$(fetch /tl.ics -H 'If-Modified-Since: Mon, 01 Jan 1990 00:00:00 GMT')" = 200 ]
check "If-Modified-Since: garbage is ignored" [ "$(fetch /tl.ics -H 'If-Modified-Since: yesterday')" = 200 ]
check "If-None-Match wins over If-Modified-Since" \
  [ "$(fetch /tl.ics -H 'If-None-Match: "0123456789abcdef"' -H "If-Modified-Since: $modified")" = 200 ]

# ---- nothing else is served, and never the file system ----
for path in /nope /tl.mw /tl.ics/ /TL.ics /tl.html /index.html /tl/index.html \
            /../tl.mw /tl/../tl.mw /%2e%2e/%2e%2e/etc/passwd /..%2f..%2fetc/passwd \
            //etc/passwd /etc/passwd "/$tmp/tl.mw" /.%2e/tl.mw /healthz/; do
  check "$path is 404" [ "$(fetch "$path")" = 404 ]
  check "$path leaks nothing" not grep -q 'root:\|^---' "$tmp/b"
done
code=$(curl -s -o "$tmp/b" -w '%{http_code}' --request-target "http://127.0.0.1:$port/../../etc/passwd" "$base/")
check "absolute-form request target is refused ($code)" [ "$code" = 404 -o "$code" = 400 ]
code=$(curl -s -o "$tmp/b" -w '%{http_code}' --request-target "/$(head -c 40000 /dev/zero | tr '\0' a)" "$base/")
check "a 40 kB request line is refused ($code)" [ "$code" -ge 400 ]
for method in POST PUT DELETE OPTIONS PATCH; do
  check "$method is 405" [ "$(fetch /tl.ics -X $method -d x=1)" = 405 ]
  check "$method answer has Allow" [ "$(header Allow)" = "GET, HEAD" ]
done
check "the server answers after all that" [ "$(fetch /tl.ics -H "If-None-Match: $etag")" = 304 ]

# ---- the access log ----
check "common log format line for a GET" \
  grep -Eq '^127\.0\.0\.1 - - \[[0-9]{2}/[A-Z][a-z]{2}/[0-9]{4}:[0-9]{2}:[0-9]{2}:[0-9]{2} \+0000\] "GET /tl\.ics HTTP/1\.1" 200 '"$len"'$' "$tmp/log"
check "304 logged without bytes" grep -q '"GET /tl.ics HTTP/1.1" 304 -$' "$tmp/log"
check "raw URI logged as received" grep -q '"GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1" 404 ' "$tmp/log"

# ---- a bad edit keeps the last good outputs ----
fetch /tl.ics >/dev/null && cp "$tmp/b" "$tmp/good.ics"
printf '\n2017-13: An event in a month that does not exist\n' >>"$tmp/tl.mw"
badline=$(wc -l <"$tmp/tl.mw")
check "the bad edit is read once it settles" eventually 5 grep -q "tl.mw:$badline:6: error" "$tmp/log"
check "after a bad edit /tl.ics is still 200" [ "$(fetch /tl.ics)" = 200 ]
check "...with the last good feed" cmp -s "$tmp/b" "$tmp/good.ics"
check "...and its ETag" [ "$(header ETag)" = "$etag" ]
check "...and a 304 still holds" [ "$(fetch /tl.ics -H "If-None-Match: $etag")" = 304 ]
check "the error is logged as FILE:LINE:COL" grep -q "^dateline: $tmp/tl.mw:$badline:6: error: invalid month '13'" "$tmp/log"
check "logged once, not per request" [ "$(grep -c "tl.mw:$badline:6: error" "$tmp/log")" = 1 ]
# The error is logged when the edit is read, a moment before the new page
# is swapped in: wait for the page (a slow build, under ASan, shows the gap).
page_has_banner() {
  fetch /tl/ >/dev/null && grep -q '<div class="banner" role="alert">' "$tmp/b"
}
check "the page shows the banner" eventually 5 page_has_banner
check "the page is 200" [ "$(fetch /tl/)" = 200 ]
check "the banner has the error" grep -q "tl.mw:$badline:6: error: invalid month &#39;13&#39;" "$tmp/b"
check "the page still shows the last good events" [ "$(grep -c '<tr><td class="date">' "$tmp/b")" = "$events" ]
check "/ shows the banner too" [ "$(fetch /)" = 200 ] && check "banner on /" grep -q 'class="banner"' "$tmp/b"
check "healthz is 503 while the last good version is served" [ "$(fetch /healthz)" = 503 ]
check "healthz says why" grep -q "^tl: serving the last good version: $tmp/tl.mw:$badline:6: error: invalid month" "$tmp/b"

# ---- a good edit is served ----
cp events/russia-dprk-sanctions.mw "$tmp/tl.mw"
sed -i 's/^title: .*/title: Edited <title> \& more/; s/^calendar: .*/calendar: Edited calendar/' "$tmp/tl.mw"
sed -i '0,/^lanes:/s//refresh: PT6H\nlanes:/' "$tmp/tl.mw"
new_etag() { [ "$(fetch /tl.ics)" = 200 ] && [ "$(header ETag)" != "$etag" ]; }
check "the good edit is published within 3 s" eventually 3 new_etag
check "after a good edit /tl.ics is 200" [ "$(fetch /tl.ics)" = 200 ]
check "...with a new ETag" [ "$(header ETag)" != "$etag" ]
check "...with the new feed" cmp -s <(unstamped "$tmp/b") <("$dl" ics "$tmp/tl.mw" | unstamped)
check "...named as edited" grep -q '^NAME:Edited calendar' "$tmp/b"
check "refresh PT6H -> max-age 21600" [ "$(header Cache-Control)" = "public, max-age=21600" ]
check "the old ETag no longer gets a 304" [ "$(fetch /tl.ics -H "If-None-Match: $etag")" = 200 ]
check "the page drops the banner" [ "$(fetch /tl/)" = 200 ] && check "no banner" not grep -q 'class="banner"' "$tmp/b"
check "the new title, escaped" grep -q '<h1>Edited &lt;title&gt; &amp; more</h1>' "$tmp/b"
check "healthz ok again" [ "$(fetch /healthz)" = 200 ] && check "healthz ok text" [ "$(cat "$tmp/b")" = ok ]

# ---- a clean stop ----
kill -TERM "$srv_pid"; wait "$srv_pid"; status=$?; srv_pid=
check "SIGTERM stops it with status 0 ($status)" [ "$status" = 0 ]
check "and says so" grep -q '^dateline: stopping on SIGTERM$' "$tmp/log"

# ---- --quiet, SIGINT, several files, IPv6 ----
cp "$tmp/tl.mw" "$tmp/second.mw"
start_server --quiet --listen 127.0.0.1:0 "$tmp/tl.mw" "$tmp/second.mw" || exit 1
check "/ lists both files" [ "$(fetch /)" = 200 ] && check "index links" \
  grep -q 'href="tl/"' "$tmp/b" && check "index links second" grep -q 'href="second/"' "$tmp/b"
check "index has both webcal links" [ "$(grep -c 'href="webcal://127.0.0.1:' "$tmp/b")" = 2 ]
check "/second.ics" [ "$(fetch /second.ics)" = 200 ]
check "--quiet logs no requests" not grep -q '"GET ' "$tmp/log"
kill -INT "$srv_pid"; wait "$srv_pid"; status=$?; srv_pid=
check "SIGINT stops it with status 0 ($status)" [ "$status" = 0 ]

if curl -s -o /dev/null --max-time 2 "http://[::1]:1/" 2>/dev/null; [[ $? == 7 ]] &&
   start_server --listen '[::1]:0' "$tmp/tl.mw" 2>/dev/null; then
  check "IPv6 startup line" matches "$base" '^http://\[::1\]:[0-9]+$'
  check "GET over IPv6" [ "$(fetch /tl.ics -g)" = 200 ]
  # The access log line is written after the response is sent.
  check "IPv6 client in the log" eventually 3 grep -q '^::1 - - ' "$tmp/log"
  stop_server
else
  stop_server
  echo "serve: IPv6 loopback unavailable; IPv6 checks skipped"
fi

# ---- usage and startup errors ----
expect_err 2 "dateline: serve: no input file (try 'dateline --help')" "$dl" serve
expect_err 2 "dateline: --listen must be HOST:PORT or [IPV6]:PORT with a port from 0 to 65535, not '8080' (try 'dateline --help')" \
  "$dl" serve --listen 8080 "$tmp/tl.mw"
expect_err 2 "dateline: --listen must be HOST:PORT or [IPV6]:PORT with a port from 0 to 65535, not '127.0.0.1:65536' (try 'dateline --help')" \
  "$dl" serve --listen 127.0.0.1:65536 "$tmp/tl.mw"
expect_err 2 "dateline: serve: unknown option '--bogus' (try 'dateline --help')" "$dl" serve --bogus "$tmp/tl.mw"
expect_err 2 "dateline: serve: option '--listen' needs a value (try 'dateline --help')" "$dl" serve "$tmp/tl.mw" --listen
cp "$tmp/tl.mw" "$tmp/a b.mw"
expect_err 2 "dateline: $tmp/a b.mw: cannot publish this file: its name must use only letters, digits, '.', '_' and '-' (try 'dateline --help')" \
  "$dl" serve --listen 127.0.0.1:0 "$tmp/a b.mw"
mkdir -p "$tmp/other"; cp "$tmp/tl.mw" "$tmp/other/tl.mw"
expect_err 2 "dateline: $tmp/tl.mw and $tmp/other/tl.mw would both publish 'tl' (try 'dateline --help')" \
  "$dl" serve --listen 127.0.0.1:0 "$tmp/tl.mw" "$tmp/other/tl.mw"
expect_err 3 "dateline: /nonexistent/x.mw: No such file or directory" "$dl" serve --listen 127.0.0.1:0 /nonexistent/x.mw
printf '2017-13: x\n' >"$tmp/bad.mw"
"$dl" serve --listen 127.0.0.1:0 "$tmp/bad.mw" 2>"$tmp/err"; status=$?
check "a file with errors at startup: status 1 ($status)" [ "$status" = 1 ]
check "...reported as FILE:LINE:COL" grep -q "^dateline: $tmp/bad.mw:1:6: error:" "$tmp/err"
start_server --listen 127.0.0.1:0 "$tmp/tl.mw" || exit 1
expect_err 3 "dateline: cannot listen on 127.0.0.1:$port: Address already in use" \
  "$dl" serve --listen "127.0.0.1:$port" "$tmp/tl.mw"
stop_server
[[ $("$dl" serve --help) == "usage: dateline serve"* ]] && ok || bad "serve --help"
[[ $("$dl" help serve) == "usage: dateline serve"* ]] && ok || bad "help serve"

summary serve
