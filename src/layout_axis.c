/*
 * layout_axis.c - the diagram's time axis: the map from days to points
 * (linear for a proportional axis, piecewise linear through evenly spaced
 * events for an ordinal one) and the tick marks, chosen for the span the
 * way a plotting library chooses them: days, months, quarters, years,
 * decades and on in 1-2-5 steps, each labelled without crowding.
 */
#include "layout.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

double tl_layout_time_pos(const tl_layout *l, double day)
{
	const double *t = l->knot_t, *p = l->knot_p;
	size_t n = l->nknots;
	if (n == 1)
		return p[0];
	/* The segment [lo, lo + 1] holding day, or the end one nearest. */
	size_t lo = 0, hi = n - 1;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (t[mid] <= day)
			lo = mid;
		else
			hi = mid;
	}
	return p[lo] + (day - t[lo]) * (p[hi] - p[lo]) / (t[hi] - t[lo]);
}

/* ---- tick steps ---- */

typedef enum unit { U_DAY, U_MONTH, U_YEAR } unit;

typedef struct step {
	unit u;
	int64_t n;
} step;

/* Nominal length of a step in days: the shortest it can be. */
static double step_days(step s)
{
	switch (s.u) {
	case U_DAY:
		return (double)s.n;
	case U_MONTH:
		return 28.0 * (double)s.n;
	default:
		return 365.0 * (double)s.n;
	}
}

/* The candidate steps in increasing order: the i-th, for i >= 0.  Years go
 * 1, 2, 5, 10, 20, 50, ... */
static step nth_step(int i)
{
	static const step fine[] = {{U_DAY, 1},   {U_DAY, 2},   {U_DAY, 5},
	                            {U_DAY, 10},  {U_MONTH, 1}, {U_MONTH, 3},
	                            {U_MONTH, 6}, {U_YEAR, 1}};
	const int nfine = (int)(sizeof(fine) / sizeof(*fine));
	if (i < nfine)
		return fine[i];
	i -= nfine - 1; /* 1 -> 2 years, 2 -> 5, 3 -> 10, ... */
	static const int mant[] = {1, 2, 5};
	int64_t n = mant[i % 3];
	for (int k = 0; k < i / 3; k++)
		n *= 10;
	return (step){U_YEAR, n};
}

static void short_month(char *buf, int m)
{
	const char *name = tl_month_name(m);
	snprintf(buf, 4, "%s", name ? name : "?");
}

/* Writes the label of a tick at year y, month m, day d for a step of unit
 * u.  Years up to 0 are written "N BCE"; when the view reaches back before
 * year 1, later years get " CE". */
static void tick_text(char *buf, size_t n, unit u, int64_t y, int m, int d,
                      int bce_view)
{
	char year[40], mon[4];
	if (y <= 0)
		snprintf(year, sizeof(year), "%lld BCE", (long long)(1 - y));
	else
		snprintf(year, sizeof(year), "%lld%s", (long long)y,
		         bce_view ? " CE" : "");
	short_month(mon, m);
	if (u == U_YEAR)
		snprintf(buf, n, "%s", year);
	else if (u == U_MONTH)
		snprintf(buf, n, "%s %s", mon, year);
	else
		snprintf(buf, n, "%d %s %s", d, mon, year);
}

/* Calls add(ctx, day, y, m, d) for every tick of step s whose day lies in
 * [lo, hi], in increasing order. */
