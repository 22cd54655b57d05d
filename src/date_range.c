/*
 * date_range.c - whole date expressions: a point, an EDTF interval
 * "start/end" (spaces allowed around the '/', either end open or unknown),
 * and the ranges Markwhen writes with '-', an en dash or "to"
 * ("2021 - 2023", "May 17 1993 7am - 10:15pm", "2012-2013",
 * "...T04:12:09Z-2088-10-29T21:05:33Z"); a week is its seven days.  The
 * points themselves are read by date.c and date_casual.c.
 */
#include "date_int.h"

#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------------ */
/* Whole dates                                                          */
/* ------------------------------------------------------------------ */

enum { END_DATE = 0, END_OPEN, END_UNKNOWN };

/* What kind of interval end s[a..b) is. */
static int end_kind(const char *s, size_t a, size_t b)
{
	if (a == b)
		return END_UNKNOWN;
	if (b - a == 2 && s[a] == '.' && s[a + 1] == '.')
		return END_OPEN;
	return END_DATE;
}

#define EN_DASH "\xe2\x80\x93"

/* Refuses bytes that have no place in a date: control characters,
 * malformed UTF-8 and any non-ASCII character but the en dash of a range,
 * and spaces at either end.  Once this passed, the whole expression can
 * be quoted in messages. */
static int check_bytes(dparse *p, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			return date_fail(p, i, 1,
			                 "control character 0x%02X in date", c);
	}
	size_t bad = tl_utf8_check(s, len);
	if (bad < len)
		return date_fail(p, bad, 1, "invalid UTF-8 byte 0x%02X in date",
		                 (unsigned char)s[bad]);
	for (size_t i = 0; i < len; i++) {
		if ((unsigned char)s[i] < 0x80)
			continue;
		size_t k = tl_utf8_seq_len((const unsigned char *)s + i,
		                           len - i);
		if (k == 3 && memcmp(s + i, EN_DASH, 3) == 0) {
			i += 2;
			continue;
		}
		return date_fail(
		    p, i, k, "character '%.*s' is not allowed in date '%.*s'",
		    (int)k, s + i, WHOLE(p));
	}
	if (s[0] == ' ')
		return date_fail(p, 0, 1, "space before date '%.*s'", WHOLE(p));
	if (s[len - 1] == ' ')
		return date_fail(p, len - 1, 1, "space after date '%.*s'",
		                 WHOLE(p));
	return 0;
}

/* The empty range of an open or unknown end, placed at the known end's
 * edge: an open start sits at lo of the end, an open end at hi of the
 * start. */
static void set_open(tl_point *pt, int kind, int64_t edge)
{
	memset(pt, 0, sizeof(*pt));
	pt->flags = kind == END_OPEN ? TL_PT_OPEN : TL_PT_UNKNOWN;
	pt->prec = TL_PREC_NONE;
	pt->lo = pt->hi = edge;
}

/* Reads s[a..b) as one end of an interval: a week starts on its Monday
 * and ends on its Sunday. */
static int parse_end(dparse *p, size_t a, size_t b, int is_end, tl_point *pt)
{
	if (date_point(p, a, b, pt) < 0)
		return -1;
	if (p->week && is_end) {
		tl_point_day(pt, p->week_hi - 1);
		pt->qual = 0;
	}
	return 0;
}

/* Makes out the interval of the known ends it holds. */
static void set_interval(tl_date *out)
{
	out->is_interval = 1;
	out->lo = out->start.lo;
	out->hi = out->end.hi;
}

/* Trims spaces off both ends of [*a, *b). */
static void trim(const char *s, size_t *a, size_t *b)
{
	while (*a < *b && s[*a] == ' ')
		(*a)++;
	while (*b > *a && s[*b - 1] == ' ')
		(*b)--;
}

/* The separator of a range "2021 - 2023", "2021 – 2023" (en dash, spaces
 * or none), "2021 -2023" or "2024 to 2025": its offset and length, or 0
 * when s has none.  A '-' with no space on either side belongs to a date
 * ("2012-2013" is read by parse_single()). */
