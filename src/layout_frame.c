/*
 * layout_frame.c - everything around the plot: event colours and the tag
 * legend, numbered sources and their footer, the header (title and
 * description), lane names, tick labels, and the canvas that holds it all.
 */
#include "layout_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define M TL_LAYOUT_MARGIN
#define HEAD_FONT 16.0
#define DESC_FONT 10.0
#define LEGEND_FONT 8.5
#define FOOT_FONT 8.0
#define FOOT_HEAD_FONT 9.0
#define MIN_WIDTH 144.0

static int cmp_size(const void *x, const void *y)
{
	size_t a = *(const size_t *)x, b = *(const size_t *)y;
	return a < b ? -1 : a > b;
}

/* ---- colours ---- */


static const char *const palette[] = {"#0072B2", "#D55E00", "#009E73",
                                      "#CC79A7", "#E69F00", "#56B4E9",
                                      "#000000"};
#define NPALETTE (sizeof(palette) / sizeof(*palette))
#define OTHER_COLOR "#777777"

/* An event's colour as "#rrggbb" in the arena, or NULL when it has none
 * (the model read and checked color:). */
static const char *event_color(tl_arena *a, const tl_event *e)
{
	if (!e->color.set)
		return NULL;
	char hex[8];
	tl_color_hex(&e->color, hex);
	return tl_arena_strndup(a, hex, 7);
}

/* A tag, where it was first used and how often. */
typedef struct tag_ref {
	const char *tag;
	size_t order, count;
} tag_ref;

static int tag_cmp(const void *x, const void *y)
{
	const tag_ref *a = x, *b = y;
	int c = strcmp(a->tag, b->tag);
	return c ? c : (a->order > b->order) - (a->order < b->order);
}

static int name_cmp(const void *x, const void *y)
{
	return strcmp(((const tag_ref *)x)->tag, ((const tag_ref *)y)->tag);
}

/* Most used first; among equals, first used first. */
static int rank_cmp(const void *x, const void *y)
{
	const tag_ref *a = x, *b = y;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return (a->order > b->order) - (a->order < b->order);
}

/* The index in tl->front.tag_colors of the first of e's tags that the
 * header gave a colour ("#tag: colour"), or -1. */
static long declared_color(const tl_timeline *tl, const tl_event *e)
{
	const tl_front *fr = &tl->front;
	for (uint32_t k = 0; fr->ntag_colors && k < e->ntags; k++)
		for (size_t d = 0; d < fr->ntag_colors; d++)
			if (strcmp(fr->tag_colors[d].tag, e->tags[k]) == 0)
				return (long)d;
	return -1;
}

/* Adds the declared tags that colour some event to the legend, in the
 * order the header declares them; used[i] says whether tag_colors[i]
 * coloured one.  Returns how many were added. */
static size_t declared_legend(tl_layout *l, const tl_timeline *tl,
                              const unsigned char *used,
                              tl_legend_info *li)
{
	size_t k = 0;
	for (size_t i = 0; i < tl->front.ntag_colors; i++) {
		if (!used[i])
			continue;
		char hex[8];
		tl_color_hex(&tl->front.tag_colors[i].color, hex);
		li->tags[k] = tl->front.tag_colors[i].tag;
		li->colors[k++] = tl_arena_strndup(&l->arena, hex, 7);
	}
	return k;
}

