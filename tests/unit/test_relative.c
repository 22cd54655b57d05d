/*
 * test_relative.c - Markwhen's relative dates and recurrences: the grammar
 * of a date head (tl_rel_parse), the day arithmetic (tl_rel_add), dates
 * resolved once the file is read, with their errors at line and column,
 * and recurrences expanded into events with stable ids.  The expected
 * ranges are what @markwhen/parser 1.2.0 reads (tests/compat/markwhen).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "model_relative.h"
#include "support.h"

/* An error: expect_diag() of an error. */
static void expect_error(const parsed *p, size_t i, int line, int col,
                         const char *msg)
{
	expect_diag(p, i, TL_SEV_ERROR, line, col, msg);
}

/* The day number of "YYYY-MM-DD". */
static int64_t day(const char *s)
{
	tl_date d;
	assert_int_equal(tl_date_parse(s, strlen(s), &d, NULL), 0);
	return d.start.lo;
}

/* Event i of text, read without errors, spans [from, to). */
static void expect_range(const tl_timeline *tl, size_t i, const char *from,
                         const char *to)
{
	const tl_event *e = tl_timeline_event(tl, i);
	assert_non_null(e);
	assert_int_equal(e->date.lo, day(from));
	assert_int_equal(e->date.hi, day(to));
}

/* ---- the grammar ---- */

static int rel(const char *s, tl_rel *r, tl_diag *err)
{
	static tl_arena a;
	return tl_rel_parse(s, strlen(s), &a, NULL, r, err);
}

static void expect_refused(const char *s, int col, const char *msg)
{
	tl_rel r;
	tl_diag err;
	assert_int_equal(rel(s, &r, &err), -1);
	assert_string_equal(err.message, msg);
	assert_int_equal(err.col, col);
}

static void test_grammar(void **state)
{
	(void)state;
	tl_rel r;
	tl_diag err;
	/* Plain dates are the date parser's. */
	assert_int_equal(rel("2017-06-01", &r, &err), 0);
	assert_int_equal(rel("2 August 2018", &r, &err), 0);
	assert_int_equal(rel("44 BC", &r, &err), 0);
	assert_int_equal(rel("2024 to 2025", &r, &err), 0);

	assert_int_equal(rel("1 year", &r, &err), 1);
	assert_int_equal(r.from.kind, TL_SIDE_REL);
	assert_int_equal(r.from.ref, TL_REF_PRIOR);
	assert_int_equal(r.from.namt, 1);
	assert_int_equal(r.from.amt[0].unit, TL_UNIT_YEAR);
	assert_int_equal(r.to.kind, TL_SIDE_NONE);

	assert_int_equal(rel("1 year, 2 months 3d", &r, &err), 1);
	assert_int_equal(r.from.namt, 3);
	assert_int_equal(r.from.amt[2].unit, TL_UNIT_DAY);
	assert_int_equal(r.from.amt[2].n, 3);

	assert_int_equal(rel("2018/6 months", &r, &err), 1);
	assert_int_equal(r.from.kind, TL_SIDE_ABS);
	assert_int_equal(r.from.abs.prec, TL_PREC_YEAR);
	assert_int_equal(r.to.kind, TL_SIDE_REL);
	assert_int_equal(r.to.col, 6);

	assert_int_equal(rel("after !design 3 weeks", &r, &err), 1);
	assert_int_equal(r.from.word, TL_WORD_AFTER);
	assert_int_equal(r.from.ref, TL_REF_ID);
	assert_string_equal(r.from.id, "design");
	assert_int_equal(r.from.id_col, 7);
	assert_int_equal(r.from.id_len, 7);

	assert_int_equal(rel("by !launch.end 2 weeks", &r, &err), 1);
	assert_int_equal(r.from.word, TL_WORD_BEFORE);
	assert_int_equal(r.from.mod, TL_MOD_END);
	assert_string_equal(r.from.id, "launch");

	assert_int_equal(rel("before !launch 1 week - 3 days", &r, &err), 1);
	assert_int_equal(r.to.kind, TL_SIDE_REL);
	assert_int_equal(r.to.amt[0].n, 3);

	assert_int_equal(rel("!term / !spring", &r, &err), 1);
	assert_string_equal(r.to.id, "spring");
	assert_int_equal(rel(".start / 1 month", &r, &err), 1);
	assert_int_equal(r.from.ref, TL_REF_PRIOR);
	assert_int_equal(r.from.mod, TL_MOD_START);

	const char *wd[] = {"5 week days",     "5 weekdays", "5 work days",
	                    "5 business days", "5 workdays", "5 business day"};
	for (size_t i = 0; i < sizeof(wd) / sizeof(*wd); i++) {
		assert_int_equal(rel(wd[i], &r, &err), 1);
		assert_int_equal(r.from.amt[0].unit, TL_UNIT_WEEKDAY);
	}
	assert_int_equal(rel("March 16, 2022 - 5 week days", &r, &err), 1);
	assert_int_equal(r.from.kind, TL_SIDE_ABS);
	assert_int_equal(rel("after !a plus 2 days", &r, &err), 1);
	assert_int_equal(rel("!a + 2 days", &r, &err), 1);
}

