/*
 * fuzz_ics_lines.c - libFuzzer target for tl_ics_lines(), which stands
 * between libical's serialization and the feed: for any text it returns
 * NULL, or content lines that keep RFC 5545's wire rules (1-75 octets a
 * line, CRLF, no fold inside a UTF-8 sequence) and unfold to what the
 * input unfolds to.  Seeds: tests/fuzz/corpus/ics_lines/.
 */
#include "ics.h"
#include "private.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* s with every CRLF-space removed, left to right.  The caller frees the
 * result with free(). */
static char *unfold(const char *s)
{
	size_t n = strlen(s), k = 0;
	char *u = tl_xmalloc(n + 1);
	for (size_t i = 0; i < n;) {
		if (i + 2 < n && s[i] == '\r' && s[i + 1] == '\n' && s[i + 2] == ' ')
			i += 3;
		else
			u[k++] = s[i++];
	}
	u[k] = '\0';
	return u;
}

/* Traps unless every physical line of s is 1-75 octets of UTF-8 ended by
 * CRLF, a continuation starting with more than its space. */
static void check_wire(const char *s)
{
	while (*s) {
		size_t len = strcspn(s, "\r\n");
		if (len < 1 || len > 75 || s[len] != '\r' || s[len + 1] != '\n')
			__builtin_trap();
		if (tl_utf8_check(s, len) != len)
			__builtin_trap();
		if (s[0] == ' ' && len < 2)
			__builtin_trap();
		s += len + 2;
	}
}

/* One input, cut at its first NUL as libical's strings are. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = tl_xstrndup((const char *)data, size);
	char *want = unfold(in);
	tl_buf scratch = {0};
	char *out = tl_ics_lines(in, &scratch); /* takes in */
	if (out) {
		check_wire(out);
		char *got = unfold(out);
		if (strcmp(got, want) != 0)
			__builtin_trap();
		free(got);
	}
	free(out);
	free(want);
	free(scratch.data);
	return 0;
}
