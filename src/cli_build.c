/*
 * cli_build.c - `dateline build FILE... -d DIR`: writes what `dateline
 * serve` publishes (NAME.ics, .svg, .png, .pdf, .dot, NAME/index.html and
 * index.html) and the state file .dateline-state into DIR for any static
 * web server.  Everything is rendered in memory first, so an input with
 * errors writes nothing; an input that is also an output is refused.  The
 * site is written into a new directory beside DIR, other files of DIR are
 * linked into it, and it takes DIR's place in one rename, so a failure at
 * any point leaves the previous site whole.  main.c parses the options.
 */
#define _GNU_SOURCE /* renameat2 */
#include "cli_site.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STATE_NAME ".dateline-state"

/* The file output o is written to, relative to the site: "X" for "/X",
 * "X/index.html" for "/X/", "index.html" for "/".  The caller frees the
 * result with free(). */
static char *output_file(const site_output *o)
{
	size_t n = strlen(o->path);
	if (o->path[n - 1] != '/')
		return tl_xstrdup(o->path + 1);
	return cli_concat(o->path + 1, "index.html", "");
}

/* The first path segment of output o ("NAME.ics", "NAME", "index.html"):
 * the entry of DIR it owns.  The caller frees the result with free(). */
static char *output_entry(const site_output *o)
{
	char *e = output_file(o);
	e[strcspn(e, "/")] = '\0';
	return e;
}

/* Refuses inputs that the build would replace: an input that is one of
 * the outputs, the state file, or inside a NAME/ directory of DIR (real
 * path dir).  Returns 0, or CLI_EXIT_USAGE after printing which. */
static int check_inputs(const site *s, const char *dir, char *const *paths,
                        int n)
{
	for (int i = 0; i < n; i++) {
		char real[PATH_MAX];
		if (!realpath(paths[i], real))
			continue;
		for (size_t k = 0; k <= site_count(s); k++) {
			char *entry = k < site_count(s)
			                  ? output_entry(site_get(s, k))
			                  : tl_xstrdup(STATE_NAME);
			char *mine = cli_concat(dir, "/", entry);
			size_t len = strlen(mine);
			int hit = strcmp(real, mine) == 0 ||
			          (strncmp(real, mine, len) == 0 && real[len] == '/');
			free(mine);
			if (hit) {
				cli_error("%s: this input is also what the build writes "
				          "as %s/%s; move it out of the directory (try "
				          "'dateline --help')", paths[i], dir, entry);
				free(entry);
				return CLI_EXIT_USAGE;
			}
			free(entry);
		}
	}
	return 0;
}

/* The inputs of a build into an existing directory, for refuse_inputs(). */
typedef struct build_inputs {
	const char *dir; /* the directory's real path */
	char *const *paths;
	int n;
} build_inputs;

/* site_config.before_read: check_inputs() before any input is read, so a
 * colliding input is refused whatever it holds. */
static int refuse_inputs(const site *s, void *ctx)
{
	const build_inputs *in = ctx;
	return check_inputs(s, in->dir, in->paths, in->n);
}

/* Writes output o into the new site dir.  Returns a cli_exit; prints
 * problems. */
static int write_output(const char *dir, const site_output *o)
{
	if (o->absent)
		return CLI_EXIT_OK;
	char *rel = output_file(o);
	char *path = cli_concat(dir, "/", rel);
	int rc = CLI_EXIT_OK;
	char *slash = strchr(rel, '/');
	if (slash) { /* NAME/index.html: a directory of its own */
		*slash = '\0';
		char *sub = cli_concat(dir, "/", rel);
		if (mkdir(sub, 0777) != 0 && errno != EEXIST) {
			cli_error("%s: %s", sub, strerror(errno));
			rc = CLI_EXIT_IO;
		}
		free(sub);
	}
	cli_out *out = rc ? NULL : cli_out_open(path);
	if (!rc && !out) {
		cli_error("%s: %s", path, strerror(errno));
		rc = CLI_EXIT_IO;
	}
	if (out) {
		cli_out_write(out, o->body, o->len);
		if (cli_out_commit(out) < 0) {
			cli_error("%s: %s", path, strerror(errno));
			rc = CLI_EXIT_IO;
		}
	}
	free(rel);
	free(path);
	return rc;
}

