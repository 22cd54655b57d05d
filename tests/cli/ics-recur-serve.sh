#!/usr/bin/env bash
# --until in `dateline serve` (docs/import.md, "Bounds"): the published feed
# of an endless .ics recurrence stops at DATE, with no warning, and its
# occurrences keep the series' UID (tests/cli/ics-recur.sh has the rest).
# Usage: DATELINE=build/dateline bash tests/cli/ics-recur-serve.sh
set -u
cd "$(dirname "$0")/../.."
source tests/cli/serve-lib.bash
D=${DATELINE:?set DATELINE to the dateline binary}
cp tests/recur/endless.ics "$tmp/rent.ics"
start_server --listen 127.0.0.1:0 --state "$tmp/state" --until 2024-06-30 "$tmp/rent.ics" || exit 1
check "serve --until: the feed" test "$(fetch /rent.ics)" = 200
check "six occurrences and their master" test "$(tr -d '\r' < "$tmp/b" | grep -c '^UID:endless-1@recur.example$')" = 7
check "six RECURRENCE-IDs" test "$(tr -d '\r' < "$tmp/b" | grep -c '^RECURRENCE-ID;VALUE=DATE:2024')" = 6
check "no warning about the rule" bash -c "! grep -q 'COUNT or UNTIL' '$tmp/log'"
stop_server
finish ics-recur-serve
