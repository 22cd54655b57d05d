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
#include <unistd.h>

#include <cgraph.h>

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
	assert_int_equal(tl_render_diagram(tl, o, support_collect, &b, d), TL_OK);
	for (size_t i = 0; i < tl_diags_count(d); i++)
		print_message("diag: %s\n", tl_diags_get(d, i)->message);
	assert_int_equal(tl_diags_errors(d), 0);
	tl_diags_free(d);
	assert_non_null(b.data);
	return b;
}

/* Prints a unified diff of the golden file at path against what was
 * built, as every golden suite does on a mismatch. */
static void show_diff(const char *path, const tl_buf *got)
{
	char tmp[] = "/tmp/dateline-golden-XXXXXX";
	int fd = mkstemp(tmp);
	if (fd < 0)
		return;
	FILE *f = fdopen(fd, "wb");
	fwrite(got->data, 1, got->len, f);
	fclose(f);
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "diff -u '%s' '%s' | head -n 40 >&2", path,
	         tmp);
	if (system(cmd) == -1)
		print_error("cannot run diff\n");
	unlink(tmp);
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
	if (n != b.len || memcmp(want, b.data, n) != 0) {
		show_diff(path, &b);
		fail_msg("%s differs from the DOT built (make update-golden "
		         "to accept)", path);
	}
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
	assert_non_null(strstr(a.data, "<title>U.S. Treasury sanctions"));
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
	    "<title>He said &quot;hi&quot; &amp; &#39;bye&#39; "
	    "&lt;b&gt;bold&lt;/b&gt; \\N \\G \\L \\E \\T \\H \\\\ back\\slash"
	    " (1 January 2017)&#10;&#10;A description",
	    /* A URL's query string stays well-formed XML. */
	    "xlink:href=\"https://example.org/page?a=1&amp;b=2\"",
	    "Emoji \xF0\x9F\x98\x80",
	    "&lt;/script&gt; &amp;amp; \\l \\n</text>",
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
	/* Its tooltips are the title and the description, escaped. */
	assert_non_null(strstr(map.data,
	                       "title=\"He said &quot;hi&quot; &amp; &#39;bye&#39; "
	                       "&lt;b&gt;bold&lt;/b&gt; \\N \\G \\L \\E \\T \\H "
	                       "\\\\ back\\slash&#10;&#10;A description"));
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
	static tl_kv props[] = {{"url", "javascript:alert(1)", 0, 0},
	                        {"color", "not-a-colour", 0, 0}};
	e->props = props;
	e->nprops = 2;
	tl_diags *d = tl_diags_new(0);
	tl_timeline_finish(tl, d);
	tl_options o = opts("svg");
	tl_buf b = {NULL, 0, 0};
	assert_int_equal(tl_render_diagram(tl, &o, support_collect, &b, d), TL_OK);
	assert_non_null(strstr(b.data, ">line one line two &lt;i&gt;\\</text>"));
	assert_null(strstr(b.data, "javascript"));
	/* The model drops the url (a warning) and refuses the colour (an
	 * error; line 0 as nothing says where they were written): neither
	 * reaches Graphviz. */
	assert_int_equal(tl_diags_warnings(d), 1);
	assert_non_null(strstr(tl_diags_get(d, 0)->message, "javascript"));
	assert_int_equal(tl_diags_errors(d), 1);
	assert_non_null(strstr(tl_diags_get(d, 1)->message, "not-a-colour"));
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
	assert_int_equal(tl_render_diagram(tl, &o, support_refuse, NULL, d), TL_WRITE_FAILED);
	o.format = "dot";
	assert_int_equal(tl_render_diagram(tl, &o, support_refuse, NULL, d), TL_WRITE_FAILED);
	o.format = "gif";
	assert_int_equal(tl_render_diagram(tl, &o, support_refuse, NULL, d),
	                 TL_BAD_OPTIONS);
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

/* All that is seen is background drawing, not nodes: in the SVG, the
 * only nodes are the lanes', axis's and ticks' transparent parts, every
 * event is one group, and Graphviz draws no label of its own; the graph
 * that PDF, PNG and the DOT draw has a link area over each event's mark
 * and label, and over the title and the sources. */
