/*
 * layout_arrow.c - after: arrows, routed so that none passes under a label
 * or through a mark.  An arrow leaves its earlier event's mark across the
 * axis into the gutter between that lane's marks and labels (which nothing
 * occupies), runs along the gutter, crosses to the later event's lane
 * where the way across is clear of every label and mark, runs along that
 * lane's gutter and ends on the later mark's edge, so its head shows even
 * on a stack of marks.
 */
#include "layout_int.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CELL 48.0   /* obstacle grid cell */
#define STEP 2.0    /* search step for a clear crossing */
#define REACH 240.0 /* how far beyond the two marks a crossing may be */

/* Labels and marks, bucketed in a grid for segment queries.  Obstacle 2i
 * is event i's label, 2i + 1 its mark. */
typedef struct grid {
	const tl_layout *l;
	double x0, y0, cell;
	size_t nx, ny;
	size_t *start, *ids; /* cell c holds ids[start[c] .. start[c + 1]) */
} grid;

static const tl_rect *obstacle(const tl_layout *l, size_t id)
{
	const tl_levent *e = &l->events[id / 2];
	return id % 2 ? &e->marker : &e->label;
}

/* The cells a rectangle touches, clamped to the grid. */
static void cells(const grid *g, const tl_rect *r, size_t c[4])
{
	double v[4] = {(r->x - g->x0) / g->cell, (r->y - g->y0) / g->cell,
	               (r->x + r->w - g->x0) / g->cell,
	               (r->y + r->h - g->y0) / g->cell};
	size_t lim[4] = {g->nx - 1, g->ny - 1, g->nx - 1, g->ny - 1};
	for (int k = 0; k < 4; k++)
		c[k] = v[k] <= 0 ? 0 : v[k] >= (double)lim[k] ? lim[k] : (size_t)v[k];
}

static void grid_build(grid *g, const tl_layout *l)
{
	memset(g, 0, sizeof(*g));
	g->l = l;
	double x1 = 0, y1 = 0;
	size_t n = 2 * l->nevents;
	for (size_t id = 0; id < n; id++) {
		const tl_rect *r = obstacle(l, id);
		g->x0 = fmin(g->x0, r->x);
		g->y0 = fmin(g->y0, r->y);
		x1 = fmax(x1, r->x + r->w);
		y1 = fmax(y1, r->y + r->h);
	}
	/* Very large pictures get coarser cells rather than more. */
	for (g->cell = CELL;; g->cell *= 2) {
		g->nx = (size_t)((x1 - g->x0) / g->cell) + 1;
		g->ny = (size_t)((y1 - g->y0) / g->cell) + 1;
		if (g->nx * g->ny <= 4 * n + 1024)
			break;
	}
	size_t nc = g->nx * g->ny;
	g->start = tl_xcalloc(nc + 2, sizeof(size_t));
	size_t c[4], total = 0;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t id = 0; id < n; id++) {
			cells(g, obstacle(l, id), c);
			for (size_t y = c[1]; y <= c[3]; y++)
				for (size_t x = c[0]; x <= c[2]; x++) {
					size_t k = y * g->nx + x;
					if (pass == 0)
						g->start[k + 2]++, total++;
					else
						g->ids[g->start[k + 1]++] = id;
				}
		}
		if (pass == 0) {
			for (size_t k = 0; k < nc; k++)
				g->start[k + 2] += g->start[k + 1];
			g->ids = tl_xmalloc((total + 1) * sizeof(size_t));
		}
	}
}

/* How many obstacles the segment r (a thin rectangle) meets, other than
 * the events a and b (their marks; their labels count). */
static int hits(const grid *g, const tl_rect *r, size_t a, size_t b)
{
	size_t c[4];
	cells(g, r, c);
	int n = 0;
	for (size_t y = c[1]; y <= c[3]; y++)
		for (size_t x = c[0]; x <= c[2]; x++) {
			size_t k = y * g->nx + x;
			for (size_t j = g->start[k]; j < g->start[k + 1]; j++) {
				size_t id = g->ids[j];
				if (id % 2 && (id / 2 == a || id / 2 == b))
					continue;
				if (tl_rect_overlap(r, obstacle(g->l, id)))
					n++;
			}
		}
	return n;
}

/* A segment across the axis at along position a from across c0 to c1, as
 * a thin rectangle in x/y. */
static tl_rect across_seg(const tl_layout *l, double a, double c0, double c1)
{
	double lo = fmin(c0, c1), hi = fmax(c0, c1);
	return l->vertical ? (tl_rect){lo, a - 0.5, hi - lo, 1}
	                   : (tl_rect){a - 0.5, lo, 1, hi - lo};
}

static double along_of(const tl_layout *l, const tl_rect *r, double *len)
{
	*len = l->vertical ? r->h : r->w;
	return l->vertical ? r->y : r->x;
}

