/*
 * read_timelinejs.c - TimelineJS slides into the model (the rules of
 * docs/import.md), and the sheet (CSV, read with libcsv) that gives them.
 * The JSON form is read in read_timelinejs_json.c.  libcsv keeps no
 * positions, so the input is fed to it in pieces that end at each ',' and
 * line break: a field then ends at the end of a piece, and its line and
 * column are known.
 */
#include "read_int.h"

#include <csv.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const column_names[TJS_NFIELDS] = {
    "Year", "Month", "Day", "Time", "End Year", "End Month", "End Day",
    "End Time", "Display Date", "Headline", "Text", "Media",
    "Media Credit", "Media Caption", "Media Thumbnail", "Type", "Group",
    "Background", "Unique ID"};

int tjs_column(const char *name, size_t n)
{
	while (n && isspace((unsigned char)*name)) {
		name++;
		n--;
	}
	while (n && isspace((unsigned char)name[n - 1]))
		n--;
	for (int i = 0; i < TJS_NFIELDS; i++)
		if (strlen(column_names[i]) == n &&
		    strncasecmp(column_names[i], name, n) == 0)
			return i;
	if (n == 3 && strncasecmp(name, "Tag", 3) == 0)
		return TJS_GROUP;
	return -1;
}

/* ---- slides ---- */

