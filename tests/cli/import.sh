#!/usr/bin/env bash
# dateline import: any input written as a native event file that reads
# back to the same model - `dump` of the import equals `dump` of the source
# but for the file name and the line numbers - for every reader, with the
# text that could turn into a heading, a property or an event kept as
# text; what the native format cannot write gets a warning.
# Usage: DATELINE=build/dateline bash tests/cli/import.sh
set -u
cd "$(dirname "$0")/../.."
source tests/cli/lib.bash
D=${DATELINE:?set DATELINE to the dateline binary}

norm() { sed -E 's/^timeline "[^"]*"/timeline/; s/^(event [0-9]+) line [0-9]+ /\1 /'; }

roundtrip() {
  local src=$1 out=$tmp/out.mw
  rm -f "$out"
  if ! "$D" import "$src" -o "$out" 2>"$tmp/err"; then
    bad "import $src failed: $(cat "$tmp/err")"; return
  fi
  if diff <("$D" dump "$src" 2>/dev/null | norm) <("$D" dump "$out" 2>/dev/null | norm) >"$tmp/diff"; then
    ok
  else
    bad "import $src: dumps differ"; head -20 "$tmp/diff"
  fi
}

inputs=(tests/compat/ics/*.ics tests/readers/*.ics
        tests/compat/timelinejs/{bce,harbour,reordered,time-forms}.csv
        tests/compat/timelinejs/harbour-as-json.json
        tests/readers/mapping.csv tests/readers/mapping-json.json
        tests/readers/hashes.csv tests/readers/hashes.mw
        events/*.mw tests/cli/errors/../../golden/dot/*.mw)
for f in "${inputs[@]}"; do
  [[ -e $f ]] || continue
  case $f in *empty-calendar.ics|*garbage.ics|*bad-properties.ics) continue ;; esac
  roundtrip "$f"
done

# Description lines that look like a heading, an event or a property stay
# description text (they are indented).
"$D" import tests/readers/text-hazards.ics -o "$tmp/h.mw" 2>/dev/null
check "hazards stay in the description" bash -c "'$D' dump '$tmp/h.mw' 2>/dev/null | grep -qF 'description \"status: not a property\n# Not a heading\n2021: not an event\n## neither\nid: x\ntags: none\nJune 2017: nor this\"'"
check "one event, no heading" bash -c "'$D' dump '$tmp/h.mw' 2>/dev/null | grep -q '^timeline \"[^\"]*\" events 1 lanes 1$'"

# A '#' that is text is written \# and reads back as text, not a tag.
"$D" import tests/readers/no-escape.csv -o "$tmp/n.mw" 2>/dev/null
check "a title's #word written \\#" grep -qxF '2020: Rally \#metoo' "$tmp/n.mw"
check "and read back as the title, no tag" bash -c "'$D' dump '$tmp/n.mw' 2>/dev/null | grep -A3 '^event 1' | grep -qx '  title \"Rally #metoo\"' && ! '$D' dump '$tmp/n.mw' 2>/dev/null | grep -q '^  tag '"
"$D" import tests/readers/hashes.mw -o "$tmp/hm.mw" 2>/dev/null
check "a native \\# stays escaped" grep -qxF '  A \#literal, a \#tagged word, a backslash \ alone and \\#two.' "$tmp/hm.mw"

# What has no escape in the native format is said, at the source's line.
expect_err 0 "dateline: tests/readers/no-escape.csv:2:1: warning: import: a description line starting with '//' reads back as a comment
    2 | 2020,Rally #metoo,\"<p>// a line that reads as a comment</p>\"
      | ^~~~" "$D" import --color=never tests/readers/no-escape.csv -o "$tmp/n.mw"

# Standard output without -o; nothing written when the input has errors.
check "to standard output" bash -c "'$D' import tests/compat/ics/utc.ics | grep -q '^2024-04-01T08:30Z/2024-04-01T09:30Z: An hour in UTC$'"
check "an input with errors writes nothing" bash -c "! '$D' import tests/readers/bad-fields.csv -o '$tmp/x.mw' 2>/dev/null && [[ ! -e '$tmp/x.mw' ]]"
check "help names import" bash -c "'$D' --help | grep -q 'import   write any input as a native event file'"

finish import
