/*
 * fuzz_date.c - libFuzzer target for tl_date_parse and, as the native
 * reader calls it, tl_date_parse_ctx.  Any input must either
 * be refused with a message pointing inside it, or give a date whose
 * ranges are sane, whose canonical EDTF parses back to the very same date
 * (and formats the same again), and whose label is short and not empty.
 */
#include "private.h"

#include <string.h>

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond))                                                   \
			__builtin_trap();                                      \
	} while (0)

/* Field by field, independent of tl_date_cmp (which is checked too). */
static int same_point(const tl_point *a, const tl_point *b)
{
	return a->year == b->year && a->lo == b->lo && a->hi == b->hi &&
	       a->month == b->month && a->day == b->day && a->hour == b->hour &&
	       a->minute == b->minute && a->second == b->second &&
	       a->tz_minutes == b->tz_minutes && a->prec == b->prec &&
	       a->qual == b->qual && a->flags == b->flags;
}

static int same_date(const tl_date *a, const tl_date *b)
{
	return same_point(&a->start, &b->start) &&
	       same_point(&a->end, &b->end) && a->lo == b->lo &&
	       a->hi == b->hi && a->is_interval == b->is_interval;
}

static int known(const tl_point *p)
{
	return !(p->flags & (TL_PT_OPEN | TL_PT_UNKNOWN));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A refusal points inside the input (or just past its end). */
static void check_error(const tl_diag *err, size_t size)
{
	CHECK(err->col >= 1 && err->len >= 1);
	CHECK(size == 0 || (size_t)(err->col - 1 + err->len) <= size);
	CHECK(err->message[0] != '\0');
	CHECK(tl_utf8_check(err->message, strlen(err->message)) ==
	      strlen(err->message));
}

/* A date read: sane ranges, a canonical EDTF that parses back (without
 * a context) to the very same date, a short label. */
static void check_date(const tl_date *dp)
{
	tl_date d = *dp, again;
	tl_diag err;
	char edtf[128], edtf2[128], label[256];
	CHECK(known(&d.start) || known(&d.end));
	if (known(&d.start))
		CHECK(d.start.lo < d.start.hi);
	if (known(&d.end))
		CHECK(d.end.lo < d.end.hi);
	if (!d.is_interval) {
		CHECK(same_point(&d.start, &d.end));
		CHECK(d.lo == d.start.lo && d.hi == d.start.hi);
	} else if (known(&d.start) && known(&d.end)) {
		/* An end before the start is the model's to report. */
		CHECK(d.lo == d.start.lo && d.hi == d.end.hi);
	} else {
		const tl_point *k = known(&d.start) ? &d.start : &d.end;
		CHECK(d.lo == k->lo && d.hi == k->hi);
	}
	CHECK(tl_date_cmp(&d, &d) == 0);

	int n = tl_date_format(&d, edtf, sizeof(edtf));
	CHECK(n > 0 && n <= 53 && strlen(edtf) == (size_t)n);
	CHECK(tl_date_parse(edtf, (size_t)n, &again, &err) == 0);
	CHECK(same_date(&d, &again));
	CHECK(tl_date_cmp(&d, &again) == 0 && tl_date_cmp(&again, &d) == 0);
	CHECK(tl_date_format(&again, edtf2, sizeof(edtf2)) == n);
	CHECK(strcmp(edtf, edtf2) == 0);

	/* Truncated output is still terminated and reports the full size. */
	char small[8];
	CHECK(tl_date_format(&d, small, sizeof(small)) == n);
	CHECK(strlen(small) == ((size_t)n < sizeof(small) ? (size_t)n : 7));

	int l = tl_date_label(&d, label, sizeof(label));
	CHECK(l > 0 && l < 128 && strlen(label) == (size_t)l);
	CHECK(tl_utf8_check(label, (size_t)l) == (size_t)l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	tl_date d;
	tl_diag err;
	if (tl_date_parse((const char *)data, size, &d, &err) < 0)
		check_error(&err, size);
	else
		check_date(&d);
	/* As the native reader reads it: Markwhen's forms, slash dates in
	 * one order or the other, "now" at a fixed instant. */
	tl_date_ctx ctx = {0};
	ctx.slash = size % 2 ? TL_SLASH_DMY : TL_SLASH_MDY;
	ctx.has_now = 1;
	ctx.now = 1768478400;
	if (tl_date_parse_ctx((const char *)data, size, &ctx, &d, &err) < 0) {
		check_error(&err, size);
		return 0;
	}
	check_date(&d);
	CHECK(ctx.nwarn >= 0 && ctx.nwarn <= TL_DATE_WARN_MAX);
	for (int i = 0; i < ctx.nwarn; i++)
		check_error(&ctx.warn[i], size);
	return 0;
}
