/*
 * test_date.c - unit tests for the date module: day arithmetic against
 * known day numbers and a day-by-day walk over ten thousand years, every
 * accepted form with its exact range, precision, qualifier and flags, the
 * casual forms against their EDTF twins, every error message with its
 * column and length, canonical EDTF, labels and the sort order.
 * Markwhen's forms are tested in test_date_markwhen.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "private.h"

#include "date_support.h"

/* format(d) parses back to exactly d, and formats the same again. */
static void assert_roundtrip(const tl_date *d)
{
	char a[64], b[64];
	tl_date again;
	tl_date_format(d, a, sizeof(a));
	again = parse_ok(a);
	if (!same_date(d, &again) || tl_date_cmp(d, &again) != 0)
		fail_msg("'%s' does not parse back to the same date", a);
	tl_date_format(&again, b, sizeof(b));
	assert_string_equal(a, b);
}

/* ---- day arithmetic ---- */

static void test_days_known(void **state)
{
	static const struct {
		ymd date;
		int64_t n;
	} cases[] = {
	    {{1970, 1, 1}, 0},
	    {{1969, 12, 31}, -1},
	    {{2000, 3, 1}, 11017},
	    {{2000, 2, 29}, 11016},
	    {{1900, 3, 1}, -25508},
	    {{1600, 2, 29}, -135081},
	    {{1600, 3, 1}, -135080},
	    {{2100, 2, 28}, 47540},
	    {{2100, 3, 1}, 47541},
	    {{2017, 6, 1}, 17318},
	    {{1, 1, 1}, -719162},
	    {{0, 3, 1}, -719468},
	    {{0, 1, 1}, -719528},
	    {{-1, 12, 31}, -719529},
	    {{-4713, 11, 24}, -2440588}, /* Julian day 0 */
	    {{9999, 12, 31}, 2932896},
	};
	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		int64_t y;
		int m, d;
		assert_int_equal(days(cases[i].date), cases[i].n);
		tl_civil_from_days(cases[i].n, &y, &m, &d);
		assert_int_equal(y, cases[i].date.y);
		assert_int_equal(m, cases[i].date.m);
		assert_int_equal(d, cases[i].date.d);
	}
}

/* Walks every day from 5000 BCE-ish to 5000 CE: each day is the one after
 * the previous by the calendar's own rules, and converts both ways. */
static void test_days_walk(void **state)
{
	(void)state;
	int64_t first = tl_days_from_civil(-5000, 1, 1);
	int64_t last = tl_days_from_civil(5000, 12, 31);
	ymd cur = {-5000, 1, 1};
	for (int64_t n = first; n <= last; n++) {
		int64_t y;
		int m, d;
		tl_civil_from_days(n, &y, &m, &d);
		if (y != cur.y || m != cur.m || d != cur.d)
			fail_msg("day %lld is %lld-%d-%d, expected %lld-%d-%d",
			         (long long)n, (long long)y, m, d,
			         (long long)cur.y, cur.m, cur.d);
		if (tl_days_from_civil(y, m, d) != n)
			fail_msg("day %lld does not round-trip", (long long)n);
		if (++cur.d > tl_days_in_month(cur.y, cur.m)) {
			cur.d = 1;
			if (++cur.m > 12) {
				cur.m = 1;
				cur.y++;
			}
		}
	}
	assert_int_equal(cur.y, 5001);
	/* 25 cycles of 400 years, then 5000, which is not leap. */
	assert_int_equal(last - first + 1, 25 * 146097 + 365);
}

static void test_leap(void **state)
{
	(void)state;
	assert_false(tl_is_leap(1900));
	assert_true(tl_is_leap(2000));
	assert_false(tl_is_leap(2100));
	assert_true(tl_is_leap(0));
	assert_true(tl_is_leap(-4));
	assert_false(tl_is_leap(-100));
	assert_true(tl_is_leap(-400));
	assert_true(tl_is_leap(2016));
	assert_false(tl_is_leap(2017));
	assert_int_equal(tl_days_in_month(2017, 2), 28);
	assert_int_equal(tl_days_in_month(2016, 2), 29);
	assert_int_equal(tl_days_in_month(1900, 2), 28);
	assert_int_equal(tl_days_in_month(2017, 4), 30);
	assert_int_equal(tl_days_in_month(2017, 12), 31);
	assert_int_equal(tl_days_in_month(2017, 0), 0);
	assert_int_equal(tl_days_in_month(2017, 13), 0);
	/* Far years (the long-year form reaches 999,999,999). */
	assert_int_equal(tl_days_from_civil(999999999, 1, 1) -
	                     tl_days_from_civil(999999998, 1, 1),
	                 365);
}

/* ---- accepted forms ---- */

