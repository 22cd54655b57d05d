#!/usr/bin/python3
"""Every text the diagram draws, read from a DOT file dateline wrote: one
line per xdot T op of the _background drawing, as SIZE<TAB>WIDTH<TAB>TEXT
(SIZE and font from the F op before it, WIDTH the width dateline measured).
xdot strings are length-prefixed in bytes, so the text is taken by its
length, not up to a delimiter.  Usage: xdot_text.py FILE.dot"""
import re, sys
def ops(s):
    """(font, width, text) of every T op; font is (size, family)."""
    s = s.replace('\\\n', '')
    out = []
    for m in re.finditer(r'_background="', s):
        i = m.end(); b = s[i:].encode()
        # The DOT writer escapes only the double quote.
        raw = bytearray(); j = 0
        while j < len(b) and b[j:j+1] != b'"':
            if b[j:j+2] == b'\\"': j += 1
            raw += b[j:j+1]; j += 1
        raw = bytes(raw); k = 0; font = None
        while k < len(raw):
            mm = re.compile(rb'(F) (\S+) (\d+) -|T (\S+) (\S+) (-?\d) (\S+) (\d+) -').match(raw, k)
            if not mm:
                k += 1; continue
            if mm.group(1):
                n = int(mm.group(3)); font = (float(mm.group(2)), raw[mm.end():mm.end()+n].decode()); k = mm.end()+n
            else:
                n = int(mm.group(8)); t = raw[mm.end():mm.end()+n].decode()
                out.append((font, float(mm.group(7)), t)); k = mm.end()+n
    return out
if __name__ == '__main__':
    for f, w, t in ops(open(sys.argv[1], encoding='utf-8').read()):
        print(f[0], w, t, sep='\t')
