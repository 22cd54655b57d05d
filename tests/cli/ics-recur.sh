#!/usr/bin/env bash
# Recurrences read from .ics (docs/import.md, "Bounds"; docs/ics.md,
# "Recurrences"): --until DATE bounds their expansion in every command that
# reads one; a rule without end and without --until warns once, naming
# --until; the feed writes the occurrences of a series with the series' UID
# and a RECURRENCE-ID each, under a master that lists them.
# Usage: DATELINE=build/dateline bash tests/cli/ics-recur.sh
set -u
cd "$(dirname "$0")/../.."
source tests/cli/lib.bash
D=${DATELINE:?set DATELINE to the dateline binary}
PY=/usr/bin/python3
f=tests/recur/endless.ics

# ---- --until ----
expect_err 0 "dateline: $f:8:1: warning: RRULE has no COUNT or UNTIL: read as 1000 occurrences, the last on 2107-04-05 (the bound of the reader); --until DATE sets where it ends
    8 | RRULE:FREQ=MONTHLY
      | ^~~~~~~~~~~~~~~~~~" "$D" check --color=never "$f"
expect_err 0 "" "$D" check --color=never --until 2027-12-31 "$f"
check "dump --until 2024-06-30: six months" bash -c "[[ \$('$D' dump --until 2024-06-30 '$f' | grep -c '^event ') == 6 ]]"
check "dump --until 2024: the year's twelve" bash -c "[[ \$('$D' dump --until 2024 '$f' | grep -c '^event ') == 12 ]]"
check "--until before DTSTART keeps the first" bash -c "[[ \$('$D' dump --until 2020 '$f' | grep -c '^event ') == 1 ]]"
check "ics --until: 24 VEVENTs of one series" bash -c "'$D' ics --until 2025-12-31 '$f' | tr -d '\r' | grep -c '^RECURRENCE-ID' | grep -qx 24"
check "render --until: three marks" bash -c "'$D' render -T dot --until 2024-03 '$f' | grep -c 'tooltip=\"Rent' | grep -qx 3"
check "import --until" bash -c "'$D' import --until 2024-02-29 '$f' 2>/dev/null | grep -c '^2024-0' | grep -qx 2"
check "build --until: no warning, twelve" bash -c "[[ -z \$('$D' build -d '$tmp/site' --until 2024-12-31 '$f' 2>&1) ]] && [[ \$(tr -d '\r' < '$tmp/site/endless.ics' | grep -c '^RECURRENCE-ID') == 12 ]]"
expect_err 2 "dateline: --until takes one date (2027-12-31), not the interval '2024/2025' (try 'dateline --help')" \
  "$D" dump --until 2024/2025 "$f"
expect_err 2 "dateline: --until: invalid month '13' in date '2024-13': months are 01-12 and seasons 21-24 (try 'dateline --help')" \
  "$D" dump --until 2024-13 "$f"
check "help names --until" bash -c "'$D' help ics | grep -q -- '--until DATE'"

# ---- RECURRENCE-ID in the feed ----
# Every calendar with recurrences, through `dateline ics`, read by
# python3-icalendar: every UID kept, one master per series listing its
# instances, each override in place, the same occurrences.
for f in tests/compat/ics/{rrule-weekly,rrule-until-exdate,recurrence-id,rdate,tzid-vtimezone}.ics \
         tests/readers/{mapping,bound}.ics tests/recur/endless.ics; do
  check "round trip of $f" bash -c "'$D' ics '$f' 2>/dev/null > '$tmp/rt.ics' && '$D' ics --check '$tmp/rt.ics' >/dev/null && '$PY' tests/recur/roundtrip.py '$f' '$tmp/rt.ics'"
done
# The feed read back by dateline gives the same occurrences (their times
# compared by roundtrip.py above: the feed writes them in UTC).
for f in tests/compat/ics/{recurrence-id,rdate}.ics; do
  "$D" ics "$f" > "$tmp/back.ics" 2>/dev/null
  check "dateline reads its feed of $f back" diff \
    <("$D" dump "$f" 2>/dev/null | grep -E '^  (title|prop uid|prop recurrence-id)') \
    <("$D" dump "$tmp/back.ics" 2>/dev/null | grep -E '^  (title|prop uid|prop recurrence-id)')
done
# ics --check: one override per instance.
expect_err 1 "dateline: tests/recur/override-twice.ics:16:1: error: UID 'a' with RECURRENCE-ID 20240102T100000Z is used twice
   16 | BEGIN:VEVENT
      | ^~~~~~~~~~~~" "$D" ics --check --color=never tests/recur/override-twice.ics
# ... and the feed of such a calendar keeps the instance once in the series.
check "a doubled override: a valid feed" bash -c "'$D' ics tests/recur/override-twice.ics > '$tmp/dup.ics' 2>/dev/null && '$D' ics --check '$tmp/dup.ics' && [[ \$(tr -d '\r' < '$tmp/dup.ics' | grep -c '^RECURRENCE-ID:20240102T100000Z') == 1 ]]"
check "deterministic" bash -c "cmp <('$D' ics tests/compat/ics/recurrence-id.ics) <('$D' ics tests/compat/ics/recurrence-id.ics)"
# An imported series keeps its RECURRENCE-IDs through import.
"$D" import tests/compat/ics/recurrence-id.ics -o "$tmp/imp.mw" 2>/dev/null
check "import then ics: the same feed" bash -c "cmp <(SOURCE_DATE_EPOCH=0 '$D' ics tests/compat/ics/recurrence-id.ics | grep -av '^X-WR-CALNAME\|^NAME') <(SOURCE_DATE_EPOCH=0 '$D' ics '$tmp/imp.mw' 2>/dev/null | grep -av '^X-WR-CALNAME\|^NAME')"

finish ics-recur
