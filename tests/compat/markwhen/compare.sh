#!/usr/bin/env bash
# How far dateline reads Markwhen: runs `dateline check` over every
# tests/compat/markwhen/*.mw and, for each file it accepts, compares
# `dateline dump` with what the reference parser read (NAME.expect):
#   count   the number of events
#   ranges  the events' [from, to) ranges, lanes and titles, as sorted
#           lists (events.bash says how the two readings are put in one
#           shape).
# Files whose .expect has a "now" line depend on the clock and are compared
# on the count only.  Prints one line per file and a summary; always exits
# 0 unless dateline is missing.  It measures; tests/cli/compat-markwhen.sh
# judges (in `make check`).
#
# Usage: bash tests/compat/markwhen/compare.sh [DATELINE]   (default build/dateline)
set -u
cd "$(dirname "$0")/../../.."
dateline=${1:-${DATELINE:-build/dateline}}
if [[ ! -x $dateline ]]; then
  echo "compare.sh: no dateline at $dateline (run make all)" >&2
  exit 2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

. tests/compat/markwhen/events.bash

files=0 accepted=0 refused=0 count_same=0 count_differ=0
ranges_same=0 ranges_differ=0 clock=0
for mw in tests/compat/markwhen/*.mw; do
  name=$(basename "$mw" .mw)
  expect=${mw%.mw}.expect
  files=$((files + 1))
  if ! "$dateline" check "$mw" >"$tmp/out" 2>"$tmp/err"; then
    refused=$((refused + 1))
    printf '%-22s refused  %s\n' "$name" "$(head -n 1 "$tmp/err" | sed 's/^dateline: [^ ]*: //')"
    continue
  fi
  accepted=$((accepted + 1))
  "$dateline" dump "$mw" >"$tmp/dump" 2>/dev/null
  ours=$(mw_dump_count "$tmp/dump")
  theirs=$(mw_expect_count "$expect")
  verdict="count $ours, Markwhen $theirs"
  if [[ $ours == "$theirs" ]]; then
    count_same=$((count_same + 1))
    verdict="count $ours same"
    if grep -q '^now' "$expect"; then
      clock=$((clock + 1))
      verdict="$verdict; ranges depend on the clock"
    elif diff <(mw_dump_events "$tmp/dump") <(mw_expect_events "$expect") >"$tmp/diff"; then
      ranges_same=$((ranges_same + 1))
      verdict="$verdict; ranges, lanes and titles same"
    else
      ranges_differ=$((ranges_differ + 1))
      verdict="$verdict; ranges, lanes or titles differ: $(grep -c '^[<>]' "$tmp/diff") lines"
    fi
  else
    count_differ=$((count_differ + 1))
  fi
  printf '%-22s accepted %s\n' "$name" "$verdict"
done
echo
echo "$files files: $accepted accepted, $refused refused"
echo "accepted: $count_same with Markwhen's event count, $count_differ with another"
echo "same count: $ranges_same with the same ranges, lanes and titles, $ranges_differ different, $clock depend on the clock"
