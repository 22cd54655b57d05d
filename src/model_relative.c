/*
 * model_relative.c - works out relative dates once every event is read
 * (docs/format.md, "Relative dates"): each counts from the event it names
 * (!id) or from the event before it in the file, as @markwhen/parser 1.2.0
 * counts, in whole days.  Events are resolved in dependency order with an
 * explicit stack, so a chain of a million relative events needs no deep
 * recursion, and a cycle is found and reported once.
 */
#include "model_relative.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Relative dates land in the years EDTF writes with four digits. */
#define YEAR_MIN -9999
#define YEAR_MAX 9999

int tl_weekday(int64_t days)
{
	/* 1970-01-01 was a Thursday (3 when Monday is 0); floor modulo, so
	 * days before 1970 count the same way. */
	int64_t w = (days + 3) % 7;
	return (int)(w < 0 ? w + 7 : w);
}

/* The day n months after (or before, n < 0) day `days`, its day of the
 * month clamped to the length of the month it lands in. */
static int64_t add_months(int64_t days, int64_t n)
{
	int64_t y;
	int m, d;
	tl_civil_from_days(days, &y, &m, &d);
	int64_t k = y * 12 + (m - 1) + n;
	/* Floor division: month -1 is December of the year before. */
	int64_t ny = k >= 0 ? k / 12 : -((-k + 11) / 12);
	int nm = (int)(k - ny * 12) + 1;
	int dim = tl_days_in_month(ny, nm);
	return tl_days_from_civil(ny, nm, d < dim ? d : dim);
}

/* The day after the n-th week day counted from day `days` on: Saturdays
 * and Sundays are skipped, so 5 week days from a Wednesday end on the
 * Wednesday after (the end of the Tuesday). */
static int64_t add_weekdays(int64_t days, int64_t n)
{
	if (n <= 0)
		return days;
	int w = tl_weekday(days);
	if (w >= 5) /* a weekend: count from the Monday */
		days += 7 - w, w = 0;
	/* The n-1 week days after the first: whole weeks of five, then the
	 * rest, crossing one more weekend when they run past Friday. */
	int64_t weeks = (n - 1) / 5, rest = (n - 1) % 5;
	int64_t last = days + 7 * weeks + rest + (w + rest > 4 ? 2 : 0);
	return last + 1;
}

/* The first of the n week days that end just before day `days`. */
static int64_t sub_weekdays(int64_t days, int64_t n)
{
	if (n <= 0)
		return days;
	int64_t last = days - 1;
	int w = tl_weekday(last);
	if (w >= 5) /* a weekend: the Friday before */
		last -= w - 4, w = 4;
	int64_t weeks = (n - 1) / 5, rest = (n - 1) % 5;
	return last - 7 * weeks - rest - (w - rest < 0 ? 2 : 0);
}

int64_t tl_rel_add(int64_t days, const tl_rel_amount *a, int sign)
{
	int64_t n = (int64_t)a->n * sign;
	switch (a->unit) {
	case TL_UNIT_DAY: return days + n;
	case TL_UNIT_WEEK: return days + 7 * n;
	case TL_UNIT_WEEKDAY:
		return sign > 0 ? add_weekdays(days, a->n)
		                : sub_weekdays(days, a->n);
	case TL_UNIT_MONTH: return add_months(days, n);
	default: return add_months(days, 12 * n);
	}
}

/* Applies the side's amounts in the order written. */
static int64_t apply(int64_t days, const tl_rel_side *sd, int sign)
{
	for (uint8_t i = 0; i < sd->namt; i++)
		days = tl_rel_add(days, &sd->amt[i], sign);
	return days;
}

/* ---- the state of one resolution ---- */

enum { ST_PLAIN, ST_PENDING, ST_STACKED, ST_DONE, ST_FAILED };

typedef struct resolver {
	tl_timeline *tl;
	const tl_rels *rels;
	tl_diags *diags;
	uint8_t *state;    /* per event */
	uint32_t *relof;   /* per event: index in rels + 1, or 0 */
	const char **keys; /* per event: the id references look up */
	tl_index ids;
	uint32_t (*deps)[3]; /* per rel: events it counts from */
	uint8_t *ndeps;      /* per rel: how many deps it has */
	uint8_t (*dside)[3]; /* per rel: which side each dep is for */
} resolver;

static const char *key_of(const void *ctx, uint32_t i)
{
	return ((const resolver *)ctx)->keys[i];
}

