/*
 * model.c - the timeline model: events, lanes and front matter, built by the
 * parser, then sorted and validated by tl_timeline_finish().  Renderers read
 * it through the accessors here (or the struct bodies in private.h).
 */
#include "private.h"

#include <stdlib.h>
#include <string.h>

tl_timeline *tl_timeline_new(const char *name)
{
	tl_timeline *tl = tl_xcalloc(1, sizeof(*tl));
	tl_arena_init(&tl->arena);
	tl->name = tl_xstrdup(name ? name : "-");
	return tl;
}

void tl_timeline_free(tl_timeline *tl)
{
	if (!tl)
		return;
	tl_arena_release(&tl->arena);
	free(tl->name);
	free(tl->meta);
	free(tl->events);
	free(tl->lanes);
	tl_index_clear(&tl->lane_index);
	tl_index_clear(&tl->meta_index);
	free(tl);
}

static const char *lane_key(const void *ctx, uint32_t i)
{
	return ((const tl_timeline *)ctx)->lanes[i];
}

static const char *meta_key(const void *ctx, uint32_t i)
{
	return ((const tl_timeline *)ctx)->meta[i].key;
}

/* Rebuilds the lane index after the lanes were reordered or dropped. */
static void reindex_lanes(tl_timeline *tl)
{
	tl_index_clear(&tl->lane_index);
	for (size_t i = 0; i < tl->nlanes; i++)
		tl_index_add(&tl->lane_index, (uint32_t)i, lane_key, tl);
}

/* The lane called name[0..len), or -1. */
static long find_lane(const tl_timeline *tl, const char *name, size_t len)
{
	return tl_index_find(&tl->lane_index, name, len, lane_key, tl);
}

size_t tl_timeline_lane_index(tl_timeline *tl, const char *name)
{
	long found = find_lane(tl, name, strlen(name));
	if (found >= 0)
		return (size_t)found;
	if (tl->nlanes == tl->lanes_cap) {
		tl->lanes_cap = tl->lanes_cap ? tl->lanes_cap * 2 : 8;
		tl->lanes = tl_xrealloc(tl->lanes,
		                        tl->lanes_cap * sizeof(*tl->lanes));
	}
	tl->lanes[tl->nlanes] = tl_arena_strndup(&tl->arena, name,
	                                         strlen(name));
	tl_index_add(&tl->lane_index, (uint32_t)tl->nlanes, lane_key, tl);
	return tl->nlanes++;
}

tl_event *tl_timeline_add_event(tl_timeline *tl)
{
	if (tl->nevents == tl->events_cap) {
		tl->events_cap = tl->events_cap ? tl->events_cap * 2 : 64;
		tl->events = tl_xrealloc(tl->events,
		                         tl->events_cap * sizeof(*tl->events));
	}
	tl_event *e = &tl->events[tl->nevents];
	memset(e, 0, sizeof(*e));
	e->seq = (uint32_t)tl->nevents++;
	return e;
}

void tl_timeline_set_meta(tl_timeline *tl, const char *key, const char *value)
{
	tl_timeline_set_meta_at(tl, key, value, 0, 0);
}

/* A later value for the same key replaces the earlier one, and its place. */
void tl_timeline_set_meta_at(tl_timeline *tl, const char *key,
                             const char *value, uint32_t line, uint32_t col)
{
	const char *v = tl_arena_strndup(&tl->arena, value, strlen(value));
	long i = tl_index_find(&tl->meta_index, key, strlen(key), meta_key, tl);
	if (i >= 0) {
		tl->meta[i].value = v;
		tl->meta[i].line = line;
		tl->meta[i].col = col;
		return;
	}
	if (tl->nmeta == tl->meta_cap) {
		tl->meta_cap = tl->meta_cap ? tl->meta_cap * 2 : 8;
		tl->meta = tl_xrealloc(tl->meta, tl->meta_cap * sizeof(*tl->meta));
	}
	tl->meta[tl->nmeta].key = tl_arena_strndup(&tl->arena, key, strlen(key));
	tl->meta[tl->nmeta].value = v;
	tl->meta[tl->nmeta].line = line;
	tl->meta[tl->nmeta].col = col;
	tl_index_add(&tl->meta_index, (uint32_t)tl->nmeta, meta_key, tl);
	tl->nmeta++;
}