static void test_grammar_errors(void **state)
{
	(void)state;
	expect_refused("after !design 3 wekks", 17,
	               "expected a unit (days, week days, weeks, months or "
	               "years) after '3' in relative date 'after !design 3 "
	               "wekks'");
	expect_refused("2 hours", 3,
	               "'hours' in relative date '2 hours' is not supported "
	               "yet: relative dates count days, week days, weeks, "
	               "months and years");
	expect_refused("after", 1,
	               "expected an event id ('!id') or an amount after "
	               "'after' in relative date 'after'");
	expect_refused("after ! 2 days", 7,
	               "expected an event id after '!' in relative date "
	               "'after ! 2 days'");
	expect_refused(".middle / 1 day", 1,
	               "expected '.start' or '.end' in relative date '.middle "
	               "/ 1 day'");
	expect_refused("1 day 2 days 3 days 4 days 5 days 6 days 7 days 8 days "
	               "9 days",
	               56,
	               "more than 8 amounts in relative date '1 day 2 days 3 "
	               "days 4 days 5 days 6 days 7 days 8 days 9 days'");
	expect_refused("9999999999 days", 1,
	               "number '9999999999' is too large in relative date "
	               "'9999999999 days'");
	/* A bad date beside a relative end is the date parser's error. */
	expect_refused("2023-13-01 / 2 weeks", 6,
	               "invalid month '13' in date '2023-13-01': months are "
	               "01-12 and seasons 21-24");
	/* Without the file's context (the reader's), "now" has no value. */
	expect_refused("now - 10 years", 1,
	               "'now' in date 'now' is only read in an event file (it "
	               "is the time of the build): write the date as "
	               "YYYY-MM-DD");
	expect_refused("before !x 1 week - 2024-01-01", 20,
	               "a range that starts 'before' an event must end with a "
	               "duration, as 'before !id 1 week - 3 days', in 'before "
	               "!x 1 week - 2024-01-01'");
	expect_refused("2024 / after !x 1 day", 8,
	               "the end of a range cannot start with 'after', 'before' "
	               "or 'by' in '2024 / after !x 1 day': they belong to its "
	               "start");
}

static void test_recurrence_grammar(void **state)
{
	(void)state;
	tl_rel r;
	tl_diag err;
	assert_int_equal(rel("2024-09-02 every day until 2024-09-20", &r, &err),
	                 1);
	assert_int_equal(r.recur, 1);
	assert_int_equal(r.relative, 0);
	assert_int_equal(r.step, TL_UNIT_DAY);
	assert_int_equal(r.interval, 1);
	assert_int_equal(r.count, 0);
	assert_int_equal(r.until, day("2024-09-20"));
	assert_int_equal(r.rec_col, 12);
	assert_int_equal(rel("2024-10-07 every day | 2024-10-18", &r, &err), 1);
	assert_int_equal(r.until, day("2024-10-18"));
	assert_int_equal(rel("2024-10-07 every day til 2024-10-18", &r, &err),
	                 1);
	assert_int_equal(rel("2021-05/2021-06 every 3 years x4", &r, &err), 1);
	assert_int_equal(r.step, TL_UNIT_YEAR);
	assert_int_equal(r.interval, 3);
	assert_int_equal(r.count, 4);
	assert_int_equal(r.end_col, 31);
	assert_int_equal(r.end_len, 2);
	assert_int_equal(rel("2024-01-01 every other week x 3", &r, &err), 1);
	assert_int_equal(r.interval, 2);
	assert_int_equal(r.count, 3);
	assert_int_equal(rel("Jun 3 2021 every 4 months for 6 times", &r, &err),
	                 1);
	assert_int_equal(r.count, 6);
	/* The count and the span agree when the unit is the step's. */
	assert_int_equal(rel("1994-03-12 every year for 8 years", &r, &err), 1);
	assert_int_equal(r.count, 8);
	assert_int_equal(rel("1994-03-12 every week for 10", &r, &err), 1);
	assert_int_equal(r.count, 10);
	/* A relative date can recur. */
	assert_int_equal(rel("after !a 1 day every week x2", &r, &err), 1);
	assert_int_equal(r.relative, 1);
	assert_int_equal(r.recur, 1);
}

