/*
 * parse.c - reads the native event file (docs/format.md) into the model:
 * optional front matter, headings as lanes, "DATE: Title" event lines with
 * their properties and descriptions, #tags and [text](url) links.  Every
 * problem becomes a diagnostic with line and column; parsing goes on after
 * an error so one run reports them all.
 */
#include "private.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LINE (1024 * 1024) /* longer lines are an error, not a crash */

typedef struct parser {
	tl_timeline *tl;
	tl_diags *diags;
	int line;        /* current line, 1-based */
	tl_event *ev;    /* the open event, NULL before the first */
	size_t ev_index;
	int in_props;    /* the lines right after an event line */
	const char *lane; /* the current heading, "" before any */
	tl_buf desc;     /* the open event's description */
	size_t desc_blank; /* blank lines pending inside the description */
} parser;

static void report(parser *p, tl_severity sev, int col, int len,
                   const char *fmt, va_list ap)
{
	char msg[TL_DIAG_MSG_MAX];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	tl_diags_add(p->diags, sev, TL_EXIT_INVALID, p->line, col, len, "%s",
	             msg);
}

/* An error or a warning at column col of the current line. */
static void error_at(parser *p, int col, int len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void warn_at(parser *p, int col, int len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void error_at(parser *p, int col, int len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(p, TL_SEV_ERROR, col, len, fmt, ap);
	va_end(ap);
}

static void warn_at(parser *p, int col, int len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(p, TL_SEV_WARNING, col, len, fmt, ap);
	va_end(ap);
}

static int is_space(char c) { return c == ' ' || c == '\t'; }

/* Trims spaces and tabs at both ends of [*s, *s + *n). */
static void trim(const char **s, size_t *n)
{
	while (*n && is_space(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && is_space((*s)[*n - 1]))
		(*n)--;
}

static char *dup(parser *p, const char *s, size_t n)
{
	return tl_arena_strndup(&p->tl->arena, s, n);
}

/* A growable array of string pointers copied into the arena when done. */
typedef struct strv {
	const char **v;
	size_t n, cap;
} strv;

static void strv_push(strv *a, const char *s)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 4;
		a->v = tl_xrealloc(a->v, a->cap * sizeof(*a->v));
	}
	a->v[a->n++] = s;
}

/* Appends the items of a to the arena array *dst of *n items. */
static void strv_append(parser *p, const char ***dst, uint32_t *n,
                        const strv *a)
{
	if (!a->n)
		return;
	const char **v = tl_arena_alloc(&p->tl->arena,
	                                (*n + a->n) * sizeof(*v));
	if (*n)
		memcpy(v, *dst, *n * sizeof(*v));
	memcpy(v + *n, a->v, a->n * sizeof(*v));
	*dst = v;
	*n += (uint32_t)a->n;
}

/* ---- inline text: #tags and [text](url) ---- */

static int tag_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-' ||
	       (unsigned char)c >= 0x80;
}

/* Rewrites text: [text](url) becomes text and is recorded as a link; a
 * #tag (a '#' at a word start, then a letter) is recorded and, when
 * strip_tags is set, removed with its leading space.  Returns the new text
 * in the arena. */
static const char *scan_inline(parser *p, const char *s, size_t n,
                               int strip_tags, strv *tags, strv *links)
{
	trim(&s, &n);
	if (!memchr(s, '#', n) && !memchr(s, '[', n))
		return dup(p, s, n); /* nothing to rewrite: the common case */
	tl_buf out = {0};
	size_t i = 0;
	while (i < n) {
		char c = s[i];
		if (c != '#' && c != '[') {
			/* Copy the run up to the next character that may start
			 * a tag or a link in one go. */
			size_t j = i + 1;
			while (j < n && s[j] != '#' && s[j] != '[')
				j++;
			tl_buf_put(&out, s + i, j - i);
			i = j;
			continue;
		}
		if (c == '#' && (i == 0 || is_space(s[i - 1]) || s[i - 1] == '(') &&
		    i + 1 < n && isalpha((unsigned char)s[i + 1])) {
			size_t j = i + 1;
			while (j < n && tag_char(s[j]))
				j++;
			/* A trailing '-' belongs to the sentence, not the tag. */
			while (s[j - 1] == '-')
				j--;
			strv_push(tags, dup(p, s + i + 1, j - i - 1));
			if (strip_tags) {
				while (out.len && is_space(out.data[out.len - 1]))
					out.len--;
				i = j;
				continue;
			}
			tl_buf_put(&out, s + i, j - i);
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
					trim(&u, &un);
					strv_push(links, dup(p, t, tn));
					strv_push(links, dup(p, u, un));
					tl_buf_put(&out, t, tn);
					i = (size_t)(end - s) + 1;
					continue;
				}
			}
		}
		tl_buf_putc(&out, c);
		i++;
	}
	const char *r = out.data ? dup(p, out.data, out.len) : dup(p, "", 0);
	const char *t = r;
	size_t tn = strlen(r);
	trim(&t, &tn);
	if (t != r || tn != strlen(r))
		r = dup(p, t, tn);
	free(out.data);
	return r;
}

