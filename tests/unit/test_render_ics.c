/*
 * test_render_ics.c - the iCalendar feed and the .ics checker: envelope,
 * dates by precision, qualifiers, UIDs, escaping and folding, events
 * iCalendar cannot hold, write errors, and what --check reports.
 * Feeds are rendered into memory from event files parsed by tl_parse().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ics.h"
#include "private.h"

#include <stdlib.h>
#include <string.h>

#define STAMP 1533254400 /* 2018-08-03T00:00:00Z */

/* A tl_write_fn into a tl_buf; fails once `fail_after` bytes are in. */
typedef struct sink {
	tl_buf b;
	size_t fail_after; /* 0: never fails */
} sink;

static int sink_write(void *ctx, const char *data, size_t len)
{
	sink *s = ctx;
	if (s->fail_after && s->b.len + len > s->fail_after)
		return -1;
	tl_buf_put(&s->b, data, len);
	return 0;
}

/* Renders src (an event file) with the given options into *out (the
 * caller frees out->b.data) and returns the renderer's status. */
static int render_opts(const char *src, tl_options *o, sink *out,
                       tl_diags **diags_out)
{
	tl_diags *d = tl_diags_new(0);
	tl_timeline *tl = tl_parse("tests/sample-file.mw", src, strlen(src), d);
	assert_non_null(tl);
	assert_int_equal(tl_diags_errors(d), 0);
	int rc = tl_render_ics(tl, o, sink_write, out, d);
	if (out->b.data == NULL)
		tl_buf_put(&out->b, "", 0);
	tl_timeline_free(tl);
	if (diags_out)
		*diags_out = d;
	else
		tl_diags_free(d);
	return rc;
}

/* Renders with the defaults and the fixed timestamp; returns the feed,
 * which the caller frees with free(). */
static char *render(const char *src)
{
	tl_options o;
	tl_options_init(&o);
	o.timestamp = STAMP;
	sink s = {0};
	assert_int_equal(render_opts(src, &o, &s, NULL), TL_OK);
	return s.b.data;
}

/* Unfolds a feed (CRLF + space/tab removed).  The caller frees the result
 * with free(). */
static char *unfold(const char *ics)
{
	tl_buf b = {0};
	for (const char *p = ics; *p; p++) {
		if (p[0] == '\r' && p[1] == '\n' && (p[2] == ' ' || p[2] == '\t')) {
			p += 2;
			continue;
		}
		tl_buf_putc(&b, *p);
	}
	tl_buf_put(&b, "", 0);
	return b.data;
}

