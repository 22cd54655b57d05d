/*
 * render_dot.c - the diagram through Graphviz: layout.c's geometry becomes
 * a cgraph graph with every position pinned (pos in points, sizes in
 * inches), which gvc renders in-process with the nop2 engine (neato -n2:
 * keep the positions, take edge splines as given).  The only file that
 * includes Graphviz headers.
 *
 * Decorations without meaning of their own (bands, grid, lane lines,
 * leaders) go into the graph's _background xdot drawing, below every node;
 * markers, bars and texts are nodes, after: links are edges.  User text
 * reaches Graphviz only as plain (never HTML-like) labels, escaped so that
 * no Graphviz escape or XML entity in it is interpreted.
 */
#include "layout.h"

#include <gvc.h>
#include <cgraph.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define INK "#1a1a1a"
#define SHADE "#f1f4f8"
#define FONT "DejaVu Sans"

/* ---- Graphviz's messages become diagnostics ---- */

/* Graphviz reports through a process-wide callback; the library never
 * prints, so messages are kept here and turned into diagnostics. */
static tl_buf gv_msgs;

static int gv_error(char *msg)
{
	tl_buf_puts(&gv_msgs, msg);
	return 0;
}

/* Moves Graphviz's collected messages into diags, one per line. */
static void gv_report(tl_diags *diags, tl_severity sev)
{
	char *s = gv_msgs.data;
	while (s && *s) {
		char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		if (n)
			tl_diags_add(diags, sev, TL_EXIT_BACKEND, 0, 0, 0,
			             "graphviz: %.*s", (int)n, s);
		s += n + (nl ? 1 : 0);
	}
	gv_msgs.len = 0;
}

/* ---- escaping ---- */

/* Appends s to b as Graphviz label text: backslashes doubled (so \N, \G,
 * \n, \l stay literal) and '&' written &amp; (Graphviz decodes entities
 * in labels).  Lines (split at '\n') end with \l: left-justified. */
static void esc_label(tl_buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			tl_buf_puts(b, "\\\\");
		else if (*s == '&')
			tl_buf_puts(b, "&amp;");
		else if (*s == '\n')
			tl_buf_puts(b, "\\l");
		else
			tl_buf_putc(b, *s);
	}
	tl_buf_puts(b, "\\l");
}

/* Appends s to b as a tooltip.  Graphviz decodes entities in a tooltip,
 * then turns \\ into \ and drops other backslashes, then substitutes \N,
 * \G and friends and turns \\ into \ again.  So a backslash goes in as
 * four; '&' goes in as &amp;, newlines as &#10;, other controls as
 * spaces. */
