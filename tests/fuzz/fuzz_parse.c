/*
 * fuzz_parse.c - libFuzzer target for the event-file reader: any bytes
 * must parse without a crash, leak or undefined behaviour, and what comes
 * out must hold the model's invariants and dump cleanly: among them, no
 * string of the model and no message holds a character text drops.
 */
#include "private.h"

#include <stdlib.h>
#include <string.h>

static int discard(void *ctx, const char *data, size_t len)
{
	(void)ctx;
	(void)data;
	(void)len;
	return 0;
}

/* Traps when s holds a character that text drops (docs/format.md). */
static void clean(const char *s)
{
	size_t drop;
	if (s && (tl_text_check(s, strlen(s), &drop) != strlen(s) ||
	          drop != strlen(s)))
		__builtin_trap();
}

static void clean_event(const tl_event *e)
{
	clean(e->title);
	clean(e->description);
	clean(e->id);
	for (uint32_t i = 0; i < e->ntags; i++)
		clean(e->tags[i]);
	for (uint32_t i = 0; i < e->nsources; i++)
		clean(e->sources[i]);
	for (uint32_t i = 0; i < e->nlinks; i++) {
		clean(e->links[i].text);
		clean(e->links[i].url);
	}
	for (uint32_t i = 0; i < e->nprops; i++) {
		clean(e->props[i].key);
		clean(e->props[i].value);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tl_diags *d = tl_diags_new(0);
	tl_timeline *tl = tl_parse("fuzz.mw", (const char *)data, size, d);
	for (size_t i = 0; i < tl_timeline_count(tl); i++) {
		const tl_event *e = tl_timeline_event(tl, i);
		if (tl_event_lane(e) >= tl_timeline_lane_count(tl))
			__builtin_trap();
		clean_event(e);
		if (i > 0 && tl_diags_errors(d) == 0 &&
		    tl_date_cmp(tl_event_date(tl_timeline_event(tl, i - 1)),
		                tl_event_date(e)) > 0)
			__builtin_trap(); /* events must come out sorted */
	}
	for (size_t i = 0; i < tl_diags_count(d); i++) {
		const tl_diag *g = tl_diags_get(d, i);
		if (g->line < 0 || g->col < 0)
			__builtin_trap();
		clean(g->message);
	}
	for (size_t i = 0; i < tl_timeline_lane_count(tl); i++)
		clean(tl_timeline_lane(tl, i));
	for (size_t i = 0; i < tl->nmeta; i++)
		clean(tl->meta[i].value);
	tl_options o = {0}; /* the dump reads no option */
	tl_render_dump(tl, &o, discard, NULL, d);
	tl_timeline_free(tl);
	tl_diags_free(d);
	return 0;
}
