#!/usr/bin/env bash
# The command line: subcommands, stdin and stdout, exit statuses, exact
# usage errors, help, atomic outputs and write errors.
set -u
cd "$(dirname "$0")/../.."
dl=$DATELINE
ev=events/russia-dprk-sanctions.mw
source tests/cli/lib.bash

# check and dump
"$dl" check "$ev" && ok || bad "check of the article's events"
out=$("$dl" dump "$ev") && [[ $out == *'edtf 2017-06 range [2017-06-01, 2017-07-01)'* ]] \
  && ok || bad "dump shows June 2017 as a month"
stdin_dump=$("$dl" dump - <"$ev" | tail -n +2)
[[ $stdin_dump == "$("$dl" dump "$ev" | tail -n +2)" ]] && ok || bad "stdin and file dumps agree"
"$dl" dump -o "$tmp/a.dump" "$ev" && cmp -s "$tmp/a.dump" <("$dl" dump "$ev") && ok || bad "dump -o"
"$dl" dump -o - "$ev" | cmp -s - <("$dl" dump "$ev") && ok || bad "dump -o -"

# exit statuses and exact messages
expect_err 2 "dateline: unknown command 'frobnicate' (try 'dateline --help')" "$dl" frobnicate
expect_err 2 "dateline: check: no input file (try 'dateline --help')" "$dl" check
expect_err 2 "dateline: dump: one input file only, got 2 (try 'dateline --help')" "$dl" dump "$ev" "$ev"
expect_err 2 "dateline: check: unknown option '--bogus' (try 'dateline --help')" "$dl" check --bogus "$ev"
expect_err 2 "dateline: check: option '--dpi' does not apply (try 'dateline --help')" "$dl" check --dpi 100 "$ev"
expect_err 2 "dateline: dump: option '-o' needs a value (try 'dateline --help')" "$dl" dump "$ev" -o
expect_err 2 "dateline: --from: invalid month '13' in date '2017-13': months are 01-12 and seasons 21-24 (try 'dateline --help')" \
  "$dl" dump --from 2017-13 "$ev"
expect_err 2 "dateline: --color must be auto, always or never, not 'pink' (try 'dateline --help')" \
  "$dl" check --color=pink "$ev"
expect_err 3 "dateline: /nonexistent/x.mw: No such file or directory" "$dl" check /nonexistent/x.mw
expect_err 3 "dateline: events: Is a directory" "$dl" check events
expect_err 2 "dateline: SOURCE_DATE_EPOCH must be a whole number of seconds, not 'soon' (try 'dateline --help')" \
  env SOURCE_DATE_EPOCH=soon "$dl" dump "$ev"
printf '2017-13: x\n' >"$tmp/bad.mw"
expect_err 1 "dateline: $tmp/bad.mw:1:6: error: invalid month '13' in date '2017-13': months are 01-12 and seasons 21-24
    1 | 2017-13: x
      |      ^~" "$dl" check "$tmp/bad.mw"
expect_err 1 "dateline: <stdin>:1:6: error: invalid month '13' in date '2017-13': months are 01-12 and seasons 21-24
    1 | 2017-13: x
      |      ^~" sh -c "'$dl' check - <'$tmp/bad.mw'"

# help and version on stdout, exit 0
[[ $("$dl" --help) == usage:* ]] && ok || bad "--help"
[[ $("$dl" help dump) == "usage: dateline dump"* ]] && ok || bad "help dump"
[[ $("$dl" dump --help) == "usage: dateline dump"* ]] && ok || bad "dump --help"
[[ $("$dl" help help) == usage:* ]] && ok || bad "help help"
"$dl" --color=never check "$ev" && "$dl" --color never check "$ev" && ok || bad "--color before the command"
[[ $("$dl" --version) =~ ^dateline\ [0-9]+\.[0-9]+\.[0-9]+$ ]] && ok || bad "--version"
"$dl" >/dev/null 2>&1; [[ $? == 2 ]] && ok || bad "no arguments is a usage error"

# filters
n=$("$dl" dump --lane Labour "$ev" | head -n 1)
[[ $n == *"events 2 lanes 1" ]] && ok || bad "--lane Labour keeps 2 events and 1 lane: $n"
expect_err 2 "dateline: $ev: no lane called 'Nope'" "$dl" dump --lane Nope "$ev"
n=$("$dl" dump --tag ipc --tag '#oil' "$ev" | head -n 1)
[[ $n == *"events 2 lanes 4" ]] && ok || bad "--tag ipc --tag oil keeps 2 events: $n"
n=$("$dl" dump --from 2018 --to 2018-08-02 "$ev" | head -n 1)
[[ $n == *"events 5 lanes 4" ]] && ok || bad "--from 2018 --to 2018-08-02 keeps 5 events: $n"

# build (and serve, which shares its site) takes the same filters
"$dl" build -d "$tmp/site" --lane Labour --tag labour "$ev" 2>/dev/null
n=$(grep -c '^BEGIN:VEVENT' "$tmp/site/russia-dprk-sanctions.ics" 2>/dev/null)
[[ $n == 2 ]] && ok || bad "build --lane Labour publishes 2 events, not $n"
expect_err 2 "dateline: $ev: no lane called 'Nope'" "$dl" build -d "$tmp/site" --lane Nope "$ev"
expect_err 2 "dateline: --from: invalid month '13' in date '2017-13': months are 01-12 and seasons 21-24 (try 'dateline --help')" \
  "$dl" serve --from 2017-13 "$ev"

# outputs: never over the input, atomic, write errors reported
cp "$ev" "$tmp/in.mw"
expect_err 2 "dateline: $tmp/in.mw: refusing to overwrite the input file" "$dl" dump -o "$tmp/in.mw" "$tmp/in.mw"
cmp -s "$ev" "$tmp/in.mw" && ok || bad "input untouched"
expect_err 3 "dateline: /dev/full: No space left on device" "$dl" dump -o /dev/full "$ev"
expect_err 3 "dateline: write error on standard output: No space left on device" sh -c "'$dl' dump '$ev' >/dev/full"
echo "previous" >"$tmp/keep.dump"
"$dl" dump -o "$tmp/keep.dump" "$tmp/bad.mw" 2>/dev/null; [[ $? == 1 ]] && ok || bad "dump of bad input exits 1"
[[ $(cat "$tmp/keep.dump") == previous ]] && ok || bad "failed dump leaves the old output"
[[ -z $(ls "$tmp" | grep tmp) ]] && ok || bad "no temporary files left behind"

# A back-end failure (Graphviz finds no plugins for PNG) is exit status 4,
# reported once, and leaves the previous diagram as it was.
echo "old diagram" >"$tmp/keep.png"
mkdir -p "$tmp/no-plugins"
GVBINDIR="$tmp/no-plugins" "$dl" render -o "$tmp/keep.png" "$ev" 2>"$tmp/err"
[[ $? == 4 ]] && ok || bad "a Graphviz failure exits 4"
grep -q "^dateline: $ev: error: graphviz" "$tmp/err" && ok || bad "a Graphviz failure is reported: $(cat "$tmp/err")"
[[ $(sort "$tmp/err" | uniq -d | wc -l) == 0 ]] && ok || bad "each Graphviz message once: $(cat "$tmp/err")"
[[ $(cat "$tmp/keep.png") == "old diagram" ]] && ok || bad "a failed render leaves the old file"

finish cli
