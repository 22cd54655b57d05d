/*
 * ics_event.c - one VEVENT of the feed, built once and reused for every
 * event: a libical component holding every property an event can have,
 * whose values are set for each event and serialized by libical
 * (icalproperty_as_ical_string_r) one property at a time, so no component
 * or property is created or freed per event, and no libical list changes
 * (which is what lets threads each use their own VEVENT at the same time:
 * ics_batch.c).  A property whose value is
 * the same as in the previous event (events come sorted by date, so
 * neighbours share dates, and often tags) is not serialized again: the
 * line libical wrote for that value (checked once by tl_ics_lines()) is
 * written again.  docs/ics.md says
 * what each event becomes and why.
 */
#include "private.h"
#include "ics_lib.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* One property of the VEVENT and the line libical last wrote for it. */
typedef struct slot {
	icalproperty *p; /* owned by the component */
	tl_buf key;      /* the value that line holds: text, or a number */
	char *line;      /* libical's line for p as it stands; NULL: not yet */
} slot;

/* Properties an event can have, in the order the feed writes them. */
struct tl_ics_vevent {
	const tl_timeline *tl;
	const char *domain;       /* RELATED-TO: "<id>@<domain>" */
	icaltimezone *utc;        /* libical's UTC zone, looked up once */
	icalcomponent *c;         /* owns every property */
	char *head;               /* BEGIN:VEVENT and the shared lines */
	char *tail;               /* END:VEVENT */
	slot uid;
	slot sequence, lastmod;   /* per event when stamped, else unused */
	int stamped;
	slot day[2];              /* DTSTART, DTEND holding a DATE */
	slot day_marked[2];       /* the same with VALUE=DATE set by hand */
	slot utc_time[2];         /* DTSTART, DTEND in UTC (Z) */
	slot local_time[2];       /* DTSTART, DTEND;TZID= the file's zone */
	slot rid_day, rid_utc;    /* RECURRENCE-ID: a DATE, in UTC */
	slot rid_local;           /* RECURRENCE-ID;TZID= the file's zone */
	slot rdate[3];            /* a master's RDATE list: DATEs, UTC times,
	                             times in the file's zone */
	slot summary, description;
	slot xdate;               /* X-DATELINE-DATE through libical's X- path */
	slot xdate_esc;           /* the same, escaped by us (';' or ',') */
	slot status, categories, location, url, color;
	slot *related;            /* RELATED-TO;RELTYPE=SIBLING: as many as */
	size_t nrelated;          /* the most after: ids of any event */
	tl_buf text;              /* scratch: one property value at a time */
	tl_buf fold;              /* scratch for tl_ics_lines() */
};

/* ------------------------------------------------------------------ */
/* Values                                                               */
/* ------------------------------------------------------------------ */

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

/* A DATE-TIME for secs seconds since the epoch of its frame: in zone utc
 * (written with Z) when it is not NULL, else a wall-clock time for a TZID
 * parameter.  Our own arithmetic: no gmtime, no TZ. */
static struct icaltimetype ical_datetime(int64_t secs, icaltimezone *utc)
{
	int64_t day = secs / 86400 - (secs % 86400 < 0); /* rounded down */
	int64_t sod = secs - day * 86400;
	struct icaltimetype t = ical_date(day);
	t.is_date = 0;
	t.hour = (int)(sod / 3600);
	t.minute = (int)(sod / 60 % 60);
	t.second = (int)(sod % 60);
	t.zone = utc;
	return t;
}

/* Sets the value of p, a property with a text-like value, to s. */
static void set_text(icalproperty *p, const char *s)
{
	icalvalue *v = icalproperty_get_value(p);
	switch (icalvalue_isa(v)) {
	case ICAL_X_VALUE:
		icalvalue_set_x(v, s);
		break;
	case ICAL_STRING_VALUE:
		icalvalue_set_string(v, s);
		break;
	case ICAL_URI_VALUE:
		icalvalue_set_uri(v, s);
		break;
	default:
		icalvalue_set_text(v, s);
		break;
	}
}

