/*
 * layout.c - the diagram's geometry: which events show, where time runs,
 * how tall each lane is, and where every label goes so that none overlaps
 * another or covers a marker.  Pure arithmetic on the model; render_dot.c
 * draws the result and the unit tests check it.
 *
 * Geometry is built in a frame of "along" (the time axis) and "across"
 * (lanes stacked), both relative to the plot's top-left corner, then mapped
 * to x/y for the chosen orientation once the header's size is known.
 */
#include "layout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Sizes in points. */
#define TITLE_FONT 9.0   /* event titles */
#define DATE_FONT 8.0    /* the date line above a title */
#define LABEL_PAD 2.0    /* inside a label box */
#define WRAP_H 160.0     /* title wrap width, horizontal layout */
#define WRAP_V 200.0     /* and vertical */
#define MAX_LINES 6
#define MARK_R 5.0       /* point marker radius */
#define BAR_H 10.0       /* bar thickness */
#define ROW 13.0         /* one row of marks: a bar and a little air */
#define LEAD_MIN 4.0     /* shortest leader, core to first label level */
#define LEVEL_GAP 3.0    /* between label levels */
#define ALONG_GAP 6.0    /* between labels in one level */
#define LANE_PAD 6.0     /* between a band's edge and its contents */
#define LANE_NAME_W 110.0 /* lane name wrap width */
#define LANE_FONT 10.0
#define TICK_FONT 8.0
#define SLOT 30.0        /* event spacing on an ordinal axis */

int tl_rect_overlap(const tl_rect *a, const tl_rect *b)
{
	return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h &&
	       b->y < a->y + a->h;
}

/* Per-event working state in the along/across frame. */
typedef struct item {
	double t0, t1;     /* moment, or bar ends, in days */
	double a0, a1;     /* the same on the axis */
	double anchor;     /* where the leader leaves the mark */
	double start, len; /* the label along the axis */
	double thick;      /* the label across */
	double anchor_off; /* anchor's offset from the label's start */
	int side, level;   /* where the label goes */
	int row;           /* which row of the lane's core the mark takes */
} item;

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

