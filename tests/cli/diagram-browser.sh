#!/usr/bin/env bash
# The diagram as a reader's browser draws it: headless Chromium measures
# every text, mark and stroke of the SVGs of six data sets (the article,
# 50 events in a month, 30 on one day, two centuries, a million years, 300
# years), each horizontal and vertical, on auto, proportional, broken and
# ordinal axes, and tests/diagram/browser_check.py asserts: every event is
# one g.tl-event holding its mark, label and leader; every label lies in
# its lane; no two texts overlap, none lies outside the view, no leader or
# arrow passes through a text, and in the default view no stretch of axis
# without an event is longer than a quarter of it.  Skipped without
# /usr/bin/chromium.
set -u
cd "$(dirname "$0")/../.."
dl=$DATELINE
source tests/cli/lib.bash

if [[ ! -x /usr/bin/chromium ]]; then
  echo "diagram-browser: skipped (no /usr/bin/chromium)"
  exit 0
fi
files=() strict=()
for f in events/russia-dprk-sanctions.mw tests/golden/dot/dense.mw tests/diagram/*.mw; do
  for o in horizontal vertical; do
    for m in auto proportional broken ordinal; do
      out="$tmp/$(basename "$f" .mw)-$o-$m.svg"
      "$dl" render --orientation "$o" --axis "$m" -o "$out" "$f" || bad "render $out"
      files+=("$out")
      [[ $m == auto ]] && strict+=(--max-empty "$out")
    done
  done
done
while IFS= read -r line; do
  case $line in
    *" ok "*) ok ;;
    *) bad "$line" ;;
  esac
done < <(/usr/bin/python3 tests/diagram/browser_check.py "${strict[@]}" "${files[@]}" 2>&1)
check "all ${#files[@]} pictures measured" test $((pass)) -eq ${#files[@]}
finish diagram-browser
