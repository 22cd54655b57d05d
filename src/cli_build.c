/*
 * cli_build.c - `dateline build FILE... -d DIR`: writes what `dateline
 * serve` publishes (NAME.ics, .svg, .png, .pdf, .dot, NAME/index.html and
 * index.html) into DIR for any static web server.  Everything is rendered
 * in memory first, so an input with errors writes nothing (DIR itself is
 * created first); each file is then replaced atomically.
 */
#include "cli_site.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void print_help(void)
{
	fputs("usage: dateline build -d DIR [--base-url URL] [filters] FILE...\n\n"
	      "Write the files `dateline serve` publishes into DIR: for each\n"
	      "NAME.mw, NAME.ics, NAME.svg, NAME.png, NAME.pdf, NAME.dot and\n"
	      "NAME/index.html; and index.html (the page of one file, or an\n"
	      "index of several).  Each file is replaced atomically; nothing is\n"
	      "written when an input has errors, or when filters keep no event\n"
	      "of any file.\n"
	      "  -d, --directory DIR  where to write (created if missing)\n"
	      "  --base-url URL       public address of DIR, for the pages'\n"
	      "                       webcal:// links (default: found by the\n"
	      "                       page's script from its own address)\n"
	      "  -h, --help           show this help\n"
	      CLI_FILTER_HELP
	      CLI_LIMIT_HELP
	      "SOURCE_DATE_EPOCH, when set, stamps the feeds instead of the "
	      "files' times.\n",
	      stdout);
}

/* Creates directory path unless it exists.  Returns 0, or TL_EXIT_IO
 * after printing why. */
static int make_dir(const char *path)
{
	struct stat st;
	if (mkdir(path, 0777) == 0 || (errno == EEXIST && stat(path, &st) == 0 &&
	                               S_ISDIR(st.st_mode)))
		return 0;
	cli_error("%s: %s", path, strerror(errno == EEXIST ? ENOTDIR : errno));
	return TL_EXIT_IO;
}

/* Writes output o under dir: "/X" is dir/X and a path ending in '/' is
 * its index.html.  Returns a tl_exit; prints problems. */
static int write_output(const char *dir, const site_output *o)
{
	size_t n = strlen(dir) + strlen(o->path) + sizeof("index.html");
	char *path = malloc(n);
	if (!path) {
		cli_error("out of memory");
		abort();
	}
	snprintf(path, n, "%s%s", dir, o->path);
	int rc = TL_EXIT_OK;
	size_t len = strlen(path);
	if (path[len - 1] == '/') {
		path[len - 1] = '\0';
		if (o->path[1]) /* NAME/: a directory of its own */
			rc = make_dir(path);
		strcat(path, "/index.html");
	}
	cli_out *out = rc ? NULL : cli_out_open(path);
	if (!rc && !out) {
		cli_error("%s: %s", path, strerror(errno));
		rc = TL_EXIT_IO;
	}
	if (out) {
		cli_out_write(out, o->body, o->len);
		if (cli_out_commit(out) < 0) {
			cli_error("%s: %s", path, strerror(errno));
			rc = TL_EXIT_IO;
		}
	}
	free(path);
	return rc;
}

int cli_build(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"directory", required_argument, NULL, 'd'},
	    {"base-url", required_argument, NULL, 'b'},
	    {"help", no_argument, NULL, 'h'},
	    CLI_FILTER_OPTIONS,
    CLI_LIMIT_OPTIONS,
	    {NULL, 0, NULL, 0}};
	const char *dir = NULL, *base_arg = NULL;
	cli_filter filter = {0};
	int opt;
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":d:h", opts, NULL)) != -1) {
		int lim = cli_limit_option(opt, optarg);
		if (lim > 0)
			return lim;
		if (lim == 0)
			continue;
		if (cli_filter_name(opt)) {
			if (cli_filter_set(&filter, cli_filter_name(opt), optarg))
				return TL_EXIT_USAGE;
			continue;
		}
		switch (opt) {
		case 'h': print_help(); return TL_EXIT_OK;
		case 'd': dir = optarg; break;
		case 'b': base_arg = optarg; break;
		case ':':
			return cli_usage("build: option '%s' needs a value",
			                 argv[optind - 1]);
		default:
			return cli_usage("build: unknown option '%s'", argv[optind - 1]);
		}
	}
	if (!dir || !*dir)
		return cli_usage("build: give the output directory with -d DIR");
	if (optind == argc)
		return cli_usage("build: no input file");
	int64_t fixed_time;
	char *base = NULL;
	if (cli_source_date_epoch(&fixed_time))
		return TL_EXIT_USAGE;
	if (base_arg && !(base = site_base_url(base_arg)))
		return TL_EXIT_USAGE;
	/* The directory first: a bad one fails before any rendering. */
	site *s = NULL;
	int rc = make_dir(dir);
	if (rc == TL_EXIT_OK)
		rc = site_open(&s, argv + optind, argc - optind, base, fixed_time,
		               &filter);
	free(base);
	for (size_t i = 0; rc == TL_EXIT_OK && i < site_count(s); i++)
		rc = write_output(dir, site_get(s, i));
	site_free(s);
	return rc;
}
