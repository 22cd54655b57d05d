#!/usr/bin/env bash
# Markwhen compatibility as a test: every tests/compat/markwhen/NAME.mw is
# either read as @markwhen/parser 1.2.0 reads it (NAME.expect: the same
# number of events, the same ranges, lanes and titles, as events.bash
# compares them), or refused with an error that names the form it does
# not read, or read differently with a warning that says so.  Which file
# is which is listed below, in one place: a file that starts being read,
# or stops, fails the test until its line is moved.  docs/howto-import.md
# gives the figures.
source "$(dirname "$0")/lib.bash"
cd "$(dirname "$0")/../.."
. tests/compat/markwhen/events.bash
dir=tests/compat/markwhen

# Files dateline refuses: NAME, then a part of its first error, which says
# what is not read.
declare -A refused=(
  [american-mdy]="numeric date '08/24/1992' is not EDTF"
  [bce]="era '44 BC' is not supported yet"
  [casual-times]="unexpected ' 8am' after date"
  [comments-description]="year '06' must have four digits in date '06/1999'"
  [crlf]="range '2016 - 2017' is not supported yet"
  [dateformat-dmy]="ambiguous numeric date '03/02/2024'"
  [dateformat-rules]="ambiguous numeric date '3.4.2021'"
  [early-years]="year '1' must have four digits"
  [edtf-ranges]="space before '/' in date '2004-06 / 2006-08'"
  [edtf-times]="unexpected ' 10am' after date"
  [empty-titles]="event has an empty title"
  [group-stray-end]="'endGroup' without an open 'group' block"
  [group-unclosed]="'group Orchard' is never closed with 'endGroup'"
  [header-frontmatter]="range '2013 - 2015' is not supported yet"
  [header-nested-map]="nested header value under 'meridiem:' is not read"
  [header-no-dashes]="range '2013 - 2015' is not supported yet"
  [ids-duplicate]="duplicate id 'show'"
  [ids-start-end]="space before '/' in date '2025-06-02 / 2025-06-13'"
  [iso-datetime]="unexpected '-2088-10-29T21:05:33Z' after date"
  [iso-week]="expected a month after '-' in date '2024-W10'"
  [month-names]="unexpected ' 6:45pm' after date"
  [month-year]="year '04' must have four digits"
  [now]="date 'now' is not supported yet"
  [range-hyphen]="range '2001 - 2003' is not supported yet"
  [range-to]="more than one '/' in date '10/10/2004 8am'"
  [recurrence-for]="'for 6 days' after 'every 2 days' is ambiguous"
  [recurrence-x]="ambiguous numeric date '11/04/2003'"
  [relative-both]="ambiguous numeric date '03/10/2021'"
  [relative-chain]="range '2017 - 2019' is not supported yet"
  [tag-advanced]="nested header value under '#tokyo:' is not read"
  [tag-colour-bad]="invalid color 'greenish' for tag '#Parks'"
  [tag-colours]="range '2012 - 2013' is not supported yet"
  [timezone-header]="unexpected ' 10am' after date"
  [yearless]="expected a four-digit year after the day in date 'February 9'"
)

# Files dateline reads differently from Markwhen 1.2.0: NAME, then a part
# of the warning that says how.
declare -A differs=(
  [group-endgroup]="'group' blocks are read as lanes; Markwhen 1.2.0 reads these lines as text"
  [group-after-event]="'group' blocks are read as lanes; Markwhen 1.2.0 reads these lines as text"
  [recurrence-until]="'every other' is read as every 2; Markwhen 1.2.0 does not read it"
)

generic="expected an event ('DATE: Title'), a heading or a comment"
same=0 nrefused=0 ndiffer=0 files=0
for mw in "$dir"/*.mw; do
  name=$(basename "$mw" .mw)
  expect=$dir/$name.expect
  files=$((files + 1))
  if [[ ! -f $expect ]]; then
    bad "$name: no $name.expect (tests/compat/README.md says how to write it)"
    continue
  fi
  "$DATELINE" check --color=never "$mw" >/dev/null 2>"$tmp/err"
  status=$?
  first=$(grep -m 1 ': error: ' "$tmp/err" | sed 's/.*: error: //')
  if [[ $status != 0 ]]; then
    nrefused=$((nrefused + 1))
    if [[ -z ${refused[$name]+set} ]]; then
      bad "$name: refused but not listed as refused: $first"
    elif [[ $first != *"${refused[$name]}"* ]]; then
      bad "$name: refused with '$first', listed as '${refused[$name]}'"
    else
      ok
    fi
    # The form is named, never only the generic message.
    check "$name: refused with the generic message" \
      bash -c '! grep -qF "$1" "$2"' _ "$generic" "$tmp/err"
    continue
  fi
  if [[ -n ${refused[$name]+set} ]]; then
    bad "$name: read now; move it out of the refused list"
    continue
  fi
  "$DATELINE" dump "$mw" >"$tmp/dump" 2>/dev/null
  ranges=1
  grep -q '^now' "$expect" && ranges=0 # Markwhen's reading depends on the clock
  if [[ $(mw_dump_count "$tmp/dump") == "$(mw_expect_count "$expect")" ]] &&
    diff <(mw_dump_events "$tmp/dump" $ranges) \
      <(mw_expect_events "$expect" $ranges) >"$tmp/diff"; then
    if [[ -n ${differs[$name]+set} ]]; then
      bad "$name: reads as Markwhen does now; move it out of the differs list"
    else
      same=$((same + 1))
      ok
    fi
    continue
  fi
  ndiffer=$((ndiffer + 1))
  if [[ -z ${differs[$name]+set} ]]; then
    bad "$name: read differently from Markwhen, and not listed:"
    diff <(mw_dump_events "$tmp/dump" $ranges) \
      <(mw_expect_events "$expect" $ranges) | head -n 20
  elif ! grep -qF -- "${differs[$name]}" "$tmp/err"; then
    bad "$name: read differently from Markwhen without the warning '${differs[$name]}'"
  else
    ok
  fi
done
# Every listed file exists, so the lists cannot rot.
for name in "${!refused[@]}" "${!differs[@]}"; do
  check "$name: listed but there is no $dir/$name.mw" test -f "$dir/$name.mw"
done
echo "compat-markwhen: of $files files, $same read as Markwhen reads them," \
  "$nrefused refused, $ndiffer read differently with a warning"
finish compat-markwhen
