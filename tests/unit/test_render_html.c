/*
 * test_render_html.c - the HTML page and index: every piece of text
 * escaped, only safe URLs as links, each address once, the SVG inline
 * without its XML prolog, the webcal:// link or the script that makes one,
 * the banner, and write errors.
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

/* Renders tl's page; the caller frees the result with free(). */
static char *page(const tl_timeline *tl, const tl_html_page *p)
{
	tl_options o;
	tl_buf b = {0};
	tl_diags *d = tl_diags_new(0);
	tl_options_init(&o);
	assert_int_equal(tl_render_html(tl, &o, p, support_collect, &b, d), TL_OK);
	assert_int_equal(tl_diags_errors(d), 0);
	tl_diags_free(d);
	tl_buf_putc(&b, '\0');
	return b.data;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

static const char hostile[] =
    "---\ntitle: <script>alert(\"t\")</script> & 'q'\n"
    "description: a <b>bold</b> claim\n---\n"
    "2017-06: Title with <img src=x> & a [link](https://ok.example/a?b=1&c=2)"
    " and [bad](javascript:alert)\n"
    "source: javascript:alert(1)\n"
    "source: https://news.example/story?id=1&x=\"\n"
    "source: https://news.example/story\n"
    "source: https://news.example/story\n"
    "url: https://ok.example/a?b=1&c=2\n";

static void test_escaping(void **state)
{
	tl_timeline *tl = support_parse(hostile);
	tl_html_page p = {"t", "", "http://127.0.0.1:8080/t.ics", NULL, 0};
	char *html = page(tl, &p);
	assert_null(strstr(html, "<script>alert"));
	assert_null(strstr(html, "<img"));
	assert_null(strstr(html, "<b>"));
	assert_non_null(strstr(html, "<title>&lt;script&gt;alert(&quot;t&quot;)"
	                             "&lt;/script&gt; &amp; &#39;q&#39;</title>"));
	assert_non_null(strstr(html, "<p class=\"description\">a &lt;b&gt;bold"
	                             "&lt;/b&gt; claim</p>"));
	assert_non_null(strstr(html, "<td>Title with &lt;img src=x&gt; &amp; a "
	                             "link and bad</td>"));
	assert_non_null(strstr(html, "<td class=\"date\">2017-06</td>"));
	free(html);
	tl_timeline_free(tl);
}

static void test_sources(void **state)
{
	tl_timeline *tl = support_parse(hostile);
	tl_html_page p = {"t", "", NULL, NULL, 0};
	char *html = page(tl, &p);
	/* Unsafe addresses are shown as text, never as links. */
	assert_null(strstr(html, "href=\"javascript"));
	assert_non_null(strstr(html, "<span>javascript:alert(1)</span>"));
	assert_non_null(strstr(html, "<span>javascript:alert</span>"));
	assert_non_null(strstr(html, "<span>https://news.example/story?id=1&amp;"
	                             "x=&quot;</span>"));
	/* Safe ones are links labelled with their host or their text, each
	 * address once: the url property repeats the [link]. */
	assert_int_equal(count(html, "<a href=\"https://news.example/story\" "
	                             "title=\"https://news.example/story\">"
	                             "news.example</a>"),
	                 1);
	assert_int_equal(count(html, "<a href=\"https://ok.example/a?b=1&amp;c=2\""),
	                 1);
	assert_non_null(strstr(html, "c=2\">link</a>"));
	free(html);
	tl_timeline_free(tl);
}

static void test_svg_inline(void **state)
{
	tl_timeline *tl = support_parse("2017: One\n2018: Two\n");
	tl_html_page p = {"t", "", NULL, NULL, 0};
	char *html = page(tl, &p);
	assert_non_null(strstr(html, "<figure>\n<svg"));
	assert_null(strstr(html, "<?xml"));
	assert_null(strstr(html, "<!DOCTYPE svg"));
	assert_int_equal(count(html, "<svg"), 1);
	assert_int_equal(count(html, "</svg>"), 1);
	assert_int_equal(count(html, "<tr><td class=\"date\">"), 2);
	/* Sorted by date, as written. */
	assert_true(strstr(html, ">2017</td>") < strstr(html, ">2018</td>"));
	free(html);
	tl_timeline_free(tl);
}

/* A page whose PNG is not published links the other diagram files only. */
static void test_no_png(void **state)
{
	tl_timeline *tl = support_parse("2017: One\n");
	tl_html_page with = {"t", "", NULL, NULL, 0};
	tl_html_page without = {"t", "", NULL, NULL, 1};
	char *a = page(tl, &with), *b = page(tl, &without);
	assert_non_null(strstr(a, "href=\"t.png\""));
	assert_null(strstr(b, "t.png"));
	assert_non_null(strstr(b, "href=\"t.svg\""));
	assert_non_null(strstr(b, "href=\"t.pdf\""));
	free(a);
	free(b);
	tl_timeline_free(tl);
}

static void test_subscribe_links(void **state)
{
	tl_timeline *tl = support_parse("2017: One\n");
	tl_html_page known = {"feed", "../", "https://example.org/x/feed.ics",
	                      NULL, 0};
	char *html = page(tl, &known);
	assert_non_null(strstr(html, "<a class=\"subscribe\" href=\"webcal://"
	                             "example.org/x/feed.ics\">Subscribe</a>"));
	assert_non_null(strstr(html, "<a href=\"../feed.ics\" download>"
	                             "Download .ics</a>"));
	assert_non_null(strstr(html, "href=\"../feed.png\">PNG</a>"));
	assert_null(strstr(html, "<script"));
	free(html);

	/* Unknown, or not a safe URL: a relative link and the script. */
	tl_html_page unknown = {"feed", "", "https://bad\".example/", NULL, 0};
	html = page(tl, &unknown);
	assert_non_null(strstr(html, "<a class=\"subscribe\" href=\"feed.ics\">"));
	assert_int_equal(count(html, "<script>"), 1);
	assert_non_null(strstr(html, "script-src 'sha256-"));
	assert_null(strstr(html, "bad&quot;.example"));
	free(html);
	tl_timeline_free(tl);
}

static void test_banner(void **state)
{
	tl_timeline *tl = support_parse("---\ntitle: T\n---\n2017: One\n");
	tl_html_page none = {"t", "", NULL, NULL, 0};
	char *html = page(tl, &none);
	assert_null(strstr(html, "class=\"banner\""));
	assert_non_null(strstr(html, "<title>T</title>"));
	free(html);
	tl_html_page p = {"t", "", NULL,
	                  "t.mw:3:6: error: invalid month '13' <here>\n", 0};
	html = page(tl, &p);
	assert_non_null(strstr(html, "<div class=\"banner\" role=\"alert\">"));
	assert_non_null(strstr(html, "<pre>t.mw:3:6: error: invalid month "
	                             "&#39;13&#39; &lt;here&gt;\n</pre>"));
	/* The banner comes before the page's header. */
	assert_true(strstr(html, "class=\"banner\"") < strstr(html, "<h1>"));
	free(html);
	tl_timeline_free(tl);
}

static void test_untitled(void **state)
{
	tl_timeline *tl = support_parse("2017: One\n");
	tl_html_page p = {"my-events", "", NULL, NULL, 0};
	char *html = page(tl, &p);
	assert_non_null(strstr(html, "<h1>my-events</h1>"));
	assert_null(strstr(html, "class=\"description\""));
	free(html);
	tl_timeline_free(tl);
}

static void test_index(void **state)
{
	const tl_timeline *tls[2] = {
	    support_parse("---\ntitle: First & <one>\n---\n2017: One\n"),
	    support_parse("2017: One\n2018: Two\n")};
	tl_html_page pages[2] = {
	    {"first", "../", "http://h.example/first.ics", NULL, 0},
	    {"second", "", NULL, "second.mw:1:1: error: x", 0}};
	tl_buf b = {0};
	tl_diags *d = tl_diags_new(0);
	assert_int_equal(tl_render_html_index(tls, pages, 2, support_collect, &b, d),
	                 TL_OK);
	tl_buf_putc(&b, '\0');
	assert_non_null(strstr(b.data, "<a href=\"first/\">First &amp; &lt;one&gt;"
	                               "</a>"));
	assert_non_null(strstr(b.data, "<a href=\"second/\">second</a>"));
	assert_non_null(strstr(b.data, "1 event</p>"));
	assert_non_null(strstr(b.data, "2 events</p>"));
	assert_non_null(strstr(b.data, "href=\"webcal://h.example/first.ics\""));
	assert_non_null(strstr(b.data, "<a class=\"subscribe\" href=\"second.ics\""));
	assert_non_null(strstr(b.data, "href=\"first.ics\" download>"));
	assert_int_equal(count(b.data, "class=\"banner\""), 1);
	assert_int_equal(count(b.data, "<script>"), 1);
	assert_null(strstr(b.data, "<svg"));
	free(b.data);
	tl_diags_free(d);
	tl_timeline_free((tl_timeline *)tls[0]);
	tl_timeline_free((tl_timeline *)tls[1]);
}

static void test_write_error(void **state)
{
	tl_timeline *tl = support_parse("2017: One\n");
	tl_html_page p = {"t", "", NULL, NULL, 0};
	tl_options o;
	tl_diags *d = tl_diags_new(0);
	tl_options_init(&o);
	assert_int_equal(tl_render_html(tl, &o, &p, support_refuse, NULL, d),
	                 TL_WRITE_FAILED);
	assert_int_equal(tl_render_html_index((const tl_timeline *const *)&tl,
	                                      &p, 1, support_refuse, NULL, d),
	                 TL_WRITE_FAILED);
	assert_int_equal(tl_diags_count(d), 0);
	tl_diags_free(d);
	tl_timeline_free(tl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_escaping),
	    cmocka_unit_test(test_sources),
	    cmocka_unit_test(test_svg_inline),
	    cmocka_unit_test(test_no_png),
	    cmocka_unit_test(test_subscribe_links),
	    cmocka_unit_test(test_banner),
	    cmocka_unit_test(test_untitled),
	    cmocka_unit_test(test_index),
	    cmocka_unit_test(test_write_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
