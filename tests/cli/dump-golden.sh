#!/usr/bin/env bash
# Dump goldens: `dateline dump` of every event file in events/ and tests/
# (cmark's habit of testing the parser through one canonical text form).
# tests/golden/dump/PATH.dump holds what the dump printed, then its
# messages and exit status, so a file with errors is pinned down too.
# A mismatch prints a unified diff; UPDATE_GOLDEN=1 (make update-golden)
# rewrites the goldens and removes those whose input is gone.
set -u
cd "$(dirname "$0")/../.."
source tests/cli/lib.bash
# "now" reads the build time: fixed here (2026-01-15T12:00:00Z, the
# instant the Markwhen .expect files were written at) so the goldens hold.
export SOURCE_DATE_EPOCH=1768478400
G=tests/golden/dump
mkdir -p "$G"
# golden_of PATH: its golden file (slashes become '__').
golden_of() { printf '%s/%s.dump' "$G" "${1//\//__}"; }
inputs=$(git ls-files 'events/*.mw' 'tests/*.mw' 2>/dev/null || find events tests -name '*.mw' | sort)
count=0
for f in $inputs; do
  count=$((count + 1))
  out=$("$DATELINE" dump --color=never "$f" 2>"$tmp/err"; echo "-- exit $?")
  actual=$(printf '%s\n-- stderr\n%s\n' "$out" "$(cat "$tmp/err")")
  g=$(golden_of "$f")
  [[ ${UPDATE_GOLDEN:-} == 1 ]] && printf '%s\n' "$actual" >"$g"
  if [[ -f $g && $actual == "$(cat "$g")" ]]; then ok; else
    bad "$f: dump differs from $g"
    diff -u "$g" <(printf '%s\n' "$actual") | head -n 40
  fi
done
if [[ ${UPDATE_GOLDEN:-} == 1 ]]; then
  for g in "$G"/*.dump; do
    keep=0
    for f in $inputs; do [[ $(golden_of "$f") == "$g" ]] && keep=1 && break; done
    [[ $keep == 1 ]] || rm -f "$g"
  done
fi
# Every golden has its input: none is left over from a removed file.
check "as many goldens as inputs ($count)" [ "$(ls "$G"/*.dump | wc -l)" = "$count" ]
finish dump-golden
