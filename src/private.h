/*
 * private.h - struct bodies and helpers shared inside src/.
 *
 * Nothing here is part of the public API; the command (main.c, cli_*.c)
 * uses dateline.h and the toolbox util.h only, never this header.  Tests
 * may include it to reach the model.
 */
#ifndef DATELINE_PRIVATE_H
#define DATELINE_PRIVATE_H

#include "dateline.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>

/* ---- the arena (util.c); allocation, tl_buf and tl_hash: util.h ---- */

/* A bump allocator: many small allocations freed at once.  Chunks grow, so
 * the overhead stays a few percent of what is stored. */
typedef struct tl_arena {
	struct tl_arena_chunk *head;
	size_t used_total;
} tl_arena;

void tl_arena_init(tl_arena *a);
/* Memory lives until tl_arena_release(); aligned for any type. */
void *tl_arena_alloc(tl_arena *a, size_t n);
char *tl_arena_strndup(tl_arena *a, const char *s, size_t n);
void tl_arena_release(tl_arena *a);

/* ---- UTF-8 (util.c) ---- */

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when s[0..n) does not
 * start with one. */
size_t tl_utf8_seq_len(const unsigned char *s, size_t n);

/* The value of hex digit c (0-15), or -1 when c is not one. */
int tl_hex_digit(char c);

/* The code point of the valid len-byte UTF-8 sequence at s. */
uint32_t tl_utf8_decode(const unsigned char *s, size_t len);

/* Whether text in the model drops the code point cp: C0 controls other
 * than tab and line feed, DEL, the C1 controls U+0080-U+009F, U+FFFE and
 * U+FFFF (docs/format.md, "Text"). */
int tl_text_drops(uint32_t cp);

/* tl_utf8_check() that also finds the first character text drops: returns
 * the offset of the first invalid UTF-8 byte, or n; *drop is set to the
 * offset of the first dropped character before that, or n when none. */
size_t tl_text_check(const char *s, size_t n, size_t *drop);

/* ---- the hash index (util.c, on tl_hash) ---- */

/* A hash index over numbered items that have string keys (lanes, front
 * matter keys, event ids): it stores item numbers only and asks key() for
 * an item's key, so it costs four bytes a slot.  Zero-initialize it; keys
 * must not change while indexed.  tl_index_clear() frees its memory. */
typedef const char *(*tl_index_key_fn)(const void *ctx, uint32_t item);
typedef struct tl_index {
	uint32_t *slot;
	size_t mask, n;
} tl_index;

/* The item whose key is s[0..n), or -1. */
long tl_index_find(const tl_index *x, const char *s, size_t n,
                   tl_index_key_fn key, const void *ctx);
/* Indexes item under key(ctx, item); returns 0, leaving the index as it
 * was, when an item with an equal key is there already. */
int tl_index_add(tl_index *x, uint32_t item, tl_index_key_fn key,
                 const void *ctx);
/* Makes room for n items in all, so adding them does not rehash. */
void tl_index_reserve(tl_index *x, size_t n, tl_index_key_fn key,
                      const void *ctx);
void tl_index_clear(tl_index *x);

/* ---- the model (model.c) ---- */

typedef struct tl_link {
	const char *text;
	const char *url;
} tl_link;

/* A key and its value, with where the value was written (1-based; 0 when
 * a reader does not know). */
typedef struct tl_kv {
	const char *key;
	const char *value;
	uint32_t line, col;
} tl_kv;

/* What an event's status: says: matched without case; "canceled" is
 * cancelled; any other word is TL_STATUS_OTHER. */
typedef enum tl_event_status {
	TL_STATUS_NONE,
	TL_STATUS_OTHER,
	TL_STATUS_TENTATIVE,
	TL_STATUS_CONFIRMED,
	TL_STATUS_CANCELLED
} tl_event_status;

/* A colour read by the one colour rule (model_color.c). */
typedef struct tl_color {
	uint32_t rgb;  /* 0xrrggbb */
	uint16_t name; /* 1 + index of the CSS3 name it was written as, or 0 */
	uint8_t set;   /* 0: no colour */
} tl_color;

/* A front-matter value the model understands: NULL when not given (or
 * dropped), with where it was written. */
typedef struct tl_field {
	const char *value;
	uint32_t line, col;
} tl_field;

/* A tag's colour, declared by a "#tag: colour" header line. */
typedef struct tl_tag_color {
	const char *tag; /* without '#' */
	tl_color color;
} tl_tag_color;