/* True, and the slot forgets its line, when key[0..n) is not the value
 * its line holds: the caller then sets the property's value. */
static int slot_changes(slot *s, const void *key, size_t n)
{
	if (s->line && s->key.len == n && memcmp(s->key.data, key, n) == 0)
		return 0;
	free(s->line);
	s->line = NULL;
	s->key.len = 0;
	tl_buf_put(&s->key, key, n);
	return 1;
}

/* Sets s's text-like value to text. */
static void slot_text(slot *s, const char *text)
{
	if (slot_changes(s, text, strlen(text)))
		set_text(s->p, text);
}

/* Sets s's DATE or DATE-TIME value to t, which key (a day or a second
 * number) names. */
static void slot_time(slot *s, int64_t key, struct icaltimetype t)
{
	if (slot_changes(s, &key, sizeof(key)))
		icalvalue_set_datetimedate(icalproperty_get_value(s->p), t);
}

/* Appends s's line to out, serializing it first when its value changed
 * (and folding it again when libical folded it wrongly: ics_fold.c).
 * Returns -1 when libical could not, or wrote no content line. */
static int slot_put(tl_ics_vevent *v, slot *s, tl_buf *out)
{
	if (!s->line) {
		char *lib = icalproperty_as_ical_string_r(s->p);
		s->line = lib ? tl_ics_lines(lib, &v->fold) : NULL;
	}
	if (!s->line)
		return -1;
	tl_buf_puts(out, s->line);
	return 0;
}

static void slot_free(slot *s)
{
	free(s->line);
	free(s->key.data);
}

static const char *buf_str(const tl_buf *b)
{
	return b->data ? b->data : "";
}

/* ------------------------------------------------------------------ */
/* Building the skeleton                                                */
/* ------------------------------------------------------------------ */

/* A TEXT property libical writes as it is (contract in ics.h).  The
 * caller frees the result with icalproperty_free() or hands it to a
 * component. */
icalproperty *tl_ics_escaped_prop(icalproperty_kind kind, const char *xname,
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

/* Adds p to v's component as the property of slot s.  When libical
 * could not build p (NULL), sets *failed to what, once. */
static void keep(tl_ics_vevent *v, slot *s, icalproperty *p, const char *what,
                 const char **failed)
{
	s->p = p;
	if (p)
		icalcomponent_add_property(v->c, p);
	else if (!*failed)
		*failed = what;
}

/* A DTSTART (i 0) or DTEND (i 1) property holding t. */
static icalproperty *time_prop(int i, struct icaltimetype t)
{
	return i == 0 ? icalproperty_new_dtstart(t) : icalproperty_new_dtend(t);
}

/* Serializes the VEVENT as it stands, holding only the lines every event
 * shares, and keeps its head (up to END:VEVENT) and tail.  Returns 0, or
 * -1 when libical's text is not a VEVENT. */
static int keep_envelope(tl_ics_vevent *v)
{
	static const char begin[] = "BEGIN:VEVENT\r\n";
	static const char end[] = "END:VEVENT\r\n";
	char *s = icalcomponent_as_ical_string_r(v->c);
	s = s ? tl_ics_lines(s, &v->fold) : NULL;
	size_t n = s ? strlen(s) : 0;
	size_t nb = sizeof(begin) - 1, ne = sizeof(end) - 1;
	if (!s || n < nb + ne || strncmp(s, begin, nb) != 0 ||
	    strcmp(s + n - ne, end) != 0) {
		free(s);
		return -1;
	}
	v->head = tl_xstrndup(s, n - ne);
	v->tail = tl_xstrdup(s + n - ne);
	free(s);
	return 0;
}

/* Adds the lines every event shares, serialized once into v's head and
 * tail: DTSTAMP, LAST-MODIFIED (unless stamped per event), TRANSP,
 * CLASS; then SEQUENCE and LAST-MODIFIED slots when stamped. */
static void build_shared(tl_ics_vevent *v, int64_t timestamp, int stamped,
                         const char **failed)
{
	struct icaltimetype stamp = ical_datetime(timestamp, v->utc);
	slot shared[4];
	keep(v, &shared[0], icalproperty_new_dtstamp(stamp), "build DTSTAMP",
	     failed);
	if (!stamped)
		keep(v, &shared[1], icalproperty_new_lastmodified(stamp),
		     "build LAST-MODIFIED", failed);
	keep(v, &shared[2], icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT),
	     "build TRANSP", failed);
	keep(v, &shared[3], icalproperty_new_class(ICAL_CLASS_PUBLIC),
	     "build CLASS", failed);
	if (!*failed && keep_envelope(v) < 0)
		*failed = "serialize a VEVENT";
	v->stamped = stamped;
	if (stamped) {
		keep(v, &v->sequence, icalproperty_new_sequence(0),
		     "build SEQUENCE", failed);
		keep(v, &v->lastmod, icalproperty_new_lastmodified(stamp),
		     "build LAST-MODIFIED", failed);
	}
}

