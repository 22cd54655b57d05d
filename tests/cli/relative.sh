#!/usr/bin/env bash
# relative.sh - relative dates and recurrences end to end: the feed of a
# file with recurring events is read back by python3-icalendar (one VEVENT
# per occurrence, distinct UIDs), the UIDs stay when a title's wording
# changes and across rebuilds, Graphviz reads the diagram with one node per
# occurrence, and the native writer's file reads back to the same events.
#
# Run from the repository root with DATELINE set to the binary.
set -u
: "${DATELINE:?set DATELINE to the dateline binary}"
source tests/cli/lib.bash
PY=/usr/bin/python3 # Debian's, which sees python3-icalendar
export SOURCE_DATE_EPOCH=1533254400
in=tests/cli/relative/project.mw

# UID, DTSTART and SUMMARY of every VEVENT of an .ics, one a line.
vevents() {
  "$PY" - "$1" <<'EOF'
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
for c in cal.walk('VEVENT'):
    print(str(c['UID']), c['DTSTART'].to_ical().decode(), str(c['SUMMARY']),
          sep='\t')
EOF
}

check "ics of recurrences is written" "$DATELINE" ics -o "$tmp/a.ics" "$in"
check "libical reads the feed" "$DATELINE" ics --check "$tmp/a.ics"
# project.expect: every event as python3-icalendar reads it; its ranges are
# those @markwhen/parser 1.2.0 expands (but 'every other day', which
# Markwhen cannot parse and shows once).
check "python3-icalendar reads the events listed" \
  "$PY" tests/ics_independent.py expect "$tmp/a.ics" tests/cli/relative/project.expect
vevents "$tmp/a.ics" >"$tmp/a.txt"
events=$("$DATELINE" dump "$in" | sed -n '1s/.* events \([0-9]*\) .*/\1/p')
check "one VEVENT per event ($events)" [ "$(wc -l <"$tmp/a.txt")" = "$events" ]
check "23 events: 9 written, 14 more occurrences" [ "$events" = 23 ]
check "UIDs are distinct" [ "$(cut -f1 "$tmp/a.txt" | sort -u | wc -l)" = "$events" ]
check "six weekly reviews" [ "$(grep -c $'\tWeekly review$' "$tmp/a.txt")" = 6 ]
check "a series with an id: the id, then id.DATE" \
  grep -q $'^review.2023-03-13@project.example.org\t20230313\t' "$tmp/a.txt"
check "the first occurrence keeps the id" \
  grep -q $'^review@project.example.org\t20230306\t' "$tmp/a.txt"
check "month ends skip the months without a 31st" \
  [ "$(grep $'\tMonth-end report$' "$tmp/a.txt" | cut -f2 | tr '\n' ' ')" = \
    "20230131 20230331 20230531 20230731 " ]

# Rewording every title keeps every UID.
sed 's/: Weekly review/: Review of the week/; s/: Stand-up/: Morning stand-up/;
     s/: Design$/: Design phase/' "$in" >"$tmp/reworded.mw"
"$DATELINE" ics -o "$tmp/b.ics" "$tmp/reworded.mw"
vevents "$tmp/b.ics" >"$tmp/b.txt"
check "titles were reworded" [ "$(cut -f3 "$tmp/a.txt")" != "$(cut -f3 "$tmp/b.txt")" ]
check "UIDs stay when titles change" \
  [ "$(cut -f1,2 "$tmp/a.txt")" = "$(cut -f1,2 "$tmp/b.txt" | sed 's/reworded/project/')" ]
"$DATELINE" ics -o "$tmp/c.ics" "$in"
check "a rebuild is byte-identical" cmp -s "$tmp/a.ics" "$tmp/c.ics"

# Graphviz reads the diagram: one node per occurrence.
check "dot is written" "$DATELINE" render -o "$tmp/a.dot" "$in"
check "dot reads it" dot -Tsvg -o "$tmp/a.svg" "$tmp/a.dot"
check "xmllint reads the SVG" xmllint --noout "$tmp/a.svg"

# The native writer gives the resolved dates; they read back the same.
check "import writes the file" "$DATELINE" import -o "$tmp/back.mw" "$in"
check "its relative dates are written as EDTF" \
  grep -q '^2023-04-25/2023-05-08: Ten business days of testing$' "$tmp/back.mw"
"$DATELINE" dump "$in" | tail -n +2 >"$tmp/d1"
"$DATELINE" dump "$tmp/back.mw" | tail -n +2 | sed 's/^event \([0-9]*\) line [0-9]*/event \1/' >"$tmp/d2"
sed 's/^event \([0-9]*\) line [0-9]*/event \1/' "$tmp/d1" >"$tmp/d1n"
check "it reads back to the same events" diff -u "$tmp/d1n" "$tmp/d2"

finish relative