static double across_of(const tl_layout *l, const tl_rect *r, double *thick)
{
	*thick = l->vertical ? r->w : r->h;
	return l->vertical ? r->x : r->y;
}

/* Way number way between event i's mark and its lane's gutter, when it
 * crosses no other mark: foot[0] on the mark's edge, foot[*n - 1] on the
 * gutter line, as (along, across) pairs.  Ways 0 and 1 run straight
 * across from the mark's end facing the other event (at_end: its end,
 * else its start) to gutter 0 or 1; ways 2 and 3 come in along the axis
 * from beside that end, for a mark in the middle of a stack, and ways 4
 * and 5 from beside the other end.  Returns the gutter, or -1 when the
 * way meets another mark (unless check is 0: then it takes the way as
 * it is). */
static int try_way(const grid *gr, size_t i, int at_end, int way, int check,
                   double foot[3][2], int *n)
{
	const tl_layout *l = gr->l;
	const tl_levent *e = &l->events[i];
	double a0, len, c0, thick;
	a0 = along_of(l, &e->marker, &len);
	c0 = across_of(l, &e->marker, &thick);
	double in = fmin(2.0, len / 2), mid = c0 + thick / 2;
	int k = way % 2;
	double g = l->lanes[e->lane].gutter[k];
	if (way < 2) {
		double a = e->mark == TL_MARK_POINT
		               ? a0 + len / 2
		               : (at_end ? a0 + len - in : a0 + in);
		double edge = g > c0 ? c0 + thick : c0;
		tl_rect s = across_seg(l, a, edge, g);
		if (check && hits(gr, &s, i, i))
			return -1;
		foot[0][0] = a, foot[0][1] = edge;
		foot[1][0] = a, foot[1][1] = g;
		*n = 2;
		return k;
	}
	int end = way < 4 ? at_end : !at_end;
	double side = end ? a0 + len : a0, out = end ? 6 : -6;
	tl_rect s = across_seg(l, side + out, mid, g);
	tl_rect t = l->vertical
	                ? (tl_rect){mid - 0.5, fmin(side, side + out), 1, 6}
	                : (tl_rect){fmin(side, side + out), mid - 0.5, 6, 1};
	if (check && (hits(gr, &s, i, i) || hits(gr, &t, i, i)))
		return -1;
	foot[0][0] = side, foot[0][1] = mid;
	foot[1][0] = side + out, foot[1][1] = mid;
	foot[2][0] = side + out, foot[2][1] = g;
	*n = 3;
	return k;
}

/* The way between event i's mark and its lane's gutter (see try_way()):
 * the first that crosses no other mark.  heads, when not NULL, says from
 * which sides arrows already come into the mark (bit 0 and 1: across
 * from gutter 0 and 1; bit 2 and 3: along from beside one end or the
 * other), and a way from another side is taken where one is clear, so
 * that each head shows; the side taken is added to it.  Returns the
 * gutter. */
static int meet(const grid *gr, size_t i, int at_end, unsigned *heads,
                double foot[3][2], int *n)
{
	for (int pass = heads ? 0 : 1; pass < 2; pass++)
		for (int way = 0; way < 6; way++) {
			unsigned side = 1u << (way < 2 ? way : way < 4 ? 2 : 3);
			if (pass == 0 && (*heads & side))
				continue;
			int k = try_way(gr, i, at_end, way, 1, foot, n);
			if (k < 0)
				continue;
			if (heads)
				*heads |= side;
			return k;
		}
	/* Nothing is clear: straight to the nearer gutter. */
	const tl_layout *l = gr->l;
	const tl_levent *e = &l->events[i];
	const tl_llane *ln = &l->lanes[e->lane];
	double thick, mid = across_of(l, &e->marker, &thick);
	mid += thick / 2;
	int k = fabs(ln->gutter[0] - mid) <= fabs(ln->gutter[1] - mid) ? 0 : 1;
	return try_way(gr, i, at_end, k, 0, foot, n);
}

static void point(const tl_layout *l, tl_larrow *ar, double a, double c)
{
	if (ar->npt > 0) {
		double *p = ar->pt[ar->npt - 1];
		double pa = l->vertical ? p[1] : p[0];
		double pc = l->vertical ? p[0] : p[1];
		if (fabs(pa - a) < 1e-9 && fabs(pc - c) < 1e-9)
			return;
	}
	double *q = ar->pt[ar->npt++];
	q[0] = l->vertical ? c : a;
	q[1] = l->vertical ? a : c;
}

/* Where to cross from across c0 to c1: the along position nearest the
 * later mark (from a1 back towards a0, then beyond either, as far as the
 * axis is long) where the way is clear, or the least obstructed one; sets
 * *h to how many boxes that way meets.  The two events' own marks do not
 * count, but a way clear of them too is taken when there is one within
 * 2 * REACH further on: an arrow that crosses its own bar, or the mark it
 * points to, hides under it and seems to come out of the wrong place. */
