/*
 * render_ics.c - the iCalendar feed (RFC 5545 + RFC 7986), streamed.
 *
 * Every line of the feed is built and serialized by libical, and checked
 * (folded again where libical folded it wrongly: ics_fold.c): the VCALENDAR
 * envelope (with its VTIMEZONE) is serialized once and split around the
 * place where events go; the events are serialized in batches on every
 * core (ics_batch.c), each thread reusing one VEVENT (ics_event.c), and
 * written in file order, so memory stays flat however many events there
 * are.  This file decides how each event's date is written, its UID, and
 * the envelope.  docs/ics.md says what each event becomes and why.
 */
#include "private.h"
#include "ics_lib.h"

#include <libical/ical.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* RFC 5545 dates reach 9999, but libical 3.0.16 turns any date after the
 * year 3000 into a null time (00000000T000000): the last year we write. */
#define MAX_YEAR 3000
/* Events in one batch (ics_batch.c): about 400 KB of feed, which is also
 * the size of each write. */
#define BATCH_EVENTS 1024

/* What one worker thread owns: its VEVENT and its scratch. */
typedef struct ics_worker {
	tl_ics_vevent *vevent;
	tl_buf dates;         /* the current date's EDTF, then its label */
	tl_buf uid;
	tl_buf key;           /* the event's key for event_stamp */
	tl_buf mdates;        /* a master's content event's EDTF and label */
	tl_ics_rid *rdates;      /* a master's RDATEs */
	size_t rdates_cap;
	const char *failed;   /* the first libical failure, NULL if none */
	const char *why;      /* icalerror_strerror() of it */
	size_t failed_batch;  /* the batch where it happened */
} ics_worker;

/* One render in progress. */
typedef struct ics {
	const tl_timeline *tl;
	const tl_options *o;
	tl_write_fn write;
	void *ctx;
	tl_diags *diags;
	int rc;            /* first failure (a tl_status), 0 while all is well */
	tl_buf text;       /* scratch: one envelope value at a time */
	char *domain;      /* the part of every UID after '@' */
	const char *tzid;  /* the file's zone for local times, NULL for UTC */
	int tz_used;       /* some event is written in the file's zone */
	size_t nwritten;   /* events iCalendar can hold */
	ics_worker *workers;
	unsigned nworkers;
	tl_ics_series_set ser;  /* the recurring series (ics_series.c) */
} ics;

/* Records a libical failure once; why is icalerror_strerror() of the
 * thread where it happened. */
static void backend_error(ics *x, const char *what, const char *why)
{
	if (x->rc)
		return;
	x->rc = TL_BACKEND_FAILED;
	tl_diags_add(x->diags, TL_SEV_ERROR, TL_BACKEND_FAILED, 0, 0, 0,
	             "libical failed to %s: %s", what, why);
}

static const char *buf_str(const tl_buf *b)
{
	return b->data ? b->data : "";
}

/* An X- property holding text.  libical's own X- serializer escapes
 * backslash and newline but not ';' or ','; text with either goes through
 * tl_ics_escaped_prop() instead (and so carries VALUE=TEXT).  The caller
 * frees the result with icalproperty_free() or hands it to a component. */
static icalproperty *x_text_prop(ics *x, const char *name, const char *text)
{
	x->text.len = 0;
	if (strpbrk(text, ";,")) {
		tl_ics_put_escaped(&x->text, text);
		return tl_ics_escaped_prop(ICAL_X_PROPERTY, name,
		                           buf_str(&x->text));
	}
	tl_ics_put_clean(&x->text, text);
	icalproperty *p = icalproperty_new_x(buf_str(&x->text));
	if (p)
		icalproperty_set_x_name(p, name);
	return p;
}

/* Adds p to c, or records the failure when libical returned NULL. */
static void add(ics *x, icalcomponent *c, icalproperty *p, const char *what)
{
	if (p)
		icalcomponent_add_property(c, p);
	else
		backend_error(x, what, icalerror_strerror(icalerrno));
}

/* ------------------------------------------------------------------ */
/* Dates                                                                */
/* ------------------------------------------------------------------ */

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;
	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* The year of day number day. */
static int64_t year_of(int64_t day)
{
	int64_t y;
	int m, d;
	tl_civil_from_days(day, &y, &m, &d);
	return y;
}

