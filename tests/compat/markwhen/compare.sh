#!/usr/bin/env bash
# How far dateline reads Markwhen: runs `dateline check` over every
# tests/compat/markwhen/*.mw and, for each file it accepts, compares
# `dateline dump` with what the reference parser read (NAME.expect):
#   count   the number of events
#   ranges  the events' [from, to) ranges and titles, as sorted lists
#           (dateline orders events by date; Markwhen keeps file order).
#           A Markwhen bound at midnight UTC is compared as a plain date.
# Files whose .expect has a "now" line depend on the clock and are compared
# on the count only.  Prints one line per file and a summary; always exits
# 0 unless dateline is missing.  Not part of `make check`: it measures,
# it does not judge.
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

# Sorted "FROM TO TITLE" lines from a .expect file.
expect_ranges() {
  awk -F'\t' '$1 == "event" {
    from = $2; to = $3
    sub(/T00:00:00Z$/, "", from); sub(/T00:00:00Z$/, "", to)
    title = ($5 == "-") ? "" : $5
    print from "\t" to "\t" title
  }' "$1" | LC_ALL=C sort
}

# Sorted "FROM TO TITLE" lines from `dateline dump` output.
dump_ranges() {
  awk '
    /^event / { if (have) print from "\t" to "\t" title; have = 1; title = "" }
    /^  date / {
      match($0, /range \[[^,]*, [^)]*\)/)
      r = substr($0, RSTART + 7, RLENGTH - 8)
      split(r, p, ", "); from = p[1]; to = p[2]
    }
    /^  title / {
      title = substr($0, 10, length($0) - 10)
      gsub(/\\"/, "\"", title); gsub(/\\\\/, "\\", title)
    }
    END { if (have) print from "\t" to "\t" title }
  ' "$1" | LC_ALL=C sort
}

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
  ours=$(sed -n '1s/.* events \([0-9]*\) lanes .*/\1/p' "$tmp/dump")
  theirs=$(awk -F'\t' '$1 == "events" { print $2 }' "$expect")
  verdict="count $ours, Markwhen $theirs"
  if [[ $ours == "$theirs" ]]; then
    count_same=$((count_same + 1))
    verdict="count $ours same"
    if grep -q '^now' "$expect"; then
      clock=$((clock + 1))
      verdict="$verdict; ranges depend on the clock"
    elif diff <(dump_ranges "$tmp/dump") <(expect_ranges "$expect") >"$tmp/diff"; then
      ranges_same=$((ranges_same + 1))
      verdict="$verdict; ranges and titles same"
    else
      ranges_differ=$((ranges_differ + 1))
      verdict="$verdict; ranges or titles differ: $(grep -c '^[<>]' "$tmp/diff") lines"
    fi
  else
    count_differ=$((count_differ + 1))
  fi
  printf '%-22s accepted %s\n' "$name" "$verdict"
done
echo
echo "$files files: $accepted accepted, $refused refused"
echo "accepted: $count_same with Markwhen's event count, $count_differ with another"
echo "same count: $ranges_same with the same ranges and titles, $ranges_differ different, $clock depend on the clock"
