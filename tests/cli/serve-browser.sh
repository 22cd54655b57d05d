#!/usr/bin/env bash
# The page in a real browser: headless Chromium loads the served page and
# the test reads the DOM it built: the inline SVG with its links, the
# webcal:// subscribe link, the events table, no banner; then the page of a
# build without a known address on a static server, where the page's one
# script turns the link into webcal:// - which also shows that the hash in
# the page's Content-Security-Policy allows it.
# Skipped, with a message, when Chromium is not installed.
set -u
cd "$(dirname "$0")/../.."
source tests/cli/serve-lib.bash
browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -z $browser ]]; then
  echo "serve-browser: skipped: chromium is not installed (Debian package chromium)"
  exit 0
fi
cp events/russia-dprk-sanctions.mw "$tmp/tl.mw"
events=$("$DATELINE" dump "$tmp/tl.mw" | head -n 1 | sed 's/.*events \([0-9]*\).*/\1/')
start_server --quiet --listen 127.0.0.1:0 "$tmp/tl.mw" || exit 1

# chrome ARGS... URL: headless Chromium, nothing fetched but URL.
chrome() {
  timeout 60 "$browser" --headless --no-sandbox --disable-gpu \
    --disable-background-networking --disable-component-update --disable-sync \
    --no-first-run --user-data-dir="$(mktemp -d -p "$tmp")" "$@" 2>>"$tmp/chrome.log"
}

chrome --dump-dom "$base/tl/" >"$tmp/dom.html"
check "the DOM has the inline SVG" grep -q '<svg' "$tmp/dom.html"
check "the SVG keeps its event links" grep -q '<a xlink:href="https://www.themoscowtimes.com/' "$tmp/dom.html"
check "the DOM has the webcal link" \
  grep -q "<a class=\"subscribe\" href=\"webcal://127.0.0.1:$port/tl.ics\">Subscribe</a>" "$tmp/dom.html"
check "the DOM has the download link" grep -q 'href="../tl.ics" download="">Download .ics</a>' "$tmp/dom.html"
check "the DOM has one row per event" [ "$(grep -c '<tr><td class="date">' "$tmp/dom.html")" = "$events" ]
check "no banner" not grep -q 'class="banner"' "$tmp/dom.html"
chrome --screenshot="$tmp/page.png" --window-size=1400,900 "$base/tl/" >/dev/null
check "a screenshot was taken" [ -s "$tmp/page.png" ]
[[ -n ${SCREENSHOT:-} ]] && cp "$tmp/page.png" "$SCREENSHOT"

# A build without --base-url: the script makes the link webcal://.
stop_server
"$DATELINE" build -d "$tmp/site" "$tmp/tl.mw"
python3 -u -m http.server --bind 127.0.0.1 --directory "$tmp/site" 0 >"$tmp/http.log" 2>&1 &
py=$!
for _ in $(seq 50); do
  pyport=$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$tmp/http.log" | head -n 1)
  [[ -n $pyport ]] && break
  sleep 0.1
done
chrome --dump-dom "http://127.0.0.1:$pyport/tl/" >"$tmp/dom2.html"
kill "$py"; wait "$py" 2>/dev/null
check "static page: the script made the webcal link" \
  grep -q "<a class=\"subscribe\" href=\"webcal://127.0.0.1:$pyport/tl.ics\">Subscribe</a>" "$tmp/dom2.html"

summary serve-browser
