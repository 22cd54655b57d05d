/*
 * test_date_markwhen.c - unit tests for the date forms the native reader
 * reads as Markwhen does, through tl_date_parse_ctx(): ranges with '-',
 * an en dash or "to", spaced slashes, ISO weeks (checked to tile every
 * year), eras, clock times, slash dates in either order with their
 * warnings, three-digit years and now; each form's canonical EDTF, which
 * parses back to the same date without a context, and every error with
 * its column and length.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "private.h"

#include "date_support.h"

/* 2026-01-15T12:00:00Z, the instant the Markwhen .expect files use. */
#define NOW 1768478400

/* The native reader's context: slash dates in the order slash, now at
 * NOW. */
static void mw_ctx(tl_date_ctx *ctx, int slash)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->slash = slash;
	ctx->has_now = 1;
	ctx->now = NOW;
}

/* Parses s as the native reader does, slash dates in the order slash. */
static int parse_mw(const char *s, int slash, tl_date *d, tl_diag *err,
                    tl_date_ctx *ctx)
{
	mw_ctx(ctx, slash);
	return tl_date_parse_ctx(s, strlen(s), ctx, d, err);
}

/* parse_mw() of the first n bytes of s, slash dates month first. */
static int parse_mw_n(const char *s, size_t n, tl_date *d, tl_diag *err,
                      tl_date_ctx *ctx)
{
	mw_ctx(ctx, TL_SLASH_MDY);
	return tl_date_parse_ctx(s, n, ctx, d, err);
}

/* Each form read as its canonical EDTF says, which parses back (without
 * a context) to exactly the same date; warns says how many warnings. */
