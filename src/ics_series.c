/*
 * ics_series.c - the recurring series of a feed: which events are
 * occurrences of one series (an imported RRULE, RDATE or override: the
 * model's series and rid), and each series' instances, so that the feed
 * writes them as RFC 5545 does - one master listing every instance, then
 * an override per occurrence with the series' UID and its RECURRENCE-ID.
 * docs/ics.md, "Recurrences", says why.
 */
#include "private.h"
#include "ics.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *series_key(const void *ctx, uint32_t g)
{
	const tl_ics_series_set *s = ctx;
	return s->tl->events[s->series[g].first].series;
}

void tl_ics_series_add(tl_ics_series_set *s, const tl_timeline *tl, size_t i)
{
	const tl_event *e = &tl->events[i];
	if (!e->series || e->rid.kind == TL_RID_NONE)
		return;
	/* An instance iCalendar cannot name (render_ics.c's years) leaves
	 * the event on its own. */
	int64_t y;
	int m, d;
	tl_civil_from_days(e->rid.kind == TL_RID_DATE ? e->rid.at
	                   : e->rid.at / 86400 - (e->rid.at % 86400 < 0),
	                   &y, &m, &d);
	if (y < 1 || y > 3000)
		return;
	s->tl = tl;
	if (!s->series_of)
		s->series_of = tl_xcalloc(tl->nevents, sizeof(*s->series_of));
	long g = tl_index_find(&s->index, e->series, strlen(e->series),
	                       series_key, s);
	if (g < 0) {
		if (s->nseries == s->cap) {
			s->cap = s->cap ? s->cap * 2 : 16;
			s->series = tl_xrealloc(s->series, s->cap * sizeof(*s->series));
		}
		g = (long)s->nseries++;
		tl_ics_series *sr = &s->series[g];
		memset(sr, 0, sizeof(*sr));
		sr->first = i;
		sr->kind = e->rid.kind;
		tl_index_add(&s->index, (uint32_t)g, series_key, s);
	}
	tl_ics_series *sr = &s->series[g];
	if (sr->kind != e->rid.kind)
		return;
	if (sr->n == sr->cap) {
		sr->cap = sr->cap ? sr->cap * 2 : 8;
		sr->v = tl_xrealloc(sr->v, sr->cap * sizeof(*sr->v));
	}
	sr->v[sr->n++] = (tl_ics_instance){e->rid.at, i};
	s->series_of[i] = (uint32_t)g + 1;
}

static int instance_cmp(const void *a, const void *b)
{
	const tl_ics_instance *p = a, *q = b;
	if (p->at != q->at)
		return p->at < q->at ? -1 : 1;
	return p->event < q->event ? -1 : p->event > q->event;
}

void tl_ics_series_finish(tl_ics_series_set *s, const tl_timeline *tl)
{
	for (size_t g = 0; g < s->nseries; g++) {
		tl_ics_series *sr = &s->series[g];
		qsort(sr->v, sr->n, sizeof(*sr->v), instance_cmp);
		size_t k = 0;
		for (size_t j = 0; j < sr->n; j++) {
			if (k && sr->v[j].at == sr->v[k - 1].at) {
				s->series_of[sr->v[j].event] = 0;
				continue;
			}
			sr->v[k++] = sr->v[j];
		}
		sr->n = k;
		sr->content = sr->v[0].event;
		for (size_t j = 0; j < sr->n; j++)
			if (tl->events[sr->v[j].event].status_kind !=
			    TL_STATUS_CANCELLED) {
				sr->content = sr->v[j].event;
				break;
			}
		/* The master goes before the first occurrence still in; the
		 * index is done with, so first may now name any of them. */
		sr->first = SIZE_MAX;
		for (size_t j = 0; j < sr->n; j++)
			if (sr->v[j].event < sr->first)
				sr->first = sr->v[j].event;
	}
}

void tl_ics_series_release(tl_ics_series_set *s)
{
	for (size_t g = 0; g < s->nseries; g++)
		free(s->series[g].v);
	free(s->series);
	free(s->series_of);
	tl_index_clear(&s->index);
	memset(s, 0, sizeof(*s));
}