static void set_links(parser *p, tl_event *e, const strv *links)
{
	size_t n = links->n / 2;
	if (!n)
		return;
	tl_link *l = tl_arena_alloc(&p->tl->arena, (e->nlinks + n) * sizeof(*l));
	if (e->nlinks)
		memcpy(l, e->links, e->nlinks * sizeof(*l));
	for (size_t i = 0; i < n; i++) {
		l[e->nlinks + i].text = links->v[2 * i];
		l[e->nlinks + i].url = links->v[2 * i + 1];
	}
	e->links = l;
	e->nlinks += (uint32_t)n;
}

/* ---- events ---- */

/* Closes the open event: its description is scanned for tags and links. */
static void end_event(parser *p)
{
	tl_event *e = p->ev;
	if (!e)
		return;
	if (p->desc.len) {
		strv tags = {0}, links = {0};
		e->description = scan_inline(p, p->desc.data, p->desc.len, 0,
		                             &tags, &links);
		strv_append(p, &e->tags, &e->ntags, &tags);
		set_links(p, e, &links);
		free(tags.v);
		free(links.v);
	}
	p->desc.len = 0;
	p->desc_blank = 0;
	p->ev = NULL;
	p->in_props = 0;
}

/* Whether s starts with a word of three or more letters that begins an
 * English month or season name ("Jun", "june", "Sept", "Winter"). */
static int month_word(const char *s, size_t n)
{
	static const char *const names[] = {
	    "january", "february", "march", "april", "may", "june", "july",
	    "august", "september", "october", "november", "december",
	    "spring", "summer", "autumn", "fall", "winter"};
	size_t w = 0;
	while (w < n && isalpha((unsigned char)s[w]))
		w++;
	if (w < 3)
		return 0;
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (w <= strlen(names[i]) && strncasecmp(s, names[i], w) == 0)
			return 1;
	return 0;
}

/* Whether a line's text before ": " is meant as a date: it starts the way
 * only dates start (a digit followed by '-', '/' or more digits, a sign, an
 * open end "..", a 'Y' year, or a month name).  Lines that merely begin
 * with a number, like "10,000 workers: ...", are description text. */
static int looks_like_date(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	if (n >= 2 && s[0] == '.' && s[1] == '.')
		return 1;
	if (s[0] == '/' && n > 1 && isdigit((unsigned char)s[1]))
		return 1;
	if ((s[0] == '-' || s[0] == 'Y') && n > 1 &&
	    (isdigit((unsigned char)s[1]) || s[1] == '-'))
		return 1;
	if (isdigit((unsigned char)s[0])) {
		size_t d = 0;
		while (d < n && (isdigit((unsigned char)s[d]) || s[d] == 'X'))
			d++;
		if (d == n)
			return d >= 3;
		if (s[d] == '-' || s[d] == '/' || s[d] == '?' || s[d] == '~' ||
		    s[d] == '%' || s[d] == 'T')
			return 1;
		/* "2 August 2018" */
		if (s[d] == ' ' && d <= 2)
			return month_word(s + d + 1, n - d - 1);
		return 0;
	}
	return month_word(s, n);
}

/* Finds the ": " (or a final ':') separating date and title; returns its
 * offset or -1.  Colons inside a time (T14:30) are followed by digits, so
 * the first colon followed by a space or the line end is the separator. */
static long find_sep(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == ':' && (i + 1 == n || is_space(s[i + 1])))
			return (long)i;
	return -1;
}