/* A RECURRENCE-ID (i 0) or an RDATE (i 1) holding t. */
static icalproperty *recur_prop(int i, struct icaltimetype t)
{
	if (i == 0)
		return icalproperty_new_recurrenceid(t);
	struct icaldatetimeperiodtype p;
	memset(&p, 0, sizeof(p));
	p.time = t;
	p.period = icalperiodtype_null_period();
	return icalproperty_new_rdate(p);
}

/* Adds the date slots: DTSTART and DTEND as a DATE (twice: see
 * set_dates()), in UTC and in the file's zone; RECURRENCE-ID likewise;
 * and the RDATE list of a master, a STRING value we write (libical holds
 * one instance per RDATE value) with its VALUE and TZID. */
static void build_times(tl_ics_vevent *v, const char *tzid,
                        const char **failed)
{
	for (int i = 0; i < 2; i++) {
		keep(v, &v->day[i], time_prop(i, ical_date(0)), "build DTSTART",
		     failed);
		keep(v, &v->day_marked[i], time_prop(i, ical_date(0)),
		     "build DTSTART", failed);
		if (v->day_marked[i].p)
			icalproperty_set_parameter(
			    v->day_marked[i].p,
			    icalparameter_new_value(ICAL_VALUE_DATE));
		keep(v, &v->utc_time[i], time_prop(i, ical_datetime(0, v->utc)),
		     "build DTSTART", failed);
		keep(v, &v->local_time[i], time_prop(i, ical_datetime(0, NULL)),
		     "build DTSTART", failed);
		if (v->local_time[i].p && tzid)
			icalproperty_add_parameter(v->local_time[i].p,
			                           icalparameter_new_tzid(tzid));
	}
	keep(v, &v->rid_day, recur_prop(0, ical_date(0)),
	     "build RECURRENCE-ID", failed);
	keep(v, &v->rid_utc, recur_prop(0, ical_datetime(0, v->utc)),
	     "build RECURRENCE-ID", failed);
	keep(v, &v->rid_local, recur_prop(0, ical_datetime(0, NULL)),
	     "build RECURRENCE-ID", failed);
	if (v->rid_local.p && tzid)
		icalproperty_add_parameter(v->rid_local.p,
		                           icalparameter_new_tzid(tzid));
	static const icalparameter_value kinds[3] = {
	    ICAL_VALUE_DATE, ICAL_VALUE_DATETIME, ICAL_VALUE_DATETIME};
	for (int i = 0; i < 3; i++) {
		icalproperty *p = icalproperty_new(ICAL_RDATE_PROPERTY);
		if (p) {
			icalproperty_set_value(p, icalvalue_new_string(""));
			icalproperty_set_parameter(p, icalparameter_new_value(kinds[i]));
			if (i == 2 && tzid)
				icalproperty_add_parameter(p, icalparameter_new_tzid(tzid));
		}
		keep(v, &v->rdate[i], p, "build RDATE", failed);
	}
}

