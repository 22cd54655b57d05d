/*
 * layout_axis.c - the diagram's time axis: the map from days to points
 * (linear for a proportional axis; linear piece by piece, with the long
 * empty stretches between pieces cut out, for a broken one; piecewise
 * linear through evenly spaced events for an ordinal one) and the tick
 * marks, chosen for each piece's span the way a plotting library chooses
 * them: days, months, quarters, years, decades and on in 1-2-5 steps, each
 * labelled without crowding.
 */
#include "layout_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define BREAK_W 14.0    /* the cut-out stretch on the page */
#define PIECE_PAD 8.0   /* air before a piece's first mark and after its
                         * last */
#define BREAK_FRAC 0.1  /* broken: cut stretches over this share of time */
#define AUTO_FRAC 0.25  /* auto: break when a stretch would take more */
#define SLOT 30.0       /* event spacing on an ordinal axis */

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


/* ---- the map ---- */

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return a < b ? -1 : a > b;
}

static void knots_alloc(tl_layout *l, size_t n)
{
	l->knot_t = tl_xmalloc((n + 2) * sizeof(double));
	l->knot_p = tl_xmalloc((n + 2) * sizeof(double));
	l->nknots = 0;
}

static void knot(tl_layout *l, double t, double p)
{
	l->knot_t[l->nknots] = t;
	l->knot_p[l->nknots++] = p;
}

/* One slot per distinct start; returns the axis length. */
static double ordinal_axis(tl_layout *l, const tl_item *it, size_t n,
                           double len)
{
	double *t = tl_xmalloc((n + 1) * sizeof(double));
	for (size_t i = 0; i < n; i++)
		t[i] = it[i].t0;
	qsort(t, n, sizeof(double), cmp_double);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (k == 0 || t[i] > t[k - 1])
			t[k++] = t[i];
	/* Natural slots: across, room for a date; down, for a line. */
	double slot = len > 0 && k > 0 ? len / (double)k
	                               : (l->vertical ? SLOT : 2 * SLOT);
	double total = slot * (double)(k ? k : 1);
	knots_alloc(l, k);
	if (k == 0 || l->view_lo < t[0])
		knot(l, l->view_lo, 0);
	for (size_t i = 0; i < k; i++)
		knot(l, t[i], ((double)i + 0.5) * slot);
	if (k == 0 || l->view_hi > t[k - 1])
		knot(l, l->view_hi, total);
	free(t);
	return total;
}

/* A stretch of time covered by marks without a gap: from lo to hi, with n
 * marks. */
typedef struct cover {
	double lo, hi;
	size_t n;
	int cut_after; /* the empty stretch after it is cut out */
} cover;

static int cover_cmp(const void *x, const void *y)
{
	const cover *a = x, *b = y;
	return a->lo < b->lo ? -1 : a->lo > b->lo;
}

/* The covered stretches of the marks, in order; sets *nc. */
static cover *covers(const tl_item *it, size_t n, size_t *nc)
{
	cover *c = tl_xmalloc((n + 1) * sizeof(*c));
	for (size_t i = 0; i < n; i++)
		c[i] = (cover){it[i].t0, it[i].t1, 1, 0};
	qsort(c, n, sizeof(*c), cover_cmp);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (k && c[i].lo <= c[k - 1].hi) {
			c[k - 1].hi = fmax(c[k - 1].hi, c[i].hi);
			c[k - 1].n++;
		} else {
			c[k++] = c[i];
		}
	}
	*nc = k;
	return c;
}

/* Lays the pieces between cut stretches end to end over len points: each
 * piece gets a share of the length by half its time and half its marks,
 * its own linear scale, PIECE_PAD of air at each end, and BREAK_W between
 * it and the next.  Two knots per piece. */
