#!/usr/bin/env bash
# Every example in docs/format.md and docs/dates.md is a test: each ```mw
# block is dumped with `dateline dump` and compared with the ```dump block
# that follows it.
set -u
# "now" in an example reads this instant (2026-01-15T12:00:00Z).
export SOURCE_DATE_EPOCH=1768478400
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
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
      pass=$((pass + 1))
    else
      fail=$((fail + 1))
      echo "FAIL: $doc example $(basename "$mw" .mw)"
      diff <(printf '%s\n' "$got") "$want" | head -n 20
    fi
  done
done
echo "format-examples: $pass passed, $fail failed"
[[ $fail -eq 0 && $pass -gt 0 ]]
