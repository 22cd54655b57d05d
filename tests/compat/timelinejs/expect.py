#!/usr/bin/python3
"""Write NAME.expect beside each TimelineJS sheet (NAME.csv) or JSON file
(NAME.json) given on the command line.

The .expect lists what TimelineJS 3 takes from each row or object, following
the documented meaning of the Google Sheets template columns (Year, Month,
Day, Time, End Year, End Month, End Day, End Time, Display Date, Headline,
Text, Media, Media Credit, Media Caption, Media Thumbnail, Type, Group,
Background) and of the JSON format (title, eras, events with start_date,
end_date, text, media, group, display_date, background).  It models the
step from sheet to configuration only: fields are recorded as given (a month
13 stays 13), not as a browser's Date would roll them over.

Usage: /usr/bin/python3 tests/compat/timelinejs/expect.py tests/compat/timelinejs/*.{csv,json}
The line format is described in tests/compat/README.md.
"""

import csv
import json
import re
import sys

INTEGER = re.compile(r"^-?\d+$")


class RowError(Exception):
    pass


def clean_integer(s):
    """Strip blanks and thousands separators, as the sheet reader does."""
    return re.sub(r"[\s,]+", "", s) if s else ""


def parse_time(s):
    """Return (hour, minute, second, millisecond) for a Time cell; None for
    absent parts.  Accepts 9, 0930, 9:30, 9.30, 9:30 pm, 23:59:59,
    10:00:30.250 (whose fraction TimelineJS multiplies by 100)."""
    period = None
    m = re.search(r"(\s*[AaPp]\.?[Mm]\.?\s*)$", s)
    if m:
        period = m.group(0).strip()
        s = s[: s.rfind(period)].strip()
    m = re.match(r"^\s*(\d{1,2})(\d{2})\s*$", s)
    if m:
        parts = [m.group(1), m.group(2)]
    else:
        parts = s.split(":")
        if len(parts) == 1:
            parts = s.split(".")
    if len(parts) > 4:
        raise RowError("invalid_separator_error")
    hour = to_int(parts[0], "invalid_hour_err")
    if period and period[0].lower() == "p" and hour != 12:
        hour += 12
    elif period and period[0].lower() == "a" and hour == 12:
        hour = 0
    if not 0 <= hour <= 23:
        raise RowError("invalid_hour_err")
    minute = second = ms = None
    if len(parts) > 1:
        minute = to_int(parts[1], "invalid_minute_err")
    if len(parts) > 2:
        sec = re.split(r"[.,]", parts[2]) + parts[3:]
        if len(sec) > 2:
            raise RowError("invalid_second_fractional_err")
        second = to_int(sec[0], "invalid_second_err")
        if len(sec) == 2:
            ms = 100 * to_int(sec[1], "invalid_fractional_err")
    return hour, minute, second, ms


def to_int(s, err):
    """Leading-digits integer, like JavaScript's parseInt; RowError if none."""
    m = re.match(r"^\s*([+-]?\d+)", s)
    if not m:
        raise RowError(err)
    return int(m.group(1))


def date_text(d):
    """Render a date dict (year, month, day, hour, minute, second) at the
    precision it was given: 1851, 1851-06, 1862-04-18, 1899-11-02T09:30."""
    if not d:
        return "-"
    out = str(int(d["year"]))
    for key, sep in (("month", "-"), ("day", "-")):
        v = d.get(key)
        if v in (None, ""):
            return out
        out += "%s%02d" % (sep, int(v))
    if d.get("hour") in (None, ""):
        return out
    out += "T%02d" % int(d["hour"])
    for key in ("minute", "second"):
        v = d.get(key)
        if v in (None, ""):
            return out
        out += ":%02d" % int(v)
    return out


def valid(d):
    """True when every string field is an integer or empty."""
    return all(not isinstance(v, str) or v == "" or INTEGER.match(v)
               for v in d.values())


