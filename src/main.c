/*
 * main.c - the dateline command: options -> library calls -> messages ->
 * exit status.  One table of commands (build and serve among them), one
 * getopt_long loop over one table of options, one help printer.  It
 * includes the public header and the toolbox (through cli.h); every rule
 * about events, dates, feeds and diagrams lives in the library.
 */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

/* Which options a subcommand takes. */
enum {
	OPT_OUT = 1 << 0,
	OPT_FILTER = 1 << 1,
	OPT_ICS = 1 << 2,
	OPT_RENDER = 1 << 3,
	OPT_CHECK_ICS = 1 << 4,
	OPT_DIR = 1 << 5,   /* build -d */
	OPT_SITE = 1 << 6,  /* build and serve: --base-url */
	OPT_SERVE = 1 << 7  /* --listen, --state, --settle, ... */
};

typedef struct command command;

/* Everything the command line said. */
typedef struct cli_opts {
	const command *cmd;
	const char *out;        /* -o; NULL = standard output */
	cli_filter filter;      /* --from, --to, --lane, --tag */
	int check_ics;          /* ics --check */
	int image_map;          /* render --image-map */
	int fixed_time;         /* SOURCE_DATE_EPOCH was set */
	tl_format input_format; /* --input-format; auto by default */
	tl_options lib;
	cli_site_args site;     /* build's and serve's own options */
	char **files;
	int nfiles;
} cli_opts;

struct command {
	const char *name;
	int (*run)(cli_opts *o);
	unsigned opts;
	int min_files, max_files; /* max 0 = any number */
	const char *usage;
	const char *help;  /* what it does, then its own options */
	const char *notes; /* after the options every command takes, or NULL */
};

static int run_check(cli_opts *o);
static int run_dump(cli_opts *o);
static int run_ics(cli_opts *o);
static int run_render(cli_opts *o);
static int run_import(cli_opts *o);
static int run_build(cli_opts *o);
static int run_serve(cli_opts *o);

