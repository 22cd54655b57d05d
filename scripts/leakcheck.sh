#!/usr/bin/env bash
# Runs the unit tests and the CLI on the article's events under valgrind;
# any leak or memory error from our code fails.  Usage: leakcheck.sh BIN TEST...
set -euo pipefail
bin=$1; shift
vg=(valgrind --quiet --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect
    --suppressions="$PWD/tests/valgrind.supp"
    --errors-for-leak-kinds=definite,indirect)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
for t in "$@"; do
  (cd tests && "${vg[@]}" "../$t" >/dev/null) || { echo "leakcheck: $t FAILED"; status=1; }
done
in=events/russia-dprk-sanctions.mw
for args in "check $in" "dump $in" "ics -o $tmp/a.ics $in" \
            "render -o $tmp/a.svg $in" "render -o $tmp/a.png $in" "render -o $tmp/a.pdf $in"; do
  # shellcheck disable=SC2086
  "${vg[@]}" "$bin" $args >/dev/null || { echo "leakcheck: dateline $args FAILED"; status=1; }
done
[[ $status -eq 0 ]] && echo "leakcheck: no leaks or memory errors from dateline"
exit $status