/* True when the unfolded feed has a line exactly equal to line. */
static int has_line(const char *ics, const char *line)
{
	char *u = unfold(ics);
	size_t n = strlen(line);
	int found = 0;
	for (const char *p = u; *p && !found;) {
		const char *e = strstr(p, "\r\n");
		size_t len = e ? (size_t)(e - p) : strlen(p);
		found = len == n && memcmp(p, line, n) == 0;
		p += len + (e ? 2 : 0);
	}
	free(u);
	return found;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

/* Every physical line ends in CRLF, has at most 75 octets, no CR, and is
 * UTF-8. */
static void assert_wire_format(const char *ics)
{
	const char *p = ics;
	size_t n = strlen(ics);
	assert_true(n >= 2 && ics[n - 2] == '\r' && ics[n - 1] == '\n');
	while (*p) {
		const char *e = strchr(p, '\n');
		assert_non_null(e);
		assert_true(e > p && e[-1] == '\r');
		size_t len = (size_t)(e - 1 - p);
		assert_true(len <= 75);
		assert_null(memchr(p, '\r', len));
		assert_int_equal(tl_utf8_check(p, len), len);
		p = e + 1;
	}
}

static const char *const head =
    "---\ntitle: T\nuid-domain: test.example\n---\n# Lane\n\n";

static char *render_body(const char *body)
{
	char src[8192];
	snprintf(src, sizeof(src), "%s%s", head, body);
	return render(src);
}

/* ---- the envelope ---- */

static void test_envelope(void **state)
{
	(void)state;
	char *f = render("---\ntitle: Title\ndescription: About; this\n"
	                 "url: https://example.org/t\nsource: https://example.org/s\n"
	                 "refresh: PT6H\n---\n2017-06-01: A\n");
	assert_true(strncmp(f, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 30) == 0);
	assert_true(has_line(f, "PRODID:-//dateline//dateline " TL_VERSION "//EN"));
	assert_true(has_line(f, "CALSCALE:GREGORIAN"));
	assert_true(has_line(f, "METHOD:PUBLISH"));
	assert_true(has_line(f, "NAME:Title"));
	assert_true(has_line(f, "X-WR-CALNAME:Title"));
	assert_true(has_line(f, "DESCRIPTION:About\\; this"));
	assert_true(has_line(f, "X-WR-CALDESC;VALUE=TEXT:About\\; this"));
	assert_true(has_line(f, "REFRESH-INTERVAL;VALUE=DURATION:PT6H"));
	assert_true(has_line(f, "X-PUBLISHED-TTL:PT6H"));
	assert_true(has_line(f, "URL:https://example.org/t"));
	/* source: is the article, not where the feed lives: no SOURCE. */
	assert_int_equal(count(f, "SOURCE"), 0);
	assert_int_equal(count(f, "X-WR-TIMEZONE"), 0);
	assert_int_equal(count(f, "BEGIN:VTIMEZONE"), 0);
	size_t n = strlen(f);
	assert_string_equal(f + n - 15, "END:VCALENDAR\r\n");
	assert_wire_format(f);
	free(f);
}

/* An event_stamp hook: SEQUENCE is the index times 3, LAST-MODIFIED one
 * day after the epoch plus the index; records the UIDs it saw. */
static void stamp_by_index(void *ctx, size_t index, const char *uid,
                           int64_t *sequence, int64_t *last_modified)
{
	int *seen = ctx;
	if (index == 0)
		assert_true(strncmp(uid, "a@", 2) == 0);
	else
		assert_true(strncmp(uid, "dl-", 3) == 0);
	seen[index]++;
	*sequence = (int64_t)index * 3;
	*last_modified = 86400 + (int64_t)index;
}

static void test_feed_url_and_stamps(void **state)
{
	(void)state;
	tl_options o;
	tl_options_init(&o);
	o.timestamp = STAMP;
	o.feed_url = "https://example.org/feed.ics";
	int seen[3] = {0};
	o.event_stamp = stamp_by_index;
	o.event_stamp_ctx = seen;
	sink s = {0};
	assert_int_equal(render_opts("---\nsource: https://example.org/s\n---\n"
	                             "2017-06-01: A\nid: a\n"
	                             "2017-06-02: B\n2017-06-03: C\n",
	                             &o, &s, NULL),
	                 TL_OK);
	char *f = s.b.data;
	assert_true(has_line(f, "SOURCE;VALUE=URI:https://example.org/feed.ics"));
	/* With no url:, the article's address is the URL. */
	assert_true(has_line(f, "URL:https://example.org/s"));
	assert_int_equal(seen[0] + seen[1] * 10 + seen[2] * 100, 111);
	assert_true(has_line(f, "SEQUENCE:0"));
	assert_true(has_line(f, "SEQUENCE:3"));
	assert_true(has_line(f, "SEQUENCE:6"));
	assert_true(has_line(f, "LAST-MODIFIED:19700102T000000Z"));
	assert_true(has_line(f, "LAST-MODIFIED:19700102T000002Z"));
	assert_int_equal(count(f, "LAST-MODIFIED:"), 3);
	assert_int_equal(count(f, "DTSTAMP:"), 3);
	assert_wire_format(f);
	free(f);
}

static void test_defaults(void **state)
{
	(void)state;
	tl_options o;
	tl_options_init(&o);
	assert_int_equal(o.timestamp, 0);
	assert_int_equal(o.partial, TL_PARTIAL_SPAN);
	assert_string_equal(o.format, "svg");
	assert_int_equal(o.dpi, 144);
	assert_int_equal(o.strict, 0);
	sink s = {0};
	tl_diags *d;
	/* A bad refresh: is the model's error now (test_model.c); without
	 * one the feed refreshes daily. */
	assert_int_equal(render_opts("---\ncalendar: Feed, named\n"
	                             "---\n2017-06-01: A\n", &o, &s, &d),
	                 TL_OK);
	assert_int_equal(tl_diags_warnings(d), 0);
	assert_true(has_line(s.b.data, "REFRESH-INTERVAL;VALUE=DURATION:P1D"));
	assert_true(has_line(s.b.data, "X-PUBLISHED-TTL:P1D"));
	assert_true(has_line(s.b.data, "NAME:Feed\\, named"));
	assert_true(has_line(s.b.data, "X-WR-CALNAME;VALUE=TEXT:Feed\\, named"));
	/* The epoch, and the default domain from the file name. */
	assert_true(has_line(s.b.data, "DTSTAMP:19700101T000000Z"));
	assert_non_null(strstr(s.b.data, "@sample-file.dateline.invalid\r\n"));
	tl_diags_free(d);
	free(s.b.data);
}

/* ---- dates ---- */

static void test_day_and_partial_spans(void **state)
{
	(void)state;
	char *f = render_body("2017-06-30: Day\n\n2017-06: Month\n\n"
	                      "2017-24: Winter\n\n2016: Year\n\n201X: Decade\n\n"
	                      "2017-09/2018-08-02: Interval\n");
	assert_true(has_line(f, "DTSTART;VALUE=DATE:20170630"));
	assert_true(has_line(f, "DTEND;VALUE=DATE:20170701"));
	assert_true(has_line(f, "DTSTART;VALUE=DATE:20170601"));
	/* Winter 2017 runs from December 2017 into 2018. */
	assert_true(has_line(f, "DTSTART;VALUE=DATE:20171201"));
	assert_true(has_line(f, "DTEND;VALUE=DATE:20180301"));
	assert_true(has_line(f, "DTSTART;VALUE=DATE:20160101"));
	assert_true(has_line(f, "DTEND;VALUE=DATE:20170101"));
	assert_true(has_line(f, "DTSTART;VALUE=DATE:20100101"));
	assert_true(has_line(f, "DTEND;VALUE=DATE:20200101"));
	assert_true(has_line(f, "DTSTART;VALUE=DATE:20170901"));
	assert_true(has_line(f, "DTEND;VALUE=DATE:20180803"));
	assert_true(has_line(f, "SUMMARY:Month"));
	assert_int_equal(count(f, "BEGIN:VEVENT\r\n"), 6);
	assert_int_equal(count(f, "TRANSP:TRANSPARENT\r\n"), 6);
	assert_int_equal(count(f, "CLASS:PUBLIC\r\n"), 6);
	assert_int_equal(count(f, "DTSTAMP:20180803T000000Z\r\n"), 6);
	assert_int_equal(count(f, "LAST-MODIFIED:20180803T000000Z\r\n"), 6);
	free(f);
}

static void test_first_day_mode(void **state)
{
	(void)state;
	tl_options o;
	tl_options_init(&o);
	o.timestamp = STAMP;
	o.partial = TL_PARTIAL_FIRST_DAY;
	sink s = {0};
	char src[512];
	snprintf(src, sizeof(src), "%s%s", head,
	         "2017-06: Month\n\n2017-06-05: Day\n\n2017/2018: Years\n");
	assert_int_equal(render_opts(src, &o, &s, NULL), TL_OK);
	assert_true(has_line(s.b.data, "SUMMARY:June 2017 \xC2\xB7 Month"));
	assert_true(has_line(s.b.data, "DTSTART;VALUE=DATE:20170601"));
	assert_true(has_line(s.b.data, "DTEND;VALUE=DATE:20170602"));
	assert_true(has_line(s.b.data, "SUMMARY:Day"));
	/* An interval still spans both ends. */
	assert_true(has_line(s.b.data, "SUMMARY:Years"));
	assert_true(has_line(s.b.data, "DTEND;VALUE=DATE:20190101"));
	free(s.b.data);
}

static void test_timed(void **state)
{
	(void)state;
	char *f = render("---\ntitle: T\ntimezone: Europe/Moscow\n---\n"
	                 "2018-08-02T14:30:00Z: Utc\n\n"
	                 "2018-08-02T01:30+05:30: Offset\n\n"
	                 "2018-08-02T14:30: Local\n\n"
	                 "2018-08-02T10:00Z/2018-08-02T12:30Z: Span\n");
	assert_true(has_line(f, "DTSTART:20180802T143000Z"));
	/* 01:30 at +05:30 is 20:00 UTC the day before. */
	assert_true(has_line(f, "DTSTART:20180801T200000Z"));
	assert_true(has_line(f, "DTSTART;TZID=Europe/Moscow:20180802T143000"));
	assert_true(has_line(f, "DTSTART:20180802T100000Z"));
	assert_true(has_line(f, "DTEND:20180802T123000Z"));
	assert_true(has_line(f, "X-WR-TIMEZONE:Europe/Moscow"));
	assert_int_equal(count(f, "BEGIN:VTIMEZONE\r\n"), 1);
	assert_true(has_line(f, "TZID:Europe/Moscow"));
	assert_int_equal(count(f, "VALUE=DATE"), 0);
	/* An instant has no DTEND: four events, one interval. */
	assert_int_equal(count(f, "\r\nDTEND"), 1);
	free(f);

	/* No local times: no VTIMEZONE, still the calendar's zone. */
	f = render("---\ntitle: T\ntimezone: Europe/Moscow\n---\n"
	           "2018-08-02T14:30Z: Utc\n");
	assert_int_equal(count(f, "BEGIN:VTIMEZONE"), 0);
	assert_true(has_line(f, "X-WR-TIMEZONE:Europe/Moscow"));
	free(f);

	/* No zone at all: times without one are UTC. */
	f = render("---\ntitle: T\n---\n2018-08-02T23:59:59: Late\n");
	assert_true(has_line(f, "DTSTART:20180802T235959Z"));
	free(f);
}

static void test_unknown_zone(void **state)
{
	(void)state;
	tl_options o;
	tl_options_init(&o);
	sink s = {0};
	tl_diags *d;
	/* Well formed (a malformed name is the model's error), but not in
	 * the tz database: a warning at the value, times in UTC. */
	assert_int_equal(render_opts("---\ntimezone: Mars/Olympus_Mons\n---\n"
	                             "2018-08-02T14:30: Local\n", &o, &s, &d),
	                 TL_OK);
	assert_int_equal(tl_diags_warnings(d), 1);
	assert_non_null(strstr(tl_diags_get(d, 0)->message, "unknown time zone"));
	assert_int_equal(tl_diags_get(d, 0)->line, 2);
	assert_int_equal(tl_diags_get(d, 0)->col, 11);
	assert_true(has_line(s.b.data, "DTSTART:20180802T143000Z"));
	assert_int_equal(count(s.b.data, "BEGIN:VTIMEZONE"), 0);
	tl_diags_free(d);
	free(s.b.data);
}

static void test_qualifiers(void **state)
{
	(void)state;
	char *f = render_body("2017-06?: Unsure\n\n2018-08-02~: About\n\n"
	                      "2017-09%: Both\n\n2017-10: Sure\nstatus: tentative\n\n"
	                      "2017-11: Off\nstatus: cancelled\n");
	assert_true(has_line(f, "SUMMARY:Unsure"));
	assert_true(has_line(f, "X-DATELINE-DATE:2017-06?"));
	assert_true(has_line(f, "SUMMARY:c. 2 August 2018 \xC2\xB7 About"));
	assert_true(has_line(f, "X-DATELINE-DATE:2018-08-02~"));
	assert_true(has_line(f, "X-DATELINE-DATE:2017-09%"));
	assert_int_equal(count(f, "STATUS:TENTATIVE\r\n"), 3);
	assert_int_equal(count(f, "STATUS:CONFIRMED\r\n"), 1);
	assert_int_equal(count(f, "STATUS:CANCELLED\r\n"), 1);
	char *u = unfold(f);
	assert_non_null(strstr(u, "Date: c. 2 August 2018 (2018-08-02~)"));
	free(u);
	free(f);
}

/* ---- events iCalendar cannot hold ---- */

static void test_skipped_and_strict(void **state)
{
	(void)state;
	const char *src = "---\ntitle: T\n---\n-0476: Rome\n\n2017-09/..: Open\n\n"
	                  "3000-12-31: Far\n\n0001-01-01: First\n\n3000-12-30: Last\n";
	tl_options o;
	tl_options_init(&o);
	sink s = {0};
	tl_diags *d;
	assert_int_equal(render_opts(src, &o, &s, &d), TL_OK);
	assert_int_equal(tl_diags_warnings(d), 3);
	assert_int_equal(tl_diags_get(d, 0)->line, 4);
	assert_int_equal(tl_diags_get(d, 0)->col, 1);
	assert_non_null(strstr(tl_diags_get(d, 0)->message, "before 1 CE"));
	assert_non_null(strstr(tl_diags_get(d, 1)->message, "open-ended"));
	assert_non_null(strstr(tl_diags_get(d, 2)->message, "past the year 3000"));
	assert_int_equal(count(s.b.data, "BEGIN:VEVENT"), 2);
	assert_true(has_line(s.b.data, "DTSTART;VALUE=DATE:00010101"));
	assert_true(has_line(s.b.data, "DTEND;VALUE=DATE:30001231"));
	tl_diags_free(d);
	free(s.b.data);

	o.strict = 1;
	sink t = {0};
	assert_int_equal(render_opts(src, &o, &t, &d), TL_INVALID);
	assert_int_equal(tl_diags_errors(d), 3);
	assert_int_equal(t.b.len, 0); /* nothing written */
	tl_diags_free(d);
	free(t.b.data);
}

static void test_write_error(void **state)
{
	(void)state;
	tl_options o;
	tl_options_init(&o);
	sink s = {0};
	s.fail_after = 10;
	char src[200000];
	size_t n = (size_t)snprintf(src, sizeof(src), "%s", head);
	for (int i = 0; i < 2000; i++)
		n += (size_t)snprintf(src + n, sizeof(src) - n,
		                      "2017-06-01: Event %d\n\n", i);
	assert_int_equal(render_opts(src, &o, &s, NULL), TL_WRITE_FAILED);
	free(s.b.data);
}

/* ---- events in batches, on several threads ---- */

/* An event file of n events that holds what batches must keep: runs of
 * one day longer than a batch (derived UIDs count ordinals over a whole
 * run), several date forms within one day, after: links, locations,
 * colours, statuses and local times in the file's zone, each switching
 * on and off from one event to the next.  The caller frees the result
 * with free(). */
static char *many_events(int n)
{
	tl_buf b = {0};
	tl_buf_puts(&b, "---\ntitle: Many\nuid-domain: many.example\n"
	                "timezone: Europe/Moscow\n---\n");
	for (int i = 0; i < n; i++) {
		if (i % 1500 == 0)
			tl_buf_printf(&b, "# Lane %d\n\n", i / 1500);
		int day = 1 + i % 4;
		if (i % 19 == 0)
			tl_buf_printf(&b, "2017-06-%02dT%02d:30: ", day, i % 24);
		else
			tl_buf_printf(&b, "2017-06-%02d%s: ", day,
			              i % 17 == 0 ? "?" : i % 23 == 0 ? "~" : "");
		tl_buf_printf(&b, "Event %d #tag%d\n", i, i % 3);
		if (i % 3)
			tl_buf_printf(&b, "id: e%d\n", i);
		if (i % 5 == 0 && i > 1)
			tl_buf_puts(&b, "after: e1\n");
		if (i % 7 == 0)
			tl_buf_printf(&b, "location: Room %d\n", i % 2);
		if (i % 11 == 0)
			tl_buf_puts(&b, "color: #0072B2\n");
		if (i % 13 == 0)
			tl_buf_puts(&b, "status: tentative\n");
		tl_buf_putc(&b, '\n');
	}
	return b.data;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Renders src with `workers` threads.  The caller frees the result with
 * free(). */
static char *render_workers(const char *src, unsigned workers)
{
	tl_options o;
	tl_options_init(&o);
	o.timestamp = STAMP;
	tl_diags *d = tl_diags_new(0);
	tl_timeline *tl = tl_parse("many.mw", src, strlen(src), d);
	assert_non_null(tl);
	assert_int_equal(tl_diags_errors(d), 0);
	sink s = {0};
	assert_int_equal(tl_ics_render(tl, &o, sink_write, &s, d, workers),
	                 TL_OK);
	tl_buf_put(&s.b, "", 0);
	tl_timeline_free(tl);
	tl_diags_free(d);
	return s.b.data;
}

/* The same bytes on one thread or several, every UID distinct. */
static void test_threads_same_bytes(void **state)
{
	(void)state;
	char *src = many_events(6000);
	char *one = render_workers(src, 1);
	for (unsigned w = 2; w <= 5; w += 3) {
		char *more = render_workers(src, w);
		assert_string_equal(one, more);
		free(more);
	}
	assert_int_equal(count(one, "BEGIN:VEVENT\r\n"), 6000);
	assert_wire_format(one);

	/* A run cut between batches would count its ordinals from 0 twice
	 * and so repeat derived UIDs. */
	char *u = unfold(one);
	char **uids = tl_xcalloc(6000, sizeof(*uids));
	size_t nuids = 0;
	for (char *p = u; (p = strstr(p, "\r\nUID:")) != NULL; nuids++) {
		p += 6;
		assert_true(nuids < 6000);
		uids[nuids] = p;
		p += strcspn(p, "\r");
		*p++ = '\0';
	}
	assert_int_equal(nuids, 6000);
	qsort(uids, nuids, sizeof(*uids), str_cmp);
	for (size_t i = 1; i < nuids; i++)
		assert_string_not_equal(uids[i - 1], uids[i]);
	free(uids);
	free(u);
	free(one);
	free(src);
}

/* Each event's own values, although the VEVENT is reused and lines are
 * written again while a value stays the same. */
static void test_reused_vevent(void **state)
{
	(void)state;
	char *f = render_body(
	    "2017-06-01: One\nlocation: Here\ncolor: red\nafter: b\n"
	    "status: cancelled\nid: a\n\n"
	    "2017-06-01: Two\nid: b\n\n"
	    "2017-06-01: Three\nlocation: Here\nafter: a, b\nid: c\n\n"
	    "2017-06-02T10:00Z: Four\nid: d\n");
	char *u = unfold(f);
	const char *ev[5];
	ev[0] = strstr(u, "UID:a@");
	ev[1] = strstr(u, "UID:b@");
	ev[2] = strstr(u, "UID:c@");
	ev[3] = strstr(u, "UID:d@");
	ev[4] = u + strlen(u);
	for (int i = 0; i < 4; i++) {
		assert_non_null(ev[i]);
		assert_true(ev[i] < ev[i + 1]);
	}
	/* The text of event i, up to its END:VEVENT. */
	char *one[4];
	for (int i = 0; i < 4; i++) {
		const char *end = strstr(ev[i], "END:VEVENT");
		one[i] = tl_xstrndup(ev[i], (size_t)(end - ev[i]));
	}
	assert_non_null(strstr(one[0], "\r\nLOCATION:Here\r\n"));
	assert_non_null(strstr(one[0], "\r\nCOLOR:red\r\n"));
	assert_non_null(strstr(one[0], "\r\nSTATUS:CANCELLED\r\n"));
	assert_int_equal(count(one[0], "RELATED-TO"), 1);
	assert_null(strstr(one[1], "LOCATION"));
	assert_null(strstr(one[1], "COLOR"));
	assert_null(strstr(one[1], "RELATED-TO"));
	assert_non_null(strstr(one[1], "\r\nSTATUS:CONFIRMED\r\n"));
	assert_non_null(strstr(one[1], "DTSTART;VALUE=DATE:20170601\r\n"));
	assert_non_null(strstr(one[2], "\r\nLOCATION:Here\r\n"));
	assert_non_null(strstr(one[2], "RELATED-TO;RELTYPE=SIBLING:a@test.example\r\n"
	                               "RELATED-TO;RELTYPE=SIBLING:b@test.example\r\n"));
	assert_non_null(strstr(one[3], "\r\nDTSTART:20170602T100000Z\r\n"));
	assert_null(strstr(one[3], "DTEND"));
	assert_null(strstr(one[3], "RELATED-TO"));
	for (int i = 0; i < 4; i++)
		free(one[i]);
	free(u);
	free(f);
}

/* ---- UIDs ---- */

/* The UIDs of a feed, in order, joined by newlines.  The caller frees
 * the result with free(). */
static char *uids_of(const char *src)
{
	char *f = render(src);
	char *u = unfold(f);
	tl_buf b = {0};
	for (const char *p = u; (p = strstr(p, "\r\nUID:")) != NULL;) {
		p += 6;
		size_t len = strcspn(p, "\r");
		tl_buf_put(&b, p, len);
		tl_buf_putc(&b, '\n');
	}
	tl_buf_put(&b, "", 0);
	free(u);
	free(f);
	return b.data;
}

static void test_uids_survive_wording_edits(void **state)
{
	(void)state;
	const char *a = "---\ntitle: T\nuid-domain: ex.org\n---\n# L\n\n"
	                "2017-06: One\nFirst text.\n\n2017-06: Two\n\n"
	                "2017-06: Three\nid: three\n\n# M\n\n2017-06: Four\n";
	const char *b = "---\ntitle: T, renamed\nuid-domain: ex.org\n---\n# L\n\n"
	                "2017-06: One, reworded\nOther text.\n\n"
	                "June 2017: Two, too\n\n2017-06: Three!\nid: three\n\n"
	                "# M\n\n2017-06: Four\n";
	char *ua = uids_of(a), *ub = uids_of(b);
	assert_string_equal(ua, ub);
	assert_non_null(strstr(ua, "three@ex.org\n"));
	/* Four distinct UIDs: same date and lane get distinct ordinals. */
	char *lines[4];
	char *p = ua;
	for (int i = 0; i < 4; i++) {
		lines[i] = p;
		p = strchr(p, '\n');
		*p++ = '\0';
	}
	for (int i = 0; i < 4; i++)
		for (int j = i + 1; j < 4; j++)
			assert_string_not_equal(lines[i], lines[j]);
	assert_int_equal(strlen(lines[0]), strlen("dl-0123456789abcdef@ex.org"));
	free(ua);
	free(ub);

	/* Moving an event to another date changes its UID only. */
	const char *c = "---\ntitle: T\nuid-domain: ex.org\n---\n# L\n\n"
	                "2017-07: One\n\n2017-06: Two\n\n2017-06: Three\nid: three\n"
	                "\n# M\n\n2017-06: Four\n";
	char *uc = uids_of(c);
	ua = uids_of(a);
	assert_string_not_equal(ua, uc);
	assert_non_null(strstr(uc, "three@ex.org\n"));
	free(ua);
	free(uc);
}

/* ---- text ---- */

static void test_hostile_text(void **state)
{
	(void)state;
	char *f = render_body(
	    "2017-06-01: Semi; comma, back\\slash END:VCALENDAR #t1\n"
	    "location: A;B,C\\D\n"
	    "tags: x;y, z\\w\n"
	    "Line one\nBEGIN:VEVENT\nUID:evil\n"
	    "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7 RTL \xF0\x9F\x98\x80\n");
	assert_int_equal(count(f, "\r\nBEGIN:VEVENT\r\n"), 1);
	assert_int_equal(count(f, "\r\nUID:evil"), 0);
	assert_true(has_line(f, "SUMMARY:Semi\\; comma\\, back\\\\slash "
	                        "END:VCALENDAR"));
	assert_true(has_line(f, "LOCATION:A\\;B\\,C\\\\D"));
	assert_true(has_line(f, "CATEGORIES:Lane,t1,x\\;y,z\\\\w"));
	char *u = unfold(f);
	assert_non_null(strstr(u, "DESCRIPTION:Line one\\nBEGIN:VEVENT\\nUID:evil"
	                          "\\n\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7 RTL "
	                          "\xF0\x9F\x98\x80\\n\\nDate: 1 June 2017"));
	free(u);
	assert_wire_format(f);
	free(f);
}

static void test_clean_and_escape(void **state)
{
	(void)state;
	tl_buf b = {0};
	tl_ics_put_clean(&b, "a\r\nb\rc\x01\x7f\td\xff" "e");
	tl_buf_put(&b, "", 0);
	assert_string_equal(b.data, "a\nb\nc\td\xEF\xBF\xBD" "e");
	b.len = 0;
	tl_ics_put_escaped(&b, "a;b,c\\d\ne");
	tl_buf_put(&b, "", 0);
	assert_string_equal(b.data, "a\\;b\\,c\\\\d\\ne");
	free(b.data);
}

/* 4-byte emoji at every offset around the fold: no line passes 75
 * octets, none splits a UTF-8 sequence, and unfolding gives the text. */
static void test_fold_emoji_every_offset(void **state)
{
	(void)state;
	for (int off = 0; off < 90; off++) {
		char title[512], src[1024], want[600];
		memset(title, 'x', (size_t)off);
		size_t n = (size_t)off;
		for (int k = 0; k < 40; k++) {
			memcpy(title + n, "\xF0\x9F\x98\x80", 4);
			n += 4;
		}
		title[n] = '\0';
		snprintf(src, sizeof(src), "%s2017-06-01: %s\n", head, title);
		char *f = render(src);
		assert_wire_format(f);
		snprintf(want, sizeof(want), "SUMMARY:%s", title);
		assert_true(has_line(f, want));
		free(f);
	}
}

static void test_long_title(void **state)
{
	(void)state;
	static const char piece[] = "ab; ,\xC3\xA9"; /* 7 bytes, 6 characters */
	size_t reps = 10 * 1024 / 7 + 1;
	char *src = malloc(reps * 7 + 200);
	size_t k = (size_t)sprintf(src, "%s2017-06-01: x", head);
	for (size_t i = 0; i < reps; i++, k += 7)
		memcpy(src + k, piece, 7);
	strcpy(src + k, "\n");
	char *f = render(src);
	assert_wire_format(f);
	char *u = unfold(f);
	const char *s = strstr(u, "\r\nSUMMARY:x");
	assert_non_null(s);
	s += 11;
	for (size_t i = 0; i < reps; i++, s += 9)
		assert_memory_equal(s, "ab\\; \\,\xC3\xA9", 9);
	assert_memory_equal(s, "\r\n", 2);
	free(u);
	free(f);
	free(src);
}

/* The feed's COLOR for a color: value, or NULL when the model refuses it. */
static const char *css(const char *v)
{
	tl_color c;
	return tl_color_parse(v, strlen(v), &c) ? tl_color_css_name(&c) : NULL;
}

static void test_links_urls_colors(void **state)
{
	(void)state;
	char *f = render_body(
	    "2017-06-01: See [this](https://example.org/x) and [bad](javascript:x)\n"
	    "source: javascript:alert(1)\nsource: A printed book, p. 4\n"
	    "source: https://example.org/s\ncolor: #0072B2\n"
	    "after: other\n\n2017-06-02: Other\nid: other\ncolor: Tomato\n\n"
	    "2017-06-03: Third\nurl: https://example.org/u\n");
	assert_int_equal(count(f, "javascript"), 0);
	assert_true(has_line(f, "URL:https://example.org/s"));
	assert_true(has_line(f, "URL:https://example.org/u"));
	assert_true(has_line(f, "COLOR:darkcyan"));
	assert_true(has_line(f, "COLOR:tomato"));
	assert_int_equal(count(f, "COLOR:"), 2);
	assert_true(has_line(f, "RELATED-TO;RELTYPE=SIBLING:other@test.example"));
	char *u = unfold(f);
	assert_non_null(strstr(u, "Sources:\\nA printed book\\, p. 4\\n"
	                          "https://example.org/s\\nLinks:\\n"
	                          "this: https://example.org/x"));
	free(u);
	free(f);
	assert_string_equal(css("#fff"), "white");
	assert_string_equal(css("#000001"), "black");
	assert_string_equal(css("RED"), "red");
	assert_string_equal(css("grey"), "grey"); /* as written, not "gray" */
	assert_null(css("#12345"));
	assert_null(css("nocolour"));
}

/* ---- the checker ---- */

static int check_text(const char *ics, tl_diags **d)
{
	*d = tl_diags_new(0);
	return tl_ics_check(ics, strlen(ics), *d);
}

static void test_check_accepts_our_feeds(void **state)
{
	(void)state;
	char *f = render("---\ntitle: T\ntimezone: Europe/Moscow\n---\n"
	                 "2018-08-02T14:30: Local\n\n2017-06: Month\n\n"
	                 "2017/2018: Years\n");
	tl_diags *d;
	assert_int_equal(check_text(f, &d), TL_OK);
	assert_int_equal(tl_diags_count(d), 0);
	tl_diags_free(d);
	free(f);
}

#define CAL_HEAD "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n"
#define EV_OK "BEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20180803T000000Z\r\n"

static void test_check_finds_problems(void **state)
{
	(void)state;
	static const struct {
		const char *ics;
		int line;
		const char *msg;
	} cases[] = {
	    {CAL_HEAD EV_OK "DTSTART;VALUE=DATE:20170601T120000\r\nEND:VEVENT\r\n"
	     "END:VCALENDAR\r\n", 7, "date-time in a VALUE=DATE"},
	    {CAL_HEAD EV_OK "DTSTART;VALUE=DATE:20170601\r\n", 4, "never closed"},
	    {CAL_HEAD EV_OK "DTSTART:20170601T120000Z\r\nEND:VTODO\r\n"
	     "END:VCALENDAR\r\n", 8, "does not close"},
	    {CAL_HEAD "BEGIN:VEVENT\r\nDTSTAMP:20180803T000000Z\r\nDTSTART:20170601T"
	     "120000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", 4, "without UID"},
	    {CAL_HEAD EV_OK "DTSTART;VALUE=DATE:20170602\r\nDTEND;VALUE=DATE:"
	     "20170601\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", 4, "not after"},
	    {CAL_HEAD EV_OK "DTSTART;VALUE=DATE:20170601\r\nEND:VEVENT\r\n" EV_OK
	     "DTSTART;VALUE=DATE:20170601\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", 9,
	     "used twice"},
	    {"BEGIN:VCALENDAR\r\nPRODID:x\r\nEND:VCALENDAR\r\n", 1, "VERSION"},
	    {CAL_HEAD "SUMMARY:bad \xC3\x28\r\nEND:VCALENDAR\r\n", 4, "UTF-8"},
	    {CAL_HEAD "no colon here\r\nEND:VCALENDAR\r\n", 4, "not a content"},
	    {"hello\r\n", 1, "not a content"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		tl_diags *d;
		assert_int_equal(check_text(cases[i].ics, &d), TL_INVALID);
		int found = 0;
		for (size_t k = 0; k < tl_diags_count(d); k++) {
			const tl_diag *g = tl_diags_get(d, k);
			if (g->severity == TL_SEV_ERROR && g->line == cases[i].line &&
			    strstr(g->message, cases[i].msg))
				found = 1;
		}
		if (!found)
			fail_msg("case %zu: no error '%s' at line %d", i, cases[i].msg,
			         cases[i].line);
		tl_diags_free(d);
	}
}

/* The wire rules are errors (test_ics_lines.c); a byte order mark is
 * only a warning. */
static void test_check_bom_warning_only(void **state)
{
	(void)state;
	tl_diags *d;
	assert_int_equal(check_text("\xEF\xBB\xBF" CAL_HEAD "END:VCALENDAR\r\n", &d),
	                 TL_OK);
	assert_int_equal(tl_diags_count(d), 1);
	assert_int_equal(tl_diags_warnings(d), 1);
	assert_non_null(strstr(tl_diags_get(d, 0)->message, "byte order mark"));
	tl_diags_free(d);
}

/* An event_stamp hook that records the keys it is given, one a line. */
static void stamp_keys(void *ctx, size_t index, const char *uid,
                       int64_t *sequence, int64_t *last_modified)
{
	(void)index;
	(void)sequence;
	(void)last_modified;
	tl_buf *keys = ctx;
	tl_buf_puts(keys, uid);
	tl_buf_putc(keys, '\n');
}

/* Occurrences of a series (uid: with recurrence-id:) keep the series'
 * UID and get their RECURRENCE-ID, in the frame of their DTSTART; the
 * master, written before the first, lists every instance; event_stamp
 * gets a key per occurrence. */
static void test_series(void **state)
{
	(void)state;
	const char *src = "---\ntimezone: Europe/Paris\n---\n"
	                  "2024-01-01T10:00: Yoga\nuid: yoga@x\n"
	                  "recurrence-id: 20240101T100000\n\n"
	                  "2024-01-08T11:00: Yoga, later\nuid: yoga@x\n"
	                  "recurrence-id: 20240108T100000\n\n"
	                  "2024-02-01: Rent\nuid: rent@x\nrecurrence-id: 20240201\n\n"
	                  "2024-03-01: Rent\nuid: rent@x\nrecurrence-id: 20240301\n\n"
	                  "2024-03-05T08:00Z: Call\nuid: call@x\n"
	                  "recurrence-id: 20240305T080000Z\n";
	tl_options o;
	tl_options_init(&o);
	o.timestamp = STAMP;
	tl_buf keys = {0};
	o.event_stamp = stamp_keys;
	o.event_stamp_ctx = &keys;
	sink s = {0};
	assert_int_equal(render_opts(src, &o, &s, NULL), TL_OK);
	char *f = unfold(s.b.data);
	assert_int_equal(count(f, "BEGIN:VEVENT"), 8);
	assert_int_equal(count(f, "UID:yoga@x\r\n"), 3);
	assert_int_equal(count(f, "UID:rent@x\r\n"), 3);
	assert_int_equal(count(f, "UID:call@x\r\n"), 2);
	assert_true(has_line(f, "RDATE;TZID=Europe/Paris:20240108T100000"));
	assert_true(has_line(f, "RECURRENCE-ID;TZID=Europe/Paris:20240108T100000"));
	assert_true(has_line(f, "DTSTART;TZID=Europe/Paris:20240108T110000"));
	assert_true(has_line(f, "RDATE;VALUE=DATE:20240301"));
	assert_true(has_line(f, "RECURRENCE-ID;VALUE=DATE:20240201"));
	assert_true(has_line(f, "RECURRENCE-ID:20240305T080000Z"));
	assert_int_equal(count(f, "\r\nRDATE;"), 2); /* the call: one instance */
	/* The master comes first: its DTSTART, then the override of it. */
	const char *m = strstr(f, "UID:rent@x\r\n");
	assert_non_null(m);
	assert_true(strstr(m, "\r\nRDATE") < strstr(m, "RECURRENCE-ID"));
	tl_buf_putc(&keys, '\0');
	assert_string_equal(keys.data, "yoga@x/20240101T100000\n"
	                               "yoga@x/20240108T100000\n"
	                               "rent@x/20240201\nrent@x/20240301\n"
	                               "call@x/20240305T080000Z\n");
	assert_wire_format(s.b.data);
	free(keys.data);
	free(f);
	free(s.b.data);
}

/* A series longer than a batch: one master, the same bytes on one thread
 * or several. */
static void test_series_threads(void **state)
{
	(void)state;
	tl_buf src = {0};
	for (int i = 0; i < 2500; i++) {
		int64_t y;
		int m, d;
		tl_civil_from_days(19723 + i, &y, &m, &d);
		tl_buf_printf(&src, "%04d-%02d-%02d: Daily\nuid: d@x\n"
		                    "recurrence-id: %04d%02d%02d\n\n",
		              (int)y, m, d, (int)y, m, d);
	}
	tl_buf_putc(&src, '\0');
	char *one = render_workers(src.data, 1);
	char *four = render_workers(src.data, 4);
	assert_string_equal(one, four);
	assert_int_equal(count(one, "BEGIN:VEVENT"), 2501);
	assert_int_equal(count(one, "RECURRENCE-ID"), 2500);
	free(one);
	free(four);
	free(src.data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_envelope),
	    cmocka_unit_test(test_feed_url_and_stamps),
	    cmocka_unit_test(test_defaults),
	    cmocka_unit_test(test_day_and_partial_spans),
	    cmocka_unit_test(test_first_day_mode),
	    cmocka_unit_test(test_timed),
	    cmocka_unit_test(test_unknown_zone),
	    cmocka_unit_test(test_qualifiers),
	    cmocka_unit_test(test_skipped_and_strict),
	    cmocka_unit_test(test_write_error),
	    cmocka_unit_test(test_threads_same_bytes),
	    cmocka_unit_test(test_reused_vevent),
	    cmocka_unit_test(test_uids_survive_wording_edits),
	    cmocka_unit_test(test_hostile_text),
	    cmocka_unit_test(test_clean_and_escape),
	    cmocka_unit_test(test_fold_emoji_every_offset),
	    cmocka_unit_test(test_series),
	    cmocka_unit_test(test_series_threads),
	    cmocka_unit_test(test_long_title),
	    cmocka_unit_test(test_links_urls_colors),
	    cmocka_unit_test(test_check_accepts_our_feeds),
	    cmocka_unit_test(test_check_finds_problems),
	    cmocka_unit_test(test_check_bom_warning_only),
	};
	return cmocka_run_group_tests_name("render_ics", tests, NULL, NULL);
}
