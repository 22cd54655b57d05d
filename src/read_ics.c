/*
 * read_ics.c - reads an iCalendar file (RFC 5545) into the model with
 * libical: every VEVENT with a DTSTART becomes an event, recurrences
 * (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides) are expanded with
 * libical's iterator up to READ_ICS_MAX_OCCURRENCES per VEVENT, and up
 * to tl_read_options.until when it is set.  libical
 * keeps no line numbers, so a scan of the raw text finds the line of each
 * VEVENT's BEGIN and of its properties for messages.  docs/import.md has
 * every rule.
 */
#include "read_int.h"

#include <libical/ical.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Occurrences kept of one recurring VEVENT; past it, a warning. */
#define READ_ICS_MAX_OCCURRENCES 1000

typedef struct ics_reader {
	tl_timeline *tl;
	tl_diags *diags;
	tl_read_lanes lanes;
	tl_ics_lines lines; /* where each VEVENT and property is */
	size_t k;          /* VEVENTs met so far in the tree */
	int skipped[3];    /* VTODO, VJOURNAL, VFREEBUSY */
	int skipped_line;
	char **overrides;  /* "UID\x1fRECURRENCE-ID" of every override, sorted */
	size_t noverrides, overrides_cap;
	int events;
	const tl_read_options *ro;
} ics_reader;

/* One occurrence: its start, and its end when it has its own (an RDATE
 * period). */
typedef struct occurrence {
	struct icaltimetype start, end;
	int own_end;
} occurrence;

/* The line of property name in the k-th VEVENT, and its length. */
static int prop_line(const ics_reader *r, size_t k, const char *name,
                     int *len)
{
	return tl_ics_lines_prop(&r->lines, k, name, len);
}

/* ---- times ---- */

/* Gives t the zone its property's TZID names: the calendar's VTIMEZONE,
 * else libical's built-in zone of that name.  Returns 0, or -1 when the
 * zone is unknown (t stays floating). */
static int resolve_zone(icalcomponent *comp, icalproperty *p,
                        struct icaltimetype *t)
{
	if (t->is_date || icaltime_is_utc(*t))
		return 0;
	icalparameter *tzp = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
	if (!tzp)
		return 0;
	const char *tzid = icalparameter_get_tzid(tzp);
	if (!tzid)
		return -1;
	icaltimezone *z = NULL;
	for (icalcomponent *c = comp; c && !z; c = icalcomponent_get_parent(c))
		z = icalcomponent_get_timezone(c, tzid);
	if (!z)
		z = icaltimezone_get_builtin_timezone_from_tzid(tzid);
	if (!z)
		z = icaltimezone_get_builtin_timezone(tzid);
	if (!z)
		return -1;
	*t = icaltime_set_timezone(t, z);
	return 0;
}

/* Writes t as an EDTF point: a day, or a time with Z, its zone's offset
 * at that time, or nothing (floating); minutes unless seconds are given.
 * An offset of odd seconds (old local mean times) is written in UTC. */
static void put_point(tl_buf *b, struct icaltimetype t)
{
	if (t.is_date) {
		tl_buf_printf(b, "%04d-%02d-%02d", t.year, t.month, t.day);
		return;
	}
	int off = 0, utc = icaltime_is_utc(t), zoned = !utc && t.zone;
	if (zoned) {
		int dst;
		off = icaltimezone_get_utc_offset((icaltimezone *)t.zone, &t, &dst);
		if (off % 60 || off > 14 * 3600 || off < -14 * 3600) {
			t = icaltime_convert_to_zone(t, icaltimezone_get_utc_timezone());
			utc = 1;
			zoned = 0;
		}
	}
	tl_buf_printf(b, "%04d-%02d-%02dT%02d:%02d", t.year, t.month, t.day,
	              t.hour, t.minute);
	if (t.second)
		tl_buf_printf(b, ":%02d", t.second);
	if (utc)
		tl_buf_putc(b, 'Z');
	else if (zoned) {
		int m = (off < 0 ? -off : off) / 60;
		tl_buf_printf(b, "%c%02d:%02d", off < 0 ? '-' : '+', m / 60, m % 60);
	}
}

