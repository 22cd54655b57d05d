/*
 * cli_report.c - diagnostics on the terminal, worded like a compiler:
 *
 *   dateline: events/x.mw:12:6: error: invalid month '13' in date '2017-13'
 *      12 | 2017-13: Title
 *         |      ^~
 *
 * Colour only on a terminal, never with NO_COLOR, always with --color=always.
 */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int use_color = -1; /* -1 until decided */

void cli_set_color(cli_color c)
{
	const char *no = getenv("NO_COLOR");
	if (c == CLI_COLOR_ALWAYS)
		use_color = 1;
	else if (c == CLI_COLOR_NEVER || (no && *no))
		use_color = 0;
	else
		use_color = isatty(STDERR_FILENO);
}

static const char *paint(const char *code)
{
	if (use_color < 0)
		cli_set_color(CLI_COLOR_AUTO);
	return use_color ? code : "";
}

#define BOLD "\033[1m"
#define RED "\033[1;31m"
#define MAGENTA "\033[1;35m"
#define GREEN "\033[1;32m"
#define RESET "\033[0m"

/* ---- text a terminal can print ----
 *
 * Every byte of a message or a source line that a terminal would act on is
 * shown escaped, so a value read from an event file, a file name or an
 * option cannot move the cursor, retitle the window or ring the bell:
 *
 *   C0 controls and DEL      \xHH            (ESC is \x1b, BEL \x07)
 *   invalid UTF-8 bytes      \xHH
 *   C1 controls U+0080-009F  \u00HH          (\u0085 for NEL)
 *   line and paragraph separators, bidirectional overrides and isolates
 *                            \u2028-\u202e, \u2066-\u2069
 *
 * A tab stays a tab in a source line (the caret line uses a tab too) and is
 * \x09 in a message.  A backslash is not escaped. */

/* A small buffer in front of stderr: one write per line or so, and no
 * allocation, so printing never fails for want of memory. */
typedef struct errbuf {
	char data[2048];
	size_t len;
} errbuf;

static void eb_flush(errbuf *b)
{
	fwrite(b->data, 1, b->len, stderr);
	b->len = 0;
}

static void eb_put(errbuf *b, const char *s, size_t n)
{
	while (n) {
		if (b->len == sizeof(b->data))
			eb_flush(b);
		size_t k = sizeof(b->data) - b->len;
		k = k < n ? k : n;
		memcpy(b->data + b->len, s, k);
		b->len += k;
		s += k;
		n -= k;
	}
}

static void eb_puts(errbuf *b, const char *s)
{
	eb_put(b, s, strlen(s));
}

