#!/usr/bin/env bash
# ics.sh - `dateline ics` end to end: byte-exact golden feeds, read back by
# an independent parser (python3-icalendar) and by libical (`ics --check`),
# hostile text round-tripping exactly, byte-identical rebuilds, UIDs that
# survive title edits, --strict, --partial=first-day, -o.
#
# Run from the repository root with DATELINE set to the binary.
# UPDATE_GOLDEN=1 rewrites the goldens (the .ics and the .expect lists);
# review the diff before committing.
source "$(dirname "$0")/lib.bash"
: "${DATELINE:?set DATELINE to the dateline binary}"
PY=/usr/bin/python3 # Debian's, which sees python3-icalendar
IND=tests/ics_independent.py
G=tests/golden/ics
export SOURCE_DATE_EPOCH=1533254400 # 2018-08-03T00:00:00Z

no_vtimezone() { sed $'/^BEGIN:VTIMEZONE\r$/,/^END:VTIMEZONE\r$/d'; }
tzdata_version() { dpkg-query -W -f='${Version}' tzdata 2>/dev/null || echo unknown; }

# name | input | extra options
goldens=(
  "forms|$G/forms.mw|"
  "forms-first-day|$G/forms.mw|--partial=first-day"
  "russia-dprk-sanctions|events/russia-dprk-sanctions.mw|"
)

for g in "${goldens[@]}"; do
  IFS='|' read -r name input opts <<<"$g"
  out=$tmp/$name.ics
  # shellcheck disable=SC2086
  if ! "$DATELINE" ics $opts "$input" >"$out" 2>"$tmp/$name.err"; then
    bad "$name: dateline ics failed: $(head -n 3 "$tmp/$name.err")"
    continue
  fi
  if [[ ${UPDATE_GOLDEN:-} == 1 ]]; then
    cp "$out" "$G/$name.ics"
    "$PY" - "$out" >"$G/$name.expect" <<'EOF'
import sys
sys.path.insert(0, "tests")
import ics_independent as m
for e in m.events(m.load(sys.argv[1])):
    print("\t".join(e))
EOF
    echo "ics.sh: updated $G/$name.ics and $G/$name.expect"
  fi
  if cmp -s "$out" "$G/$name.ics"; then ok
  elif cmp -s <(no_vtimezone <"$out") <(no_vtimezone <"$G/$name.ics"); then
    # The VTIMEZONE comes from the system's tz database, not from us.
    echo "ics.sh: note: $name: only the VTIMEZONE differs (tzdata $(tzdata_version));" \
      "regenerate with UPDATE_GOLDEN=1" >&2
    ok
  else
    bad "$name: feed differs from $G/$name.ics"
    diff -u "$G/$name.ics" "$out" | head -n 40 >&2
  fi
  if "$PY" "$IND" expect "$G/$name.ics" "$G/$name.expect"; then ok; else
    bad "$name: python3-icalendar disagrees with $G/$name.expect"
  fi
  if "$DATELINE" ics --check "$G/$name.ics" >"$tmp/check.out" 2>&1 &&
    [[ ! -s $tmp/check.out ]]; then ok; else
    bad "$name: libical check: $(head -n 3 "$tmp/check.out")"
  fi
  # shellcheck disable=SC2086
  "$DATELINE" ics $opts "$input" >"$tmp/again.ics" 2>/dev/null
  if cmp -s "$out" "$tmp/again.ics"; then ok; else bad "$name: rebuild differs"; fi
done

# Events iCalendar cannot hold: three warnings and exit 0; errors and
# exit 1 (nothing written) under --strict.
n=$(grep -c 'warning: iCalendar cannot hold' "$tmp/forms.err")
if [[ $n == 3 ]]; then ok; else bad "forms: $n skip warnings, expected 3"; fi
"$DATELINE" ics --strict "$G/forms.mw" -o "$tmp/strict.ics" 2>"$tmp/strict.err"
rc=$?
if [[ $rc == 1 && ! -e $tmp/strict.ics ]] &&
  [[ $(grep -c 'error: iCalendar cannot hold' "$tmp/strict.err") == 3 ]]; then ok; else
  bad "--strict: exit $rc, expected 1 with three errors and no file"