static void test_recurrence_grammar_errors(void **state)
{
	(void)state;
	expect_refused("2024-01-01 every 2 weeks for 1 year", 30,
	               "'for 1 year' after 'every 2 weeks' is ambiguous: "
	               "Markwhen 1.2.0 reads it as 1 occurrence, its "
	               "documentation as a span; write 'x1' or 'until DATE'");
	expect_refused("2024-01-01 every day", 12,
	               "recurrence 'every day' has no end: add 'xN', 'for N "
	               "times' or 'until DATE'");
	expect_refused("every day x3", 1,
	               "a recurrence needs a date before 'every' in 'every "
	               "day x3'");
	expect_refused("2024-01-01 every 2 hours x3", 20,
	               "'hours' in a recurrence is not supported yet: "
	               "recurrences repeat by days, weeks, months or years");
	expect_refused("2024-01-01 every monday x3", 18,
	               "'monday' in a recurrence is not supported yet: "
	               "recurrences repeat by days, weeks, months or years");
	expect_refused("2024-01-01 every weekday x3", 18,
	               "'weekday' in a recurrence is not supported yet: "
	               "recurrences repeat by days, weeks, months or years");
	expect_refused("2024-01-01 every week on monday x3", 23,
	               "'on monday x3' in a recurrence is not supported yet: "
	               "give the first date and 'every'");
	expect_refused("2024-01-01 every day x0", 22,
	               "a recurrence of 0 occurrences in '2024-01-01 every day "
	               "x0'");
	expect_refused("2024-01-01 every day until 2024-02", 28,
	               "the end of a recurrence must be a day, as 2024-09-20 "
	               "(Markwhen reads '2024-02' as its first day)");
	expect_refused("2024-01-01 every day x3 then", 25,
	               "unexpected 'then' after the end of recurrence 'every "
	               "day x3 then'");
	expect_refused("2024-01-01 every 0 days x3", 18,
	               "the interval of a recurrence runs from 1 to 999999999 "
	               "in '2024-01-01 every 0 days x3'");
	expect_refused("2024-01-01 every day until 2024-13-01", 33,
	               "invalid month '13' in date '2024-13-01': months are "
	               "01-12 and seasons 21-24");
}

/* ---- day arithmetic ---- */

static int64_t add(const char *from, uint32_t n, int unit, int sign)
{
	tl_rel_amount a = {n, (uint8_t)unit};
	return tl_rel_add(day(from), &a, sign);
}