static int find_range(const dparse *p, size_t *at, size_t *len)
{
	const char *s = p->s;
	size_t n = (size_t)p->n;
	for (size_t i = 0; i + 1 < n; i++) {
		if (s[i] == '-' &&
		    ((i > 0 && s[i - 1] == ' ') || s[i + 1] == ' ')) {
			*at = i;
			*len = 1;
			return 1;
		}
		if (i + 3 <= n && memcmp(s + i, EN_DASH, 3) == 0) {
			*at = i;
			*len = 3;
			return 1;
		}
		if (i > 0 && i + 4 < n && s[i] == ' ' &&
		    (s[i + 1] | 0x20) == 't' && (s[i + 2] | 0x20) == 'o' &&
		    s[i + 3] == ' ') {
			*at = i + 1;
			*len = 2;
			return 1;
		}
	}
	return 0;
}

/* The era a range's end s[a..b) is written with, from its first or last
 * word, for the other end's bare year ("500 - 400 BCE"). */
static int end_era(const char *s, size_t a, size_t b)
{
	size_t w = b;
	while (w > a && ((s[w - 1] | 0x20) >= 'a' && (s[w - 1] | 0x20) <= 'z'))
		w--;
	if (w == b) {
		w = a;
		while (w < b && ((s[w] | 0x20) >= 'a' && (s[w] | 0x20) <= 'z'))
			w++;
		b = w;
		w = a;
	}
	size_t n = b - w;
	if ((n == 2 || n == 3) && (s[w] | 0x20) == 'b' &&
	    (s[w + 1] | 0x20) == 'c' && (n == 2 || (s[w + 2] | 0x20) == 'e'))
		return ERA_BCE;
	if ((n == 2 && (s[w] | 0x20) == 'a' && (s[w + 1] | 0x20) == 'd') ||
	    (n == 2 && (s[w] | 0x20) == 'c' && (s[w + 1] | 0x20) == 'e'))
		return ERA_CE;
	return ERA_NONE;
}

/* Reads the range whose separator is s[at..at+l): each end a point; an
 * end that is a clock time alone is that time on the start's day ("May
 * 17 1993 7am - 10:15pm"); a bare year takes the era of the other end as
 * Markwhen does (the start the end's, the end CE). */
static int parse_range(dparse *p, size_t at, size_t l, tl_date *out)
{
	const char *s = p->s;
	size_t a0 = 0, b0 = at, a1 = at + l, b1 = (size_t)p->n;
	trim(s, &a0, &b0);
	trim(s, &a1, &b1);
	if (a0 == b0 || a1 == b1)
		return date_fail(p, at, l,
		                 "expected a date %s '%.*s' in date "
		                 "'%.*s'",
		                 a0 == b0 ? "before" : "after", (int)l, s + at,
		                 WHOLE(p));
	int e0 = end_era(s, a0, b0), e1 = end_era(s, a1, b1);
	p->era = e0 ? ERA_NONE : e1;
	if (parse_end(p, a0, b0, 0, &out->start) < 0)
		return -1;
	p->era = e1 ? ERA_NONE : e0 ? ERA_CE : ERA_NONE;
	if (out->start.prec >= TL_PREC_DAY && date_is_clock(s, a1, b1)) {
		tl_point *e = &out->end;
		*e = out->start;
		e->qual = 0;
		e->second = 0;
		if (date_clock(p, a1, &a1, b1, e) < 0)
			return -1;
		if (a1 < b1)
			return date_fail(p, a1, b1 - a1,
			                 "unexpected '%.*s' after date '%.*s'",
			                 (int)(b1 - a1), s + a1, WHOLE(p));
	} else if (parse_end(p, a1, b1, 1, &out->end) < 0)
		return -1;
	p->era = ERA_NONE;
	set_interval(out);
	return 0;
}

/* Reads the interval s[0..slash) '/' s[slash+1..n), spaces allowed around
 * the '/', either end maybe open ("..") or unknown (empty). */
