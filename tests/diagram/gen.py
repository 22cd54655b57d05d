#!/usr/bin/python3
"""gen.py - writes the diagram test data sets into this directory.

Deterministic (a fixed seed), so the committed .mw files are exactly what
this script writes: run it again after changing it and commit the result.
The sets are the shapes a new user brings: 30 events on one day, two
centuries with two dense decades, a million years of deep time, and one
event per year for 300 years.  (50 events in one month is
tests/golden/dot/dense.mw; the article is events/.)
"""
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
WORDS = ("treaty signed talks resume vessel seized report filed ban lifted "
         "census published strike begins bridge opens court rules market "
         "crash election held riot quelled").split()


def title(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def write(name, head, body):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        f.write("---\n" + head + "---\n" + body)


def one_day(rng):
    body = []
    for lane in ("Floor", "Street", "Press"):
        body.append("# %s\n" % lane)
        for k in range(10):
            # Some share a minute, so marks coincide exactly.
            h, m = 8 + k, rng.choice((0, 0, 15, 30))
            body.append("2019-03-14T%02d:%02dZ: %s\n\n"
                        % (h, m, title(rng, rng.randint(2, 7))))
    write("one-day.mw", "title: Thirty events on one day\n", "".join(body))


def centuries(rng):
    body = ["# Politics\n"]
    years = [1801, 1815, 1832, 1848]
    years += [1860 + rng.randint(0, 9) for _ in range(12)]
    years += [1914, 1929]
    years += [1960 + rng.randint(0, 9) for _ in range(12)]
    years += [1989, 1999]
    for i, y in enumerate(sorted(years)):
        if i % 2 == 0:
            body.append("%d-%02d-%02d: %s\n\n" % (y, rng.randint(1, 12),
                        rng.randint(1, 28), title(rng, rng.randint(2, 6))))
        else:
            body.append("%d: %s\n\n" % (y, title(rng, rng.randint(2, 6))))
        if i == 8:
            body.append("# Science\n")
    body.append("1861/1865: American Civil War\n\n")
    body.append("1962-10-16/1962-10-28: Cuban missile crisis\n\n")
    write("centuries.mw", "title: Two centuries, two dense decades\n",
          "".join(body))


def deep_time(rng):
    body = ["# Earth\n"]
    for y in (1000000, 780000, 500000, 300000, 200000, 130000, 70000):
        body.append("Y-%d: %s\n\n" % (y - 1, title(rng, rng.randint(2, 5))))
    body.append("# People\n")
    for y in (45000, 40000, 12000, 9000, 5000):
        fmt = "Y-%d" if y - 1 > 9999 else "-%04d"
        body.append((fmt + ": %s\n\n") % (y - 1, title(rng, rng.randint(2, 5))))
    body.append("-3199/-2899: Early Bronze Age\n\n")
    body.append("2000: Present day\n\n")
    write("deep-time.mw", "title: A million years\n", "".join(body))


def yearly(rng):
    body = ["# Annals\n"]
    for y in range(1700, 2000):
        body.append("%d: %s\n\n" % (y, title(rng, rng.randint(1, 4))))
    write("yearly.mw", "title: One event a year for 300 years\n",
          "".join(body))


def main():
    rng = random.Random(9)
    one_day(rng)
    centuries(rng)
    deep_time(rng)
    yearly(rng)


if __name__ == "__main__":
    main()