/* Sets the view from the events' known dates (padded) or the crop. */
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
		if ((double)d->lo < lo)
			lo = (double)d->lo;
		if ((double)d->hi > hi)
			hi = (double)d->hi;
	}
	if (lo > hi) {
		lo = 0;
		hi = 365;
	}
	double pad = (hi - lo) * 0.03;
	if (pad < 0.5)
		pad = 0.5;
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
static size_t pick_events(tl_layout *l, const tl_timeline *tl, item **it)
{
	l->events = tl_xcalloc(tl->nevents, sizeof(*l->events));
	*it = tl_xcalloc(tl->nevents, sizeof(**it));
	size_t n = 0;
	for (size_t i = 0; i < tl->nevents; i++) {
		const tl_event *e = &tl->events[i];
		const tl_date *d = &e->date;
		tl_levent *le = &l->events[n];
		item *m = &(*it)[n];
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

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return a < b ? -1 : a > b;
}

/* Builds the time map over an axis of length len (proportional), or of
 * one slot per distinct start (ordinal), and returns the length. */
static double make_axis(tl_layout *l, const item *it, size_t n,
                        const tl_options *o, double len)
{
	if (o->axis != TL_AXIS_ORDINAL) {
		l->knot_t = tl_xmalloc(2 * sizeof(double));
		l->knot_p = tl_xmalloc(2 * sizeof(double));
		l->knot_t[0] = l->view_lo;
		l->knot_t[1] = l->view_hi;
		l->knot_p[0] = 0;
		l->knot_p[1] = len;
		l->nknots = 2;
		return len;
	}
	double *t = tl_xmalloc((n + 2) * sizeof(double));
	for (size_t i = 0; i < n; i++)
		t[i] = it[i].t0;
	qsort(t, n, sizeof(double), cmp_double);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (k == 0 || t[i] > t[k - 1])
			t[k++] = t[i];
	double slot = len > 0 && k > 0 ? len / (double)k : SLOT;
	double total = slot * (double)(k ? k : 1);
	l->knot_t = tl_xmalloc((k + 2) * sizeof(double));
	l->knot_p = tl_xmalloc((k + 2) * sizeof(double));
	size_t m = 0;
	if (k == 0 || l->view_lo < t[0]) {
		l->knot_t[m] = l->view_lo;
		l->knot_p[m++] = 0;
	}
	for (size_t i = 0; i < k; i++) {
		l->knot_t[m] = t[i];
		l->knot_p[m++] = ((double)i + 0.5) * slot;
	}
	if (k == 0 || l->view_hi > t[k - 1]) {
		l->knot_t[m] = l->view_hi;
		l->knot_p[m++] = total;
	}
	l->nknots = m;
	free(t);
	return total;
}

/* ---- labels ---- */

/* Writes each event's date line and wrapped title (suffixed with its
 * source numbers), and sizes its label box along and across the axis. */
static void make_labels(tl_layout *l, item *it, const tl_src_ref *refs,
                        size_t nref)
{
	double wrap = l->vertical ? WRAP_V : WRAP_H;
	size_t r = 0;
	tl_buf title = {NULL, 0, 0};
	for (size_t i = 0; i < l->nevents; i++) {
		tl_levent *le = &l->events[i];
		char date[160];
		tl_date_label(&le->ev->date, date, sizeof(date));
		double dw, tw;
		le->date.text = tl_text_wrap(&l->arena, date, DATE_FONT, wrap, 2,
		                             &le->date.lines, &dw);
		le->date.size = DATE_FONT;
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
		le->title.text = tl_text_wrap(&l->arena, title.data, TITLE_FONT,
		                              wrap, MAX_LINES, &le->title.lines,
		                              &tw);
		le->title.size = TITLE_FONT;
		le->date.box.w = le->title.box.w = (dw > tw ? dw : tw);
		le->date.box.h = le->date.lines * TL_LINE_HEIGHT(DATE_FONT);
		le->title.box.h = le->title.lines * TL_LINE_HEIGHT(TITLE_FONT);
		double w = le->date.box.w + 2 * LABEL_PAD;
		double h = le->date.box.h + le->title.box.h + 2 * LABEL_PAD;
		it[i].len = l->vertical ? h : w;
		it[i].thick = l->vertical ? w : h;
		it[i].anchor_off = l->vertical
		                       ? LABEL_PAD + TL_LINE_HEIGHT(DATE_FONT) / 2
		                       : 3.0;
	}
	free(title.data);
}

/* ---- label placement ---- */

/* A binary min-heap of (key, level), smallest key first, then level. */
typedef struct heap_ent {
	double key;
	int level;
} heap_ent;

typedef struct heap {
	heap_ent *v;
	size_t n, cap;
} heap;

static int ent_less(heap_ent a, heap_ent b)
{
	return a.key < b.key || (a.key == b.key && a.level < b.level);
}

static void heap_push(heap *h, double key, int level)
{
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 16;
		h->v = tl_xrealloc(h->v, h->cap * sizeof(*h->v));
	}
	size_t i = h->n++;
	h->v[i] = (heap_ent){key, level};
	while (i > 0 && ent_less(h->v[i], h->v[(i - 1) / 2])) {
		heap_ent t = h->v[i];
		h->v[i] = h->v[(i - 1) / 2];
		h->v[(i - 1) / 2] = t;
		i = (i - 1) / 2;
	}
}

static heap_ent heap_pop(heap *h)
{
	heap_ent top = h->v[0];
	h->v[0] = h->v[--h->n];
	for (size_t i = 0;;) {
		size_t c = 2 * i + 1;
		if (c >= h->n)
			break;
		if (c + 1 < h->n && ent_less(h->v[c + 1], h->v[c]))
			c++;
		if (!ent_less(h->v[c], h->v[i]))
			break;
		heap_ent t = h->v[i];
		h->v[i] = h->v[c];
		h->v[c] = t;
		i = c;
	}
	return top;
}

/* One side of a lane's line: levels of labels stacked away from it. */
typedef struct side {
	heap busy; /* (end along the axis, level) of the last label per level */
	heap free; /* (level, level) of levels free at the current position */
	double *thick; /* per level: the thickest label, plus the gap */
	int nlevels, cap;
} side;

static void side_reset(side *s)
{
	s->busy.n = s->free.n = 0;
	s->nlevels = 0;
}