static double broken_map(tl_layout *l, const cover *c, size_t nc,
                         size_t nmarks, double len, int crop_lo, int crop_hi)
{
	size_t np = 1;
	double total_span = 0;
	for (size_t i = 0; i + 1 < nc; i++)
		np += c[i].cut_after != 0;
	for (size_t i = 0, s = 0; i < nc; i++)
		if (c[i].cut_after || i + 1 == nc) {
			total_span += c[i].hi - c[s].lo;
			s = i + 1;
		}
	double avail = len - (double)(np - 1) * BREAK_W -
	               2 * PIECE_PAD * (double)np;
	free(l->knot_t);
	free(l->knot_p);
	free(l->breaks);
	knots_alloc(l, 2 * np);
	l->breaks = tl_xmalloc(np * sizeof(double));
	l->nbreaks = 0;
	l->break_w = BREAK_W;
	double x = 0;
	for (size_t i = 0, s = 0; i < nc; i++) {
		if (!c[i].cut_after && i + 1 < nc)
			continue;
		double lo = c[s].lo, hi = c[i].hi, span = hi - lo;
		size_t n = 0;
		for (size_t j = s; j <= i; j++)
			n += c[j].n;
		double w = total_span > 0
		               ? 0.5 * span / total_span +
		                     0.5 * (double)n / (double)nmarks
		               : (double)n / (double)nmarks;
		double content = avail * w;
		/* An instant gets a span in proportion to the stretches
		 * around it. */
		double gap_lo = s ? lo - c[s - 1].hi : lo - l->view_lo;
		double gap_hi = i + 1 < nc ? c[i + 1].lo - hi : l->view_hi - hi;
		if (span <= 0) {
			span = fmax(fmin(gap_lo, gap_hi) * 0.04, 1e-3);
			lo -= span / 2;
			hi += span / 2;
		}
		double pad = PIECE_PAD * span / content;
		double t0 = s == 0 && crop_lo ? l->view_lo
		                              : lo - fmin(pad, gap_lo * 0.45);
		double t1 = i + 1 == nc && crop_hi
		                ? l->view_hi
		                : hi + fmin(pad, gap_hi * 0.45);
		if (s == 0)
			l->view_lo = t0;
		if (i + 1 == nc)
			l->view_hi = t1;
		knot(l, t0, x);
		x += content + 2 * PIECE_PAD;
		knot(l, t1, x);
		if (i + 1 < nc) {
			l->breaks[l->nbreaks++] = x + BREAK_W / 2;
			x += BREAK_W;
		}
		s = i + 1;
	}
	return x;
}

/* The longest stretch of the built axis with no mark on it, in points;
 * sets *gap to the index of the cover before it (SIZE_MAX: before the
 * first). */
static double longest_empty(const tl_layout *l, const cover *c, size_t nc,
                            size_t *gap)
{
	double best = 0;
	*gap = SIZE_MAX;
	for (size_t i = 0; i + 1 < nc; i++) {
		if (c[i].cut_after)
			continue;
		double d = tl_layout_time_pos(l, c[i + 1].lo) -
		           tl_layout_time_pos(l, c[i].hi);
		if (d > best)
			best = d, *gap = i;
	}
	return best;
}

