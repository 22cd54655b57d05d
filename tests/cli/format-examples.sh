#!/usr/bin/env bash
# Every example in docs/format.md and docs/dates.md is a test: each ```mw
# block is dumped with `dateline dump` and compared with the ```dump block
# that follows it.
# "now" in an example reads this instant (2026-01-15T12:00:00Z).
export SOURCE_DATE_EPOCH=1768478400
source "$(dirname "$0")/lib.bash"
cd "$(dirname "$0")/../.."
for doc in docs/format.md docs/dates.md; do
  [[ -f $doc ]] || continue
  rm -f "$tmp"/ex-*
  # Split the document into ex-N.mw / ex-N.dump files.
  awk -v dir="$tmp" '
    /^```mw$/   { n++; file = dir "/ex-" n ".mw"; inblock = 1; next }
    /^```dump$/ { file = dir "/ex-" n ".dump"; inblock = 1; next }
    /^```/      { inblock = 0; file = ""; next }
    inblock && file != "" { print > file }
  ' "$doc"
  for mw in "$tmp"/ex-*.mw; do
    [[ -e $mw ]] || continue
    want=${mw%.mw}.dump
    cp "$mw" "$tmp/example.mw"
    got=$(cd "$tmp" && "$DATELINE" dump example.mw 2>&1)
    if [[ -f $want && $got == "$(cat "$want")" ]]; then
      ok
    else
      bad "$doc example $(basename "$mw" .mw)"
      diff <(printf '%s\n' "$got") "$want" | head -n 20
    fi
  done
done
check "the documents have examples" test "$pass" -gt 0
finish format-examples
