/*
 * test_layout.c - the diagram's geometry, checked on the numbers layout.c
 * computes: the axis is monotone in time, no two labels overlap, no label
 * covers a marker, everything lies inside the canvas; on the article's
 * events, a dense month, centuries-long intervals, BCE dates, a vertical
 * and an ordinal layout, and a cropped view.  Also text wrapping.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "support.h"

#define ARTICLE "../events/russia-dprk-sanctions.mw"

/* cmocka 1.1's assert_float_equal compares floats; these are doubles. */
#define assert_near(a, b, eps)                                          \
	do {                                                            \
		double a_ = (a), b_ = (b);                              \
		if (fabs(a_ - b_) > (eps))                              \
			fail_msg("%.9g != %.9g", a_, b_);               \
	} while (0)

static tl_options opts(void)
{
	tl_options o;
	memset(&o, 0, sizeof(o));
	o.format = "svg";
	o.dpi = 144;
	return o;
}

static int inside(const tl_rect *r, double x0, double y0, double x1,
                  double y1)
{
	return r->x >= x0 - 1e-9 && r->y >= y0 - 1e-9 &&
	       r->x + r->w <= x1 + 1e-9 && r->y + r->h <= y1 + 1e-9;
}

static void assert_in_canvas(const tl_layout *l, const tl_rect *r)
{
	if (!inside(r, 0, 0, l->width, l->height))
		fail_msg("box %.1f,%.1f %.1fx%.1f outside %.1fx%.1f", r->x, r->y,
		         r->w, r->h, l->width, l->height);
}

/* The properties every layout must have. */
static void check_geometry(const tl_layout *l)
{
	/* The axis: knots strictly increasing in time and in position. */
	for (size_t i = 1; i < l->nknots; i++) {
		assert_true(l->knot_t[i] > l->knot_t[i - 1]);
		assert_true(l->knot_p[i] > l->knot_p[i - 1]);
	}
	double prev = -1e300;
	for (int k = 0; k <= 1000; k++) {
		double t = l->view_lo + (l->view_hi - l->view_lo) * k / 1000.0;
		double p = tl_layout_time_pos(l, t);
		assert_true(p >= prev);
		prev = p;
	}
	/* Events come sorted: their marks' starts never go back in time. */
	for (size_t i = 1; i < l->nevents; i++) {
		const tl_date *a = &l->events[i - 1].ev->date;
		const tl_date *b = &l->events[i].ev->date;
		if (a->lo < b->lo && !(l->events[i].ends & TL_END_OPEN_LO) &&
		    !(l->events[i - 1].ends & TL_END_OPEN_LO)) {
			double pa = tl_layout_time_pos(l, (double)a->lo);
			double pb = tl_layout_time_pos(l, (double)b->lo);
			assert_true(pa < pb);
		}
	}
	for (size_t i = 0; i < l->nevents; i++) {
		const tl_levent *e = &l->events[i];
		assert_in_canvas(l, &e->label);
		assert_in_canvas(l, &e->marker);
		assert_true(inside(&e->label, l->plot.x, l->plot.y,
		                   l->plot.x + l->plot.w, l->plot.y + l->plot.h));
		assert_true(inside(&e->title.box, e->label.x, e->label.y,
		                   e->label.x + e->label.w,
		                   e->label.y + e->label.h));
		for (size_t j = 0; j < l->nevents; j++) {
			if (j > i && tl_rect_overlap(&e->label, &l->events[j].label))
				fail_msg("labels of events %zu and %zu overlap", i, j);
			if (j > i && tl_rect_overlap(&e->marker, &l->events[j].marker))
				fail_msg("marks of events %zu and %zu overlap", i, j);
			if (tl_rect_overlap(&e->label, &l->events[j].marker))
				fail_msg("label %zu covers the mark of %zu", i, j);
		}
		/* The leader joins the mark to the label. */
		tl_rect lead = {e->lead[0] < e->lead[2] ? e->lead[0] : e->lead[2],
		                e->lead[1] < e->lead[3] ? e->lead[1] : e->lead[3],
		                fabs(e->lead[2] - e->lead[0]),
		                fabs(e->lead[3] - e->lead[1])};
		assert_true(inside(&lead, l->plot.x, l->plot.y,
		                   l->plot.x + l->plot.w, l->plot.y + l->plot.h));
	}
	for (size_t i = 0; i < l->nticks; i++) {
		assert_in_canvas(l, &l->ticks[i].label.box);
		if (i > 0) {
			assert_true(l->ticks[i].pos > l->ticks[i - 1].pos);
			assert_false(tl_rect_overlap(&l->ticks[i].label.box,
			                             &l->ticks[i - 1].label.box));
		}
	}
	for (size_t i = 0; i < l->nlanes; i++) {
		assert_in_canvas(l, &l->lanes[i].band);
		if (l->lanes[i].name.text)
			assert_in_canvas(l, &l->lanes[i].name.box);
	}
	for (size_t i = 0; i < l->nlegend; i++) {
		assert_in_canvas(l, &l->legend[i].symbol);
		assert_in_canvas(l, &l->legend[i].label.box);
	}
	for (size_t i = 0; i < l->nfooter; i++)
		assert_in_canvas(l, &l->footer[i].box);
}

