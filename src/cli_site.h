/*
 * cli_site.h - the published site of some event files: every output that
 * `dateline serve` answers with and `dateline build` writes, rendered in
 * memory from the last good version of each file.  Sharing this module is
 * what makes the two commands produce the same bytes.  Application code.
 */
#ifndef DATELINE_CLI_SITE_H
#define DATELINE_CLI_SITE_H

#include "cli.h"
#include "cli_state.h"

/* One published file, immutable until the next site_refresh(). */
typedef struct site_output {
	char *path;         /* URL path: "/NAME.ics", "/NAME/", "/" */
	const char *type;   /* Content-Type */
	char *body;
	size_t len;
	char etag[24];      /* strong ETag: "\"" + 16 hex digits + "\"" */
	int64_t modified;   /* Last-Modified: when these bytes were rendered
	                     * (wall clock, rising with every change) */
	int64_t max_age;    /* Cache-Control max-age, from the feed's refresh */
	int absent;         /* not published (a PNG too large to be legible):
	                     * serve answers 404, build writes no file */
} site_output;

typedef struct site site;

/* How a site is published. */
typedef struct site_config {
	/* The public http(s) address of the site's root ending in '/', or
	 * NULL when unknown (see tl_html_page); NAME.ics under it is each
	 * feed's SOURCE. */
	const char *base_url;
	/* >= 0 stamps every output (SOURCE_DATE_EPOCH); -1 uses each file's
	 * modification time. */
	int64_t fixed_time;
	const cli_filter *filter; /* the events published; outlives the site */
	tl_format input_format;   /* --input-format; TL_FORMAT_AUTO by default */
	/* SEQUENCE and LAST-MODIFIED per event, updated by every render that
	 * is published, or NULL for neither; outlives the site. */
	cli_state *state;
	/* serve: milliseconds a changed file must keep its size, time and
	 * inode before it is read (the settle time); a suspect edit (one
	 * that empties the file or drops more than half of its events) is
	 * held back until it has been stable for hold_ms. */
	int64_t settle_ms, hold_ms;
	/* Called once the outputs are named and before any file is read
	 * (build refuses inputs it would overwrite); a non-zero return is
	 * site_open()'s.  NULL for none. */
	int (*before_read)(const site *s, void *ctx);
	void *ctx;
} site_config;

/* Checks the names (NAME from NAME.mw: letters, digits, '.', '_', '-',
 * no two alike), then reads and renders every file; prints problems the
 * way `dateline check` does.  cfg is copied (what it points to is not).
 * Returns a cli_exit; on success *out is the site.
 * The caller frees *out with site_free(). */
int site_open(site **out, char *const *paths, int n, const site_config *cfg);
void site_free(site *s);

/* Looks at each file's size, time and inode at now_ms (a monotonic clock
 * in milliseconds); a file that changed is read once it has been stable
 * for the settle time, and only when it did not change while being read.
 * A version with errors keeps the last good outputs, logs its errors as
 * FILE:LINE:COL and puts them in the pages' banner; a suspect one is held
 * back (banner too) until it has been stable for the hold time; a good
 * one replaces them.  Returns how many files got new outputs or banners. */
int site_poll(site *s, int64_t now_ms);

/* Why the site is not current: one line per file served from its last
 * good version (errors, unreadable, or a suspect edit held back), into a
 * NUL-terminated string.  Returns how many such files.  The caller frees
 * *text with free(). */
size_t site_health(const site *s, char **text);

/* The output at URL path (exact match), or NULL. */
const site_output *site_find(const site *s, const char *path);
/* Every output, in a fixed order: each file's, then "/". */
size_t site_count(const site *s);
const site_output *site_get(const site *s, size_t i);
/* How many files currently have errors and are served from their last
 * good version. */
size_t site_stale(const site *s);

/* Checks a --base-url value: an http(s) URL that tl_url_is_safe().  Returns
 * it with a trailing '/', or NULL after printing a usage error.  The caller
 * frees the result with free(). */
char *site_base_url(const char *given);

#endif
