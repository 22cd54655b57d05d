/*
 * layout_place.c - where every mark, label and leader of a lane goes.
 * Marks take rows of the lane's core so that none overlaps another; marks
 * close together form a cluster with one label, a list that names their
 * date once; labels go on either side of the core, each as near as it can
 * be, so that no label overlaps another and no leader runs under a label
 * or through a mark.  A lane is as thick as its labels need.
 *
 * Works in the along/across frame of layout.c, relative to the plot's
 * top-left corner.
 */
#include "layout_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LANE_PAD 6.0      /* between a band's edge and its contents */
#define LANE_NAME_W 110.0 /* lane name wrap width */
#define LANE_FONT 10.0
#define LEVEL_GAP 3.0     /* between labels stacked across */
#define ALONG_GAP 6.0     /* between labels side by side */
#define CLEAR 2.5         /* a leader's clearance from other boxes */
#define CLUSTER_D 12.0    /* marks this close share one label */
#define CLUSTER_MAX 36.0  /* a cluster's span along the axis */
#define ITEM_GAP 1.0      /* between the titles of a cluster's list */

/* ---- rows of marks ---- */

void tl_layout_mark_span(const tl_layout *l, size_t i, const tl_item *m,
                         double *a0, double *a1)
{
	if (l->events[i].mark == TL_MARK_POINT) {
		*a0 = m->a0 - TL_MARK_R;
		*a1 = m->a0 + TL_MARK_R;
		return;
	}
	*a0 = m->a0;
	*a1 = m->a1;
	if (*a1 - *a0 < 3) { /* keep a short period visible */
		*a0 = (m->a0 + m->a1) / 2 - 1.5;
		*a1 = *a0 + 3;
	}
}

/* A lane's marks by row, each row in order along the axis. */
typedef struct rows {
	size_t **ev; /* ev[r][0..n[r]) */
	size_t *n, *cap;
	double *end;
	int count, alloc;
} rows;

static void rows_free(rows *r)
{
	for (int k = 0; k < r->alloc; k++)
		free(r->ev[k]);
	free(r->ev);
	free(r->n);
	free(r->cap);
	free(r->end);
}

static const tl_item *sort_items;

static int a0_cmp(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	double sa = sort_items[a].a0, sb = sort_items[b].a0;
	if (sa != sb)
		return sa < sb ? -1 : 1;
	return a < b ? -1 : a > b;
}

static int anchor_cmp(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	double sa = sort_items[a].anchor, sb = sort_items[b].anchor;
	if (sa != sb)
		return sa < sb ? -1 : 1;
	return a < b ? -1 : a > b;
}

/* Gives each mark of a lane (idx[0..n)) a row so that no two marks
 * overlap: first-fit in order along the axis. */
static void mark_rows(const tl_layout *l, tl_item *it, size_t *idx, size_t n,
                      rows *r)
{
	sort_items = it;
	qsort(idx, n, sizeof(*idx), a0_cmp);
	sort_items = NULL;
	r->count = 0;
	for (size_t j = 0; j < n; j++) {
		double a0, a1;
		tl_layout_mark_span(l, idx[j], &it[idx[j]], &a0, &a1);
		int k = 0;
		while (k < r->count && r->end[k] + 1.0 > a0)
			k++;
		if (k == r->alloc) {
			r->alloc = r->alloc ? 2 * r->alloc : 4;
			r->ev = tl_xrealloc(r->ev, r->alloc * sizeof(*r->ev));
			r->n = tl_xrealloc(r->n, r->alloc * sizeof(*r->n));
			r->cap = tl_xrealloc(r->cap, r->alloc * sizeof(*r->cap));
			r->end = tl_xrealloc(r->end, r->alloc * sizeof(*r->end));
			for (int q = k; q < r->alloc; q++)
				r->ev[q] = NULL, r->cap[q] = 0;
		}
		if (k == r->count)
			r->n[r->count++] = 0;
		if (r->n[k] == r->cap[k]) {
			r->cap[k] = r->cap[k] ? 2 * r->cap[k] : 16;
			r->ev[k] = tl_xrealloc(r->ev[k], r->cap[k] * sizeof(size_t));
		}
		r->ev[k][r->n[k]++] = idx[j];
		r->end[k] = a1;
		it[idx[j]].row = k;
	}
}

