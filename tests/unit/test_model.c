/*
 * test_model.c - the typed model: the one colour rule and its CSS3 table,
 * the front-matter keys read into fields with their line and column, the
 * refresh duration, and the diagnostics for every bad value.
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

/* expect_diag(), and the diagnostic underlines len bytes. */
static void expect_diag_len(const parsed *p, size_t i, tl_severity sev,
                            int line, int col, int len, const char *msg)
{
	expect_diag(p, i, sev, line, col, msg);
	assert_int_equal(tl_diags_get(p->d, i)->len, len);
}

/* ---- the colour rule ---- */

static int color_of(const char *s, tl_color *c)
{
	return tl_color_parse(s, strlen(s), c);
}

static void test_color_table(void **state)
{
	(void)state;
	/* CSS Color Module Level 3, 4.3: 147 names, kept in alphabetical
	 * order (so of two names for one colour the first is the nearest). */
	assert_int_equal(tl_color_count(), 147);
	for (size_t i = 1; i < tl_color_count(); i++)
		assert_true(strcmp(tl_color_name_at(i - 1), tl_color_name_at(i)) < 0);
	assert_null(tl_color_name_at(147));
	/* Every name reads back as itself, and its own hex is nearest to a
	 * name of the same value. */
	for (size_t i = 0; i < tl_color_count(); i++) {
		tl_color c, h;
		char hex[8];
		assert_true(color_of(tl_color_name_at(i), &c));
		assert_string_equal(tl_color_css_name(&c), tl_color_name_at(i));
		tl_color_hex(&c, hex);
		assert_true(color_of(hex, &h));
		assert_int_equal(h.rgb, c.rgb);
		assert_int_equal(h.name, 0);
	}
	/* A few values from the specification. */
	static const struct { const char *name; uint32_t rgb; } known[] = {
	    {"black", 0x000000}, {"white", 0xffffff}, {"red", 0xff0000},
	    {"green", 0x008000}, {"blue", 0x0000ff}, {"tomato", 0xff6347},
	    {"rebeccapurple", 0}, /* CSS4 only: not a name here */
	    {"yellowgreen", 0x9acd32}, {"aliceblue", 0xf0f8ff}};
	for (size_t i = 0; i < sizeof(known) / sizeof(*known); i++) {
		tl_color c = {0, 0, 0};
		int ok = color_of(known[i].name, &c);
		assert_int_equal(ok, known[i].rgb != 0 ||
		                         strcmp(known[i].name, "black") == 0);
		if (ok)
			assert_int_equal(c.rgb, known[i].rgb);
	}
}

static void test_color_parse(void **state)
{
	(void)state;
	tl_color c;
	char hex[8];
	assert_true(color_of("#0AF", &c));
	assert_int_equal(c.rgb, 0x00aaff);
	assert_int_equal(c.set, 1);
	tl_color_hex(&c, hex);
	assert_string_equal(hex, "#00aaff");
	assert_true(color_of("#0072B2", &c));
	assert_int_equal(c.rgb, 0x0072b2);
	assert_true(color_of("TOMATO", &c));
	assert_string_equal(tl_color_css_name(&c), "tomato");
	/* Written as grey, written back as grey, though gray comes first. */
	assert_true(color_of("Grey", &c));
	assert_string_equal(tl_color_css_name(&c), "grey");
	assert_true(color_of("#808080", &c));
	assert_string_equal(tl_color_css_name(&c), "gray");
	assert_true(color_of("#000001", &c));
	assert_string_equal(tl_color_css_name(&c), "black");
	static const char *const bad[] = {"", "#", "#12", "#12345", "#1234567",
	                                  "#ggg", "#12345g", "red ", " red",
	                                  "rebeccapurple", "nocolour", "0072B2"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		tl_color keep = {0x123456, 0, 1};
		assert_false(color_of(bad[i], &keep));
		assert_int_equal(keep.rgb, 0x123456); /* left alone */
	}
	/* A NUL inside the n bytes matches no name. */
	assert_false(tl_color_parse("red\0", 4, &c));
	assert_false(tl_color_parse("re", 2, &c));
	/* Only the first n bytes count. */
	assert_true(tl_color_parse("redder", 3, &c));
	assert_int_equal(c.rgb, 0xff0000);
}

