/*
 * cli_state.c - the state file that makes SEQUENCE and LAST-MODIFIED mean
 * something: a text file of lines "NAME TAB UID TAB HASH TAB SEQUENCE TAB
 * LAST-MODIFIED" after a header line, kept sorted.  An event whose hash
 * (of what it says: date, title, text, lane, tags, sources, links and
 * properties) is unchanged keeps its SEQUENCE and LAST-MODIFIED; a changed
 * one gets SEQUENCE + 1 and the build's time; a new one 0 and that time.
 */
#include "cli_state.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define STATE_HEADER "dateline-state 1"

typedef struct entry {
	char *name, *uid;
	uint64_t hash;
	int64_t sequence, modified;
} entry;

struct cli_state {
	entry *e;
	size_t n, cap;
};

/* What the render of one event was handed, by event index. */
typedef struct stamped {
	char *uid; /* NULL: the event was not written */
	uint64_t hash;
	int64_t sequence, modified;
	int changed;
} stamped;

struct cli_stamper {
	const cli_state *st;
	const char *name;
	const tl_timeline *tl;
	int64_t now;
	stamped *out; /* one per event of tl */
	size_t n;
};

static int entry_cmp(const void *a, const void *b)
{
	const entry *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : strcmp(x->uid, y->uid);
}

static void state_add(cli_state *st, entry e)
{
	if (st->n == st->cap) {
		st->cap = st->cap ? st->cap * 2 : 64;
		st->e = tl_xrealloc(st->e, st->cap * sizeof(*st->e));
	}
	st->e[st->n++] = e;
}

static void state_clear(cli_state *st)
{
	for (size_t i = 0; i < st->n; i++) {
		free(st->e[i].name);
		free(st->e[i].uid);
	}
	st->n = 0;
}

/* Parses an unsigned decimal (at most 18 digits) or 16 hex digits
 * (base 16) spanning exactly [p, end).  Returns 0 or -1. */
static int number(const char *p, const char *end, int base, uint64_t *v)
{
	size_t n = (size_t)(end - p);
	if (n == 0 || (base == 10 && n > 18) || (base == 16 && n != 16))
		return -1;
	*v = 0;
	for (; p < end; p++) {
		int d = *p >= '0' && *p <= '9'   ? *p - '0'
		        : base == 16 && *p >= 'a' && *p <= 'f' ? *p - 'a' + 10
		                                                : -1;
		if (d < 0)
			return -1;
		*v = *v * (uint64_t)base + (uint64_t)d;
	}
	return 0;
}

/* Parses one line [p, end) into *e.  Returns 0 or -1. */
static int parse_line(const char *p, const char *end, entry *e)
{
	const char *f[5];
	size_t nf = 0;
	f[nf++] = p;
	for (const char *q = p; q < end; q++) {
		if (*q == '\t') {
			if (nf == 5)
				return -1;
			f[nf++] = q + 1;
		} else if ((unsigned char)*q < 0x20) {
			return -1;
		}
	}
	if (nf != 5 || f[1] == f[0] + 1 || f[2] == f[1] + 1)
		return -1;
	uint64_t hash, seq, mod;
	if (number(f[2], f[3] - 1, 16, &hash) || number(f[3], f[4] - 1, 10, &seq) ||
	    number(f[4], end, 10, &mod) || seq > INT32_MAX)
		return -1;
	e->name = tl_xstrndup(f[0], (size_t)(f[1] - 1 - f[0]));
	e->uid = tl_xstrndup(f[1], (size_t)(f[2] - 1 - f[1]));
	e->hash = hash;
	e->sequence = (int64_t)seq;
	e->modified = (int64_t)mod;
	return 0;
}

/* Fills st from the text of a state file.  Returns 0, or the 1-based
 * line that is wrong. */
