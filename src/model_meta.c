/*
 * model_meta.c - the values the model understands, read once when the
 * model is finished: the front-matter keys (title, description, url,
 * source, calendar, timezone, uid-domain, refresh, dateformat, and the
 * "#tag: colour" keys) into tl->front, and each event's color:, url:,
 * location:, status: and recurrence-id: into its fields.  Bad values are
 * reported here, at their line and column, so `check` and every command
 * find them; the renderers only read the typed fields.
 */
#include "private.h"

#include <string.h>
#include <strings.h>

int tl_zone_name_ok(const char *zone)
{
	size_t n = strlen(zone);
	if (n == 0 || n > 64 || zone[0] == '/' || strstr(zone, ".."))
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = zone[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '+' ||
		      c == '-' || c == '/'))
			return 0;
	}
	return 1;
}

int tl_hostname_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 200 || s[0] == '.' || s[0] == '-')
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '.'))
			return 0;
	}
	return 1;
}

/* Reads one unsigned decimal number of a duration; returns the position
 * after it, or NULL (no digit, or more than nine digits' worth). */
static const char *duration_number(const char *p, int64_t *v)
{
	if (*p < '0' || *p > '9')
		return NULL;
	for (*v = 0; *p >= '0' && *p <= '9'; p++) {
		if (*v > 100000000)
			return NULL;
		*v = *v * 10 + (*p - '0');
	}
	return p;
}

/* The whole string, each unit at most once and in order (W D, then after
 * T: H M S), at least one unit.  Each number is below about 10^9 and there
 * are at most five, so the sum cannot overflow before the range check. */
int64_t tl_duration_parse(const char *s, uint32_t parts[5])
{
	static const struct { char unit; int time; int64_t secs; } units[] = {
	    {'W', 0, 604800}, {'D', 0, 86400}, {'H', 1, 3600},
	    {'M', 1, 60},     {'S', 1, 1}};
	int64_t total = 0, v;
	size_t next = 0, seen = 0;
	int in_time = 0;
	uint32_t got[5] = {0};
	if (*s++ != 'P')
		return -1;
	while (*s) {
		if (*s == 'T' && !in_time) {
			in_time = 1;
			if (!*++s)
				return -1;
			continue;
		}
		if (!(s = duration_number(s, &v)))
			return -1;
		while (next < 5 && (units[next].unit != *s ||
		                    units[next].time != in_time))
			next++;
		if (next == 5)
			return -1;
		got[next] = (uint32_t)v;
		total += v * units[next++].secs;
		seen++;
		s++;
	}
	if (!seen || total > INT32_MAX)
		return -1;
	if (parts)
		memcpy(parts, got, sizeof(got));
	return total;
}

int64_t tl_duration_seconds(const char *s)
{
	return tl_duration_parse(s, NULL);
}

static const char *kv_key(const void *ctx, uint32_t i)
{
	return ((const tl_timeline *)ctx)->meta[i].key;
}

/* The front-matter key as a field, NULL-valued when not given. */
static tl_field field(const tl_timeline *tl, const char *key)
{
	long i = tl_index_find(&tl->meta_index, key, strlen(key), kv_key, tl);
	if (i < 0)
		return (tl_field){NULL, 0, 0};
	const tl_kv *kv = &tl->meta[i];
	return (tl_field){kv->value, kv->line, kv->col};
}

static void bad(tl_diags *diags, const tl_field *f, tl_severity sev,
                const char *what)
{
	tl_diags_add(diags, sev, TL_INVALID, (int)f->line, (int)f->col,
	             (int)strlen(f->value), "%s", what);
}

/* Reads refresh:, timezone: and uid-domain:, which must be well formed;
 * a bad one is an error and left unset. */
