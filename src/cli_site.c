/*
 * cli_site.c - the outputs of some event files, rendered in memory: per
 * file NAME.ics, .svg, .png, .pdf, .dot and the page NAME/, plus "/" (the
 * page itself for one file, an index for several).  A file that changes is
 * re-read once it has settled; a version with errors, or a suspect one
 * (emptied, or most events gone), leaves the last good outputs in place and
 * says why in the pages' banner.
 */
#include "cli_site.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define DEFAULT_MAX_AGE 86400 /* refresh P1D */
#define BANNER_MAX_ERRORS 10

enum { OUT_ICS, OUT_SVG, OUT_PNG, OUT_PDF, OUT_DOT, OUT_PAGE, NOUT };

static const struct {
	const char *ext, *format, *type;
} kinds[NOUT] = {
    {".ics", NULL, "text/calendar; charset=utf-8"},
    {".svg", "svg", "image/svg+xml"},
    {".png", "png", "image/png"},
    {".pdf", "pdf", "application/pdf"},
    {".dot", "dot", "text/vnd.graphviz; charset=utf-8"},
    {"/", NULL, "text/html; charset=utf-8"},
};

/* What is known of one event file on disk, to notice a change. */
typedef struct file_id {
	int err; /* errno of a failed stat, else 0 */
	unsigned long long dev, ino;
	long long size, sec, nsec;
} file_id;

typedef struct site_file {
	const char *path; /* as given on the command line */
	char *name;
	file_id seen;     /* the version last read */
	file_id pending;  /* a change being watched until it settles */
	int has_pending;
	int64_t pending_since; /* ms */
	tl_timeline *tl;  /* last good version */
	tl_options opts;  /* its options (timestamp) */
	tl_timeline *held; /* a suspect version held back, or NULL */
	tl_options held_opts;
	cli_input held_src;
	int64_t held_since; /* ms */
	char *banner;     /* why the current version is not served, or NULL */
	site_output out[NOUT];
} site_file;

struct site {
	site_file *files;
	size_t n;
	site_config cfg;
	char *base_url;
	int64_t now;      /* wall clock of the render in progress */
	site_output root;
};

/* ---- small helpers ---- */

/* f's feed under --base-url, or NULL without one.  The caller frees the
 * result with free(). */
static char *feed_url(const site *s, const site_file *f)
{
	return s->base_url ? cli_concat(s->base_url, f->name, ".ics") : NULL;
}

/* 64-bit FNV-1a of the body, as a quoted strong ETag. */
static void make_etag(site_output *o)
{
	uint64_t h = tl_hash(TL_HASH_SEED, o->body, o->len);
	snprintf(o->etag, sizeof(o->etag), "\"%016llx\"", (unsigned long long)h);
}

/* Takes body as o's new content, stamped with the wall clock unless the
 * bytes are the same as before (then the old Last-Modified stays true);
 * a new Last-Modified is always later than the one before, so a client
 * that fetched within the same second still sees the change. */
static void set_body(site_output *o, tl_buf *body, int64_t now)
{
	char old[sizeof(o->etag)];
	memcpy(old, o->etag, sizeof(old));
	free(o->body);
	o->body = body->data;
	o->len = body->len;
	make_etag(o);
	if (strcmp(old, o->etag) != 0)
		o->modified = now > o->modified ? now : o->modified + 1;
	memset(body, 0, sizeof(*body));
}

static void output_free(site_output *o)
{
	free(o->path);
	free(o->body);
}

/* ---- reading and rendering one file ---- */

static int same_id(const file_id *a, const file_id *b)
{
	return a->err == b->err && a->dev == b->dev && a->ino == b->ino &&
	       a->size == b->size && a->sec == b->sec && a->nsec == b->nsec;
}

