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

#include <stdlib.h>
#include <string.h>

/* RFC 5545 3.1: octets on a physical line, its CRLF aside. */
#define LINE_OCTETS 75

/* True when s[i..] starts a fold as libical writes one: CRLF, space. */
static int at_fold(const char *s, size_t n, size_t i)
{
	return i + 2 < n && s[i] == '\r' && s[i + 1] == '\n' && s[i + 2] == ' ';
}

/* Reads the content line libical wrote at s[*pos], a fold being CRLF and
 * one space wherever it stands (even between the CR and LF that end the
 * line, as libical 3.0.16 puts it).  Appends the unfolded line, without
 * its CRLF, to `logical` and moves *pos past its CRLF.  Returns 1 when
 * libical's physical lines are valid as they stand (each 1-75 octets, a
 * continuation holding more than its space, no fold inside a UTF-8
 * sequence or the CRLF), 0 when the line must be folded again, -1 when
 * no folding can make it a content line: empty, a CR or LF inside it, or
 * no CRLF at its end. */
static int read_line(const char *s, size_t n, size_t *pos, tl_buf *logical)
{
	size_t i = *pos;
	size_t octets = 0; /* on the current physical line, fold space too */
	int ok = 1, after_fold = 0;
	for (;;) {
		if (at_fold(s, n, i)) {
			if (after_fold || i == *pos)
				ok = 0; /* a physical line of one space, or none */
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
			if (after_fold)
				ok = 0;
			return logical->len ? ok : -1;
		}
		/* A run of plain octets, up to the next CR or LF. */
		size_t j = i;
		while (j < n && s[j] != '\r' && s[j] != '\n')
			j++;
		if (after_fold && ((unsigned char)s[i] & 0xC0) == 0x80)
			ok = 0; /* the fold split a UTF-8 sequence */
		after_fold = 0;
		octets += j - i;
		if (octets > LINE_OCTETS)
			ok = 0;
		tl_buf_put(logical, s + i, j - i);
		i = j;
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
		scratch->len = 0;
		int r = read_line(lib, n, &pos, scratch);
		if (r < 0 || tl_utf8_check(scratch->data, scratch->len) !=
		                 scratch->len) {
			free(out.data);
			free(lib);
			icalerrno = ICAL_MALFORMEDDATA_ERROR; /* says why */
			return NULL;
		}
		if (r == 0 && !refolded) {
			/* The first line to fold again: the lines before it
			 * are kept as libical wrote them. */
			refolded = 1;
			tl_buf_put(&out, lib, start);
		}
		if (r == 0)
			fold(&out, scratch->data, scratch->len);
		else if (refolded)
			tl_buf_put(&out, lib + start, pos - start);
	}
	if (!refolded)
		return lib;
	free(lib);
	return out.data;
}