static int try_event(parser *p, const char *s, size_t n)
{
	long sep = find_sep(s, n);
	if (sep <= 0 || sep > 64 || !looks_like_date(s, (size_t)sep))
		return 0;
	const char *d = s;
	size_t dn = (size_t)sep;
	trim(&d, &dn);

	end_event(p);
	tl_event *e = tl_timeline_add_event(p->tl);
	p->ev = e;
	p->ev_index = p->tl->nevents - 1;
	p->in_props = 1;
	e->line = (uint32_t)p->line;
	e->col = (uint32_t)(d - s) + 1;
	e->date_len = (uint32_t)dn;
	e->date_text = dup(p, d, dn);
	e->lane = (uint32_t)tl_timeline_lane_index(p->tl, p->lane);

	tl_diag err;
	if (tl_date_parse(d, dn, &e->date, &err) < 0) {
		error_at(p, (int)e->col + err.col - 1, err.len, "%s",
		         err.message);
		memset(&e->date, 0, sizeof(e->date));
	}

	const char *t = s + sep + 1;
	size_t tn = n - (size_t)sep - 1;
	trim(&t, &tn);
	e->title_col = (uint32_t)(t - s) + 1;
	strv tags = {0}, links = {0};
	e->title = scan_inline(p, t, tn, 1, &tags, &links);
	strv_append(p, &e->tags, &e->ntags, &tags);
	set_links(p, e, &links);
	free(tags.v);
	free(links.v);
	return 1;
}

/* ---- properties ---- */

static int valid_id(const char *s, size_t n)
{
	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' &&
		    s[i] != '_' && s[i] != '.')
			return 0;
	return 1;
}

/* Splits a list value at commas (and spaces, for tags and ids) into
 * arena strings. */
static void split_list(parser *p, const char *s, size_t n, int hash, strv *out)
{
	size_t i = 0;
	while (i < n) {
		while (i < n && (s[i] == ',' || is_space(s[i])))
			i++;
		size_t j = i;
		while (j < n && s[j] != ',' && !is_space(s[j]))
			j++;
		const char *w = s + i;
		size_t wn = j - i;
		if (hash && wn && *w == '#') {
			w++;
			wn--;
		}
		if (wn)
			strv_push(out, dup(p, w, wn));
		i = j;
	}
}

static void add_prop(parser *p, tl_event *e, const char *key, const char *v)
{
	tl_kv *kv = tl_arena_alloc(&p->tl->arena, (e->nprops + 1) * sizeof(*kv));
	if (e->nprops)
		memcpy(kv, e->props, e->nprops * sizeof(*kv));
	kv[e->nprops].key = key;
	kv[e->nprops].value = v;
	e->props = kv;
	e->nprops++;
}

static int valid_color(const char *s, size_t n)
{
	if (n && s[0] == '#') {
		if (n != 4 && n != 7)
			return 0;
		for (size_t i = 1; i < n; i++)
			if (!isxdigit((unsigned char)s[i]))
				return 0;
		return 1;
	}
	for (size_t i = 0; i < n; i++)
		if (!isalpha((unsigned char)s[i]))
			return 0;
	return n > 0;
}

/* key: value lines right after an event line.  Returns 0 when the line is
 * not of that shape, so it starts the description. */