/* An nftw callback removing every entry it is given (depth first). */
static int remove_entry(const char *path, const struct stat *st, int flag,
                        struct FTW *ftw)
{
	return remove(path) == 0 ? 0 : -1;
}

/* Removes the tree at path; quietly, since only our own scratch trees
 * are removed. */
static void remove_tree(const char *path)
{
	nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Whether entry (a name in DIR) belongs to the site. */
static int owned(const site *s, const char *entry)
{
	if (strcmp(entry, STATE_NAME) == 0)
		return 1;
	for (size_t k = 0; k < site_count(s); k++) {
		char *e = output_entry(site_get(s, k));
		int same = strcmp(e, entry) == 0;
		free(e);
		if (same)
			return 1;
	}
	return 0;
}

/* Hard-links every file of old that the site does not own into new, so
 * it stays where it was (an input among them keeps its inode).  Its
 * directories are moved after the swap: their names go into *dirs (the
 * caller frees each and the list with free()).  Returns a cli_exit. */
static int carry_files(const site *s, const char *old, const char *new,
                       char ***dirs, size_t *ndirs)
{
	DIR *d = opendir(old);
	if (!d) {
		cli_error("%s: %s", old, strerror(errno));
		return CLI_EXIT_IO;
	}
	int rc = CLI_EXIT_OK;
	struct dirent *de;
	while (rc == CLI_EXIT_OK && (de = readdir(d))) {
		const char *n = de->d_name;
		if (!strcmp(n, ".") || !strcmp(n, "..") || owned(s, n))
			continue;
		char *from = cli_concat(old, "/", n);
		char *to = cli_concat(new, "/", n);
		struct stat st;
		if (lstat(from, &st) == 0 && S_ISDIR(st.st_mode)) {
			*dirs = tl_xrealloc(*dirs,
			                    (*ndirs + 1) * sizeof(**dirs));
			(*dirs)[(*ndirs)++] = tl_xstrdup(n);
		} else if (link(from, to) != 0) {
			cli_error("%s: cannot keep it in the new site: %s", from,
			          strerror(errno));
			rc = CLI_EXIT_IO;
		}
		free(from);
		free(to);
	}
	closedir(d);
	return rc;
}

/* Puts the finished site new in the place of dir (real path; exists says
 * whether it does), moves dirs (subdirectories the site does not own)
 * from the old site into it and removes the old site.  Returns a cli_exit;
 * on failure the old site is still at dir. */
static int swap_in(const char *new, const char *dir, int exists, char **dirs,
                   size_t ndirs)
{
	if (!exists) {
		if (rename(new, dir) == 0)
			return CLI_EXIT_OK;
		cli_error("%s: %s", dir, strerror(errno));
		return CLI_EXIT_IO;
	}
	if (renameat2(AT_FDCWD, new, AT_FDCWD, dir, RENAME_EXCHANGE) != 0) {
		cli_error("%s: cannot swap in the new site: %s", dir,
		          strerror(errno));
		return CLI_EXIT_IO;
	}
	/* new now holds the old site. */
	int rc = CLI_EXIT_OK;
	for (size_t i = 0; i < ndirs; i++) {
		char *from = cli_concat(new, "/", dirs[i]);
		char *to = cli_concat(dir, "/", dirs[i]);
		if (rename(from, to) != 0) {
			cli_error("%s: %s", to, strerror(errno));
			rc = CLI_EXIT_IO;
		}
		free(from);
		free(to);
	}
	remove_tree(new);
	return rc;
}

/* Makes the new site's directory beside dir (real path, or as given when
 * it does not exist yet), with dir's mode.  Returns its path, or NULL
 * after printing why.  The caller frees the result with free(). */
static char *new_site_dir(const char *dir, int exists, mode_t mode)
{
	const char *slash = strrchr(dir, '/');
	char *parent = slash ? tl_xstrndup(dir, (size_t)(slash - dir + 1))
	                     : tl_xstrdup("./");
	char *tmpl = cli_concat(parent, ".", slash ? slash + 1 : dir);
	char *path = cli_concat(tmpl, ".new-", "XXXXXX");
	free(parent);
	free(tmpl);
	if (!mkdtemp(path)) {
		cli_error("%s: %s", dir, strerror(errno));
		free(path);
		return NULL;
	}
	if (!exists) {
		mode_t mask = umask(0);
		umask(mask);
		mode = 0777 & ~mask;
	}
	chmod(path, mode & 07777);
	return path;
}

/* Writes site s as the new content of dir: a new directory, the outputs
 * and the state, the other files of dir, then the swap.  Returns a
 * cli_exit; on failure dir is as it was. */
static int write_site(const site *s, const cli_state *st, const char *dir,
                      int exists, mode_t mode)
{
	char *new = new_site_dir(dir, exists, mode);
	if (!new)
		return CLI_EXIT_IO;
	int rc = CLI_EXIT_OK;
	for (size_t i = 0; rc == CLI_EXIT_OK && i < site_count(s); i++)
		rc = write_output(new, site_get(s, i));
	char *state = cli_concat(new, "/", STATE_NAME);
	if (rc == CLI_EXIT_OK)
		rc = cli_state_save(st, state);
	free(state);
	char **dirs = NULL;
	size_t ndirs = 0;
	if (rc == CLI_EXIT_OK && exists)
		rc = carry_files(s, dir, new, &dirs, &ndirs);
	if (rc == CLI_EXIT_OK)
		rc = swap_in(new, dir, exists, dirs, ndirs);
	else
		remove_tree(new);
	for (size_t i = 0; i < ndirs; i++)
		free(dirs[i]);
	free(dirs);
	free(new);
	return rc;
}

/* Looks at DIR: *exists and its real path and mode when it is a
 * directory.  Returns 0, or CLI_EXIT_IO after printing why (not a
 * directory; a parent that does not exist). */
static int look_at_dir(const char *dir, int *exists, char *real, mode_t *mode)
{
	struct stat st;
	*exists = 0;
	if (stat(dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			cli_error("%s: %s", dir, strerror(ENOTDIR));
			return CLI_EXIT_IO;
		}
		if (!realpath(dir, real)) {
			cli_error("%s: %s", dir, strerror(errno));
			return CLI_EXIT_IO;
		}
		*exists = 1;
		*mode = st.st_mode;
		return 0;
	}
	if (errno != ENOENT) {
		cli_error("%s: %s", dir, strerror(errno));
		return CLI_EXIT_IO;
	}
	/* Its parent must exist: the new site is made there. */
	char *copy = tl_xstrdup(dir);
	size_t n = strlen(copy);
	while (n > 1 && copy[n - 1] == '/')
		copy[--n] = '\0';
	snprintf(real, PATH_MAX, "%s", copy);
	char *slash = strrchr(copy, '/');
	if (slash)
		*(slash == copy ? slash + 1 : slash) = '\0';
	int ok = !slash || (stat(copy, &st) == 0 && S_ISDIR(st.st_mode));
	free(copy);
	if (!ok) {
		cli_error("%s: %s", dir, strerror(ENOENT));
		return CLI_EXIT_IO;
	}
	return 0;
}

int cli_build(const cli_site_args *a)
{
	char *base = NULL;
	if (a->base_url && !(base = site_base_url(a->base_url)))
		return CLI_EXIT_USAGE;
	/* The directory first: a bad one fails before any rendering. */
	char real[PATH_MAX];
	int exists;
	mode_t mode = 0;
	int rc = look_at_dir(a->dir, &exists, real, &mode);
	if (rc) {
		free(base);
		return rc;
	}
	char *state_path = cli_concat(real, "/", STATE_NAME);
	char *old_index = cli_concat(real, "/", "index.html");
	/* A site built before without its state file lost it. */
	cli_state *st = cli_state_load(state_path,
	                               exists && access(old_index, F_OK) == 0);
	free(old_index);
	free(state_path);
	site *s = NULL;
	build_inputs inputs = {real, a->files, a->nfiles};
	site_config cfg = {base, a->fixed_time, a->filter, a->input_format, st,
	                   0, 0, exists ? refuse_inputs : NULL, &inputs};
	rc = site_open(&s, a->files, a->nfiles, &cfg);
	free(base);
	if (rc == CLI_EXIT_OK)
		rc = write_site(s, st, real, exists, mode);
	site_free(s);
	cli_state_free(st);
	return rc;
}
