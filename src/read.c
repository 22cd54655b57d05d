/*
 * read.c - the one entry point for every input format: tl_read() picks the
 * format (--input-format, the extension, the content) and runs its reader.
 * Also what the readers of other formats share: events dated by EDTF
 * text, text cleaned the way the native reader keeps it, the lanes in an
 * order the native writer can give back.
 */
#include "read_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
	const char *name;
	tl_format fmt;
} format_names[] = {
    {"auto", TL_FORMAT_AUTO},
    {"native", TL_FORMAT_NATIVE},
    {"timelinejs-csv", TL_FORMAT_TIMELINEJS_CSV},
    {"timelinejs-json", TL_FORMAT_TIMELINEJS_JSON},
    {"ics", TL_FORMAT_ICS},
    {"mw", TL_FORMAT_NATIVE},
    {"csv", TL_FORMAT_TIMELINEJS_CSV},
    {"json", TL_FORMAT_TIMELINEJS_JSON},
};

int tl_format_parse(const char *s, tl_format *out)
{
	for (size_t i = 0; i < sizeof(format_names) / sizeof(*format_names); i++)
		if (strcmp(s, format_names[i].name) == 0) {
			*out = format_names[i].fmt;
			return 0;
		}
	return -1;
}

const char *tl_format_name(tl_format fmt)
{
	for (size_t i = 0; i < sizeof(format_names) / sizeof(*format_names); i++)
		if (format_names[i].fmt == fmt)
			return format_names[i].name;
	return "?";
}

/* The format an extension names, or TL_FORMAT_AUTO. */
static tl_format by_extension(const char *name)
{
	static const struct {
		const char *ext;
		tl_format fmt;
	} exts[] = {
	    {"mw", TL_FORMAT_NATIVE},         {"md", TL_FORMAT_NATIVE},
	    {"txt", TL_FORMAT_NATIVE},        {"csv", TL_FORMAT_TIMELINEJS_CSV},
	    {"json", TL_FORMAT_TIMELINEJS_JSON}, {"ics", TL_FORMAT_ICS},
	    {"ical", TL_FORMAT_ICS},          {"ifb", TL_FORMAT_ICS},
	};
	const char *slash = name ? strrchr(name, '/') : NULL;
	const char *base = slash ? slash + 1 : name;
	const char *dot = base ? strrchr(base, '.') : NULL;
	if (!dot || dot == base)
		return TL_FORMAT_AUTO;
	for (size_t i = 0; i < sizeof(exts) / sizeof(*exts); i++)
		if (strcasecmp(dot + 1, exts[i].ext) == 0)
			return exts[i].fmt;
	return TL_FORMAT_AUTO;
}

/* Whether the first line of s names the Year and Headline columns. */
static int csv_header(const char *s, size_t n)
{
	const char *nl = memchr(s, '\n', n);
	size_t ln = nl ? (size_t)(nl - s) : n;
	int year = 0, headline = 0;
	for (size_t i = 0; i < ln;) {
		size_t j = i;
		while (j < ln && s[j] != ',')
			j++;
		const char *f = s + i;
		size_t fn = j - i;
		while (fn && (*f == ' ' || *f == '"')) {
			f++;
			fn--;
		}
		while (fn && (f[fn - 1] == ' ' || f[fn - 1] == '"' ||
		              f[fn - 1] == '\r'))
			fn--;
		if (fn == 4 && strncasecmp(f, "year", 4) == 0)
			year = 1;
		if (fn == 8 && strncasecmp(f, "headline", 8) == 0)
			headline = 1;
		i = j + 1;
	}
	return year && headline;
}

tl_format tl_format_detect(const char *name, const char *buf, size_t len)
{
	tl_format f = by_extension(name);
	if (f != TL_FORMAT_AUTO)
		return f;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	size_t i = 0;
	while (i < len && isspace((unsigned char)buf[i]))
		i++;
	if (len - i >= 7 && strncasecmp(buf + i, "BEGIN:V", 7) == 0)
		return TL_FORMAT_ICS;
	if (i < len && buf[i] == '{')
		return TL_FORMAT_TIMELINEJS_JSON;
	if (csv_header(buf + i, len - i))
		return TL_FORMAT_TIMELINEJS_CSV;
	return TL_FORMAT_NATIVE;
}

void tl_read_options_init(tl_read_options *ro)
{
	memset(ro, 0, sizeof(*ro));
	ro->format = TL_FORMAT_AUTO;
}

tl_timeline *tl_read(const char *name, const char *buf, size_t len,
                     tl_format fmt, tl_diags *diags)
{
	tl_read_options ro;
	tl_read_options_init(&ro);
	ro.format = fmt;
	return tl_read_with(name, buf, len, &ro, diags);
}

