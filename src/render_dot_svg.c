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
 * The head and the background are written on as Graphviz writes them
 * (a large SVG's file grows from the start of Graphviz's output); the
 * nodes, and the events with their pieces, once all has arrived.
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

/* Where reading Graphviz's SVG has got to.  The head and the background
 * come first and are written on as they arrive (but for the elements that
 * move into an event's group); the nodes, and the events with them, when
 * all has arrived. */
enum { HEAD, TITLE, BACK_COLOUR, BACKGROUND, NODES, WRONG };

struct tl_dot_regroup {
	const tl_dot_groups *g;
	tl_buf in;  /* all of Graphviz's SVG so far */
	size_t pos; /* where reading goes on */
	int phase;
	size_t i, a;          /* the next background element, arrow */
	size_t *el;           /* nelements + 1 offsets of elements */
	unsigned char *moved; /* per element: an event's */
	emit e;
};

tl_dot_regroup *tl_dot_regroup_new(const tl_dot_groups *g, tl_write_fn write,
                                   void *ctx)
{
	tl_dot_regroup *r = tl_xcalloc(1, sizeof(*r));
	r->g = g;
	r->e.write = write;
	r->e.ctx = ctx;
	r->el = tl_xcalloc(g->nelements + 1, sizeof(*r->el));
	r->moved = tl_xcalloc(g->nelements + 1, 1);
	for (size_t i = 0; i < g->nevents; i++)
		for (int k = 0; k < TL_DOT_NPIECES; k++) {
			tl_dot_span sp = g->piece[i][k];
			if (sp.at + sp.n > g->nelements)
				r->phase = WRONG;
			for (size_t j = 0; r->phase != WRONG && j < sp.n; j++)
				r->moved[sp.at + j] = 1;
		}
	for (size_t a = 0; a < g->narrows; a++)
		if (g->arrow[a].at + g->arrow[a].n > g->nelements)
			r->phase = WRONG;
	return r;
}

/* One background element, the line [s, s + n): written on, or left for
 * its event's group; an arrow's are wrapped in its group. */
static void background_line(tl_dot_regroup *r, const char *s, size_t n)
{
	const tl_dot_groups *g = r->g;
	tl_buf *out = &r->e.out;
	while (r->a < g->narrows && g->arrow[r->a].n == 0)
		r->a++;
	const tl_dot_span *ar = r->a < g->narrows ? &g->arrow[r->a] : NULL;
	if (ar && ar->at == r->i) {
		tl_buf_puts(out, "<g id=\"");
		tl_buf_puts(out, g->arrow_id[r->a]);
		tl_buf_puts(out, "\" class=\"tl-link\">\n");
	}
	if (!r->moved[r->i])
		tl_buf_put(out, s, n);
	if (ar && r->i == ar->at + ar->n - 1) {
		tl_buf_puts(out, "</g>\n");
		r->a++;
	}
	r->el[r->i++] = r->pos;
	r->el[r->i] = r->pos + n;
}

/* Reads on, a whole line at a time, as far as the background goes.  In
 * the head and the background every element is one line. */
static void advance(tl_dot_regroup *r)
{
	while (r->phase < NODES) {
		const char *s = r->in.data + r->pos;
		const char *nl = memchr(s, '\n', r->in.len - r->pos);
		if (!nl)
			return;
		size_t n = (size_t)(nl + 1 - s);
		cursor c = {s, nl + 1};
		int ok = 1, next = BACKGROUND;
		switch (r->phase) {
		case HEAD:
			next = starts(&c, "<g id=\"graph0\"") ? TITLE : HEAD;
			break;
		case TITLE:
			ok = starts(&c, "<title>") && past(&c, "</title>\n");
			next = BACK_COLOUR;
			break;
		case BACK_COLOUR:
			ok = starts(&c, "<polygon fill=\"white\"") &&
			     element(&c);
			break;
		default: ok = element(&c);
		}
		if (!ok || (r->phase != HEAD && c.at != nl + 1)) {
			r->phase = WRONG;
			return;
		}
		if (r->phase == BACKGROUND)
			background_line(r, s, n);
		else
			tl_buf_put(&r->e.out, s, n);
		r->pos += n;
		r->phase = next;
		if (r->phase == BACKGROUND && r->i == r->g->nelements)
			r->phase = NODES;
		flush(&r->e, 0);
	}
}

int tl_dot_regroup_write(void *ctx, const char *data, size_t len)
{
	tl_dot_regroup *r = ctx;
	tl_buf_put(&r->in, data, len);
	advance(r);
	return 0;
}

