#!/usr/bin/env bash
# dateline serve while its file is edited (issue 13): truncate-then-write
# and write-in-place editors, 50 edits each with a client fetching all the
# while, every response being one whole version; write-and-rename; a
# suspect edit held back with /healthz 503, then 200; If-Modified-Since
# after an edit with SOURCE_DATE_EPOCH set; SEQUENCE of an edited event.
set -u
cd "$(dirname "$0")/../.."
source tests/cli/serve-lib.bash
dl=$DATELINE
py=/usr/bin/python3
cp events/russia-dprk-sanctions.mw "$tmp/a.mw"
# Version B: one title edited, one event added.
sed 's/^\(2017-09: \)/\1Edited: /' "$tmp/a.mw" >"$tmp/b.mw"
printf '\n2018-08-05: An event only version B has\n' >>"$tmp/b.mw"
cp "$tmp/a.mw" "$tmp/tl.mw"
check "B differs from A" not cmp -s "$tmp/a.mw" "$tmp/b.mw"

SOURCE_DATE_EPOCH=1533254400 start_server --quiet --settle 100 --listen 127.0.0.1:0 "$tmp/tl.mw" || exit 1

# editor STYLE: 50 edits alternating B and A, each followed by a pause of
# 20-200 ms, then one to a third version that must show within 2 s, while a client fetches the feed without pause; prints what
# was seen and fails when a response is not a whole A or B feed.
editor() {
  "$py" - "$1" "$port" "$tmp/tl.mw" "$tmp/a.mw" "$tmp/b.mw" <<'PY'
import http.client, os, random, re, sys, threading, time
style, port, path, a, b = sys.argv[1], int(sys.argv[2]), *sys.argv[3:]
texts = [open(a, 'rb').read(), open(b, 'rb').read()]
def summaries(feed):
    feed = re.sub(rb'\r\n[ \t]', b'', feed)
    return sorted(re.findall(rb'^SUMMARY:(.*)\r$', feed, re.M))
# What each version's feed says, from the served feed of each.
def fetch(conn):
    conn.request('GET', '/tl.ics')
    r = conn.getresponse()
    return r.status, r.read()
conn = http.client.HTTPConnection('127.0.0.1', port, timeout=5)
random.seed(13)
bad, seen, stop = [], {}, threading.Event()
def client():
    c = http.client.HTTPConnection('127.0.0.1', port, timeout=5)
    while not stop.is_set():
        status, body = fetch(c)
        s = tuple(summaries(body))
        ok = status == 200 and body.endswith(b'END:VCALENDAR\r\n') and len(s) in (10, 11, 12)
        if not ok:
            bad.append((status, len(body), len(s)))
        seen[s] = seen.get(s, 0) + 1
t = threading.Thread(target=client); t.start()
def write(data):
    if style == 'truncate':
        with open(path, 'wb') as f:      # truncates at once
            f.flush(); time.sleep(0.005)
            f.write(data)
    else:                                # in place, in two parts
        with open(path, 'r+b') as f:
            half = len(data) // 2
            f.write(data[:half]); f.flush(); time.sleep(0.005)
            f.write(data[half:]); f.truncate()
final_text = texts[1] + b'\n2018-08-06: The final version\n'
for i in range(50):                      # 50 edits: B, A, ..., A
    write(texts[(i + 1) % 2])
    time.sleep(random.uniform(0.02, 0.2))
write(final_text)                        # and one to a third version
last = time.time()
# The last version is published within 2 s of the last write.
final = None
while time.time() - last < 2.0:
    _, body = fetch(conn)
    if b'SUMMARY:The final version' in body:
        final = time.time() - last
        break
    time.sleep(0.05)
stop.set(); t.join()
print(f'{style}: {sum(seen.values())} responses, {len(seen)} versions seen, {len(bad)} bad; last edit served after {final}')
# Only whole versions: A, B and the final one, never a mix or a part.
sys.exit(0 if not bad and 2 <= len(seen) <= 3 and final is not None else 1)
PY
}
for style in truncate inplace; do
  out=$(editor $style); status=$?
  echo "serve-edits: $out"
  check "$style: every response a whole version, both seen, the last within 2 s" [ $status = 0 ]