static void slide_error(tjs_reader *r, const tjs_slide *s, int f,
                        const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* An error at field f of s (or at s itself when f < 0 or f has no place). */
static void slide_error(tjs_reader *r, const tjs_slide *s, int f,
                        const char *fmt, ...)
{
	char msg[TL_DIAG_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	int line = f >= 0 && s->fline[f] ? s->fline[f] : s->line;
	int col = f >= 0 && s->fline[f] ? s->fcol[f] : s->col;
	int len = f >= 0 && s->f[f] && s->fline[f] ? (int)strlen(s->f[f]) : 1;
	tl_diags_add(r->diags, TL_SEV_ERROR, TL_INVALID, line, col,
	             len > 0 && len < 200 ? len : 1, "%s", msg);
}

static const char *field(const tjs_slide *s, int f)
{
	const char *v = s->f[f];
	while (v && isspace((unsigned char)*v))
		v++;
	return v && *v ? v : NULL;
}

/* A whole number as a sheet writes it ("1,948", " 12 "): into *out;
 * returns -1 when it is not one. */
static int whole(const char *s, long long *out)
{
	long long v = 0;
	int neg = 0, digits = 0;
	const char *p = s;
	while (*p == ' ')
		p++;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	for (; *p; p++) {
		if (*p == ',' || *p == ' ')
			continue;
		if (*p < '0' || *p > '9' || v > 1000000000000000LL)
			return -1;
		v = v * 10 + (*p - '0');
		digits++;
	}
	if (!digits)
		return -1;
	*out = neg ? -v : v;
	return 0;
}

/* A Time cell: 9, 0930, 9:30, 9.30, 9:30 pm, 23:59:59, 10:00:30.250 (the
 * fraction is dropped).  Returns 0 with *sec -1 when no seconds are given,
 * or -1. */
static int parse_time(const char *s, int *hour, int *min, int *sec)
{
	char buf[64];
	size_t n = strlen(s);
	if (n >= sizeof(buf))
		return -1;
	for (size_t i = 0; i <= n; i++)
		buf[i] = (char)tolower((unsigned char)s[i]);
	while (n && buf[n - 1] == ' ')
		buf[--n] = '\0';
	/* A trailing am, pm, a.m. or p.m. */
	int period = 0;
	static const char *const marks[] = {"a.m.", "p.m.", "am", "pm"};
	for (size_t i = 0; i < 4 && !period; i++) {
		size_t m = strlen(marks[i]);
		if (n > m && strcmp(buf + n - m, marks[i]) == 0) {
			period = marks[i][0];
			n -= m;
			buf[n] = '\0';
			while (n && buf[n - 1] == ' ')
				buf[--n] = '\0';
		}
	}
	const char *p = buf;
	while (*p == ' ')
		p++;
	size_t len = strlen(p);
	long parts[3] = {-1, -1, -1};
	int np = 0;
	int digits = len == 3 || len == 4;
	for (size_t i = 0; i < len && digits; i++)
		digits = isdigit((unsigned char)p[i]);
	if (digits) { /* 930, 0930 */
		parts[0] = len == 3 ? p[0] - '0' : (p[0] - '0') * 10 + p[1] - '0';
		parts[1] = (p[len - 2] - '0') * 10 + p[len - 1] - '0';
		np = 2;
	} else {
		char sep = strchr(p, ':') ? ':' : '.';
		size_t i = 0;
		while (np < 3) {
			long v = 0;
			size_t d = 0;
			while (i < len && isdigit((unsigned char)p[i]) && d < 3) {
				v = v * 10 + (p[i++] - '0');
				d++;
			}
			if (!d)
				return -1;
			parts[np++] = v;
			if (i == len)
				break;
			if (np == 3 && (p[i] == '.' || p[i] == ',')) {
				/* a fraction of a second: digits only, dropped */
				for (i++; i < len; i++)
					if (!isdigit((unsigned char)p[i]))
						return -1;
				break;
			}
			if (p[i++] != sep)
				return -1;
		}
		if (i < len && np == 3 && isdigit((unsigned char)p[i]))
			return -1;
	}
	if (np == 0)
		return -1;
	long h = parts[0];
	if (period == 'p' && h < 12)
		h += 12;
	else if (period == 'a' && h == 12)
		h = 0;
	if (h < 0 || h > 23 || parts[1] > 59 || parts[2] > 59)
		return -1;
	*hour = (int)h;
	*min = parts[1] < 0 ? 0 : (int)parts[1];
	*sec = (int)parts[2];
	return 0;
}

/* Writes the EDTF of the date in fields y, m, d, t of s; returns 0, or -1
 * after an error. */
static int put_point(tjs_reader *r, const tjs_slide *s, int y, tl_buf *b)
{
	int m = y + 1, d = y + 2, t = y + 3;
	long long year, month = 0, day = 0;
	if (whole(field(s, y), &year) < 0) {
		slide_error(r, s, y, "%s '%s' is not a whole number",
		            column_names[y], field(s, y));
		return -1;
	}
	if (year >= 0 && year <= 9999)
		tl_buf_printf(b, "%04lld", year);
	else if (year < 0 && year >= -9999)
		tl_buf_printf(b, "-%04lld", -year);
	else
		tl_buf_printf(b, "Y%lld", year);
	if (field(s, m) && whole(field(s, m), &month) < 0) {
		slide_error(r, s, m, "%s '%s' is not a whole number",
		            column_names[m], field(s, m));
		return -1;
	}
	if (field(s, d) && whole(field(s, d), &day) < 0) {
		slide_error(r, s, d, "%s '%s' is not a whole number",
		            column_names[d], field(s, d));
		return -1;
	}
	if (field(s, d) && !field(s, m)) {
		slide_error(r, s, d, "%s given without %s", column_names[d],
		            column_names[m]);
		return -1;
	}
	if (field(s, m))
		tl_buf_printf(b, "-%02lld", month);
	if (field(s, d))
		tl_buf_printf(b, "-%02lld", day);
	if (field(s, t)) {
		int hh, mm, ss;
		if (!field(s, d)) {
			slide_error(r, s, t, "%s given without %s", column_names[t],
			            column_names[d]);
			return -1;
		}
		if (parse_time(field(s, t), &hh, &mm, &ss) < 0) {
			slide_error(r, s, t, "%s '%s' is not a time (9:30, 9:30 PM, "
			                     "21:30:15)",
			            column_names[t], field(s, t));
			return -1;
		}
		tl_buf_printf(b, "T%02d:%02d", hh, mm);
		if (ss >= 0)
			tl_buf_printf(b, ":%02d", ss);
	}
	return 0;
}

/* The title slide: the timeline's title and description, on one line. */
static void title_slide(tjs_reader *r, const tjs_slide *s)
{
	tl_event tmp = {0};
	const char *h = field(s, TJS_HEADLINE), *t = field(s, TJS_TEXT);
	if (h) {
		tl_read_title(r->tl, &tmp, h, strlen(h), 1);
		if (tmp.title[0])
			tl_timeline_set_meta(r->tl, "title", tmp.title);
	}
	if (t) {
		tl_read_title(r->tl, &tmp, t, strlen(t), 1);
		if (tmp.title[0])
			tl_timeline_set_meta(r->tl, "description", tmp.title);
	}
}

static const struct {
	int field;
	const char *key;
} slide_props[] = {
    {TJS_DISPLAY_DATE, "display-date"}, {TJS_MEDIA, "media"},
    {TJS_MEDIA_CREDIT, "media-credit"}, {TJS_MEDIA_CAPTION, "media-caption"},
    {TJS_MEDIA_THUMBNAIL, "media-thumbnail"}, {TJS_BACKGROUND, "background"},
};

static int valid_id(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_' && *s != '.')
			return 0;
	return 1;
}

void tjs_add(tjs_reader *r, const tjs_slide *s)
{
	const char *type = field(s, TJS_TYPE);
	if (type && strcasecmp(type, "title") == 0) {
		if (!r->title_seen) {
			r->title_seen = 1;
			title_slide(r, s);
			return;
		}
		tl_diags_add(r->diags, TL_SEV_WARNING, TL_INVALID, s->line,
		             s->col, 1, "a second title slide is read as an event");
	} else if (type && strcasecmp(type, "era") == 0) {
		const char *h = field(s, TJS_HEADLINE);
		tl_diags_add(r->diags, TL_SEV_WARNING, TL_INVALID, s->line,
		             s->col, 1, "era '%.60s' left out: dateline draws no "
		                        "eras yet",
		             h ? h : "");
		return;
	}
	if (!field(s, TJS_YEAR)) {
		slide_error(r, s, -1, "slide '%.60s' has no Year",
		            field(s, TJS_HEADLINE) ? field(s, TJS_HEADLINE) : "");
		return;
	}
	tl_buf date = {0};
	int ok = put_point(r, s, TJS_YEAR, &date) == 0;
	if (ok && field(s, TJS_END_YEAR)) {
		tl_buf_putc(&date, '/');
		ok = put_point(r, s, TJS_END_YEAR, &date) == 0;
	} else if (ok) {
		for (int f = TJS_END_MONTH; f <= TJS_END_TIME && ok; f++)
			if (field(s, f)) {
				slide_error(r, s, f, "%s given without End Year",
				            column_names[f]);
				ok = 0;
			}
	}
	tl_buf_putc(&date, '\0');
	if (ok) {
		int y = s->fline[TJS_YEAR] ? TJS_YEAR : -1;
		tl_event *e = tl_read_event(
		    r->tl, &r->lanes, y >= 0 ? s->fline[y] : s->line,
		    y >= 0 ? s->fcol[y] : s->col,
		    y >= 0 ? (int)strlen(s->f[y]) : 1, field(s, TJS_GROUP),
		    date.data, r->diags);
		const char *h = field(s, TJS_HEADLINE), *t = field(s, TJS_TEXT);
		if (h)
			tl_read_title(r->tl, e, h, strlen(h), 1);
		if (!e->title[0]) {
			tl_diags_add(r->diags, TL_SEV_WARNING, TL_INVALID,
			             (int)e->line, (int)e->col, 1,
			             "slide has no Headline; titled '(untitled)'");
			e->title = "(untitled)";
		}
		if (t)
			tl_read_description(r->tl, e, t, strlen(t), 1);
		for (size_t i = 0; i < sizeof(slide_props) / sizeof(*slide_props); i++) {
			const char *v = field(s, slide_props[i].field);
			if (v)
				tl_read_prop(r->tl, e, slide_props[i].key, v, strlen(v));
		}
		const char *id = field(s, TJS_UNIQUE_ID);
		if (id && valid_id(id)) {
			e->id = tl_arena_strndup(&r->tl->arena, id, strlen(id));
			e->id_line = e->line;
			e->id_col = e->col;
		} else if (id) {
			tl_read_prop(r->tl, e, "uid", id, strlen(id));
		}
		r->events++;
	}
	free(date.data);
}

/* ---- the sheet ---- */

typedef struct csv_field {
	char *data;
	int line, col;
} csv_field;

typedef struct sheet {
	tjs_reader *r;
	int line, col;        /* where the next byte fed is */
	int fline, fcol;      /* where the current field started */
	int field_ended;      /* a field ended in the piece just fed */
	csv_field *fields;    /* the current record's */
	size_t nfields, cap;
	int columns[256];     /* field of each column, -1: ignored */
	size_t ncolumns;
	int header_done;
	int bad;              /* the header was refused */
} sheet;

static void on_field(void *s, size_t n, void *ctx)
{
	sheet *sh = ctx;
	if (sh->nfields == sh->cap) {
		sh->cap = sh->cap ? sh->cap * 2 : 32;
		sh->fields = tl_xrealloc(sh->fields, sh->cap * sizeof(*sh->fields));
	}
	csv_field *f = &sh->fields[sh->nfields++];
	f->data = tl_xstrndup(s ? s : "", s ? n : 0);
	f->line = sh->fline;
	f->col = sh->fcol;
	sh->field_ended = 1;
}

/* The first record: which column holds which field. */
static void header(sheet *sh)
{
	tjs_reader *r = sh->r;
	int seen[TJS_NFIELDS] = {0};
	for (size_t i = 0; i < sh->nfields && i < 256; i++) {
		int c = tjs_column(sh->fields[i].data, strlen(sh->fields[i].data));
		if (c >= 0)
			seen[c] = 1;
	}
	if (!seen[TJS_YEAR] || !seen[TJS_HEADLINE]) {
		tl_diags_add(r->diags, TL_SEV_ERROR, TL_INVALID, 1, 1, 1,
		             "not a TimelineJS sheet: the first row names no "
		             "'%s' column",
		             !seen[TJS_YEAR] ? "Year" : "Headline");
		sh->bad = 1;
		return;
	}
	memset(seen, 0, sizeof(seen));
	sh->ncolumns = sh->nfields < 256 ? sh->nfields : 256;
	for (size_t i = 0; i < sh->ncolumns; i++) {
		const csv_field *f = &sh->fields[i];
		int c = tjs_column(f->data, strlen(f->data));
		if (c >= 0 && seen[c]) {
			tl_diags_add(r->diags, TL_SEV_WARNING, TL_INVALID, f->line,
			             f->col, (int)strlen(f->data) + !f->data[0],
			             "column '%s' given twice: the second is ignored",
			             f->data);
			c = -1;
		} else if (c < 0 && f->data[0]) {
			tl_diags_add(r->diags, TL_SEV_WARNING, TL_INVALID, f->line,
			             f->col, (int)strlen(f->data),
			             "column '%.60s' is not a TimelineJS column: "
			             "ignored",
			             f->data);
		}
		if (c >= 0)
			seen[c] = 1;
		sh->columns[i] = c;
	}
}

static void on_record(int c, void *ctx)
{
	(void)c;
	sheet *sh = ctx;
	if (sh->bad) {
		/* nothing more to read */
	} else if (!sh->header_done) {
		sh->header_done = 1;
		header(sh);
	} else {
		tjs_slide s = {0};
		int any = 0;
		s.line = sh->nfields ? sh->fields[0].line : sh->fline;
		s.col = 1;
		for (size_t i = 0; i < sh->nfields && i < sh->ncolumns; i++) {
			int f = sh->columns[i];
			if (f < 0)
				continue;
			s.f[f] = sh->fields[i].data;
			s.fline[f] = sh->fields[i].line;
			s.fcol[f] = sh->fields[i].col;
			for (const char *p = s.f[f]; *p && !any; p++)
				any = !isspace((unsigned char)*p);
		}
		if (any)
			tjs_add(sh->r, &s);
	}
	for (size_t i = 0; i < sh->nfields; i++)
		free(sh->fields[i].data);
	sh->nfields = 0;
}

/* Moves the position past s[0..n). */
static void advance(sheet *sh, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n') {
			sh->line++;
			sh->col = 1;
		} else if (((unsigned char)s[i] & 0xC0) != 0x80) {
			sh->col++;
		}
	}
}

