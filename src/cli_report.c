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

void cli_error(const char *fmt, ...)
{
	va_list ap;
	fputs("dateline: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_usage(const char *fmt, ...)
{
	va_list ap;
	fputs("dateline: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs(" (try 'dateline --help')\n", stderr);
	return TL_EXIT_USAGE;
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

/* The source line, with bytes that would garble a terminal shown as '?'
 * (the diagnostic is about them, usually), then the caret. */
static void show_source(const tl_diag *g, const char *src, size_t len)
{
	size_t n;
	const char *l = find_line(src, len, g->line, &n);
	if (!l)
		return;
	if (n > 200 && (size_t)g->col < 150) /* keep very long lines short */
		n = 200;
	else if (n > 200)
		return;
	fprintf(stderr, "%5d | ", g->line);
	for (size_t i = 0; i < n;) {
		size_t ok = tl_utf8_check(l + i, n - i);
		for (size_t j = i; j < i + ok; j++) {
			unsigned char c = (unsigned char)l[j];
			fputc(c == '\t' || c >= 0x20 ? c : '?', stderr);
		}
		i += ok;
		if (i < n) {
			fputc('?', stderr); /* an invalid byte */
			i++;
		}
	}
	fputc('\n', stderr);
	fputs("      | ", stderr);
	/* Pad to the column: tabs stay tabs, a UTF-8 character is one
	 * column (continuation bytes add nothing). */
	size_t upto = (size_t)g->col - 1 < n ? (size_t)g->col - 1 : n;
	for (size_t i = 0; i < upto;) {
		size_t ok = tl_utf8_check(l + i, upto - i);
		for (size_t j = i; j < i + ok; j++) {
			unsigned char c = (unsigned char)l[j];
			if (c == '\t')
				fputc('\t', stderr);
			else if ((c & 0xC0) != 0x80)
				fputc(' ', stderr);
		}
		i += ok;
		if (i < upto) {
			fputc(' ', stderr); /* under the '?' of an invalid byte */
			i++;
		}
	}
	fputs(paint(GREEN), stderr);
	fputc('^', stderr);
	for (int i = 1; i < g->len && (size_t)(g->col + i - 1) < n; i++)
		fputc('~', stderr);
	fputs(paint(RESET), stderr);
	fputc('\n', stderr);
}

void cli_report(const tl_diags *d, const char *file, const char *src,
                size_t len)
{
	for (size_t i = 0; i < tl_diags_count(d); i++) {
		const tl_diag *g = tl_diags_get(d, i);
		int err = g->severity == TL_SEV_ERROR;
		fprintf(stderr, "dateline: %s", paint(BOLD));
		if (g->line > 0)
			fprintf(stderr, "%s:%d:%d:", file, g->line, g->col);
		else
			fprintf(stderr, "%s:", file);
		fprintf(stderr, "%s %s%s:%s %s\n", paint(RESET),
		        paint(err ? RED : MAGENTA), err ? "error" : "warning",
		        paint(RESET), g->message);
		if (g->line > 0 && src)
			show_source(g, src, len);
	}
	if (tl_diags_truncated(d))
		cli_error("%s: %d errors in all; only the first %zu are shown",
		          file, tl_diags_errors(d), tl_diags_count(d));
}

int cli_diags_status(const tl_diags *d)
{
	int status = 0;
	for (size_t i = 0; i < tl_diags_count(d); i++) {
		const tl_diag *g = tl_diags_get(d, i);
		if (g->severity == TL_SEV_ERROR && g->exit_code > status)
			status = g->exit_code;
	}
	if (!status && tl_diags_errors(d))
		status = TL_EXIT_INVALID;
	return status;
}
