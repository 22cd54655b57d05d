#!/usr/bin/env bash
# The man pages: groff renders both without warnings, and docs/dateline.1
# documents every subcommand and every option that `dateline --help` and
# `dateline help CMD` print - and no long option that they do not.  The
# lists come from the help texts, so a new option without documentation
# fails here.
set -u
cd "$(dirname "$0")/../.."
dl=${DATELINE:-build/dateline}
man1=docs/dateline.1 man5=docs/dateline-format.5
source tests/cli/lib.bash

if ! command -v groff >/dev/null; then
  echo "FAIL: groff is missing (Debian package groff-base)"
  echo "man: 0 passed, 1 failed"
  exit 1
fi

# 1. No warnings at the strictest level, for both pages.
for page in "$man1" "$man5"; do
  warn=$(groff -man -ww -z "$page" 2>&1)
  if [[ $? -eq 0 && -z $warn ]]; then ok; else bad "groff warnings in $page: $warn"; fi
done

# The page as plain text (no bold, no underline), and its source with
# groff's \- turned into plain hyphens.
text=$(groff -man -Tutf8 -P-cbou "$man1" 2>/dev/null)
src=$(sed 's/\\-/-/g' "$man1")
section() { # the lines of plain text between heading $1 and the next one
  awk -v h="$1" '/^[A-Z]/ { on = ($0 == h); next } on' <<<"$text"
}
commands_text=$(section COMMANDS)
synopsis_text=$(section SYNOPSIS)
options_src=$(awk '/^\.SH OPTIONS/ { on = 1; next } /^\.SH / { on = 0 } on' <<<"$src")

# 2. The subcommands, from the "Commands:" block of --help.
help_top=$("$dl" --help) || bad "dateline --help exits non-zero"
mapfile -t cmds < <(awk '/^Commands:/ { on = 1; next } /^$/ { on = 0 } on { print $1 }' <<<"$help_top")
[[ ${#cmds[@]} -ge 5 ]] && ok || bad "found only ${#cmds[@]} commands in --help"
for c in "${cmds[@]}"; do
  if grep -Eq "^ +$c( |$)" <<<"$commands_text"; then ok
  else bad "command '$c' has no entry under COMMANDS in $man1"; fi
  if grep -Eq "^ +dateline +$c( |$)" <<<"$synopsis_text"; then ok
  else bad "command '$c' is not in the SYNOPSIS of $man1"; fi
done

# 3. Every option of every help text is documented under OPTIONS.  Long
# options are any --name in the text; short ones are the -x that start an
# option line.
declare -A long_seen=()
check_help() { # $1 = where the text came from, $2 = the text
  local where=$1 help=$2 o
  while read -r o; do
    [[ -n $o ]] || continue
    long_seen[$o]=1
    if grep -Eq -- "$o([^a-z-]|$)" <<<"$options_src"; then ok
    else bad "$where prints $o, which the OPTIONS of $man1 do not mention"; fi
  done < <(grep -Eo -- '--[a-z][a-z-]*' <<<"$help" | sort -u)
  while read -r o; do
    [[ -n $o ]] || continue
    if grep -Eq -- "(^|[^a-zA-Z-])$o([^a-zA-Z-]|$)" <<<"$options_src"; then ok
    else bad "$where prints $o, which the OPTIONS of $man1 do not mention"; fi
  done < <(grep -Eo -- '^ +-[a-zA-Z]' <<<"$help" | tr -d ' ' | sort -u)
}
check_help "dateline --help" "$help_top"
for c in "${cmds[@]}"; do
  [[ $c == help ]] && continue # 'help' has no help of its own
  h=$("$dl" help "$c")
  if [[ $? -eq 0 && $h == usage:* ]]; then ok; else bad "dateline help $c"; continue; fi
  check_help "dateline help $c" "$h"
done

# 4. ... and the OPTIONS section documents no long option the binary does
# not print somewhere (a renamed or removed option).
while read -r o; do
  [[ -n ${long_seen[$o]:-} ]] && ok || bad "$man1 documents $o, which no help text prints"
done < <(grep -Eo -- '--[a-z][a-z-]*' <<<"$options_src" | sort -u)

# 5. The documented exit statuses and environment variables.
exit_text=$(section "EXIT STATUS")
for s in 0 1 2 3 4; do
  grep -Eq "^ +$s +[A-Z]" <<<"$exit_text" && ok || bad "exit status $s not under EXIT STATUS"
done
env_text=$(section ENVIRONMENT)
for v in SOURCE_DATE_EPOCH NO_COLOR; do
  grep -q "$v" <<<"$env_text" && ok || bad "$v not under ENVIRONMENT"
done

finish man