void tl_read_timelinejs_csv(tl_timeline *tl, const char *buf, size_t len,
                            tl_diags *diags)
{
	tjs_reader r = {0};
	r.tl = tl;
	r.diags = diags;
	sheet sh = {0};
	sh.r = &r;
	sh.line = sh.col = sh.fline = sh.fcol = 1;
	struct csv_parser p;
	csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
	/* libcsv grows a field by this much at a time: its default (128
	 * bytes) makes a 10 MB field quadratic. */
	csv_set_blk_size(&p, (size_t)1 << 20);
	size_t bad = tl_utf8_check(buf, len);
	size_t nul = memchr(buf, '\0', len) ? (size_t)((const char *)memchr(buf, '\0', len) - buf) : len;
	size_t end = bad < nul ? bad : nul;
	int failed = 0;
	for (size_t pos = 0; pos < end && !sh.bad;) {
		size_t n = 0;
		while (pos + n < end && buf[pos + n] != ',' && buf[pos + n] != '\n')
			n++;
		if (pos + n < end)
			n++;
		sh.field_ended = 0;
		if (csv_parse(&p, buf + pos, n, on_field, on_record, &sh) != n) {
			tl_diags_add(diags, TL_SEV_ERROR, TL_INVALID, sh.line,
			             sh.col, 1, "CSV: a quote inside a field: "
			                        "quote the whole field and double "
			                        "the quotes in it");
			failed = 1;
			break;
		}
		advance(&sh, buf + pos, n);
		if (sh.field_ended) {
			sh.fline = sh.line;
			sh.fcol = sh.col;
		}
		pos += n;
	}
	if (end < len && !failed && !sh.bad) {
		/* Position of the bad byte, counted like the others. */
		sheet at = sh;
		at.line = 1;
		at.col = 1;
		advance(&at, buf, end);
		tl_diags_add(diags, TL_SEV_ERROR, TL_INVALID, at.line, at.col, 1,
		             end == nul ? "NUL byte in line"
		                        : "invalid UTF-8 byte 0x%02X",
		             (unsigned char)buf[end]);
		failed = 1;
	}
	if (!failed && !sh.bad &&
	    csv_fini(&p, on_field, on_record, &sh) != 0)
		tl_diags_add(diags, TL_SEV_ERROR, TL_INVALID, sh.fline, sh.fcol,
		             1, "CSV: the quoted field that starts here is never "
		                "closed");
	csv_free(&p);
	for (size_t i = 0; i < sh.nfields; i++)
		free(sh.fields[i].data);
	free(sh.fields);
	if (!sh.header_done && !tl_diags_errors(diags))
		tl_diags_add(diags, TL_SEV_ERROR, TL_INVALID, 1, 1, 1,
		             "not a TimelineJS sheet: the file is empty");
	else if (!r.events && !tl_diags_errors(diags))
		tl_diags_add(diags, TL_SEV_ERROR, TL_INVALID, 1, 1, 1,
		             "no event in this sheet: every row is a title or "
		             "an era");
	tl_read_finish(tl, &r.lanes, diags);
}