static const command commands[] = {
    {"check", run_check, OPT_FILTER, 1, 0, "check FILE...",
     "Validate event files and report every problem; exit 1 on errors.\n",
     NULL},
    {"dump", run_dump, OPT_OUT | OPT_FILTER, 1, 1, "dump [-o OUT] FILE",
     "Print the canonical plain-text dump of the model (used by tests).\n"
     "  -o, --output OUT   write to OUT atomically ('-' = standard output)\n",
     NULL},
    {"ics", run_ics, OPT_OUT | OPT_FILTER | OPT_ICS | OPT_CHECK_ICS, 1, 1,
     "ics [-o OUT.ics] [--partial=span|first-day] [--strict] FILE\n"
     "       dateline ics --check FILE.ics",
     "Write the iCalendar feed (RFC 5545 + RFC 7986) of an event file.\n"
     "  -o, --output OUT   write to OUT atomically ('-' = standard output)\n"
     "  --partial=MODE     month, season and year dates: 'span' the whole\n"
     "                     period (default) or one 'first-day' entry\n"
     "  --strict           events iCalendar cannot hold are errors\n"
     "  --check            parse FILE.ics with libical and report problems\n",
     NULL},
    {"render", run_render, OPT_OUT | OPT_FILTER | OPT_RENDER, 1, 1,
     "render -o OUT.svg|.png|.pdf|.dot [-T FORMAT] [options] FILE",
     "Draw the timeline diagram with Graphviz.\n"
     "  -o, --output OUT   write to OUT atomically ('-' = standard output)\n"
     "  -T, --format FMT   svg, png, pdf, dot, cmapx or timelinejs (TimelineJS\n"
     "                     JSON; default: from OUT)\n"
     "  --axis MODE        auto (default: broken where long stretches are\n"
     "                     empty), proportional, broken or ordinal\n"
     "  --orientation DIR  horizontal (default) or vertical\n"
     "  --width INCHES     fit the diagram to this width (at least 2)\n"
     "  --height INCHES    keep the diagram within this height\n"
     "  --dpi N            PNG resolution (default 144)\n"
     "  --map-name NAME    the image map's name (default timeline)\n"
     "  --image-map        write an HTML image map (same as -T cmapx)\n",
     NULL},
    {"import", run_import, OPT_OUT | OPT_FILTER, 1, 1,
     "import [-o OUT.mw] FILE",
     "Write any input (TimelineJS CSV or JSON, .ics, event file) as a native\n"
     "event file that reads back to the same events (docs/import.md).\n"
     "  -o, --output OUT   write to OUT atomically ('-' = standard output)\n",
     NULL},
    {"build", run_build, OPT_DIR | OPT_SITE | OPT_FILTER, 1, 0,
     "build -d DIR [--base-url URL] [filters] FILE...",
     "Write the files `dateline serve` publishes into DIR: for each\n"
     "NAME.mw, NAME.ics, NAME.svg, NAME.png, NAME.pdf, NAME.dot and\n"
     "NAME/index.html; and index.html (the page of one file, or an\n"
     "index of several), and the state file .dateline-state (SEQUENCE\n"
     "and LAST-MODIFIED of each event).  The new site replaces DIR in\n"
     "one rename; nothing is written when an input has errors or is\n"
     "itself an output, or when filters keep no event of any file.\n"
     "  -d, --directory DIR\n"
     "                     where to write (created if missing)\n"
     "  --base-url URL     public address of DIR, for the pages'\n"
     "                     webcal:// links (default: found by the\n"
     "                     page's script from its own address)\n",
     "SOURCE_DATE_EPOCH, when set, stamps the feeds instead of the files' "
     "times.\n"},
    {"serve", run_serve, OPT_SITE | OPT_SERVE | OPT_FILTER, 1, 0,
     "serve [--listen HOST:PORT] [--base-url URL] [--state PATH]\n"
     "                      [--settle MS] [--quiet] [filters] FILE...",
     "Publish each event file NAME.mw over HTTP: /NAME.ics (the feed),\n"
     "/NAME.svg, /NAME.png, /NAME.pdf, /NAME.dot (the diagram), /NAME/\n"
     "(the page), / (the page, or an index of several files) and\n"
     "/healthz.  A changed file is read once it has stayed unchanged\n"
     "for the settle time and rendered in the background; a version\n"
     "with errors, or one that empties the file or drops most of its\n"
     "events, is reported and the last good one stays published.\n"
     "  --listen ADDR      HOST:PORT or [IPV6]:PORT to listen on\n"
     "                     (default " CLI_SERVE_LISTEN
     "; port 0 picks a free one)\n"
     "  --base-url URL     public address of the site, for the pages'\n"
     "                     webcal:// links and the feeds' SOURCE\n"
     "                     (default: the listen address)\n"
     "  --state PATH       the state file of SEQUENCE and LAST-MODIFIED\n"
     "                     (default: .NAME.dateline-state beside the\n"
     "                     first FILE)\n"
     "  --settle MS        how long a changed file must stay unchanged\n"
     "                     before it is read (default 500; 10 times\n"
     "                     that for a suspect edit)\n"
     "  --request-timeout SECS\n"
     "                     the longest a request may take, headers\n"
     "                     included (default 20)\n"
     "  --client-limit N   connections at once from one address\n"
     "                     (default 100)\n"
     "  --quiet            no access log on standard error\n",
     "SOURCE_DATE_EPOCH, when set, stamps the feeds instead of the files' "
     "times.\nStop with Ctrl-C (SIGINT) or SIGTERM.\n"},
};

#define NCOMMANDS (sizeof(commands) / sizeof(*commands))

