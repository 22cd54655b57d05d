#!/usr/bin/env bash
# dateline render: the diagram's shape through the real command, read back
# by other tools: --axis modes (a broken axis only where a long stretch is
# empty), --width down to 2 inches, --height and sizes that cannot work
# (usage errors that say what can, and no file written), a vertical
# picture taller than wide, the ordinal axis's note, and after: links
# back in time or in a cycle warned about in render and ics.
set -u
cd "$(dirname "$0")/../.."
dl=$DATELINE
ev=events/russia-dprk-sanctions.mw
deep=tests/diagram/deep-time.mw
source tests/cli/lib.bash

# png_size FILE: "WIDTH HEIGHT" from the PNG's header.
png_size() {
  /usr/bin/python3 -c '
import struct, sys
d = open(sys.argv[1], "rb").read(26)
assert d[:8] == b"\x89PNG\r\n\x1a\n"
print(*struct.unpack(">II", d[16:24]))' "$1"
}

# svg_width FILE: the width attribute of the root, read by xmllint.
svg_width() {
  xmllint --xpath 'string(/*[local-name()="svg"]/@width)' "$1"
}

# Axis modes: all four accepted; an unknown one is a usage error.
for m in auto proportional broken ordinal; do
  check "--axis $m renders" "$dl" render --axis "$m" -o "$tmp/axis-$m.svg" "$deep"
  check "--axis $m SVG is XML" xmllint --noout "$tmp/axis-$m.svg"
done
expect_err 2 "dateline: --axis must be 'auto', 'proportional', 'broken' or 'ordinal', not 'log' (try 'dateline --help')" \
  "$dl" render --axis log -o "$tmp/x.svg" "$ev"
# A million years with long empty stretches: the default breaks the axis,
# so it differs from the proportional one and is the broken one.
check "deep time: auto breaks the axis" \
  bash -c "! cmp -s '$tmp/axis-auto.svg' '$tmp/axis-proportional.svg'"
check "deep time: auto is broken" cmp -s "$tmp/axis-auto.svg" "$tmp/axis-broken.svg"
# The article has no long empty stretch: the default keeps one scale.
"$dl" render -o "$tmp/art-auto.svg" "$ev"
"$dl" render --axis proportional -o "$tmp/art-prop.svg" "$ev"
check "article: auto is proportional" cmp -s "$tmp/art-auto.svg" "$tmp/art-prop.svg"
# The ordinal axis says it is not to scale.
check "ordinal: not to scale" grep -q "Not to scale" "$tmp/axis-ordinal.svg"

# --width is honoured down to 2 inches.
for w in 2 3.5 6.5; do
  "$dl" render --width "$w" -o "$tmp/w.svg" "$ev"
  want=$(/usr/bin/python3 -c "print('%gpt' % ($w * 72))")
  got=$(svg_width "$tmp/w.svg")
  check "--width $w gives $want (got $got)" test "$got" = "$want"
done
expect_err 2 "dateline: --width must be a number of inches from 2 to 200, not '0.5' (try 'dateline --help')" \
  "$dl" render --width 0.5 -o "$tmp/x.svg" "$ev"

# --height: 200 events cannot fit in one inch; the error says what can,
# and nothing is written.
/usr/bin/python3 -c '
print("---\ntitle: Two hundred\n---")
for i in range(200):
    print("2018-%02d-%02d: Event number %d happens\n" % (i % 12 + 1, i % 28 + 1, i))' >"$tmp/e200.mw"
expect_err 2 "dateline: $tmp/e200.mw: error: the events need a height of at least 3.3 in at a legible text size, not 1.0 in" \
  "$dl" render --height 1 -o "$tmp/h1.png" "$tmp/e200.mw"
check "--height 1: no file written" test ! -e "$tmp/h1.png"
# A height that can work is kept to.
"$dl" render --height 8 -o "$tmp/h8.png" "$tmp/e200.mw"
read -r pw ph < <(png_size "$tmp/h8.png")
check "--height 8 at 144 dpi: $ph px <= 1152" test "$ph" -le 1152
# Vertical at a width that would shrink text below 6 pt is refused.
err=$("$dl" render --orientation vertical --width 2 -o "$tmp/v2.png" "$ev" 2>&1)
check "vertical --width 2: usage error" test $? = 2
check "vertical --width 2: says what width can work" grep -Eq \
  "^dateline: $ev: error: the events need a width of at least [0-9.]+ in to keep text at 6 pt or more, not 2.0 in$" <<<"$err"

# Vertical is portrait.
"$dl" render --orientation vertical -o "$tmp/v.png" "$ev"
read -r vw vh < <(png_size "$tmp/v.png")
check "vertical article is taller than wide ($vw x $vh)" test "$vh" -gt "$vw"

# after: back in time, and in a cycle: warnings with the id's position,
# in render and ics, which still succeed.
cat >"$tmp/links.mw" <<'MW'
---
title: Links
---
2018-01-01: Report
id: report
after: ruling, leak

2018-02-01: Leak
id: leak
after: report

2017-12-01: Ruling
id: ruling
MW
for cmd in "render -o $tmp/links.svg" "ics -o $tmp/links.ics"; do
  # shellcheck disable=SC2086
  err=$("$dl" $cmd --color=never "$tmp/links.mw" 2>&1 >/dev/null)
  status=$?
  check "$cmd: exit 0 with warnings" test "$status" = 0
  check "$cmd: back in time at 6:16" \
    grep -q "links.mw:6:16: warning: 'after' names 'leak', which starts later" <<<"$err"
  check "$cmd: cycle" grep -q "warning: 'after' links form a cycle" <<<"$err"
done

# Read back from the SVG alone: no leader and no arrow runs through a
# label, on every data set, both ways, every axis.
for f in "$ev" tests/golden/dot/dense.mw tests/diagram/*.mw; do
  for o in horizontal vertical; do
    for m in auto proportional broken ordinal; do
      "$dl" render --orientation "$o" --axis "$m" -o "$tmp/g.svg" "$f"
      out=$(/usr/bin/python3 tests/diagram/svg_check.py "$tmp/g.svg")
      check "$f $o $m: $out" test "$(grep -c 'crossing 0$' <<<"$out")" = 2
    done
  done
done

finish diagram-geometry
