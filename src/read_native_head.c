/*
 * read_native_head.c - whether the text before the ':' of a line is meant as a
 * date, so that such a line becomes an event or an error and is never
 * taken into the previous event's description (docs/format.md, "Nothing
 * is swallowed"), the forms of other tools that dateline does not read
 * yet, named with the spelling to use instead, and the reading of a date
 * head with what the file gives it (dateFormat, the build time for "now"):
 * a plain date, or a relative date or recurrence whose grammar is
 * read_native_relative.c's, kept until the file is read.
 */
#include "model_relative.h"
#include "read_native.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const months[] = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};
static const char *const seasons[] = {"spring", "summer", "autumn", "fall",
                                      "winter"};
static const char *const weekdays[] = {"monday", "tuesday", "wednesday",
                                       "thursday", "friday", "saturday",
                                       "sunday"};
static const char *const units[] = {
    "year", "years", "month", "months", "week", "weeks", "day", "days",
    "hour", "hours", "minute", "minutes", "second", "seconds", "weekday",
    "weekdays", "workday", "workdays", "work", "business"};
/* Words of a recurrence ("every other week until ..."). */
static const char *const recur_words[] = {"other", "until", "til", "times",
                                          "time"};
static const char *const short_units[] = {"y", "w", "d"};
static const char *const eras[] = {"bc", "bce", "ad", "ce"};

#define COUNT(a) (sizeof(a) / sizeof(*(a)))

static int in_list(const char *const *list, size_t k, const char *s,
                   size_t n)
{
	for (size_t i = 0; i < k; i++)
		if (strlen(list[i]) == n && strncasecmp(s, list[i], n) == 0)
			return 1;
	return 0;
}

/* Whether the word s[0..n) is a name of the list, in full or cut to three
 * or more letters ("Jun", "sept", "WED"). */
static int name_prefix(const char *const *list, size_t k, const char *s,
                       size_t n)
{
	if (n < 3)
		return 0;
	for (size_t i = 0; i < k; i++)
		if (n <= strlen(list[i]) && strncasecmp(s, list[i], n) == 0)
			return 1;
	return 0;
}

static size_t letters(const char *s, size_t n)
{
	size_t w = 0;
	while (w < n && isalpha((unsigned char)s[w]))
		w++;
	return w;
}

/* Whether s starts with a word of three or more letters that begins an
 * English month or season name ("Jun", "june", "Sept", "Winter"). */
static int month_word(const char *s, size_t n)
{
	size_t w = letters(s, n);
	return name_prefix(months, COUNT(months), s, w) ||
	       name_prefix(seasons, COUNT(seasons), s, w);
}

int parse_looks_like_date(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	if (n >= 2 && s[0] == '.' && s[1] == '.')
		return 1;
	/* "/2018", and "/" or "/.." so their message is given. */
	if (s[0] == '/' && (n == 1 || isdigit((unsigned char)s[1]) ||
	                    s[1] == '.'))
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
		    s[d] == '%' || s[d] == 'T' || s[d] == 'W')
			return 1;
		/* "2 August 2018" */
		if (s[d] == ' ' && d <= 2)
			return month_word(s + d + 1, n - d - 1);
		return 0;
	}
	return month_word(s, n);
}

/* Whether the letters s[0..n) are a month's three-letter abbreviation
 * with one letter wrong, missing, extra or two letters swapped ("Jnu",
 * "Mya", "Spe"): a typo, not a word of prose. */
static int month_typo(const char *s, size_t n)
{
	if (n != 3)
		return 0;
	for (size_t i = 0; i < COUNT(months); i++) {
		const char *m = months[i];
		int diff = 0;
		for (size_t k = 0; k < 3; k++)
			diff += tolower((unsigned char)s[k]) != m[k];
		if (diff == 1 && tolower((unsigned char)s[0]) == m[0])
			return 1;
		if (diff == 2 && tolower((unsigned char)s[0]) == m[0] &&
		    tolower((unsigned char)s[1]) == m[2] &&
		    tolower((unsigned char)s[2]) == m[1])
			return 1;
	}
	return 0;
}

/* Whether the word s[0..n) has a place in a date as people write them:
 * a number or numeric date, a month, season or weekday name, an era, a
 * unit, "now", "every", "for", "to", "after", "before", "-", an !id, x9. */