static void error_at(resolver *r, uint32_t ev, uint32_t col, uint32_t len,
                     const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void error_at(resolver *r, uint32_t ev, uint32_t col, uint32_t len,
                     const char *fmt, ...)
{
	char msg[TL_DIAG_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	const tl_event *e = &r->tl->events[ev];
	tl_diags_add(r->diags, TL_SEV_ERROR, TL_INVALID, (int)e->line,
	             (int)col, (int)len, "%s", msg);
}

/* The event side sd of event ev counts from, or -1 (reported) when there
 * is none; -2 when it counts from nothing but its own start. */
static long dep_of(resolver *r, uint32_t ev, const tl_rel_side *sd, int is_to)
{
	if (sd->kind != TL_SIDE_REL)
		return -2;
	if (sd->ref == TL_REF_ID) {
		long t = tl_index_find(&r->ids, sd->id, strlen(sd->id), key_of,
		                       r);
		if (t < 0)
			error_at(r, ev, sd->id_col, sd->id_len,
			         "relative date refers to unknown id '%s'",
			         sd->id);
		return t < 0 ? -1 : t;
	}
	if (is_to && sd->mod == TL_MOD_NONE)
		return -2;
	if (ev == 0) {
		error_at(r, ev, sd->id_col ? sd->id_col : sd->col,
		         sd->id_col ? sd->id_len : sd->len,
		         "relative date has no event before it to count from");
		return -1;
	}
	return (long)ev - 1;
}

/* Works out the events rel q counts from; 0 when one is missing. */
static int find_deps(resolver *r, size_t q)
{
	const tl_rel *rel = &r->rels->v[q];
	const tl_rel_side *sides[2] = {&rel->from, &rel->to};
	r->ndeps[q] = 0;
	for (int k = 0; k < 2; k++) {
		long d = dep_of(r, rel->event, sides[k], k);
		if (d == -1)
			return 0;
		if (d >= 0) {
			r->dside[q][r->ndeps[q]] = (uint8_t)k;
			r->deps[q][r->ndeps[q]++] = (uint32_t)d;
		}
	}
	return 1;
}

/* Whether event i has a date to count from. */
static int usable(const tl_event *e)
{
	return e->date.hi > e->date.lo;
}

/* A plain day point. */
static void day_point(tl_point *pt, int64_t day)
{
	memset(pt, 0, sizeof(*pt));
	tl_point_day(pt, day);
}

static int in_years(int64_t day)
{
	int64_t y;
	int m, d;
	tl_civil_from_days(day, &y, &m, &d);
	return y >= YEAR_MIN && y <= YEAR_MAX;
}

/* Gives event ev the range [s, e) (days), its start as written when the
 * head starts with a date; reports a range that is empty or out of years. */
static int set_range(resolver *r, uint32_t ev, const tl_rel *rel, int64_t s,
                     int64_t e)
{
	tl_event *x = &r->tl->events[ev];
	if (!in_years(s) || !in_years(e - 1)) {
		error_at(r, ev, x->col, x->date_len,
		         "relative date '%s' falls outside the years -9999 to "
		         "9999",
		         x->date_text);
		return 0;
	}
	tl_date d;
	memset(&d, 0, sizeof(d));
	if (rel->from.kind == TL_SIDE_ABS)
		d.start = rel->from.abs;
	else
		day_point(&d.start, s);
	char a[64], b[64];
	if (e <= s) {
		tl_date ds, de;
		memset(&ds, 0, sizeof(ds));
		memset(&de, 0, sizeof(de));
		day_point(&ds.start, s);
		day_point(&de.start, e);
		tl_date_format(&ds, a, sizeof(a));
		tl_date_format(&de, b, sizeof(b));
		if (e == s)
			error_at(
			    r, ev, x->col, x->date_len,
			    "relative date '%s' lasts no time (it starts and "
			    "ends at the start of %s): give it a duration, as "
			    "'1 day'",
			    x->date_text, a);
		else
			error_at(r, ev, x->col, x->date_len,
			         "relative date '%s' ends (at the start of %s) "
			         "before it starts (%s)",
			         x->date_text, b, a);
		return 0;
	}
	if (d.start.hi == e &&
	    (rel->from.kind != TL_SIDE_ABS || d.start.prec >= TL_PREC_DAY)) {
		d.end = d.start;
	} else {
		day_point(&d.end, e - 1);
		d.is_interval = 1;
	}
	d.lo = d.start.lo;
	d.hi = d.is_interval ? d.end.hi : d.start.hi;
	x->date = d;
	tl_date_format(&d, a, sizeof(a));
	x->date_text = tl_arena_strndup(&r->tl->arena, a, strlen(a));
	return 1;
}

/* Works out the date of the event of rel q, whose events to count from
 * are done. */
static int compute(resolver *r, size_t q)
{
	const tl_rel *rel = &r->rels->v[q];
	const tl_event *ev = r->tl->events;
	const tl_rel_side *f = &rel->from, *t = &rel->to;
	int64_t s = 0, e = 0;
	int have_end = 0;
	uint32_t di = 0;
	if (f->kind == TL_SIDE_REL) {
		const tl_event *b = &ev[r->deps[q][di++]];
		int before = f->word == TL_WORD_BEFORE;
		int64_t at = f->mod == TL_MOD_START ? b->date.lo
		             : f->mod == TL_MOD_END ? b->date.hi
		             : before               ? b->date.lo
		                                    : b->date.hi;
		if (t->kind == TL_SIDE_NONE) {
			s = before ? apply(at, f, -1) : at;
			e = before ? at : apply(at, f, 1);
			have_end = 1;
		} else if (before) {
			e = apply(at, f, -1);
			s = apply(e, t, -1);
			have_end = 1;
		} else
			s = apply(at, f, 1);
	} else
		s = f->abs.lo;
	if (!have_end && t->kind == TL_SIDE_ABS)
		e = t->abs.hi;
	else if (!have_end) {
		int64_t at = s;
		if (di < r->ndeps[q]) {
			const tl_event *b = &ev[r->deps[q][di]];
			at = t->mod == TL_MOD_END ? b->date.hi : b->date.lo;
		}
		e = apply(at, t, 1);
	}
	return set_range(r, rel->event, rel, s, e);
}

/* Reports the cycle found when rel q's dependency k is on the stack. */
static void cycle(resolver *r, size_t q, int k)
{
	const tl_rel *rel = &r->rels->v[q];
	const tl_rel_side *sd = r->dside[q][k] ? &rel->to : &rel->from;
	if (sd->ref == TL_REF_ID)
		error_at(r, rel->event, sd->id_col, sd->id_len,
		         "relative date refers to '!%s', which depends on this "
		         "event: a cycle",
		         sd->id);
	else
		error_at(r, rel->event, sd->id_col ? sd->id_col : sd->col,
		         sd->id_col ? sd->id_len : sd->len,
		         "relative date counts from the event before it, which "
		         "depends on this event: a cycle");
}

/* One step for the event on top of the stack: pushes a dependency still
 * pending, or works the event out.  Returns 1 when it pushed. */
static int step(resolver *r, uint32_t *stack, size_t *top)
{
	uint32_t i = stack[*top - 1];
	size_t q = r->relof[i] - 1;
	if (r->state[i] == ST_PENDING) {
		if (!find_deps(r, q)) {
			r->state[i] = ST_FAILED;
			(*top)--;
			return 0;
		}
		r->state[i] = ST_STACKED;
	}
	int failed = 0;
	for (uint8_t k = 0; k < r->ndeps[q]; k++) {
		uint32_t d = r->deps[q][k];
		if (r->state[d] == ST_PENDING) {
			stack[(*top)++] = d;
			return 1;
		}
		if (r->state[d] == ST_STACKED) {
			cycle(r, q, k);
			failed = 1;
			break;
		}
		if (r->state[d] == ST_FAILED || !usable(&r->tl->events[d]))
			failed = 1; /* told already */
	}
	r->state[i] = !failed && compute(r, q) ? ST_DONE : ST_FAILED;
	(*top)--;
	return 0;
}

void tl_rel_resolve(tl_timeline *tl, const tl_rels *rels, tl_diags *diags)
{
	size_t n = tl->nevents;
	resolver r = {tl, rels, diags, NULL, NULL, NULL, {0}, NULL, NULL, NULL};
	r.state = tl_xcalloc(n + 1, 1);
	r.relof = tl_xcalloc(n + 1, sizeof(*r.relof));
	r.keys = tl_xcalloc(n + 1, sizeof(*r.keys));
	r.deps = tl_xcalloc(rels->n + 1, sizeof(*r.deps));
	r.dside = tl_xcalloc(rels->n + 1, sizeof(*r.dside));
	r.ndeps = tl_xcalloc(rels->n + 1, 1);
	for (size_t q = 0; q < rels->n; q++)
		if (rels->v[q].relative) {
			r.relof[rels->v[q].event] = (uint32_t)q + 1;
			r.state[rels->v[q].event] = ST_PENDING;
		}
	/* Ids in file order (the reader refuses a duplicate id). */
	tl_index_reserve(&r.ids, n, key_of, &r);
	for (size_t i = 0; i < n; i++) {
		tl_event *e = &tl->events[i];
		r.keys[i] = e->id;
		if (r.keys[i])
			tl_index_add(&r.ids, (uint32_t)i, key_of, &r);
	}
	uint32_t *stack = tl_xmalloc((n + 1) * sizeof(*stack));
	for (size_t q = 0; q < rels->n; q++) {
		uint32_t i = rels->v[q].event;
		if (r.state[i] != ST_PENDING)
			continue;
		size_t top = 0;
		stack[top++] = i;
		while (top)
			step(&r, stack, &top);
	}
	free(stack);
	tl_index_clear(&r.ids);
	free(r.state);
	free(r.relof);
	free(r.keys);
	free(r.deps);
	free(r.dside);
	free(r.ndeps);
}