static file_id stat_id(const char *path)
{
	file_id id = {0};
	struct stat st;
	if (stat(path, &st) != 0) {
		id.err = errno ? errno : EIO;
		return id;
	}
	id.dev = (unsigned long long)st.st_dev;
	id.ino = (unsigned long long)st.st_ino;
	id.size = (long long)st.st_size;
	id.sec = (long long)st.st_mtim.tv_sec;
	id.nsec = (long long)st.st_mtim.tv_nsec;
	return id;
}

/* The banner text of a version with errors, from its diagnostics. */
static char *errors_banner(const char *path, const tl_diags *d)
{
	tl_buf m = {0};
	char line[TL_DIAG_MSG_MAX + 512];
	int shown = 0;
	for (size_t i = 0; i < tl_diags_count(d) && shown < BANNER_MAX_ERRORS;
	     i++) {
		const tl_diag *g = tl_diags_get(d, i);
		if (g->severity != TL_SEV_ERROR)
			continue;
		int n = g->line > 0
		            ? snprintf(line, sizeof(line), "%s:%d:%d: error: %s\n",
		                       path, g->line, g->col, g->message)
		            : snprintf(line, sizeof(line), "%s: error: %s\n", path,
		                       g->message);
		size_t len = (size_t)n, most = sizeof(line) - 1;
		tl_buf_put(&m, line, len < most ? len : most);
		shown++;
	}
	if (tl_diags_errors(d) > shown) {
		int n = snprintf(line, sizeof(line), "... %d errors in all\n",
		                 tl_diags_errors(d));
		tl_buf_put(&m, line, (size_t)n);
	}
	tl_buf_puts(&m, ""); /* a string, even when empty */
	return m.data;
}

/* Renders the page of f (its last good version, its banner) into o, with
 * links relative to link_base.  Returns a cli_exit; prints problems. */
static int render_page(const site *s, site_file *f, site_output *o,
                       const char *link_base)
{
	char *feed = feed_url(s, f);
	tl_html_page page = {f->name, link_base, feed, f->banner,
	                     f->out[OUT_PNG].absent};
	tl_buf m = {0};
	tl_diags *d = cli_diags_new();
	int rc = cli_exit_status(
	    tl_render_html(f->tl, &f->opts, &page, tl_buf_write, &m, d));
	cli_report(d, f->path, NULL, 0);
	tl_diags_free(d);
	free(feed);
	if (rc == CLI_EXIT_OK)
		set_body(o, &m, s->now);
	free(m.data);
	return rc;
}

/* Renders "/": the page of the only file, or the index of them all. */
static int render_root(site *s)
{
	if (s->n == 1)
		return render_page(s, &s->files[0], &s->root, "");
	const tl_timeline **tls = tl_xmalloc(s->n * sizeof(*tls));
	tl_html_page *pages = tl_xmalloc(s->n * sizeof(*pages));
	char **feeds = tl_xmalloc(s->n * sizeof(*feeds));
	for (size_t i = 0; i < s->n; i++) {
		site_file *f = &s->files[i];
		tls[i] = f->tl;
		feeds[i] = feed_url(s, f);
		pages[i] = (tl_html_page){f->name, "", feeds[i], f->banner,
		                          f->out[OUT_PNG].absent};
	}
	tl_buf m = {0};
	tl_diags *d = cli_diags_new();
	int rc = cli_exit_status(
	    tl_render_html_index(tls, pages, s->n, tl_buf_write, &m, d));
	cli_report(d, "index", NULL, 0);
	tl_diags_free(d);
	if (rc == CLI_EXIT_OK)
		set_body(&s->root, &m, s->now);
	free(m.data);
	for (size_t i = 0; i < s->n; i++)
		free(feeds[i]);
	free(feeds);
	free(pages);
	free(tls);
	return rc;
}

/* Renders every output of timeline tl (read from in) into fresh bodies;
 * on success swaps them into f, which takes tl.  Returns a cli_exit; on
 * failure f is untouched and the caller still owns tl. */
