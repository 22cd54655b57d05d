/*
 * read_native_front.c - the front matter of the native format: "key: value"
 * lines between two "---" lines, read as the small YAML subset that
 * docs/format.md describes (comments, quoted values with their escapes,
 * the lanes: list in its flow and block forms).
 */
#include "read_native.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

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
		parse_error(p, vcol + err.col - 1, err.len, "%s", err.message);
		return 0;
	}
	if (drops.count) {
		int c = vcol + (int)drops.first;
		int rc = parse_raw_col(p, c);
		parse_warn_dropped(p, rc, parse_raw_col(p, c + 2) - rc,
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
		while (i < vn && parse_is_space(v[i]))
			i++;
		name.len = 0;
		size_t j = i;
		if (i < vn && (v[i] == '"' || v[i] == '\'')) {
			size_t used =
			    quoted(p, v + i, vn - i, vcol + (int)i, &name);
			j = i + used;
			while (used && j < vn && parse_is_space(v[j]))
				j++;
			if (!used)
				ok = 0;
			else if (j < vn && v[j] != ',') {
				parse_error(p, vcol + (int)j, 1,
				            "expected ',' after a quoted lane name");
				ok = 0;
			} else if (memchr(name.data, '\n', name.len)) {
				parse_error(p, vcol + (int)i, (int)(j - i),
				            "a lane name cannot hold a line break");
				ok = 0;
			}
		} else {
			while (j < vn && v[j] != ',')
				j++;
			const char *w = v + i;
			size_t wn = j - i;
			parse_trim(&w, &wn);
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
		while (j < vn && parse_is_space(v[j]))
			j++;
		if (j < vn && (v[j] != '#' || j == used)) {
			parse_error(p, vcol + (int)j, (int)(vn - j),
			            "unexpected text after the closing quote");
			free(val.data);
			return;
		}
	} else {
		tl_buf_put(&val, v, vn);
	}
	tl_timeline_set_meta_at(p->tl, key, val.data, (uint32_t)p->line,
	                        (uint32_t)parse_raw_col(p, vcol));
	free(val.data);
}

/* What the header has read so far: the list being gathered (lanes: or
 * another key whose value is a "- item" block), and whether the last key
 * had no value, so that indented "key: value" lines under it are a nested
 * map (not read). */
typedef struct front_state {
	tl_buf list;       /* the items of the list being gathered */
	char list_key[64]; /* its key, "" when none */
	int list_col;      /* column of its first item */
	uint32_t list_line;
	uint32_t key_line, key_col; /* where the key without a value was */
	int open_key;      /* the last key had no value */
} front_state;

/* Ends the list being gathered: lanes: as one name a line (as before),
 * another key as its items joined by ", ", or the empty value when it had
 * none (a "#tag:" without a colour is left out). */
static void end_list(parser *p, front_state *st)
{
	if (st->list_key[0] && strcmp(st->list_key, "lanes") != 0) {
		if (st->list.len)
			tl_timeline_set_meta_at(p->tl, st->list_key,
			                        st->list.data, st->list_line,
			                        (uint32_t)st->list_col);
		else if (st->list_key[0] != '#') /* a tag without a colour */
			tl_timeline_set_meta_at(p->tl, st->list_key, "",
			                        st->key_line, st->key_col);
	}
	st->list_key[0] = '\0';
	st->list.len = 0;
	st->open_key = 0;
}

/* Whether t[0..tn) is a tag colour line "#tag: value": a '#' then a
 * letter or digit (a YAML comment has a space there). */
static int tag_color_line(const char *t, size_t tn)
{
	return tn >= 3 && t[0] == '#' &&
	       (isalnum((unsigned char)t[1]) || t[1] == '_' ||
	        (unsigned char)t[1] >= 0x80) &&
	       memchr(t, ':', tn);
}

/* One line of the front matter or header: "key: value", "#tag: colour",
 * a YAML or "//" comment, or a "- item" of a list value (lanes: or another key
 * left without a value). */
static void front_line(parser *p, const char *l, size_t ln, tl_buf *lanes,
                       front_state *st)
{
	const char *t = l;
	size_t tn = ln;
	parse_trim(&t, &tn);
	if (tn == 0 || (t[0] == '#' && !tag_color_line(t, tn)) ||
	    (tn >= 2 && t[0] == '/' && t[1] == '/'))
		return;
	if (st->list_key[0] && t[0] == '-' && (tn == 1 || t[1] == ' ')) {
		t++;
		tn--;
		parse_trim(&t, &tn);
		int col = (int)(t - l) + 1;
		if (strcmp(st->list_key, "lanes") == 0) {
			lanes_value(p, lanes, t, tn, col);
		} else {
			if (st->list.len)
				tl_buf_puts(&st->list, ", ");
			else {
				st->list_line = (uint32_t)p->line;
				st->list_col = parse_raw_col(p, col);
			}
			tl_buf_put(&st->list, t, tn);
		}
		st->open_key = 0;
		return;
	}
	if (st->open_key && t != l) {
		parse_error(p, (int)(t - l) + 1, (int)tn,
		            "nested header value under '%s:' is not read: write "
		            "'key: value' lines, or a '- item' list",
		            st->list_key);
		return;
	}
	end_list(p, st);
	const char *colon = memchr(t, ':', tn);
	size_t kn = colon ? (size_t)(colon - t) : 0;
	while (kn && parse_is_space(t[kn - 1]))
		kn--;
	if (!colon || kn == 0 || kn >= 64) {
		parse_error(p, (int)(t - l) + 1, (int)tn,
		            "expected 'key: value' in front matter");
		return;
	}
	const char *v = colon + 1;
	size_t vn = tn - (size_t)(colon - t) - 1;
	parse_trim(&v, &vn);
	char key[64];
	snprintf(key, sizeof(key), "%.*s", (int)kn, t);
	/* Tag names keep their case, as tags do. */
	if (key[0] != '#')
		for (char *c = key; *c; c++)
			*c = (char)tolower((unsigned char)*c);
	if (!vn) {
		/* A list or a nested map may follow. */
		snprintf(st->list_key, sizeof(st->list_key), "%s", key);
		st->open_key = 1;
		st->key_line = (uint32_t)p->line;
		st->key_col = (uint32_t)parse_raw_col(p, (int)(v - l) + 1);
		if (strcmp(key, "lanes") == 0)
			p->tl->lanes_line = (uint32_t)p->line;
		return;
	}
	if (strcmp(key, "lanes") == 0) {
		p->tl->lanes_line = (uint32_t)p->line;
		snprintf(st->list_key, sizeof(st->list_key), "lanes");
		lanes_value(p, lanes, v, vn, (int)(v - l) + 1);
		return;
	}
	meta_value(p, key, v, vn, (int)(v - l) + 1);
}

/* Ends the header: what was gathered goes into the timeline's meta. */
static void end_front(parser *p, tl_buf *lanes, front_state *st)
{
	end_list(p, st);
	if (lanes->len)
		tl_timeline_set_meta_at(p->tl, "lanes", lanes->data,
		                        p->tl->lanes_line, 1);
	free(lanes->data);
	free(st->list.data);
}

size_t parse_front_matter(parser *p, const char *s, size_t n)
{
	if (!(n >= 3 && memcmp(s, "---", 3) == 0 &&
	      (n == 3 || s[3] == '\n' || (s[3] == '\r' && n > 4 && s[4] == '\n'))))
		return 0;
	tl_buf lanes = {0};
	front_state st = {0};
	int open_line = p->line;
	const char *nl = memchr(s, '\n', n);
	size_t pos = nl ? (size_t)(nl - s) + 1 : n;
	p->line++;
	for (;;) {
		if (pos >= n) {
			p->line = open_line;
			p->mapped = 0;
			parse_error(p, 1, 3, "front matter opened here is never "
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
		if (parse_read_line(p, &l, &ln))
			front_line(p, l, ln, &lanes, &st);
		p->line++;
	}
	end_front(p, &lanes, &st);
	return pos;
}

/* Whether the line l[0..ln) can be a line of a header written without
 * "---": a blank line, "key: value" or "key:" with a key of letters, digits, '_', '-'
 * and '.' that does not begin like a date, "#tag: colour", a "- item" or
 * an indented "key: value" under a key, or a "//" comment. */
static int header_line(const char *l, size_t ln)
{
	const char *t = l;
	size_t tn = ln;
	parse_trim(&t, &tn);
	if (!tn || (tn >= 2 && t[0] == '/' && t[1] == '/'))
		return 1;
	if (t[0] == '-' && (tn == 1 || t[1] == ' '))
		return 1;
	size_t k = t[0] == '#' ? 1 : 0;
	if (k && !tag_color_line(t, tn))
		return 0;
	size_t k0 = k;
	while (k < tn && (isalnum((unsigned char)t[k]) || t[k] == '_' ||
	                  t[k] == '-' || t[k] == '.' ||
	                  (k0 && (unsigned char)t[k] >= 0x80)))
		k++;
	if (k == k0 || k == tn || t[k] != ':' ||
	    (k + 1 < tn && !parse_is_space(t[k + 1])))
		return 0;
	return k0 || !parse_event_like(t, k);
}

/* The length of the line at s[0..n) without its line break; *next is
 * set to the offset after the break. */
static size_t line_at(const char *s, size_t n, size_t *next)
{
	const char *nl = memchr(s, '\n', n);
	size_t ln = nl ? (size_t)(nl - s) : n;
	*next = nl ? ln + 1 : n;
	if (ln && s[ln - 1] == '\r')
		ln--;
	return ln;
}

size_t parse_header(parser *p, const char *s, size_t n)
{
	/* Blank lines may come before a "---" front matter. */
	size_t pos = 0, next;
	while (pos < n) {
		size_t ln = line_at(s + pos, n - pos, &next);
		const char *t = s + pos;
		size_t tn = ln;
		parse_trim(&t, &tn);
		if (tn)
			break;
		pos += next;
		p->line++;
	}
	size_t fm = parse_front_matter(p, s + pos, n - pos);
	if (fm)
		return pos + fm;
	if (pos) {
		/* No front matter: the body reads the blank lines again. */
		p->line = 1;
		pos = 0;
	}
	/* A header written without "---": its lines run to the first line
	 * of another shape, an event line or a heading (docs/format.md). */
	tl_buf lanes = {0};
	front_state st = {0};
	while (pos < n) {
		const char *l = s + pos;
		size_t ln = line_at(l, n - pos, &next);
		if (!header_line(l, ln))
			break;
		if (parse_read_line(p, &l, &ln))
			front_line(p, l, ln, &lanes, &st);
		p->mapped = 0;
		pos += next;
		p->line++;
	}
	end_front(p, &lanes, &st);
	return pos;
}