static int date_word(const char *s, size_t n)
{
	if (n && s[n - 1] == ',')
		n--;
	if (!n)
		return 0;
	if (isdigit((unsigned char)s[0])) {
		size_t d = 1;
		while (d < n && isdigit((unsigned char)s[d]))
			d++;
		/* "2w", "10days": an amount of a relative date */
		if (d < n && letters(s + d, n - d) == n - d &&
		    (in_list(units, COUNT(units), s + d, n - d) ||
		     in_list(short_units, COUNT(short_units), s + d, n - d)))
			return 1;
		for (size_t i = 1; i < n; i++) {
			if (i + 2 == n && (strncasecmp(s + i, "am", 2) == 0 ||
			                   strncasecmp(s + i, "pm", 2) == 0))
				return 1; /* 8am, 8:30pm */
			if (!isdigit((unsigned char)s[i]) &&
			    !strchr("Xx-/.:TWZ?~%+", s[i]))
				return 0;
		}
		return 1;
	}
	if ((n == 6 && strncasecmp(s, ".start", 6) == 0) ||
	    (n == 4 && strncasecmp(s, ".end", 4) == 0))
		return 1;
	if (s[0] == '!' || (n == 1 && strchr("-/|", s[0])) ||
	    (n == 3 && memcmp(s, "\xE2\x80\x93", 3) == 0))
		return 1;
	if ((s[0] == 'x' || s[0] == 'X') && n > 1 &&
	    isdigit((unsigned char)s[1]))
		return 1;
	if (letters(s, n) != n)
		return 0;
	return name_prefix(months, COUNT(months), s, n) ||
	       name_prefix(seasons, COUNT(seasons), s, n) ||
	       name_prefix(weekdays, COUNT(weekdays), s, n) ||
	       in_list(eras, COUNT(eras), s, n) ||
	       in_list(units, COUNT(units), s, n) || month_typo(s, n) ||
	       in_list(recur_words, COUNT(recur_words), s, n) ||
	       (n == 3 && strncasecmp(s, "now", 3) == 0) ||
	       (n == 5 && strncasecmp(s, "every", 5) == 0) ||
	       (n == 3 && strncasecmp(s, "for", 3) == 0) ||
	       (n == 2 && strncasecmp(s, "to", 2) == 0) ||
	       (n == 5 && strncasecmp(s, "after", 5) == 0) ||
	       (n == 6 && strncasecmp(s, "before", 6) == 0);
}

/* The next word of s[*i..n): its start and length; 0 at the end. */
static int next_word(const char *s, size_t n, size_t *i, size_t *w,
                     size_t *wn)
{
	while (*i < n && parse_is_space(s[*i]))
		(*i)++;
	if (*i == n)
		return 0;
	*w = *i;
	while (*i < n && !parse_is_space(s[*i]))
		(*i)++;
	*wn = *i - *w;
	return 1;
}

/* Whether s[0..n) starts with a reference of a relative date: "!id",
 * ".start", ".end", or "after", "before" or "by" and then "!id". */
static int starts_with_ref(const char *s, size_t n)
{
	size_t i = 0, w, wn;
	if (!next_word(s, n, &i, &w, &wn))
		return 0;
	if (s[w] == '!' && wn > 1 &&
	    (isalnum((unsigned char)s[w + 1]) || s[w + 1] == '_'))
		return 1;
	if (s[w] == '.' && date_word(s + w, wn))
		return 1;
	if (!in_list((const char *const[]){"after", "before", "by"}, 3, s + w,
	             wn))
		return 0;
	return next_word(s, n, &i, &w, &wn) && s[w] == '!' && wn > 1;
}

/* Whether every word of s[0..n) is a date word and one has a digit, or
 * the first is "now", "every", "after !", "before !", an era or a
 * weekday. */