/* Appends elements [sp.at, sp.at + sp.n) of el (nelements + 1 starts). */
static void put_span(tl_buf *out, const char *const *el, tl_dot_span sp)
{
	if (sp.n)
		tl_buf_put(out, el[sp.at],
		           (size_t)(el[sp.at + sp.n] - el[sp.at]));
}

/* Event i's group from its mark's node [m, l) and its label's [l, e). */
static void put_event(tl_buf *out, const char *const *el,
                      const tl_dot_groups *g, size_t i, const char *m,
                      const char *l, const char *e)
{
	const char *id = g->event_id[i];
	tl_buf_puts(out, "<g id=\"");
	tl_buf_puts(out, id);
	tl_buf_puts(out, "\" class=\"tl-event\">\n<g id=\"");
	tl_buf_puts(out, id);
	tl_buf_puts(out, "-leader\" class=\"tl-leader\">\n");
	put_span(out, el, g->piece[i][TL_DOT_LEADER]);
	tl_buf_puts(out, "</g>\n");
	tl_buf_put(out, m, (size_t)(l - m));
	/* The label's texts go just before its link area's polygon, the
	 * last in the node: inside the link, under the area. */
	const char *poly = l, *f;
	while ((f = memmem(poly, (size_t)(e - poly), "\n<polygon ", 10)))
		poly = f + 1;
	tl_buf_put(out, l, (size_t)(poly - l));
	for (int k = TL_DOT_BACK; k <= TL_DOT_TITLE; k++)
		put_span(out, el, g->piece[i][k]);
	tl_buf_put(out, poly, (size_t)(e - poly));
	tl_buf_puts(out, "</g>\n");
}

/* Splits the nodes from at into nodes (one start per node, then where
 * they end); 0 when they are not laid out as the header comment says. */
static int split_nodes(const char *at, const char *end, const char ***nodes,
                       size_t *n)
{
	cursor c = {at, end};
	size_t cap = 64;
	*nodes = tl_xmalloc(cap * sizeof(**nodes));
	*n = 0;
	while (starts(&c, "<!--") || starts(&c, "<g ")) {
		if (*n + 2 > cap) {
			cap *= 2;
			*nodes = tl_xrealloc(*nodes, cap * sizeof(**nodes));
		}
		(*nodes)[(*n)++] = c.at;
		if (!node(&c))
			return 0;
	}
	(*nodes)[*n] = c.at;
	return starts(&c, "</g>\n</svg>");
}

/* The nodes, each event's two in its group with its pieces, and the
 * rest; 0 when the nodes are not the graph's. */
static int put_nodes(tl_dot_regroup *r)
{
	const tl_dot_groups *g = r->g;
	const char *svg = r->in.data, *end = svg + r->in.len;
	const char **nodes = NULL;
	size_t nn = 0;
	int ok = split_nodes(svg + r->pos, end, &nodes, &nn) &&
	         nn >= 2 * g->nevents;
	size_t first = ok ? nn - 2 * g->nevents : 0;
	tl_buf tmp = {NULL, 0, 0};
	for (size_t i = 0; ok && i < g->nevents; i++) {
		const char *const *n = nodes + first + 2 * i;
		ok = node_is(&tmp, n[0] - 1, n[1], g->event_id[i], "-mark") &&
		     node_is(&tmp, n[1] - 1, n[2], g->event_id[i], "-label");
	}
	const char **el = tl_xmalloc((g->nelements + 1) * sizeof(*el));
	for (size_t k = 0; k <= g->nelements; k++)
		el[k] = svg + r->el[k];
	if (ok) {
		tl_buf_put(&r->e.out, svg + r->pos,
		           (size_t)(nodes[first] - (svg + r->pos)));
		for (size_t i = 0; i < g->nevents; i++, flush(&r->e, 0)) {
			const char *const *n = nodes + first + 2 * i;
			put_event(&r->e.out, el, g, i, n[0], n[1], n[2]);
		}
		tl_buf_put(&r->e.out, nodes[nn], (size_t)(end - nodes[nn]));
	}
	free(el);
	free(nodes);
	free(tmp.data);
	return ok;
}

int tl_dot_regroup_end(tl_dot_regroup *r)
{
	int ok = r->phase == NODES && put_nodes(r);
	flush(&r->e, 1);
	int rc = !ok ? -1 : r->e.failed ? 1 : 0;
	free(r->e.out.data);
	free(r->in.data);
	free(r->el);
	free(r->moved);
	free(r);
	return rc;
}

int tl_dot_svg_regroup(const char *svg, size_t len, const tl_dot_groups *g,
                       tl_write_fn write, void *ctx)
{
	tl_dot_regroup *r = tl_dot_regroup_new(g, write, ctx);
	tl_dot_regroup_write(r, svg, len);
	return tl_dot_regroup_end(r);
}
