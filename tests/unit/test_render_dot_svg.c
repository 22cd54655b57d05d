/*
 * test_render_dot_svg.c - the SVG grouped for a web page: on an SVG laid
 * out as Graphviz 2.43 writes one, the nodes move under the drawing; an
 * event's leader, mark and label pieces are grouped where they are, with
 * its heading, tooltip and link; an arrow is grouped in place, a source
 * linked in place; every element is kept byte for byte and what is added
 * is escaped; an SVG of any other shape is refused; fed a byte at a time,
 * as Graphviz writes it, the result is the same.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "render_dot.h"
#include "support.h"

/* A graph as Graphviz writes it: background colour, nine elements of
 * the drawing (0 a grid line, 1 a source, then the event: 2 its leader,
 * 3 its mark, 4 its label's background, 5 its title; then 6-7 an arrow,
 * 8 a line after it), an invisible node and a lane's part node. */
static const char SVG[] =
    "<svg>\n<g id=\"graph0\" class=\"graph\">\n<title>timeline</title>\n"
    "<polygon fill=\"white\" points=\"0,0\"/>\n"
    "<polyline stroke=\"grid\" points=\"1,1\"/>\n"
    "<text x=\"7\">[1] https://e.org/</text>\n"
    "<polyline stroke=\"lead\" points=\"2,2\"/>\n"
    "<ellipse fill=\"mark\" cx=\"8\"/>\n"
    "<polygon fill=\"back\" points=\"5,5\"/>\n"
    "<text x=\"6\">A &amp; B</text>\n"
    "<polyline stroke=\"arrow\" points=\"3,3\"/>\n"
    "<polygon fill=\"head\" points=\"4,4\"/>\n"
    "<polyline stroke=\"last\" points=\"9,9\"/>\n"
    "<!-- canvas0 -->\n"
    "<!-- tl&#45;lane&#45;0 -->\n"
    "<g id=\"tl&#45;lane&#45;0\" class=\"node tl&#45;lane\">\n"
    "<title>tl&#45;lane&#45;0</title>\n"
    "<polygon fill=\"transparent\"/>\n</g>\n"
    "</g>\n</svg>\n";

/* The same grouped: the nodes first, under the drawing; the source's
 * link, the event's group and the arrow's in place, with the event's
 * heading, tooltip and link escaped. */
static const char WANT[] =
    "<svg>\n<g id=\"graph0\" class=\"graph\">\n<title>timeline</title>\n"
    "<polygon fill=\"white\" points=\"0,0\"/>\n"
    "<!-- canvas0 -->\n"
    "<!-- tl&#45;lane&#45;0 -->\n"
    "<g id=\"tl&#45;lane&#45;0\" class=\"node tl&#45;lane\">\n"
    "<title>tl&#45;lane&#45;0</title>\n"
    "<polygon fill=\"transparent\"/>\n</g>\n"
    "<polyline stroke=\"grid\" points=\"1,1\"/>\n"
    "<a xlink:href=\"https://e.org/?a=1&amp;b=&lt;2&gt;\" "
    "xlink:title=\"https://e.org/?a=1&amp;b=&lt;2&gt;\">\n"
    "<text x=\"7\">[1] https://e.org/</text>\n"
    "</a>\n"
    "<g id=\"tl-e-a\" class=\"tl-event\">\n"
    "<title>A &amp; &quot;B&quot; &lt;c&gt; (2020)</title>\n"
    "<g id=\"tl-e-a-leader\" class=\"tl-leader\">\n"
    "<polyline stroke=\"lead\" points=\"2,2\"/>\n"
    "</g>\n"
    "<g id=\"tl-e-a-mark\" class=\"tl-mark\">\n"
    "<title>A (2020)&#10;&#10;D</title>\n"
    "<a xlink:href=\"https://e.org/x?y=1&amp;z\">\n"
    "<ellipse fill=\"mark\" cx=\"8\"/>\n"
    "</a>\n"
    "</g>\n"
    "<g id=\"tl-e-a-label\" class=\"tl-label\">\n"
    "<a xlink:href=\"https://e.org/x?y=1&amp;z\">\n"
    "<polygon fill=\"back\" points=\"5,5\"/>\n"
    "<text x=\"6\">A &amp; B</text>\n"
    "</a>\n"
    "</g>\n"
    "</g>\n"
    "<g id=\"tl-link-a-a\" class=\"tl-link\">\n"
    "<polyline stroke=\"arrow\" points=\"3,3\"/>\n"
    "<polygon fill=\"head\" points=\"4,4\"/>\n"
    "</g>\n"
    "<polyline stroke=\"last\" points=\"9,9\"/>\n"
    "</g>\n</svg>\n";

/* A tl_write_fn appending to the tl_buf passed as ctx. */
static int collect(void *ctx, const char *data, size_t len)
{
	tl_buf_put(ctx, data, len);
	return 0;
}

static int refuse(void *ctx, const char *data, size_t len)
{
	(void)data, (void)len;
	++*(int *)ctx;
	return -1;
}

