/*
 * render_dot_svg.c - the SVG regrouped for a web page.  Graphviz writes
 * one flat group per node, and the graph's background drawing as loose
 * elements under them; a page wants one group per event, holding the
 * event's leader, mark and label (with the label's texts), and one per
 * arrow.  Graphviz cannot nest groups, so its SVG is regrouped here: the
 * elements that the drawing recorded as an event's (tl_dot_groups) move
 * into that event's group, an arrow's elements are wrapped where they
 * are, and nothing else changes.  Every element stays byte for byte as
 * Graphviz wrote it, so dot -Tsvg of the DOT draws the same elements,
 * ungrouped.
 *
 * The SVG is read only as far as Graphviz 2.43 lays it out: the graph's
 * group and <title>, the background colour's polygon, one element per
 * line of the drawing (a <text> ends at "</text>", any other at "/>"),
 * then one group per node, each after a comment.  Attribute values and
 * texts are XML-escaped, so a '<' always starts a tag.  Anything else is
 * refused, not guessed at.
 */
#define _GNU_SOURCE /* memmem */
#include "render_dot.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void tl_dot_groups_init(tl_dot_groups *g, size_t n, size_t m)
{
	memset(g, 0, sizeof(*g));
	g->nevents = n;
	g->narrows = m;
	g->piece = tl_xcalloc(n ? n : 1, sizeof(*g->piece));
	g->arrow = tl_xcalloc(m ? m : 1, sizeof(*g->arrow));
	g->event_id = tl_xcalloc(n ? n : 1, sizeof(*g->event_id));
	g->arrow_id = tl_xcalloc(m ? m : 1, sizeof(*g->arrow_id));
}

void tl_dot_groups_free(tl_dot_groups *g)
{
	for (size_t i = 0; i < g->nevents; i++)
		free(g->event_id[i]);
	for (size_t i = 0; i < g->narrows; i++)
		free(g->arrow_id[i]);
	free(g->piece);
	free(g->arrow);
	free(g->event_id);
	free(g->arrow_id);
	memset(g, 0, sizeof(*g));
}

/* A reader over the SVG: the bytes from at to end. */
typedef struct cursor {
	const char *at, *end;
} cursor;

static int starts(const cursor *c, const char *s)
{
	size_t n = strlen(s);
	return (size_t)(c->end - c->at) >= n && memcmp(c->at, s, n) == 0;
}

/* Moves c past the first s (and returns 1), or leaves it (and returns 0)
 * when there is none. */
static int past(cursor *c, const char *s)
{
	size_t n = strlen(s);
	const char *f = memmem(c->at, (size_t)(c->end - c->at), s, n);
	if (!f)
		return 0;
	c->at = f + n;
	return 1;
}

/* Moves c past one element of the drawing; 0 when none starts there. */
static int element(cursor *c)
{
	if (starts(c, "<text "))
		return past(c, "</text>\n");
	if (starts(c, "<polygon ") || starts(c, "<polyline ") ||
	    starts(c, "<ellipse ") || starts(c, "<path "))
		return past(c, "/>\n");
	return 0;
}

/* Moves c past one node's comment and group, nested groups included, or
 * past the comment alone of an invisible node; 0 when none starts
 * there. */
static int node(cursor *c)
{
	if (starts(c, "<!--")) {
		if (!past(c, "-->\n"))
			return 0;
		if (!starts(c, "<g "))
			return 1;
	}
	if (!starts(c, "<g "))
		return 0;
	int depth = 0;
	do {
		const char *lt = memchr(c->at, '<', (size_t)(c->end - c->at));
		if (!lt)
			return 0;
		c->at = lt + 1;
		if (starts(c, "g ") || starts(c, "g>"))
			depth++;
		else if (starts(c, "/g>"))
			depth--;
	} while (depth > 0);
	return past(c, ">\n");
}

