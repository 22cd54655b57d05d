# Shared by tests/cli/serve*.sh and build*.sh (sourced; not named *.sh so
# that make check does not run it on its own).
#
# Starts `dateline serve` on a free loopback port and fetches from it with
# curl.  Builds on lib.bash (tmp, counts, check, expect_err); sets after
# start_server: srv_pid, port, base (http://127.0.0.1:PORT).

source tests/cli/lib.bash
srv_pid=

stop_server() {
  if [[ -n $srv_pid ]]; then
    kill "$srv_pid" 2>/dev/null
    wait "$srv_pid" 2>/dev/null
    srv_pid=
  fi
}
trap 'stop_server; rm -rf "$tmp"' EXIT

# start_server ARGS...: runs dateline serve ARGS with stderr in $tmp/log;
# waits (at most $start_wait tenths of a second, default 100) for its
# "serving URL" line.
start_server() {
  : >"$tmp/log"
  "$DATELINE" serve "$@" 2>"$tmp/log" &
  srv_pid=$!
  local line
  for _ in $(seq "${start_wait:-100}"); do
    line=$(grep -m1 '^dateline: serving http://' "$tmp/log")
    [[ -n $line ]] && break
    kill -0 "$srv_pid" 2>/dev/null || break
    sleep 0.1
  done
  base=${line#dateline: serving }
  base=${base%/}
  port=${base##*:}
  [[ -n $line ]] || { echo "server did not start:"; cat "$tmp/log"; return 1; }
}

# fetch PATH [CURL ARGS...]: prints the status; headers in $tmp/h, body in
# $tmp/b.  --path-as-is keeps ../ and // as written.
fetch() {
  local path=$1; shift
  rm -f "$tmp/h" "$tmp/b" # curl writes no file for an empty body
  curl -s --path-as-is --max-time 10 -D "$tmp/h" -o "$tmp/b" \
    -w '%{http_code}' "$@" "$base$path"
}

# header NAME: the value of header NAME in the last fetch.
header() {
  grep -i -m1 "^$1:" "$tmp/h" | cut -d' ' -f2- | tr -d '\r'
}

# eventually SECONDS CMD...: runs CMD every 0.1 s until it succeeds or
# SECONDS pass; succeeds when CMD did.  Usable by check.
eventually() {
  local end=$((SECONDS + $1)); shift
  until "$@"; do
    ((SECONDS <= end)) || return 1
    sleep 0.1
  done
}

# unstamped FILE...: the feed without SEQUENCE, LAST-MODIFIED and SOURCE
# lines (what the state file and the served address add to dateline ics).
unstamped() { grep -av '^SEQUENCE:\|^LAST-MODIFIED:\|^SOURCE;' "$@"; }

# matches STRING REGEX: a bash regular-expression match, usable by check.
matches() { [[ $1 =~ $2 ]]; }

# not CMD...: succeeds when CMD fails, usable by check.
not() { ! "$@"; }

summary() {
  echo "$1: $pass passed, $fail failed"
  [[ $fail -eq 0 && $pass -gt 0 ]]
}