static void test_points(void **state)
{
	static const struct {
		const char *in;
		int64_t year;
		int month, day, prec;
		unsigned qual, flags;
		ymd lo, hi;
	} cases[] = {
	    {"2017", 2017, 0, 0, TL_PREC_YEAR, 0, 0, {2017, 1, 1}, {2018, 1, 1}},
	    {"2017-06", 2017, 6, 0, TL_PREC_MONTH, 0, 0, {2017, 6, 1}, {2017, 7, 1}},
	    {"2017-02", 2017, 2, 0, TL_PREC_MONTH, 0, 0, {2017, 2, 1}, {2017, 3, 1}},
	    {"2016-02", 2016, 2, 0, TL_PREC_MONTH, 0, 0, {2016, 2, 1}, {2016, 3, 1}},
	    {"2017-12", 2017, 12, 0, TL_PREC_MONTH, 0, 0, {2017, 12, 1}, {2018, 1, 1}},
	    {"2017-06-01", 2017, 6, 1, TL_PREC_DAY, 0, 0, {2017, 6, 1}, {2017, 6, 2}},
	    {"2016-02-29", 2016, 2, 29, TL_PREC_DAY, 0, 0, {2016, 2, 29}, {2016, 3, 1}},
	    {"2017-12-31", 2017, 12, 31, TL_PREC_DAY, 0, 0, {2017, 12, 31}, {2018, 1, 1}},
	    {"2017-06?", 2017, 6, 0, TL_PREC_MONTH, TL_QUAL_UNCERTAIN, 0, {2017, 6, 1}, {2017, 7, 1}},
	    {"2018-08-02~", 2018, 8, 2, TL_PREC_DAY, TL_QUAL_APPROX, 0, {2018, 8, 2}, {2018, 8, 3}},
	    {"2017%", 2017, 0, 0, TL_PREC_YEAR, TL_QUAL_UNCERTAIN | TL_QUAL_APPROX, 0, {2017, 1, 1}, {2018, 1, 1}},
	    {"201X", 2010, 0, 0, TL_PREC_DECADE, 0, TL_PT_UNSPEC, {2010, 1, 1}, {2020, 1, 1}},
	    {"20XX", 2000, 0, 0, TL_PREC_CENTURY, 0, TL_PT_UNSPEC, {2000, 1, 1}, {2100, 1, 1}},
	    {"000X", 0, 0, 0, TL_PREC_DECADE, 0, TL_PT_UNSPEC, {0, 1, 1}, {10, 1, 1}},
	    {"201X?", 2010, 0, 0, TL_PREC_DECADE, TL_QUAL_UNCERTAIN, TL_PT_UNSPEC, {2010, 1, 1}, {2020, 1, 1}},
	    {"2017-XX", 2017, 0, 0, TL_PREC_YEAR, 0, TL_PT_UNSPEC, {2017, 1, 1}, {2018, 1, 1}},
	    {"2017-XX-XX", 2017, 0, 0, TL_PREC_YEAR, 0, TL_PT_UNSPEC, {2017, 1, 1}, {2018, 1, 1}},
	    {"2017-06-XX", 2017, 6, 0, TL_PREC_MONTH, 0, TL_PT_UNSPEC, {2017, 6, 1}, {2017, 7, 1}},
	    {"2017-06-XX~", 2017, 6, 0, TL_PREC_MONTH, TL_QUAL_APPROX, TL_PT_UNSPEC, {2017, 6, 1}, {2017, 7, 1}},
	    {"2017-21", 2017, 21, 0, TL_PREC_SEASON, 0, 0, {2017, 3, 1}, {2017, 6, 1}},
	    {"2017-22", 2017, 22, 0, TL_PREC_SEASON, 0, 0, {2017, 6, 1}, {2017, 9, 1}},
	    {"2017-23", 2017, 23, 0, TL_PREC_SEASON, 0, 0, {2017, 9, 1}, {2017, 12, 1}},
	    {"2017-24", 2017, 24, 0, TL_PREC_SEASON, 0, 0, {2017, 12, 1}, {2018, 3, 1}},
	    {"2015-24?", 2015, 24, 0, TL_PREC_SEASON, TL_QUAL_UNCERTAIN, 0, {2015, 12, 1}, {2016, 3, 1}},
	    {"Y170000002", 170000002, 0, 0, TL_PREC_YEAR, 0, 0, {170000002, 1, 1}, {170000003, 1, 1}},
	    {"Y-170000002", -170000002, 0, 0, TL_PREC_YEAR, 0, 0, {-170000002, 1, 1}, {-170000001, 1, 1}},
	    {"Y10000", 10000, 0, 0, TL_PREC_YEAR, 0, 0, {10000, 1, 1}, {10001, 1, 1}},
	    {"Y999999999~", 999999999, 0, 0, TL_PREC_YEAR, TL_QUAL_APPROX, 0, {999999999, 1, 1}, {1000000000, 1, 1}},
	    {"-0476", -476, 0, 0, TL_PREC_YEAR, 0, 0, {-476, 1, 1}, {-475, 1, 1}},
	    {"-0476-03-15", -476, 3, 15, TL_PREC_DAY, 0, 0, {-476, 3, 15}, {-476, 3, 16}},
	    {"-0004-02-29", -4, 2, 29, TL_PREC_DAY, 0, 0, {-4, 2, 29}, {-4, 3, 1}},
	    {"0000", 0, 0, 0, TL_PREC_YEAR, 0, 0, {0, 1, 1}, {1, 1, 1}},
	    {"0000-02-29", 0, 2, 29, TL_PREC_DAY, 0, 0, {0, 2, 29}, {0, 3, 1}},
	    {"9999-12-31", 9999, 12, 31, TL_PREC_DAY, 0, 0, {9999, 12, 31}, {10000, 1, 1}},
	    {"-9999", -9999, 0, 0, TL_PREC_YEAR, 0, 0, {-9999, 1, 1}, {-9998, 1, 1}},
	    {"-0476-22", -476, 22, 0, TL_PREC_SEASON, 0, 0, {-476, 6, 1}, {-476, 9, 1}},
	};
	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		tl_date d = parse_ok(cases[i].in);
		const tl_point *p = &d.start;
		if (p->year != cases[i].year || p->month != cases[i].month ||
		    p->day != cases[i].day || p->prec != cases[i].prec ||
		    p->qual != cases[i].qual || p->flags != cases[i].flags ||
		    p->lo != days(cases[i].lo) || p->hi != days(cases[i].hi))
			fail_msg("'%s': year %lld month %d day %d prec %d qual %u "
			         "flags %u lo %lld hi %lld",
			         cases[i].in, (long long)p->year, p->month, p->day,
			         p->prec, p->qual, p->flags, (long long)p->lo,
			         (long long)p->hi);
		assert_int_equal(d.is_interval, 0);
		assert_true(same_point(&d.start, &d.end));
		assert_int_equal(d.lo, p->lo);
		assert_int_equal(d.hi, p->hi);
		assert_int_equal(p->hour, 0);
		assert_int_equal(p->tz_minutes, 0);
		assert_roundtrip(&d);
	}
}