static const item *sort_items;

static int start_cmp(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	double sa = sort_items[a].start, sb = sort_items[b].start;
	if (sa != sb)
		return sa < sb ? -1 : 1;
	return a < b ? -1 : a > b;
}

/* The level a label starting at start would take on side s, at least gap
 * after the label before it in that level: the lowest free one, or a new
 * one. */
static int side_candidate(side *s, double start, double gap)
{
	while (s->busy.n && s->busy.v[0].key + gap <= start) {
		heap_ent e = heap_pop(&s->busy);
		heap_push(&s->free, e.level, e.level);
	}
	return s->free.n ? s->free.v[0].level : s->nlevels;
}

static void side_take(side *s, int level, double end, double thick)
{
	if (s->free.n && s->free.v[0].level == level)
		heap_pop(&s->free);
	if (level == s->nlevels) {
		if (s->nlevels == s->cap) {
			s->cap = s->cap ? s->cap * 2 : 8;
			s->thick = tl_xrealloc(s->thick, s->cap * sizeof(double));
		}
		s->thick[s->nlevels++] = 0;
	}
	if (thick + LEVEL_GAP > s->thick[level])
		s->thick[level] = thick + LEVEL_GAP;
	heap_push(&s->busy, end, level);
}

/* The extent of an item's mark along the axis. */
static void mark_span(const tl_layout *l, size_t i, const item *m,
                      double *a0, double *a1)
{
	if (l->events[i].mark == TL_MARK_POINT) {
		*a0 = m->a0 - MARK_R;
		*a1 = m->a0 + MARK_R;
		return;
	}
	*a0 = m->a0;
	*a1 = m->a1;
	if (*a1 - *a0 < 3) { /* keep a short period visible */
		*a0 = (m->a0 + m->a1) / 2 - 1.5;
		*a1 = *a0 + 3;
	}
}

/* Gives each mark of a lane (idx[0..n)) a row so that no two marks
 * overlap: first-fit in order of start.  Returns the number of rows. */
static int mark_rows(const tl_layout *l, item *it, size_t *idx, size_t n,
                     side *s)
{
	side_reset(s);
	for (size_t j = 0; j < n; j++) {
		double a1;
		mark_span(l, idx[j], &it[idx[j]], &it[idx[j]].start, &a1);
	}
	sort_items = it;
	qsort(idx, n, sizeof(*idx), start_cmp);
	sort_items = NULL;
	for (size_t j = 0; j < n; j++) {
		item *m = &it[idx[j]];
		double a0, a1;
		mark_span(l, idx[j], m, &a0, &a1);
		m->row = side_candidate(s, a0, 1.0);
		side_take(s, m->row, a1, 0);
	}
	return s->nlevels > 0 ? s->nlevels : 1;
}

/* Places the labels idx[0..n) of one lane into levels on its two sides:
 * first-fit in order of start (optimal for intervals), preferring a side
 * where the label can sit right by the line so its leader crosses
 * nothing.  Sets it[].start, .side and .level; leaves in sd[k].thick[i]
 * the offset of level i from the side's first level, and in ext[k] the
 * side's whole extent from the core. */
static void place_lane(item *it, size_t *idx, size_t n, double len,
                       side sd[2], double ext[2])
{
	side_reset(&sd[0]);
	side_reset(&sd[1]);
	for (size_t j = 0; j < n; j++) {
		item *m = &it[idx[j]];
		double s = m->anchor - m->anchor_off;
		if (s > len - m->len)
			s = len - m->len;
		if (s < 0)
			s = 0;
		m->start = s;
	}
	sort_items = it;
	qsort(idx, n, sizeof(*idx), start_cmp);
	sort_items = NULL;
	for (size_t j = 0; j < n; j++) {
		item *m = &it[idx[j]];
		int c0 = side_candidate(&sd[0], m->start, ALONG_GAP);
		int c1 = side_candidate(&sd[1], m->start, ALONG_GAP);
		int k = (c0 == 0 || (c1 != 0 && c0 <= c1)) ? 0 : 1;
		m->side = k;
		m->level = k ? c1 : c0;
		side_take(&sd[k], m->level, m->start + m->len, m->thick);
	}
	for (int k = 0; k < 2; k++) {
		/* Turn per-level thickness into offsets: thick[i] becomes the
		 * distance from the first level's edge to level i's. */
		double off = 0;
		for (int i = 0; i < sd[k].nlevels; i++) {
			double t = sd[k].thick[i];
			sd[k].thick[i] = off;
			off += t;
		}
		ext[k] = sd[k].nlevels ? LEAD_MIN + off : 0;
	}
}