static void test_arithmetic(void **state)
{
	(void)state;
	assert_int_equal(tl_weekday(day("1970-01-01")), 3);
	assert_int_equal(tl_weekday(day("1969-12-29")), 0);
	assert_int_equal(tl_weekday(day("2022-03-16")), 2);
	/* Months keep the day, clamped to the month: luxon's plus(). */
	assert_int_equal(add("2022-01-31", 1, TL_UNIT_MONTH, 1),
	                 day("2022-02-28"));
	assert_int_equal(add("2024-01-31", 1, TL_UNIT_MONTH, 1),
	                 day("2024-02-29"));
	assert_int_equal(add("2024-03-31", 1, TL_UNIT_MONTH, -1),
	                 day("2024-02-29"));
	assert_int_equal(add("2024-02-29", 1, TL_UNIT_YEAR, 1),
	                 day("2025-02-28"));
	assert_int_equal(add("2024-01-15", 13, TL_UNIT_MONTH, -1),
	                 day("2022-12-15"));
	assert_int_equal(add("0001-01-15", 1, TL_UNIT_MONTH, -1),
	                 day("0000-12-15"));
	assert_int_equal(add("2024-01-01", 2, TL_UNIT_WEEK, 1),
	                 day("2024-01-15"));
	/* Week days (tests/compat/markwhen/weekdays.expect). */
	assert_int_equal(add("2022-03-16", 5, TL_UNIT_WEEKDAY, 1),
	                 day("2022-03-23"));
	assert_int_equal(add("2022-03-23", 10, TL_UNIT_WEEKDAY, 1),
	                 day("2022-04-06"));
	assert_int_equal(add("2022-09-01", 3, TL_UNIT_WEEKDAY, 1),
	                 day("2022-09-06"));
	assert_int_equal(add("2022-04-20", 4, TL_UNIT_WEEKDAY, 1),
	                 day("2022-04-26"));
	/* From a weekend the count starts on the Monday (Markwhen 1.2.0
	 * counts a day more from a Sunday). */
	assert_int_equal(add("2022-03-05", 1, TL_UNIT_WEEKDAY, 1),
	                 day("2022-03-08"));
	assert_int_equal(add("2022-03-06", 1, TL_UNIT_WEEKDAY, 1),
	                 day("2022-03-08"));
	assert_int_equal(add("2022-03-07", 5, TL_UNIT_WEEKDAY, 1),
	                 day("2022-03-12"));
	assert_int_equal(add("2022-03-07", 0, TL_UNIT_WEEKDAY, 1),
	                 day("2022-03-07"));
	/* Back: the first of the n week days before. */
	assert_int_equal(add("2022-03-07", 1, TL_UNIT_WEEKDAY, -1),
	                 day("2022-03-04"));
	assert_int_equal(add("2022-03-09", 2, TL_UNIT_WEEKDAY, -1),
	                 day("2022-03-07"));
	assert_int_equal(add("2022-03-13", 1, TL_UNIT_WEEKDAY, -1),
	                 day("2022-03-11"));
	assert_int_equal(add("2022-03-14", 6, TL_UNIT_WEEKDAY, -1),
	                 day("2022-03-04"));
	/* Every count, both ways: n week days, no weekend day at either
	 * end, and the way back undoes the way there. */
	for (int64_t d = day("2022-02-28"); d < day("2022-03-07"); d++)
		for (uint32_t n = 1; n < 30; n++) {
			tl_rel_amount a = {n, TL_UNIT_WEEKDAY};
			int64_t end = tl_rel_add(d, &a, 1), count = 0;
			for (int64_t k = d; k < end; k++)
				count += tl_weekday(k) < 5;
			assert_int_equal(count, n);
			assert_true(tl_weekday(end - 1) < 5);
			if (tl_weekday(d) < 5)
				assert_int_equal(tl_rel_add(end, &a, -1), d);
		}
}

/* ---- resolved dates ---- */

static void test_resolved(void **state)
{
	(void)state;
	/* tests/compat/markwhen/relative-both.expect, chain and ids. */
	tl_timeline *tl = support_parse(
	    "2021-03-10: Opening\n"
	    "5 days - 3 days: After a gap\n"
	    "1 week - 2 weeks: Gap of a week\n"
	    "1 year: Then a year\n"
	    "1 month 1 day: Then a month and a day\n");
	expect_range(tl, 0, "2021-03-10", "2021-03-11");
	expect_range(tl, 1, "2021-03-16", "2021-03-19");
	expect_range(tl, 2, "2021-03-26", "2021-04-09");
	expect_range(tl, 3, "2021-04-09", "2022-04-09");
	expect_range(tl, 4, "2022-04-09", "2022-05-10");
	/* The date as EDTF: renderers and the native writer read it. */
	assert_string_equal(tl_event_date_text(tl_timeline_event(tl, 1)),
	                    "2021-03-16/2021-03-18");
	tl_timeline_free(tl);

	tl = support_parse("2024-06-30: Launch\nid: launch\n"
	                   "before !launch 1 month: Testing\n"
	                   "by !launch 2 weeks: Press kit\n"
	                   "before !launch 1 week - 3 days: Rehearsal\n"
	                   "after !launch 1 day: Party\n"
	                   "!launch.start / 1 day: Same day\n"
	                   "2018/6 months: From a year\n");
	/* Sorted by date: 2018, rehearsal, press kit... */
	expect_range(tl, 0, "2018-01-01", "2018-07-01");
	const tl_event *e = tl_timeline_event(tl, 0);
	assert_int_equal(e->date.start.prec, TL_PREC_YEAR);
	assert_string_equal(e->date_text, "2018/2018-06-30");
	expect_range(tl, 1, "2024-05-30", "2024-06-30");
	expect_range(tl, 2, "2024-06-16", "2024-06-30");
	expect_range(tl, 3, "2024-06-20", "2024-06-23");
	expect_range(tl, 4, "2024-06-30", "2024-07-01");
	expect_range(tl, 5, "2024-06-30", "2024-07-01");
	expect_range(tl, 6, "2024-07-01", "2024-07-02");
	/* A one-day result is one day, not an interval. */
	assert_false(tl_timeline_event(tl, 6)->date.is_interval);
	tl_timeline_free(tl);

	/* tests/compat/markwhen/ids-start-end.expect; a reference may name
	 * an event further down, and an id may be a "!word" of a title. */
	tl = support_parse(
	    "!term / !spring: Teaching\n"
	    "2025-02-03: Term starts\nid: term\n"
	    "2025-04-14: Spring break !spring\n"
	    "!term.start / !spring.end: Whole\n"
	    ".start / 1 month: From the start of the previous\n");
	expect_range(tl, 0, "2025-02-03", "2025-02-04");
	expect_range(tl, 1, "2025-02-03", "2025-03-03");
	expect_range(tl, 2, "2025-02-03", "2025-04-15");
	expect_range(tl, 3, "2025-02-04", "2025-04-14");
	expect_range(tl, 4, "2025-04-14", "2025-04-15");
	tl_timeline_free(tl);
}

