/*
 * date_casual.c - the dates people type, read into the same points as
 * their EDTF twins: month names ("June 2017", "2 August 2018"), numeric
 * slash dates in the order the context gives (Markwhen's month/day/year,
 * or day/month/year), "04/1776", eras ("44 BC", "AD 1066"), clock times
 * after a day ("8am", "18:45") and "now".  EDTF and whole expressions are
 * in date.c.
 */
#include "date_int.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define LETTERS "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
#define DIGITS "0123456789"

/* How many bytes from s[i] (stopping at end) are in set. */
static size_t span(const char *s, size_t i, size_t end, const char *set)
{
	size_t n = 0;
	while (i + n < end && s[i + n] && strchr(set, s[i + n]))
		n++;
	return n;
}

/* ------------------------------------------------------------------ */
/* Month names                                                          */
/* ------------------------------------------------------------------ */

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
		return date_fail(
		    p, i, 1,
		    "expected a month name after the day in date '%.*s'",
		    WHOLE(p));
	if (!m)
		return date_fail(p, i, w,
		                 "unknown month name '%.*s' in date '%.*s'",
		                 (int)w, s + i, WHOLE(p));
	pt->month = (int8_t)m;
	i += w;
	if (abbr && i < b && s[i] == '.')
		i++;
	size_t sp = span(s, i, b, " ");
	if (sp == 0 && i < b)
		return date_fail(
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
	/* Markwhen reads "February 9" in the year of the clock. */
	if (n == 0 && i >= b)
		return date_fail(p, a, b - a,
		                 "date '%.*s' has no year: write one, as '%.*s "
		                 "YYYY' (Markwhen would take the current year, "
		                 "which changes with the clock)",
		                 (int)(b - a), p->s + a, (int)(b - a),
		                 p->s + a);
	if (n == 0)
		return date_fail(
		    p, i, 1,
		    "expected a four-digit year after the %s in date "
		    "'%.*s'",
		    after, WHOLE(p));
	if (n != 4)
		return date_fail(
		    p, i, n, "year '%.*s' must have four digits in date '%.*s'",
		    (int)n, p->s + i, WHOLE(p));
	pt->year = date_num(p->s + i, 4);
	return 0;
}

/* Parses the casual forms s[a..b): "June 2017", "Jun. 2017", "2 August
 * 2018", "August 2, 2018", "Aug 2 2018", each with an optional qualifier,
 * into the same point as their EDTF twins. */
int date_casual(dparse *p, size_t a, size_t b, tl_point *pt)
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
				return date_fail(
				    p, i, 1,
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
		pt->day = (int8_t)date_num(s + dat, dn);
		pt->prec = TL_PREC_DAY;
		if (date_check_day(p, dat, dn, pt) < 0)
			return -1;
	}
	return date_finish_point(p, i + 4, b, pt);
}

/* True when y-m-d is a real date (m and d as read, maybe out of range). */
static int real_day(int64_t y, int64_t m, int64_t d)
{
	return m >= 1 && m <= 12 && d >= 1 && d <= tl_days_in_month(y, (int)m);
}

/* ------------------------------------------------------------------ */
/* Numeric dates                                                        */
/* ------------------------------------------------------------------ */

