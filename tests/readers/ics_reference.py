#!/usr/bin/python3
"""Checks dateline's reading of .ics files against an independent reader:
Debian's python3-icalendar parses the file and python3-dateutil expands
the recurrences (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides), with the
bound docs/import.md gives (1000 occurrences per VEVENT, none after the
year 2582, where libical's iterator stops).

  ics_reference.py DATELINE FILE.ics...

For each file, every occurrence as python sees it and every event of
`dateline dump FILE` are written as one line each:
  UID <TAB> START <TAB> END <TAB> SUMMARY
START/END are a day (2024-03-15, END exclusive; a day without an end
lasts one day) or an instant in UTC (2024-03-15T08:30:00Z), or
"floating 2024-05-01T07:00:00"; END is "-" for an instant.  The two sorted
lists must be equal.  Exits 1 with the differences on stderr.
"""
import datetime as dt
import re
import subprocess
import sys

import icalendar
from dateutil import rrule

MAX = 1000
LAST_YEAR = 2582
UTC = dt.timezone.utc


def day(d):
    return d.strftime("%Y-%m-%d")


def instant(t):
    if t.tzinfo is None:
        return "floating " + t.strftime("%Y-%m-%dT%H:%M:%S")
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def is_date(v):
    return isinstance(v, dt.date) and not isinstance(v, dt.datetime)


def span(start, end):
    """START and END fields of an occurrence."""
    if is_date(start):
        if end is None or not is_date(end) or end <= start:
            end = start + dt.timedelta(days=1)
        return day(start), day(end)
    if end is None or end == start or is_date(end):
        return instant(start), "-"
    return instant(start), instant(end)


def key(t):
    """A comparable form of a start, for EXDATE and RECURRENCE-ID."""
    if is_date(t):
        return ("d", t.isoformat())
    return ("t", instant(t))


def values(ev, name):
    prop = ev.get(name)
    if prop is None:
        return []
    props = prop if isinstance(prop, list) else [prop]
    return [v.dt for p in props for v in p.dts]


def wall(t, like):
    """t with the zone of like, its offset recomputed for t's own date
    (pytz keeps the offset of the date it was made for)."""
    tz = getattr(like, "tzinfo", None)
    if tz is not None and hasattr(tz, "localize"):
        return tz.localize(t.replace(tzinfo=None))
    return t


def occurrences(ev, start, dur):
    """(start, end) of every instance of a recurring master."""
    out = [(start, None)]
    if "RRULE" in ev:
        text = ev["RRULE"].to_ical().decode()
        base = start if not is_date(start) else dt.datetime(start.year, start.month, start.day)
        if base.tzinfo is None:
            text = re.sub(r"(UNTIL=\d{8}T\d{6})Z", r"\1", text)
        rule = rrule.rrulestr(text, dtstart=base)
        n = 0
        for t in rule:
            if n > MAX or t.year > LAST_YEAR:
                break
            out.append((t.date() if is_date(start) else wall(t, start), None))
            n += 1
    for v in values(ev, "RDATE"):
        if isinstance(v, tuple):
            a, b = v
            out.append((a, b if not hasattr(b, "total_seconds") else a + b))
        else:
            out.append((v, None))
    ex = {key(v) for v in values(ev, "EXDATE")}
    seen, kept = set(), []
    for s, e in sorted(out, key=lambda p: key(p[0])):
        if key(s) in seen or key(s) in ex:
            continue
        seen.add(key(s))
        if e is None and dur is not None:
            e = s + dur if is_date(s) else wall(s.replace(tzinfo=None) + dur, s)
        kept.append((s, e))
    return kept