/* Renders f's PNG into body.  A diagram too large for a legible bitmap
 * (tl_render_diagram refuses it as invalid) leaves the PNG out of the
 * site with a warning, *absent set, rather than the whole file: the feed,
 * the SVG and the PDF still draw it.  Returns a cli_exit. */
static int render_png(const site_file *f, const tl_timeline *tl,
                      const tl_options *o, tl_buf *body, int *absent)
{
	tl_diags *d = cli_diags_new();
	int rc =
	    cli_exit_status(tl_render_diagram(tl, o, tl_buf_write, body, d));
	*absent = rc == CLI_EXIT_INVALID;
	if (*absent) {
		const tl_diag *g = tl_diags_count(d) ? tl_diags_get(d, 0) : NULL;
		cli_error("%s: warning: %s.png left out: %s", f->path, f->name,
		          g ? g->message : "the diagram cannot be drawn");
		body->len = 0;
		rc = CLI_EXIT_OK;
	} else {
		cli_report(d, f->path, NULL, 0);
	}
	tl_diags_free(d);
	return rc;
}

static int render_file(site *s, site_file *f, tl_timeline *tl,
                       const cli_input *in, const tl_options *opts)
{
	tl_buf bodies[OUT_PAGE] = {{0}};
	int rc = CLI_EXIT_OK;
	tl_diags *d = cli_diags_new();
	char *feed = feed_url(s, f);
	cli_stamper *stamper = NULL;
	int no_png = 0;
	for (int k = 0; k < OUT_PAGE && rc == CLI_EXIT_OK; k++) {
		tl_options o = *opts;
		o.format = kinds[k].format;
		if (k == OUT_ICS) {
			o.feed_url = feed;
			if (s->cfg.state)
				stamper = cli_stamper_new(s->cfg.state, f->name, tl,
				                          opts->timestamp, &o);
		}
		if (k == OUT_PNG) {
			rc = render_png(f, tl, &o, &bodies[k], &no_png);
			continue;
		}
		rc = cli_exit_status(
		    k == OUT_ICS
		        ? tl_render_ics(tl, &o, tl_buf_write, &bodies[k], d)
		        : tl_render_diagram(tl, &o, tl_buf_write, &bodies[k],
		                            d));
	}
	if (rc == CLI_EXIT_OK && stamper)
		cli_stamper_commit(stamper, s->cfg.state);
	cli_stamper_free(stamper);
	free(feed);
	cli_report(d, f->path, in->data, in->len);
	if (rc != CLI_EXIT_OK) {
		free(f->banner);
		f->banner = errors_banner(f->path, d);
	}
	tl_diags_free(d);
	if (rc == CLI_EXIT_OK) {
		int64_t max_age = tl_timeline_refresh(tl);
		for (int k = 0; k < OUT_PAGE; k++) {
			set_body(&f->out[k], &bodies[k], s->now);
			f->out[k].max_age = max_age > 0 ? max_age : DEFAULT_MAX_AGE;
		}
		f->out[OUT_PNG].absent = no_png;
		f->out[OUT_PAGE].max_age = f->out[OUT_ICS].max_age;
		tl_timeline_free(f->tl);
		f->tl = tl;
		f->opts = *opts;
		free(f->banner);
		f->banner = NULL;
	}
	for (int k = 0; k < OUT_PAGE; k++)
		free(bodies[k].data);
	return rc;
}

/* Reads f's version `id` (the one seen settled) and parses it.  Returns
 * a cli_exit and, on success, the filtered timeline in *out (the caller
 * frees it with tl_timeline_free()), its options in *opts and its text in
 * *src (the caller frees it with cli_input_free()); anything
 * but 0 sets the banner.  -1: the file changed while being read (try again
 * once it settles). */