int date_numeric_hint(dparse *p, size_t a, size_t b)
{
	const char *s = p->s;
	size_t n1 = span(s, a, b, DIGITS), i = a + n1;
	if (n1 == 0 || i >= b || !strchr("/-.", s[i]))
		return 0;
	/* Slash dates are read when the context gives their order. */
	if (s[i] == '/' && n1 <= 2 && p->ctx->slash != TL_SLASH_STRICT)
		return 0;
	size_t n2 = span(s, i + 1, b, DIGITS), j = i + 1 + n2;
	if (n2 == 0 || n2 > 2 || j >= b || s[j] != s[i])
		return 0;
	size_t n3 = span(s, j + 1, b, DIGITS);
	if (n3 == 0 || n3 > 4 || j + 1 + n3 != b)
		return 0;
	int w = (int)(b - a);
	int64_t f1 = date_num(s + a, n1 < 9 ? n1 : 9),
	        f2 = date_num(s + i + 1, n2), f3 = date_num(s + j + 1, n3);
	if (n1 == 4 && n3 <= 2 && s[i] != '-' && real_day(f1, f2, f3))
		return date_fail(
		    p, a, b - a,
		    "numeric date '%.*s' is not EDTF: write %04d-%02d-%02d", w,
		    s + a, (int)f1, (int)f2, (int)f3);
	if (n1 > 2 || n3 < 2)
		return 0;
	if (n3 < 4)
		return date_fail(
		    p, a, b - a,
		    "ambiguous numeric date '%.*s': write the year "
		    "with four digits, as YYYY-MM-DD",
		    w, s + a);
	int md = real_day(f3, f1, f2), dm = real_day(f3, f2, f1);
	if (md && dm && f1 != f2)
		return date_fail(p, a, b - a,
		                 "ambiguous numeric date '%.*s': write "
		                 "%04d-%02d-%02d or %04d-%02d-%02d",
		                 w, s + a, (int)f3, (int)f1, (int)f2, (int)f3,
		                 (int)f2, (int)f1);
	if (md || dm)
		return date_fail(
		    p, a, b - a,
		    "numeric date '%.*s' is not EDTF: write %04d-%02d-%02d", w,
		    s + a, (int)f3, (int)(md ? f1 : f2), (int)(md ? f2 : f1));
	return date_fail(
	    p, a, b - a,
	    "invalid numeric date '%.*s': write dates as YYYY-MM-DD", w, s + a);
}

int date_is_slash(const dparse *p, size_t a, size_t b)
{
	const char *s = p->s;
	size_t n1 = span(s, a, b, DIGITS), i = a + n1;
	if (n1 == 0 || n1 > 2 || i >= b || s[i] != '/')
		return 0;
	size_t n2 = span(s, i + 1, b, DIGITS);
	if (n2 == 4 && i + 1 + n2 == b)
		return 1; /* 04/1776 */
	return p->ctx->slash != TL_SLASH_STRICT && n2 >= 1 && n2 <= 2 &&
	       i + 1 + n2 < b && s[i + 1 + n2] == '/';
}

/* Warns about the slash date s[a..a+w) whose two first fields f1/f2 would
 * also be a real date the other way round. */
static void slash_warning(dparse *p, size_t a, size_t w, int64_t y, int f1,
                          int f2)
{
	int dmy = p->ctx->slash == TL_SLASH_DMY;
	int m = dmy ? f2 : f1, d = dmy ? f1 : f2;
	if (dmy)
		date_warn(p, a, w,
		          "numeric date '%.*s' is read day first, as "
		          "%04d-%02d-%02d (dateFormat: d/M/y): write "
		          "%04d-%02d-%02d to say so",
		          (int)w, p->s + a, (int)y, m, d, (int)y, m, d);
	else
		date_warn(p, a, w,
		          "numeric date '%.*s' is read month first, as "
		          "%04d-%02d-%02d (day first it is %04d-%02d-%02d): "
		          "write %04d-%02d-%02d, or dateFormat: d/M/y in the "
		          "front matter for day first",
		          (int)w, p->s + a, (int)y, m, d, (int)y, d, m, (int)y,
		          m, d);
}

