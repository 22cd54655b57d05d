/*
 * ics_fold.c - content lines that are valid whatever libical's folding
 * does.  libical 3.0.16 folds a property after 74 octets counting the
 * CRLF that ends it, so a 73-octet run with no ';', ':' or space to fold
 * at is cut between that CR and LF: a bare CR, a bare LF, and readers
 * that each see a different value.  Every line libical serializes for
 * the feed goes through tl_ics_lines(): a line libical folded validly is
 * kept byte for byte (the feed stays what it was), any other is unfolded
 * and folded again by us.
 */
#include "private.h"
#include "ics.h"

#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>

/* RFC 5545 3.1: octets on a physical line, its CRLF aside. */
#define LINE_OCTETS 75

/* True when s[i..] starts a fold as libical writes one: CRLF, space. */
static int at_fold(const char *s, size_t n, size_t i)
{
	return i + 2 < n && s[i] == '\r' && s[i + 1] == '\n' && s[i + 2] == ' ';
}

/* True when s[0..n) is UTF-8: ASCII eight octets at a time, then octet
 * by octet, and tl_utf8_check() from the first octet that is not. */
static int utf8_ok(const char *s, size_t n)
{
	size_t i = 0;
	for (uint64_t w; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		if (w & 0x8080808080808080ull)
			break;
	}
	while (i < n && !((unsigned char)s[i] & 0x80))
		i++;
	return i == n || tl_utf8_check(s + i, n - i) == n - i;
}

/* Reads the content line libical wrote at s[*pos], a fold being CRLF and
 * one space wherever it stands (even between the CR and LF that end the
 * line, as libical 3.0.16 puts it), and moves *pos past its CRLF.
 * Returns 1 when libical's physical lines are valid as they stand (each
 * 1-75 octets of UTF-8, a continuation holding more than its space, no
 * fold inside a UTF-8 sequence or the CRLF), 0 when the line must be
 * unfolded and looked at whole, -1 when no folding can make it a content
 * line: empty, starting with a space, a tab or a fold (a reader would
 * take it for a continuation), a CR or LF inside it, or no CRLF at its
 * end. */
static int read_line(const char *s, size_t n, size_t *pos)
{
	size_t i = *pos;
	size_t octets = 0; /* on the current physical line, fold space too */
	int ok = 1, after_fold = 0, empty = 1;
	if (s[i] == ' ' || s[i] == '\t' || at_fold(s, n, i))
		return -1;
	for (;;) {
		if (at_fold(s, n, i)) {
			if (after_fold)
				ok = 0; /* a physical line of one space */
			i += 3;
			octets = 1;
			after_fold = 1;
			continue;
		}
		if (i >= n || s[i] == '\n')
			return -1;
		if (s[i] == '\r') {
			size_t j = i + 1;
			for (; at_fold(s, n, j); j += 3)
				ok = 0; /* a fold between CR and LF */
			if (j >= n || s[j] != '\n')
				return -1;
			*pos = j + 1;
			return empty ? -1 : after_fold ? 0 : ok;
		}
		/* The octets up to the next CR, which libical ends every
		 * line with: no LF among them, and UTF-8 on their own unless
		 * a fold split a sequence (seen whole by the caller). */
		const char *cr = memchr(s + i, '\r', n - i);
		size_t j = cr ? (size_t)(cr - s) : n;
		if (memchr(s + i, '\n', j - i))
			return -1;
		octets += j - i;
		if (octets > LINE_OCTETS || !utf8_ok(s + i, j - i))
			ok = 0;
		after_fold = 0;
		empty = 0;
		i = j;
	}
}

/* Appends to `logical` the content line s[0..n) that read_line() read,
 * unfolded and without its CRLF: every fold, and the CR and LF around
 * it, dropped. */
static void unfold_line(const char *s, size_t n, tl_buf *logical)
{
	for (size_t i = 0; i < n;) {
		if (at_fold(s, n, i)) {
			i += 3;
		} else if (s[i] == '\r' || s[i] == '\n') {
			i++; /* the line's end, which read_line() found */
		} else {
			const char *cr = memchr(s + i, '\r', n - i);
			size_t j = cr ? (size_t)(cr - s) : n;
			tl_buf_put(logical, s + i, j - i);
			i = j;
		}
	}
}

/* Appends the content line l[0..n), valid UTF-8, folded: at most
 * LINE_OCTETS octets on a physical line (a continuation's leading space
 * included), never inside a UTF-8 sequence, each line ended by CRLF. */
static void fold(tl_buf *out, const char *l, size_t n)
{
	size_t i = 0, room = LINE_OCTETS;
	for (;;) {
		size_t end = n - i <= room ? n : i + room;
		/* Back off to the start of a sequence: at most 3 octets, as
		 * the text is UTF-8. */
		while (end < n && end > i &&
		       ((unsigned char)l[end] & 0xC0) == 0x80)
			end--;
		tl_buf_put(out, l + i, end - i);
		tl_buf_put(out, "\r\n", 2);
		if (end >= n)
			return;
		tl_buf_putc(out, ' ');
		i = end;
		room = LINE_OCTETS - 1;
	}
}

/* Valid content lines for libical's serialization lib (contract in
 * ics.h).  The caller frees the result with free(). */
char *tl_ics_lines(char *lib, tl_buf *scratch)
{
	size_t n = strlen(lib), pos = 0;
	tl_buf out = {0};
	int refolded = 0;
	while (pos < n) {
		size_t start = pos;
		int r = read_line(lib, n, &pos);
		if (r == 1) {
			if (refolded)
				tl_buf_put(&out, lib + start, pos - start);
			continue;
		}
		scratch->len = 0;
		if (r == 0)
			unfold_line(lib + start, pos - start, scratch);
		if (r < 0 || !utf8_ok(scratch->data, scratch->len)) {
			free(out.data);
			free(lib);
			icalerrno = ICAL_MALFORMEDDATA_ERROR; /* says why */
			return NULL;
		}
		if (!refolded) {
			/* The first line to fold again: the lines before it
			 * are kept as libical wrote them. */
			refolded = 1;
			tl_buf_put(&out, lib, start);
		}
		fold(&out, scratch->data, scratch->len);
	}
	if (!refolded)
		return lib;
	free(lib);
	return out.data;
}