fi

# -o writes the same bytes as standard output.
"$DATELINE" ics "$G/forms.mw" -o "$tmp/o.ics" 2>/dev/null
if cmp -s "$tmp/o.ics" "$tmp/forms.ics"; then ok; else bad "-o differs from stdout"; fi

# Editing every title and description keeps every UID.
sed -E 's/^([-0-9?~%XY/.:T+Z]+): (.*)$/\1: Edited: \2/; s/^A description line/Reworded line/' \
  "$G/forms.mw" >"$tmp/edited.mw"
"$DATELINE" ics "$tmp/edited.mw" >"$tmp/edited.ics" 2>/dev/null
"$PY" "$IND" uids "$tmp/forms.ics" >"$tmp/uids.a"
"$PY" "$IND" uids "$tmp/edited.ics" >"$tmp/uids.b"
if ! grep -q 'Edited: ' "$tmp/edited.ics"; then
  bad "title edit: the edited file has no edited titles"
elif cmp -s "$tmp/uids.a" "$tmp/uids.b" && [[ -s $tmp/uids.a ]]; then ok; else
  bad "title edit changed UIDs"
fi

# Hostile text round-trips exactly through python3-icalendar.
"$PY" "$IND" hostile-input "$tmp/hostile.mw"
if "$DATELINE" ics "$tmp/hostile.mw" >"$tmp/hostile.ics" 2>"$tmp/hostile.err" &&
  "$PY" "$IND" hostile-check "$tmp/hostile.ics"; then ok; else
  bad "hostile text: $(head -n 3 "$tmp/hostile.err")"
fi
if "$DATELINE" ics --check "$tmp/hostile.ics" >/dev/null 2>&1; then ok; else
  bad "hostile text: libical check failed"
fi
if [[ $(grep -c $'^BEGIN:VEVENT\r$' "$tmp/hostile.ics") == \
  $(grep -c '^2017-' "$tmp/hostile.mw") ]]; then ok; else
  bad "hostile text: a BEGIN:VEVENT line was injected"
fi

# A feed valid by construction: titles, locations and descriptions of
# every length from 1 to 400 octets, a run with nowhere to fold, 2-, 3-
# and 4-byte characters across every fold position, TEXT escapes.  The
# bytes keep RFC 5545's wire rules (read by python, not by us), our
# --check finds nothing, and python3-icalendar reads every text back.
"$PY" "$IND" lengths-input "$tmp/lengths.mw"
if "$DATELINE" ics "$tmp/lengths.mw" -o "$tmp/lengths.ics" 2>"$tmp/lengths.err" &&
  "$PY" "$IND" lengths-check "$tmp/lengths.ics"; then ok; else
  bad "lengths 1-400: $(head -n 3 "$tmp/lengths.err")"
fi
if "$DATELINE" ics --check "$tmp/lengths.ics" >"$tmp/lengths.out" 2>&1 &&
  [[ ! -s $tmp/lengths.out ]]; then ok; else
  bad "lengths 1-400: --check: $(head -n 3 "$tmp/lengths.out")"
fi

# --check enforces the wire rules: a bare CR inside a line, as libical
# 3.0.16 wrote for a 73-octet run, is an error at its line and column.
printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nX-A:\r\n aaaa\r\r\n \nEND:VCALENDAR\r\n' >"$tmp/crlf.ics"
"$DATELINE" ics --check "$tmp/crlf.ics" >"$tmp/crlf.out" 2>&1
rc=$?
if [[ $rc == 1 ]] && grep -q 'crlf.ics:5:6: error: a CR without LF inside a line' "$tmp/crlf.out" &&
  grep -q 'crlf.ics:6:2: error: line ends with LF, not CRLF' "$tmp/crlf.out"; then ok; else
  bad "--check on a bare CR: exit $rc, $(head -n 4 "$tmp/crlf.out")"
fi