const char *tl_timeline_meta(const tl_timeline *tl, const char *key)
{
	long i = tl_index_find(&tl->meta_index, key, strlen(key), meta_key, tl);
	return i >= 0 ? tl->meta[i].value : NULL;
}

const char *tl_timeline_name(const tl_timeline *tl) { return tl->name; }
size_t tl_timeline_count(const tl_timeline *tl) { return tl->nevents; }
size_t tl_timeline_lane_count(const tl_timeline *tl) { return tl->nlanes; }

const tl_event *tl_timeline_event(const tl_timeline *tl, size_t i)
{
	return i < tl->nevents ? &tl->events[i] : NULL;
}

const char *tl_timeline_lane(const tl_timeline *tl, size_t i)
{
	return i < tl->nlanes ? tl->lanes[i] : NULL;
}

/* ---- event accessors ---- */

const tl_date *tl_event_date(const tl_event *e) { return &e->date; }
const char *tl_event_date_text(const tl_event *e) { return e->date_text; }
const char *tl_event_title(const tl_event *e) { return e->title; }
const char *tl_event_description(const tl_event *e) { return e->description; }
const char *tl_event_id(const tl_event *e) { return e->id; }
size_t tl_event_lane(const tl_event *e) { return e->lane; }
int tl_event_line(const tl_event *e) { return (int)e->line; }
size_t tl_event_tag_count(const tl_event *e) { return e->ntags; }
size_t tl_event_source_count(const tl_event *e) { return e->nsources; }
size_t tl_event_link_count(const tl_event *e) { return e->nlinks; }
size_t tl_event_after_count(const tl_event *e) { return e->nafter; }

const char *tl_event_tag(const tl_event *e, size_t i)
{
	return i < e->ntags ? e->tags[i] : NULL;
}

const char *tl_event_source(const tl_event *e, size_t i)
{
	return i < e->nsources ? e->sources[i] : NULL;
}

const char *tl_event_link_text(const tl_event *e, size_t i)
{
	return i < e->nlinks ? e->links[i].text : NULL;
}

const char *tl_event_link_url(const tl_event *e, size_t i)
{
	return i < e->nlinks ? e->links[i].url : NULL;
}

const char *tl_event_after(const tl_event *e, size_t i)
{
	return i < e->nafter ? e->after[i] : NULL;
}

const char *tl_event_prop(const tl_event *e, const char *key)
{
	for (uint32_t i = 0; i < e->nprops; i++)
		if (strcmp(e->props[i].key, key) == 0)
			return e->props[i].value;
	return NULL;
}

/* Scheme compared case-insensitively (RFC 3986); the rest must be free of
 * anything that could end an attribute or a property: controls, spaces,
 * quotes, angle brackets, backslashes and backticks. */
int tl_url_is_safe(const char *url)
{
	static const char *const schemes[] = {"http://", "https://", "mailto:"};
	if (!url)
		return 0;
	int ok = 0;
	for (size_t i = 0; i < sizeof(schemes) / sizeof(*schemes); i++) {
		if (strncasecmp(url, schemes[i], strlen(schemes[i])) == 0 &&
		    url[strlen(schemes[i])] != '\0') {
			ok = 1;
			break;
		}
	}
	if (!ok)
		return 0;
	for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
		if (*p <= 0x20 || *p == 0x7f || *p == '"' || *p == '\'' ||
		    *p == '<' || *p == '>' || *p == '\\' || *p == '`')
			return 0;
	}
	return 1;
}

/* ---- sorting and validation ---- */

