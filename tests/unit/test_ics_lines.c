/*
 * test_ics_lines.c - a feed valid by construction: tl_ics_lines() on what
 * libical writes (kept when valid, folded again when not, refused when no
 * folding helps), the 73-octet run libical 3.0.16 cut between CR and LF,
 * no empty SUMMARY whatever the model's title, no calendar without
 * events, and the wire rules `ics --check` enforces.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ics.h"
#include "private.h"
#include "support.h"

#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>

#define STAMP 1533254400 /* 2018-08-03T00:00:00Z */

/* tl_ics_lines() on a copy of s.  The caller frees the result with
 * free(). */
static char *lines(const char *s)
{
	tl_buf scratch = {0};
	char *r = tl_ics_lines(tl_xstrdup(s), &scratch);
	free(scratch.data);
	return r;
}

/* Every physical line of ics: 1-75 octets, then CRLF; no CR or LF
 * elsewhere; no fold before a UTF-8 continuation octet; UTF-8 after
 * unfolding (checked on each line, as no fold splits a sequence). */
static void assert_wire(const char *ics)
{
	size_t n = strlen(ics);
	assert_true(n >= 2 && strcmp(ics + n - 2, "\r\n") == 0);
	for (const char *p = ics; *p;) {
		size_t len = strcspn(p, "\r\n");
		assert_true(len >= 1 && len <= 75);
		assert_memory_equal(p + len, "\r\n", 2);
		if (p[0] == ' ')
			assert_true(len >= 2 && ((unsigned char)p[1] & 0xC0) != 0x80);
		assert_int_equal(tl_utf8_check(p, len), len);
		p += len + 2;
	}
}

/* ics unfolded (CRLF and one space removed).  The caller frees the
 * result with free(). */
static char *unfold(const char *ics)
{
	tl_buf b = {0};
	tl_buf_put(&b, "", 0);
	for (const char *p = ics; *p; p++) {
		if (p[0] == '\r' && p[1] == '\n' && p[2] == ' ')
			p += 2;
		else
			tl_buf_putc(&b, *p);
	}
	return b.data;
}

/* ---- tl_ics_lines() ---- */

static void test_valid_lines_kept(void **state)
{
	(void)state;
	/* libical's own folds, after ':' and inside a run: valid, kept. */
	static const char ok[] =
	    "SUMMARY:\r\n aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaa\r\n b\r\nUID:x\r\n";
	char *r = lines(ok);
	assert_string_equal(r, ok);
	free(r);
	r = lines("");
	assert_string_equal(r, "");
	free(r);
}

static void test_broken_folds_refolded(void **state)
{
	(void)state;
	char run[74];
	memset(run, 'a', 73);
	run[73] = '\0';
	char in[256], want[256];
	/* The fold libical 3.0.16 puts between the CR and LF. */
	snprintf(in, sizeof(in), "UID:x\r\nSUMMARY:\r\n %s\r\r\n \nUID:y\r\n", run);
	snprintf(want, sizeof(want), "UID:x\r\nSUMMARY:%.67s\r\n %s\r\nUID:y\r\n",
	         run, run + 67);
	char *r = lines(in);
	assert_string_equal(r, want);
	assert_wire(r);
	free(r);
	/* A continuation of one space; a fold inside a UTF-8 sequence; a
	 * physical line of 76 octets. */
	static const char *const bad[] = {
	    "SUMMARY:ab\r\n \r\n",
	    "SUMMARY:\xC3\r\n \xA9\r\n",
	    "X:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaaa\r\n",
	};
	static const char *const fixed[] = {
	    "SUMMARY:ab\r\n",
	    "SUMMARY:\xC3\xA9\r\n",
	    "X:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaaaaaaaaaaaaa\r\n a\r\n",
	};
	for (size_t i = 0; i < 3; i++) {
		r = lines(bad[i]);
		assert_non_null(r);
		assert_string_equal(r, fixed[i]);
		assert_wire(r);
		free(r);
	}
}