static void checked_fields(tl_timeline *tl, tl_diags *diags)
{
	tl_front *fr = &tl->front;
	char msg[300];
	if (fr->refresh.value) {
		int64_t secs = tl_duration_parse(fr->refresh.value,
		                                 fr->refresh_parts);
		if (secs > 0) {
			fr->refresh_secs = secs;
		} else {
			snprintf(msg, sizeof(msg),
			         "refresh '%.200s' is not a positive ISO 8601 "
			         "duration such as P1D or PT6H",
			         fr->refresh.value);
			bad(diags, &fr->refresh, TL_SEV_ERROR, msg);
			fr->refresh.value = NULL;
		}
	}
	/* An empty timezone: means none, as it always has. */
	if (fr->timezone.value && !fr->timezone.value[0])
		fr->timezone.value = NULL;
	if (fr->timezone.value && !tl_zone_name_ok(fr->timezone.value)) {
		snprintf(msg, sizeof(msg),
		         "invalid timezone '%.200s': use a tz database name such "
		         "as Europe/Paris",
		         fr->timezone.value);
		bad(diags, &fr->timezone, TL_SEV_ERROR, msg);
		fr->timezone.value = NULL;
	}
	if (fr->uid_domain.value && !tl_hostname_ok(fr->uid_domain.value)) {
		snprintf(msg, sizeof(msg),
		         "invalid uid-domain '%.200s': use a host name (letters, "
		         "digits, '-' and '.')",
		         fr->uid_domain.value);
		bad(diags, &fr->uid_domain, TL_SEV_ERROR, msg);
		fr->uid_domain.value = NULL;
	}
	/* The native reader read its slash dates by it already (d/M/y day
	 * first, anything else month first); a value it does not know is an
	 * error, so no file is read in an order it did not ask for. */
	const char *df = fr->date_format.value;
	if (df && strcmp(df, "d/M/y") != 0 && strcmp(df, "M/d/y") != 0) {
		snprintf(msg, sizeof(msg),
		         "invalid dateFormat '%.200s': write d/M/y for day first "
		         "or M/d/y for month first (the default)",
		         df);
		bad(diags, &fr->date_format, TL_SEV_ERROR, msg);
		fr->date_format.value = NULL;
	}
}

static tl_event_status status_kind(const char *st)
{
	if (!strcasecmp(st, "cancelled") || !strcasecmp(st, "canceled"))
		return TL_STATUS_CANCELLED;
	if (!strcasecmp(st, "tentative"))
		return TL_STATUS_TENTATIVE;
	if (!strcasecmp(st, "confirmed"))
		return TL_STATUS_CONFIRMED;
	return TL_STATUS_OTHER;
}

/* Reads an iCalendar DATE (20240916) or DATE-TIME (20240916T190000,
 * floating, or with Z) into *rid.  Returns 0, or -1 when s is neither. */
static int parse_rid(const char *s, tl_rid *rid)
{
	size_t n = strlen(s);
	if (n != 8 && n != 15 && n != 16)
		return -1;
	int v[6] = {0};
	static const int at[6] = {0, 4, 6, 9, 11, 13}, width[6] = {4, 2, 2, 2, 2, 2};
	for (int k = 0; k < (n == 8 ? 3 : 6); k++)
		for (int i = 0; i < width[k]; i++) {
			char c = s[at[k] + i];
			if (c < '0' || c > '9')
				return -1;
			v[k] = v[k] * 10 + (c - '0');
		}
	if ((n > 8 && s[8] != 'T') || (n == 16 && s[15] != 'Z'))
		return -1;
	if (v[1] < 1 || v[1] > 12 || v[2] < 1 ||
	    v[2] > tl_days_in_month(v[0], v[1]) || v[3] > 23 || v[4] > 59 ||
	    v[5] > 60)
		return -1;
	int64_t day = tl_days_from_civil(v[0], v[1], v[2]);
	rid->kind = n == 8 ? TL_RID_DATE : n == 15 ? TL_RID_FLOATING : TL_RID_UTC;
	rid->at = n == 8 ? day : day * 86400 + v[3] * 3600 + v[4] * 60 + v[5];
	return 0;
}

/* Reads one property the model understands into its field; the last
 * value given wins. */
static void event_prop(tl_event *e, const tl_kv *kv, tl_diags *diags)
{
	int line = (int)(kv->line ? kv->line : e->line);
	int col = (int)(kv->line ? kv->col : e->col);
	int len = (int)strlen(kv->value);
	if (strcmp(kv->key, "color") == 0) {
		if (!tl_color_parse(kv->value, strlen(kv->value), &e->color))
			tl_diags_add(diags, TL_SEV_ERROR, TL_INVALID, line,
			             col, len,
			             "invalid color '%s': use #rgb, #rrggbb or a "
			             "CSS colour name",
			             kv->value);
	} else if (strcmp(kv->key, "url") == 0) {
		/* The native reader drops an unsafe url: itself; this is for
		 * the others. */
		if (tl_url_is_safe(kv->value))
			e->url = kv->value;
		else
			tl_diags_add(diags, TL_SEV_WARNING, TL_INVALID, line,
			             col, len,
			             "url '%s' dropped: only http, https and "
			             "mailto links are emitted",
			             kv->value);
	} else if (strcmp(kv->key, "location") == 0) {
		e->location = kv->value;
	} else if (strcmp(kv->key, "status") == 0) {
		e->status = kv->value;
		e->status_kind = status_kind(kv->value);
	} else if (strcmp(kv->key, "recurrence-id") == 0) {
		if (parse_rid(kv->value, &e->rid) < 0) {
			e->rid.kind = TL_RID_NONE;
			tl_diags_add(diags, TL_SEV_WARNING, TL_INVALID, line,
			             col, len,
			             "recurrence-id '%s' ignored: not an iCalendar "
			             "date or date-time (20240916T230000Z)",
			             kv->value);
		}
	}
}