static int read_version(site *s, site_file *f, const file_id *id,
                        tl_timeline **out, tl_options *opts, cli_input *src)
{
	cli_input in;
	int rc = CLI_EXIT_IO;
	*out = NULL;
	if (id->err || (rc = cli_input_read(&in, f->path)) != CLI_EXIT_OK) {
		int err = id->err ? id->err : errno ? errno : EIO;
		if (rc != CLI_EXIT_INVALID)
			cli_error("%s: %s", f->path, strerror(err));
		free(f->banner);
		int big = rc == CLI_EXIT_INVALID;
		f->banner = cli_concat(f->path,
		                       big ? ": larger than --max-input"
		                           : ": cannot be read: ",
		                       big ? "" : strerror(err));
		return rc;
	}
	/* One consistent snapshot: what was read is the version that settled
	 * only when nothing about the file moved meanwhile. */
	file_id after = stat_id(f->path);
	if (!same_id(&after, id)) {
		cli_input_free(&in);
		return -1;
	}
	tl_options_init(opts);
	opts->timestamp = s->cfg.fixed_time >= 0 ? s->cfg.fixed_time
	                  : in.mtime > 0         ? in.mtime
	                                         : 0;
	cli_filter_crop(s->cfg.filter, opts);
	tl_diags *d = cli_diags_new();
	tl_read_options ro;
	cli_filter_read_options(s->cfg.filter, s->cfg.input_format, &ro);
	tl_timeline *tl = tl_read_with(f->path, in.data, in.len, &ro, d);
	cli_report(d, f->path, in.data, in.len);
	rc = cli_diags_status(d);
	int empty = 0;
	if (rc == CLI_EXIT_OK)
		rc = cli_filter_apply(s->cfg.filter, tl, f->path);
	/* Filters that keep no event leave no feed to publish: a calendar
	 * needs at least one component. */
	if (rc == CLI_EXIT_OK)
		rc = empty = cli_filter_empty(s->cfg.filter,
		                              tl_timeline_count(tl), f->path);
	if (rc != CLI_EXIT_OK) {
		/* Errors in the file, --lane names a lane it lacks, or the
		 * filters keep nothing. */
		free(f->banner);
		f->banner = tl_diags_errors(d) ? errors_banner(f->path, d)
		            : empty ? cli_concat(f->path, ": ",
		                                 "no event matches the filters")
		                    : cli_concat(f->path, ": no lane called ",
		                                 s->cfg.filter->lane);
		tl_timeline_free(tl);
	} else {
		*out = tl;
		*src = in;
	}
	tl_diags_free(d);
	if (rc != CLI_EXIT_OK)
		cli_input_free(&in);
	return rc;
}

/* Renders tl as f's new version (f takes it on success, else frees it)
 * and drops any held version.  Returns a cli_exit. */
static int publish(site *s, site_file *f, tl_timeline *tl,
                   const tl_options *opts, cli_input *src)
{
	int rc = render_file(s, f, tl, src, opts);
	if (rc != CLI_EXIT_OK)
		tl_timeline_free(tl);
	cli_input_free(src);
	if (f->held != tl)
		tl_timeline_free(f->held);
	f->held = NULL;
	if (src != &f->held_src)
		cli_input_free(&f->held_src);
	return rc;
}

/* Whether a version of `now` events replacing one of `before` looks like
 * a file caught half-written or emptied by mistake. */
static int suspect(size_t before, size_t now)
{
	return before > 0 && (now == 0 || (before >= 4 && now * 2 < before));
}

/* Reads f's settled version id and publishes it, holds it back as
 * suspect, or keeps the last good one behind a banner.  Returns 1 when
 * f's outputs or banner changed, 0 when the read must be tried again. */