static void groups(tl_dot_groups *g)
{
	tl_dot_groups_init(g, 1, 1, 2);
	g->nelements = 9;
	g->piece[0][TL_DOT_LEADER] = (tl_dot_span){2, 1};
	g->piece[0][TL_DOT_MARK] = (tl_dot_span){3, 1};
	g->piece[0][TL_DOT_BACK] = (tl_dot_span){4, 1};
	g->piece[0][TL_DOT_SWATCH] = (tl_dot_span){5, 0};
	g->piece[0][TL_DOT_DATE] = (tl_dot_span){5, 0};
	g->piece[0][TL_DOT_TITLE] = (tl_dot_span){5, 1};
	g->arrow[0] = (tl_dot_span){6, 2};
	g->event_id[0] = strdup("tl-e-a");
	g->arrow_id[0] = strdup("tl-link-a-a");
	g->heading[0] = strdup("A & \"B\" <c> (2020)");
	g->tip[0] = strdup("A (2020)\n\nD");
	g->url[0] = strdup("https://e.org/x?y=1&z");
	/* The title has no link; the source has. */
	g->link[0].span = (tl_dot_span){0, 0};
	g->link[1].span = (tl_dot_span){1, 1};
	g->link[1].url = strdup("https://e.org/?a=1&b=<2>");
	g->link[1].tip = strdup("https://e.org/?a=1&b=<2>");
}

static void test_regroup(void **state)
{
	(void)state;
	tl_dot_groups g;
	groups(&g);
	tl_buf out = {NULL, 0, 0};
	assert_int_equal(tl_dot_svg_regroup(SVG, strlen(SVG), &g, collect,
	                                    &out),
	                 0);
	assert_string_equal(out.data, WANT);
	free(out.data);
	/* A writer that fails is told once, and the failure returned. */
	int calls = 0;
	assert_int_equal(tl_dot_svg_regroup(SVG, strlen(SVG), &g, refuse,
	                                    &calls),
	                 1);
	assert_int_equal(calls, 1);
	tl_dot_groups_free(&g);
}

/* Shapes that are not Graphviz's: each is refused, with out untouched. */
static void test_refused(void **state)
{
	(void)state;
	tl_dot_groups g;
	groups(&g);
	const char *bad[] = {
	    "",
	    "<svg>\n</svg>\n",
	    /* an element the drawing does not make */
	    "<svg>\n<g id=\"graph0\">\n<title>t</title>\n"
	    "<polygon fill=\"white\"/>\n<image x=\"1\"/>\n</g>\n</svg>\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		tl_buf out = {NULL, 0, 0};
		assert_int_equal(tl_dot_svg_regroup(bad[i], strlen(bad[i]), &g,
		                                    collect, &out),
		                 -1);
		free(out.data);
	}
	/* A node cut open; cut short anywhere; fewer elements than the
	 * drawing made; a link over the event; an event in two runs. */
	char *s = strdup(SVG);
	tl_buf out = {NULL, 0, 0};
	char *end = strstr(s, "\n</g>\n</g>\n</svg>");
	memmove(end, end + 5, strlen(end + 5) + 1);
	assert_int_equal(tl_dot_svg_regroup(s, strlen(s), &g, collect, &out),
	                 -1);
	for (size_t n = 0; n + 1 < strlen(SVG); n++)
		assert_int_equal(tl_dot_svg_regroup(SVG, n, &g, collect, &out),
		                 -1);
	g.nelements = 10;
	assert_int_equal(tl_dot_svg_regroup(SVG, strlen(SVG), &g, collect,
	                                    &out),
	                 -1);
	g.nelements = 9;
	g.link[1].span = (tl_dot_span){1, 2};
	assert_int_equal(tl_dot_svg_regroup(SVG, strlen(SVG), &g, collect,
	                                    &out),
	                 -1);
	g.link[1].span = (tl_dot_span){1, 1};
	g.piece[0][TL_DOT_BACK] = (tl_dot_span){5, 1};
	assert_int_equal(tl_dot_svg_regroup(SVG, strlen(SVG), &g, collect,
	                                    &out),
	                 -1);
	free(out.data);
	free(s);
	tl_dot_groups_free(&g);
}

/* Graphviz writes its SVG in pieces: a byte at a time gives the same. */
static void test_streamed(void **state)
{
	(void)state;
	tl_dot_groups g;
	groups(&g);
	tl_buf out = {NULL, 0, 0};
	tl_dot_regroup *r = tl_dot_regroup_new(&g, collect, &out);
	for (size_t i = 0; SVG[i]; i++)
		tl_dot_regroup_write(r, SVG + i, 1);
	assert_int_equal(tl_dot_regroup_end(r), 0);
	assert_string_equal(out.data, WANT);
	free(out.data);
	tl_dot_groups_free(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_regroup),
	    cmocka_unit_test(test_refused),
	    cmocka_unit_test(test_streamed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
