/*
 * layout.c - the diagram's geometry: which events show, what their labels
 * say, how long the time axis is, and the passes that fit the whole to the
 * size asked for (layout_axis.c maps time, layout_place.c places marks and
 * labels, layout_arrow.c routes after: arrows, layout_frame.c adds what is
 * around the plot).  Pure arithmetic on the model; render_dot.c draws the
 * result and the unit tests check it.
 *
 * Geometry is built in a frame of "along" (the time axis) and "across"
 * (lanes stacked), both relative to the plot's top-left corner, then mapped
 * to x/y for the chosen orientation once the header's size is known.
 */
#include "layout_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Sizes in points. */
#define WRAP_H 160.0     /* title wrap width, horizontal layout */
#define WRAP_V 150.0     /* and vertical */
#define WRAP_MIN 60.0    /* the narrowest a --width can make it */
#define MAX_LINES 6
#define TICK_FONT 8.0

int tl_rect_overlap(const tl_rect *a, const tl_rect *b)
{
	return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h &&
	       b->y < a->y + a->h;
}

/* ---- which events show, and when ---- */

/* The moment of a point event in days, to the minute when given. */
static double point_day(const tl_date *d)
{
	const tl_point *p = &d->start;
	double t = (double)p->lo + 0.5;
	if (p->prec >= TL_PREC_MINUTE) {
		int mins = p->hour * 60 + p->minute;
		if (p->flags & TL_PT_OFFSET)
			mins -= p->tz_minutes;
		t = (double)p->lo + (mins + p->second / 60.0) / 1440.0;
	}
	return t;
}

static int is_point(const tl_date *d)
{
	return !d->is_interval && d->start.prec >= TL_PREC_DAY;
}

static unsigned end_open(const tl_point *p)
{
	return p->flags & (TL_PT_OPEN | TL_PT_UNKNOWN);
}

/* Sets the view from the events' known dates (a point event's moment,
 * else its whole period), padded, or from the crop. */
static void choose_view(tl_layout *l, const tl_timeline *tl,
                        const tl_options *o)
{
	double lo = INFINITY, hi = -INFINITY;
	for (size_t i = 0; i < tl->nevents; i++) {
		const tl_date *d = &tl->events[i].date;
		if (o->has_from && d->hi <= o->from.lo)
			continue;
		if (o->has_to && d->lo >= o->to.hi)
			continue;
		double a = is_point(d) ? point_day(d) : (double)d->lo;
		double b = is_point(d) ? point_day(d) : (double)d->hi;
		if (a < lo)
			lo = a;
		if (b > hi)
			hi = b;
	}
	if (lo > hi) {
		lo = 0;
		hi = 365;
	}
	/* Air at both ends: a share of the span, or half a day around a
	 * single moment. */
	double pad = hi > lo ? (hi - lo) * 0.03 : 0.5;
	lo -= pad;
	hi += pad;
	if (o->has_from)
		lo = (double)o->from.lo;
	if (o->has_to)
		hi = (double)o->to.hi;
	if (hi <= lo)
		hi = lo + 1;
	l->view_lo = lo;
	l->view_hi = hi;
}

/* Fills l->events with the events overlapping the view, their marks'
 * times in it[], and returns how many. */
static size_t pick_events(tl_layout *l, const tl_timeline *tl, tl_item **it)
{
	l->events = tl_xcalloc(tl->nevents, sizeof(*l->events));
	*it = tl_xcalloc(tl->nevents, sizeof(**it));
	size_t n = 0;
	for (size_t i = 0; i < tl->nevents; i++) {
		const tl_event *e = &tl->events[i];
		const tl_date *d = &e->date;
		tl_levent *le = &l->events[n];
		tl_item *m = &(*it)[n];
		le->ev = e;
		le->lane = e->lane;
		le->qual = d->start.qual | d->end.qual;
		if (is_point(d)) {
			le->mark = TL_MARK_POINT;
			m->t0 = m->t1 = point_day(d);
			if (m->t0 < l->view_lo || m->t0 > l->view_hi)
				continue;
		} else {
			le->mark = TL_MARK_BAR;
			m->t0 = (double)d->lo;
			m->t1 = (double)d->hi;
			if (d->is_interval && end_open(&d->start)) {
				m->t0 = l->view_lo;
				le->ends |= TL_END_OPEN_LO;
			}
			if (d->is_interval && end_open(&d->end)) {
				m->t1 = l->view_hi;
				le->ends |= TL_END_OPEN_HI;
			}
			if (m->t1 <= l->view_lo || m->t0 >= l->view_hi)
				continue;
			if (m->t0 < l->view_lo) {
				m->t0 = l->view_lo;
				le->ends |= TL_END_CUT_LO;
			}
			if (m->t1 > l->view_hi) {
				m->t1 = l->view_hi;
				le->ends |= TL_END_CUT_HI;
			}
		}
		n++;
	}
	l->nevents = n;
	return n;
}

/* ---- labels ---- */

/* Writes each event's date line and title (suffixed with its source
 * numbers), wrapped at wrap points, and sizes its label. */