static void print_usage(FILE *f)
{
	fputs("usage: dateline COMMAND [OPTIONS] FILE\n\n"
	      "Commands:\n"
	      "  check    validate event files\n"
	      "  dump     print the parsed model\n"
	      "  ics      write the iCalendar feed\n"
	      "  render   draw the diagram (SVG, PNG, PDF, DOT)\n"
	      "  build    write the feed, diagrams and page into a directory\n"
	      "  serve    publish them over HTTP\n"
	      "  import   write any input as a native event file\n"
	      "  help     show help for a command\n\n"
	      "Options for every command:\n"
	      "  -h, --help         show help and exit\n"
	      "  --version          show the version and exit\n"
	      "  --color=WHEN       colour diagnostics: auto, always, never\n"
	      "  --input-format F   auto (default), native, timelinejs-csv,\n"
	      "                     timelinejs-json or ics\n"
	      "\n'dateline help COMMAND' describes a command.  FILE '-' is "
	      "standard input.\n",
	      f);
}

static void print_command_help(const command *c)
{
	printf("usage: dateline %s\n\n%s", c->usage, c->help);
	if (c->opts & OPT_FILTER)
		fputs(CLI_FILTER_HELP, stdout);
	fputs(CLI_LIMIT_HELP, stdout);
	fputs("  --input-format F   auto (default: from the extension, then the\n"
	      "                     content), native, timelinejs-csv,\n"
	      "                     timelinejs-json or ics\n",
	      stdout);
	fputs("  --color=WHEN       colour diagnostics: auto, always, never\n"
	      "  -h, --help         show this help\n",
	      stdout);
	if (c->notes)
		fputs(c->notes, stdout);
}

