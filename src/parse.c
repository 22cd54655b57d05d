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

/* A growable array of string pointers copied into the arena when done. */
typedef struct strv {
	const char **v;
	size_t n, cap;
} strv;

/* The same for key-value pairs. */
typedef struct kvv {
	tl_kv *v;
	size_t n, cap;
} kvv;

enum { HAS_URL = 1, HAS_LOCATION = 2, HAS_STATUS = 4 };

typedef struct parser {
	tl_timeline *tl;
	tl_diags *diags;
	int line;        /* current line, 1-based */
	tl_event *ev;    /* the open event, NULL before the first */
	int in_props;    /* the lines right after an event line */
	const char *lane; /* the current heading, "" before any */
	long lane_idx;   /* its index once an event used it, else -1 */
	tl_buf desc;     /* the open event's description */
	size_t desc_blank; /* blank lines pending inside the description */
	/* The open event's lists, gathered here and copied into the arena
	 * once when it ends, so an event with many lines costs linear time. */
	strv tags, sources, after, links;
	kvv props;
	unsigned has;    /* HAS_* flags of the open event */
	/* A line holding characters that text drops is parsed from clean;
	 * colmap[i] is the offset in the line as written of clean's byte i
	 * (and colmap[clean.len] its length), so columns stay true. */
	tl_buf clean;
	size_t *colmap, colmap_cap;
	const char *raw; /* the current line as written */
	int mapped;      /* the current line is clean */
	int warned_drop; /* the current line's dropped characters were told */
} parser;

/* The column in the line as written of column col of the parsed line. */
static int raw_col(const parser *p, int col)
{
	if (!p->mapped || col < 1)
		return col;
	size_t c = (size_t)col - 1, n = p->clean.len;
	if (c <= n)
		return (int)p->colmap[c] + 1;
	return (int)(p->colmap[n] + (c - n)) + 1;
}

/* Adds a diagnostic at column col of the line as written. */
static void emit(parser *p, tl_severity sev, int col, int len,
                 const char *fmt, va_list ap)
{
	char msg[TL_DIAG_MSG_MAX];
	vsnprintf(msg, sizeof(msg), fmt, ap);
	tl_diags_add(p->diags, sev, TL_EXIT_INVALID, p->line, col, len, "%s",
	             msg);
}

static void report(parser *p, tl_severity sev, int col, int len,
                   const char *fmt, va_list ap)
{
	int rc = raw_col(p, col);
	if (p->mapped && len > 0)
		len = raw_col(p, col + len) - rc;
	emit(p, sev, rc, len, fmt, ap);
}

/* An error or a warning at column col of the current line (as parsed). */
static void error_at(parser *p, int col, int len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void warn_at(parser *p, int col, int len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void warn_raw(parser *p, int col, int len, const char *fmt, ...)
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

/* A warning at column col of the line as written. */
static void warn_raw(parser *p, int col, int len, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	emit(p, TL_SEV_WARNING, col, len, fmt, ap);
	va_end(ap);
}

/* Tells, once a line, that characters were dropped from it: the first one
 * (at column col of the line as written, len bytes), by its code point,
 * never raw, and how many more. */
static void warn_dropped(parser *p, int col, int len, uint32_t cp,
                         size_t more)
{
	if (p->warned_drop)
		return;
	p->warned_drop = 1;
	const char *what = cp >= 0xFFFE ? "noncharacter" : "control character";
	if (more)
		warn_raw(p, col, len, "%s U+%04X dropped (and %zu more on this "
		         "line)", what, (unsigned)cp, more);
	else
		warn_raw(p, col, len, "%s U+%04X dropped", what, (unsigned)cp);
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

static void strv_push(strv *a, const char *s)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 4;
		a->v = tl_xrealloc(a->v, a->cap * sizeof(*a->v));
	}
	a->v[a->n++] = s;
}

/* Copies the items of a into the arena and empties a, keeping its memory
 * for the next event.  Returns NULL when a is empty. */
static const char **strv_take(parser *p, strv *a, uint32_t *n)
{
	*n = (uint32_t)a->n;
	if (!a->n)
		return NULL;
	const char **v = tl_arena_alloc(&p->tl->arena, a->n * sizeof(*v));
	memcpy(v, a->v, a->n * sizeof(*v));
	a->n = 0;
	return v;
}

/* ---- inline text: #tags and [text](url) ---- */

static int tag_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-' ||
	       (unsigned char)c >= 0x80;
}