static void test_event_color(void **state)
{
	(void)state;
	parsed p = parse("2017: A\ncolor: #0AF\n2018: B\n2019: C\n"
	                 "color: navy\n2020: D\ncolor: rebeccapurple\n");
	assert_int_equal(tl_diags_errors(p.d), 1);
	expect_diag_len(&p, 0, TL_SEV_ERROR, 7, 8, 13,
	            "invalid color 'rebeccapurple': use #rgb, #rrggbb or a CSS "
	            "colour name");
	const tl_event *a = tl_timeline_event(p.tl, 0);
	assert_int_equal(a->color.set, 1);
	assert_int_equal(a->color.rgb, 0x00aaff);
	assert_int_equal(tl_timeline_event(p.tl, 1)->color.set, 0);
	assert_int_equal(tl_timeline_event(p.tl, 2)->color.rgb, 0x000080);
	assert_int_equal(tl_timeline_event(p.tl, 3)->color.set, 0);
	/* The value is still carried as written. */
	assert_string_equal(tl_event_prop(a, "color"), "#0AF");
	done(&p);
}

/* url:, location: and status: become fields; a reader that does not
 * check url: itself gets an unsafe one dropped by the model. */
static void test_event_fields(void **state)
{
	(void)state;
	parsed p = parse("2017: A\nurl: https://example.org/a\nlocation: Paris\n"
	                 "status: Canceled\n2018: B\nstatus: maybe\n"
	                 "2019: C\nstatus: TENTATIVE\n");
	assert_int_equal(tl_diags_count(p.d), 0);
	const tl_event *a = tl_timeline_event(p.tl, 0);
	assert_string_equal(a->url, "https://example.org/a");
	assert_string_equal(a->location, "Paris");
	assert_string_equal(a->status, "Canceled");
	assert_int_equal(a->status_kind, TL_STATUS_CANCELLED);
	const tl_event *b = tl_timeline_event(p.tl, 1);
	assert_null(b->url);
	assert_null(b->location);
	assert_int_equal(b->status_kind, TL_STATUS_OTHER);
	assert_int_equal(tl_timeline_event(p.tl, 2)->status_kind,
	                 TL_STATUS_TENTATIVE);
	done(&p);

	tl_timeline *tl = tl_timeline_new("hand");
	tl_event *e = tl_timeline_add_event(tl);
	tl_diag err;
	assert_int_equal(tl_date_parse("2020", 4, &e->date, &err), 0);
	e->title = "T";
	e->line = 3;
	e->lane = (uint32_t)tl_timeline_lane_index(tl, "");
	static tl_kv props[] = {{"url", "javascript:alert(1)", 4, 6}};
	e->props = props;
	e->nprops = 1;
	tl_diags *d = tl_diags_new(0);
	tl_timeline_finish(tl, d);
	assert_null(tl_timeline_event(tl, 0)->url);
	assert_int_equal(tl_diags_warnings(d), 1);
	assert_int_equal(tl_diags_get(d, 0)->line, 4);
	assert_int_equal(tl_diags_get(d, 0)->col, 6);
	tl_diags_free(d);
	tl_timeline_free(tl);
}

/* ---- durations ---- */

static void test_duration(void **state)
{
	(void)state;
	static const struct { const char *s; int64_t secs; } cases[] = {
	    {"P1D", 86400},       {"PT6H", 21600},    {"P1W", 604800},
	    {"P1DT12H", 129600},  {"PT90S", 90},      {"P3W", 1814400},
	    {"P1DT6H30M", 109800}, {"PT1H1M1S", 3661}, {"P0D", 0},
	    {"P", -1},            {"PT", -1},         {"P1H", -1},
	    {"PT1D", -1},         {"P1D1W", -1},      {"P1D1D", -1},
	    {"-P1D", -1},         {"p1d", -1},        {"P1DT", -1},
	    {"P 1D", -1},         {"P1.5D", -1},      {"6 hours", -1},
	    {"", -1},             {"P9999999999D", -1},
	    {"P100000000W", -1}, /* past 2^31 - 1 seconds */
	    {"P3550W", 2147040000}, {"P3551W", -1}, {"PT1000000000S", 1000000000},
	    {"PT99999999999S", -1}};
	/* The parts as written, for the feed to write them back. */
	uint32_t parts[5] = {9, 9, 9, 9, 9};
	assert_int_equal(tl_duration_parse("P7DT90S", parts), 604890);
	uint32_t want[5] = {0, 7, 0, 0, 90};
	assert_memory_equal(parts, want, sizeof(want));
	assert_int_equal(tl_duration_parse("P7X", parts), -1);
	assert_memory_equal(parts, want, sizeof(want)); /* left alone */
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		int64_t got = tl_duration_seconds(cases[i].s);
		if (got != cases[i].secs)
			fail_msg("'%s': %lld, expected %lld", cases[i].s,
			         (long long)got, (long long)cases[i].secs);
	}
}