/* The EDTF of an occurrence from start to end (end NULL: none).  A DATE
 * end is exclusive (RFC 5545 3.6.1): the interval runs to the day
 * before; an end at the start is no interval. */
static void put_date(tl_buf *b, struct icaltimetype start,
                     const struct icaltimetype *end)
{
	put_point(b, start);
	if (!end || icaltime_is_null_time(*end))
		return;
	struct icaltimetype e = *end;
	if (start.is_date) {
		if (!e.is_date)
			return;
		icaltime_adjust(&e, -1, 0, 0, 0);
		if (icaltime_compare_date_only(e, start) <= 0)
			return;
	} else if (e.is_date || icaltime_compare(e, start) == 0) {
		return;
	}
	tl_buf_putc(b, '/');
	put_point(b, e);
}

/* The RECURRENCE-ID form of an instance: UTC for zoned times, so one key
 * names it whatever zone it was written in. */
static char *instance_id(struct icaltimetype t)
{
	if (!t.is_date && t.zone && !icaltime_is_utc(t))
		t = icaltime_convert_to_zone(t, icaltimezone_get_utc_timezone());
	return icaltime_as_ical_string_r(t);
}

/* ---- overrides (RECURRENCE-ID) ---- */

static char *override_key(const char *uid, struct icaltimetype rid)
{
	char *id = instance_id(rid);
	tl_buf b = {0};
	tl_buf_printf(&b, "%s\x1f%s", uid ? uid : "", id);
	tl_buf_putc(&b, '\0');
	icalmemory_free_buffer(id);
	return b.data;
}

static int key_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void collect_overrides(ics_reader *r, icalcomponent *c)
{
	for (icalcomponent *s = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT);
	     s; s = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT)) {
		if (icalcomponent_isa(s) != ICAL_VEVENT_COMPONENT) {
			collect_overrides(r, s);
			continue;
		}
		icalproperty *p = icalcomponent_get_first_property(s, ICAL_RECURRENCEID_PROPERTY);
		if (!p)
			continue;
		struct icaltimetype rid = icalproperty_get_recurrenceid(p);
		resolve_zone(s, p, &rid);
		if (r->noverrides == r->overrides_cap) {
			r->overrides_cap = r->overrides_cap ? r->overrides_cap * 2 : 16;
			r->overrides = tl_xrealloc(r->overrides, r->overrides_cap *
			                                         sizeof(*r->overrides));
		}
		r->overrides[r->noverrides++] = override_key(icalcomponent_get_uid(s), rid);
	}
}

static int overridden(const ics_reader *r, const char *uid,
                      struct icaltimetype t)
{
	if (!r->noverrides)
		return 0;
	char *key = override_key(uid, t);
	int found = bsearch(&key, r->overrides, r->noverrides,
	                    sizeof(*r->overrides), key_cmp) != NULL;
	free(key);
	return found;
}

/* ---- properties ---- */

/* The text of p, with the escapes of RFC 5545 3.3.11 undone for X-
 * properties (libical leaves their value as written).  The caller frees
 * the result with free(). */
static char *prop_text(icalproperty *p)
{
	icalvalue *v = icalproperty_get_value(p);
	const char *s = NULL;
	int x = 0;
	if (v && icalvalue_isa(v) == ICAL_TEXT_VALUE)
		s = icalvalue_get_text(v);
	else if (v && icalvalue_isa(v) == ICAL_X_VALUE) {
		s = icalvalue_get_x(v);
		x = 1;
	} else if (v && icalvalue_isa(v) == ICAL_URI_VALUE)
		s = icalvalue_get_uri(v);
	else
		s = icalproperty_get_value_as_string(p);
	if (!s)
		return tl_xstrdup("");
	if (!x)
		return tl_xstrdup(s);
	tl_buf b = {0};
	for (; *s; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			tl_buf_putc(&b, *s == 'n' || *s == 'N' ? '\n' : *s);
		} else {
			tl_buf_putc(&b, *s);
		}
	}
	tl_buf_putc(&b, '\0');
	return b.data;
}

