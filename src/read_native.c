/*
 * read_native.c - reads the native event file (docs/format.md) into the model:
 * optional front matter, headings as lanes, "DATE: Title" event lines with
 * their properties and descriptions, #tags and [text](url) links.  Every
 * problem becomes a diagnostic with line and column; parsing goes on after
 * an error so one run reports them all.
 */
#include "read_native.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

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

/* Whether a link [text](url) starts at s[i] == '['.  *close and
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

/* Keeps the url u[0..un) of an image ![alt](url) (or an image: line) as
 * the open event's image: property (the alt text is not kept); an unsafe
 * url is dropped with a warning at line:col (0: the event's title), as a
 * url: is. */
static void image(parser *p, const char *u, size_t un, int line, int col)
{
	parse_trim(&u, &un);
	char *url = tl_xstrndup(u, un);
	if (!un || !tl_url_is_safe(url)) {
		tl_diags_add(p->diags, TL_SEV_WARNING, TL_INVALID,
		             line ? line : (int)p->ev->line,
		             line ? col : (int)p->ev->title_col, line ? (int)un : 0,
		             "image '%.200s' dropped: only http, https and mailto "
		             "links are emitted",
		             url);
	} else {
		kvv *a = &p->props;
		if (a->n == a->cap) {
			a->cap = a->cap ? a->cap * 2 : 4;
			a->v = tl_xrealloc(a->v, a->cap * sizeof(*a->v));
		}
		a->v[a->n++] = (tl_kv){"image", dup(p, u, un), (uint32_t)line,
		                       (uint32_t)col};
	}
	free(url);
}

/* Mends the text where an image was taken out, out having what came
 * before it and s[*i..n) what follows: one space stays between the words
 * around it, and a line left empty goes with its line break. */
static void image_gap(tl_buf *out, const char *s, size_t n, size_t *i)
{
	while (out->len && parse_is_space(out->data[out->len - 1]))
		out->len--;
	while (*i < n && parse_is_space(s[*i]))
		(*i)++;
	int empty_before = !out->len || out->data[out->len - 1] == '\n';
	int empty_after = *i == n || s[*i] == '\n';
	if (!empty_before && !empty_after) {
		tl_buf_putc(out, ' ');
	} else if (empty_before && empty_after) {
		while (out->len && out->data[out->len - 1] == '\n')
			out->len--;
		while (!out->len && *i < n &&
		       (s[*i] == '\n' || parse_is_space(s[*i])))
			(*i)++;
	}
}

/* Rewrites text: ![alt](url) is taken out and kept as an image
 * (image()); [text](url) becomes text and is recorded as a link (in
 * p->links); a #tag (a '#' at a word start, then a letter) is recorded (in
 * p->tags) and, when strip_tags is set, removed with its leading space;
 * "\#" is a '#' that is no tag and "\!" a '!' that is no id
 * (docs/format.md, "Tags and links").
 * Returns the new text in the arena. */
