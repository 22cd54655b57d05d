#!/usr/bin/env bash
# Builds a libFuzzer target for every tests/fuzz/fuzz_*.c (clang, with
# ASan+UBSan) and runs each for FUZZ_SECONDS on a copy of its seed corpus
# tests/fuzz/corpus/NAME/ (NAME is the file name without fuzz_).
#   fuzz.sh smoke   short run used by make check
#   fuzz.sh run     the long run of make fuzz; prints executions per target
set -euo pipefail
mode=${1:-run}
secs=${FUZZ_SECONDS:-60}
cd "$(dirname "$0")/.."
out=build/fuzz
mkdir -p "$out/obj"
cflags="-g -O1 -std=c11 -D_DEFAULT_SOURCE -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all $(pkg-config --cflags libgvc libcgraph libical jansson libxml-2.0)"
libs="$(pkg-config --libs libgvc libcgraph libical jansson libxml-2.0) -lcsv -lm"

objs=()
for src in src/*.c; do
  case $src in src/main.c|src/serve.c|src/cli_*.c) continue ;; esac
  obj=$out/obj/$(basename "$src" .c).o
  if [[ ! -f $obj || $src -nt $obj || src/dateline.h -nt $obj || src/private.h -nt $obj ]]; then
    clang $cflags -c "$src" -o "$obj"
  fi
  objs+=("$obj")
done

status=0
for target in tests/fuzz/fuzz_*.c; do
  name=$(basename "$target" .c)
  short=${name#fuzz_}
  bin=$out/$name
  clang $cflags -fsanitize=fuzzer -Isrc "$target" "${objs[@]}" $libs -o "$bin"
  corpus=$out/corpus-$short
  mkdir -p "$corpus"
  if [[ -d tests/fuzz/corpus/$short ]]; then
    cp -n tests/fuzz/corpus/$short/* "$corpus"/ 2>/dev/null || true
  fi
  log=$out/$name.log
  if "$bin" -print_final_stats=1 -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
       -artifact_prefix="$out/$name-" "$corpus" >"$log" 2>&1; then
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || true)
    [[ -n $execs ]] || execs=$(grep -Eo '#[0-9]+' "$log" | tail -n 1 | tr -d '#')
    echo "fuzz: $name ran ${secs}s, ${execs:-?} executions, no crash"
  else
    echo "fuzz: $name FAILED; see $log"
    tail -n 30 "$log"
    status=1
  fi
done
exit $status
