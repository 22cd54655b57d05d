/*
 * date_support.h - what the date tests share: days of a civil date, a
 * parse that fails the test, and exact comparisons of points and dates.
 * Include after cmocka.h and private.h.
 */
#ifndef DATELINE_TEST_DATE_SUPPORT_H
#define DATELINE_TEST_DATE_SUPPORT_H

#define N(a) (sizeof(a) / sizeof((a)[0]))

typedef struct ymd {
	int64_t y;
	int m, d;
} ymd;

static inline int64_t days(ymd v)
{
	return tl_days_from_civil(v.y, v.m, v.d);
}

/* Parses s without a context, failing the test when it does not parse. */
static inline tl_date parse_ok(const char *s)
{
	tl_date d;
	tl_diag err;
	if (tl_date_parse(s, strlen(s), &d, &err) != 0)
		fail_msg("'%s' did not parse: %s", s, err.message);
	return d;
}

static inline int same_point(const tl_point *a, const tl_point *b)
{
	return a->year == b->year && a->lo == b->lo && a->hi == b->hi &&
	       a->month == b->month && a->day == b->day &&
	       a->hour == b->hour && a->minute == b->minute &&
	       a->second == b->second && a->tz_minutes == b->tz_minutes &&
	       a->prec == b->prec && a->qual == b->qual && a->flags == b->flags;
}

static inline int same_date(const tl_date *a, const tl_date *b)
{
	return same_point(&a->start, &b->start) && same_point(&a->end, &b->end) &&
	       a->lo == b->lo && a->hi == b->hi &&
	       a->is_interval == b->is_interval;
}

#endif