static void test_markwhen_forms(void **state)
{
	enum { M = TL_SLASH_MDY, D = TL_SLASH_DMY };
	static const struct {
		const char *in;
		int slash;
		const char *edtf;
		int warns;
	} cases[] = {
	    /* Ranges: '-' with a space on a side, an en dash, "to". */
	    {"2021 - 2023", M, "2021/2023", 0},
	    {"2021 -2023", M, "2021/2023", 0},
	    {"2021 \xe2\x80\x93 2023", M, "2021/2023", 0},
	    {"2021\xe2\x80\x93" "2023", M, "2021/2023", 0},
	    {"Dec 2012 - Jan 2013", M, "2012-12/2013-01", 0},
	    {"2024 to 2025", M, "2024/2025", 0},
	    {"2024 TO 2025", M, "2024/2025", 0},
	    {"May 2014 to June 2015", M, "2014-05/2015-06", 0},
	    {"2 Feb 1999 to 10/10/2004 8am", M, "1999-02-02/2004-10-10T08:00", 0},
	    {"10/10/2004 8am - 10/12/2004", M, "2004-10-10T08:00/2004-10-12", 1},
	    {"2009-02-01 - 2009-02-10", M, "2009-02-01/2009-02-10", 0},
	    {"-0476 - -0400", M, "-0476/-0400", 0},
	    /* A time alone as the end is on the start's day. */
	    {"May 17 1993 7am - 10:15pm", M, "1993-05-17T07:00/1993-05-17T22:15", 0},
	    {"2019-04-09 8am - 9:30pm", M, "2019-04-09T08:00/2019-04-09T21:30", 0},
	    /* A bare '-' between points. */
	    {"2012-2013", M, "2012/2013", 0},
	    {"2032-03-07T04:12:09Z-2088-10-29T21:05:33Z", M,
	     "2032-03-07T04:12:09Z/2088-10-29T21:05:33Z", 0},
	    {"2021-06-05T11:00:00Z-2022", M, "2021-06-05T11:00:00Z/2022", 0},
	    {"2021-01-09T08:30:00Z-now", M, "2021-01-09T08:30:00Z/2026-01-15T12:00:00Z", 0},
	    {"10/14/2024-11/18/2024", M, "2024-10-14/2024-11-18", 0},
	    {"2017-06-01T14:30-05:00", M, "2017-06-01T14:30-05:00", 0},
	    /* Spaces around an EDTF '/'. */
	    {"2004-06 / 2006-08", M, "2004-06/2006-08", 0},
	    {"2004-02-01/ 2005-02-08", M, "2004-02-01/2005-02-08", 0},
	    {"2004-02-01 /2005-02", M, "2004-02-01/2005-02", 0},
	    {"2017-09 / ..", M, "2017-09/..", 0},
	    /* now: the context's instant. */
	    {"now", M, "2026-01-15T12:00:00Z", 0},
	    {"NOW", M, "2026-01-15T12:00:00Z", 0},
	    {"2018 - now", M, "2018/2026-01-15T12:00:00Z", 0},
	    {"2017-01-01/now", M, "2017-01-01/2026-01-15T12:00:00Z", 0},
	    /* Clock times after a day. */
	    {"April 9 2019 8am", M, "2019-04-09T08:00", 0},
	    {"2024-01-01 8:30pm", M, "2024-01-01T20:30", 0},
	    {"2024-01-01 10AM", M, "2024-01-01T10:00", 0},
	    {"Sep 14 2020 6:45pm", M, "2020-09-14T18:45", 0},
	    {"2024-01-01 12am", M, "2024-01-01T00:00", 0},
	    {"2024-01-01 12:30am", M, "2024-01-01T00:30", 0},
	    {"2024-01-01 12pm", M, "2024-01-01T12:00", 0},
	    {"2024-01-01 11:59pm", M, "2024-01-01T23:59", 0},
	    {"2023-01-05 08:30", M, "2023-01-05T08:30", 0},
	    {"Oct 21 2015 04:29", M, "2015-10-21T04:29", 0},
	    {"Oct 21 2015 4:29", M, "2015-10-21T04:29", 0},
	    {"August 2, 2018, 6:45pm", M, "2018-08-02T18:45", 0},
	    {"10/10/2004, 8am", M, "2004-10-10T08:00", 0},
	    {"2023-07-18T09:41:55.250Z", M, "2023-07-18T09:41:55Z", 0},
	    /* Slash dates: month first, or day first with d/M/y; a warning
	     * when the other order is a date too. */
	    {"08/24/1992", M, "1992-08-24", 0},
	    {"3/9/1950", M, "1950-03-09", 1},
	    {"3/9/1950", D, "1950-09-03", 1},
	    {"06/06/2017", M, "2017-06-06", 0},
	    {"13/06/2017", D, "2017-06-13", 0},
	    {"29/02/2024", D, "2024-02-29", 0},
	    {"02/29/2024", M, "2024-02-29", 0},
	    {"06/07/2017 - 08/09/2017", M, "2017-06-07/2017-08-09", 2},
	    {"04/1776", M, "1776-04", 0},
	    {"04/1776", D, "1776-04", 0},
	    {"1/1999", M, "1999-01", 0},
	    {"03/2005 - 11/2005", M, "2005-03/2005-11", 0},
	    /* ISO weeks: a week is its seven days, a weekday that day. */
	    {"2024-W10", M, "2024-03-04/2024-03-10", 0},
	    {"2024W11", M, "2024-03-11/2024-03-17", 0},
	    {"2024-W10-3", M, "2024-03-06", 0},
	    {"2024W103", M, "2024-03-06", 0},
	    {"2024-W10-7", M, "2024-03-10", 0},
	    {"2020-W53", M, "2020-12-28/2021-01-03", 0},
	    {"2026-W53", M, "2026-12-28/2027-01-03", 0},
	    {"2025-W01", M, "2024-12-30/2025-01-05", 0},
	    {"2021-W01-1", M, "2021-01-04", 0},
	    {"2024-W01/2024-W04", M, "2024-01-01/2024-01-28", 0},
	    {"2024-W52 - 2025-W01", M, "2024-12-23/2025-01-05", 0},
	    /* Eras: astronomical years, 1 BCE is 0000. */
	    {"44 BC", M, "-0043", 0},
	    {"44BC", M, "-0043", 0},
	    {"3000 BCE", M, "-2999", 0},
	    {"1 BC", M, "0000", 0},
	    {"300 bce", M, "-0299", 0},
	    {"AD 1066", M, "1066", 0},
	    {"1066 AD", M, "1066", 0},
	    {"100 CE", M, "0100", 0},
	    {"12000 BCE", M, "Y-11999", 0},
	    {"500 - 400 BCE", M, "-0499/-0399", 0},
	    {"50 BCE - 50 CE", M, "-0049/0050", 0},
	    {"50 BCE - 50", M, "-0049/0050", 0},
	    {"44 BC - AD 14", M, "-0043/0014", 0},
	    /* Three-digit years, as Markwhen reads them. */
	    {"800", M, "0800", 0},
	    {"800 - 900", M, "0800/0900", 0},
	};
	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		tl_date d;
		tl_diag err;
		tl_date_ctx ctx;
		char out[64];
		if (parse_mw(cases[i].in, cases[i].slash, &d, &err, &ctx) != 0)
			fail_msg("'%s' did not parse: %s", cases[i].in,
			         err.message);
		tl_date_format(&d, out, sizeof(out));
		if (strcmp(out, cases[i].edtf) != 0)
			fail_msg("'%s' read as %s, not %s", cases[i].in, out,
			         cases[i].edtf);
		if (ctx.nwarn != cases[i].warns)
			fail_msg("'%s': %d warnings", cases[i].in, ctx.nwarn);
		tl_date again = parse_ok(out);
		if (!same_date(&d, &again))
			fail_msg("'%s' is not the date %s says", cases[i].in, out);
		assert_int_equal(ctx.used_now, strstr(cases[i].in, "now") ||
		                                   strstr(cases[i].in, "NOW"));
	}
}