static int parse_interval(dparse *p, size_t slash, tl_date *out)
{
	static const char *const kind_word[] = {"", "open", "unknown"};
	const char *s = p->s;
	size_t a0 = 0, b0 = slash, a1 = slash + 1, b1 = (size_t)p->n;
	trim(s, &a0, &b0);
	trim(s, &a1, &b1);
	int ks = end_kind(s, a0, b0), ke = end_kind(s, a1, b1);
	if (ks && ke == ks)
		return date_fail(p, 0, (size_t)p->n,
		                 "%s start and end in '%.*s'", kind_word[ks],
		                 WHOLE(p));
	if (ks && ke)
		return date_fail(p, 0, (size_t)p->n,
		                 "%s start and %s end in '%.*s'", kind_word[ks],
		                 kind_word[ke], WHOLE(p));
	if (!ks && parse_end(p, a0, b0, 0, &out->start) < 0)
		return -1;
	if (!ke && parse_end(p, a1, b1, 1, &out->end) < 0)
		return -1;
	if (ks)
		set_open(&out->start, ks, out->end.lo);
	if (ke)
		set_open(&out->end, ke, out->start.hi);
	set_interval(out);
	/* An open or unknown side takes the known side's own bound.  An end
	 * before its start gives hi <= lo; the model reports that. */
	out->lo = ks ? out->end.lo : out->start.lo;
	out->hi = ke ? out->start.hi : out->end.hi;
	return 0;
}

/* Whether s[i..n) starts like the end of a range written with a bare '-'
 * ("2012-2013", "...Z-2088-10-29T21:05:33Z", "...Z-now", "10/14/2024-
 * 11/18/2024"): four digits, a slash date or "now". */
static int hyphen_end(const dparse *p, size_t i)
{
	const char *s = p->s;
	size_t n = (size_t)p->n;
	if (i + 3 == n && strncasecmp(s + i, "now", 3) == 0)
		return 1;
	return date_digits(s, i, n) >= 4 || date_is_slash(p, i, n);
}

/* Reads s as one point; a week is the interval of its seven days.  When
 * s is not one point, a '-' between two points may make it a range
 * ("2012-2013"); else the point's own error stands. */
static int parse_single(dparse *p, tl_date *out)
{
	size_t n = (size_t)p->n;
	tl_date_ctx keep = *p->ctx;
	if (date_point(p, 0, n, &out->start) == 0) {
		out->end = out->start;
		out->lo = out->start.lo;
		out->hi = out->start.hi;
		if (p->week) {
			out->start.qual = 0;
			tl_point_day(&out->end, p->week_hi - 1);
			set_interval(out);
		}
		return 0;
	}
	tl_diag first = *p->err;
	for (size_t j = 4; j + 1 < n; j++) {
		if (p->s[j] != '-' || !hyphen_end(p, j + 1))
			continue;
		*p->ctx = keep;
		if (parse_end(p, 0, j, 0, &out->start) == 0 &&
		    parse_end(p, j + 1, n, 1, &out->end) == 0) {
			set_interval(out);
			return 0;
		}
	}
	*p->ctx = keep;
	*p->err = first;
	memset(out, 0, sizeof(*out));
	return -1;
}

int tl_date_parse(const char *s, size_t len, tl_date *out, tl_diag *err)
{
	return tl_date_parse_ctx(s, len, NULL, out, err);
}

int tl_date_parse_ctx(const char *s, size_t len, tl_date_ctx *ctx, tl_date *out,
                      tl_diag *err)
{
	tl_diag scratch;
	tl_date_ctx none = {0};
	dparse p = {s,
	            (int)(len <= DATE_MAX_LEN ? len : 0),
	            err ? err : &scratch,
	            ctx ? ctx : &none,
	            ctx != NULL,
	            ERA_NONE,
	            0,
	            0};
	memset(out, 0, sizeof(*out));
	if (len == 0)
		return date_fail(&p, 0, 1, "empty date");
	if (len > DATE_MAX_LEN)
		return date_fail(&p, DATE_MAX_LEN, len - DATE_MAX_LEN,
		                 "date is too long (%zu bytes; at most %d)",
		                 len, DATE_MAX_LEN);
	if (check_bytes(&p, s, len) < 0 || date_numeric_hint(&p, 0, len) < 0)
		return -1;
	size_t at, l, slash = len;
	if (find_range(&p, &at, &l))
		return parse_range(&p, at, l, out) < 0 ? -1 : 0;
	for (size_t i = 0; i < len && !date_is_slash(&p, 0, len); i++) {
		if (s[i] != '/')
			continue;
		if (slash < len)
			return date_fail(&p, i, 1,
			                 "more than one '/' in date '%.*s'",
			                 WHOLE(&p));
		slash = i;
	}
	if (slash < len)
		return parse_interval(&p, slash, out);
	if (end_kind(s, 0, len) == END_OPEN)
		return date_fail(&p, 0, 2,
		                 "'..' is only allowed as an interval end in "
		                 "date '..'");
	return parse_single(&p, out);
}