static const command *find_command(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* ---- reading and writing ---- */

/* An input's name in messages: "<stdin>" for "-". */
static const char *display_name(const char *path)
{
	return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

/* Reads and parses one event file; prints its diagnostics.  Returns the
 * timeline (the caller frees it) or NULL; *status gets the exit status. */
static tl_timeline *load(cli_opts *o, const char *path, cli_input *in,
                         int *status)
{
	*status = cli_input_read(in, path);
	if (*status)
		return NULL;
	if (!o->fixed_time)
		o->lib.timestamp = in->mtime > 0 ? in->mtime : 0;
	tl_diags *d = cli_diags_new();
	tl_read_options ro;
	cli_filter_read_options(&o->filter, o->input_format, &ro);
	tl_timeline *tl = tl_read_with(path, in->data, in->len, &ro, d);
	cli_report(d, display_name(path), in->data, in->len);
	*status = cli_diags_status(d);
	tl_diags_free(d);
	if (*status) {
		tl_timeline_free(tl);
		return NULL;
	}
	*status = cli_filter_apply(&o->filter, tl, path);
	if (*status) {
		tl_timeline_free(tl);
		return NULL;
	}
	return tl;
}

typedef tl_status (*render_fn)(const tl_timeline *, const tl_options *,
                               tl_write_fn, void *, tl_diags *);

/* Runs a renderer into -o (atomically) or standard output, and reports. */
static int emit(cli_opts *o, const cli_input *in, const tl_timeline *tl,
                render_fn render)
{
	const char *out = o->out;
	int to_stdout = !out || strcmp(out, "-") == 0;
	cli_out *file = NULL;
	if (!to_stdout) {
		if (cli_same_file(in, out)) {
			cli_error("%s: refusing to overwrite the input file", out);
			return CLI_EXIT_USAGE;
		}
		file = cli_out_open(out);
		if (!file) {
			cli_error("%s: %s", out, strerror(errno));
			return CLI_EXIT_IO;
		}
	}
	tl_diags *d = cli_diags_new();
	int rc = cli_exit_status(
	    render(tl, &o->lib, to_stdout ? cli_write_stdio : cli_out_write,
	           to_stdout ? (void *)stdout : (void *)file, d));
	cli_report(d, display_name(in->path), in->data, in->len);
	tl_diags_free(d);
	/* A write error is kept by the cli_out and comes back from commit,
	 * which then removes the temporary file. */
	if (file) {
		if (rc != CLI_EXIT_OK && rc != CLI_EXIT_IO) {
			cli_out_abort(file);
		} else if (cli_out_commit(file) < 0) {
			cli_error("%s: %s", out, strerror(errno));
			rc = CLI_EXIT_IO;
		}
	}
	return rc; /* standard output's errors are reported at exit */
}

/* Loads the single input and runs one renderer over it. */
static int load_and_emit(cli_opts *o, render_fn render)
{
	cli_input in;
	int status;
	tl_timeline *tl = load(o, o->files[0], &in, &status);
	if (tl)
		status = cli_filter_empty(&o->filter, tl_timeline_count(tl),
		                          display_name(o->files[0]));
	if (tl && !status)
		status = emit(o, &in, tl, render);
	tl_timeline_free(tl);
	cli_input_free(&in);
	return status;
}

/* ---- commands ---- */

static int run_check(cli_opts *o)
{
	int worst = CLI_EXIT_OK;
	for (int i = 0; i < o->nfiles; i++) {
		cli_input in;
		int status;
		tl_timeline *tl = load(o, o->files[i], &in, &status);
		tl_timeline_free(tl);
		cli_input_free(&in);
		if (status > worst)
			worst = status;
	}
	return worst;
}

static int run_dump(cli_opts *o)
{
	return load_and_emit(o, tl_render_dump);
}

/* ics --check: the input is a calendar, not an event file. */
static int check_ics_file(const char *path)
{
	cli_input in;
	int rc = cli_input_read(&in, path);
	if (rc)
		return rc;
	tl_diags *d = cli_diags_new();
	rc = cli_exit_status(tl_ics_check(in.data, in.len, d));
	cli_report(d, display_name(path), in.data, in.len);
	tl_diags_free(d);
	cli_input_free(&in);
	return rc;
}

static int run_ics(cli_opts *o)
{
	if (o->check_ics)
		return check_ics_file(o->files[0]);
	return load_and_emit(o, tl_render_ics);
}

static const char *extension_format(const char *path)
{
	static const char *const known[] = {"svg", "png", "pdf", "dot", "cmapx",
	                                    "timelinejs"};
	const char *dot = path ? strrchr(path, '.') : NULL;
	if (!dot)
		return NULL;
	for (size_t i = 0; i < sizeof(known) / sizeof(*known); i++)
		if (strcasecmp(dot + 1, known[i]) == 0)
			return known[i];
	if (strcasecmp(dot + 1, "gv") == 0)
		return "dot";
	if (strcasecmp(dot + 1, "map") == 0)
		return "cmapx";
	return NULL;
}

static int run_render(cli_opts *o)
{
	if (o->image_map)
		o->lib.format = "cmapx";
	if (!o->lib.format) {
		o->lib.format = extension_format(o->out);
		if (!o->lib.format)
			return cli_usage(
			    o->out && strcmp(o->out, "-") != 0
			        ? "render: cannot tell the format from '%s'; "
			          "use -T svg|png|pdf|dot|cmapx"
			        : "render: give -o OUT.svg|.png|.pdf|.dot or "
			          "-T FORMAT%s",
			    o->out && strcmp(o->out, "-") != 0 ? o->out : "");
	}
	if (strcmp(o->lib.format, "timelinejs") == 0)
		return load_and_emit(o, tl_render_timelinejs);
	return load_and_emit(o, tl_render_diagram);
}

static int run_import(cli_opts *o)
{
	return load_and_emit(o, tl_render_mw);
}

/* What build and serve share of the options every command takes. */
static const cli_site_args *site_args(cli_opts *o)
{
	o->site.files = o->files;
	o->site.nfiles = o->nfiles;
	o->site.filter = &o->filter;
	o->site.input_format = o->input_format;
	o->site.fixed_time = o->fixed_time ? o->lib.timestamp : -1;
	return &o->site;
}

static int run_build(cli_opts *o)
{
	if (!o->site.dir || !*o->site.dir)
		return cli_usage("build: give the output directory with -d DIR");
	return cli_build(site_args(o));
}

static int run_serve(cli_opts *o)
{
	return cli_serve(site_args(o));
}

/* ---- options ---- */

enum {
	LONG_PARTIAL = 256,
	LONG_STRICT, LONG_CHECK, LONG_AXIS, LONG_ORIENT, LONG_WIDTH, LONG_DPI,
	LONG_MAP_NAME,
	LONG_MAP, LONG_COLOR, LONG_VERSION, LONG_INPUT_FORMAT, LONG_HEIGHT,
	LONG_BASE_URL, LONG_LISTEN, LONG_STATE, LONG_SETTLE, LONG_TIMEOUT,
	LONG_CLIENT_LIMIT, LONG_QUIET
};

static const struct option long_opts[] = {
    {"output", required_argument, NULL, 'o'},
    {"format", required_argument, NULL, 'T'},
    {"help", no_argument, NULL, 'h'},
    CLI_FILTER_OPTIONS,
    CLI_LIMIT_OPTIONS,
    {"partial", required_argument, NULL, LONG_PARTIAL},
    {"strict", no_argument, NULL, LONG_STRICT},
    {"check", no_argument, NULL, LONG_CHECK},
    {"axis", required_argument, NULL, LONG_AXIS},
    {"orientation", required_argument, NULL, LONG_ORIENT},
    {"width", required_argument, NULL, LONG_WIDTH},
    {"height", required_argument, NULL, LONG_HEIGHT},
    {"dpi", required_argument, NULL, LONG_DPI},
    {"map-name", required_argument, NULL, LONG_MAP_NAME},
    {"image-map", no_argument, NULL, LONG_MAP},
    {"color", required_argument, NULL, LONG_COLOR},
    {"version", no_argument, NULL, LONG_VERSION},
    {"input-format", required_argument, NULL, LONG_INPUT_FORMAT},
    {"directory", required_argument, NULL, 'd'},
    {"base-url", required_argument, NULL, LONG_BASE_URL},
    {"listen", required_argument, NULL, LONG_LISTEN},
    {"state", required_argument, NULL, LONG_STATE},
    {"settle", required_argument, NULL, LONG_SETTLE},
    {"request-timeout", required_argument, NULL, LONG_TIMEOUT},
    {"client-limit", required_argument, NULL, LONG_CLIENT_LIMIT},
    {"quiet", no_argument, NULL, LONG_QUIET},
    {NULL, 0, NULL, 0}};

/* Strict whole-string number parsing: digits, an optional fraction, in
 * [lo, hi]; no signs, no spaces, no trailing bytes. */
static int parse_number(const char *s, double lo, double hi, double *out)
{
	double v = 0, scale = 0;
	const char *p = s;
	if (!*p)
		return -1;
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (scale) {
				v += (*p - '0') / scale;
				scale *= 10;
			} else {
				v = v * 10 + (*p - '0');
			}
			if (v > hi)
				return -1;
		} else if (*p == '.' && !scale && p != s && p[1]) {
			scale = 10;
		} else {
			return -1;
		}
	}
	if (v < lo)
		return -1;
	*out = v;
	return 0;
}

