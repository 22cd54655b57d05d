/*
 * render_html.c - the HTML page of a timeline and the index of several.
 *
 * The page is one self-contained file: the SVG diagram inline (its links
 * and tooltips work), "Subscribe" and "Download .ics" links, and a table of
 * the events for readers and screen readers.  Every piece of text is
 * escaped here; only tl_url_is_safe() URLs become links.
 */
#include "private.h"

#include <stdlib.h>
#include <string.h>

/* The one script a page may carry, allowed by hash in the page's own
 * Content-Security-Policy; tests/cli/serve.sh recomputes the hash.  It
 * turns relative "Subscribe" links into webcal:// ones when the page was
 * built without knowing its public address. */
#define SUBSCRIBE_SCRIPT                                                   \
	"for(const a of document.querySelectorAll(\"a.subscribe\"))"       \
	"a.href=a.href.replace(/^https?:/,\"webcal:\");"
#define SUBSCRIBE_SCRIPT_HASH "sha256-kjt0vv+3RKgi7sUPxJJXCwk55/aGzwutd3c4w/ABQt4="

#define CSP                                                                \
	"default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "  \
	"script-src '" SUBSCRIBE_SCRIPT_HASH "'; base-uri 'none'; "        \
	"form-action 'none'"

static const char STYLE[] =
    "body{font:16px/1.45 system-ui,-apple-system,\"Segoe UI\",Roboto,"
    "\"DejaVu Sans\",sans-serif;margin:0 auto;max-width:82rem;padding:1.5rem;"
    "color:#1d1d1f;background:#fff}\n"
    "h1{font-size:1.6rem;margin:0 0 .4rem}\n"
    ".description{margin:0 0 1rem;color:#444;max-width:48rem}\n"
    ".actions{display:flex;flex-wrap:wrap;gap:.6rem;align-items:center;"
    "margin:0 0 1.2rem}\n"
    ".actions a{padding:.35rem .8rem;border:1px solid #0b57d0;"
    "border-radius:.4rem;text-decoration:none;color:#0b57d0}\n"
    ".actions a.subscribe{background:#0b57d0;color:#fff}\n"
    ".banner{border:2px solid #b3261e;background:#fdecea;color:#410e0b;"
    "padding:.8rem 1rem;border-radius:.4rem;margin:0 0 1.2rem}\n"
    ".banner pre{white-space:pre-wrap;margin:.4rem 0 0;font-size:.9rem}\n"
    "figure{margin:0 0 1.5rem;overflow-x:auto;border:1px solid #ddd;"
    "border-radius:.4rem}\n"
    "figure svg{display:block;max-width:100%;height:auto}\n"
    "table{border-collapse:collapse;width:100%}\n"
    "caption{text-align:left;font-weight:600;font-size:1.15rem;"
    "padding:0 0 .5rem}\n"
    "th,td{text-align:left;vertical-align:top;padding:.45rem .6rem;"
    "border-bottom:1px solid #e3e3e3}\n"
    "td.date{white-space:nowrap}\n"
    "td.sources a{display:block}\n"
    "ul.timelines{list-style:none;padding:0}\n"
    "ul.timelines li{margin:0 0 1.2rem}\n";

/* Appends s[0..n) with &, <, >, " and ' escaped. */
static void put_escaped(tl_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': tl_buf_puts(b, "&amp;"); break;
		case '<': tl_buf_puts(b, "&lt;"); break;
		case '>': tl_buf_puts(b, "&gt;"); break;
		case '"': tl_buf_puts(b, "&quot;"); break;
		case '\'': tl_buf_puts(b, "&#39;"); break;
		default: tl_buf_putc(b, s[i]);
		}
	}
}

static void put_esc(tl_buf *b, const char *s)
{
	put_escaped(b, s, strlen(s));
}

/* The short text shown for a source URL: its host ("example.org"), or the
 * address of a mailto: link.  Sets *n to its length. */
static const char *url_label(const char *url, size_t *n)
{
	const char *p = strstr(url, "://");
	p = p ? p + 3 : url + strlen("mailto:");
	*n = strcspn(p, "/?#");
	return *n ? p : url;
}

/* A link to url with text label when url is safe; the URL as plain text
 * otherwise. */
static void put_source(tl_buf *b, const char *url, const char *label)
{
	size_t n = strlen(label);
	if (!label[0])
		label = url_label(url, &n);
	if (!tl_url_is_safe(url)) {
		tl_buf_puts(b, "<span>");
		put_esc(b, url);
		tl_buf_puts(b, "</span>");
		return;
	}
	tl_buf_puts(b, "<a href=\"");
	put_esc(b, url);
	tl_buf_puts(b, "\" title=\"");
	put_esc(b, url);
	tl_buf_puts(b, "\">");
	put_escaped(b, label, n);
	tl_buf_puts(b, "</a>");
}

