/*
 * render_dot.c - the diagram through Graphviz: layout.c's geometry becomes
 * a cgraph graph with every position pinned (pos in points, sizes in
 * inches), which gvc renders in-process with the nop2 engine (neato -n2:
 * keep the positions) in render_dot_gv.c.
 *
 * Everything that is seen, marks and texts included, is the graph's
 * _background xdot drawing (render_dot_draw.c), which Graphviz neither
 * lays out nor measures.  The nodes are transparent boxes that only
 * carry what a format needs from Graphviz: a link area with its tooltip
 * and link over each event's mark and label, the header's title and each
 * source, and a part of the drawing a page can find by id and class (the
 * lanes, tl-lane; the axis, tl-axis; the ticks, tl-tick).  User text
 * never goes into a label, so no Graphviz escape or entity in it is
 * interpreted.
 *
 * A mark's link area is named "title (date)", the tooltip a browser
 * shows, with the id "<id>-mark" (<id> the event's stable id,
 * event_id()) and the class tl-mark; its label's is "<id>-label", class
 * tl-label, with the event's link.  That is what PDF links, the image map
 * and the DOT hold.  The SVG has none of these nodes: a large SVG spends
 * most of its time on them in Graphviz, and Graphviz cannot nest one
 * node's group in another's anyway.  Its groups, tooltips and links are
 * added to Graphviz's SVG of the drawing by render_dot_svg.c, from what
 * the builder records in a tl_dot_groups: each event's leader, mark and
 * label, with the label's texts, under one <g id="<id>" class="tl-event">
 * with the same heading and link, and each after: arrow under a
 * <g class="tl-link">.  Only groups, titles and links are added (and the
 * nodes moved under the drawing), so dot -Tsvg of the DOT draws the same
 * elements in the same order, ungrouped, with the link areas above them.

 * The DOT text is written by render_dot_write.c, not by agwrite(), whose
 * output Graphviz 2.43 does not always read back.
 *
 * URLs are written as they are.  Graphviz's SVG writer copies a URL into
 * xlink:href unescaped, so for SVG (and the image map) the graph holds
 * the URL with '&' as "&amp;"; the DOT and the PDF hold it plain.  dot
 * -Tsvg of our DOT therefore differs from our SVG there, and but for the
 * grouping only there: Graphviz's SVG is not well-formed XML when a URL
 * has a '&'.
 */
#include "render_dot.h"

#include <gvc.h>
#include <cgraph.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A link area: transparent, so what is drawn under it shows, but
 * painted, so that a browser takes clicks on it. */
#define CLEAR "#ffffff00"

/* ---- escaping ---- */

/* Appends s to b as a tooltip.  Graphviz decodes entities in a tooltip,
 * then turns \\ into \ and drops other backslashes, then substitutes \N,
 * \G and friends and turns \\ into \ again.  So a backslash goes in as
 * four; '&' goes in as &amp;, newlines as &#10;, other controls as
 * spaces.  An image map's writer (map set) then escapes '&' only where it
 * does not look like an entity, and would write "&;" or "&foo;" as they
 * are, which is not XML: there '&' goes in as &amp;amp; (decoded to
 * &amp;, kept as it is) and newlines as &amp;#10;. */
static void esc_tooltip(tl_buf *b, const char *s, int map)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\\')
			tl_buf_puts(b, "\\\\\\\\");
		else if (c == '&')
			tl_buf_puts(b, map ? "&amp;amp;" : "&amp;");
		else if (c == '\n')
			tl_buf_puts(b, map ? "&amp;#10;" : "&#10;");
		else if (c < 0x20 || c == 0x7f)
			tl_buf_putc(b, ' ');
		else
			tl_buf_putc(b, (char)c);
	}
}

/* Appends a URL that tl_url_is_safe() accepted.  Graphviz 2.43 writes
 * xlink:href and image map hrefs without escaping, so for those formats
 * '&' goes in as &amp;; PDF link annotations take the URL as it is. */
static void esc_url(tl_buf *b, const char *url, int amp)
{
	for (; *url; url++) {
		if (*url == '&' && amp)
			tl_buf_puts(b, "&amp;");
		else
			tl_buf_putc(b, *url);
	}
}