static void test_texts_are_drawn(void **state)
{
	tl_timeline *tl = support_load(ARTICLE);
	tl_options o = opts("svg");
	tl_buf svg = render(tl, &o);
	tl_layout *l = tl_layout_new(tl, &o);
	size_t nodes = 0, middle = 0, events = 0;
	for (const char *s = svg.data; (s = strstr(s, "class=\"node")); s++)
		nodes++;
	for (const char *s = svg.data; (s = strstr(s, "class=\"tl-event\""));
	     s++)
		events++;
	for (const char *s = svg.data; (s = strstr(s, "text-anchor=\"middle\""));
	     s++)
		middle++;
	size_t parts = l->nlanes + 1 + l->nticks;
	assert_true(nodes >= l->nlanes + 1 && nodes <= parts);
	assert_int_equal(events, l->nevents);
	assert_int_equal(middle, 0);
	Agraph_t *g = tl_dot_graph(tl, &o);
	size_t all = (size_t)agnnodes(g);
	/* and the invisible canvas */
	assert_true(all >= 2 * l->nevents + l->nlanes + 2);
	assert_true(all <= 2 * l->nevents + parts + l->nfooter + 2);
	agclose(g);
	free(svg.data);
	tl_layout_free(l);
	tl_timeline_free(tl);
}

/* A PDF carries o.timestamp as its creation date, not the time of the
 * render, so two renders are the same bytes. */
static void test_pdf_date(void **state)
{
	tl_timeline *tl = support_load(ARTICLE);
	tl_options o = opts("pdf");
	o.timestamp = 1500000000; /* 2017-07-14 02:40:00 UTC */
	tl_buf a = render(tl, &o);
	assert_non_null(memmem(a.data, a.len, "/CreationDate (D:20170714024000", 31));
	o.timestamp = 951782400 + 86399; /* 2000-02-29 23:59:59, a leap day */
	tl_buf b = render(tl, &o);
	assert_non_null(memmem(b.data, b.len, "/CreationDate (D:20000229235959", 31));
	/* Same length: the xref offsets still hold. */
	assert_int_equal(a.len, b.len);
	free(a.data);
	free(b.data);
	tl_timeline_free(tl);
}

/* A PNG whose text would be scaled below readability is an error that
 * names the options, not a picture of nothing. */
static void test_png_unreadable(void **state)
{
	tl_buf text = {NULL, 0, 0};
	tl_buf_puts(&text, "# One lane\n");
	for (int i = 0; i < 3000; i++)
		tl_buf_printf(&text, "2020-01-01: Event %d\n", i);
	tl_timeline *tl = support_parse_named("many.mw", text.data, text.len);
	tl_options o = opts("png");
	tl_diags *d = tl_diags_new(0);
	tl_buf b = {NULL, 0, 0};
	assert_int_equal(tl_render_diagram(tl, &o, support_collect, &b, d),
	                 TL_INVALID);
	assert_null(b.data);
	assert_int_equal(tl_diags_errors(d), 1);
	const char *m = tl_diags_get(d, 0)->message;
	assert_non_null(strstr(m, "pixels at 144 dpi"));
	assert_non_null(strstr(m, "--dpi"));
	assert_non_null(strstr(m, "--width"));
	tl_diags_free(d);
	tl_timeline_free(tl);
	/* A small diagram squeezed into one inch: the layout refuses the
	 * size before any format is drawn, saying what would do. */
	tl = support_load(ARTICLE);
	o.vertical = 1;
	o.width_in = 1;
	d = tl_diags_new(0);
	assert_int_equal(tl_render_diagram(tl, &o, support_collect, &b, d),
	                 TL_BAD_OPTIONS);
	assert_null(b.data);
	assert_non_null(strstr(tl_diags_get(d, 0)->message, "not 1.0 in"));
	tl_diags_free(d);
	/* Wide enough, it is drawn. */
	o.width_in = 30;
	b = render(tl, &o);
	free(b.data);
	tl_timeline_free(tl);
	free(text.data);
}

/* ---- the DOT reads back as written ---- */

/* A deterministic PRNG (xorshift64*): every run tests the same cases. */
static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static unsigned rnd(unsigned n)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (unsigned)((rng_state * 0x2545f4914f6cdd1dull) >> 33) % n;
}

