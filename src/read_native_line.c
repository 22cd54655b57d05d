/*
 * read_native_line.c - the native reader's lines and messages: every line is
 * checked for bytes no text file holds, and cleaned of the characters that
 * text drops (docs/format.md, "Text"), with a column map so that messages
 * still point into the line as written.
 */
#include "read_native.h"

#include <stdlib.h>
#include <string.h>

int parse_raw_col(const parser *p, int col)
{
	if (!p->mapped || col < 1)
		return col;
	size_t c = (size_t)col - 1, n = p->clean.len;
	if (c <= n)
		return (int)p->colmap[c] + 1;
	return (int)(p->colmap[n] + (c - n)) + 1;
}

static void emit(parser *p, tl_severity sev, int col, int len,
                 const char *fmt, va_list ap)
    __attribute__((format(printf, 5, 0)));
static void report(parser *p, tl_severity sev, int col, int len,
                   const char *fmt, va_list ap)
    __attribute__((format(printf, 5, 0)));

/* Adds a diagnostic at column col of the line as written. */
static void emit(parser *p, tl_severity sev, int col, int len,
                 const char *fmt, va_list ap)
{
	char msg[TL_DIAG_MSG_MAX];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	tl_diags_add(p->diags, sev, TL_INVALID, p->line, col, len, "%s",
	             msg);
}

static void report(parser *p, tl_severity sev, int col, int len,
                   const char *fmt, va_list ap)
{
	int rc = parse_raw_col(p, col);
	if (p->mapped && len > 0)
		len = parse_raw_col(p, col + len) - rc;
	emit(p, sev, rc, len, fmt, ap);
}

void parse_error(parser *p, int col, int len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(p, TL_SEV_ERROR, col, len, fmt, ap);
	va_end(ap);
}

void parse_warn(parser *p, int col, int len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(p, TL_SEV_WARNING, col, len, fmt, ap);
	va_end(ap);
}

/* A warning at column col of the line as written. */
void parse_warn_raw(parser *p, int col, int len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	emit(p, TL_SEV_WARNING, col, len, fmt, ap);
	va_end(ap);
}

void parse_warn_dropped(parser *p, int col, int len, uint32_t cp,
                        size_t more)
{
	if (p->warned_drop)
		return;
	p->warned_drop = 1;
	const char *what = cp >= 0xFFFE ? "noncharacter" : "control character";
	if (more)
		parse_warn_raw(p, col, len,
		               "%s U+%04X dropped (and %zu more on this line)",
		               what, (unsigned)cp, more);
	else
		parse_warn_raw(p, col, len, "%s U+%04X dropped", what,
		               (unsigned)cp);
}

/* Copies the line s[0..n) without the characters text drops into
 * p->clean, the first of them at offset drop, and points *s and *n at the
 * copy. */
static void clean_line(parser *p, const char **s, size_t *n, size_t drop)
{
	const unsigned char *u = (const unsigned char *)*s;
	if (p->colmap_cap < *n + 1) {
		p->colmap_cap = *n + 1;
		p->colmap = tl_xrealloc(p->colmap,
		                        p->colmap_cap * sizeof(*p->colmap));
	}
	p->clean.len = 0;
	tl_buf_put(&p->clean, (const char *)u, drop);
	for (size_t i = 0; i < drop; i++)
		p->colmap[i] = i;
	size_t more = 0, first_len = 0;
	uint32_t first = 0;
	for (size_t i = drop; i < *n;) {
		size_t l = u[i] < 0x80 ? 1 : tl_utf8_seq_len(u + i, *n - i);
		uint32_t cp = tl_utf8_decode(u + i, l);
		if (tl_text_drops(cp)) {
			if (first_len)
				more++;
			else {
				first = cp;
				first_len = l;
			}
		} else {
			for (size_t k = 0; k < l; k++)
				p->colmap[p->clean.len + k] = i + k;
			tl_buf_put(&p->clean, (const char *)u + i, l);
		}
		i += l;
	}
	p->colmap[p->clean.len] = *n;
	p->mapped = 1;
	parse_warn_dropped(p, (int)drop + 1, (int)first_len, first, more);
	*s = p->clean.data;
	*n = p->clean.len;
}

int parse_read_line(parser *p, const char **s, size_t *n)
{
	p->mapped = 0;
	p->warned_drop = 0;
	p->raw = *s;
	const char *nul = memchr(*s, '\0', *n);
	if (nul) {
		parse_error(p, (int)(nul - *s) + 1, 1, "NUL byte in line");
		return 0;
	}
	size_t drop;
	size_t bad = tl_text_check(*s, *n, &drop);
	if (bad < *n) {
		parse_error(p, (int)bad + 1, 1, "invalid UTF-8 byte 0x%02X",
		            (unsigned char)(*s)[bad]);
		return 0;
	}
	if (*n > MAX_LINE) {
		parse_error(p, MAX_LINE + 1, 1,
		            "line is longer than %d bytes", MAX_LINE);
		return 0;
	}
	if (drop < *n)
		clean_line(p, s, n, drop);
	return 1;
}