/* Adds the text slots, with placeholder values of the right kinds, and
 * `related` RELATED-TO slots. */
static void build_text(tl_ics_vevent *v, size_t related, const char **failed)
{
	keep(v, &v->uid, icalproperty_new_uid(""), "build UID", failed);
	keep(v, &v->summary, icalproperty_new_summary(""), "build SUMMARY",
	     failed);
	keep(v, &v->description, icalproperty_new_description(""),
	     "build DESCRIPTION", failed);
	keep(v, &v->xdate, icalproperty_new_x(""), "build X-DATELINE-DATE",
	     failed);
	if (v->xdate.p)
		icalproperty_set_x_name(v->xdate.p, "X-DATELINE-DATE");
	keep(v, &v->xdate_esc,
	     tl_ics_escaped_prop(ICAL_X_PROPERTY, "X-DATELINE-DATE", ""),
	     "build X-DATELINE-DATE", failed);
	keep(v, &v->status, icalproperty_new_status(ICAL_STATUS_CONFIRMED),
	     "build STATUS", failed);
	keep(v, &v->categories,
	     tl_ics_escaped_prop(ICAL_CATEGORIES_PROPERTY, NULL, ""),
	     "build CATEGORIES", failed);
	keep(v, &v->location, icalproperty_new_location(""), "build LOCATION",
	     failed);
	keep(v, &v->url, icalproperty_new_url(""), "build URL", failed);
	keep(v, &v->color, icalproperty_new_color("black"), "build COLOR",
	     failed);
	v->related = tl_xcalloc(related, sizeof(*v->related));
	for (; v->nrelated < related && !*failed; v->nrelated++) {
		slot *r = &v->related[v->nrelated];
		keep(v, r, icalproperty_new_relatedto(""), "build RELATED-TO",
		     failed);
		if (r->p)
			icalproperty_add_parameter(
			    r->p, icalparameter_new_reltype(ICAL_RELTYPE_SIBLING));
	}
}

/* The reusable VEVENT (contract in ics.h).  The caller frees the result
 * with tl_ics_vevent_free(). */
tl_ics_vevent *tl_ics_vevent_new(const tl_timeline *tl, int64_t timestamp,
                                 const char *domain, const char *tzid,
                                 int stamped, const char **failed)
{
	size_t most_after = 0;
	for (size_t i = 0; i < tl->nevents; i++)
		if (tl->events[i].nafter > most_after)
			most_after = tl->events[i].nafter;
	tl_ics_vevent *v = tl_xcalloc(1, sizeof(*v));
	v->tl = tl;
	v->domain = domain;
	v->utc = icaltimezone_get_utc_timezone();
	*failed = NULL;
	v->c = icalcomponent_new_vevent();
	if (!v->c) {
		*failed = "create a VEVENT";
		tl_ics_vevent_free(v);
		return NULL;
	}
	build_shared(v, timestamp, stamped, failed);
	build_times(v, tzid, failed);
	build_text(v, most_after, failed);
	if (*failed) {
		tl_ics_vevent_free(v);
		return NULL;
	}
	return v;
}

