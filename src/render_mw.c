/*
 * render_mw.c - the model as a native event file (docs/format.md), for
 * `dateline import`: read back by tl_parse() it gives the same model (the
 * same dump but for the file name and line numbers).  Events are written
 * lane by lane, the default lane first, each lane's events in sorted
 * order; links go back into the text as [text](url), tags derived from a
 * description are not written twice, and a '#' that would make a tag it
 * is not is written "\#".  Text that the native format has no way to
 * write as it is (docs/import.md) gets a warning.
 */
#include "private.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef struct writer {
	const tl_timeline *tl;
	tl_diags *diags;
	tl_buf out;
	size_t link; /* next link of the event to place */
} writer;

static void warn(writer *w, const tl_event *e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* A warning at the event's line in the input. */
static void warn(writer *w, const tl_event *e, const char *fmt, ...)
{
	char msg[TL_DIAG_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	tl_diags_add(w->diags, TL_SEV_WARNING, TL_INVALID,
	             e ? (int)e->line : 0, e ? (int)e->col : 0,
	             e ? (int)e->date_len : 0, "import: %s", msg);
}

/* Puts s on one line: line breaks as spaces. */
static void put_line(tl_buf *b, const char *s)
{
	for (; *s; s++)
		tl_buf_putc(b, *s == '\n' || *s == '\r' ? ' ' : *s);
}

static int tag_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-' ||
	       (unsigned char)c >= 0x80;
}

/* The length of the #tag at s[i] (the native rule: '#' at a word start,
 * then a letter), or 0. */
static size_t tag_at(const char *s, size_t i)
{
	if (s[i] != '#' || !isalpha((unsigned char)s[i + 1]))
		return 0;
	if (i && s[i - 1] != ' ' && s[i - 1] != '\t' && s[i - 1] != '\n' &&
	    s[i - 1] != '(')
		return 0;
	size_t j = i + 1;
	while (s[j] && tag_char(s[j]))
		j++;
	while (s[j - 1] == '-')
		j--;
	return j - i - 1;
}

/* How many of e's last tags its description gives back by itself. */
static uint32_t description_tags(const tl_event *e)
{
	const char *d = e->description;
	if (!d)
		return 0;
	uint32_t n = 0;
	for (size_t i = 0; d[i]; i++)
		if (tag_at(d, i))
			n++;
	if (n > e->ntags)
		return 0;
	uint32_t k = e->ntags - n;
	for (size_t i = 0; d[i]; i++) {
		size_t t = tag_at(d, i);
		if (!t)
			continue;
		if (strlen(e->tags[k]) != t || memcmp(e->tags[k], d + i + 1, t) != 0)
			return 0;
		k++;
	}
	return n;
}

/* Whether s[i] is a '!' the reader would take as a title's event id:
 * at a word start, then a letter, a digit or '_'. */
static int id_at(const char *s, size_t i)
{
	return s[i] == '!' && (i == 0 || s[i - 1] == ' ') &&
	       (isalnum((unsigned char)s[i + 1]) || s[i + 1] == '_');
}

/* Appends s[from..to) escaped so that it reads back as it is: "\\#"
 * before a '#' that would start a tag (unless keep_tags: a description
 * whose tags are the event's own), "\\!" before a '!' that would make a
 * title's id (when title), and a backslash before a '#' or '!' after a
 * backslash, which would otherwise read as the escape (docs/format.md,
 * "Tags and links").  s is the whole text, for the character before
 * from. */
static void put_escaped(tl_buf *b, const char *s, size_t from, size_t to,
                        int keep_tags, int title)
{
	for (size_t i = from; i < to; i++) {
		int after_bs = i && s[i - 1] == '\\';
		if ((s[i] == '#' && (after_bs || (!keep_tags && tag_at(s, i)))) ||
		    (s[i] == '!' && (after_bs || (title && id_at(s, i)))))
			tl_buf_putc(b, '\\');
		tl_buf_putc(b, s[i]);
	}
}

/* Writes text, escaped as put_escaped() says, each of e's links from
 * w->link on found in it after the previous one wrapped as [text](url);
 * stops placing links at the first one not found. */
static void put_text(writer *w, const tl_event *e, const char *s,
                     int keep_tags, int title, tl_buf *b)
{
	size_t p = 0;
	while (w->link < e->nlinks) {
		const tl_link *l = &e->links[w->link];
		const char *at = l->text[0] ? strstr(s + p, l->text) : NULL;
		if (!at)
			break;
		put_escaped(b, s, p, (size_t)(at - s), keep_tags, title);
		tl_buf_printf(b, "[%s](%s)", l->text, l->url);
		p = (size_t)(at - s) + strlen(l->text);
		w->link++;
	}
	put_escaped(b, s, p, strlen(s), keep_tags, title);
}

/* The description, indented so no line reads as a heading, an event or a
 * property; blank lines between paragraphs. */
static void put_description(writer *w, const tl_event *e, int keep_tags)
{
	tl_buf text = {0};
	put_text(w, e, e->description, keep_tags, 0, &text);
	tl_buf_putc(&text, '\0');
	tl_buf_putc(&w->out, '\n');
	for (const char *p = text.data; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (n) {
			if (n >= 2 && p[0] == '/' && p[1] == '/')
				warn(w, e, "a description line starting with '//' "
				           "reads back as a comment");
			tl_buf_puts(&w->out, "  ");
			tl_buf_put(&w->out, p, n);
		}
		tl_buf_putc(&w->out, '\n');
		p += n + (nl ? 1 : 0);
	}
	free(text.data);
}

static void put_event(writer *w, const tl_event *e)
{
	tl_buf *b = &w->out;
	w->link = 0;
	put_line(b, e->date_text);
	tl_buf_puts(b, ": ");
	tl_buf title = {0};
	put_text(w, e, e->title, 0, 1, &title);
	tl_buf_putc(&title, '\0');
	put_line(b, title.data);
	free(title.data);
	tl_buf_putc(b, '\n');
	if (e->id)
		tl_buf_printf(b, "id: %s\n", e->id);
	uint32_t derived = description_tags(e);
	uint32_t own = e->ntags - derived;
	for (uint32_t i = 0; i < own; i++) {
		if (strpbrk(e->tags[i], ", \t"))
			warn(w, e, "tag '%s' reads back as several tags",
			     e->tags[i]);
		tl_buf_puts(b, i ? ", " : "tags: ");
		tl_buf_puts(b, e->tags[i]);
	}
	if (own)
		tl_buf_putc(b, '\n');
	for (uint32_t i = 0; i < e->nsources; i++) {
		tl_buf_puts(b, "source: ");
		put_line(b, e->sources[i]);
		tl_buf_putc(b, '\n');
	}
	for (uint32_t i = 0; i < e->nafter; i++)
		tl_buf_printf(b, "%s%s", i ? ", " : "after: ", e->after[i]);
	if (e->nafter)
		tl_buf_putc(b, '\n');
	for (uint32_t i = 0; i < e->nprops; i++) {
		tl_buf_printf(b, "%s: ", e->props[i].key);
		put_line(b, e->props[i].value);
		tl_buf_putc(b, '\n');
	}
	if (e->description)
		put_description(w, e, derived > 0);
	if (w->link < e->nlinks)
		warn(w, e, "link '%s' is not in the event's text; left out",
		     e->links[w->link].text);
	tl_buf_putc(b, '\n');
}

/* The front matter: every key as it was read; lanes as a list. */
static void put_meta(writer *w)
{
	const tl_timeline *tl = w->tl;
	if (!tl->nmeta)
		return;
	tl_buf *b = &w->out;
	tl_buf_puts(b, "---\n");
	for (size_t i = 0; i < tl->nmeta; i++) {
		const char *k = tl->meta[i].key, *v = tl->meta[i].value;
		if (strcmp(k, "lanes") == 0) {
			tl_buf_puts(b, "lanes:\n");
			for (const char *p = v; *p;) {
				const char *nl = strchr(p, '\n');
				size_t n = nl ? (size_t)(nl - p) : strlen(p);
				tl_buf_puts(b, "  - ");
				tl_buf_put(b, p, n);
				tl_buf_putc(b, '\n');
				p += n + (nl ? 1 : 0);
			}
			continue;
		}
		if (strchr(v, '\n'))
			warn(w, NULL, "front matter '%s' written on one line", k);
		tl_buf_printf(b, "%s: ", k);
		/* A value that starts with a quote would lose it. */
		int quote = v[0] == '"' || v[0] == '\'';
		if (quote)
			tl_buf_putc(b, v[0] == '"' ? '\'' : '"');
		put_line(b, v);
		if (quote)
			tl_buf_putc(b, v[0] == '"' ? '\'' : '"');
		tl_buf_putc(b, '\n');
	}
	tl_buf_puts(b, "---\n\n");
}

/* Writes the events of lane li, under its heading. */
static int put_lane(writer *w, size_t li, tl_write_fn write, void *ctx)
{
	const tl_timeline *tl = w->tl;
	int heading = 0;
	for (size_t i = 0; i < tl->nevents; i++) {
		const tl_event *e = &tl->events[i];
		if (e->lane != li)
			continue;
		if (!heading && tl->lanes[li][0]) {
			/* The reader takes tags out of a heading: escape
			 * every '#' that would be one. */
			const char *name = tl->lanes[li];
			tl_buf esc = {0};
			put_escaped(&esc, name, 0, strlen(name), 0, 0);
			tl_buf_putc(&esc, '\0');
			tl_buf_puts(&w->out, "# ");
			put_line(&w->out, esc.data);
			free(esc.data);
			tl_buf_puts(&w->out, "\n\n");
		}
		heading = 1;
		put_event(w, e);
		if (w->out.len > 65536 && tl_buf_flush(&w->out, write, ctx) < 0)
			return -1;
	}
	return 0;
}

tl_status tl_render_mw(const tl_timeline *tl, const tl_options *o,
                       tl_write_fn write, void *ctx, tl_diags *diags)
{
	(void)o;
	writer w = {tl, diags, {0}, 0};
	put_meta(&w);
	int rc = 0;
	/* The default lane only exists before the first heading. */
	for (size_t li = 0; li < tl->nlanes && rc == 0; li++)
		if (!tl->lanes[li][0])
			rc = put_lane(&w, li, write, ctx);
	for (size_t li = 0; li < tl->nlanes && rc == 0; li++)
		if (tl->lanes[li][0])
			rc = put_lane(&w, li, write, ctx);
	if (rc == 0)
		rc = tl_buf_flush(&w.out, write, ctx);
	free(w.out.data);
	return rc ? TL_WRITE_FAILED : TL_OK;
}
