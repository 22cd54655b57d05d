#!/usr/bin/env bash
# The recipes in docs/howto-import.md work as printed: the ```awk program
# converts the ```csv example into an event file that `dateline check`
# accepts with the dates unchanged, and the Markwhen sed command turns a
# small Markwhen file into one that `dateline check` accepts.
set -u
cd "$(dirname "$0")/../.."
dl=$DATELINE
doc=docs/howto-import.md
source tests/cli/lib.bash

# block LANG [N]: the Nth (default 1st) fenced block of that language.
block() {
  awk -v lang="$1" -v want="${2:-1}" '
    $0 == "```" lang { n++; on = (n == want); next }
    /^```/ { on = 0; next }
    on' "$doc"
}

block csv >"$tmp/events.csv"
block awk >"$tmp/csv2mw.awk"
[[ -s $tmp/events.csv && -s $tmp/csv2mw.awk ]] && ok || bad "no csv or awk block in $doc"
if awk -v title="CSV import" -f "$tmp/csv2mw.awk" "$tmp/events.csv" >"$tmp/events.mw" 2>"$tmp/err"; then ok
else bad "the awk program fails: $(cat "$tmp/err")"; fi
"$dl" check "$tmp/events.mw" && ok || bad "the CSV import does not pass dateline check"
dump=$("$dl" dump "$tmp/events.mw")
want_events=$(($(grep -c . "$tmp/events.csv") - 1))
[[ $dump == *" events $want_events lanes 2"* ]] && ok || bad "CSV import: wanted $want_events events in 2 lanes"
for d in 2017-06 2017-09/2018-08-02 2017-12; do
  [[ $dump == *"edtf $d range"* ]] && ok || bad "CSV import lost the date $d"
done
[[ $dump == *'title "Over 10,000 new North Korean workers register in Russia"'* ]] \
  && ok || bad "CSV import: a quoted title with a comma"
# CRLF line endings and a row without a lane.
{ sed 's/$/\r/' "$tmp/events.csv"
  printf '2018-08-03,The Moscow Times publishes the Reuters story,,,article,\r\n'; } >"$tmp/crlf.csv"
awk -f "$tmp/csv2mw.awk" "$tmp/crlf.csv" >"$tmp/crlf.mw" && "$dl" check "$tmp/crlf.mw" \
  && [[ $("$dl" dump "$tmp/crlf.mw") == *'lane 0 ""'* ]] && ok || bad "CSV import with CRLF and an empty lane"

# The Markwhen recipe: the sed command of the first sh block that has one.
sedcmd=$(awk '
  $0 == "```sh" { insh = 1; next }
  /^```/ { insh = 0; if (done) exit; next }
  insh && !cont && /^sed / { on = 1 }
  on { print; cont = /\\$/; if (!cont) { on = 0; done = 1 } }
' "$doc")
[[ $sedcmd == sed* ]] && ok || bad "no sed command in $doc"
cat >"$tmp/timeline.markwhen" <<'MW'
---
title: North Korean workers in Russia
#sanctions: red
---
section Sanctions
06/2017: U.S. Treasury sanctions IPC #sanctions !ipc-sanctioned
12/2017: UN imposes its strictest limits on North Korean imports to date #sanctions
endSection

group Labour // workers
2017-09/2018-08-02: Over 10,000 new North Korean workers register in Russia #labour
endGroup
MW
(cd "$tmp" && bash -c "$sedcmd") && ok || bad "the Markwhen sed command fails"
if "$dl" check "$tmp/timeline.mw"; then ok; else bad "the Markwhen conversion does not pass check"; fi
dump=$("$dl" dump "$tmp/timeline.mw" 2>/dev/null)
[[ $dump == *'lane 0 "Sanctions"'*'lane 1 "Labour"'* && $dump == *'id "ipc-sanctioned"'* \
   && $dump == *'edtf 2017-06 range'* && $dump == *'edtf 2017-12 range'* ]] \
  && ok || bad "the Markwhen conversion: lanes, id or dates wrong"

finish howto