/* Frees v and every libical object in it; accepts NULL. */
void tl_ics_vevent_free(tl_ics_vevent *v)
{
	if (!v)
		return;
	if (v->c)
		icalcomponent_free(v->c); /* and every property in it */
	slot_free(&v->sequence);
	slot_free(&v->lastmod);
	slot *all[] = {&v->uid,           &v->day[0],         &v->day[1],
	               &v->day_marked[0], &v->day_marked[1], &v->utc_time[0],
	               &v->utc_time[1],   &v->local_time[0], &v->local_time[1],
	               &v->summary,       &v->description,   &v->xdate,
	               &v->xdate_esc,     &v->status,        &v->categories,
	               &v->location,      &v->url,           &v->color,
	               &v->rid_day,       &v->rid_utc,       &v->rid_local,
	               &v->rdate[0],      &v->rdate[1],      &v->rdate[2]};
	for (size_t i = 0; i < sizeof(all) / sizeof(*all); i++)
		slot_free(all[i]);
	for (size_t i = 0; i < v->nrelated; i++)
		slot_free(&v->related[i]);
	free(v->related);
	free(v->head);
	free(v->tail);
	free(v->text.data);
	free(v->fold.data);
	free(v);
}

/* ------------------------------------------------------------------ */
/* One event                                                            */
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

/* True when s[0..n) holds something to read: not only spaces, tabs and
 * newlines. */
static int has_text(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n')
			return 1;
	return 0;
}

/* Puts the SUMMARY into b: the title, after the date's label and a
 * middle dot when sp is labelled and the title is not that label.  A
 * title with nothing to read (empty, control characters only: the parser
 * stands the date in, but a model can come from elsewhere) gives the
 * label alone, so no SUMMARY is empty. */
static void put_summary(tl_buf *b, const tl_event *e, const tl_ics_span *sp,
                        const char *label)
{
	b->len = 0;
	/* A title that is the label already (the parser's stand-in for a
	 * title with nothing to read) is not said twice. */
	if (sp->labelled && !(e->title && strcmp(e->title, label) == 0)) {
		tl_ics_put_clean(b, label);
		tl_buf_puts(b, " \xC2\xB7 "); /* middle dot */
	}
	size_t title = b->len;
	tl_ics_put_clean(b, e->title ? e->title : "");
	if (b->len > title && has_text(b->data + title, b->len - title))
		return;
	b->len = 0;
	tl_ics_put_clean(b, label);
	if (!has_text(b->data, b->len)) {
		b->len = 0;
		tl_buf_puts(b, "Event"); /* no label either: not from a date */
	}
}

/* The STATUS: TENTATIVE for an uncertain date; else from status: when it
 * says tentative, cancelled or confirmed; else CONFIRMED. */
static enum icalproperty_status event_status(const tl_event *e)
{
	if (e->status_kind == TL_STATUS_CANCELLED)
		return ICAL_STATUS_CANCELLED;
	if ((e->date.start.qual | e->date.end.qual) & TL_QUAL_UNCERTAIN)
		return ICAL_STATUS_TENTATIVE;
	if (e->status_kind == TL_STATUS_TENTATIVE)
		return ICAL_STATUS_TENTATIVE;
	return ICAL_STATUS_CONFIRMED;
}

/* Sets STATUS as event_status() says. */
static void set_status(tl_ics_vevent *v, const tl_event *e)
{
	enum icalproperty_status st = event_status(e);
	if (slot_changes(&v->status, &st, sizeof(st)))
		icalvalue_set_status(icalproperty_get_value(v->status.p), st);
}

/* Sets CATEGORIES (lane, then tags, each escaped on its own); returns
 * 0 when the event has none. */
static int set_categories(tl_ics_vevent *v, const tl_event *e)
{
	const char *lane = v->tl->lanes[e->lane];
	v->text.len = 0;
	if (lane[0])
		tl_ics_put_escaped(&v->text, lane);
	for (uint32_t i = 0; i < e->ntags; i++) {
		if (v->text.len)
			tl_buf_putc(&v->text, ',');
		tl_ics_put_escaped(&v->text, e->tags[i]);
	}
	if (!v->text.len)
		return 0;
	slot_text(&v->categories, buf_str(&v->text));
	return 1;
}

/* The event's URL: url: when safe, else the first safe source, else
 * NULL. */
