#!/usr/bin/env python3
"""Writes a synthetic event file of N events for benchmarks (stdout).

Deterministic for a given N: dates, lanes and tags come from a fixed
linear congruential sequence, so runs compare like with like.
"""
import sys

def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    out = sys.stdout
    out.write("---\ntitle: Synthetic timeline of %d events\n"
              "source: https://example.org/bench\n---\n\n" % n)
    lanes = ["Sanctions", "Shipping", "Labour", "Reports"]
    forms = ["%04d-%02d-%02d", "%04d-%02d", "%04d-%02d-%02d~", "%04d-%02d?"]
    x = 12345
    per_lane = (n + len(lanes) - 1) // len(lanes)
    written = 0
    for lane in lanes:
        out.write("# %s\n\n" % lane)
        for _ in range(per_lane):
            if written == n:
                break
            x = (x * 1103515245 + 12345) & 0x7FFFFFFF
            y = 1990 + x % 35
            m = 1 + (x >> 8) % 12
            d = 1 + (x >> 12) % 28
            f = forms[(x >> 16) % len(forms)]
            date = f % ((y, m, d) if f.count("%") == 3 else (y, m))
            out.write("%s: Event %d about #topic%d\nid: ev%d\n"
                      % (date, written, (x >> 4) % 16, written))
            if written % 4 == 0:
                out.write("source: https://example.org/e/%d\n"
                          "A short description of event %d.\n"
                          % (written, written))
            out.write("\n")
            written += 1

main()