int date_slash(dparse *p, size_t a, size_t b, tl_point *pt)
{
	const char *s = p->s;
	size_t n1 = span(s, a, b, DIGITS), i2 = a + n1 + 1;
	size_t n2 = span(s, i2, b, DIGITS), i3 = i2 + n2 + 1;
	int f1 = (int)date_num(s + a, n1), f2 = (int)date_num(s + i2, n2);
	int dmy = p->ctx->slash == TL_SLASH_DMY;
	if (n2 == 4) {
		/* MM/YYYY: a month, in either order. */
		if (f1 < 1 || f1 > 12)
			return date_fail(p, a, n1,
			                 "invalid month '%.*s' in date '%.*s': "
			                 "months are 1-12",
			                 (int)n1, s + a, WHOLE(p));
		pt->year = f2;
		pt->month = (int8_t)f1;
		pt->prec = TL_PREC_MONTH;
		return date_finish_point(p, i2 + 4, b, pt);
	}
	size_t n3 = span(s, i3, b, DIGITS), w = i3 + n3 - a;
	if (n3 != 4)
		return date_fail(p, i3, n3 ? n3 : 1,
		                 "year '%.*s' must have four digits in date "
		                 "'%.*s'",
		                 (int)n3, s + i3, WHOLE(p));
	int m = dmy ? f2 : f1, d = dmy ? f1 : f2;
	size_t mat = dmy ? i2 : a, mn = dmy ? n2 : n1;
	if (m < 1 || m > 12)
		return date_fail(
		    p, mat, mn, "invalid month '%.*s' in date '%.*s': %s",
		    (int)mn, s + mat, WHOLE(p),
		    dmy ? "dateFormat: d/M/y reads slash dates day "
		          "first"
		        : "slash dates are month/day/year unless "
		          "the front matter says dateFormat: d/M/y");
	pt->year = date_num(s + i3, 4);
	pt->month = (int8_t)m;
	pt->day = (int8_t)d;
	pt->prec = TL_PREC_DAY;
	if (date_check_day(p, dmy ? a : i2, dmy ? n1 : n2, pt) < 0)
		return -1;
	if (f1 != f2 && f1 <= 12 && f2 <= 12)
		slash_warning(p, a, w, pt->year, f1, f2);
	return date_finish_point(p, i3 + 4, b, pt);
}

/* ------------------------------------------------------------------ */
/* Eras, clock times, now                                               */
/* ------------------------------------------------------------------ */

/* The era the word s[0..n) names: ERA_BCE for BC and BCE, ERA_CE for AD
 * and CE, in any case; ERA_NONE for anything else. */
static int era_word(const char *s, size_t n)
{
	if ((n == 2 && strncasecmp(s, "bc", 2) == 0) ||
	    (n == 3 && strncasecmp(s, "bce", 3) == 0))
		return ERA_BCE;
	if (n == 2 &&
	    (strncasecmp(s, "ad", 2) == 0 || strncasecmp(s, "ce", 2) == 0))
		return ERA_CE;
	return ERA_NONE;
}

int date_era(dparse *p, size_t a, size_t b, tl_point *pt)
{
	const char *s = p->s;
	size_t yat, yn, wat, wn;
	int era;
	if (s[a] >= '0' && s[a] <= '9') {
		/* "44 BC", "44BC", "3000 BCE", "100 AD"; "500" in "500 - 400 BCE" */
		yat = a;
		yn = span(s, a, b, DIGITS);
		wat = yat + yn + span(s, yat + yn, b, " ");
		wn = span(s, wat, b, LETTERS);
		era = era_word(s + wat, wn);
		if (wat + wn != b || (wn && !era))
			return 0;
		if (!wn && !(era = p->era))
			return 0;
	} else {
		/* "AD 1066", "CE 70": the era first. */
		wat = a;
		wn = span(s, a, b, LETTERS);
		era = era_word(s + a, wn);
		yat = a + wn + span(s, a + wn, b, " ");
		yn = span(s, yat, b, DIGITS);
		if (era != ERA_CE || yat == a + wn || yn == 0 || yat + yn != b)
			return 0;
	}
	if (yn > 9)
		return date_fail(p, yat, yn,
		                 "year '%.*s' is out of range in date '%.*s': "
		                 "years run to 999999999",
		                 (int)yn, s + yat, WHOLE(p));
	int64_t y = date_num(s + yat, yn);
	if (y == 0)
		return date_fail(p, yat, yn,
		                 "there is no year 0 in date '%.*s': 1 BCE is "
		                 "followed by 1 CE (write 0000 for 1 BCE)",
		                 WHOLE(p));
	/* Astronomical years, as Markwhen and EDTF count: 1 BCE is 0. */
	pt->year = era == ERA_BCE ? 1 - y : y;
	pt->prec = TL_PREC_YEAR;
	date_point_range(pt);
	return 1;
}

