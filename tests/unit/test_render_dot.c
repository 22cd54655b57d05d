/*
 * test_render_dot.c - the diagram through Graphviz: the DOT dateline
 * builds, byte for byte against tests/golden/dot/ (UPDATE_GOLDEN=1
 * rewrites them), and smoke tests of what gvc renders from it: SVG with a
 * <text> per title line and nothing active, PNG of the expected size, PDF,
 * image maps; hostile text kept literal; failures reported; the number
 * formatter the DOT is written with.
 */
#define _GNU_SOURCE /* memmem */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render_dot.h"
#include "support.h"

#define ARTICLE "../events/russia-dprk-sanctions.mw"

static tl_options opts(const char *format)
{
	tl_options o;
	memset(&o, 0, sizeof(o));
	o.format = format;
	o.dpi = 144;
	return o;
}

/* Renders tl under o into a buffer; asserts success and no errors.  The
 * caller frees the result's data with free(). */
static tl_buf render(const tl_timeline *tl, const tl_options *o)
{
	tl_buf b = {NULL, 0, 0};
	tl_diags *d = tl_diags_new(0);
	assert_int_equal(tl_render_diagram(tl, o, support_collect, &b, d), TL_EXIT_OK);
	for (size_t i = 0; i < tl_diags_count(d); i++)
		print_message("diag: %s\n", tl_diags_get(d, i)->message);
	assert_int_equal(tl_diags_errors(d), 0);
	tl_diags_free(d);
	assert_non_null(b.data);
	return b;
}

static void golden(const char *input, const char *name, tl_options o)
{
	tl_timeline *tl = support_load(input);
	tl_buf b = render(tl, &o);
	char path[256];
	snprintf(path, sizeof(path), "golden/dot/%s.dot", name);
	if (getenv("UPDATE_GOLDEN")) {
		FILE *f = fopen(path, "wb");
		assert_non_null(f);
		fwrite(b.data, 1, b.len, f);
		fclose(f);
	}
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *want = tl_xmalloc(b.len + 2);
	size_t n = fread(want, 1, b.len + 1, f);
	fclose(f);
	if (n != b.len || memcmp(want, b.data, n) != 0)
		fail_msg("%s differs from the DOT built (UPDATE_GOLDEN=1 to "
		         "accept)", path);
	free(want);
	free(b.data);
	tl_timeline_free(tl);
}

static void test_golden_dot(void **state)
{
	tl_options o = opts("dot");
	golden(ARTICLE, "article", o);
	golden("golden/dot/dense.mw", "dense", o);
	golden("golden/dot/centuries.mw", "centuries", o);
	golden("golden/dot/bce.mw", "bce", o);
	golden("golden/dot/hostile.mw", "hostile", o);
	o.vertical = 1;
	golden(ARTICLE, "article-vertical", o);
	o.vertical = 0;
	o.axis = TL_AXIS_ORDINAL;
	golden(ARTICLE, "article-ordinal", o);
}

/* Appends s escaped as Graphviz's SVG writer escapes text. */
static void xml_escape(tl_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': tl_buf_puts(b, "&amp;"); break;
		case '<': tl_buf_puts(b, "&lt;"); break;
		case '>': tl_buf_puts(b, "&gt;"); break;
		case '"': tl_buf_puts(b, "&quot;"); break;
		case '\'': tl_buf_puts(b, "&#39;"); break;
		case '-': tl_buf_puts(b, "&#45;"); break;
		default: tl_buf_putc(b, s[i]);
		}
	}
}

/* Asserts the SVG has a <text> element for every line of every event's
 * wrapped title, and nothing that runs or links to script. */
static void check_svg(const tl_timeline *tl, const tl_buf *svg)
{
	assert_int_equal(strncmp(svg->data, "<?xml", 5), 0);
	assert_non_null(strstr(svg->data, "</svg>"));
	assert_null(strstr(svg->data, "<script"));
	assert_null(strstr(svg->data, "href=\"javascript"));
	assert_null(strstr(svg->data, "href=\"JAVASCRIPT"));
	tl_options o = opts("svg");
	tl_layout *l = tl_layout_new(tl, &o);
	tl_buf want = {NULL, 0, 0};
	for (size_t i = 0; i < l->nevents; i++) {
		const char *s = l->events[i].title.text;
		while (*s) {
			size_t n = strcspn(s, "\n");
			want.len = 0;
			tl_buf_puts(&want, ">");
			xml_escape(&want, s, n);
			tl_buf_puts(&want, "</text>");
			if (!strstr(svg->data, want.data))
				fail_msg("no <text> for '%.*s'", (int)n, s);
			s += n + (s[n] == '\n');
		}
	}
	free(want.data);
	tl_layout_free(l);
}

