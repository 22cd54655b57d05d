# bash completion for dateline(1).
#
# Installed as share/bash-completion/completions/dateline, or loaded by hand:
#   source completions/dateline.bash
# Completes subcommands, each subcommand's options, the values of -T,
# --axis, --orientation, --partial and --color, lane names for --lane (read
# from the event files already on the line), *.mw files for inputs (*.ics
# for `ics --check`) and directories for `build -d`.  It needs only bash,
# not the bash-completion package.

_dateline_commands="check dump ics render build serve import help"

# The options of each subcommand, as `dateline help CMD` prints them
# (tests/cli/completion.sh checks the two agree).
_dateline_options() {
	local common="--color= --help -h"
	local filters="--from --to --lane --tag --until"
	local limits="--max-errors --max-input"
	local input="--input-format"
	case $1 in
	check) echo "$filters $limits $input $common" ;;
	dump) echo "-o --output $filters $limits $input $common" ;;
	ics) echo "-o --output --partial= --strict --check $filters $limits $input $common" ;;
	render) echo "-o --output -T --format --axis --orientation --width --height --dpi" \
		"--image-map --map-name $filters $limits $input $common" ;;
	import) echo "-o --output $filters $limits $input $common" ;;
	build) echo "-d --directory --base-url $filters $limits $input $common" ;;
	serve) echo "--listen --base-url --state --settle --request-timeout --client-limit --quiet" \
		"$filters $limits $input $common" ;;
	esac
}

# Lane names (heading text) of the *.mw files named on the line.
_dateline_lanes() {
	local w f
	for w in "${COMP_WORDS[@]:2}"; do
		f=${w/#\~/$HOME}
		[[ $f == *.mw && -f $f && -r $f ]] || continue
		sed -n 's/^#\{1,6\}[[:space:]]\{1,\}\(.*[^[:space:]]\)[[:space:]]*$/\1/p' "$f"
	done | sort -u
}

# Fills COMPREPLY with the words in $1 that start with $2, one per line of
# $1 (so that names with spaces stay whole).
_dateline_lines() {
	local line
	COMPREPLY=()
	while IFS= read -r line; do
		[[ -n $line && $line == "$2"* ]] && COMPREPLY+=("$(printf '%q' "$line")")
	done <<<"$1"
}

_dateline_files() { # $1 = glob pattern for files, or "" for any file
	compopt -o filenames 2>/dev/null
	if [[ -n $1 ]]; then
		COMPREPLY=($(compgen -d -- "$cur") $(compgen -f -X "!$1" -- "$cur"))
	else
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}

_dateline() {
	local cur=${COMP_WORDS[COMP_CWORD]}
	local prev=${COMP_WORDS[COMP_CWORD - 1]}
	local cmd="" i w opt="" IFS=$' \t\n'
	COMPREPLY=()

	# The subcommand: the first word after the program that is not an option.
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if [[ $w != -* ]]; then
			cmd=$w
			break
		fi
	done

	# Which option's value is being completed.  "--axis o", "--axis=o" with
	# '=' a word break (the default: the words are "--axis" "=" "o"), and
	# "--axis=o" as one word.
	if [[ $cur == --*=* ]]; then
		opt=${cur%%=*}
		cur=${cur#*=}
	elif [[ $cur == = && $prev == --* ]]; then
		opt=$prev
		cur=""
	elif [[ $prev == = ]] && ((COMP_CWORD >= 2)) &&
		[[ ${COMP_WORDS[COMP_CWORD - 2]} == --* ]]; then
		opt=${COMP_WORDS[COMP_CWORD - 2]}
	else
		case $prev in
		-o | --output | -T | --format | --from | --to | --until | --lane | --tag | \
			--partial | --axis | --orientation | --width | --height | --dpi | --map-name | --color | \
			-d | --listen | --max-errors | --max-input)
			opt=$prev ;;
		esac
	fi

	case $opt in
	-T | --format) COMPREPLY=($(compgen -W "svg png pdf dot cmapx timelinejs" -- "$cur")); return ;;
	--axis) COMPREPLY=($(compgen -W "auto proportional broken ordinal" -- "$cur")); return ;;
	--orientation) COMPREPLY=($(compgen -W "horizontal vertical" -- "$cur")); return ;;
	--partial) COMPREPLY=($(compgen -W "span first-day" -- "$cur")); return ;;
	--input-format) COMPREPLY=($(compgen -W "auto native timelinejs-csv timelinejs-json ics" -- "$cur")); return ;;
	--color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
	--lane) _dateline_lines "$(_dateline_lanes)" "$cur"; return ;;
	-o | --output) _dateline_files ""; return ;;
	-d) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")); return ;;
	--from | --to | --until | --tag | --width | --height | --dpi | --map-name | --listen | --max-errors | \
		--max-input) return ;; # free text
	esac

	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--help -h --version" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$_dateline_commands" -- "$cur"))
		fi
		return
	fi

	if [[ $cmd == help ]]; then
		((COMP_CWORD == i + 1)) &&
			COMPREPLY=($(compgen -W "${_dateline_commands% help}" -- "$cur"))
		return
	fi

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_dateline_options "$cmd")" -- "$cur"))
		[[ ${COMPREPLY[*]} == *= ]] && compopt -o nospace 2>/dev/null
		return
	fi

	case $cmd in
	ics)
		if [[ " ${COMP_WORDS[*]} " == *" --check "* ]]; then
			_dateline_files "*.ics"
		else
			_dateline_files "*.mw"
		fi ;;
	check | dump | render | build | serve) _dateline_files "*.mw" ;;
	import) _dateline_files "" ;;
	esac
}

complete -F _dateline dateline