/* ---- front matter ---- */

static void test_front_fields(void **state)
{
	(void)state;
	parsed p = parse("---\n"
	                 "title: \"A \\\"title\\\"\"\n"
	                 "description: About it\n"
	                 "url: https://example.org/a\n"
	                 "source: A book, p. 4\n"
	                 "calendar: The feed\n"
	                 "timezone: Europe/Paris\n"
	                 "uid-domain: feed.example.org\n"
	                 "refresh: PT6H\n"
	                 "owner: me\n"
	                 "---\n2017: A\n");
	assert_int_equal(tl_diags_count(p.d), 0);
	const tl_front *f = &p.tl->front;
	assert_string_equal(f->title.value, "A \"title\"");
	assert_int_equal(f->title.line, 2);
	assert_int_equal(f->title.col, 8);
	assert_string_equal(f->description.value, "About it");
	assert_int_equal(f->description.line, 3);
	assert_int_equal(f->description.col, 14);
	assert_string_equal(f->url.value, "https://example.org/a");
	assert_int_equal(f->url.line, 4);
	assert_string_equal(f->source.value, "A book, p. 4");
	assert_int_equal(f->source.line, 5);
	assert_string_equal(f->calendar.value, "The feed");
	assert_int_equal(f->calendar.col, 11);
	assert_string_equal(f->timezone.value, "Europe/Paris");
	assert_int_equal(f->timezone.line, 7);
	assert_string_equal(f->uid_domain.value, "feed.example.org");
	assert_int_equal(f->uid_domain.col, 13);
	assert_string_equal(f->refresh.value, "PT6H");
	assert_int_equal(f->refresh.line, 9);
	assert_int_equal(f->refresh_secs, 21600);
	assert_int_equal(tl_timeline_refresh(p.tl), 21600);
	/* Every key is still carried, the unknown one too. */
	assert_string_equal(tl_timeline_meta(p.tl, "owner"), "me");
	assert_string_equal(tl_timeline_meta(p.tl, "refresh"), "PT6H");
	tl_buf b = {0};
	tl_options o;
	tl_options_init(&o);
	assert_int_equal(tl_render_dump(p.tl, &o, support_collect, &b, p.d),
	                 TL_OK);
	tl_buf_putc(&b, '\0');
	assert_non_null(strstr(b.data, "meta owner \"me\"\n"));
	free(b.data);
	done(&p);
}

static void test_front_unset(void **state)
{
	(void)state;
	parsed p = parse("---\ntimezone:\nurl:\n---\n2017: A\n");
	assert_int_equal(tl_diags_count(p.d), 0);
	const tl_front *f = &p.tl->front;
	assert_null(f->title.value);
	assert_null(f->url.value);      /* empty means none */
	assert_null(f->timezone.value); /* likewise */
	assert_null(f->refresh.value);
	assert_int_equal(tl_timeline_refresh(p.tl), 0);
	done(&p);
}

