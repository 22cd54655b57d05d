/*
 * render_dot_svg.c - the SVG grouped and annotated for a web page.
 * Graphviz draws the whole diagram from the graph's background drawing,
 * as loose elements, then its few transparent nodes; a page wants one
 * group per event, holding the event's leader, mark and label (with the
 * label's texts), with a tooltip and a link, one per arrow, and links on
 * the title and the sources.  The drawing draws each event's pieces in
 * one run, and records it (tl_dot_groups): each run is grouped where it
 * is, and so is each arrow's, and a link's run is wrapped in an <a>.  The
 * nodes move under the drawing, so that a page's pointer finds what is
 * drawn rather than a transparent box over it.  Every element stays byte
 * for byte as Graphviz wrote it, and in its order, so dot -Tsvg of the
 * DOT draws the same elements in the same order, ungrouped.
 *
 * Graphviz's SVG is held until its nodes, which come last, have arrived;
 * then it is written, a buffer's worth at a time.
 *
 * The SVG is read only as far as Graphviz 2.43 lays it out: the graph's
 * group and <title>, the background colour's polygon, one element per
 * line of the drawing (a <text> ends at "</text>", any other at "/>"),
 * then one group per node, each after a comment.  Attribute values and
 * texts are XML-escaped, so a '<' always starts a tag.  Anything else is
 * refused, not guessed at.  What this adds is escaped here.
 */
#define _GNU_SOURCE /* memmem */
#include "render_dot.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void tl_dot_groups_init(tl_dot_groups *g, size_t n, size_t m, size_t k)
{
	memset(g, 0, sizeof(*g));
	g->nevents = n;
	g->narrows = m;
	g->nlinks = k;
	n = n ? n : 1;
	g->piece = tl_xcalloc(n, sizeof(*g->piece));
	g->arrow = tl_xcalloc(m ? m : 1, sizeof(*g->arrow));
	g->event_id = tl_xcalloc(n, sizeof(*g->event_id));
	g->arrow_id = tl_xcalloc(m ? m : 1, sizeof(*g->arrow_id));
	g->heading = tl_xcalloc(n, sizeof(*g->heading));
	g->tip = tl_xcalloc(n, sizeof(*g->tip));
	g->url = tl_xcalloc(n, sizeof(*g->url));
	g->link = tl_xcalloc(k ? k : 1, sizeof(*g->link));
}

void tl_dot_groups_free(tl_dot_groups *g)
{
	for (size_t i = 0; i < g->nevents; i++) {
		free(g->event_id[i]);
		free(g->heading[i]);
		free(g->tip[i]);
		free(g->url[i]);
	}
	for (size_t i = 0; i < g->narrows; i++)
		free(g->arrow_id[i]);
	for (size_t i = 0; i < g->nlinks; i++) {
		free(g->link[i].url);
		free(g->link[i].tip);
	}
	free(g->piece);
	free(g->arrow);
	free(g->event_id);
	free(g->arrow_id);
	free(g->heading);
	free(g->tip);
	free(g->url);
	free(g->link);
	memset(g, 0, sizeof(*g));
}

/* ---- what is added ---- */

/* Appends s to b escaped for XML text and attribute values; controls
 * (which the model has already replaced in titles) become spaces, but
 * newlines, which a tooltip keeps. */
static void put_xml(tl_buf *b, const char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '&': tl_buf_puts(b, "&amp;"); break;
		case '<': tl_buf_puts(b, "&lt;"); break;
		case '>': tl_buf_puts(b, "&gt;"); break;
		case '"': tl_buf_puts(b, "&quot;"); break;
		case '\'': tl_buf_puts(b, "&#39;"); break;
		case '\n': tl_buf_puts(b, "&#10;"); break;
		default:
			tl_buf_putc(b, c < 0x20 || c == 0x7f ? ' ' : (char)c);
		}
	}
}

/* Appends the start of a link to url, with tooltip tip unless NULL. */
static void put_link(tl_buf *b, const char *url, const char *tip)
{
	tl_buf_puts(b, "<a xlink:href=\"");
	put_xml(b, url);
	if (tip) {
		tl_buf_puts(b, "\" xlink:title=\"");
		put_xml(b, tip);
	}
	tl_buf_puts(b, "\">\n");
}