/* A segment from (x0, y0) to (x1, y1), axis-aligned, as a rectangle
 * without its ends: touching a box at an end is meeting it, not crossing
 * it. */
static tl_rect seg_rect(double x0, double y0, double x1, double y1)
{
	double e = 0.01;
	tl_rect r = {fmin(x0, x1), fmin(y0, y1), fabs(x1 - x0), fabs(y1 - y0)};
	if (r.w > 2 * e)
		r.x += e, r.w -= 2 * e;
	if (r.h > 2 * e)
		r.y += e, r.h -= 2 * e;
	return r;
}

/* True when the segment crosses the interior of box b: the segment is
 * axis-aligned, or sampled when it is not. */
static int seg_crosses(double x0, double y0, double x1, double y1,
                       const tl_rect *b)
{
	if (x0 == x1 || y0 == y1) {
		tl_rect r = seg_rect(x0, y0, x1, y1);
		return r.x < b->x + b->w && b->x < r.x + r.w &&
		       r.y < b->y + b->h && b->y < r.y + r.h;
	}
	for (int k = 1; k < 100; k++) {
		double x = x0 + (x1 - x0) * k / 100, y = y0 + (y1 - y0) * k / 100;
		if (x > b->x && x < b->x + b->w && y > b->y && y < b->y + b->h)
			return 1;
	}
	return 0;
}

/* Leaders and arrows: no segment crosses another event's label or mark
 * (a cluster's leader may end on any slice of its own list); no two
 * leaders run alongside each other; arrows end on their mark's edge. */