/* Exact ranges and fields where the canonical form alone does not show
 * them: weeks, the ends of a range, a time's fields, now before 1970. */
static void test_markwhen_ranges(void **state)
{
	(void)state;
	tl_date d;
	tl_diag err;
	tl_date_ctx ctx;
	assert_int_equal(parse_mw("2024-W10", TL_SLASH_MDY, &d, &err, &ctx), 0);
	assert_int_equal(d.lo, days((ymd){2024, 3, 4}));
	assert_int_equal(d.hi, days((ymd){2024, 3, 11}));
	assert_int_equal(d.is_interval, 1);
	assert_int_equal(parse_mw("2021 - 2023", TL_SLASH_MDY, &d, &err, &ctx), 0);
	assert_int_equal(d.lo, days((ymd){2021, 1, 1}));
	assert_int_equal(d.hi, days((ymd){2024, 1, 1}));
	assert_int_equal(parse_mw("44 BC", TL_SLASH_MDY, &d, &err, &ctx), 0);
	assert_int_equal(d.start.year, -43);
	assert_int_equal(d.lo, days((ymd){-43, 1, 1}));
	assert_int_equal(parse_mw("2024-01-01 12pm", TL_SLASH_MDY, &d, &err, &ctx), 0);
	assert_int_equal(d.start.hour, 12);
	assert_int_equal(d.start.prec, TL_PREC_MINUTE);
	assert_int_equal(d.hi - d.lo, 1); /* a time covers its day */
	/* The warning points at the slash date in the whole expression. */
	assert_int_equal(parse_mw("2017 - 06/07/2018", TL_SLASH_MDY, &d, &err, &ctx), 0);
	assert_int_equal(ctx.nwarn, 1);
	assert_int_equal(ctx.warn[0].col, 8);
	assert_int_equal(ctx.warn[0].len, 10);
	assert_int_equal(ctx.warn[0].severity, TL_SEV_WARNING);
	assert_string_equal(ctx.warn[0].message,
	                    "numeric date '06/07/2018' is read month first, as "
	                    "2018-06-07 (day first it is 2018-07-06): write "
	                    "2018-06-07, or dateFormat: d/M/y in the front "
	                    "matter for day first");
	/* now before the epoch is on the day before, by floor division. */
	memset(&ctx, 0, sizeof(ctx));
	ctx.has_now = 1;
	ctx.now = -1;
	assert_int_equal(tl_date_parse_ctx("now", 3, &ctx, &d, &err), 0);
	assert_int_equal(d.lo, -1);
	assert_int_equal(d.start.hour, 23);
	assert_int_equal(d.start.second, 59);
	/* Without a context these stay refused; a failed attempt at a bare
	 * '-' range leaves no warning behind. */
	assert_int_equal(tl_date_parse("now", 3, &d, &err), -1);
	assert_int_equal(tl_date_parse("800", 3, &d, &err), -1);
	assert_int_equal(tl_date_parse("06/07/2017", 10, &d, &err), -1);
	assert_int_equal(tl_date_parse("04/1776", 7, &d, &err), 0);
	assert_int_equal(parse_mw("06/07/2017-13", TL_SLASH_MDY, &d, &err, &ctx), -1);
	assert_int_equal(ctx.nwarn, 0);
}

