/*
 * render_ics.c - the iCalendar feed (RFC 5545 + RFC 7986), streamed.
 *
 * Every line of the feed is built and serialized by libical: the VCALENDAR
 * envelope (with its VTIMEZONE) is serialized once and split around the
 * place where events go, then each VEVENT is built, serialized, written
 * and freed in turn, so memory stays flat however many events there are.
 * docs/ics.md says what each event becomes and why.
 */
#include "private.h"
#include "ics.h"

#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define FLUSH_AT (64 * 1024)       /* bytes gathered before each write */
#define DEFAULT_REFRESH "P1D"
/* RFC 5545 dates reach 9999, but libical 3.0.16 turns any date after the
 * year 3000 into a null time (00000000T000000): the last year we write. */
#define MAX_YEAR 3000

/* A time of day in one frame: UTC, or the wall clock of the file's zone. */
typedef struct ics_instant {
	int64_t secs; /* seconds since 1970-01-01T00:00 in that frame */
	int local;    /* 1: the file's zone (TZID), 0: UTC */
} ics_instant;

/* How one event maps onto iCalendar, worked out before anything is
 * written so --strict can refuse the whole feed up front. */
typedef struct ics_span {
	enum { SPAN_SKIP, SPAN_ALLDAY, SPAN_TIMED } kind;
	int64_t lo, hi;          /* all day: [lo, hi) in days */
	ics_instant start, end;  /* timed */
	int has_end;             /* timed: an interval, so DTEND is written */
	int labelled;            /* SUMMARY starts with the date's label */
	const char *why;         /* SPAN_SKIP: what iCalendar cannot hold */
} ics_span;

/* One render in progress. */
typedef struct ics {
	const tl_timeline *tl;
	const tl_options *o;
	tl_write_fn write;
	void *ctx;
	tl_diags *diags;
	int rc;            /* first failure (a tl_exit), 0 while all is well */
	tl_buf out;        /* bytes waiting for the next write */
	tl_buf text;       /* scratch: one property value at a time */
	char *domain;      /* the part of every UID after '@' */
	const char *tzid;  /* the file's zone for local times, NULL for UTC */
	int tz_used;       /* some event is written in the file's zone */
	char *shared;      /* serialized lines every VEVENT carries */
	uint64_t *keys;    /* per run: lane + date hash, then ordinal */
	uint32_t *order;
	size_t run_cap;
} ics;

/* ------------------------------------------------------------------ */
/* Output                                                               */
/* ------------------------------------------------------------------ */

/* Sends what has gathered to write(); remembers the first failure. */
static void flush(ics *x)
{
	if (!x->rc && tl_buf_flush(&x->out, x->write, x->ctx) < 0)
		x->rc = TL_EXIT_IO;
	x->out.len = 0;
}

static void emit(ics *x, const char *s, size_t n)
{
	tl_buf_put(&x->out, s, n);
	if (x->out.len >= FLUSH_AT)
		flush(x);
}

/* Records a libical failure once. */
static void backend_error(ics *x, const char *what)
{
	if (x->rc)
		return;
	x->rc = TL_EXIT_BACKEND;
	tl_diags_add(x->diags, TL_SEV_ERROR, TL_EXIT_BACKEND, 0, 0, 0,
	             "libical failed to %s: %s", what,
	             icalerror_strerror(icalerrno));
}

static const char *buf_str(const tl_buf *b)
{
	return b->data ? b->data : "";
}

/* ------------------------------------------------------------------ */
/* Text                                                                 */
/* ------------------------------------------------------------------ */

/* A property whose value is TEXT already escaped by tl_ics_put_escaped(): held as
 * a STRING value, which libical writes as it is, marked VALUE=TEXT, which
 * libical leaves out where TEXT is the default.  The caller frees the
 * result with icalproperty_free() or hands it to a component. */
static icalproperty *escaped_prop(icalproperty_kind kind, const char *xname,
                                  const char *escaped)
{
	icalproperty *p = icalproperty_new(kind);
	if (!p)
		return NULL;
	if (xname)
		icalproperty_set_x_name(p, xname);
	icalproperty_set_value(p, icalvalue_new_string(escaped));
	icalproperty_set_parameter(p, icalparameter_new_value(ICAL_VALUE_TEXT));
	return p;
}