/* The instant a timed point names: UTC when written with Z or an offset,
 * the file's zone when it names one, else UTC. */
static tl_ics_instant point_instant(const ics *x, const tl_point *pt)
{
	tl_ics_instant at;
	at.secs = pt->lo * 86400 + pt->hour * 3600 + pt->minute * 60 +
	          pt->second;
	at.local = 0;
	if (pt->flags & TL_PT_OFFSET)
		at.secs -= (int64_t)pt->tz_minutes * 60;
	else if (!(pt->flags & TL_PT_UTC) && x->tzid)
		at.local = 1;
	return at;
}

/* at in UTC: a wall-clock time of the file's zone is converted with
 * libical's rules for the zone. */
static int64_t utc_secs(const ics *x, tl_ics_instant at)
{
	icaltimezone *z =
	    at.local ? icaltimezone_get_builtin_timezone(x->tzid) : NULL;
	if (!z)
		return at.secs;
	struct icaltimetype t =
	    icaltime_from_timet_with_zone((time_t)at.secs, 0, NULL);
	return (int64_t)icaltime_as_timet_with_zone(t, z);
}

/* Works out how event e is written (see docs/ics.md, "Dates"). */
static void classify(const ics *x, const tl_event *e, tl_ics_span *sp)
{
	const tl_date *d = &e->date;
	const tl_point *s = &d->start, *en = &d->end;
	memset(sp, 0, sizeof(*sp));
	if ((s->flags | en->flags) & TL_PT_OPEN) {
		sp->why = "an open-ended interval";
		return;
	}
	if ((s->flags | en->flags) & TL_PT_UNKNOWN) {
		sp->why = "an interval with an unknown end";
		return;
	}
	int64_t first_day, last_day; /* inclusive range of days written */
	if (s->prec >= TL_PREC_MINUTE &&
	    (!d->is_interval || en->prec >= TL_PREC_MINUTE)) {
		sp->kind = TL_ICS_TIMED;
		sp->start = point_instant(x, s);
		sp->has_end = d->is_interval;
		sp->end = sp->has_end ? point_instant(x, en) : sp->start;
		first_day = floor_div(sp->start.secs, 86400);
		last_day = floor_div(sp->end.secs, 86400);
		/* One end in the file's zone, the other fixed: only the
		 * zone's rules say which comes first (model.c checks the
		 * rest). */
		if (sp->has_end && sp->start.local != sp->end.local &&
		    utc_secs(x, sp->end) <= utc_secs(x, sp->start)) {
			sp->kind = TL_ICS_SKIP;
			sp->why = "an interval that does not end after it starts "
			          "in the file's timezone";
			return;
		}
	} else {
		sp->kind = TL_ICS_ALLDAY;
		sp->lo = d->lo;
		sp->hi = d->hi;
		if (!d->is_interval && s->prec < TL_PREC_DAY &&
		    x->o->partial == TL_PARTIAL_FIRST_DAY) {
			sp->hi = sp->lo + 1;
			sp->labelled = 1;
		}
		first_day = sp->lo;
		last_day = sp->hi; /* DTEND is written too */
	}
	if ((s->qual | en->qual) & TL_QUAL_APPROX)
		sp->labelled = 1;
	if (year_of(first_day) < 1) {
		sp->kind = TL_ICS_SKIP;
		sp->why = "a year before 1 CE";
	} else if (year_of(last_day) > MAX_YEAR) {
		sp->kind = TL_ICS_SKIP;
		sp->why = "a date past the year 3000 (libical's limit)";
	}
}

/* ------------------------------------------------------------------ */
/* UIDs                                                                 */
/* ------------------------------------------------------------------ */

/* The hash of an event's lane and canonical date: the part of a derived
 * UID that names "which date in which lane". */
static uint64_t lane_date_key(const ics *x, const tl_event *e,
                              const char *edtf)
{
	const char *lane = x->tl->lanes[e->lane];
	uint64_t h = tl_hash(TL_HASH_SEED, lane, strlen(lane) + 1);
	return tl_hash(h, edtf, strlen(edtf) + 1);
}

/* The UID of the series e is an occurrence of: its imported "uid"
 * property, else "<series>@<domain>". */
