# Shared by compare.sh and tests/cli/compat-markwhen.sh (sourced): the
# events of a Markwhen file as the reference parser read them (NAME.expect)
# and as dateline read them (`dateline dump`), in one shape so that the
# two can be diffed.  One line per event, sorted (dateline orders events
# by date, Markwhen keeps file order), TAB-separated:
#
#   FROM  TO  LANE  TITLE
#
# FROM and TO: a Markwhen bound at midnight UTC is written as a plain date,
# as dateline writes a day.  LANE: dateline's lane is the innermost
# heading or block (docs/format.md, "Lanes"), so Markwhen's path of
# section titles is reduced to its last one; no lane is "-".  TITLE: runs
# of spaces are one space (Markwhen keeps the two around an image it takes
# out of a title, dateline one).  With ranges=0 FROM and TO are left out
# (for files whose Markwhen reading depends on the clock).

# mw_expect_events FILE.expect [ranges]
# A recurring event stands for its occurrences, as Markwhen's expand()
# lists them ("occurrence" lines after its "event" line): dateline
# expands a recurrence into events.
mw_expect_events() {
  awk -F'\t' -v ranges="${2:-1}" '
    function year4(d) { # ISO 8601 six-digit years, as EDTF writes them
      if (d ~ /^[+-]00[0-9][0-9][0-9][0-9]-/) d = substr(d, 1, 1) substr(d, 4)
      return d
    }
    function put(from, to, lane, title) {
      sub(/T00:00:00Z$/, "", from); sub(/T00:00:00Z$/, "", to)
      from = year4(from); to = year4(to)
      n = split(lane, part, / > /); lane = part[n]
      title = (title == "-") ? "" : title
      gsub(/  +/, " ", title)
      if (ranges) print from "\t" to "\t" lane "\t" title
      else print lane "\t" title
    }
    function flush() { if (pending) put(f, t, l, h); pending = 0 }
    $1 == "event" { flush(); pending = 1; f = $2; t = $3; l = $4; h = $5 }
    $1 == "occurrence" { pending = 0; put($2, $3, $4, $5) }
    END { flush() }' "$1" | LC_ALL=C sort
}

# mw_dump_events FILE.dump [ranges]
mw_dump_events() {
  awk -v ranges="${2:-1}" '
    function unq(s) {
      s = substr(s, 2, length(s) - 2)
      gsub(/\\"/, "\"", s); gsub(/\\\\/, "\\", s)
      return s
    }
    function flush() {
      if (!have) return
      t = title; gsub(/  +/, " ", t)
      l = (lanename[lane] == "") ? "-" : lanename[lane]
      if (ranges) print from "\t" to "\t" l "\t" t
      else print l "\t" t
    }
    /^lane [0-9]+ / { lanename[$2] = unq(substr($0, index($0, "\""))) }
    /^event / { flush(); have = 1; title = ""; lane = $6 }
    /^  date / {
      match($0, /range \[[^,]*, [^)]*\)/)
      r = substr($0, RSTART + 7, RLENGTH - 8)
      split(r, p, ", "); from = p[1]; to = p[2]
    }
    # A time of day, floating or UTC, is the instant Markwhen gives with
    # TZ=UTC; an offset or a zone is left as its days (not converted).
    /^  (point|start|end) (hour|minute|second) \[/ {
      if ($6 != "floating" && $6 != "UTC") next
      day = substr($3, 2, length($3) - 2)
      stamp = day "T" $5 "Z"
      if ($1 != "end") from = stamp
      if ($1 != "start") to = stamp
    }
    /^  title / { title = unq(substr($0, 9)) }
    END { flush() }
  ' "$1" | LC_ALL=C sort
}

# mw_expect_count FILE.expect: the number of events Markwhen found, a
# recurring one counted as its occurrences.
mw_expect_count() {
  awk -F'\t' '$1 == "events" { n = $2 }
    $1 == "event" { last = 1 }
    $1 == "occurrence" { n += last ? 0 : 1; last = 0 }
    END { print n }' "$1"
}

# mw_dump_count FILE.dump: the number of events dateline read.
mw_dump_count() {
  sed -n '1s/.* events \([0-9]*\) lanes .*/\1/p' "$1"
}
