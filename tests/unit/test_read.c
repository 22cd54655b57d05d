/*
 * test_read.c - the readers behind tl_read(): format detection, text
 * cleaned as the native reader keeps it, HTML to text, the places of
 * fields in a sheet, the times of a calendar, and the native writer's
 * round trip.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "read_int.h"
#include "support.h"

/* Reads text in fmt; *d gets the diagnostics; the caller frees them with
 * tl_diags_free().  The caller frees the
 * result with tl_timeline_free(). */
static tl_timeline *read_str(const char *name, const char *text,
                             tl_format fmt, tl_diags **d)
{
	*d = tl_diags_new(0);
	return tl_read(name, text, strlen(text), fmt, *d);
}

static void test_detect(void **state)
{
	(void)state;
	assert_int_equal(tl_format_detect("a.CSV", "", 0), TL_FORMAT_TIMELINEJS_CSV);
	assert_int_equal(tl_format_detect("dir.ics/a.json", "", 0),
	                 TL_FORMAT_TIMELINEJS_JSON);
	assert_int_equal(tl_format_detect("a.ical", "", 0), TL_FORMAT_ICS);
	assert_int_equal(tl_format_detect("a.mw", "BEGIN:VCALENDAR", 15),
	                 TL_FORMAT_NATIVE);
	const char *ics = "\xEF\xBB\xBF\r\nbegin:vevent\r\n";
	assert_int_equal(tl_format_detect("-", ics, strlen(ics)), TL_FORMAT_ICS);
	assert_int_equal(tl_format_detect("-", " {\"events\":[]}", 14),
	                 TL_FORMAT_TIMELINEJS_JSON);
	const char *csv = "\"Headline\", Year ,Text\n";
	assert_int_equal(tl_format_detect(NULL, csv, strlen(csv)),
	                 TL_FORMAT_TIMELINEJS_CSV);
	assert_int_equal(tl_format_detect("x", "Year,Title\n", 11), TL_FORMAT_NATIVE);
	assert_int_equal(tl_format_detect(".csv", "2017: x", 7), TL_FORMAT_NATIVE);
	tl_format f;
	assert_int_equal(tl_format_parse("csv", &f), 0);
	assert_int_equal(f, TL_FORMAT_TIMELINEJS_CSV);
	assert_int_equal(tl_format_parse("CSV", &f), -1);
	assert_string_equal(tl_format_name(TL_FORMAT_ICS), "ics");
}

static void test_clean(void **state)
{
	(void)state;
	static const struct {
		const char *in, *out, *one;
	} cases[] = {
	    {"  a\tb  \n\n\n  c \n", "a b\n\nc", "a b c"},
	    {"\n\nx\r\ny\x01z\n\n", "x\nyz", "x yz"},
	    {"", "", ""},
	    {" \n \t\n", "", ""},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		tl_buf b = {0};
		tl_read_clean(&b, cases[i].in, strlen(cases[i].in), 0);
		tl_buf_putc(&b, '\0');
		assert_string_equal(b.data, cases[i].out);
		b.len = 0;
		tl_read_clean(&b, cases[i].in, strlen(cases[i].in), 1);
		tl_buf_putc(&b, '\0');
		assert_string_equal(b.data, cases[i].one);
		free(b.data);
	}
}

static void test_html(void **state)
{
	(void)state;
	const char *h = "<p>A &amp; B &eacute;&#x2014;<a href=\"https://e.org/?a=1&amp;b=2\">"
	                "the  <b>link</b></a>!</p><p>two<br/>lines</p>"
	                "<script>alert(1)</script><ul><li>x</li><li>y</li></ul>";
	tl_html_text t;
	tl_html_to_text(h, strlen(h), &t);
	tl_buf_putc(&t.text, '\0');
	assert_string_equal(t.text.data,
	                    "A & B \xC3\xA9\xE2\x80\x94the link!\n\ntwo\nlines\n\nx\ny\n\n");
	assert_int_equal(t.nlinks, 1);
	assert_string_equal(t.links[0].text, "the link");
	assert_string_equal(t.links[0].url, "https://e.org/?a=1&b=2");
	tl_html_text_free(&t);
	/* Nesting deeper than the walk goes is cut, not followed. */
	tl_buf deep = {0};
	for (int i = 0; i < 5000; i++)
		tl_buf_puts(&deep, "<div>");
	tl_buf_puts(&deep, "deep");
	tl_html_to_text(deep.data, deep.len, &t);
	tl_html_text_free(&t);
	free(deep.data);
}