static void put_series_uid(const ics *x, tl_buf *b, const tl_event *e)
{
	const char *uid = tl_event_prop(e, "uid");
	if (uid && uid[0]) {
		tl_buf_puts(b, uid);
		return;
	}
	tl_buf_puts(b, e->series);
	tl_buf_putc(b, '@');
	tl_buf_puts(b, x->domain);
}

/* Writes the UID of e into b: for an occurrence of a series in the feed,
 * the series' UID; else its imported "uid" property when it has one (with
 * "/<recurrence-id>" for an occurrence left out of its series: a duplicate
 * instance), else "<id>@<domain>" when the event has an id, else
 * "dl-<16 hex digits>@<domain>" hashing lane, canonical date (edtf)
 * and the ordinal among the events of that lane with that date in the
 * whole file (e->twin, counted before any filter). */
static void put_uid(const ics *x, tl_buf *b, const tl_event *e, size_t i,
                    const char *edtf)
{
	if (x->ser.series_of && x->ser.series_of[i]) {
		put_series_uid(x, b, e);
		return;
	}
	/* An imported calendar's UID is kept (docs/import.md). */
	const char *uid = tl_event_prop(e, "uid");
	if (uid && uid[0]) {
		const char *rid = tl_event_prop(e, "recurrence-id");
		tl_buf_puts(b, uid);
		if (rid) {
			tl_buf_putc(b, '/');
			tl_buf_puts(b, rid);
		}
		return;
	}
	if (e->id) {
		tl_buf_puts(b, e->id);
		tl_buf_putc(b, '@');
		tl_buf_puts(b, x->domain);
		return;
	}
	char num[16];
	int n = snprintf(num, sizeof(num), "%u", (unsigned)e->twin);
	uint64_t h = tl_hash(lane_date_key(x, e, edtf), num, (size_t)n);
	/* FNV-1a barely stirs its last bytes; a final mix (splitmix64's)
	 * makes neighbouring ordinals look unrelated. */
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ull;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebull;
	h ^= h >> 31;
	tl_buf_printf(b, "dl-%016llx@%s", (unsigned long long)h, x->domain);
}

/* The UID domain: uid-domain from the front matter (a host name: the
 * model checked it), else "<file name slug>.dateline.invalid".  The caller
 * frees the result with free(). */
static char *uid_domain(ics *x)
{
	const char *given = x->tl->front.uid_domain.value;
	if (given)
		return tl_xstrdup(given);
	return tl_ics_file_domain(tl_timeline_name(x->tl));
}

/* ------------------------------------------------------------------ */
/* Recurring series                                                     */
/* ------------------------------------------------------------------ */

/* An instance of kind kind at at, in the feed's frame: a floating time
 * is in the file's zone when it has one, as a floating DTSTART is. */
static tl_ics_rid feed_rid(const ics *x, uint8_t kind, int64_t at)
{
	tl_ics_rid r;
	memset(&r, 0, sizeof(r));
	r.is_date = kind == TL_RID_DATE;
	r.day = at;
	r.at.secs = at;
	r.at.local = kind == TL_RID_FLOATING && x->tzid;
	return r;
}

/* The master's dates: the content event's span c moved to start at the
 * series' first instance r, as long as c (a day, or an instant, when c
 * is not of r's kind). */
static void master_span(const tl_ics_span *c, const tl_ics_rid *r,
                        tl_ics_span *m)
{
	*m = *c;
	if (r->is_date) {
		int64_t len = c->kind == TL_ICS_ALLDAY ? c->hi - c->lo : 1;
		m->kind = TL_ICS_ALLDAY;
		m->lo = r->day;
		m->hi = r->day + (len > 0 ? len : 1);
		return;
	}
	m->kind = TL_ICS_TIMED;
	m->has_end = c->kind == TL_ICS_TIMED && c->has_end &&
	             c->start.local == c->end.local;
	m->start = m->end = r->at;
	if (m->has_end)
		m->end.secs += c->end.secs - c->start.secs;
}

/* ------------------------------------------------------------------ */
/* Events, in batches                                                   */
/* ------------------------------------------------------------------ */

/* Reports an event iCalendar cannot hold: a warning, or an error under
 * --strict. */