static void test_svg(void **state)
{
	tl_timeline *tl = support_load(ARTICLE);
	tl_options o = opts("svg");
	tl_buf a = render(tl, &o), b = render(tl, &o);
	check_svg(tl, &a);
	/* Same input, same bytes. */
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	/* Tooltips and links on the events. */
	assert_non_null(strstr(a.data, "xlink:title=\"U.S. Treasury sanctions"));
	assert_non_null(strstr(a.data, "xlink:href=\"https://www.themoscowtimes"));
	free(a.data);
	free(b.data);
	tl_timeline_free(tl);
}

static void test_hostile_text_is_literal(void **state)
{
	tl_timeline *tl = support_load("golden/dot/hostile.mw");
	tl_options o = opts("svg");
	tl_buf svg = render(tl, &o);
	check_svg(tl, &svg);
	const char *literal[] = {
	    ">He said &quot;hi&quot; &amp; &#39;bye&#39;</text>",
	    ">&lt;b&gt;bold&lt;/b&gt; \\N \\G \\L \\E \\T \\H \\\\</text>",
	    ">&lt;script&gt;alert(1)&lt;/script&gt;</text>",
	    ">&amp;amp; &amp;lt;x&amp;gt; &amp;#60;</text>",
	    ">Hostile &lt;b&gt;titles&lt;/b&gt; &amp; &quot;quotes&quot; \\N "
	    "\\G</text>",
	    "xlink:title=\"He said &quot;hi&quot; &amp; &#39;bye&#39; "
	    "&lt;b&gt;bold&lt;/b&gt; \\N \\G \\L \\E \\T \\H \\\\ back\\slash"
	    "&#10;&#10;A description",
	    /* A URL's query string stays well-formed XML. */
	    "xlink:href=\"https://example.org/page?a=1&amp;b=2\"",
	    "Emoji \xF0\x9F\x98\x80",
	};
	for (size_t i = 0; i < sizeof(literal) / sizeof(*literal); i++)
		if (!strstr(svg.data, literal[i]))
			fail_msg("missing: %s", literal[i]);
	free(svg.data);
	/* The image map escapes the same way; PDF links take the URL as is. */
	o.format = "cmapx";
	tl_buf map = render(tl, &o);
	assert_int_equal(strncmp(map.data, "<map id=\"timeline\"", 18), 0);
	assert_non_null(strstr(map.data, "href=\"https://example.org/page?a=1&amp;b=2\""));
	assert_null(strstr(map.data, "javascript"));
	free(map.data);
	o.format = "pdf";
	tl_buf pdf = render(tl, &o);
	assert_int_equal(memcmp(pdf.data, "%PDF", 4), 0);
	assert_non_null(memmem(pdf.data, pdf.len, "/URI (https://example.org/page?a=1&b=2)", 39));
	free(pdf.data);
	tl_timeline_free(tl);
}

/* Titles the parser cannot produce: newlines, tabs, unsafe links. */
static void test_built_by_hand(void **state)
{
	tl_timeline *tl = tl_timeline_new("hand");
	tl_event *e = tl_timeline_add_event(tl);
	tl_diag err;
	assert_int_equal(tl_date_parse("2020-02-02", 10, &e->date, &err), 0);
	e->title = "line one\nline two\t<i>\\";
	e->lane = (uint32_t)tl_timeline_lane_index(tl, "");
	static tl_kv props[] = {{"url", "javascript:alert(1)"},
	                        {"color", "not-a-colour"}};
	e->props = props;
	e->nprops = 2;
	tl_diags *d = tl_diags_new(0);
	tl_timeline_finish(tl, d);
	tl_options o = opts("svg");
	tl_buf b = {NULL, 0, 0};
	assert_int_equal(tl_render_diagram(tl, &o, support_collect, &b, d), TL_EXIT_OK);
	assert_non_null(strstr(b.data, ">line one line two &lt;i&gt;\\</text>"));
	assert_null(strstr(b.data, "javascript"));
	/* The colour is refused with a warning, not passed to Graphviz. */
	assert_int_equal(tl_diags_warnings(d), 1);
	assert_non_null(strstr(tl_diags_get(d, 0)->message, "not-a-colour"));
	assert_null(strstr(b.data, "not-a-colour"));
	free(b.data);
	tl_diags_free(d);
	tl_timeline_free(tl);
}

/* Reads a PNG's IHDR size. */
static void png_size(const tl_buf *b, unsigned *w, unsigned *h)
{
	const unsigned char *p = (const unsigned char *)b->data;
	assert_true(b->len > 24);
	assert_memory_equal(p, "\x89PNG\r\n\x1a\n", 8);
	assert_memory_equal(p + 12, "IHDR", 4);
	*w = (unsigned)p[16] << 24 | p[17] << 16 | p[18] << 8 | p[19];
	*h = (unsigned)p[20] << 24 | p[21] << 16 | p[22] << 8 | p[23];
}