static void test_csv_places(void **state)
{
	(void)state;
	tl_diags *d;
	const char *csv = "Year,Headline,Text\n"
	                  "2001,\"Two\nlines\",x\n"
	                  "2002,B,\"Caf\xC3\xA9 \"\"q\"\"\"\n"
	                  "20x3,C,\n";
	tl_timeline *tl = read_str("s.csv", csv, TL_FORMAT_AUTO, &d);
	assert_int_equal(tl_diags_errors(d), 1);
	const tl_diag *g = tl_diags_get(d, 0);
	assert_int_equal(g->line, 5);
	assert_int_equal(g->col, 1);
	assert_int_equal(g->len, 4);
	assert_string_equal(g->message, "Year '20x3' is not a whole number");
	assert_int_equal(tl_timeline_count(tl), 2);
	const tl_event *e = tl_timeline_event(tl, 0);
	assert_string_equal(tl_event_title(e), "Two lines");
	assert_int_equal(tl_event_line(e), 2);
	assert_string_equal(tl_event_description(tl_timeline_event(tl, 1)),
	                    "Caf\xC3\xA9 \"q\"");
	tl_timeline_free(tl);
	tl_diags_free(d);
}

static void test_ics_times(void **state)
{
	(void)state;
	tl_diags *d;
	const char *ics = "BEGIN:VEVENT\nUID:u\nDTSTART;TZID=Asia/Kolkata:20240101T093000\n"
	                  "DTEND;TZID=Asia/Kolkata:20240101T093000\nSUMMARY:s\nEND:VEVENT\n"
	                  "BEGIN:VEVENT\nUID:v\nDTSTART;VALUE=DATE:20240229\n"
	                  "DTEND;VALUE=DATE:20240229\nSUMMARY:t\nEND:VEVENT\n";
	tl_timeline *tl = read_str("-", ics, TL_FORMAT_AUTO, &d);
	assert_int_equal(tl_diags_errors(d), 0);
	assert_int_equal(tl_timeline_count(tl), 2);
	/* An end at the start is no interval: an instant, a day. */
	assert_string_equal(tl_event_date_text(tl_timeline_event(tl, 0)),
	                    "2024-01-01T09:30+05:30");
	assert_string_equal(tl_event_date_text(tl_timeline_event(tl, 1)),
	                    "2024-02-29");
	tl_timeline_free(tl);
	tl_diags_free(d);
}

/* tl_read_options.until stops an RRULE and an RDATE at its last day, but
 * keeps DTSTART; without it an endless rule warns once, naming --until. */
static void test_ics_until(void **state)
{
	(void)state;
	const char *ics = "BEGIN:VEVENT\nUID:w\nDTSTART;VALUE=DATE:20240101\n"
	                  "RRULE:FREQ=WEEKLY\nRDATE;VALUE=DATE:20240103,20240201\n"
	                  "SUMMARY:s\nEND:VEVENT\n"
	                  "BEGIN:VEVENT\nUID:late\nDTSTART;VALUE=DATE:20250101\n"
	                  "RRULE:FREQ=DAILY;COUNT=3\nSUMMARY:t\nEND:VEVENT\n";
	tl_read_options ro;
	tl_read_options_init(&ro);
	assert_int_equal(ro.format, TL_FORMAT_AUTO);
	assert_int_equal(ro.has_until, 0);
	tl_diag err;
	assert_int_equal(tl_date_parse("2024-01", 7, &ro.until, &err), 0);
	ro.has_until = 1;
	tl_diags *d = tl_diags_new(0);
	tl_timeline *tl = tl_read_with("-", ics, strlen(ics), &ro, d);
	assert_int_equal(tl_diags_errors(d), 0);
	assert_int_equal(tl_diags_warnings(d), 0);
	/* 1, 3 (RDATE), 8, 15, 22, 29 January; not 1 February; and the late
	 * series' DTSTART alone. */
	assert_int_equal(tl_timeline_count(tl), 7);
	assert_string_equal(tl_event_date_text(tl_timeline_event(tl, 5)),
	                    "2024-01-29");
	assert_string_equal(tl_event_date_text(tl_timeline_event(tl, 6)),
	                    "2025-01-01");
	tl_timeline_free(tl);
	tl_diags_free(d);

	d = tl_diags_new(0);
	tl = tl_read_with("-", ics, strlen(ics), NULL, d);
	assert_int_equal(tl_diags_warnings(d), 1);
	assert_string_equal(tl_diags_get(d, 0)->message,
	                    "RRULE has no COUNT or UNTIL: read as 1000 "
	                    "occurrences, the last on 2043-02-09 (the bound of "
	                    "the reader); --until DATE sets where it ends");
	assert_int_equal(tl_diags_get(d, 0)->line, 4);
	assert_int_equal(tl_timeline_count(tl), 1003);
	tl_timeline_free(tl);
	tl_diags_free(d);
}