def row_event(row):
    """The event a sheet row describes, as a dict; RowError if it is bad."""
    row = {k.strip(): (v or "").strip() for k, v in row.items() if k}
    ev = {
        "headline": row.get("Headline", ""),
        "group": row.get("Group", "") or row.get("Tag", ""),
        "display": row.get("Display Date", ""),
        "media": row.get("Media", ""),
        "background": row.get("Background", ""),
        "type": row.get("Type", ""),
        "start": None, "end": None,
    }
    if row.get("Year"):
        ev["start"] = {"year": clean_integer(row["Year"]),
                       "month": clean_integer(row.get("Month", "")),
                       "day": clean_integer(row.get("Day", ""))}
    if row.get("End Year"):
        ev["end"] = {"year": clean_integer(row["End Year"]),
                     "month": clean_integer(row.get("End Month", "")),
                     "day": clean_integer(row.get("End Day", ""))}
    for col, key, err in (("Time", "start", "invalid_start_time_without_date"),
                          ("End Time", "end", "invalid_end_time_without_date")):
        if row.get(col):
            if not ev[key]:
                raise RowError(err)
            h, m, s, ms = parse_time(row[col])
            ev[key].update(hour=h, minute=m, second=s, millisecond=ms)
    for key in ("start", "end"):
        if ev[key] and not valid(ev[key]):
            raise RowError("invalid_date_err")
    return ev


def json_event(obj):
    """The event a JSON slide object describes, as a dict."""
    bg = obj.get("background") or {}
    media = obj.get("media") or {}
    text = obj.get("text") or {}
    start = obj.get("start_date")
    return {
        "headline": text.get("headline", ""),
        "group": obj.get("group", ""),
        "display": obj.get("display_date", "") or (start or {}).get("display_date", ""),
        "media": media.get("url", ""),
        "background": bg.get("url") or bg.get("color") or "",
        "type": "",
        "start": start,
        "end": obj.get("end_date"),
    }


def field(s):
    s = re.sub(r"[\t\r\n]+", " ", str(s)).strip()
    return s or "-"


def event_line(kind, ev):
    extra = []
    for key in ("display", "media", "background"):
        if ev[key]:
            extra.append("%s=%s" % (key, ev[key]))
    for key in ("start", "end"):
        if ev[key] and ev[key].get("millisecond") not in (None, ""):
            extra.append("%s-ms=%s" % (key, ev[key]["millisecond"]))
    if kind == "title":
        return "title\t%s" % field(ev["headline"])
    if kind == "era":
        return "era\t%s\t%s\t%s" % (date_text(ev["start"]), date_text(ev["end"]),
                                    field(ev["headline"]))
    return "event\t%s\t%s\t%s\t%s\t%s" % (
        date_text(ev["start"]), date_text(ev["end"]), field(ev["group"]),
        field(ev["headline"]), field(" ".join(extra)))


def read_csv(path):
    """Lines for a sheet: rows typed title and era are taken out like the
    sheet reader does; a second title becomes an event with a warning."""
    lines, events, errors, warnings = [], [], [], []
    title = None
    with open(path, newline="", encoding="utf-8") as f:
        for i, row in enumerate(csv.DictReader(f)):
            if not any((v or "").strip() for v in row.values()):
                continue
            try:
                ev = row_event(row)
            except RowError as e:
                errors.append("error\t%s\t%s" % (field(row.get("Headline") or i), e))
                continue
            if ev["type"] == "title":
                if title is None:
                    title = ev
                    lines.append(event_line("title", ev))
                    continue
                warnings.append("warning\tMultiple title slides detected.")
            if ev["type"] == "era":
                lines.append(event_line("era", ev))
            else:
                events.append(event_line("event", ev))
    return lines, events, errors + warnings


def read_json(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    lines = []
    if doc.get("scale"):
        lines.append("scale\t%s" % doc["scale"])
    if doc.get("title"):
        lines.append(event_line("title", json_event(doc["title"])))
    for era in doc.get("eras", []):
        lines.append(event_line("era", json_event(era)))
    events = [event_line("event", json_event(e)) for e in doc.get("events", [])]
    return lines, events, []


def main(paths):
    for path in paths:
        reader = read_json if path.endswith(".json") else read_csv
        head, events, notes = reader(path)
        out = ["# %s as TimelineJS 3 reads it into its configuration (written by expect.py)"
               % path.rsplit("/", 1)[-1],
               "events\t%d" % len(events)] + head + events + notes
        target = path.rsplit(".", 1)[0] + ".expect"
        with open(target, "w", encoding="utf-8") as f:
            f.write("\n".join(out) + "\n")
        print("%s: %d events" % (target, len(events)))


if __name__ == "__main__":
    main(sys.argv[1:])