/* ---- a set of names ---- */

/* Names, each kept as a copy and indexed: the ids given so far, the
 * sources seen.  Zero-initialize it; names_free() frees it. */
typedef struct names {
	char **v;
	size_t n, cap;
	tl_index x;
} names;

static const char *name_key(const void *ctx, uint32_t i)
{
	return ((const names *)ctx)->v[i];
}

static int names_has(const names *s, const char *name)
{
	return tl_index_find(&s->x, name, strlen(name), name_key, s) >= 0;
}

/* Adds name unless it is there; returns 0 when it was. */
static int names_add(names *s, const char *name)
{
	if (names_has(s, name))
		return 0;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->v = tl_xrealloc(s->v, s->cap * sizeof(*s->v));
	}
	s->v[s->n] = tl_xstrdup(name);
	tl_index_add(&s->x, (uint32_t)s->n, name_key, s);
	s->n++;
	return 1;
}

static void names_free(names *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	tl_index_clear(&s->x);
	memset(s, 0, sizeof(*s));
}

/* ---- building the graph ---- */

typedef struct builder {
	Agraph_t *g;
	const tl_timeline *tl;
	const tl_layout *l;
	double H;  /* canvas height: Graphviz's y grows upwards */
	int amp;   /* escape & in URLs */
	int map;   /* an image map: see esc_tooltip() */
	tl_buf tmp; /* scratch for one attribute value */
	Agsym_t *pos, *width, *height, *shape, *style, *tooltip, *url, *id,
	    *klass;
	names ids; /* the ids given so far */
	tl_dot_groups *grp; /* the SVG's groups and links, instead of the
	                     * events' and links' nodes; NULL for the rest */
} builder;

static void set(void *obj, Agsym_t *sym, const char *v)
{
	agxset(obj, sym, (char *)v);
}

/* A node named name over rectangle r: fixed size, pinned at its centre
 * (pos in points, size in inches). */
static Agnode_t *node_named(builder *b, const char *name, const tl_rect *r)
{
	char v[2 * TL_DOT_NUM_MAX + 2];
	Agnode_t *n = agnode(b->g, (char *)name, 1);
	size_t k = tl_dot_num(v, r->x + r->w / 2, 2);
	v[k++] = ',';
	tl_dot_num(v + k, b->H - (r->y + r->h / 2), 2);
	set(n, b->pos, v);
	tl_dot_num(v, r->w / 72, 4);
	set(n, b->width, v);
	tl_dot_num(v, r->h / 72, 4);
	set(n, b->height, v);
	return n;
}

/* A node named prefix+i over rectangle r. */
static Agnode_t *node_at(builder *b, const char *prefix, size_t i,
                         const tl_rect *r)
{
	char name[48];
	snprintf(name, sizeof(name), "%s%zu", prefix, i);
	return node_named(b, name, r);
}

/* A link on obj when url is safe to emit. */
static void add_link(builder *b, void *obj, const char *url)
{
	if (!url || !tl_url_is_safe(url))
		return;
	b->tmp.len = 0;
	esc_url(&b->tmp, url, b->amp);
	set(obj, b->url, b->tmp.data);
}

/* ---- events ---- */

/* The link area over event i's mark, named name: a circle or a box. */
static Agnode_t *mark(builder *b, size_t i, const char *name)
{
	const tl_levent *e = &b->l->events[i];
	Agnode_t *n = node_named(b, name, &e->marker);
	if (e->mark == TL_MARK_POINT)
		set(n, b->shape, "circle");
	return n;
}

/* The link of an event: its url: property, else its first source. */
static const char *event_url(const tl_event *ev)
{
	if (ev->url) /* the model keeps only a safe url: */
		return ev->url;
	for (uint32_t k = 0; k < ev->nsources; k++)
		if (tl_url_is_safe(ev->sources[k]))
			return ev->sources[k];
	return NULL;
}

/* Appends the tooltip of an event to out, as plain text: its title,
 * then its description. */
static void event_tip(tl_buf *out, const tl_event *ev)
{
	tl_buf_puts(out, ev->title ? ev->title : "");
	if (ev->description) {
		tl_buf_puts(out, "\n\n");
		tl_buf_puts(out, ev->description);
	}
}