/* The text of the first property of c called name (as written, X- names
 * included), or NULL.  The caller frees the result with free(). */
static char *named_text(icalcomponent *c, const char *name)
{
	for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_ANY_PROPERTY);
	     p; p = icalcomponent_get_next_property(c, ICAL_ANY_PROPERTY)) {
		const char *n = icalproperty_get_property_name(p);
		if (n && strcasecmp(n, name) == 0)
			return prop_text(p);
	}
	return NULL;
}

/* The calendar's name and description, from the first calendar that
 * gives them; X-WR-TIMEZONE as the zone of floating times. */
static void calendar_meta(ics_reader *r, icalcomponent *cal)
{
	static const char *const keys[][3] = {
	    {"title", "X-WR-CALNAME", "NAME"},
	    {"description", "X-WR-CALDESC", "DESCRIPTION"},
	    {"timezone", "X-WR-TIMEZONE", NULL}};
	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++) {
		if (tl_timeline_meta(r->tl, keys[i][0]))
			continue;
		char *v = named_text(cal, keys[i][1]);
		if (!v && keys[i][2])
			v = named_text(cal, keys[i][2]);
		if (v) {
			tl_buf b = {0};
			tl_read_clean(&b, v, strlen(v), 1);
			tl_buf_putc(&b, '\0');
			if (b.data[0])
				tl_timeline_set_meta(r->tl, keys[i][0], b.data);
			free(b.data);
		}
		free(v);
	}
}

/* SUMMARY, DESCRIPTION, LOCATION, URL, STATUS, CATEGORIES and the UID
 * (with the instance's RECURRENCE-ID, rid, when it is one of several). */
static void event_text(ics_reader *r, tl_event *e, icalcomponent *c,
                       size_t k, const char *rid)
{
	tl_timeline *tl = r->tl;
	char *v = named_text(c, "SUMMARY");
	if (v)
		tl_read_title(tl, e, v, strlen(v), 0);
	free(v);
	if (!e->title[0]) {
		tl_diags_add(r->diags, TL_SEV_WARNING, TL_INVALID,
		             (int)e->line, 1, 1,
		             "VEVENT has no SUMMARY; titled '(no title)'");
		e->title = "(no title)";
	}
	if ((v = named_text(c, "DESCRIPTION")))
		tl_read_description(tl, e, v, strlen(v), 0);
	free(v);
	if ((v = named_text(c, "URL"))) {
		if (tl_url_is_safe(v))
			tl_read_prop(tl, e, "url", v, strlen(v));
		else {
			int len;
			int line = prop_line(r, k, "URL", &len);
			tl_diags_add(r->diags, TL_SEV_WARNING, TL_INVALID,
			             line, 1, len,
			             "URL dropped: only http, https and mailto "
			             "links are emitted");
		}
	}
	free(v);
	if ((v = named_text(c, "LOCATION")))
		tl_read_prop(tl, e, "location", v, strlen(v));
	free(v);
	if ((v = named_text(c, "STATUS")))
		tl_read_prop(tl, e, "status", v, strlen(v));
	free(v);
	for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_CATEGORIES_PROPERTY);
	     p; p = icalcomponent_get_next_property(c, ICAL_CATEGORIES_PROPERTY)) {
		const char *cat = icalproperty_get_categories(p);
		for (const char *q = cat; q && *q;) {
			const char *comma = strchr(q, ',');
			size_t n = comma ? (size_t)(comma - q) : strlen(q);
			tl_read_tag(tl, e, q, n);
			q += n + (comma ? 1 : 0);
		}
	}
	const char *uid = icalcomponent_get_uid(c);
	if (uid && *uid)
		tl_read_prop(tl, e, "uid", uid, strlen(uid));
	if (rid)
		tl_read_prop(tl, e, "recurrence-id", rid, strlen(rid));
}