/* The option's name as documented, for messages. */
static const char *option_name(int c)
{
	static char name[32];
	if (c == 'o' || c == 'T' || c == 'h' || c == 'd') {
		snprintf(name, sizeof(name), "-%c", c);
		return name;
	}
	for (const struct option *lo = long_opts; lo->name; lo++) {
		if (lo->val == c) {
			snprintf(name, sizeof(name), "--%s", lo->name);
			return name;
		}
	}
	return "?";
}

/* Which option group a getopt code belongs to, for "does not apply"; 0
 * for the options every command takes. */
static unsigned option_group(int c)
{
	if (cli_filter_name(c))
		return OPT_FILTER;
	switch (c) {
	case 'o': return OPT_OUT;
	case LONG_PARTIAL: case LONG_STRICT: return OPT_ICS;
	case LONG_CHECK: return OPT_CHECK_ICS;
	case 'T': case LONG_AXIS: case LONG_ORIENT: case LONG_WIDTH:
	case LONG_HEIGHT: case LONG_DPI: case LONG_MAP: case LONG_MAP_NAME:
		return OPT_RENDER;
	case 'd': return OPT_DIR;
	case LONG_BASE_URL: return OPT_SITE;
	case LONG_LISTEN: case LONG_STATE: case LONG_SETTLE: case LONG_TIMEOUT:
	case LONG_CLIENT_LIMIT: case LONG_QUIET:
		return OPT_SERVE;
	default: return 0;
	}
}