static int try_property(parser *p, const char *s, size_t n)
{
	size_t k = 0;
	if (!n || !islower((unsigned char)s[0]))
		return 0;
	while (k < n && (islower((unsigned char)s[k]) ||
	                 isdigit((unsigned char)s[k]) || s[k] == '-'))
		k++;
	if (k == n || s[k] != ':' || (k + 1 < n && !is_space(s[k + 1])))
		return 0;
	const char *v = s + k + 1;
	size_t vn = n - k - 1;
	trim(&v, &vn);
	int vcol = (int)(v - s) + 1;
	tl_event *e = p->ev;
	char key[32];
	if (k >= sizeof(key))
		return 0;
	memcpy(key, s, k);
	key[k] = '\0';

	if (!vn) {
		error_at(p, 1, (int)k, "property '%s' has no value", key);
		return 1;
	}
	if (strcmp(key, "id") == 0) {
		if (e->id)
			error_at(p, 1, (int)k, "event already has an id ('%s')",
			         e->id);
		else if (!valid_id(v, vn))
			error_at(p, vcol, (int)vn,
			         "invalid id '%.*s': use letters, digits, '-', "
			         "'_' and '.'",
			         (int)vn, v);
		else {
			e->id = dup(p, v, vn);
			e->id_line = (uint32_t)p->line;
			e->id_col = (uint32_t)vcol;
		}
	} else if (strcmp(key, "tags") == 0) {
		strv tags = {0};
		split_list(p, v, vn, 1, &tags);
		strv_append(p, &e->tags, &e->ntags, &tags);
		free(tags.v);
	} else if (strcmp(key, "after") == 0) {
		strv ids = {0};
		split_list(p, v, vn, 0, &ids);
		strv_append(p, &e->after, &e->nafter, &ids);
		free(ids.v);
		e->after_line = (uint32_t)p->line;
		e->after_col = (uint32_t)vcol;
	} else if (strcmp(key, "source") == 0) {
		strv one = {0};
		strv_push(&one, dup(p, v, vn));
		strv_append(p, &e->sources, &e->nsources, &one);
		free(one.v);
	} else if (strcmp(key, "url") == 0) {
		char *u = dup(p, v, vn);
		if (!tl_url_is_safe(u))
			warn_at(p, vcol, (int)vn,
			        "url '%.*s' dropped: only http, https and mailto "
			        "links are emitted",
			        (int)vn, v);
		else if (tl_event_prop(e, "url"))
			error_at(p, 1, (int)k, "event already has a url");
		else
			add_prop(p, e, "url", u);
	} else if (strcmp(key, "color") == 0) {
		if (!valid_color(v, vn))
			error_at(p, vcol, (int)vn,
			         "invalid color '%.*s': use #rgb, #rrggbb or a "
			         "colour name",
			         (int)vn, v);
		else
			add_prop(p, e, "color", dup(p, v, vn));
	} else if (strcmp(key, "location") == 0 || strcmp(key, "status") == 0) {
		if (tl_event_prop(e, key))
			error_at(p, 1, (int)k, "event already has a %s", key);
		else
			add_prop(p, e, dup(p, key, k), dup(p, v, vn));
	} else {
		warn_at(p, 1, (int)k,
		        "unknown property '%s' (kept; known: id, tags, source, "
		        "url, location, after, status, color)",
		        key);
		add_prop(p, e, dup(p, key, k), dup(p, v, vn));
	}
	return 1;
}

/* Checks a line for bytes that have no place in a text file. */
static int line_is_text(parser *p, const char *s, size_t n)
{
	const char *nul = memchr(s, '\0', n);
	if (nul) {
		error_at(p, (int)(nul - s) + 1, 1, "NUL byte in line");
		return 0;
	}
	size_t bad = tl_utf8_check(s, n);
	if (bad < n) {
		error_at(p, (int)bad + 1, 1, "invalid UTF-8 byte 0x%02X",
		         (unsigned char)s[bad]);
		return 0;
	}
	if (n > MAX_LINE) {
		error_at(p, MAX_LINE + 1, 1,
		         "line is longer than %d bytes", MAX_LINE);
		return 0;
	}
	return 1;
}

/* ---- front matter ---- */

/* Adds the comma-separated names of a "lanes: A, B" or "lanes: [A, B]"
 * value, one per line, to lanes. */
static void lanes_value(tl_buf *lanes, const char *v, size_t vn)
{
	if (vn >= 2 && v[0] == '[' && v[vn - 1] == ']') {
		v++;
		vn -= 2;
	}
	for (size_t i = 0; i < vn;) {
		size_t j = i;
		while (j < vn && v[j] != ',')
			j++;
		const char *w = v + i;
		size_t wn = j - i;
		trim(&w, &wn);
		if (wn) {
			if (lanes->len)
				tl_buf_putc(lanes, '\n');
			tl_buf_put(lanes, w, wn);
		}
		i = j + 1;
	}
}

/* One line inside the front matter: "key: value", a YAML comment, or a
 * "- item" continuing a lanes: list.  *in_lanes says whether the last key
 * was lanes. */
