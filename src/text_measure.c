/*
 * text_measure.c - text widths and line wrapping for the diagram, with no
 * font library: a table of DejaVu Sans advance widths (measured once with
 * Graphviz's own pango text layout) and rough widths by Unicode block for
 * the rest, rounded up so labels sized from them never clip real text.
 */
#include "layout.h"

#include <stdlib.h>
#include <string.h>

/* Advance widths of DejaVu Sans for ' ' (32) .. '~' (126), in thousandths
 * of an em, rounded up. */
static const unsigned short ascii_width[95] = {
    319, 402, 460, 838, 637, 951, 781, 276, 391, 391, 501, 838, 319, 361,
    319, 337, 637, 637, 637, 637, 637, 637, 637, 637, 637, 637, 337, 337,
    838, 838, 838, 532, 1000, 709, 687, 699, 771, 632, 576, 775, 753, 295,
    295, 656, 558, 863, 748, 787, 604, 787, 695, 635, 595, 733, 685, 989,
    685, 611, 685, 391, 337, 391, 838, 501, 501, 613, 635, 550, 635, 616,
    345, 635, 634, 278, 278, 580, 278, 975, 634, 613, 635, 635, 396, 522,
    393, 634, 592, 818, 592, 592, 526, 637, 337, 637, 838};

/* Pango's hinting at small sizes widens some glyphs by a fraction of a
 * pixel; this margin covers it. */
#define SAFETY 1.08

/* Decodes the UTF-8 sequence at s (n bytes left) into *cp and returns its
 * length; an invalid byte counts as one character U+FFFD. */
static size_t decode(const char *s, size_t n, unsigned *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t len = tl_utf8_seq_len(u, n);
	if (len == 0) {
		*cp = 0xFFFD;
		return 1;
	}
	if (len == 1) {
		*cp = u[0];
		return 1;
	}
	unsigned c = u[0] & (0xFFu >> (len + 1));
	for (size_t i = 1; i < len; i++)
		c = (c << 6) | (u[i] & 0x3F);
	*cp = c;
	return len;
}

/* Width of one code point in thousandths of an em. */
static unsigned cp_width(unsigned cp)
{
	if (cp >= 32 && cp < 127)
		return ascii_width[cp - 32];
	if (cp < 32 || cp == 127)
		return ascii_width[0]; /* drawn as a space */
	if (cp >= 0x300 && cp < 0x370)
		return 0; /* combining marks */
	if (cp < 0x250)
		return 720; /* Latin-1 and Latin Extended */
	if (cp < 0x700)
		return 760; /* Greek, Cyrillic, Armenian, Hebrew, Arabic */
	if (cp >= 0x1F000)
		return 1300; /* emoji, drawn from a fallback font */
	return 1000;      /* CJK, symbols and everything else */
}

double tl_text_width(const char *s, size_t n, double size)
{
	unsigned long total = 0;
	size_t i = 0;
	while (i < n) {
		unsigned cp;
		i += decode(s + i, n - i, &cp);
		total += cp_width(cp);
	}
	return (double)total * size / 1000.0 * SAFETY;
}

/* A line being built: bytes in buf from start, width so far. */
typedef struct wrap_state {
	tl_buf out;
	double size, max_w;
	int max_lines, lines;
	double line_w, widest;
	int truncated;
} wrap_state;

static void end_line(wrap_state *w)
{
	if (w->line_w > w->widest)
		w->widest = w->line_w;
	w->lines++;
	w->line_w = 0;
}

/* Ends the current line and starts another; returns 0 instead when the
 * line was the last allowed. */
static int new_line(wrap_state *w)
{
	if (w->lines + 1 >= w->max_lines)
		return 0;
	end_line(w);
	tl_buf_putc(&w->out, '\n');
	return 1;
}

/* Appends one word (no spaces) to the output: on the current line when it
 * fits, else on a new line; a word too long for any line starts on the
 * current one when that has room and is split between characters.
 * Returns 0 once max_lines are full and text is left over. */
static int put_word(wrap_state *w, const char *s, size_t n)
{
	double ww = tl_text_width(s, n, w->size);
	double space = tl_text_width(" ", 1, w->size);
	if (w->line_w > 0) {
		if (w->line_w + space + ww <= w->max_w) {
			tl_buf_putc(&w->out, ' ');
			tl_buf_put(&w->out, s, n);
			w->line_w += space + ww;
			return 1;
		}
		if (ww > w->max_w && w->line_w + space < w->max_w * 0.7) {
			tl_buf_putc(&w->out, ' ');
			w->line_w += space;
		} else if (!new_line(w)) {
			return 0;
		}
	}
	size_t i = 0;
	for (;;) {
		/* As many characters as fit; at least one on an empty line. */
		size_t j = i;
		double lw = w->line_w;
		while (j < n) {
			unsigned cp;
			size_t l = decode(s + j, n - j, &cp);
			double cw = tl_text_width(s + j, l, w->size);
			if (lw > 0 && lw + cw > w->max_w)
				break;
			lw += cw;
			j += l;
		}
		tl_buf_put(&w->out, s + i, j - i);
		w->line_w = lw;
		i = j;
		if (i == n)
			return 1;
		if (!new_line(w))
			return 0;
	}
}

const char *tl_text_wrap(tl_arena *a, const char *s, double size,
                         double max_w, int max_lines, int *lines,
                         double *width)
{
	wrap_state w = {{NULL, 0, 0}, size, max_w, max_lines, 0, 0, 0, 0};
	size_t n = strlen(s), i = 0;
	while (i < n && !w.truncated) {
		/* Words are runs of bytes above ' '; controls count as spaces. */
		while (i < n && (unsigned char)s[i] <= ' ')
			i++;
		size_t j = i;
		while (j < n && (unsigned char)s[j] > ' ')
			j++;
		if (j > i && !put_word(&w, s + i, j - i))
			w.truncated = 1;
		i = j;
	}
	if (w.truncated) {
		/* Make room for the ellipsis on the last line. */
		const char *ell = "\xE2\x80\xA6";
		double ew = tl_text_width(ell, 3, size);
		while (w.out.len > 0 && w.line_w + ew > max_w) {
			size_t k = w.out.len - 1;
			while (k > 0 && ((unsigned char)w.out.data[k] & 0xC0) == 0x80)
				k--;
			if (w.out.data[k] == '\n')
				break;
			w.line_w -= tl_text_width(w.out.data + k, w.out.len - k,
			                          size);
			w.out.len = k;
		}
		tl_buf_put(&w.out, ell, 3);
		w.line_w += ew;
	}
	if (w.line_w > 0 || w.lines == 0)
		end_line(&w);
	*lines = w.lines;
	*width = w.widest;
	const char *r = tl_arena_strndup(a, w.out.data ? w.out.data : "",
	                                 w.out.len);
	free(w.out.data);
	return r;
}