/* The front matter, typed by tl_timeline_finish() (model_meta.c). */
typedef struct tl_front {
	tl_field title, description, url, source, calendar, timezone,
	    uid_domain, refresh, date_format;
	tl_tag_color *tag_colors; /* in the order declared (arena memory) */
	size_t ntag_colors;
	int64_t refresh_secs; /* refresh: in seconds, 0 when not given */
	uint32_t refresh_parts[5]; /* its weeks, days, hours, minutes and
	                              seconds as written, so the feed writes
	                              P7D as P7D */
} tl_front;

/* Which instance of a recurring series an event is: the instance's
 * original start, iCalendar's RECURRENCE-ID (docs/ics.md,
 * "Recurrences"). */
typedef enum tl_rid_kind {
	TL_RID_NONE,     /* not an occurrence of a series */
	TL_RID_DATE,     /* a day: at counts days since 1970-01-01 */
	TL_RID_FLOATING, /* a wall-clock time: at counts seconds since
	                    1970-01-01T00:00 on that clock */
	TL_RID_UTC       /* a time: at counts seconds since the epoch */
} tl_rid_kind;

typedef struct tl_rid {
	int64_t at;
	uint8_t kind; /* tl_rid_kind */
} tl_rid;

/* An event.  Strings point into the timeline's arena. */
struct tl_event {
	tl_date date;
	const char *date_text; /* the date as written */
	const char *title;     /* tags and link syntax removed */
	const char *description; /* NULL if none; link syntax reduced to text */
	const char *id;        /* NULL if none */
	const char **tags;     /* ntags entries, without '#' */
	const char **sources;  /* source: values, in order */
	const char **after;    /* after: ids */
	tl_link *links;        /* [text](url) found in title and description */
	tl_kv *props;          /* other properties: url, location, status, color,
	                          and unknown keys */
	/* Read from props by tl_timeline_finish(): */
	tl_color color;        /* color: */
	const char *url;       /* url: when safe (http, https, mailto), or NULL */
	const char *location;  /* location:, or NULL */
	const char *status;    /* status: as written, or NULL */
	tl_event_status status_kind; /* what status: says */
	/* An occurrence of a recurring series (an .ics RRULE, RDATE or
	 * override): the series' key, shared by its occurrences, and which
	 * instance this is; series NULL and rid.kind TL_RID_NONE for an event
	 * of its own.  Read from uid: and recurrence-id: (an iCalendar DATE or
	 * DATE-TIME, floating or UTC), or set by a reader that expands. */
	const char *series;
	tl_rid rid;
	uint32_t ntags, nsources, nafter, nlinks, nprops;
	uint32_t line;         /* 1-based line of the event's date */
	uint32_t col;          /* 1-based column of the date */
	uint32_t date_len;     /* bytes of the date as written */
	uint32_t title_col;    /* 1-based column where the title starts */
	uint32_t id_line, id_col;       /* where id: was given */
	uint32_t after_line, after_col; /* where after: was given */
	uint32_t seq;          /* position in the file, for a stable sort */
	uint32_t twin;         /* how many earlier events in the file share this
	                          lane and date: counted before any filter, so
	                          the feed's derived UIDs do not depend on one */
	uint32_t lane;         /* index into the timeline's lanes */
};

struct tl_timeline {
	tl_arena arena;
	char *name;
	tl_kv *meta;
	size_t nmeta, meta_cap;
	tl_event *events;
	size_t nevents, events_cap;
	const char **lanes;
	size_t nlanes, lanes_cap;
	uint32_t lanes_line; /* line of the lanes: front matter key, 0 if none */
	tl_index lane_index; /* lanes by name */
	tl_index meta_index; /* meta by key */
	tl_front front;      /* the keys the model understands, typed */
	/* "now" in a date reads the build time: seconds since the epoch, from
	 * SOURCE_DATE_EPOCH (now_from_env) or the clock, taken once a file
	 * (now_set); now_line is the first line that read it, 0 for none. */
	int64_t now;
	uint32_t now_line;
	uint8_t now_set, now_from_env;
};

/* model.c: the parser builds the model through these. */
tl_timeline *tl_timeline_new(const char *name);
/* Index of the lane called name, added at the end when new. */
size_t tl_timeline_lane_index(tl_timeline *tl, const char *name);
/* A new zeroed event at the end; valid until the next call. */
tl_event *tl_timeline_add_event(tl_timeline *tl);
void tl_timeline_set_meta(tl_timeline *tl, const char *key,
                          const char *value);
/* tl_timeline_set_meta() telling where the value was written (1-based
 * line and column; 0 when unknown), so a bad value is reported there. */
void tl_timeline_set_meta_at(tl_timeline *tl, const char *key,
                             const char *value, uint32_t line, uint32_t col);
/* Sorts (stable), orders lanes by the lanes: front matter, and checks
 * duplicate ids, unknown after: ids, interval order and empty titles. */
