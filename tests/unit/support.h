/*
 * support.h - small helpers the unit tests share: reading an event file or
 * a string into a timeline that must have no errors (or, with parse(),
 * may have some) with the check of one of its diagnostics, and tl_write_fn
 * sinks
 * that collect into a tl_buf or refuse every write.  Include after
 * <cmocka.h> and private.h.
 */
#ifndef DATELINE_TEST_SUPPORT_H
#define DATELINE_TEST_SUPPORT_H

#include <stdio.h>
#include <string.h>

/* Parses text, asserting there is no error.  The caller frees the result
 * with tl_timeline_free(). */
static inline tl_timeline *support_parse_named(const char *name,
                                               const char *text, size_t len)
{
	tl_diags *d = tl_diags_new(0);
	tl_timeline *tl = tl_parse(name, text, len, d);
	assert_non_null(tl);
	assert_int_equal(tl_diags_errors(d), 0);
	tl_diags_free(d);
	return tl;
}

/* A timeline and the diagnostics of parsing it, errors allowed: for tests
 * of what the reader reports.  Free both with done(). */
typedef struct parsed {
	tl_timeline *tl;
	tl_diags *d;
} parsed;

static inline parsed parse(const char *text)
{
	parsed p;
	p.d = tl_diags_new(0);
	p.tl = tl_parse("t.mw", text, strlen(text), p.d);
	return p;
}

static inline void done(parsed *p)
{
	tl_timeline_free(p->tl);
	tl_diags_free(p->d);
}

/* Asserts that p's i-th diagnostic has severity sev, sits at line:col
 * and says msg. */
static inline void expect_diag(const parsed *p, size_t i, tl_severity sev,
                               int line, int col, const char *msg)
{
	const tl_diag *g = tl_diags_get(p->d, i);
	assert_non_null(g);
	assert_int_equal(g->severity, sev);
	assert_int_equal(g->line, line);
	assert_int_equal(g->col, col);
	assert_string_equal(g->message, msg);
}

static inline tl_timeline *support_parse(const char *text)
{
	return support_parse_named("t.mw", text, strlen(text));
}

/* Reads the event file at path (at most 1 MiB) and parses it.  The caller
 * frees the result with tl_timeline_free(). */
static inline tl_timeline *support_load(const char *path)
{
	static char buf[1 << 20];
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	size_t n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	return support_parse_named(path, buf, n);
}

/* A tl_write_fn appending to the tl_buf passed as ctx. */
static inline int support_collect(void *ctx, const char *data, size_t len)
{
	tl_buf_put(ctx, data, len);
	return 0;
}

/* A tl_write_fn that fails every write. */
static inline int support_refuse(void *ctx, const char *data, size_t len)
{
	(void)ctx;
	(void)data;
	(void)len;
	return -1;
}

#endif
