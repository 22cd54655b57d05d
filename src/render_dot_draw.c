/*
 * render_dot_draw.c - all that is seen of the diagram, as one xdot
 * drawing for the graph's _background attribute: bands, grid, lane lines,
 * axis and its breaks, leaders, after: arrows, label backgrounds, the mark
 * copies of cluster lists, every text, the marks and the legend's
 * symbols.  Graphviz draws it under the nodes (transparent link areas)
 * and never measures it for layout, which is what makes large diagrams
 * fast.  It also records which of its elements are each event's, each
 * arrow's, the title's and each source's, for the SVG's groups and links
 * (render_dot_svg.c).  Plain text in, plain text out: no Graphviz headers
 * here.
 *
 * xdot strings are length-prefixed ("T x y j w n -text"), so user text
 * goes in as its bytes with no escaping; the DOT writer escapes quotes and
 * the SVG writer escapes XML.  Text never passes through Graphviz's label
 * code, so \N, \G and entities in it stay literal.
 */
#include "render_dot.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* pango falls back along the list; the SVG ends it with a generic family. */
#define FONT "DejaVu Sans,WenQuanYi Micro Hei,Symbola,sans-serif"

/* The first baseline of a text sits this many sizes below the top of its
 * first line (which is TL_LINE_HEIGHT tall). */
#define ASCENT 0.9