/* Appends the start of a group with id (plain) and class. */
static void put_group(tl_buf *b, const char *id, const char *suffix,
                      const char *klass)
{
	tl_buf_puts(b, "<g id=\"");
	tl_buf_puts(b, id);
	tl_buf_puts(b, suffix);
	tl_buf_puts(b, "\" class=\"");
	tl_buf_puts(b, klass);
	tl_buf_puts(b, "\">\n");
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

/* Where reading Graphviz's SVG has got to: its head, up to the
 * background colour, then the drawing, one element a line, then the
 * nodes and the end. */
enum { HEAD, TITLE, BACK_COLOUR, BACKGROUND, NODES, WRONG };

/* A run of the drawing that the SVG wraps where it is: a link (the
 * index-th of g->link), an event's group (the index-th event) or an
 * arrow's (the index-th arrow). */
enum { WRAP_LINK, WRAP_EVENT, WRAP_ARROW };
typedef struct wrap {
	size_t at, n, index;
	int kind;
} wrap;

struct tl_dot_regroup {
	const tl_dot_groups *g;
	tl_buf in;       /* all of Graphviz's SVG so far */
	size_t pos;      /* where reading goes on */
	size_t head_end; /* where the drawing starts */
	int phase;
	size_t i;         /* the next element of the drawing */
	size_t *el;       /* nelements + 1 offsets of elements */
	wrap *wraps;      /* by their first element */
	size_t nwraps;
	emit e;
};

static int by_start(const void *a, const void *b)
{
	const wrap *x = a, *y = b;
	if (x->at != y->at)
		return (x->at > y->at) - (x->at < y->at);
	if (x->kind != y->kind)
		return x->kind - y->kind;
	return (x->index > y->index) - (x->index < y->index);
}

/* An event's pieces are one run of the drawing, in the order of their
 * enum; its wrap, or 0 when they are not. */
static int event_run(const tl_dot_groups *g, size_t i, wrap *w)
{
	const tl_dot_span *p = g->piece[i];
	for (int k = 1; k < TL_DOT_NPIECES; k++)
		if (p[k].at != p[k - 1].at + p[k - 1].n)
			return 0;
	size_t end = p[TL_DOT_NPIECES - 1].at + p[TL_DOT_NPIECES - 1].n;
	*w = (wrap){p[0].at, end - p[0].at, i, WRAP_EVENT};
	return 1;
}

/* The wraps of g's links, events and arrows in r, in order; the phase
 * WRONG when they overlap or run past the drawing. */
static void find_wraps(tl_dot_regroup *r)
{
	const tl_dot_groups *g = r->g;
	r->wraps = tl_xcalloc(g->nlinks + g->nevents + g->narrows + 1,
	                      sizeof(*r->wraps));
	for (size_t k = 0; k < g->nlinks; k++)
		if (g->link[k].url && g->link[k].span.n)
			r->wraps[r->nwraps++] = (wrap){g->link[k].span.at,
			                               g->link[k].span.n, k,
			                               WRAP_LINK};
	for (size_t i = 0; i < g->nevents; i++)
		if (!event_run(g, i, &r->wraps[r->nwraps++]))
			r->phase = WRONG;
	for (size_t a = 0; a < g->narrows; a++)
		if (g->arrow[a].n)
			r->wraps[r->nwraps++] = (wrap){g->arrow[a].at,
			                               g->arrow[a].n, a,
			                               WRAP_ARROW};
	qsort(r->wraps, r->nwraps, sizeof(*r->wraps), by_start);
	size_t end = 0;
	for (size_t k = 0; k < r->nwraps; k++) {
		if (r->wraps[k].at < end ||
		    r->wraps[k].at + r->wraps[k].n > g->nelements)
			r->phase = WRONG;
		end = r->wraps[k].at + r->wraps[k].n;
	}
}

tl_dot_regroup *tl_dot_regroup_new(const tl_dot_groups *g, tl_write_fn write,
                                   void *ctx)
{
	tl_dot_regroup *r = tl_xcalloc(1, sizeof(*r));
	r->g = g;
	r->e.write = write;
	r->e.ctx = ctx;
	r->el = tl_xcalloc(g->nelements + 1, sizeof(*r->el));
	find_wraps(r);
	return r;
}

/* Reads on, a whole line at a time, as far as the drawing goes, and
 * notes where each of its elements is.  In the head and the drawing
 * every element is one line. */
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
		if (r->phase == BACKGROUND) {
			r->el[r->i++] = r->pos;
			r->el[r->i] = r->pos + n;
		}
		r->pos += n;
		if (r->phase == BACK_COLOUR)
			r->head_end = r->pos;
		r->phase = next;
		if (r->phase == BACKGROUND && r->i == r->g->nelements)
			r->phase = NODES;
	}
}

int tl_dot_regroup_write(void *ctx, const char *data, size_t len)
{
	tl_dot_regroup *r = ctx;
	tl_buf_put(&r->in, data, len);
	advance(r);
	return 0;
}

