/*
 * test_parse.c - the event-file reader and the model it builds: front
 * matter, lanes, properties, tags, links, descriptions, sorting, and every
 * diagnostic with its line and column.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"
#include "support.h"

/* Asserts that diagnostic i has this severity, place and message. */
static void test_front_matter(void **state)
{
	parsed p = parse("---\ntitle: \"Quoted title\"\nDescription: plain\n"
	                 "# a yaml comment\nextra-key: kept\n---\n"
	                 "2017: Event\n");
	assert_int_equal(tl_diags_count(p.d), 0);
	assert_string_equal(tl_timeline_meta(p.tl, "title"), "Quoted title");
	assert_string_equal(tl_timeline_meta(p.tl, "description"), "plain");
	assert_string_equal(tl_timeline_meta(p.tl, "extra-key"), "kept");
	assert_null(tl_timeline_meta(p.tl, "source"));
	const tl_event *e = tl_timeline_event(p.tl, 0);
	assert_int_equal(tl_event_line(e), 7);
	done(&p);
}

static void test_front_matter_unclosed(void **state)
{
	parsed p = parse("---\ntitle: x\n2017: Event\nno colon here\n");
	assert_int_equal(tl_diags_errors(p.d), 2);
	expect_diag(&p, 0, TL_SEV_ERROR, 4, 1,
	            "expected 'key: value' in front matter");
	expect_diag(&p, 1, TL_SEV_ERROR, 1, 1,
	            "front matter opened here is never closed with '---'");
	assert_int_equal(tl_timeline_count(p.tl), 0);
	done(&p);
}

static void test_event_parts(void **state)
{
	parsed p = parse("# Sanctions\n"
	                 "2017-06: Treasury sanctions [IPC](https://x.org/ipc) "
	                 "#sanctions #oil-trade\n"
	                 "id: ipc\n"
	                 "tags: usa, #treasury\n"
	                 "source: https://a.org/1\n"
	                 "source: Reuters, 3 August 2018\n"
	                 "location: Moscow\n"
	                 "color: #0072B2\n"
	                 "First line of the description #extra.\n"
	                 "Second line with [a link](mailto:a@b.org).\n");
	assert_int_equal(tl_diags_count(p.d), 0);
	assert_int_equal(tl_timeline_count(p.tl), 1);
	const tl_event *e = tl_timeline_event(p.tl, 0);
	assert_string_equal(tl_event_title(e), "Treasury sanctions IPC");
	assert_string_equal(tl_event_date_text(e), "2017-06");
	assert_string_equal(tl_event_id(e), "ipc");
	assert_string_equal(tl_timeline_lane(p.tl, tl_event_lane(e)), "Sanctions");
	assert_int_equal(tl_event_tag_count(e), 5);
	assert_string_equal(tl_event_tag(e, 0), "sanctions");
	assert_string_equal(tl_event_tag(e, 1), "oil-trade");
	assert_string_equal(tl_event_tag(e, 2), "usa");
	assert_string_equal(tl_event_tag(e, 3), "treasury");
	assert_string_equal(tl_event_tag(e, 4), "extra");
	assert_int_equal(tl_event_source_count(e), 2);
	assert_string_equal(tl_event_source(e, 1), "Reuters, 3 August 2018");
	assert_string_equal(tl_event_prop(e, "location"), "Moscow");
	assert_string_equal(tl_event_prop(e, "color"), "#0072B2");
	assert_int_equal(tl_event_link_count(e), 2);
	assert_string_equal(tl_event_link_text(e, 0), "IPC");
	assert_string_equal(tl_event_link_url(e, 0), "https://x.org/ipc");
	assert_string_equal(tl_event_link_url(e, 1), "mailto:a@b.org");
	assert_string_equal(tl_event_description(e),
	                    "First line of the description #extra.\n"
	                    "Second line with a link.");
	const tl_date *d = tl_event_date(e);
	assert_int_equal(d->start.prec, TL_PREC_MONTH);
	assert_int_equal(d->lo, tl_days_from_civil(2017, 6, 1));
	assert_int_equal(d->hi, tl_days_from_civil(2017, 7, 1));
	done(&p);
}

static void test_description_paragraphs_and_comments(void **state)
{
	parsed p = parse("2017: A\nline one\n\n// a comment\nline two\n\n\n"
	                 "10,000 workers: arrived, a description line\n"
	                 "2018: B\n");
	assert_int_equal(tl_diags_count(p.d), 0);
	assert_int_equal(tl_timeline_count(p.tl), 2);
	assert_string_equal(tl_event_description(tl_timeline_event(p.tl, 0)),
	                    "line one\n\nline two\n\n"
	                    "10,000 workers: arrived, a description line");
	assert_null(tl_event_description(tl_timeline_event(p.tl, 1)));
	done(&p);
}

static void test_property_only_right_after_event(void **state)
{
	parsed p = parse("2017: A\nText first.\nid: not-a-property\n");
	assert_int_equal(tl_diags_count(p.d), 0);
	const tl_event *e = tl_timeline_event(p.tl, 0);
	assert_null(tl_event_id(e));
	assert_string_equal(tl_event_description(e),
	                    "Text first.\nid: not-a-property");
	done(&p);
}

