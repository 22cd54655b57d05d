/*
 * diag.c - diagnostics as data.  The library collects problems here with
 * their line and column; only the CLI decides how they are worded on a
 * terminal and which exit status they lead to.
 */
#include "private.h"

#include <stdlib.h>
#include <string.h>

struct tl_diags {
	tl_diag *items;
	size_t n, cap;
	int max_errors; /* of each severity; 0: no cap */
	int errors, warnings;
};

tl_diags *tl_diags_new(int max_errors)
{
	tl_diags *d = tl_xcalloc(1, sizeof(*d));
	d->max_errors = max_errors > 0 ? max_errors : 0;
	return d;
}

void tl_diags_free(tl_diags *d)
{
	if (!d)
		return;
	free(d->items);
	free(d);
}

size_t tl_diags_count(const tl_diags *d)
{
	return d->n;
}

const tl_diag *tl_diags_get(const tl_diags *d, size_t i)
{
	return i < d->n ? &d->items[i] : NULL;
}

int tl_diags_errors(const tl_diags *d)
{
	return d->errors;
}

int tl_diags_warnings(const tl_diags *d)
{
	return d->warnings;
}

int tl_diags_truncated(const tl_diags *d)
{
	return d->max_errors && d->errors > d->max_errors;
}

/* Warnings are capped at the same number as errors, so a file with a
 * million unknown keys cannot grow the list without bound (unless the
 * caller asked for no cap).  The first max_errors diagnostics, whatever
 * their severity, are therefore always all stored. */
void tl_diags_add(tl_diags *d, tl_severity sev, tl_status status, int line,
                  int col, int len, const char *fmt, ...)
{
	int *count = sev == TL_SEV_ERROR ? &d->errors : &d->warnings;
	(*count)++;
	if (d->max_errors && *count > d->max_errors)
		return;
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 8;
		d->items = tl_xrealloc(d->items, d->cap * sizeof(*d->items));
	}
	tl_diag *g = &d->items[d->n++];
	g->severity = sev;
	g->status = status;
	g->line = line;
	g->col = col;
	g->len = line > 0 && len < 1 ? 1 : len;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(g->message, sizeof(g->message), fmt, ap);
	va_end(ap);
}

void tl_diag_set(tl_diag *d, tl_severity sev, int col, int len,
                 const char *fmt, ...)
{
	memset(d, 0, sizeof(*d));
	d->severity = sev;
	d->status = TL_INVALID;
	d->col = col;
	d->len = len < 1 ? 1 : len;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(d->message, sizeof(d->message), fmt, ap);
	va_end(ap);
}