/* Every error of the forms above, with its column and length. */
static void test_markwhen_errors(void **state)
{
	enum { M = TL_SLASH_MDY, D = TL_SLASH_DMY };
	static const struct {
		const char *in;
		int slash, col, len;
		const char *msg;
	} cases[] = {
	    {"0 BC", M, 1, 1, "there is no year 0 in date '0 BC': 1 BCE is followed by 1 CE (write 0000 for 1 BCE)"},
	    {"AD 0", M, 4, 1, "there is no year 0 in date 'AD 0': 1 BCE is followed by 1 CE (write 0000 for 1 BCE)"},
	    {"1234567890 BC", M, 1, 10, "year '1234567890' is out of range in date '1234567890 BC': years run to 999999999"},
	    {"2024-W54", M, 7, 2, "invalid week '54' in date '2024-W54': 2024 has 52 ISO weeks"},
	    {"2024-W53", M, 7, 2, "invalid week '53' in date '2024-W53': 2024 has 52 ISO weeks"},
	    {"2024-W00", M, 7, 2, "invalid week '00' in date '2024-W00': 2024 has 52 ISO weeks"},
	    {"2024-W1", M, 7, 1, "week must have two digits in date '2024-W1'"},
	    {"2024-W", M, 6, 1, "week must have two digits in date '2024-W'"},
	    {"2024-W10-8", M, 10, 1, "invalid weekday in date '2024-W10-8': write 1 (Monday) to 7 (Sunday)"},
	    {"2024-W10-0", M, 10, 1, "invalid weekday in date '2024-W10-0': write 1 (Monday) to 7 (Sunday)"},
	    {"2024-01-01 13pm", M, 12, 2, "invalid hour '13' in date '2024-01-01 13pm': with am or pm, hours are 1-12"},
	    {"2024-01-01 0am", M, 12, 1, "invalid hour '0' in date '2024-01-01 0am': with am or pm, hours are 1-12"},
	    {"2024-01-01 24:00", M, 12, 2, "invalid hour '24' in date '2024-01-01 24:00': hours are 00-23"},
	    {"2024-01-01 8", M, 12, 1, "time '8' in date '2024-01-01 8' needs minutes or am or pm: write 8:00, 8am or 8pm"},
	    {"2024-01-01 8:3pm", M, 14, 1, "minute must have two digits in date '2024-01-01 8:3pm'"},
	    {"2024-01-01 8:60pm", M, 14, 2, "invalid minute '60' in date '2024-01-01 8:60pm': minutes are 00-59"},
	    {"2024-01-01 123pm", M, 12, 3, "hour must have one or two digits in date '2024-01-01 123pm'"},
	    {"2024-01-01 8am?", M, 15, 1, "qualifier '?' cannot follow a time in date '2024-01-01 8am?'"},
	    {"2024-01 8am", M, 8, 4, "unexpected ' 8am' after date '2024-01 8am'"},
	    {"13/06/2017", M, 1, 2, "invalid month '13' in date '13/06/2017': slash dates are month/day/year unless the front matter says dateFormat: d/M/y"},
	    {"06/13/2017", D, 4, 2, "invalid month '13' in date '06/13/2017': dateFormat: d/M/y reads slash dates day first"},
	    {"02/29/2023", M, 4, 2, "invalid day '29' in date '02/29/2023': February 2023 has 28 days"},
	    {"29/02/2023", D, 1, 2, "invalid day '29' in date '29/02/2023': February 2023 has 28 days"},
	    {"06/07/17", M, 7, 2, "year '17' must have four digits in date '06/07/17'"},
	    {"13/2017", M, 1, 2, "invalid month '13' in date '13/2017': months are 1-12"},
	    {"06.07.2017", M, 1, 10, "ambiguous numeric date '06.07.2017': write 2017-06-07 or 2017-07-06"},
	    {"February 9", M, 1, 10, "date 'February 9' has no year: write one, as 'February 9 YYYY' (Markwhen would take the current year, which changes with the clock)"},
	    {"February 9 - May 3", M, 1, 10, "date 'February 9' has no year: write one, as 'February 9 YYYY' (Markwhen would take the current year, which changes with the clock)"},
	    {"1", M, 1, 1, "year '1' must have four digits in date '1': write 0001 (Markwhen reads a bare '1' as the time 01:00)"},
	    {"12", M, 1, 2, "year '12' must have four digits in date '12': write 0012 (Markwhen reads a bare '12' as the time 12:00)"},
	    {"2017-13", M, 6, 2, "invalid month '13' in date '2017-13': months are 01-12 and seasons 21-24"},
	    {"2017 \xe2\x80\x93", M, 6, 3, "expected a date after '\xe2\x80\x93' in date '2017 \xe2\x80\x93'"},
	    {"\xe2\x80\x93 2017", M, 1, 3, "expected a date before '\xe2\x80\x93' in date '\xe2\x80\x93 2017'"},
	    {"- 2017", M, 1, 1, "expected a date before '-' in date '- 2017'"},
	    {"Dec 2012 - Jnu 2013", M, 12, 3, "unknown month name 'Jnu' in date 'Dec 2012 - Jnu 2013'"},
	    {"2019-04-09 8am - 9:75pm", M, 20, 2, "invalid minute '75' in date '2019-04-09 8am - 9:75pm': minutes are 00-59"},
	    {"2017/2018/2019", M, 10, 1, "more than one '/' in date '2017/2018/2019'"},
	};
	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		tl_date d;
		tl_diag err;
		tl_date_ctx ctx;
		memset(&err, 0x55, sizeof(err));
		if (parse_mw(cases[i].in, cases[i].slash, &d, &err, &ctx) != -1)
			fail_msg("'%s' parsed", cases[i].in);
		if (strcmp(err.message, cases[i].msg) != 0 ||
		    err.col != cases[i].col || err.len != cases[i].len)
			fail_msg("'%s': got col %d len %d \"%s\"", cases[i].in,
			         err.col, err.len, err.message);
		assert_int_equal(err.severity, TL_SEV_ERROR);
	}
}