static void check_links(const tl_layout *l)
{
	for (size_t i = 0; i < l->nevents; i++) {
		const tl_levent *e = &l->events[i];
		const double *d = e->lead;
		if (d[0] == d[2] && d[1] == d[3])
			continue;
		for (size_t j = 0; j < l->nevents; j++) {
			const tl_levent *o = &l->events[j];
			if (o->head != e->head &&
			    seg_crosses(d[0], d[1], d[2], d[3], &o->label))
				fail_msg("leader of %zu runs under the label of %zu",
				         i, j);
			if (j != i && seg_crosses(d[0], d[1], d[2], d[3], &o->marker))
				fail_msg("leader of %zu crosses the mark of %zu", i,
				         j);
			const double *q = o->lead;
			if (j <= i || (q[0] == q[2] && q[1] == q[3]))
				continue;
			/* Alongside: less than 2 pt apart for more than 12. */
			int vert = d[0] == d[2];
			double gap = vert ? fabs(d[0] - q[0]) : fabs(d[1] - q[1]);
			double lo = vert ? fmax(fmin(d[1], d[3]), fmin(q[1], q[3]))
			                 : fmax(fmin(d[0], d[2]), fmin(q[0], q[2]));
			double hi = vert ? fmin(fmax(d[1], d[3]), fmax(q[1], q[3]))
			                 : fmin(fmax(d[0], d[2]), fmax(q[0], q[2]));
			if (gap < 2 && hi - lo > 12)
				fail_msg("leaders of %zu and %zu run alongside", i, j);
		}
	}
	for (size_t a = 0; a < l->narrows; a++) {
		const tl_larrow *ar = &l->arrows[a];
		assert_true(ar->npt >= 2);
		for (int k = 0; k + 1 < ar->npt; k++) {
			const double *p = ar->pt[k], *q = ar->pt[k + 1];
			for (size_t j = 0; j < l->nevents; j++) {
				if (j == ar->from || j == ar->to)
					continue;
				if (seg_crosses(p[0], p[1], q[0], q[1],
				                &l->events[j].label))
					fail_msg("arrow %zu runs under the label of %zu",
					         a, j);
				if (seg_crosses(p[0], p[1], q[0], q[1],
				                &l->events[j].marker))
					fail_msg("arrow %zu crosses the mark of %zu", a,
					         j);
			}
		}
		/* The tip is on the edge of its mark, not inside it. */
		const tl_rect *m = &l->events[ar->to].marker;
		const double *t = ar->pt[ar->npt - 1];
		int on_x = fabs(t[0] - m->x) < 1e-6 || fabs(t[0] - m->x - m->w) < 1e-6;
		int on_y = fabs(t[1] - m->y) < 1e-6 || fabs(t[1] - m->y - m->h) < 1e-6;
		assert_true(on_x || on_y);
		assert_true(t[0] >= m->x - 1e-6 && t[0] <= m->x + m->w + 1e-6);
		assert_true(t[1] >= m->y - 1e-6 && t[1] <= m->y + m->h + 1e-6);
	}
}

static int cmp_span(const void *x, const void *y)
{
	const double *a = x, *b = y;
	return a[0] < b[0] ? -1 : a[0] > b[0];
}

/* The longest stretch of the time axis that no mark covers, as a share
 * of the axis. */
static double longest_empty(const tl_layout *l)
{
	double lo = l->knot_p[0], hi = l->knot_p[l->nknots - 1];
	double (*sp)[2] = malloc((l->nevents + 1) * sizeof(*sp));
	for (size_t i = 0; i < l->nevents; i++) {
		const tl_rect *m = &l->events[i].marker;
		sp[i][0] = l->vertical ? m->y : m->x;
		sp[i][1] = sp[i][0] + (l->vertical ? m->h : m->w);
	}
	qsort(sp, l->nevents, sizeof(*sp), cmp_span);
	double at = lo, worst = 0;
	for (size_t i = 0; i < l->nevents; i++) {
		worst = fmax(worst, sp[i][0] - at);
		at = fmax(at, sp[i][1]);
	}
	worst = fmax(worst, hi - at);
	free(sp);
	return worst / (hi - lo);
}

static tl_layout *lay(const char *path, tl_options o, tl_timeline **tl)
{
	*tl = support_load(path);
	tl_layout *l = tl_layout_new(*tl, &o);
	check_geometry(l);
	check_links(l);
	if (o.axis == TL_AXIS_AUTO && l->nevents > 1 && longest_empty(l) > 0.25)
		fail_msg("%s: %.0f%% of the axis is empty", path,
		         100 * longest_empty(l));
	assert_null(l->refusal);
	return l;
}

static const tl_levent *find(const tl_layout *l, const char *id)
{
	for (size_t i = 0; i < l->nevents; i++)
		if (l->events[i].ev->id && strcmp(l->events[i].ev->id, id) == 0)
			return &l->events[i];
	fail_msg("no event %s", id);
	return NULL;
}

static double day(int64_t y, int m, int d)
{
	return (double)tl_days_from_civil(y, m, d);
}