double tl_layout_make_axis(tl_layout *l, const tl_item *it, size_t n,
                           const tl_options *o, double len)
{
	l->nbreaks = 0;
	if (o->axis == TL_AXIS_ORDINAL)
		return ordinal_axis(l, it, n, len);
	size_t nc;
	cover *c = covers(it, n, &nc);
	double span = l->view_hi - l->view_lo, widest = 0;
	for (size_t i = 0; i + 1 < nc; i++) {
		double g = (c[i + 1].lo - c[i].hi) / span;
		widest = fmax(widest, g);
		c[i].cut_after = g > BREAK_FRAC;
	}
	int brk = nc > 1 && (o->axis == TL_AXIS_BROKEN ||
	                     (o->axis == TL_AXIS_AUTO && widest > AUTO_FRAC));
	if (!brk) {
		free(c);
		knots_alloc(l, 2);
		knot(l, l->view_lo, 0);
		knot(l, l->view_hi, len);
		return len;
	}
	/* No more pieces than the length can hold at a few points each:
	 * keep the widest cuts. */
	size_t room = (size_t)fmax(1, len / (BREAK_W + 2 * PIECE_PAD + 12));
	size_t ncut = 0;
	for (size_t i = 0; i + 1 < nc; i++)
		ncut += c[i].cut_after != 0;
	while (ncut >= room) {
		size_t drop = SIZE_MAX;
		for (size_t i = 0; i + 1 < nc; i++)
			if (c[i].cut_after &&
			    (drop == SIZE_MAX || c[i + 1].lo - c[i].hi <
			                             c[drop + 1].lo - c[drop].hi))
				drop = i;
		c[drop].cut_after = 0;
		ncut--;
	}
	double lo = l->view_lo, hi = l->view_hi, total;
	/* Giving pieces their own scales can stretch a short gap: cut any
	 * that would take more than AUTO_FRAC of the axis. */
	for (;;) {
		l->view_lo = lo, l->view_hi = hi;
		total = broken_map(l, c, nc, n, len, o->has_from, o->has_to);
		size_t g;
		double d = longest_empty(l, c, nc, &g);
		if (d <= AUTO_FRAC * total || g == SIZE_MAX || ncut + 1 >= room)
			break;
		c[g].cut_after = 1;
		ncut++;
	}
	free(c);
	return total;
}

/* ---- ticks ---- */

/* Appends a tick at position pos with text. */
static void push_tick(tl_layout *l, size_t *cap, double pos, const char *text,
                      double font)
{
	if (l->nticks == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		l->ticks = tl_xrealloc(l->ticks, *cap * sizeof(*l->ticks));
	}
	tl_ltick *t = &l->ticks[l->nticks++];
	memset(t, 0, sizeof(*t));
	t->pos = pos;
	t->label.text = tl_arena_strndup(&l->arena, text, strlen(text));
	t->label.lines = 1;
	t->label.size = font;
	t->label.box.w = tl_text_width(text, strlen(text), font);
	t->label.box.h = TL_LINE_HEIGHT(font);
}

/* Hour ticks for a piece of at most a few days, lo..hi at scale points
 * a day: the finest of 1, 2, 3, 6 and 12 hours that leaves room for the
 * labels, "08:00", the first of the piece and each midnight with its day
 * ("14 Mar 2019 00:00").  Times are UTC, as the layout's days are. */
static void hour_ticks(tl_layout *l, tick_ctx *c, double lo, double hi,
                       double scale)
{
	static const int steps[] = {1, 2, 3, 6, 12, 24};
	double need = l->vertical ? TL_LINE_HEIGHT(c->font) * 2.5
	                          : tl_text_width("00:00", 5, c->font) + 16;
	int h = 24;
	for (size_t i = 0; i < sizeof(steps) / sizeof(*steps); i++)
		if (steps[i] / 24.0 * scale >= need) {
			h = steps[i];
			break;
		}
	int first = 1;
	for (double t = ceil(lo * 24 / h) * h / 24; t <= hi; t += h / 24.0) {
		double day = floor(t + 1e-9);
		int hour = (int)floor((t - day) * 24 + 0.5) % 24;
		int64_t y;
		int m, d;
		tl_civil_from_days((int64_t)day, &y, &m, &d);
		char text[64], mon[4];
		short_month(mon, m);
		if (first || hour == 0)
			snprintf(text, sizeof(text), "%d %s %lld %02d:00", d, mon,
			         (long long)y, hour);
		else
			snprintf(text, sizeof(text), "%02d:00", hour);
		push_tick(l, &c->cap, tl_layout_time_pos(l, t), text, c->font);
		first = 0;
	}
}

