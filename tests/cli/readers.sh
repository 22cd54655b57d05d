#!/usr/bin/env bash
# The TimelineJS and iCalendar readers (docs/import.md): every command takes
# them; their events agree with independent readers (python3-icalendar with
# dateutil for .ics, the TimelineJS rules applied by
# tests/compat/timelinejs/expect.py for sheets and JSON); bad input is one
# clear error at its line and column, exit 1, nothing written.
# Usage: DATELINE=build/dateline bash tests/cli/readers.sh
set -u
cd "$(dirname "$0")/../.."
source tests/cli/lib.bash
D=${DATELINE:?set DATELINE to the dateline binary}
PY=/usr/bin/python3

# ---- against independent readers ----
ics=(tests/compat/ics/*.ics tests/readers/*.ics)
ics=("${ics[@]/tests\/compat\/ics\/empty-calendar.ics}")
ics=("${ics[@]/tests\/readers\/garbage.ics}")
ics=("${ics[@]/tests\/readers\/bad-properties.ics}")
check "ics: every occurrence agrees with python3-icalendar" \
  "$PY" tests/readers/ics_reference.py "$D" ${ics[@]}
tjs=(tests/compat/timelinejs/{bce,harbour,reordered,time-forms}.csv
     tests/compat/timelinejs/harbour-as-json.json
     tests/readers/mapping.csv tests/readers/mapping-json.json)
check "timelinejs: every event agrees with the TimelineJS rules" \
  "$PY" tests/readers/tjs_expect.py "$D" "${tjs[@]}"
check "timelinejs: the sheet and its JSON twin read the same" \
  diff <("$D" dump tests/compat/timelinejs/harbour.csv 2>/dev/null | sed -E 's/^timeline "[^"]*"//; s/ line [0-9]+ / /') \
       <("$D" dump tests/compat/timelinejs/harbour-as-json.json 2>/dev/null | sed -E 's/^timeline "[^"]*"//; s/ line [0-9]+ / /')

# ---- the mapping, as dumped (read by eye once; see docs/import.md) ----
for f in mapping.csv mapping-json.json mapping.ics; do
  # mapping.ics has 1006 events: its first 80 lines show every rule.
  check "dump of $f" diff -u "tests/readers/$f.dump" <("$D" dump "tests/readers/$f" 2>/dev/null | head -n 80)
done

# ---- every command reads them; the format from the extension, the content or the option ----
check "render a sheet to SVG" bash -c "'$D' render tests/compat/timelinejs/harbour.csv -o '$tmp/t.svg' 2>/dev/null && xmllint --noout '$tmp/t.svg'"
check "ics of a JSON file" bash -c "'$D' ics tests/compat/timelinejs/harbour-as-json.json 2>/dev/null | grep -q 'SUMMARY:Old quay built'"
check "ics of a calendar keeps the events" bash -c "'$D' ics tests/compat/ics/utc.ics | grep -q 'SUMMARY:An hour in UTC'"
check "build takes a sheet and a calendar" bash -c "'$D' build -d '$tmp/site' tests/compat/timelinejs/harbour.csv tests/compat/ics/utc.ics 2>/dev/null && [[ -s '$tmp/site/harbour.ics' && -s '$tmp/site/utc.svg' ]]"
cp tests/compat/timelinejs/reordered.csv "$tmp/sheet"
check "content: a CSV header naming Year and Headline" bash -c "'$D' dump '$tmp/sheet' | grep -q 'title \"Survey\"'"
cp tests/compat/ics/utc.ics "$tmp/feed"
check "content: BEGIN:VCALENDAR" bash -c "'$D' dump '$tmp/feed' | grep -q 'An hour in UTC'"
check "--input-format on standard input" bash -c "'$D' dump --input-format timelinejs-json - < tests/compat/timelinejs/harbour-as-json.json 2>/dev/null | grep -q 'Lighthouse lit'"
check "--input-format native wins over the extension" bash -c "printf '2020: A native line\n' > '$tmp/n.csv'; '$D' dump --input-format native '$tmp/n.csv' | grep -q 'A native line'"
expect_err 2 "dateline: --input-format must be auto, native, timelinejs-csv, timelinejs-json or ics, not 'xml' (try 'dateline --help')" \
  "$D" dump --input-format xml tests/compat/ics/utc.ics

# ---- dateline ics of an imported calendar keeps every UID ----
for f in tests/compat/ics/{properties,multiple-vcalendars,tzid-vtimezone}.ics; do
  check "UIDs of $f kept" diff <(grep -a '^UID:' "$f" | tr -d '\r' | cut -d: -f2- | sort) \
    <("$D" ics "$f" 2>/dev/null > "$tmp/feed.ics" && /usr/bin/python3 tests/ics_independent.py uids "$tmp/feed.ics" | sort)
done
check "occurrences: the series' UID and their RECURRENCE-ID" bash -c "'$D' ics tests/compat/ics/recurrence-id.ics > '$tmp/r.ics' && /usr/bin/python3 tests/ics_independent.py uids '$tmp/r.ics' | sort -u | grep -qx 'series-1@compat.example' && tr -d '\r' < '$tmp/r.ics' | grep -qx 'RECURRENCE-ID:20240916T230000Z' && '$D' ics --check '$tmp/r.ics'"

# ---- render -T timelinejs reads back through the TimelineJS reader ----
for f in tests/compat/timelinejs/{bce,harbour,reordered,time-forms}.csv tests/readers/mapping.csv tests/readers/mapping-json.json; do
  "$D" render -T timelinejs "$f" -o "$tmp/export.json" 2>/dev/null
  check "export of $f reads back the same" diff \
    <("$D" dump "$f" 2>/dev/null | sed -E 's/^timeline "[^"]*"//; s/^(event [0-9]+) line [0-9]+ /\1 /') \
    <("$D" dump "$tmp/export.json" 2>/dev/null | sed -E 's/^timeline "[^"]*"//; s/^(event [0-9]+) line [0-9]+ /\1 /')
done
check "export is JSON python reads" bash -c "'$D' render -T timelinejs tests/compat/ics/utc.ics 2>/dev/null | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); assert len(d[\"events\"]) == 2'"
check "export warns of a time zone" bash -c "'$D' render -T timelinejs tests/compat/ics/utc.ics 2>&1 >/dev/null | grep -q 'timelinejs: a time zone left out'"

# ---- one clear error, exit 1, nothing written ----
E() { local want=$1 f=$2; expect_err 1 "$want" "$D" check --color=never "$f"; }
E "dateline: tests/readers/bad-header.csv:1:1: error: not a TimelineJS sheet: the first row names no 'Year' column
    1 | Date,Title
      | ^" tests/readers/bad-header.csv
E "dateline: tests/readers/unclosed.csv:3:6: error: CSV: the quoted field that starts here is never closed
    3 | 2021,\"never closed
      |      ^" tests/readers/unclosed.csv
E "dateline: tests/readers/bad-quote.csv:2:6: error: CSV: a quote inside a field: quote the whole field and double the quotes in it
    2 | 2020,a\"b\"c
      |      ^" tests/readers/bad-quote.csv
E "dateline: tests/readers/not-timelinejs.json:1:1: error: not a TimelineJS document: no \"events\" array at the top
    1 | {\"foo\": 1}
      | ^" tests/readers/not-timelinejs.json
E "dateline: tests/readers/syntax.json:3:3: error: JSON: unexpected token near ']'
    3 |   ]
      |   ^" tests/readers/syntax.json
E "dateline: tests/readers/bad-fields.csv:2:10: error: Time '25:00' is not a time (9:30, 9:30 PM, 21:30:15)
    2 | 2020,1,2,25:00,Bad hour
      |          ^~~~~
dateline: tests/readers/bad-fields.csv:3:6: error: Month 'x' is not a whole number
    3 | 2020,x,,,Bad month
      |      ^
dateline: tests/readers/bad-fields.csv:4:7: error: Day given without Month
    4 | 2020,,3,,Day without month
      |       ^" tests/readers/bad-fields.csv
E "dateline: tests/compat/ics/empty-calendar.ics:1:1: error: no VEVENT with a DTSTART in this calendar
    1 | BEGIN:VCALENDAR
      | ^" tests/compat/ics/empty-calendar.ics
E "dateline: tests/readers/garbage.ics:1:1: error: not an iCalendar file: no BEGIN:VCALENDAR or BEGIN:VEVENT
    1 | hello
      | ^" tests/readers/garbage.ics
E "dateline: tests/compat/timelinejs/cosmological.json:5:5: error: year 'Y-13800000000' is out of range in date 'Y-13800000000': years run from Y-999999999 to Y999999999
    5 |     { \"start_date\": { \"year\": \"-13800000000\" }, \"display_date\": \"13.8 billion years ago\",
      |     ^
dateline: tests/compat/timelinejs/cosmological.json:7:5: error: year 'Y-4540000000' is out of range in date 'Y-4540000000/Y-4000000000': years run from Y-999999999 to Y999999999
    7 |     { \"start_date\": { \"year\": -4540000000 }, \"end_date\": { \"year\": -4000000000 },
      |     ^" tests/compat/timelinejs/cosmological.json
E "dateline: tests/readers/bad-properties.ics:4:1: error: VEVENT without a DTSTART libical reads: Can't parse as DATE-TIME value in DTSTART property. Removing entire property: 2024xx01
    4 | DTSTART:2024xx01
      | ^~~~~~~~~~~~~~~~
dateline: tests/readers/bad-properties.ics:10:1: error: libical: Can't parse as RECUR value in RRULE property. Removing entire property: FREQ=BOGUS
   10 | RRULE:FREQ=BOGUS
      | ^~~~~~~~~~~~~~~~
dateline: tests/readers/bad-properties.ics:15:1: error: interval ends (2023-01-01T10:00Z) before it starts (2024-01-01T10:00Z)
   15 | DTSTART:20240101T100000Z
      | ^~~~~~~~~~~~~~~~~~~~~~~~" tests/readers/bad-properties.ics
printf 'END:VEVENT\nBEGIN:VEVENT\nDTSTART:20240101\nSUMMARY:x\nEND:VEVENT\n' > "$tmp/end.ics"
E "dateline: $tmp/end.ics:1:1: error: END without a matching BEGIN
    1 | END:VEVENT
      | ^~~~~~~~~~" "$tmp/end.ics"
printf 'Year,Headline\n2020,caf\xe9\n' > "$tmp/bad.csv"
E "dateline: $tmp/bad.csv:2:9: error: invalid UTF-8 byte 0xE9
    2 | 2020,caf\\xe9
      |         ^~~~" "$tmp/bad.csv"
printf 'BEGIN:VCALENDAR\nX:\000\n' > "$tmp/nul.ics"
E "dateline: $tmp/nul.ics:2:3: error: NUL byte in line
    2 | X:\\x00
      |   ^~~~" "$tmp/nul.ics"
check "nothing written on an error" bash -c "! '$D' render tests/readers/bad-fields.csv -o '$tmp/no.svg' 2>/dev/null && [[ ! -e '$tmp/no.svg' ]]"

# ---- warnings, each at its line ----
w=$("$D" check --color=never tests/readers/mapping.ics 2>&1 >/dev/null | grep warning)
check "ics warnings" test "$w" = "dateline: tests/readers/mapping.ics:14:1: warning: URL dropped: only http, https and mailto links are emitted
dateline: tests/readers/mapping.ics:19:1: warning: unknown time zone 'Nowhere/Atlantis': read as a floating time
dateline: tests/readers/mapping.ics:34:1: warning: VEVENT without DTSTART skipped
dateline: tests/readers/mapping.ics:43:1: warning: RRULE has no COUNT or UNTIL: read as 1000 occurrences, the last on 2043-06-01 (the bound of the reader); --until DATE sets where it ends
dateline: tests/readers/mapping.ics:1:1: warning: skipped 1 VFREEBUSY: only VEVENTs are read as events"
check "an endless RRULE says where libical stopped" bash -c "'$D' check tests/compat/ics/rrule-weekly.ics 2>&1 | grep -qF 'RRULE has no COUNT or UNTIL: read as 593 occurrences, the last on 2582-06-12 (libical'"
check "bound: 5000 asked, 1000 read" bash -c "[[ \$('$D' dump tests/readers/bound.ics 2>/dev/null | grep -c '^event ') == 1000 ]]"

# ---- bounded time and memory ----
"$PY" -c "print('{\"events\":' + '['*100000 + ']'*100000 + '}')" > "$tmp/deep.json"
check "deep JSON nesting: jansson's depth limit" bash -c "'$D' check '$tmp/deep.json' 2>&1 | grep -q 'maximum parsing depth reached'"
"$PY" -c "
import sys
sys.stdout.write('Year,Headline,Text\n2020,Big,\"' + 'x' * (10 * 1024 * 1024) + '\"\n')" > "$tmp/big.csv"
check "a 10 MB field in under 10 s and 300 MB" bash -c "/usr/bin/time -f '%e %M' -o '$tmp/t' '$D' check '$tmp/big.csv' && awk '{exit !(\$1 < 10 && \$2 < 307200)}' '$tmp/t'"
printf 'BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\nDTSTART:20240101T000000Z\nRRULE:FREQ=SECONDLY\nSUMMARY:s\nEND:VEVENT\nEND:VCALENDAR\n' > "$tmp/endless.ics"
check "a recurrence without end: the bound, in under 5 s" bash -c "/usr/bin/time -f '%e' -o '$tmp/t2' '$D' dump '$tmp/endless.ics' 2>/dev/null | grep -c '^event ' | grep -qx 1000 && awk '{exit !(\$1 < 5)}' '$tmp/t2'"

finish readers