tl_timeline *tl_read_with(const char *name, const char *buf, size_t len,
                          const tl_read_options *ro, tl_diags *diags)
{
	tl_read_options dflt;
	if (!ro) {
		tl_read_options_init(&dflt);
		ro = &dflt;
	}
	tl_format fmt = ro->format;
	if (fmt == TL_FORMAT_AUTO)
		fmt = tl_format_detect(name, buf, len);
	if (fmt == TL_FORMAT_NATIVE)
		return tl_parse(name, buf, len, diags);
	tl_timeline *tl = tl_timeline_new(name);
	/* A byte order mark says nothing in any of them. */
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	if (fmt == TL_FORMAT_ICS)
		tl_read_ics(tl, buf, len, ro, diags);
	else if (fmt == TL_FORMAT_TIMELINEJS_CSV)
		tl_read_timelinejs_csv(tl, buf, len, diags);
	else
		tl_read_timelinejs_json(tl, buf, len, diags);
	return tl;
}

/* ---- lanes ---- */

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* The index of the reader's lane called name, added when new. */
static uint32_t lane_of(tl_timeline *tl, tl_read_lanes *l, const char *name)
{
	if (l->n * 2 >= l->mask) {
		size_t cap = l->mask ? (l->mask + 1) * 2 : 16;
		free(l->slot);
		l->slot = tl_xcalloc(cap, sizeof(*l->slot));
		l->mask = cap - 1;
		for (size_t i = 0; i < l->n; i++) {
			size_t h = hash_str(l->names[i]) & l->mask;
			while (l->slot[h])
				h = (h + 1) & l->mask;
			l->slot[h] = (uint32_t)i + 1;
		}
	}
	size_t h = hash_str(name) & l->mask;
	for (; l->slot[h]; h = (h + 1) & l->mask)
		if (strcmp(l->names[l->slot[h] - 1], name) == 0)
			return l->slot[h] - 1;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->names = tl_xrealloc(l->names, l->cap * sizeof(*l->names));
	}
	l->names[l->n] = tl_arena_strndup(&tl->arena, name, strlen(name));
	l->slot[h] = (uint32_t)l->n + 1;
	return (uint32_t)l->n++;
}

/* Stable counting sort of the events by lane rank, then the model's own
 * sort and checks. */
void tl_read_finish(tl_timeline *tl, tl_read_lanes *l, tl_diags *diags)
{
	uint32_t *rank = tl_xcalloc(l->n + 1, sizeof(*rank));
	size_t *count = tl_xcalloc(l->n + 2, sizeof(*count));
	/* The default lane first: events before any heading are the only
	 * ones a native file can give it. */
	long dflt = -1;
	for (size_t i = 0; i < l->n; i++)
		if (!l->names[i][0])
			dflt = (long)i;
	if (dflt >= 0)
		tl_timeline_lane_index(tl, "");
	for (size_t i = 0; i < l->n; i++)
		if ((long)i != dflt)
			tl_timeline_lane_index(tl, l->names[i]);
	for (size_t i = 0; i < l->n; i++)
		rank[i] = (uint32_t)tl_timeline_lane_index(tl, l->names[i]);
	for (size_t i = 0; i < tl->nevents; i++)
		count[rank[tl->events[i].lane] + 1]++;
	for (size_t i = 1; i <= l->n; i++)
		count[i] += count[i - 1];
	tl_event *sorted = tl_xmalloc((tl->nevents + 1) * sizeof(*sorted));
	for (size_t i = 0; i < tl->nevents; i++) {
		tl_event *e = &tl->events[i];
		uint32_t r = rank[e->lane];
		size_t at = count[r]++;
		sorted[at] = *e;
		sorted[at].lane = r;
		sorted[at].seq = (uint32_t)at;
	}
	if (tl->nevents)
		memcpy(tl->events, sorted, tl->nevents * sizeof(*sorted));
	free(sorted);
	free(count);
	free(rank);
	free(l->names);
	free(l->slot);
	memset(l, 0, sizeof(*l));
	tl_timeline_finish(tl, diags);
}

/* ---- events ---- */