/* The tooltip of an event on obj. */
static void event_tooltip(builder *b, void *obj, const tl_event *ev)
{
	tl_buf tip = {NULL, 0, 0};
	event_tip(&tip, ev);
	b->tmp.len = 0;
	esc_tooltip(&b->tmp, tip.data, b->map);
	set(obj, b->tooltip, b->tmp.data);
	free(tip.data);
}

/* The ids an event's id stands for: its group's, and its parts'. */
static const char *const id_parts[] = {"", "-mark", "-label", "-leader"};
#define NPARTS (sizeof(id_parts) / sizeof(*id_parts))

/* True when the id that starts at out->data + at, or one of its parts'
 * (the id and "-mark", ...), has been given; else records them all as
 * given. */
static int id_taken(builder *b, tl_buf *out, size_t at)
{
	size_t len = out->len;
	int taken = 0;
	for (int create = 0; create < 2 && !taken; create++)
		for (size_t k = 0; k < NPARTS; k++) {
			tl_buf_puts(out, id_parts[k]);
			if (create)
				names_add(&b->ids, out->data + at);
			else
				taken |= names_has(&b->ids, out->data + at);
			out->len = len;
			out->data[len] = '\0';
		}
	return taken;
}

/* Appends to out the stable id of event i: "tl-e-" and its id:, any byte
 * outside [A-Za-z0-9_-] as '_', else "tl-e-" and 16 hex digits hashing
 * its lane, its date as written and its ordinal among the file's events
 * of that lane and date (as the feed's derived UIDs do), so that an edit
 * of its title or of another event leaves it alone.  A clash (two ids
 * that differ only where '_' stands, or one that is another's part's)
 * takes "-2", "-3"... */
static void event_id(builder *b, tl_buf *out, size_t i)
{
	const tl_event *ev = b->l->events[i].ev;
	size_t at = out->len;
	tl_buf_puts(out, "tl-e-");
	if (ev->id && ev->id[0]) {
		for (const char *c = ev->id; *c; c++) {
			unsigned char u = (unsigned char)*c;
			int ok = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') ||
			         (u >= '0' && u <= '9') || u == '-' || u == '_';
			tl_buf_putc(out, ok ? (char)u : '_');
		}
	} else {
		const char *lane = b->tl->lanes[ev->lane];
		const char *date = ev->date_text ? ev->date_text : "";
		char num[16];
		int n = snprintf(num, sizeof(num), "%u", (unsigned)ev->twin);
		uint64_t h = tl_hash(TL_HASH_SEED, lane, strlen(lane) + 1);
		h = tl_hash(h, date, strlen(date) + 1);
		h = tl_hash(h, num, (size_t)n);
		h ^= h >> 30; /* splitmix64's final mix */
		h *= 0xbf58476d1ce4e5b9ull;
		h ^= h >> 27;
		h *= 0x94d049bb133111ebull;
		h ^= h >> 31;
		tl_buf_printf(out, "%016llx", (unsigned long long)h);
	}
	size_t len = out->len - at;
	for (unsigned k = 2; id_taken(b, out, at); k++) {
		out->len = at + len;
		tl_buf_printf(out, "-%u", k);
	}
}

/* Appends s to b as a node's name.  The SVG writer copies a name into
 * <title> escaping '&' only where it does not look like an entity (and
 * "&;" does), so '&' goes in as &amp;; controls become spaces. */
static void esc_name(tl_buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '&')
			tl_buf_puts(b, "&amp;");
		else if (c < 0x20 || c == 0x7f)
			tl_buf_putc(b, ' ');
		else
			tl_buf_putc(b, (char)c);
	}
}

/* Appends to out the heading of event i, as plain text: "title (date)",
 * the date its cluster's. */
static void event_heading(const tl_layout *l, tl_buf *out, size_t i)
{
	const tl_levent *e = &l->events[i];
	const tl_levent *h = &l->events[e->head];
	const char *date = h->date.text && h->date.text[0] ? h->date.text
	                                                   : e->ev->date_text;
	tl_buf_puts(out, e->ev->title ? e->ev->title : "");
	tl_buf_puts(out, " (");
	tl_buf_puts(out, date ? date : "");
	tl_buf_putc(out, ')');
}

