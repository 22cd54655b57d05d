#!/usr/bin/python3
"""Write NAME.expect beside each NAME.ics given on the command line, from
what python3-icalendar (Debian's package, an independent reader) finds in it.

Usage: /usr/bin/python3 tests/compat/ics/expect.py tests/compat/ics/*.ics

One line per VEVENT, in file order across every VCALENDAR in the file:
  event UID DTSTART END SUMMARY EXTRA   (tab-separated)
DTSTART and DTEND are written as tests/ics_independent.py writes them:
2024-03-15 for a date, "2024-04-01 08:30:00 UTC" in UTC, the zone's name
after a zoned time, the bare time for a floating one.  END is the DTEND,
"DURATION=P3D" when the event gives a DURATION instead, "-" when neither.
EXTRA lists RRULE, RDATE, EXDATE, RECURRENCE-ID and STATUS when present.
Other components (VTODO, VJOURNAL, ...) are counted on the "components"
line.  The full format is in tests/compat/README.md.
"""

import sys

import icalendar


def show(value):
    """A DTSTART/DTEND/RECURRENCE-ID value, as tests/ics_independent.py does."""
    return show_dt(value.dt)


def show_dt(dt):
    """A date or date-time: the date, or the time and its zone's name."""
    tz = getattr(dt, "tzinfo", None)
    if tz is None:
        return str(dt)
    zone = getattr(tz, "zone", None) or getattr(tz, "key", None) or str(tz)
    return "%s %s" % (dt.replace(tzinfo=None), zone)


def show_list(prop):
    """An RDATE or EXDATE (one property or several) as comma-joined values."""
    props = prop if isinstance(prop, list) else [prop]
    out = []
    for p in props:
        for v in p.dts:
            if isinstance(v.dt, tuple):
                a, b = v.dt
                end = (icalendar.vDuration(b).to_ical().decode()
                       if hasattr(b, "total_seconds") else show_dt(b))
                out.append("%s/%s" % (show_dt(a), end))
            else:
                out.append(show(v))
    return ",".join(out)


def field(s):
    """A text value on one line: backslash, tab and newline as \\\\, \\t, \\n."""
    s = str(s).replace("\\", "\\\\").replace("\t", "\\t")
    s = s.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    return s or "-"


def event_line(ev):
    uid = ev.get("UID")
    start = ev.get("DTSTART")
    if "DTEND" in ev:
        end = show(ev["DTEND"])
    elif "DURATION" in ev:
        end = "DURATION=" + ev["DURATION"].to_ical().decode()
    else:
        end = "-"
    extra = []
    if "RRULE" in ev:
        extra.append("RRULE=" + ev["RRULE"].to_ical().decode())
    for key in ("RDATE", "EXDATE"):
        if key in ev:
            extra.append("%s=%s" % (key, show_list(ev[key])))
    if "RECURRENCE-ID" in ev:
        extra.append("RECURRENCE-ID=" + show(ev["RECURRENCE-ID"]))
    if "STATUS" in ev:
        extra.append("STATUS=" + str(ev["STATUS"]))
    return "\t".join([
        "event",
        field(uid) if uid is not None else "-",
        show(start) if start is not None else "-",
        end,
        field(ev.get("SUMMARY", "")),
        field(" ".join(extra)),
    ])


def header(path):
    return ["# %s as python3-icalendar %s reads it (written by expect.py)"
            % (path.rsplit("/", 1)[-1], icalendar.__version__)]


def describe(path):
    with open(path, "rb") as f:
        data = f.read()
    notes = []
    try:
        cals = icalendar.Calendar.from_ical(data, multiple=True)
    except ValueError as e:
        # python3-icalendar refuses a leading byte order mark; say so, then
        # read what follows it, as a BOM-tolerant reader would.
        notes.append("refused\t%s" % field(str(e)))
        if not data.startswith(b"\xef\xbb\xbf"):
            return header(path) + notes
        notes.append("bom\tread again without the byte order mark")
        cals = icalendar.Calendar.from_ical(data[3:], multiple=True)
    events, others = [], {}
    for cal in cals:
        for comp in cal.walk():
            if comp.name == "VEVENT":
                events.append(event_line(comp))
            elif comp.name not in ("VCALENDAR", "VTIMEZONE", "STANDARD",
                                   "DAYLIGHT", "VALARM"):
                others[comp.name] = others.get(comp.name, 0) + 1
    out = header(path) + notes + [
           "calendars\t%d" % len(cals),
           "vevents\t%d" % len(events),
           "components\t%s" % (" ".join("%s=%d" % kv for kv in sorted(others.items())) or "-")]
    return out + events


def main(paths):
    for path in paths:
        lines = describe(path)
        target = path[:-4] + ".expect" if path.endswith(".ics") else path + ".expect"
        with open(target, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        print("%s: %s" % (target, " ".join(l.replace("\t", " ") for l in lines
                                           if l.startswith(("vevents", "refused")))))


if __name__ == "__main__":
    main(sys.argv[1:])
