/*
 * render_timelinejs.c - the model as a TimelineJS 3 JSON file (jansson),
 * for `dateline render -T timelinejs`: the title slide from the title and
 * description, one slide per event, read back by the TimelineJS reader to
 * the same events.  What TimelineJS cannot hold (a decade, a season, an
 * uncertain date, an open end, a time zone) gets a warning.
 */
#include "private.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Text as HTML: &, < and > escaped, the event's links as <a href>, line
 * breaks as <br>, paragraphs as <p>. */
static char *html(const char *s, const tl_event *e, size_t *link)
{
	tl_buf b = {0};
	tl_buf_puts(&b, "<p>");
	for (const char *p = s; *p;) {
		if (e && *link < e->nlinks && e->links[*link].text[0] &&
		    strncmp(p, e->links[*link].text, strlen(e->links[*link].text)) == 0) {
			const tl_link *l = &e->links[(*link)++];
			tl_buf_puts(&b, "<a href=\"");
			for (const char *u = l->url; *u; u++)
				tl_buf_puts(&b, *u == '"' ? "&quot;" : *u == '&' ? "&amp;"
				                : (char[]){*u, 0});
			tl_buf_puts(&b, "\">");
			char *t = html(l->text, NULL, link);
			tl_buf_put(&b, t + 3, strlen(t) - 7); /* without <p></p> */
			free(t);
			tl_buf_puts(&b, "</a>");
			p += strlen(l->text);
			continue;
		}
		if (*p == '&')
			tl_buf_puts(&b, "&amp;");
		else if (*p == '<')
			tl_buf_puts(&b, "&lt;");
		else if (*p == '>')
			tl_buf_puts(&b, "&gt;");
		else if (p[0] == '\n' && p[1] == '\n') {
			tl_buf_puts(&b, "</p><p>");
			p++;
		} else if (*p == '\n')
			tl_buf_puts(&b, "<br>");
		else
			tl_buf_putc(&b, *p);
		p++;
	}
	tl_buf_puts(&b, "</p>");
	tl_buf_putc(&b, '\0');
	return b.data;
}

static void warn(tl_diags *d, const tl_event *e, const char *what)
{
	tl_diags_add(d, TL_SEV_WARNING, TL_INVALID, (int)e->line,
	             (int)e->col, (int)e->date_len,
	             "timelinejs: %s (TimelineJS cannot hold it)", what);
}

/* A date object of point pt. */
static json_t *point(const tl_point *pt, const tl_event *e, tl_diags *d)
{
	json_t *o = json_object();
	if (pt->prec < TL_PREC_YEAR || pt->prec == TL_PREC_SEASON)
		warn(d, e, "a decade, century or season written as its first year");
	if (pt->qual)
		warn(d, e, "an uncertain or approximate date written as certain");
	if (pt->flags & (TL_PT_UTC | TL_PT_OFFSET))
		warn(d, e, "a time zone left out");
	json_object_set_new(o, "year", json_integer(pt->year));
	if (pt->prec >= TL_PREC_MONTH && pt->month >= 1 && pt->month <= 12)
		json_object_set_new(o, "month", json_integer(pt->month));
	if (pt->prec >= TL_PREC_DAY)
		json_object_set_new(o, "day", json_integer(pt->day));
	if (pt->prec >= TL_PREC_MINUTE) {
		json_object_set_new(o, "hour", json_integer(pt->hour));
		json_object_set_new(o, "minute", json_integer(pt->minute));
	}
	if (pt->prec >= TL_PREC_SECOND)
		json_object_set_new(o, "second", json_integer(pt->second));
	return o;
}

static void set_str(json_t *o, const char *key, const char *v)
{
	if (v)
		json_object_set_new(o, key, json_string(v));
}

static json_t *slide(const tl_timeline *tl, const tl_event *e, tl_diags *d)
{
	json_t *s = json_object();
	json_object_set_new(s, "start_date", point(&e->date.start, e, d));
	if (e->date.is_interval) {
		if (e->date.end.flags & (TL_PT_OPEN | TL_PT_UNKNOWN))
			warn(d, e, "an open or unknown end left out");
		else
			json_object_set_new(s, "end_date", point(&e->date.end, e, d));
	}
	json_t *text = json_object();
	size_t link = 0;
	char *h = html(e->title, e, &link);
	/* A headline is one paragraph: no <p> around it. */
	h[strlen(h) - 4] = '\0';
	json_object_set_new(text, "headline", json_string(h + 3));
	free(h);
	if (e->description) {
		char *t = html(e->description, e, &link);
		json_object_set_new(text, "text", json_string(t));
		free(t);
	}
	json_object_set_new(s, "text", text);
	/* Tags written as #words in the description come back from it. */
	if (e->ntags && (!e->description || !strchr(e->description, '#')))
		warn(d, e, "tags left out");
	if (tl->lanes[e->lane][0])
		set_str(s, "group", tl->lanes[e->lane]);
	set_str(s, "display_date", tl_event_prop(e, "display-date"));
	set_str(s, "unique_id", e->id ? e->id : tl_event_prop(e, "uid"));
	if (tl_event_prop(e, "media")) {
		json_t *m = json_object();
		set_str(m, "url", tl_event_prop(e, "media"));
		set_str(m, "credit", tl_event_prop(e, "media-credit"));
		set_str(m, "caption", tl_event_prop(e, "media-caption"));
		set_str(m, "thumbnail", tl_event_prop(e, "media-thumbnail"));
		json_object_set_new(s, "media", m);
	}
	const char *bg = tl_event_prop(e, "background");
	if (bg) {
		json_t *b = json_object();
		set_str(b, bg[0] == '#' ? "color" : "url", bg);
		json_object_set_new(s, "background", b);
	}
	return s;
}

static int dump_cb(const char *buffer, size_t size, void *data)
{
	tl_buf_put(data, buffer, size);
	return 0;
}

tl_status tl_render_timelinejs(const tl_timeline *tl, const tl_options *o,
                               tl_write_fn write, void *ctx, tl_diags *diags)
{
	(void)o;
	json_t *doc = json_object();
	const char *title = tl_timeline_meta(tl, "title");
	const char *desc = tl_timeline_meta(tl, "description");
	if (title || desc) {
		json_t *t = json_object(), *text = json_object();
		set_str(text, "headline", title);
		if (desc) {
			size_t none = 0;
			char *h = html(desc, NULL, &none);
			json_object_set_new(text, "text", json_string(h));
			free(h);
		}
		json_object_set_new(t, "text", text);
		json_object_set_new(doc, "title", t);
	}
	json_t *events = json_array();
	for (size_t i = 0; i < tl->nevents; i++)
		json_array_append_new(events, slide(tl, &tl->events[i], diags));
	json_object_set_new(doc, "events", events);
	tl_buf b = {0};
	json_dump_callback(doc, dump_cb, &b, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	json_decref(doc);
	tl_buf_putc(&b, '\n');
	int rc = tl_buf_flush(&b, write, ctx);
	free(b.data);
	return rc ? TL_WRITE_FAILED : TL_OK;
}