/* The name of event i's mark's link area, which Graphviz's SVG writes as
 * its <title>, the tooltip a browser shows: the heading, made unique
 * with " #2"... (see esc_name()). */
static void event_name(builder *b, tl_buf *out, size_t i)
{
	b->tmp.len = 0;
	event_heading(b->l, &b->tmp, i);
	out->len = 0;
	esc_name(out, b->tmp.data);
	size_t len = out->len;
	for (unsigned k = 2; agnode(b->g, out->data, 0); k++) {
		out->len = len;
		tl_buf_printf(out, " #%u", k);
	}
}

/* What the SVG's group of event i says: its heading, its tooltip when
 * it has a description (the heading and the description), and its link
 * (see tl_dot_groups). */
static void event_group(builder *b, size_t i)
{
	const tl_event *ev = b->l->events[i].ev;
	tl_buf t = {NULL, 0, 0};
	event_heading(b->l, &t, i);
	b->grp->heading[i] = tl_xstrdup(t.data);
	if (ev->description) {
		tl_buf_puts(&t, "\n\n");
		tl_buf_puts(&t, ev->description);
		b->grp->tip[i] = tl_xstrdup(t.data);
	}
	free(t.data);
	const char *url = event_url(ev);
	b->grp->url[i] = url && tl_url_is_safe(url) ? tl_xstrdup(url) : NULL;
}

/* Each event's stable id; and, for the SVG, what its group says (b->grp),
 * else each event's link areas.  Over its mark: named for its title and
 * date, with the event's tooltip and link, the id "<id>-mark" and the
 * class tl-mark.  Over its label: named as the mark and a zero-width
 * space, with the same link (and, in an image map, where a <title> does
 * not give one, the same tooltip), id "<id>-label" and class tl-label,
 * so that the label text is a link and the image map covers labels. */
static void events(builder *b)
{
	const tl_layout *l = b->l;
	tl_buf name = {NULL, 0, 0}, id = {NULL, 0, 0};
	for (size_t i = 0; i < l->nevents; i++) {
		const tl_event *ev = l->events[i].ev;
		id.len = 0;
		event_id(b, &id, i);
		if (b->grp) {
			b->grp->event_id[i] = tl_xstrdup(id.data);
			event_group(b, i);
			continue;
		}
		event_name(b, &name, i);
		Agnode_t *n = mark(b, i, name.data);
		size_t len = id.len;
		tl_buf_puts(&id, "-mark");
		set(n, b->id, id.data);
		set(n, b->klass, "tl-mark");
		id.len = len;
		event_tooltip(b, n, ev);
		add_link(b, n, event_url(ev));
		/* No mark's name ends in a zero-width space, and the tooltip
		 * reads the same. */
		tl_buf_puts(&name, "\xe2\x80\x8b");
		tl_buf_puts(&id, "-label");
		Agnode_t *t = node_named(b, name.data, &l->events[i].label);
		set(t, b->id, id.data);
		set(t, b->klass, "tl-label");
		if (b->map) /* the SVG's <title> says it; a map needs one */
			event_tooltip(b, t, ev);
		add_link(b, t, event_url(ev));
	}
	free(name.data);
	free(id.data);
}

/* The SVG's id of each after: arrow: "tl-link-", then the stable ids of
 * the events it joins without their "tl-e-", made unique with "-2"... */
static void arrow_ids(builder *b)
{
	tl_buf id = {NULL, 0, 0};
	for (size_t i = 0; i < b->l->narrows; i++) {
		const tl_larrow *a = &b->l->arrows[i];
		id.len = 0;
		tl_buf_printf(&id, "tl-link-%s-%s", b->grp->event_id[a->from] + 5,
		              b->grp->event_id[a->to] + 5);
		size_t len = id.len;
		for (unsigned k = 2; !names_add(&b->ids, id.data); k++) {
			id.len = len;
			tl_buf_printf(&id, "-%u", k);
		}
		b->grp->arrow_id[i] = tl_xstrdup(id.data);
	}
	free(id.data);
}

/* ---- around the plot ---- */

