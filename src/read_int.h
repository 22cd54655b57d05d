/*
 * read_int.h - what the readers of other formats (TimelineJS, iCalendar)
 * share: building events with a date written in EDTF, cleaning text so it
 * means in the model what the native reader would make of it, and HTML
 * turned into text.  Internal to read*.c.
 */
#ifndef DATELINE_READ_INT_H
#define DATELINE_READ_INT_H

#include "private.h"

/* Where the VEVENTs of an iCalendar text are (read_ics_lines.c).  Set buf
 * and len, zero the rest; free with tl_ics_lines_free(). */
typedef struct tl_ics_lines {
	const char *buf;
	size_t len;
	size_t *begin_off; /* offset of each BEGIN:VEVENT line */
	int *begin_line;
	size_t nbegin, begin_cap;
} tl_ics_lines;

/* Finds the VEVENT BEGIN lines; checks for NUL bytes and invalid UTF-8,
 * which libical would let through, and for an END before its BEGIN.
 * Returns 0, or -1 after adding the error to diags. */
int tl_ics_lines_scan(tl_ics_lines *x, tl_diags *diags);
/* The line of property name in the k-th VEVENT (its BEGIN line when it
 * has none) and, in *len, the length of that line. */
int tl_ics_lines_prop(const tl_ics_lines *x, size_t k, const char *name,
                      int *len);
void tl_ics_lines_free(tl_ics_lines *x);

/* The readers behind tl_read_with(); each fills tl and ends with
 * tl_read_finish().  ro is never NULL. */
void tl_read_ics(tl_timeline *tl, const char *buf, size_t len,
                 const tl_read_options *ro, tl_diags *diags);
void tl_read_timelinejs_csv(tl_timeline *tl, const char *buf, size_t len,
                            tl_diags *diags);
void tl_read_timelinejs_json(tl_timeline *tl, const char *buf, size_t len,
                             tl_diags *diags);

/* The lanes named while reading, kept apart from the model's until
 * tl_read_finish() so their order can be the one the native writer gives
 * back. */
typedef struct tl_read_lanes {
	const char **names; /* arena strings */
	size_t n, cap;
	uint32_t *slot;     /* hash of names: index + 1, 0 = empty */
	size_t mask;
} tl_read_lanes;

/* A new event at line:col of the input (len bytes underlined), in the lane
 * called lane (NULL or "" for the default lane), dated by the EDTF text
 * edtf.  When edtf is not a date dateline reads, the date parser's message
 * goes to diags at line:col (the event stays, undated, so later checks
 * still run).  Returns the event, valid until the next event is added. */
tl_event *tl_read_event(tl_timeline *tl, tl_read_lanes *lanes, int line,
                        int col, int len, const char *lane, const char *edtf,
                        tl_diags *diags);

/* Sets e's title from text (HTML when html is set): one line, controls
 * dropped, trimmed; links found in the HTML are added to e. */
void tl_read_title(tl_timeline *tl, tl_event *e, const char *text, size_t n,
                   int html);
/* Sets e's description the same way, keeping paragraphs; a #tag in it is
 * a tag of e, as in a native description. */
void tl_read_description(tl_timeline *tl, tl_event *e, const char *text,
                         size_t n, int html);
/* Adds property key (a literal) = value to e. */
void tl_read_prop(tl_timeline *tl, tl_event *e, const char *key,
                  const char *value, size_t n);
/* Adds a tag; spaces and commas in it become '-', a leading '#' goes. */
void tl_read_tag(tl_timeline *tl, tl_event *e, const char *tag, size_t n);
/* Adds a link [text](url) to e. */
void tl_read_link(tl_timeline *tl, tl_event *e, const char *text,
                  const char *url);

/* Text as the native reader keeps it, into out (appended): C0 controls
 * but newline dropped, a tab as a space, each line trimmed, runs of blank
 * lines as one, none at either end; with one_line, all of it on one line
 * with single spaces between the lines. */
void tl_read_clean(tl_buf *out, const char *s, size_t n, int one_line);

/* Ends a reader: the model gets the lanes in the order the native writer
 * can give back (the default lane first, then first use), the events are
 * grouped by lane (each lane's in input order), then sorted and validated
 * by tl_timeline_finish().  Frees what lanes holds. */
void tl_read_finish(tl_timeline *tl, tl_read_lanes *lanes, tl_diags *diags);

/* ---- TimelineJS (read_timelinejs.c) ---- */

/* The fields of a TimelineJS slide, as the sheet's columns name them. */
enum {
	TJS_YEAR, TJS_MONTH, TJS_DAY, TJS_TIME, TJS_END_YEAR, TJS_END_MONTH,
	TJS_END_DAY, TJS_END_TIME, TJS_DISPLAY_DATE, TJS_HEADLINE, TJS_TEXT,
	TJS_MEDIA, TJS_MEDIA_CREDIT, TJS_MEDIA_CAPTION, TJS_MEDIA_THUMBNAIL,
	TJS_TYPE, TJS_GROUP, TJS_BACKGROUND, TJS_UNIQUE_ID, TJS_NFIELDS
};

/* One slide: each field NULL or a string (HTML for headline and text),
 * with the place of the slide and of each field for messages. */
typedef struct tjs_slide {
	const char *f[TJS_NFIELDS];
	int line, col;
	int fline[TJS_NFIELDS], fcol[TJS_NFIELDS]; /* 0: the slide's */
} tjs_slide;

/* What a TimelineJS reader carries from slide to slide. */
typedef struct tjs_reader {
	tl_timeline *tl;
	tl_diags *diags;
	tl_read_lanes lanes;
	int title_seen;
	int events;
} tjs_reader;

/* The column a sheet header names (case and spaces around it ignored;
 * "Tag" is the old name of Group), or -1. */
int tjs_column(const char *name, size_t n);
/* Adds slide s: the title slide, an era (left out with a warning) or an
 * event. */
void tjs_add(tjs_reader *r, const tjs_slide *s);

/* ---- HTML (read_html.c) ---- */

/* A link found in HTML: its text and href, both allocated. */
typedef struct tl_html_link {
	char *text;
	char *url;
} tl_html_link;

typedef struct tl_html_text {
	tl_buf text;          /* the text: paragraphs apart by a blank line */
	tl_html_link *links;  /* <a href> in order */
	size_t nlinks;
} tl_html_text;

/* Turns HTML into text with libxml2's HTML parser: entities decoded,
 * <p>, <div>, headings, <li> and <br> as line breaks, <a href> kept as a
 * link.  The caller frees the result with tl_html_text_free(). */
void tl_html_to_text(const char *html, size_t n, tl_html_text *out);
void tl_html_text_free(tl_html_text *t);

#endif