static void report_skip(ics *x, const tl_event *e, const tl_ics_span *sp)
{
	int strict = x->o->strict;
	tl_diags_add(x->diags, strict ? TL_SEV_ERROR : TL_SEV_WARNING,
	             TL_INVALID, (int)e->line, (int)e->col,
	             (int)strlen(e->date_text),
	             "iCalendar cannot hold %s; %s", sp->why,
	             strict ? "the feed is not written"
	                    : "the event is left out of the feed");
}

/* Puts the canonical EDTF of e's date, then its label, into w->dates. */
static void put_date(ics_worker *w, const tl_event *e)
{
	char text[256];
	w->dates.len = 0;
	tl_date_format(&e->date, text, sizeof(text));
	tl_buf_put(&w->dates, text, strlen(text) + 1);
	tl_date_label(&e->date, text, sizeof(text));
	tl_buf_put(&w->dates, text, strlen(text) + 1);
}

/* Appends the master VEVENT of series g to out, on worker w: the
 * content event's text, DTSTART at the first instance, the others as
 * RDATEs, stamped with the feed's timestamp.  Returns 0, or
 * TL_BACKEND_FAILED with w->failed set. */
static int write_master(ics *x, ics_worker *w, size_t g, tl_buf *out)
{
	const tl_ics_series *sr = &x->ser.series[g];
	const tl_event *c = &x->tl->events[sr->content];
	char text[256];
	w->mdates.len = 0;
	tl_date_format(&c->date, text, sizeof(text));
	tl_buf_put(&w->mdates, text, strlen(text) + 1);
	tl_date_label(&c->date, text, sizeof(text));
	tl_buf_put(&w->mdates, text, strlen(text) + 1);
	if (sr->n > w->rdates_cap) {
		w->rdates_cap = sr->n;
		w->rdates = tl_xrealloc(w->rdates, sr->n * sizeof(*w->rdates));
	}
	for (size_t j = 0; j < sr->n; j++)
		w->rdates[j] = feed_rid(x, sr->kind, sr->v[j].at);
	tl_ics_span csp, sp;
	classify(x, c, &csp);
	master_span(&csp, &w->rdates[0], &sp);
	tl_ics_recur rc = {0, w->rdates[0], w->rdates + 1, sr->n - 1};
	w->uid.len = 0;
	put_series_uid(x, &w->uid, c);
	tl_ics_stamp st = {-1, x->o->timestamp};
	const char *edtf = w->mdates.data;
	w->failed = tl_ics_vevent_write(w->vevent, c, &sp, buf_str(&w->uid),
	                                edtf, edtf + strlen(edtf) + 1, &st,
	                                &rc, out);
	return w->failed ? TL_BACKEND_FAILED : 0;
}

/* Writes event i, of span sp, on worker w (its dates in w->dates),
 * after its series' master when it is the series' first.  Returns 0, or
 * TL_BACKEND_FAILED with w->failed set. */
static int write_event(ics *x, ics_worker *w, size_t i, const tl_ics_span *sp,
                       tl_buf *out)
{
	const tl_event *e = &x->tl->events[i];
	uint32_t g = x->ser.series_of ? x->ser.series_of[i] : 0;
	tl_ics_recur rc = {0};
	if (g) {
		const tl_ics_series *sr = &x->ser.series[g - 1];
		if (sr->first == i && write_master(x, w, g - 1, out))
			return TL_BACKEND_FAILED;
		rc.has_rid = 1;
		rc.rid = feed_rid(x, sr->kind, e->rid.at);
	}
	const char *edtf = w->dates.data;
	const char *label = edtf + strlen(edtf) + 1;
	w->uid.len = 0;
	put_uid(x, &w->uid, e, i, edtf);
	/* The key event_stamp keeps an event's history under: its UID, and
	 * for an occurrence its instance too. */
	w->key.len = 0;
	tl_buf_puts(&w->key, buf_str(&w->uid));
	const char *rid = tl_event_prop(e, "recurrence-id");
	if (g && rid) {
		tl_buf_putc(&w->key, '/');
		tl_buf_puts(&w->key, rid);
	}
	tl_buf_putc(&w->key, '\0');
	tl_ics_stamp st = {-1, x->o->timestamp};
	if (x->o->event_stamp)
		x->o->event_stamp(x->o->event_stamp_ctx, i, w->key.data,
		                  &st.sequence, &st.last_modified);
	w->failed = tl_ics_vevent_write(w->vevent, e, sp, buf_str(&w->uid),
	                                edtf, label, &st, g ? &rc : NULL, out);
	return w->failed ? TL_BACKEND_FAILED : 0;
}

