/*
 * util.c - the small helpers every module leans on: the xmalloc family (the
 * one place where running out of memory aborts), an arena for the model's
 * strings, a growable buffer for renderers, and UTF-8 checks.
 */
#include "private.h"

#include <stdlib.h>
#include <string.h>

static void oom(void)
{
	/* The library never prints, except this one last word before abort:
	 * there is no way to hand an error back without memory. */
	fputs("dateline: out of memory\n", stderr);
	abort();
}

void *tl_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *tl_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *tl_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *tl_xstrndup(const char *s, size_t n)
{
	char *p = tl_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *tl_xstrdup(const char *s)
{
	return tl_xstrndup(s, strlen(s));
}

/* ---- arena ---- */

struct tl_arena_chunk {
	struct tl_arena_chunk *next;
	size_t used, size;
	max_align_t data[];
};

#define ARENA_MIN_CHUNK (64 * 1024)

void tl_arena_init(tl_arena *a)
{
	a->head = NULL;
	a->used_total = 0;
}

/* Allocates n bytes aligned to align (a power of two, at most
 * _Alignof(max_align_t)). */
static void *arena_alloc(tl_arena *a, size_t n, size_t align)
{
	struct tl_arena_chunk *c = a->head;
	size_t at = c ? (c->used + align - 1) & ~(align - 1) : 0;

	if (!c || at > c->size || c->size - at < n) {
		/* Chunks double up to 4 MiB so a big file costs few mallocs
		 * and a small one little memory. */
		size_t size = c ? c->size * 2 : ARENA_MIN_CHUNK;
		if (size > 4u * 1024 * 1024)
			size = 4u * 1024 * 1024;
		if (size < n)
			size = n;
		c = tl_xmalloc(sizeof(*c) + size);
		c->size = size;
		c->next = a->head;
		a->head = c;
		at = 0;
	}
	c->used = at;
	void *p = (char *)c->data + c->used;
	c->used += n;
	a->used_total += n;
	return p;
}

void *tl_arena_alloc(tl_arena *a, size_t n)
{
	return arena_alloc(a, n, _Alignof(max_align_t));
}

/* Strings need no alignment: packing them saves a third of the arena on
 * typical files. */
char *tl_arena_strndup(tl_arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1, 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void tl_arena_release(tl_arena *a)
{
	struct tl_arena_chunk *c = a->head;
	while (c) {
		struct tl_arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
	a->used_total = 0;
}

/* ---- buffer ---- */

static void buf_grow(tl_buf *b, size_t extra)
{
	if (b->cap - b->len > extra)
		return;
	size_t cap = b->cap ? b->cap : 256;
	while (cap - b->len <= extra)
		cap *= 2;
	b->data = tl_xrealloc(b->data, cap);
	b->cap = cap;
}

void tl_buf_put(tl_buf *b, const char *s, size_t n)
{
	buf_grow(b, n);
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void tl_buf_puts(tl_buf *b, const char *s)
{
	tl_buf_put(b, s, strlen(s));
}

void tl_buf_putc(tl_buf *b, char c)
{
	tl_buf_put(b, &c, 1);
}

void tl_buf_printf(tl_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

int tl_buf_flush(tl_buf *b, tl_write_fn write, void *ctx)
{
	int rc = 0;
	if (b->len)
		rc = write(ctx, b->data, b->len);
	b->len = 0;
	return rc;
}

/* ---- UTF-8 ---- */

size_t tl_utf8_seq_len(const unsigned char *s, size_t n)
{
	if (n == 0)
		return 0;
	unsigned c = s[0];
	if (c < 0x80)
		return 1;
	size_t len;
	unsigned min;
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4;
		min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	unsigned cp = c & (0xFFu >> (len + 1));
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	/* Over-long forms, surrogates and values past U+10FFFF are invalid. */
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

size_t tl_utf8_check(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		/* Most text is ASCII: skip it eight bytes at a time. */
		while (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, u + i, 8);
			if (w & 0x8080808080808080ull)
				break;
			i += 8;
		}
		if (i >= n)
			break;
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		size_t l = tl_utf8_seq_len(u + i, n - i);
		if (!l)
			return i;
		i += l;
	}
	return n;
}