static void make_labels(tl_layout *l, tl_item *it, const tl_src_ref *refs,
                        size_t nref, double wrap)
{
	size_t r = 0;
	tl_buf title = {NULL, 0, 0};
	for (size_t i = 0; i < l->nevents; i++) {
		tl_levent *le = &l->events[i];
		char date[160];
		tl_date_label(&le->ev->date, date, sizeof(date));
		double dw, tw;
		le->date.text = tl_text_wrap(&l->arena, date, TL_DATE_FONT, wrap,
		                             wrap < 100 ? 3 : 2, &le->date.lines,
		                             &dw);
		le->date.size = TL_DATE_FONT;
		title.len = 0;
		tl_buf_puts(&title, le->ev->title ? le->ev->title : "");
		while (r < nref && (refs[r].ev == SIZE_MAX || refs[r].ev < i))
			r++;
		size_t last = 0;
		for (; r < nref && refs[r].ev == i; r++) {
			if (refs[r].num == last)
				continue;
			tl_buf_printf(&title, "%s%zu", last ? ", " : " [",
			              refs[r].num);
			last = refs[r].num;
		}
		if (last)
			tl_buf_putc(&title, ']');
		/* Narrower labels get more lines for the same words. */
		int max_lines = (int)ceil(MAX_LINES * WRAP_H / fmax(wrap, WRAP_MIN));
		le->title.text = tl_text_wrap(&l->arena, title.data,
		                              TL_TITLE_FONT, wrap,
		                              max_lines < MAX_LINES ? MAX_LINES
		                                                    : max_lines,
		                              &le->title.lines, &tw);
		le->title.size = TL_TITLE_FONT;
		le->date.box.w = dw;
		le->title.box.w = tw;
		le->date.box.h = le->date.lines * TL_LINE_HEIGHT(TL_DATE_FONT);
		le->title.box.h = le->title.lines * TL_LINE_HEIGHT(TL_TITLE_FONT);
		it[i].dh = le->date.box.h;
		it[i].lh = le->date.box.h + le->title.box.h;
		it[i].anchor_off =
		    l->vertical ? TL_LABEL_PAD + TL_LINE_HEIGHT(TL_DATE_FONT) / 2
		                : 3.0;
	}
	free(title.data);
}

/* ---- the whole ---- */

/* The smallest text the layout draws, and the axis it needs at least. */
#define SMALLEST_FONT 8.0
#define MIN_AXIS 60.0

/* The natural axis length for n events: enough room for them (0 for an
 * ordinal axis: a slot each). */
static double l_natural(const tl_options *o, double n)
{
	if (o->axis == TL_AXIS_ORDINAL)
		return 0;
	if (o->vertical)
		return fmin(fmax(16.0 * n, 720), 200000);
	return fmin(fmax(22.0 * n, 640), 60000);
}

/* One layout of tl under o, with a time axis of about len points (0:
 * natural, for ordinal) and titles wrapped at wrap points.  The caller
 * frees the result with tl_layout_free(). */
static tl_layout *layout_once(const tl_timeline *tl, const tl_options *o,
                              double len, double wrap, int names_above)
{
	tl_layout *l = tl_xcalloc(1, sizeof(*l));
	tl_arena_init(&l->arena);
	l->vertical = o->vertical != 0;
	l->names_above = names_above && !l->vertical;
	l->plot.w = len; /* lane names above wrap to it */
	/* Labels near the end reach back rather than widen the picture. */
	if (!l->vertical && len > 0)
		l->along_max = len;
	choose_view(l, tl, o);
	tl_item *it;
	size_t n = pick_events(l, tl, &it);

	tl_legend_info li;
	memset(&li, 0, sizeof(li));
	tl_layout_colors(l, tl, &li);
	size_t nref;
	tl_src_ref *refs = tl_layout_sources(l, tl, &nref);
	make_labels(l, it, refs, nref, wrap);
	free(refs);

	len = tl_layout_make_axis(l, it, n, o, len);
	for (size_t i = 0; i < n; i++) {
		tl_item *m = &it[i];
		m->a0 = tl_layout_time_pos(l, m->t0);
		m->a1 = tl_layout_time_pos(l, m->t1);
		m->anchor = m->a0;
		if (l->events[i].mark == TL_MARK_BAR)
			m->anchor += fmin(m->anchor_off, (m->a1 - m->a0) / 2);
	}
	double plot_len;
	double across = tl_layout_stack_lanes(l, tl, it, len, &plot_len);
	tl_layout_arrows(l);
	tl_layout_make_ticks(l, it, n, o, TICK_FONT);
	free(it);

	for (size_t i = 0; i < n; i++) {
		const tl_levent *le = &l->events[i];
		li.has_point |= le->mark == TL_MARK_POINT;
		li.has_bar |= le->mark == TL_MARK_BAR;
		li.has_approx |= (le->qual & TL_QUAL_APPROX) != 0;
		li.has_uncertain |= (le->qual & TL_QUAL_UNCERTAIN) != 0;
		li.has_open |= (le->ends & (TL_END_OPEN_LO | TL_END_OPEN_HI)) != 0;
	}
	tl_layout_frame(l, tl, plot_len, across, &li);
	return l;
}