static void test_article(void **state)
{
	tl_timeline *tl;
	tl_layout *l = lay(ARTICLE, opts(), &tl);
	assert_int_equal(l->nevents, tl_timeline_count(tl));
	assert_int_equal(l->nlanes, 4);
	assert_string_equal(l->lanes[0].name.text, "Sanctions");
	assert_string_equal(l->title.text,
	                    "North Korean workers in Russia and the UN sanctions");
	/* The four headline moments, in order, at proportional distances. */
	const tl_levent *jun = find(l, "ipc-sanctioned");
	const tl_levent *sep = find(l, "ships-fuel");
	const tl_levent *dec = find(l, "un-import-limits");
	const tl_levent *aug = find(l, "wsj-report");
	assert_int_equal(jun->mark, TL_MARK_BAR);
	assert_int_equal(aug->mark, TL_MARK_POINT);
	assert_near(jun->marker.x, tl_layout_time_pos(l, day(2017, 6, 1)),
	                   1e-9);
	assert_near(jun->marker.w,
	                   tl_layout_time_pos(l, day(2017, 7, 1)) - jun->marker.x,
	                   1e-9);
	double xa = aug->marker.x + aug->marker.w / 2;
	assert_near(xa, tl_layout_time_pos(l, day(2018, 8, 2) + 0.5),
	                   1e-9);
	assert_true(jun->marker.x < sep->marker.x);
	assert_true(sep->marker.x < dec->marker.x);
	assert_true(dec->marker.x < xa);
	/* Sep-Dec is 91 days, Dec-Aug 244: distances in the same ratio. */
	double r = (dec->marker.x - sep->marker.x) / (xa - dec->marker.x);
	assert_near(r, 91.0 / 244.5, 1e-3);
	/* Six-monthly ticks labelled with month and year. */
	assert_true(l->nticks >= 5);
	assert_string_equal(l->ticks[0].label.text, "Jan 2015");
	assert_string_equal(l->ticks[1].label.text, "Jul 2015");
	/* Sources: the front matter's only URL is [1], cited by all. */
	assert_int_equal(l->nfooter, 2);
	assert_string_equal(l->footer[0].text, "Sources");
	assert_int_equal(strncmp(l->footer[1].text, "[1] https://", 12), 0);
	assert_non_null(strstr(aug->title.text, "[1]"));
	/* after: links, one arrow each: two from wsj-report, three from
	 * article. */
	size_t links = 0;
	for (size_t i = 0; i < tl_timeline_count(tl); i++)
		links += tl_event_after_count(tl_timeline_event(tl, i));
	assert_int_equal(links, 5);
	assert_int_equal(l->narrows, links);
	/* Arrows into one mark come in from different sides, so that each
	 * head shows: no two end on the same last leg. */
	for (size_t a = 0; a < l->narrows; a++)
		for (size_t c = a + 1; c < l->narrows; c++) {
			const tl_larrow *x = &l->arrows[a], *y = &l->arrows[c];
			if (x->to != y->to)
				continue;
			const double *xt = x->pt[x->npt - 1], *xp = x->pt[x->npt - 2];
			const double *yt = y->pt[y->npt - 1], *yp = y->pt[y->npt - 2];
			double dx = atan2(xt[1] - xp[1], xt[0] - xp[0]);
			double dy = atan2(yt[1] - yp[1], yt[0] - yp[0]);
			int same = fabs(xt[0] - yt[0]) < 1 && fabs(xt[1] - yt[1]) < 1 &&
			           fabs(dx - dy) < 1e-6;
			if (same)
				fail_msg("arrows %zu and %zu share their head", a, c);
		}
	tl_layout_free(l);
	tl_timeline_free(tl);
}

static void test_dense_month(void **state)
{
	tl_timeline *tl;
	tl_layout *l = lay("golden/dot/dense.mw", opts(), &tl);
	assert_int_equal(l->nevents, 50);
	/* Day ticks within June 2017. */
	assert_non_null(strstr(l->ticks[0].label.text, "Jun 2017"));
	assert_true(l->nticks >= 4);
	/* Labels were stacked: some went above, some below, some higher. */
	int above = 0, below = 0, high = 0;
	for (size_t i = 0; i < l->nevents; i++) {
		above += l->events[i].side < 0;
		below += l->events[i].side > 0;
		high += l->events[i].level > 0;
	}
	assert_true(above > 0 && below > 0 && high > 0);
	tl_layout_free(l);
	tl_timeline_free(tl);
}

