/*
 * render_dump.c - the canonical plain-text dump of the model.  One fact per
 * line, strings quoted with C escapes, day ranges as civil dates: what the
 * golden tests and the format spec's examples compare against, and what
 * `dateline dump` prints.
 */
#include "private.h"

#include <stdlib.h>
#include <string.h>

static const char *const prec_names[] = {
    "none", "century", "decade", "year", "season", "month", "day",
    "minute", "second"};

/* Quotes s with C escapes: ", \, control bytes; UTF-8 passes through. */
static void put_quoted(tl_buf *b, const char *s)
{
	tl_buf_putc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': tl_buf_puts(b, "\\\""); break;
		case '\\': tl_buf_puts(b, "\\\\"); break;
		case '\n': tl_buf_puts(b, "\\n"); break;
		case '\t': tl_buf_puts(b, "\\t"); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				tl_buf_printf(b, "\\x%02x", *p);
			else
				tl_buf_putc(b, (char)*p);
		}
	}
	tl_buf_putc(b, '"');
}

static void put_day(tl_buf *b, int64_t day)
{
	int64_t y;
	int m, d;
	tl_civil_from_days(day, &y, &m, &d);
	if (y < 0)
		tl_buf_printf(b, "-%04lld-%02d-%02d", (long long)-y, m, d);
	else
		tl_buf_printf(b, "%04lld-%02d-%02d", (long long)y, m, d);
}

static void put_point(tl_buf *b, const char *what, const tl_point *pt)
{
	tl_buf_printf(b, "  %s ", what);
	if (pt->flags & TL_PT_OPEN) {
		tl_buf_puts(b, "open\n");
		return;
	}
	if (pt->flags & TL_PT_UNKNOWN) {
		tl_buf_puts(b, "unknown\n");
		return;
	}
	tl_buf_printf(b, "%s", prec_names[pt->prec]);
	if (pt->qual & TL_QUAL_UNCERTAIN)
		tl_buf_puts(b, " uncertain");
	if (pt->qual & TL_QUAL_APPROX)
		tl_buf_puts(b, " approximate");
	if (pt->flags & TL_PT_UNSPEC)
		tl_buf_puts(b, " unspecified");
	tl_buf_puts(b, " [");
	put_day(b, pt->lo);
	tl_buf_puts(b, ", ");
	put_day(b, pt->hi);
	tl_buf_puts(b, ")");
	if (pt->prec >= TL_PREC_MINUTE) {
		tl_buf_printf(b, " %02d:%02d:%02d", pt->hour, pt->minute,
		              pt->second);
		if (pt->flags & TL_PT_UTC)
			tl_buf_puts(b, " UTC");
		else if (pt->flags & TL_PT_OFFSET)
			tl_buf_printf(b, " %c%02d:%02d",
			              pt->tz_minutes < 0 ? '-' : '+',
			              (pt->tz_minutes < 0 ? -pt->tz_minutes : pt->tz_minutes) / 60,
			              (pt->tz_minutes < 0 ? -pt->tz_minutes : pt->tz_minutes) % 60);
		else
			tl_buf_puts(b, " floating");
	}
	tl_buf_putc(b, '\n');
}

static void put_event(tl_buf *b, const tl_timeline *tl, size_t i)
{
	const tl_event *e = &tl->events[i];
	char edtf[128];
	tl_date_format(&e->date, edtf, sizeof(edtf));
	tl_buf_printf(b, "event %zu line %u lane %u\n", i + 1, e->line, e->lane);
	tl_buf_puts(b, "  date ");
	put_quoted(b, e->date_text);
	tl_buf_printf(b, " edtf %s range [", edtf);
	put_day(b, e->date.lo);
	tl_buf_puts(b, ", ");
	put_day(b, e->date.hi);
	tl_buf_puts(b, ")\n");
	if (e->date.is_interval) {
		put_point(b, "start", &e->date.start);
		put_point(b, "end", &e->date.end);
	} else {
		put_point(b, "point", &e->date.start);
	}
	tl_buf_puts(b, "  title ");
	put_quoted(b, e->title);
	tl_buf_putc(b, '\n');
	if (e->id) {
		tl_buf_puts(b, "  id ");
		put_quoted(b, e->id);
		tl_buf_putc(b, '\n');
	}
	for (uint32_t j = 0; j < e->ntags; j++) {
		tl_buf_puts(b, "  tag ");
		put_quoted(b, e->tags[j]);
		tl_buf_putc(b, '\n');
	}
	for (uint32_t j = 0; j < e->nsources; j++) {
		tl_buf_puts(b, "  source ");
		put_quoted(b, e->sources[j]);
		tl_buf_putc(b, '\n');
	}
	for (uint32_t j = 0; j < e->nlinks; j++) {
		tl_buf_puts(b, "  link ");
		put_quoted(b, e->links[j].text);
		tl_buf_putc(b, ' ');
		put_quoted(b, e->links[j].url);
		tl_buf_putc(b, '\n');
	}
	for (uint32_t j = 0; j < e->nafter; j++) {
		tl_buf_puts(b, "  after ");
		put_quoted(b, e->after[j]);
		tl_buf_putc(b, '\n');
	}
	for (uint32_t j = 0; j < e->nprops; j++) {
		tl_buf_printf(b, "  prop %s ", e->props[j].key);
		put_quoted(b, e->props[j].value);
		tl_buf_putc(b, '\n');
	}
	if (e->description) {
		tl_buf_puts(b, "  description ");
		put_quoted(b, e->description);
		tl_buf_putc(b, '\n');
	}
}

tl_status tl_render_dump(const tl_timeline *tl, const tl_options *o,
                         tl_write_fn write, void *ctx, tl_diags *diags)
{
	tl_buf b = {0};
	int rc = 0;
	tl_buf_puts(&b, "timeline ");
	put_quoted(&b, tl->name);
	tl_buf_printf(&b, " events %zu lanes %zu\n", tl->nevents, tl->nlanes);
	if (tl->now_line) {
		/* A file that reads "now" depends on the clock: say so, and
		 * from what, so a dump under SOURCE_DATE_EPOCH stays the same. */
		int64_t day = (tl->now >= 0 ? tl->now : tl->now - 86399) / 86400;
		int64_t sec = tl->now - day * 86400;
		tl_buf_printf(&b, "clock line %u reads now: ", tl->now_line);
		put_day(&b, day);
		tl_buf_printf(&b, "T%02d:%02d:%02dZ from %s; the dates depend "
		              "on the clock\n",
		              (int)(sec / 3600), (int)(sec / 60 % 60),
		              (int)(sec % 60),
		              tl->now_from_env ? "SOURCE_DATE_EPOCH" : "the clock");
	}
	for (size_t i = 0; i < tl->nmeta; i++) {
		tl_buf_printf(&b, "meta %s ", tl->meta[i].key);
		put_quoted(&b, tl->meta[i].value);
		tl_buf_putc(&b, '\n');
	}
	for (size_t i = 0; i < tl->nlanes; i++) {
		tl_buf_printf(&b, "lane %zu ", i);
		put_quoted(&b, tl->lanes[i]);
		tl_buf_putc(&b, '\n');
	}
	for (size_t i = 0; i < tl->nevents && rc == 0; i++) {
		put_event(&b, tl, i);
		/* Flush every 64 KiB so a big dump streams. */
		if (b.len > 65536)
			rc = tl_buf_flush(&b, write, ctx);
	}
	if (rc == 0)
		rc = tl_buf_flush(&b, write, ctx);
	free(b.data);
	return rc ? TL_WRITE_FAILED : TL_OK;
}
