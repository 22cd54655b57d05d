#!/usr/bin/env bash
# A real calendar client subscribes: vdirsyncer syncs the served feed into
# local directories, finds every event, and after a title edit finds the
# same UIDs with the new title and no duplicates.
set -u
cd "$(dirname "$0")/../.."
source tests/cli/serve-lib.bash
if ! command -v vdirsyncer >/dev/null; then
  echo "serve-vdirsyncer: FAILED: vdirsyncer is not installed (Debian package vdirsyncer; make deps)"
  exit 1
fi
cp events/russia-dprk-sanctions.mw "$tmp/tl.mw"
start_server --quiet --listen 127.0.0.1:0 "$tmp/tl.mw" || exit 1

mkdir -p "$tmp/home" "$tmp/cal" "$tmp/cal2" "$tmp/status"
# Two pairs.  "feed": the http storage, as a subscribing client does; it
# replaces every UID by a hash of the event's content (vdirsyncer's
# storage/http.py sets _ignore_uids), so there an edited event shows as
# one event replaced.  "copy": the served feed fetched with curl into a
# singlefile storage, which keeps our UIDs, so there an edit must show as
# the same UID with the new title.
cat >"$tmp/config" <<EOF
[general]
status_path = "$tmp/status/"

[pair feed]
a = "served"
b = "local"
collections = null
conflict_resolution = "a wins"

[storage served]
type = "http"
url = "$base/tl.ics"

[storage local]
type = "filesystem"
path = "$tmp/cal/"
fileext = ".ics"

[pair copy]
a = "fetched"
b = "local2"
collections = null
conflict_resolution = "a wins"

[storage fetched]
type = "singlefile"
path = "$tmp/fetched.ics"

[storage local2]
type = "filesystem"
path = "$tmp/cal2/"
fileext = ".ics"
EOF

# vdirsyncer asks before creating anything; there is nothing to create
# with collections = null, but answer yes in case a version asks.
vds() {
  yes | HOME=$tmp/home no_proxy='*' vdirsyncer -c "$tmp/config" "$@" >"$tmp/vds.log" 2>&1 ||
    { cat "$tmp/vds.log"; return 1; }
}

# iCalendar text on stdin with folded lines joined.
unfold() { tr -d '\r' | sed -e ':a' -e 'N' -e '$!ba' -e 's/\n //g'; }
uids_of() { unfold | sed -n 's/^UID://p' | sort; }
titles_of() { unfold | sed -n 's/^SUMMARY://p' | sort; }
# Synced events of directory $1: "FILE UID" lines, sorted.
synced() { for f in "$1"/*.ics; do echo "$(basename "$f") $(uids_of <"$f")"; done | sort; }

events=$("$DATELINE" dump "$tmp/tl.mw" | head -n 1 | sed 's/.*events \([0-9]*\).*/\1/')
curl -s "$base/tl.ics" -o "$tmp/fetched.ics"
uids_of <"$tmp/fetched.ics" >"$tmp/served-uids"
check "the feed has every event" [ "$(wc -l <"$tmp/served-uids")" = "$events" ]
check "vdirsyncer discover" vds discover
check "vdirsyncer sync" vds sync
check "http storage: one file per event" [ "$(ls "$tmp"/cal/*.ics | wc -l)" = "$events" ]
check "http storage: every event's title" \
  cmp -s <(cat "$tmp"/cal/*.ics | titles_of) <(titles_of <"$tmp/fetched.ics")
check "singlefile storage: one file per event" [ "$(ls "$tmp"/cal2/*.ics | wc -l)" = "$events" ]
check "singlefile storage: every served UID" cmp -s <(cat "$tmp"/cal2/*.ics | uids_of) "$tmp/served-uids"
synced "$tmp/cal" >"$tmp/before"
synced "$tmp/cal2" >"$tmp/before2"

# Edit one title; the server re-reads the file; sync again.
sed -i 's/^2017-12: UN imposes its strictest limits/2017-12: UN sets its toughest caps/' "$tmp/tl.mw"
# The server reads it once it has settled (500 ms) and renders it.
edited() { curl -s "$base/tl.ics" -o "$tmp/fetched.ics" && grep -q '^SUMMARY:UN sets' "$tmp/fetched.ics"; }
eventually 3 edited
check "the served feed has the new title" grep -q '^SUMMARY:UN sets its toughest caps' "$tmp/fetched.ics"
check "the served feed keeps every UID" cmp -s <(uids_of <"$tmp/fetched.ics") "$tmp/served-uids"
check "second vdirsyncer sync" vds sync
check "singlefile storage: same UIDs in the same files" cmp -s <(synced "$tmp/cal2") "$tmp/before2"
new=$(grep -l '^SUMMARY:UN sets its toughest caps' "$tmp"/cal2/*.ics)
check "singlefile storage: the edited event kept its UID" \
  [ "$(uids_of <"$new")" = "un-import-limits@russia-dprk-sanctions.dateline" ]
check "http storage: no duplicates" [ "$(ls "$tmp"/cal/*.ics | wc -l)" = "$events" ]
check "http storage: the other events untouched, one replaced" \
  [ "$(comm -12 <(synced "$tmp/cal") "$tmp/before" | wc -l)" = $((events - 1)) ]
for dir in cal cal2; do
  check "$dir: exactly one event has the new title" \
    [ "$(grep -l '^SUMMARY:UN sets its toughest caps' "$tmp/$dir"/*.ics | wc -l)" = 1 ]
  check "$dir: the old title is gone" not grep -q 'UN imposes its strictest limits' "$tmp/$dir"/*.ics
  check "$dir: the edited event has SEQUENCE:1" grep -q '^SEQUENCE:1' $(grep -l '^SUMMARY:UN sets' "$tmp/$dir"/*.ics)
  check "$dir: every other event SEQUENCE:0" [ "$(grep -l '^SEQUENCE:0' "$tmp/$dir"/*.ics | wc -l)" = $((events - 1)) ]
done

summary serve-vdirsyncer