done
check "no empty or partial version was ever published (no warning logged)" not grep -q 'held back' "$tmp/log"

# ---- write-and-rename ----
cp "$tmp/a.mw" "$tmp/tl.mw"  # back to A
has_a() { fetch /tl.ics >/dev/null; ! grep -q 'SUMMARY:Edited: ' "$tmp/b"; }
check "back to A" eventually 2 has_a
cp "$tmp/b.mw" "$tmp/new.mw" && mv "$tmp/new.mw" "$tmp/tl.mw"
has_b() { fetch /tl.ics >/dev/null; grep -q 'SUMMARY:Edited: ' "$tmp/b"; }
check "write-and-rename is picked up within 2 s" eventually 2 has_b

# ---- If-Modified-Since after an edit, SOURCE_DATE_EPOCH set ----
fetch /tl.ics >/dev/null; lm=$(header Last-Modified); etag=$(header ETag)
check "Last-Modified is not SOURCE_DATE_EPOCH" [ "$lm" != "Fri, 03 Aug 2018 00:00:00 GMT" ]
check "unchanged: If-Modified-Since gives 304" [ "$(fetch /tl.ics -H "If-Modified-Since: $lm")" = 304 ]
cp "$tmp/a.mw" "$tmp/tl.mw"
changed() { [ "$(fetch /tl.ics -H "If-Modified-Since: $lm")" = 200 ]; }
check "after an edit the same If-Modified-Since gives 200" eventually 3 changed
check "...and If-None-Match agrees" [ "$(fetch /tl.ics -H "If-None-Match: $etag")" = 200 ]
check "...and the new Last-Modified is later" [ "$(date -d "$(header Last-Modified)" +%s)" -gt "$(date -d "$lm" +%s)" ]

# ---- SEQUENCE: only the edited event's goes up ----
"$py" - "$tmp/b" >"$tmp/seq" <<'PY'
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
for e in cal.walk('VEVENT'):
    print(int(e.get('SEQUENCE', -1)), str(e['SUMMARY'])[:30])
PY
# A -> B -> A ... 51 content changes of one event; whatever the count, the
# edited event's SEQUENCE is above 0 and no other event's is.
check "the edited event's SEQUENCE went up" grep -Eq '^[1-9][0-9]* ' <(grep -F "$(sed -n 's/^2017-09: //p' "$tmp/a.mw" | head -n 1 | cut -c1-20)" "$tmp/seq")
check "every other event kept SEQUENCE 0" [ "$(grep -c '^0 ' "$tmp/seq")" = 9 ]
check "the state file is beside the event file" [ -s "$tmp/.tl.dateline-state" ]

# ---- a suspect edit is held back ----
fetch /tl.ics >/dev/null; cp "$tmp/b" "$tmp/good.ics"
: >"$tmp/tl.mw"
held() { [ "$(fetch /healthz)" = 503 ]; }
check "an emptied file: /healthz 503" eventually 3 held
check "...saying why" grep -q '^tl: .*held back: this version has 0 of the 10 events' "$tmp/b"
check "...and the feed is the last good one" [ "$(fetch /tl.ics)" = 200 ] && check "same bytes" cmp -s "$tmp/b" "$tmp/good.ics"
check "the page says why too" [ "$(fetch /tl/)" = 200 ] && check "banner" grep -q 'held back' "$tmp/b"
cp "$tmp/a.mw" "$tmp/tl.mw"
healthy() { [ "$(fetch /healthz)" = 200 ]; }
check "the file restored: /healthz 200 again" eventually 3 healthy
check "healthz says ok" [ "$(cat "$tmp/b")" = ok ]
# Held long enough (10 times the settle time), a suspect version is published.
# (the file up to its third event: two events of ten)
awk '/^[0-9][0-9][0-9][0-9][-\/:]/ { n++ } n <= 2' "$tmp/a.mw" >"$tmp/tl.mw"
check "a shrunken file is held back" eventually 3 held
one() { fetch /tl.ics >/dev/null; [ "$(grep -c BEGIN:VEVENT "$tmp/b")" -lt 5 ]; }
check "...and published once stable for the hold time" eventually 4 one
check "...then /healthz is 200" healthy
stop_server

summary serve-edits