/* Appends elements [sp.at, sp.at + sp.n) of the drawing. */
static void put_span(tl_dot_regroup *r, tl_dot_span sp)
{
	if (sp.n)
		tl_buf_put(&r->e.out, r->in.data + r->el[sp.at],
		           r->el[sp.at + sp.n] - r->el[sp.at]);
}

/* Event i's pieces from k0 to k1, inside a link to its url unless it has
 * none. */
static void put_linked(tl_dot_regroup *r, size_t i, int k0, int k1)
{
	const char *url = r->g->url[i];
	if (url)
		put_link(&r->e.out, url, NULL);
	for (int k = k0; k <= k1; k++)
		put_span(r, r->g->piece[i][k]);
	if (url)
		tl_buf_puts(&r->e.out, "</a>\n");
}

/* Event i's group. */
static void put_event(tl_dot_regroup *r, size_t i)
{
	const tl_dot_groups *g = r->g;
	tl_buf *out = &r->e.out;
	const char *id = g->event_id[i];
	put_group(out, id, "", "tl-event");
	tl_buf_puts(out, "<title>");
	put_xml(out, g->heading[i]);
	tl_buf_puts(out, "</title>\n");
	put_group(out, id, "-leader", "tl-leader");
	put_span(r, g->piece[i][TL_DOT_LEADER]);
	tl_buf_puts(out, "</g>\n");
	put_group(out, id, "-mark", "tl-mark");
	if (g->tip[i]) {
		tl_buf_puts(out, "<title>");
		put_xml(out, g->tip[i]);
		tl_buf_puts(out, "</title>\n");
	}
	put_linked(r, i, TL_DOT_MARK, TL_DOT_MARK);
	tl_buf_puts(out, "</g>\n");
	put_group(out, id, "-label", "tl-label");
	put_linked(r, i, TL_DOT_BACK, TL_DOT_TITLE);
	tl_buf_puts(out, "</g>\n</g>\n");
}

/* One wrap and the elements in it. */
static void put_wrap(tl_dot_regroup *r, const wrap *w)
{
	const tl_dot_groups *g = r->g;
	tl_buf *out = &r->e.out;
	tl_dot_span sp = {w->at, w->n};
	switch (w->kind) {
	case WRAP_EVENT: put_event(r, w->index); return;
	case WRAP_LINK:
		put_link(out, g->link[w->index].url, g->link[w->index].tip);
		put_span(r, sp);
		tl_buf_puts(out, "</a>\n");
		return;
	default:
		put_group(out, g->arrow_id[w->index], "", "tl-link");
		put_span(r, sp);
		tl_buf_puts(out, "</g>\n");
	}
}

/* True when from at there are nodes laid out as the header comment says,
 * then the end of the graph; *tail is set to that end. */
static int nodes_then_end(const char *at, const char *end, const char **tail)
{
	cursor c = {at, end};
	while (starts(&c, "<!--") || starts(&c, "<g "))
		if (!node(&c))
			return 0;
	*tail = c.at;
	return starts(&c, "</g>\n</svg>");
}

/* The head; Graphviz's nodes, transparent, under all that is drawn, so
 * that a page's pointer finds the marks, labels, links and arrows; the
 * drawing with its wraps; the end.  0 when what follows the drawing is
 * not the graph's nodes. */
static int put_all(tl_dot_regroup *r)
{
	const char *svg = r->in.data, *end = svg + r->in.len, *tail;
	if (!nodes_then_end(svg + r->pos, end, &tail))
		return 0;
	tl_buf_put(&r->e.out, svg, r->head_end);
	tl_buf_put(&r->e.out, svg + r->pos, (size_t)(tail - (svg + r->pos)));
	size_t k = 0;
	for (size_t w = 0; w < r->nwraps; w++, flush(&r->e, 0)) {
		put_span(r, (tl_dot_span){k, r->wraps[w].at - k});
		put_wrap(r, &r->wraps[w]);
		k = r->wraps[w].at + r->wraps[w].n;
	}
	put_span(r, (tl_dot_span){k, r->g->nelements - k});
	tl_buf_put(&r->e.out, tail, (size_t)(end - tail));
	return 1;
}

int tl_dot_regroup_end(tl_dot_regroup *r)
{
	int ok = r->phase == NODES && put_all(r);
	flush(&r->e, 1);
	int rc = !ok ? -1 : r->e.failed ? 1 : 0;
	free(r->e.out.data);
	free(r->in.data);
	free(r->el);
	free(r->wraps);
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
