/*
 * dateline.h - the one public header of libdateline.
 *
 * The pipeline is read -> model -> render: tl_parse() reads an event file
 * into a tl_timeline, which the renderers (dump, iCalendar, DOT/SVG/PNG/PDF)
 * turn into bytes handed to a tl_write_fn.  The library never prints and never
 * exits; every problem is a tl_diag (code, line, column, message) collected in
 * a tl_diags list that the caller words and prints.
 *
 * Ownership is spelled out above every function that allocates.  Every _new
 * has a _free that accepts NULL.
 */
#ifndef DATELINE_H
#define DATELINE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TL_VERSION "0.1.0"

/* What a library call says about how it went.  The library knows nothing
 * of exit statuses: the dateline command maps these to its own (dateline(1)).
 * The order is the order of gravity, so the worst of several is the
 * largest. */
typedef enum tl_status {
	TL_OK = 0,         /* success (warnings allowed) */
	TL_INVALID,        /* the input has errors */
	TL_BAD_OPTIONS,    /* the options cannot work for this input */
	TL_WRITE_FAILED,   /* the write callback failed */
	TL_BACKEND_FAILED  /* Graphviz or libical failed */
} tl_status;

/* ------------------------------------------------------------------ */
/* Diagnostics                                                          */
/* ------------------------------------------------------------------ */

typedef enum tl_severity { TL_SEV_WARNING = 0, TL_SEV_ERROR = 1 } tl_severity;

#define TL_DIAG_MSG_MAX 256

/* One problem found in the input or met by a back end.  line and col are
 * 1-based byte positions in the input (col counts bytes); 0 means "not tied
 * to a place".  len is how many bytes the caret line should underline (at
 * least 1 when line > 0). */
typedef struct tl_diag {
	tl_severity severity;
	tl_status status; /* what this problem means for the call */
	int line;
	int col;
	int len;
	char message[TL_DIAG_MSG_MAX];
} tl_diag;

/* A list of diagnostics with a cap on how many errors and how many warnings
 * are kept; past the cap, further ones are counted but not stored. */
typedef struct tl_diags tl_diags;

/* Keeps at most max_errors errors and max_errors warnings; max_errors <= 0
 * keeps all.  The caller frees the result with tl_diags_free(). */