/* A transparent node over r with id and class klass, for a page's
 * script or style sheet to find a part of the drawing by. */
static void part(builder *b, const char *id, const char *klass,
                 const tl_rect *r)
{
	Agnode_t *n = node_named(b, id, r);
	set(n, b->id, id);
	set(n, b->klass, klass);
}

/* Under the marks: each lane's band (tl-lane-N, class tl-lane), the axis
 * (tl-axis) and each tick's label (tl-tick-N, class tl-tick). */
static void parts(builder *b)
{
	const tl_layout *l = b->l;
	char id[48];
	for (size_t i = 0; i < l->nlanes; i++) {
		snprintf(id, sizeof(id), "tl-lane-%zu", i);
		part(b, id, "tl-lane", &l->lanes[i].band);
	}
	const tl_rect *r = &l->plot;
	double t0 = l->knot_p[0], t1 = l->knot_p[l->nknots - 1];
	tl_rect axis = l->vertical ? (tl_rect){r->x - 3, t0, 6, t1 - t0}
	                           : (tl_rect){t0, r->y + r->h - 3, t1 - t0, 6};
	part(b, "tl-axis", "tl-axis", &axis);
	for (size_t i = 0; i < l->nticks; i++) {
		const tl_ltext *t = &l->ticks[i].label;
		if (!t->text || !t->text[0])
			continue;
		snprintf(id, sizeof(id), "tl-tick-%zu", i);
		part(b, id, "tl-tick", &t->box);
	}
}

/* The distinct sources of the events shown, in the order the footer
 * numbers them (tl_layout_sources()): the front matter's first, then by
 * first use.  Sets *n.  The caller frees the result with free(). */
static const char **source_urls(builder *b, const tl_timeline *tl,
                                size_t *n)
{
	const tl_layout *l = b->l;
	const char *meta = tl->front.source.value;
	size_t cap = meta ? 1 : 0;
	for (size_t i = 0; i < l->nevents; i++)
		cap += l->events[i].ev->nsources;
	const char **u = tl_xmalloc((cap + 1) * sizeof(*u));
	names seen;
	memset(&seen, 0, sizeof(seen));
	*n = 0;
	if (meta)
		u[(*n)++] = meta, names_add(&seen, meta);
	for (size_t i = 0; i < l->nevents; i++) {
		const tl_event *ev = l->events[i].ev;
		for (uint32_t k = 0; k < ev->nsources; k++)
			if (names_add(&seen, ev->sources[k]))
				u[(*n)++] = ev->sources[k];
	}
	names_free(&seen);
	return u;
}

/* The links of the header's title and the footer's sources: link areas
 * over them, or for the SVG, links recorded in b->grp. */
static void frame_links(builder *b, const tl_timeline *tl)
{
	const tl_layout *l = b->l;
	const char *url = tl->front.url.value;
	if (l->title.text && url && tl_url_is_safe(url)) {
		if (b->grp) {
			b->grp->link[0].url = tl_xstrdup(url);
			b->grp->link[0].tip = tl_xstrdup(tl->front.title.value);
		} else {
			Agnode_t *n = node_at(b, "title", 0, &l->title.box);
			add_link(b, n, url);
			b->tmp.len = 0;
			esc_tooltip(&b->tmp, tl->front.title.value, b->map);
			set(n, b->tooltip, b->tmp.data);
		}
	}
	/* footer[0] is the heading; footer[k] the k-th source, wrapped or
	 * cut short: its URL is taken from the model, not from its text. */
	size_t nurl;
	const char **urls = source_urls(b, tl, &nurl);
	for (size_t i = 1; i < l->nfooter && i <= nurl; i++) {
		const char *u = urls[i - 1];
		if (!tl_url_is_safe(u))
			continue;
		if (b->grp) {
			b->grp->link[i].url = tl_xstrdup(u);
			b->grp->link[i].tip = tl_xstrdup(u);
			continue;
		}
		Agnode_t *n = node_at(b, "source", i, &l->footer[i].box);
		add_link(b, n, u);
		b->tmp.len = 0;
		esc_tooltip(&b->tmp, u, b->map);
		set(n, b->tooltip, b->tmp.data);
	}
	free(urls);
}

/* ---- the graph ---- */