static void each_tick(step s, double lo, double hi,
                      void (*add)(void *, int64_t, int64_t, int, int),
                      void *ctx)
{
	int64_t y0, y1;
	int m0, d0, m1, d1;
	tl_civil_from_days((int64_t)floor(lo), &y0, &m0, &d0);
	tl_civil_from_days((int64_t)floor(hi), &y1, &m1, &d1);
	if (s.u == U_YEAR) {
		/* Labels are multiples of the step: n*k for years from 1 on,
		 * and n*k BCE, which is year 1 - n*k, before. */
		int64_t n = s.n;
		int64_t kmax = (1 - y0) / n;              /* BCE side */
		int64_t kmin = y1 < 1 ? (1 - y1 + n - 1) / n : 1;
		for (int64_t k = kmax; k >= kmin && k >= 1; k--) {
			int64_t y = 1 - n * k;
			add(ctx, tl_days_from_civil(y, 1, 1), y, 1, 1);
		}
		int64_t first = y0 > n ? (y0 + n - 1) / n * n : n;
		for (int64_t y = first; y <= y1; y += n)
			add(ctx, tl_days_from_civil(y, 1, 1), y, 1, 1);
		return;
	}
	for (int64_t y = y0; y <= y1; y++) {
		int mfirst = y == y0 ? m0 : 1, mlast = y == y1 ? m1 : 12;
		for (int m = mfirst; m <= mlast; m++) {
			if (s.u == U_MONTH) {
				if ((m - 1) % s.n == 0)
					add(ctx, tl_days_from_civil(y, m, 1), y, m, 1);
				continue;
			}
			/* Days 1, 1 + n, ... while a whole step fits in the
			 * month, so the last tick is not crowded by the 1st. */
			int dim = tl_days_in_month(y, m);
			for (int d = 1; d + (s.n > 1 ? s.n / 2 : 0) <= dim;
			     d += (int)s.n)
				add(ctx, tl_days_from_civil(y, m, d), y, m, d);
		}
	}
}

/* Collects the ticks of one step: which lie in the view, and the widest
 * label. */
typedef struct tick_ctx {
	tl_layout *l;
	unit u;
	int bce_view;
	double lo, hi, widest;
	size_t count;
	int keep; /* append to l->ticks, or only measure */
	double font;
	size_t cap;
} tick_ctx;

static void add_tick(void *vc, int64_t day, int64_t y, int m, int d)
{
	tick_ctx *c = vc;
	if ((double)day < c->lo || (double)day > c->hi)
		return;
	char text[64];
	tick_text(text, sizeof(text), c->u, y, m, d, c->bce_view);
	double w = tl_text_width(text, strlen(text), c->font);
	if (w > c->widest)
		c->widest = w;
	c->count++;
	if (!c->keep)
		return;
	tl_layout *l = c->l;
	if (l->nticks == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		l->ticks = tl_xrealloc(l->ticks, c->cap * sizeof(*l->ticks));
	}
	tl_ltick *t = &l->ticks[l->nticks++];
	memset(t, 0, sizeof(*t));
	t->pos = tl_layout_time_pos(l, (double)day);
	t->label.text = tl_arena_strndup(&l->arena, text, strlen(text));
	t->label.lines = 1;
	t->label.size = c->font;
	t->label.box.w = w;
	t->label.box.h = TL_LINE_HEIGHT(c->font);
}

void tl_layout_make_ticks(tl_layout *l, double len, double font)
{
	double span = l->view_hi - l->view_lo;
	double scale = len / span; /* points per day, on average */
	int64_t y0;
	int m0, d0;
	tl_civil_from_days((int64_t)floor(l->view_lo), &y0, &m0, &d0);
	tick_ctx c = {l, U_DAY, y0 <= 0, l->view_lo, l->view_hi, 0, 0, 0,
	              font, 0};
	step s = nth_step(0);
	/* The finest step whose ticks are far enough apart for their
	 * labels (across a vertical axis, for a line of text). */
	for (int i = 0; i < 60; i++) {
		s = nth_step(i);
		c.u = s.u;
		c.widest = 0;
		double need = l->vertical ? TL_LINE_HEIGHT(font) * 2.5 : 0;
		if (!l->vertical) {
			char sample[64];
			tick_text(sample, sizeof(sample), s.u, y0, 12, 28,
			          c.bce_view);
			need = tl_text_width(sample, strlen(sample), font) + 16;
		}
		if (step_days(s) * scale >= need)
			break;
	}
	c.u = s.u;
	c.keep = 1;
	each_tick(s, l->view_lo, l->view_hi, add_tick, &c);
	/* An ordinal axis squeezes quiet stretches: drop any tick whose
	 * label would touch the previous one kept. */
	size_t k = 0;
	double last_end = -INFINITY;
	for (size_t i = 0; i < l->nticks; i++) {
		tl_ltick *t = &l->ticks[i];
		double ext = l->vertical ? t->label.box.h : t->label.box.w;
		if (t->pos - ext / 2 < last_end + 8)
			continue;
		last_end = t->pos + ext / 2;
		l->ticks[k++] = *t;
	}
	l->nticks = k;
}
