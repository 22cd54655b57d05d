/*
 * days.c - day arithmetic of the proleptic Gregorian calendar: days since
 * 1970-01-01 from a civil date and back, leap years and month lengths, for
 * every year dateline accepts (astronomical numbering: 0 is 1 BCE).  Our
 * own, step by step: no mktime, no time_t, no TZ.
 */
#include "private.h"

/* True when y is a leap year of the proleptic Gregorian calendar.  C's %
 * truncates toward zero, but a test against 0 gives the same answer for
 * negative years: year 0 and -4 are leap, -100 is not. */
int tl_is_leap(int64_t y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

/* Days in month m (1-12) of year y; 0 for any other m. */
int tl_days_in_month(int64_t y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30,
	                             31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && tl_is_leap(y) ? 29 : days[m - 1];
}

/* Days since 1970-01-01 of y-m-d (m 1-12, d 1-31, not checked here).
 * Howard Hinnant's days_from_civil, spelled out step by step. */
int64_t tl_days_from_civil(int64_t y, int m, int d)
{
	/* 1. Start the year on 1 March, so the leap day is the last day of
	 *    its year: January and February belong to the year before. */
	y -= m <= 2;
	/* 2. The calendar repeats every 400 years (an "era" of 146097 days).
	 *    Find the era by floor division, which C only does for y >= 0. */
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	/* 3. The year of the era, 0..399. */
	int64_t yoe = y - era * 400;
	/* 4. The day of the March-based year, 0..365: months March..January
	 *    are numbered 0..11 and (153 * mp + 2) / 5 is the day on which
	 *    month mp starts (31, 30, 31, 30, 31 repeating). */
	int mp = m > 2 ? m - 3 : m + 9;
	int64_t doy = (153 * mp + 2) / 5 + d - 1;
	/* 5. The day of the era, 0..146096: 365 days a year plus a leap day
	 *    every 4 years, minus one every 100, plus one every 400. */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	/* 6. 719468 is the day of the era count on which 1970-01-01 falls
	 *    (0000-03-01 is day 0 of era 0). */
	return era * 146097 + doe - 719468;
}

/* The inverse of tl_days_from_civil: the proleptic Gregorian date of a day
 * number.  Writes through every pointer; none may be NULL. */
void tl_civil_from_days(int64_t days, int64_t *y, int *m, int *d)
{
	/* 1. Count from 0000-03-01 instead of 1970-01-01. */
	int64_t z = days + 719468;
	/* 2. The 400-year era, by floor division. */
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	/* 3. The day of the era, 0..146096. */
	int64_t doe = z - era * 146097;
	/* 4. The year of the era, 0..399: take out the leap days (one each
	 *    1460 days, given back each 36524, taken again at 146096) and the
	 *    remainder divides evenly by 365. */
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	/* 5. The day of the March-based year, 0..365. */
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	/* 6. The March-based month 0..11, inverting (153 * mp + 2) / 5. */
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	/* 7. January and February belong to the next civil year. */
	*y = yoe + era * 400 + (*m <= 2);
}
