/*
 * ics.h - what the iCalendar files share (render_ics.c, ics_event.c,
 * ics_series.c, ics_batch.c, ics_text.c, ics_fold.c), without libical's
 * header: the files that call libical include it, and ics_lib.h has what
 * they share in libical's types.  Internal to the library, like private.h.
 */
#ifndef DATELINE_ICS_H
#define DATELINE_ICS_H

#include "private.h"

/* ---- the feed (render_ics.c) ---- */

/* tl_render_ics() with the events serialized by `workers` threads (1:
 * all in the calling thread).  The bytes written do not depend on
 * `workers`; tl_render_ics() passes tl_ics_workers(). */
int tl_ics_render(const tl_timeline *tl, const tl_options *o,
                  tl_write_fn write, void *ctx, tl_diags *diags,
                  unsigned workers);

/* A time of day in one frame: UTC, or the wall clock of the file's zone. */
typedef struct tl_ics_instant {
	int64_t secs; /* seconds since 1970-01-01T00:00 in that frame */
	int local;    /* 1: the file's zone (TZID), 0: UTC */
} tl_ics_instant;

/* How one event maps onto iCalendar (docs/ics.md, "Dates"). */
typedef struct tl_ics_span {
	enum { TL_ICS_SKIP, TL_ICS_ALLDAY, TL_ICS_TIMED } kind;
	int64_t lo, hi;          /* all day: [lo, hi) in days */
	tl_ics_instant start, end;  /* timed */
	int has_end;             /* timed: an interval, so DTEND is written */
	int labelled;            /* SUMMARY starts with the date's label */
	const char *why;         /* TL_ICS_SKIP: what iCalendar cannot hold */
} tl_ics_span;

/* An instance of a recurring series as the feed writes it, in the frame
 * of the series' DTSTART: a day, or a time (docs/ics.md, "Recurrences"). */
typedef struct tl_ics_rid {
	int is_date;
	int64_t day;     /* is_date */
	tl_ics_instant at;  /* else */
} tl_ics_rid;

/* Where a VEVENT stands in its series: an occurrence has a RECURRENCE-ID;
 * the master lists the other instances as RDATEs (all of rdates' kind,
 * is_date and at.local alike). */
typedef struct tl_ics_recur {
	int has_rid;
	tl_ics_rid rid;
	const tl_ics_rid *rdates;
	size_t nrdates;
} tl_ics_recur;

/* An event's SEQUENCE (none when < 0) and LAST-MODIFIED, from
 * tl_options.event_stamp. */
typedef struct tl_ics_stamp {
	int64_t sequence, last_modified;
} tl_ics_stamp;

/* ---- one VEVENT, reused for every event (ics_event.c) ---- */

typedef struct tl_ics_vevent tl_ics_vevent;

/* Builds the reusable VEVENT for the events of tl: every property an
 * event of tl can have (RELATED-TO as often as the most after: ids),
 * created once; DTSTAMP and LAST-MODIFIED hold `timestamp` (when
 * `stamped`, LAST-MODIFIED and SEQUENCE are set per event instead, from
 * the tl_ics_stamp given to tl_ics_vevent_write()); RELATED-TO
 * names "<id>@<domain>"; local times carry TZID=<tzid>.  tl, domain and
 * tzid must outlive it.  On a libical failure returns NULL and sets
 * *failed to what failed.  Call it before starting the threads that use
 * the result: it also makes libical set up its UTC zone, which libical
 * 3.0 does lazily and without a lock.  The caller frees the result with
 * tl_ics_vevent_free(). */
tl_ics_vevent *tl_ics_vevent_new(const tl_timeline *tl, int64_t timestamp,
                                 const char *domain, const char *tzid,
                                 int stamped, const char **failed);
/* Frees v and every libical object in it; accepts NULL. */
void tl_ics_vevent_free(tl_ics_vevent *v);
/* Sets the VEVENT's values for event e (written as sp says, with UID
 * uid, its date's canonical EDTF edtf and its label, tl_date_format() and
 * tl_date_label(), st when the VEVENT is `stamped`, and rc's
 * RECURRENCE-ID or RDATEs when rc is not NULL) and appends it, serialized
 * by libical, to out.  Returns NULL, or what failed (icalerrno, which is per thread in
 * Debian's libical, says why).  It creates no libical object and changes
 * no libical list: libical 3.0 counts lists and list elements in
 * unguarded globals (pvl.c), and helgrind shows two threads creating
 * properties race there.  Setting values and serializing touch only the
 * VEVENT's own objects and per-thread state, so threads that each own a
 * VEVENT may call this at the same time. */
const char *tl_ics_vevent_write(tl_ics_vevent *v, const tl_event *e,
                                const tl_ics_span *sp, const char *uid,
                                const char *edtf, const char *label,
                                const tl_ics_stamp *st, const tl_ics_recur *rc,
                                tl_buf *out);

/* ---- recurring series (ics_series.c) ---- */

