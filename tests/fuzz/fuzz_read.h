/*
 * fuzz_read.h - the body of the libFuzzer targets for the readers of other
 * formats (fuzz_read_csv.c, fuzz_read_json.c, fuzz_read_ics.c): any bytes
 * must read without a crash, leak or undefined behaviour; what comes out
 * must hold the model's invariants, dump cleanly, and be written as a
 * native file that the native reader reads without a crash.
 */
#include "private.h"

#include <stdlib.h>

static int collect(void *ctx, const char *data, size_t len)
{
	tl_buf_put(ctx, data, len);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int fuzz_read(const uint8_t *data, size_t size, tl_format fmt)
{
	tl_diags *d = tl_diags_new(0);
	tl_timeline *tl = tl_read("fuzz", (const char *)data, size, fmt, d);
	for (size_t i = 0; i < tl_timeline_count(tl); i++)
		if (tl_event_lane(tl_timeline_event(tl, i)) >= tl_timeline_lane_count(tl))
			__builtin_trap();
	for (size_t i = 0; i < tl_diags_count(d); i++)
		if (tl_diags_get(d, i)->line < 0 || tl_diags_get(d, i)->col < 0)
			__builtin_trap();
	tl_options o;
	tl_options_init(&o);
	tl_buf b = {0};
	tl_render_dump(tl, &o, collect, &b, d);
	if (!tl_diags_errors(d)) {
		b.len = 0;
		tl_render_mw(tl, &o, collect, &b, d);
		tl_diags *d2 = tl_diags_new(0);
		tl_timeline *back = tl_parse("fuzz.mw", b.data ? b.data : "", b.len, d2);
		if (tl_timeline_count(back) != tl_timeline_count(tl))
			__builtin_trap(); /* the import lost or made events */
		tl_timeline_free(back);
		tl_diags_free(d2);
	}
	free(b.data);
	tl_timeline_free(tl);
	tl_diags_free(d);
	return 0;
}