/* ---- from along/across to x/y ---- */

static tl_rect rect_ac(const tl_layout *l, double a, double c, double len,
                       double thick)
{
	return l->vertical ? (tl_rect){c, a, thick, len}
	                   : (tl_rect){a, c, len, thick};
}

static void xy(const tl_layout *l, double a, double c, double *out)
{
	out[0] = l->vertical ? c : a;
	out[1] = l->vertical ? a : c;
}

/* The across direction of a side: +1 towards larger across values.
 * Horizontally labels go above first; vertically, to the right. */
static int side_dir(const tl_layout *l, int s)
{
	return (s == 0) == (l->vertical != 0) ? 1 : -1;
}

/* Sets the marker, label boxes and leader of event i in a lane whose
 * marks fill rows between across positions core0 and core1; off[] are the
 * level offsets of its label's side. */
static void place_event(tl_layout *l, const item *m, size_t i, double core0,
                        double core1, const double *off)
{
	tl_levent *le = &l->events[i];
	int dir = side_dir(l, m->side);
	/* Row 0 lies next to the preferred side of labels. */
	double mid = side_dir(l, 0) < 0 ? core0 + (m->row + 0.5) * ROW
	                                : core1 - (m->row + 0.5) * ROW;
	double half = le->mark == TL_MARK_POINT ? MARK_R : BAR_H / 2;
	double a0, a1;
	mark_span(l, i, m, &a0, &a1);
	le->marker = rect_ac(l, a0, mid - half, a1 - a0, 2 * half);
	double near = dir > 0 ? core1 + LEAD_MIN + off[m->level]
	                      : core0 - LEAD_MIN - off[m->level];
	double cs = dir > 0 ? near : near - m->thick;
	le->label = rect_ac(l, m->start, cs, m->len, m->thick);
	le->side = dir;
	le->level = m->level;
	tl_rect *b = &le->label;
	le->date.box = (tl_rect){b->x + LABEL_PAD, b->y + LABEL_PAD,
	                         b->w - 2 * LABEL_PAD, le->date.box.h};
	le->title.box = (tl_rect){b->x + LABEL_PAD,
	                          le->date.box.y + le->date.box.h,
	                          b->w - 2 * LABEL_PAD, le->title.box.h};
	xy(l, m->anchor, mid + dir * half, le->lead);
	xy(l, m->anchor, near, le->lead + 2);
}

/* A lane's name, or NULL for the default lane when it is the only one. */
static const char *lane_name(const tl_timeline *tl, size_t i)
{
	const char *s = tl->lanes[i];
	if (s[0])
		return s;
	return tl->nlanes > 1 ? "Events" : NULL;
}

/* Stacks the lanes across, placing each lane's labels; returns the total
 * across extent. */