/* An X- property holding text.  libical's own X- serializer escapes
 * backslash and newline but not ';' or ','; text with either goes through
 * escaped_prop() instead (and so carries VALUE=TEXT).  The caller frees
 * the result with icalproperty_free() or hands it to a component. */
static icalproperty *x_text_prop(ics *x, const char *name, const char *text)
{
	x->text.len = 0;
	if (strpbrk(text, ";,")) {
		tl_ics_put_escaped(&x->text, text);
		return escaped_prop(ICAL_X_PROPERTY, name, buf_str(&x->text));
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
		backend_error(x, what);
}

/* ------------------------------------------------------------------ */
/* Times                                                                */
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

/* A DATE value for day number day. */
static struct icaltimetype ical_date(int64_t day)
{
	struct icaltimetype t = icaltime_null_date();
	int64_t y;
	int m, d;
	tl_civil_from_days(day, &y, &m, &d);
	t.year = (int)y;
	t.month = m;
	t.day = d;
	return t;
}

/* A DATE-TIME for secs seconds since the epoch of its frame: UTC (written
 * with Z) when utc is set, else a wall-clock time for a TZID parameter.
 * Our own arithmetic: no gmtime, no TZ. */
static struct icaltimetype ical_datetime(int64_t secs, int utc)
{
	int64_t day = floor_div(secs, 86400);
	int64_t sod = secs - day * 86400;
	struct icaltimetype t = ical_date(day);
	t.is_date = 0;
	t.hour = (int)(sod / 3600);
	t.minute = (int)(sod / 60 % 60);
	t.second = (int)(sod % 60);
	t.zone = utc ? icaltimezone_get_utc_timezone() : NULL;
	return t;
}

/* A DTSTART or DTEND property holding the date of day number day.
 * VALUE=DATE is set by hand: libical 3.0.16 leaves it out for 0001-01-01,
 * which it mistakes for a null time, and then writes a bare date where a
 * date-time belongs.  The caller frees the result with icalproperty_free()
 * or hands it to a component. */
static icalproperty *date_prop(icalproperty_kind kind, int64_t day)
{
	struct icaltimetype t = ical_date(day);
	icalproperty *p = kind == ICAL_DTSTART_PROPERTY
	                      ? icalproperty_new_dtstart(t)
	                      : icalproperty_new_dtend(t);
	if (p)
		icalproperty_set_parameter(p,
		                           icalparameter_new_value(ICAL_VALUE_DATE));
	return p;
}

/* A DTSTART or DTEND property for a timed instant. */
static icalproperty *instant_prop(const ics *x, icalproperty_kind kind,
                                  const ics_instant *at)
{
	struct icaltimetype t = ical_datetime(at->secs, !at->local);
	icalproperty *p = kind == ICAL_DTSTART_PROPERTY
	                      ? icalproperty_new_dtstart(t)
	                      : icalproperty_new_dtend(t);
	if (p && at->local)
		icalproperty_add_parameter(p, icalparameter_new_tzid(x->tzid));
	return p;
}

/* The instant a timed point names: UTC when written with Z or an offset,
 * the file's zone when it names one, else UTC. */
static ics_instant point_instant(const ics *x, const tl_point *pt)
{
	ics_instant at;
	at.secs = pt->lo * 86400 + pt->hour * 3600 + pt->minute * 60 +
	          pt->second;
	at.local = 0;
	if (pt->flags & TL_PT_OFFSET)
		at.secs -= (int64_t)pt->tz_minutes * 60;
	else if (!(pt->flags & TL_PT_UTC) && x->tzid)
		at.local = 1;
	return at;
}

/* Works out how event e is written (see docs/ics.md, "Dates"). */
static void classify(const ics *x, const tl_event *e, ics_span *sp)
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
		sp->kind = SPAN_TIMED;
		sp->start = point_instant(x, s);
		sp->has_end = d->is_interval;
		sp->end = sp->has_end ? point_instant(x, en) : sp->start;
		first_day = floor_div(sp->start.secs, 86400);
		last_day = floor_div(sp->end.secs, 86400);
	} else {
		sp->kind = SPAN_ALLDAY;
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
		sp->kind = SPAN_SKIP;
		sp->why = "a year before 1 CE";
	} else if (year_of(last_day) > MAX_YEAR) {
		sp->kind = SPAN_SKIP;
		sp->why = "a date past the year 3000 (libical's limit)";
	}
}