static void test_times(void **state)
{
	static const struct {
		const char *in;
		int prec, h, mi, s;
		unsigned flags;
		int tz;
	} cases[] = {
	    {"2017-06-01T14:30", TL_PREC_MINUTE, 14, 30, 0, 0, 0},
	    {"2017-06-01T14:30:05", TL_PREC_SECOND, 14, 30, 5, 0, 0},
	    {"2017-06-01T14:30:00Z", TL_PREC_SECOND, 14, 30, 0, TL_PT_UTC, 0},
	    {"2017-06-01T14:30Z", TL_PREC_MINUTE, 14, 30, 0, TL_PT_UTC, 0},
	    {"2017-06-01T14:30:00+03:00", TL_PREC_SECOND, 14, 30, 0, TL_PT_OFFSET, 180},
	    {"2017-06-01T14:30-05:30", TL_PREC_MINUTE, 14, 30, 0, TL_PT_OFFSET, -330},
	    {"2017-06-01T00:00+14:00", TL_PREC_MINUTE, 0, 0, 0, TL_PT_OFFSET, 840},
	    {"2017-06-01T23:59:59-14:00", TL_PREC_SECOND, 23, 59, 59, TL_PT_OFFSET, -840},
	    {"2017-06-01T12:00-00:00", TL_PREC_MINUTE, 12, 0, 0, TL_PT_OFFSET, 0},
	};
	(void)state;
	int64_t june1 = tl_days_from_civil(2017, 6, 1);
	for (size_t i = 0; i < N(cases); i++) {
		tl_date d = parse_ok(cases[i].in);
		const tl_point *p = &d.start;
		assert_int_equal(p->prec, cases[i].prec);
		assert_int_equal(p->hour, cases[i].h);
		assert_int_equal(p->minute, cases[i].mi);
		assert_int_equal(p->second, cases[i].s);
		assert_int_equal(p->flags, cases[i].flags);
		assert_int_equal(p->tz_minutes, cases[i].tz);
		/* A time covers the calendar day it is written on. */
		assert_int_equal(d.lo, june1);
		assert_int_equal(d.hi, june1 + 1);
		assert_int_equal(p->year, 2017);
		assert_int_equal(p->month, 6);
		assert_int_equal(p->day, 1);
		assert_roundtrip(&d);
	}
}