static size_t parse_state(cli_state *st, const char *s, size_t len)
{
	const char *p = s, *end = s + len;
	size_t line = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return line + 1; /* cut short */
		line++;
		if (line == 1) {
			if ((size_t)(nl - p) != strlen(STATE_HEADER) ||
			    memcmp(p, STATE_HEADER, (size_t)(nl - p)) != 0)
				return line;
		} else {
			entry e;
			if (parse_line(p, nl, &e))
				return line;
			state_add(st, e);
			if (st->n > 1 && entry_cmp(&st->e[st->n - 2], &e) >= 0)
				return line; /* out of order or twice */
		}
		p = nl + 1;
	}
	return line ? 0 : 1;
}

cli_state *cli_state_load(const char *path, int warn_missing)
{
	cli_state *st = tl_xmalloc(sizeof(*st));
	memset(st, 0, sizeof(*st));
	cli_input in;
	FILE *probe = fopen(path, "rb");
	if (!probe) {
		if (errno != ENOENT || warn_missing)
			cli_error("warning: %s: %s; every event's SEQUENCE starts "
			          "again at 0", path, strerror(errno));
		return st;
	}
	fclose(probe);
	if (cli_input_read(&in, path) != CLI_EXIT_OK) {
		cli_error("warning: %s: cannot be read; every event's SEQUENCE "
		          "starts again at 0", path);
		return st;
	}
	size_t bad = parse_state(st, in.data, in.len);
	if (bad) {
		state_clear(st);
		cli_error("warning: %s:%zu: not a dateline state file; it is "
		          "rebuilt and every event's SEQUENCE starts again at 0",
		          path, bad);
	}
	cli_input_free(&in);
	return st;
}

void cli_state_free(cli_state *st)
{
	if (!st)
		return;
	state_clear(st);
	free(st->e);
	free(st);
}

int cli_state_save(const cli_state *st, const char *path)
{
	cli_out *out = cli_out_open(path);
	if (!out) {
		cli_error("%s: %s", path, strerror(errno));
		return CLI_EXIT_IO;
	}
	cli_out_write(out, STATE_HEADER "\n", strlen(STATE_HEADER) + 1);
	for (size_t i = 0; i < st->n; i++) {
		const entry *e = &st->e[i];
		char nums[64];
		int n = snprintf(nums, sizeof(nums), "\t%016llx\t%lld\t%lld\n",
		                 (unsigned long long)e->hash,
		                 (long long)e->sequence, (long long)e->modified);
		cli_out_write(out, e->name, strlen(e->name));
		cli_out_write(out, "\t", 1);
		cli_out_write(out, e->uid, strlen(e->uid));
		cli_out_write(out, nums, (size_t)n);
	}
	if (cli_out_commit(out) < 0) {
		cli_error("%s: %s", path, strerror(errno));
		return CLI_EXIT_IO;
	}
	return CLI_EXIT_OK;
}

/* ---- stamping one render ---- */

/* FNV-1a over a tagged field: the tag, the bytes, a terminator, so that
 * moving text from one field to the next changes the hash. */
static uint64_t mix(uint64_t h, char tag, const char *s)
{
	const unsigned char head[2] = {(unsigned char)tag, s ? 1 : 0};
	const unsigned char end = 0xff;
	h = tl_hash(h, head, sizeof(head));
	if (s)
		h = tl_hash(h, s, strlen(s));
	return tl_hash(h, &end, 1);
}

/* The hash of what event e of tl says. */
static uint64_t event_hash(const tl_timeline *tl, const tl_event *e)
{
	static const char *const props[] = {"url", "location", "status",
	                                    "color"};
	char date[256];
	uint64_t h = TL_HASH_SEED;
	tl_date_format(tl_event_date(e), date, sizeof(date));
	h = mix(h, 'd', date);
	h = mix(h, 'w', tl_event_date_text(e));
	h = mix(h, 't', tl_event_title(e));
	h = mix(h, 'x', tl_event_description(e));
	h = mix(h, 'i', tl_event_id(e));
	h = mix(h, 'l', tl_timeline_lane(tl, tl_event_lane(e)));
	h = mix(h, 'z', tl_timeline_meta(tl, "timezone"));
	for (size_t i = 0; i < sizeof(props) / sizeof(*props); i++)
		h = mix(h, 'p', tl_event_prop(e, props[i]));
	for (size_t i = 0; i < tl_event_tag_count(e); i++)
		h = mix(h, 'g', tl_event_tag(e, i));
	for (size_t i = 0; i < tl_event_source_count(e); i++)
		h = mix(h, 's', tl_event_source(e, i));
	for (size_t i = 0; i < tl_event_link_count(e); i++) {
		h = mix(h, 'k', tl_event_link_text(e, i));
		h = mix(h, 'u', tl_event_link_url(e, i));
	}
	for (size_t i = 0; i < tl_event_after_count(e); i++)
		h = mix(h, 'a', tl_event_after(e, i));
	return h;
}