void tl_layout_colors(tl_layout *l, const tl_timeline *tl,
                      tl_legend_info *li)
{
	/* An event's colour: its color:, else the colour the header gives
	 * one of its tags, else its first tag's from the palette; rank
	 * those first tags. */
	size_t nref = 0, any_tags = 0, ndecl = tl->front.ntag_colors;
	tag_ref *ref = tl_xmalloc((l->nevents + 1) * sizeof(*ref));
	unsigned char *used = tl_xmalloc(ndecl + 1);
	memset(used, 0, ndecl + 1);
	size_t nused = 0;
	for (size_t i = 0; i < l->nevents; i++) {
		const tl_event *e = l->events[i].ev;
		any_tags |= e->ntags;
		l->events[i].color = event_color(&l->arena, e);
		long d = l->events[i].color ? -1 : declared_color(tl, e);
		if (d >= 0) {
			nused += !used[d];
			used[d] = 1;
			char hex[8];
			tl_color_hex(&tl->front.tag_colors[d].color, hex);
			l->events[i].color = tl_arena_strndup(&l->arena, hex, 7);
		} else if (!l->events[i].color && e->ntags) {
			ref[nref] = (tag_ref){e->tags[0], nref, 1}, nref++;
		}
	}
	qsort(ref, nref, sizeof(*ref), tag_cmp);
	size_t nu = 0; /* each tag once, with its first use and count */
	for (size_t i = 0; i < nref; i++) {
		if (nu && strcmp(ref[i].tag, ref[nu - 1].tag) == 0)
			ref[nu - 1].count++;
		else
			ref[nu++] = ref[i];
	}
	qsort(ref, nu, sizeof(*ref), rank_cmp);
	size_t npal = nu < NPALETTE ? nu : NPALETTE;
	li->ntags = nused + npal;
	li->tags = tl_arena_alloc(&l->arena, (li->ntags + 1) * sizeof(char *));
	li->colors = tl_arena_alloc(&l->arena, (li->ntags + 1) * sizeof(char *));
	size_t base = declared_legend(l, tl, used, li);
	free(used);
	/* Sorted by name, the coloured tags can be looked up quickly. */
	for (size_t j = 0; j < npal; j++) {
		li->tags[base + j] = ref[j].tag;
		li->colors[base + j] = palette[j];
		ref[j].order = j;
	}
	qsort(ref, npal, sizeof(*ref), tag_cmp);
	li->other = 0;
	for (size_t i = 0; i < l->nevents; i++) {
		tl_levent *le = &l->events[i];
		if (le->color)
			continue;
		if (le->ev->ntags) {
			tag_ref key = {le->ev->tags[0], 0, 0};
			tag_ref *f = bsearch(&key, ref, npal, sizeof(*ref),
			                     name_cmp);
			if (f)
				le->color = palette[f->order];
		} else if (!any_tags) {
			le->color = palette[0];
		}
		if (!le->color) {
			le->color = OTHER_COLOR;
			li->other = 1;
		}
	}
	free(ref);
}

/* ---- sources: numbered by first use, front matter's first ---- */

static int src_url_cmp(const void *x, const void *y)
{
	const tl_src_ref *a = x, *b = y;
	int c = strcmp(a->url, b->url);
	return c ? c : (a->order > b->order) - (a->order < b->order);
}

static int src_order_cmp(const void *x, const void *y)
{
	const tl_src_ref *a = x, *b = y;
	return (a->order > b->order) - (a->order < b->order);
}

tl_src_ref *tl_layout_sources(tl_layout *l, const tl_timeline *tl,
                              size_t *nref)
{
	const char *meta = tl->front.source.value;
	size_t n = meta ? 1 : 0;
	for (size_t i = 0; i < l->nevents; i++)
		n += l->events[i].ev->nsources;
	tl_src_ref *r = tl_xmalloc((n + 1) * sizeof(*r));
	n = 0;
	if (meta)
		r[n] = (tl_src_ref){meta, n, SIZE_MAX, 0}, n++;
	for (size_t i = 0; i < l->nevents; i++)
		for (uint32_t k = 0; k < l->events[i].ev->nsources; k++, n++)
			r[n] = (tl_src_ref){l->events[i].ev->sources[k], n, i, 0};
	/* Group equal URLs; each group's first reference gives its rank. */
	qsort(r, n, sizeof(*r), src_url_cmp);
	size_t *firsts = tl_xmalloc((n + 1) * sizeof(*firsts));
	size_t nu = 0;
	for (size_t i = 0; i < n; i++)
		if (i == 0 || strcmp(r[i].url, r[i - 1].url) != 0)
			firsts[nu++] = r[i].order;
	qsort(firsts, nu, sizeof(*firsts), cmp_size);
	for (size_t i = 0, g = 0; i < n; i++) {
		if (i > 0 && strcmp(r[i].url, r[i - 1].url) != 0)
			g = i;
		size_t *f = bsearch(&r[g].order, firsts, nu, sizeof(*firsts),
		                    cmp_size);
		r[i].num = (size_t)(f - firsts) + 1;
	}
	free(firsts);
	qsort(r, n, sizeof(*r), src_order_cmp);
	l->footer = tl_xcalloc(nu + 1, sizeof(*l->footer));
	l->nfooter = 0;
	if (nu) {
		l->footer[l->nfooter++].text = "Sources";
		for (size_t i = 0; i < n; i++) {
			if (r[i].num != l->nfooter)
				continue; /* not this source's first use */
			char pre[32];
			int pl = snprintf(pre, sizeof(pre), "[%zu] ", r[i].num);
			size_t ul = strlen(r[i].url);
			char *t = tl_arena_alloc(&l->arena, (size_t)pl + ul + 1);
			memcpy(t, pre, (size_t)pl);
			memcpy(t + pl, r[i].url, ul + 1);
			l->footer[l->nfooter++].text = t;
		}
	}
	*nref = n;
	return r;
}


/* ---- the frame ---- */