/* One instance of a series: its tl_rid.at, and the event that holds it
 * (its index in tl_timeline_event() order). */
typedef struct tl_ics_instance {
	int64_t at;
	size_t event;
} tl_ics_instance;

/* One recurring series in the feed: its occurrences each carry its UID
 * and their RECURRENCE-ID, and its master, written just before the first
 * of them, lists every instance (docs/ics.md, "Recurrences"). */
typedef struct tl_ics_series {
	size_t first;      /* the first occurrence written */
	size_t content;    /* the occurrence whose text the master carries */
	uint8_t kind;      /* the tl_rid_kind of every instance */
	tl_ics_instance *v;   /* sorted by at and unique once finished */
	size_t n, cap;
} tl_ics_series;

/* The series of a feed.  Zero-initialize it; free it with
 * tl_ics_series_release(). */
typedef struct tl_ics_series_set {
	const tl_timeline *tl;
	tl_ics_series *series;
	size_t nseries, cap;
	uint32_t *series_of; /* per event: 1 + its series, 0 for none; NULL
	                        when no event is an occurrence */
	tl_index index;      /* series by key */
} tl_ics_series_set;

/* Counts event i of tl, written to the feed, into its series when it is
 * an occurrence of one (e->series and e->rid): the series is new at its
 * first occurrence; an instance of another kind (a day in a series of
 * times) or outside the years 1 to 3000 stays out of it.  Call it for
 * the events in order. */
void tl_ics_series_add(tl_ics_series_set *s, const tl_timeline *tl, size_t i);
/* Sorts each series' instances; an instance given twice (two events of
 * one series with one recurrence-id) is kept once, the other occurrence
 * leaving the series.  The master carries the text of the first instance
 * not cancelled (a cancelled master would cancel them all), else of the
 * first. */
void tl_ics_series_finish(tl_ics_series_set *s, const tl_timeline *tl);
/* Frees what s holds. */
void tl_ics_series_release(tl_ics_series_set *s);

/* ---- batches in order, on every core (ics_batch.c) ---- */

/* Fills out with batch number `batch`; runs on worker thread `worker`
 * (0 <= worker < workers), which no other call uses at the same time.
 * Returns 0 or a tl_status code. */
typedef int (*tl_ics_fill_fn)(void *ctx, unsigned worker, size_t batch,
                              tl_buf *out);
/* Takes the filled batches one by one in batch order, in the calling
 * thread.  Returns 0 or a tl_status code. */
typedef int (*tl_ics_drain_fn)(void *ctx, tl_buf *out);

/* The number of worker threads worth starting: the CPUs this process may
 * run on, at most 8. */
unsigned tl_ics_workers(void);
/* Fills batches 0 .. nbatches-1 on `workers` threads and drains them in
 * order in the calling thread, at most two batches per worker in memory.
 * Stops at the first non-zero result (in batch order) and returns it;
 * 0 when every batch was filled and drained. */
int tl_ics_batches(size_t nbatches, unsigned workers, tl_ics_fill_fn fill,
                   tl_ics_drain_fn drain, void *ctx);

/* ---- content lines (ics_fold.c) ---- */

/* Makes lib, what libical serialized (one or more properties or
 * components, each content line ended by CRLF, folded as libical folds),
 * into content lines that are valid whatever libical's folding did: no
 * physical line over 75 octets, CRLF at every end and nowhere else, no
 * fold inside a UTF-8 sequence.  Lines libical folded validly are kept
 * byte for byte; any other is unfolded and folded again.  Takes lib
 * (allocated by libical with malloc) and returns it when every line was
 * valid, else a new string (lib freed).  Returns NULL, lib freed and
 * icalerrno MALFORMEDDATA, when no folding can make it content lines: a
 * CR or LF inside a line, a line starting with a space or tab, text that
 * is not UTF-8, no CRLF at the end.  scratch is working memory the
 * caller keeps between calls and frees.  The caller frees the result
 * with free(). */
char *tl_ics_lines(char *lib, tl_buf *scratch);

/* ---- text (ics_text.c) ---- */

/* Appends s as feed text: CR LF and lone CR become LF, other control
 * characters except TAB are dropped, bytes that are not UTF-8 become
 * U+FFFD. */
void tl_ics_put_clean(tl_buf *b, const char *s);
/* Appends s cleaned as above and escaped by the RFC 5545 TEXT rules:
 * backslash, semicolon and comma get a backslash, newline becomes \n. */
void tl_ics_put_escaped(tl_buf *b, const char *s);
/* The default UID domain for a file called name: its base name without
 * extension, lower-cased, other characters as '-', then
 * ".dateline.invalid" ("timeline.dateline.invalid" when nothing is left).
 * The caller frees the result with free(). */
char *tl_ics_file_domain(const char *name);
/* True when zone names UTC itself (UTC, Etc/UTC, GMT, Etc/GMT, Z, Zulu). */
int tl_ics_zone_is_utc(const char *zone);

#endif
