#!/usr/bin/python3
"""Checks `dateline ics` of an imported calendar with an independent reader
(Debian's python3-icalendar, recurrences expanded by python3-dateutil as
tests/readers/ics_reference.py does):

  roundtrip.py SOURCE.ics FEED.ics

- every UID of SOURCE is a UID of FEED;
- in FEED, the VEVENTs of one UID are one master (no RECURRENCE-ID) and
  overrides, each RECURRENCE-ID once, and the master's DTSTART and RDATEs
  are exactly the overrides' RECURRENCE-IDs;
- every override of SOURCE (UID, RECURRENCE-ID) is in FEED with the same
  DTSTART and SUMMARY;
- the occurrences python expands from FEED are those it expands from
  SOURCE (UID, start, end, summary).
Exits 1 with one message per problem on stderr.
"""
import os
import re
import sys
from collections import defaultdict

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "readers"))
import icalendar  # noqa: E402
import ics_reference as ref  # noqa: E402


def vevents(path):
    with open(path, "rb") as f:
        data = f.read()
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    if b"BEGIN:VCALENDAR" not in data:
        data = b"BEGIN:VCALENDAR\r\n" + data + b"END:VCALENDAR\r\n"
    out = []
    for part in data.split(b"BEGIN:VCALENDAR")[1:]:
        out += icalendar.Calendar.from_ical(b"BEGIN:VCALENDAR" + part).walk("VEVENT")
    return out


def main(src, feed):
    problems = []
    sev, fev = vevents(src), vevents(feed)
    suids = {str(e["UID"]) for e in sev if "UID" in e and "DTSTART" in e}
    fuids = {str(e["UID"]) for e in fev}
    for u in sorted(suids - fuids):
        problems.append("UID %s of the source is not in the feed" % u)
    by_uid = defaultdict(list)
    for e in fev:
        by_uid[str(e["UID"])].append(e)
    for uid, evs in sorted(by_uid.items()):
        masters = [e for e in evs if "RECURRENCE-ID" not in e]
        rids = [ref.key(e["RECURRENCE-ID"].dt) for e in evs if "RECURRENCE-ID" in e]
        if not rids:
            if len(masters) != 1:
                problems.append("%s: %d VEVENTs without RECURRENCE-ID" % (uid, len(masters)))
            continue
        if len(set(rids)) != len(rids):
            problems.append("%s: a RECURRENCE-ID given twice" % uid)
        if len(masters) != 1:
            problems.append("%s: %d masters, expected 1" % (uid, len(masters)))
            continue
        m = masters[0]
        inst = {ref.key(m["DTSTART"].dt)} | {ref.key(v) for v in ref.values(m, "RDATE")}
        if inst != set(rids):
            problems.append("%s: the master's instances %s are not the overrides' %s"
                            % (uid, sorted(inst), sorted(set(rids))))
    fo = {(str(e["UID"]), ref.key(e["RECURRENCE-ID"].dt)): e for e in fev if "RECURRENCE-ID" in e}
    for e in sev:
        if "RECURRENCE-ID" not in e:
            continue
        k = (str(e["UID"]), ref.key(e["RECURRENCE-ID"].dt))
        g = fo.get(k)
        if g is None:
            problems.append("override %s %s missing from the feed" % k)
            continue
        if ref.key(g["DTSTART"].dt) != ref.key(e["DTSTART"].dt):
            problems.append("override %s %s: DTSTART %s, expected %s"
                            % (k + (ref.key(g["DTSTART"].dt), ref.key(e["DTSTART"].dt))))
        if str(g["SUMMARY"]) != str(e["SUMMARY"]):
            problems.append("override %s %s: SUMMARY %r, expected %r"
                            % (k + (str(g["SUMMARY"]), str(e["SUMMARY"]))))
    # A floating time is written in UTC when the calendar names no zone
    # (docs/ics.md, "Dates"): the same wall-clock digits.
    def utc(lines):
        return {re.sub(r"floating (\S+)", r"\1Z", x) for x in lines}
    # A VEVENT without UID gets one of ours.
    def ours(lines):
        return {"-" + x[x.index("\t"):] if x.split("\t")[0] not in suids else x
                for x in lines}
    a, b = utc(ref.reference(src)), ours(utc(ref.reference(feed)))
    for line in sorted(set(a) - set(b)):
        problems.append("occurrence of the source not in the feed: " + line)
    for line in sorted(set(b) - set(a)):
        problems.append("occurrence of the feed not in the source: " + line)
    for p in problems:
        print("%s: %s" % (feed, p), file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
