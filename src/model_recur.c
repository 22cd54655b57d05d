/*
 * model_recur.c - expands recurrences ("every 2 weeks x6", "every day until
 * 2024-09-20") into one event per occurrence, as RFC 5545 and the rrule
 * library behind @markwhen/parser count them: occurrence k starts k steps
 * after the first, a day that does not exist (31 April, 29 February of a
 * common year) is skipped and not counted.  Each occurrence keeps the
 * precision of the date as written ("2021-05/2021-06 every 3 years" is May
 * to June of each third year).  At most TL_RECUR_MAX occurrences come from
 * one recurrence and TL_RECUR_FILE_MAX from one file (docs/format.md,
 * "Recurring events").
 */
#include "model_relative.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Candidate steps tried per occurrence allowed: enough for the days that
 * do not exist (three of four years for 29 February), never unbounded. */
#define TRIES_PER_OCCURRENCE 4

static void error_at(tl_diags *diags, const tl_event *e, uint32_t col,
                     uint32_t len, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void error_at(tl_diags *diags, const tl_event *e, uint32_t col,
                     uint32_t len, const char *fmt, ...)
{
	char msg[TL_DIAG_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	tl_diags_add(diags, TL_SEV_ERROR, TL_INVALID, (int)e->line,
	             (int)col, (int)len, "%s", msg);
}

/* Whether the point can repeat by steps of unit: days and weeks need a
 * day, months a month, years a year; open and unknown ends never. */
static int fits(const tl_point *pt, int unit)
{
	if (pt->flags & (TL_PT_OPEN | TL_PT_UNKNOWN))
		return 0;
	int need = unit == TL_UNIT_YEAR    ? TL_PREC_YEAR
	           : unit == TL_UNIT_MONTH ? TL_PREC_MONTH
	                                   : TL_PREC_DAY;
	if (unit == TL_UNIT_YEAR && pt->prec == TL_PREC_SEASON)
		return 1;
	return pt->prec >= need;
}

/* Sets the year, month and day of pt to those of day number `day`. */
static void set_day(tl_point *pt, int64_t day)
{
	int m, d;
	tl_civil_from_days(day, &pt->year, &m, &d);
	pt->month = (int8_t)m;
	pt->day = (int8_t)d;
}

/* Moves pt by `months` months, keeping its day; 0 when that day does not
 * exist in the month it lands in. */
static int shift_months(tl_point *pt, int64_t months)
{
	int season = pt->prec == TL_PREC_SEASON;
	int64_t k = pt->year * 12 + (season ? 0 : pt->month - 1) + months;
	int64_t y = k >= 0 ? k / 12 : -((-k + 11) / 12);
	pt->year = y;
	if (!season)
		pt->month = (int8_t)(k - y * 12 + 1);
	if (pt->prec >= TL_PREC_DAY &&
	    pt->day > tl_days_in_month(pt->year, pt->month))
		return 0;
	return 1;
}

/* The occurrence k steps after base into *out (its canonical EDTF in
 * text): 0 when its first day does not exist, -1 when it cannot be
 * written (out of the years dates have). */
static int occurrence(const tl_date *base, const tl_rel *rel, int64_t k,
                      tl_date *out, char *text, size_t tn)
{
	tl_date d = *base;
	int64_t n = k * (int64_t)rel->interval;
	if (rel->step == TL_UNIT_DAY || rel->step == TL_UNIT_WEEK) {
		int64_t days = rel->step == TL_UNIT_WEEK ? 7 * n : n;
		set_day(&d.start, base->start.lo + days);
		if (d.is_interval)
			set_day(&d.end, base->end.lo + days);
	} else {
		int64_t months = rel->step == TL_UNIT_YEAR ? 12 * n : n;
		if (!shift_months(&d.start, months))
			return 0;
		if (d.is_interval && base->end.prec >= TL_PREC_DAY) {
			/* A day keeps its distance from the start, as Markwhen
			 * keeps an occurrence's length. */
			tl_date s0 = {d.start, d.start, 0, 0, 0};
			tl_diag e;
			char t[64];
			tl_date_format(&s0, t, sizeof(t));
			if (tl_date_parse(t, strlen(t), &s0, &e) < 0)
				return -1;
			set_day(&d.end,
			        s0.start.lo + (base->end.lo - base->start.lo));
		} else if (d.is_interval)
			shift_months(&d.end, months);
	}
	if (d.start.year < -9999 || d.start.year > 9999 || d.end.year < -9999 ||
	    d.end.year > 9999)
		return -1;
	tl_diag e;
	tl_date_format(&d, text, tn);
	if (tl_date_parse(text, strlen(text), out, &e) < 0)
		return -1;
	return 1;
}

/* The id of an occurrence: the series' id, '.', and the day it starts
 * ("standup.2024-09-03"), or as much of it as the date says. */
static const char *occurrence_id(tl_timeline *tl, const char *id,
                                 const tl_date *d)
{
	tl_date p = {d->start, d->start, 0, 0, 0};
	if (p.start.prec > TL_PREC_DAY)
		p.start.prec = TL_PREC_DAY;
	p.start.qual = 0;
	p.start.flags &= (uint8_t)TL_PT_UNSPEC;
	char t[64];
	tl_date_format(&p, t, sizeof(t));
	tl_buf b = {0};
	tl_buf_printf(&b, "%s.%s", id, t);
	const char *r = tl_arena_strndup(&tl->arena, b.data, b.len);
	free(b.data);
	return r;
}

/* Appends to *occ (cap *cap) a copy of series e on date d (its text):
 * the occurrence's own id, and no after: (only the first keeps it). */
static void add_occurrence(tl_timeline *tl, const tl_event *e,
                           const tl_date *d, const char *text, tl_event **occ,
                           size_t *nocc, size_t *cap)
{
	if (*nocc == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*occ = tl_xrealloc(*occ, *cap * sizeof(**occ));
	}
	tl_event *o = &(*occ)[(*nocc)++];
	*o = *e;
	o->date = *d;
	o->date_text = tl_arena_strndup(&tl->arena, text, strlen(text));
	o->id = e->id ? occurrence_id(tl, e->id, d) : NULL;
	o->after = NULL;
	o->nafter = 0;
}

/* The occurrences of rel after the first, appended to *occ (cap *cap);
 * their count, or -1 (reported).  *total counts the file's. */
static long expand_one(tl_timeline *tl, const tl_rel *rel, tl_diags *diags,
                       tl_event **occ, size_t *nocc, size_t *cap, size_t *total)
{
	const tl_event *e = &tl->events[rel->event];
	const tl_date *base = &e->date;
	static const char *const unit[] = {"day", "", "week", "month", "year"};
	if (!fits(&base->start, rel->step) ||
	    (base->is_interval && !fits(&base->end, rel->step))) {
		char every[48];
		if (rel->interval == 1)
			snprintf(every, sizeof(every), "%s", unit[rel->step]);
		else
			snprintf(every, sizeof(every), "%u %ss", rel->interval,
			         unit[rel->step]);
		error_at(diags, e, rel->rec_col, rel->rec_len,
		         "a date repeated every %s must give %s: '%s' does not",
		         every,
		         rel->step == TL_UNIT_YEAR    ? "a year"
		         : rel->step == TL_UNIT_MONTH ? "a month"
		                                      : "a day",
		         e->date_text);
		return -1;
	}
	if (!rel->count && rel->until < base->start.lo) {
		error_at(diags, e, rel->end_col, rel->end_len,
		         "recurrence ends before its first occurrence");
		return -1;
	}
	size_t made = 1, start = *nocc;
	int64_t tries = (int64_t)TRIES_PER_OCCURRENCE * TL_RECUR_MAX + 8;
	for (int64_t k = 1; k <= tries; k++) {
		if (rel->count && made == rel->count)
			break;
		tl_date d;
		char text[128];
		int r = occurrence(base, rel, k, &d, text, sizeof(text));
		/* Past the years dateline reads is past any "until" date. */
		if (r < 0 && !rel->count)
			break;
		if (r < 0) {
			error_at(
			    diags, e, rel->end_col, rel->end_len,
			    "recurrence runs past the years dateline reads "
			    "(occurrence %zu)",
			    made + 1);
			*nocc = start;
			return -1;
		}
		if (r == 0)
			continue;
		if (!rel->count && d.start.lo > rel->until)
			break;
		if (made == TL_RECUR_MAX || *total == TL_RECUR_FILE_MAX) {
			error_at(
			    diags, e, rel->end_col, rel->end_len,
			    made == TL_RECUR_MAX
			        ? "recurrence makes more than %d occurrences"
			        : "the recurrences of this file make more "
			          "than %d occurrences in all",
			    made == TL_RECUR_MAX ? TL_RECUR_MAX
			                         : TL_RECUR_FILE_MAX);
			*nocc = start;
			return -1;
		}
		add_occurrence(tl, e, &d, text, occ, nocc, cap);
		made++;
		(*total)++;
	}
	if (rel->count && made < rel->count) {
		error_at(diags, e, rel->end_col, rel->end_len,
		         "recurrence finds only %zu of its %u occurrences",
		         made, (unsigned)rel->count);
		*nocc = start;
		return -1;
	}
	return (long)(*nocc - start);
}

void tl_recur_expand(tl_timeline *tl, const tl_rels *rels, tl_diags *diags)
{
	size_t n = tl->nevents, nocc = 0, cap = 0, total = 0;
	tl_event *occ = NULL;
	/* Per rel: where its occurrences start in occ, and how many. */
	size_t *from = tl_xcalloc(rels->n + 1, sizeof(*from));
	size_t *count = tl_xcalloc(rels->n + 1, sizeof(*count));
	for (size_t q = 0; q < rels->n; q++) {
		const tl_rel *rel = &rels->v[q];
		tl_event *e = &tl->events[rel->event];
		/* A series without a date or a title is an error already:
		 * its copies would only repeat it. */
		if (!rel->recur || e->date.hi <= e->date.lo || !e->title[0])
			continue;
		char text[128];
		tl_date_format(&e->date, text, sizeof(text));
		e->date_text = tl_arena_strndup(&tl->arena, text, strlen(text));
		from[q] = nocc;
		long k = expand_one(tl, rel, diags, &occ, &nocc, &cap, &total);
		count[q] = k > 0 ? (size_t)k : 0;
	}
	if (nocc) {
		/* Each series' occurrences right after it, in file order. */
		tl_event *v = tl_xmalloc((n + nocc) * sizeof(*v));
		size_t j = 0, q = 0;
		for (size_t i = 0; i < n; i++) {
			v[j++] = tl->events[i];
			while (q < rels->n && rels->v[q].event < i)
				q++;
			if (q < rels->n && rels->v[q].event == i && count[q]) {
				memcpy(v + j, occ + from[q],
				       count[q] * sizeof(*v));
				j += count[q];
			}
		}
		for (size_t i = 0; i < j; i++)
			v[i].seq = (uint32_t)i;
		free(tl->events);
		tl->events = v;
		tl->nevents = tl->events_cap = j;
	}
	free(occ);
	free(from);
	free(count);
}