static int event_cmp(const tl_event *a, const tl_event *b)
{
	int c = tl_date_cmp(&a->date, &b->date);
	if (c)
		return c;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* A sort key: the day range inline, so most comparisons touch only this
 * small array; ties fall back to the full comparison. */
typedef struct sort_key {
	int64_t lo, hi;
	uint64_t shape; /* precisions, qualifiers and flags, packed */
	uint32_t seq;
	const tl_event *e;
} sort_key;

/* Packs what tl_date_cmp looks at after lo and hi, in its order of
 * precedence for the precisions; the rest only has to be equal or not. */
static uint64_t date_shape(const tl_date *d)
{
	return (uint64_t)d->start.prec << 56 | (uint64_t)d->end.prec << 48 |
	       (uint64_t)(d->is_interval != 0) << 40 |
	       (uint64_t)d->start.qual << 32 | (uint64_t)d->start.flags << 24 |
	       (uint64_t)d->end.qual << 16 | (uint64_t)d->end.flags << 8;
}

static int coarse(uint64_t shape)
{
	return (shape >> 56) <= TL_PREC_DAY && ((shape >> 48) & 0xff) <= TL_PREC_DAY;
}

static int key_cmp(const void *x, const void *y)
{
	const sort_key *a = x, *b = y;
	if (a->lo != b->lo)
		return a->lo < b->lo ? -1 : 1;
	if (a->hi != b->hi)
		return a->hi < b->hi ? -1 : 1;
	/* For dates of day precision or coarser, lo, hi and the precisions
	 * fix every calendar field, so what tl_date_cmp looks at next is
	 * exactly the packed shape, in the same order; only finer dates
	 * need the full comparison. */
	if (coarse(a->shape) && coarse(b->shape)) {
		if (a->shape != b->shape)
			return a->shape < b->shape ? -1 : 1;
		return a->seq < b->seq ? -1 : a->seq > b->seq;
	}
	return event_cmp(a->e, b->e);
}

/* Sorts by date, ties in file order.  Sorting small keys and applying the
 * permutation in place keeps big files fast: events are large and qsort
 * would copy them around log n times. */
static void sort_events(tl_timeline *tl)
{
	size_t n = tl->nevents;
	size_t i;
	for (i = 1; i < n; i++)
		if (event_cmp(&tl->events[i - 1], &tl->events[i]) > 0)
			break;
	if (i >= n)
		return; /* already sorted: the common case */

	sort_key *keys = tl_xmalloc(n * sizeof(*keys));
	for (i = 0; i < n; i++) {
		keys[i].lo = tl->events[i].date.lo;
		keys[i].hi = tl->events[i].date.hi;
		keys[i].shape = date_shape(&tl->events[i].date);
		keys[i].seq = tl->events[i].seq;
		keys[i].e = &tl->events[i];
	}
	qsort(keys, n, sizeof(*keys), key_cmp);
	uint32_t *idx = tl_xmalloc(n * sizeof(*idx));
	for (i = 0; i < n; i++)
		idx[i] = (uint32_t)(keys[i].e - tl->events);
	free(keys);

	/* Follow each cycle of the permutation: position i takes event
	 * idx[i], carried along with one spare event. */
	for (i = 0; i < n; i++) {
		if (idx[i] == i)
			continue;
		tl_event tmp = tl->events[i];
		size_t j = i;
		for (;;) {
			size_t k = idx[j];
			idx[j] = (uint32_t)j;
			if (k == i) {
				tl->events[j] = tmp;
				break;
			}
			tl->events[j] = tl->events[k];
			j = k;
		}
	}
	free(idx);
}

/* Reorders lanes: those named in the lanes: front matter first, in that
 * order, then the rest in first-use order; events are renumbered.  Names
 * are looked up in the lane index, so this is linear in lanes and events. */
static void order_lanes(tl_timeline *tl, tl_diags *diags)
{
	const char *spec = tl_timeline_meta(tl, "lanes");
	if (!spec)
		return;
	/* The parser stores lanes: as names separated by '\n'; each may add
	 * a lane. */
	size_t names = 1;
	for (const char *p = spec; *p; p++)
		names += *p == '\n';
	size_t cap = tl->nlanes + names;
	uint32_t *order = tl_xmalloc(cap * sizeof(*order));
	unsigned char *listed = tl_xcalloc(cap, 1);
	size_t k = 0;
	for (const char *p = spec; *p;) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		long j = find_lane(tl, p, len);
		if (j < 0) {
			/* Named but never used: an empty band the author
			 * asked for, kept in its place. */
			char *name = tl_xstrndup(p, len);
			j = (long)tl_timeline_lane_index(tl, name);
			free(name);
		}
		if (listed[j])
			tl_diags_add(diags, TL_SEV_WARNING, TL_INVALID,
			             (int)tl->lanes_line, 1, 5,
			             "lane '%.*s' is listed twice in 'lanes'",
			             (int)len, p);
		else {
			listed[j] = 1;
			order[k++] = (uint32_t)j;
		}
		p = end ? end + 1 : p + len;
	}
	size_t n = tl->nlanes;
	for (size_t j = 0; j < n; j++)
		if (!listed[j])
			order[k++] = (uint32_t)j;
	uint32_t *newidx = tl_xmalloc((n + 1) * sizeof(*newidx));
	const char **lanes = tl_xmalloc((n + 1) * sizeof(*lanes));
	for (size_t q = 0; q < n; q++) {
		newidx[order[q]] = (uint32_t)q;
		lanes[q] = tl->lanes[order[q]];
	}
	for (size_t i = 0; i < tl->nevents; i++)
		tl->events[i].lane = newidx[tl->events[i].lane];
	memcpy(tl->lanes, lanes, n * sizeof(*lanes));
	reindex_lanes(tl);
	free(lanes);
	free(newidx);
	free(listed);
	free(order);
}