/* True when some mark in rows lo..hi-1, other than event self's, lies
 * across position a (with the leader's clearance). */
static int rows_block(const tl_layout *l, const tl_item *it, const rows *r,
                      int lo, int hi, double a, size_t self)
{
	for (int k = lo; k < hi; k++) {
		/* The last mark starting before a + CLEAR, and the one
		 * before it, are the only ones that can cover a. */
		size_t b = 0, e = r->n[k];
		while (b < e) {
			size_t mid = b + (e - b) / 2;
			double m0, m1;
			tl_layout_mark_span(l, r->ev[k][mid], &it[r->ev[k][mid]],
			                    &m0, &m1);
			if (m0 < a + CLEAR)
				b = mid + 1;
			else
				e = mid;
		}
		for (size_t j = b; j-- > 0 && j + 3 > b;) {
			size_t q = r->ev[k][j];
			double m0, m1;
			tl_layout_mark_span(l, q, &it[q], &m0, &m1);
			if (q != self && m1 > a - CLEAR)
				return 1;
		}
	}
	return 0;
}

/* Moves event i from its row to the first row beyond the others where it
 * fits (a new one if need be). */
static void move_out(const tl_layout *l, tl_item *it, rows *r, size_t i,
                     int from)
{
	size_t *v = r->ev[from], k = 0;
	while (v[k] != i)
		k++;
	memmove(v + k, v + k + 1, (r->n[from] - k - 1) * sizeof(*v));
	r->n[from]--;
	double a0, a1;
	tl_layout_mark_span(l, i, &it[i], &a0, &a1);
	int to = r->count;
	for (int q = from + 1; q < r->count; q++) {
		size_t last = r->n[q] ? r->ev[q][r->n[q] - 1] : SIZE_MAX;
		double e0 = -INFINITY, e1 = -INFINITY;
		if (last != SIZE_MAX)
			tl_layout_mark_span(l, last, &it[last], &e0, &e1);
		if (e1 + 1.0 <= a0 && !rows_block(l, it, r, q + 1, r->count,
		                                  it[i].anchor, i)) {
			to = q;
			break;
		}
	}
	if (to == r->count) {
		if (r->count == r->alloc) {
			r->alloc *= 2;
			r->ev = tl_xrealloc(r->ev, r->alloc * sizeof(*r->ev));
			r->n = tl_xrealloc(r->n, r->alloc * sizeof(*r->n));
			r->cap = tl_xrealloc(r->cap, r->alloc * sizeof(*r->cap));
			r->end = tl_xrealloc(r->end, r->alloc * sizeof(*r->end));
			for (int q = to; q < r->alloc; q++)
				r->ev[q] = NULL, r->cap[q] = 0;
		}
		r->n[r->count++] = 0;
	}
	if (r->n[to] == r->cap[to]) {
		r->cap[to] = r->cap[to] ? 2 * r->cap[to] : 16;
		r->ev[to] = tl_xrealloc(r->ev[to], r->cap[to] * sizeof(size_t));
	}
	r->ev[to][r->n[to]++] = i;
	it[i].row = to;
}

/* A cluster none of whose marks has a clear way out on either side would
 * have no leader that crosses nothing: its first mark moves out to a row
 * beyond the others.  idx is in order of anchor, clusters made. */
static void free_sandwiched(const tl_layout *l, tl_item *it, rows *r,
                            const size_t *idx, size_t n)
{
	for (size_t j = 0; j < n;) {
		size_t head = idx[j], e = j;
		int clear = 0;
		for (; e < n && it[idx[e]].unit == head; e++) {
			size_t i = idx[e];
			int row = it[i].row;
			clear |= !rows_block(l, it, r, 0, row, it[i].anchor, i) ||
			         !rows_block(l, it, r, row + 1, r->count,
			                     it[i].anchor, i);
		}
		if (!clear)
			move_out(l, it, r, head, it[head].row);
		j = e;
	}
}