/* The document head, with title and the policy that allows no script but
 * SUBSCRIBE_SCRIPT and no resources from elsewhere. */
static void put_head(tl_buf *b, const char *title, const char *feed_href)
{
	tl_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	               "<meta charset=\"utf-8\">\n"
	               "<meta name=\"viewport\" content=\"width=device-width, "
	               "initial-scale=1\">\n"
	               "<meta http-equiv=\"Content-Security-Policy\" content=\"" CSP
	               "\">\n<title>");
	put_esc(b, title);
	tl_buf_puts(b, "</title>\n");
	if (feed_href) {
		tl_buf_puts(b, "<link rel=\"alternate\" type=\"text/calendar\" "
		               "title=\"");
		put_esc(b, title);
		tl_buf_puts(b, "\" href=\"");
		put_esc(b, feed_href);
		tl_buf_puts(b, "\">\n");
	}
	tl_buf_printf(b, "<style>\n%s</style>\n</head>\n<body>\n", STYLE);
}

static void put_banner(tl_buf *b, const char *banner)
{
	if (!banner)
		return;
	tl_buf_puts(b, "<div class=\"banner\" role=\"alert\"><strong>Warning: "
	               "the event file has errors; this is the last good "
	               "version.</strong>\n<pre>");
	put_esc(b, banner);
	tl_buf_puts(b, "</pre></div>\n");
}

/* Whether page p's "Subscribe" link needs SUBSCRIBE_SCRIPT. */
static int needs_script(const tl_html_page *p)
{
	return !(p->feed_url && tl_url_is_safe(p->feed_url));
}

/* "Subscribe" (webcal://) and "Download .ics" links for page p, the feed
 * being at base + NAME.ics; with downloads, links to the diagram files. */
static void put_actions(tl_buf *b, const tl_html_page *p, const char *base,
                        int downloads)
{
	tl_buf_puts(b, "<p class=\"actions\"><a class=\"subscribe\" href=\"");
	if (needs_script(p)) {
		put_esc(b, base);
		put_esc(b, p->name);
		tl_buf_puts(b, ".ics");
	} else {
		tl_buf_puts(b, "webcal://");
		put_esc(b, strstr(p->feed_url, "://") + 3);
	}
	tl_buf_puts(b, "\">Subscribe</a> <a href=\"");
	put_esc(b, base);
	put_esc(b, p->name);
	tl_buf_puts(b, ".ics\" download>Download .ics</a>");
	if (downloads) {
		static const char *const kinds[][2] = {
		    {"svg", "SVG"}, {"png", "PNG"}, {"pdf", "PDF"}};
		for (size_t i = 0; i < 3; i++) {
			if (p->no_png && strcmp(kinds[i][0], "png") == 0)
				continue;
			tl_buf_puts(b, " <a href=\"");
			put_esc(b, base);
			put_esc(b, p->name);
			tl_buf_printf(b, ".%s\">%s</a>", kinds[i][0], kinds[i][1]);
		}
	}
	tl_buf_puts(b, "</p>\n");
}

/* Ends the document, with the script when a link needs it. */
static void put_end(tl_buf *b, int script)
{
	if (script)
		tl_buf_puts(b, "<script>" SUBSCRIBE_SCRIPT "</script>\n");
	tl_buf_puts(b, "</body>\n</html>\n");
}

/* Appends the SVG diagram from its <svg element on (the XML prolog and
 * DOCTYPE do not belong inside HTML).  Returns a tl_status. */
static int put_svg(tl_buf *b, const tl_timeline *tl, const tl_options *o,
                   tl_diags *diags)
{
	tl_options svg = *o;
	tl_buf img = {0};
	svg.format = "svg";
	int rc = tl_render_diagram(tl, &svg, tl_buf_write, &img, diags);
	if (rc == TL_OK) {
		tl_buf_putc(&img, '\0');
		const char *start = strstr(img.data, "<svg");
		if (start) {
			tl_buf_puts(b, "<figure>\n");
			tl_buf_puts(b, start);
			tl_buf_puts(b, "</figure>\n");
		} else {
			tl_diags_add(diags, TL_SEV_ERROR, TL_BACKEND_FAILED, 0, 0, 0,
			             "the diagram renderer wrote no <svg> element");
			rc = TL_BACKEND_FAILED;
		}
	}
	free(img.data);
	return rc;
}

/* Whether url is among the first nsources sources or the first nlinks
 * links of e: the table shows each address once. */
static int already_listed(const tl_event *e, size_t nsources, size_t nlinks,
                          const char *url)
{
	for (size_t i = 0; i < nsources; i++)
		if (strcmp(tl_event_source(e, i), url) == 0)
			return 1;
	for (size_t i = 0; i < nlinks; i++)
		if (strcmp(tl_event_link_url(e, i), url) == 0)
			return 1;
	return 0;
}

