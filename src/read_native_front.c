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

/* One line inside the front matter: "key: value", a YAML comment, or a
 * "- item" continuing a lanes: list.  *in_lanes says whether the last key
 * was lanes. */
static void front_line(parser *p, const char *l, size_t ln, tl_buf *lanes,
                       int *in_lanes)
{
	const char *t = l;
	size_t tn = ln;
	parse_trim(&t, &tn);
	if (tn == 0 || t[0] == '#')
		return;
	if (*in_lanes && t[0] == '-') {
		t++;
		tn--;
		parse_trim(&t, &tn);
		lanes_value(p, lanes, t, tn, (int)(t - l) + 1);
		return;
	}
	*in_lanes = 0;
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

size_t parse_front_matter(parser *p, const char *s, size_t n)
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
			front_line(p, l, ln, &lanes, &in_lanes);
		p->line++;
	}
	if (lanes.len)
		tl_timeline_set_meta_at(p->tl, "lanes", lanes.data,
		                        p->tl->lanes_line, 1);
	free(lanes.data);
	return pos;
}