/* ---- clusters ---- */

/* Groups a lane's marks (idx in order along the axis) into clusters: a
 * mark joins the one before when it is within CLUSTER_D of it and the
 * cluster spans no more than CLUSTER_MAX.  Sets it[].unit and sizes each
 * cluster's label in its first event's item. */
static void clusters(const tl_layout *l, tl_item *it, const size_t *idx,
                     size_t n)
{
	for (size_t j = 0; j < n;) {
		size_t head = idx[j], e = j + 1;
		while (e < n && it[idx[e]].anchor - it[idx[e - 1]].anchor < CLUSTER_D &&
		       it[idx[e]].anchor - it[head].anchor < CLUSTER_MAX)
			e++;
		double indent = e - j > 1 ? TL_SWATCH : 0, w = 0, h = 0;
		const char *last = NULL;
		for (size_t q = j; q < e; q++) {
			tl_item *m = &it[idx[q]];
			const tl_levent *le = &l->events[idx[q]];
			m->unit = head;
			m->show_date = !last || strcmp(last, le->date.text) != 0;
			last = le->date.text;
			double dw = m->show_date ? le->date.box.w : 0;
			w = fmax(w, fmax(dw, le->title.box.w + indent));
			h += (m->show_date ? m->dh : 0) + m->lh - m->dh;
		}
		h += (double)(e - j - 1) * ITEM_GAP;
		w += 2 * TL_LABEL_PAD;
		h += 2 * TL_LABEL_PAD;
		it[head].len = l->vertical ? h : w;
		it[head].thick = l->vertical ? w : h;
		j = e;
	}
}

/* ---- labels on the two sides ---- */

/* A label placed on one side: along s..e, across o..o + t from the
 * gutter, and its leader at a. */
typedef struct placed {
	double s, e, o, t, a;
} placed;

typedef struct side {
	placed *v;
	size_t n, cap, lo; /* v[lo..n) can still meet later labels */
	double ext;        /* the furthest label edge */
} side;

/* The nearest across offset where a label along s..e of thickness t can
 * go on side sd with its leader at a, or INFINITY. */
static double side_fit(const side *sd, double s, double e, double t,
                       double a)
{
	double best = INFINITY;
	for (size_t c = sd->lo; c <= sd->n; c++) {
		double o = c == sd->n ? 0 : sd->v[c].o + sd->v[c].t + LEVEL_GAP;
		if (c < sd->n && (sd->v[c].s > e + ALONG_GAP ||
		                  sd->v[c].e < s - ALONG_GAP))
			continue;
		if (o >= best)
			continue;
		int ok = 1;
		for (size_t k = sd->lo; k < sd->n && ok; k++) {
			const placed *p = &sd->v[k];
			int along = p->s < e + ALONG_GAP && s < p->e + ALONG_GAP;
			/* Label against label, our label against its leader,
			 * our leader against its label. */
			if (along && o < p->o + p->t + LEVEL_GAP &&
			    p->o < o + t + LEVEL_GAP)
				ok = 0;
			if (p->a > s - CLEAR && p->a < e + CLEAR && o < p->o)
				ok = 0;
			if (p->s < a + CLEAR && a - CLEAR < p->e && p->o < o)
				ok = 0;
		}
		if (ok)
			best = o;
	}
	return best;
}

static void side_push(side *sd, placed p)
{
	if (sd->n == sd->cap) {
		sd->cap = sd->cap ? 2 * sd->cap : 16;
		sd->v = tl_xrealloc(sd->v, sd->cap * sizeof(*sd->v));
	}
	sd->v[sd->n++] = p;
	sd->ext = fmax(sd->ext, p.o + p.t);
}

