#!/usr/bin/env bash
# The regression file keyed by bug: every directory tests/regress/NAME/ is one
# bug fixed, with
#   why        one line: what broke, and the issue it was reported in
#   cmd        a shell snippet run in a copy of the directory, with $DATELINE
#              set; it may pipe outputs to independent readers
#   expected   what cmd printed (stdout and stderr, interleaved) and, on its
#              last line, "exit N"
#   and the minimal input files cmd reads.
# A mismatch prints a unified diff.  UPDATE_GOLDEN=1 rewrites expected from
# the current binary (read the diff in git before committing it).
set -u
cd "$(dirname "$0")/../.."
source tests/cli/lib.bash
root=$PWD
for dir in tests/regress/*/; do
  name=$(basename "$dir")
  if [[ ! -f $dir/why || ! -f $dir/cmd ]]; then
    bad "$name: needs a why and a cmd file"; continue
  fi
  work=$tmp/$name
  cp -R "$dir" "$work"
  actual=$(cd "$work" && LC_ALL=C DATELINE=$DATELINE ROOT=$root \
           bash -u cmd 2>&1; echo "exit $?")
  if [[ ${UPDATE_GOLDEN:-} == 1 ]]; then
    printf '%s\n' "$actual" >"$dir/expected"
  fi
  if [[ -f $dir/expected && $actual == "$(cat "$dir/expected")" ]]; then
    ok
  else
    bad "$name: $(cat "$dir/why")"
    diff -u "$dir/expected" <(printf '%s\n' "$actual") | head -n 40
  fi
done
finish regress