static void test_centuries(void **state)
{
	tl_timeline *tl;
	tl_layout *l = lay("golden/dot/centuries.mw", opts(), &tl);
	assert_string_equal(l->ticks[0].label.text, "1100");
	assert_string_equal(l->ticks[1].label.text, "1200");
	int open = 0;
	for (size_t i = 0; i < l->nevents; i++)
		if (l->events[i].ends & TL_END_OPEN_HI) {
			open++;
			/* An open end runs to the end of the view (the
			 * plot may run on to hold the last labels). */
			assert_near(l->events[i].marker.x +
			                       l->events[i].marker.w,
			                   tl_layout_time_pos(l, l->view_hi), 1e-6);
		}
	assert_int_equal(open, 1);
	tl_layout_free(l);
	tl_timeline_free(tl);
}

static void test_bce(void **state)
{
	tl_timeline *tl;
	tl_layout *l = lay("golden/dot/bce.mw", opts(), &tl);
	assert_string_equal(l->ticks[0].label.text, "800 BCE");
	assert_string_equal(l->ticks[l->nticks - 1].label.text, "400 CE");
	/* 753 BCE is before 44 BCE, which is before 476 CE. */
	double rome = l->events[0].marker.x;
	double caesar = 0, deposed = 0;
	for (size_t i = 0; i < l->nevents; i++) {
		if (strcmp(l->events[i].ev->title, "Caesar assassinated") == 0)
			caesar = l->events[i].marker.x;
		if (strstr(l->events[i].ev->title, "Romulus"))
			deposed = l->events[i].marker.x;
	}
	assert_true(rome < caesar && caesar < deposed);
	tl_layout_free(l);
	tl_timeline_free(tl);
}

static void test_vertical(void **state)
{
	tl_options o = opts();
	o.vertical = 1;
	tl_timeline *tl;
	tl_layout *l = lay(ARTICLE, o, &tl);
	/* Time runs down: later events lower, lanes side by side. */
	assert_true(find(l, "ipc-sanctioned")->marker.y <
	            find(l, "wsj-report")->marker.y);
	assert_true(l->lanes[0].band.x < l->lanes[1].band.x);
	tl_layout_free(l);
	tl_timeline_free(tl);
	l = lay("golden/dot/dense.mw", o, &tl);
	tl_layout_free(l);
	tl_timeline_free(tl);
}

static void test_ordinal(void **state)
{
	tl_options o = opts();
	o.axis = TL_AXIS_ORDINAL;
	tl_timeline *tl;
	tl_layout *l = lay(ARTICLE, o, &tl);
	/* Distinct starts sit one slot apart, whatever the gap in time. */
	double x1 = find(l, "ipc-sanctioned")->marker.x;
	double x2 = find(l, "ships-fuel")->marker.x;
	double x3 = find(l, "un-import-limits")->marker.x;
	assert_near(x2 - x1, x3 - x2, 1e-9);
	tl_layout_free(l);
	tl_timeline_free(tl);
	l = lay("golden/dot/dense.mw", o, &tl);
	tl_layout_free(l);
	tl_timeline_free(tl);
}

static void test_crop_and_width(void **state)
{
	tl_options o = opts();
	tl_diag err;
	assert_int_equal(tl_date_parse("2017-09", 7, &o.from, &err), 0);
	assert_int_equal(tl_date_parse("2018-06", 7, &o.to, &err), 0);
	o.has_from = o.has_to = 1;
	o.width_in = 6.5;
	tl_timeline *tl;
	tl_layout *l = lay(ARTICLE, o, &tl);
	assert_near(l->width, 6.5 * 72, 1e-6);
	assert_near(l->view_lo, day(2017, 9, 1), 1e-9);
	assert_near(l->view_hi, day(2018, 7, 1), 1e-9);
	/* The 2015-2017 bar is cut at the view's start; August 2018 is
	 * out of view. */
	const tl_levent *oil = find(l, "ipc-oil-sales");
	assert_true(oil->ends & TL_END_CUT_LO);
	assert_near(oil->marker.x, l->plot.x, 1e-9);
	for (size_t i = 0; i < l->nevents; i++)
		assert_true(l->events[i].ev->date.lo < day(2018, 7, 1));
	tl_layout_free(l);
	tl_timeline_free(tl);
}