static void test_sort_is_stable(void **state)
{
	parsed p = parse("# L1\n2018: late\n2017: first same\n# L2\n"
	                 "2017: second same\n2017-06: inside\n");
	assert_int_equal(tl_diags_count(p.d), 0);
	const char *want[] = {"first same", "second same", "inside", "late"};
	for (size_t i = 0; i < 4; i++)
		assert_string_equal(tl_event_title(tl_timeline_event(p.tl, i)),
		                    want[i]);
	done(&p);
}

/* The sort's fast keys must agree with tl_date_cmp: many dates sharing
 * day ranges but differing in precision, qualifiers and time. */
static void test_sort_agrees_with_date_cmp(void **state)
{
	static const char *const forms[] = {
	    "2017-06-0%d", "2017-06-0%d~", "2017-06-0%d?", "2017-06-0%d%%",
	    "2017-06", "2017-06~", "2017", "2017-06-0%dT10:00",
	    "2017-06-0%dT09:00Z", "2017-06-0%d/2017-06-09", "2017-21",
	    "201X", "2017-06-0%d/..", "../2017-06-0%d"};
	tl_buf b = {0};
	unsigned x = 7;
	for (int i = 0; i < 400; i++) {
		x = x * 1103515245u + 12345u;
		char date[40];
		/* The forms are this table's own literals. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
		snprintf(date, sizeof(date), forms[(x >> 8) % 14], 1 + (x >> 4) % 3);
#pragma GCC diagnostic pop
		tl_buf_printf(&b, "%s: e%d\n", date, i);
	}
	parsed p = parse(b.data);
	assert_int_equal(tl_diags_count(p.d), 0);
	assert_int_equal(tl_timeline_count(p.tl), 400);
	for (size_t i = 1; i < 400; i++) {
		const tl_event *a = tl_timeline_event(p.tl, i - 1);
		const tl_event *c = tl_timeline_event(p.tl, i);
		int cmp = tl_date_cmp(tl_event_date(a), tl_event_date(c));
		assert_true(cmp <= 0);
		if (cmp == 0)
			assert_true(tl_event_line(a) < tl_event_line(c));
	}
	free(b.data);
	done(&p);
}

/* Events sharing a lane and a date are numbered in file order, across
 * spellings of the same date, and the numbers survive filtering. */
static void test_twins(void **state)
{
	parsed p = parse("# A\n2017-06: a0\nJune 2017: a1 #t\n2017: other\n"
	                 "# B\n2017-06: b0 #t\n# A\n2017-06: a2 #t\n");
	assert_int_equal(tl_diags_count(p.d), 0);
	const char *want[][2] = {{"other", "0"}, {"a0", "0"}, {"a1", "1"},
	                         {"b0", "0"}, {"a2", "2"}};
	for (size_t i = 0; i < 5; i++) {
		const tl_event *e = tl_timeline_event(p.tl, i);
		assert_string_equal(tl_event_title(e), want[i][0]);
		assert_int_equal(e->twin, want[i][1][0] - '0');
	}
	const char *tag[] = {"t"};
	tl_timeline_filter(p.tl, NULL, NULL, "A", tag, 1);
	assert_int_equal(tl_timeline_count(p.tl), 2);
	assert_int_equal(tl_timeline_event(p.tl, 0)->twin, 1);
	assert_int_equal(tl_timeline_event(p.tl, 1)->twin, 2);
	done(&p);
}

static void test_lanes_order(void **state)
{
	parsed p = parse("---\nlanes: [B, Empty]\n---\n2017: before headings\n"
	                 "# A\n2017: a\n# B\n2017: b\n");
	assert_int_equal(tl_diags_count(p.d), 0);
	assert_int_equal(tl_timeline_lane_count(p.tl), 4);
	assert_string_equal(tl_timeline_lane(p.tl, 0), "B");
	assert_string_equal(tl_timeline_lane(p.tl, 1), "Empty");
	assert_string_equal(tl_timeline_lane(p.tl, 2), "");
	assert_string_equal(tl_timeline_lane(p.tl, 3), "A");
	const tl_event *b = tl_timeline_event(p.tl, 2);
	assert_string_equal(tl_event_title(b), "b");
	assert_int_equal(tl_event_lane(b), 0);
	done(&p);

	p = parse("---\nlanes:\n  - Y\n  - X\n---\n# X\n2017: x\n# Y\n2017: y\n");
	assert_int_equal(tl_diags_count(p.d), 0);
	assert_string_equal(tl_timeline_lane(p.tl, 0), "Y");
	assert_string_equal(tl_timeline_lane(p.tl, 1), "X");
	done(&p);
}

static void test_bad_date_reports_position(void **state)
{
	parsed p = parse("// x\n2017-13: Title\n");
	assert_int_equal(tl_diags_errors(p.d), 1);
	expect_diag(&p, 0, TL_SEV_ERROR, 2, 6,
	            "invalid month '13' in date '2017-13': months are 01-12 "
	            "and seasons 21-24");
	done(&p);
}

static void test_validation(void **state)
{
	parsed p = parse("2017: A\nid: a\nafter: b, ghost\n"
	                 "2018/2017: Reversed\nid: a\n"
	                 "2019:   \n"
	                 "2020: C\nid: c\nafter: c\n");
	assert_int_equal(tl_diags_errors(p.d), 6);
	expect_diag(&p, 0, TL_SEV_ERROR, 5, 5,
	            "duplicate id 'a' (first used on line 2)");
	expect_diag(&p, 1, TL_SEV_ERROR, 3, 8, "'after' names unknown id 'b'");
	expect_diag(&p, 2, TL_SEV_ERROR, 3, 8, "'after' names unknown id 'ghost'");
	expect_diag(&p, 3, TL_SEV_ERROR, 4, 1,
	            "interval ends (2017) before it starts (2018)");
	expect_diag(&p, 4, TL_SEV_ERROR, 6, 9, "event has an empty title");
	expect_diag(&p, 5, TL_SEV_ERROR, 9, 8, "event 'c' cannot follow itself");
	done(&p);
}

static void test_self_reference(void **state)
{
	parsed p = parse("2020: C\nid: c\nafter: c\n");
	assert_int_equal(tl_diags_errors(p.d), 1);
	expect_diag(&p, 0, TL_SEV_ERROR, 3, 8, "event 'c' cannot follow itself");
	done(&p);
}

static void test_properties_checked(void **state)
{
	parsed p = parse("2017: A\nid: has space\nurl: javascript:alert(1)\n"
	                 "color: #12\nowner: me\nstatus:\n");
	assert_int_equal(tl_diags_errors(p.d), 3);
	assert_int_equal(tl_diags_warnings(p.d), 2);
	expect_diag(&p, 0, TL_SEV_ERROR, 2, 5,
	            "invalid id 'has space': use letters, digits, '-', '_' and '.'");
	expect_diag(&p, 1, TL_SEV_WARNING, 3, 6,
	            "url 'javascript:alert(1)' dropped: only http, https and "
	            "mailto links are emitted");
	expect_diag(&p, 2, TL_SEV_WARNING, 5, 1,
	            "unknown property 'owner' (kept; known: id, tags, source, "
	            "url, location, after, status, color)");
	expect_diag(&p, 3, TL_SEV_ERROR, 6, 1, "property 'status' has no value");
	/* Colours are read when the model is finished, after the parse. */
	expect_diag(&p, 4, TL_SEV_ERROR, 4, 8,
	            "invalid color '#12': use #rgb, #rrggbb or a CSS colour "
	            "name");
	const tl_event *e = tl_timeline_event(p.tl, 0);
	assert_null(tl_event_prop(e, "url"));
	assert_string_equal(tl_event_prop(e, "owner"), "me");
	done(&p);
}

#define INDENTED                                                          \
	"indented event line: remove the indent (indented lines are "         \
	"description text only in a paragraph after a blank line)"

static void test_stray_text(void **state)
{
	parsed p = parse("Just some words\n# H\n  2017: indented\n  more\n");
	assert_int_equal(tl_diags_errors(p.d), 2);
	expect_diag(&p, 0, TL_SEV_ERROR, 1, 1,
	            "expected an event ('DATE: Title'), a heading or a comment");
	expect_diag(&p, 1, TL_SEV_ERROR, 3, 1, INDENTED);
	/* Still read as an event, so the next line is its description. */
	assert_int_equal(tl_timeline_count(p.tl), 1);
	assert_string_equal(tl_event_description(tl_timeline_event(p.tl, 0)),
	                    "more");
	done(&p);
}

/* The description of the first event of s, which must parse cleanly. */
static void expect_text(const char *s, const char *desc)
{
	parsed p = parse(s);
	assert_int_equal(tl_diags_count(p.d), 0);
	assert_int_equal(tl_timeline_count(p.tl), 1);
	assert_string_equal(tl_event_description(tl_timeline_event(p.tl, 0)),
	                    desc);
	done(&p);
}

/* Line 2 of s is an error at col with msg, and the first error. */
static void expect_line2(const char *s, int col, const char *msg)
{
	parsed p = parse(s);
	assert_true(tl_diags_errors(p.d) >= 1);
	expect_diag(&p, 0, TL_SEV_ERROR, 2, col, msg);
	done(&p);
}

static void test_event_like_lines_never_swallowed(void **state)
{
	(void)state;
	expect_line2("2020: a\n2021 - 2023-13: b\n", 13,
	             "invalid month '13' in date '2021 - 2023-13': months are "
	             "01-12 and seasons 21-24");
	expect_line2("2020: a\n1 hour: b\n", 3,
	             "'hour' in relative date '1 hour' is not supported yet: "
	             "relative dates count days, week days, weeks, months and "
	             "years");
	expect_line2("2020: a\n0 BC: b\n", 1,
	             "there is no year 0 in date '0 BC': 1 BCE is followed by "
	             "1 CE (write 0000 for 1 BCE)");
	expect_line2("2020: a\nJnu 2017: b\n", 1,
	             "unknown month name 'Jnu' in date 'Jnu 2017'");
	expect_line2("2020: a\n201x: b\n", 4,
	             "unspecified digit must be a capital 'X' in date '201x'");
	expect_line2("2020: a\n12 2017: b\n", 4,
	             "expected a month name after the day in date '12 2017'");
	expect_line2("2020: a\n2017-06-01:no space\n", 12,
	             "expected a space after ':' in 'DATE: Title'");
	expect_line2("2020: a\n  2021: b\n", 1, INDENTED);
	expect_line2("2020: a\nevery 2 weeks: b\n", 1,
	             "a recurrence needs a date before 'every' in 'every 2 "
	             "weeks'");
	expect_line2("2020: a\nafter !a 1 week: b\n", 7,
	             "relative date refers to unknown id 'a'");
	expect_line2("2020: a\nWED: b\n", 1,
	             "weekday 'WED' is not supported yet: write the date as "
	             "YYYY-MM-DD");
	expect_line2("2020: a\n8:30pm: b\n", 1,
	             "time '8:30pm' is not supported yet: write the date before "
	             "it, as 2017-06-01 8:30pm");
	/* A byte column: the en dash before the bad month is three bytes. */
	expect_line2("2020: a\n2017-06-01 \xE2\x80\x93 2017-13-01: b\n", 21,
	             "invalid month '13' in date '2017-06-01 \xE2\x80\x93 "
	             "2017-13-01': months are 01-12 and seasons 21-24");
}

static void test_prose_stays_prose(void **state)
{
	(void)state;
	expect_text("2020: a\n10,000 workers: arrived\n",
	            "10,000 workers: arrived");
	expect_text("2020: a\nIn 2017: it rained\n", "In 2017: it rained");
	expect_text("2020: a\nNote: see below\n", "Note: see below");
	expect_text("2020: a\n3 workers: left\n", "3 workers: left");
	expect_text("2020: a\nEvery morning: coffee\n", "Every morning: coffee");
	expect_text("2020: a\nx\nafter: the war\n", "x\nafter: the war");
	/* An indented paragraph after a blank line is text, as import writes
	 * it. */
	expect_text("2020: a\n\n  2021: not an event\n  now: neither\n",
	            "2021: not an event\nnow: neither");
	expect_text("2020: a\ntext\n\n  2021: text too\n",
	            "text\n\n2021: text too");
	/* Not once the paragraph has an unindented line. */
	parsed p = parse("2020: a\n\nx\n  2021: b\n");
	assert_int_equal(tl_diags_errors(p.d), 1);
	expect_diag(&p, 0, TL_SEV_ERROR, 4, 1, INDENTED);
	done(&p);
}

static void test_bytes(void **state)
{
	/* CRLF, a BOM, no final newline: all accepted. */
	parsed p = parse("\xEF\xBB\xBF# L\r\n2017-06-01: A\r\nid: a\r\ntext");
	assert_int_equal(tl_diags_count(p.d), 0);
	const tl_event *e = tl_timeline_event(p.tl, 0);
	assert_string_equal(tl_event_id(e), "a");
	assert_string_equal(tl_event_description(e), "text");
	done(&p);

	/* Invalid UTF-8 and NUL bytes are errors with their column. */
	const char bad[] = "2017: ok\n2018: b\xff\n2019: c\0d\n";
	p.d = tl_diags_new(0);
	p.tl = tl_parse("t.mw", bad, sizeof(bad) - 1, p.d);
	assert_int_equal(tl_diags_errors(p.d), 2);
	expect_diag(&p, 0, TL_SEV_ERROR, 2, 8, "invalid UTF-8 byte 0xFF");
	expect_diag(&p, 1, TL_SEV_ERROR, 3, 8, "NUL byte in line");
	done(&p);
}

static void test_casual_dates_and_times(void **state)
{
	parsed p = parse("June 2017: casual\n2 August 2018: day\n"
	                 "2018-08-02T14:30:00Z: timed\n");
	assert_int_equal(tl_diags_count(p.d), 0);
	assert_int_equal(tl_timeline_count(p.tl), 3);
	assert_string_equal(tl_event_title(tl_timeline_event(p.tl, 2)), "timed");
	assert_int_equal(tl_event_date(tl_timeline_event(p.tl, 2))->start.hour, 14);
	done(&p);
	/* Markwhen's forms, read in the file: slash dates month first by
	 * default, with a warning when day first would be a date too. */
	p = parse("06/07/2017 8:30pm: us\n");
	assert_int_equal(tl_diags_errors(p.d), 0);
	expect_diag(&p, 0, TL_SEV_WARNING, 1, 1,
	            "numeric date '06/07/2017' is read month first, as "
	            "2017-06-07 (day first it is 2017-07-06): write 2017-06-07, "
	            "or dateFormat: d/M/y in the front matter for day first");
	const tl_date *d = tl_event_date(tl_timeline_event(p.tl, 0));
	assert_int_equal(d->start.month, 6);
	assert_int_equal(d->start.day, 7);
	assert_int_equal(d->start.hour, 20);
	assert_int_equal(d->start.minute, 30);
	done(&p);
	p = parse("---\ndateFormat: d/M/y\n---\n06/07/2017 - 13/07/2017: eu\n");
	assert_int_equal(tl_diags_errors(p.d), 0);
	expect_diag(&p, 0, TL_SEV_WARNING, 4, 1,
	            "numeric date '06/07/2017' is read day first, as 2017-07-06 "
	            "(dateFormat: d/M/y): write 2017-07-06 to say so");
	d = tl_event_date(tl_timeline_event(p.tl, 0));
	assert_int_equal(d->start.month, 7);
	assert_int_equal(d->start.day, 6);
	assert_int_equal(d->end.day, 13);
	assert_int_equal(tl_diags_count(p.d), 1);
	done(&p);
}

static void test_filter(void **state)
{
	parsed p = parse("# A\n2016: a #x\n2017: b #x #y\n# B\n2018: c #y\n");
	tl_date from;
	tl_diag err;
	assert_int_equal(tl_date_parse("2017", 4, &from, &err), 0);
	const char *tags[] = {"y"};
	tl_timeline_filter(p.tl, &from, NULL, NULL, tags, 1);
	assert_int_equal(tl_timeline_count(p.tl), 2);
	assert_int_equal(tl_timeline_filter(p.tl, NULL, NULL, "B", NULL, 0), 0);
	assert_int_equal(tl_timeline_count(p.tl), 1);
	assert_int_equal(tl_timeline_lane_count(p.tl), 1);
	assert_string_equal(tl_event_title(tl_timeline_event(p.tl, 0)), "c");
	assert_int_equal(tl_event_lane(tl_timeline_event(p.tl, 0)), 0);
	assert_int_equal(tl_timeline_filter(p.tl, NULL, NULL, "Z", NULL, 0), -1);
	assert_int_equal(tl_timeline_count(p.tl), 1);
	done(&p);

	/* Open ends reach into any later (or earlier) window. */
	p = parse("2015/..: open end\n../2010: open start\n2016: closed\n");
	const char *hash[] = {"#nothing"};
	tl_date to;
	assert_int_equal(tl_date_parse("2018", 4, &from, &err), 0);
	assert_int_equal(tl_date_parse("2012", 4, &to, &err), 0);
	tl_timeline_filter(p.tl, &from, NULL, NULL, NULL, 0);
	assert_int_equal(tl_timeline_count(p.tl), 1);
	assert_string_equal(tl_event_title(tl_timeline_event(p.tl, 0)), "open end");
	done(&p);
	p = parse("2015/..: open end\n../2010: open start\n2016: closed\n");
	assert_int_equal(tl_date_parse("2005", 4, &from, &err), 0);
	tl_timeline_filter(p.tl, &from, &to, NULL, NULL, 0);
	assert_int_equal(tl_timeline_count(p.tl), 1);
	assert_string_equal(tl_event_title(tl_timeline_event(p.tl, 0)), "open start");
	tl_timeline_filter(p.tl, NULL, NULL, NULL, hash, 1);
	assert_int_equal(tl_timeline_count(p.tl), 0);
	done(&p);
}

static void test_error_cap(void **state)
{
	tl_buf b = {0};
	for (int i = 0; i < 50; i++)
		tl_buf_puts(&b, "2017-13: x\n");
	parsed p = parse(b.data); /* tl_diags_new(0): no cap */
	assert_int_equal(tl_diags_errors(p.d), 50);
	assert_int_equal(tl_diags_count(p.d), 50);
	assert_false(tl_diags_truncated(p.d));
	done(&p);
	p.d = tl_diags_new(20);
	p.tl = tl_parse("t.mw", b.data, b.len, p.d);
	assert_int_equal(tl_diags_errors(p.d), 50);
	assert_int_equal(tl_diags_count(p.d), 20);
	assert_true(tl_diags_truncated(p.d));
	free(b.data);
	done(&p);
}

static void test_url_is_safe(void **state)
{
	assert_true(tl_url_is_safe("https://a.org/x?y=1&z=2"));
	assert_true(tl_url_is_safe("HTTP://a.org"));
	assert_true(tl_url_is_safe("mailto:a@b.org"));
	assert_false(tl_url_is_safe("javascript:alert(1)"));
	assert_false(tl_url_is_safe(" https://a.org"));
	assert_false(tl_url_is_safe("https://a.org/\"onload=x"));
	assert_false(tl_url_is_safe("https://a.org/<script>"));
	assert_false(tl_url_is_safe("https://"));
	assert_false(tl_url_is_safe("data:text/html,x"));
	assert_false(tl_url_is_safe(NULL));
}

/* ---- text: characters that no string in the model holds ---- */

/* No byte of s is a C0 control other than tab and line feed, DEL, or the
 * start of a C1 control, U+FFFE or U+FFFF. */
static void assert_clean(const char *s)
{
	size_t drop;
	assert_int_equal(tl_text_check(s, strlen(s), &drop), strlen(s));
	assert_int_equal(drop, strlen(s));
}

static void test_control_characters_dropped(void **state)
{
	parsed p = parse("---\ntitle: T\x1b[31m\n---\n"
	                 "# La\x07ne\n"
	                 "2017: a\x1b]0;PWNED\x07" "b #t\x7fg\n"
	                 "location: Mos\xC2\x85" "cow\n"
	                 "owner: x\x01y\n"
	                 "source: s\x0dt\n"
	                 "desc\x1b" "ription \xEF\xBF\xBE [li\x02nk](https://e.org/\x03)\n");
	const tl_event *e = tl_timeline_event(p.tl, 0);
	assert_string_equal(tl_timeline_meta(p.tl, "title"), "T[31m");
	assert_string_equal(tl_timeline_lane(p.tl, 0), "Lane");
	assert_string_equal(tl_event_title(e), "a]0;PWNEDb");
	assert_string_equal(tl_event_tag(e, 0), "tg");
	assert_string_equal(tl_event_prop(e, "location"), "Moscow");
	assert_string_equal(tl_event_prop(e, "owner"), "xy");
	assert_string_equal(tl_event_source(e, 0), "st");
	assert_string_equal(tl_event_description(e), "description  link");
	assert_string_equal(tl_event_link_text(e, 0), "link");
	assert_string_equal(tl_event_link_url(e, 0), "https://e.org/");
	/* One warning a line, at the first character dropped, naming it by
	 * its code point; the unknown key still warns. */
	assert_int_equal(tl_diags_errors(p.d), 0);
	expect_diag(&p, 0, TL_SEV_WARNING, 2, 9,
	            "control character U+001B dropped");
	expect_diag(&p, 1, TL_SEV_WARNING, 4, 5,
	            "control character U+0007 dropped");
	expect_diag(&p, 2, TL_SEV_WARNING, 5, 8,
	            "control character U+001B dropped (and 2 more on this line)");
	expect_diag(&p, 3, TL_SEV_WARNING, 6, 14,
	            "control character U+0085 dropped");
	expect_diag(&p, 4, TL_SEV_WARNING, 7, 9,
	            "control character U+0001 dropped");
	assert_int_equal(tl_diags_get(p.d, 5)->line, 7); /* unknown property */
	expect_diag(&p, 6, TL_SEV_WARNING, 8, 10,
	            "control character U+000D dropped");
	expect_diag(&p, 7, TL_SEV_WARNING, 9, 5,
	            "control character U+001B dropped (and 3 more on this line)");
	assert_int_equal(tl_diags_count(p.d), 8);
	for (size_t i = 0; i < tl_diags_count(p.d); i++)
		assert_clean(tl_diags_get(p.d, i)->message);
	done(&p);

	p = parse("2017: \xEF\xBF\xBF" "x\n");
	expect_diag(&p, 0, TL_SEV_WARNING, 1, 7, "noncharacter U+FFFF dropped");
	assert_int_equal(tl_diags_get(p.d, 0)->len, 3);
	done(&p);
}

/* Messages after a dropped character still point into the line as
 * written, and quote only what is kept. */
static void test_columns_after_dropped_characters(void **state)
{
	parsed p = parse("\x1b\x1b" "2017-13: x\n"
	                 "2017: A\n"
	                 "id: \x07has space\n"
	                 "2018: B\nid: x\x1b\nafter:\x1b ghost\n"
	                 "2019: C\nid: x\n");
	assert_int_equal(tl_diags_errors(p.d), 4);
	expect_diag(&p, 0, TL_SEV_WARNING, 1, 1,
	            "control character U+001B dropped (and 1 more on this line)");
	expect_diag(&p, 1, TL_SEV_ERROR, 1, 8,
	            "invalid month '13' in date '2017-13': months are 01-12 "
	            "and seasons 21-24");
	expect_diag(&p, 2, TL_SEV_WARNING, 3, 5,
	            "control character U+0007 dropped");
	expect_diag(&p, 3, TL_SEV_ERROR, 3, 6,
	            "invalid id 'has space': use letters, digits, '-', '_' and "
	            "'.'");
	assert_int_equal(tl_diags_get(p.d, 3)->len, 9);
	/* model.c's messages use the columns the parser stored. */
	size_t n = tl_diags_count(p.d);
	expect_diag(&p, n - 2, TL_SEV_ERROR, 8, 5,
	            "duplicate id 'x' (first used on line 5)");
	expect_diag(&p, n - 1, TL_SEV_ERROR, 6, 9,
	            "'after' names unknown id 'ghost'");
	done(&p);
}

/* A title left empty by dropping takes the date label; one with nothing
 * written, or only tags, is still an error. */
static void test_title_of_control_characters(void **state)
{
	parsed p = parse("2017-06: \x1b\x07\n2018~:\x1b\n2019-13: \x01\n");
	/* Sorted: the invalid date (zeroed) first. */
	assert_string_equal(tl_event_title(tl_timeline_event(p.tl, 0)),
	                    "2019-13");
	assert_string_equal(tl_event_title(tl_timeline_event(p.tl, 1)),
	                    "June 2017");
	assert_string_equal(tl_event_title(tl_timeline_event(p.tl, 2)),
	                    "c. 2018");
	expect_diag(&p, 0, TL_SEV_WARNING, 1, 10,
	            "control character U+001B dropped (and 1 more on this line)");
	expect_diag(&p, 1, TL_SEV_WARNING, 1, 10,
	            "title is empty once control characters are dropped; using "
	            "the date label 'June 2017'");
	expect_diag(&p, 3, TL_SEV_WARNING, 2, 7,
	            "title is empty once control characters are dropped; using "
	            "the date label 'c. 2018'");
	/* An invalid date has no label: its text stands in. */
	assert_int_equal(tl_diags_errors(p.d), 1);
	expect_diag(&p, 6, TL_SEV_WARNING, 3, 10,
	            "title is empty once control characters are dropped; using "
	            "the date label '2019-13'");
	done(&p);

	p = parse("2017:\n2018: #only-tags\n");
	assert_int_equal(tl_diags_errors(p.d), 2);
	expect_diag(&p, 0, TL_SEV_ERROR, 1, 6, "event has an empty title");
	expect_diag(&p, 1, TL_SEV_ERROR, 2, 7, "event has an empty title");
	done(&p);
}

/* ---- front matter: YAML's quoting ---- */

static void test_front_matter_quoting(void **state)
{
	parsed p = parse("---\n"
	                 "title: \"a \\\"b\\\" \\\\ c\\/d\"\n"
	                 "description: \"line\\nnext\\ttab \\u00e9\\x41\\U0001F600"
	                 "\\uD83D\\uDE00\\_\\ \" # a comment\n"
	                 "source: 'it''s \\n raw'\n"
	                 "calendar: plain \"as\" written # kept\n"
	                 "url : \"\"\n"
	                 "owner: \"bell\\a\\u001b[0m\\0\\e\"\n"
	                 "---\n2017: x\n");
	assert_int_equal(tl_diags_errors(p.d), 0);
	assert_string_equal(tl_timeline_meta(p.tl, "title"), "a \"b\" \\ c/d");
	assert_string_equal(tl_timeline_meta(p.tl, "description"),
	                    "line\nnext\ttab \xC3\xA9" "A\xF0\x9F\x98\x80"
	                    "\xF0\x9F\x98\x80\xC2\xA0 ");
	assert_string_equal(tl_timeline_meta(p.tl, "source"), "it's \\n raw");
	assert_string_equal(tl_timeline_meta(p.tl, "calendar"),
	                    "plain \"as\" written # kept");
	assert_string_equal(tl_timeline_meta(p.tl, "url"), "");
	/* Escapes that make characters text drops: dropped, told once at
	 * the first escape. */
	assert_string_equal(tl_timeline_meta(p.tl, "owner"), "bell[0m");
	assert_int_equal(tl_diags_count(p.d), 1);
	expect_diag(&p, 0, TL_SEV_WARNING, 7, 13,
	            "control character U+0007 dropped (and 3 more on this line)");
	assert_int_equal(tl_diags_get(p.d, 0)->len, 2);
	done(&p);
}

static void test_front_matter_quoting_errors(void **state)
{
	parsed p = parse("---\n"
	                 "a: \"x\\qy\"\n"
	                 "b: \"\\u12G4\"\n"
	                 "c: \"\\uD800 lone\"\n"
	                 "d: \"\\U00110000\"\n"
	                 "e: \"never closed\n"
	                 "f: 'never closed\n"
	                 "g: \"x\" y\n"
	                 "h: \"x\"# no space\n"
	                 "i: \"x\\\"\n"
	                 "j: \"\\\xC3\xA9\"\n"
	                 "---\n2017: x\n");
	assert_int_equal(tl_diags_errors(p.d), 10);
	expect_diag(&p, 0, TL_SEV_ERROR, 2, 6,
	            "unknown escape '\\q' in a double-quoted value");
	expect_diag(&p, 1, TL_SEV_ERROR, 3, 5,
	            "escape '\\u' needs 4 hexadecimal digits");
	expect_diag(&p, 2, TL_SEV_ERROR, 4, 5,
	            "escape '\\uD800' is half of a surrogate pair");
	expect_diag(&p, 3, TL_SEV_ERROR, 5, 5,
	            "escape '\\U00110000' is past U+10FFFF");
	expect_diag(&p, 4, TL_SEV_ERROR, 6, 4,
	            "the double-quoted value is never closed");
	expect_diag(&p, 5, TL_SEV_ERROR, 7, 4,
	            "the single-quoted value is never closed");
	expect_diag(&p, 6, TL_SEV_ERROR, 8, 8,
	            "unexpected text after the closing quote");
	expect_diag(&p, 7, TL_SEV_ERROR, 9, 7,
	            "unexpected text after the closing quote");
	expect_diag(&p, 8, TL_SEV_ERROR, 10, 4,
	            "the double-quoted value is never closed");
	expect_diag(&p, 9, TL_SEV_ERROR, 11, 5,
	            "unknown escape '\\\xC3\xA9' in a double-quoted value");
	assert_int_equal(tl_diags_get(p.d, 9)->len, 3);
	for (const char *k = "abcdefghij"; *k; k++) {
		char key[2] = {*k, 0};
		assert_null(tl_timeline_meta(p.tl, key));
	}
	done(&p);
}

static void test_lanes_quoting(void **state)
{
	parsed p = parse("---\nlanes: [\"B, with comma\", 'It''s', A]\n"
	                 "---\n# A\n2017: a\n# It's\n2017: i\n"
	                 "# B, with comma\n2017: b\n");
	assert_int_equal(tl_diags_count(p.d), 0);
	assert_string_equal(tl_timeline_lane(p.tl, 0), "B, with comma");
	assert_string_equal(tl_timeline_lane(p.tl, 1), "It's");
	assert_string_equal(tl_timeline_lane(p.tl, 2), "A");
	done(&p);

	p = parse("---\nlanes:\n  - \"Q: \\\"x\\\"\"\n  - R, S\n---\n"
	          "# S\n2017: s\n# Q: \"x\"\n2017: q\n");
	assert_int_equal(tl_diags_count(p.d), 0);
	assert_string_equal(tl_timeline_lane(p.tl, 0), "Q: \"x\"");
	assert_string_equal(tl_timeline_lane(p.tl, 1), "R");
	assert_string_equal(tl_timeline_lane(p.tl, 2), "S");
	done(&p);

	p = parse("---\nlanes: [\"A\" B, \"x\\ny\", \"open]\n---\n2017: x\n");
	assert_int_equal(tl_diags_errors(p.d), 1);
	expect_diag(&p, 0, TL_SEV_ERROR, 2, 13,
	            "expected ',' after a quoted lane name");
	done(&p);
	p = parse("---\nlanes: [\"x\\ny\"]\n---\n2017: x\n");
	expect_diag(&p, 0, TL_SEV_ERROR, 2, 9,
	            "a lane name cannot hold a line break");
	done(&p);
}

/* ---- bounded work ---- */

/* Big inputs of one shape each: an event with many lines, many lanes,
 * many front matter keys.  Quadratic code would take minutes here. */
static void test_linear_in_the_input(void **state)
{
	enum { N = 50000 };
	tl_buf b = {0};
	tl_buf_puts(&b, "2017: Big\n");
	for (int i = 0; i < N; i++)
		tl_buf_printf(&b, "k%d: v%d\ntags: t%d\nsource: s%d\n", i, i, i, i);
	tl_buf_puts(&b, "A description with #tags and [links](https://e.org)");
	for (int i = 0; i < N; i++)
		tl_buf_puts(&b, " [[[ #x");
	tl_buf_puts(&b, "\n");
	tl_diags *d = tl_diags_new(0);
	tl_timeline *tl = tl_parse("t.mw", b.data, b.len, d);
	assert_int_equal(tl_diags_errors(d), 0);
	assert_int_equal(tl_diags_warnings(d), N); /* unknown keys, counted */
	const tl_event *e = tl_timeline_event(tl, 0);
	assert_int_equal(e->nprops, N);
	assert_string_equal(e->props[N - 1].key, "k49999");
	assert_string_equal(e->props[N - 1].value, "v49999");
	assert_int_equal(tl_event_tag_count(e), 2 * N + 1);
	assert_string_equal(tl_event_tag(e, N - 1), "t49999");
	assert_string_equal(tl_event_tag(e, N), "tags");
	assert_int_equal(tl_event_source_count(e), N);
	assert_string_equal(tl_event_source(e, N - 1), "s49999");
	assert_int_equal(tl_event_link_count(e), 1);
	tl_timeline_free(tl);
	tl_diags_free(d);

	b.len = 0;
	tl_buf_puts(&b, "---\n");
	for (int i = 0; i < N; i++)
		tl_buf_printf(&b, "key%d: \"v%d\"\n", i, i);
	tl_buf_puts(&b, "lanes: [L7, L3]\n---\n");
	for (int i = 0; i < 2 * N; i++)
		tl_buf_printf(&b, "# L%d\n2017: e%d\nid: e%d\n", i % N, i, i);
	d = tl_diags_new(0);
	tl = tl_parse("t.mw", b.data, b.len, d);
	assert_int_equal(tl_diags_count(d), 0);
	assert_string_equal(tl_timeline_meta(tl, "key49999"), "v49999");
	assert_int_equal(tl_timeline_lane_count(tl), N);
	assert_string_equal(tl_timeline_lane(tl, 0), "L7");
	assert_string_equal(tl_timeline_lane(tl, 1), "L3");
	assert_string_equal(tl_timeline_lane(tl, 2), "L0");
	e = tl_timeline_event(tl, 2 * N - 1);
	assert_string_equal(tl_event_title(e), "e99999");
	assert_string_equal(tl_timeline_lane(tl, tl_event_lane(e)), "L49999");
	assert_int_equal(tl_event_lane(tl_timeline_event(tl, 7)), 0);
	assert_int_equal(tl_event_lane(tl_timeline_event(tl, N + 3)), 1);
	tl_timeline_free(tl);
	tl_diags_free(d);
	free(b.data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_front_matter),
	    cmocka_unit_test(test_front_matter_unclosed),
	    cmocka_unit_test(test_event_parts),
	    cmocka_unit_test(test_description_paragraphs_and_comments),
	    cmocka_unit_test(test_property_only_right_after_event),
	    cmocka_unit_test(test_sort_is_stable),
	    cmocka_unit_test(test_sort_agrees_with_date_cmp),
	    cmocka_unit_test(test_twins),
	    cmocka_unit_test(test_lanes_order),
	    cmocka_unit_test(test_bad_date_reports_position),
	    cmocka_unit_test(test_validation),
	    cmocka_unit_test(test_self_reference),
	    cmocka_unit_test(test_properties_checked),
	    cmocka_unit_test(test_stray_text),
	    cmocka_unit_test(test_event_like_lines_never_swallowed),
	    cmocka_unit_test(test_prose_stays_prose),
	    cmocka_unit_test(test_bytes),
	    cmocka_unit_test(test_casual_dates_and_times),
	    cmocka_unit_test(test_filter),
	    cmocka_unit_test(test_error_cap),
	    cmocka_unit_test(test_url_is_safe),
	    cmocka_unit_test(test_control_characters_dropped),
	    cmocka_unit_test(test_columns_after_dropped_characters),
	    cmocka_unit_test(test_title_of_control_characters),
	    cmocka_unit_test(test_front_matter_quoting),
	    cmocka_unit_test(test_front_matter_quoting_errors),
	    cmocka_unit_test(test_lanes_quoting),
	    cmocka_unit_test(test_linear_in_the_input),
	};
	return cmocka_run_group_tests_name("parse", tests, NULL, NULL);
}