/* The member of the cluster from idx[j] (the lane's events in order of
 * anchor) whose leader can leave for side k without crossing another mark,
 * or SIZE_MAX. */
static size_t leader_from(const tl_layout *l, const tl_item *it,
                          const rows *r, const size_t *idx, size_t n,
                          size_t j, int k)
{
	size_t head = idx[j];
	for (size_t q = j; q < n && it[idx[q]].unit == head; q++) {
		const tl_item *m = &it[idx[q]];
		int lo = k == 0 ? 0 : m->row + 1;
		int hi = k == 0 ? m->row : r->count;
		if (!rows_block(l, it, r, lo, hi, m->anchor, idx[q]))
			return idx[q];
	}
	return SIZE_MAX;
}

/* Where a cluster's label went: its side, its start along the axis, its
 * offset across from the gutter, and the event whose mark its leader
 * leaves. */
typedef struct unit_pos {
	size_t head, lead; /* first event, event the leader leaves */
	int side;
	double s, o;
} unit_pos;

/* Places the clusters of one lane (idx in order of anchor) from the last
 * to the first, each label starting just before its first mark, on the
 * side where it reaches least far from the marks with a leader that
 * crosses no other mark.  Fills up[] and returns how many clusters. */
static size_t place_labels(const tl_layout *l, const tl_item *it,
                           const rows *r, const size_t *idx, size_t n,
                           side sd[2], unit_pos *up)
{
	size_t nu = 0;
	double lmax = 0;
	for (size_t j = 0; j < n; j++)
		if (it[idx[j]].unit == idx[j])
			lmax = fmax(lmax, it[idx[j]].len);
	for (size_t j = n; j-- > 0;) {
		size_t head = idx[j];
		if (it[head].unit != head)
			continue;
		const tl_item *m = &it[head];
		double s = fmax(0, m->anchor - m->anchor_off), e = s + m->len;
		double best = INFINITY, score = INFINITY;
		unit_pos u = {head, head, 0, s, 0};
		for (int k = 0; k < 2; k++) {
			side *d = &sd[k];
			while (d->lo < d->n &&
			       d->v[d->lo].s > s + lmax + ALONG_GAP + CLEAR)
				d->lo++;
			size_t from = leader_from(l, it, r, idx, n, j, k);
			double a = from == SIZE_MAX ? m->anchor : it[from].anchor;
			/* Near the end of a page of fixed size, the label
			 * reaches back from its leader instead. */
			double ks = s;
			/* Never over the leader of a mark still to come, so
			 * one always has room beyond the labels placed. */
			double prev = j > 0 ? it[idx[j - 1]].anchor + CLEAR + 0.5
			                    : 0;
			if (l->along_max > 0 && s + m->len > l->along_max)
				ks = fmax(prev, fmin(s, fmin(l->along_max - m->len,
				                             a - CLEAR - 1)));
			double o = side_fit(d, ks, ks + m->len, m->thick, a);
			if (ks != s && !isfinite(o))
				o = side_fit(d, ks = s, e, m->thick, a);
			/* A blocked leader is the last resort. */
			double sc = o + m->thick + (from == SIZE_MAX ? 1e6 : 0);
			if (sc < score || (sc == score && o < best)) {
				score = sc;
				best = o;
				u.s = ks;
				u.side = k;
				u.lead = from == SIZE_MAX ? head : from;
			}
		}
		if (!isfinite(best)) { /* cannot happen: beyond all is free */
			best = sd[u.side].ext + LEVEL_GAP;
		}
		u.o = best;
		side_push(&sd[u.side], (placed){u.s, u.s + m->len, best,
		                                m->thick, it[u.lead].anchor});
		up[nu++] = u;
	}
	return nu;
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

/* The across centre of a mark in row row of a core from core0 to core1:
 * row 0 lies next to side 0. */
static double row_mid(const tl_layout *l, int row, double core0,
                      double core1)
{
	return side_dir(l, 0) < 0 ? core0 + (row + 0.5) * TL_ROW
	                          : core1 - (row + 0.5) * TL_ROW;
}

static void put_mark(tl_layout *l, const tl_item *m, size_t i, double core0,
                     double core1)
{
	tl_levent *le = &l->events[i];
	double mid = row_mid(l, m->row, core0, core1);
	double half = le->mark == TL_MARK_POINT ? TL_MARK_R : TL_BAR_H / 2;
	double a0, a1;
	tl_layout_mark_span(l, i, m, &a0, &a1);
	le->marker = rect_ac(l, a0, mid - half, a1 - a0, 2 * half);
	xy(l, m->anchor, mid, le->lead);
	xy(l, m->anchor, mid, le->lead + 2);
	le->head = m->unit;
}

/* Sets the label boxes of the cluster u: its box, one slice of it per
 * member (date line when it differs from the one before, then the title
 * with a copy of its mark in front), and the leader. */
static void put_unit(tl_layout *l, const tl_item *it, const size_t *idx,
                     size_t n, size_t j, const unit_pos *u, double core0,
                     double core1)
{
	const tl_item *h = &it[u->head];
	int dir = side_dir(l, u->side);
	double near = dir > 0 ? core1 + TL_GUTTER + u->o
	                      : core0 - TL_GUTTER - u->o;
	double cs = dir > 0 ? near : near - h->thick;
	tl_rect box = rect_ac(l, u->s, cs, h->len, h->thick);
	size_t count = 0;
	for (size_t q = j; q < n && it[idx[q]].unit == u->head; q++)
		count++;
	double indent = count > 1 ? TL_SWATCH : 0, y = box.y + TL_LABEL_PAD;
	for (size_t q = j; q < j + count; q++) {
		size_t i = idx[q];
		tl_levent *le = &l->events[i];
		const tl_item *m = &it[i];
		double top = q == j ? box.y : y;
		le->side = dir;
		le->level = u->o > 0;
		le->date.box.x = box.x + TL_LABEL_PAD;
		le->date.box.y = y;
		if (!m->show_date) {
			le->date.text = "";
			le->date.box.h = 0;
		}
		y += le->date.box.h;
		le->title.box.x = box.x + TL_LABEL_PAD + indent;
		le->title.box.y = y;
		le->title.box.w = box.w - 2 * TL_LABEL_PAD - indent;
		le->date.box.w = box.w - 2 * TL_LABEL_PAD;
		if (indent) {
			double s = 7.0, ty = y + (TL_LINE_HEIGHT(TL_TITLE_FONT) - s) / 2;
			le->swatch = (tl_rect){box.x + TL_LABEL_PAD, ty,
			                       le->mark == TL_MARK_POINT ? s : s + 1,
			                       le->mark == TL_MARK_POINT ? s : s - 2};
		}
		y += le->title.box.h;
		double bottom = q + 1 == j + count ? box.y + box.h : y + ITEM_GAP / 2;
		le->label = (tl_rect){box.x, top, box.w, bottom - top};
		y += ITEM_GAP;
	}
	/* The leader: from the mark's edge facing the label to the box. */
	tl_levent *le = &l->events[u->lead];
	const tl_item *m = &it[u->lead];
	double half = le->mark == TL_MARK_POINT ? TL_MARK_R : TL_BAR_H / 2;
	double mid = row_mid(l, m->row, core0, core1);
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

double tl_layout_name_column(tl_layout *l, const tl_timeline *tl)
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

/* Wraps lane k's name into its band of thickness thick; returns the
 * thickness the name needs. */
static double lane_label(tl_layout *l, const tl_timeline *tl, size_t k,
                         double thick)
{
	tl_llane *ln = &l->lanes[k];
	const char *name = tl->nlanes ? lane_name(tl, k) : NULL;
	if (!name)
		return 0;
	double nw;
	double w = l->vertical ? thick - 8 : LANE_NAME_W;
	if (l->names_above)
		w = fmax(40, l->plot.w - 8); /* the axis length, for now */
	ln->name.text = tl_text_wrap(&l->arena, name, LANE_FONT, w, 4,
	                             &ln->name.lines, &nw);
	ln->name.size = LANE_FONT;
	ln->name.box.w = nw;
	ln->name.box.h = ln->name.lines * TL_LINE_HEIGHT(LANE_FONT);
	return ln->name.box.h + 2 * LANE_PAD;
}

/* Lays out one lane's events idx[0..n) from across position c0; returns
 * the lane's thickness and raises *plot_len to hold its labels. */
static double one_lane(tl_layout *l, const tl_timeline *tl, tl_item *it,
                       size_t k, size_t *idx, size_t n, double c0,
                       double *plot_len, rows *r, unit_pos *up)
{
	tl_llane *ln = &l->lanes[k];
	mark_rows(l, it, idx, n, r);
	sort_items = it;
	qsort(idx, n, sizeof(*idx), anchor_cmp);
	sort_items = NULL;
	clusters(l, it, idx, n);
	free_sandwiched(l, it, r, idx, n);
	side sd[2];
	memset(sd, 0, sizeof(sd));
	size_t nu = place_labels(l, it, r, idx, n, sd, up);
	int nrows = r->count > 0 ? r->count : 1;
	double core = TL_ROW * nrows;
	double ext[2];
	for (int s = 0; s < 2; s++) {
		ext[s] = sd[s].n ? TL_GUTTER + sd[s].ext : TL_GUTTER / 2;
		free(sd[s].v);
	}
	int neg = side_dir(l, 0) < 0 ? 0 : 1; /* side towards c0 */
	double thick = 2 * LANE_PAD + ext[0] + core + ext[1];
	if (l->names_above) { /* the name takes a row of its own */
		double row = lane_label(l, tl, k, thick);
		row = row > 0 ? row - LANE_PAD : 0;
		thick += row;
		c0 += row;
	} else if (!l->vertical) {
		thick = fmax(thick, lane_label(l, tl, k, thick));
	}
	if (l->vertical && thick < 90)
		thick = 90;
	if (l->vertical)
		lane_label(l, tl, k, thick);
	double core0 = c0 + LANE_PAD + ext[neg], core1 = core0 + core;
	/* The lane's line runs through the row next to side 0. */
	ln->axis = row_mid(l, 0, core0, core1);
	for (int s = 0; s < 2; s++)
		ln->gutter[s] = side_dir(l, s) > 0 ? core1 + TL_GUTTER / 2
		                                   : core0 - TL_GUTTER / 2;
	ln->shaded = (int)(k % 2 == 0);
	for (size_t j = 0; j < n; j++)
		put_mark(l, &it[idx[j]], idx[j], core0, core1);
	/* Clusters were placed last first: up[nu - 1] is the first. */
	for (size_t j = 0, u = nu; j < n; j++) {
		if (it[idx[j]].unit != idx[j])
			continue;
		const unit_pos *p = &up[--u];
		put_unit(l, it, idx, n, j, p, core0, core1);
		*plot_len = fmax(*plot_len, p->s + it[idx[j]].len + 2);
	}
	return thick;
}

double tl_layout_stack_lanes(tl_layout *l, const tl_timeline *tl,
                             tl_item *it, double len, double *plot_len)
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
	unit_pos *up = tl_xmalloc((l->nevents + 1) * sizeof(*up));
	rows r;
	memset(&r, 0, sizeof(r));
	double c0 = 0;
	*plot_len = len;
	for (size_t k = 0; k < nl; k++) {
		size_t n = first[k + 1] - first[k];
		double thick = one_lane(l, tl, it, k, idx + first[k], n, c0,
		                        plot_len, &r, up);
		l->lanes[k].band = rect_ac(l, 0, c0, 0, thick);
		c0 += thick;
	}
	for (size_t k = 0; k < nl; k++) {
		if (l->vertical)
			l->lanes[k].band.h = *plot_len;
		else
			l->lanes[k].band.w = *plot_len;
	}
	rows_free(&r);
	free(up);
	free(first);
	free(idx);
	return c0;
}
