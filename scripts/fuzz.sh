#!/usr/bin/env bash
# Runs libFuzzer targets the Makefile built (it compiles nothing): each
# build/fuzz/fuzz_NAME for FUZZ_SECONDS on a copy of its seed corpus
# tests/fuzz/corpus/NAME/, then says how many inputs it ran.
#   fuzz.sh smoke BIN...   make check: a fixed seed, stops at the first
#                          failure
#   fuzz.sh run BIN...     make fuzz: keeps going past failures (-fork=1
#                          -ignore_crashes=1) so one known defect does not
#                          hide the next, then lists each distinct kind of
#                          failure once with its smallest input
#   fuzz.sh minimize BIN FILE [KIND]
#                          shrinks FILE (-minimize_crash) into FILE.min,
#                          keeping fuzz_render's failure KIND if given
# fuzz_render skips the kinds listed in FUZZ_RENDER_IGNORE="KIND|KIND",
# known defects whose fix is under way (see tests/fuzz/fuzz_render.c).
set -euo pipefail
mode=$1
shift
secs=${FUZZ_SECONDS:-60}
cd "$(dirname "$0")/.."
out=build/fuzz
# Graphviz and the font stack keep caches they never free: the
# suppressions of make check-asan, plus Graphviz's own allocator, since
# libFuzzer's fast unwinding stops in libgvc (built without frame
# pointers) before the function those name.  check-asan unwinds fully.
mkdir -p "$out"
{ cat tests/lsan.supp; echo 'leak:gmalloc'; } >"$out/lsan.supp"
export LSAN_OPTIONS=suppressions=$PWD/$out/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1

# The first line of a failure that names its kind: our harness's own
# message, a sanitizer's summary, or libFuzzer's timeout and OOM reports.
kind() {
  "$1" -timeout=20 -rss_limit_mb=2048 "$2" 2>&1 |
    grep -m 1 -E '^fuzz_[a-z_]+: |^SUMMARY: |^==[0-9]+== ERROR: libFuzzer: |ALARM: ' |
    sed -E 's/^==[0-9]+== //; s/ working on the last Unit for [0-9]+ seconds//;
            s/0x[0-9A-Fa-f]+/0x../g' || true
}

# Lists each distinct kind among the artifacts named $1* ($2 the
# binary that wrote them), with how many inputs showed it and the smallest of them.
kinds() {
  local pre=$1 bin=$2 f k
  declare -A count=() small=()
  for f in "$pre"{crash,leak,timeout,oom}-*; do
    k=$(kind "$bin" "$f")
    [[ -n $k ]] || k="no longer fails: $(basename "$f")"
    count[$k]=$((${count[$k]:-0} + 1))
    if [[ -z ${small[$k]:-} ]] || (($(stat -c %s "$f") < $(stat -c %s "${small[$k]}"))); then
      small[$k]=$f
    fi
  done
  for k in "${!count[@]}"; do
    printf '  %s\n    %d input(s), smallest %s (%d bytes)\n' "$k" "${count[$k]}" \
      "${small[$k]}" "$(stat -c %s "${small[$k]}")"
  done
}

if [[ $mode == minimize ]]; then
  FUZZ_RENDER_ONLY=${3:-} "$1" -minimize_crash=1 -max_total_time="$secs" \
    -exact_artifact_path="$2.min" "$2" >"$out/minimize.log" 2>&1 || true
  echo "fuzz: $2 ($(stat -c %s "$2") bytes) -> $2.min ($(stat -c %s "$2.min") bytes):"
  FUZZ_RENDER_ONLY=${3:-} "$1" "$2.min" 2>&1 | grep -A 2 -E '^fuzz_[a-z_]+: |^SUMMARY: ' || true
  exit 0
fi

shopt -s nullglob
status=0
for bin in "$@"; do
  name=$(basename "$bin")
  short=${name#fuzz_}
  # A long run grows its corpus; a smoke run starts from the seeds alone
  # each time, so that make check does the same thing every time.
  corpus=$out/corpus-$short
  [[ $mode == run ]] || { corpus=$out/smoke/corpus-$short; rm -rf "$corpus"; }
  mkdir -p "$corpus"
  if [[ -d tests/fuzz/corpus/$short ]]; then
    cp -n tests/fuzz/corpus/"$short"/* "$corpus"/ 2>/dev/null || true
  fi
  log=$out/$name.log
  # A smoke run's failures go apart, beside a long run's.
  pre=$out/$name-
  [[ $mode == run ]] || { mkdir -p "$out/smoke"; pre=$out/smoke/$name-; }
  rm -f "$pre"{crash,leak,timeout,oom}-*
  args=(-max_total_time="$secs" -timeout=10 -rss_limit_mb=2048
        -artifact_prefix="$pre")
  [[ -f tests/fuzz/$name.dict ]] && args+=(-dict="tests/fuzz/$name.dict")
  if [[ $mode == run ]]; then
    args+=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
  else
    # The same seed every time: make check mutates the same way.
    args+=(-print_final_stats=1 -seed=1)
  fi
  start=$(date +%s.%N)
  if "$bin" "${args[@]}" "$corpus" >"$log" 2>&1; then
    rc=0
  else
    rc=$?
  fi
  took=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
  [[ -n $execs ]] || execs=$(grep -Eo '^#[0-9]+' "$log" | tail -n 1 | tr -d '#' || true)
  rate=$(awk -v n="${execs:-0}" -v s="$took" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')
  failed=("$pre"{crash,leak,timeout,oom}-*)
  found=${#failed[@]}
  if [[ $rc -eq 0 && $found -eq 0 ]]; then
    printf 'fuzz: %s ran %.1fs, %s executions (%s/s), no failure\n' \
      "$name" "$took" "${execs:-?}" "$rate"
  elif [[ $mode == run ]]; then
    printf 'fuzz: %s ran %.1fs, %s executions (%s/s), %d failing input(s):\n' \
      "$name" "$took" "${execs:-?}" "$rate" "$found"
    kinds "$pre" "$bin"
    status=1
  else
    echo "fuzz: $name FAILED; see $log"
    grep -E -A 2 '^fuzz_[a-z_]+: ' "$log" || tail -n 30 "$log"
    grep -E '^SUMMARY: |Test unit written' "$log" || true
    status=1
  fi
done
exit $status