const char *parse_inline(parser *p, const char *s, size_t n, int strip_tags)
{
	parse_trim(&s, &n);
	if (!memchr(s, '#', n) && !memchr(s, '[', n) && !memchr(s, '\\', n))
		return dup(p, s, n); /* nothing to rewrite: the common case */
	tl_buf out = {0};
	size_t i = 0, close = NOT_YET, paren = NOT_YET;
	while (i < n) {
		char c = s[i];
		if (c != '#' && c != '[' && c != '!') {
			/* Copy the run up to the next character that may start
			 * a tag, a link or an image, or end an escape, in one
			 * go. */
			size_t j = i + 1;
			while (j < n && s[j] != '#' && s[j] != '[' && s[j] != '!')
				j++;
			tl_buf_put(&out, s + i, j - i);
			i = j;
			continue;
		}
		if ((c == '#' || c == '!') && i > 0 && s[i - 1] == '\\') {
			out.data[out.len - 1] = c; /* the escapes "\#", "\!" */
			i++;
			continue;
		}
		if (c == '#' &&
		    (i == 0 || parse_is_space(s[i - 1]) || s[i - 1] == '(') &&
		    i + 1 < n && isalpha((unsigned char)s[i + 1])) {
			size_t j = i + 1;
			while (j < n && tag_char(s[j]))
				j++;
			/* A trailing '-' belongs to the sentence, not the tag. */
			while (s[j - 1] == '-')
				j--;
			strv_push(&p->tags, dup(p, s + i + 1, j - i - 1));
			if (strip_tags) {
				while (out.len &&
				       parse_is_space(out.data[out.len - 1]))
					out.len--;
				i = j;
				continue;
			}
			tl_buf_put(&out, s + i, j - i);
			i = j;
			continue;
		}
		if (c == '!' && i + 1 < n && s[i + 1] == '[' &&
		    find_link(s, n, i + 1, &close, &paren)) {
			image(p, s + close + 2, paren - close - 2, 0, 0);
			i = paren + 1;
			image_gap(&out, s, n, &i);
			continue;
		}
		if (c == '[' && find_link(s, n, i, &close, &paren)) {
			const char *t = s + i + 1;
			size_t tn = close - i - 1;
			const char *u = s + close + 2;
			size_t un = paren - close - 2;
			parse_trim(&u, &un);
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
	parse_trim(&t, &tn);
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

/* Adds the property key: v, its value at column vcol of this line. */
static void add_prop(parser *p, const char *key, const char *v, int vcol)
{
	kvv *a = &p->props;
	if (a->n == a->cap) {
		a->cap = a->cap ? a->cap * 2 : 4;
		a->v = tl_xrealloc(a->v, a->cap * sizeof(*a->v));
	}
	a->v[a->n++] = (tl_kv){key, v, (uint32_t)p->line,
	                       (uint32_t)parse_raw_col(p, vcol)};
}

/* ---- events ---- */

/* Closes the open event: its description is scanned for tags and links,
 * and what its lines gathered is copied into the arena. */
void parse_end_event(parser *p)
{
	tl_event *e = p->ev;
	if (!e)
		return;
	if (p->desc.len) {
		e->description = parse_inline(p, p->desc.data, p->desc.len, 0);
		if (!e->description[0]) /* it held only images */
			e->description = NULL;
	}
	e->tags = strv_take(p, &p->tags, &e->ntags);
	e->sources = strv_take(p, &p->sources, &e->nsources);
	e->after = strv_take(p, &p->after, &e->nafter);
	e->links = take_links(p, &e->nlinks);
	e->props = take_props(p, &e->nprops);
	p->has = 0;
	p->desc.len = 0;
	p->desc_blank = 0;
	p->desc_quoted = 0;
	p->ev = NULL;
	p->in_props = 0;
}

/* Finds the ": " (or a final ':') separating date and title; returns its
 * offset or -1.  Colons inside a time (T14:30) are followed by digits, so
 * the first colon followed by a space or the line end is the separator. */
static long find_sep(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == ':' && (i + 1 == n || parse_is_space(s[i + 1])))
			return (long)i;
	return -1;
}

/* Whether the title part of the line, after the separator at sep of the
 * n bytes parsed, had text as written that dropping characters removed. */
static int title_was_dropped(const parser *p, size_t sep, size_t n)
{
	if (!p->mapped)
		return 0;
	return p->colmap[n] - (p->colmap[sep] + 1) > n - (sep + 1);
}

/* A title left empty by dropped characters takes the date's label (the
 * date as written when it did not parse), so no event goes without one;
 * a title with nothing written stays an error (model.c). */
static void title_fallback(parser *p, tl_event *e, int date_ok, size_t sep)
{
	/* Point at what was written: the first dropped character. */
	size_t r = p->colmap[sep] + 1;
	while (parse_is_space(p->raw[r]))
		r++;
	e->title_col = (uint32_t)r + 1;
	char label[128];
	if (date_ok)
		tl_date_label(&e->date, label, sizeof(label));
	else
		snprintf(label, sizeof(label), "%s", e->date_text);
	e->title = dup(p, label, strlen(label));
	parse_warn_raw(p, (int)e->title_col, 1,
	               "title is empty once control characters are dropped; "
	               "using the date label '%s'", label);
}

/* The separator of a line whose date has no space after its ':'
 * ("2017-06-01:Title"): the first ':' not followed by a digit; -1 when
 * there is none. */
static long find_tight_sep(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == ':' && i + 1 < n && !isdigit((unsigned char)s[i + 1]))
			return (long)i;
	return -1;
}

/* Whether the head s[0..sep) of a line is meant as a date. */
static int head_is_date(const char *s, long sep)
{
	if (sep <= 0 || sep > 64)
		return 0;
	const char *d = s;
	size_t dn = (size_t)sep;
	parse_trim(&d, &dn);
	return dn && parse_event_like(d, dn);
}

/* An event id written in the title, Markwhen's way: the first "!word"
 * (letters, digits and '_') at the start of the title t[0..tn) or after a
 * space is e's id; the title without it, and the space before it, goes
 * to *rest.  tcol is t's column.  Returns 0 when the title has none. */
static int title_id(parser *p, tl_event *e, const char *t, size_t tn,
                    int tcol, tl_buf *rest)
{
	size_t i = 0;
	for (;; i++) {
		const char *b = memchr(t + i, '!', tn - i);
		if (!b)
			return 0;
		i = (size_t)(b - t);
		if ((i == 0 || parse_is_space(t[i - 1])) && i + 1 < tn &&
		    (isalnum((unsigned char)t[i + 1]) || t[i + 1] == '_'))
			break;
	}
	size_t j = i + 1;
	while (j < tn && (isalnum((unsigned char)t[j]) || t[j] == '_'))
		j++;
	e->id = dup(p, t + i + 1, j - i - 1);
	e->id_line = (uint32_t)p->line;
	e->id_col = (uint32_t)parse_raw_col(p, tcol + (int)i + 1);
	size_t a = i;
	while (a && parse_is_space(t[a - 1]))
		a--;
	tl_buf_put(rest, t, a);
	if (a && j < tn && !parse_is_space(t[j]))
		tl_buf_putc(rest, ' ');
	tl_buf_put(rest, t + j, tn - j);
	return 1;
}

/* Parses the date d[0..dn) at column dcol: a form dateline does not read
 * is named, else the date parser's own message is reported. */
static int event_date(parser *p, const char *d, size_t dn, int dcol,
                      tl_date *out)
{
	tl_diag err;
	if (parse_date(p, d, dn, dcol, out, &err) >= 0)
		return 1;
	/* Relative dates and recurrences: worked out once every event is
	 * read (read_native_relative.c). */
	int rel = parse_relative_head(p, d, dn, dcol, out);
	if (rel)
		return 0;
	tl_diag form;
	if (parse_unsupported_form(d, dn, &form))
		err = form;
	parse_error(p, dcol + err.col - 1, err.len, "%s", err.message);
	memset(out, 0, sizeof(*out));
	return 0;
}

/* Reads the line s[0..n) as an event when the text before its ':' begins
 * like a date, reporting what is wrong with it (a bad date, no space after
 * the ':', an indent) rather than letting it pass for description text.
 * Returns 0 when the line is not an event line. */
static int try_event(parser *p, const char *s, size_t n)
{
	long sep = find_sep(s, n);
	int tight = 0;
	if (!head_is_date(s, sep)) {
		sep = find_tight_sep(s, n);
		if (!head_is_date(s, sep))
			return 0;
		tight = 1;
	}
	const char *d = s;
	size_t dn = (size_t)sep;
	parse_trim(&d, &dn);
	/* An indented paragraph after a blank line is description text
	 * (docs/format.md): the way to write a line that looks like one. */
	if (d != s && p->ev && !p->in_props &&
	    (p->desc_quoted || !p->desc.len || p->desc_blank))
		return 0;
	if (d != s)
		parse_error(p, 1, (int)(d - s),
		            "indented event line: remove the indent (indented "
		            "lines are description text only in a paragraph "
		            "after a blank line)");

	parse_end_event(p);
	tl_event *e = tl_timeline_add_event(p->tl);
	p->ev = e;
	p->in_props = 1;
	int dcol = (int)(d - s) + 1;
	e->line = (uint32_t)p->line;
	e->col = (uint32_t)parse_raw_col(p, dcol);
	e->date_len =
	    (uint32_t)(parse_raw_col(p, dcol + (int)dn) - (int)e->col);
	e->date_text = dup(p, d, dn);
	if (p->lane_idx < 0)
		p->lane_idx = (long)tl_timeline_lane_index(p->tl, p->lane);
	e->lane = (uint32_t)p->lane_idx;

	int date_ok = event_date(p, d, dn, dcol, &e->date);
	if (tight)
		parse_error(p, (int)sep + 2, 1,
		            "expected a space after ':' in 'DATE: Title'");

	const char *t = s + sep + 1;
	size_t tn = n - (size_t)sep - 1;
	parse_trim(&t, &tn);
	e->title_col = (uint32_t)parse_raw_col(p, (int)(t - s) + 1);
	tl_buf rest = {0};
	if (title_id(p, e, t, tn, (int)(t - s) + 1, &rest))
		e->title = parse_inline(p, rest.data ? rest.data : "",
		                        rest.len, 1);
	else
		e->title = parse_inline(p, t, tn, 1);
	free(rest.data);
	if (!tn && title_was_dropped(p, (size_t)sep, n))
		title_fallback(p, e, date_ok, (size_t)sep);
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
		while (i < n && (s[i] == ',' || parse_is_space(s[i])))
			i++;
		size_t j = i;
		while (j < n && s[j] != ',' && !parse_is_space(s[j]))
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

/* The value of a property that the event may have once: url, location or
 * status. */
static void once_prop(parser *p, const char *key, size_t k, unsigned flag,
                      const char *v, size_t vn, int vcol)
{
	if (p->has & flag) {
		parse_error(p, 1, (int)k, "event already has a %s", key);
		return;
	}
	p->has |= flag;
	add_prop(p, flag == HAS_URL ? "url" : dup(p, key, k), dup(p, v, vn),
	         vcol);
}

static void id_prop(parser *p, size_t k, const char *v, size_t vn, int vcol)
{
	tl_event *e = p->ev;
	if (e->id)
		parse_error(p, 1, (int)k, "event already has an id ('%s')",
		            e->id);
	else if (!valid_id(v, vn))
		parse_error(p, vcol, (int)vn,
		            "invalid id '%.*s': use letters, digits, '-', '_' "
		            "and '.'",
		            (int)vn, v);
	else {
		e->id = dup(p, v, vn);
		e->id_line = (uint32_t)p->line;
		e->id_col = (uint32_t)parse_raw_col(p, vcol);
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
		e->after_col = (uint32_t)parse_raw_col(p, vcol);
	} else if (strcmp(key, "source") == 0) {
		strv_push(&p->sources, dup(p, v, vn));
	} else if (strcmp(key, "url") == 0) {
		char *u = tl_xstrndup(v, vn);
		if (!tl_url_is_safe(u))
			parse_warn(p, vcol, (int)vn,
			           "url '%.*s' dropped: only http, https and mailto "
			           "links are emitted",
			           (int)vn, v);
		else
			once_prop(p, key, k, HAS_URL, v, vn, vcol);
		free(u);
	} else if (strcmp(key, "image") == 0) {
		image(p, v, vn, p->line, parse_raw_col(p, vcol));
	} else if (strcmp(key, "color") == 0) {
		/* Checked with the other typed values by tl_meta_finish(). */
		add_prop(p, "color", dup(p, v, vn), vcol);
	} else if (strcmp(key, "location") == 0) {
		once_prop(p, key, k, HAS_LOCATION, v, vn, vcol);
	} else if (strcmp(key, "status") == 0) {
		once_prop(p, key, k, HAS_STATUS, v, vn, vcol);
	} else {
		parse_warn(p, 1, (int)k,
		           "unknown property '%s' (kept; known: id, tags, source, "
		           "url, location, after, status, color)",
		           key);
		add_prop(p, dup(p, key, k), dup(p, v, vn), vcol);
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
	if (k == n || s[k] != ':' || (k + 1 < n && !parse_is_space(s[k + 1])))
		return 0;
	const char *v = s + k + 1;
	size_t vn = n - k - 1;
	parse_trim(&v, &vn);
	char key[32];
	if (k >= sizeof(key))
		return 0;
	memcpy(key, s, k);
	key[k] = '\0';
	if (!vn)
		parse_error(p, 1, (int)k, "property '%s' has no value", key);
	else
		property(p, key, k, v, vn, (int)(v - s) + 1);
	return 1;
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
	parse_trim(&t, &tn);
	if (tn == 0) {
		p->in_props = 0;
		p->heading_props = 0;
		if (p->desc.len)
			p->desc_blank = 1;
		return;
	}
	if (tn >= 2 && t[0] == '/' && t[1] == '/')
		return;
	if (parse_heading_prop(p, t, tn))
		return;
	if (t == s && s[0] == '#') {
		size_t h = 0;
		while (h < n && s[h] == '#')
			h++;
		if (h <= 6 && (h == n || parse_is_space(s[h]))) {
			parse_heading(p, s, n, h);
			return;
		}
	}
	if (t == s && parse_block_line(p, s, tn))
		return;
	if (try_event(p, s, n))
		return;
	if (!p->ev) {
		parse_error(p, (int)(t - s) + 1, (int)tn,
		            "expected an event ('DATE: Title'), a heading or a comment");
		return;
	}
	if (p->in_props && t == s && try_property(p, s, n))
		return;
	if (!p->desc.len || p->desc_blank) /* a paragraph starts */
		p->desc_quoted = !p->in_props && t != s;
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
	p.heading = "";
	p.lane_idx = -1;

	/* A UTF-8 byte order mark says nothing; skip it.  Columns count from
	 * after it. */
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	size_t pos = parse_header(&p, buf, len);
	while (pos < len) {
		const char *s = buf + pos;
		const char *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos;
		pos += n + (nl ? 1 : 0);
		if (n && s[n - 1] == '\r')
			n--;
		if (parse_read_line(&p, &s, &n))
			body_line(&p, s, n);
		p.line++;
	}
	parse_end_event(&p);
	p.mapped = 0;
	parse_unclosed_blocks(&p);
	free(p.blocks);
	parse_relative_finish(&p);
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
