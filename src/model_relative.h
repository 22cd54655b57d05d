/*
 * model_relative.h - dates that depend on other events, and recurrences
 * (docs/format.md, "Relative dates" and "Recurring events").  The native
 * reader reads the grammar of a line's date head into a tl_rel
 * (read_native_relative.c); once every event is read the model resolves
 * the relative dates (model_relative.c), then expands recurrences into one
 * event per occurrence (model_recur.c).  Internal to src/.
 */
#ifndef DATELINE_MODEL_RELATIVE_H
#define DATELINE_MODEL_RELATIVE_H

#include "private.h"

/* At most this many occurrences come from one recurrence, and from all the
 * recurrences of one file: more is an error at the recurrence, never an
 * unbounded loop or an unbounded model. */
#define TL_RECUR_MAX 10000
#define TL_RECUR_FILE_MAX 100000

/* Amounts in one side of a relative date ("1 year 2 months"). */
#define TL_REL_AMOUNTS 8

typedef enum tl_rel_unit {
	TL_UNIT_DAY,
	TL_UNIT_WEEKDAY, /* "week days", "work days", "business days" */
	TL_UNIT_WEEK,
	TL_UNIT_MONTH,
	TL_UNIT_YEAR
} tl_rel_unit;

typedef struct tl_rel_amount {
	uint32_t n;
	uint8_t unit; /* tl_rel_unit */
} tl_rel_amount;

enum { TL_SIDE_NONE, TL_SIDE_ABS, TL_SIDE_REL };      /* tl_rel_side.kind */
enum { TL_WORD_NONE, TL_WORD_AFTER, TL_WORD_BEFORE }; /* .word ("by" too) */
enum { TL_REF_PRIOR, TL_REF_ID };                     /* .ref */
enum { TL_MOD_NONE, TL_MOD_START, TL_MOD_END };       /* .mod */

/* One end of a date head: an absolute date point, or "[after|before|by]
 * [!id[.start|.end] | .start | .end] [plus] amount...".  Columns are
 * 1-based in the line as written once the reader stored the spec (in the
 * head while read_native_relative.c parses it). */
typedef struct tl_rel_side {
	uint8_t kind, word, ref, mod;
	uint8_t namt;
	tl_rel_amount amt[TL_REL_AMOUNTS];
	tl_point abs;            /* TL_SIDE_ABS */
	const char *id;          /* TL_REF_ID: in the timeline's arena */
	uint32_t col, len;       /* the side */
	uint32_t id_col, id_len; /* the reference (!id, .start, .end) */
} tl_rel_side;

/* What the head of one event line says beyond a plain date. */
typedef struct tl_rel {
	uint32_t event; /* index in tl->events (file order) */
	tl_rel_side from, to;
	uint8_t relative;  /* from or to is TL_SIDE_REL */
	uint8_t recur;     /* a recurrence follows the date */
	uint8_t step;      /* its unit: TL_UNIT_DAY, _WEEK, _MONTH, _YEAR */
	uint32_t interval; /* every N units */
	uint8_t other;     /* written "every other" (interval 2) */
	uint32_t count;    /* occurrences, or 0 with until */
	uint8_t has_until; /* an "until" date was given */
	int64_t until;     /* with count 0: the last day an occurrence may
	                       start on (days since 1970-01-01) */
	uint32_t rec_col, rec_len; /* the recurrence, from "every" */
	uint32_t end_col, end_len; /* its "xN", "for N" or "until DATE" */
} tl_rel;

/* The specs of one file, in event order.  Zero-initialize; the caller
 * frees v with free(). */
typedef struct tl_rels {
	tl_rel *v;
	size_t n, cap;
} tl_rels;

/* read_native_relative.c: reads the date head s[0..n) when it is a
 * relative date or carries a recurrence.  Returns 0 when it is neither
 * (s is left to the date parser), 1 with *out filled (ids copied into
 * arena; columns 1-based in s), or -1 with err filled (column and length
 * 1-based in s).  ctx (may be NULL) is the file's date context: its
 * warnings are added with columns in s. */
int tl_rel_parse(const char *s, size_t n, tl_arena *arena, tl_date_ctx *ctx,
                 tl_rel *out, tl_diag *err);

/* model_relative.c: gives every event of rels with a relative date its
 * date (and its canonical EDTF as date_text), in dependency order;
 * unknown ids, cycles, a first event with nothing before it and dates out
 * of range are errors at the line and column of the reference. */
void tl_rel_resolve(tl_timeline *tl, const tl_rels *rels, tl_diags *diags);

/* model_recur.c: adds an event for each later occurrence of every
 * recurrence of rels, right after its series in file order (seq
 * renumbered).  Occurrence k >= 2 of a series with id X has the id
 * "X.<its start date>"; the first keeps X, and only the first keeps the
 * series' after: links. */
void tl_recur_expand(tl_timeline *tl, const tl_rels *rels, tl_diags *diags);

/* model_relative.c: the day `days` plus or minus (sign -1) the amount a,
 * as Markwhen counts it: months and years keep the day of the month,
 * clamped to the month's length; week days skip Saturdays and Sundays. */
int64_t tl_rel_add(int64_t days, const tl_rel_amount *a, int sign);

/* The day of the week of a day number, 0 = Monday .. 6 = Sunday. */
int tl_weekday(int64_t days);

#endif
