/*
 * read_ics_lines.c - the raw text of an iCalendar file, for the .ics
 * reader's messages: libical keeps no line numbers, so this scan finds the
 * line of each VEVENT's BEGIN and, on demand, of one of its properties.
 * It also refuses what libical would let through (NUL bytes, invalid
 * UTF-8) or print about on standard error (an END before its BEGIN).
 * No libical here: plain text.
 */
#include "read_int.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int line_is(const char *s, size_t n, const char *what)
{
	size_t w = strlen(what);
	while (n && (s[n - 1] == '\r' || s[n - 1] == ' '))
		n--;
	return n == w && strncasecmp(s, what, w) == 0;
}

int tl_ics_lines_scan(tl_ics_lines *r, tl_diags *diags)
{
	const char *s = r->buf;
	size_t n = r->len, pos = 0;
	int line = 1, depth = 0;
	while (pos < n) {
		const char *nl = memchr(s + pos, '\n', n - pos);
		size_t end = nl ? (size_t)(nl - s) : n;
		const char *l = s + pos;
		size_t ln = end - pos;
		const char *nul = memchr(l, '\0', ln);
		size_t bad = tl_utf8_check(l, ln);
		if (nul || bad < ln) {
			tl_diags_add(diags, TL_SEV_ERROR, TL_INVALID, line,
			             nul ? (int)(nul - l) + 1 : (int)bad + 1, 1,
			             nul ? "NUL byte in line"
			                 : "invalid UTF-8 byte 0x%02X",
			             (unsigned char)l[nul ? 0 : bad]);
			return -1;
		}
		/* libical prints to standard error on an END before any
		 * BEGIN; it is an error here first. */
		if (ln >= 6 && strncasecmp(l, "BEGIN:", 6) == 0)
			depth++;
		else if (ln >= 4 && strncasecmp(l, "END:", 4) == 0 && --depth < 0) {
			tl_diags_add(diags, TL_SEV_ERROR, TL_INVALID, line, 1,
			             (int)(ln && l[ln - 1] == '\r' ? ln - 1 : ln),
			             "END without a matching BEGIN");
			return -1;
		}
		if (line_is(l, ln, "BEGIN:VEVENT")) {
			if (r->nbegin == r->begin_cap) {
				r->begin_cap = r->begin_cap ? r->begin_cap * 2 : 64;
				r->begin_off = tl_xrealloc(r->begin_off, r->begin_cap *
				                                         sizeof(*r->begin_off));
				r->begin_line = tl_xrealloc(r->begin_line, r->begin_cap *
				                                           sizeof(*r->begin_line));
			}
			r->begin_off[r->nbegin] = pos;
			r->begin_line[r->nbegin++] = line;
		}
		pos = nl ? end + 1 : n;
		line++;
	}
	return 0;
}

int tl_ics_lines_prop(const tl_ics_lines *r, size_t k, const char *name,
                      int *len)
{
	if (k >= r->nbegin) {
		*len = 1;
		return r->nbegin ? r->begin_line[r->nbegin - 1] : 1;
	}
	size_t pos = r->begin_off[k], w = strlen(name);
	int line = r->begin_line[k], depth = 0, found = 0, flen = 0;
	while (pos < r->len) {
		const char *l = r->buf + pos;
		const char *nl = memchr(l, '\n', r->len - pos);
		size_t ln = nl ? (size_t)(nl - l) : r->len - pos;
		size_t vis = ln && l[ln - 1] == '\r' ? ln - 1 : ln;
		if (strncasecmp(l, "BEGIN:", 6) == 0)
			depth++;
		else if (strncasecmp(l, "END:", 4) == 0 && --depth <= 0)
			break;
		else if (depth == 1 && vis > w && strncasecmp(l, name, w) == 0 &&
		         (l[w] == ':' || l[w] == ';')) {
			found = line;
			flen = (int)vis;
			break;
		}
		pos += ln + 1;
		line++;
	}
	if (!found) {
		*len = 12;
		return r->begin_line[k];
	}
	*len = flen > 0 ? flen : 1;
	return found;
}

void tl_ics_lines_free(tl_ics_lines *r)
{
	free(r->begin_off);
	free(r->begin_line);
}