static void test_intervals(void **state)
{
	static const struct {
		const char *in;
		int sprec, eprec;
		unsigned sflags, eflags;
		ymd lo, hi;
	} cases[] = {
	    {"2015/2017", TL_PREC_YEAR, TL_PREC_YEAR, 0, 0, {2015, 1, 1}, {2018, 1, 1}},
	    {"2017-09/2018-08-02", TL_PREC_MONTH, TL_PREC_DAY, 0, 0, {2017, 9, 1}, {2018, 8, 3}},
	    {"2017-09/..", TL_PREC_MONTH, TL_PREC_NONE, 0, TL_PT_OPEN, {2017, 9, 1}, {2017, 10, 1}},
	    {"../2018", TL_PREC_NONE, TL_PREC_YEAR, TL_PT_OPEN, 0, {2018, 1, 1}, {2019, 1, 1}},
	    {"2017-09/", TL_PREC_MONTH, TL_PREC_NONE, 0, TL_PT_UNKNOWN, {2017, 9, 1}, {2017, 10, 1}},
	    {"/2018", TL_PREC_NONE, TL_PREC_YEAR, TL_PT_UNKNOWN, 0, {2018, 1, 1}, {2019, 1, 1}},
	    {"2017-24/2018-22", TL_PREC_SEASON, TL_PREC_SEASON, 0, 0, {2017, 12, 1}, {2018, 9, 1}},
	    {"201X/20XX", TL_PREC_DECADE, TL_PREC_CENTURY, TL_PT_UNSPEC, TL_PT_UNSPEC, {2010, 1, 1}, {2100, 1, 1}},
	    {"-0476/Y10000", TL_PREC_YEAR, TL_PREC_YEAR, 0, 0, {-476, 1, 1}, {10001, 1, 1}},
	    {"2017-06-01T10:00Z/2017-06-03", TL_PREC_MINUTE, TL_PREC_DAY, TL_PT_UTC, 0, {2017, 6, 1}, {2017, 6, 4}},
	    /* Not rejected here: the model reports an end before its start. */
	    {"2018/2016", TL_PREC_YEAR, TL_PREC_YEAR, 0, 0, {2018, 1, 1}, {2017, 1, 1}},
	};
	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		tl_date d = parse_ok(cases[i].in);
		assert_int_equal(d.is_interval, 1);
		assert_int_equal(d.start.prec, cases[i].sprec);
		assert_int_equal(d.end.prec, cases[i].eprec);
		assert_int_equal(d.start.flags, cases[i].sflags);
		assert_int_equal(d.end.flags, cases[i].eflags);
		if (d.lo != days(cases[i].lo) || d.hi != days(cases[i].hi))
			fail_msg("'%s': lo %lld hi %lld", cases[i].in,
			         (long long)d.lo, (long long)d.hi);
		assert_roundtrip(&d);
	}
	/* Open and unknown ends sit, empty, at the known end's edge. */
	tl_date d = parse_ok("2017-09/..");
	assert_int_equal(d.end.lo, days((ymd){2017, 10, 1}));
	assert_int_equal(d.end.hi, d.end.lo);
	assert_int_equal(d.end.year, 0);
	d = parse_ok("/2018");
	assert_int_equal(d.start.lo, days((ymd){2018, 1, 1}));
	assert_int_equal(d.start.hi, d.start.lo);
	/* Qualifiers belong to each end. */
	d = parse_ok("2017-21?/2017-23~");
	assert_int_equal(d.start.qual, TL_QUAL_UNCERTAIN);
	assert_int_equal(d.end.qual, TL_QUAL_APPROX);
}

static void test_casual(void **state)
{
	static const struct {
		const char *casual, *edtf;
	} cases[] = {
	    {"June 2017", "2017-06"},
	    {"Jun 2017", "2017-06"},
	    {"Jun. 2017", "2017-06"},
	    {"june 2017", "2017-06"},
	    {"JUNE 2017", "2017-06"},
	    {"jUn 2017", "2017-06"},
	    {"Sept 2017", "2017-09"},
	    {"Sept. 2017", "2017-09"},
	    {"Sep 2017", "2017-09"},
	    {"September 2017", "2017-09"},
	    {"May 2017", "2017-05"},
	    {"May. 2017", "2017-05"},
	    {"2 August 2018", "2018-08-02"},
	    {"2 Aug 2018", "2018-08-02"},
	    {"02 Aug. 2018", "2018-08-02"},
	    {"August 2, 2018", "2018-08-02"},
	    {"August 2 2018", "2018-08-02"},
	    {"Aug 2 2018", "2018-08-02"},
	    {"Aug 2, 2018", "2018-08-02"},
	    {"Aug  2,  2018", "2018-08-02"},
	    {"29 February 2016", "2016-02-29"},
	    {"December 31, 1999", "1999-12-31"},
	    {"June 2017?", "2017-06?"},
	    {"June 2017~", "2017-06~"},
	    {"2 August 2018%", "2018-08-02%"},
	    {"Jan 0001", "0001-01"},
	    {"June 2017/August 2018", "2017-06/2018-08"},
	    {"Sept 2017/..", "2017-09/.."},
	    {"../2 Aug 2018", "../2018-08-02"},
	    {"2015/June 2017?", "2015/2017-06?"},
	};
	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		tl_date a = parse_ok(cases[i].casual);
		tl_date b = parse_ok(cases[i].edtf);
		if (!same_date(&a, &b) || tl_date_cmp(&a, &b) != 0)
			fail_msg("'%s' differs from '%s'", cases[i].casual,
			         cases[i].edtf);
		char buf[64];
		tl_date_format(&a, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].edtf);
	}
}

/* ---- errors ---- */

