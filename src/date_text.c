/*
 * date_text.c - dates written out and put in order: the canonical EDTF
 * form of a parsed date (which parses back to the same tl_date), the
 * English labels the diagram and the feed show, month and season names,
 * and the total order the model sorts by.  Parsing lives in date.c.
 */
#include "private.h"

#include <stdarg.h>
#include <stdlib.h>

/* A snprintf-like string builder: writes what fits into buf (always
 * NUL-terminated when n > 0) and counts everything in len. */
typedef struct sb {
	char *buf;
	size_t n, len;
} sb;

static void sb_printf(sb *b, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

/* ------------------------------------------------------------------ */
/* Canonical EDTF                                                       */
/* ------------------------------------------------------------------ */

static void sb_printf(sb *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(b->len < b->n ? b->buf + b->len : NULL,
	                  b->len < b->n ? b->n - b->len : 0, fmt, ap);
	va_end(ap);
	if (k > 0)
		b->len += (size_t)k;
}

/* Writes one end in canonical EDTF. */
static void format_point(sb *b, const tl_point *pt)
{
	if (pt->flags & TL_PT_OPEN)
		sb_printf(b, "..");
	if (pt->flags & (TL_PT_OPEN | TL_PT_UNKNOWN))
		return;
	long long y = pt->year, a = llabs(y);
	const char *sign = y < 0 ? "-" : "";
	if (a > 9999)
		sb_printf(b, "Y%lld", y);
	else if (pt->prec == TL_PREC_CENTURY)
		sb_printf(b, "%02lldXX", a / 100);
	else if (pt->prec == TL_PREC_DECADE)
		sb_printf(b, "%03lldX", a / 10);
	else
		sb_printf(b, "%s%04lld", sign, a);
	if (pt->prec == TL_PREC_YEAR && (pt->flags & TL_PT_UNSPEC))
		sb_printf(b, "-XX");
	if (pt->prec >= TL_PREC_SEASON)
		sb_printf(b, "-%02d", pt->month);
	if (pt->prec == TL_PREC_MONTH && (pt->flags & TL_PT_UNSPEC))
		sb_printf(b, "-XX");
	if (pt->prec >= TL_PREC_DAY)
		sb_printf(b, "-%02d", pt->day);
	if (pt->prec >= TL_PREC_MINUTE)
		sb_printf(b, "T%02d:%02d", pt->hour, pt->minute);
	if (pt->prec >= TL_PREC_SECOND)
		sb_printf(b, ":%02d", pt->second);
	if (pt->flags & TL_PT_UTC)
		sb_printf(b, "Z");
	if (pt->flags & TL_PT_OFFSET) {
		int tz = pt->tz_minutes < 0 ? -pt->tz_minutes : pt->tz_minutes;
		sb_printf(b, "%c%02d:%02d", pt->tz_minutes < 0 ? '-' : '+',
		          tz / 60, tz % 60);
	}
	if (pt->qual)
		sb_printf(b, "%s",
		          pt->qual == TL_QUAL_UNCERTAIN ? "?"
		          : pt->qual == TL_QUAL_APPROX  ? "~"
		                                        : "%");
}

int tl_date_format(const tl_date *d, char *buf, size_t n)
{
	sb b = {buf, n, 0};
	if (n > 0)
		buf[0] = '\0';
	format_point(&b, &d->start);
	if (d->is_interval) {
		sb_printf(&b, "/");
		format_point(&b, &d->end);
	}
	return (int)b.len;
}

/* ------------------------------------------------------------------ */
/* English labels                                                       */
/* ------------------------------------------------------------------ */

/* Month names 1-12 and season names 21-24; "" for anything else, so a
 * caller can always print the result. */
const char *tl_month_name(int m)
{
	static const char *const months[12] = {
	        "January",   "February", "March",    "April",
	        "May",       "June",     "July",     "August",
	        "September", "October",  "November", "December"};
	static const char *const seasons[4] = {"Spring", "Summer", "Autumn",
	                                       "Winter"};
	if (m >= 1 && m <= 12)
		return months[m - 1];
	if (m >= 21 && m <= 24)
		return seasons[m - 21];
	return "";
}

/* Writes a year the way people read it: 2017, or 477 BCE for -0476
 * (astronomical year 0 is 1 BCE). */
static void label_year(sb *b, int64_t y)
{
	if (y > 0)
		sb_printf(b, "%lld", (long long)y);
	else
		sb_printf(b, "%lld BCE", 1 - (long long)y);
}

/* English ordinal suffix of n: st, nd, rd or th. */
static const char *ordinal(long long n)
{
	if (n % 100 >= 11 && n % 100 <= 13)
		return "th";
	return n % 10 == 1   ? "st"
	       : n % 10 == 2 ? "nd"
	       : n % 10 == 3 ? "rd"
	                     : "th";
}

/* Writes one known end: "c. " for approximate, "?" after it for
 * uncertain; 20XX is "21st century" (2000-2099, as people say it). */
static void label_point(sb *b, const tl_point *pt)
{
	if (pt->qual & TL_QUAL_APPROX)
		sb_printf(b, "c. ");
	switch (pt->prec) {
	case TL_PREC_CENTURY: {
		long long c = pt->year / 100 + 1;
		sb_printf(b, "%lld%s century", c, ordinal(c));
		break;
	}
	case TL_PREC_DECADE:
		sb_printf(b, "%llds", (long long)pt->year);
		break;
	case TL_PREC_YEAR:
		label_year(b, pt->year);
		break;
	case TL_PREC_SEASON:
	case TL_PREC_MONTH:
		sb_printf(b, "%s ", tl_month_name(pt->month));
		label_year(b, pt->year);
		break;
	default:
		sb_printf(b, "%d %s ", pt->day, tl_month_name(pt->month));
		label_year(b, pt->year);
		break;
	}
	if (pt->prec >= TL_PREC_MINUTE)
		sb_printf(b, " %02d:%02d", pt->hour, pt->minute);
	if (pt->prec >= TL_PREC_SECOND)
		sb_printf(b, ":%02d", pt->second);
	if (pt->flags & TL_PT_UTC)
		sb_printf(b, " UTC");
	if (pt->flags & TL_PT_OFFSET) {
		int tz = pt->tz_minutes < 0 ? -pt->tz_minutes : pt->tz_minutes;
		sb_printf(b, " %c%02d:%02d", pt->tz_minutes < 0 ? '-' : '+',
		          tz / 60, tz % 60);
	}
	if (pt->qual & TL_QUAL_UNCERTAIN)
		sb_printf(b, "?");
}

/* Intervals read "2015 – 2017" (en dash), "since September 2017" and
 * "until 2018" for open ends, "? – 2018" and "2017 – ?" for unknown ones. */
int tl_date_label(const tl_date *d, char *buf, size_t n)
{
	sb b = {buf, n, 0};
	const tl_point *s = &d->start, *e = &d->end;
	if (n > 0)
		buf[0] = '\0';
	if (!d->is_interval) {
		label_point(&b, s);
		return (int)b.len;
	}
	if (s->flags & TL_PT_OPEN) {
		sb_printf(&b, "until ");
		s = NULL;
	} else if (e->flags & TL_PT_OPEN) {
		sb_printf(&b, "since ");
		e = NULL;
	}
	if (s && (s->flags & TL_PT_UNKNOWN))
		sb_printf(&b, "?");
	else if (s)
		label_point(&b, s);
	if (s && e)
		sb_printf(&b, " \xe2\x80\x93 ");
	if (e && (e->flags & TL_PT_UNKNOWN))
		sb_printf(&b, "?");
	else if (e)
		label_point(&b, e);
	return (int)b.len;
}

/* ------------------------------------------------------------------ */
/* Ordering                                                             */
/* ------------------------------------------------------------------ */

#define CMP(a, b)                                                              \
	do {                                                                   \
		if ((a) != (b))                                                \
			return (a) < (b) ? -1 : 1;                             \
	} while (0)

/* Every field of a point, so that only equal points compare equal. */
static int point_cmp(const tl_point *a, const tl_point *b)
{
	CMP(a->year, b->year);
	CMP(a->month, b->month);
	CMP(a->day, b->day);
	CMP(a->hour, b->hour);
	CMP(a->minute, b->minute);
	CMP(a->second, b->second);
	CMP(a->tz_minutes, b->tz_minutes);
	CMP(a->qual, b->qual);
	CMP(a->flags, b->flags);
	CMP(a->lo, b->lo);
	CMP(a->hi, b->hi);
	return 0;
}

/* By lo, then hi, then the start's and the end's precision (coarser
 * first); after that single points before intervals and field by field,
 * so the order is total and 0 means the dates are identical. */
int tl_date_cmp(const tl_date *a, const tl_date *b)
{
	CMP(a->lo, b->lo);
	CMP(a->hi, b->hi);
	CMP(a->start.prec, b->start.prec);
	CMP(a->end.prec, b->end.prec);
	CMP(a->is_interval, b->is_interval);
	int c = point_cmp(&a->start, &b->start);
	return c ? c : point_cmp(&a->end, &b->end);
}