static int load_file(site *s, site_file *f, const file_id *id, int64_t now_ms)
{
	tl_timeline *tl;
	tl_options opts;
	cli_input src;
	int rc = read_version(s, f, id, &tl, &opts, &src);
	if (rc < 0)
		return 0;
	f->seen = *id;
	tl_timeline_free(f->held);
	f->held = NULL;
	cli_input_free(&f->held_src);
	if (rc != CLI_EXIT_OK)
		return 1;
	size_t before = f->tl ? tl_timeline_count(f->tl) : 0;
	size_t after = tl_timeline_count(tl);
	if (f->tl && suspect(before, after)) {
		char why[256];
		snprintf(why, sizeof(why),
		         ": held back: this version has %zu of the %zu events "
		         "published; it is published if it stays unchanged for "
		         "%lld ms", after, before, (long long)s->cfg.hold_ms);
		cli_error("warning: %s%s", f->path, why);
		free(f->banner);
		f->banner = cli_concat(f->path, why, "");
		f->held = tl;
		f->held_opts = opts;
		f->held_src = src;
		f->held_since = now_ms;
		return 1;
	}
	publish(s, f, tl, &opts, &src);
	return 1;
}

/* ---- the site ---- */

/* NAME of an event file: its base name without the last extension. */
static char *name_of(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strrchr(base, '.');
	size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	char *name = tl_xmalloc(n + 1);
	memcpy(name, base, n);
	name[n] = '\0';
	return name;
}

static int name_ok(const char *name)
{
	if (!*name || *name == '.')
		return 0;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '.' || *p == '_' ||
		      *p == '-'))
			return 0;
	return 1;
}

int site_open(site **out, char *const *paths, int n, const site_config *cfg)
{
	site *s = tl_xmalloc(sizeof(*s));
	memset(s, 0, sizeof(*s));
	s->files = tl_xmalloc((size_t)n * sizeof(*s->files));
	memset(s->files, 0, (size_t)n * sizeof(*s->files));
	s->cfg = *cfg;
	s->base_url = cfg->base_url ? tl_xstrdup(cfg->base_url) : NULL;
	s->now = (int64_t)time(NULL);
	s->root.path = tl_xstrdup("/");
	s->root.type = kinds[OUT_PAGE].type;
	s->root.max_age = DEFAULT_MAX_AGE;
	int rc = CLI_EXIT_OK;
	for (int i = 0; i < n; i++, s->n++) {
		site_file *f = &s->files[i];
		f->path = paths[i];
		f->name = name_of(paths[i]);
		for (int k = 0; k < NOUT; k++) {
			f->out[k].path = cli_concat("/", f->name, kinds[k].ext);
			f->out[k].type = kinds[k].type;
		}
		if (strcmp(paths[i], "-") == 0 || !name_ok(f->name)) {
			cli_error("%s: cannot publish this file: its name must use "
			          "only letters, digits, '.', '_' and '-' (try "
			          "'dateline --help')", paths[i]);
			rc = CLI_EXIT_USAGE;
		}
		for (int j = 0; j < i; j++)
			if (rc == CLI_EXIT_OK &&
			    strcmp(s->files[j].name, f->name) == 0) {
				cli_error("%s and %s would both publish '%s' (try "
				          "'dateline --help')", paths[j], paths[i],
				          f->name);
				rc = CLI_EXIT_USAGE;
			}
	}
	if (rc == CLI_EXIT_OK && s->cfg.before_read)
		rc = s->cfg.before_read(s, s->cfg.ctx);
	for (size_t i = 0; i < s->n && rc == CLI_EXIT_OK; i++) {
		site_file *f = &s->files[i];
		tl_timeline *tl;
		tl_options opts;
		cli_input src;
		file_id id = stat_id(f->path);
		do {
			rc = read_version(s, f, &id, &tl, &opts, &src);
			if (rc < 0)
				id = stat_id(f->path); /* changed while read */
		} while (rc < 0);
		f->seen = id;
		if (rc == CLI_EXIT_OK)
			rc = publish(s, f, tl, &opts, &src);
		if (rc == CLI_EXIT_OK)
			rc = render_page(s, f, &f->out[OUT_PAGE], "../");
	}
	if (rc == CLI_EXIT_OK)
		rc = render_root(s);
	if (rc != CLI_EXIT_OK) {
		site_free(s);
		return rc;
	}
	*out = s;
	return CLI_EXIT_OK;
}