static void test_errors(void **state)
{
	static const struct {
		const char *in;
		int col, len;
		const char *msg;
	} cases[] = {
	    {"", 1, 1, "empty date"},
	    {"2017-13", 6, 2, "invalid month '13' in date '2017-13': months are 01-12 and seasons 21-24"},
	    {"2017-00", 6, 2, "invalid month '00' in date '2017-00': months are 01-12 and seasons 21-24"},
	    {"2017-25", 6, 2, "invalid month '25' in date '2017-25': months are 01-12 and seasons 21-24"},
	    {"2017-02-30", 9, 2, "invalid day '30' in date '2017-02-30': February 2017 has 28 days"},
	    {"2017-06-31", 9, 2, "invalid day '31' in date '2017-06-31': June 2017 has 30 days"},
	    {"-0001-02-29", 10, 2, "invalid day '29' in date '-0001-02-29': February 2 BCE has 28 days"},
	    {"2017-06-00", 9, 2, "invalid day '00' in date '2017-06-00'"},
	    {"06/07/2017", 1, 10, "ambiguous numeric date '06/07/2017': write 2017-06-07 or 2017-07-06"},
	    {"6-7-2017", 1, 8, "ambiguous numeric date '6-7-2017': write 2017-06-07 or 2017-07-06"},
	    {"06.07.2017", 1, 10, "ambiguous numeric date '06.07.2017': write 2017-06-07 or 2017-07-06"},
	    {"13/06/2017", 1, 10, "numeric date '13/06/2017' is not EDTF: write 2017-06-13"},
	    {"06/13/2017", 1, 10, "numeric date '06/13/2017' is not EDTF: write 2017-06-13"},
	    {"06/06/2017", 1, 10, "numeric date '06/06/2017' is not EDTF: write 2017-06-06"},
	    {"2017/06/07", 1, 10, "numeric date '2017/06/07' is not EDTF: write 2017-06-07"},
	    {"13/13/2017", 1, 10, "invalid numeric date '13/13/2017': write dates as YYYY-MM-DD"},
	    {"00/07/2017", 1, 10, "invalid numeric date '00/07/2017': write dates as YYYY-MM-DD"},
	    {"31/02/2017", 1, 10, "invalid numeric date '31/02/2017': write dates as YYYY-MM-DD"},
	    {"29.02.2016", 1, 10, "numeric date '29.02.2016' is not EDTF: write 2016-02-29"},
	    {"06/07/17", 1, 8, "ambiguous numeric date '06/07/17': write the year with four digits, as YYYY-MM-DD"},
	    {"06-07-2017/2018", 1, 10, "ambiguous numeric date '06-07-2017': write 2017-06-07 or 2017-07-06"},
	    {"17-06", 1, 2, "year '17' must have four digits in date '17-06'"},
	    {"20170", 1, 5, "year '20170' must have four digits in date '20170': write Y20170 for a year past 9999"},
	    {"-20170", 2, 5, "year '20170' must have four digits in date '-20170': write Y-20170 for a year past 9999"},
	    {"Jnu 2017", 1, 3, "unknown month name 'Jnu' in date 'Jnu 2017'"},
	    {"2 Foo 2018", 3, 3, "unknown month name 'Foo' in date '2 Foo 2018'"},
	    {"Yesterday", 1, 9, "unknown month name 'Yesterday' in date 'Yesterday'"},
	    {"2017-06-01x", 11, 1, "unexpected 'x' after date '2017-06-01x'"},
	    {"2017 June", 5, 5, "unexpected ' June' after date '2017 June'"},
	    {"2017..2018", 5, 6, "unexpected '..2018' after date '2017..2018'"},
	    {"Y12345-06", 7, 3, "unexpected '-06' after date 'Y12345-06'"},
	    {"June 2017,", 10, 1, "unexpected ',' after date 'June 2017,'"},
	    {"2017-06-01T25:00", 12, 2, "invalid hour '25' in date '2017-06-01T25:00': hours are 00-23"},
	    {"2017-06-01T24:00:00", 12, 2, "invalid hour '24' in date '2017-06-01T24:00:00': hours are 00-23"},
	    {"2017-06-01T14:61", 15, 2, "invalid minute '61' in date '2017-06-01T14:61': minutes are 00-59"},
	    {"2017-06-01T14:30:60", 18, 2, "invalid second '60' in date '2017-06-01T14:30:60': seconds are 00-59"},
	    {"2017-06-01T1430", 12, 4, "hour must have two digits in date '2017-06-01T1430'"},
	    {"2017-06-01T", 11, 1, "hour must have two digits in date '2017-06-01T'"},
	    {"2017-06-01T14", 12, 2, "expected ':' after the hour in date '2017-06-01T14'"},
	    {"2017-06-01T14-30", 14, 1, "expected ':' after the hour in date '2017-06-01T14-30'"},
	    {"2017-06-01T14:3", 15, 1, "minute must have two digits in date '2017-06-01T14:3'"},
	    {"2017-06-01T14:30:5", 18, 1, "second must have two digits in date '2017-06-01T14:30:5'"},
	    {"2017-06-01T14:30+15:00", 17, 6, "invalid time zone offset '+15:00' in date '2017-06-01T14:30+15:00': offsets run from -14:00 to +14:00"},
	    {"2017-06-01T14:30-14:01", 17, 6, "invalid time zone offset '-14:01' in date '2017-06-01T14:30-14:01': offsets run from -14:00 to +14:00"},
	    {"2017-06-01T14:30+03:60", 17, 6, "invalid time zone offset '+03:60' in date '2017-06-01T14:30+03:60': offsets run from -14:00 to +14:00"},
	    {"2017-06-01T14:30+0300", 17, 5, "time zone offset must be written +hh:mm or -hh:mm in date '2017-06-01T14:30+0300'"},
	    {"2017-06-01T14:30+03", 17, 3, "time zone offset must be written +hh:mm or -hh:mm in date '2017-06-01T14:30+03'"},
	    {"2017-06-01T14:30Z5", 18, 1, "unexpected '5' after date '2017-06-01T14:30Z5'"},
	    {"2017-06-01T14:30?", 17, 1, "qualifier '?' cannot follow a time in date '2017-06-01T14:30?'"},
	    {"2017?~", 6, 1, "more than one qualifier in date '2017?~': write '%' for uncertain and approximate"},
	    {"../..", 1, 5, "open start and end in '../..'"},
	    {"/", 1, 1, "unknown start and end in '/'"},
	    {"../", 1, 3, "open start and unknown end in '../'"},
	    {"/..", 1, 3, "unknown start and open end in '/..'"},
	    {"..", 1, 2, "'..' is only allowed as an interval end in date '..'"},
	    {"2017/2018/2019", 10, 1, "more than one '/' in date '2017/2018/2019'"},
	    {" 2017", 1, 1, "space before date ' 2017'"},
	    {"2017 ", 5, 1, "space after date '2017 '"},
	    {"2017-X6", 6, 2, "invalid month 'X6' in date '2017-X6': write XX for an unspecified month"},
	    {"2017-06-X5", 9, 2, "invalid day 'X5' in date '2017-06-X5': write XX for an unspecified day"},
	    {"20X7", 1, 4, "unspecified digits in year '20X7' of date '20X7': only the last one or two digits may be X"},
	    {"2XXX", 1, 4, "unspecified digits in year '2XXX' of date '2XXX': only the last one or two digits may be X"},
	    {"201x", 4, 1, "unspecified digit must be a capital 'X' in date '201x'"},
	    {"2017-xx", 6, 1, "unspecified digit must be a capital 'X' in date '2017-xx'"},
	    {"-201X", 1, 5, "a negative year cannot have unspecified digits in date '-201X'"},
	    {"201X-06", 5, 3, "a year with unspecified digits cannot have a month in date '201X-06'"},
	    {"2017-XX-05", 9, 2, "a day cannot be given when the month is unspecified in date '2017-XX-05'"},
	    {"2017-21-05", 8, 3, "a season cannot have a day in date '2017-21-05'"},
	    {"-0000", 1, 5, "year '-0000' in date '-0000': write 0000 for 1 BCE"},
	    {"2017-6", 6, 1, "month must have two digits in date '2017-6'"},
	    {"2017-061", 6, 3, "month must have two digits in date '2017-061'"},
	    {"2017-06-1", 9, 1, "day must have two digits in date '2017-06-1'"},
	    {"2017-", 5, 1, "expected a month after '-' in date '2017-'"},
	    {"2017-06-", 8, 1, "expected a day after '-' in date '2017-06-'"},
	    {"+2017", 1, 1, "expected a year, found '+' in date '+2017'"},
	    {"-", 1, 1, "expected a year after '-' in date '-'"},
	    {"Y2017", 1, 5, "letter-prefixed year 'Y2017' must have more than four digits in date 'Y2017': write 2017"},
	    {"Y-12", 1, 4, "letter-prefixed year 'Y-12' must have more than four digits in date 'Y-12': write -0012"},
	    {"Y", 1, 1, "expected digits after 'Y' in date 'Y'"},
	    {"Y-", 1, 2, "expected digits after 'Y-' in date 'Y-'"},
	    {"Y012345", 1, 7, "letter-prefixed year 'Y012345' must not start with 0 in date 'Y012345'"},
	    {"Y1234567890", 1, 11, "year 'Y1234567890' is out of range in date 'Y1234567890': years run from Y-999999999 to Y999999999"},
	    {"June", 1, 4, "date 'June' has no year: write one, as 'June YYYY' (Markwhen would take the current year, which changes with the clock)"},
	    {"2 August", 1, 8, "date '2 August' has no year: write one, as '2 August YYYY' (Markwhen would take the current year, which changes with the clock)"},
	    {"June x", 6, 1, "expected a four-digit year after the month name in date 'June x'"},
	    {"June 17", 1, 7, "date 'June 17' has no year: write one, as 'June 17 YYYY' (Markwhen would take the current year, which changes with the clock)"},
	    {"June 201", 6, 3, "year '201' must have four digits in date 'June 201'"},
	    {"June 20170", 6, 5, "year '20170' must have four digits in date 'June 20170'"},
	    {"June.2017", 5, 1, "expected a space after the month name in date 'June.2017'"},
	    {"August 2,2018", 10, 1, "expected a space after the day in date 'August 2,2018'"},
	    {"12 2017", 4, 1, "expected a month name after the day in date '12 2017'"},
	    {"31 June 2017", 1, 2, "invalid day '31' in date '31 June 2017': June 2017 has 30 days"},
	    {"Feb 29, 2017", 5, 2, "invalid day '29' in date 'Feb 29, 2017': February 2017 has 28 days"},
	    {"June 0 2017", 6, 1, "invalid day '0' in date 'June 0 2017'"},
	    {"J\xc3\xa4nner 2017", 2, 2, "character '\xc3\xa4' is not allowed in date 'J\xc3\xa4nner 2017'"},
	    {"2017\t", 5, 1, "control character 0x09 in date"},
	    {"20\xff" "17", 3, 1, "invalid UTF-8 byte 0xFF in date"},
	};
	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		tl_date d;
		tl_diag err;
		memset(&err, 0x55, sizeof(err));
		if (tl_date_parse(cases[i].in, strlen(cases[i].in), &d, &err) != -1)
			fail_msg("'%s' parsed", cases[i].in);
		if (strcmp(err.message, cases[i].msg) != 0 ||
		    err.col != cases[i].col || err.len != cases[i].len)
			fail_msg("'%s': got col %d len %d \"%s\"", cases[i].in,
			         err.col, err.len, err.message);
		assert_int_equal(err.line, 0);
		assert_int_equal(err.severity, TL_SEV_ERROR);
		assert_int_equal(err.status, TL_INVALID);
	}
}