/* ------------------------------------------------------------------ */
/* UIDs                                                                 */
/* ------------------------------------------------------------------ */

/* FNV-1a, 64 bits, continued from h over n bytes of s. */
static uint64_t fnv1a(uint64_t h, const void *s, size_t n)
{
	const unsigned char *p = s;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

#define FNV_OFFSET 0xcbf29ce484222325ull

/* The hash of an event's lane and canonical date: the part of a derived
 * UID that names "which date in which lane". */
static uint64_t lane_date_key(const ics *x, const tl_event *e,
                              const char *edtf)
{
	const char *lane = x->tl->lanes[e->lane];
	uint64_t h = fnv1a(FNV_OFFSET, lane, strlen(lane) + 1);
	return fnv1a(h, edtf, strlen(edtf) + 1);
}

/* Writes the UID of e into b: "<id>@<domain>" when the event has an id,
 * else "dl-<16 hex digits>@<domain>" hashing lane, canonical date and the
 * ordinal among the events of that lane with that date, in file order. */
static void put_uid(const ics *x, tl_buf *b, const tl_event *e,
                    uint64_t key, uint32_t ordinal)
{
	if (e->id) {
		tl_buf_printf(b, "%s@%s", e->id, x->domain);
		return;
	}
	char num[16];
	int n = snprintf(num, sizeof(num), "%u", (unsigned)ordinal);
	uint64_t h = fnv1a(key, num, (size_t)n);
	/* FNV-1a barely stirs its last bytes; a final mix (splitmix64's)
	 * makes neighbouring ordinals look unrelated. */
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ull;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebull;
	h ^= h >> 31;
	tl_buf_printf(b, "dl-%016llx@%s", (unsigned long long)h, x->domain);
}

/* The UID domain: uid-domain from the front matter when it is a host
 * name, else "<file name slug>.dateline.invalid".  The caller frees the
 * result with free(). */
static char *uid_domain(ics *x)
{
	const char *given = tl_timeline_meta(x->tl, "uid-domain");
	if (given && tl_ics_is_hostname(given))
		return tl_xstrdup(given);
	if (given)
		tl_diags_add(x->diags, TL_SEV_WARNING, TL_EXIT_INVALID, 0, 0, 0,
		             "uid-domain '%s' is not a host name; using the "
		             "file name instead", given);
	return tl_ics_file_domain(tl_timeline_name(x->tl));
}

/* ------------------------------------------------------------------ */
/* Events                                                               */
/* ------------------------------------------------------------------ */

/* True when s starts with a URI scheme ("xyz:"). */
static int has_scheme(const char *s)
{
	size_t i = 0;
	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return 0;
	while (s[i] && s[i] != ':') {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'))
			return 0;
		i++;
	}
	return s[i] == ':';
}

/* The DESCRIPTION: the event's text, a line with the date as written in
 * EDTF, the sources (plain citations, or safe URLs), then the links. */
static void put_description(tl_buf *b, const tl_event *e, const char *label,
                            const char *edtf)
{
	if (e->description && e->description[0]) {
		tl_ics_put_clean(b, e->description);
		tl_buf_puts(b, "\n\n");
	}
	tl_buf_puts(b, "Date: ");
	tl_ics_put_clean(b, label);
	if (strcmp(label, edtf) != 0) {
		tl_buf_puts(b, " (");
		tl_ics_put_clean(b, edtf);
		tl_buf_puts(b, ")");
	}
	int head = 0;
	for (uint32_t i = 0; i < e->nsources; i++) {
		const char *src = e->sources[i];
		if (has_scheme(src) && !tl_url_is_safe(src))
			continue;
		tl_buf_puts(b, head++ ? "\n" : "\nSources:\n");
		tl_ics_put_clean(b, src);
	}
	head = 0;
	for (uint32_t i = 0; i < e->nlinks; i++) {
		if (!tl_url_is_safe(e->links[i].url))
			continue;
		tl_buf_puts(b, head++ ? "\n" : "\nLinks:\n");
		tl_ics_put_clean(b, e->links[i].text);
		tl_buf_puts(b, ": ");
		tl_ics_put_clean(b, e->links[i].url);
	}
}

/* The STATUS: TENTATIVE for an uncertain date; else from status: when it
 * says tentative, cancelled or confirmed; else CONFIRMED. */
static enum icalproperty_status event_status(const tl_event *e)
{
	const char *st = tl_event_prop(e, "status");
	if (st && (!strcasecmp(st, "cancelled") || !strcasecmp(st, "canceled")))
		return ICAL_STATUS_CANCELLED;
	if ((e->date.start.qual | e->date.end.qual) & TL_QUAL_UNCERTAIN)
		return ICAL_STATUS_TENTATIVE;
	if (st && !strcasecmp(st, "tentative"))
		return ICAL_STATUS_TENTATIVE;
	return ICAL_STATUS_CONFIRMED;
}

/* Adds CATEGORIES (lane, then tags, each escaped on its own) when there
 * is any. */
static void add_categories(ics *x, icalcomponent *c, const tl_event *e)
{
	const char *lane = x->tl->lanes[e->lane];
	x->text.len = 0;
	if (lane[0])
		tl_ics_put_escaped(&x->text, lane);
	for (uint32_t i = 0; i < e->ntags; i++) {
		if (x->text.len)
			tl_buf_putc(&x->text, ',');
		tl_ics_put_escaped(&x->text, e->tags[i]);
	}
	if (x->text.len)
		add(x, c, escaped_prop(ICAL_CATEGORIES_PROPERTY, NULL,
		                       buf_str(&x->text)), "build CATEGORIES");
}

/* Builds the VEVENT for e, without the shared lines.  The caller frees
 * the result with icalcomponent_free(). */
static icalcomponent *build_event(ics *x, const tl_event *e,
                                  const ics_span *sp, const char *uid)
{
	char edtf[256], label[256];
	tl_date_format(&e->date, edtf, sizeof(edtf));
	tl_date_label(&e->date, label, sizeof(label));
	icalcomponent *c = icalcomponent_new_vevent();
	if (!c)
		return NULL;

	add(x, c, icalproperty_new_uid(uid), "build UID");
	if (sp->kind == SPAN_TIMED) {
		add(x, c, instant_prop(x, ICAL_DTSTART_PROPERTY, &sp->start),
		    "build DTSTART");
		if (sp->has_end)
			add(x, c, instant_prop(x, ICAL_DTEND_PROPERTY, &sp->end),
			    "build DTEND");
	} else {
		add(x, c, date_prop(ICAL_DTSTART_PROPERTY, sp->lo),
		    "build DTSTART");
		add(x, c, date_prop(ICAL_DTEND_PROPERTY, sp->hi), "build DTEND");
	}

	x->text.len = 0;
	if (sp->labelled) {
		tl_ics_put_clean(&x->text, label);
		tl_buf_puts(&x->text, " \xC2\xB7 "); /* middle dot */
	}
	tl_ics_put_clean(&x->text, e->title);
	add(x, c, icalproperty_new_summary(buf_str(&x->text)), "build SUMMARY");

	x->text.len = 0;
	put_description(&x->text, e, label, edtf);
	add(x, c, icalproperty_new_description(buf_str(&x->text)),
	    "build DESCRIPTION");
	add(x, c, x_text_prop(x, "X-DATELINE-DATE", edtf),
	    "build X-DATELINE-DATE");
	add(x, c, icalproperty_new_status(event_status(e)), "build STATUS");
	add_categories(x, c, e);

	const char *loc = tl_event_prop(e, "location");
	if (loc && loc[0]) {
		x->text.len = 0;
		tl_ics_put_clean(&x->text, loc);
		add(x, c, icalproperty_new_location(buf_str(&x->text)),
		    "build LOCATION");
	}
	const char *url = tl_event_prop(e, "url");
	if (!tl_url_is_safe(url)) {
		url = NULL;
		for (uint32_t i = 0; i < e->nsources && !url; i++)
			if (tl_url_is_safe(e->sources[i]))
				url = e->sources[i];
	}
	if (url)
		add(x, c, icalproperty_new_url(url), "build URL");
	const char *color = tl_event_prop(e, "color");
	const char *css = color ? tl_ics_css_color(color) : NULL;
	if (css)
		add(x, c, icalproperty_new_color(css), "build COLOR");
	for (uint32_t i = 0; i < e->nafter; i++) {
		x->text.len = 0;
		tl_buf_printf(&x->text, "%s@%s", e->after[i], x->domain);
		icalproperty *p = icalproperty_new_relatedto(buf_str(&x->text));
		if (p)
			icalproperty_add_parameter(
			    p, icalparameter_new_reltype(ICAL_RELTYPE_SIBLING));
		add(x, c, p, "build RELATED-TO");
	}
	return c;
}

/* Serializes c, frees it, and emits it with the shared lines spliced in
 * after its BEGIN line. */
static void write_event(ics *x, icalcomponent *c)
{
	static const char begin[] = "BEGIN:VEVENT\r\n";
	char *s = icalcomponent_as_ical_string_r(c);
	icalcomponent_free(c);
	if (!s || strncmp(s, begin, sizeof(begin) - 1) != 0) {
		free(s);
		backend_error(x, "serialize a VEVENT");
		return;
	}
	emit(x, begin, sizeof(begin) - 1);
	emit(x, x->shared, strlen(x->shared));
	emit(x, s + sizeof(begin) - 1, strlen(s) - (sizeof(begin) - 1));
	free(s);
}

/* Reports an event iCalendar cannot hold: a warning, or an error under
 * --strict. */
static void report_skip(ics *x, const tl_event *e, const ics_span *sp)
{
	int strict = x->o->strict;
	tl_diags_add(x->diags, strict ? TL_SEV_ERROR : TL_SEV_WARNING,
	             TL_EXIT_INVALID, (int)e->line, (int)e->col,
	             (int)strlen(e->date_text),
	             "iCalendar cannot hold %s; %s", sp->why,
	             strict ? "the feed is not written"
	                    : "the event is left out of the feed");
}

/* Grows the per-run arrays to hold n events. */
static void run_reserve(ics *x, size_t n)
{
	if (n <= x->run_cap)
		return;
	x->run_cap = n * 2;
	x->keys = tl_xrealloc(x->keys, x->run_cap * sizeof(*x->keys));
	x->order = tl_xrealloc(x->order, x->run_cap * sizeof(*x->order));
}

static const uint64_t *sort_keys;

/* Orders run positions by key, then position (file order in a run). */
static int run_cmp(const void *a, const void *b)
{
	uint32_t i = *(const uint32_t *)a, j = *(const uint32_t *)b;
	if (sort_keys[i] != sort_keys[j])
		return sort_keys[i] < sort_keys[j] ? -1 : 1;
	return i < j ? -1 : i > j;
}

/* Writes events [first, last), which share one day range and so hold
 * every event with any one canonical date: ordinals are counted here. */
static void write_run(ics *x, size_t first, size_t last)
{
	size_t n = last - first;
	char edtf[256];
	run_reserve(x, n);
	for (size_t i = 0; i < n; i++) {
		const tl_event *e = &x->tl->events[first + i];
		tl_date_format(&e->date, edtf, sizeof(edtf));
		x->keys[i] = lane_date_key(x, e, edtf);
		x->order[i] = (uint32_t)i;
	}
	uint32_t *ordinal = tl_xmalloc(n * sizeof(*ordinal));
	if (n > 1) {
		sort_keys = x->keys;
		qsort(x->order, n, sizeof(*x->order), run_cmp);
		sort_keys = NULL;
	}
	for (size_t k = 0; k < n; k++) {
		uint32_t i = x->order[k];
		int same = k > 0 && x->keys[x->order[k - 1]] == x->keys[i];
		ordinal[i] = same ? ordinal[x->order[k - 1]] + 1 : 0;
	}
	tl_buf uid = {0};
	for (size_t i = 0; i < n && !x->rc; i++) {
		const tl_event *e = &x->tl->events[first + i];
		ics_span sp;
		classify(x, e, &sp);
		if (sp.kind == SPAN_SKIP)
			continue;
		uid.len = 0;
		put_uid(x, &uid, e, x->keys[i], ordinal[i]);
		icalcomponent *c = build_event(x, e, &sp, buf_str(&uid));
		if (!c) {
			backend_error(x, "create a VEVENT");
			break;
		}
		write_event(x, c);
	}
	free(uid.data);
	free(ordinal);
}

/* ------------------------------------------------------------------ */
/* The envelope                                                         */
/* ------------------------------------------------------------------ */

/* The calendar's name: calendar:, else title:, else the file name. */
static const char *calendar_name(const tl_timeline *tl)
{
	const char *s = tl_timeline_meta(tl, "calendar");
	if (!s || !s[0])
		s = tl_timeline_meta(tl, "title");
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
	icalcomponent *vt = tl_ics_zone_name_ok(zone) ? icaltzutil_fetch_timezone(zone)
	                                       : NULL;
	icalproperty *id =
	    vt ? icalcomponent_get_first_property(vt, ICAL_TZID_PROPERTY) : NULL;
	if (!id) {
		if (vt)
			icalcomponent_free(vt);
		tl_diags_add(x->diags, TL_SEV_WARNING, TL_EXIT_INVALID, 0, 0, 0,
		             "unknown time zone '%s'; times without a zone are "
		             "written in UTC", zone);
		return NULL;
	}
	icalproperty_set_tzid(id, zone);
	return vt;
}

/* The refresh interval: refresh: when it is a positive duration, else
 * one day.  The caller frees the result with free(). */
static char *refresh_interval(ics *x)
{
	const char *given = tl_timeline_meta(x->tl, "refresh");
	if (given) {
		struct icaldurationtype d = icaldurationtype_from_string(given);
		icalerror_clear_errno();
		if (!icaldurationtype_is_bad_duration(d) && !d.is_neg &&
		    icaldurationtype_as_int(d) > 0)
			return icaldurationtype_as_ical_string_r(d);
		tl_diags_add(x->diags, TL_SEV_WARNING, TL_EXIT_INVALID, 0, 0, 0,
		             "refresh '%s' is not a positive ISO 8601 duration "
		             "such as P1D or PT6H; using %s", given,
		             DEFAULT_REFRESH);
	}
	return tl_xstrdup(DEFAULT_REFRESH);
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

	const char *desc = tl_timeline_meta(tl, "description");
	if (desc && desc[0]) {
		x->text.len = 0;
		tl_ics_put_clean(&x->text, desc);
		add(x, cal, icalproperty_new_description(buf_str(&x->text)),
		    "build DESCRIPTION");
		add(x, cal, x_text_prop(x, "X-WR-CALDESC", desc),
		    "build X-WR-CALDESC");
	}

	char *refresh = refresh_interval(x);
	add(x, cal, icalproperty_new_refreshinterval(
	                icaldurationtype_from_string(refresh)),
	    "build REFRESH-INTERVAL");
	add(x, cal, x_text_prop(x, "X-PUBLISHED-TTL", refresh),
	    "build X-PUBLISHED-TTL");
	free(refresh);

	const char *url = tl_timeline_meta(tl, "url");
	if (tl_url_is_safe(url))
		add(x, cal, icalproperty_new_url(url), "build URL");
	const char *source = tl_timeline_meta(tl, "source");
	if (tl_url_is_safe(source))
		add(x, cal, icalproperty_new_source(source), "build SOURCE");
	const char *zone = tl_timeline_meta(tl, "timezone");
	if (zone && zone[0])
		add(x, cal, x_text_prop(x, "X-WR-TIMEZONE", zone),
		    "build X-WR-TIMEZONE");
	if (vtimezone)
		icalcomponent_add_component(cal, vtimezone);
	return cal;
}

/* Serializes the lines every VEVENT shares (DTSTAMP, LAST-MODIFIED,
 * TRANSP, CLASS) once, with libical, into x->shared. */
static void build_shared(ics *x)
{
	static const char begin[] = "BEGIN:VEVENT\r\n";
	static const char end[] = "END:VEVENT\r\n";
	int64_t ts = x->o->timestamp;
	icalcomponent *c = icalcomponent_new_vevent();
	if (!c) {
		backend_error(x, "create a VEVENT");
		return;
	}
	add(x, c, icalproperty_new_dtstamp(ical_datetime(ts, 1)),
	    "build DTSTAMP");
	add(x, c, icalproperty_new_lastmodified(ical_datetime(ts, 1)),
	    "build LAST-MODIFIED");
	add(x, c, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT),
	    "build TRANSP");
	add(x, c, icalproperty_new_class(ICAL_CLASS_PUBLIC), "build CLASS");
	char *s = icalcomponent_as_ical_string_r(c);
	icalcomponent_free(c);
	size_t n = s ? strlen(s) : 0;
	size_t nb = sizeof(begin) - 1, ne = sizeof(end) - 1;
	if (!s || n < nb + ne || strncmp(s, begin, nb) != 0 ||
	    strcmp(s + n - ne, end) != 0) {
		free(s);
		backend_error(x, "serialize a VEVENT");
		return;
	}
	x->shared = tl_xstrndup(s + nb, n - nb - ne);
	free(s);
}