static void esc_tooltip(tl_buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\\')
			tl_buf_puts(b, "\\\\\\\\");
		else if (c == '&')
			tl_buf_puts(b, "&amp;");
		else if (c == '\n')
			tl_buf_puts(b, "&#10;");
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

/* ---- building the graph ---- */

typedef struct builder {
	Agraph_t *g;
	const tl_layout *l;
	double H;  /* canvas height: Graphviz's y grows upwards */
	int amp;   /* escape & in URLs */
	tl_buf tmp; /* scratch for one attribute value */
	tl_buf bg;  /* the _background xdot drawing */
	Agsym_t *pos, *width, *height, *shape, *style, *fill, *color, *pen,
	    *label, *fsize, *fcolor, *tooltip, *url, *labelloc, *grad;
} builder;

static void set(void *obj, Agsym_t *sym, const char *v)
{
	agxset(obj, sym, (char *)v);
}

/* Sets attribute sym of obj to a printf-formatted value. */
static void setf(builder *b, void *obj, Agsym_t *sym, const char *f, ...)
    __attribute__((format(printf, 4, 5)));

static void setf(builder *b, void *obj, Agsym_t *sym, const char *f, ...)
{
	char v[128];
	va_list ap;
	va_start(ap, f);
	vsnprintf(v, sizeof(v), f, ap);
	va_end(ap);
	set(obj, sym, v);
}

/* A node named prefix+i over rectangle r: fixed size, pinned at its
 * centre (pos in points, size in inches). */
static Agnode_t *node_at(builder *b, const char *prefix, size_t i,
                     const tl_rect *r)
{
	char name[48];
	snprintf(name, sizeof(name), "%s%zu", prefix, i);
	Agnode_t *n = agnode(b->g, name, 1);
	setf(b, n, b->pos, "%.2f,%.2f", r->x + r->w / 2,
	     b->H - (r->y + r->h / 2));
	setf(b, n, b->width, "%.4f", r->w / 72);
	setf(b, n, b->height, "%.4f", r->h / 72);
	return n;
}

/* A text node over t's box, lines left-justified; fill NULL: none. */
static Agnode_t *text(builder *b, const char *prefix, size_t i,
                      const tl_ltext *t, const char *fill,
                      const char *fcolor)
{
	Agnode_t *n = node_at(b, prefix, i, &t->box);
	b->tmp.len = 0;
	esc_label(&b->tmp, t->text);
	set(n, b->label, b->tmp.data);
	setf(b, n, b->fsize, "%g", t->size);
	if (fcolor)
		set(n, b->fcolor, fcolor);
	if (fill) {
		set(n, b->style, "filled");
		set(n, b->fill, fill);
	}
	return n;
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

/* ---- the background drawing (xdot) ---- */

/* Appends an xdot string operand: byte count, '-', the bytes. */
static void xd_str(builder *b, char op, const char *s)
{
	tl_buf_printf(&b->bg, "%c %zu -%s ", op, strlen(s), s);
}

static void bg_rect(builder *b, const tl_rect *r, const char *color)
{
	xd_str(b, 'C', color);
	xd_str(b, 'c', color);
	double y0 = b->H - r->y, y1 = b->H - (r->y + r->h);
	tl_buf_printf(&b->bg, "P 4 %.2f %.2f %.2f %.2f %.2f %.2f %.2f %.2f ",
	              r->x, y0, r->x + r->w, y0, r->x + r->w, y1, r->x, y1);
}

static void bg_line(builder *b, double x0, double y0, double x1, double y1,
                    const char *color, double width)
{
	char w[40];
	snprintf(w, sizeof(w), "setlinewidth(%.2f)", width);
	xd_str(b, 'S', w);
	xd_str(b, 'c', color);
	tl_buf_printf(&b->bg, "L 2 %.2f %.2f %.2f %.2f ", x0, b->H - y0, x1,
	              b->H - y1);
}

/* Bands, grid lines, lane lines, the axis and the leaders. */
static void background(builder *b)
{
	const tl_layout *l = b->l;
	const tl_rect *p = &l->plot;
	for (size_t i = 0; i < l->nlanes; i++)
		if (l->lanes[i].shaded)
			bg_rect(b, &l->lanes[i].band, SHADE);
	for (size_t i = 0; i < l->nticks; i++) {
		double t = l->ticks[i].pos;
		if (l->vertical)
			bg_line(b, p->x - 3, t, p->x + p->w, t, "#dfe3e8", 0.75);
		else
			bg_line(b, t, p->y, t, p->y + p->h + 3, "#dfe3e8", 0.75);
	}
	for (size_t i = 0; i < l->nlanes; i++) {
		double a = l->lanes[i].axis;
		if (l->vertical)
			bg_line(b, a, p->y, a, p->y + p->h, "#b8c0ca", 1);
		else
			bg_line(b, p->x, a, p->x + p->w, a, "#b8c0ca", 1);
	}
	if (l->vertical)
		bg_line(b, p->x, p->y, p->x, p->y + p->h, "#8a939e", 1);
	else
		bg_line(b, p->x, p->y + p->h, p->x + p->w, p->y + p->h,
		        "#8a939e", 1);
	for (size_t i = 0; i < l->nevents; i++) {
		const double *d = l->events[i].lead;
		bg_line(b, d[0], d[1], d[2], d[3], l->events[i].color, 0.9);
	}
}

/* ---- events ---- */

/* The band colour behind event e's label. */
static const char *band_fill(const tl_layout *l, const tl_levent *e)
{
	return l->lanes[e->lane].shaded ? SHADE : "#ffffff";
}

/* Outline style for a date's qualifiers: dotted when uncertain, dashed
 * when approximate, solid otherwise. */
static const char *qual_style(unsigned qual)
{
	if (qual & TL_QUAL_UNCERTAIN)
		return "filled,dotted";
	if (qual & TL_QUAL_APPROX)
		return "filled,dashed";
	return "filled";
}

/* The marker or bar of event i, styled for its qualifiers and open ends. */
static Agnode_t *mark(builder *b, size_t i)
{
	const tl_levent *e = &b->l->events[i];
	Agnode_t *n = node_at(b, "e", i, &e->marker);
	char tint[16];
	snprintf(tint, sizeof(tint), "%s40", e->color);
	set(n, b->shape, e->mark == TL_MARK_POINT ? "circle" : "box");
	set(n, b->fsize, "1"); /* its empty label must fit, or dot warns */
	set(n, b->style, qual_style(e->qual));
	set(n, b->color, e->color);
	set(n, b->fill, e->qual ? tint : e->color);
	set(n, b->pen, e->qual ? "1.5" : "1");
	unsigned open = e->ends & (TL_END_OPEN_LO | TL_END_OPEN_HI);
	if (open == TL_END_OPEN_LO || open == TL_END_OPEN_HI) {
		/* Fade out towards the open side. */
		int hi = open == TL_END_OPEN_HI;
		setf(b, n, b->fill, "%s:%s", e->qual ? tint : e->color,
		     band_fill(b->l, e));
		set(n, b->grad, b->l->vertical ? (hi ? "270" : "90")
		                               : (hi ? "0" : "180"));
		set(n, b->pen, "0"); /* no edge where it has none */
	}
	return n;
}

/* The link of an event: its url: property, else its first source. */
static const char *event_url(const tl_event *ev)
{
	const char *u = tl_event_prop(ev, "url");
	if (u && tl_url_is_safe(u))
		return u;
	for (uint32_t k = 0; k < ev->nsources; k++)
		if (tl_url_is_safe(ev->sources[k]))
			return ev->sources[k];
	return NULL;
}

/* The tooltip of an event: its title, then its description. */
static void event_tooltip(builder *b, void *obj, const tl_event *ev)
{
	b->tmp.len = 0;
	esc_tooltip(&b->tmp, ev->title ? ev->title : "");
	if (ev->description) {
		tl_buf_puts(&b->tmp, "&#10;&#10;");
		esc_tooltip(&b->tmp, ev->description);
	}
	set(obj, b->tooltip, b->tmp.data);
}

static void events(builder *b, Agnode_t **marks)
{
	const tl_layout *l = b->l;
	for (size_t i = 0; i < l->nevents; i++) {
		marks[i] = mark(b, i);
		event_tooltip(b, marks[i], l->events[i].ev);
		add_link(b, marks[i], event_url(l->events[i].ev));
	}
	for (size_t i = 0; i < l->nevents; i++) {
		const tl_levent *e = &l->events[i];
		/* The date node carries the label's background. */
		tl_ltext bgdate = e->date;
		bgdate.box = e->label;
		Agnode_t *d = text(b, "d", i, &bgdate, band_fill(l, e), "#555555");
		set(d, b->labelloc, "t");
		agsafeset(d, "margin", "0.028", "0");
		Agnode_t *t = text(b, "t", i, &e->title, NULL, NULL);
		event_tooltip(b, t, e->ev);
		add_link(b, t, event_url(e->ev));
	}
}

/* after: links as edges with their splines given: nop2 keeps them. */
static void arrows(builder *b, Agnode_t **marks)
{
	const tl_layout *l = b->l;
	for (size_t i = 0; i < l->narrows; i++) {
		const tl_larrow *a = &l->arrows[i];
		Agedge_t *e = agedge(b->g, marks[a->from], marks[a->to], NULL, 1);
		/* The spline stops where the arrowhead (6 points long)
		 * starts, along the curve's last tangent. */
		double tx = a->p[3][0] - a->p[2][0], ty = a->p[3][1] - a->p[2][1];
		double d = hypot(tx, ty);
		if (d < 1e-6) {
			tx = a->p[3][0] - a->p[0][0];
			ty = a->p[3][1] - a->p[0][1];
			d = hypot(tx, ty);
		}
		double k = d > 1e-6 ? 6.0 / d : 0;
		double ex = a->p[3][0] - tx * k, ey = a->p[3][1] - ty * k;
		setf(b, e, agattr(b->g, AGEDGE, "pos", NULL),
		     "e,%.2f,%.2f %.2f,%.2f %.2f,%.2f %.2f,%.2f %.2f,%.2f",
		     a->p[3][0], b->H - a->p[3][1], a->p[0][0], b->H - a->p[0][1],
		     a->p[1][0], b->H - a->p[1][1], a->p[2][0], b->H - a->p[2][1],
		     ex, b->H - ey);
	}
}

/* ---- around the plot ---- */

/* A small filled triangle pointing along (dx, dy) with its tip at (x, y),
 * in the background drawing. */
static void bg_arrowhead(builder *b, double x, double y, double dx,
                         double dy, const char *color)
{
	double d = hypot(dx, dy), ux = dx / d, uy = dy / d;
	double bx = x - 6 * ux, by = y - 6 * uy;
	xd_str(b, 'C', color);
	xd_str(b, 'c', color);
	tl_buf_printf(&b->bg, "P 3 %.2f %.2f %.2f %.2f %.2f %.2f ", x,
	              b->H - y, bx - 2.5 * uy, b->H - (by + 2.5 * ux),
	              bx + 2.5 * uy, b->H - (by - 2.5 * ux));
}

static void legend(builder *b)
{
	const tl_layout *l = b->l;
	for (size_t i = 0; i < l->nlegend; i++) {
		const tl_llegend *g = &l->legend[i];
		const tl_rect *r = &g->symbol;
		text(b, "leg", i, &g->label, NULL, "#333333");
		if (g->kind == TL_LEG_ARROW) {
			double y = r->y + r->h / 2;
			bg_line(b, r->x, y, r->x + r->w - 6, y, g->color, 1);
			bg_arrowhead(b, r->x + r->w, y, 1, 0, g->color);
			continue;
		}
		tl_rect sq = {r->x + (r->w - r->h) / 2, r->y, r->h, r->h};
		Agnode_t *n = node_at(b, "legsym", i, g->kind == TL_LEG_POINT ? &sq : r);
		char tint[16];
		snprintf(tint, sizeof(tint), "%s40", g->color);
		set(n, b->shape, g->kind == TL_LEG_POINT ? "circle" : "box");
		set(n, b->fsize, "1");
		set(n, b->color, g->color);
		set(n, b->pen, "1");
		set(n, b->style, "filled");
		set(n, b->fill, g->color);
		if (g->kind == TL_LEG_APPROX || g->kind == TL_LEG_UNCERTAIN) {
			set(n, b->style, qual_style(g->kind == TL_LEG_APPROX
			                                ? TL_QUAL_APPROX
			                                : TL_QUAL_UNCERTAIN));
			set(n, b->fill, tint);
			set(n, b->pen, "1.5");
		} else if (g->kind == TL_LEG_OPEN) {
			setf(b, n, b->fill, "%s:#ffffff", g->color);
		}
	}
}

/* Header, lane names, tick labels, legend and the source footer. */
static void frame(builder *b, const tl_timeline *tl)
{
	const tl_layout *l = b->l;
	if (l->title.text) {
		Agnode_t *n = text(b, "title", 0, &l->title, NULL, "#111111");
		add_link(b, n, tl_timeline_meta(tl, "url"));
		b->tmp.len = 0;
		esc_tooltip(&b->tmp, tl_timeline_meta(tl, "title"));
		set(n, b->tooltip, b->tmp.data);
	}
	if (l->description.text)
		text(b, "description", 0, &l->description, NULL, "#444444");
	for (size_t i = 0; i < l->nlanes; i++)
		if (l->lanes[i].name.text)
			text(b, "lane", i, &l->lanes[i].name, NULL, "#333333");
	for (size_t i = 0; i < l->nticks; i++)
		text(b, "tick", i, &l->ticks[i].label, NULL, "#555555");
	legend(b);
	for (size_t i = 0; i < l->nfooter; i++) {
		Agnode_t *n = text(b, "source", i, &l->footer[i], NULL, "#555555");
		const char *url = i ? strchr(l->footer[i].text, ' ') : NULL;
		if (url && tl_url_is_safe(url + 1)) {
			add_link(b, n, url + 1);
			b->tmp.len = 0;
			esc_tooltip(&b->tmp, url + 1);
			set(n, b->tooltip, b->tmp.data);
		}
	}
}

/* ---- the graph ---- */

static int io_put(void *chan, const char *s)
{
	tl_buf_puts(chan, s);
	return 0;
}

static int io_flush(void *chan)
{
	return 0;
}

static Agiodisc_t io_disc;

/* Builds the graph for layout l.  amp: escape '&' in URLs (every format
 * but PDF).  The caller closes the result with agclose(). */
static Agraph_t *build(builder *b, const tl_timeline *tl,
                       const tl_options *o)
{
	static Agdisc_t disc = {&AgMemDisc, &AgIdDisc, &io_disc};
	io_disc.afread = AgIoDisc.afread;
	io_disc.putstr = io_put;
	io_disc.flush = io_flush;
	const tl_layout *l = b->l;
	Agraph_t *g = agopen("timeline", Agdirected, &disc);
	b->g = g;
	b->H = l->height;
	agattr(g, AGRAPH, "bgcolor", "white");
	/* after: arrows pass under labels rather than through their text. */
	agattr(g, AGRAPH, "outputorder", "edgesfirst");
	agattr(g, AGRAPH, "pad", "0");
	agattr(g, AGRAPH, "fontname", FONT);
	if (l->vertical && o->width_in > 0) {
		char size[64];
		snprintf(size, sizeof(size), "%.2f,10000", o->width_in);
		agattr(g, AGRAPH, "size", size);
	}
	b->shape = agattr(g, AGNODE, "shape", "plaintext");
	agattr(g, AGNODE, "fixedsize", "true");
	agattr(g, AGNODE, "fontname", FONT);
	agattr(g, AGNODE, "margin", "0");
	b->style = agattr(g, AGNODE, "style", "");
	b->label = agattr(g, AGNODE, "label", "");
	b->fsize = agattr(g, AGNODE, "fontsize", "9");
	b->fcolor = agattr(g, AGNODE, "fontcolor", INK);
	b->pen = agattr(g, AGNODE, "penwidth", "0");
	b->color = agattr(g, AGNODE, "color", INK);
	b->fill = agattr(g, AGNODE, "fillcolor", "white");
	b->labelloc = agattr(g, AGNODE, "labelloc", "c");
	b->grad = agattr(g, AGNODE, "gradientangle", "");
	b->tooltip = agattr(g, AGNODE, "tooltip", "");
	b->url = agattr(g, AGNODE, "URL", "");
	b->pos = agattr(g, AGNODE, "pos", "");
	b->width = agattr(g, AGNODE, "width", "");
	b->height = agattr(g, AGNODE, "height", "");
	agattr(g, AGEDGE, "color", "#666666");
	agattr(g, AGEDGE, "penwidth", "0.8");
	agattr(g, AGEDGE, "arrowsize", "0.6");
	agattr(g, AGEDGE, "pos", "");

	/* The canvas, invisible: it fixes the drawing's bounding box at
	 * (0,0)-(width,height), which nop2 would otherwise shrink. */
	tl_rect all = {0, 0, l->width, l->height};
	set(node_at(b, "canvas", 0, &all), b->style, "invis");
	frame(b, tl);
	Agnode_t **marks = tl_xcalloc(l->nevents + 1, sizeof(*marks));
	events(b, marks);
	arrows(b, marks);
	free(marks);
	background(b);
	agattr(g, AGRAPH, "_background", b->bg.data ? b->bg.data : "");
	return g;
}

/* ---- rendering ---- */

/* The Graphviz context, made on first use and kept for the process.
 * Graphviz 2.43's pango plugin keeps a pointer to the last font name,
 * which lives in the context: after gvFreeContext() a later render in the
 * same process (a test run, dateline serve) reads freed memory. */
static GVC_t *context(void)
{
	static GVC_t *gvc;
	if (!gvc)
		gvc = gvContext();
	return gvc;
}

/* Lays g out with nop2 and renders it in format through write. */
static int render_gv(Agraph_t *g, const char *format, const tl_options *o,
                     tl_write_fn write, void *ctx, tl_diags *diags)
{
	if (strcmp(format, "png") == 0 || strcmp(format, "cmapx") == 0) {
		char dpi[16];
		snprintf(dpi, sizeof(dpi), "%d", o->dpi > 0 ? o->dpi : 144);
		agattr(g, AGRAPH, "dpi", dpi);
	}
	GVC_t *gvc = context();
	int rc = TL_EXIT_OK;
	char *data = NULL;
	unsigned int len = 0;
	if (gvLayout(gvc, g, "nop2") != 0) {
		gv_report(diags, TL_SEV_ERROR);
		tl_diags_add(diags, TL_SEV_ERROR, TL_EXIT_BACKEND, 0, 0, 0,
		             "graphviz could not lay out the diagram");
		rc = TL_EXIT_BACKEND;
	} else {
		if (gvRenderData(gvc, g, format, &data, &len) != 0) {
			gv_report(diags, TL_SEV_ERROR);
			tl_diags_add(diags, TL_SEV_ERROR, TL_EXIT_BACKEND, 0, 0, 0,
			             "graphviz could not render %s", format);
			rc = TL_EXIT_BACKEND;
		} else if (write(ctx, data, len) < 0) {
			rc = TL_EXIT_IO;
		}
		gvFreeRenderData(data);
		gvFreeLayout(gvc, g);
	}
	return rc;
}

/* Warns about color: values the diagram cannot draw. */
static void check_colors(const tl_timeline *tl, tl_diags *diags)
{
	for (size_t i = 0; i < tl->nevents; i++) {
		const tl_event *e = &tl->events[i];
		const char *c = tl_event_prop(e, "color");
		if (c && !tl_layout_color_ok(c))
			tl_diags_add(diags, TL_SEV_WARNING, TL_EXIT_OK, (int)e->line,
			             0, 0,
			             "color '%s' is not one the diagram knows; "
			             "using the tag colour (use #rrggbb)",
			             c);
	}
}

int tl_render_diagram(const tl_timeline *tl, const tl_options *o,
                      tl_write_fn write, void *ctx, tl_diags *diags)
{
	static const char *const formats[] = {"dot", "svg", "png", "pdf",
	                                      "cmapx"};
	const char *format = o->format ? o->format : "svg";
	int known = 0;
	for (size_t i = 0; i < sizeof(formats) / sizeof(*formats); i++)
		known |= strcmp(format, formats[i]) == 0;
	if (!known) {
		tl_diags_add(diags, TL_SEV_ERROR, TL_EXIT_USAGE, 0, 0, 0,
		             "unknown diagram format '%s' (use dot, svg, png, "
		             "pdf or cmapx)",
		             format);
		return TL_EXIT_USAGE;
	}
	check_colors(tl, diags);
	agusererrf old = agseterrf(gv_error);
	tl_layout *l = tl_layout_new(tl, o);
	builder b;
	memset(&b, 0, sizeof(b));
	b.l = l;
	b.amp = strcmp(format, "pdf") != 0;
	Agraph_t *g = build(&b, tl, o);
	int rc = TL_EXIT_OK;
	if (strcmp(format, "dot") == 0) {
		tl_buf out = {NULL, 0, 0};
		if (agwrite(g, &out) != 0) {
			rc = TL_EXIT_BACKEND;
			tl_diags_add(diags, TL_SEV_ERROR, TL_EXIT_BACKEND, 0, 0, 0,
			             "graphviz could not write the DOT");
		} else if (write(ctx, out.data, out.len) < 0) {
			rc = TL_EXIT_IO;
		}
		free(out.data);
	} else {
		rc = render_gv(g, format, o, write, ctx, diags);
	}
	agclose(g);
	gv_report(diags, TL_SEV_WARNING);
	agseterrf(old);
	free(b.tmp.data);
	free(b.bg.data);
	tl_layout_free(l);
	return rc;
}