int date_is_clock(const char *s, size_t a, size_t b)
{
	size_t h = span(s, a, b, DIGITS), i = a + h, mark = 0;
	if (h == 0 || h > 2)
		return 0;
	if (i < b && s[i] == ':') {
		if (span(s, i + 1, b, DIGITS) != 2)
			return 0;
		i += 3;
		mark = 1;
	}
	if (i + 2 == b && ((s[i] | 0x20) == 'a' || (s[i] | 0x20) == 'p') &&
	    (s[i + 1] | 0x20) == 'm')
		return 1;
	return mark && i == b;
}

int date_clock(dparse *p, size_t i, size_t *ip, size_t b, tl_point *pt)
{
	const char *s = p->s;
	size_t nh = span(s, i, b, DIGITS), k = i + nh;
	int h = (int)date_num(s + i, nh < 3 ? nh : 2), mi = 0, colon = 0;
	if (nh > 2)
		return date_fail(
		    p, i, nh, "hour must have one or two digits in date '%.*s'",
		    WHOLE(p));
	if (k < b && s[k] == ':') {
		size_t nm = span(s, k + 1, b, DIGITS);
		if (nm != 2)
			return date_fail(p, k + 1, nm ? nm : 1,
			                 "minute must have two digits in date "
			                 "'%.*s'",
			                 WHOLE(p));
		mi = (int)date_num(s + k + 1, 2);
		if (mi > 59)
			return date_fail(
			    p, k + 1, 2,
			    "invalid minute '%.2s' in date '%.*s': "
			    "minutes are 00-59",
			    s + k + 1, WHOLE(p));
		k += 3;
		colon = 1;
	}
	int mer = 0;
	if (k + 2 <= b && ((s[k] | 0x20) == 'a' || (s[k] | 0x20) == 'p') &&
	    (s[k + 1] | 0x20) == 'm')
		mer = s[k] | 0x20;
	if (mer) {
		if (h < 1 || h > 12)
			return date_fail(
			    p, i, nh,
			    "invalid hour '%.*s' in date '%.*s': with "
			    "am or pm, hours are 1-12",
			    (int)nh, s + i, WHOLE(p));
		h = h % 12 + (mer == 'p' ? 12 : 0);
		k += 2;
	} else if (h > 23) {
		return date_fail(
		    p, i, nh,
		    "invalid hour '%.*s' in date '%.*s': hours are "
		    "00-23",
		    (int)nh, s + i, WHOLE(p));
	} else if (!colon) {
		return date_fail(
		    p, i, k - i,
		    "time '%.*s' in date '%.*s' needs minutes or am "
		    "or pm: write %.*s:00, %.*sam or %.*spm",
		    (int)(k - i), s + i, WHOLE(p), (int)nh, s + i, (int)nh,
		    s + i, (int)nh, s + i);
	}
	pt->hour = (int8_t)h;
	pt->minute = (int8_t)mi;
	pt->second = 0;
	pt->prec = TL_PREC_MINUTE;
	*ip = k;
	return 0;
}

int date_now(dparse *p, size_t a, size_t b, tl_point *pt)
{
	if (b - a != 3 || strncasecmp(p->s + a, "now", 3) != 0)
		return 0;
	if (!p->ctx->has_now)
		return date_fail(
		    p, a, 3,
		    "'now' in date '%.*s' is only read in an event "
		    "file (it is the time of the build): write the "
		    "date as YYYY-MM-DD",
		    WHOLE(p));
	/* Floor division: an instant before 1970 is on the day before. */
	int64_t t = p->ctx->now;
	int64_t day = (t >= 0 ? t : t - 86399) / 86400, sec = t - day * 86400;
	tl_point_day(pt, day);
	pt->hour = (int8_t)(sec / 3600);
	pt->minute = (int8_t)(sec / 60 % 60);
	pt->second = (int8_t)(sec % 60);
	pt->prec = TL_PREC_SECOND;
	pt->flags |= TL_PT_UTC;
	p->ctx->used_now = 1;
	return 1;
}
