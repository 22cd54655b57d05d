"""Reads dateline's iCalendar feeds with an independent parser (Debian's
python3-icalendar) and checks what they say.  Run with /usr/bin/python3.

  ics_independent.py expect FEED EXPECT   events match the hand-checked list
  ics_independent.py uids FEED            prints the UIDs, one a line
  ics_independent.py hostile-input OUT    writes an event file of hostile text
  ics_independent.py hostile-check FEED   that text came back exactly
  ics_independent.py lengths-input OUT    writes events whose title,
                                          description and location are
                                          every length from 1 to 400 octets
  ics_independent.py lengths-check FEED   the wire format is RFC 5545's and
                                          that text came back exactly

EXPECT is tab-separated: UID, DTSTART, DTEND (or "-"), SUMMARY; one line
per event in feed order.  DTSTART/DTEND are written as python-icalendar
decodes them: 2017-06-01 for a date, 2018-08-02 14:30:00 UTC for UTC,
2018-08-02 14:30:00 Europe/Moscow for a time in a zone.
Exits 1 with one message per problem on stderr.
"""
import sys

import icalendar

EMOJI = "\U0001F600"
RTL = "\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645"


def load(path):
    with open(path, "rb") as f:
        return icalendar.Calendar.from_ical(f.read())


def show(value):
    """A DTSTART/DTEND value as the EXPECT file writes it."""
    dt = value.dt
    tz = getattr(dt, "tzinfo", None)
    if tz is None:
        return str(dt)
    zone = getattr(tz, "zone", None) or getattr(tz, "key", None) or str(tz)
    return "%s %s" % (dt.replace(tzinfo=None), zone)


def events(cal):
    out = []
    for ev in cal.walk("VEVENT"):
        end = ev.get("DTEND")
        out.append([str(ev.get("UID")), show(ev.get("DTSTART")),
                    show(end) if end is not None else "-",
                    str(ev.get("SUMMARY"))])
    return out


def cmd_expect(feed, expect):
    got = events(load(feed))
    with open(expect, encoding="utf-8") as f:
        want = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    problems = []
    if len(got) != len(want):
        problems.append("%s: %d events, expected %d" % (feed, len(got), len(want)))
    for i, (g, w) in enumerate(zip(got, want)):
        for name, a, b in zip(("UID", "DTSTART", "DTEND", "SUMMARY"), g, w):
            if a != b:
                problems.append("%s: event %d: %s is %r, expected %r"
                                % (feed, i + 1, name, a, b))
    uids = [g[0] for g in got]
    if len(set(uids)) != len(uids):
        problems.append("%s: duplicate UIDs" % feed)
    return problems


def hostile_titles():
    """Titles that must come back exactly: one line each."""
    titles = [
        "Semicolon; comma, backslash \\ and BEGIN:VEVENT END:VCALENDAR",
        "RTL " + RTL + " mixed with LTR",
        "x" * 10240,
    ]
    # 4-byte emoji across every position of the first folds.
    for off in range(0, 8):
        titles.append("e" * off + EMOJI * 40)
    return titles


HOSTILE_DESCRIPTION = ("Line one; with, punctuation\\\nBEGIN:VEVENT\nUID:evil\n"
                       "END:VEVENT\n" + RTL + " " + EMOJI * 3)


def cmd_hostile_input(out):
    with open(out, "w", encoding="utf-8") as f:
        f.write("---\ntitle: Hostile; text, here\nuid-domain: hostile.example\n---\n")
        for i, t in enumerate(hostile_titles()):
            f.write("2017-06-%02d: %s\n" % (i + 1, t))
            if i == 0:
                f.write(HOSTILE_DESCRIPTION + "\n")
            f.write("\n")
    return []


def cmd_hostile_check(feed):
    cal = load(feed)
    problems = []
    if str(cal.get("X-WR-CALNAME")) != "Hostile; text, here":
        problems.append("X-WR-CALNAME is %r" % str(cal.get("X-WR-CALNAME")))
    evs = list(cal.walk("VEVENT"))
    titles = hostile_titles()
    if len(evs) != len(titles):
        problems.append("%d events, expected %d" % (len(evs), len(titles)))
    for ev, t in zip(evs, titles):
        if str(ev.get("SUMMARY")) != t:
            problems.append("SUMMARY %r... differs from %r..."
                            % (str(ev.get("SUMMARY"))[:40], t[:40]))
    desc = str(evs[0].get("DESCRIPTION")) if evs else ""
    if not desc.startswith(HOSTILE_DESCRIPTION + "\n\nDate: "):
        problems.append("DESCRIPTION %r does not start with the text" % desc[:80])
    return problems


