/*
 * naive_ics.c - the baseline `make bench` sets beside `dateline ics`: the
 * same parsed model turned into one whole VCALENDAR with libical, then
 * serialized at once with icalcomponent_as_ical_string(), the way most
 * libical programs do it.  Same properties per event as the real feed.
 *
 *   naive_ics FILE.mw > FILE.ics
 */
#include "private.h"

#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads all of path.  The caller frees the result with free(). */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	tl_buf b = {0};
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		tl_buf_put(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return b.data;
}

static struct icaltimetype date_of(int64_t day)
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

/* One VEVENT with the properties dateline writes.  The caller frees the
 * result with icalcomponent_free() or hands it to a calendar. */
static icalcomponent *event(const tl_timeline *tl, const tl_event *e,
                            size_t i, struct icaltimetype stamp)
{
	char buf[512];
	icalcomponent *c = icalcomponent_new_vevent();
	icalcomponent_add_property(c, icalproperty_new_dtstamp(stamp));
	icalcomponent_add_property(c, icalproperty_new_lastmodified(stamp));
	icalcomponent_add_property(c, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
	icalcomponent_add_property(c, icalproperty_new_class(ICAL_CLASS_PUBLIC));
	if (e->id)
		snprintf(buf, sizeof(buf), "%s@naive.dateline.invalid", e->id);
	else
		snprintf(buf, sizeof(buf), "ev%zu@naive.dateline.invalid", i);
	icalcomponent_add_property(c, icalproperty_new_uid(buf));
	icalcomponent_add_property(c, icalproperty_new_dtstart(date_of(e->date.lo)));
	icalcomponent_add_property(c, icalproperty_new_dtend(date_of(e->date.hi)));
	icalcomponent_add_property(c, icalproperty_new_summary(e->title));
	tl_buf d = {0};
	if (e->description) {
		tl_buf_puts(&d, e->description);
		tl_buf_puts(&d, "\n\n");
	}
	tl_date_format(&e->date, buf, sizeof(buf));
	tl_buf_printf(&d, "Date: %s", buf);
	for (uint32_t k = 0; k < e->nsources; k++)
		tl_buf_printf(&d, "%s%s", k ? "\n" : "\nSources:\n", e->sources[k]);
	icalcomponent_add_property(c, icalproperty_new_description(d.data));
	free(d.data);
	icalproperty *x = icalproperty_new_x(buf);
	icalproperty_set_x_name(x, "X-DATELINE-DATE");
	icalcomponent_add_property(c, x);
	icalcomponent_add_property(
	    c, icalproperty_new_status((e->date.start.qual & TL_QUAL_UNCERTAIN)
	                                   ? ICAL_STATUS_TENTATIVE
	                                   : ICAL_STATUS_CONFIRMED));
	tl_buf cat = {0};
	tl_buf_puts(&cat, tl->lanes[e->lane]);
	for (uint32_t k = 0; k < e->ntags; k++)
		tl_buf_printf(&cat, ",%s", e->tags[k]);
	icalcomponent_add_property(c, icalproperty_new_categories(cat.data));
	free(cat.data);
	if (e->nsources)
		icalcomponent_add_property(c, icalproperty_new_url(e->sources[0]));
	return c;
}

int main(int argc, char **argv)
{
	size_t len;
	char *text = argc == 2 ? slurp(argv[1], &len) : NULL;
	if (!text) {
		fprintf(stderr, "usage: naive_ics FILE.mw > FILE.ics\n");
		return 2;
	}
	tl_diags *diags = tl_diags_new(0);
	tl_timeline *tl = tl_parse(argv[1], text, len, diags);
	free(text);
	if (!tl || tl_diags_errors(diags)) {
		fprintf(stderr, "naive_ics: %s does not parse\n", argv[1]);
		return 1;
	}
	struct icaltimetype stamp =
	    icaltime_from_timet_with_zone(0, 0, icaltimezone_get_utc_timezone());
	icalcomponent *cal = icalcomponent_new_vcalendar();
	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal, icalproperty_new_prodid("-//naive//EN"));
	for (size_t i = 0; i < tl->nevents; i++)
		icalcomponent_add_component(cal, event(tl, &tl->events[i], i, stamp));
	const char *s = icalcomponent_as_ical_string(cal);
	fwrite(s, 1, strlen(s), stdout);
	icalcomponent_free(cal);
	tl_timeline_free(tl);
	tl_diags_free(diags);
	return fclose(stdout) == 0 ? 0 : 3;
}
