/*
 * date.c - dateline's own strict date parser: EDTF levels 0 and 1 (years,
 * months, days, times, qualifiers, unspecified digits, seasons, long years,
 * open and unknown interval ends) and the casual forms authors type
 * ("June 2017").
 * Day arithmetic is in days.c; output, labels and order in date_text.c.
 * No mktime, strptime or TZ.
 */
#include "private.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Longer input is refused before anything else: no date needs it, and it
 * keeps every column and length an int. */
#define DATE_MAX_LEN 128

/* The parser's state: the whole expression (quoted in every message) and
 * where errors go. */
typedef struct dparse {
	const char *s;
	int n;
	tl_diag *err;
} dparse;

/* The whole expression as printf arguments for '%.*s'. */
#define WHOLE(p) (p)->n, (p)->s

static int fail(dparse *p, size_t at, size_t len, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));
static int parse_casual(dparse *p, size_t a, size_t b, tl_point *pt);
static int numeric_hint(dparse *p, size_t a, size_t b);

/* ------------------------------------------------------------------ */
/* Parsing helpers                                                      */
/* ------------------------------------------------------------------ */

/* Fills p->err with the printf-formatted message, pointing at s[at] for
 * len bytes, and returns -1 so callers can "return fail(...)". */
static int fail(dparse *p, size_t at, size_t len, const char *fmt, ...)
{
	char msg[TL_DIAG_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* "Expected ... after" at the very end underlines the last byte, so
	 * the caret never leaves the input. */
	if (p->n > 0 && at >= (size_t)p->n)
		at = (size_t)p->n - 1;
	if (p->n > 0 && at + len > (size_t)p->n)
		len = (size_t)p->n - at;
	tl_diag_set(p->err, TL_SEV_ERROR, (int)at + 1, (int)len, "%s", msg);
	return -1;
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

/* The value of the n decimal digits at s (n <= 18; already checked to be
 * digits, so no overflow and no sign to handle). */
static int64_t num(const char *s, size_t n)
{
	int64_t v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

/* Fills pt->lo and pt->hi from its year, month, day and precision. */
static void point_range(tl_point *pt)
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

/* A year as people read it, for messages: 2017, or 477 BCE for -0476. */
static void year_text(char *buf, size_t n, int64_t y)
{
	if (y > 0)
		snprintf(buf, n, "%lld", (long long)y);
	else
		snprintf(buf, n, "%lld BCE", (long long)(1 - y));
}

/* Checks pt->day (read from s[at..at+n)) against its month's length. */
static int check_day(dparse *p, size_t at, size_t n, tl_point *pt)
{
	int dim = tl_days_in_month(pt->year, pt->month);
	if (pt->day >= 1 && pt->day <= dim)
		return 0;
	if (pt->day == 0)
		return fail(p, at, n, "invalid day '%.*s' in date '%.*s'",
		            (int)n, p->s + at, WHOLE(p));
	char year[32];
	year_text(year, sizeof(year), pt->year);
	return fail(p, at, n,
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

/* Ends every point: an optional qualifier at s[i] (not after a time),
 * then nothing before b; fills the point's range. */
static int finish_point(dparse *p, size_t i, size_t b, tl_point *pt)
{
	const char *s = p->s;
	if (i < b && qual_bits(s[i])) {
		if (pt->prec >= TL_PREC_MINUTE)
			return fail(p, i, 1,
			            "qualifier '%c' cannot follow a time in "
			            "date '%.*s'",
			            s[i], WHOLE(p));
		pt->qual = (uint8_t)qual_bits(s[i++]);
		if (i < b && qual_bits(s[i]))
			return fail(p, i, 1,
			            "more than one qualifier in date '%.*s': "
			            "write '%%' for uncertain and approximate",
			            WHOLE(p));
	}
	if (i < b)
		return fail(p, i, b - i, "unexpected '%.*s' after date '%.*s'",
		            (int)(b - i), s + i, WHOLE(p));
	point_range(pt);
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
		return fail(p, i + *n, 1,
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
		return fail(p, i, n ? n : 1,
		            "%s must have two digits in date '%.*s'", what,
		            WHOLE(p));
	*out = (int)num(p->s + i, 2);
	if (*out > max)
		return fail(p, i, 2,
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
		return fail(p, i < b ? i : i - 2, i < b ? 1 : 2,
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
			return fail(p, i, n,
			            "time zone offset must be written +hh:mm "
			            "or -hh:mm in date '%.*s'",
			            WHOLE(p));
		int oh = (int)num(s + i + 1, 2);
		int om = (int)num(s + i + 4, 2);
		if (om > 59 || oh * 60 + om > 14 * 60)
			return fail(p, i, 6,
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
		return fail(p, a, i - a,
		            "expected digits after '%.*s' in date '%.*s'",
		            (int)(i - a), s + a, WHOLE(p));
	if (s[i] == '0')
		return fail(p, a, i + n - a,
		            "letter-prefixed year '%.*s' must not start with 0 "
		            "in date '%.*s'",
		            (int)(i + n - a), s + a, WHOLE(p));
	if (n <= 4)
		return fail(p, a, i + n - a,
		            "letter-prefixed year '%.*s' must have more than "
		            "four digits in date '%.*s': write %s%04d",
		            (int)(i + n - a), s + a, WHOLE(p), neg ? "-" : "",
		            (int)num(s + i, n));
	if (n > 9)
		return fail(p, a, i + n - a,
		            "year '%.*s' is out of range in date '%.*s': years "
		            "run from Y-999999999 to Y999999999",
		            (int)(i + n - a), s + a, WHOLE(p));
	pt->year = num(s + i, n) * (neg ? -1 : 1);
	pt->prec = TL_PREC_YEAR;
	return finish_point(p, i + n, b, pt);
}

/* Reports a year s[i..i+n) that is not four characters long. */
static int bad_year_length(dparse *p, size_t i, size_t n)
{
	const char *s = p->s;
	if (n > 4 && n <= 9 && s[i] != '0' && span(s, i, i + n, DIGITS) == n)
		return fail(p, i, n,
		            "year '%.*s' must have four digits in date '%.*s': "
		            "write Y%s%.*s for a year past 9999",
		            (int)n, s + i, WHOLE(p),
		            i > 0 && s[i - 1] == '-' ? "-" : "", (int)n, s + i);
	return fail(p, i, n, "year '%.*s' must have four digits in date '%.*s'",
	            (int)n, s + i, WHOLE(p));
}

/* Parses the year of an EDTF date at s[i..i+4), which may end in X or XX,
 * into pt (year, precision, flags).  neg says a '-' came before it. */
static int parse_year(dparse *p, size_t i, int neg, tl_point *pt)
{
	const char *s = p->s;
	size_t nd = span(s, i, i + 4, DIGITS);
	if (nd < 4 && (nd < 2 || span(s, i + nd, i + 4, "X") != 4 - nd))
		return fail(p, i, 4,
		            "unspecified digits in year '%.4s' of date '%.*s': "
		            "only the last one or two digits may be X",
		            s + i, WHOLE(p));
	if (nd < 4 && neg)
		return fail(p, i - 1, 5,
		            "a negative year cannot have unspecified digits in "
		            "date '%.*s'",
		            WHOLE(p));
	pt->year = num(s + i, nd) * (nd == 4 ? 1 : nd == 3 ? 10 : 100);
	if (neg && pt->year == 0)
		return fail(p, i - 1, 5,
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
		return fail(p, i - 1, 1,
		            "expected a %s after '-' in date '%.*s'", what,
		            WHOLE(p));
	if (n != 2)
		return fail(p, i, n, "%s must have two digits in date '%.*s'",
		            what, WHOLE(p));
	if (s[i] == 'X' && s[i + 1] == 'X')
		return 1;
	if (s[i] == 'X' || s[i + 1] == 'X')
		return fail(p, i, 2,
		            "invalid %s '%.2s' in date '%.*s': write XX for an "
		            "unspecified %s",
		            what, s + i, WHOLE(p), what);
	*v = (int)num(s + i, 2);
	return 0;
}

/* Parses an EDTF point at s[a..b) (not empty, not "..") into pt. */
static int parse_edtf(dparse *p, size_t a, size_t b, tl_point *pt)
{
	const char *s = p->s;
	size_t i = a;
	int neg = s[i] == '-', v = 0, x;
	i += (size_t)neg;
	size_t ny;
	if (digits_x(p, i, b, 4, &ny) < 0)
		return -1;
	if (ny == 0) {
		if (i == b)
			return fail(p, a, 1,
			            "expected a year after '-' in date '%.*s'",
			            WHOLE(p));
		return fail(p, i, 1,
		            "expected a year, found '%c' in date '%.*s'", s[i],
		            WHOLE(p));
	}
	/* "2 August 2018": a one- or two-digit day and a space. */
	if (!neg && ny <= 2 && i + ny < b && s[i + ny] == ' ' &&
	    span(s, i, b, DIGITS) == ny)
		return parse_casual(p, a, b, pt);
	if (ny != 4)
		return bad_year_length(p, i, ny);
	if (parse_year(p, i, neg, pt) < 0)
		return -1;
	i += 4;
	if (i >= b || s[i] != '-')
		return finish_point(p, i, b, pt);
	if (pt->flags & TL_PT_UNSPEC)
		return fail(p, i, b - i,
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
				return fail(
				        p, i, 2,
				        "a day cannot be given when the month "
				        "is unspecified in date '%.*s'",
				        WHOLE(p));
			i += 2;
		}
		return finish_point(p, i, b, pt);
	}
	if (v < 1 || (v > 12 && v < 21) || v > 24)
		return fail(p, mat, 2,
		            "invalid month '%.2s' in date '%.*s': months are "
		            "01-12 and seasons 21-24",
		            s + mat, WHOLE(p));
	pt->month = (int8_t)v;
	pt->prec = v > 12 ? TL_PREC_SEASON : TL_PREC_MONTH;
	if (i >= b || s[i] != '-')
		return finish_point(p, i, b, pt);
	if (v > 12)
		return fail(p, i, b - i,
		            "a season cannot have a day in date '%.*s'",
		            WHOLE(p));
	/* The day: 01 to the month's length, or XX. */
	if ((x = md_field(p, ++i, b, "day", &v)) < 0)
		return -1;
	size_t dat = i;
	i += 2;
	if (x) {
		pt->flags |= TL_PT_UNSPEC;
		return finish_point(p, i, b, pt);
	}
	pt->day = (int8_t)v;
	pt->prec = TL_PREC_DAY;
	if (check_day(p, dat, 2, pt) < 0)
		return -1;
	if (i < b && s[i] == 'T' && parse_time(p, &i, b, pt) < 0)
		return -1;
	return finish_point(p, i, b, pt);
}

/* Parses one known end s[a..b) (not empty, not "..") into pt. */
static int parse_point(dparse *p, size_t a, size_t b, tl_point *pt)
{
	const char *s = p->s;
	memset(pt, 0, sizeof(*pt));
	if (numeric_hint(p, a, b) < 0)
		return -1;
	if (s[a] == 'Y' && (a + 1 == b || s[a + 1] == '-' ||
	                    (s[a + 1] >= '0' && s[a + 1] <= '9')))
		return parse_long_year(p, a, b, pt);
	if ((s[a] | 0x20) >= 'a' && (s[a] | 0x20) <= 'z')
		return parse_casual(p, a, b, pt);
	return parse_edtf(p, a, b, pt);
}

/* ------------------------------------------------------------------ */
/* Casual forms and all-numeric dates                                   */
/* ------------------------------------------------------------------ */

#define LETTERS "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

/* The month (1-12) that an English month name or its three-letter
 * abbreviation names, in any case ("June", "jun", "SEPT"); 0 for none.
 * *abbr says the word is an abbreviation, which may take a period. */
static int month_word(const char *w, size_t n, int *abbr)
{
	*abbr = n == 3 || (n == 4 && strncasecmp(w, "sept", 4) == 0);
	for (int m = 1; m <= 12; m++) {
		const char *name = tl_month_name(m);
		if ((n == strlen(name) || n == 3) &&
		    strncasecmp(w, name, n) == 0)
			return m;
	}
	return n == 4 && *abbr ? 9 : 0;
}

/* Reads a month name at s[*ip] into pt->month, with an optional period
 * after an abbreviation and the spaces that follow, and advances *ip. */
static int casual_month(dparse *p, size_t *ip, size_t b, tl_point *pt)
{
	const char *s = p->s;
	size_t i = *ip, w = span(s, i, b, LETTERS);
	int abbr, m = month_word(s + i, w, &abbr);
	if (w == 0)
		return fail(
		        p, i, 1,
		        "expected a month name after the day in date '%.*s'",
		        WHOLE(p));
	if (!m)
		return fail(p, i, w, "unknown month name '%.*s' in date '%.*s'",
		            (int)w, s + i, WHOLE(p));
	pt->month = (int8_t)m;
	i += w;
	if (abbr && i < b && s[i] == '.')
		i++;
	size_t sp = span(s, i, b, " ");
	if (sp == 0 && i < b)
		return fail(
		        p, i, 1,
		        "expected a space after the month name in date '%.*s'",
		        WHOLE(p));
	*ip = i + sp;
	return 0;
}

/* Reads the four-digit year at s[i] that ends the casual date s[a..b);
 * after names what came before it, for the message. */
static int casual_year(dparse *p, size_t a, size_t i, size_t b,
                       const char *after, tl_point *pt)
{
	size_t n = span(p->s, i, b, DIGITS);
	if (n == 0)
		return fail(p, i < b ? i : a, i < b ? 1 : b - a,
		            "expected a four-digit year after the %s in date "
		            "'%.*s'",
		            after, WHOLE(p));
	if (n != 4)
		return fail(p, i, n,
		            "year '%.*s' must have four digits in date '%.*s'",
		            (int)n, p->s + i, WHOLE(p));
	pt->year = num(p->s + i, 4);
	return 0;
}

/* Parses the casual forms s[a..b): "June 2017", "Jun. 2017", "2 August
 * 2018", "August 2, 2018", "Aug 2 2018", each with an optional qualifier,
 * into the same point as their EDTF twins. */
static int parse_casual(dparse *p, size_t a, size_t b, tl_point *pt)
{
	const char *s = p->s;
	size_t i = a, dat = 0, dn = 0;
	if (s[a] >= '0' && s[a] <= '9') {
		dat = a;
		dn = span(s, a, b, DIGITS);
		i = a + dn + span(s, a + dn, b, " ");
		if (casual_month(p, &i, b, pt) < 0)
			return -1;
	} else {
		if (casual_month(p, &i, b, pt) < 0)
			return -1;
		size_t n = span(s, i, b, DIGITS);
		if (n == 1 || n == 2) {
			dat = i;
			dn = n;
			i += n + (i + n < b && s[i + n] == ',');
			size_t sp = span(s, i, b, " ");
			if (sp == 0 && i < b)
				return fail(p, i, 1,
				            "expected a space after the day in "
				            "date '%.*s'",
				            WHOLE(p));
			i += sp;
		}
	}
	const char *after = dn && dat > a ? "day" : "month name";
	if (casual_year(p, a, i, b, after, pt) < 0)
		return -1;
	pt->prec = TL_PREC_MONTH;
	if (dn) {
		pt->day = (int8_t)num(s + dat, dn);
		pt->prec = TL_PREC_DAY;
		if (check_day(p, dat, dn, pt) < 0)
			return -1;
	}
	return finish_point(p, i + 4, b, pt);
}

/* True when y-m-d is a real date (m and d as read, maybe out of range). */
static int real_day(int64_t y, int64_t m, int64_t d)
{
	return m >= 1 && m <= 12 && d >= 1 && d <= tl_days_in_month(y, (int)m);
}

/* Spots all-numeric dates such as 06/07/2017, 6-7-2017, 06.07.17 or
 * 2017/06/07 in s[a..b) and says how to write them in EDTF.  Returns 0
 * when s[a..b) is not one, -1 with err filled when it is. */
static int numeric_hint(dparse *p, size_t a, size_t b)
{
	const char *s = p->s;
	size_t n1 = span(s, a, b, DIGITS), i = a + n1;
	if (n1 == 0 || i >= b || !strchr("/-.", s[i]))
		return 0;
	size_t n2 = span(s, i + 1, b, DIGITS), j = i + 1 + n2;
	if (n2 == 0 || n2 > 2 || j >= b || s[j] != s[i])
		return 0;
	size_t n3 = span(s, j + 1, b, DIGITS);
	if (n3 == 0 || n3 > 4 || j + 1 + n3 != b)
		return 0;
	int w = (int)(b - a);
	int64_t f1 = num(s + a, n1 < 9 ? n1 : 9), f2 = num(s + i + 1, n2),
	        f3 = num(s + j + 1, n3);
	if (n1 == 4 && n3 <= 2 && s[i] != '-' && real_day(f1, f2, f3))
		return fail(
		        p, a, b - a,
		        "numeric date '%.*s' is not EDTF: write %04d-%02d-%02d",
		        w, s + a, (int)f1, (int)f2, (int)f3);
	if (n1 > 2 || n3 < 2)
		return 0;
	if (n3 < 4)
		return fail(p, a, b - a,
		            "ambiguous numeric date '%.*s': write the year "
		            "with four digits, as YYYY-MM-DD",
		            w, s + a);
	int md = real_day(f3, f1, f2), dm = real_day(f3, f2, f1);
	if (md && dm && f1 != f2)
		return fail(p, a, b - a,
		            "ambiguous numeric date '%.*s': write "
		            "%04d-%02d-%02d or %04d-%02d-%02d",
		            w, s + a, (int)f3, (int)f1, (int)f2, (int)f3,
		            (int)f2, (int)f1);
	if (md || dm)
		return fail(
		        p, a, b - a,
		        "numeric date '%.*s' is not EDTF: write %04d-%02d-%02d",
		        w, s + a, (int)f3, (int)(md ? f1 : f2),
		        (int)(md ? f2 : f1));
	return fail(p, a, b - a,
	            "invalid numeric date '%.*s': write dates as YYYY-MM-DD", w,
	            s + a);
}

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

/* Refuses bytes that have no place in a date: control characters,
 * malformed UTF-8 and any non-ASCII character, and spaces at either end.
 * Once this passed, the whole expression can be quoted in messages. */
static int check_bytes(dparse *p, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			return fail(p, i, 1, "control character 0x%02X in date",
			            c);
	}
	size_t bad = tl_utf8_check(s, len);
	if (bad < len)
		return fail(p, bad, 1, "invalid UTF-8 byte 0x%02X in date",
		            (unsigned char)s[bad]);
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80) {
			size_t k = tl_utf8_seq_len((const unsigned char *)s + i,
			                           len - i);
			return fail(p, i, k,
			            "character '%.*s' is not allowed in date "
			            "'%.*s'",
			            (int)k, s + i, WHOLE(p));
		}
	if (s[0] == ' ')
		return fail(p, 0, 1, "space before date '%.*s'", WHOLE(p));
	if (s[len - 1] == ' ')
		return fail(p, len - 1, 1, "space after date '%.*s'", WHOLE(p));
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

int tl_date_parse(const char *s, size_t len, tl_date *out, tl_diag *err)
{
	static const char *const kind_word[] = {"", "open", "unknown"};
	tl_diag scratch;
	dparse p = {s, (int)(len <= DATE_MAX_LEN ? len : 0),
	            err ? err : &scratch};
	memset(out, 0, sizeof(*out));
	if (len == 0)
		return fail(&p, 0, 1, "empty date");
	if (len > DATE_MAX_LEN)
		return fail(&p, DATE_MAX_LEN, len - DATE_MAX_LEN,
		            "date is too long (%zu bytes; at most %d)", len,
		            DATE_MAX_LEN);
	if (check_bytes(&p, s, len) < 0 || numeric_hint(&p, 0, len) < 0)
		return -1;
	size_t slash = len;
	for (size_t i = 0; i < len; i++) {
		if (s[i] != '/')
			continue;
		if (slash < len)
			return fail(&p, i, 1,
			            "more than one '/' in date '%.*s'",
			            WHOLE(&p));
		slash = i;
	}
	if (slash == len) {
		if (end_kind(s, 0, len) == END_OPEN)
			return fail(&p, 0, 2,
			            "'..' is only allowed as an interval end "
			            "in date '..'");
		if (parse_point(&p, 0, len, &out->start) < 0)
			return -1;
		out->end = out->start;
		out->lo = out->start.lo;
		out->hi = out->start.hi;
		return 0;
	}
	if (slash > 0 && s[slash - 1] == ' ')
		return fail(&p, slash - 1, 1, "space before '/' in date '%.*s'",
		            WHOLE(&p));
	if (slash + 1 < len && s[slash + 1] == ' ')
		return fail(&p, slash + 1, 1, "space after '/' in date '%.*s'",
		            WHOLE(&p));
	int ks = end_kind(s, 0, slash), ke = end_kind(s, slash + 1, len);
	if (ks && ke == ks)
		return fail(&p, 0, len, "%s start and end in '%.*s'",
		            kind_word[ks], WHOLE(&p));
	if (ks && ke)
		return fail(&p, 0, len, "%s start and %s end in '%.*s'",
		            kind_word[ks], kind_word[ke], WHOLE(&p));
	if (!ks && parse_point(&p, 0, slash, &out->start) < 0)
		return -1;
	if (!ke && parse_point(&p, slash + 1, len, &out->end) < 0)
		return -1;
	if (ks)
		set_open(&out->start, ks, out->end.lo);
	if (ke)
		set_open(&out->end, ke, out->start.hi);
	out->is_interval = 1;
	/* An open or unknown side takes the known side's own bound.  An end
	 * before its start gives hi <= lo; the model reports that. */
	out->lo = ks ? out->end.lo : out->start.lo;
	out->hi = ke ? out->start.hi : out->end.hi;
	return 0;
}
