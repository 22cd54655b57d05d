"""The python3-icalendar baseline of `make bench`: reads the event files
scripts/gen_events.py writes and builds the same feed with
icalendar.Calendar, then serializes it whole.  Run with /usr/bin/python3.

  python_ics.py FILE.mw > FILE.ics
"""
import calendar
import datetime
import re
import sys

import icalendar

DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?([?~%]?): (.*)$")
STAMP = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def span(y, m, d):
    """First day and exclusive end of a day or a month."""
    if d:
        start = datetime.date(y, m, d)
        return start, start + datetime.timedelta(days=1)
    start = datetime.date(y, m, 1)
    return start, start + datetime.timedelta(days=calendar.monthrange(y, m)[1])


def events(path):
    lane, ev = "", None
    with open(path, encoding="utf-8") as f:
        in_front = False
        for line in f:
            line = line.rstrip("\n")
            if line == "---":
                in_front = not in_front
                continue
            if in_front:
                continue
            m = DATE.match(line)
            if m:
                if ev:
                    yield ev
                y, mo, d, q, title = m.groups()
                ev = {"lane": lane, "date": line.split(": ", 1)[0],
                      "span": span(int(y), int(mo), int(d) if d else 0),
                      "qual": q, "title": re.sub(r" #\w+", "", title),
                      "tags": re.findall(r"#(\w+)", title), "id": None,
                      "sources": [], "text": []}
            elif line.startswith("# "):
                lane = line[2:]
            elif ev and line.startswith("id: "):
                ev["id"] = line[4:]
            elif ev and line.startswith("source: "):
                ev["sources"].append(line[8:])
            elif ev and line:
                ev["text"].append(line)
    if ev:
        yield ev


def main(path):
    cal = icalendar.Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", "-//python baseline//EN")
    for i, e in enumerate(events(path)):
        v = icalendar.Event()
        v.add("dtstamp", STAMP)
        v.add("last-modified", STAMP)
        v.add("transp", "TRANSPARENT")
        v.add("class", "PUBLIC")
        v.add("uid", "%s@python.dateline.invalid" % (e["id"] or "ev%d" % i))
        v.add("dtstart", e["span"][0])
        v.add("dtend", e["span"][1])
        v.add("summary", e["title"])
        desc = "\n".join(e["text"])
        desc = (desc + "\n\n" if desc else "") + "Date: " + e["date"]
        if e["sources"]:
            desc += "\nSources:\n" + "\n".join(e["sources"])
        v.add("description", desc)
        v.add("x-dateline-date", e["date"])
        v.add("status", "TENTATIVE" if e["qual"] in ("?", "%") else "CONFIRMED")
        v.add("categories", [e["lane"]] + e["tags"])
        if e["sources"]:
            v.add("url", e["sources"][0])
        cal.add_component(v)
    sys.stdout.buffer.write(cal.to_ical())


if __name__ == "__main__":
    main(sys.argv[1])