/* One event from start to end (NULL: none) for the k-th VEVENT c. */
static void emit(ics_reader *r, icalcomponent *c, size_t k,
                 struct icaltimetype start, const struct icaltimetype *end,
                 const char *rid)
{
	int len;
	int line = prop_line(r, k, "DTSTART", &len);
	tl_buf date = {0};
	put_date(&date, start, end);
	tl_buf_putc(&date, '\0');
	tl_event *e = tl_read_event(r->tl, &r->lanes, line, 1, len, NULL,
	                            date.data, r->diags);
	free(date.data);
	event_text(r, e, c, k, rid);
	r->events++;
}

/* ---- recurrence ---- */

static int occ_cmp(const void *a, const void *b)
{
	const occurrence *x = a, *y = b;
	return icaltime_compare(x->start, y->start);
}

static void occ_add(occurrence **v, size_t *n, size_t *cap,
                    struct icaltimetype start, const struct icaltimetype *end)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		*v = tl_xrealloc(*v, *cap * sizeof(**v));
	}
	(*v)[*n].start = start;
	(*v)[*n].own_end = end != NULL;
	(*v)[*n].end = end ? *end : icaltime_null_time();
	(*n)++;
}

/* Whether t is one of the EXDATEs of c (a DATE EXDATE removes that day). */
static int excluded(icalcomponent *c, struct icaltimetype t)
{
	for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_EXDATE_PROPERTY);
	     p; p = icalcomponent_get_next_property(c, ICAL_EXDATE_PROPERTY)) {
		struct icaltimetype x = icalproperty_get_exdate(p);
		resolve_zone(c, p, &x);
		if (x.is_date ? icaltime_compare_date_only(x, t) == 0
		              : icaltime_compare(x, t) == 0)
			return 1;
	}
	return 0;
}

/* The day number of t's date as written (in its own zone). */
static int64_t day_of(struct icaltimetype t)
{
	return tl_days_from_civil(t.year, t.month, t.day);
}

/* What the expansion of one VEVENT met: a rule without end, more
 * instances than the bound. */
typedef struct expansion {
	occurrence *v;
	size_t n, cap;
	int64_t until;  /* last day read (--until), INT64_MAX for none */
	int endless;    /* an RRULE has neither COUNT nor UNTIL */
	int capped;     /* an RRULE gives more than the bound */
} expansion;

/* The instances of RRULE p from start up to x->until, at most max + 1 of
 * them, added to x.  Returns 0, or -1 when libical refuses the rule. */
static int rule_instances(icalproperty *p, struct icaltimetype start,
                          size_t max, expansion *x)
{
	struct icalrecurrencetype rule = icalproperty_get_rrule(p);
	x->endless |= rule.count == 0 && icaltime_is_null_time(rule.until);
	icalrecur_iterator *it = icalrecur_iterator_new(rule, start);
	if (!it)
		return -1;
	for (size_t got = 0;; got++) {
		struct icaltimetype t = icalrecur_iterator_next(it);
		if (icaltime_is_null_time(t) || day_of(t) > x->until)
			break;
		if (got > max) {
			x->capped = 1;
			break;
		}
		t.is_date = start.is_date;
		if (!start.is_date && !icaltime_is_utc(start))
			t.zone = start.zone;
		occ_add(&x->v, &x->n, &x->cap, t, NULL);
	}
	icalrecur_iterator_free(it);
	return 0;
}

/* The instances of c's RRULEs and RDATEs from start up to x->until,
 * added to x. */