size_t tl_dot_num(char *out, double v, int places)
{
	static const double scale[] = {1, 10, 100, 1000, 10000};
	if (places < 0)
		places = 0;
	if (places > 4)
		places = 4;
	double a = fabs(v) * scale[places] + 0.5;
	if (!(a < 9e15)) /* NaN, infinite or absurd: printf knows best */
		return (size_t)snprintf(out, TL_DOT_NUM_MAX, "%.*f", places, v);
	unsigned long long u = (unsigned long long)a;
	char rev[32];
	size_t n = 0;
	for (int d = 0; d < places; d++, u /= 10)
		rev[n++] = (char)('0' + u % 10);
	if (places)
		rev[n++] = '.';
	do {
		rev[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	size_t len = 0;
	if (v < 0 && (unsigned long long)a != 0)
		out[len++] = '-';
	while (n)
		out[len++] = rev[--n];
	out[len] = '\0';
	return len;
}

/* The drawing being written, and the state Graphviz carries from one
 * xdot operation to the next, so that each is set only when it changes.
 * Every operation and operand ends with a space. */
typedef struct pen {
	tl_buf *out;
	double H;          /* canvas height: page y becomes H - y */
	double centerline; /* see tl_dot_drawing() */
	char pen[16], fill[16]; /* colours, "" until set */
	const char *style;      /* "solid", "dashed" or "dotted" */
	double width, font;     /* -1 until set */
	size_t nel; /* elements drawn so far: one per shape or text line */
} pen;

/* Appends "v " with two decimals. */
static void num(pen *p, double v)
{
	char s[TL_DOT_NUM_MAX + 1];
	size_t n = tl_dot_num(s, v, 2);
	s[n] = ' ';
	tl_buf_put(p->out, s, n + 1);
}

/* Appends a length-prefixed string operand: "n -bytes ".  Control
 * characters (which the layout has already replaced in texts) would make
 * the SVG invalid XML, so any left become spaces. */
static void str(pen *p, const char *s, size_t n)
{
	char head[32];
	int k = snprintf(head, sizeof(head), "%zu -", n);
	tl_buf_put(p->out, head, (size_t)k);
	size_t at = p->out->len;
	tl_buf_put(p->out, s, n);
	tl_buf_putc(p->out, ' ');
	for (char *c = p->out->data + at; n--; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = ' ';
}

/* Appends operation op with a string operand: "op n -bytes ". */
static void op_str(pen *p, char op, const char *s, size_t n)
{
	char o[2] = {op, ' '};
	tl_buf_put(p->out, o, 2);
	str(p, s, n);
}

/* Sets the colour of op ('c' pen, for lines and text; 'C' fill), whose
 * current value is cur. */
static void color(pen *p, char op, char *cur, const char *c)
{
	if (strcmp(cur, c) == 0)
		return;
	snprintf(cur, sizeof(p->pen), "%s", c);
	op_str(p, op, c, strlen(c));
}

static void line_width(pen *p, double w)
{
	if (w == p->width)
		return;
	p->width = w;
	char s[64], n[TL_DOT_NUM_MAX];
	tl_dot_num(n, w, 2);
	int k = snprintf(s, sizeof(s), "setlinewidth(%s)", n);
	op_str(p, 'S', s, (size_t)k);
}

/* Sets the line style: "solid", "dashed" or "dotted". */
static void line_style(pen *p, const char *style)
{
	if (strcmp(p->style, style) == 0)
		return;
	p->style = style;
	op_str(p, 'S', style, strlen(style));
}

/* Appends op ('P' filled polygon, 'L' polyline, 'B' bezier) through n
 * points given in page coordinates (x, y pairs, y growing downwards). */
static void shape(pen *p, char op, const double *xy, int n)
{
	char o[16];
	int k = snprintf(o, sizeof(o), "%c %d ", op, n);
	tl_buf_put(p->out, o, (size_t)k);
	p->nel++;
	for (int i = 0; i < n; i++) {
		num(p, xy[2 * i]);
		num(p, p->H - xy[2 * i + 1]);
	}
}

/* A filled rectangle without a visible outline. */
static void rect(pen *p, const tl_rect *r, const char *c)
{
	color(p, 'C', p->fill, c);
	color(p, 'c', p->pen, c);
	line_width(p, 0);
	line_style(p, "solid");
	double xy[8] = {r->x,        r->y,        r->x + r->w, r->y,
	                r->x + r->w, r->y + r->h, r->x,        r->y + r->h};
	shape(p, 'P', xy, 4);
}

static void line(pen *p, double x0, double y0, double x1, double y1,
                 const char *c, double w)
{
	color(p, 'c', p->pen, c);
	line_width(p, w);
	line_style(p, "solid");
	double xy[4] = {x0, y0, x1, y1};
	shape(p, 'L', xy, 2);
}

/* A small filled triangle pointing along (dx, dy) with its tip at
 * (x, y). */
static void arrowhead(pen *p, double x, double y, double dx, double dy,
                      const char *c)
{
	double d = hypot(dx, dy);
	if (d < 1e-9)
		return;
	double ux = dx / d, uy = dy / d;
	double bx = x - 6 * ux, by = y - 6 * uy;
	color(p, 'C', p->fill, c);
	color(p, 'c', p->pen, c);
	line_width(p, 1);
	line_style(p, "solid");
	double xy[6] = {x, y, bx - 2.5 * uy, by + 2.5 * ux, bx + 2.5 * uy,
	                by - 2.5 * ux};
	shape(p, 'P', xy, 3);
}

/* An after: link: a polyline that stops where the arrowhead starts, along
 * its last leg. */
static void arrow(pen *p, const tl_larrow *a)
{
	int n = a->npt;
	if (n < 2)
		return;
	double xy[2 * TL_ARROW_PTS];
	memcpy(xy, a->pt, sizeof(double) * 2 * (size_t)n);
	double tx = xy[2 * n - 2] - xy[2 * n - 4];
	double ty = xy[2 * n - 1] - xy[2 * n - 3];
	double d = hypot(tx, ty), k = d > 1e-6 ? fmin(5.0, d) / d : 0;
	xy[2 * n - 2] -= tx * k;
	xy[2 * n - 1] -= ty * k;
	color(p, 'c', p->pen, "#555555");
	line_width(p, 0.8);
	line_style(p, "solid");
	shape(p, 'L', xy, n);
	arrowhead(p, a->pt[n - 1][0], a->pt[n - 1][1], tx, ty, "#555555");
}

/* A filled ellipse in the box r, in the current colours and pen. */
static void ellipse(pen *p, const tl_rect *r)
{
	tl_buf_put(p->out, "E ", 2);
	p->nel++;
	num(p, r->x + r->w / 2);
	num(p, p->H - r->y - r->h / 2);
	num(p, r->w / 2);
	num(p, r->h / 2);
}

/* A filled circle in the box r. */
static void dot(pen *p, const tl_rect *r, const char *c)
{
	color(p, 'C', p->fill, c);
	color(p, 'c', p->pen, c);
	line_width(p, 0);
	line_style(p, "solid");
	ellipse(p, r);
}

/* ---- marks ---- */

/* The channels of "#rrggbb" (black when it is not one). */
static void rgb(const char *c, int out[3])
{
	unsigned v = 0;
	if (c[0] != '#' || strlen(c) != 7 || sscanf(c + 1, "%6x", &v) != 1)
		v = 0;
	out[0] = (int)(v >> 16) & 0xff;
	out[1] = (int)(v >> 8) & 0xff;
	out[2] = (int)v & 0xff;
}

/* Writes into out (8 bytes) the colour t of the way from a to b. */
static void mix(char *out, const int a[3], const int b[3], double t)
{
	int c[3];
	for (int k = 0; k < 3; k++)
		c[k] = (int)lround(a[k] + (b[k] - a[k]) * t);
	snprintf(out, 8, "#%02x%02x%02x", c[0], c[1], c[2]);
}

/* An open end fades over its last FADE_LEN points (or the whole bar, when
 * shorter), in FADE_STEPS steps: few enough that a file of open-ended
 * bars stays small, many enough to read as a fade. */
#define FADE_LEN 40.0
#define FADE_STEPS 16

/* A bar open at one end: no outline, its colour c, fading into the
 * band's colour bg towards the open end (hi: the later one) in steps.
 * The bar is drawn whole, then each step from where it starts to the
 * open end over the one before, so that no seam shows between them.
 * Graphviz 2.43 draws no gradient from an xdot drawing. */
static void fade(pen *p, const tl_rect *r, const char *c, const char *bg,
                 int hi, int vertical)
{
	int a[3], b[3];
	rgb(c, a);
	rgb(bg, b);
	double len = vertical ? r->h : r->w, f = fmin(len, FADE_LEN);
	rect(p, r, c);
	for (int k = 1; k <= FADE_STEPS; k++) {
		char col[8];
		/* Steps from where the fade starts, the last at the end. */
		double t = (double)k / (FADE_STEPS + 1);
		double d = f * (FADE_STEPS - k + 1) / FADE_STEPS;
		mix(col, a, b, t);
		tl_rect s = *r;
		if (vertical) {
			s.h = d;
			s.y += hi ? len - d : 0;
		} else {
			s.w = d;
			s.x += hi ? len - d : 0;
		}
		rect(p, &s, col);
	}
}

/* A mark: a circle in the square r (point) or the bar r, filled with c
 * (tinted when a date is qualified, with a dashed outline when
 * approximate, dotted when uncertain), fading into the band's colour bg
 * when it is open at one end (open: TL_END_OPEN_* bits). */
static void mark(pen *p, const tl_rect *r, int point, const char *c,
                 unsigned qual, unsigned open, int vertical, const char *bg)
{
	char tint[8];
	if (qual) { /* a quarter of c over the band */
		int a[3], b[3];
		rgb(c, a);
		rgb(bg, b);
		mix(tint, a, b, 0.75);
	}
	const char *fill = qual ? tint : c;
	open &= TL_END_OPEN_LO | TL_END_OPEN_HI;
	if (!point && (open == TL_END_OPEN_LO || open == TL_END_OPEN_HI)) {
		fade(p, r, fill, bg, open == TL_END_OPEN_HI, vertical);
		return;
	}
	color(p, 'C', p->fill, fill);
	color(p, 'c', p->pen, c);
	line_width(p, qual ? 1.5 : 1);
	line_style(p, qual & TL_QUAL_UNCERTAIN ? "dotted"
	              : qual & TL_QUAL_APPROX  ? "dashed"
	                                       : "solid");
	if (point) {
		ellipse(p, r);
		return;
	}
	double xy[8] = {r->x,        r->y,        r->x + r->w, r->y,
	                r->x + r->w, r->y + r->h, r->x,        r->y + r->h};
	shape(p, 'P', xy, 4);
}

/* The band colour under lane i. */
static const char *band(const tl_layout *l, size_t i)
{
	return l->lanes[i].shaded ? TL_DOT_SHADE : "#ffffff";
}

/* Event i's mark. */
static void event_mark(pen *p, const tl_layout *l, size_t i)
{
	const tl_levent *e = &l->events[i];
	mark(p, &e->marker, e->mark == TL_MARK_POINT, e->color, e->qual,
	     e->ends, l->vertical, band(l, e->lane));
}

/* The legend's symbols but the arrow's, each a mark of its kind. */
static void legend_marks(pen *p, const tl_layout *l)
{
	for (size_t i = 0; i < l->nlegend; i++) {
		const tl_llegend *g = &l->legend[i];
		const tl_rect *r = &g->symbol;
		tl_rect sq = {r->x + (r->w - r->h) / 2, r->y, r->h, r->h};
		switch (g->kind) {
		case TL_LEG_ARROW: break;
		case TL_LEG_POINT:
			mark(p, &sq, 1, g->color, 0, 0, 0, "#ffffff");
			break;
		case TL_LEG_APPROX:
		case TL_LEG_UNCERTAIN:
			mark(p, r, 0, g->color,
			     g->kind == TL_LEG_APPROX ? TL_QUAL_APPROX
			                              : TL_QUAL_UNCERTAIN,
			     0, 0, "#ffffff");
			break;
		case TL_LEG_OPEN:
			mark(p, r, 0, g->color, 0, TL_END_OPEN_HI, 0, "#ffffff");
			break;
		default: mark(p, r, 0, g->color, 0, 0, 0, "#ffffff");
		}
	}
}

/* One break mark on a line at across position c: the line blanked for
 * a stretch around along position a, between two short slanted
 * strokes. */
static void break_mark(pen *p, const tl_layout *l, double a, double c,
                       const char *bg)
{
	double w = l->break_w / 2, h = 5, s = 2;
	tl_rect gap = l->vertical ? (tl_rect){c - h, a - w / 2, 2 * h, w}
	                          : (tl_rect){a - w / 2, c - h, w, 2 * h};
	rect(p, &gap, bg);
	for (int k = -1; k <= 1; k += 2) {
		double m = a + k * w / 2;
		if (l->vertical)
			line(p, c - h, m + s, c + h, m - s, "#8a939e", 0.9);
		else
			line(p, m - s, c + h, m + s, c - h, "#8a939e", 0.9);
	}
}

/* Where the axis is broken: the break mark on the axis and on every
 * lane's line. */
static void breaks(pen *p, const tl_layout *l)
{
	const tl_rect *r = &l->plot;
	for (size_t i = 0; i < l->nbreaks; i++) {
		double a = l->breaks[i];
		for (size_t k = 0; k < l->nlanes; k++)
			break_mark(p, l, a, l->lanes[k].axis, band(l, k));
		break_mark(p, l, a, l->vertical ? r->x : r->y + r->h, "#ffffff");
	}
}

/* One line of text, left-aligned at x with its baseline at page y. */
static void text_line(pen *p, double x, double y, double size,
                      const char *s, size_t n)
{
	tl_buf_put(p->out, "T ", 2);
	p->nel++;
	num(p, x);
	/* The baseline in hundredths first: Graphviz adds the centerline
	 * back, and the SVG of either text layout (ours without pango, dot's
	 * of the DOT with it) then prints the same y, not one a hundredth
	 * off at a tie. */
	double h = p->H - y;
	h = h < 0 ? -floor(-h * 100 + 0.5) / 100 : floor(h * 100 + 0.5) / 100;
	num(p, h - p->centerline * size);
	tl_buf_put(p->out, "-1 ", 3);
	num(p, tl_text_width(s, n, size));
	str(p, s, n);
}

/* Every line of t in colour c, left-aligned in its box; the lines are
 * TL_LINE_HEIGHT apart and centred vertically in the box. */
static void text(pen *p, const tl_ltext *t, const char *c)
{
	if (!t->text || !t->text[0])
		return;
	if (t->size != p->font) {
		p->font = t->size;
		tl_buf_put(p->out, "F ", 2);
		num(p, t->size);
		str(p, FONT, strlen(FONT));
	}
	color(p, 'c', p->pen, c);
	double lh = TL_LINE_HEIGHT(t->size);
	int lines = t->lines > 0 ? t->lines : 1;
	double y = t->box.y + (t->box.h - lines * lh) / 2 + ASCENT * t->size;
	for (const char *s = t->text; *s;) {
		size_t n = strcspn(s, "\n");
		/* xdot refuses an empty string, and so drops the whole
		 * drawing: an empty line is left out. */
		if (n)
			text_line(p, t->box.x, y, t->size, s, n);
		y += lh;
		s += n + (s[n] == '\n');
	}
}

/* Records in *sp that the elements from at up to now are one piece. */
static void span(pen *p, tl_dot_span *sp, size_t at)
{
	sp->at = at;
	sp->n = p->nel - at;
}

/* Bands, grid lines, lane lines and the axis. */
static void background(pen *p, const tl_layout *l)
{
	const tl_rect *r = &l->plot;
	for (size_t i = 0; i < l->nlanes; i++)
		if (l->lanes[i].shaded)
			rect(p, &l->lanes[i].band, TL_DOT_SHADE);
	for (size_t i = 0; i < l->nticks; i++) {
		double t = l->ticks[i].pos;
		if (l->vertical)
			line(p, r->x - 3, t, r->x + r->w, t, "#dfe3e8", 0.75);
		else
			line(p, t, r->y, t, r->y + r->h + 3, "#dfe3e8", 0.75);
	}
	/* The lines run as far as time does; the last labels may run on. */
	double t0 = l->knot_p[0], t1 = l->knot_p[l->nknots - 1];
	for (size_t i = 0; i < l->nlanes; i++) {
		double a = l->lanes[i].axis;
		if (l->vertical)
			line(p, a, t0, a, t1, "#b8c0ca", 1);
		else
			line(p, t0, a, t1, a, "#b8c0ca", 1);
	}
	if (l->vertical)
		line(p, r->x, t0, r->x, t1, "#8a939e", 1);
	else
		line(p, t0, r->y + r->h, t1, r->y + r->h, "#8a939e", 1);
	breaks(p, l);
}

/* The pieces of event i, in the order they are drawn: its leader, its
 * mark, its label's background (which hides the grid behind the text),
 * in a cluster's list a copy of the mark before the title, the date and
 * the title. */
static void event_leader(pen *p, const tl_layout *l, size_t i)
{
	const double *d = l->events[i].lead;
	if (d[0] != d[2] || d[1] != d[3])
		line(p, d[0], d[1], d[2], d[3], l->events[i].color, 0.9);
}

static void label_back(pen *p, const tl_layout *l, size_t i)
{
	const tl_levent *e = &l->events[i];
	rect(p, &e->label, band(l, e->lane));
}

static void label_swatch(pen *p, const tl_layout *l, size_t i)
{
	const tl_levent *e = &l->events[i];
	if (e->swatch.w <= 0)
		return;
	if (e->mark == TL_MARK_POINT)
		dot(p, &e->swatch, e->color);
	else
		rect(p, &e->swatch, e->color);
}

static void label_date(pen *p, const tl_layout *l, size_t i)
{
	text(p, &l->events[i].date, "#555555");
}

static void label_title(pen *p, const tl_layout *l, size_t i)
{
	text(p, &l->events[i].title, TL_DOT_INK);
}

/* Text t, its lines recorded in *sp when sp is not NULL. */
static void text_span(pen *p, const tl_ltext *t, const char *c,
                      tl_dot_span *sp)
{
	size_t at = p->nel;
	text(p, t, c);
	if (sp)
		span(p, sp, at);
}

/* Each event's pieces, one event after another, each piece's elements
 * recorded in grp when it is not NULL: the SVG's group of an event holds
 * a run of the drawing. */
static void events(pen *p, const tl_layout *l, tl_dot_groups *grp)
{
	static void (*const draw[TL_DOT_NPIECES])(pen *, const tl_layout *,
	                                         size_t) = {
	    [TL_DOT_LEADER] = event_leader, [TL_DOT_MARK] = event_mark,
	    [TL_DOT_BACK] = label_back,     [TL_DOT_SWATCH] = label_swatch,
	    [TL_DOT_DATE] = label_date,     [TL_DOT_TITLE] = label_title,
	};
	for (size_t i = 0; i < l->nevents; i++)
		for (int k = 0; k < TL_DOT_NPIECES; k++) {
			size_t at = p->nel;
			draw[k](p, l, i);
			if (grp)
				span(p, &grp->piece[i][k], at);
		}
}

void tl_dot_drawing(tl_buf *out, const tl_layout *l, double centerline,
                    tl_dot_groups *grp)
{
	pen p;
	memset(&p, 0, sizeof(p));
	p.out = out;
	p.H = l->height;
	p.centerline = centerline;
	p.width = p.font = -1;
	p.style = "solid";
	background(&p, l);
	text_span(&p, &l->title, "#111111", grp ? &grp->link[0].span : NULL);
	text(&p, &l->description, "#444444");
	for (size_t i = 0; i < l->nlanes; i++)
		text(&p, &l->lanes[i].name, "#333333");
	for (size_t i = 0; i < l->nticks; i++)
		text(&p, &l->ticks[i].label, "#555555");
	text(&p, &l->axis_note, "#555555");
	for (size_t i = 0; i < l->nlegend; i++) {
		const tl_llegend *g = &l->legend[i];
		text(&p, &g->label, "#333333");
		if (g->kind != TL_LEG_ARROW)
			continue;
		double y = g->symbol.y + g->symbol.h / 2;
		double x1 = g->symbol.x + g->symbol.w;
		line(&p, g->symbol.x, y, x1 - 6, y, g->color, 1);
		arrowhead(&p, x1, y, 1, 0, g->color);
	}
	legend_marks(&p, l);
	for (size_t i = 0; i < l->nfooter; i++)
		text_span(&p, &l->footer[i], "#555555",
		          grp && i && i < grp->nlinks ? &grp->link[i].span
		                                      : NULL);
	/* The arrows under the events: one whose way could not be cleared
	 * of every mark then runs under the mark, not over it. */
	for (size_t i = 0; i < l->narrows; i++) {
		size_t at = p.nel;
		arrow(&p, &l->arrows[i]);
		if (grp)
			span(&p, &grp->arrow[i], at);
	}
	events(&p, l, grp);
	if (grp)
		grp->nelements = p.nel;
}