/* One row of the events table: sources, then links, then the url
 * property, each address once. */
static void put_event_row(tl_buf *b, const tl_event *e)
{
	size_t nsources = tl_event_source_count(e);
	size_t nlinks = tl_event_link_count(e);
	tl_buf_puts(b, "<tr><td class=\"date\">");
	put_esc(b, tl_event_date_text(e));
	tl_buf_puts(b, "</td><td>");
	put_esc(b, tl_event_title(e));
	tl_buf_puts(b, "</td><td class=\"sources\">");
	for (size_t i = 0; i < nsources; i++)
		if (!already_listed(e, i, 0, tl_event_source(e, i)))
			put_source(b, tl_event_source(e, i), "");
	for (size_t i = 0; i < nlinks; i++)
		if (!already_listed(e, nsources, i, tl_event_link_url(e, i)))
			put_source(b, tl_event_link_url(e, i),
			           tl_event_link_text(e, i));
	const char *url = e->url;
	if (url && !already_listed(e, nsources, nlinks, url))
		put_source(b, url, "");
	tl_buf_puts(b, "</td></tr>\n");
}

/* The timeline's title: its front matter's title, else its name. */
static const char *title_of(const tl_timeline *tl, const tl_html_page *p)
{
	const char *t = tl->front.title.value;
	return t && *t ? t : p->name;
}

tl_status tl_render_html(const tl_timeline *tl, const tl_options *o,
                         const tl_html_page *page, tl_write_fn write,
                         void *ctx, tl_diags *diags)
{
	tl_buf b = {0};
	const char *base = page->link_base ? page->link_base : "";
	const char *title = title_of(tl, page);
	char *feed = tl_xmalloc(strlen(base) + strlen(page->name) + 5);
	strcpy(feed, base);
	strcat(feed, page->name);
	strcat(feed, ".ics");
	put_head(&b, title, feed);
	free(feed);
	put_banner(&b, page->banner);
	tl_buf_puts(&b, "<header>\n<h1>");
	put_esc(&b, title);
	tl_buf_puts(&b, "</h1>\n");
	const char *desc = tl->front.description.value;
	if (desc && *desc) {
		tl_buf_puts(&b, "<p class=\"description\">");
		put_esc(&b, desc);
		tl_buf_puts(&b, "</p>\n");
	}
	put_actions(&b, page, base, 1);
	tl_buf_puts(&b, "</header>\n");
	int rc = put_svg(&b, tl, o, diags);
	if (rc != TL_OK) {
		free(b.data);
		return rc;
	}
	tl_buf_puts(&b, "<table>\n<caption>Events</caption>\n<thead><tr>"
	                "<th scope=\"col\">Date</th><th scope=\"col\">Event</th>"
	                "<th scope=\"col\">Sources</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < tl_timeline_count(tl); i++)
		put_event_row(&b, tl_timeline_event(tl, i));
	tl_buf_puts(&b, "</tbody>\n</table>\n");
	put_end(&b, needs_script(page));
	rc = tl_buf_flush(&b, write, ctx) < 0 ? TL_WRITE_FAILED : TL_OK;
	free(b.data);
	return rc;
}

tl_status tl_render_html_index(const tl_timeline *const *tls,
                               const tl_html_page *pages, size_t n,
                               tl_write_fn write, void *ctx, tl_diags *diags)
{
	tl_buf b = {0};
	put_head(&b, "Timelines", NULL);
	tl_buf_puts(&b, "<h1>Timelines</h1>\n<ul class=\"timelines\">\n");
	for (size_t i = 0; i < n; i++) {
		const tl_html_page *p = &pages[i];
		size_t count = tl_timeline_count(tls[i]);
		tl_buf_puts(&b, "<li>\n");
		put_banner(&b, p->banner);
		tl_buf_puts(&b, "<h2><a href=\"");
		put_esc(&b, p->name);
		tl_buf_puts(&b, "/\">");
		put_esc(&b, title_of(tls[i], p));
		tl_buf_printf(&b, "</a></h2>\n<p class=\"description\">%zu event%s",
		              count, count == 1 ? "" : "s");
		const char *desc = tls[i]->front.description.value;
		if (desc && *desc) {
			tl_buf_puts(&b, ": ");
			put_esc(&b, desc);
		}
		tl_buf_puts(&b, "</p>\n");
		put_actions(&b, p, "", 0);
		tl_buf_puts(&b, "</li>\n");
	}
	tl_buf_puts(&b, "</ul>\n");
	int script = 0;
	for (size_t i = 0; i < n; i++)
		script |= needs_script(&pages[i]);
	put_end(&b, script);
	int rc = tl_buf_flush(&b, write, ctx) < 0 ? TL_WRITE_FAILED : TL_OK;
	free(b.data);
	return rc;
}