/* Builds the graph for b->l: its attributes' defaults, the nodes and the
 * background drawing, whose texts are placed for a text layout with the
 * given centerline (see tl_dot_drawing()).  The caller closes the result
 * with agclose(). */
static Agraph_t *build(builder *b, const tl_timeline *tl,
                       const tl_options *o, double centerline)
{
	const tl_layout *l = b->l;
	Agraph_t *g = agopen(o->map_name ? (char *)o->map_name : "timeline",
	                     Agdirected, NULL);
	b->g = g;
	b->H = l->height;
	agattr(g, AGRAPH, "bgcolor", "white");
	agattr(g, AGRAPH, "pad", "0");
	/* The page is the diagram: PDF's device adds half an inch a side
	 * unless told not to. */
	agattr(g, AGRAPH, "margin", "0");
	/* Whatever program draws the DOT keeps the positions: only neato's
	 * layouts size the background's texts, and Graphviz 2.43 crashes
	 * drawing them after any other. */
	agattr(g, AGRAPH, "layout", "nop2");
	if (l->vertical && o->width_in > 0) {
		char size[64];
		snprintf(size, sizeof(size), "%.2f,10000", o->width_in);
		agattr(g, AGRAPH, "size", size);
	}
	/* The defaults are a link area's: a transparent box.  Nodes have
	 * no text; an empty label still needs a font size it fits. */
	b->shape = agattr(g, AGNODE, "shape", "box");
	agattr(g, AGNODE, "fixedsize", "true");
	/* Written out although empty: Graphviz's default label is the
	 * node's name. */
	agattr(g, AGNODE, "label", "")->print = 1;
	agattr(g, AGNODE, "fontsize", "1");
	b->style = agattr(g, AGNODE, "style", "filled");
	agattr(g, AGNODE, "penwidth", "0");
	agattr(g, AGNODE, "color", CLEAR);
	agattr(g, AGNODE, "fillcolor", CLEAR);
	b->tooltip = agattr(g, AGNODE, "tooltip", "");
	b->url = agattr(g, AGNODE, "URL", "");
	b->id = agattr(g, AGNODE, "id", "");
	b->klass = agattr(g, AGNODE, "class", "");
	b->pos = agattr(g, AGNODE, "pos", "");
	b->width = agattr(g, AGNODE, "width", "");
	b->height = agattr(g, AGNODE, "height", "");

	/* The canvas, invisible: it fixes the drawing's bounding box at
	 * (0,0)-(width,height), which nop2 would otherwise shrink. */
	tl_rect all = {0, 0, l->width, l->height};
	set(node_at(b, "canvas", 0, &all), b->style, "invis");
	parts(b);
	frame_links(b, tl);
	events(b);
	if (b->grp)
		arrow_ids(b);
	names_free(&b->ids);
	tl_buf bg = {NULL, 0, 0};
	tl_dot_drawing(&bg, l, centerline, b->grp);
	agattr(g, AGRAPH, "_background", bg.data ? bg.data : "");
	free(bg.data);
	return g;
}

/* The graph of l in format, with texts placed for centerline; grp, when
 * not NULL, is made ready for the SVG's groups (see tl_dot_groups). */
static Agraph_t *graph_for(const tl_timeline *tl, const tl_options *o,
                           const tl_layout *l, const char *format,
                           double centerline, tl_dot_groups *grp)
{
	builder b;
	memset(&b, 0, sizeof(b));
	b.l = l;
	b.tl = tl;
	b.grp = grp;
	if (grp)
		tl_dot_groups_init(grp, l->nevents, l->narrows,
		                   l->nfooter ? l->nfooter : 1);
	b.amp = strcmp(format, "svg") == 0 || strcmp(format, "cmapx") == 0;
	b.map = strcmp(format, "cmapx") == 0;
	Agraph_t *g = build(&b, tl, o, centerline);
	free(b.tmp.data);
	return g;
}

struct Agraph_s *tl_dot_graph(const tl_timeline *tl, const tl_options *o)
{
	tl_layout *l = tl_layout_new(tl, o);
	Agraph_t *g = graph_for(tl, o, l, "dot", TL_DOT_CENTERLINE_PANGO, NULL);
	tl_layout_free(l);
	return g;
}