static double crossing(const grid *g, double a0, double a1, double c0,
                       double c1, size_t f, size_t t, int *h)
{
	const tl_layout *l = g->l;
	double dir = a1 >= a0 ? 1 : -1, best = a1, clear = -1;
	double span = fabs(a1 - a0);
	double reach = l->knot_p[l->nknots - 1] - l->knot_p[0] + 2 * REACH;
	*h = -1;
	for (double d = 0; d <= span + 2 * reach; d += STEP) {
		/* Between the marks first, then outside them. */
		double a = d <= span ? a1 - dir * d
		                     : (((int)((d - span) / STEP)) % 2
		                            ? a1 + dir * (d - span) / 2
		                            : a0 - dir * (d - span) / 2);
		tl_rect s = across_seg(l, a, c0, c1);
		int n = hits(g, &s, f, t);
		if (n == 0 && clear < 0)
			clear = d, best = a;
		if (n == 0 && hits(g, &s, SIZE_MAX, SIZE_MAX) == 0)
			return *h = 0, a;
		if (clear >= 0 && d > clear + 2 * REACH)
			break;
		if (clear < 0 && (*h < 0 || n < *h))
			*h = n, best = a;
	}
	if (clear >= 0)
		*h = 0;
	return best;
}

/* The way across from gutter line cf (at along af) to ct (towards at):
 * straight across where that is clear, else by way of another lane's
 * gutter, along which nothing stands.  Appends the turning points. */
static void cross(const grid *g, tl_larrow *ar, double af, double at,
                  double cf, double ct, size_t f, size_t t)
{
	const tl_layout *l = g->l;
	int h;
	double x = crossing(g, af, at, cf, ct, f, t, &h);
	for (size_t k = 0; h > 0 && k < 2 * l->nlanes; k++) {
		double gm = l->lanes[k / 2].gutter[k % 2];
		if ((gm - cf) * (gm - ct) >= 0)
			continue; /* not between the two */
		int h1, h2;
		double x1 = crossing(g, af, at, cf, gm, f, t, &h1);
		double x2 = crossing(g, x1, at, gm, ct, f, t, &h2);
		if (h1 == 0 && h2 == 0) {
			point(l, ar, x1, cf);
			point(l, ar, x1, gm);
			point(l, ar, x2, gm);
			point(l, ar, x2, ct);
			return;
		}
	}
	point(l, ar, x, cf);
	point(l, ar, x, ct);
}

/* Routes the arrow from event f to event t, into a side of t's mark
 * that heads (see meet()) does not hold yet where one is clear. */
static void route(const grid *g, tl_larrow *ar, size_t f, size_t t,
                  unsigned *heads)
{
	const tl_layout *l = g->l;
	double lf, lt, ff[3][2], ft[3][2];
	int nf, nt;
	double af = along_of(l, &l->events[f].marker, &lf);
	double at = along_of(l, &l->events[t].marker, &lt);
	int fwd = af + lf / 2 <= at + lt / 2;
	int gf = meet(g, f, fwd, NULL, ff, &nf);
	int gt = meet(g, t, !fwd, heads, ft, &nt);
	double cf = l->lanes[l->events[f].lane].gutter[gf];
	double ct = l->lanes[l->events[t].lane].gutter[gt];
	ar->npt = 0;
	for (int k = 0; k < nf; k++)
		point(l, ar, ff[k][0], ff[k][1]);
	if (fabs(cf - ct) > 1e-9)
		cross(g, ar, ff[nf - 1][0], ft[nt - 1][0], cf, ct, f, t);
	for (int k = nt; k-- > 0;)
		point(l, ar, ft[k][0], ft[k][1]);
}

typedef struct id_ref {
	const char *id;
	size_t ev;
} id_ref;

static int id_cmp(const void *x, const void *y)
{
	return strcmp(((const id_ref *)x)->id, ((const id_ref *)y)->id);
}

void tl_layout_arrows(tl_layout *l)
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
	grid g;
	if (narrow)
		grid_build(&g, l);
	for (size_t i = 0; i < l->nevents; i++) {
		const tl_event *e = l->events[i].ev;
		unsigned heads = 0; /* the sides arrows come into i from */
		for (uint32_t k = 0; k < e->nafter; k++) {
			id_ref key = {e->after[k], 0};
			id_ref *f = bsearch(&key, ids, nid, sizeof(*ids), id_cmp);
			if (!f || f->ev == i)
				continue;
			tl_larrow *ar = &l->arrows[l->narrows++];
			ar->from = f->ev;
			ar->to = i;
			route(&g, ar, f->ev, i, &heads);
		}
	}
	if (narrow) {
		free(g.start);
		free(g.ids);
	}
	free(ids);
}