/* An tl_ics_fill_fn: appends the VEVENTs of batch b to out, on worker
 * thread `worker`.  Touches only that worker's state and reads the
 * model. */
static int fill_batch(void *ctx, unsigned worker, size_t b, tl_buf *out)
{
	ics *x = ctx;
	ics_worker *w = &x->workers[worker];
	size_t first = b * BATCH_EVENTS;
	size_t last = first + BATCH_EVENTS < x->tl->nevents
	                  ? first + BATCH_EVENTS : x->tl->nevents;
	for (size_t i = first; i < last; i++) {
		const tl_event *e = &x->tl->events[i];
		/* Dates parse without context: one written as the previous
		 * event's has the same canonical form and label. */
		if (i == first || strcmp(e->date_text, e[-1].date_text) != 0)
			put_date(w, e);
		tl_ics_span sp;
		classify(x, e, &sp);
		if (sp.kind == TL_ICS_SKIP)
			continue;
		if (write_event(x, w, i, &sp, out)) {
			w->why = icalerror_strerror(icalerrno);
			w->failed_batch = b;
			return TL_BACKEND_FAILED;
		}
	}
	return 0;
}

/* An tl_ics_drain_fn: writes a filled batch. */
static int drain_batch(void *ctx, tl_buf *out)
{
	ics *x = ctx;
	return tl_buf_flush(out, x->write, x->ctx) < 0 ? TL_WRITE_FAILED : 0;
}

/* Writes every event, in batches on x->nworkers threads, each with its
 * own VEVENT.  Every libical object a worker touches is its own: its
 * VEVENT and the strings libical returns to it; libical 3.0's shared
 * state (icalerrno, the ring of temporary buffers) is per thread in
 * Debian's build, and its UTC zone is looked up before any thread starts
 * (docs/ics.md, "Performance"). */
static void write_events(ics *x)
{
	size_t nbatches = (x->tl->nevents + BATCH_EVENTS - 1) / BATCH_EVENTS;
	const char *failed = NULL;
	if (x->nworkers > nbatches)
		x->nworkers = nbatches ? (unsigned)nbatches : 1;
	x->workers = tl_xcalloc(x->nworkers, sizeof(*x->workers));
	for (unsigned i = 0; i < x->nworkers && !failed; i++)
		x->workers[i].vevent =
		    tl_ics_vevent_new(x->tl, x->o->timestamp, x->domain,
		                      x->tzid, x->o->event_stamp != NULL, &failed);
	int rc = failed ? TL_BACKEND_FAILED
	                : tl_ics_batches(nbatches, x->nworkers, fill_batch,
	                                 drain_batch, x);
	if (failed) {
		backend_error(x, failed, icalerror_strerror(icalerrno));
	} else if (rc == TL_BACKEND_FAILED) {
		const ics_worker *first = NULL;
		for (unsigned i = 0; i < x->nworkers; i++) {
			const ics_worker *w = &x->workers[i];
			if (w->failed &&
			    (!first || w->failed_batch < first->failed_batch))
				first = w;
		}
		backend_error(x, first->failed, first->why);
	} else if (rc && !x->rc) {
		x->rc = rc;
	}
	for (unsigned i = 0; i < x->nworkers; i++) {
		ics_worker *w = &x->workers[i];
		tl_ics_vevent_free(w->vevent);
		free(w->dates.data);
		free(w->uid.data);
		free(w->key.data);
		free(w->mdates.data);
		free(w->rdates);
	}
	free(x->workers);
}

/* ------------------------------------------------------------------ */
/* The envelope                                                         */
/* ------------------------------------------------------------------ */

/* The calendar's name: calendar:, else title:, else the file name. */
static const char *calendar_name(const tl_timeline *tl)
{
	const char *s = tl->front.calendar.value;
	if (!s || !s[0])
		s = tl->front.title.value;
	if (!s || !s[0]) {
		const char *name = tl_timeline_name(tl);
		s = name && strcmp(name, "-") != 0 ? name : "dateline";
		const char *slash = strrchr(s, '/');
		s = slash ? slash + 1 : s;
	}
	return s;
}

