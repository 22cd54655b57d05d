/*
 * read_native_yaml.c - the quoted scalars of the front matter, read as YAML 1.2
 * reads them: a double-quoted value with its backslash escapes, a
 * single-quoted one where '' stands for a quote.  Pure functions over one
 * line: read_native.c reports what they find at the right line and column.
 */
#include "private.h"

#include <string.h>

/* The k hex digits at s[0..n) as a number, or -1 when there are fewer. */
static long hex_digits(const char *s, size_t n, size_t k)
{
	if (n < k)
		return -1;
	long v = 0;
	for (size_t i = 0; i < k; i++) {
		int d = tl_hex_digit(s[i]);
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

static void put_code_point(tl_buf *b, uint32_t cp)
{
	char u[4];
	size_t n;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | cp >> 6);
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | cp >> 12);
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | cp >> 18);
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	tl_buf_put(b, u, n);
}

/* The escapes of YAML 1.2 (section 5.7) that stand for one fixed
 * character; \x, \u and \U are read apart. */
static long simple_escape(char c)
{
	switch (c) {
	case '0': return 0x00;
	case 'a': return 0x07;
	case 'b': return 0x08;
	case 't': case '\t': return 0x09;
	case 'n': return 0x0A;
	case 'v': return 0x0B;
	case 'f': return 0x0C;
	case 'r': return 0x0D;
	case 'e': return 0x1B;
	case ' ': return ' ';
	case '"': return '"';
	case '/': return '/';
	case '\\': return '\\';
	case 'N': return 0x85;
	case '_': return 0xA0;
	case 'L': return 0x2028;
	case 'P': return 0x2029;
	default: return -1;
	}
}

/* Reads the escape at s[0..n) (s[0] is the backslash) into *cp; returns
 * its length, or 0 with err set (columns count from s).  A UTF-16
 * surrogate pair written as two \u escapes, as JSON writes it, is one
 * character. */
static size_t read_escape(const char *s, size_t n, uint32_t *cp, tl_diag *err)
{
	if (n < 2) {
		tl_diag_set(err, TL_SEV_ERROR, 1, 1,
		            "a '\\' ends the line inside a double-quoted value");
		return 0;
	}
	long v = simple_escape(s[1]);
	if (v >= 0) {
		*cp = (uint32_t)v;
		return 2;
	}
	size_t k = s[1] == 'x' ? 2 : s[1] == 'u' ? 4 : s[1] == 'U' ? 8 : 0;
	if (!k) {
		size_t l = tl_utf8_seq_len((const unsigned char *)s + 1, n - 1);
		tl_diag_set(err, TL_SEV_ERROR, 1, 1 + (int)l,
		            "unknown escape '\\%.*s' in a double-quoted value",
		            (int)l, s + 1);
		return 0;
	}
	v = hex_digits(s + 2, n - 2, k);
	if (v < 0) {
		tl_diag_set(err, TL_SEV_ERROR, 1, 2,
		            "escape '\\%c' needs %zu hexadecimal digits", s[1], k);
		return 0;
	}
	size_t len = 2 + k;
	if (v >= 0xD800 && v <= 0xDBFF && n >= len + 6 && s[len] == '\\' &&
	    s[len + 1] == 'u') {
		long lo = hex_digits(s + len + 2, n - len - 2, 4);
		if (lo >= 0xDC00 && lo <= 0xDFFF) {
			*cp = (uint32_t)(0x10000 + ((v - 0xD800) << 10) +
			                 (lo - 0xDC00));
			return len + 6;
		}
	}
	if (v >= 0xD800 && v <= 0xDFFF) {
		tl_diag_set(err, TL_SEV_ERROR, 1, (int)len,
		            "escape '%.*s' is half of a surrogate pair",
		            (int)len, s);
		return 0;
	}
	if (v > 0x10FFFF) {
		tl_diag_set(err, TL_SEV_ERROR, 1, (int)len,
		            "escape '%.*s' is past U+10FFFF", (int)len, s);
		return 0;
	}
	*cp = (uint32_t)v;
	return len;
}

/* Notes a character an escape produced that text drops. */
static void note_drop(tl_yaml_drops *d, size_t at, uint32_t cp)
{
	if (!d->count++) {
		d->first = at;
		d->first_cp = cp;
	}
}

static size_t double_quoted(const char *s, size_t n, tl_buf *out,
                            tl_diag *err, tl_yaml_drops *drops)
{
	size_t i = 1;
	while (i < n && s[i] != '"') {
		size_t j = i;
		while (j < n && s[j] != '"' && s[j] != '\\')
			j++;
		tl_buf_put(out, s + i, j - i);
		i = j;
		if (i >= n || s[i] == '"')
			break;
		uint32_t cp;
		size_t l = read_escape(s + i, n - i, &cp, err);
		if (!l) {
			err->col += (int)i;
			return 0;
		}
		if (tl_text_drops(cp))
			note_drop(drops, i, cp);
		else
			put_code_point(out, cp);
		i += l;
	}
	if (i >= n) {
		tl_diag_set(err, TL_SEV_ERROR, 1, 1,
		            "the double-quoted value is never closed");
		return 0;
	}
	return i + 1;
}

static size_t single_quoted(const char *s, size_t n, tl_buf *out,
                            tl_diag *err)
{
	size_t i = 1;
	for (;;) {
		const char *q = memchr(s + i, '\'', n - i);
		if (!q) {
			tl_diag_set(err, TL_SEV_ERROR, 1, 1,
			            "the single-quoted value is never closed");
			return 0;
		}
		size_t j = (size_t)(q - s);
		tl_buf_put(out, s + i, j - i);
		if (j + 1 < n && s[j + 1] == '\'') {
			tl_buf_putc(out, '\'');
			i = j + 2;
			continue;
		}
		return j + 1;
	}
}

size_t tl_yaml_quoted(const char *s, size_t n, tl_buf *out, tl_diag *err,
                      tl_yaml_drops *drops)
{
	memset(drops, 0, sizeof(*drops));
	if (!out->data)
		tl_buf_put(out, "", 0);
	if (n && s[0] == '"')
		return double_quoted(s, n, out, err, drops);
	return single_quoted(s, n, out, err);
}
