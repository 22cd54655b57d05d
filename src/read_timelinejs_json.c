/*
 * read_timelinejs_json.c - a TimelineJS JSON file (title, eras, events)
 * read with jansson into slides for tjs_add().  jansson keeps no positions
 * of values, so a small scan of the text finds where each slide's '{'
 * is; jansson's own line and column place a syntax error, and its depth
 * limit bounds nesting.
 */
#include "read_int.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* Where the objects of the top-level "events" and "eras" arrays and the
 * "title" object start. */
typedef struct places {
	int *line, *col;
	size_t n, cap;
	int *era_line, *era_col;
	size_t nera, era_cap;
	int title_line, title_col;
} places;

static void place_add(int **line, int **col, size_t *n, size_t *cap, int l,
                      int c)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*line = tl_xrealloc(*line, *cap * sizeof(**line));
		*col = tl_xrealloc(*col, *cap * sizeof(**col));
	}
	(*line)[*n] = l;
	(*col)[(*n)++] = c;
}

/* One pass over valid JSON: strings skipped, depth counted; the last key
 * read at depth 1 says which array or object opens at depth 2. */
static void scan(const char *s, size_t n, places *pl)
{
	int depth = 0, line = 1, col = 1, in = 0; /* 1 events, 2 eras */
	char key[8] = "";
	size_t keylen = 0;
	int reading_key = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '"') {
			/* a string: a key when at depth 1 and followed by ':' */
			size_t j = i + 1;
			while (j < n && s[j] != '"') {
				if (s[j] == '\\')
					j++;
				j++;
			}
			keylen = j - i - 1;
			reading_key = depth == 1;
			if (reading_key && keylen < sizeof(key)) {
				memcpy(key, s + i + 1, keylen);
				key[keylen] = '\0';
			} else if (reading_key) {
				key[0] = '\0';
			}
			col += (int)(j - i);
			i = j;
			col++;
			continue;
		}
		if (c == '{' || c == '[') {
			depth++;
			if (depth == 2 && c == '[' && reading_key)
				in = strcmp(key, "events") == 0 ? 1
				     : strcmp(key, "eras") == 0 ? 2 : 0;
			else if (depth == 2 && c == '{' && reading_key &&
			         strcmp(key, "title") == 0) {
				pl->title_line = line;
				pl->title_col = col;
			} else if (depth == 3 && c == '{' && in == 1)
				place_add(&pl->line, &pl->col, &pl->n, &pl->cap, line, col);
			else if (depth == 3 && c == '{' && in == 2)
				place_add(&pl->era_line, &pl->era_col, &pl->nera,
				          &pl->era_cap, line, col);
		} else if (c == '}' || c == ']') {
			if (depth == 2)
				in = 0;
			depth--;
		}
		if (c == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)c & 0xC0) != 0x80) {
			col++;
		}
	}
}

/* The text of a JSON string or whole number; NULL for anything else.
 * The caller frees the result with free(). */
static char *scalar(json_t *v)
{
	char num[32];
	if (json_is_string(v))
		return tl_xstrndup(json_string_value(v), json_string_length(v));
	if (json_is_integer(v)) {
		snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
		return tl_xstrdup(num);
	}
	if (json_is_real(v) && json_real_value(v) == (double)(long long)json_real_value(v)) {
		snprintf(num, sizeof(num), "%lld", (long long)json_real_value(v));
		return tl_xstrdup(num);
	}
	return NULL;
}

static char *get(json_t *obj, const char *key)
{
	return json_is_object(obj) ? scalar(json_object_get(obj, key)) : NULL;
}

/* The fields of a start_date or end_date object into s from field y on;
 * hour, minute and second are joined into a Time cell. */
static void date_fields(json_t *d, tjs_slide *s, int y, char **own, int *k)
{
	static const char *const keys[] = {"year", "month", "day"};
	for (int i = 0; i < 3; i++)
		s->f[y + i] = own[(*k)++] = get(d, keys[i]);
	char *h = get(d, "hour"), *m = get(d, "minute"), *sec = get(d, "second");
	if (h) {
		tl_buf t = {0};
		tl_buf_printf(&t, "%s:%s", h, m ? m : "0");
		if (sec)
			tl_buf_printf(&t, ":%s", sec);
		tl_buf_putc(&t, '\0');
		s->f[y + 3] = own[(*k)++] = t.data;
	}
	free(h);
	free(m);
	free(sec);
}