# Texts of every length in octets: a run with nowhere to fold (libical
# 3.0.16 cut a 73-octet one between CR and LF), multi-byte characters of
# 2, 3 and 4 octets, and both with the characters TEXT escapes.  Lengths
# 1..400 in three patterns put every kind of sequence across every fold
# position of SUMMARY:, LOCATION: and DESCRIPTION:.
LENGTHS = range(1, 401)
PATTERNS = {
    "run": "a",
    "multibyte": "\u00e9\u20ac" + EMOJI + "\u0436\u4e2d\U0001F4A9",
    "mixed": "a\u00e9;\u20ac," + EMOJI + "\\b c",
}


def text_of(pattern, octets):
    """`octets % 13` (at most `octets`) of 'y', then the characters of
    pattern (repeated) filling exactly `octets` UTF-8 octets, padded with
    'z' when the next character does not fit; never starting or ending
    with a space (the parser trims those).  The shift moves the pattern's
    sequences across the fold positions from one length to the next."""
    shift = min(octets % 13, octets)
    out, size, i = ["y" * shift], shift, 0
    while True:
        ch = pattern[i % len(pattern)]
        n = len(ch.encode("utf-8"))
        if size + n > octets:
            break
        out.append(ch)
        size += n
        i += 1
    text = "".join(out) + "z" * (octets - size)
    if text.endswith(" "):
        text = text[:-1] + "z"
    return text


def length_cases():
    """(id, text) for every pattern and length."""
    for name, pattern in PATTERNS.items():
        for octets in LENGTHS:
            yield "%s-%d" % (name, octets), text_of(pattern, octets)


def cmd_lengths_input(out):
    with open(out, "w", encoding="utf-8") as f:
        f.write("---\ntitle: Lengths\nuid-domain: lengths.example\n---\n")
        for ident, text in length_cases():
            assert len(text.encode("utf-8")) == int(ident.rsplit("-", 1)[1])
            f.write("2017: %s\nid: %s\nlocation: %s\n%s\n\n"
                    % (text, ident, text, text))
    return []


def wire_problems(raw):
    """RFC 5545 3.1, read from the bytes: CRLF ends every line and appears
    nowhere else, a line has 1-75 octets, a fold never splits a UTF-8
    sequence, and the whole is UTF-8."""
    problems = []
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as e:
        problems.append("not UTF-8 at octet %d" % e.start)
    if not raw.endswith(b"\r\n"):
        problems.append("does not end with CRLF")
    for no, line in enumerate(raw[:-2].split(b"\r\n"), 1):
        why = None
        if b"\r" in line or b"\n" in line:
            why = "a bare CR or LF"
        elif not 1 <= len(line) <= 75:
            why = "%d octets" % len(line)
        elif line[:1] == b" " and (len(line) < 2 or 0x80 <= line[1] < 0xC0):
            why = "a fold splitting a UTF-8 sequence or holding nothing"
        if why:
            problems.append("line %d: %s: %r" % (no, why, line[:20]))
    return problems


def cmd_lengths_check(feed):
    with open(feed, "rb") as f:
        raw = f.read()
    problems = wire_problems(raw)[:10]
    cal = icalendar.Calendar.from_ical(raw)
    got = {}
    for ev in cal.walk("VEVENT"):
        got[str(ev.get("UID")).split("@")[0]] = ev
    cases = list(length_cases())
    if len(got) != len(cases):
        problems.append("%d events, expected %d" % (len(got), len(cases)))
    for ident, text in cases:
        ev = got.get(ident)
        if ev is None:
            problems.append("%s: no event" % ident)
            continue
        want = {"SUMMARY": text, "LOCATION": text,
                "DESCRIPTION": text + "\n\nDate: 2017"}
        for name, value in want.items():
            if str(ev.get(name)) != value:
                problems.append("%s: %s is %r, expected %r"
                                % (ident, name, str(ev.get(name)), value))
    return problems


def main(argv):
    cmd = argv[1] if len(argv) > 1 else ""
    if cmd == "expect" and len(argv) == 4:
        problems = cmd_expect(argv[2], argv[3])
    elif cmd == "uids" and len(argv) == 3:
        for ev in events(load(argv[2])):
            print(ev[0])
        problems = []
    elif cmd == "hostile-input" and len(argv) == 3:
        problems = cmd_hostile_input(argv[2])
    elif cmd == "hostile-check" and len(argv) == 3:
        problems = cmd_hostile_check(argv[2])
    elif cmd == "lengths-input" and len(argv) == 3:
        problems = cmd_lengths_input(argv[2])
    elif cmd == "lengths-check" and len(argv) == 3:
        problems = cmd_lengths_check(argv[2])
    else:
        sys.stderr.write(__doc__)
        return 2
    for p in problems:
        sys.stderr.write("ics_independent: %s\n" % p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
