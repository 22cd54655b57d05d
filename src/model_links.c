/*
 * model_links.c - checks of the after: links between events, once ids are
 * known to be valid: a link that names a later event draws an arrow back
 * in time, and links that lead round in a circle say nothing about order.
 * Both are warnings at the id in the after: line, so check, render and ics
 * all report them.
 */
#include "private.h"

#include <stdlib.h>
#include <string.h>

typedef struct id_ref {
	const char *id;
	size_t ev;
} id_ref;

static int id_cmp(const void *x, const void *y)
{
	return strcmp(((const id_ref *)x)->id, ((const id_ref *)y)->id);
}

/* The event called id, or SIZE_MAX.  With duplicate ids (an error already
 * reported) any one of them. */
static size_t find(const id_ref *ids, size_t n, const char *id)
{
	id_ref key = {id, 0};
	const id_ref *f = bsearch(&key, ids, n, sizeof(*ids), id_cmp);
	return f ? f->ev : SIZE_MAX;
}

/* The column of e's k-th after: id, counting the list as written
 * "a, b, c" from the value's first column. */
static int id_col(const tl_event *e, uint32_t k)
{
	size_t col = e->after_col;
	for (uint32_t j = 0; j < k; j++)
		col += strlen(e->after[j]) + 2;
	return (int)col;
}

/* Appends s to the message buffer m of size n, cut where it ends. */
static void put(char *m, size_t n, const char *s)
{
	size_t l = strlen(m);
	if (l + 1 < n)
		snprintf(m + l, n - l, "%s", s);
}

/* Depth-first search over the links: state 0 unseen, 1 on the path, 2
 * done.  The path is kept explicitly so a million events cannot overflow
 * the C stack. */
typedef struct frame {
	size_t ev;
	uint32_t next; /* the next after: entry to follow */
} frame;

/* Warns at the link from path's last event u to event v, which is on the
 * path: v leads back to u through the events after it on the path.  The
 * message names them "u after v after ... after u". */
static void cycle(const tl_timeline *tl, const frame *path, size_t depth,
                  size_t v, uint32_t k, tl_diags *diags)
{
	const tl_event *e = &tl->events[path[depth - 1].ev];
	char m[240] = "";
	put(m, sizeof(m), e->id);
	size_t from = depth;
	while (from > 0 && path[from - 1].ev != v)
		from--;
	for (size_t i = from - 1; i < depth; i++) {
		put(m, sizeof(m), " after ");
		put(m, sizeof(m), tl->events[path[i].ev].id);
	}
	tl_diags_add(diags, TL_SEV_WARNING, TL_OK, (int)e->after_line,
	             id_col(e, k), (int)strlen(e->after[k]),
	             "'after' links form a cycle (%s), so they say nothing "
	             "about order",
	             m);
}

static void find_cycles(const tl_timeline *tl, const id_ref *ids, size_t nid,
                        tl_diags *diags)
{
	size_t n = tl->nevents;
	unsigned char *state = tl_xcalloc(n + 1, 1);
	frame *path = tl_xmalloc((n + 1) * sizeof(*path));
	for (size_t root = 0; root < n; root++) {
		if (state[root])
			continue;
		size_t depth = 0;
		path[depth++] = (frame){root, 0};
		state[root] = 1;
		while (depth) {
			frame *f = &path[depth - 1];
			const tl_event *e = &tl->events[f->ev];
			if (f->next == e->nafter) {
				state[f->ev] = 2;
				depth--;
				continue;
			}
			uint32_t k = f->next++;
			size_t v = find(ids, nid, e->after[k]);
			if (v == SIZE_MAX || v == f->ev)
				continue; /* already an error */
			if (state[v] == 1)
				cycle(tl, path, depth, v, k, diags);
			else if (state[v] == 0) {
				state[v] = 1;
				path[depth++] = (frame){v, 0};
			}
		}
	}
	free(path);
	free(state);
}

void tl_timeline_check_links(const tl_timeline *tl, tl_diags *diags)
{
	id_ref *ids = tl_xmalloc((tl->nevents + 1) * sizeof(*ids));
	size_t nid = 0, nlinks = 0;
	for (size_t i = 0; i < tl->nevents; i++) {
		if (tl->events[i].id)
			ids[nid++] = (id_ref){tl->events[i].id, i};
		nlinks += tl->events[i].nafter;
	}
	if (!nlinks) {
		free(ids);
		return;
	}
	qsort(ids, nid, sizeof(*ids), id_cmp);
	for (size_t i = 0; i < tl->nevents; i++) {
		const tl_event *e = &tl->events[i];
		for (uint32_t k = 0; k < e->nafter; k++) {
			size_t v = find(ids, nid, e->after[k]);
			if (v == SIZE_MAX || v == i)
				continue;
			const tl_event *b = &tl->events[v];
			if (b->date.lo <= e->date.lo)
				continue;
			char sa[64], sb[64];
			tl_date_format(&b->date, sb, sizeof(sb));
			tl_date_format(&e->date, sa, sizeof(sa));
			tl_diags_add(diags, TL_SEV_WARNING, TL_OK,
			             (int)e->after_line, id_col(e, k),
			             (int)strlen(e->after[k]),
			             "'after' names '%s', which starts later (%s) "
			             "than this event (%s): its arrow runs back in "
			             "time",
			             b->id, sb, sa);
		}
	}
	find_cycles(tl, ids, nid, diags);
	free(ids);
}