static double stack_lanes(tl_layout *l, const tl_timeline *tl, item *it,
                          double len)
{
	size_t nl = tl->nlanes ? tl->nlanes : 1;
	l->nlanes = nl;
	l->lanes = tl_xcalloc(nl, sizeof(*l->lanes));
	/* Events by lane, each lane's in date order (counting sort). */
	size_t *first = tl_xcalloc(nl + 1, sizeof(size_t));
	size_t *idx = tl_xmalloc((l->nevents + 1) * sizeof(size_t));
	for (size_t i = 0; i < l->nevents; i++)
		first[l->events[i].lane + 1]++;
	for (size_t k = 0; k < nl; k++)
		first[k + 1] += first[k];
	size_t *fill = tl_xmalloc((nl + 1) * sizeof(size_t));
	memcpy(fill, first, (nl + 1) * sizeof(size_t));
	for (size_t i = 0; i < l->nevents; i++)
		idx[fill[l->events[i].lane]++] = i;
	free(fill);

	side sd[2];
	memset(sd, 0, sizeof(sd));
	double c0 = 0;
	for (size_t k = 0; k < nl; k++) {
		tl_llane *ln = &l->lanes[k];
		size_t n = first[k + 1] - first[k];
		double ext[2];
		double core = ROW * mark_rows(l, it, idx + first[k], n, &sd[0]);
		place_lane(it, idx + first[k], n, len, sd, ext);
		int neg = side_dir(l, 0) < 0 ? 0 : 1; /* side towards c0 */
		double thick = 2 * LANE_PAD + ext[0] + core + ext[1];
		const char *name = tl->nlanes ? lane_name(tl, k) : NULL;
		double nw = 0;
		if (name && !l->vertical) {
			ln->name.text = tl_text_wrap(&l->arena, name, LANE_FONT,
			                             LANE_NAME_W, 4,
			                             &ln->name.lines, &nw);
			ln->name.size = LANE_FONT;
			ln->name.box.w = nw;
			ln->name.box.h = ln->name.lines *
			                 TL_LINE_HEIGHT(LANE_FONT);
			if (thick < ln->name.box.h + 2 * LANE_PAD)
				thick = ln->name.box.h + 2 * LANE_PAD;
		}
		if (l->vertical && thick < 90)
			thick = 90;
		if (name && l->vertical) {
			ln->name.text = tl_text_wrap(&l->arena, name, LANE_FONT,
			                             thick - 8, 4, &ln->name.lines,
			                             &nw);
			ln->name.size = LANE_FONT;
			ln->name.box.w = nw;
			ln->name.box.h = ln->name.lines *
			                 TL_LINE_HEIGHT(LANE_FONT);
		}
		double core0 = c0 + LANE_PAD + ext[neg];
		ln->axis = side_dir(l, 0) < 0 ? core0 + ROW / 2
		                              : core0 + core - ROW / 2;
		ln->band = rect_ac(l, 0, c0, len, thick);
		ln->shaded = (int)(k % 2 == 0);
		for (size_t j = 0; j < n; j++) {
			size_t i = idx[first[k] + j];
			place_event(l, &it[i], i, core0, core0 + core,
			            sd[it[i].side].thick);
		}
		c0 += thick;
	}
	for (int s = 0; s < 2; s++) {
		free(sd[s].busy.v);
		free(sd[s].free.v);
		free(sd[s].thick);
	}
	free(first);
	free(idx);
	return c0;
}

/* ---- after: arrows ---- */

typedef struct id_ref {
	const char *id;
	size_t ev;
} id_ref;

static int id_cmp(const void *x, const void *y)
{
	return strcmp(((const id_ref *)x)->id, ((const id_ref *)y)->id);
}

/* Where an arrow meets event i's mark: its centre line, at the end of a
 * bar facing the other event (before: its end, after: its start). */
static void arrow_end(const tl_layout *l, size_t i, int at_start,
                      double *a, double *c)
{
	const tl_levent *le = &l->events[i];
	const tl_rect *r = &le->marker;
	double a0 = l->vertical ? r->y : r->x;
	double len = l->vertical ? r->h : r->w;
	*c = l->vertical ? r->x + r->w / 2 : r->y + r->h / 2;
	*a = at_start ? a0 : a0 + len;
}

/* An arrow from each event named in an after: line to the event that
 * follows it; links to events not in view are left out. */