static void test_front_bad_values(void **state)
{
	(void)state;
	parsed p = parse("---\n"
	                 "refresh: P0D\n"
	                 "timezone: /etc/localtime\n"
	                 "uid-domain: -bad\n"
	                 "url: javascript:alert(1)\n"
	                 "title: Kept\n"
	                 "---\n2017: A\n");
	assert_int_equal(tl_diags_errors(p.d), 3);
	assert_int_equal(tl_diags_warnings(p.d), 1);
	expect_diag_len(&p, 0, TL_SEV_WARNING, 5, 6, 19,
	            "url 'javascript:alert(1)' dropped: only http, https and "
	            "mailto links are emitted");
	expect_diag_len(&p, 1, TL_SEV_ERROR, 2, 10, 3,
	            "refresh 'P0D' is not a positive ISO 8601 duration such as "
	            "P1D or PT6H");
	expect_diag_len(&p, 2, TL_SEV_ERROR, 3, 11, 14,
	            "invalid timezone '/etc/localtime': use a tz database name "
	            "such as Europe/Paris");
	expect_diag_len(&p, 3, TL_SEV_ERROR, 4, 13, 4,
	            "invalid uid-domain '-bad': use a host name (letters, "
	            "digits, '-' and '.')");
	const tl_front *f = &p.tl->front;
	assert_null(f->refresh.value);
	assert_int_equal(tl_timeline_refresh(p.tl), 0);
	assert_null(f->timezone.value);
	assert_null(f->uid_domain.value);
	assert_null(f->url.value);
	assert_string_equal(f->title.value, "Kept");
	/* Carried as written all the same. */
	assert_string_equal(tl_timeline_meta(p.tl, "uid-domain"), "-bad");
	done(&p);
}

/* A later value for a key replaces the earlier one, and its place. */
static void test_front_repeated_key(void **state)
{
	(void)state;
	parsed p = parse("---\nrefresh: P1D\nrefresh: soon\n---\n2017: A\n");
	assert_int_equal(tl_diags_errors(p.d), 1);
	assert_int_equal(tl_diags_get(p.d, 0)->line, 3);
	done(&p);
}

/* Readers that build the model by hand: tl_timeline_set_meta() still
 * works, with no place (line 0); tl_timeline_set_meta_at() gives one. */
static void test_built_by_hand(void **state)
{
	(void)state;
	tl_timeline *tl = tl_timeline_new("hand");
	tl_timeline_set_meta(tl, "refresh", "P2D");
	tl_timeline_set_meta(tl, "timezone", "not a zone");
	tl_timeline_set_meta_at(tl, "uid-domain", "a b", 4, 7);
	tl_timeline_set_meta(tl, "x-custom", "kept");
	tl_diags *d = tl_diags_new(0);
	tl_timeline_finish(tl, d);
	assert_int_equal(tl_timeline_refresh(tl), 172800);
	assert_int_equal(tl_diags_errors(d), 2);
	assert_int_equal(tl_diags_get(d, 0)->line, 0);
	assert_int_equal(tl_diags_get(d, 1)->line, 4);
	assert_int_equal(tl_diags_get(d, 1)->col, 7);
	assert_string_equal(tl_timeline_meta(tl, "x-custom"), "kept");
	tl_diags_free(d);
	tl_timeline_free(tl);
}

static void test_names(void **state)
{
	(void)state;
	assert_true(tl_zone_name_ok("Europe/Paris"));
	assert_true(tl_zone_name_ok("America/Argentina/Buenos_Aires"));
	assert_true(tl_zone_name_ok("Etc/GMT+5"));
	assert_true(tl_zone_name_ok("UTC"));
	assert_false(tl_zone_name_ok(""));
	assert_false(tl_zone_name_ok("/etc/localtime"));
	assert_false(tl_zone_name_ok("Europe/../../x"));
	assert_false(tl_zone_name_ok("Europe/Paris "));
	assert_false(tl_zone_name_ok("Europe\\Paris"));
	assert_true(tl_hostname_ok("example.org"));
	assert_true(tl_hostname_ok("a-b.c1"));
	assert_false(tl_hostname_ok(""));
	assert_false(tl_hostname_ok(".example.org"));
	assert_false(tl_hostname_ok("-x"));
	assert_false(tl_hostname_ok("ex ample"));
	assert_false(tl_hostname_ok("example.org/feed"));
	assert_false(tl_hostname_ok("user@example.org"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_color_table),
	    cmocka_unit_test(test_color_parse),
	    cmocka_unit_test(test_event_color),
	    cmocka_unit_test(test_event_fields),
	    cmocka_unit_test(test_duration),
	    cmocka_unit_test(test_front_fields),
	    cmocka_unit_test(test_front_unset),
	    cmocka_unit_test(test_front_bad_values),
	    cmocka_unit_test(test_front_repeated_key),
	    cmocka_unit_test(test_built_by_hand),
	    cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
