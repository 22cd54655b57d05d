/*
 * date_int.h - what the files of the date parser share: the parser's state
 * and the helpers that read digits, fill ranges and report errors.  date.c
 * reads one EDTF point, date_range.c whole expressions (intervals and
 * ranges), date_casual.c the forms people type: month names, numeric
 * dates, eras, clock times and "now".
 */
#ifndef DATELINE_DATE_INT_H
#define DATELINE_DATE_INT_H

#include "private.h"

/* Longer input is refused before anything else: no date needs it, and it
 * keeps every column and length an int. */
#define DATE_MAX_LEN 128

/* Eras a bare year can take from the other end of a range. */
enum { ERA_NONE = 0, ERA_BCE, ERA_CE };

/* The parser's state: the whole expression (quoted in every message),
 * where errors go, and what the date may depend on. */
typedef struct dparse {
	const char *s;
	int n;
	tl_diag *err;
	tl_date_ctx *ctx; /* never NULL: tl_date_parse() passes a zeroed one */
	int markwhen;     /* a context was given: read Markwhen's forms too */
	int era;          /* ERA_*: the era a bare year of this end takes */
	/* The last point read was an ISO week without a day: the point is
	 * its Monday, and week_hi the day after its Sunday. */
	int week;
	int64_t week_hi;
} dparse;

/* The whole expression as printf arguments for '%.*s'. */
#define WHOLE(p) (p)->n, (p)->s

/* Fills p->err with the printf-formatted message, pointing at s[at] for
 * len bytes (kept inside the input), and returns -1. */
int date_fail(dparse *p, size_t at, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Adds a warning at s[at] for len bytes to the context (at most
 * TL_DATE_WARN_MAX; more are dropped). */
void date_warn(dparse *p, size_t at, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* How many bytes from s[i] (stopping at end) are decimal digits. */
size_t date_digits(const char *s, size_t i, size_t end);
/* The value of the n decimal digits at s (n <= 18, already checked). */
int64_t date_num(const char *s, size_t n);
/* A year as people read it, for messages: 2017, or 477 BCE for -0476. */
void date_year_text(char *buf, size_t n, int64_t y);
/* Fills pt->lo and pt->hi from its year, month, day and precision. */
void date_point_range(tl_point *pt);
/* Checks pt->day (read from s[at..at+n)) against its month's length. */
int date_check_day(dparse *p, size_t at, size_t n, tl_point *pt);
/* Parses one known end s[a..b) (not empty, not "..") into pt; an ISO
 * week sets p->week. */
int date_point(dparse *p, size_t a, size_t b, tl_point *pt);
/* Ends every point at s[i]: a clock time after a day ("8am"), an
 * optional qualifier (not after a time), then nothing before b; fills
 * the point's range. */
int date_finish_point(dparse *p, size_t i, size_t b, tl_point *pt);

/* date_casual.c: the casual forms s[a..b) ("June 2017", "2 August
 * 2018"), into the same point as their EDTF twins. */
int date_casual(dparse *p, size_t a, size_t b, tl_point *pt);
/* Refuses all-numeric dates EDTF does not have (06/07/2017, 6-7-2017,
 * 06.07.17, 2017/06/07) with the EDTF to write; slash dates are read
 * instead (date_slash()) when the context says in which order.  Returns
 * 0 when s[a..b) is not one, -1 with err filled when it is. */
int date_numeric_hint(dparse *p, size_t a, size_t b);
/* Whether s[a..b) starts as a slash date this parser reads: "04/1776"
 * always, "10/14/2024" when the context gives the order. */
int date_is_slash(const dparse *p, size_t a, size_t b);
/* Reads the slash date s[a..b) (date_is_slash() said so) into pt. */
int date_slash(dparse *p, size_t a, size_t b, tl_point *pt);
/* An era form s[a..b): "44 BC", "3000 BCE", "AD 1066", "100 CE", or a
 * bare year when p->era says the range's other end has one.  Returns 1
 * with pt filled, 0 when it is not one, -1 with err filled. */
int date_era(dparse *p, size_t a, size_t b, tl_point *pt);
/* Reads a clock time at s[i] ("8am", "8:30pm", "12am", "08:30") into
 * pt's hour and minute and advances *ip past it. */
int date_clock(dparse *p, size_t i, size_t *ip, size_t b, tl_point *pt);
/* Whether s[a..b) is a clock time alone: "9:30pm", "10am", "14:15". */
int date_is_clock(const char *s, size_t a, size_t b);
/* "now" at s[a..b): the context's instant, or an error without one.
 * Returns 1 with pt filled, 0 when s[a..b) is not "now", -1. */
int date_now(dparse *p, size_t a, size_t b, tl_point *pt);

#endif