/* Appends id as Graphviz writes it in an attribute: '-' as "&#45;". */
static void put_gv_id(tl_buf *b, const char *id)
{
	for (; *id; id++)
		if (*id == '-')
			tl_buf_puts(b, "&#45;");
		else
			tl_buf_putc(b, *id);
}

/* True when the node group [s, e) has the id id and suffix. */
static int node_is(tl_buf *tmp, const char *s, const char *e, const char *id,
                   const char *suffix)
{
	tmp->len = 0;
	tl_buf_puts(tmp, "\n<g id=\"");
	put_gv_id(tmp, id);
	put_gv_id(tmp, suffix);
	tl_buf_putc(tmp, '"');
	return memmem(s, (size_t)(e - s), tmp->data, tmp->len) != NULL;
}

/* The parsed SVG: where the background's elements and the nodes lie. */
typedef struct parsed {
	const char *head_end; /* the background colour's polygon ends */
	const char **el;      /* nelements + 1 starts (the last: an end) */
	const char **nodes;   /* nnodes + 1 starts */
	size_t nnodes;
} parsed;

/* Splits svg as the header comment says; 0 when it is not laid out so. */
static int parse(parsed *p, const char *svg, size_t len, const tl_dot_groups *g)
{
	cursor c = {svg, svg + len};
	if (!past(&c, "<g id=\"graph0\"") || !past(&c, "\n") ||
	    !starts(&c, "<title>") || !past(&c, "</title>\n") ||
	    !starts(&c, "<polygon fill=\"white\"") || !element(&c))
		return 0;
	p->head_end = c.at;
	p->el = tl_xmalloc((g->nelements + 1) * sizeof(*p->el));
	for (size_t i = 0; i < g->nelements; i++) {
		p->el[i] = c.at;
		if (!element(&c))
			return 0;
	}
	p->el[g->nelements] = c.at;
	size_t cap = 2 * g->nevents + 16;
	p->nodes = tl_xmalloc(cap * sizeof(*p->nodes));
	p->nnodes = 0;
	while (starts(&c, "<!--") || starts(&c, "<g ")) {
		if (p->nnodes + 2 > cap) {
			cap *= 2;
			p->nodes = tl_xrealloc(p->nodes,
			                       cap * sizeof(*p->nodes));
		}
		p->nodes[p->nnodes++] = c.at;
		if (!node(&c))
			return 0;
	}
	p->nodes[p->nnodes] = c.at;
	return starts(&c, "</g>\n</svg>") && p->nnodes >= 2 * g->nevents;
}

/* The regrouped SVG on its way to the caller's writer, a buffer's worth
 * at a time: a large SVG is not held twice. */
typedef struct emit {
	tl_buf out;
	tl_write_fn write;
	void *ctx;
	int failed;
} emit;

/* Hands what is buffered to the writer when there is enough of it, or
 * when all is set; a failure is remembered and the rest dropped. */
static void flush(emit *e, int all)
{
	if (e->out.len < (all ? 1 : 1u << 16))
		return;
	if (!e->failed && e->write(e->ctx, e->out.data, e->out.len) < 0)
		e->failed = 1;
	e->out.len = 0;
}

/* Appends elements [sp.at, sp.at + sp.n) of p. */
static void put_span(tl_buf *out, const parsed *p, tl_dot_span sp)
{
	if (sp.n)
		tl_buf_put(out, p->el[sp.at],
		           (size_t)(p->el[sp.at + sp.n] - p->el[sp.at]));
}

/* The background: its elements in order, but for those of events, with
 * each arrow's wrapped in its group. */
static void put_background(emit *e, const parsed *p, const tl_dot_groups *g,
                           const unsigned char *moved)
{
	tl_buf *out = &e->out;
	size_t a = 0;
	for (size_t i = 0; i < g->nelements; flush(e, 0)) {
		while (a < g->narrows && g->arrow[a].n == 0)
			a++;
		if (a < g->narrows && g->arrow[a].at == i) {
			tl_buf_puts(out, "<g id=\"");
			tl_buf_puts(out, g->arrow_id[a]);
			tl_buf_puts(out, "\" class=\"tl-link\">\n");
			put_span(out, p, g->arrow[a]);
			tl_buf_puts(out, "</g>\n");
			i += g->arrow[a++].n;
			continue;
		}
		if (!moved[i])
			tl_buf_put(out, p->el[i],
			           (size_t)(p->el[i + 1] - p->el[i]));
		i++;
	}
}

