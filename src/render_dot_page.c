/*
 * render_dot_page.c - the checks and fixes around the page that need no
 * Graphviz: whether a PNG can be drawn with readable text, and the dates
 * cairo stamps into a PDF.
 */
#define _GNU_SOURCE /* memmem */
#include "render_dot.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* The largest bitmap side cairo draws; Graphviz scales a larger diagram
 * down to fit, however small its text becomes. */
#define CAIRO_SIDE_MAX 32767.0
/* The smallest text a PNG may draw, in points at its resolution. */
#define PNG_TEXT_MIN 6.0

/* The smallest font size of any text l draws. */
static double smallest_text(const tl_layout *l)
{
	double m = HUGE_VAL;
#define TEXT(t) \
	if ((t).text && (t).text[0] && (t).size < m) \
		m = (t).size
	TEXT(l->title);
	TEXT(l->description);
	for (size_t i = 0; i < l->nevents; i++) {
		TEXT(l->events[i].date);
		TEXT(l->events[i].title);
	}
	for (size_t i = 0; i < l->nlanes; i++)
		TEXT(l->lanes[i].name);
	for (size_t i = 0; i < l->nticks; i++)
		TEXT(l->ticks[i].label);
	for (size_t i = 0; i < l->nlegend; i++)
		TEXT(l->legend[i].label);
	for (size_t i = 0; i < l->nfooter; i++)
		TEXT(l->footer[i]);
#undef TEXT
	return m;
}

/* True when the PNG of l under o can be drawn at its size with readable
 * text; else adds an error naming the options that size it.  --width
 * shrinks a vertical diagram (the graph's size attribute); a bitmap wider
 * or taller than cairo draws, or of 2 GiB or more, Graphviz would shrink
 * again, to a picture of nothing. */
int tl_dot_png_readable(const tl_layout *l, const tl_options *o,
                        tl_diags *diags)
{
	double fit = 1;
	if (l->vertical && o->width_in > 0)
		fit = fmin(1, fmin(o->width_in * 72 / l->width,
		                   10000.0 * 72 / l->height));
	int dpi = o->dpi > 0 ? o->dpi : 144;
	double w = ceil(l->width * fit * dpi / 72);
	double h = ceil(l->height * fit * dpi / 72);
	double text = smallest_text(l) * fit;
	if (w > CAIRO_SIDE_MAX || h > CAIRO_SIDE_MAX || w * h * 4 >= 0x1p31) {
		double shrink = fmin(1, fmin(CAIRO_SIDE_MAX / w, CAIRO_SIDE_MAX / h));
		shrink = fmin(shrink, sqrt(0x1p31 / (w * h * 4)));
		tl_diags_add(diags, TL_SEV_ERROR, TL_INVALID, 0, 0, 0,
		             "the PNG would be %.0f x %.0f pixels at %d dpi, beyond "
		             "what cairo draws (%.0f a side); scaled to fit, its "
		             "text would be %.1f pt: lower --dpi, change --width, "
		             "or render SVG or PDF",
		             w, h, dpi, CAIRO_SIDE_MAX, text * shrink);
		return 0;
	}
	if (text < PNG_TEXT_MIN) {
		tl_diags_add(diags, TL_SEV_ERROR, TL_INVALID, 0, 0, 0,
		             "at --width %g the PNG's text would be %.1f pt, below "
		             "the %.0f pt a reader needs; raise --width, or render "
		             "SVG or PDF",
		             o->width_in, text, PNG_TEXT_MIN);
		return 0;
	}
	return 1;
}

/* Writes the PDF date of time t (seconds since the epoch, in UTC) over
 * the date that starts at d, which is "D:YYYYMMDDHHmmSS" and then "Z" or
 * "+hh'mm" (cairo's forms), keeping its length.  Returns 0, or -1 when
 * the date there is not in one of those forms or t has no 4-digit year. */
static int pdf_date(char *d, size_t room, int64_t t)
{
	size_t n = 0;
	while (n < room && d[n] != ')')
		n++;
	if (n == room || n < 17 || memcmp(d, "D:", 2) != 0 ||
	    strspn(d + 2, "0123456789") < 14)
		return -1;
	const char *zone = d + 16;
	size_t zn = n - 16;
	int z = zn == 1 && zone[0] == 'Z';
	int offset = (zn == 6 || (zn == 7 && zone[6] == '\'')) &&
	             (zone[0] == '+' || zone[0] == '-') && zone[3] == '\'';
	int64_t days = t / 86400 - (t % 86400 < 0);
	int64_t secs = t - days * 86400, y;
	int m, dd;
	tl_civil_from_days(days, &y, &m, &dd);
	if ((!z && !offset) || y < 0 || y > 9999)
		return -1;
	char date[32];
	snprintf(date, sizeof(date), "D:%04d%02d%02d%02d%02d%02d%s", (int)y, m,
	         dd, (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60),
	         z ? "Z" : zn == 6 ? "+00'00" : "+00'00'");
	memcpy(d, date, n);
	return 0;
}

/* Sets the creation (and any modification) date in the PDF that cairo
 * wrote into pdf to t, so that one input gives one PDF: cairo stamps
 * the time of the render. */
void tl_dot_pdf_dates(tl_buf *pdf, int64_t t)
{
	static const char *const keys[] = {"/CreationDate (", "/ModDate ("};
	for (size_t i = 0; i < 2; i++) {
		size_t k = strlen(keys[i]);
		char *at = memmem(pdf->data, pdf->len, keys[i], k);
		if (at)
			pdf_date(at + k, pdf->len - (size_t)(at + k - pdf->data), t);
	}
}