static const char *event_url(const tl_event *e)
{
	if (e->url) /* the model keeps only a safe url: */
		return e->url;
	for (uint32_t i = 0; i < e->nsources; i++)
		if (tl_url_is_safe(e->sources[i]))
			return e->sources[i];
	return NULL;
}

/* Sets DTSTART and DTEND as sp says; puts the slots used in use[*n...]. */
static void set_dates(tl_ics_vevent *v, const tl_ics_span *sp, slot **use,
                      size_t *n)
{
	if (sp->kind != TL_ICS_TIMED) {
		int64_t days[2] = {sp->lo, sp->hi};
		for (int i = 0; i < 2; i++) {
			slot *s = &v->day[i];
			slot_time(s, days[i], ical_date(days[i]));
			/* libical writes VALUE=DATE itself when it holds the
			 * value for a DATE.  Should it not (3.0.16 takes
			 * 0001-01-01 for a null time when making a new value),
			 * the twin with VALUE=DATE set by hand is written, so a
			 * bare date never stands where a date-time belongs. */
			if (icalvalue_isa(icalproperty_get_value(s->p)) !=
			    ICAL_DATE_VALUE) {
				s = &v->day_marked[i];
				slot_time(s, days[i], ical_date(days[i]));
			}
			use[(*n)++] = s;
		}
		return;
	}
	const tl_ics_instant *at[2] = {&sp->start, &sp->end};
	for (int i = 0; i < 1 + sp->has_end; i++) {
		slot *s = at[i]->local ? &v->local_time[i] : &v->utc_time[i];
		slot_time(s, at[i]->secs,
		          ical_datetime(at[i]->secs, at[i]->local ? NULL : v->utc));
		use[(*n)++] = s;
	}
}

/* Appends rid as an iCalendar DATE or DATE-TIME value (Z in UTC). */
static void put_rid(tl_buf *b, const tl_ics_rid *rid)
{
	int64_t y;
	int m, d;
	int64_t day = rid->is_date ? rid->day
	                           : rid->at.secs / 86400 - (rid->at.secs % 86400 < 0);
	tl_civil_from_days(day, &y, &m, &d);
	tl_buf_printf(b, "%04d%02d%02d", (int)y, m, d);
	if (rid->is_date)
		return;
	int64_t sod = rid->at.secs - day * 86400;
	tl_buf_printf(b, "T%02d%02d%02d%s", (int)(sod / 3600),
	              (int)(sod / 60 % 60), (int)(sod % 60),
	              rid->at.local ? "" : "Z");
}

/* Sets RECURRENCE-ID or the RDATE list as rc says; puts the slot used in
 * use[*n]. */
static void set_recur(tl_ics_vevent *v, const tl_ics_recur *rc, slot **use,
                      size_t *n)
{
	if (rc->has_rid) {
		const tl_ics_rid *r = &rc->rid;
		slot *s = r->is_date ? &v->rid_day
		          : r->at.local ? &v->rid_local : &v->rid_utc;
		int64_t key = r->is_date ? r->day : r->at.secs;
		slot_time(s, key, r->is_date ? ical_date(r->day)
		                             : ical_datetime(r->at.secs,
		                                             r->at.local ? NULL
		                                                         : v->utc));
		use[(*n)++] = s;
		return;
	}
	if (!rc->nrdates)
		return;
	const tl_ics_rid *first = &rc->rdates[0];
	slot *s = &v->rdate[first->is_date ? 0 : first->at.local ? 2 : 1];
	v->text.len = 0;
	for (size_t i = 0; i < rc->nrdates; i++) {
		if (i)
			tl_buf_putc(&v->text, ',');
		put_rid(&v->text, &rc->rdates[i]);
	}
	slot_text(s, buf_str(&v->text));
	use[(*n)++] = s;
}

