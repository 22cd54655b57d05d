/*
 * read_native_relative.c - the grammar of Markwhen's relative dates and
 * recurrences in a line's date head (docs/format.md, "Relative dates",
 * "Recurring events"): "1 year", "2018/6 months", "after !id 2 weeks",
 * "before !id 1 week - 3 days", "!a / !b.start", ".start / 1 month",
 * "2024-09-02 every day until 2024-09-20", "every 3 years x4".  Only the
 * grammar lives here; the dates are worked out once the whole file is read
 * (model_relative.c, model_recur.c).
 */
#include "model_relative.h"
#include "read_native.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The head being read, for messages that quote it. */
typedef struct rparse {
	const char *s;
	size_t n;
	tl_arena *arena;
	tl_diag *err;
	tl_date_ctx *ctx; /* the file's, or NULL for plain EDTF */
} rparse;

/* The longest date head read as a relative date or a recurrence. */
#define REL_MAX_LEN 256

static int fail(rparse *p, size_t at, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Fills p->err at s[at] for len bytes; returns -1. */
static int fail(rparse *p, size_t at, size_t len, const char *fmt, ...)
{
	char msg[TL_DIAG_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (p->n && at >= p->n)
		at = p->n - 1;
	if (!len)
		len = 1;
	if (at + len > p->n)
		len = p->n - at;
	tl_diag_set(p->err, TL_SEV_ERROR, (int)at + 1, (int)len, "%s", msg);
	return -1;
}

/* Reads the date s[a..b) in the file's context (slash order, "now");
 * its warnings' columns become the head's. */
static int rdate(rparse *p, size_t a, size_t b, tl_date *d, tl_diag *e)
{
	if (!p->ctx)
		return tl_date_parse(p->s + a, b - a, d, e);
	int from = p->ctx->nwarn;
	int r = tl_date_parse_ctx(p->s + a, b - a, p->ctx, d, e);
	for (int i = from; i < p->ctx->nwarn; i++)
		p->ctx->warn[i].col += (int)a;
	return r;
}

#define WHOLE(p) (int)(p)->n, (p)->s

static int is_sp(char c)
{
	return c == ' ' || c == '\t';
}

static size_t skip_sp(const char *s, size_t i, size_t b)
{
	while (i < b && is_sp(s[i]))
		i++;
	return i;
}

static size_t letters_at(const char *s, size_t i, size_t b)
{
	size_t k = i;
	while (k < b && isalpha((unsigned char)s[k]))
		k++;
	return k - i;
}

/* The bytes from s[i] to the next space: what a message quotes as "the
 * word here", whole UTF-8 characters (the line is valid UTF-8). */
static size_t tok_len(const char *s, size_t i, size_t b)
{
	size_t k = i;
	while (k < b && !is_sp(s[k]))
		k++;
	return k > i ? k - i : 1;
}

/* Whether the letters s[i..i+n) are the word w, in any case. */
static int word_is(const char *s, size_t i, size_t n, const char *w)
{
	return strlen(w) == n && strncasecmp(s + i, w, n) == 0;
}

static int word_in(const char *s, size_t i, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (word_is(s, i, n, *list))
			return 1;
	return 0;
}

/* ---- units ---- */

enum { U_NONE = -1, U_SUBDAY = -2 };

/* The unit at s[i..b): its tl_rel_unit, U_SUBDAY for hours and smaller,
 * or U_NONE; *len is the bytes it takes ("week days" is two words). */
static int unit_at(const char *s, size_t i, size_t b, size_t *len)
{
	static const char *const years[] = {"years", "year", "y", NULL};
	static const char *const months[] = {"months", "month", NULL};
	static const char *const weeks[] = {"weeks", "week", "w", NULL};
	static const char *const days[] = {"days", "day", "d", NULL};
	static const char *const wdays[] = {"weekdays", "weekday", "workdays",
	                                    "workday", NULL};
	static const char *const prefix[] = {"week", "work", "business", NULL};
	static const char *const small[] = {"hours",   "hour",   "h",
	                                    "hrs",     "hr",     "minutes",
	                                    "minute",  "mins",   "min",
	                                    "seconds", "second", "secs",
	                                    "sec",     "s",      "milliseconds",
	                                    "ms",      NULL};
	size_t w = letters_at(s, i, b);
	*len = w;
	if (!w)
		return U_NONE;
	if (word_in(s, i, w, prefix)) {
		size_t j = skip_sp(s, i + w, b), w2 = letters_at(s, j, b);
		if (w2 && word_in(s, j, w2, days)) {
			*len = j + w2 - i;
			return TL_UNIT_WEEKDAY;
		}
	}
	if (word_in(s, i, w, wdays))
		return TL_UNIT_WEEKDAY;
	if (w > 8 && strncasecmp(s + i, "business", 8) == 0 &&
	    word_in(s, i + 8, w - 8, days))
		return TL_UNIT_WEEKDAY;
	if (word_in(s, i, w, years))
		return TL_UNIT_YEAR;
	if (word_in(s, i, w, months))
		return TL_UNIT_MONTH;
	if (word_in(s, i, w, weeks))
		return TL_UNIT_WEEK;
	if (word_in(s, i, w, days))
		return TL_UNIT_DAY;
	if (word_in(s, i, w, small))
		return U_SUBDAY;
	return U_NONE;
}

/* Whether the letters s[i..i+n) begin a month name (three or more). */
static int month_like(const char *s, size_t i, size_t n)
{
	static const char *const m[] = {"january", "february", "march",
	                                "april",   "may",      "june",
	                                "july",    "august",   "september",
	                                "october", "november", "december"};
	if (n < 3)
		return 0;
	for (size_t k = 0; k < 12; k++)
		if (n <= strlen(m[k]) && strncasecmp(s + i, m[k], n) == 0)
			return 1;
	return 0;
}

/* Reads the number at s[*i] into *v: 1, moving *i past it; 0 when there
 * is none; -1 when it has more than nine digits (*i past them). */
static int number_at(const char *s, size_t *i, size_t b, uint32_t *v)
{
	size_t k = *i;
	uint32_t x = 0;
	while (k < b && isdigit((unsigned char)s[k])) {
		if (k - *i < 9)
			x = x * 10 + (uint32_t)(s[k] - '0');
		k++;
	}
	if (k == *i)
		return 0;
	int ok = k - *i <= 9;
	*i = k;
	if (ok)
		*v = x;
	return ok ? 1 : -1;
}

/* ---- one side ---- */

/* Whether s[a..b) reads as a relative date rather than an absolute one:
 * it starts with "after", "before" or "by", a '!' reference, ".start" or
 * ".end", or a number and a word that is no month name ("3 weeks",
 * "3 wekks", but not "2 August 2018"). */
static int rel_looking(const char *s, size_t a, size_t b)
{
	size_t w = letters_at(s, a, b);
	if (w &&
	    (word_is(s, a, w, "after") || word_is(s, a, w, "before") ||
	     word_is(s, a, w, "by")) &&
	    (a + w == b || is_sp(s[a + w])))
		return 1;
	if (s[a] == '!' || (s[a] == '.' && letters_at(s, a + 1, b)))
		return 1;
	static const char *const not_units[] = {"bc", "bce", "ad", "ce",
	                                        "am", "pm",  NULL};
	size_t i = a, ul;
	while (i < b && isdigit((unsigned char)s[i]))
		i++;
	if (i == a || i == b)
		return 0;
	if (!is_sp(s[i])) /* "2w", "10days"; not "07T04:12" */
		return unit_at(s, i, b, &ul) != U_NONE &&
		       (i + ul == b || !isalnum((unsigned char)s[i + ul]));
	i = skip_sp(s, i, b);
	w = letters_at(s, i, b);
	/* A unit, or a word that begins like one ("3 wekks"): told as a
	 * bad unit rather than a bad date. */
	return w && !month_like(s, i, w) && !word_in(s, i, w, not_units) &&
	       (unit_at(s, i, b, &ul) != U_NONE ||
	        strchr("dwmybh", tolower((unsigned char)s[i])));
}

/* Reads the reference at s[*i]: "!id", "!id.start", "!id.end", ".start"
 * or ".end". */
static int read_ref(rparse *p, size_t *i, size_t b, tl_rel_side *sd)
{
	const char *s = p->s;
	size_t a = *i, k = a + 1;
	if (s[a] == '.') {
		size_t w = letters_at(s, k, b);
		if (!word_is(s, k, w, "start") && !word_is(s, k, w, "end"))
			return fail(p, a, w + 1,
			            "expected '.start' or '.end' in relative "
			            "date '%.*s'",
			            WHOLE(p));
		sd->ref = TL_REF_PRIOR;
		sd->mod = w == 5 ? TL_MOD_START : TL_MOD_END;
		k += w;
	} else {
		while (k < b && (isalnum((unsigned char)s[k]) || s[k] == '_' ||
		                 s[k] == '-' || s[k] == '.'))
			k++;
		size_t idn = k - a - 1;
		if (idn >= 6 && strncasecmp(s + k - 6, ".start", 6) == 0) {
			sd->mod = TL_MOD_START;
			idn -= 6;
		} else if (idn >= 4 && strncasecmp(s + k - 4, ".end", 4) == 0) {
			sd->mod = TL_MOD_END;
			idn -= 4;
		}
		if (!idn)
			return fail(
			    p, a, k - a,
			    "expected an event id after '!' in relative "
			    "date '%.*s'",
			    WHOLE(p));
		sd->ref = TL_REF_ID;
		sd->id = tl_arena_strndup(p->arena, s + a + 1, idn);
	}
	if (k < b && !is_sp(s[k]))
		return fail(p, k, tok_len(s, k, b),
		            "unexpected '%.*s' after "
		            "'%.*s' in relative date '%.*s'",
		            (int)tok_len(s, k, b), s + k, (int)(k - a), s + a,
		            WHOLE(p));
	sd->id_col = (uint32_t)a + 1;
	sd->id_len = (uint32_t)(k - a);
	*i = k;
	return 0;
}

/* Reads the amounts "3 weeks", "1 year, 2 months", "10 business days"
 * from s[*i..b). */
static int read_amounts(rparse *p, size_t *i, size_t b, tl_rel_side *sd)
{
	const char *s = p->s;
	size_t k = *i;
	while (k < b) {
		size_t at = k;
		uint32_t v = 0;
		int r = number_at(s, &k, b, &v);
		if (r < 0)
			return fail(p, at, k - at,
			            "number '%.*s' is too large in "
			            "relative date '%.*s'",
			            (int)(k - at), s + at, WHOLE(p));
		if (!r) {
			size_t w = letters_at(s, k, b);
			if (!w)
				w = tok_len(s, k, b);
			return fail(
			    p, k, w,
			    "unexpected '%.*s' in relative date "
			    "'%.*s': expected an amount such as '2 weeks'",
			    (int)w, s + k, WHOLE(p));
		}
		k = skip_sp(s, k, b);
		size_t ul;
		int u = unit_at(s, k, b, &ul);
		if (u == U_SUBDAY)
			return fail(
			    p, k, ul,
			    "'%.*s' in relative date '%.*s' is "
			    "not supported yet: relative dates count days, "
			    "week days, weeks, months and years",
			    (int)ul, s + k, WHOLE(p));
		if (u == U_NONE)
			return fail(
			    p, k < b ? k : at, ul ? ul : 1,
			    "expected a unit (days, week days, weeks, months "
			    "or years) after '%u' in relative date '%.*s'",
			    v, WHOLE(p));
		if (sd->namt == TL_REL_AMOUNTS)
			return fail(p, at, k + ul - at,
			            "more than %d amounts in "
			            "relative date '%.*s'",
			            TL_REL_AMOUNTS, WHOLE(p));
		sd->amt[sd->namt].n = v;
		sd->amt[sd->namt++].unit = (uint8_t)u;
		k = skip_sp(s, k + ul, b);
		if (k < b && s[k] == ',')
			k = skip_sp(s, k + 1, b);
	}
	*i = k;
	return 0;
}

/* Reads s[a..b) (trimmed, rel_looking) as a relative side. */
static int read_rel(rparse *p, size_t a, size_t b, tl_rel_side *sd)
{
	const char *s = p->s;
	memset(sd, 0, sizeof(*sd));
	sd->kind = TL_SIDE_REL;
	sd->col = (uint32_t)a + 1;
	sd->len = (uint32_t)(b - a);
	size_t i = a, w = letters_at(s, a, b);
	if (w &&
	    (word_is(s, a, w, "after") || word_is(s, a, w, "before") ||
	     word_is(s, a, w, "by")) &&
	    (a + w == b || is_sp(s[a + w]))) {
		sd->word = word_is(s, a, w, "after") ? TL_WORD_AFTER
		                                     : TL_WORD_BEFORE;
		i = skip_sp(s, a + w, b);
		if (i == b)
			return fail(
			    p, a, w,
			    "expected an event id ('!id') or "
			    "an amount after '%.*s' in relative date '%.*s'",
			    (int)w, s + a, WHOLE(p));
	}
	int has_ref = 0;
	if (s[i] == '!' || s[i] == '.') {
		if (read_ref(p, &i, b, sd) < 0)
			return -1;
		has_ref = 1;
		i = skip_sp(s, i, b);
	}
	w = letters_at(s, i, b);
	if (i < b && (s[i] == '+' || (w == 4 && word_is(s, i, 4, "plus"))))
		i = skip_sp(s, i + (s[i] == '+' ? 1 : 4), b);
	if (read_amounts(p, &i, b, sd) < 0)
		return -1;
	if (!has_ref && !sd->namt)
		return fail(p, a, b - a,
		            "expected an event id ('!id') or an "
		            "amount in relative date '%.*s'",
		            WHOLE(p));
	return 0;
}

/* Parses s[a..b) as one end: relative when it looks so, else a single
 * date point. */
static int read_side(rparse *p, size_t a, size_t b, tl_rel_side *sd)
{
	if (rel_looking(p->s, a, b))
		return read_rel(p, a, b, sd);
	memset(sd, 0, sizeof(*sd));
	sd->kind = TL_SIDE_ABS;
	sd->col = (uint32_t)a + 1;
	sd->len = (uint32_t)(b - a);
	tl_date d;
	tl_diag e;
	if (rdate(p, a, b, &d, &e) < 0) {
		tl_diag form;
		if (parse_unsupported_form(p->s + a, b - a, &form))
			e = form;
		*p->err = e;
		p->err->col += (int)a;
		return -1;
	}
	if (d.is_interval)
		return fail(p, a, b - a,
		            "'%.*s' is a range: one end of a "
		            "range with a relative date must be one date",
		            (int)(b - a), p->s + a);
	sd->abs = d.start;
	return 0;
}

static void trim(const char *s, size_t *a, size_t *b)
{
	while (*a < *b && is_sp(s[*a]))
		(*a)++;
	while (*b > *a && is_sp(s[*b - 1]))
		(*b)--;
}

/* The separator of a range at s[i] of s[a..b): '/', '-' or " to "; its
 * length, or 0. */
static size_t sep_at(const char *s, size_t a, size_t i, size_t b)
{
	if (s[i] == '/' || s[i] == '-')
		return 1;
	if (i > a && is_sp(s[i - 1]) && i + 3 < b &&
	    strncasecmp(s + i, "to", 2) == 0 && is_sp(s[i + 2]))
		return 2;
	return 0;
}

/* Reads the range s[a..b): one relative side, or two sides joined by
 * '/', '-' or "to" of which at least one is relative.  Returns 0 when no
 * side is relative. */
static int read_range(rparse *p, size_t a, size_t b, tl_rel *r)
{
	const char *s = p->s;
	tl_diag whole_err = {0}, rel_err = {0}, abs_err = {0};
	int have_whole = 0, have_rel = 0, have_abs = 0;
	if (rel_looking(s, a, b)) {
		tl_diag *keep = p->err;
		p->err = &whole_err;
		int ok = read_rel(p, a, b, &r->from) == 0;
		p->err = keep;
		if (ok) {
			r->to.kind = TL_SIDE_NONE;
			return 1;
		}
		have_whole = 1;
	}
	for (size_t i = a + 1; i + 1 < b; i++) {
		size_t l = sep_at(s, a, i, b);
		if (!l)
			continue;
		size_t la = a, lb = i, ta = i + l, tb = b;
		trim(s, &la, &lb);
		trim(s, &ta, &tb);
		if (la == lb || ta == tb)
			continue;
		int lr = rel_looking(s, la, lb), tr = rel_looking(s, ta, tb);
		if (!lr && !tr)
			continue;
		tl_diag el, et;
		tl_diag *keep = p->err;
		int nwarn = p->ctx ? p->ctx->nwarn : 0;
		p->err = &el;
		int lok = read_side(p, la, lb, &r->from) == 0;
		p->err = &et;
		int tok = read_side(p, ta, tb, &r->to) == 0;
		p->err = keep;
		if (lok && tok)
			return 1;
		if (p->ctx) /* warnings of a split that failed do not stand */
			p->ctx->nwarn = nwarn;
		if (!have_abs && ((lok && lr && !tok && !tr) ||
		                  (tok && tr && !lok && !lr))) {
			abs_err = lok ? et : el;
			have_abs = 1;
		}
		if (!have_rel && ((!lok && lr) || (!tok && tr))) {
			rel_err = !lok && lr ? el : et;
			have_rel = 1;
		}
	}
	if (have_abs)
		*p->err = abs_err;
	else if (have_whole)
		*p->err = whole_err;
	else if (have_rel)
		*p->err = rel_err;
	else
		return 0;
	return -1;
}

/* Refuses the combinations Markwhen 1.2.0 reads in a way no one means:
 * after "before", the end must be a plain duration (Markwhen ignores its
 * reference and falls back to now for a date); the end's own "after" or
 * "before" is ignored by Markwhen. */
static int check_range(rparse *p, const tl_rel *r)
{
	const tl_rel_side *f = &r->from, *t = &r->to;
	if (t->kind == TL_SIDE_REL && t->word)
		return fail(p, t->col - 1, t->len,
		            "the end of a range cannot "
		            "start with 'after', 'before' or 'by' in '%.*s': "
		            "they belong to its start",
		            WHOLE(p));
	if (f->kind == TL_SIDE_REL && f->word == TL_WORD_BEFORE &&
	    t->kind == TL_SIDE_ABS)
		return fail(p, t->col - 1, t->len,
		            "a range that starts "
		            "'before' an event must end with a duration, as "
		            "'before !id 1 week - 3 days', in '%.*s'",
		            WHOLE(p));
	if (f->kind == TL_SIDE_REL && f->word == TL_WORD_BEFORE &&
	    t->kind == TL_SIDE_REL && (t->id_col || t->ref == TL_REF_ID))
		return fail(p, t->id_col - 1, t->id_len,
		            "a range that starts "
		            "'before' an event must end with a duration, not a "
		            "reference, in '%.*s'",
		            WHOLE(p));
	return 0;
}

/* ---- recurrence ---- */

/* Where "every" starts a recurrence in s[0..n), or n. */
static size_t find_every(const char *s, size_t n)
{
	for (size_t i = 0; i + 5 <= n; i++)
		if ((s[i] | 0x20) == 'e' && (i == 0 || is_sp(s[i - 1])) &&
		    strncasecmp(s + i, "every", 5) == 0 &&
		    (i + 5 == n || is_sp(s[i + 5])))
			return i;
	return n;
}

static const char *const unit_names[] = {"day", "week day", "week", "month",
                                         "year"};

/* Reads the recurrence's unit at s[*i]: days, weeks, months, years. */
static int rec_unit(rparse *p, size_t *i, size_t b, tl_rel *r)
{
	static const char *const named[] = {"monday",   "tuesday", "wednesday",
	                                    "thursday", "friday",  "saturday",
	                                    "sunday",   "mon",     "tue",
	                                    "wed",      "thu",     "fri",
	                                    "sat",      "sun",     NULL};
	const char *s = p->s;
	size_t ul, k = *i;
	int u = unit_at(s, k, b, &ul);
	size_t w = letters_at(s, k, b);
	if (u == TL_UNIT_WEEKDAY || u == U_SUBDAY ||
	    (w && word_in(s, k, w, named)) || (w && month_like(s, k, w)))
		return fail(
		    p, k, u == U_NONE ? w : ul,
		    "'%.*s' in a "
		    "recurrence is not supported yet: recurrences repeat "
		    "by days, weeks, months or years",
		    (int)(u == U_NONE ? w : ul), s + k);
	if (u == U_NONE || ul == 1)
		return fail(p, k, w ? w : 1,
		            "expected days, weeks, months or "
		            "years after 'every' in '%.*s'",
		            WHOLE(p));
	r->step = (uint8_t)u;
	*i = k + ul;
	return 0;
}

/* Reads "for N [times|UNIT]": a count, when Markwhen 1.2.0 (which reads
 * the number as a count whatever follows it) and its documentation (which
 * reads "for 1 year" as a span) agree. */
static int rec_for(rparse *p, size_t k, size_t b, tl_rel *r)
{
	const char *s = p->s;
	size_t at = k;
	if (number_at(s, &k, b, &r->count) <= 0)
		return fail(p, at, 1,
		            "expected a number after 'for' in "
		            "recurrence '%.*s'",
		            WHOLE(p));
	k = skip_sp(s, k, b);
	size_t w = letters_at(s, k, b), ul;
	if (!w)
		return (int)k;
	if (word_is(s, k, w, "times") || word_is(s, k, w, "time"))
		return (int)(k + w);
	int u = unit_at(s, k, b, &ul);
	if (u == U_NONE || ul == 1)
		return fail(p, k, w,
		            "expected 'times' or a unit after 'for "
		            "%u' in recurrence '%.*s'",
		            r->count, WHOLE(p));
	if (u == r->step && r->interval == 1)
		return (int)(k + ul);
	char every[48];
	if (r->interval == 1)
		snprintf(every, sizeof(every), "%s", unit_names[r->step]);
	else
		snprintf(every, sizeof(every), "%u %ss", r->interval,
		         unit_names[r->step]);
	return fail(p, at, k + ul - at,
	            "'for %.*s' after 'every %s' is ambiguous: Markwhen 1.2.0 "
	            "reads it as %u occurrence%s, its documentation as a span; "
	            "write 'x%u' or 'until DATE'",
	            (int)(k + ul - at), s + at, every, r->count,
	            r->count == 1 ? "" : "s", r->count);
}

/* Reads "until DATE", "til DATE" or "| DATE" from s[k..b). */
static int rec_until(rparse *p, size_t k, size_t b, tl_rel *r)
{
	k = skip_sp(p->s, k, b);
	tl_date d;
	tl_diag e;
	if (k == b)
		return fail(p, b - 1, 1,
		            "expected a date after 'until' in "
		            "recurrence '%.*s'",
		            WHOLE(p));
	if (rdate(p, k, b, &d, &e) < 0) {
		*p->err = e;
		p->err->col += (int)k;
		return -1;
	}
	if (d.is_interval || d.start.prec < TL_PREC_DAY)
		return fail(p, k, b - k,
		            "the end of a recurrence must be a "
		            "day, as 2024-09-20 (Markwhen reads '%.*s' as its "
		            "first day)",
		            (int)(b - k), p->s + k);
	r->until = d.start.lo;
	r->has_until = 1;
	return (int)b;
}

/* Reads the recurrence s[a..b), a at "every". */
static int read_recur(rparse *p, size_t a, size_t b, tl_rel *r)
{
	const char *s = p->s;
	r->recur = 1;
	r->rec_col = (uint32_t)a + 1;
	r->rec_len = (uint32_t)(b - a);
	r->interval = 1;
	size_t k = skip_sp(s, a + 5, b), w = letters_at(s, k, b);
	if (k < b && isdigit((unsigned char)s[k])) {
		size_t at = k;
		if (number_at(s, &k, b, &r->interval) < 0 || r->interval == 0)
			return fail(p, at, k - at,
			            "the interval of a recurrence "
			            "runs from 1 to 999999999 in '%.*s'",
			            WHOLE(p));
		k = skip_sp(s, k, b);
	} else if (w == 5 && word_is(s, k, w, "other")) {
		r->interval = 2;
		r->other = 1;
		k = skip_sp(s, k + 5, b);
	}
	if (rec_unit(p, &k, b, r) < 0)
		return -1;
	k = skip_sp(s, k, b);
	w = letters_at(s, k, b);
	size_t end_at = k;
	int e;
	if (k == b)
		return fail(p, a, 5,
		            "recurrence '%.*s' has no end: add 'xN', "
		            "'for N times' or 'until DATE'",
		            (int)(b - a), s + a);
	if ((s[k] == 'x' || s[k] == 'X') &&
	    (k + 1 < b &&
	     (isdigit((unsigned char)s[k + 1]) || is_sp(s[k + 1])))) {
		size_t j = skip_sp(s, k + 1, b), at = j;
		if (number_at(s, &j, b, &r->count) <= 0)
			return fail(p, at, 1,
			            "expected a number after 'x' in "
			            "recurrence '%.*s'",
			            WHOLE(p));
		e = (int)j;
	} else if (word_is(s, k, w, "for")) {
		e = rec_for(p, skip_sp(s, k + 3, b), b, r);
	} else if (word_is(s, k, w, "until") || word_is(s, k, w, "til")) {
		e = rec_until(p, k + w, b, r);
	} else if (s[k] == '|') {
		e = rec_until(p, k + 1, b, r);
	} else if (word_is(s, k, w, "on") || word_is(s, k, w, "at") ||
	           word_is(s, k, w, "in")) {
		return fail(p, k, b - k,
		            "'%.*s' in a recurrence is not "
		            "supported yet: give the first date and 'every'",
		            (int)(b - k), s + k);
	} else {
		if (!w)
			w = tok_len(s, k, b);
		return fail(p, k, w,
		            "unexpected '%.*s' in recurrence '%.*s': "
		            "expected 'xN', 'for N times' or 'until DATE'",
		            (int)w, s + k, (int)(b - a), s + a);
	}
	if (e < 0)
		return -1;
	size_t t = skip_sp(s, (size_t)e, b);
	if (t < b)
		return fail(p, t, b - t,
		            "unexpected '%.*s' after the end of "
		            "recurrence '%.*s'",
		            (int)(b - t), s + t, (int)(b - a), s + a);
	r->end_col = (uint32_t)end_at + 1;
	r->end_len = (uint32_t)((size_t)e - end_at);
	if (!r->has_until && r->count == 0)
		return fail(p, end_at, r->end_len,
		            "a recurrence of 0 "
		            "occurrences in '%.*s'",
		            WHOLE(p));
	return 0;
}

int tl_rel_parse(const char *s, size_t n, tl_arena *arena, tl_date_ctx *ctx,
                 tl_rel *out, tl_diag *err)
{
	rparse p = {s, n, arena, err, ctx};
	memset(out, 0, sizeof(*out));
	/* Splitting is quadratic in the head: a longer one is left to the
	 * date parser, which refuses it as too long. */
	if (n > REL_MAX_LEN)
		return 0;
	size_t every = find_every(s, n), a = 0, b = every;
	trim(s, &a, &b);
	if (every < n) {
		if (a == b)
			return fail(&p, every, 5,
			            "a recurrence needs a date "
			            "before 'every' in '%.*s'",
			            WHOLE(&p));
		if (read_recur(&p, every, n, out) < 0)
			return -1;
	}
	int r = read_range(&p, a, b, out);
	if (r < 0)
		return -1;
	if (r > 0) {
		out->relative = 1;
		return check_range(&p, out) < 0 ? -1 : 1;
	}
	if (!out->recur)
		return 0;
	/* A plain date before "every": read now, so its errors are the date
	 * parser's, at their columns. */
	out->from.kind = TL_SIDE_ABS;
	out->from.col = (uint32_t)a + 1;
	out->from.len = (uint32_t)(b - a);
	return 1;
}