/* Wraps s into t at font size within max_w, at the top left (x, y). */
static void put_text(tl_layout *l, tl_ltext *t, const char *s, double size,
                     double max_w, int max_lines, double x, double y)
{
	double w;
	t->text = tl_text_wrap(&l->arena, s, size, max_w, max_lines, &t->lines,
	                       &w);
	t->size = size;
	t->box = (tl_rect){x, y, w, t->lines * TL_LINE_HEIGHT(size)};
}

static void shift_rect(tl_rect *r, double dx, double dy)
{
	r->x += dx;
	r->y += dy;
}

/* Moves everything built relative to the plot's corner by (dx, dy). */
static void shift_plot(tl_layout *l, double dx, double dy)
{
	for (size_t i = 0; i < l->nevents; i++) {
		tl_levent *e = &l->events[i];
		shift_rect(&e->marker, dx, dy);
		shift_rect(&e->label, dx, dy);
		shift_rect(&e->date.box, dx, dy);
		shift_rect(&e->title.box, dx, dy);
		shift_rect(&e->swatch, dx, dy);
		e->lead[0] += dx, e->lead[2] += dx;
		e->lead[1] += dy, e->lead[3] += dy;
	}
	for (size_t i = 0; i < l->nlanes; i++)
		shift_rect(&l->lanes[i].band, dx, dy);
	for (size_t i = 0; i < l->narrows; i++)
		for (int k = 0; k < l->arrows[i].npt; k++)
			l->arrows[i].pt[k][0] += dx, l->arrows[i].pt[k][1] += dy;
	double along = l->vertical ? dy : dx, across = l->vertical ? dx : dy;
	for (size_t i = 0; i < l->nlanes; i++) {
		l->lanes[i].axis += across;
		l->lanes[i].gutter[0] += across;
		l->lanes[i].gutter[1] += across;
	}
	for (size_t i = 0; i < l->nbreaks; i++)
		l->breaks[i] += along;
	for (size_t i = 0; i < l->nticks; i++)
		l->ticks[i].pos += along;
	for (size_t i = 0; i < l->nknots; i++)
		l->knot_p[i] += along;
}

/* Positions tick labels beside the axis (below the plot, or left of it
 * when vertical), inside the canvas, dropping any that would then touch
 * the one before. */
static void place_ticks(tl_layout *l)
{
	size_t k = 0;
	double last = -INFINITY;
	for (size_t i = 0; i < l->nticks; i++) {
		tl_ltick *t = &l->ticks[i];
		tl_rect *b = &t->label.box;
		double lo, hi;
		if (l->vertical) {
			b->x = l->plot.x - 6 - b->w;
			b->y = fmax(t->pos - b->h / 2, M / 2);
			lo = b->y, hi = b->y + b->h;
		} else {
			b->x = fmin(fmax(t->pos - b->w / 2, M / 2),
			            l->width - M / 2 - b->w);
			b->y = l->plot.y + l->plot.h + 4;
			lo = b->x, hi = b->x + b->w;
		}
		if (lo < last + 6)
			continue;
		last = hi;
		l->ticks[k++] = *t;
	}
	l->nticks = k;
}

static void legend_add(tl_layout *l, size_t *cap, tl_legend_kind kind,
                       const char *text, const char *color)
{
	if (l->nlegend == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		l->legend = tl_xrealloc(l->legend, *cap * sizeof(*l->legend));
	}
	tl_llegend *g = &l->legend[l->nlegend++];
	memset(g, 0, sizeof(*g));
	g->kind = kind;
	g->color = color;
	/* On a narrow page a long text takes more lines. */
	double w = fmin(260, l->width - 2 * M - 22);
	put_text(l, &g->label, text, LEGEND_FONT, w, 3, 0, 0);
}

/* Lays the legend out as a flow of symbol-and-text items from (M, y);
 * returns the y below it. */
