/*
 * cli_site.h - the published site of some event files: every output that
 * `dateline serve` answers with and `dateline build` writes, rendered in
 * memory from the last good version of each file.  Sharing this module is
 * what makes the two commands produce the same bytes.  Application code.
 */
#ifndef DATELINE_CLI_SITE_H
#define DATELINE_CLI_SITE_H

#include "cli.h"

/* One published file, immutable until the next site_refresh(). */
typedef struct site_output {
	char *path;         /* URL path: "/NAME.ics", "/NAME/", "/" */
	const char *type;   /* Content-Type */
	char *body;
	size_t len;
	char etag[24];      /* strong ETag: "\"" + 16 hex digits + "\"" */
	int64_t modified;   /* Last-Modified: seconds since the epoch */
	int64_t max_age;    /* Cache-Control max-age, from the feed's refresh */
} site_output;

typedef struct site site;

/* Checks the names (NAME from NAME.mw: letters, digits, '.', '_', '-',
 * no two alike), then reads and renders every file; prints problems the
 * way `dateline check` does.  base_url is the public http(s) address of the
 * site's root ending in '/', or NULL when unknown (see tl_html_page).
 * fixed_time >= 0 stamps every output (SOURCE_DATE_EPOCH); -1 uses each
 * file's modification time.  filter (which must outlive the site) selects
 * the events published.  Returns a tl_exit; on success *out is the site.
 * The caller frees *out with site_free(). */
int site_open(site **out, char *const *paths, int n, const char *base_url,
              int64_t fixed_time, const cli_filter *filter);
void site_free(site *s);

/* Looks at each file's size, time and inode; re-reads and re-renders the
 * files that changed.  A version with errors keeps the last good outputs,
 * logs its errors as FILE:LINE:COL and puts them in the pages' banner; a
 * good one replaces them.  Returns how many files were re-read. */
int site_refresh(site *s);

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