/* Ticks of one linear piece, days lo..hi drawn over len points. */
static void piece_ticks(tl_layout *l, tick_ctx *c, double lo, double hi,
                        double len)
{
	double scale = len / (hi - lo); /* points per day */
	if (hi - lo <= 3 && scale / 24 * 6 >= 40) {
		hour_ticks(l, c, lo, hi, scale);
		return;
	}
	int64_t y0;
	int m0, d0;
	tl_civil_from_days((int64_t)floor(lo), &y0, &m0, &d0);
	step s = nth_step(0);
	/* The finest step whose ticks are far enough apart for their
	 * labels (across a vertical axis, for a line of text). */
	for (int i = 0; i < 60; i++) {
		s = nth_step(i);
		double need = TL_LINE_HEIGHT(c->font) * 2.5;
		if (!l->vertical) {
			char sample[64];
			tick_text(sample, sizeof(sample), s.u, y0, 12, 28,
			          c->bce_view);
			need = tl_text_width(sample, strlen(sample), c->font) + 16;
		}
		if (step_days(s) * scale >= need)
			break;
	}
	c->u = s.u;
	c->lo = lo;
	c->hi = hi;
	size_t before = l->nticks;
	each_tick(s, lo, hi, add_tick, c);
	if (l->nticks > before || l->nbreaks == 0)
		return;
	/* A short piece of a broken axis with no round date in it: one
	 * tick at its middle, named at the step's unit. */
	double mid = (lo + hi) / 2;
	int64_t y;
	int m, d;
	tl_civil_from_days((int64_t)floor(mid), &y, &m, &d);
	char text[64];
	tick_text(text, sizeof(text), s.u, y, m, d, c->bce_view);
	push_tick(l, &c->cap, tl_layout_time_pos(l, mid), text, c->font);
}

/* An ordinal axis: a tick at each distinct start, named by the first
 * event there, and the note that distances mean nothing. */
static void ordinal_ticks(tl_layout *l, const tl_item *it, size_t n,
                          double font)
{
	size_t cap = 0;
	double last = -INFINITY;
	for (size_t i = 0; i < n; i++) {
		/* Events come in date order: the first at each start. */
		if (it[i].t0 <= last)
			continue;
		last = it[i].t0;
		tl_date d = l->events[i].ev->date;
		d.is_interval = 0;
		char text[160];
		tl_date_label(&d, text, sizeof(text));
		push_tick(l, &cap, tl_layout_time_pos(l, it[i].t0), text, font);
	}
	/* Ticks in position order (events of a later lane come later). */
	for (size_t i = 1; i < l->nticks; i++)
		for (size_t j = i; j > 0 && l->ticks[j].pos < l->ticks[j - 1].pos;
		     j--) {
			tl_ltick t = l->ticks[j];
			l->ticks[j] = l->ticks[j - 1];
			l->ticks[j - 1] = t;
		}
	const char *note = "Not to scale: events are evenly spaced";
	l->axis_note.text = note;
	l->axis_note.lines = 1;
	l->axis_note.size = font;
	l->axis_note.box.w = tl_text_width(note, strlen(note), font);
	l->axis_note.box.h = TL_LINE_HEIGHT(font);
}

void tl_layout_make_ticks(tl_layout *l, const tl_item *it, size_t n,
                          const tl_options *o, double font)
{
	int64_t y0;
	int m0, d0;
	tl_civil_from_days((int64_t)floor(l->view_lo), &y0, &m0, &d0);
	tick_ctx c = {l, U_DAY, y0 <= 0, 0, 0, 0, 0, 1, font, 0};
	if (o->axis == TL_AXIS_ORDINAL)
		ordinal_ticks(l, it, n, font);
	else
		for (size_t k = 0; k + 1 < l->nknots; k += 2)
			piece_ticks(l, &c, l->knot_t[k], l->knot_t[k + 1],
			            l->knot_p[k + 1] - l->knot_p[k]);
	/* Drop any tick whose label would touch the previous one kept. */
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