/* Sets l's refusal to the message: "the events need a WHAT of at least A
 * in WHY, not B in". */
static void refuse(tl_layout *l, const char *what, double a, const char *why,
                   double b)
{
	char msg[256];
	snprintf(msg, sizeof(msg),
	         "the events need a %s of at least %.1f in %s, not %.1f in",
	         what, a, why, b);
	l->refusal = tl_arena_strndup(&l->arena, msg, strlen(msg));
}

/* Horizontal at a given --width: the axis shrinks by what the labels
 * overhang until the canvas is the width asked. */
static tl_layout *fit_width(const tl_timeline *tl, const tl_options *o)
{
	double want = o->width_in * 72;
	tl_layout *probe = tl_xcalloc(1, sizeof(*probe));
	tl_arena_init(&probe->arena);
	double col = tl_layout_name_column(probe, tl);
	tl_layout_free(probe);
	/* On a narrow page the lane names go above their lanes. */
	int above = col > 0.2 * want;
	double avail = want - 2 * TL_LAYOUT_MARGIN - (above ? 0 : col);
	double wrap = fmin(WRAP_H, fmax(WRAP_MIN, avail * 0.4));
	double len = avail;
	tl_layout *l = NULL;
	for (int pass = 0; pass < 6; pass++) {
		tl_layout_free(l);
		l = layout_once(tl, o, fmax(len, MIN_AXIS), wrap, above);
		double over = l->width - want;
		if (fabs(over) <= 0.5 || (over < 0 && pass >= 3))
			break;
		len -= over;
	}
	/* A little short: the lanes run on to the width asked. */
	if (l->width < want) {
		for (size_t k = 0; k < l->nlanes; k++)
			l->lanes[k].band.w += want - l->width;
		l->width = want;
	}
	if (l->width > want + 0.5)
		refuse(l, "width", ceil(l->width / 7.2) / 10,
		       "at a legible text size", o->width_in);
	return l;
}

/* Vertical: the axis grows until the picture is taller than wide, or, at
 * a given --height, fills it. */
static tl_layout *fit_vertical(const tl_timeline *tl, const tl_options *o,
                               double len)
{
	double want = o->height_in * 72;
	/* At a given --width, narrower labels: Graphviz scales the rest. */
	double lanes = (double)(tl->nlanes ? tl->nlanes : 1);
	double wrap = WRAP_V;
	if (o->width_in > 0)
		wrap = fmin(WRAP_V, fmax(WRAP_MIN, (o->width_in * 72 - 80) /
		                                       (2 * lanes) - 24));
	tl_layout *l = NULL;
	for (int pass = 0; pass < 5; pass++) {
		tl_layout_free(l);
		l = layout_once(tl, o, len, wrap, 0);
		double grow = want > 0 ? want - l->height
		                       : 1.3 * l->width - l->height;
		if (want > 0 ? fabs(grow) < 0.5 : grow <= 0)
			break;
		if (len + grow < MIN_AXIS)
			break;
		len = fmin(len + grow, 200000);
	}
	return l;
}

tl_layout *tl_layout_new(const tl_timeline *tl, const tl_options *o)
{
	double n = (double)tl->nevents;
	double len = l_natural(o, n);
	tl_layout *l;
	if (o->vertical)
		l = fit_vertical(tl, o, len);
	else if (o->width_in > 0)
		l = fit_width(tl, o);
	else
		l = layout_once(tl, o, len, WRAP_H, 0);
	/* A horizontal picture too tall for --height: a longer axis
	 * stacks fewer labels, when the width is free. */
	for (int pass = 0; !o->vertical && o->height_in > 0 && !o->width_in &&
	                   pass < 4 && l->height > o->height_in * 72;
	     pass++) {
		len = (len > 0 ? len : 30 * n) * 1.6;
		tl_layout_free(l);
		l = layout_once(tl, o, len, WRAP_H, 0);
	}
	if (!l->refusal && o->height_in > 0 && l->height > o->height_in * 72 + 0.5)
		refuse(l, "height", ceil(l->height / 7.2) / 10,
		       "at a legible text size", o->height_in);
	/* A vertical picture is scaled to --width by Graphviz. */
	if (!l->refusal && o->vertical && o->width_in > 0 &&
	    SMALLEST_FONT * o->width_in * 72 / l->width < TL_MIN_FONT)
		refuse(l, "width",
		       ceil(l->width * TL_MIN_FONT / SMALLEST_FONT / 7.2) / 10,
		       "to keep text at 6 pt or more", o->width_in);
	return l;
}

void tl_layout_free(tl_layout *l)
{
	if (!l)
		return;
	free(l->events);
	free(l->lanes);
	free(l->ticks);
	free(l->arrows);
	free(l->legend);
	free(l->footer);
	free(l->knot_t);
	free(l->knot_p);
	free(l->breaks);
	tl_arena_release(&l->arena);
	free(l);
}