tl_event *tl_read_event(tl_timeline *tl, tl_read_lanes *lanes, int line,
                        int col, int len, const char *lane, const char *edtf,
                        tl_diags *diags)
{
	uint32_t li = lane_of(tl, lanes, lane ? lane : "");
	tl_event *e = tl_timeline_add_event(tl);
	e->line = (uint32_t)line;
	e->col = (uint32_t)col;
	e->date_len = (uint32_t)(len > 0 ? len : 1);
	e->title_col = (uint32_t)col;
	e->lane = li;
	e->title = "";
	e->date_text = tl_arena_strndup(&tl->arena, edtf, strlen(edtf));
	tl_diag err;
	if (tl_date_parse(edtf, strlen(edtf), &e->date, &err) < 0) {
		tl_diags_add(diags, TL_SEV_ERROR, TL_INVALID, line, col,
		             e->date_len, "%s", err.message);
		memset(&e->date, 0, sizeof(e->date));
	}
	return e;
}

/* ---- text ---- */

static int blank(char c) { return c == ' ' || c == '\t'; }

void tl_read_clean(tl_buf *out, const char *s, size_t n, int one_line)
{
	size_t start = out->len;
	int pending_blank = 0;
	size_t i = 0;
	while (i < n) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - s) : n;
		const char *l = s + i;
		size_t ln = end - i;
		i = nl ? end + 1 : n;
		while (ln && (blank(*l) || *l == '\r' ||
		              (unsigned char)*l < 0x20 || *l == 0x7f)) {
			l++;
			ln--;
		}
		while (ln && (blank(l[ln - 1]) || (unsigned char)l[ln - 1] < 0x20 ||
		              l[ln - 1] == 0x7f))
			ln--;
		if (!ln) {
			pending_blank = out->len > start;
			continue;
		}
		if (out->len > start)
			tl_buf_puts(out, one_line ? " " : pending_blank ? "\n\n" : "\n");
		pending_blank = 0;
		for (size_t k = 0; k < ln; k++) {
			unsigned char c = (unsigned char)l[k];
			if (c == '\t')
				tl_buf_putc(out, ' ');
			else if (c >= 0x20 && c != 0x7f)
				tl_buf_putc(out, (char)c);
		}
	}
}

/* Appends a pointer to an arena array of *n. */
static const char **grow(tl_timeline *tl, const char **v, uint32_t n)
{
	const char **nv = tl_arena_alloc(&tl->arena, (n + 1) * sizeof(*nv));
	if (n)
		memcpy(nv, v, n * sizeof(*nv));
	return nv;
}

void tl_read_prop(tl_timeline *tl, tl_event *e, const char *key,
                  const char *value, size_t n)
{
	tl_buf b = {0};
	tl_read_clean(&b, value, n, 1);
	if (!b.len) {
		free(b.data);
		return;
	}
	tl_kv *kv = tl_arena_alloc(&tl->arena, (e->nprops + 1) * sizeof(*kv));
	if (e->nprops)
		memcpy(kv, e->props, e->nprops * sizeof(*kv));
	/* No line of its own: messages about it point at the event. */
	kv[e->nprops] = (tl_kv){key, tl_arena_strndup(&tl->arena, b.data, b.len),
	                        0, 0};
	e->props = kv;
	e->nprops++;
	free(b.data);
}

void tl_read_tag(tl_timeline *tl, tl_event *e, const char *tag, size_t n)
{
	tl_buf b = {0};
	tl_read_clean(&b, tag, n, 1);
	size_t k = 0;
	while (k < b.len && b.data[k] == '#')
		k++;
	for (size_t i = k; i < b.len; i++)
		if (b.data[i] == ' ' || b.data[i] == ',')
			b.data[i] = '-';
	if (k < b.len) {
		e->tags = grow(tl, e->tags, e->ntags);
		e->tags[e->ntags++] = tl_arena_strndup(&tl->arena, b.data + k,
		                                       b.len - k);
	}
	free(b.data);
}

void tl_read_link(tl_timeline *tl, tl_event *e, const char *text,
                  const char *url)
{
	tl_link *l = tl_arena_alloc(&tl->arena, (e->nlinks + 1) * sizeof(*l));
	if (e->nlinks)
		memcpy(l, e->links, e->nlinks * sizeof(*l));
	l[e->nlinks].text = tl_arena_strndup(&tl->arena, text, strlen(text));
	l[e->nlinks].url = tl_arena_strndup(&tl->arena, url, strlen(url));
	e->links = l;
	e->nlinks++;
}

/* A URL as a native [text](url) can hold it: spaces and parentheses
 * percent-encoded (the same address), trimmed. */
static char *link_url(const char *u)
{
	tl_buf b = {0};
	tl_read_clean(&b, u, strlen(u), 1);
	tl_buf out = {0};
	for (size_t i = 0; i < b.len; i++) {
		char c = b.data[i];
		if (c == ' ')
			tl_buf_puts(&out, "%20");
		else if (c == '(')
			tl_buf_puts(&out, "%28");
		else if (c == ')')
			tl_buf_puts(&out, "%29");
		else
			tl_buf_putc(&out, c);
	}
	tl_buf_putc(&out, '\0');
	free(b.data);
	return out.data;
}