static int all_date_words(const char *s, size_t n)
{
	size_t i = 0, w, wn, count = 0;
	if (starts_with_ref(s, n))
		return 1;
	int digit = 0;
	while (next_word(s, n, &i, &w, &wn)) {
		if (!date_word(s + w, wn))
			return 0;
		if (isdigit((unsigned char)s[w]))
			digit = 1;
		count++;
	}
	if (!count)
		return 0;
	size_t f = 0;
	next_word(s, n, &(size_t){0}, &f, &wn);
	const char *first = s + f;
	if (digit)
		return 1;
	/* "!term / !spring": two event ids, Markwhen's range between them. */
	if (first[0] == '!' && count > 1)
		return 1;
	return in_list((const char *const[]){"now", "every"}, 2, first, wn) ||
	       in_list(eras, COUNT(eras), first, wn) ||
	       name_prefix(weekdays, COUNT(weekdays), first, wn) ||
	       ((in_list((const char *const[]){"after", "before"}, 2, first,
	                 wn)) &&
	        count > 1 && memchr(s, '!', n));
}

int parse_event_like(const char *s, size_t n)
{
	if (parse_looks_like_date(s, n))
		return 1;
	return all_date_words(s, n);
}

/* Where the word w of s starts (1-based), for messages. */
static int col_of(const char *s, const char *w) { return (int)(w - s) + 1; }

/* The separator of a range or an interval in s: " - ", an en dash, " to "
 * or '/'; its offset and length, or 0 when s has none. */
static int find_split(const char *s, size_t n, size_t *at, size_t *len)
{
	static const char *const seps[] = {" - ", "\xE2\x80\x93", " to ", "/"};
	for (size_t k = 0; k < COUNT(seps); k++) {
		size_t l = strlen(seps[k]);
		for (size_t i = 1; i + l < n; i++)
			if (strncasecmp(s + i, seps[k], l) == 0) {
				*at = i;
				*len = l;
				return 1;
			}
	}
	return 0;
}

/* A range "A - B" or an interval "A/B" one of whose ends is a form named
 * below ("now - 5 years", "2024-04-01 / 5 months"): that end's message, at
 * its column. */
static int range_form(const char *s, size_t n, tl_diag *err)
{
	size_t at, l;
	if (!find_split(s, n, &at, &l))
		return 0;
	const char *part[2] = {s, s + at + l};
	size_t pn[2] = {at, n - at - l};
	for (int k = 0; k < 2; k++) {
		const char *t = part[k];
		size_t tn = pn[k];
		parse_trim(&t, &tn);
		/* A time alone is read after a dated start: its own error
		 * stands ("8am - 9:75pm"). */
		if (k == 1 && tn > 2 && isdigit((unsigned char)t[0]) &&
		    (t[tn - 1] | 0x20) == 'm')
			continue;
		if (tn && parse_unsupported_form(t, tn, err)) {
			err->col += col_of(s, t) - 1;
			return 1;
		}
	}
	return 0;
}

/* The forms named by their first word: a weekday, a time alone. */
static int word_form(const char *s, size_t n, tl_diag *err)
{
	size_t i = 0, w, wn;
	if (!next_word(s, n, &i, &w, &wn))
		return 0;
	const char *what = NULL, *use = "write the date as YYYY-MM-DD";
	if (name_prefix(weekdays, COUNT(weekdays), s + w, wn))
		what = "weekday";
	else if (isdigit((unsigned char)s[w]) && wn > 2 &&
	         (strncasecmp(s + w + wn - 2, "am", 2) == 0 ||
	          strncasecmp(s + w + wn - 2, "pm", 2) == 0)) {
		/* A time alone: Markwhen puts it on the previous event's day. */
		what = "time";
		use = "write the date before it, as 2017-06-01 8:30pm";
	}
	if (!what)
		return 0;
	err->col = 1;
	err->len = (int)n;
	snprintf(err->message, sizeof(err->message),
	         "%s '%.*s' is not supported yet: %s", what, (int)n, s, use);
	return 1;
}

int parse_unsupported_form(const char *s, size_t n, tl_diag *err)
{
	return range_form(s, n, err) || word_form(s, n, err);
}

/* Takes the build time once a file: SOURCE_DATE_EPOCH when it is a
 * whole number of seconds (up to the end of 9999), else the clock. */
static void build_time(tl_timeline *tl)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	int64_t v = 0;
	int ok = sde && *sde;
	for (const char *c = sde; ok && *c; c++) {
		if (*c < '0' || *c > '9' || v > 25340230079LL)
			ok = 0;
		else
			v = v * 10 + (*c - '0');
	}
	tl->now = ok ? v : (int64_t)time(NULL);
	tl->now_from_env = (uint8_t)ok;
	tl->now_set = 1;
}