/* Overlong input, NUL bytes, len shorter than the string, NULL err. */
static void test_errors_edges(void **state)
{
	(void)state;
	tl_date d;
	tl_diag err;
	char big[200];
	memset(big, '1', sizeof(big));
	assert_int_equal(tl_date_parse(big, sizeof(big), &d, &err), -1);
	assert_string_equal(err.message, "date is too long (200 bytes; at most 128)");
	assert_int_equal(err.col, 129);
	assert_int_equal(err.len, 72);
	/* The longest accepted input is still quoted and pointed into. */
	memcpy(big, "2017-06-01", 10);
	memset(big + 10, 'x', 118);
	assert_int_equal(tl_date_parse(big, 128, &d, &err), -1);
	assert_int_equal(strncmp(err.message, "unexpected 'xxx", 15), 0);
	assert_int_equal(err.col, 11);
	assert_int_equal(err.len, 118);
	assert_int_equal(tl_date_parse(big, 10, &d, &err), 0);
	/* A NUL inside the length is a control character, not an end. */
	assert_int_equal(tl_date_parse("2017\0-06", 8, &d, &err), -1);
	assert_string_equal(err.message, "control character 0x00 in date");
	assert_int_equal(err.col, 5);
	/* Only len bytes are read. */
	assert_int_equal(tl_date_parse("2017-06-01", 7, &d, NULL), 0);
	assert_int_equal(d.start.prec, TL_PREC_MONTH);
	/* err may be NULL. */
	assert_int_equal(tl_date_parse("2017-13", 7, &d, NULL), -1);
}