/* Sets one RELATED-TO per after: id, "<id>@<domain>". */
static void set_related(tl_ics_vevent *v, const tl_event *e)
{
	for (uint32_t i = 0; i < e->nafter; i++) {
		v->text.len = 0;
		tl_buf_puts(&v->text, e->after[i]);
		tl_buf_putc(&v->text, '@');
		tl_buf_puts(&v->text, v->domain);
		slot_text(&v->related[i], buf_str(&v->text));
	}
}

/* Sets STATUS, and CATEGORIES, LOCATION, URL and COLOR when e has them;
 * puts the slots used in use[*n...]. */
static void set_others(tl_ics_vevent *v, const tl_event *e, slot **use,
                       size_t *n)
{
	set_status(v, e);
	use[(*n)++] = &v->status;
	if (set_categories(v, e))
		use[(*n)++] = &v->categories;
	const char *loc = e->location;
	if (loc && loc[0]) {
		v->text.len = 0;
		tl_ics_put_clean(&v->text, loc);
		slot_text(&v->location, buf_str(&v->text));
		use[(*n)++] = &v->location;
	}
	const char *url = event_url(e);
	if (url) {
		slot_text(&v->url, url);
		use[(*n)++] = &v->url;
	}
	const char *css = e->color.set ? tl_color_css_name(&e->color) : NULL;
	if (css) {
		slot_text(&v->color, css);
		use[(*n)++] = &v->color;
	}
}

/* One event, serialized by libical into out (contract in ics.h). */
const char *tl_ics_vevent_write(tl_ics_vevent *v, const tl_event *e,
                                const tl_ics_span *sp, const char *uid,
                                const char *edtf, const char *label,
                                const tl_ics_stamp *st, const tl_ics_recur *rc,
                                tl_buf *out)
{
	slot *use[16]; /* the properties written, but RELATED-TO */
	size_t n = 0;

	slot_text(&v->uid, uid);
	use[n++] = &v->uid;
	if (rc && rc->has_rid)
		set_recur(v, rc, use, &n);
	if (v->stamped) {
		if (st->sequence >= 0) {
			int64_t seq = st->sequence;
			if (slot_changes(&v->sequence, &seq, sizeof(seq)))
				icalproperty_set_sequence(v->sequence.p,
				                          (int)(seq > INT32_MAX ? INT32_MAX
				                                                : seq));
			use[n++] = &v->sequence;
		}
		slot_time(&v->lastmod, st->last_modified,
		          ical_datetime(st->last_modified, v->utc));
		use[n++] = &v->lastmod;
	}
	set_dates(v, sp, use, &n);
	if (rc && !rc->has_rid)
		set_recur(v, rc, use, &n);

	put_summary(&v->text, e, sp, label);
	slot_text(&v->summary, buf_str(&v->text));
	use[n++] = &v->summary;

	v->text.len = 0;
	put_description(&v->text, e, label, edtf);
	slot_text(&v->description, buf_str(&v->text));
	use[n++] = &v->description;

	/* libical's X- serializer escapes backslash and newline but not ';'
	 * or ','; a date with either goes through the escaped property. */
	v->text.len = 0;
	slot *xdate = strpbrk(edtf, ";,") ? &v->xdate_esc : &v->xdate;
	if (xdate == &v->xdate_esc)
		tl_ics_put_escaped(&v->text, edtf);
	else
		tl_ics_put_clean(&v->text, edtf);
	slot_text(xdate, buf_str(&v->text));
	use[n++] = xdate;

	set_others(v, e, use, &n);
	set_related(v, e);

	/* What icalcomponent_as_ical_string_r() would write for a VEVENT of
	 * these properties, without gathering it into one more string. */
	int bad = 0;
	tl_buf_puts(out, v->head);
	for (size_t i = 0; i < n; i++)
		bad |= slot_put(v, use[i], out);
	for (uint32_t i = 0; i < e->nafter; i++)
		bad |= slot_put(v, &v->related[i], out);
	tl_buf_puts(out, v->tail);
	return bad ? "serialize a VEVENT" : NULL;
}