/* Renders g in format: DOT by tl_dot_write(), a PDF with its dates set to
 * o->timestamp, an SVG regrouped by grp (tl_dot_svg_regroup()), the rest
 * straight from gvc. */
static int render_format(GVC_t *gvc, Agraph_t *g, const char *format,
                         const tl_options *o, const tl_dot_groups *grp,
                         tl_write_fn write, void *ctx, tl_diags *diags)
{
	int pdf = strcmp(format, "pdf") == 0;
	if (strcmp(format, "dot") != 0 && !pdf && !grp)
		return tl_dot_render_gv(gvc, g, format, o, write, ctx, diags);
	tl_buf out = {NULL, 0, 0};
	int rc = TL_OK;
	if (pdf) {
		rc = tl_dot_render_gv(gvc, g, format, o, tl_buf_write, &out,
		                      diags);
		if (rc == TL_OK)
			tl_dot_pdf_dates(&out, o->timestamp);
	} else if (grp) {
		tl_dot_regroup *r = tl_dot_regroup_new(grp, write, ctx);
		rc = tl_dot_render_gv(gvc, g, format, o, tl_dot_regroup_write, r,
		                      diags);
		int k = tl_dot_regroup_end(r);
		if (rc == TL_OK && k < 0)
			tl_diags_add(diags, TL_SEV_ERROR, TL_BACKEND_FAILED, 0, 0, 0,
			             "graphviz wrote an SVG that could not be "
			             "grouped by event");
		if (rc == TL_OK)
			rc = k < 0 ? TL_BACKEND_FAILED : k > 0 ? TL_WRITE_FAILED : rc;
		return rc;
	} else {
		tl_dot_write(&out, g);
	}
	if (rc == TL_OK && write(ctx, out.data ? out.data : "", out.len) < 0)
		rc = TL_WRITE_FAILED;
	free(out.data);
	return rc;
}

tl_status tl_render_diagram(const tl_timeline *tl, const tl_options *o,
                            tl_write_fn write, void *ctx, tl_diags *diags)
{
	static const char *const formats[] = {"dot", "svg", "png", "pdf",
	                                      "cmapx"};
	const char *format = o->format ? o->format : "svg";
	int known = 0;
	for (size_t i = 0; i < sizeof(formats) / sizeof(*formats); i++)
		known |= strcmp(format, formats[i]) == 0;
	if (!known) {
		tl_diags_add(diags, TL_SEV_ERROR, TL_BAD_OPTIONS, 0, 0, 0,
		             "unknown diagram format '%s' (use dot, svg, png, "
		             "pdf or cmapx)",
		             format);
		return TL_BAD_OPTIONS;
	}
	tl_layout *l = tl_layout_new(tl, o);
	if (l->refusal) { /* a size the events cannot have legibly */
		tl_diags_add(diags, TL_SEV_ERROR, TL_BAD_OPTIONS, 0, 0, 0, "%s",
		             l->refusal);
		tl_layout_free(l);
		return TL_BAD_OPTIONS;
	}
	if (strcmp(format, "png") == 0 && !tl_dot_png_readable(l, o, diags)) {
		tl_layout_free(l);
		return TL_INVALID;
	}
	agusererrf old = agseterrf(tl_dot_gv_error);
	int dot = strcmp(format, "dot") == 0;
	/* DOT is drawn later by Graphviz's own programs, with pango. */
	double centerline = TL_DOT_CENTERLINE_PANGO;
	GVC_t *gvc = NULL;
	if (!dot)
		gvc = tl_dot_context(strcmp(format, "svg") == 0 ||
		                  strcmp(format, "cmapx") == 0,
		              &centerline);
	tl_dot_groups grp, *gp = strcmp(format, "svg") == 0 ? &grp : NULL;
	Agraph_t *g = graph_for(tl, o, l, format, centerline, gp);
	int rc = render_format(gvc, g, format, o, gp, write, ctx, diags);
	agclose(g);
	if (gp)
		tl_dot_groups_free(gp);
	tl_dot_gv_report(diags, TL_SEV_WARNING);
	agseterrf(old);
	tl_layout_free(l);
	return rc;
}