/* ---- output ---- */

static void test_format(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
	    {"2017", "2017"},
	    {"2017-06", "2017-06"},
	    {"2018-08-02~", "2018-08-02~"},
	    {"2017-06?", "2017-06?"},
	    {"2017%", "2017%"},
	    {"2017-21", "2017-21"},
	    {"201X", "201X"},
	    {"20XX", "20XX"},
	    {"000X", "000X"},
	    {"2017-XX", "2017-XX"},
	    {"2017-XX-XX", "2017-XX"},
	    {"2017-06-XX", "2017-06-XX"},
	    {"-0476", "-0476"},
	    {"-0476-03-15", "-0476-03-15"},
	    {"0000", "0000"},
	    {"Y170000002", "Y170000002"},
	    {"Y-170000002", "Y-170000002"},
	    {"2017-09/..", "2017-09/.."},
	    {"../2018", "../2018"},
	    {"2017-09/", "2017-09/"},
	    {"/2018", "/2018"},
	    {"2015/2017", "2015/2017"},
	    {"2017-06-01T14:30", "2017-06-01T14:30"},
	    {"2017-06-01T14:30:00Z", "2017-06-01T14:30:00Z"},
	    {"2017-06-01T14:30:00+03:00", "2017-06-01T14:30:00+03:00"},
	    {"2017-06-01T09:05-05:30", "2017-06-01T09:05-05:30"},
	    {"2017-06-01T09:05-00:00", "2017-06-01T09:05+00:00"},
	    {"June 2017", "2017-06"},
	    {"2 Aug 2018~", "2018-08-02~"},
	    {"June 2017/August 2018", "2017-06/2018-08"},
	};
	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		tl_date d = parse_ok(cases[i].in), again;
		char buf[64];
		int n = tl_date_format(&d, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].out);
		assert_int_equal(n, (int)strlen(cases[i].out));
		/* The canonical form parses back to the very same date. */
		again = parse_ok(buf);
		assert_true(same_date(&d, &again));
	}
}

static void test_format_truncates(void **state)
{
	(void)state;
	tl_date d = parse_ok("2017-06-01T14:30:00+03:00");
	char buf[8];
	memset(buf, 'z', sizeof(buf));
	assert_int_equal(tl_date_format(&d, buf, sizeof(buf)), 25);
	assert_string_equal(buf, "2017-06");
	assert_int_equal(tl_date_format(&d, NULL, 0), 25);
	assert_int_equal(tl_date_label(&d, buf, sizeof(buf)), 27);
	assert_string_equal(buf, "1 June ");
	buf[0] = 'z';
	assert_int_equal(tl_date_label(&d, buf, 1), 27);
	assert_int_equal(buf[0], '\0');
}

