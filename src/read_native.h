/*
 * read_native.h - what the files of the native reader share: the parser's
 * state while it reads one file, and the helpers that report at a line
 * and column and read a line (read_native_line.c).  read_native.c reads the body,
 * read_native_front.c the front matter.
 */
#ifndef DATELINE_PARSE_INT_H
#define DATELINE_PARSE_INT_H

#include "model_relative.h"
#include "private.h"

#define MAX_LINE (1024 * 1024) /* longer lines are an error, not a crash */

/* A growable array of string pointers copied into the arena when done. */
typedef struct strv {
	const char **v;
	size_t n, cap;
} strv;

/* The same for key-value pairs. */
typedef struct kvv {
	tl_kv *v;
	size_t n, cap;
} kvv;

enum { HAS_URL = 1, HAS_LOCATION = 2, HAS_STATUS = 4 };

/* The state of one tl_parse() call. */
typedef struct parser {
	tl_timeline *tl;
	tl_diags *diags;
	int line;        /* current line, 1-based */
	tl_event *ev;    /* the open event, NULL before the first */
	int in_props;    /* the lines right after an event line */
	const char *lane; /* the current lane: the innermost open block's
	                   * name, else the last heading's, "" before any */
	long lane_idx;   /* its index once an event used it, else -1 */
	const char *heading; /* the last heading's name, "" before any */
	/* The open "group NAME" / "section NAME" blocks, outermost first. */
	struct block {
		const char *name;
		int line;
		int section; /* opened by "section", not "group" */
	} *blocks;
	size_t nblocks, blocks_cap;
	int warned_block; /* the first block was told about */
	int heading_props; /* the lines since the last heading are all
	                    * "key: value" (a section's properties) */
	tl_buf desc;     /* the open event's description */
	size_t desc_blank; /* blank lines pending inside the description */
	/* The open event's lists, gathered here and copied into the arena
	 * once when it ends, so an event with many lines costs linear time. */
	strv tags, sources, after, links;
	kvv props;
	unsigned has;    /* HAS_* flags of the open event */
	/* A line holding characters that text drops is parsed from clean;
	 * colmap[i] is the offset in the line as written of clean's byte i
	 * (and colmap[clean.len] its length), so columns stay true. */
	tl_buf clean;
	size_t *colmap, colmap_cap;
	const char *raw; /* the current line as written */
	int mapped;      /* the current line is clean */
	int warned_drop; /* the current line's dropped characters were told */
	int desc_quoted; /* the description's paragraph is indented and
	                  * follows a blank line: event-like lines are text */
	tl_rels rels;    /* relative dates and recurrences, resolved once
	                  * every event is read (read_native_relative.c) */
} parser;

/* The column in the line as written of column col of the parsed line. */
int parse_raw_col(const parser *p, int col);

/* An error or a warning at column col of the current line as parsed, or
 * (parse_warn_raw) as written; len bytes are underlined. */