void tl_timeline_finish(tl_timeline *tl, tl_diags *diags);
/* model_links.c: warns about after: links back in time and in cycles. */
void tl_timeline_check_links(const tl_timeline *tl, tl_diags *diags);

/* model_meta.c: reads the front matter into tl->front (with the tag
 * colours of its "#tag: colour" keys) and each event's color: into
 * e->color, reporting bad values at their line and column.
 * Called by tl_timeline_finish(). */
void tl_meta_finish(tl_timeline *tl, tl_diags *diags);

/* model_meta.c: the shapes of names the model checks.  A time zone name
 * that can only name a file of the tz database ("Europe/Paris": letters,
 * digits, '_', '+', '-', '/'; not absolute, no ".."); a host name
 * (letters, digits, '-', '.'; not starting with '.' or '-'; at most 200
 * bytes). */
int tl_zone_name_ok(const char *zone);
int tl_hostname_ok(const char *s);

/* model_meta.c: an ISO 8601 duration P[nW][nD][T[nH][nM][nS]] in seconds,
 * or -1 when s is not one or overflows 2^31 - 1 seconds.  parts, when not
 * NULL, receives the five numbers (W D H M S, 0 for a unit not written);
 * it is left alone on failure. */
int64_t tl_duration_parse(const char *s, uint32_t parts[5]);
int64_t tl_duration_seconds(const char *s);

/* model_color.c: the one colour rule. */
/* Reads s[0..n) as #rgb, #rrggbb or a CSS3 name (any case) into *c;
 * returns 0, leaving *c alone, when it is none of these. */
int tl_color_parse(const char *s, size_t n, tl_color *c);
/* The CSS3 name c was written as, else the nearest by RGB distance. */
const char *tl_color_css_name(const tl_color *c);
/* Writes c as "#rrggbb" in lower case. */
void tl_color_hex(const tl_color *c, char out[8]);
/* The CSS3 names, in the table's (alphabetical) order. */
size_t tl_color_count(void);
const char *tl_color_name_at(size_t i);

/* read_native_yaml.c: what an escape of a double-quoted value produced that
 * text drops (tl_text_drops()): how many, and the first one's offset in
 * the value and code point. */
typedef struct tl_yaml_drops {
	size_t count, first;
	uint32_t first_cp;
} tl_yaml_drops;

/* Reads the YAML quoted scalar at s[0..n), s[0] being '"' or '\'', and
 * appends its value to out (which ends up allocated even when the value
 * is empty): double-quoted values decode YAML 1.2's backslash escapes,
 * single-quoted ones '' as a quote.  Characters that escapes produce and
 * text drops are left out and counted in drops.  Returns the bytes read,
 * closing quote included, or 0 with err set (columns count from s, 1 being
 * the opening quote). */
size_t tl_yaml_quoted(const char *s, size_t n, tl_buf *out, tl_diag *err,
                      tl_yaml_drops *drops);

/* diag.c: fills a single tl_diag without a list. */
void tl_diag_set(tl_diag *d, tl_severity sev, int col, int len,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* date.c: what a date may depend on beyond its own text.  The native
 * reader fills one for each date; tl_date_parse() reads with none, which is
 * TL_SLASH_STRICT and no "now". */
#define TL_DATE_WARN_MAX 2 /* a range has two slash dates */
enum {
	TL_SLASH_STRICT = 0, /* 06/07/2017 is refused with the EDTF to write */
	TL_SLASH_MDY,        /* month/day/year: Markwhen's default */
	TL_SLASH_DMY         /* day/month/year: front matter dateFormat: d/M/y */
};
typedef struct tl_date_ctx {
	int slash;       /* TL_SLASH_* */
	int has_now;     /* "now" reads as the instant now */
	int64_t now;     /* seconds since 1970-01-01T00:00:00Z */
	int used_now;    /* out: the date read "now" */
	int nwarn;       /* out: warnings (col and len 1-based in the date) */
	tl_diag warn[TL_DATE_WARN_MAX];
} tl_date_ctx;
/* tl_date_parse() with ctx (may be NULL): also reads the forms that
 * depend on it, and tells through it what the date depended on. */
int tl_date_parse_ctx(const char *s, size_t len, tl_date_ctx *ctx,
                      tl_date *out, tl_diag *err);
/* date.c: sets pt's date fields to the day numbered day (days since
 * 1970-01-01) at day precision; its other fields are left as they are. */
void tl_point_day(tl_point *pt, int64_t day);

/* Month names for labels: tl_month_name(6) is "June"; seasons 21-24 give
 * "Spring", "Summer", "Autumn", "Winter"; an out-of-range month gives "". */
const char *tl_month_name(int m);

#endif
