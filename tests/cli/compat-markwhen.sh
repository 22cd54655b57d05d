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
declare -F mw_dump_events mw_expect_events >/dev/null ||
  { echo "compat-markwhen: tests/compat/markwhen/events.bash did not load" >&2; exit 1; }
dir=tests/compat/markwhen

# Files dateline refuses: NAME, then a part of its first error, which says
# what is not read.
declare -A refused=(
  [casual-times]="time '2:30pm' is not supported yet"
  [dateformat-rules]="ambiguous numeric date '3.4.2021'"
  [early-years]="year '1' must have four digits"
  [empty-titles]="event has an empty title"
  [group-stray-end]="'endGroup' without an open 'group' block"
  [group-unclosed]="'group Orchard' is never closed with 'endGroup'"
  [header-nested-map]="nested header value under 'meridiem:' is not read"
  [ids-duplicate]="duplicate id 'show'"
  [recurrence-for]="'for 6 days' after 'every 2 days' is ambiguous"
  [tag-advanced]="nested header value under '#tokyo:' is not read"
  [tag-colour-bad]="invalid color 'greenish' for tag '#Parks'"
  [yearless]="date 'February 9' has no year"
)

# Files dateline reads differently from Markwhen 1.2.0: NAME, then a part
# of the warning that says how.
declare -A differs=(
  [group-endgroup]="'group' blocks are read as lanes; Markwhen 1.2.0 reads these lines as text"
  [group-after-event]="'group' blocks are read as lanes; Markwhen 1.2.0 reads these lines as text"
  [recurrence-until]="'every other' is read as every 2; Markwhen 1.2.0 does not read it"
)

# Files dateline reads differently where Markwhen 1.2.0 itself misreads
# them, or where dateline keeps less: NAME, then the sentence of
# docs/howto-import.md that says so (it must be there).
declare -A documented=(
  [bce]="Markwhen 1.2.0 keeps the ': ' of an era date in the title"
  [crlf]="Markwhen 1.2.0 does not see a heading on a line that ends in CR LF"
  [range-hyphen]="Markwhen 1.2.0 drops a day range written 2009-02-01 - 2009-02-10"
  [timezone-header]="dateline reads a file's timezone: for the feed, not for the dump"
)

generic="expected an event ('DATE: Title'), a heading or a comment"
same=0 nrefused=0 ndiffer=0 ndoc=0 files=0
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
    if [[ -n ${differs[$name]+set}${documented[$name]+set} ]]; then
      bad "$name: reads as Markwhen does now; move it out of its list"
    else
      same=$((same + 1))
      ok
    fi
    continue
  fi
  if [[ -n ${documented[$name]+set} ]]; then
    ndoc=$((ndoc + 1))
    check "$name: docs/howto-import.md says '${documented[$name]}'" \
      grep -qF -- "${documented[$name]}" docs/howto-import.md
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
for name in "${!refused[@]}" "${!differs[@]}" "${!documented[@]}"; do
  check "$name: listed but there is no $dir/$name.mw" test -f "$dir/$name.mw"
done
echo "compat-markwhen: of $files files, $same read as Markwhen reads them," \
  "$nrefused refused, $ndiffer read differently with a warning," \
  "$ndoc differently as docs/howto-import.md says"
finish compat-markwhen