/* The entry st has for (name, uid), or NULL. */
static const entry *find(const cli_state *st, const char *name,
                         const char *uid)
{
	entry key = {(char *)name, (char *)uid, 0, 0, 0};
	return st->n ? bsearch(&key, st->e, st->n, sizeof(*st->e), entry_cmp)
	             : NULL;
}

/* tl_options.event_stamp: reads only the old state and the model, and
 * writes only out[index], so worker threads may call it at once. */
static void stamp(void *ctx, size_t index, const char *uid,
                  int64_t *sequence, int64_t *last_modified)
{
	cli_stamper *sp = ctx;
	stamped *s = &sp->out[index];
	s->uid = tl_xstrdup(uid);
	s->hash = event_hash(sp->tl, tl_timeline_event(sp->tl, index));
	const entry *old = find(sp->st, sp->name, uid);
	if (old && old->hash == s->hash) {
		s->sequence = old->sequence;
		s->modified = old->modified;
	} else {
		s->sequence = old ? old->sequence + 1 : 0;
		s->modified = sp->now;
		s->changed = 1;
	}
	*sequence = s->sequence;
	*last_modified = s->modified;
}

cli_stamper *cli_stamper_new(const cli_state *st, const char *name,
                             const tl_timeline *tl, int64_t now,
                             tl_options *o)
{
	cli_stamper *sp = tl_xmalloc(sizeof(*sp));
	sp->st = st;
	sp->name = name;
	sp->tl = tl;
	sp->now = now;
	sp->n = tl_timeline_count(tl);
	sp->out = tl_xcalloc(sp->n, sizeof(*sp->out));
	o->event_stamp = stamp;
	o->event_stamp_ctx = sp;
	return sp;
}

void cli_stamper_free(cli_stamper *sp)
{
	if (!sp)
		return;
	for (size_t i = 0; i < sp->n; i++)
		free(sp->out[i].uid);
	free(sp->out);
	free(sp);
}

void cli_stamper_commit(cli_stamper *sp, cli_state *st)
{
	size_t keep = 0;
	for (size_t i = 0; i < st->n; i++) {
		if (strcmp(st->e[i].name, sp->name) == 0) {
			free(st->e[i].name);
			free(st->e[i].uid);
		} else {
			st->e[keep++] = st->e[i];
		}
	}
	st->n = keep;
	for (size_t i = 0; i < sp->n; i++) {
		stamped *s = &sp->out[i];
		if (!s->uid)
			continue;
		entry e = {tl_xstrdup(sp->name), s->uid, s->hash,
		           s->sequence, s->modified};
		s->uid = NULL;
		state_add(st, e);
	}
	if (st->n > 1)
		qsort(st->e, st->n, sizeof(*st->e), entry_cmp);
	/* Two events with one UID (ids written twice): keep the first. */
	keep = 0;
	for (size_t i = 0; i < st->n; i++) {
		if (keep && entry_cmp(&st->e[keep - 1], &st->e[i]) == 0) {
			free(st->e[i].name);
			free(st->e[i].uid);
			continue;
		}
		st->e[keep++] = st->e[i];
	}
	st->n = keep;
}

size_t cli_stamper_changed(const cli_stamper *sp)
{
	size_t n = 0;
	for (size_t i = 0; i < sp->n; i++)
		n += sp->out[i].changed;
	return n;
}