/* A timed point in seconds since 1970-01-01 in its own frame: fixed
 * (UTC or an offset, *fixed set) or floating (as if UTC). */
static int64_t point_secs(const tl_point *p, int *fixed)
{
	int64_t t = p->lo * 86400 + p->hour * 3600 + p->minute * 60 + p->second;
	*fixed = (p->flags & (TL_PT_UTC | TL_PT_OFFSET)) != 0;
	if (p->flags & TL_PT_OFFSET)
		t -= (int64_t)p->tz_minutes * 60;
	return t;
}

/* Whether the interval from a to b runs forward (1), ends before it
 * starts (-1) or, both ends timed, at the instant it starts (0).  Open and
 * unknown ends run forward; two times compare as instants when both are
 * fixed or both floating, or when floating times are UTC (the file names
 * no timezone:).  In a file's zone a floating and a fixed time are
 * compared by the feed, which knows the zone's rules (render_ics.c). */
static int interval_order(const tl_point *a, const tl_point *b,
                          int floating_is_utc)
{
	if ((a->flags | b->flags) & (TL_PT_OPEN | TL_PT_UNKNOWN))
		return 1;
	if (b->hi <= a->lo)
		return -1;
	if (a->prec < TL_PREC_MINUTE || b->prec < TL_PREC_MINUTE)
		return 1;
	int fa, fb;
	int64_t ta = point_secs(a, &fa), tb = point_secs(b, &fb);
	if ((fa != fb && !floating_is_utc) || tb > ta)
		return 1;
	return tb < ta ? -1 : 0;
}
/* Ids are checked with a hash index of event indices, so a million
 * events validate in linear time. */
static const char *event_id(const void *ctx, uint32_t i)
{
	return ((const tl_timeline *)ctx)->events[i].id;
}

static const tl_event *id_find(const tl_index *x, const tl_timeline *tl,
                               const char *id)
{
	long i = tl_index_find(x, id, strlen(id), event_id, tl);
	return i >= 0 ? &tl->events[i] : NULL;
}

static void validate(tl_timeline *tl, tl_diags *diags)
{
	tl_index t = {0};
	tl_index_reserve(&t, tl->nevents, event_id, tl);

	/* Ids in file order, so "first used" names the earlier line. */
	uint32_t *byseq = tl_xmalloc((tl->nevents + 1) * sizeof(*byseq));
	for (size_t i = 0; i < tl->nevents; i++)
		byseq[tl->events[i].seq] = (uint32_t)i;
	for (size_t s = 0; s < tl->nevents; s++) {
		tl_event *e = &tl->events[byseq[s]];
		if (!e->id)
			continue;
		if (!tl_index_add(&t, byseq[s], event_id, tl)) {
			const tl_event *first = id_find(&t, tl, e->id);
			tl_diags_add(diags, TL_SEV_ERROR, TL_INVALID,
			             (int)e->id_line, (int)e->id_col,
			             (int)strlen(e->id),
			             "duplicate id '%s' (first used on line %u)",
			             e->id, first->id_line);
		}
	}

	int floating_is_utc = tl_timeline_meta(tl, "timezone") == NULL;
	for (size_t s = 0; s < tl->nevents; s++) {
		tl_event *e = &tl->events[byseq[s]];
		const tl_point *a = &e->date.start, *b = &e->date.end;
		int order = e->date.is_interval
		                ? interval_order(a, b, floating_is_utc)
		                : 1;
		if (order <= 0) {
			char sa[64], sb[64];
			tl_date pa = {*a, *a, a->lo, a->hi, 0};
			tl_date pb = {*b, *b, b->lo, b->hi, 0};
			tl_date_format(&pa, sa, sizeof(sa));
			tl_date_format(&pb, sb, sizeof(sb));
			tl_diags_add(diags, TL_SEV_ERROR, TL_INVALID,
			             (int)e->line, (int)e->col, (int)e->date_len,
			             "interval ends (%s) %s it starts (%s)", sb,
			             order < 0 ? "before" : "when", sa);
		}
		if (!e->title[0])
			tl_diags_add(diags, TL_SEV_ERROR, TL_INVALID,
			             (int)e->line, (int)e->title_col, 1,
			             "event has an empty title");
		for (uint32_t j = 0; j < e->nafter; j++) {
			const tl_event *target = id_find(&t, tl, e->after[j]);
			if (!target)
				tl_diags_add(diags, TL_SEV_ERROR, TL_INVALID,
				             (int)e->after_line, (int)e->after_col,
				             5, "'after' names unknown id '%s'",
				             e->after[j]);
			else if (target == e)
				tl_diags_add(diags, TL_SEV_ERROR, TL_INVALID,
				             (int)e->after_line, (int)e->after_col,
				             5, "event '%s' cannot follow itself",
				             e->id);
		}
	}
	free(byseq);
	tl_index_clear(&t);
}