void parse_error(parser *p, int col, int len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void parse_warn(parser *p, int col, int len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void parse_warn_raw(parser *p, int col, int len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Tells, once a line, that characters were dropped from it: the first one
 * (at column col of the line as written, len bytes), by its code point,
 * never raw, and how many more. */
void parse_warn_dropped(parser *p, int col, int len, uint32_t cp,
                        size_t more);

/* Checks the line *s[0..*n) for bytes that have no place in a text file:
 * NUL bytes, invalid UTF-8 and over-long lines are errors that skip the
 * line (returns 0).  Characters that text drops (tl_text_drops()) are
 * left out with one warning for the line: then *s and *n point at the
 * cleaned copy in p->clean, whose columns p->colmap maps back. */
int parse_read_line(parser *p, const char **s, size_t *n);

static inline int parse_is_space(char c) { return c == ' ' || c == '\t'; }

/* Trims spaces and tabs at both ends of [*s, *s + *n). */
static inline void parse_trim(const char **s, size_t *n)
{
	while (*n && parse_is_space(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && parse_is_space((*s)[*n - 1]))
		(*n)--;
}

/* Whether the text before a line's ':' (trimmed, n > 0) starts the way
 * only dates start: a digit followed by '-', '/' or more digits, a sign,
 * an open end "..", a 'Y' year, or a month or season name. */
int parse_looks_like_date(const char *s, size_t n);

/* Whether that text begins like an event: it looks like a date, or every
 * word of it has a place in a date (numbers, month, weekday and era
 * names, units, "now", "every", "after !id" ...) and one is a number or
 * it starts with "now", "every", "after !", "before !", an era or a
 * weekday.  "10,000 workers", "In 2017" and "Note" do not. */
int parse_event_like(const char *s, size_t n);

/* The context of a date in this file (dateFormat, the build time for
 * "now"); and, once read, its warnings at column dcol on and the note
 * that the file read "now". */
void parse_date_ctx(parser *p, tl_date_ctx *ctx);
void parse_date_done(parser *p, int dcol, const tl_date_ctx *ctx);
/* Reads the date d[0..dn) at column dcol of the current line with what
 * the file gives it: the front matter's dateFormat (slash dates are
 * month/day/year, or day/month/year with d/M/y) and the build time for
 * "now" (SOURCE_DATE_EPOCH, else the clock; the timeline keeps it and the
 * first line that read it).  Warnings are reported at their column; an
 * error is left in *err for the caller.  Returns 0 or -1. */
int parse_date(parser *p, const char *d, size_t dn, int dcol, tl_date *out,
               tl_diag *err);

/* For a date of a form that dateline does not read (yet) - a range
 * "2021 - 2023", an era "3000 BC", "now", a relative date, a recurrence,
 * a weekday, a time "8am" - fills *err with a message naming the form
 * and the spelling to use, its column and length 1-based in s, and
 * returns 1; else 0. */
int parse_unsupported_form(const char *s, size_t n, tl_diag *err);

/* read_native_relative.c: reads the date head d[0..dn) (at column dcol)
 * when it is a relative date or carries a recurrence: returns 1 with the
 * spec kept for parse_relative_finish() (a plain date before "every" goes
 * to *date), -1 with the error reported, 0 when it is neither. */
int parse_relative_head(parser *p, const char *d, size_t dn, int dcol,
                        tl_date *date);
/* Resolves the relative dates and expands the recurrences kept, once the
 * last event is read, and frees the specs. */
void parse_relative_finish(parser *p);

/* Rewrites text: ![alt](url) is taken out and kept as an image: property
 * of the open event, [text](url) becomes text and is recorded as a link,
 * a #tag is recorded and, when strip_tags is set, removed.  Returns the
 * new text in the arena (read_native.c). */
const char *parse_inline(parser *p, const char *s, size_t n, int strip_tags);

/* Closes the open event, copying what its lines gathered into the arena
 * (read_native.c). */
void parse_end_event(parser *p);

/* read_native_lane.c: a heading line s[0..n) of h '#'; a "group NAME",
 * "section NAME", "endGroup" or "endSection" line (returns 0 when s is
 * none of these); and, at the end of the file, an error for each block
 * never closed, at the line that opened it. */
void parse_heading(parser *p, const char *s, size_t n, size_t h);
int parse_block_line(parser *p, const char *s, size_t n);
/* A "key: value" line s[0..n) right under a heading, a Markwhen
 * section's property: told about and skipped (returns 1); any other
 * line ends them (returns 0). */
int parse_heading_prop(parser *p, const char *s, size_t n);
void parse_unclosed_blocks(parser *p);

/* Reads "---" ... "---" at the start of s[0..n) (its first line is
 * p->line) into the timeline's meta.  Returns the offset after it, or 0
 * when there is none; p->line is left on the next line. */
size_t parse_front_matter(parser *p, const char *s, size_t n);

/* Reads the header at the start of s[0..n): a "---" front matter, which
 * blank lines may precede, or "key: value" and "#tag: colour" lines
 * written without "---" (they end at the first line of another shape:
 * an event line, a heading, or text).  Returns the offset after it, 0 when there is none;
 * p->line is left on the next line. */
size_t parse_header(parser *p, const char *s, size_t n);

#endif