/* The VTIMEZONE of the file's zone from the system tz database, its TZID
 * set to the plain IANA name.  NULL (with a warning, and times then in
 * UTC) when the zone is unknown.  The caller frees the result with
 * icalcomponent_free() or hands it to the calendar. */
static icalcomponent *load_zone(ics *x, const char *zone)
{
	icalcomponent *vt = tl_zone_name_ok(zone) ? icaltzutil_fetch_timezone(zone)
	                                          : NULL;
	icalproperty *id =
	    vt ? icalcomponent_get_first_property(vt, ICAL_TZID_PROPERTY) : NULL;
	if (!id) {
		if (vt)
			icalcomponent_free(vt);
		const tl_field *f = &x->tl->front.timezone;
		tl_diags_add(x->diags, TL_SEV_WARNING, TL_INVALID,
		             (int)f->line, (int)f->col, (int)strlen(zone),
		             "unknown time zone '%s'; times without a zone are "
		             "written in UTC", zone);
		return NULL;
	}
	icalproperty_set_tzid(id, zone);
	return vt;
}

/* The refresh interval the model read, in the units it was written in
 * (P7D stays P7D), else one day. */
static struct icaldurationtype refresh_interval(const ics *x)
{
	const tl_front *f = &x->tl->front;
	struct icaldurationtype d = icaldurationtype_null_duration();
	if (f->refresh_secs <= 0) {
		d.days = 1;
		return d;
	}
	d.weeks = f->refresh_parts[0];
	d.days = f->refresh_parts[1];
	d.hours = f->refresh_parts[2];
	d.minutes = f->refresh_parts[3];
	d.seconds = f->refresh_parts[4];
	return d;
}

/* Builds the VCALENDAR without events.  The caller frees the result with
 * icalcomponent_free(). */
static icalcomponent *build_calendar(ics *x, icalcomponent *vtimezone)
{
	const tl_timeline *tl = x->tl;
	icalcomponent *cal = icalcomponent_new_vcalendar();
	if (!cal)
		return NULL;
	add(x, cal, icalproperty_new_version("2.0"), "build VERSION");
	add(x, cal, icalproperty_new_prodid("-//dateline//dateline " TL_VERSION
	                                    "//EN"), "build PRODID");
	add(x, cal, icalproperty_new_calscale("GREGORIAN"), "build CALSCALE");
	add(x, cal, icalproperty_new_method(ICAL_METHOD_PUBLISH),
	    "build METHOD");

	const char *name = calendar_name(tl);
	x->text.len = 0;
	tl_ics_put_clean(&x->text, name);
	add(x, cal, icalproperty_new_name(buf_str(&x->text)), "build NAME");
	add(x, cal, x_text_prop(x, "X-WR-CALNAME", name), "build X-WR-CALNAME");

	const char *desc = tl->front.description.value;
	if (desc && desc[0]) {
		x->text.len = 0;
		tl_ics_put_clean(&x->text, desc);
		add(x, cal, icalproperty_new_description(buf_str(&x->text)),
		    "build DESCRIPTION");
		add(x, cal, x_text_prop(x, "X-WR-CALDESC", desc),
		    "build X-WR-CALDESC");
	}

	struct icaldurationtype dur = refresh_interval(x);
	char *refresh = icaldurationtype_as_ical_string_r(dur);
	add(x, cal, icalproperty_new_refreshinterval(dur),
	    "build REFRESH-INTERVAL");
	add(x, cal, x_text_prop(x, "X-PUBLISHED-TTL", refresh),
	    "build X-PUBLISHED-TTL");
	free(refresh);

	/* URL is the page the calendar is about (url:, else source:, the
	 * article); SOURCE is where the feed itself is fetched (RFC 7986),
	 * known only to whoever publishes it. */
	const char *url = tl->front.url.value;
	if (!tl_url_is_safe(url))
		url = tl->front.source.value;
	if (tl_url_is_safe(url))
		add(x, cal, icalproperty_new_url(url), "build URL");
	if (tl_url_is_safe(x->o->feed_url))
		add(x, cal, icalproperty_new_source(x->o->feed_url),
		    "build SOURCE");
	const char *zone = tl->front.timezone.value;
	if (zone)
		add(x, cal, x_text_prop(x, "X-WR-TIMEZONE", zone),
		    "build X-WR-TIMEZONE");
	if (vtimezone)
		icalcomponent_add_component(cal, vtimezone);
	return cal;
}