/* Every data set in every orientation and axis mode keeps the properties
 * lay() checks. */
static void test_data_sets(void **state)
{
	static const char *const sets[] = {
	    ARTICLE, "golden/dot/dense.mw", "diagram/one-day.mw",
	    "diagram/centuries.mw", "diagram/deep-time.mw", "diagram/yearly.mw",
	    "diagram/scripts.mw"};
	static const tl_axis axes[] = {TL_AXIS_AUTO, TL_AXIS_PROPORTIONAL,
	                               TL_AXIS_BROKEN, TL_AXIS_ORDINAL};
	for (size_t s = 0; s < sizeof(sets) / sizeof(*sets); s++)
		for (int v = 0; v < 2; v++)
			for (size_t a = 0; a < 4; a++) {
				tl_options o = opts();
				o.vertical = v;
				o.axis = axes[a];
				print_message("%s %s axis %zu\n", sets[s],
				              v ? "vertical" : "horizontal", a);
				tl_timeline *tl;
				tl_layout *l = lay(sets[s], o, &tl);
				/* Vertical is portrait. */
				if (v)
					assert_true(l->height > l->width);
				tl_layout_free(l);
				tl_timeline_free(tl);
			}
	/* Narrow pages: the canvas is the width asked, or the layout says
	 * what width it needs. */
	for (size_t s = 0; s < sizeof(sets) / sizeof(*sets); s++)
		for (int w = 0; w < 3; w++) {
			static const double inches[] = {2, 3.5, 6.5};
			tl_options o = opts();
			o.axis = TL_AXIS_AUTO;
			o.width_in = inches[w];
			tl_timeline *tl = support_load(sets[s]);
			tl_layout *l = tl_layout_new(tl, &o);
			print_message("%s --width %g\n", sets[s], inches[w]);
			if (l->refusal)
				assert_non_null(strstr(l->refusal, "width"));
			else {
				check_geometry(l);
				check_links(l);
				assert_near(l->width, inches[w] * 72, 1e-6);
			}
			tl_layout_free(l);
			tl_timeline_free(tl);
		}
	/* --height: a vertical axis fills it; a horizontal picture keeps
	 * within it; or the layout says what height it needs. */
	for (size_t s = 0; s < sizeof(sets) / sizeof(*sets); s++)
		for (int v = 0; v < 2; v++) {
			tl_options o = opts();
			o.axis = TL_AXIS_AUTO;
			o.vertical = v;
			o.height_in = 12;
			tl_timeline *tl = support_load(sets[s]);
			tl_layout *l = tl_layout_new(tl, &o);
			print_message("%s %s --height 12\n", sets[s],
			              v ? "vertical" : "horizontal");
			if (l->refusal) {
				assert_non_null(strstr(l->refusal, "height"));
			} else {
				check_geometry(l);
				check_links(l);
				assert_true(l->height <= 12 * 72 + 0.5);
				if (v)
					assert_near(l->height, 12 * 72, 0.5);
			}
			tl_layout_free(l);
			tl_timeline_free(tl);
		}
}