static void eb_printf(errbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void eb_printf(errbuf *b, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n > 0)
		eb_put(b, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

/* How the character at s (n > 0 bytes left) is shown: shown gets the text
 * (NUL-terminated); returns how many bytes of s it stands for (>= 1). */
static size_t show_char(const char *s, size_t n, int keep_tab, char shown[8])
{
	const unsigned char *u = (const unsigned char *)s;
	size_t k = u[0] < 0x80 ? 1 : u[0] >= 0xC2 && u[0] <= 0xDF ? 2
	         : u[0] >= 0xE0 && u[0] <= 0xEF ? 3
	         : u[0] >= 0xF0 && u[0] <= 0xF4 ? 4 : 0;
	if ((u[0] < 0x20 && !(u[0] == '\t' && keep_tab)) || u[0] == 0x7F ||
	    k == 0 || k > n || tl_utf8_check(s, k) != k) {
		snprintf(shown, 8, "\\x%02x", u[0]);
		return 1;
	}
	if (k == 2 && u[0] == 0xC2 && u[1] < 0xA0) {
		snprintf(shown, 8, "\\u%04x", u[1]);
		return 2;
	}
	if (k == 3 && u[0] == 0xE2 &&
	    ((u[1] == 0x80 && u[2] >= 0xA8 && u[2] <= 0xAE) ||
	     (u[1] == 0x81 && u[2] >= 0xA6 && u[2] <= 0xA9))) {
		snprintf(shown, 8, "\\u%04x",
		         0x2000 | ((u[1] & 0x3F) << 6) | (u[2] & 0x3F));
		return 3;
	}
	memcpy(shown, s, k);
	shown[k] = '\0';
	return k;
}

/* The columns show_char()'s text takes: one for a character, the length of
 * an escape. */
static size_t column_width(const char *shown)
{
	return (unsigned char)shown[0] >= 0x80 ? 1 : strlen(shown);
}

/* Appends s[0..n) to b, escaped as above. */
static void eb_escaped(errbuf *b, const char *s, size_t n, int keep_tab)
{
	char shown[8];
	while (n) {
		size_t k = show_char(s, n, keep_tab, shown);
		eb_puts(b, shown);
		s += k;
		n -= k;
	}
}

/* Appends to b what lines up under s[0..n) as eb_escaped() shows it: a tab
 * under a tab, and a blank for every other column (a character counts
 * once, an escape as wide as it is written). */
static void eb_blanks(errbuf *b, const char *s, size_t n)
{
	char shown[8];
	while (n) {
		size_t k = show_char(s, n, 1, shown);
		if (shown[0] == '\t')
			eb_put(b, "\t", 1);
		else
			for (size_t w = column_width(shown); w; w--)
				eb_put(b, " ", 1);
		s += k;
		n -= k;
	}
}

/* How many columns s[0..n) takes as eb_escaped() shows it. */
static size_t shown_width(const char *s, size_t n)
{
	char shown[8];
	size_t w = 0;
	while (n) {
		size_t k = show_char(s, n, 1, shown);
		w += column_width(shown);
		s += k;
		n -= k;
	}
	return w;
}

/* How many bytes of s[0..n) fit in cols columns as eb_escaped() shows
 * them, cut between characters. */
static size_t fitting(const char *s, size_t n, size_t cols)
{
	char shown[8];
	size_t i = 0, w = 0;
	while (i < n) {
		size_t k = show_char(s + i, n - i, 1, shown);
		w += column_width(shown);
		if (w > cols)
			break;
		i += k;
	}
	return i;
}

/* Formats a message and prints it escaped after "dateline: ", then tail
 * (ours, not escaped) and a newline. */
static void print_message(const char *tail, const char *fmt, va_list ap)
{
	char tmp[1024], *msg = tmp;
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	if (n >= (int)sizeof(tmp)) {
		msg = tl_xmalloc((size_t)n + 1);
		vsnprintf(msg, (size_t)n + 1, fmt, again);
	}
	va_end(again);
	errbuf b;
	b.len = 0;
	eb_puts(&b, "dateline: ");
	eb_escaped(&b, msg, n > 0 ? (size_t)n : 0, 0);
	eb_puts(&b, tail);
	eb_puts(&b, "\n");
	eb_flush(&b);
	if (msg != tmp)
		free(msg);
}

void cli_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	print_message("", fmt, ap);
	va_end(ap);
}

int cli_usage(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	print_message(" (try 'dateline --help')", fmt, ap);
	va_end(ap);
	return CLI_EXIT_USAGE;
}

/* ---- diagnostics ---- */

static int max_shown = 20; /* 0: all */

int cli_set_max_errors(const char *arg)
{
	long v = 0;
	const char *p = arg;
	for (; *p >= '0' && *p <= '9' && v <= 1000000; p++)
		v = v * 10 + (*p - '0');
	if (p == arg || *p || v > 1000000)
		return cli_usage("--max-errors must be a whole number from 0 (show "
		                 "all) to 1000000, not '%s'", arg);
	max_shown = (int)v;
	return 0;
}

tl_diags *cli_diags_new(void)
{
	return tl_diags_new(max_shown);
}

/* Finds line number `line` (1-based) in src; sets *n to its length
 * without the newline. */
static const char *find_line(const char *src, size_t len, int line,
                             size_t *n)
{
	const char *p = src, *end = src + len;
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	for (int i = 1; i < line; i++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return NULL;
		p = nl + 1;
	}
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	*n = nl ? (size_t)(nl - p) : (size_t)(end - p);
	if (*n && p[*n - 1] == '\r')
		(*n)--;
	return p;
}

/* The source line of g, escaped, then the caret line under the bytes g
 * points at: '^' under the first column, '~' under the rest. */
static void show_source(errbuf *b, const tl_diag *g, const char *src,
                        size_t len)
{
	size_t n;
	const char *l = find_line(src, len, g->line, &n);
	if (!l)
		return;
	/* Keep very long lines short: the first 200 columns, when the caret
	 * falls well inside them. */
	size_t fit = fitting(l, n, 200);
	if (fit < n && (size_t)g->col - 1 + 50 > fit)
		return;
	n = fit;
	eb_printf(b, "%5d | ", g->line);
	eb_escaped(b, l, n, 1);
	eb_puts(b, "\n      | ");
	size_t at = (size_t)g->col - 1 < n ? (size_t)g->col - 1 : n;
	size_t span = g->len > 0 ? (size_t)g->len : 1;
	span = span < n - at ? span : n - at;
	size_t w = shown_width(l + at, span);
	eb_blanks(b, l, at);
	eb_puts(b, paint(GREEN));
	eb_puts(b, "^");
	for (size_t i = 1; i < w; i++)
		eb_puts(b, "~");
	eb_puts(b, paint(RESET));
	eb_puts(b, "\n");
}

/* "FILE: 37 more errors and 5 more warnings not shown (...)" */
static void show_more(errbuf *b, const char *file, int errors, int warnings)
{
	eb_puts(b, "dateline: ");
	eb_escaped(b, file, strlen(file), 0);
	eb_puts(b, ": ");
	if (errors)
		eb_printf(b, "%d more error%s", errors, errors == 1 ? "" : "s");
	if (errors && warnings)
		eb_puts(b, " and ");
	if (warnings)
		eb_printf(b, "%d more warning%s", warnings, warnings == 1 ? "" : "s");
	eb_puts(b, " not shown (--max-errors 0 shows all)\n");
}

void cli_report(const tl_diags *d, const char *file, const char *src,
                size_t len)
{
	int errors = 0, warnings = 0;
	errbuf b;
	b.len = 0;
	for (size_t i = 0; i < tl_diags_count(d); i++) {
		if (max_shown && errors + warnings >= max_shown)
			break;
		const tl_diag *g = tl_diags_get(d, i);
		int err = g->severity == TL_SEV_ERROR;
		*(err ? &errors : &warnings) += 1;
		eb_puts(&b, "dateline: ");
		eb_puts(&b, paint(BOLD));
		eb_escaped(&b, file, strlen(file), 0);
		if (g->line > 0)
			eb_printf(&b, ":%d:%d", g->line, g->col);
		eb_puts(&b, ":");
		eb_puts(&b, paint(RESET));
		eb_puts(&b, " ");
		eb_puts(&b, paint(err ? RED : MAGENTA));
		eb_puts(&b, err ? "error:" : "warning:");
		eb_puts(&b, paint(RESET));
		eb_puts(&b, " ");
		eb_escaped(&b, g->message, strlen(g->message), 0);
		eb_puts(&b, "\n");
		if (g->line > 0 && src)
			show_source(&b, g, src, len);
		eb_flush(&b);
	}
	errors = tl_diags_errors(d) - errors;
	warnings = tl_diags_warnings(d) - warnings;
	if (errors > 0 || warnings > 0)
		show_more(&b, file, errors > 0 ? errors : 0,
		          warnings > 0 ? warnings : 0);
	eb_flush(&b);
}
