/*
 * read_html.c - HTML to text for the TimelineJS reader, with libxml2's
 * HTML parser: entities decoded, block elements as line breaks, runs of
 * white space as one space, <a href> kept as a link.  Scripts and styles
 * say nothing a reader would see, so they are left out.
 */
#include "read_int.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

/* Deeper trees than this are cut: the text under them is left out. */
#define MAX_DEPTH 256

typedef struct walker {
	tl_html_text *out;
	int space; /* a space is pending before the next text */
} walker;

static int is_block(const char *name)
{
	static const char *const blocks[] = {
	    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
	    "ul", "ol", "table", "tr", "section", "article", "header",
	    "footer", "pre", "figure", "figcaption", "hr", "dl", "dt", "dd"};
	for (size_t i = 0; i < sizeof(blocks) / sizeof(*blocks); i++)
		if (strcmp(name, blocks[i]) == 0)
			return 1;
	return 0;
}

/* Ends the current line; with para, leaves a blank line. */
static void line_break(walker *w, int para)
{
	tl_buf *b = &w->out->text;
	w->space = 0;
	if (!b->len)
		return;
	size_t nl = 0;
	while (nl < b->len && b->data[b->len - 1 - nl] == '\n')
		nl++;
	for (size_t want = para ? 2 : 1; nl < want; nl++)
		tl_buf_putc(b, '\n');
}

/* Text with white space runs folded into one space. */
static void put_text(walker *w, tl_buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
		    *s == '\f') {
			w->space = 1;
			continue;
		}
		if (w->space && b->len && b->data[b->len - 1] != '\n')
			tl_buf_putc(b, ' ');
		w->space = 0;
		tl_buf_putc(b, *s);
	}
}

static void walk(walker *w, xmlNode *n, int depth);

/* <a href>: its text goes to the text and to the link. */
static void anchor(walker *w, xmlNode *n, int depth)
{
	xmlChar *href = xmlGetProp(n, (const xmlChar *)"href");
	size_t from = w->out->text.len;
	int had_space = w->space;
	walk(w, n->children, depth + 1);
	if (href) {
		size_t at = from;
		tl_buf *b = &w->out->text;
		/* The space written before the link's first word is not
		 * part of its text. */
		if (had_space && at < b->len && b->data[at] == ' ')
			at++;
		tl_html_text *o = w->out;
		o->links = tl_xrealloc(o->links, (o->nlinks + 1) * sizeof(*o->links));
		o->links[o->nlinks].text = tl_xstrndup(b->data ? b->data + at : "",
		                                       b->len - at);
		o->links[o->nlinks].url = tl_xstrdup((const char *)href);
		o->nlinks++;
		xmlFree(href);
	}
}

static void walk(walker *w, xmlNode *n, int depth)
{
	if (depth > MAX_DEPTH)
		return;
	for (; n; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content)
				put_text(w, &w->out->text, (const char *)n->content);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)n->name;
		if (strcmp(name, "script") == 0 || strcmp(name, "style") == 0)
			continue;
		if (strcmp(name, "br") == 0) {
			line_break(w, 0);
			continue;
		}
		if (strcmp(name, "li") == 0)
			line_break(w, 0);
		int block = is_block(name);
		if (block)
			line_break(w, 1);
		if (strcmp(name, "a") == 0)
			anchor(w, n, depth);
		else
			walk(w, n->children, depth + 1);
		if (block)
			line_break(w, 1);
		else if (strcmp(name, "li") == 0)
			line_break(w, 0);
		else if (strcmp(name, "td") == 0 || strcmp(name, "th") == 0)
			w->space = 1;
	}
}

void tl_html_to_text(const char *html, size_t n, tl_html_text *out)
{
	memset(out, 0, sizeof(*out));
	if (n > INT32_MAX)
		n = INT32_MAX;
	/* Wrapped in a body so a fragment of text is read as text. */
	tl_buf doc = {0};
	tl_buf_puts(&doc, "<html><body>");
	tl_buf_put(&doc, html, n);
	tl_buf_puts(&doc, "</body></html>");
	htmlDocPtr d = htmlReadMemory(doc.data, (int)doc.len, NULL, "UTF-8",
	                              HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	                                  HTML_PARSE_NONET);
	free(doc.data);
	if (!d) {
		tl_buf_put(&out->text, html, n);
		return;
	}
	walker w = {out, 0};
	walk(&w, xmlDocGetRootElement(d), 0);
	xmlFreeDoc(d);
}

void tl_html_text_free(tl_html_text *t)
{
	if (!t)
		return;
	free(t->text.data);
	for (size_t i = 0; i < t->nlinks; i++) {
		free(t->links[i].text);
		free(t->links[i].url);
	}
	free(t->links);
	memset(t, 0, sizeof(*t));
}