/* Appends up to max random pieces of what breaks DOT, XML and our format:
 * backslashes and quotes in runs, angle brackets, braces, semicolons,
 * ampersands, entities, Graphviz escapes, UTF-8; with lines 1 newlines
 * too, with lines 2 also tabs and carriage returns. */
static void rnd_text(tl_buf *b, unsigned max, int lines)
{
	static const char *const piece[] = {
	    "\\", "\\", "\\\\", "\"", "\"", "\\\"", "<", ">", "{", "}", ";", "&",
	    "&amp;", " ", " ", "a", "Zed", "\\N", "\\G", "\\E", "\\T", "\\H",
	    "\\L", "\\n", "\\l", "\\r", "\xc3\xa9", "\xf0\x9f\x98\x80", "'",
	    "=", ",", "[", "]", "+", "\n", "\n", "\r", "\t"};
	size_t n = sizeof(piece) / sizeof(*piece) -
	           (lines == 0 ? 4 : lines == 1 ? 2 : 0);
	unsigned k = 1 + rnd(max);
	for (unsigned i = 0; i < k; i++)
		tl_buf_puts(b, piece[rnd((unsigned)n)]);
}

/* Fails unless every attribute value of a (graph, node defaults, nodes)
 * is the same in b, and b has the same nodes. */
static void same_graph(Agraph_t *a, Agraph_t *b, const char *dot)
{
	for (Agsym_t *s = agnxtattr(a, AGRAPH, NULL); s;
	     s = agnxtattr(a, AGRAPH, s)) {
		const char *v = agget(b, s->name);
		if (!v || strcmp(v, agxget(a, s)) != 0)
			fail_msg("graph %s: wrote [%s], read [%s] from\n%s", s->name,
			         agxget(a, s), v ? v : "(none)", dot);
	}
	int na = agnnodes(a), nb = agnnodes(b);
	assert_int_equal(na, nb);
	for (Agnode_t *n = agfstnode(a); n; n = agnxtnode(a, n)) {
		Agnode_t *m = agnode(b, agnameof(n), 0);
		if (!m)
			fail_msg("node [%s] not read back from\n%s", agnameof(n), dot);
		for (Agsym_t *s = agnxtattr(a, AGNODE, NULL); s;
		     s = agnxtattr(a, AGNODE, s)) {
			const char *v = agget(m, s->name);
			if (!v)
				v = "";
			if (strcmp(v, agxget(n, s)) != 0)
				fail_msg("node %s %s: wrote [%s], read [%s] from\n%s",
				         agnameof(n), s->name, agxget(n, s), v, dot);
		}
	}
}

/* Writes g, reads it back with Graphviz's own reader, compares. */
static void round_trip(Agraph_t *g)
{
	tl_buf dot = {NULL, 0, 0};
	tl_dot_write(&dot, g);
	tl_buf_putc(&dot, '\0');
	Agraph_t *back = agmemread(dot.data);
	if (!back)
		fail_msg("Graphviz cannot read\n%s", dot.data);
	same_graph(g, back, dot.data);
	agclose(back);
	free(dot.data);
}

/* Random values in every place a value goes: node names, graph
 * attributes, node defaults and node values. */
static void test_dot_values_read_back(void **state)
{
	tl_buf v = {NULL, 0, 0};
	for (int round = 0; round < 300; round++) {
		Agraph_t *g = agopen("timeline", Agdirected, NULL);
		for (int i = 0; i < 3; i++) {
			char name[16];
			snprintf(name, sizeof(name), "g%d", i);
			v.len = 0;
			rnd_text(&v, 12, 2);
			tl_buf_putc(&v, '\0');
			agattr(g, AGRAPH, name, v.data);
			snprintf(name, sizeof(name), "n%d", i);
			v.len = 0;
			rnd_text(&v, 4, 2);
			tl_buf_putc(&v, '\0');
			agattr(g, AGNODE, name, rnd(3) ? v.data : "");
		}
		for (int i = 0; i < 4; i++) {
			v.len = 0;
			rnd_text(&v, 6, 2);
			tl_buf_printf(&v, "%d", i); /* distinct names */
			tl_buf_putc(&v, '\0');
			Agnode_t *n = agnode(g, v.data, 1);
			for (int k = 0; k < 3; k++) {
				char name[16];
				snprintf(name, sizeof(name), "n%d", k);
				v.len = 0;
				rnd_text(&v, 10, 2);
				tl_buf_putc(&v, '\0');
				agset(n, name, v.data);
			}
		}
		round_trip(g);
		agclose(g);
	}
	free(v.data);
}