/* Event i's group from its mark's node [m, l) and its label's [l, e). */
static void put_event(tl_buf *out, const parsed *p, const tl_dot_groups *g,
                      size_t i, const char *m, const char *l, const char *e)
{
	const char *id = g->event_id[i];
	tl_buf_puts(out, "<g id=\"");
	tl_buf_puts(out, id);
	tl_buf_puts(out, "\" class=\"tl-event\">\n<g id=\"");
	tl_buf_puts(out, id);
	tl_buf_puts(out, "-leader\" class=\"tl-leader\">\n");
	put_span(out, p, g->piece[i][TL_DOT_LEADER]);
	tl_buf_puts(out, "</g>\n");
	tl_buf_put(out, m, (size_t)(l - m));
	/* The label's texts go just before its link area's polygon, the
	 * last in the node: inside the link, under the area. */
	const char *poly = l, *f;
	while ((f = memmem(poly, (size_t)(e - poly), "\n<polygon ", 10)))
		poly = f + 1;
	tl_buf_put(out, l, (size_t)(poly - l));
	for (int k = TL_DOT_BACK; k <= TL_DOT_TITLE; k++)
		put_span(out, p, g->piece[i][k]);
	tl_buf_put(out, poly, (size_t)(e - poly));
	tl_buf_puts(out, "</g>\n");
}

int tl_dot_svg_regroup(const char *svg, size_t len, const tl_dot_groups *g,
                       tl_write_fn write, void *ctx)
{
	parsed p = {NULL, NULL, NULL, 0};
	tl_buf tmp = {NULL, 0, 0};
	unsigned char *moved = tl_xcalloc(g->nelements + 1, 1);
	int ok = parse(&p, svg, len, g);
	size_t first = ok ? p.nnodes - 2 * g->nevents : 0;
	for (size_t i = 0; ok && i < g->nevents; i++) {
		const char *const *n = p.nodes + first + 2 * i;
		ok = node_is(&tmp, n[0] - 1, n[1], g->event_id[i], "-mark") &&
		     node_is(&tmp, n[1] - 1, n[2], g->event_id[i], "-label");
		for (int k = 0; ok && k < TL_DOT_NPIECES; k++) {
			tl_dot_span sp = g->piece[i][k];
			ok = sp.at + sp.n <= g->nelements;
			for (size_t j = 0; ok && j < sp.n; j++)
				moved[sp.at + j] = 1;
		}
	}
	for (size_t a = 0; ok && a < g->narrows; a++)
		ok = g->arrow[a].at + g->arrow[a].n <= g->nelements;
	emit e = {{NULL, 0, 0}, write, ctx, 0};
	if (ok) {
		tl_buf_put(&e.out, svg, (size_t)(p.head_end - svg));
		put_background(&e, &p, g, moved);
		const char *n0 = p.el[g->nelements], *ne = p.nodes[first];
		tl_buf_put(&e.out, n0, (size_t)(ne - n0));
		for (size_t i = 0; i < g->nevents; i++, flush(&e, 0)) {
			const char *const *n = p.nodes + first + 2 * i;
			put_event(&e.out, &p, g, i, n[0], n[1], n[2]);
		}
		const char *tail = p.nodes[p.nnodes];
		tl_buf_put(&e.out, tail, (size_t)(svg + len - tail));
		flush(&e, 1);
	}
	free(e.out.data);
	free(moved);
	free(p.el);
	free(p.nodes);
	free(tmp.data);
	return !ok ? -1 : e.failed ? 1 : 0;
}