static void instances(ics_reader *r, icalcomponent *c, size_t k,
                      struct icaltimetype start, expansion *x)
{
	size_t max = READ_ICS_MAX_OCCURRENCES;
	for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_RRULE_PROPERTY);
	     p; p = icalcomponent_get_next_property(c, ICAL_RRULE_PROPERTY)) {
		if (rule_instances(p, start, max, x) < 0) {
			int len;
			int line = prop_line(r, k, "RRULE", &len);
			tl_diags_add(r->diags, TL_SEV_ERROR, TL_INVALID, line, 1,
			             len, "RRULE the recurrence iterator cannot "
			                  "follow: %s",
			             icalerror_strerror(icalerrno));
			icalerror_clear_errno();
		}
	}
	for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_RDATE_PROPERTY);
	     p; p = icalcomponent_get_next_property(c, ICAL_RDATE_PROPERTY)) {
		struct icaldatetimeperiodtype rd = icalproperty_get_rdate(p);
		if (!icaltime_is_null_time(rd.time)) {
			resolve_zone(c, p, &rd.time);
			if (day_of(rd.time) <= x->until)
				occ_add(&x->v, &x->n, &x->cap, rd.time, NULL);
		} else if (!icaltime_is_null_time(rd.period.start)) {
			struct icaltimetype s = rd.period.start, e = rd.period.end;
			resolve_zone(c, p, &s);
			if (icaltime_is_null_time(e))
				e = icaltime_add(s, rd.period.duration);
			else
				resolve_zone(c, p, &e);
			if (day_of(s) <= x->until)
				occ_add(&x->v, &x->n, &x->cap, s, &e);
		}
	}
}

/* The one warning about where the expansion of the k-th VEVENT stopped,
 * when it did not stop where the VEVENT says: kept occurrences were read,
 * the last starting at last; cut says the bound stopped it. */
static void bound_warning(ics_reader *r, size_t k, const expansion *x,
                          size_t kept, struct icaltimetype last, int cut)
{
	int len;
	int line = prop_line(r, k, "RRULE", &len);
	if (x->endless && !r->ro->has_until && kept)
		tl_diags_add(r->diags, TL_SEV_WARNING, TL_INVALID, line, 1,
		             len, "RRULE has no COUNT or UNTIL: read as %zu "
		                  "occurrences, the last on %04d-%02d-%02d (%s); "
		                  "--until DATE sets where it ends",
		             kept, last.year, last.month, last.day,
		             cut ? "the bound of the reader" : "libical's end");
	else if (cut)
		tl_diags_add(r->diags, TL_SEV_WARNING, TL_INVALID, line, 1,
		             len, "recurrence cut after %zu occurrences (the "
		                  "bound of the reader)",
		             kept);
}

/* Emits the occurrences x holds of the k-th VEVENT c, sorted, less its
 * EXDATEs and the instances an override replaces, each lasting as long
 * as the first, from start to end (end NULL: an instant or a day), at
 * most the bound. */
static void emit_occurrences(ics_reader *r, icalcomponent *c, size_t k,
                             const expansion *x, struct icaltimetype start,
                             const struct icaltimetype *end)
{
	struct icaldurationtype dur = icaldurationtype_null_duration();
	int days = 0;
	if (end && start.is_date && end->is_date)
		days = (int)(day_of(*end) - day_of(start));
	else if (end)
		dur = icaltime_subtract(*end, start);
	const char *uid = icalcomponent_get_uid(c);
	size_t kept = 0, max = READ_ICS_MAX_OCCURRENCES;
	struct icaltimetype last = start;
	int cut = x->capped;
	for (size_t i = 0; i < x->n; i++) {
		const occurrence *o = &x->v[i];
		if (i && icaltime_compare(o->start, x->v[i - 1].start) == 0)
			continue;
		if (excluded(c, o->start) || overridden(r, uid, o->start))
			continue;
		if (kept == max) {
			cut = 1;
			break;
		}
		struct icaltimetype e = o->end;
		if (!o->own_end && end) {
			e = o->start;
			if (start.is_date)
				icaltime_adjust(&e, days, 0, 0, 0);
			else
				e = icaltime_add(e, dur);
		}
		char *rid = instance_id(o->start);
		emit(r, c, k, o->start, end || o->own_end ? &e : NULL, rid);
		icalmemory_free_buffer(rid);
		last = o->start;
		kept++;
	}
	bound_warning(r, k, x, kept, last, cut);
}

/* Expands a recurring VEVENT: DTSTART, its RRULEs and RDATEs up to
 * --until, then emit_occurrences(). */