/* Numbers events that share a lane and a date, in file order.  Sorted
 * events with equal dates are neighbours, in file order, so one pass with
 * a counter per lane does it; the counters touched are reset after each
 * run of equal dates. */
static void count_twins(tl_timeline *tl)
{
	uint32_t *count = tl_xcalloc(tl->nlanes + 1, sizeof(*count));
	size_t start = 0;
	for (size_t i = 0; i < tl->nevents; i++) {
		tl_event *e = &tl->events[i];
		if (tl_date_cmp(&e->date, &tl->events[start].date) != 0) {
			for (size_t j = start; j < i; j++)
				count[tl->events[j].lane] = 0;
			start = i;
		}
		e->twin = count[e->lane]++;
	}
	free(count);
}

void tl_timeline_finish(tl_timeline *tl, tl_diags *diags)
{
	order_lanes(tl, diags);
	tl_meta_finish(tl, diags);
	validate(tl, diags);
	sort_events(tl);
	count_twins(tl);
	tl_timeline_check_links(tl, diags);
}

/* ---- filtering ---- */

static int has_tag(const tl_event *e, const char *tag)
{
	for (uint32_t i = 0; i < e->ntags; i++)
		if (strcasecmp(e->tags[i], tag) == 0)
			return 1;
	return 0;
}

/* Keeps only the lane called name: the others are dropped and events
 * renumbered.  Returns 0 when no lane has that name. */
static int keep_lane(tl_timeline *tl, const char *name)
{
	long found = find_lane(tl, name, strlen(name));
	if (found < 0)
		return 0;
	size_t li = (size_t)found;
	size_t k = 0;
	for (size_t i = 0; i < tl->nevents; i++)
		if (tl->events[i].lane == li) {
			tl->events[k] = tl->events[i];
			tl->events[k++].lane = 0;
		}
	tl->nevents = k;
	tl->lanes[0] = tl->lanes[li];
	tl->nlanes = 1;
	reindex_lanes(tl);
	return 1;
}

/* An open end reaches indefinitely far, so "2017-09/.." is still going on
 * in 2018: the filter treats open and unknown ends as unbounded. */
static int overlaps(const tl_date *d, const tl_date *from, const tl_date *to)
{
	int open_start = d->is_interval && (d->start.flags & (TL_PT_OPEN | TL_PT_UNKNOWN));
	int open_end = d->is_interval && (d->end.flags & (TL_PT_OPEN | TL_PT_UNKNOWN));
	if (from && !open_end && d->hi <= from->lo)
		return 0;
	if (to && !open_start && d->lo >= to->hi)
		return 0;
	return 1;
}

int tl_timeline_filter(tl_timeline *tl, const tl_date *from,
                       const tl_date *to, const char *lane,
                       const char *const *tags, size_t ntags)
{
	if (lane && !keep_lane(tl, lane))
		return -1;
	if (!from && !to && ntags == 0)
		return 0;
	size_t k = 0;
	for (size_t i = 0; i < tl->nevents; i++) {
		const tl_event *e = &tl->events[i];
		int keep = overlaps(&e->date, from, to);
		for (size_t t = 0; keep && t < ntags; t++) {
			const char *tag = tags[t][0] == '#' ? tags[t] + 1 : tags[t];
			if (!has_tag(e, tag))
				keep = 0;
		}
		if (keep && k++ != i)
			tl->events[k - 1] = tl->events[i];
	}
	tl->nevents = k;
	return 0;
}
