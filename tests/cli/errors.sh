#!/usr/bin/env bash
# Exact diagnostics: `dateline check` on each tests/cli/errors/NAME.mw must
# print exactly NAME.stderr and exit with the status in NAME.status.
# UPDATE_GOLDEN=1 rewrites the expectations from the current binary.
source "$(dirname "$0")/lib.bash"
cd "$(dirname "$0")/../.."
for mw in tests/cli/errors/*.mw; do
  base=${mw%.mw}
  actual=$("$DATELINE" check --color=never "$mw" 2>&1 >/dev/null)
  status=$?
  if [[ ${UPDATE_GOLDEN:-} == 1 ]]; then
    printf '%s\n' "$actual" >"$base.stderr"
    echo "$status" >"$base.status"
  fi
  if [[ $actual == "$(cat "$base.stderr")" && $status == "$(cat "$base.status")" ]]; then
    ok
  else
    bad "$mw (status $status, expected $(cat "$base.status"))"
    diff -u "$base.stderr" <(printf "%s\n" "$actual") | head -n 40
  fi
done
finish errors