static void test_label(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
	    {"2017", "2017"},
	    {"2017-06", "June 2017"},
	    {"2018-08-02", "2 August 2018"},
	    {"2017-22", "Summer 2017"},
	    {"2017-24", "Winter 2017"},
	    {"201X", "2010s"},
	    {"20XX", "21st century"},
	    {"19XX", "20th century"},
	    {"00XX", "1st century"},
	    {"01XX", "2nd century"},
	    {"02XX", "3rd century"},
	    {"10XX", "11th century"},
	    {"11XX", "12th century"},
	    {"2017-XX", "2017"},
	    {"2017-06-XX", "June 2017"},
	    {"-0476", "477 BCE"},
	    {"0000", "1 BCE"},
	    {"0001", "1"},
	    {"-0476-03-15", "15 March 477 BCE"},
	    {"Y170000002", "170000002"},
	    {"Y-170000002", "170000003 BCE"},
	    {"2017-09~", "c. September 2017"},
	    {"2017-06?", "June 2017?"},
	    {"2017-06%", "c. June 2017?"},
	    {"2015/2017", "2015 \xe2\x80\x93 2017"},
	    {"2017-09/2018-08-02~", "September 2017 \xe2\x80\x93 c. 2 August 2018"},
	    {"2017-09/..", "since September 2017"},
	    {"../2018", "until 2018"},
	    {"2017-09/", "September 2017 \xe2\x80\x93 ?"},
	    {"/2018", "? \xe2\x80\x93 2018"},
	    {"2018-08-02T14:30Z", "2 August 2018 14:30 UTC"},
	    {"2018-08-02T14:30:15+03:00", "2 August 2018 14:30:15 +03:00"},
	    {"2018-08-02T14:30-05:30", "2 August 2018 14:30 -05:30"},
	    {"2018-08-02T14:30", "2 August 2018 14:30"},
	};
	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		tl_date d = parse_ok(cases[i].in);
		char buf[128];
		int n = tl_date_label(&d, buf, sizeof(buf));
		if (strcmp(buf, cases[i].out) != 0)
			fail_msg("'%s' labelled '%s'", cases[i].in, buf);
		assert_int_equal(n, (int)strlen(cases[i].out));
	}
}

static void test_month_name(void **state)
{
	(void)state;
	assert_string_equal(tl_month_name(1), "January");
	assert_string_equal(tl_month_name(6), "June");
	assert_string_equal(tl_month_name(12), "December");
	assert_string_equal(tl_month_name(21), "Spring");
	assert_string_equal(tl_month_name(24), "Winter");
	assert_string_equal(tl_month_name(0), "");
	assert_string_equal(tl_month_name(13), "");
	assert_string_equal(tl_month_name(25), "");
}

/* ---- order ---- */

static int cmp_qsort(const void *a, const void *b)
{
	return tl_date_cmp(a, b);
}

static void test_cmp(void **state)
{
	/* Already in the order tl_date_cmp must give. */
	static const char *const sorted[] = {
	    "Y-100000/2017",
	    "-0476",
	    "20XX",
	    "201X",
	    "2017",
	    "2017-XX",
	    "2017%",
	    "2017-21",
	    "2017-06-01", /* [lo, hi) is one day: before the month */
	    "2017-06-01T09:00",
	    "2017-06-01T10:00",
	    "2017-06-01T09:00:00", /* finer precision after coarser */
	    "2017-06/..",          /* the open end is the coarsest */
	    "2017-06",
	    "2017-06?",
	    "2017-06/2017-07",
	    "2017-22",
	    "Y10000",
	};
	tl_date d[N(sorted)], shuffled[N(sorted)];
	(void)state;
	for (size_t i = 0; i < N(sorted); i++)
		d[i] = parse_ok(sorted[i]);
	for (size_t i = 0; i < N(sorted); i++)
		for (size_t j = 0; j < N(sorted); j++) {
			int c = tl_date_cmp(&d[i], &d[j]);
			int want = i < j ? -1 : i > j;
			if ((c > 0) - (c < 0) != want)
				fail_msg("cmp('%s', '%s') = %d", sorted[i],
				         sorted[j], c);
		}
	/* Reversed, then sorted back. */
	for (size_t i = 0; i < N(sorted); i++)
		shuffled[i] = d[N(sorted) - 1 - i];
	qsort(shuffled, N(sorted), sizeof(tl_date), cmp_qsort);
	for (size_t i = 0; i < N(sorted); i++)
		assert_true(same_date(&shuffled[i], &d[i]));
	/* Equal dates from different spellings compare equal. */
	tl_date a = parse_ok("June 2017"), b = parse_ok("2017-06");
	assert_int_equal(tl_date_cmp(&a, &b), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_days_known),
	    cmocka_unit_test(test_days_walk),
	    cmocka_unit_test(test_leap),
	    cmocka_unit_test(test_points),
	    cmocka_unit_test(test_times),
	    cmocka_unit_test(test_intervals),
	    cmocka_unit_test(test_casual),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_errors_edges),
	    cmocka_unit_test(test_format),
	    cmocka_unit_test(test_format_truncates),
	    cmocka_unit_test(test_label),
	    cmocka_unit_test(test_month_name),
	    cmocka_unit_test(test_cmp),
	};
	return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