static void expand(ics_reader *r, icalcomponent *c, size_t k,
                   struct icaltimetype start, const struct icaltimetype *end)
{
	expansion x = {0};
	x.until = INT64_MAX;
	if (r->ro->has_until)
		x.until = r->ro->until.hi - 1;
	occ_add(&x.v, &x.n, &x.cap, start, NULL);
	instances(r, c, k, start, &x);
	qsort(x.v, x.n, sizeof(*x.v), occ_cmp);
	emit_occurrences(r, c, k, &x, start, end);
	free(x.v);
}

/* ---- components ---- */

/* Warns once per VEVENT time whose TZID names no zone known here. */
static void check_zone(ics_reader *r, icalcomponent *c, icalproperty *p,
                       struct icaltimetype *t, size_t k, const char *name)
{
	if (resolve_zone(c, p, t) == 0)
		return;
	int len;
	int line = prop_line(r, k, name, &len);
	icalparameter *tzp = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
	tl_diags_add(r->diags, TL_SEV_WARNING, TL_INVALID, line, 1, len,
	             "unknown time zone '%s': read as a floating time",
	             tzp ? icalparameter_get_tzid(tzp) : "");
}

/* A libical complaint about c's content, or NULL. */
static const char *lic_error(icalcomponent *c)
{
	icalproperty *p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY);
	return p ? icalproperty_get_xlicerror(p) : NULL;
}

/* libical's complaints about the properties of the k-th VEVENT c, each
 * at the line of the property it names: an error when it dropped a time
 * or a recurrence (events would be lost), else a warning. */
static void lic_errors(ics_reader *r, icalcomponent *c, size_t k)
{
	static const char *const vital[] = {"DTEND", "DURATION", "RRULE",
	                                    "RDATE", "EXDATE", "RECURRENCE-ID"};
	for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY);
	     p; p = icalcomponent_get_next_property(c, ICAL_XLICERROR_PROPERTY)) {
		const char *why = icalproperty_get_xlicerror(p);
		const char *name = NULL;
		for (size_t i = 0; why && i < sizeof(vital) / sizeof(*vital); i++)
			if (strstr(why, vital[i]))
				name = vital[i];
		int len;
		int line = prop_line(r, k, name ? name : "BEGIN", &len);
		tl_diags_add(r->diags, name ? TL_SEV_ERROR : TL_SEV_WARNING,
		             TL_INVALID, line, 1, len, "libical: %s",
		             why ? why : "unreadable property");
	}
}

static void vevent(ics_reader *r, icalcomponent *c)
{
	size_t k = r->k++;
	int len;
	icalproperty *ps = icalcomponent_get_first_property(c, ICAL_DTSTART_PROPERTY);
	if (!ps) {
		int line = prop_line(r, k, "DTSTART", &len);
		const char *why = lic_error(c);
		tl_diags_add(r->diags, why ? TL_SEV_ERROR : TL_SEV_WARNING,
		             TL_INVALID, line, 1, len,
		             why ? "VEVENT without a DTSTART libical reads: %s"
		                 : "VEVENT without DTSTART skipped%s",
		             why ? why : "");
		return;
	}
	struct icaltimetype start = icalproperty_get_dtstart(ps);
	if (icaltime_is_null_time(start) || !icaltime_is_valid_time(start)) {
		int line = prop_line(r, k, "DTSTART", &len);
		tl_diags_add(r->diags, TL_SEV_ERROR, TL_INVALID, line, 1, len,
		             "DTSTART is not a date or a date-time");
		return;
	}
	check_zone(r, c, ps, &start, k, "DTSTART");
	lic_errors(r, c, k);
	struct icaltimetype end = icaltime_null_time();
	int has_end = 0;
	icalproperty *pe = icalcomponent_get_first_property(c, ICAL_DTEND_PROPERTY);
	icalproperty *pd = icalcomponent_get_first_property(c, ICAL_DURATION_PROPERTY);
	if (pe) {
		end = icalproperty_get_dtend(pe);
		check_zone(r, c, pe, &end, k, "DTEND");
		has_end = !icaltime_is_null_time(end);
	} else if (pd) {
		end = icaltime_add(start, icalproperty_get_duration(pd));
		has_end = 1;
	}
	icalproperty *prid = icalcomponent_get_first_property(c, ICAL_RECURRENCEID_PROPERTY);
	int recurs = icalcomponent_get_first_property(c, ICAL_RRULE_PROPERTY) ||
	             icalcomponent_get_first_property(c, ICAL_RDATE_PROPERTY);
	if (recurs && !prid) {
		expand(r, c, k, start, has_end ? &end : NULL);
		return;
	}
	char *rid = NULL;
	if (prid) {
		struct icaltimetype t = icalproperty_get_recurrenceid(prid);
		resolve_zone(c, prid, &t);
		rid = instance_id(t);
	}
	emit(r, c, k, start, has_end ? &end : NULL, rid);
	if (rid)
		icalmemory_free_buffer(rid);
}