def reference(path):
    with open(path, "rb") as f:
        data = f.read()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    if b"BEGIN:VCALENDAR" not in data:
        data = b"BEGIN:VCALENDAR\r\n" + data + b"END:VCALENDAR\r\n"
    events = []
    for cal in re.split(rb"(?=BEGIN:VCALENDAR)", data):
        if cal.strip():
            events += icalendar.Calendar.from_ical(cal).walk("VEVENT")
    overrides = set()
    for ev in events:
        if "RECURRENCE-ID" in ev:
            overrides.add((str(ev.get("UID")), key(ev["RECURRENCE-ID"].dt)))
    lines = []
    for ev in events:
        if "DTSTART" not in ev:
            continue
        start = ev["DTSTART"].dt
        end = ev["DTEND"].dt if "DTEND" in ev else None
        if end is None and "DURATION" in ev:
            end = start + ev["DURATION"].dt
        uid = str(ev.get("UID", "-"))
        # A title is one line (docs/import.md).
        summary = re.sub(r"\s*\n\s*", " ", str(ev.get("SUMMARY", ""))).strip()
        summary = summary or "(no title)"
        if ("RRULE" in ev or "RDATE" in ev) and "RECURRENCE-ID" not in ev:
            dur = end - start if end is not None else None
            kept = [o for o in occurrences(ev, start, dur)
                    if (uid, key(o[0])) not in overrides][:MAX]
        else:
            kept = [(start, end)]
        for s, e in kept:
            lines.append("\t".join((uid,) + span(s, e) + (summary,)))
    return sorted(lines)


def edtf_point(p):
    """A point of our EDTF: a date, or a time with Z, an offset or none."""
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d)(?::(\d\d))?(Z|[+-]\d\d:\d\d)?)?", p)
    if not m:
        raise ValueError("unexpected date " + p)
    y, mo, d, h, mi, s, z = m.groups()
    if h is None:
        return dt.date(int(y), int(mo), int(d))
    tz = None
    if z == "Z":
        tz = UTC
    elif z:
        sign = -1 if z[0] == "-" else 1
        tz = dt.timezone(sign * dt.timedelta(hours=int(z[1:3]), minutes=int(z[4:6])))
    return dt.datetime(int(y), int(mo), int(d), int(h), int(mi), int(s or 0), tzinfo=tz)


def unquote(s):
    return s[1:-1].encode().decode("unicode_escape").encode("latin-1").decode("utf-8")


def ours(dateline, path):
    out = subprocess.run([dateline, "dump", path], capture_output=True, text=True)
    if out.returncode:
        raise SystemExit("%s: dateline dump exited %d: %s" % (path, out.returncode, out.stderr))
    lines, ev = [], None

    def flush():
        if ev is None:
            return
        parts = ev["date"].split("/")
        s = edtf_point(parts[0])
        e = edtf_point(parts[1]) if len(parts) > 1 else None
        if e is not None and is_date(e):
            e = e + dt.timedelta(days=1)
        lines.append("\t".join((ev.get("uid", "-"),) + span(s, e) + (ev["title"],)))

    for line in out.stdout.splitlines():
        if line.startswith("event "):
            flush()
            ev = {}
        elif ev is not None:
            m = re.match(r'  date "([^"]*)"', line)
            if m:
                ev["date"] = m.group(1)
            elif line.startswith("  title "):
                ev["title"] = unquote(line[8:])
            elif line.startswith("  prop uid "):
                ev["uid"] = unquote(line[11:])
    flush()
    return sorted(lines)


def main(argv):
    dateline, paths = argv[1], argv[2:]
    bad = 0
    for path in paths:
        want, got = reference(path), ours(dateline, path)
        if want != got:
            bad += 1
            for line in sorted(set(want) - set(got)):
                print("%s: missing: %s" % (path, line), file=sys.stderr)
            for line in sorted(set(got) - set(want)):
                print("%s: extra:   %s" % (path, line), file=sys.stderr)
            if len(want) != len(got) and set(want) == set(got):
                print("%s: %d occurrences, expected %d" % (path, len(got), len(want)), file=sys.stderr)
        else:
            print("%s: %d occurrences agree" % (path, len(got)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