/* Pass one: reports what cannot be written, counts what can, and notes
 * whether any event uses the file's zone.  Returns the number of errors
 * under --strict. */
static int survey(ics *x)
{
	int refused = 0;
	for (size_t i = 0; i < x->tl->nevents; i++) {
		const tl_event *e = &x->tl->events[i];
		tl_ics_span sp;
		classify(x, e, &sp);
		if (sp.kind == TL_ICS_SKIP) {
			report_skip(x, e, &sp);
			refused += x->o->strict;
			continue;
		}
		x->nwritten++;
		if (sp.kind == TL_ICS_TIMED && (sp.start.local || sp.end.local))
			x->tz_used = 1;
		if (e->rid.kind == TL_RID_FLOATING && x->tzid)
			x->tz_used = 1; /* a RECURRENCE-ID in the file's zone */
		tl_ics_series_add(&x->ser, x->tl, i);
	}
	tl_ics_series_finish(&x->ser, x->tl);
	return refused;
}

/* Writes s, remembering the first failure. */
static void emit(ics *x, const char *s, size_t n)
{
	if (!x->rc && x->write(x->ctx, s, n) < 0)
		x->rc = TL_WRITE_FAILED;
}

/* Writes the calendar head, every event in order, and the tail. */
static void write_feed(ics *x, icalcomponent *vtimezone)
{
	static const char tail[] = "END:VCALENDAR\r\n";
	icalcomponent *cal = build_calendar(x, vtimezone);
	char *s = cal ? icalcomponent_as_ical_string_r(cal) : NULL;
	tl_buf scratch = {0};
	s = s ? tl_ics_lines(s, &scratch) : NULL; /* ics_fold.c */
	free(scratch.data);
	if (cal)
		icalcomponent_free(cal);
	else
		icalcomponent_free(vtimezone);
	size_t n = s ? strlen(s) : 0, nt = sizeof(tail) - 1;
	if (!s || n < nt || strcmp(s + n - nt, tail) != 0) {
		free(s);
		backend_error(x, "serialize the VCALENDAR",
		              icalerror_strerror(icalerrno));
		return;
	}
	emit(x, s, n - nt);
	free(s);
	if (!x->rc)
		write_events(x);
	emit(x, tail, nt);
}

/* Frees what the render holds (not x itself). */
static void release(ics *x)
{
	free(x->text.data);
	free(x->domain);
	tl_ics_series_release(&x->ser);
}

int tl_ics_render(const tl_timeline *tl, const tl_options *o,
                  tl_write_fn write, void *ctx, tl_diags *diags,
                  unsigned workers)
{
	ics x = {0};
	x.tl = tl;
	x.o = o;
	x.write = write;
	x.ctx = ctx;
	x.diags = diags;
	x.nworkers = workers ? workers : 1;
	icalerror_set_errors_are_fatal(0);

	const char *zone = tl->front.timezone.value;
	int has_zone = zone && !tl_ics_zone_is_utc(zone);
	x.tzid = has_zone ? zone : NULL;
	if (survey(&x) > 0) {
		release(&x);
		return TL_INVALID;
	}
	/* RFC 5545 3.6: a calendar holds at least one component; a VTIMEZONE
	 * alone would say nothing. */
	if (x.nwritten == 0) {
		tl_diags_add(diags, TL_SEV_ERROR, TL_INVALID, 0, 0, 0, "%s",
		             tl->nevents ? "no events to write: iCalendar can "
		                           "hold none of them"
		                         : "no events to write");
		release(&x);
		return TL_INVALID;
	}
	icalcomponent *vtimezone = NULL;
	if (x.tz_used) {
		vtimezone = load_zone(&x, zone);
		if (!vtimezone)
			x.tzid = NULL;
	}
	x.domain = uid_domain(&x);
	write_feed(&x, vtimezone);

	release(&x);
	return x.rc ? x.rc : TL_OK;
}

tl_status tl_render_ics(const tl_timeline *tl, const tl_options *o,
                        tl_write_fn write, void *ctx, tl_diags *diags)
{
	return tl_ics_render(tl, o, write, ctx, diags, tl_ics_workers());
}