/* A message cut to fit never ends inside an en dash it quotes (found by
 * fuzz_date): the quoted date is longer than the message can hold. */
static void test_message_cut_whole_characters(void **state)
{
	(void)state;
	char in[129];
	memset(in, 0, sizeof(in));
	memcpy(in, "2018", 4);
	memset(in + 4, 'Q', 11);
	memcpy(in + 15, "-02", 3);
	memset(in + 18, 'T', 105);
	memcpy(in + 123, "\xe2\x80\x93" "19", 5);
	tl_date d;
	tl_diag err;
	tl_date_ctx ctx;
	for (size_t n = 100; n <= 128; n++) {
		if (parse_mw_n(in, n, &d, &err, &ctx) == 0)
			continue;
		size_t len = strlen(err.message);
		assert_true(len > 0);
		assert_int_equal(tl_utf8_check(err.message, len), len);
	}
}

/* The ISO weeks of a year tile it, 52 or 53 of them, Monday to Sunday. */
static void test_weeks_tile(void **state)
{
	(void)state;
	for (int64_t y = 1990; y <= 2040; y++) {
		char buf[32];
		tl_date d, prev = {0};
		tl_diag err;
		tl_date_ctx ctx;
		int weeks = 0;
		for (int w = 1; w <= 53; w++) {
			snprintf(buf, sizeof(buf), "%04d-W%02d", (int)y, w);
			if (parse_mw(buf, TL_SLASH_MDY, &d, &err, &ctx) < 0)
				break;
			weeks = w;
			assert_int_equal(d.hi - d.lo, 7);
			/* 1970-01-05 was a Monday. */
			assert_int_equal(((d.lo - 4) % 7 + 7) % 7, 0);
			if (w > 1)
				assert_int_equal(d.lo, prev.hi);
			prev = d;
		}
		assert_true(weeks == 52 || weeks == 53);
		/* 4 January is always in week 1; 28 December in the last. */
		snprintf(buf, sizeof(buf), "%04d-W01", (int)y);
		parse_mw(buf, TL_SLASH_MDY, &d, &err, &ctx);
		assert_true(d.lo <= tl_days_from_civil(y, 1, 4) &&
		            tl_days_from_civil(y, 1, 4) < d.hi);
		assert_true(prev.lo <= tl_days_from_civil(y, 12, 28) &&
		            tl_days_from_civil(y, 12, 28) < prev.hi);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_markwhen_forms),
	    cmocka_unit_test(test_markwhen_ranges),
	    cmocka_unit_test(test_markwhen_errors),
	    cmocka_unit_test(test_weeks_tile),
	    cmocka_unit_test(test_message_cut_whole_characters),
	};
	return cmocka_run_group_tests_name("date_markwhen", tests, NULL, NULL);
}
