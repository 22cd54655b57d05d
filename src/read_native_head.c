/*
 * read_native_head.c - whether the text before the ':' of a line is meant as a
 * date, so that such a line becomes an event or an error and is never
 * taken into the previous event's description (docs/format.md, "Nothing
 * is swallowed"), and the forms of other tools that dateline does not read
 * yet, named with the spelling to use instead.
 */
#include "read_native.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

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
			    !strchr("Xx-/.:T?~%", s[i]))
				return 0;
		}
		return 1;
	}
	if (s[0] == '!' || (n == 1 && strchr("-/|", s[0])))
		return 1;
	if ((n == 6 && strncasecmp(s, ".start", 6) == 0) ||
	    (n == 4 && strncasecmp(s, ".end", 4) == 0))
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

/* "2021 - 2023", "2021 – 2023" (en dash) or "2021 to 2023": the offsets of
 * the dash or "to" and of the two ends; 0 when s is not of that shape. */
static int find_range(const char *s, size_t n, size_t *at, size_t *len)
{
	static const char *const seps[] = {" - ", " \xE2\x80\x93 ", " to "};
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

/* A range "A - B": an end that is no date gets its own message (a form
 * named, else the date parser's) at its column; else the spelling A/B. */
static int range_form(const char *s, size_t n, tl_diag *err)
{
	size_t at, l;
	if (!find_range(s, n, &at, &l))
		return 0;
	const char *part[2] = {s, s + at + l};
	size_t pn[2] = {at, n - at - l};
	for (int k = 0; k < 2; k++) {
		tl_date d;
		if (tl_date_parse(part[k], pn[k], &d, err) < 0) {
			parse_unsupported_form(part[k], pn[k], err);
			err->col += col_of(s, part[k]) - 1;
			return 1;
		}
	}
	err->col = 1;
	err->len = (int)n;
	snprintf(err->message, sizeof(err->message),
	         "range '%.*s' is not supported yet: write %.*s/%.*s", (int)n,
	         s, (int)pn[0], part[0], (int)pn[1], part[1]);
	return 1;
}

/* "3000 BC", "44 BCE", "1066 AD", "AD 1066": the astronomical year. */
static int era_form(const char *s, size_t n, tl_diag *err)
{
	size_t i = 0, w[2], wn[2], k = 0, extra;
	while (k < 2 && next_word(s, n, &i, &w[k], &wn[k]))
		k++;
	if (k != 2 || next_word(s, n, &i, &extra, &extra))
		return 0;
	int y = in_list(eras, COUNT(eras), s + w[0], wn[0]) ? 1 : 0;
	int e = 1 - y;
	if (!in_list(eras, COUNT(eras), s + w[e], wn[e]) || wn[y] > 6)
		return 0;
	long year = 0;
	for (size_t j = 0; j < wn[y]; j++) {
		if (!isdigit((unsigned char)s[w[y] + j]))
			return 0;
		year = year * 10 + (s[w[y] + j] - '0');
	}
	err->col = col_of(s, s + w[e]);
	err->len = (int)wn[e];
	int bce = tolower((unsigned char)s[w[e]]) == 'b';
	if (year == 0)
		snprintf(err->message, sizeof(err->message),
		         "there is no year 0 in '%.*s': 1 BCE is 0000, 1 CE is "
		         "0001", (int)n, s);
	else if (bce)
		snprintf(err->message, sizeof(err->message),
		         "era '%.*s' is not supported yet: write -%04ld "
		         "(astronomical year: 1 BCE is 0000)",
		         (int)n, s, year - 1);
	else
		snprintf(err->message, sizeof(err->message),
		         "era '%.*s' is not supported yet: write %04ld", (int)n, s,
		         year);
	if (bce && year == 1)
		snprintf(err->message, sizeof(err->message),
		         "era '%.*s' is not supported yet: write 0000 "
		         "(astronomical year: 1 BCE is 0000)", (int)n, s);
	return 1;
}

/* The forms named by their first word: "now", a weekday, a time. */
static int word_form(const char *s, size_t n, tl_diag *err)
{
	size_t i = 0, w, wn;
	if (!next_word(s, n, &i, &w, &wn))
		return 0;
	const char *what = NULL, *use = "write the date as YYYY-MM-DD";
	if (wn == 3 && strncasecmp(s + w, "now", 3) == 0)
		what = "date";
	else if (name_prefix(weekdays, COUNT(weekdays), s + w, wn))
		what = "weekday";
	else if (isdigit((unsigned char)s[w]) && wn > 2 &&
	         (strncasecmp(s + w + wn - 2, "am", 2) == 0 ||
	          strncasecmp(s + w + wn - 2, "pm", 2) == 0)) {
		what = "time";
		use = "write the date and a 24-hour time, as 2017-06-01T20:30";
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
	return range_form(s, n, err) || era_form(s, n, err) ||
	       word_form(s, n, err);
}
