/*
 * util.h - the toolbox (util.c) that the library and the command share, as
 * mandoc's front end shares mandoc_aux.h: allocation that aborts when
 * memory runs out, a growable byte buffer, the one string hash.  Not part
 * of the public API (dateline.h), but the command may include it, so none
 * of this is written twice.  Everything else the library shares inside
 * itself is in private.h, which the command never includes.
 */
#ifndef DATELINE_UTIL_H
#define DATELINE_UTIL_H

#include "dateline.h"

#include <stddef.h>
#include <stdint.h>

/* ---- memory: out-of-memory aborts here and nowhere else ---- */

/* Each prints "dateline: out of memory" and aborts when memory runs out,
 * so callers never check for NULL; a size of 0 allocates 1 byte.
 * The caller frees the result with free(). */
void *tl_xmalloc(size_t n);
void *tl_xcalloc(size_t n, size_t size);
void *tl_xrealloc(void *p, size_t n);
char *tl_xstrndup(const char *s, size_t n);
char *tl_xstrdup(const char *s);

/* ---- a growable byte buffer ---- */

/* Zero-initialize it.  The caller frees data with free(). */
typedef struct tl_buf {
	char *data;
	size_t len, cap;
} tl_buf;

void tl_buf_put(tl_buf *b, const char *s, size_t n);
void tl_buf_puts(tl_buf *b, const char *s);
void tl_buf_putc(tl_buf *b, char c);
void tl_buf_printf(tl_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Sends b to write and empties it; returns write's result. */
int tl_buf_flush(tl_buf *b, tl_write_fn write, void *ctx);
/* A tl_write_fn appending to the tl_buf passed as ctx; never fails. */
int tl_buf_write(void *ctx, const char *data, size_t len);

/* ---- hashing ---- */

/* 64-bit FNV-1a over n bytes of s, continued from h; start from
 * TL_HASH_SEED.  Stable across runs and machines: feed UIDs, ETags and the
 * serve state's event hashes are made from it. */
#define TL_HASH_SEED 0xcbf29ce484222325ull
uint64_t tl_hash(uint64_t h, const void *s, size_t n);

#endif
