#!/usr/bin/env bash
# Bash completion: source completions/dateline.bash, simulate what bash
# passes (COMP_WORDS, COMP_CWORD) and check the suggestions; and check that
# each subcommand completes exactly the options `dateline help CMD` prints.
source "$(dirname "$0")/lib.bash"
cd "$(dirname "$0")/../.."
root=$PWD
dl=${DATELINE:-build/dateline}

# shellcheck source=../../completions/dateline.bash
source completions/dateline.bash
[[ $(complete -p dateline 2>/dev/null) == *"-F _dateline"* ]] && ok || bad "no 'complete -F _dateline dateline'"

# suggest WORDS...: the sorted suggestions for the command line WORDS, the
# last word being the one under the cursor, as bash splits it (with '=' a
# word break, "--color=a" arrives as "--color" "=" "a").
suggest() {
  COMP_WORDS=("$@")
  COMP_CWORD=$(($# - 1))
  COMP_LINE="$*"
  COMPREPLY=()
  _dateline 2>/dev/null
  printf '%s\n' "${COMPREPLY[@]}" | sort | paste -sd' ' -
}
# expect 'WANTED' WORDS...
expect() {
  local want=$1; shift
  local got; got=$(suggest "$@")
  [[ $got == "$want" ]] && ok || bad "'$*' -> '$got', wanted '$want'"
}

# subcommands and global options
expect "build check dump help ics import render serve" dateline ""
expect "render" dateline re
expect "--help --version -h" dateline -
expect "dump" dateline help d
expect "" dateline help render ""

# options per subcommand
expect "--axis" dateline render --a
expect "--dpi" dateline render --d
expect "--map-name" dateline render --map-
expect "" dateline check --d
expect "--partial=" dateline ics --pa
expect "--strict" dateline ics --st
expect "--listen" dateline serve --li

# option values
expect "auto broken ordinal proportional" dateline render --axis ""
expect "pdf png" dateline render -T p
expect "cmapx" dateline render --format c
expect "vertical" dateline render x.mw --orientation v
expect "first-day" dateline ics --partial = f
expect "first-day span" dateline ics --partial = ""
expect "first-day" dateline ics --partial=f
expect "always auto" dateline check --color = a
expect "" dateline render --width ""
expect "" dateline check --max-input ""
expect "--max-errors --max-input" dateline serve --max

# lanes from the event file on the line, names with spaces kept whole
expect 'Labour Oil\ and\ shipping Reporting Sanctions' \
  dateline render events/russia-dprk-sanctions.mw --lane ""
expect 'Oil\ and\ shipping' dateline dump events/russia-dprk-sanctions.mw --lane O

# file names: *.mw (and directories) for inputs, *.ics for ics --check,
# anything for -o, directories for build -d
mkdir -p "$tmp/files/sub"
touch "$tmp/files/a.mw" "$tmp/files/b.txt" "$tmp/files/c.ics"
cd "$tmp/files"
expect "a.mw sub" dateline check ""
expect "a.mw sub" dateline render -o out.svg ""
expect "c.ics sub" dateline ics --check ""
expect "a.mw b.txt c.ics sub" dateline render x.mw -o ""
expect "sub" dateline build -d ""
cd "$root"

# Each subcommand offers exactly the options its help prints.
mapfile -t cmds < <("$dl" --help | awk '/^Commands:/ { on = 1; next } /^$/ { on = 0 } on { print $1 }')
[[ ${#cmds[@]} -ge 5 ]] && ok || bad "found only ${#cmds[@]} commands in dateline --help"
for c in "${cmds[@]}"; do
  [[ $c == help ]] && continue
  want=$({ "$dl" help "$c" | grep -Eo -- '--[a-z][a-z-]*'
           "$dl" help "$c" | grep -Eo -- '^ +-[a-zA-Z]' | tr -d ' '; } | sort -u | paste -sd' ' -)
  got=$(suggest dateline "$c" - | tr ' ' '\n' | sed 's/=$//' | sort -u | paste -sd' ' -)
  [[ $got == "$want" ]] && ok || bad "'dateline $c -' completes '$got'; help prints '$want'"
done

finish completion