/* Reads each event's color:, url:, location:, status:, and uid: with
 * recurrence-id: as the series and instance of an occurrence. */
static void event_fields(tl_timeline *tl, tl_diags *diags)
{
	for (size_t i = 0; i < tl->nevents; i++) {
		tl_event *e = &tl->events[i];
		/* The fields start zeroed (tl_timeline_add_event()); leaving
		 * events without properties untouched keeps this pass cheap. */
		if (!e->nprops)
			continue;
		e->color = (tl_color){0, 0, 0};
		e->url = e->location = e->status = NULL;
		e->status_kind = TL_STATUS_NONE;
		for (uint32_t j = 0; j < e->nprops; j++)
			event_prop(e, &e->props[j], diags);
		/* uid: and recurrence-id: together: an occurrence of the
		 * series that UID names. */
		const char *uid = tl_event_prop(e, "uid");
		if (e->rid.kind != TL_RID_NONE && uid && uid[0])
			e->series = uid;
	}
}

/* Reads the "#tag: colour" keys into tl->front.tag_colors by the one
 * colour rule; a bad colour is an error at its value and left out. */
static void tag_colors(tl_timeline *tl, tl_diags *diags)
{
	tl_front *fr = &tl->front;
	size_t n = 0;
	for (size_t i = 0; i < tl->nmeta; i++)
		n += tl->meta[i].key[0] == '#';
	if (!n)
		return;
	fr->tag_colors = tl_arena_alloc(&tl->arena, n * sizeof(tl_tag_color));
	for (size_t i = 0; i < tl->nmeta; i++) {
		const tl_kv *kv = &tl->meta[i];
		if (kv->key[0] != '#')
			continue;
		tl_color c;
		if (!tl_color_parse(kv->value, strlen(kv->value), &c)) {
			tl_diags_add(diags, TL_SEV_ERROR, TL_INVALID,
			             (int)kv->line, (int)kv->col,
			             (int)strlen(kv->value),
			             "invalid color '%.200s' for tag '%.60s': use "
			             "#rgb, #rrggbb or a CSS colour name",
			             kv->value, kv->key);
			continue;
		}
		fr->tag_colors[fr->ntag_colors++] =
		    (tl_tag_color){kv->key + 1, c};
	}
}

void tl_meta_finish(tl_timeline *tl, tl_diags *diags)
{
	tl_front *fr = &tl->front;
	memset(fr, 0, sizeof(*fr));
	fr->title = field(tl, "title");
	fr->description = field(tl, "description");
	fr->url = field(tl, "url");
	fr->source = field(tl, "source");
	fr->calendar = field(tl, "calendar");
	fr->timezone = field(tl, "timezone");
	fr->uid_domain = field(tl, "uid-domain");
	fr->refresh = field(tl, "refresh");
	fr->date_format = field(tl, "dateformat");
	/* An empty url: means none; an unsafe one is dropped with a
	 * warning, as an event's is. */
	if (fr->url.value && !fr->url.value[0])
		fr->url.value = NULL;
	if (fr->url.value && !tl_url_is_safe(fr->url.value)) {
		char msg[300];
		snprintf(msg, sizeof(msg),
		         "url '%.200s' dropped: only http, https and mailto links "
		         "are emitted",
		         fr->url.value);
		bad(diags, &fr->url, TL_SEV_WARNING, msg);
		fr->url.value = NULL;
	}
	checked_fields(tl, diags);
	tag_colors(tl, diags);
	event_fields(tl, diags);
}

int64_t tl_timeline_refresh(const tl_timeline *tl)
{
	return tl->front.refresh_secs;
}