/* Appends a random event file: every field that reaches the diagram
 * (front matter title, description, source, url and lanes; headings;
 * titles, descriptions, tags, sources and urls) holds random text. */
static void rnd_timeline(tl_buf *b)
{
	/* Front matter values start with a letter: one that starts with a
	 * quote is YAML quoting, with escapes of its own. */
	tl_buf_puts(b, "---\ntitle: T");
	rnd_text(b, 10, 0);
	tl_buf_puts(b, "\ndescription: D");
	rnd_text(b, 10, 0);
	tl_buf_puts(b, "\nsource: https://example.org/?q=");
	rnd_text(b, 4, 0);
	tl_buf_puts(b, "\nurl: https://example.org/a?b=1&c=");
	rnd_text(b, 3, 0);
	tl_buf_puts(b, "\nlanes: L");
	rnd_text(b, 4, 0);
	tl_buf_puts(b, ", x\n---\n");
	for (int lane = 0; lane < 2; lane++) {
		tl_buf_puts(b, "# L");
		rnd_text(b, 6, 0);
		tl_buf_puts(b, "\n");
		for (int e = 0; e < 3; e++) {
			tl_buf_printf(b, "20%02d-0%d: T", 10 + rnd(10), 1 + rnd(9));
			rnd_text(b, 12, 0);
			tl_buf_puts(b, " #tag");
			rnd_text(b, 2, 0);
			tl_buf_puts(b, "\ntags: t");
			rnd_text(b, 4, 0);
			tl_buf_puts(b, rnd(2) ? "\nsource: https://example.org/s?x=1&y="
			                      : "\nsource: s");
			rnd_text(b, 5, 0);
			tl_buf_puts(b, "\nurl: https://example.org/e?");
			rnd_text(b, 3, 0);
			tl_buf_puts(b, "\n");
			rnd_text(b, 20, 1);
			tl_buf_puts(b, "\n");
		}
	}
}

/* Whole diagrams of random text: the DOT dateline writes reads back
 * with every attribute as built. */
static void test_dot_diagrams_read_back(void **state)
{
	tl_buf text = {NULL, 0, 0};
	int nparsed = 0, raw = 0, rounds = 200;
	for (int round = 0; round < rounds; round++) {
		text.len = 0;
		rnd_timeline(&text);
		tl_diags *d = tl_diags_new(0);
		tl_timeline *tl = tl_parse("r.mw", text.data, text.len, d);
		int ok = tl && tl_diags_errors(d) == 0;
		for (size_t i = 0; !ok && i < tl_diags_count(d); i++)
			if (tl_diags_get(d, i)->severity == TL_SEV_ERROR)
				print_message("skipped: %s\n", tl_diags_get(d, i)->message);
		tl_diags_free(d);
		if (!ok) {
			tl_timeline_free(tl);
			continue;
		}
		nparsed++;
		tl_options o = opts("dot");
		o.vertical = round % 5 == 0;
		Agraph_t *g = tl_dot_graph(tl, &o);
		round_trip(g);
		/* What the DOT output holds is that graph. */
		tl_buf want = {NULL, 0, 0};
		tl_dot_write(&want, g);
		tl_buf got = render(tl, &o);
		assert_int_equal(got.len, want.len);
		assert_memory_equal(got.data, want.data, got.len);
		tl_buf_putc(&want, '\0');
		raw += strstr(want.data, " + <\\") != NULL;
		free(got.data);
		free(want.data);
		agclose(g);
		tl_timeline_free(tl);
	}
	free(text.data);
	/* Most random files are valid: the cases are not all skipped. */
	if (nparsed < rounds * 9 / 10)
		fail_msg("only %d of %d random files parsed", nparsed, rounds);
	/* Many hold an odd run of backslashes before a quote. */
	if (raw < rounds / 4)
		fail_msg("only %d of %d DOT files needed an HTML string", raw,
		         rounds);
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
	    cmocka_unit_test(test_pdf_date),
	    cmocka_unit_test(test_png_unreadable),
	    cmocka_unit_test(test_dot_values_read_back),
	    cmocka_unit_test(test_dot_diagrams_read_back),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
