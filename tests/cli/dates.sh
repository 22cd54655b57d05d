#!/usr/bin/env bash
# Dates as the command line and event files read them, checked against an
# independent reader where there is one: Python's datetime for ISO weeks
# and for the instant "now" reads, and exact messages for the date errors
# a file cannot reach (the reader trims spaces, refuses bad bytes first and
# takes at most 64 bytes of date), given through --from.
set -u
cd "$(dirname "$0")/../.."
source tests/cli/lib.bash
py=/usr/bin/python3
hint=" (try 'dateline --help')"
printf '2020: x\n' >"$tmp/a.mw"

# The error table's messages that only --from and --to can reach.
expect_err 2 "dateline: --from: empty date$hint" \
  "$DATELINE" dump --from '' "$tmp/a.mw"
long=$(printf '2%.0s' {1..129})
expect_err 2 "dateline: --from: date is too long (129 bytes; at most 128)$hint" \
  "$DATELINE" dump --from "$long" "$tmp/a.mw"
expect_err 2 "dateline: --from: invalid UTF-8 byte 0xFF in date$hint" \
  "$DATELINE" dump --from "$(printf '20\xff17')" "$tmp/a.mw"
expect_err 2 "dateline: --from: space before date ' 2017'$hint" \
  "$DATELINE" dump --from ' 2017' "$tmp/a.mw"
expect_err 2 "dateline: --to: space after date '2017 '$hint" \
  "$DATELINE" dump --to '2017 ' "$tmp/a.mw"
expect_err 2 "dateline: --from: 'now' in date 'now' is only read in an event file (it is the time of the build): write the date as YYYY-MM-DD$hint" \
  "$DATELINE" dump --from now "$tmp/a.mw"
expect_err 2 "dateline: --from: ambiguous numeric date '06/07/2017': write 2017-06-07 or 2017-07-06$hint" \
  "$DATELINE" dump --from 06/07/2017 "$tmp/a.mw"
# The deterministic forms are read there too.
check "--from takes a range" "$DATELINE" check --from '2019 - 2021' "$tmp/a.mw"
check "--to takes a week" "$DATELINE" check --to '2020-W01' "$tmp/a.mw"

# ISO weeks against Python's calendar: the Monday and Sunday of weeks 1-52
# of 2015-2030, and which years have a week 53.
: >"$tmp/weeks.mw"
for y in $(seq 2015 2030); do
  for w in $(seq 1 52); do printf '%d-W%02d: w\n' "$y" "$w" >>"$tmp/weeks.mw"; done
done
"$DATELINE" dump --color=never "$tmp/weeks.mw" |
  sed -n 's/^  date "\([0-9]*-W[0-9]*\)" edtf \([-0-9]*\)\/\([-0-9]*\) .*/\1 \2 \3/p' |
  sort >"$tmp/ours"
: >"$tmp/ours53"
for y in $(seq 2015 2030); do
  printf '%d-W53: w\n' "$y" >"$tmp/w53.mw"
  "$DATELINE" check "$tmp/w53.mw" 2>/dev/null && echo "$y" >>"$tmp/ours53"
done
$py - "$tmp/theirs" "$tmp/theirs53" <<'PY'
import datetime, sys
with open(sys.argv[1], "w") as out, open(sys.argv[2], "w") as long_years:
    for y in range(2015, 2031):
        for w in range(1, 53):
            mon = datetime.date.fromisocalendar(y, w, 1)
            sun = mon + datetime.timedelta(days=6)
            out.write("%d-W%02d %s %s\n" % (y, w, mon, sun))
        if datetime.date(y, 12, 28).isocalendar()[1] == 53:
            long_years.write("%d\n" % y)
PY
sort -o "$tmp/theirs" "$tmp/theirs"
check "832 weeks read" [ "$(wc -l <"$tmp/ours")" = 832 ]
check "every ISO week 2015-2030 is Python's" cmp -s "$tmp/ours" "$tmp/theirs"
check "the years with a week 53 are Python's" cmp -s "$tmp/ours53" "$tmp/theirs53"

# now: SOURCE_DATE_EPOCH's instant, as Python reads it, said in the dump.
printf '1970 - now: Since 1970\nnow: Now\n' >"$tmp/now.mw"
for sde in 1768478400 0 951782400 4102444799; do
  want=$($py -c "import datetime,sys; print(datetime.datetime.fromtimestamp($sde, datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'))")
  got=$(SOURCE_DATE_EPOCH=$sde "$DATELINE" dump "$tmp/now.mw" | sed -n 2p)
  check "now at SOURCE_DATE_EPOCH=$sde" \
    [ "$got" = "clock line 1 reads now: $want from SOURCE_DATE_EPOCH; the dates depend on the clock" ]
  got=$(SOURCE_DATE_EPOCH=$sde "$DATELINE" dump "$tmp/now.mw" | grep -c "edtf .*${want}")
  check "both events end at $want" [ "$got" = 2 ]
done
a=$(SOURCE_DATE_EPOCH=1768478400 "$DATELINE" dump "$tmp/now.mw")
b=$(SOURCE_DATE_EPOCH=1768478400 "$DATELINE" dump "$tmp/now.mw")
check "the dump is the same under SOURCE_DATE_EPOCH" [ "$a" = "$b" ]
got=$(env -u SOURCE_DATE_EPOCH "$DATELINE" dump "$tmp/now.mw" | sed -n 2p)
check "without SOURCE_DATE_EPOCH the clock, said so" \
  grep -q '^clock line 1 reads now: .* from the clock; the dates depend on the clock$' <<<"$got"
year=$(date -u +%Y)
check "the clock's year" grep -q "now: $year-" <<<"$got"
check "a file without now has no clock line" \
  bash -c "! '$DATELINE' dump '$tmp/a.mw' | grep -q '^clock'"
# Every case docs/dates.md's error tables name exists.
names=$(sed -n '/^## Errors/,$p' docs/dates.md | grep -o '`[a-z][a-z0-9-]*`' | tr -d '`' |
  grep -E '^(date-|swallow-|bad-month|ambiguous)' | sort -u)
check "docs/dates.md names cases" [ -n "$names" ]
for c in $names; do
  check "case $c of docs/dates.md exists" [ -f "tests/cli/errors/$c.mw" ]
done
finish dates
