/*
 * date.c - dateline's own strict date parser, one point at a time: EDTF
 * levels 0 and 1 (years, months, days, times, qualifiers, unspecified
 * digits, seasons, long years, ISO weeks) and the helpers the other date
 * files share.  Whole expressions (intervals, ranges) are read in
 * date_range.c, the casual forms in date_casual.c; day arithmetic is in
 * days.c; output, labels and order in date_text.c.  No mktime, strptime
 * or TZ.
 */
#include "date_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


/* ------------------------------------------------------------------ */
/* Parsing helpers                                                      */
/* ------------------------------------------------------------------ */

/* A message cut to fit may end inside an en dash it quotes: it ends
 * before that character instead. */
static void cut_partial(char *msg)
{
	size_t n = strlen(msg), bad = tl_utf8_check(msg, n);
	if (bad < n)
		msg[bad] = '\0';
}

/* Fills p->err with the printf-formatted message, pointing at s[at] for
 * len bytes, and returns -1 so callers can "return date_fail(...)". */
int date_fail(dparse *p, size_t at, size_t len, const char *fmt, ...)
{
	char msg[TL_DIAG_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cut_partial(msg);
	/* "Expected ... after" at the very end underlines the last byte, so
	 * the caret never leaves the input. */
	if (p->n > 0 && at >= (size_t)p->n)
		at = (size_t)p->n - 1;
	if (p->n > 0 && at + len > (size_t)p->n)
		len = (size_t)p->n - at;
	tl_diag_set(p->err, TL_SEV_ERROR, (int)at + 1, (int)len, "%s", msg);
	return -1;
}

void date_warn(dparse *p, size_t at, size_t len, const char *fmt, ...)
{
	tl_date_ctx *c = p->ctx;
	if (c->nwarn >= TL_DATE_WARN_MAX)
		return;
	char msg[TL_DIAG_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	cut_partial(msg);
	tl_diag_set(&c->warn[c->nwarn++], TL_SEV_WARNING, (int)at + 1,
	            (int)len, "%s", msg);
}

static const char DIGITS[] = "0123456789";
static const char DIGITS_X[] = "0123456789X";

/* Whether c is in set; the digit sets, by far the most used, are tested
 * without a search. */
static int in_set(const char *set, char c)
{
	if (set == DIGITS)
		return c >= '0' && c <= '9';
	if (set == DIGITS_X)
		return (c >= '0' && c <= '9') || c == 'X';
	return c && strchr(set, c);
}

/* How many bytes from s[i] (stopping at end) are in set. */
static size_t span(const char *s, size_t i, size_t end, const char *set)
{
	size_t n = 0;
	while (i + n < end && in_set(set, s[i + n]))
		n++;
	return n;
}

size_t date_digits(const char *s, size_t i, size_t end)
{
	return span(s, i, end, DIGITS);
}

/* No overflow and no sign to handle: the caller checked the digits. */
int64_t date_num(const char *s, size_t n)
{
	int64_t v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

void date_point_range(tl_point *pt)
{
	int64_t y = pt->year;
	int m = pt->month;
	switch (pt->prec) {
	case TL_PREC_CENTURY:
	case TL_PREC_DECADE:
	case TL_PREC_YEAR: {
		int span = pt->prec == TL_PREC_CENTURY  ? 100
		           : pt->prec == TL_PREC_DECADE ? 10
		                                        : 1;
		pt->lo = tl_days_from_civil(y, 1, 1);
		pt->hi = tl_days_from_civil(y + span, 1, 1);
		break;
	}
	case TL_PREC_SEASON: {
		/* Northern seasons by meteorological months: 21 spring starts in
		 * March, 22 summer in June, 23 autumn in September, 24 winter in
		 * December and runs to the end of February of the next year. */
		int first = 3 + 3 * (m - 21);
		pt->lo = tl_days_from_civil(y, first, 1);
		pt->hi = first == 12 ? tl_days_from_civil(y + 1, 3, 1)
		                     : tl_days_from_civil(y, first + 3, 1);
		break;
	}
	case TL_PREC_MONTH:
		pt->lo = tl_days_from_civil(y, m, 1);
		pt->hi = pt->lo + tl_days_in_month(y, m);
		break;
	default:
		/* A day, or a time that covers the day it is written on. */
		pt->lo = tl_days_from_civil(y, m, pt->day);
		pt->hi = pt->lo + 1;
		break;
	}
}

void date_year_text(char *buf, size_t n, int64_t y)
{
	if (y > 0)
		snprintf(buf, n, "%lld", (long long)y);
	else
		snprintf(buf, n, "%lld BCE", (long long)(1 - y));
}

int date_check_day(dparse *p, size_t at, size_t n, tl_point *pt)
{
	int dim = tl_days_in_month(pt->year, pt->month);
	if (pt->day >= 1 && pt->day <= dim)
		return 0;
	if (pt->day == 0)
		return date_fail(p, at, n, "invalid day '%.*s' in date '%.*s'",
		            (int)n, p->s + at, WHOLE(p));
	char year[32];
	date_year_text(year, sizeof(year), pt->year);
	return date_fail(p, at, n,
	            "invalid day '%.*s' in date '%.*s': %s %s has %d days",
	            (int)n, p->s + at, WHOLE(p), tl_month_name(pt->month), year,
	            dim);
}

/* A qualifier character's TL_QUAL_* bits, or 0. */
static unsigned qual_bits(char c)
{
	return c == '?'   ? TL_QUAL_UNCERTAIN
	       : c == '~' ? TL_QUAL_APPROX
	       : c == '%' ? TL_QUAL_UNCERTAIN | TL_QUAL_APPROX
	                  : 0;
}

void tl_point_day(tl_point *pt, int64_t day)
{
	int m, d;
	tl_civil_from_days(day, &pt->year, &m, &d);
	pt->month = (int8_t)m;
	pt->day = (int8_t)d;
	pt->prec = TL_PREC_DAY;
	pt->lo = day;
	pt->hi = day + 1;
}

/* A clock time may follow a day after a space or a comma ("10/10/2004
 * 8am", "2023-01-05 08:30", "Aug 2, 2018, 6:45pm"), never a week. */
int date_finish_point(dparse *p, size_t i, size_t b, tl_point *pt)
{
	const char *s = p->s;
	if (pt->prec == TL_PREC_DAY && !p->week && i < b &&
	    (s[i] == ' ' || s[i] == ',')) {
		size_t j = i + (s[i] == ',');
		j += span(s, j, b, " ");
		if (j > i && j < b && s[j] >= '0' && s[j] <= '9' &&
		    date_clock(p, j, &i, b, pt) < 0)
			return -1;
	}
	if (i < b && qual_bits(s[i])) {
		if (pt->prec >= TL_PREC_MINUTE)
			return date_fail(p, i, 1,
			            "qualifier '%c' cannot follow a time in "
			            "date '%.*s'",
			            s[i], WHOLE(p));
		pt->qual = (uint8_t)qual_bits(s[i++]);
		if (i < b && qual_bits(s[i]))
			return date_fail(p, i, 1,
			            "more than one qualifier in date '%.*s': "
			            "write '%%' for uncertain and approximate",
			            WHOLE(p));
	}
	if (i < b)
		return date_fail(p, i, b - i, "unexpected '%.*s' after date '%.*s'",
		            (int)(b - i), s + i, WHOLE(p));
	date_point_range(pt);
	return 0;
}

/* ------------------------------------------------------------------ */
/* EDTF points                                                          */
/* ------------------------------------------------------------------ */


/* Reads a run of digits and X at s[i] meant to be want characters long
 * into *n, refusing a lower-case x that cuts it short (EDTF writes X). */
static int digits_x(dparse *p, size_t i, size_t b, size_t want, size_t *n)
{
	*n = span(p->s, i, b, DIGITS_X);
	if (*n < want && i + *n < b && p->s[i + *n] == 'x')
		return date_fail(p, i + *n, 1,
		            "unspecified digit must be a capital 'X' in date "
		            "'%.*s'",
		            WHOLE(p));
	return 0;
}

/* Reads a two-digit field (hour, minute or second) at s[i] into *out,
 * checking it against [0, max].  Returns 0 or -1 with err filled. */
static int time_field(dparse *p, size_t i, size_t b, const char *what, int max,
                      int *out)
{
	size_t n = span(p->s, i, b, DIGITS);
	if (n != 2)
		return date_fail(p, i, n ? n : 1,
		            "%s must have two digits in date '%.*s'", what,
		            WHOLE(p));
	*out = (int)date_num(p->s + i, 2);
	if (*out > max)
		return date_fail(p, i, 2,
		            "invalid %s '%.2s' in date '%.*s': %ss are 00-%02d",
		            what, p->s + i, WHOLE(p), what, max);
	return 0;
}

/* Parses "THH:MM[:SS][Z|+hh:mm|-hh:mm]" at s[*ip] (which is 'T') into pt
 * and advances *ip past it. */
static int parse_time(dparse *p, size_t *ip, size_t b, tl_point *pt)
{
	const char *s = p->s;
	size_t i = *ip + 1;
	int h, mi, se = 0;
	if (time_field(p, i, b, "hour", 23, &h) < 0)
		return -1;
	i += 2;
	if (i >= b || s[i] != ':')
		return date_fail(p, i < b ? i : i - 2, i < b ? 1 : 2,
		            "expected ':' after the hour in date '%.*s'",
		            WHOLE(p));
	if (time_field(p, ++i, b, "minute", 59, &mi) < 0)
		return -1;
	i += 2;
	pt->prec = TL_PREC_MINUTE;
	if (i < b && s[i] == ':') {
		/* 60 would be a leap second; we do not model them. */
		if (time_field(p, ++i, b, "second", 59, &se) < 0)
			return -1;
		i += 2;
		pt->prec = TL_PREC_SECOND;
		/* ISO 8601's fraction of a second ("09:41:55.250Z"): read so
		 * the instant parses, not kept (the range is the day). */
		size_t nf = i < b && s[i] == '.' ? span(s, i + 1, b, DIGITS) : 0;
		if (nf > 0 && nf <= 9)
			i += 1 + nf;
	}
	pt->hour = (int8_t)h;
	pt->minute = (int8_t)mi;
	pt->second = (int8_t)se;
	if (i < b && s[i] == 'Z') {
		pt->flags |= TL_PT_UTC;
		i++;
	} else if (i < b && (s[i] == '+' || s[i] == '-')) {
		size_t n = b - i < 6 ? b - i : 6;
		if (n < 6 || span(s, i + 1, b, DIGITS) != 2 ||
		    s[i + 3] != ':' || span(s, i + 4, b, DIGITS) < 2)
			return date_fail(p, i, n,
			            "time zone offset must be written +hh:mm "
			            "or -hh:mm in date '%.*s'",
			            WHOLE(p));
		int oh = (int)date_num(s + i + 1, 2);
		int om = (int)date_num(s + i + 4, 2);
		if (om > 59 || oh * 60 + om > 14 * 60)
			return date_fail(p, i, 6,
			            "invalid time zone offset '%.6s' in date "
			            "'%.*s': offsets run from -14:00 to +14:00",
			            s + i, WHOLE(p));
		pt->tz_minutes =
		        (int16_t)((s[i] == '-' ? -1 : 1) * (oh * 60 + om));
		pt->flags |= TL_PT_OFFSET;
		i += 6;
	}
	*ip = i;
	return 0;
}

/* Parses "Y170000002" or "Y-170000002" at s[a..b): EDTF level 1 years of
 * more than four digits, limited to nine. */
static int parse_long_year(dparse *p, size_t a, size_t b, tl_point *pt)
{
	const char *s = p->s;
	size_t i = a + 1;
	int neg = i < b && s[i] == '-';
	i += (size_t)neg;
	size_t n = span(s, i, b, DIGITS);
	if (n == 0)
		return date_fail(p, a, i - a,
		            "expected digits after '%.*s' in date '%.*s'",
		            (int)(i - a), s + a, WHOLE(p));
	if (s[i] == '0')
		return date_fail(p, a, i + n - a,
		            "letter-prefixed year '%.*s' must not start with 0 "
		            "in date '%.*s'",
		            (int)(i + n - a), s + a, WHOLE(p));
	if (n <= 4)
		return date_fail(p, a, i + n - a,
		            "letter-prefixed year '%.*s' must have more than "
		            "four digits in date '%.*s': write %s%04d",
		            (int)(i + n - a), s + a, WHOLE(p), neg ? "-" : "",
		            (int)date_num(s + i, n));
	if (n > 9)
		return date_fail(p, a, i + n - a,
		            "year '%.*s' is out of range in date '%.*s': years "
		            "run from Y-999999999 to Y999999999",
		            (int)(i + n - a), s + a, WHOLE(p));
	pt->year = date_num(s + i, n) * (neg ? -1 : 1);
	pt->prec = TL_PREC_YEAR;
	return date_finish_point(p, i + n, b, pt);
}

/* Reports a year s[i..i+n) that is not four characters long. */
static int bad_year_length(dparse *p, size_t i, size_t n)
{
	const char *s = p->s;
	if (n > 4 && n <= 9 && s[i] != '0' && span(s, i, i + n, DIGITS) == n)
		return date_fail(p, i, n,
		            "year '%.*s' must have four digits in date '%.*s': "
		            "write Y%s%.*s for a year past 9999",
		            (int)n, s + i, WHOLE(p),
		            i > 0 && s[i - 1] == '-' ? "-" : "", (int)n, s + i);
	return date_fail(p, i, n, "year '%.*s' must have four digits in date '%.*s'",
	            (int)n, s + i, WHOLE(p));
}

/* Parses the year of an EDTF date at s[i..i+4), which may end in X or XX,
 * into pt (year, precision, flags).  neg says a '-' came before it. */
static int parse_year(dparse *p, size_t i, int neg, tl_point *pt)
{
	const char *s = p->s;
	size_t nd = span(s, i, i + 4, DIGITS);
	if (nd < 4 && (nd < 2 || span(s, i + nd, i + 4, "X") != 4 - nd))
		return date_fail(p, i, 4,
		            "unspecified digits in year '%.4s' of date '%.*s': "
		            "only the last one or two digits may be X",
		            s + i, WHOLE(p));
	if (nd < 4 && neg)
		return date_fail(p, i - 1, 5,
		            "a negative year cannot have unspecified digits in "
		            "date '%.*s'",
		            WHOLE(p));
	pt->year = date_num(s + i, nd) * (nd == 4 ? 1 : nd == 3 ? 10 : 100);
	if (neg && pt->year == 0)
		return date_fail(p, i - 1, 5,
		            "year '-0000' in date '%.*s': write 0000 for 1 BCE",
		            WHOLE(p));
	if (neg)
		pt->year = -pt->year;
	pt->prec = nd == 4   ? TL_PREC_YEAR
	           : nd == 3 ? TL_PREC_DECADE
	                     : TL_PREC_CENTURY;
	if (nd < 4)
		pt->flags |= TL_PT_UNSPEC;
	return 0;
}

/* Parses a two-character month or day field at s[i] (digits or XX).
 * Returns 1 for XX, 0 for digits (value in *v), -1 on error. */
static int md_field(dparse *p, size_t i, size_t b, const char *what, int *v)
{
	const char *s = p->s;
	size_t n;
	if (digits_x(p, i, b, 2, &n) < 0)
		return -1;
	if (n == 0)
		return date_fail(p, i - 1, 1,
		            "expected a %s after '-' in date '%.*s'", what,
		            WHOLE(p));
	if (n != 2)
		return date_fail(p, i, n, "%s must have two digits in date '%.*s'",
		            what, WHOLE(p));
	if (s[i] == 'X' && s[i + 1] == 'X')
		return 1;
	if (s[i] == 'X' || s[i + 1] == 'X')
		return date_fail(p, i, 2,
		            "invalid %s '%.2s' in date '%.*s': write XX for an "
		            "unspecified %s",
		            what, s + i, WHOLE(p), what);
	*v = (int)date_num(s + i, 2);
	return 0;
}

/* The Monday of ISO week 1 of year y: the week with the year's first
 * Thursday, so the one holding 4 January. */
static int64_t iso_week1(int64_t y)
{
	int64_t jan4 = tl_days_from_civil(y, 1, 4);
	/* Day 0 (1970-01-01) was a Thursday: Monday is 0 in this count. */
	int64_t wd = ((jan4 + 3) % 7 + 7) % 7;
	return jan4 - wd;
}

/* Parses an ISO week "-W10", "W10", "-W10-3" or "W103" at s[i] after the
 * year in pt: a day is that day, a week alone its Monday with p->week set
 * (the caller makes the week's seven days of it). */
static int parse_week(dparse *p, size_t i, size_t b, tl_point *pt)
{
	const char *s = p->s;
	i += (s[i] == '-') + 1;
	size_t n = span(s, i, b, DIGITS);
	if (n != 2 && !(n == 3 && s[i - 2] != '-'))
		return date_fail(p, i, n ? n : 1,
		                 "week must have two digits in date '%.*s'",
		                 WHOLE(p));
	int w = (int)date_num(s + i, 2);
	int64_t first = iso_week1(pt->year);
	int weeks = (int)((iso_week1(pt->year + 1) - first) / 7);
	if (w < 1 || w > weeks) {
		char year[32];
		date_year_text(year, sizeof(year), pt->year);
		return date_fail(p, i, 2,
		                 "invalid week '%.2s' in date '%.*s': %s has %d "
		                 "ISO weeks",
		                 s + i, WHOLE(p), year, weeks);
	}
	int64_t monday = first + 7 * (w - 1);
	i += 2;
	/* The weekday: 1 (Monday) to 7, after a '-' or run on ("2024W103"). */
	if (i < b && (s[i] == '-' || n == 3)) {
		i += s[i] == '-';
		if (span(s, i, b, DIGITS) != 1 || s[i] < '1' || s[i] > '7')
			return date_fail(p, i, 1,
			                 "invalid weekday in date '%.*s': write 1 "
			                 "(Monday) to 7 (Sunday)",
			                 WHOLE(p));
		tl_point_day(pt, monday + (s[i] - '1'));
		return date_finish_point(p, i + 1, b, pt);
	}
	tl_point_day(pt, monday);
	p->week = 1;
	p->week_hi = monday + 7;
	return date_finish_point(p, i, b, pt);
}

/* Parses the month and day of an EDTF date at s[i] (a '-' after the
 * year in pt), with a time after the day. */
static int parse_month_day(dparse *p, size_t i, size_t b, tl_point *pt)
{
	const char *s = p->s;
	int v = 0, x;
	if (pt->flags & TL_PT_UNSPEC)
		return date_fail(p, i, b - i,
		                 "a year with unspecified digits cannot have a "
		                 "month in date '%.*s'",
		                 WHOLE(p));
	/* The month: 01-12, 21-24 for seasons, or XX. */
	if ((x = md_field(p, ++i, b, "month", &v)) < 0)
		return -1;
	size_t mat = i;
	i += 2;
	if (x) {
		pt->flags |= TL_PT_UNSPEC;
		if (i < b && s[i] == '-') {
			/* 2017-XX-XX means the same as 2017-XX: some day of 2017. */
			if ((x = md_field(p, ++i, b, "day", &v)) < 0)
				return -1;
			if (!x)
				return date_fail(p, i, 2,
				                 "a day cannot be given when the "
				                 "month is unspecified in date '%.*s'",
				                 WHOLE(p));
			i += 2;
		}
		return date_finish_point(p, i, b, pt);
	}
	if (v < 1 || (v > 12 && v < 21) || v > 24)
		return date_fail(p, mat, 2,
		                 "invalid month '%.2s' in date '%.*s': months are "
		                 "01-12 and seasons 21-24",
		                 s + mat, WHOLE(p));
	pt->month = (int8_t)v;
	pt->prec = v > 12 ? TL_PREC_SEASON : TL_PREC_MONTH;
	if (i >= b || s[i] != '-')
		return date_finish_point(p, i, b, pt);
	if (v > 12)
		return date_fail(p, i, b - i,
		                 "a season cannot have a day in date '%.*s'",
		                 WHOLE(p));
	/* The day: 01 to the month's length, or XX. */
	if ((x = md_field(p, ++i, b, "day", &v)) < 0)
		return -1;
	size_t dat = i;
	i += 2;
	if (x) {
		pt->flags |= TL_PT_UNSPEC;
		return date_finish_point(p, i, b, pt);
	}
	pt->day = (int8_t)v;
	pt->prec = TL_PREC_DAY;
	if (date_check_day(p, dat, 2, pt) < 0)
		return -1;
	if (i < b && s[i] == 'T' && parse_time(p, &i, b, pt) < 0)
		return -1;
	return date_finish_point(p, i, b, pt);
}

/* A year of one to three digits s[i..i+n) that is all of s[a..b):
 * Markwhen reads three digits as a year ("800") and one or two as an
 * hour on the previous event's day ("1" is 01:00). */
static int short_year(dparse *p, size_t i, size_t n, size_t b, tl_point *pt)
{
	if (n == 3) {
		pt->year = date_num(p->s + i, 3);
		pt->prec = TL_PREC_YEAR;
		return date_finish_point(p, i + 3, b, pt);
	}
	return date_fail(p, i, n,
	                 "year '%.*s' must have four digits in date '%.*s': "
	                 "write %04d (Markwhen reads a bare '%.*s' as the "
	                 "time %02d:00)",
	                 (int)n, p->s + i, WHOLE(p), (int)date_num(p->s + i, n),
	                 (int)n, p->s + i, (int)date_num(p->s + i, n) % 24);
}

/* Parses an EDTF point at s[a..b) (not empty, not "..") into pt: the
 * year here, the rest in parse_week() and parse_month_day(). */
static int parse_edtf(dparse *p, size_t a, size_t b, tl_point *pt)
{
	const char *s = p->s;
	size_t i = a;
	int neg = s[i] == '-';
	i += (size_t)neg;
	size_t ny;
	if (digits_x(p, i, b, 4, &ny) < 0)
		return -1;
	if (ny == 0) {
		if (i == b)
			return date_fail(p, a, 1,
			                 "expected a year after '-' in date '%.*s'",
			                 WHOLE(p));
		/* The one character past ASCII a date holds is the en dash. */
		size_t k = (unsigned char)s[i] < 0x80
		                   ? 1
		                   : tl_utf8_seq_len((const unsigned char *)s + i,
		                                     b - i);
		return date_fail(p, i, k,
		                 "expected a year, found '%.*s' in date '%.*s'",
		                 (int)k, s + i, WHOLE(p));
	}
	size_t nd = span(s, i, b, DIGITS);
	/* "2 August 2018": a one- or two-digit day and a space. */
	if (!neg && ny <= 2 && i + ny < b && s[i + ny] == ' ' && nd == ny)
		return date_casual(p, a, b, pt);
	if (p->markwhen && !neg && ny < 4 && nd == ny && i + ny == b)
		return short_year(p, i, ny, b, pt);
	if (ny != 4)
		return bad_year_length(p, i, ny);
	if (parse_year(p, i, neg, pt) < 0)
		return -1;
	i += 4;
	if (i < b && !(pt->flags & TL_PT_UNSPEC) &&
	    (s[i] == 'W' || (s[i] == '-' && i + 1 < b && s[i + 1] == 'W')))
		return parse_week(p, i, b, pt);
	if (i >= b || s[i] != '-')
		return date_finish_point(p, i, b, pt);
	return parse_month_day(p, i, b, pt);
}

int date_point(dparse *p, size_t a, size_t b, tl_point *pt)
{
	const char *s = p->s;
	int r;
	memset(pt, 0, sizeof(*pt));
	p->week = 0;
	if ((r = date_now(p, a, b, pt)) != 0 || (r = date_era(p, a, b, pt)))
		return r < 0 ? -1 : 0;
	if (date_is_slash(p, a, b))
		return date_slash(p, a, b, pt);
	if (date_numeric_hint(p, a, b) < 0)
		return -1;
	if (s[a] == 'Y' && (a + 1 == b || s[a + 1] == '-' ||
	                    (s[a + 1] >= '0' && s[a + 1] <= '9')))
		return parse_long_year(p, a, b, pt);
	if ((s[a] | 0x20) >= 'a' && (s[a] | 0x20) <= 'z')
		return date_casual(p, a, b, pt);
	return parse_edtf(p, a, b, pt);
}