static void walk(ics_reader *r, icalcomponent *c)
{
	icalcomponent_kind kind = icalcomponent_isa(c);
	if (kind == ICAL_VEVENT_COMPONENT) {
		vevent(r, c);
		return;
	}
	if (kind == ICAL_VTODO_COMPONENT || kind == ICAL_VJOURNAL_COMPONENT ||
	    kind == ICAL_VFREEBUSY_COMPONENT) {
		r->skipped[kind == ICAL_VTODO_COMPONENT      ? 0
		           : kind == ICAL_VJOURNAL_COMPONENT ? 1
		                                             : 2]++;
		return;
	}
	if (kind == ICAL_VCALENDAR_COMPONENT)
		calendar_meta(r, c);
	else if (kind != ICAL_XROOT_COMPONENT)
		return;
	for (icalcomponent *s = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT);
	     s; s = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT))
		walk(r, s);
}

/* The one note for the components that are not events. */
static void skipped_note(ics_reader *r)
{
	static const char *const names[] = {"VTODO", "VJOURNAL", "VFREEBUSY"};
	tl_buf b = {0};
	for (int i = 0; i < 3; i++) {
		if (!r->skipped[i])
			continue;
		if (b.len)
			tl_buf_puts(&b, ", ");
		tl_buf_printf(&b, "%d %s", r->skipped[i], names[i]);
	}
	if (b.len) {
		tl_buf_putc(&b, '\0');
		tl_diags_add(r->diags, TL_SEV_WARNING, TL_INVALID, 1, 1, 1,
		             "skipped %s: only VEVENTs are read as events", b.data);
	}
	free(b.data);
}

void tl_read_ics(tl_timeline *tl, const char *buf, size_t len,
                 const tl_read_options *ro, tl_diags *diags)
{
	ics_reader r = {0};
	r.ro = ro;
	r.tl = tl;
	r.diags = diags;
	r.lines.buf = buf;
	r.lines.len = len;
	icalcomponent *root = NULL;
	if (tl_ics_lines_scan(&r.lines, diags) == 0) {
		char *text = tl_xstrndup(buf, len);
		icalerror_set_errors_are_fatal(0);
		root = icalparser_parse_string(text);
		free(text);
		icalerror_clear_errno();
		if (root) {
			collect_overrides(&r, root);
			if (r.noverrides)
				qsort(r.overrides, r.noverrides, sizeof(*r.overrides), key_cmp);
			walk(&r, root);
			skipped_note(&r);
		}
		if (!r.events && !tl_diags_errors(diags))
			tl_diags_add(diags, TL_SEV_ERROR, TL_INVALID, 1, 1, 1,
			             root ? "no VEVENT with a DTSTART in this calendar"
			                  : "not an iCalendar file: no BEGIN:VCALENDAR "
			                    "or BEGIN:VEVENT");
	}
	if (root)
		icalcomponent_free(root);
	for (size_t i = 0; i < r.noverrides; i++)
		free(r.overrides[i]);
	free(r.overrides);
	tl_ics_lines_free(&r.lines);
	tl_read_finish(tl, &r.lanes, diags);
}
