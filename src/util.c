/*
 * util.c - the small helpers every module leans on: the xmalloc family (the
 * one place where running out of memory aborts), an arena for the model's
 * strings, a growable buffer for renderers, UTF-8 and text checks, and
 * the one string hash with the index built on it.  The allocation, the
 * buffer and the hash are the toolbox the command shares (util.h).
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

int tl_buf_write(void *ctx, const char *data, size_t len)
{
	tl_buf_put(ctx, data, len);
	return 0;
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

/* Code points that no text in the model may hold.  XML 1.0 forbids the C0
 * controls other than tab, line feed and carriage return, and U+FFFE and
 * U+FFFF; carriage return, DEL and the C1 controls are allowed there but
 * mean nothing in a title and are terminal hazards, so they go too.  Line
 * feed stays: it is how lines are joined in a description. */
int tl_text_drops(uint32_t cp)
{
	if (cp < 0x20)
		return cp != '\t' && cp != '\n';
	return (cp >= 0x7F && cp <= 0x9F) || cp == 0xFFFE || cp == 0xFFFF;
}

uint32_t tl_utf8_decode(const unsigned char *s, size_t len)
{
	if (len <= 1)
		return s[0];
	uint32_t cp = s[0] & (0xFFu >> (len + 1));
	for (size_t i = 1; i < len; i++)
		cp = (cp << 6) | (s[i] & 0x3F);
	return cp;
}

/* Bytes below 0x20 or equal to 0x7F, found eight at a time: "has less"
 * and "has zero" from Bit Twiddling Hacks, exact for whether any byte
 * matches. */
static int word_has_control(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ull, high = ones * 0x80;
	uint64_t del = w ^ (ones * 0x7F);
	return (((w - ones * 0x20) & ~w) | ((del - ones) & ~del)) & high ? 1 : 0;
}

size_t tl_text_check(const char *s, size_t n, size_t *drop)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	*drop = n;
	while (i < n) {
		/* Most text is printable ASCII: skip it eight bytes at a
		 * time. */
		while (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, u + i, 8);
			if ((w & 0x8080808080808080ull) || word_has_control(w))
				break;
			i += 8;
		}
		if (i >= n)
			break;
		size_t l = u[i] < 0x80 ? 1 : tl_utf8_seq_len(u + i, n - i);
		if (!l)
			return i;
		if (*drop == n && tl_text_drops(tl_utf8_decode(u + i, l)))
			*drop = i;
		i += l;
	}
	return n;
}

/* ---- hashing ---- */

uint64_t tl_hash(uint64_t h, const void *s, size_t n)
{
	const unsigned char *p = s;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

/* Open addressing with linear probing; a slot holds an item number + 1,
 * 0 when empty.  The table stays at most half full. */
static size_t index_slot(const tl_index *x, const char *s, size_t n,
                         tl_index_key_fn key, const void *ctx, int *found)
{
	size_t h = (size_t)tl_hash(TL_HASH_SEED, s, n) & x->mask;
	for (;; h = (h + 1) & x->mask) {
		*found = 0;
		if (!x->slot[h])
			return h;
		const char *k = key(ctx, x->slot[h] - 1);
		if (n && k[0] != s[0])
			continue;
		if (strncmp(k, s, n) == 0 && k[n] == '\0') {
			*found = 1;
			return h;
		}
	}
}

long tl_index_find(const tl_index *x, const char *s, size_t n,
                   tl_index_key_fn key, const void *ctx)
{
	if (!x->slot)
		return -1;
	int found;
	size_t h = index_slot(x, s, n, key, ctx, &found);
	return found ? (long)x->slot[h] - 1 : -1;
}

/* Makes room for n items, rehashing what is there through key(). */
static void index_grow(tl_index *x, size_t n, tl_index_key_fn key,
                       const void *ctx)
{
	size_t cap = x->slot ? x->mask + 1 : 16;
	while (cap < 2 * n)
		cap *= 2;
	if (x->slot && cap == x->mask + 1)
		return;
	uint32_t *old = x->slot;
	size_t oldcap = old ? x->mask + 1 : 0;
	x->slot = tl_xcalloc(cap, sizeof(*x->slot));
	x->mask = cap - 1;
	for (size_t i = 0; i < oldcap; i++) {
		if (!old[i])
			continue;
		const char *k = key(ctx, old[i] - 1);
		size_t h = (size_t)tl_hash(TL_HASH_SEED, k, strlen(k)) & x->mask;
		while (x->slot[h])
			h = (h + 1) & x->mask;
		x->slot[h] = old[i];
	}
	free(old);
}

void tl_index_reserve(tl_index *x, size_t n, tl_index_key_fn key,
                      const void *ctx)
{
	index_grow(x, n, key, ctx);
}

int tl_index_add(tl_index *x, uint32_t item, tl_index_key_fn key,
                 const void *ctx)
{
	if (!x->slot || 2 * (x->n + 1) > x->mask + 1)
		index_grow(x, x->n + 1, key, ctx);
	const char *k = key(ctx, item);
	int found;
	size_t h = index_slot(x, k, strlen(k), key, ctx, &found);
	if (found)
		return 0;
	x->slot[h] = item + 1;
	x->n++;
	return 1;
}

void tl_index_clear(tl_index *x)
{
	free(x->slot);
	x->slot = NULL;
	x->mask = 0;
	x->n = 0;
}

int tl_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
