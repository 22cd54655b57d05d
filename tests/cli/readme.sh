#!/usr/bin/env bash
# Every command README.md shows works as printed: each line of a ```sh
# block that starts with build/dateline (lines ending in '\' joined) runs
# in a temporary copy of the repository, with build/dateline the binary
# under test and out/ created first, and must exit 0.  The make lines are
# not run here: they install packages and build, which `make check` has
# already done.  A file named by -o must exist and not be empty afterwards.
set -u
cd "$(dirname "$0")/../.."
dl=${DATELINE:-$PWD/build/dateline}
[[ $dl == /* ]] || dl=$PWD/$dl
source tests/cli/lib.bash

# The copy: the working tree without .git, build/ and out/.
work=$tmp/repo
mkdir -p "$work"
tar --exclude=./.git --exclude=./build --exclude=./out -cf - . | tar -xf - -C "$work"
mkdir -p "$work/build" "$work/out"
ln -s "$dl" "$work/build/dateline"

mapfile -t cmds < <(awk '
  /^```sh[[:space:]]*$/ { insh = 1; next }
  /^```/                { insh = 0; next }
  !insh                 { next }
  cont != ""            { line = cont $0 }
  cont == ""            { line = $0 }
  /\\$/                 { sub(/\\$/, "", line); cont = line; next }
                        { cont = "" }
  line ~ /^build\/dateline / { print line }
' README.md)

[[ ${#cmds[@]} -gt 0 ]] && ok || bad "no build/dateline command found in README.md's sh blocks"

for c in "${cmds[@]}"; do
  err=$(cd "$work" && bash -c "$c" 2>&1 >/dev/null)
  status=$?
  if [[ $status -ne 0 ]]; then
    bad "README command exits $status: $c"
    [[ -n $err ]] && printf '  %s\n' "$err" | head -n 10
    continue
  fi
  ok
  [[ -n $err ]] && printf 'note: README command wrote to stderr: %s\n  %s\n' "$c" "$err" | head -n 5
  # -o FILE / --output FILE / --output=FILE: the file is there.
  out=$(sed -nE 's/.*(^| )(-o|--output)[ =]([^ ]+).*/\3/p' <<<"$c")
  if [[ -n $out && $out != - ]]; then
    [[ -s $work/$out ]] && ok || bad "README command did not write $out: $c"
  fi
done

finish readme