static void test_unfixable_refused(void **state)
{
	(void)state;
	static const char *const bad[] = {
	    "SUMMARY:a\rb\r\n", "SUMMARY:a\nb\r\n", "SUMMARY:a",
	    "SUMMARY:\xC3\x28\r\n", "\r\n", "SUMMARY:a\r\n \r\r\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		if (lines(bad[i]) != NULL)
			fail_msg("case %zu was accepted", i);
	assert_int_equal(icalerrno, ICAL_MALFORMEDDATA_ERROR);
}

/* A fold of ours never splits a sequence: 2-, 3- and 4-byte characters
 * after every number of ASCII octets. */
static void test_refold_keeps_sequences(void **state)
{
	(void)state;
	static const char *const chars[] = {"\xC3\xA9", "\xE2\x82\xAC",
	                                    "\xF0\x9F\x98\x80"};
	for (size_t c = 0; c < 3; c++)
		for (size_t off = 0; off < 80; off++) {
			tl_buf b = {0};
			tl_buf_puts(&b, "X:");
			for (size_t k = 0; k < off; k++)
				tl_buf_putc(&b, 'a');
			for (size_t k = 0; k < 60; k++)
				tl_buf_puts(&b, chars[c]);
			char *logical = tl_xstrdup(b.data);
			tl_buf_puts(&b, "\r\n"); /* one long physical line */
			char *r = lines(b.data);
			assert_non_null(r);
			assert_wire(r);
			char *u = unfold(r);
			assert_int_equal(strlen(u), strlen(logical) + 2);
			assert_memory_equal(u, logical, strlen(logical));
			free(u);
			free(r);
			free(logical);
			free(b.data);
		}
}

/* ---- the feed ---- */

/* Renders tl; returns the status, the feed in *out (the caller frees
 * out->data) and the diagnostics in *d (freed with tl_diags_free()). */
static int render(tl_timeline *tl, tl_buf *out, tl_diags **d)
{
	tl_options o;
	tl_options_init(&o);
	o.timestamp = STAMP;
	*d = tl_diags_new(0);
	return tl_render_ics(tl, &o, support_collect, out, *d);
}

/* The runs libical 3.0.16 cut between CR and LF (73, 147, 221 octets with
 * no fold point), in SUMMARY, DESCRIPTION and LOCATION: the feed is
 * valid, our checker accepts it and unfolding gives the text. */
static void test_run_without_fold_point(void **state)
{
	(void)state;
	static const size_t lens[] = {72, 73, 74, 146, 147, 148, 221, 295};
	for (size_t i = 0; i < sizeof(lens) / sizeof(*lens); i++) {
		char run[400], src[1400];
		memset(run, 'a', lens[i]);
		run[lens[i]] = '\0';
		snprintf(src, sizeof(src), "2017: %s\nlocation: %s\n%s\n", run, run,
		         run);
		tl_timeline *tl = support_parse(src);
		tl_buf out = {0};
		tl_diags *d;
		assert_int_equal(render(tl, &out, &d), TL_OK);
		assert_wire(out.data);
		tl_diags *c = tl_diags_new(0);
		assert_int_equal(tl_ics_check(out.data, out.len, c), TL_OK);
		assert_int_equal(tl_diags_count(c), 0);
		char *u = unfold(out.data), want[500];
		snprintf(want, sizeof(want), "\r\nSUMMARY:%s\r\n", run);
		assert_non_null(strstr(u, want));
		snprintf(want, sizeof(want), "\r\nDESCRIPTION:%s\\n\\nDate: 2017\r\n",
		         run);
		assert_non_null(strstr(u, want));
		snprintf(want, sizeof(want), "\r\nLOCATION:%s\r\n", run);
		assert_non_null(strstr(u, want));
		free(u);
		tl_diags_free(c);
		tl_diags_free(d);
		free(out.data);
		tl_timeline_free(tl);
	}
}

/* The envelope goes through the same check: a calendar title and
 * description of every length from 1 to 230 octets, a run with nowhere to
 * fold, in NAME, X-WR-CALNAME, DESCRIPTION and X-WR-CALDESC. */
static void test_envelope_every_length(void **state)
{
	(void)state;
	for (size_t len = 1; len <= 230; len++) {
		char run[231], src[600];
		memset(run, 'a', len);
		run[len] = '\0';
		snprintf(src, sizeof(src),
		         "---\ntitle: %s\ndescription: %s\n---\n2017: x\n", run, run);
		tl_timeline *tl = support_parse(src);
		tl_buf out = {0};
		tl_diags *d;
		assert_int_equal(render(tl, &out, &d), TL_OK);
		assert_wire(out.data);
		char *u = unfold(out.data), want[300];
		static const char *const names[] = {"NAME", "X-WR-CALNAME",
		                                    "DESCRIPTION", "X-WR-CALDESC"};
		for (size_t k = 0; k < 4; k++) {
			snprintf(want, sizeof(want), "\r\n%s:%s\r\n", names[k], run);
			assert_non_null(strstr(u, want));
		}
		free(u);
		tl_diags_free(d);
		free(out.data);
		tl_timeline_free(tl);
	}
}

/* A title with nothing to read (the parser stands the date in; a model
 * built otherwise may not) gives the date's label as SUMMARY, with the
 * approximate date's label ahead of the title or not. */
static void test_empty_title_gives_label(void **state)
{
	(void)state;
	static const char *const titles[] = {"", "\x01\x02", " \t"};
	for (size_t i = 0; i < 3; i++) {
		tl_timeline *tl = support_parse("2017-06: x\n\n2018~: y\n");
		tl->events[0].title = titles[i];
		tl->events[1].title = titles[i];
		tl_buf out = {0};
		tl_diags *d;
		assert_int_equal(render(tl, &out, &d), TL_OK);
		assert_non_null(strstr(out.data, "\r\nSUMMARY:June 2017\r\n"));
		assert_non_null(strstr(out.data, "\r\nSUMMARY:c. 2018\r\n"));
		assert_null(strstr(out.data, "SUMMARY:\r\n"));
		tl_diags_free(d);
		free(out.data);
		tl_timeline_free(tl);
	}
}

/* No events, or none iCalendar can hold: an error and not one byte, as
 * a VCALENDAR without a component is not iCalendar (RFC 5545 3.6). */
static void test_no_events_no_calendar(void **state)
{
	(void)state;
	tl_timeline *empty = tl_timeline_new("t.mw");
	tl_diags *fin = tl_diags_new(0);
	tl_timeline_finish(empty, fin);
	tl_diags_free(fin);
	tl_timeline *open = support_parse("2017/..: Open-ended\n");
	tl_timeline *all[] = {empty, open};
	for (size_t i = 0; i < 2; i++) {
		tl_buf out = {0};
		tl_diags *d;
		assert_int_equal(render(all[i], &out, &d), TL_INVALID);
		assert_int_equal(out.len, 0);
		assert_int_equal(tl_diags_errors(d), 1);
		const tl_diag *g = tl_diags_get(d, tl_diags_count(d) - 1);
		assert_int_equal(g->severity, TL_SEV_ERROR);
		assert_non_null(strstr(g->message, "no events to write"));
		tl_diags_free(d);
		free(out.data);
		tl_timeline_free(all[i]);
	}
}

/* ---- the checker's wire rules ---- */

#define CAL_HEAD "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n"
#define CAL_TAIL "END:VCALENDAR\r\n"

static void test_check_wire_rules(void **state)
{
	(void)state;
	static const struct {
		const char *ics;
		int line, col;
		const char *msg;
	} cases[] = {
	    {"BEGIN:VCALENDAR\nVERSION:2.0\r\nPRODID:x\r\n" CAL_TAIL, 1, 16,
	     "LF, not CRLF"},
	    {CAL_HEAD "X-A:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	              "aaaaaaaaaaaaaaaaaaaaaa\r\n" CAL_TAIL, 4, 76, "longer than 75"},
	    {CAL_HEAD "SUMMARY:\xF0\x9F\r\n \x98\x80\r\n" CAL_TAIL, 5, 2,
	     "splits a UTF-8"},
	    {CAL_HEAD "SUMMARY:a\rb\r\n" CAL_TAIL, 4, 10, "CR without LF"},
	    {CAL_HEAD "SUMMARY:\r\n aaaa\r\r\n \n" CAL_TAIL, 5, 6, "CR without LF"},
	    {CAL_HEAD "END:VCALENDAR", 4, 14, "does not end with CRLF"},
	    {CAL_HEAD "END:VCALENDAR\r", 4, 14, "ends with CR"},
	    {CAL_HEAD "SUMMARY:\xC3\x28\r\n" CAL_TAIL, 4, 9, "invalid UTF-8"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		tl_diags *d = tl_diags_new(0);
		assert_int_equal(
		    tl_ics_check(cases[i].ics, strlen(cases[i].ics), d),
		    TL_INVALID);
		int found = 0;
		for (size_t k = 0; k < tl_diags_count(d); k++) {
			const tl_diag *g = tl_diags_get(d, k);
			found |= g->severity == TL_SEV_ERROR &&
			         g->line == cases[i].line && g->col == cases[i].col &&
			         strstr(g->message, cases[i].msg) != NULL;
		}
		if (!found)
			fail_msg("case %zu: no error '%s' at %d:%d (first: %d:%d %s)",
			         i, cases[i].msg, cases[i].line, cases[i].col,
			         tl_diags_count(d) ? tl_diags_get(d, 0)->line : 0,
			         tl_diags_count(d) ? tl_diags_get(d, 0)->col : 0,
			         tl_diags_count(d) ? tl_diags_get(d, 0)->message : "");
		tl_diags_free(d);
	}
	/* A fold between characters, at a space or in a run, is fine. */
	static const char ok[] = CAL_HEAD "SUMMARY:\xC3\xA9\r\n \xC3\xA9 a\r\n"
	                                  " b\r\n" CAL_TAIL;
	tl_diags *d = tl_diags_new(0);
	assert_int_equal(tl_ics_check(ok, strlen(ok), d), TL_OK);
	assert_int_equal(tl_diags_count(d), 0);
	tl_diags_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_valid_lines_kept),
	    cmocka_unit_test(test_broken_folds_refolded),
	    cmocka_unit_test(test_unfixable_refused),
	    cmocka_unit_test(test_refold_keeps_sequences),
	    cmocka_unit_test(test_run_without_fold_point),
	    cmocka_unit_test(test_envelope_every_length),
	    cmocka_unit_test(test_empty_title_gives_label),
	    cmocka_unit_test(test_no_events_no_calendar),
	    cmocka_unit_test(test_check_wire_rules),
	};
	return cmocka_run_group_tests_name("ics_lines", tests, NULL, NULL);
}