/* Pass one: reports what cannot be written and notes whether any event
 * uses the file's zone.  Returns the number of errors under --strict. */
static int survey(ics *x)
{
	int refused = 0;
	for (size_t i = 0; i < x->tl->nevents; i++) {
		const tl_event *e = &x->tl->events[i];
		ics_span sp;
		classify(x, e, &sp);
		if (sp.kind == SPAN_SKIP) {
			report_skip(x, e, &sp);
			refused += x->o->strict;
		} else if (sp.kind == SPAN_TIMED &&
		           (sp.start.local || sp.end.local)) {
			x->tz_used = 1;
		}
	}
	return refused;
}

/* Writes the calendar head, every event in order, and the tail. */
static void write_feed(ics *x, icalcomponent *vtimezone)
{
	static const char tail[] = "END:VCALENDAR\r\n";
	icalcomponent *cal = build_calendar(x, vtimezone);
	char *s = cal ? icalcomponent_as_ical_string_r(cal) : NULL;
	if (cal)
		icalcomponent_free(cal);
	else
		icalcomponent_free(vtimezone);
	size_t n = s ? strlen(s) : 0, nt = sizeof(tail) - 1;
	if (!s || n < nt || strcmp(s + n - nt, tail) != 0) {
		free(s);
		backend_error(x, "serialize the VCALENDAR");
		return;
	}
	emit(x, s, n - nt);
	free(s);
	build_shared(x);
	size_t first = 0;
	const tl_event *ev = x->tl->events;
	for (size_t i = 1; i <= x->tl->nevents && !x->rc; i++) {
		if (i == x->tl->nevents || ev[i].date.lo != ev[first].date.lo ||
		    ev[i].date.hi != ev[first].date.hi) {
			write_run(x, first, i);
			first = i;
		}
	}
	emit(x, tail, nt);
	flush(x);
}

int tl_render_ics(const tl_timeline *tl, const tl_options *o,
                  tl_write_fn write, void *ctx, tl_diags *diags)
{
	ics x = {0};
	x.tl = tl;
	x.o = o;
	x.write = write;
	x.ctx = ctx;
	x.diags = diags;
	icalerror_set_errors_are_fatal(0);

	const char *zone = tl_timeline_meta(tl, "timezone");
	int has_zone = zone && zone[0] && !tl_ics_zone_is_utc(zone);
	x.tzid = has_zone ? zone : NULL;
	if (survey(&x) > 0)
		return TL_EXIT_INVALID;
	icalcomponent *vtimezone = NULL;
	if (x.tz_used) {
		vtimezone = load_zone(&x, zone);
		if (!vtimezone)
			x.tzid = NULL;
	}
	x.domain = uid_domain(&x);
	write_feed(&x, vtimezone);

	free(x.out.data);
	free(x.text.data);
	free(x.domain);
	free(x.shared);
	free(x.keys);
	free(x.order);
	return x.rc ? x.rc : TL_EXIT_OK;
}