static double place_legend(tl_layout *l, const tl_legend_info *li, double y)
{
	size_t cap = 0;
	if (li->has_point)
		legend_add(l, &cap, TL_LEG_POINT, "Event on a day", "#444444");
	if (li->has_bar)
		legend_add(l, &cap, TL_LEG_BAR, "Month, season, year or interval",
		           "#444444");
	if (li->has_approx)
		legend_add(l, &cap, TL_LEG_APPROX, "Approximate date (c.)",
		           "#444444");
	if (li->has_uncertain)
		legend_add(l, &cap, TL_LEG_UNCERTAIN, "Uncertain date (?)",
		           "#444444");
	if (li->has_open)
		legend_add(l, &cap, TL_LEG_OPEN, "Open-ended", "#444444");
	if (l->narrows)
		legend_add(l, &cap, TL_LEG_ARROW, "Follows (after:)", "#444444");
	for (size_t i = 0; i < li->ntags; i++) {
		char buf[80];
		snprintf(buf, sizeof(buf), "#%s", li->tags[i]);
		legend_add(l, &cap, TL_LEG_TAG, buf, li->colors[i]);
	}
	if (li->other)
		legend_add(l, &cap, TL_LEG_TAG, "other or untagged", "#777777");
	double x = M, lh = TL_LINE_HEIGHT(LEGEND_FONT), right = l->width - M;
	double row_h = lh;
	for (size_t i = 0; i < l->nlegend; i++) {
		tl_llegend *g = &l->legend[i];
		double w = 22 + g->label.box.w;
		if (x > M && x + w > right) {
			x = M;
			y += row_h + 4;
			row_h = lh;
		}
		g->symbol = (tl_rect){x, y + (lh - 10) / 2, 18, 10};
		g->label.box.x = x + 22;
		g->label.box.y = y;
		row_h = fmax(row_h, g->label.box.h);
		x += w + 16;
	}
	return l->nlegend ? y + row_h + 10 : y;
}

/* Lays the footer out in columns from (M, y); returns the y below it. */
static double place_footer(tl_layout *l, double y)
{
	if (!l->nfooter)
		return y;
	double avail = l->width - 2 * M, colw = fmin(avail, 420);
	size_t ncols = (size_t)fmax(1, floor((avail + 20) / (colw + 20)));
	put_text(l, &l->footer[0], l->footer[0].text, FOOT_HEAD_FONT, avail,
	         1, M, y);
	y += l->footer[0].box.h + 2;
	double row_h = 0;
	for (size_t i = 1; i < l->nfooter; i++) {
		size_t col = (i - 1) % ncols;
		if (col == 0 && i > 1) {
			y += row_h + 1;
			row_h = 0;
		}
		put_text(l, &l->footer[i], l->footer[i].text, FOOT_FONT, colw, 4,
		         M + (double)col * (colw + 20), y);
		row_h = fmax(row_h, l->footer[i].box.h);
	}
	return y + row_h;
}

void tl_layout_frame(tl_layout *l, const tl_timeline *tl, double len,
                     double across, const tl_legend_info *li)
{
	double name_col = 0, name_row = 0, tick_col = 0;
	for (size_t i = 0; i < l->nlanes; i++) {
		const tl_ltext *n = &l->lanes[i].name;
		if (n->text && !l->vertical && !l->names_above)
			name_col = fmax(name_col, n->box.w + TL_LAYOUT_NAME_GAP);
		if (n->text && l->vertical)
			name_row = fmax(name_row, n->box.h + 6);
	}
	for (size_t i = 0; l->vertical && i < l->nticks; i++)
		tick_col = fmax(tick_col, l->ticks[i].label.box.w + 10);
	l->plot.x = M + (l->vertical ? tick_col : name_col);
	l->plot.w = l->vertical ? across : len;
	l->plot.h = l->vertical ? len : across;
	/* Whole points, so a PNG's size in pixels is exact. */
	l->width = ceil(fmax(l->plot.x + l->plot.w + M, MIN_WIDTH) - 1e-6);

	double y = M, avail = l->width - 2 * M;
	const char *title = tl->front.title.value;
	const char *desc = tl->front.description.value;
	if (title) {
		put_text(l, &l->title, title, HEAD_FONT, avail, 6, M, y);
		y += l->title.box.h + 4;
	}
	if (desc) {
		put_text(l, &l->description, desc, DESC_FONT, avail, 8, M, y);
		y += l->description.box.h;
	}
	if (title || desc)
		y += 12;
	l->plot.y = y + name_row;
	shift_plot(l, l->plot.x, l->plot.y);

	for (size_t i = 0; i < l->nlanes; i++) {
		tl_llane *ln = &l->lanes[i];
		if (l->vertical) {
			ln->band.y -= name_row;
			ln->band.h += name_row;
			ln->name.box.x = ln->band.x + 4;
			ln->name.box.y = ln->band.y + 3;
		} else {
			ln->band.w += ln->band.x - M;
			ln->band.x = M;
			ln->name.box.x = M + 4;
			ln->name.box.y = ln->band.y + (l->names_above ? 3 : 6);
		}
	}
	place_ticks(l);
	y = l->plot.y + l->plot.h + 10;
	if (!l->vertical)
		y += TL_LINE_HEIGHT(8.0) + 4;
	if (l->axis_note.text) {
		l->axis_note.box.x = l->vertical ? M : l->plot.x;
		l->axis_note.box.y = y - 2;
		y += l->axis_note.box.h + 6;
	}
	y = place_legend(l, li, y);
	y = place_footer(l, y + 4);
	l->height = ceil(y + M);
}