/* A slide object as the sheet's fields, at line:col. */
static void slide(tjs_reader *r, json_t *o, int line, int col,
                  const char *type)
{
	tjs_slide s = {0};
	char *own[TJS_NFIELDS + 4] = {0};
	int k = 0;
	s.line = line;
	s.col = col;
	date_fields(json_object_get(o, "start_date"), &s, TJS_YEAR, own, &k);
	date_fields(json_object_get(o, "end_date"), &s, TJS_END_YEAR, own, &k);
	json_t *text = json_object_get(o, "text");
	s.f[TJS_HEADLINE] = own[k++] = get(text, "headline");
	s.f[TJS_TEXT] = own[k++] = get(text, "text");
	json_t *media = json_object_get(o, "media");
	s.f[TJS_MEDIA] = own[k++] = get(media, "url");
	s.f[TJS_MEDIA_CREDIT] = own[k++] = get(media, "credit");
	s.f[TJS_MEDIA_CAPTION] = own[k++] = get(media, "caption");
	s.f[TJS_MEDIA_THUMBNAIL] = own[k++] = get(media, "thumbnail");
	s.f[TJS_GROUP] = own[k++] = get(o, "group");
	s.f[TJS_DISPLAY_DATE] = own[k++] = get(o, "display_date");
	if (!s.f[TJS_DISPLAY_DATE])
		s.f[TJS_DISPLAY_DATE] = own[k - 1] =
		    get(json_object_get(o, "start_date"), "display_date");
	json_t *bg = json_object_get(o, "background");
	char *bgv = get(bg, "url");
	if (!bgv)
		bgv = get(bg, "color");
	s.f[TJS_BACKGROUND] = own[k++] = bgv;
	s.f[TJS_UNIQUE_ID] = own[k++] = get(o, "unique_id");
	s.f[TJS_TYPE] = type;
	tjs_add(r, &s);
	for (int i = 0; i < k; i++)
		free(own[i]);
}

/* jansson's column counts characters; ours count bytes. */
static int byte_col(const char *buf, size_t len, int line, int chars)
{
	size_t pos = 0;
	for (int l = 1; l < line && pos < len; pos++)
		if (buf[pos] == '\n')
			l++;
	int col = 1;
	for (int c = 1; c < chars && pos < len && buf[pos] != '\n'; c++) {
		size_t q = tl_utf8_seq_len((const unsigned char *)buf + pos, len - pos);
		q = q ? q : 1;
		pos += q;
		col += (int)q;
	}
	return col;
}

void tl_read_timelinejs_json(tl_timeline *tl, const char *buf, size_t len,
                             tl_diags *diags)
{
	tjs_reader r = {0};
	r.tl = tl;
	r.diags = diags;
	json_error_t err;
	json_t *doc = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &err);
	places pl = {0};
	if (!doc) {
		int line = err.line > 0 ? err.line : 1;
		int col = err.column > 0 ? byte_col(buf, len, line, err.column) : 1;
		tl_diags_add(diags, TL_SEV_ERROR, TL_INVALID, line, col, 1,
		             "JSON: %s", err.text);
	} else if (!json_is_object(doc) ||
	           !json_is_array(json_object_get(doc, "events"))) {
		tl_diags_add(diags, TL_SEV_ERROR, TL_INVALID, 1, 1, 1,
		             "not a TimelineJS document: no \"events\" array at "
		             "the top");
	} else {
		scan(buf, len, &pl);
		json_t *title = json_object_get(doc, "title");
		if (json_is_object(title))
			slide(&r, title, pl.title_line ? pl.title_line : 1,
			      pl.title_col ? pl.title_col : 1, "title");
		json_t *eras = json_object_get(doc, "eras"), *v;
		size_t i;
		json_array_foreach(eras, i, v)
			if (json_is_object(v))
				slide(&r, v, i < pl.nera ? pl.era_line[i] : 1,
				      i < pl.nera ? pl.era_col[i] : 1, "era");
		json_array_foreach(json_object_get(doc, "events"), i, v) {
			int line = i < pl.n ? pl.line[i] : 1;
			int col = i < pl.n ? pl.col[i] : 1;
			if (!json_is_object(v))
				tl_diags_add(diags, TL_SEV_ERROR, TL_INVALID, line,
				             col, 1, "event %zu is not an object", i + 1);
			else
				slide(&r, v, line, col, NULL);
		}
		if (!r.events && !tl_diags_errors(diags))
			tl_diags_add(diags, TL_SEV_ERROR, TL_INVALID, 1, 1, 1,
			             "no event in this document: \"events\" is empty");
	}
	json_decref(doc);
	free(pl.line);
	free(pl.col);
	free(pl.era_line);
	free(pl.era_col);
	tl_read_finish(tl, &r.lanes, diags);
}