/* Option opt's value arg as a whole number from lo to hi, into *v.
 * Returns -1 to go on, or CLI_EXIT_USAGE after printing why. */
static int whole_option(int opt, const char *arg, long lo, long hi, long *v)
{
	double num;
	if (parse_number(arg, (double)lo, (double)hi, &num) < 0 ||
	    num != (double)(long)num)
		return cli_usage("%s must be a whole number from %ld to %ld, "
		                 "not '%s'", option_name(opt), lo, hi, arg);
	*v = (long)num;
	return -1;
}

/* Takes one of render's options (OPT_RENDER) into o.  Returns -1 to go
 * on, or the exit status to stop with. */
static int render_option(cli_opts *o, int opt, const char *arg)
{
	double num;
	long whole;
	switch (opt) {
	case 'T': {
		char ext[16];
		snprintf(ext, sizeof(ext), ".%s", arg);
		o->lib.format = extension_format(ext);
		if (!o->lib.format || strlen(arg) >= sizeof(ext) - 1)
			return cli_usage("unknown format '%s' (svg, png, pdf, dot, "
			                 "cmapx, timelinejs)", arg);
		return -1;
	}
	case LONG_AXIS:
		if (strcmp(arg, "proportional") == 0)
			o->lib.axis = TL_AXIS_PROPORTIONAL;
		else if (strcmp(arg, "ordinal") == 0)
			o->lib.axis = TL_AXIS_ORDINAL;
		else if (strcmp(arg, "broken") == 0)
			o->lib.axis = TL_AXIS_BROKEN;
		else if (strcmp(arg, "auto") == 0)
			o->lib.axis = TL_AXIS_AUTO;
		else
			return cli_usage("--axis must be 'auto', 'proportional', "
			                 "'broken' or 'ordinal', not '%s'", arg);
		return -1;
	case LONG_ORIENT:
		if (strcmp(arg, "horizontal") != 0 && strcmp(arg, "vertical") != 0)
			return cli_usage("--orientation must be 'horizontal' or "
			                 "'vertical', not '%s'", arg);
		o->lib.vertical = arg[0] == 'v';
		return -1;
	case LONG_WIDTH:
		if (parse_number(arg, 2, 200, &num) < 0)
			return cli_usage("--width must be a number of inches from 2 "
			                 "to 200, not '%s'", arg);
		o->lib.width_in = num;
		return -1;
	case LONG_HEIGHT:
		if (parse_number(arg, 1, 200, &num) < 0)
			return cli_usage("--height must be a number of inches from 1 "
			                 "to 200, not '%s'", arg);
		o->lib.height_in = num;
		return -1;
	case LONG_DPI:
		if (whole_option(opt, arg, 24, 1200, &whole) >= 0)
			return CLI_EXIT_USAGE;
		o->lib.dpi = (int)whole;
		return -1;
	case LONG_MAP: o->image_map = 1; return -1;
	case LONG_MAP_NAME:
		if (!arg[0] || arg[strspn(arg, "abcdefghijklmnopqrstuvwxyz"
		                               "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		                               "0123456789-_")])
			return cli_usage("--map-name takes letters, digits, '-' and "
			                 "'_', not '%s'", arg);
		o->lib.map_name = arg;
		return -1;
	}
	return -1;
}

/* Takes one of build's and serve's options (OPT_DIR, OPT_SITE, OPT_SERVE)
 * into o->site.  Returns -1 to go on, or the exit status to stop with. */
static int site_option(cli_opts *o, int opt, const char *arg)
{
	cli_site_args *a = &o->site;
	switch (opt) {
	case 'd': a->dir = arg; return -1;
	case LONG_BASE_URL: a->base_url = arg; return -1;
	case LONG_LISTEN: a->listen = arg; return -1;
	case LONG_STATE: a->state = arg; return -1;
	case LONG_QUIET: a->quiet = 1; return -1;
	case LONG_SETTLE:
		return whole_option(opt, arg, 0, 60000, &a->settle_ms);
	case LONG_TIMEOUT:
		return whole_option(opt, arg, 1, 3600, &a->request_timeout);
	case LONG_CLIENT_LIMIT:
		return whole_option(opt, arg, 1, CLI_SERVE_CONNECTIONS,
		                    &a->client_limit);
	}
	return -1;
}

/* Takes option opt (one that applies to o->cmd) with value arg into o.
 * Returns -1 to go on, or the exit status to stop with (0 after --help or
 * --version). */
static int take_option(cli_opts *o, int opt, const char *arg)
{
	switch (option_group(opt)) {
	case OPT_RENDER: return render_option(o, opt, arg);
	case OPT_DIR: case OPT_SITE: case OPT_SERVE:
		return site_option(o, opt, arg);
	}
	switch (opt) {
	case 'h': print_command_help(o->cmd); return CLI_EXIT_OK;
	case LONG_VERSION: printf("dateline %s\n", TL_VERSION); return CLI_EXIT_OK;
	case 'o': o->out = arg; return -1;
	case LONG_STRICT: o->lib.strict = 1; return -1;
	case LONG_CHECK: o->check_ics = 1; return -1;
	case LONG_PARTIAL:
		if (strcmp(arg, "span") == 0)
			o->lib.partial = TL_PARTIAL_SPAN;
		else if (strcmp(arg, "first-day") == 0)
			o->lib.partial = TL_PARTIAL_FIRST_DAY;
		else
			return cli_usage("--partial must be 'span' or 'first-day', "
			                 "not '%s'", arg);
		return -1;
	case LONG_COLOR:
		if (strcmp(arg, "auto") == 0)
			cli_set_color(CLI_COLOR_AUTO);
		else if (strcmp(arg, "always") == 0)
			cli_set_color(CLI_COLOR_ALWAYS);
		else if (strcmp(arg, "never") == 0)
			cli_set_color(CLI_COLOR_NEVER);
		else
			return cli_usage("--color must be auto, always or never, "
			                 "not '%s'", arg);
		return -1;
	case LONG_INPUT_FORMAT:
		if (tl_format_parse(arg, &o->input_format) < 0)
			return cli_usage("--input-format must be auto, native, "
			                 "timelinejs-csv, timelinejs-json or ics, "
			                 "not '%s'", arg);
		return -1;
	}
	return -1;
}

/* Fills o from argv after the command name: one getopt_long loop over
 * one table for every command, each option checked against the groups
 * the command takes.  Returns -1 to go on, or the exit status to stop
 * with (0 after --help). */
static int parse_options(cli_opts *o, int argc, char **argv)
{
	const command *c = o->cmd;
	int opt;
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":o:T:hd:", long_opts, NULL)) !=
	       -1) {
		int lim = cli_limit_option(opt, optarg);
		if (lim >= 0) {
			if (lim)
				return lim;
			continue;
		}
		if (opt == ':')
			return cli_usage("%s: option '%s' needs a value", c->name,
			                 option_name(optopt));
		if (opt == '?')
			return cli_usage("%s: unknown option '%s'", c->name,
			                 argv[optind - 1]);
		unsigned group = option_group(opt);
		if (group && !(c->opts & group))
			return cli_usage("%s: option '%s' does not apply", c->name,
			                 option_name(opt));
		if (cli_filter_name(opt)) {
			if (cli_filter_set(&o->filter, cli_filter_name(opt), optarg))
				return CLI_EXIT_USAGE;
			cli_filter_crop(&o->filter, &o->lib);
			continue;
		}
		int rc = take_option(o, opt, optarg);
		if (rc >= 0)
			return rc;
	}
	o->files = argv + optind;
	o->nfiles = argc - optind;
	if (o->nfiles < c->min_files)
		return cli_usage("%s: no input file", c->name);
	if (c->max_files && o->nfiles > c->max_files)
		return cli_usage("%s: one input file only, got %d", c->name,
		                 o->nfiles);
	return -1;
}

