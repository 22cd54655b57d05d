#!/usr/bin/env bash
# dateline build never touches its inputs and never leaves a mixed site
# (issue 13): an input that is an output is refused before anything is
# written; other files of DIR stay; a build that fails on a full disk
# leaves the old site byte-identical; SEQUENCE goes up only for the event
# edited between two builds (read back by python3-icalendar); a corrupt
# state file is rebuilt with a warning.
set -u
cd "$(dirname "$0")/../.."
source tests/cli/lib.bash
dl=$DATELINE
py=/usr/bin/python3
cp events/russia-dprk-sanctions.mw "$tmp/tl.mw"

# ---- an input with an output's name, inside DIR ----
mkdir -p "$tmp/s"
cp "$tmp/tl.mw" "$tmp/s/feed.ics"
cp "$tmp/s/feed.ics" "$tmp/feed.before"
expect_err 2 "dateline: $tmp/s/feed.ics: this input is also what the build writes as $tmp/s/feed.ics; move it out of the directory (try 'dateline --help')" \
  "$dl" build -d "$tmp/s" "$tmp/s/feed.ics"
check "the input is untouched" cmp -s "$tmp/s/feed.ics" "$tmp/feed.before"
check "nothing else was written" [ "$(ls -A "$tmp/s")" = feed.ics ]
mkdir -p "$tmp/s/feed"; cp "$tmp/tl.mw" "$tmp/s/feed/index.html"
cp "$tmp/tl.mw" "$tmp/feed.mw"
expect_err 2 "dateline: $tmp/s/feed/index.html: this input is also what the build writes as $tmp/s/feed; move it out of the directory (try 'dateline --help')" \
  "$dl" build -d "$tmp/s" "$tmp/feed.mw" "$tmp/s/feed/index.html"
rm -r "$tmp/s/feed"

# ---- an input inside DIR that is no output, and other files, stay ----
cp "$tmp/tl.mw" "$tmp/s/notes.mw"
mkdir -p "$tmp/s/img"; echo keep >"$tmp/s/img/logo.txt"; echo 'User-agent: *' >"$tmp/s/robots.txt"
check "build beside an input in DIR" "$dl" build -d "$tmp/s" "$tmp/s/notes.mw"
check "the input is still there, unchanged" cmp -s "$tmp/s/notes.mw" "$tmp/tl.mw"
check "and the input named like an output" cmp -s "$tmp/s/feed.ics" "$tmp/feed.before"
check "other files stay" [ "$(cat "$tmp/s/robots.txt")" = 'User-agent: *' ]
check "other directories stay" [ "$(cat "$tmp/s/img/logo.txt")" = keep ]
check "the site is there" [ -s "$tmp/s/notes.ics" -a -s "$tmp/s/notes/index.html" -a -s "$tmp/s/index.html" ]
check "no scratch directory left beside it" [ -z "$(ls -A "$tmp" | grep '\.new-')" ]

# ---- SEQUENCE between two builds ----
SOURCE_DATE_EPOCH=1533254400 "$dl" build -d "$tmp/site" --base-url https://example.org/t/ "$tmp/tl.mw"
sed -i '0,/^2017-09: /s//2017-09: Retitled: /' "$tmp/tl.mw"
SOURCE_DATE_EPOCH=1533340800 "$dl" build -d "$tmp/site" --base-url https://example.org/t/ "$tmp/tl.mw"
"$py" - "$tmp/site/tl.ics" >"$tmp/seq" <<'PY'
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
print('SOURCE', cal.get('SOURCE'))
print('URL', cal.get('URL'))
for e in cal.walk('VEVENT'):
    print(int(e['SEQUENCE']), e['LAST-MODIFIED'].dt.strftime('%Y%m%d'), str(e['SUMMARY']).split(':')[0])
PY
check "python3-icalendar reads SOURCE as the feed's address" grep -qx 'SOURCE https://example.org/t/tl.ics' "$tmp/seq"
check "...and URL as the article" grep -q '^URL https://www.themoscowtimes.com/' "$tmp/seq"
check "the retitled event: SEQUENCE 1, LAST-MODIFIED the second build" [ "$(grep -c '^1 20180804 Retitled$' "$tmp/seq")" = 1 ]
check "the nine others: SEQUENCE 0, LAST-MODIFIED the first build" [ "$(grep -c '^0 20180803 ' "$tmp/seq")" = 9 ]
check "ten events in all" [ "$(grep -c '^[0-9]' "$tmp/seq")" = 10 ]
SOURCE_DATE_EPOCH=1533340800 "$dl" build -d "$tmp/site" --base-url https://example.org/t/ "$tmp/tl.mw"
check "a third build of the same file changes no SEQUENCE" [ "$(grep -c '^SEQUENCE:1' "$tmp/site/tl.ics")" = 1 ]
without_base=$("$dl" build -d "$tmp/nobase" "$tmp/tl.mw" && grep -c '^SOURCE' "$tmp/nobase/tl.ics")
check "no --base-url: no SOURCE" [ "$without_base" = 0 ]

# ---- a lost or corrupt state file ----
printf 'not a state file\n' >"$tmp/site/.dateline-state"
"$dl" build -d "$tmp/site" "$tmp/tl.mw" 2>"$tmp/err"; status=$?
check "a corrupt state file: still exit 0 ($status)" [ "$status" = 0 ]
check "...with a warning" grep -q "^dateline: warning: $tmp/site/.dateline-state:1: not a dateline state file; it is rebuilt and every event's SEQUENCE starts again at 0$" "$tmp/err"
check "...and sequences restart at 0" [ "$(grep -c '^SEQUENCE:0' "$tmp/site/tl.ics")" = 10 ]
check "...and the state is rebuilt" grep -q '^dateline-state 1$' "$tmp/site/.dateline-state"
rm "$tmp/site/.dateline-state"
"$dl" build -d "$tmp/site" "$tmp/tl.mw" 2>"$tmp/err"
check "a lost state file is warned about" grep -q "^dateline: warning: $tmp/site/.dateline-state: No such file or directory; every event's SEQUENCE starts again at 0$" "$tmp/err"

# ---- a full disk leaves the old site whole ----
trap 'umount "$tmp/fs" 2>/dev/null; rm -rf "$tmp"' EXIT
if [[ $(id -u) == 0 ]] && mkdir -p "$tmp/fs" && mount -t tmpfs -o size=600k tmpfs "$tmp/fs" 2>/dev/null; then
  "$dl" build -d "$tmp/fs/site" "$tmp/tl.mw" 2>"$tmp/err"; status=$?
  check "a first build fits ($status)" [ "$status" = 0 ]
  (cd "$tmp/fs/site" && find . -type f | sort | xargs sha256sum) >"$tmp/before"
  # A file with many more events does not fit beside the old site.
  "$py" scripts/gen_events.py 1500 >"$tmp/tl.mw"
  "$dl" build -d "$tmp/fs/site" "$tmp/tl.mw" 2>"$tmp/err"; status=$?
  check "the bigger build fails with exit 3 ($status)" [ "$status" = 3 ]
  check "...saying the disk is full" grep -q 'No space left on device' "$tmp/err"
  check "the old site is byte-identical" cmp -s "$tmp/before" <(cd "$tmp/fs/site" && find . -type f | sort | xargs sha256sum)
  check "no scratch directory is left" [ "$(ls -A "$tmp/fs")" = site ]
  umount "$tmp/fs"
else
  echo "build-safety: not root or no tmpfs; full-disk checks skipped"
fi
finish build-safety