static void test_resolve_errors(void **state)
{
	(void)state;
	parsed p = parse("1 week: First\n");
	assert_int_equal(tl_diags_errors(p.d), 1);
	expect_error(&p, 0, 1, 1,
	            "relative date has no event before it to count from");
	done(&p);

	p = parse("2020: a\nafter !nope 1 week: b\n");
	expect_error(&p, 0, 2, 7, "relative date refers to unknown id 'nope'");
	done(&p);

	p = parse("after !b 1 day: a\nid: a\nafter !a 1 day: b\nid: b\n"
	          "1 day: c\n");
	/* One error for the cycle; c, after b, is not told again. */
	assert_int_equal(tl_diags_errors(p.d), 1);
	expect_error(&p, 0, 3, 7,
	            "relative date refers to '!a', which depends on this "
	            "event: a cycle");
	done(&p);

	p = parse("after !c 1 day: a\n1 day: b\n1 day: c\nid: c\n");
	assert_int_equal(tl_diags_errors(p.d), 1);
	expect_error(&p, 0, 2, 1,
	            "relative date counts from the event before it, which "
	            "depends on this event: a cycle");
	done(&p);

	p = parse("after !me 1 day: a\nid: me\n");
	expect_error(&p, 0, 1, 7,
	            "relative date refers to '!me', which depends on this "
	            "event: a cycle");
	done(&p);

	p = parse("2020: a\nid: a\n!a: b\n");
	expect_error(&p, 0, 3, 1,
	            "relative date '!a' lasts no time (it starts and ends at "
	            "the start of 2021-01-01): give it a duration, as '1 day'");
	done(&p);

	p = parse("2020-01-10: a\n1 week - 0 days: b\n");
	expect_error(&p, 0, 2, 1,
	            "relative date '1 week - 0 days' lasts no time (it starts "
	            "and ends at the start of 2020-01-18): give it a duration, "
	            "as '1 day'");
	done(&p);

	p = parse("9999-06-01: a\n1 year: b\n1 day: c\n");
	assert_int_equal(tl_diags_errors(p.d), 1);
	expect_error(&p, 0, 2, 1,
	            "relative date '1 year' falls outside the years -9999 to "
	            "9999");
	done(&p);

	/* A date that failed is told once: what counts from it is quiet. */
	p = parse("2020-13: a\n1 day: b\n");
	assert_int_equal(tl_diags_errors(p.d), 1);
	done(&p);
}

/* ---- recurrences ---- */

