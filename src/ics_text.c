/*
 * ics_text.c - text for the iCalendar feed, without libical: cleaning user
 * text so nothing in it can end a line, RFC 5545 TEXT escaping for the
 * values libical leaves unescaped, and the names the feed checks: UID
 * domains and time zones.
 */
#include "private.h"
#include "ics.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Appends s as feed text: CR LF and lone CR become LF, the other control
 * characters (except TAB) are dropped, and bytes that are not UTF-8
 * become U+FFFD.  libical escapes what is left; nothing it is handed can
 * end a line. */
void tl_ics_put_clean(tl_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		unsigned c = p[i];
		if (c == '\r') {
			tl_buf_putc(b, '\n');
			i += p[i + 1] == '\n' ? 2 : 1;
		} else if (c == '\n' || c == '\t' || (c >= 0x20 && c < 0x7f)) {
			size_t j = i + 1; /* copy the whole plain run at once */
			while (j < n && (p[j] == '\n' || p[j] == '\t' ||
			                 (p[j] >= 0x20 && p[j] < 0x7f)))
				j++;
			tl_buf_put(b, (const char *)p + i, j - i);
			i = j;
		} else if (c < 0x80) {
			i++; /* other C0 controls and DEL */
		} else {
			size_t l = tl_utf8_seq_len(p + i, n - i);
			if (l) {
				tl_buf_put(b, (const char *)p + i, l);
				i += l;
			} else {
				tl_buf_puts(b, "\xEF\xBF\xBD");
				i++;
			}
		}
	}
}

/* Appends s cleaned and escaped by the RFC 5545 TEXT rules (backslash,
 * semicolon, comma, newline), for the values libical does not escape
 * fully itself: CATEGORIES items and X- properties.  Cleans into b, then
 * widens the appended text in place, from its end, one escape at a
 * time. */
void tl_ics_put_escaped(tl_buf *b, const char *s)
{
	size_t start = b->len;
	tl_ics_put_clean(b, s);
	size_t extra = 0;
	for (size_t i = start; i < b->len; i++) {
		char c = b->data[i];
		extra += c == '\\' || c == ';' || c == ',' || c == '\n';
	}
	if (!extra)
		return;
	size_t from = b->len;
	for (size_t k = 0; k < extra; k++)
		tl_buf_putc(b, '\\'); /* room for the escapes */
	size_t to = b->len;
	while (from > start) {
		char c = b->data[--from];
		if (c == '\n') {
			b->data[--to] = 'n';
			b->data[--to] = '\\';
			continue;
		}
		b->data[--to] = c;
		if (c == '\\' || c == ';' || c == ',')
			b->data[--to] = '\\';
	}
}

/* The default UID domain for a file (contract in ics.h).  The caller
 * frees the result with free(). */
char *tl_ics_file_domain(const char *name)
{
	const char *base = name ? strrchr(name, '/') : NULL;
	base = base ? base + 1 : (name ? name : "");
	const char *dot = strrchr(base, '.');
	size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	tl_buf b = {0};
	for (size_t i = 0; i < n; i++) {
		char c = base[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			tl_buf_putc(&b, c);
		else if (b.len && b.data[b.len - 1] != '-')
			tl_buf_putc(&b, '-');
	}
	while (b.len && b.data[b.len - 1] == '-')
		b.len--;
	if (!b.len)
		tl_buf_puts(&b, "timeline");
	b.data[b.len] = '\0';
	tl_buf_puts(&b, ".dateline.invalid");
	return b.data;
}

/* True when zone names UTC itself: no VTIMEZONE, times with Z. */
int tl_ics_zone_is_utc(const char *zone)
{
	static const char *const utc[] = {"UTC", "Etc/UTC", "GMT", "Etc/GMT",
	                                  "Z", "Zulu", "Etc/Zulu"};
	for (size_t i = 0; i < sizeof(utc) / sizeof(*utc); i++)
		if (strcasecmp(zone, utc[i]) == 0)
			return 1;
	return 0;
}
