#!/usr/bin/env bash
# build and serve read their options in the same loop, from the same table,
# as every other command: their own options are refused by the others
# and theirs by them ("does not apply"), their numbers are checked like
# --dpi, and the options every command takes (--color, --input-format)
# reach them too.
set -u
cd "$(dirname "$0")/../.."
dl=${DATELINE:-build/dateline}
source tests/cli/lib.bash
ev=events/russia-dprk-sanctions.mw
try="(try 'dateline --help')"

# Each command's own options, refused by the others.
expect_err 2 "dateline: check: option '-d' does not apply $try" "$dl" check -d "$tmp/x" "$ev"
expect_err 2 "dateline: render: option '--listen' does not apply $try" "$dl" render --listen 127.0.0.1:0 -o "$tmp/x.svg" "$ev"
expect_err 2 "dateline: dump: option '--base-url' does not apply $try" "$dl" dump --base-url https://example.org/ "$ev"
expect_err 2 "dateline: serve: option '-o' does not apply $try" "$dl" serve -o "$tmp/x" "$ev"
expect_err 2 "dateline: serve: option '-d' does not apply $try" "$dl" serve -d "$tmp/x" "$ev"
expect_err 2 "dateline: build: option '--quiet' does not apply $try" "$dl" build --quiet -d "$tmp/x" "$ev"
expect_err 2 "dateline: build: option '--dpi' does not apply $try" "$dl" build --dpi 100 -d "$tmp/x" "$ev"
expect_err 2 "dateline: build: give the output directory with -d DIR $try" "$dl" build -d "" "$ev"
expect_err 2 "dateline: serve: option '--settle' needs a value $try" "$dl" serve "$ev" --settle

# Whole numbers, checked as strictly as --dpi (no sign, no fraction, in range).
for v in x -1 60001 1.5 ' 5' 5x ''; do
  expect_err 2 "dateline: --settle must be a whole number from 0 to 60000, not '$v' $try" \
    "$dl" serve --settle "$v" "$ev"
done
expect_err 2 "dateline: --request-timeout must be a whole number from 1 to 3600, not '0' $try" \
  "$dl" serve --request-timeout 0 "$ev"
expect_err 2 "dateline: --client-limit must be a whole number from 1 to 1000, not '1001' $try" \
  "$dl" serve --client-limit 1001 "$ev"
expect_err 2 "dateline: --dpi must be a whole number from 24 to 1200, not '23' $try" \
  "$dl" render --dpi 23 -o "$tmp/x.png" "$ev"
check "no site made on usage errors" [ ! -e "$tmp/x" ]

# --input-format reaches build's reader: the event file read as a calendar
# is not one, so nothing is written.
"$dl" build --input-format ics -d "$tmp/ics-site" "$ev" 2>"$tmp/err"
check "build --input-format ics on an event file exits 1" [ $? -eq 1 ]
check "and writes nothing" [ ! -e "$tmp/ics-site" ]
check "and says why" grep -q "^dateline: $ev" "$tmp/err"
"$dl" build --input-format native -d "$tmp/site" "$ev" 2>/dev/null
check "build --input-format native exits 0" [ $? -eq 0 ]
check "and writes the feed" [ -s "$tmp/site/russia-dprk-sanctions.ics" ]

# --color reaches build's messages.
printf -- '---\ntitle: t\n---\n2017-13: Bad month\n' >"$tmp/bad.mw"
"$dl" build --color=always -d "$tmp/bad-site" "$tmp/bad.mw" 2>"$tmp/err"
check "build --color=always exits 1 on a bad file" [ $? -eq 1 ]
check "and paints its error" grep -q $'\e\\[' "$tmp/err"
"$dl" build --color=never -d "$tmp/bad-site" "$tmp/bad.mw" 2>"$tmp/err"
check "build --color=never paints nothing" bash -c "! grep -q $'\e' '$tmp/err'"

# One help printer: build's and serve's help ends with the lines every
# command's help has, and --version works after the command as elsewhere.
for c in build serve; do
  h=$("$dl" help "$c")
  check "help $c lists --input-format" grep -q -- '^  --input-format F' <<<"$h"
  check "help $c lists --color" grep -q -- '^  --color=WHEN' <<<"$h"
  check "help $c lists -h once" [ "$(grep -c -- '-h, --help' <<<"$h")" -eq 1 ]
  check "$c --help is help $c" [ "$("$dl" "$c" --help)" = "$h" ]
  check "$c --version" [ "$("$dl" "$c" --version)" = "$("$dl" --version)" ]
done

finish site-options