tl_diags *tl_diags_new(int max_errors);
void tl_diags_free(tl_diags *d);
size_t tl_diags_count(const tl_diags *d);
/* The i-th diagnostic, in the order found; valid until the list is freed. */
const tl_diag *tl_diags_get(const tl_diags *d, size_t i);
int tl_diags_errors(const tl_diags *d);   /* errors found, stored or not */
int tl_diags_warnings(const tl_diags *d);
/* True when more errors were found than stored. */
int tl_diags_truncated(const tl_diags *d);
/* Adds a diagnostic; the message is printf-formatted and truncated to fit. */
void tl_diags_add(tl_diags *d, tl_severity sev, tl_status status, int line,
                  int col, int len, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* ------------------------------------------------------------------ */
/* Dates (EDTF levels 0 and 1, plus casual forms)                       */
/* ------------------------------------------------------------------ */

/* What a date point says it knows. Ordered from coarse to fine. */
typedef enum tl_precision {
	TL_PREC_NONE = 0, /* open ("..") or unknown ("") interval end */
	TL_PREC_CENTURY,  /* 20XX */
	TL_PREC_DECADE,   /* 201X */
	TL_PREC_YEAR,     /* 2017, 2017-XX */
	TL_PREC_SEASON,   /* 2017-21 .. 2017-24 */
	TL_PREC_MONTH,    /* 2017-06, 2017-06-XX */
	TL_PREC_DAY,      /* 2017-06-01 */
	TL_PREC_MINUTE,   /* 2017-06-01T14:30 */
	TL_PREC_SECOND    /* 2017-06-01T14:30:00 */
} tl_precision;

/* Qualifier bits (EDTF level 1). */
#define TL_QUAL_UNCERTAIN 1u   /* ? */
#define TL_QUAL_APPROX 2u      /* ~ ; % sets both */

/* Point flags. */
#define TL_PT_OPEN 1u        /* ".." : open end */
#define TL_PT_UNKNOWN 2u     /* empty : unknown end */
#define TL_PT_UTC 4u         /* time given with Z */
#define TL_PT_OFFSET 8u      /* time given with +hh:mm / -hh:mm */
#define TL_PT_UNSPEC 16u     /* written with X digits */

/* One end of a date.  Years are astronomical: 0 is 1 BCE, -1 is 2 BCE.
 * Days are counted from 1970-01-01 (day 0) in the proleptic Gregorian
 * calendar.  [lo, hi) is the half-open range of days the point covers. */
typedef struct tl_point {
	int64_t year;
	int64_t lo, hi;
	int8_t month;  /* 1-12, 21-24 for seasons, 0 when not given */
	int8_t day;    /* 1-31, 0 when not given */
	int8_t hour, minute, second; /* valid when prec >= TL_PREC_MINUTE */
	int16_t tz_minutes;          /* offset east of UTC when TL_PT_OFFSET */
	uint8_t prec;                /* tl_precision */
	uint8_t qual;                /* TL_QUAL_* */
	uint8_t flags;               /* TL_PT_* */
} tl_point;

/* A date: a single point, or an interval start/end.  For a single point,
 * end equals start.  [lo, hi) spans the whole date; for an open or unknown
 * end it stops at the known end's own range. */
typedef struct tl_date {
	tl_point start, end;
	int64_t lo, hi;
	int is_interval;
} tl_date;

/* Parses one date expression of len bytes (not NUL-terminated).  Accepts
 * EDTF levels 0 and 1 and the casual forms "June 2017", "Jun 2017",
 * "2 August 2018", "August 2, 2018".  On success returns 0 and fills *out.
 * On failure returns -1 and fills err->message, err->col (1-based byte
 * offset into s of the bad spot) and err->len; err->line is left 0. */
int tl_date_parse(const char *s, size_t len, tl_date *out, tl_diag *err);

/* Writes the canonical EDTF form of d into buf (always NUL-terminated when
 * n > 0).  Returns the length the full string needs, like snprintf. */
int tl_date_format(const tl_date *d, char *buf, size_t n);

/* Writes a human label ("June 2017", "c. September 2017", "2 August 2018?")
 * into buf.  Returns the length the full string needs, like snprintf. */
int tl_date_label(const tl_date *d, char *buf, size_t n);

/* Orders dates by lo, then hi, then precision (coarser first). */
int tl_date_cmp(const tl_date *a, const tl_date *b);

/* Day arithmetic: days since 1970-01-01 of a proleptic Gregorian date, and
 * back.  Valid for every int32 year. */
int64_t tl_days_from_civil(int64_t y, int m, int d);
void tl_civil_from_days(int64_t days, int64_t *y, int *m, int *d);
int tl_days_in_month(int64_t y, int m);
int tl_is_leap(int64_t y);

/* ------------------------------------------------------------------ */
/* The model                                                            */
/* ------------------------------------------------------------------ */

typedef struct tl_timeline tl_timeline;
typedef struct tl_event tl_event;

/* Reads an event file of len bytes named name (used only in messages and
 * UIDs; may be "-").  The buffer is copied.  Problems go to diags (which
 * must not be NULL).  Returns the timeline, sorted and validated, even when
 * diags holds errors, so a linter can report everything; a renderer should
 * only be given a timeline whose diags hold no errors.
 * The caller frees the result with tl_timeline_free(). */
tl_timeline *tl_parse(const char *name, const char *buf, size_t len,
                      tl_diags *diags);
void tl_timeline_free(tl_timeline *tl);

/* The input formats tl_read() knows (docs/import.md). */
typedef enum tl_format {
	TL_FORMAT_AUTO = 0,          /* from the name's extension, then the content */
	TL_FORMAT_NATIVE,            /* the event format of docs/format.md */
	TL_FORMAT_TIMELINEJS_CSV,    /* a TimelineJS sheet saved as CSV */
	TL_FORMAT_TIMELINEJS_JSON,   /* a TimelineJS JSON file */
	TL_FORMAT_ICS                /* an iCalendar file (RFC 5545) */
} tl_format;

/* Reads an input of len bytes in format fmt into a timeline, as tl_parse()
 * does for the native format: the buffer is copied, problems (with the
 * input's own lines and columns) go to diags, and the timeline is returned
 * sorted and validated even when diags holds errors.  TL_FORMAT_AUTO
 * picks the format with tl_format_detect().
 * The caller frees the result with tl_timeline_free(). */
tl_timeline *tl_read(const char *name, const char *buf, size_t len,
                     tl_format fmt, tl_diags *diags);
/* What tl_read_with() is told beyond the input itself.  Start from
 * tl_read_options_init(): every field then has its default. */
typedef struct tl_read_options {
	tl_format format; /* TL_FORMAT_AUTO (the default): tl_format_detect() */
	/* Recurrences (.ics RRULE and RDATE) are expanded up to the last day
	 * of until when has_until is set: an instance starting after it is
	 * not read, but the first instance of every VEVENT (its DTSTART) is.
	 * Unset (the default), expansion stops at the reader's bound
	 * (docs/import.md, "Bounds"), with a warning for a rule without end. */
	int has_until;
	tl_date until;
} tl_read_options;

/* Fills *ro with the defaults: format auto, no until. */
void tl_read_options_init(tl_read_options *ro);
/* tl_read() with options; ro NULL is the defaults.  The caller frees the
 * result with tl_timeline_free(). */
tl_timeline *tl_read_with(const char *name, const char *buf, size_t len,
                          const tl_read_options *ro, tl_diags *diags);
/* The format of an input: from the extension of name (.mw .md .txt,
 * .csv, .json, .ics .ical .ifb), else from the first bytes of buf (a
 * BEGIN:VCALENDAR or BEGIN:VEVENT line, a '{', a CSV header naming Year
 * and Headline), else native.  Never returns TL_FORMAT_AUTO. */
tl_format tl_format_detect(const char *name, const char *buf, size_t len);
/* The format called s ("auto", "native", "mw", "timelinejs-csv", "csv",
 * "timelinejs-json", "json", "ics"): 0 and *out set, or -1. */
int tl_format_parse(const char *s, tl_format *out);
/* The name of a format, as tl_format_parse() takes it. */
const char *tl_format_name(tl_format fmt);

/* Front matter value for key, or NULL.  Keys are lower case.  Every key
 * is kept as written, known or not; the values the model understands are
 * also checked and typed when it is finished (see tl_timeline_refresh()). */
const char *tl_timeline_meta(const tl_timeline *tl, const char *key);
/* The refresh: front matter in seconds (an ISO 8601 duration such as P1D
 * or PT6H), or 0 when it is not given or not valid. */
int64_t tl_timeline_refresh(const tl_timeline *tl);
const char *tl_timeline_name(const tl_timeline *tl);
size_t tl_timeline_count(const tl_timeline *tl);
/* The i-th event in sorted order. */
const tl_event *tl_timeline_event(const tl_timeline *tl, size_t i);
size_t tl_timeline_lane_count(const tl_timeline *tl);
const char *tl_timeline_lane(const tl_timeline *tl, size_t i);

/* Event accessors; strings live as long as the timeline. */
const tl_date *tl_event_date(const tl_event *e);
const char *tl_event_date_text(const tl_event *e); /* as written */
const char *tl_event_title(const tl_event *e);
const char *tl_event_description(const tl_event *e); /* NULL if none */
const char *tl_event_id(const tl_event *e);          /* NULL if none */
size_t tl_event_lane(const tl_event *e);
int tl_event_line(const tl_event *e);
/* Property value for key ("url", "location", "status", "color", or any
 * unknown key kept with a warning), or NULL. */
const char *tl_event_prop(const tl_event *e, const char *key);
size_t tl_event_tag_count(const tl_event *e);
const char *tl_event_tag(const tl_event *e, size_t i);
size_t tl_event_source_count(const tl_event *e);
const char *tl_event_source(const tl_event *e, size_t i);
size_t tl_event_link_count(const tl_event *e);
const char *tl_event_link_text(const tl_event *e, size_t i);
const char *tl_event_link_url(const tl_event *e, size_t i);
size_t tl_event_after_count(const tl_event *e);
const char *tl_event_after(const tl_event *e, size_t i);

/* True when url uses http, https or mailto and has no control characters,
 * spaces, quotes or angle brackets: the only links dateline ever emits. */
int tl_url_is_safe(const char *url);

/* Keeps only the events that match: date overlapping [from, to] (either may
 * be NULL; open interval ends reach indefinitely far), in the lane named
 * lane (NULL: any; the other lanes are dropped), and carrying every tag in
 * tags (a leading '#' is ignored; ntags may be 0).  Returns 0, or -1 when
 * no lane is called lane (the timeline is then unchanged). */
int tl_timeline_filter(tl_timeline *tl, const tl_date *from,
                       const tl_date *to, const char *lane,
                       const char *const *tags, size_t ntags);

/* ------------------------------------------------------------------ */
/* Rendering                                                            */
/* ------------------------------------------------------------------ */

/* Where a renderer's bytes go.  Returns 0 on success, -1 on a write error
 * (the renderer then stops and reports TL_WRITE_FAILED). */
typedef int (*tl_write_fn)(void *ctx, const char *data, size_t len);

/* The time axis: one scale; evenly spaced events; one scale per piece with
 * long empty stretches cut out; or (the default) broken only when one
 * empty stretch would take more than a quarter of the axis. */
typedef enum tl_axis {
	TL_AXIS_PROPORTIONAL = 0,
	TL_AXIS_ORDINAL = 1,
	TL_AXIS_BROKEN = 2,
	TL_AXIS_AUTO = 3
} tl_axis;

typedef enum tl_partial {
	TL_PARTIAL_SPAN = 0,     /* a month/season/year spans its whole period */
	TL_PARTIAL_FIRST_DAY = 1 /* a one-day entry on its first day */
} tl_partial;

/* Options shared by the renderers.  Start from tl_options_init(). */
typedef struct tl_options {
	/* Timestamps (DTSTAMP, LAST-MODIFIED, a PDF's creation date): seconds
	 * since the epoch, from SOURCE_DATE_EPOCH or the input's modification
	 * time. */
	int64_t timestamp;
	tl_partial partial;
	int strict; /* events iCalendar cannot hold are errors, not warnings */
	/* Diagram */
	const char *format;  /* "dot", "svg", "png", "pdf", "cmapx" */
	tl_axis axis;
	int vertical;        /* --orientation vertical */
	double width_in;     /* target width in inches, 0 = natural */
	double height_in;    /* greatest height in inches, 0 = any */
	int dpi;             /* PNG resolution, default 144 */
	const char *map_name; /* the graph's name, which names an image map's
	                       * <map>: letters, digits, '-', '_'; NULL for
	                       * "timeline" */
	int has_from, has_to;
	tl_date from, to;    /* crop the view */
	/* iCalendar: the feed's own http(s) address, written as the
	 * calendar's SOURCE (RFC 7986: where it can be refreshed from), or
	 * NULL to leave SOURCE out. */
	const char *feed_url;
	/* iCalendar: when not NULL, called once for each event written, with
	 * its index in tl_timeline_event() order and its key (its UID; for an
	 * occurrence of a recurring series, which shares the series' UID,
	 * "UID/RECURRENCE-ID": docs/ics.md, "Recurrences"), to set
	 * *sequence (written as SEQUENCE when >= 0; it starts at -1) and
	 * *last_modified (LAST-MODIFIED; it starts at timestamp).  Several
	 * threads may call it at once, never twice for one index. */
	void (*event_stamp)(void *ctx, size_t index, const char *uid,
	                    int64_t *sequence, int64_t *last_modified);
	void *event_stamp_ctx;
} tl_options;

void tl_options_init(tl_options *o);

/* Every renderer has this shape: the model and the options in, bytes out
 * through write(ctx, ...), problems into diags.  Returns a tl_status.  When
 * write fails the renderer stops and returns TL_WRITE_FAILED without a
 * diagnostic: the caller knows its sink and words the error. */

/* The canonical plain-text dump of the model (golden tests use it). */
tl_status tl_render_dump(const tl_timeline *tl, const tl_options *o,
                         tl_write_fn write, void *ctx, tl_diags *diags);
/* The iCalendar feed (RFC 5545 + RFC 7986), streamed event by event. */
tl_status tl_render_ics(const tl_timeline *tl, const tl_options *o,
                        tl_write_fn write, void *ctx, tl_diags *diags);
/* The diagram, in o->format: the DOT dateline builds, or SVG/PNG/PDF/cmapx
 * rendered in-process by Graphviz. */
tl_status tl_render_diagram(const tl_timeline *tl, const tl_options *o,
                            tl_write_fn write, void *ctx, tl_diags *diags);
/* The native event file (docs/format.md) that tl_parse() reads back to
 * the same model: what `dateline import` writes.  Text the native format
 * cannot hold as it is gets a warning (docs/import.md lists the cases). */
tl_status tl_render_mw(const tl_timeline *tl, const tl_options *o,
                       tl_write_fn write, void *ctx, tl_diags *diags);
/* A TimelineJS 3 JSON file (title slide and one slide per event) that the
 * TimelineJS reader reads back to the same events; what TimelineJS cannot
 * hold (decades, seasons, qualifiers, open ends, time zones) gets a
 * warning. */
tl_status tl_render_timelinejs(const tl_timeline *tl, const tl_options *o,
                               tl_write_fn write, void *ctx, tl_diags *diags);

/* Parses an existing .ics of len bytes with libical and reports what is
 * wrong with it into diags (line numbers are the .ics's lines).  Returns a
 * tl_status: 0 when it is a valid calendar. */
tl_status tl_ics_check(const char *buf, size_t len, tl_diags *diags);

/* Byte offset of the first invalid UTF-8 byte in s[0..n), or n when all of
 * it is valid (over-long forms and surrogates are invalid). */
size_t tl_utf8_check(const char *s, size_t n);

/* ------------------------------------------------------------------ */
/* The HTML page                                                        */
/* ------------------------------------------------------------------ */

/* What a page says beyond the model: where its files are and whether the
 * event file currently has errors.  Every string is copied into the page
 * escaped; none is kept. */
typedef struct tl_html_page {
	/* NAME: the page links NAME.ics, NAME.svg, NAME.png and NAME.pdf.
	 * Letters, digits, '.', '_' and '-' only. */
	const char *name;
	/* Prefix of those relative links: "" for a page beside the files,
	 * "../" for NAME/index.html. */
	const char *link_base;
	/* Absolute http(s) URL of NAME.ics for the "Subscribe" link
	 * (webcal://...), or NULL: the link is then NAME.ics, turned into
	 * webcal:// by one line of script from the page's own address. */
	const char *feed_url;
	/* Plain text for a warning banner at the top (the file's errors), or
	 * NULL for none. */
	const char *banner;
	/* Non-zero when NAME.png is not published (a diagram too large for
	 * a legible bitmap): the page does not link it. */
	int no_png;
} tl_html_page;

/* The page of one timeline: title, description, the SVG diagram inline
 * (rendered here with tl_render_diagram()), "Subscribe" and "Download .ics"
 * links, and a table of the events (date as written, title, sources; only
 * tl_url_is_safe() URLs become links).  Uses o as tl_render_diagram() does,
 * with o->format ignored.  Same return and write contract as the
 * renderers above. */
tl_status tl_render_html(const tl_timeline *tl, const tl_options *o,
                         const tl_html_page *page, tl_write_fn write,
                         void *ctx, tl_diags *diags);

/* The index of several timelines: tls[i] described by pages[i] (whose
 * link_base is ignored: the index sits beside the files), each with its
 * title, event count, page link NAME/, feed links and banner. */
tl_status tl_render_html_index(const tl_timeline *const *tls,
                               const tl_html_page *pages, size_t n,
                               tl_write_fn write, void *ctx, tl_diags *diags);

#ifdef __cplusplus
}
#endif

#endif