void site_free(site *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		site_file *f = &s->files[i];
		for (int k = 0; k < NOUT; k++)
			output_free(&f->out[k]);
		tl_timeline_free(f->tl);
		tl_timeline_free(f->held);
		cli_input_free(&f->held_src);
		free(f->banner);
		free(f->name);
	}
	output_free(&s->root);
	free(s->files);
	free(s->base_url);
	free(s);
}

/* Whether f has something to do at now_ms: publishes a held version
 * that stayed unchanged for the hold time, or reads a change that has
 * settled.  Returns 1 when f's outputs or banner changed. */
static int poll_file(site *s, site_file *f, int64_t now_ms)
{
	file_id now = stat_id(f->path);
	if (same_id(&now, &f->seen)) {
		f->has_pending = 0;
		if (!f->held || now_ms - f->held_since < s->cfg.hold_ms)
			return 0;
		cli_error("%s: published after %lld ms unchanged", f->path,
		          (long long)(now_ms - f->held_since));
		free(f->banner);
		f->banner = NULL;
		publish(s, f, f->held, &f->held_opts, &f->held_src);
		return 1;
	}
	if (!f->has_pending || !same_id(&now, &f->pending)) {
		f->pending = now;
		f->has_pending = 1;
		f->pending_since = now_ms;
		return 0;
	}
	if (now_ms - f->pending_since < s->cfg.settle_ms)
		return 0;
	f->has_pending = 0;
	return load_file(s, f, &now, now_ms);
}

int site_poll(site *s, int64_t now_ms)
{
	int changed = 0;
	for (size_t i = 0; i < s->n; i++) {
		site_file *f = &s->files[i];
		s->now = (int64_t)time(NULL);
		if (!poll_file(s, f, now_ms))
			continue;
		changed++;
		render_page(s, f, &f->out[OUT_PAGE], "../");
	}
	if (changed)
		render_root(s);
	return changed;
}

size_t site_health(const site *s, char **text)
{
	tl_buf m = {0};
	size_t n = 0;
	for (size_t i = 0; i < s->n; i++) {
		const site_file *f = &s->files[i];
		if (!f->banner)
			continue;
		n++;
		const char *end = strchr(f->banner, '\n');
		size_t len = end ? (size_t)(end - f->banner) : strlen(f->banner);
		tl_buf_puts(&m, f->name);
		tl_buf_puts(&m, ": ");
		if (!f->held)
			tl_buf_puts(&m, "serving the last good version: ");
		tl_buf_put(&m, f->banner, len);
		tl_buf_putc(&m, '\n');
	}
	tl_buf_puts(&m, ""); /* a string, even when empty */
	*text = m.data;
	return n;
}

const site_output *site_find(const site *s, const char *path)
{
	if (strcmp(path, s->root.path) == 0)
		return &s->root;
	for (size_t i = 0; i < s->n; i++)
		for (int k = 0; k < NOUT; k++)
			if (strcmp(path, s->files[i].out[k].path) == 0)
				return &s->files[i].out[k];
	return NULL;
}

size_t site_count(const site *s)
{
	return s->n * NOUT + 1;
}

const site_output *site_get(const site *s, size_t i)
{
	if (i == s->n * NOUT)
		return &s->root;
	return &s->files[i / NOUT].out[i % NOUT];
}

size_t site_stale(const site *s)
{
	size_t n = 0;
	for (size_t i = 0; i < s->n; i++)
		n += s->files[i].banner != NULL;
	return n;
}

char *site_base_url(const char *given)
{
	size_t n = strlen(given);
	if ((strncmp(given, "http://", 7) != 0 &&
	     strncmp(given, "https://", 8) != 0) ||
	    !tl_url_is_safe(given)) {
		cli_error("--base-url must be an http:// or https:// URL without "
		          "spaces, quotes or angle brackets, not '%s' (try "
		          "'dateline --help')", given);
		return NULL;
	}
	return cli_concat(given, n && given[n - 1] == '/' ? "" : "/", "");
}