/* The time stamped into outputs: SOURCE_DATE_EPOCH when set (reproducible
 * builds), else the input's modification time (read in load()) - never
 * "now". */
static int timestamp(cli_opts *o)
{
	int64_t fixed;
	int rc = cli_source_date_epoch(&fixed);
	if (rc)
		return rc;
	o->fixed_time = fixed >= 0;
	o->lib.timestamp = fixed;
	return -1;
}

int main(int argc, char **argv)
{
	/* --color may come before the command, as in git. */
	while (argc > 1 && strncmp(argv[1], "--color", 7) == 0) {
		const char *v = argv[1][7] == '=' ? argv[1] + 8 : NULL;
		if (argv[1][7] && argv[1][7] != '=')
			break;
		if (!v && argc > 2) {
			v = argv[2];
			argv++;
			argc--;
		}
		if (!v || (strcmp(v, "auto") && strcmp(v, "always") && strcmp(v, "never")))
			return cli_usage("--color must be auto, always or never");
		cli_set_color(v[0] == 'a' && v[1] == 'u' ? CLI_COLOR_AUTO
		              : v[0] == 'a' ? CLI_COLOR_ALWAYS : CLI_COLOR_NEVER);
		argv++;
		argc--;
	}
	if (argc < 2) {
		print_usage(stderr);
		return CLI_EXIT_USAGE;
	}
	const char *name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
		print_usage(stdout);
		return CLI_EXIT_OK;
	}
	if (strcmp(name, "--version") == 0) {
		printf("dateline %s\n", TL_VERSION);
		return CLI_EXIT_OK;
	}
	if (strcmp(name, "help") == 0) {
		if (argc < 3 || strcmp(argv[2], "help") == 0) {
			print_usage(stdout);
			return CLI_EXIT_OK;
		}
		const command *c = find_command(argv[2]);
		if (!c)
			return cli_usage("help: unknown command '%s'", argv[2]);
		print_command_help(c);
		return CLI_EXIT_OK;
	}
	cli_opts o = {0};
	o.cmd = find_command(name);
	if (!o.cmd)
		return cli_usage("unknown command '%s'", name);
	tl_options_init(&o.lib);
	o.lib.format = NULL;
	o.site.settle_ms = -1;
	int rc = parse_options(&o, argc - 1, argv + 1);
	if (rc < 0)
		rc = timestamp(&o);
	if (rc < 0)
		rc = o.cmd->run(&o);
	int failed = ferror(stdout);
	if ((fclose(stdout) != 0 || failed || cli_stdout_errno) &&
	    (rc == CLI_EXIT_OK || rc == CLI_EXIT_IO)) {
		cli_error("write error on standard output: %s",
		          strerror(cli_stdout_errno ? cli_stdout_errno : errno));
		rc = CLI_EXIT_IO;
	}
	return rc;
}