static void test_expanded(void **state)
{
	(void)state;
	tl_timeline *tl = support_parse(
	    "2024-01-31 every month x5: Month ends\nid: me\nafter: x\n"
	    "2023-12-01: X\nid: x\n");
	/* 31 February, April and June do not exist: skipped, not counted. */
	assert_int_equal(tl_timeline_count(tl), 6);
	expect_range(tl, 1, "2024-01-31", "2024-02-01");
	expect_range(tl, 2, "2024-03-31", "2024-04-01");
	expect_range(tl, 5, "2024-08-31", "2024-09-01");
	const tl_event *first = tl_timeline_event(tl, 1);
	const tl_event *third = tl_timeline_event(tl, 3);
	assert_string_equal(first->id, "me");
	assert_string_equal(first->date_text, "2024-01-31");
	assert_int_equal(first->nafter, 1);
	assert_string_equal(third->id, "me.2024-05-31");
	assert_int_equal(third->nafter, 0);
	assert_int_equal(third->line, 1);
	assert_string_equal(third->title, "Month ends");
	tl_timeline_free(tl);

	/* Each occurrence keeps the precision written; until is the last
	 * day one may start on. */
	tl = support_parse(
	    "2021-05/2021-06 every 3 years x3: Survey\n"
	    "2024-09-02 every 2 days until 2024-09-06: Stand-up\n"
	    "2023-03-01/2023-03-10 every other month x2: Ten\n");
	assert_int_equal(tl_timeline_count(tl), 8);
	expect_range(tl, 0, "2021-05-01", "2021-07-01");
	expect_range(tl, 2, "2023-05-01", "2023-05-11");
	expect_range(tl, 3, "2024-05-01", "2024-07-01");
	assert_string_equal(tl_event_date_text(tl_timeline_event(tl, 3)),
	                    "2024-05/2024-06");
	expect_range(tl, 6, "2024-09-06", "2024-09-07");
	expect_range(tl, 7, "2027-05-01", "2027-07-01");
	tl_timeline_free(tl);

	/* Occurrences follow their series in file order. */
	tl = support_parse("2020-01-01 every year x3: A\n2020-01-01: B\n");
	assert_string_equal(tl_timeline_event(tl, 0)->title, "A");
	assert_string_equal(tl_timeline_event(tl, 1)->title, "B");
	assert_int_equal(tl_timeline_event(tl, 1)->seq, 3);
	tl_timeline_free(tl);

	/* A relative date that recurs. */
	tl = support_parse(
	    "2024-01-01: a\nid: a\nafter !a 6 days every week x2: "
	    "b\n");
	expect_range(tl, 1, "2024-01-02", "2024-01-08");
	expect_range(tl, 2, "2024-01-09", "2024-01-15");
	tl_timeline_free(tl);
}

static void test_recurrence_errors(void **state)
{
	(void)state;
	parsed p = parse("2024-01-01 every day x10001: a\n");
	assert_int_equal(tl_diags_errors(p.d), 1);
	expect_error(&p, 0, 1, 22,
	            "recurrence makes more than 10000 occurrences");
	/* Nothing is added past the bound. */
	assert_int_equal(tl_timeline_count(p.tl), 1);
	done(&p);

	p = parse("2000-01-01 every day until 9999-12-31: a\n");
	expect_error(&p, 0, 1, 22,
	            "recurrence makes more than 10000 occurrences");
	done(&p);

	tl_buf b = {0};
	for (int i = 0; i < 11; i++)
		tl_buf_puts(&b, "2000-01-01 every day x10000: a\n");
	tl_buf_putc(&b, '\0');
	p = parse(b.data);
	assert_int_equal(tl_diags_errors(p.d), 1);
	expect_error(&p, 0, 11, 22,
	            "the recurrences of this file make more than 100000 "
	            "occurrences in all");
	assert_true(tl_timeline_count(p.tl) <= TL_RECUR_FILE_MAX + 11);
	done(&p);
	free(b.data);

	p = parse("2024 every week x3: a\n");
	expect_error(&p, 0, 1, 6,
	            "a date repeated every week must give a day: '2024' "
	            "does not");
	done(&p);

	p = parse("2024-06-01 every day until 2024-05-01: a\n");
	expect_error(&p, 0, 1, 22,
	            "recurrence ends before its first occurrence");
	done(&p);

	p = parse("9998-01-01 every year x3: a\n");
	expect_error(&p, 0, 1, 23,
	            "recurrence runs past the years dateline reads (occurrence "
	            "3)");
	done(&p);

	p = parse("2021-04-04 every day x3:\n");
	/* The empty title is told once, not once per occurrence. */
	assert_int_equal(tl_diags_errors(p.d), 1);
	done(&p);

	/* A generated id that another event has is a duplicate. */
	p = parse(
	    "2024-01-01 every day x2: a\nid: s\n2020: b\nid: s.2024-01-02\n");
	assert_int_equal(tl_diags_errors(p.d), 1);
	done(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_grammar),
	    cmocka_unit_test(test_grammar_errors),
	    cmocka_unit_test(test_recurrence_grammar),
	    cmocka_unit_test(test_recurrence_grammar_errors),
	    cmocka_unit_test(test_arithmetic),
	    cmocka_unit_test(test_resolved),
	    cmocka_unit_test(test_resolve_errors),
	    cmocka_unit_test(test_expanded),
	    cmocka_unit_test(test_recurrence_errors),
	};
	return cmocka_run_group_tests_name("relative", tests, NULL, NULL);
}