# --check reports a broken calendar with its line, exit 1.
printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20180803T000000Z\r\nDTSTART;VALUE=DATE:20170601T120000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' >"$tmp/broken.ics"
"$DATELINE" ics --check "$tmp/broken.ics" >"$tmp/broken.out" 2>&1
rc=$?
if [[ $rc == 1 ]] && grep -q ':7:.*date-time in a VALUE=DATE' "$tmp/broken.out"; then ok; else
  bad "--check on a broken file: exit $rc, $(head -n 2 "$tmp/broken.out")"
fi

# Thousands of events are written in batches on every core.  The feed is
# the same on one core, and the same as the one the renderer wrote when
# it built, wrote and freed one VEVENT at a time (its SHA-256 without the
# PRODID line, which names the version): runs of one day longer than a
# batch, derived UIDs, every date form, lanes, tags, links and statuses
# switching from one event to the next.
"$PY" - >"$tmp/many.mw" <<'EOF'
import sys
lanes = ["Sanctions", "Shipping; ports", "Labour, pay", ""]
out = ["---\ntitle: Many events\ntimezone: Europe/Moscow\n---\n"]
x = 7
for lane in range(4):
    if lanes[lane]:
        out.append("# %s\n\n" % lanes[lane])
    for i in range(lane * 1500, lane * 1500 + 1500):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        day = 1 + x % 3
        form = (x >> 8) % 8
        date = ["2017-06-%02d", "2017-06-%02d?", "2017-06-%02d~", "2017-06",
                "2017-06-%02dT10:30", "2017-06-%02dT10:30Z", "2017",
                "2017-06-%02d/2017-07-01"][form]
        if "%" in date:
            date = date % day
        out.append("%s: Event %d, \\ ; #t%d\n" % (date, i, x % 5))
        if i == 0:
            out.append("id: first\n")
        elif x % 3:
            out.append("id: e%d\n" % i)
        if i > 0 and x % 7 == 0:
            out.append("after: first\n")
        if x % 5 == 0:
            out.append("location: Room %d\n" % (x % 2))
        if x % 11 == 0:
            out.append("color: #0072B2\n")
        if x % 13 == 0:
            out.append("status: cancelled\n")
        if x % 4 == 0:
            out.append("source: https://example.org/e/%d\nText of %d;\nsecond line.\n" % (i, i))
        out.append("\n")
sys.stdout.write("".join(out))
EOF
many_sum=4a80ec9d35cedcfb70deaa7400711c29b103304d00f494ec799135acd80321b9
"$DATELINE" ics "$tmp/many.mw" >"$tmp/many.ics" 2>"$tmp/many.err"
sum=$(grep -v '^PRODID:' "$tmp/many.ics" | sha256sum | cut -d ' ' -f 1)
if [[ $sum == "$many_sum" ]]; then ok; else
  bad "6000 events: the feed differs from the one-VEVENT-at-a-time feed: $(head -n 2 "$tmp/many.err")"
fi
if command -v taskset >/dev/null; then
  taskset -c 0 "$DATELINE" ics "$tmp/many.mw" >"$tmp/many1.ics" 2>/dev/null
  if cmp -s "$tmp/many.ics" "$tmp/many1.ics"; then ok; else
    bad "6000 events: one core writes other bytes than all cores"
  fi
fi

# Derived UIDs count twins in the whole file, so a filtered feed names each
# event it keeps exactly as the full feed does.
printf '# L\n2017-06: untagged twin\n2017-06: tagged twin #keep\n2018: other #keep\n' >"$tmp/twins.mw"
"$DATELINE" ics "$tmp/twins.mw" | grep '^UID:' | sort >"$tmp/all.uids"
"$DATELINE" ics --tag keep "$tmp/twins.mw" | grep '^UID:' | sort >"$tmp/kept.uids"
if [[ $(wc -l <"$tmp/kept.uids") == 2 && -z $(comm -13 "$tmp/all.uids" "$tmp/kept.uids") ]]; then ok; else
  bad "--tag keep changed a derived UID: $(cat "$tmp/kept.uids")"
fi

finish ics.sh
