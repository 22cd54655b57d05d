# Shared by the CLI tests (sourced; not named *.sh so that make check does
# not run it on its own).  Gives: tmp (a scratch directory removed at exit),
# the pass/fail counts and the helpers below.  Every script runs with unset
# variables as errors and in the C.UTF-8 locale (C rules, UTF-8 text),
# whatever the caller's.  (Not set -e: a test runs commands that are
# meant to fail and counts them.)

set -u
export LC_ALL=C.UTF-8

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
# check 'WHAT' CONDITION...: runs the condition; counts the outcome.
check() { local what=$1; shift; if "$@"; then ok; else bad "$what"; fi; }

# expect_err STATUS 'STDERR' CMD...: CMD must exit with STATUS and print
# exactly STDERR.
expect_err() {
  local want_status=$1 want_err=$2; shift 2
  local err status
  err=$("$@" 2>&1 >/dev/null)
  status=$?
  if [[ $status == "$want_status" && $err == "$want_err" ]]; then ok; else
    bad "$* -> status $status, stderr: $err"; fi
}

# finish NAME: the summary line; the exit status says whether all passed.
finish() {
  echo "$1: $pass passed, $fail failed"
  [[ $fail -eq 0 ]]
}
