#!/usr/bin/env bash
# dateline build -d DIR: the files written are exactly the bytes serve
# serves; reproducible; nothing written for an input with errors; the page
# of a build without --base-url carries the one script its policy allows;
# usage and I/O errors.
set -u
cd "$(dirname "$0")/../.."
source tests/cli/serve-lib.bash
dl=$DATELINE
cp events/russia-dprk-sanctions.mw "$tmp/tl.mw"
files="tl.ics tl.svg tl.png tl.pdf tl.dot tl/index.html index.html"

# same FILE1 FILE2: equal bytes (a PDF's too: its /CreationDate is the
# timestamp, not the time of rendering).
same() { cmp -s "$1" "$2"; }

# ---- the same bytes as serve ----
start_server --quiet --listen 127.0.0.1:0 "$tmp/tl.mw" || exit 1
check "build exits 0" "$dl" build -d "$tmp/site" --base-url "$base/" "$tmp/tl.mw"
for f in $files; do
  check "$f written" [ -s "$tmp/site/$f" ]
  path=/${f%index.html}
  curl -s "$base$path" -o "$tmp/served"
  check "$f is what serve serves at $path" same "$tmp/site/$f" "$tmp/served"
done
check "nothing else written but the state file" [ "$(cd "$tmp/site" && find . -type f | sort | tr '\n' ' ')" = \
  "./.dateline-state ./index.html ./tl.dot ./tl.ics ./tl.pdf ./tl.png ./tl.svg ./tl/index.html " ]
stop_server

# ---- reproducible, stamped by SOURCE_DATE_EPOCH ----
SOURCE_DATE_EPOCH=86400 "$dl" build -d "$tmp/a" "$tmp/tl.mw"
touch "$tmp/tl.mw"
SOURCE_DATE_EPOCH=86400 "$dl" build -d "$tmp/b" "$tmp/tl.mw"
for f in $files; do
  check "two builds write the same $f" same "$tmp/a/$f" "$tmp/b/$f"
done
check "SOURCE_DATE_EPOCH stamps the feed" grep -q '^DTSTAMP:19700102T000000Z' "$tmp/a/tl.ics"
# build adds SEQUENCE and a per-event LAST-MODIFIED (the state file);
# the rest is dateline ics's feed.
unstamped() { grep -av '^SEQUENCE:\|^LAST-MODIFIED:' "$@"; }
check "the feed is dateline ics's, with SEQUENCE" cmp -s <(unstamped "$tmp/a/tl.ics") <(SOURCE_DATE_EPOCH=86400 "$dl" ics "$tmp/tl.mw" | unstamped)
check "every event has SEQUENCE:0 on a first build" \
  [ "$(grep -c '^SEQUENCE:0' "$tmp/a/tl.ics")" = "$(grep -c '^BEGIN:VEVENT' "$tmp/a/tl.ics")" ]
check "the DOT is dateline render's" cmp -s "$tmp/a/tl.dot" <(SOURCE_DATE_EPOCH=86400 "$dl" render -T dot -o - "$tmp/tl.mw")

# ---- a page that does not know its address ----
check "relative subscribe link" grep -q '<a class="subscribe" href="tl.ics">Subscribe</a>' "$tmp/a/index.html"
check "one level up from NAME/" grep -q '<a class="subscribe" href="../tl.ics">Subscribe</a>' "$tmp/a/tl/index.html"
script=$(sed -n 's|.*<script>\(.*\)</script>.*|\1|p' "$tmp/a/index.html")
check "the page carries the script" [ -n "$script" ]
hash=$(printf '%s' "$script" | python3 -c 'import sys, hashlib, base64
print(base64.b64encode(hashlib.sha256(sys.stdin.buffer.read()).digest()).decode())')
check "its hash is the one the page's policy allows" \
  grep -q "script-src 'sha256-$hash'" "$tmp/a/index.html"
check "a page with a known address has no script" not grep -q '<script' "$tmp/site/index.html"

# ---- several files: an index ----
cp "$tmp/tl.mw" "$tmp/other.mw"
"$dl" build -d "$tmp/two" "$tmp/tl.mw" "$tmp/other.mw"
check "index lists both" grep -q 'href="tl/"' "$tmp/two/index.html"
check "index lists other" grep -q 'href="other/"' "$tmp/two/index.html"
check "each has its page" [ -s "$tmp/two/tl/index.html" -a -s "$tmp/two/other/index.html" ]
check "each has its feed" [ -s "$tmp/two/tl.ics" -a -s "$tmp/two/other.ics" ]

# ---- nothing written for an input with errors ----
printf '2017-13: x\n' >"$tmp/bad.mw"
"$dl" build -d "$tmp/a" "$tmp/tl.mw" "$tmp/bad.mw" 2>"$tmp/err"; status=$?
check "errors: status 1 ($status)" [ "$status" = 1 ]
check "errors reported as FILE:LINE:COL" grep -q "^dateline: $tmp/bad.mw:1:6: error:" "$tmp/err"
check "the previous build is untouched" \
  [ "$(cd "$tmp/a" && find . -type f -newer "$tmp/b/index.html")" = "" ]
check "no bad.* written" [ ! -e "$tmp/a/bad.ics" -a ! -e "$tmp/a/bad" ]

# ---- usage and I/O errors ----
expect_err 2 "dateline: build: give the output directory with -d DIR (try 'dateline --help')" "$dl" build "$tmp/tl.mw"
expect_err 2 "dateline: build: no input file (try 'dateline --help')" "$dl" build -d "$tmp/x"
expect_err 2 "dateline: build: option '-d' needs a value (try 'dateline --help')" "$dl" build "$tmp/tl.mw" -d
expect_err 2 "dateline: --base-url must be an http:// or https:// URL without spaces, quotes or angle brackets, not 'javascript:alert(1)' (try 'dateline --help')" \
  "$dl" build -d "$tmp/x" --base-url 'javascript:alert(1)' "$tmp/tl.mw"
expect_err 3 "dateline: /nonexistent/dir: No such file or directory" "$dl" build -d /nonexistent/dir "$tmp/tl.mw"
: >"$tmp/plain"
expect_err 3 "dateline: $tmp/plain: Not a directory" "$dl" build -d "$tmp/plain" "$tmp/tl.mw"
expect_err 2 "dateline: SOURCE_DATE_EPOCH must be a whole number of seconds, not 'soon' (try 'dateline --help')" \
  env SOURCE_DATE_EPOCH=soon "$dl" build -d "$tmp/x" "$tmp/tl.mw"
check "no directory made on usage errors" [ ! -e "$tmp/x" ]
[[ $("$dl" build --help) == "usage: dateline build"* ]] && ok || bad "build --help"
[[ $("$dl" help build) == "usage: dateline build"* ]] && ok || bad "help build"

summary build