static void front_line(parser *p, const char *l, size_t ln, tl_buf *lanes,
                       int *in_lanes)
{
	const char *t = l;
	size_t tn = ln;
	trim(&t, &tn);
	if (tn == 0 || t[0] == '#')
		return;
	if (*in_lanes && t[0] == '-') {
		t++;
		tn--;
		trim(&t, &tn);
		lanes_value(lanes, t, tn);
		return;
	}
	*in_lanes = 0;
	const char *colon = memchr(t, ':', tn);
	size_t kn = colon ? (size_t)(colon - t) : 0;
	if (!colon || kn == 0 || kn >= 64) {
		error_at(p, (int)(t - l) + 1, (int)tn,
		         "expected 'key: value' in front matter");
		return;
	}
	const char *v = colon + 1;
	size_t vn = tn - kn - 1;
	trim(&v, &vn);
	if (vn >= 2 && ((v[0] == '"' && v[vn - 1] == '"') ||
	                (v[0] == '\'' && v[vn - 1] == '\''))) {
		v++;
		vn -= 2;
	}
	char key[64];
	snprintf(key, sizeof(key), "%.*s", (int)kn, t);
	for (char *c = key; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	if (strcmp(key, "lanes") == 0) {
		p->tl->lanes_line = (uint32_t)p->line;
		*in_lanes = 1;
		lanes_value(lanes, v, vn);
		return;
	}
	char *val = tl_xstrndup(v, vn);
	tl_timeline_set_meta(p->tl, key, val);
	free(val);
}

/* Reads "---" ... "---" at the start of buf.  Returns the offset after it,
 * or 0 when the file has none; p->line is left on the next line. */
static size_t front_matter(parser *p, const char *s, size_t n)
{
	if (!(n >= 3 && memcmp(s, "---", 3) == 0 &&
	      (n == 3 || s[3] == '\n' || (s[3] == '\r' && n > 4 && s[4] == '\n'))))
		return 0;
	tl_buf lanes = {0};
	int in_lanes = 0;
	const char *nl = memchr(s, '\n', n);
	size_t pos = nl ? (size_t)(nl - s) + 1 : n;
	p->line = 2;
	for (;;) {
		if (pos >= n) {
			p->line = 1;
			error_at(p, 1, 3, "front matter opened here is never "
			                  "closed with '---'");
			break;
		}
		nl = memchr(s + pos, '\n', n - pos);
		size_t end = nl ? (size_t)(nl - s) : n;
		const char *l = s + pos;
		size_t ln = end - pos;
		if (ln && l[ln - 1] == '\r')
			ln--;
		pos = nl ? end + 1 : n;
		if (ln == 3 && memcmp(l, "---", 3) == 0) {
			p->line++;
			break;
		}
		if (line_is_text(p, l, ln))
			front_line(p, l, ln, &lanes, &in_lanes);
		p->line++;
	}
	if (lanes.len)
		tl_timeline_set_meta(p->tl, "lanes", lanes.data);
	free(lanes.data);
	return pos;
}

/* ---- lines ---- */

static void description_line(parser *p, const char *s, size_t n)
{
	if (p->desc.len) {
		tl_buf_puts(&p->desc, p->desc_blank ? "\n\n" : "\n");
	}
	p->desc_blank = 0;
	tl_buf_put(&p->desc, s, n);
}

static void body_line(parser *p, const char *s, size_t n)
{
	const char *t = s;
	size_t tn = n;
	trim(&t, &tn);
	if (tn == 0) {
		p->in_props = 0;
		if (p->desc.len)
			p->desc_blank = 1;
		return;
	}
	if (tn >= 2 && t[0] == '/' && t[1] == '/')
		return;
	if (t == s && s[0] == '#') {
		size_t h = 0;
		while (h < n && s[h] == '#')
			h++;
		if (h <= 6 && (h == n || is_space(s[h]))) {
			end_event(p);
			const char *name = s + h;
			size_t nn = n - h;
			trim(&name, &nn);
			if (!nn)
				error_at(p, 1, (int)h, "heading has no name");
			p->lane = dup(p, name, nn);
			return;
		}
	}
	if (t == s && try_event(p, s, n))
		return;
	if (!p->ev) {
		error_at(p, (int)(t - s) + 1, (int)tn,
		         "expected an event ('DATE: Title'), a heading or a comment");
		return;
	}
	if (p->in_props && t == s && try_property(p, s, n))
		return;
	p->in_props = 0;
	description_line(p, t, tn);
}

tl_timeline *tl_parse(const char *name, const char *buf, size_t len,
                      tl_diags *diags)
{
	parser p = {0};
	p.tl = tl_timeline_new(name);
	p.diags = diags;
	p.line = 1;
	p.lane = "";

	/* A UTF-8 byte order mark says nothing; skip it.  Columns count from
	 * after it. */
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	size_t pos = front_matter(&p, buf, len);
	while (pos < len) {
		const char *s = buf + pos;
		const char *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos;
		pos += n + (nl ? 1 : 0);
		if (n && s[n - 1] == '\r')
			n--;
		if (line_is_text(&p, s, n))
			body_line(&p, s, n);
		p.line++;
	}
	end_event(&p);
	free(p.desc.data);
	tl_timeline_finish(p.tl, diags);
	return p.tl;
}