static void make_arrows(tl_layout *l)
{
	id_ref *ids = tl_xmalloc((l->nevents + 1) * sizeof(*ids));
	size_t nid = 0, narrow = 0;
	for (size_t i = 0; i < l->nevents; i++) {
		if (l->events[i].ev->id)
			ids[nid++] = (id_ref){l->events[i].ev->id, i};
		narrow += l->events[i].ev->nafter;
	}
	qsort(ids, nid, sizeof(*ids), id_cmp);
	l->arrows = tl_xcalloc(narrow + 1, sizeof(*l->arrows));
	for (size_t i = 0; i < l->nevents; i++) {
		const tl_event *e = l->events[i].ev;
		for (uint32_t k = 0; k < e->nafter; k++) {
			id_ref key = {e->after[k], 0};
			id_ref *f = bsearch(&key, ids, nid, sizeof(*ids), id_cmp);
			if (!f || f->ev == i)
				continue;
			tl_larrow *ar = &l->arrows[l->narrows++];
			ar->from = f->ev;
			ar->to = i;
			/* Leave the earlier mark at its end facing the later. */
			double a0, c0, a3, c3;
			int fwd = l->events[f->ev].marker.x <= l->events[i].marker.x;
			if (l->vertical)
				fwd = l->events[f->ev].marker.y <= l->events[i].marker.y;
			arrow_end(l, f->ev, !fwd, &a0, &c0);
			arrow_end(l, i, fwd, &a3, &c3);
			/* Same lane: a shallow arc that stays inside the leader
			 * zone; across lanes: an S-curve. */
			double da = a3 - a0, bow = c0 == c3 ? 12.0 : 0;
			int dir = side_dir(l, 1);
			xy(l, a0, c0, ar->p[0]);
			xy(l, a0 + da / 3, c0 + dir * bow, ar->p[1]);
			xy(l, a3 - da / 3, c3 + dir * bow, ar->p[2]);
			xy(l, a3, c3, ar->p[3]);
		}
	}
	free(ids);
}

/* ---- the whole ---- */

/* The width of the lane name column in a horizontal layout (0 without
 * names), as tl_layout_frame() will find it. */
static double name_column(tl_layout *l, const tl_timeline *tl)
{
	double col = 0;
	for (size_t k = 0; k < tl->nlanes; k++) {
		const char *name = lane_name(tl, k);
		int lines;
		double w;
		if (!name)
			continue;
		tl_text_wrap(&l->arena, name, LANE_FONT, LANE_NAME_W, 4, &lines,
		             &w);
		col = fmax(col, w + TL_LAYOUT_NAME_GAP);
	}
	return col;
}

tl_layout *tl_layout_new(const tl_timeline *tl, const tl_options *o)
{
	tl_layout *l = tl_xcalloc(1, sizeof(*l));
	tl_arena_init(&l->arena);
	l->vertical = o->vertical != 0;
	choose_view(l, tl, o);
	item *it;
	size_t n = pick_events(l, tl, &it);

	tl_legend_info li;
	memset(&li, 0, sizeof(li));
	tl_layout_colors(l, &li);
	size_t nref;
	tl_src_ref *refs = tl_layout_sources(l, tl, &nref);
	make_labels(l, it, refs, nref);
	free(refs);

	/* The axis length: the --width left after the margins and lane
	 * names, or enough room for the events. */
	double len;
	if (o->axis == TL_AXIS_ORDINAL)
		len = 0;
	else if (l->vertical)
		len = fmin(fmax(16.0 * (double)n, 720), 200000);
	else
		len = fmin(fmax(22.0 * (double)n, 640), 60000);
	if (!l->vertical && o->width_in > 0)
		len = fmax(o->width_in * 72 - 2 * TL_LAYOUT_MARGIN -
		               name_column(l, tl),
		           160);
	len = make_axis(l, it, n, o, len);
	for (size_t i = 0; i < n; i++) {
		item *m = &it[i];
		m->a0 = tl_layout_time_pos(l, m->t0);
		m->a1 = tl_layout_time_pos(l, m->t1);
		m->anchor = m->a0;
		if (l->events[i].mark == TL_MARK_BAR)
			m->anchor += fmin(m->anchor_off, (m->a1 - m->a0) / 2);
	}
	double across = stack_lanes(l, tl, it, len);
	free(it);
	make_arrows(l);
	tl_layout_make_ticks(l, len, TICK_FONT);

	for (size_t i = 0; i < n; i++) {
		const tl_levent *le = &l->events[i];
		li.has_point |= le->mark == TL_MARK_POINT;
		li.has_bar |= le->mark == TL_MARK_BAR;
		li.has_approx |= (le->qual & TL_QUAL_APPROX) != 0;
		li.has_uncertain |= (le->qual & TL_QUAL_UNCERTAIN) != 0;
		li.has_open |= (le->ends & (TL_END_OPEN_LO | TL_END_OPEN_HI)) != 0;
	}
	tl_layout_frame(l, tl, len, across, &li);
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
	tl_arena_release(&l->arena);
	free(l);
}