static void test_roundtrip_lanes(void **state)
{
	(void)state;
	tl_diags *d;
	/* The default lane is used after a group: it still comes first, so
	 * the native file can give it back. */
	const char *csv = "Year,Headline,Group\n2001,A,G\n2001,B,\n2001,C,H\n2001,D,G\n";
	tl_timeline *tl = read_str("s.csv", csv, TL_FORMAT_AUTO, &d);
	assert_int_equal(tl_diags_errors(d), 0);
	assert_string_equal(tl_timeline_lane(tl, 0), "");
	assert_string_equal(tl_timeline_lane(tl, 1), "G");
	tl_buf mw = {0};
	tl_options o;
	tl_options_init(&o);
	assert_int_equal(tl_render_mw(tl, &o, support_collect, &mw, d), 0);
	tl_buf_putc(&mw, '\0');
	assert_string_equal(mw.data, "2001: B\n\n# G\n\n2001: A\n\n2001: D\n\n"
	                             "# H\n\n2001: C\n\n");
	tl_timeline *back = support_parse(mw.data);
	for (size_t i = 0; i < 4; i++)
		assert_string_equal(tl_event_title(tl_timeline_event(tl, i)),
		                    tl_event_title(tl_timeline_event(back, i)));
	free(mw.data);
	tl_timeline_free(back);
	tl_timeline_free(tl);
	tl_diags_free(d);
}

/* "\#" is a '#' that makes no tag; the native writer writes one where a
 * '#' of the text would start a tag, and before a '#' after a backslash. */
static void test_hash_escape(void **state)
{
	(void)state;
	tl_timeline *tl = support_parse("2020: x \\#a #b C\\\\#\n  \\#c #b\n");
	const tl_event *e = tl_timeline_event(tl, 0);
	assert_string_equal(tl_event_title(e), "x #a C\\#");
	assert_int_equal(tl_event_tag_count(e), 2); /* the title's, the text's */
	assert_string_equal(tl_event_tag(e, 0), "b");
	assert_string_equal(tl_event_description(e), "#c #b");
	tl_buf mw = {0};
	tl_options o;
	tl_options_init(&o);
	tl_diags *d = tl_diags_new(0);
	assert_int_equal(tl_render_mw(tl, &o, support_collect, &mw, d), 0);
	assert_int_equal(tl_diags_count(d), 0);
	tl_buf_putc(&mw, '\0');
	/* The description's "#c" is text: it does not give the tags back,
	 * so every tag-like '#' in it is escaped and tags: has both. */
	assert_string_equal(mw.data, "2020: x \\#a C\\\\#\ntags: b, b\n\n  \\#c \\#b\n\n");
	tl_timeline *back = support_parse(mw.data);
	const tl_event *b = tl_timeline_event(back, 0);
	assert_string_equal(tl_event_title(b), tl_event_title(e));
	assert_string_equal(tl_event_description(b), tl_event_description(e));
	assert_int_equal(tl_event_tag_count(b), 2);
	free(mw.data);
	tl_timeline_free(back);
	tl_timeline_free(tl);
	tl_diags_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_detect),      cmocka_unit_test(test_clean),
	    cmocka_unit_test(test_html),        cmocka_unit_test(test_csv_places),
	    cmocka_unit_test(test_ics_times),   cmocka_unit_test(test_roundtrip_lanes),
	    cmocka_unit_test(test_ics_until),   cmocka_unit_test(test_hash_escape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