static void test_wrap(void **state)
{
	tl_arena a;
	tl_arena_init(&a);
	int lines;
	double w;
	const char *s = tl_text_wrap(&a, "one two three four five six seven",
	                             10, 60, 6, &lines, &w);
	assert_true(lines >= 2);
	assert_true(w <= 60);
	assert_null(strstr(s, "\n "));
	/* A word longer than a line is split between characters. */
	char longw[201];
	memset(longw, 'W', 200);
	longw[200] = 0;
	s = tl_text_wrap(&a, longw, 10, 100, 40, &lines, &w);
	assert_true(lines > 1);
	assert_true(w <= 100);
	assert_int_equal(strlen(s), 200 + (size_t)lines - 1);
	/* Too many lines end in an ellipsis. */
	s = tl_text_wrap(&a, longw, 10, 100, 2, &lines, &w);
	assert_int_equal(lines, 2);
	assert_non_null(strstr(s, "\xE2\x80\xA6"));
	/* Controls are spaces; multi-byte characters are never split. */
	s = tl_text_wrap(&a, "a\tb\nc \xF0\x9F\x98\x80\xF0\x9F\x98\x80", 10,
	                 14, 9, &lines, &w);
	assert_int_equal(tl_utf8_check(s, strlen(s)), strlen(s));
	assert_null(strchr(s, '\t'));
	/* Widths: digits are 0.636 em in DejaVu Sans, plus the margin. */
	assert_near(tl_text_width("0000", 4, 10), 4 * 6.37 * 1.08, 1e-9);
	/* CJK ideographs, kana and hangul are 1 em in WenQuanYi Micro Hei;
	 * Hebrew and Arabic letters have DejaVu Sans' advances (alef 0.669
	 * em, and an Arabic letter alone the wider of its isolated and final
	 * forms). */
	assert_near(tl_text_width("\xE4\xB8\xAD\xE3\x81\x82\xED\x95\x9C", 9, 10),
	            3 * 10 * 1.08, 1e-9);
	assert_near(tl_text_width("\xD7\x90", 2, 10), 6.69 * 1.08, 1e-9);
	assert_true(tl_text_width("\xD8\xA8", 2, 10) >= 10 * 0.3);
	/* Arabic in a word, in the forms shaping draws: beh alone is the
	 * wider of its isolated and final forms (0.982 em), beh before beh
	 * its initial or medial (0.302); alef (0.305) joins only the letter
	 * before, and a haraka (fatha) between two letters parts nothing,
	 * a space does. */
	const char *beh = "\xD8\xA8", *alef = "\xD8\xA7", *fatha = "\xD9\x8E";
	char w2[16];
	snprintf(w2, sizeof(w2), "%s%s", beh, beh);
	assert_near(tl_text_width(beh, 2, 10), 9.82 * 1.08, 1e-9);
	assert_near(tl_text_width(w2, 4, 10), (3.02 + 9.82) * 1.08, 1e-9);
	snprintf(w2, sizeof(w2), "%s%s%s", beh, fatha, beh);
	assert_near(tl_text_width(w2, 6, 10), (3.02 + 9.82) * 1.08, 1e-9);
	snprintf(w2, sizeof(w2), "%s %s", beh, beh);
	assert_near(tl_text_width(w2, 5, 10), (9.82 + 3.19 + 9.82) * 1.08, 1e-9);
	snprintf(w2, sizeof(w2), "%s%s", alef, beh);
	assert_near(tl_text_width(w2, 4, 10), (3.05 + 9.82) * 1.08, 1e-9);
	snprintf(w2, sizeof(w2), "%s%s", beh, alef);
	assert_near(tl_text_width(w2, 4, 10), (3.02 + 3.05) * 1.08, 1e-9);
	/* A mark no font has (U+06ED) is a box that parts the letters:
	 * counted as an em, the letters on either side as alone. */
	snprintf(w2, sizeof(w2), "%s\xDB\xAD%s", beh, beh);
	assert_near(tl_text_width(w2, 6, 10), (9.82 + 10 + 9.82) * 1.08, 1e-9);
	/* An emoji is as wide as Symbola's widest in its block. */
	assert_true(tl_text_width("\xF0\x9F\x98\x80", 4, 10) >= 10 * 1.0);
	tl_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_article),    cmocka_unit_test(test_dense_month),
	    cmocka_unit_test(test_centuries),  cmocka_unit_test(test_bce),
	    cmocka_unit_test(test_vertical),   cmocka_unit_test(test_ordinal),
	    cmocka_unit_test(test_crop_and_width), cmocka_unit_test(test_wrap),
	    cmocka_unit_test(test_data_sets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