/* The link [text](url) that starts at s[i] == '[', or 0.  *close and
 * *paren cache the next ']' at or after i and the next ')' after that (n
 * when there is none; NOT_YET before the first search): they only move
 * forward, so a text full of '[' is still scanned in linear time. */
#define NOT_YET ((size_t)-1)
static int find_link(const char *s, size_t n, size_t i, size_t *close,
                     size_t *paren)
{
	if (*close == NOT_YET || *close < i) {
		const char *c = memchr(s + i, ']', n - i);
		*close = c ? (size_t)(c - s) : n;
	}
	if (*close + 1 >= n || s[*close + 1] != '(')
		return 0;
	if (*paren == NOT_YET || *paren < *close) {
		const char *c = memchr(s + *close, ')', n - *close);
		*paren = c ? (size_t)(c - s) : n;
	}
	return *paren < n;
}

/* Rewrites text: [text](url) becomes text and is recorded as a link; a
 * #tag (a '#' at a word start, then a letter) is recorded and, when
 * strip_tags is set, removed with its leading space.  Returns the new text
 * in the arena. */
static const char *scan_inline(parser *p, const char *s, size_t n,
                               int strip_tags)
{
	trim(&s, &n);
	if (!memchr(s, '#', n) && !memchr(s, '[', n))
		return dup(p, s, n); /* nothing to rewrite: the common case */
	tl_buf out = {0};
	size_t i = 0, close = NOT_YET, paren = NOT_YET;
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
			strv_push(&p->tags, dup(p, s + i + 1, j - i - 1));
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
		if (c == '[' && find_link(s, n, i, &close, &paren)) {
			const char *t = s + i + 1;
			size_t tn = close - i - 1;
			const char *u = s + close + 2;
			size_t un = paren - close - 2;
			trim(&u, &un);
			strv_push(&p->links, dup(p, t, tn));
			strv_push(&p->links, dup(p, u, un));
			tl_buf_put(&out, t, tn);
			i = paren + 1;
			continue;
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

/* The links gathered as text, url pairs, copied into the arena. */
static tl_link *take_links(parser *p, uint32_t *n)
{
	size_t k = p->links.n / 2;
	*n = (uint32_t)k;
	p->links.n = 0;
	if (!k)
		return NULL;
	tl_link *l = tl_arena_alloc(&p->tl->arena, k * sizeof(*l));
	for (size_t i = 0; i < k; i++) {
		l[i].text = p->links.v[2 * i];
		l[i].url = p->links.v[2 * i + 1];
	}
	return l;
}

static tl_kv *take_props(parser *p, uint32_t *n)
{
	*n = (uint32_t)p->props.n;
	if (!p->props.n)
		return NULL;
	tl_kv *kv = tl_arena_alloc(&p->tl->arena, p->props.n * sizeof(*kv));
	memcpy(kv, p->props.v, p->props.n * sizeof(*kv));
	p->props.n = 0;
	return kv;
}

static void add_prop(parser *p, const char *key, const char *v)
{
	kvv *a = &p->props;
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 4;
		a->v = tl_xrealloc(a->v, a->cap * sizeof(*a->v));
	}
	a->v[a->n].key = key;
	a->v[a->n++].value = v;
}

/* ---- events ---- */

/* Closes the open event: its description is scanned for tags and links,
 * and what its lines gathered is copied into the arena. */
static void end_event(parser *p)
{
	tl_event *e = p->ev;
	if (!e)
		return;
	if (p->desc.len)
		e->description = scan_inline(p, p->desc.data, p->desc.len, 0);
	e->tags = strv_take(p, &p->tags, &e->ntags);
	e->sources = strv_take(p, &p->sources, &e->nsources);
	e->after = strv_take(p, &p->after, &e->nafter);
	e->links = take_links(p, &e->nlinks);
	e->props = take_props(p, &e->nprops);
	p->has = 0;
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

/* Whether the title part of the line, s[from..n) as parsed, had text
 * as written that dropping characters removed. */
static int title_was_dropped(const parser *p, size_t from, size_t n)
{
	if (!p->mapped)
		return 0;
	return p->colmap[n] - p->colmap[from] > n - from;
}

/* A title left empty by dropped characters takes the date's label (the
 * date as written when it did not parse), so no event goes without one;
 * a title with nothing written stays an error (model.c). */
static void title_fallback(parser *p, tl_event *e, int date_ok, size_t from)
{
	/* Point at what was written: the first dropped character. */
	size_t r = p->colmap[from];
	while (is_space(p->raw[r]))
		r++;
	e->title_col = (uint32_t)r + 1;
	char label[128];
	if (date_ok)
		tl_date_label(&e->date, label, sizeof(label));
	else
		snprintf(label, sizeof(label), "%s", e->date_text);
	e->title = dup(p, label, strlen(label));
	warn_raw(p, (int)e->title_col, 1,
	         "title is empty once control characters are dropped; "
	         "using the date label '%s'", label);
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
	p->in_props = 1;
	int dcol = (int)(d - s) + 1;
	e->line = (uint32_t)p->line;
	e->col = (uint32_t)raw_col(p, dcol);
	e->date_len = (uint32_t)(raw_col(p, dcol + (int)dn) - (int)e->col);
	e->date_text = dup(p, d, dn);
	if (p->lane_idx < 0)
		p->lane_idx = (long)tl_timeline_lane_index(p->tl, p->lane);
	e->lane = (uint32_t)p->lane_idx;

	tl_diag err;
	int date_ok = tl_date_parse(d, dn, &e->date, &err) >= 0;
	if (!date_ok) {
		error_at(p, dcol + err.col - 1, err.len, "%s", err.message);
		memset(&e->date, 0, sizeof(e->date));
	}

	const char *t = s + sep + 1;
	size_t tn = n - (size_t)sep - 1;
	trim(&t, &tn);
	e->title_col = (uint32_t)raw_col(p, (int)(t - s) + 1);
	e->title = scan_inline(p, t, tn, 1);
	if (!tn && title_was_dropped(p, (size_t)sep + 1, n))
		title_fallback(p, e, date_ok, (size_t)sep + 1);
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

/* Copies the line s[0..n) without the characters text drops into
 * p->clean, the first of them at offset drop, and points *s and *n at the
 * copy. */
static void clean_line(parser *p, const char **s, size_t *n, size_t drop)
{
	const unsigned char *u = (const unsigned char *)*s;
	if (p->colmap_cap < *n + 1) {
		p->colmap_cap = *n + 1;
		p->colmap = tl_xrealloc(p->colmap,
		                        p->colmap_cap * sizeof(*p->colmap));
	}
	p->clean.len = 0;
	tl_buf_put(&p->clean, (const char *)u, drop);
	for (size_t i = 0; i < drop; i++)
		p->colmap[i] = i;
	size_t more = 0, first_len = 0;
	uint32_t first = 0;
	for (size_t i = drop; i < *n;) {
		size_t l = u[i] < 0x80 ? 1 : tl_utf8_seq_len(u + i, *n - i);
		uint32_t cp = tl_utf8_decode(u + i, l);
		if (tl_text_drops(cp)) {
			if (first_len)
				more++;
			else {
				first = cp;
				first_len = l;
			}
		} else {
			for (size_t k = 0; k < l; k++)
				p->colmap[p->clean.len + k] = i + k;
			tl_buf_put(&p->clean, (const char *)u + i, l);
		}
		i += l;
	}
	p->colmap[p->clean.len] = *n;
	p->mapped = 1;
	warn_dropped(p, (int)drop + 1, (int)first_len, first, more);
	*s = p->clean.data;
	*n = p->clean.len;
}

/* The value of a property that the event may have once: url, location or
 * status. */
static void once_prop(parser *p, const char *key, size_t k, unsigned flag,
                      const char *v, size_t vn)
{
	if (p->has & flag) {
		error_at(p, 1, (int)k, "event already has a %s", key);
		return;
	}
	p->has |= flag;
	add_prop(p, flag == HAS_URL ? "url" : dup(p, key, k), dup(p, v, vn));
}

static void id_prop(parser *p, size_t k, const char *v, size_t vn, int vcol)
{
	tl_event *e = p->ev;
	if (e->id)
		error_at(p, 1, (int)k, "event already has an id ('%s')", e->id);
	else if (!valid_id(v, vn))
		error_at(p, vcol, (int)vn,
		         "invalid id '%.*s': use letters, digits, '-', '_' and '.'",
		         (int)vn, v);
	else {
		e->id = dup(p, v, vn);
		e->id_line = (uint32_t)p->line;
		e->id_col = (uint32_t)raw_col(p, vcol);
	}
}

/* Reads the property key: value (key already copied, k bytes long). */
static void property(parser *p, const char *key, size_t k, const char *v,
                     size_t vn, int vcol)
{
	tl_event *e = p->ev;
	if (strcmp(key, "id") == 0) {
		id_prop(p, k, v, vn, vcol);
	} else if (strcmp(key, "tags") == 0) {
		split_list(p, v, vn, 1, &p->tags);
	} else if (strcmp(key, "after") == 0) {
		split_list(p, v, vn, 0, &p->after);
		e->after_line = (uint32_t)p->line;
		e->after_col = (uint32_t)raw_col(p, vcol);
	} else if (strcmp(key, "source") == 0) {
		strv_push(&p->sources, dup(p, v, vn));
	} else if (strcmp(key, "url") == 0) {
		char *u = tl_xstrndup(v, vn);
		if (!tl_url_is_safe(u))
			warn_at(p, vcol, (int)vn,
			        "url '%.*s' dropped: only http, https and mailto "
			        "links are emitted",
			        (int)vn, v);
		else
			once_prop(p, key, k, HAS_URL, v, vn);
		free(u);
	} else if (strcmp(key, "color") == 0) {
		if (!valid_color(v, vn))
			error_at(p, vcol, (int)vn,
			         "invalid color '%.*s': use #rgb, #rrggbb or a "
			         "colour name",
			         (int)vn, v);
		else
			add_prop(p, "color", dup(p, v, vn));
	} else if (strcmp(key, "location") == 0) {
		once_prop(p, key, k, HAS_LOCATION, v, vn);
	} else if (strcmp(key, "status") == 0) {
		once_prop(p, key, k, HAS_STATUS, v, vn);
	} else {
		warn_at(p, 1, (int)k,
		        "unknown property '%s' (kept; known: id, tags, source, "
		        "url, location, after, status, color)",
		        key);
		add_prop(p, dup(p, key, k), dup(p, v, vn));
	}
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
	char key[32];
	if (k >= sizeof(key))
		return 0;
	memcpy(key, s, k);
	key[k] = '\0';
	if (!vn)
		error_at(p, 1, (int)k, "property '%s' has no value", key);
	else
		property(p, key, k, v, vn, (int)(v - s) + 1);
	return 1;
}

/* Checks a line for bytes that have no place in a text file: NUL bytes,
 * invalid UTF-8 and over-long lines are errors that skip the line.
 * Characters that text drops (tl_text_drops()) are left out, with one
 * warning for the line: then *s and *n are set to the cleaned copy in
 * p->clean, whose columns p->colmap maps back.  Returns 0 to skip. */
static int read_line(parser *p, const char **s, size_t *n)
{
	p->mapped = 0;
	p->warned_drop = 0;
	p->raw = *s;
	const char *nul = memchr(*s, '\0', *n);
	if (nul) {
		error_at(p, (int)(nul - *s) + 1, 1, "NUL byte in line");
		return 0;
	}
	size_t drop;
	size_t bad = tl_text_check(*s, *n, &drop);
	if (bad < *n) {
		error_at(p, (int)bad + 1, 1, "invalid UTF-8 byte 0x%02X",
		         (unsigned char)(*s)[bad]);
		return 0;
	}
	if (*n > MAX_LINE) {
		error_at(p, MAX_LINE + 1, 1,
		         "line is longer than %d bytes", MAX_LINE);
		return 0;
	}
	if (drop < *n)
		clean_line(p, s, n, drop);
	return 1;
}

/* ---- front matter ---- */

/* Reads the quoted scalar at v[0..vn) (v[0] a quote, at column vcol) into
 * out, telling errors and dropped characters.  Returns the bytes read, or
 * 0 after an error. */
static size_t quoted(parser *p, const char *v, size_t vn, int vcol,
                     tl_buf *out)
{
	tl_diag err;
	tl_yaml_drops drops;
	size_t used = tl_yaml_quoted(v, vn, out, &err, &drops);
	if (!used) {
		error_at(p, vcol + err.col - 1, err.len, "%s", err.message);
		return 0;
	}
	if (drops.count) {
		int c = vcol + (int)drops.first;
		warn_dropped(p, raw_col(p, c), raw_col(p, c + 2) - raw_col(p, c),
		             drops.first_cp, drops.count - 1);
	}
	return used;
}

/* Adds the names of a lanes: value, "A, B", "[A, B]" or one "- A" item,
 * to lanes, one per line: plain names end at a comma, quoted ones at
 * their closing quote.  vcol is v's column.  Returns 0 after an error. */
static int lanes_value(parser *p, tl_buf *lanes, const char *v, size_t vn,
                       int vcol)
{
	if (vn >= 2 && v[0] == '[' && v[vn - 1] == ']') {
		v++;
		vn -= 2;
		vcol++;
	}
	tl_buf name = {0};
	int ok = 1;
	for (size_t i = 0; ok && i < vn; i++) {
		while (i < vn && is_space(v[i]))
			i++;
		name.len = 0;
		size_t j = i;
		if (i < vn && (v[i] == '"' || v[i] == '\'')) {
			size_t used = quoted(p, v + i, vn - i, vcol + (int)i, &name);
			j = i + used;
			while (used && j < vn && is_space(v[j]))
				j++;
			if (!used)
				ok = 0;
			else if (j < vn && v[j] != ',') {
				error_at(p, vcol + (int)j, 1,
				         "expected ',' after a quoted lane name");
				ok = 0;
			} else if (memchr(name.data, '\n', name.len)) {
				error_at(p, vcol + (int)i, (int)(j - i),
				         "a lane name cannot hold a line break");
				ok = 0;
			}
		} else {
			while (j < vn && v[j] != ',')
				j++;
			const char *w = v + i;
			size_t wn = j - i;
			trim(&w, &wn);
			tl_buf_put(&name, w, wn);
		}
		if (ok && name.len) {
			if (lanes->len)
				tl_buf_putc(lanes, '\n');
			tl_buf_put(lanes, name.data, name.len);
		}
		i = j;
	}
	free(name.data);
	return ok;
}

/* Sets the front matter key to the value v[0..vn) at column vcol: quoted
 * values are decoded (after the closing quote only a # comment may
 * follow), plain ones kept as written. */
static void meta_value(parser *p, const char *key, const char *v, size_t vn,
                       int vcol)
{
	tl_buf val = {0};
	if (vn && (v[0] == '"' || v[0] == '\'')) {
		size_t used = quoted(p, v, vn, vcol, &val);
		if (!used) {
			free(val.data);
			return;
		}
		size_t j = used;
		while (j < vn && is_space(v[j]))
			j++;
		if (j < vn && (v[j] != '#' || j == used)) {
			error_at(p, vcol + (int)j, (int)(vn - j),
			         "unexpected text after the closing quote");
			free(val.data);
			return;
		}
	} else {
		tl_buf_put(&val, v, vn);
	}
	tl_timeline_set_meta(p->tl, key, val.data);
	free(val.data);
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
		lanes_value(p, lanes, t, tn, (int)(t - l) + 1);
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
	char key[64];
	snprintf(key, sizeof(key), "%.*s", (int)kn, t);
	for (char *c = key; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	if (strcmp(key, "lanes") == 0) {
		p->tl->lanes_line = (uint32_t)p->line;
		*in_lanes = 1;
		lanes_value(p, lanes, v, vn, (int)(v - l) + 1);
		return;
	}
	meta_value(p, key, v, vn, (int)(v - l) + 1);
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
			p->mapped = 0;
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
		if (read_line(p, &l, &ln))
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
			p->lane_idx = -1;
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
	p.lane_idx = -1;

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
		if (read_line(&p, &s, &n))
			body_line(&p, s, n);
		p.line++;
	}
	end_event(&p);
	p.mapped = 0;
	free(p.desc.data);
	free(p.tags.v);
	free(p.sources.v);
	free(p.after.v);
	free(p.links.v);
	free(p.props.v);
	free(p.clean.data);
	free(p.colmap);
	tl_timeline_finish(p.tl, diags);
	return p.tl;
}