static void test_png_pdf(void **state)
{
	tl_timeline *tl = support_load(ARTICLE);
	tl_options o = opts("png");
	tl_layout *l = tl_layout_new(tl, &o);
	unsigned w, h;
	tl_buf png = render(tl, &o);
	png_size(&png, &w, &h);
	assert_int_equal(w, (unsigned)l->width * 2); /* 144 dpi */
	assert_int_equal(h, (unsigned)l->height * 2);
	free(png.data);
	o.dpi = 72;
	png = render(tl, &o);
	png_size(&png, &w, &h);
	assert_int_equal(w, (unsigned)l->width);
	free(png.data);
	o.format = "pdf";
	tl_buf pdf = render(tl, &o);
	assert_int_equal(memcmp(pdf.data, "%PDF-", 5), 0);
	assert_non_null(memmem(pdf.data, pdf.len, "%%EOF", 5));
	free(pdf.data);
	tl_layout_free(l);
	tl_timeline_free(tl);
}

static void test_failures(void **state)
{
	tl_timeline *tl = support_load(ARTICLE);
	tl_options o = opts("svg");
	tl_diags *d = tl_diags_new(0);
	assert_int_equal(tl_render_diagram(tl, &o, support_refuse, NULL, d), TL_EXIT_IO);
	o.format = "dot";
	assert_int_equal(tl_render_diagram(tl, &o, support_refuse, NULL, d), TL_EXIT_IO);
	o.format = "gif";
	assert_int_equal(tl_render_diagram(tl, &o, support_refuse, NULL, d),
	                 TL_EXIT_USAGE);
	assert_int_equal(tl_diags_errors(d), 1);
	assert_string_equal(tl_diags_get(d, 0)->message,
	                    "unknown diagram format 'gif' (use dot, svg, png, "
	                    "pdf or cmapx)");
	tl_diags_free(d);
	tl_timeline_free(tl);
}

/* Our number formatter agrees with printf away from exact ties. */
static void test_dot_num(void **state)
{
	char got[TL_DOT_NUM_MAX], want[64];
	const double v[] = {0,      1,        -1,      0.004,  -0.004,
	                    12.345, 779.44,   -3.999,  1e9,    123456.789,
	                    0.1234, 2.718281, -0.0001, 1e-300, 72.0 / 7};
	for (size_t i = 0; i < sizeof(v) / sizeof(*v); i++)
		for (int places = 0; places <= 4; places++) {
			tl_dot_num(got, v[i], places);
			snprintf(want, sizeof(want), "%.*f", places, v[i]);
			/* printf writes "-0.00"; we write "0.00". */
			const char *w = want;
			if (w[0] == '-' && strspn(w + 1, "0.") == strlen(w + 1))
				w++;
			if (strcmp(got, w) != 0)
				fail_msg("%.17g at %d: got %s, want %s", v[i], places,
				         got, w);
		}
}

/* The texts are background drawing, not nodes: every event is one node,
 * and Graphviz draws no label of its own. */
static void test_texts_are_drawn(void **state)
{
	tl_timeline *tl = support_load(ARTICLE);
	tl_options o = opts("svg");
	tl_buf svg = render(tl, &o);
	tl_layout *l = tl_layout_new(tl, &o);
	size_t nodes = 0, middle = 0;
	for (const char *s = svg.data; (s = strstr(s, "class=\"node\"")); s++)
		nodes++;
	for (const char *s = svg.data; (s = strstr(s, "text-anchor=\"middle\""));
	     s++)
		middle++;
	/* Marks, legend symbols (the arrow is drawn), the canvas is
	 * invisible, and links over the sources. */
	size_t legend = 0;
	for (size_t i = 0; i < l->nlegend; i++)
		legend += l->legend[i].kind != TL_LEG_ARROW;
	assert_true(nodes >= l->nevents + legend);
	assert_true(nodes <= l->nevents + legend + l->nfooter + 1);
	assert_int_equal(middle, 0);
	free(svg.data);
	tl_layout_free(l);
	tl_timeline_free(tl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_golden_dot),
	    cmocka_unit_test(test_svg),
	    cmocka_unit_test(test_hostile_text_is_literal),
	    cmocka_unit_test(test_built_by_hand),
	    cmocka_unit_test(test_png_pdf),
	    cmocka_unit_test(test_failures),
	    cmocka_unit_test(test_dot_num),
	    cmocka_unit_test(test_texts_are_drawn),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