void parse_date_ctx(parser *p, tl_date_ctx *ctx)
{
	tl_timeline *tl = p->tl;
	const char *fmt = tl_timeline_meta(tl, "dateformat");
	memset(ctx, 0, sizeof(*ctx));
	ctx->slash = fmt && strcmp(fmt, "d/M/y") == 0 ? TL_SLASH_DMY
	                                              : TL_SLASH_MDY;
	if (!tl->now_set)
		build_time(tl);
	ctx->has_now = 1;
	ctx->now = tl->now;
}

void parse_date_done(parser *p, int dcol, const tl_date_ctx *ctx)
{
	for (int i = 0; i < ctx->nwarn; i++)
		parse_warn(p, dcol + ctx->warn[i].col - 1, ctx->warn[i].len, "%s",
		           ctx->warn[i].message);
	if (ctx->used_now && !p->tl->now_line)
		p->tl->now_line = (uint32_t)p->line;
}

int parse_date(parser *p, const char *d, size_t dn, int dcol, tl_date *out,
               tl_diag *err)
{
	tl_date_ctx ctx;
	parse_date_ctx(p, &ctx);
	if (tl_date_parse_ctx(d, dn, &ctx, out, err) < 0)
		return -1;
	parse_date_done(p, dcol, &ctx);
	return 0;
}

/* ---- relative dates and recurrences (read_native_relative.c's grammar) ---- */

/* Turns a column of the head (1-based; the head starts at column dcol of
 * the line as parsed) and a length into the line as written. */
static void to_raw(parser *p, int dcol, uint32_t *col, uint32_t *len)
{
	if (!*col)
		return;
	int c = dcol + (int)*col - 1;
	int rc = parse_raw_col(p, c);
	*len = (uint32_t)(parse_raw_col(p, c + (int)*len) - rc);
	*col = (uint32_t)rc;
}

int parse_relative_head(parser *p, const char *d, size_t dn, int dcol,
                        tl_date *date)
{
	tl_rel r;
	tl_diag err;
	tl_date_ctx ctx;
	parse_date_ctx(p, &ctx);
	int k = tl_rel_parse(d, dn, &p->tl->arena, &ctx, &r, &err);
	if (k == 0)
		return 0;
	if (k < 0) {
		parse_error(p, dcol + err.col - 1, err.len, "%s", err.message);
		return -1;
	}
	/* A plain date before "every" is read here, as any other date. */
	int w0 = ctx.nwarn;
	if (!r.relative &&
	    tl_date_parse_ctx(d + r.from.col - 1, r.from.len, &ctx, date,
	                      &err) < 0) {
		tl_diag form;
		if (parse_unsupported_form(d + r.from.col - 1, r.from.len,
		                           &form))
			err = form;
		parse_error(p, dcol + (int)r.from.col + err.col - 2, err.len,
		            "%s", err.message);
		memset(date, 0, sizeof(*date));
		return -1;
	}
	for (int i = w0; i < ctx.nwarn; i++)
		ctx.warn[i].col += (int)r.from.col - 1;
	parse_date_done(p, dcol, &ctx);
	tl_rel_side *sides[2] = {&r.from, &r.to};
	for (int i = 0; i < 2; i++) {
		to_raw(p, dcol, &sides[i]->col, &sides[i]->len);
		to_raw(p, dcol, &sides[i]->id_col, &sides[i]->id_len);
	}
	to_raw(p, dcol, &r.rec_col, &r.rec_len);
	to_raw(p, dcol, &r.end_col, &r.end_len);
	if (r.other)
		parse_warn_raw(p, (int)r.rec_col, 5,
		               "'every other' is read as every 2; Markwhen "
		               "1.2.0 does not read it and keeps one event");
	r.event = (uint32_t)(p->tl->nevents - 1);
	tl_rels *v = &p->rels;
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 16;
		v->v = tl_xrealloc(v->v, v->cap * sizeof(*v->v));
	}
	v->v[v->n++] = r;
	return 1;
}

void parse_relative_finish(parser *p)
{
	if (p->rels.n) {
		tl_rel_resolve(p->tl, &p->rels, p->diags);
		tl_recur_expand(p->tl, &p->rels, p->diags);
	}
	free(p->rels.v);
	p->rels.v = NULL;
	p->rels.n = p->rels.cap = 0;
}