/* Adds the links of an HTML conversion; a link whose text has a bracket
 * or a line break, or is empty, stays text only. */
static void html_links(tl_timeline *tl, tl_event *e, const tl_html_text *h)
{
	for (size_t i = 0; i < h->nlinks; i++) {
		tl_buf t = {0};
		tl_read_clean(&t, h->links[i].text, strlen(h->links[i].text), 1);
		tl_buf_putc(&t, '\0');
		char *u = link_url(h->links[i].url);
		if (t.data[0] && u[0] && !strpbrk(t.data, "[]"))
			tl_read_link(tl, e, t.data, u);
		free(t.data);
		free(u);
	}
}

void tl_read_title(tl_timeline *tl, tl_event *e, const char *text, size_t n,
                   int html)
{
	tl_buf b = {0};
	if (html && (memchr(text, '<', n) || memchr(text, '&', n))) {
		tl_html_text h;
		tl_html_to_text(text, n, &h);
		tl_read_clean(&b, h.text.data ? h.text.data : "", h.text.len, 1);
		html_links(tl, e, &h);
		tl_html_text_free(&h);
	} else {
		tl_read_clean(&b, text, n, 1);
	}
	e->title = tl_arena_strndup(&tl->arena, b.data ? b.data : "", b.len);
	free(b.data);
}

static int tag_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-' ||
	       (unsigned char)c >= 0x80;
}

/* What the native reader does to a description: [text](url) becomes text
 * and a link, a #tag at a word start is a tag and stays in the text. */
static void inline_rules(tl_timeline *tl, tl_event *e, const char *s,
                         size_t n, tl_buf *out)
{
	size_t i = 0;
	while (i < n) {
		char c = s[i];
		if (c == '#' && (i == 0 || blank(s[i - 1]) || s[i - 1] == '\n' ||
		                 s[i - 1] == '(') &&
		    i + 1 < n && isalpha((unsigned char)s[i + 1])) {
			size_t j = i + 1;
			while (j < n && tag_char(s[j]))
				j++;
			while (s[j - 1] == '-')
				j--;
			tl_read_tag(tl, e, s + i + 1, j - i - 1);
			tl_buf_put(out, s + i, j - i);
			i = j;
			continue;
		}
		if (c == '[') {
			const char *close = memchr(s + i, ']', n - i);
			if (close && close + 1 < s + n && close[1] == '(') {
				const char *end = memchr(close, ')', (size_t)(s + n - close));
				if (end) {
					const char *t = s + i + 1;
					size_t tn = (size_t)(close - t);
					const char *u = close + 2;
					size_t un = (size_t)(end - u);
					while (un && blank(*u)) {
						u++;
						un--;
					}
					while (un && blank(u[un - 1]))
						un--;
					char *ts = tl_xstrndup(t, tn);
					char *us = tl_xstrndup(u, un);
					tl_read_link(tl, e, ts, us);
					free(ts);
					free(us);
					tl_buf_put(out, t, tn);
					i = (size_t)(end - s) + 1;
					continue;
				}
			}
		}
		tl_buf_putc(out, c);
		i++;
	}
}

void tl_read_description(tl_timeline *tl, tl_event *e, const char *text,
                         size_t n, int html)
{
	tl_buf b = {0};
	if (html && (memchr(text, '<', n) || memchr(text, '&', n))) {
		tl_html_text h;
		tl_html_to_text(text, n, &h);
		tl_read_clean(&b, h.text.data ? h.text.data : "", h.text.len, 0);
		/* Link syntax already in the text is the native rule's; the
		 * HTML's own links come after it, as they are found. */
		tl_buf out = {0};
		inline_rules(tl, e, b.data ? b.data : "", b.len, &out);
		html_links(tl, e, &h);
		tl_html_text_free(&h);
		free(b.data);
		b = out;
	} else {
		tl_read_clean(&b, text, n, 0);
		tl_buf out = {0};
		inline_rules(tl, e, b.data ? b.data : "", b.len, &out);
		free(b.data);
		b = out;
	}
	/* Reducing link syntax may leave blanks at an end. */
	tl_buf clean = {0};
	tl_read_clean(&clean, b.data ? b.data : "", b.len, 0);
	if (clean.len)
		e->description = tl_arena_strndup(&tl->arena, clean.data, clean.len);
	free(clean.data);
	free(b.data);
}
