/*
 * main.c - the dateline command: options -> library calls -> messages ->
 * exit status.  It includes only the public header (through cli.h); every
 * rule about events, dates, feeds and diagrams lives in the library.
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
	OPT_CHECK_ICS = 1 << 4
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
	char **files;
	int nfiles;
} cli_opts;

struct command {
	const char *name;
	int (*run)(cli_opts *o);
	unsigned opts;
	int min_files, max_files; /* max 0 = any number */
	const char *usage;
	const char *help;
};

static int run_check(cli_opts *o);
static int run_dump(cli_opts *o);
static int run_ics(cli_opts *o);
static int run_render(cli_opts *o);
static int run_import(cli_opts *o);

static const command commands[] = {
    {"check", run_check, OPT_FILTER, 1, 0, "check FILE...",
     "Validate event files and report every problem; exit 1 on errors.\n"},
    {"dump", run_dump, OPT_OUT | OPT_FILTER, 1, 1, "dump [-o OUT] FILE",
     "Print the canonical plain-text dump of the model (used by tests).\n"
     "  -o, --output OUT   write to OUT atomically ('-' = standard output)\n"},
    {"ics", run_ics, OPT_OUT | OPT_FILTER | OPT_ICS | OPT_CHECK_ICS, 1, 1,
     "ics [-o OUT.ics] [--partial=span|first-day] [--strict] FILE\n"
     "       dateline ics --check FILE.ics",
     "Write the iCalendar feed (RFC 5545 + RFC 7986) of an event file.\n"
     "  -o, --output OUT   write to OUT atomically ('-' = standard output)\n"
     "  --partial=MODE     month, season and year dates: 'span' the whole\n"
     "                     period (default) or one 'first-day' entry\n"
     "  --strict           events iCalendar cannot hold are errors\n"
     "  --check            parse FILE.ics with libical and report problems\n"},
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
     "  --image-map        write an HTML image map (same as -T cmapx)\n"},
    {"import", run_import, OPT_OUT | OPT_FILTER, 1, 1,
     "import [-o OUT.mw] FILE",
     "Write any input (TimelineJS CSV or JSON, .ics, event file) as a native\n"
     "event file that reads back to the same events (docs/import.md).\n"
     "  -o, --output OUT   write to OUT atomically ('-' = standard output)\n"},
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

typedef int (*render_fn)(const tl_timeline *, const tl_options *,
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
			return TL_EXIT_USAGE;
		}
		file = cli_out_open(out);
		if (!file) {
			cli_error("%s: %s", out, strerror(errno));
			return TL_EXIT_IO;
		}
	}
	tl_diags *d = cli_diags_new();
	int rc = render(tl, &o->lib, to_stdout ? cli_write_stdio : cli_out_write,
	                to_stdout ? (void *)stdout : (void *)file, d);
	cli_report(d, display_name(in->path), in->data, in->len);
	tl_diags_free(d);
	/* A write error is kept by the cli_out and comes back from commit,
	 * which then removes the temporary file. */
	if (file) {
		if (rc != TL_EXIT_OK && rc != TL_EXIT_IO) {
			cli_out_abort(file);
		} else if (cli_out_commit(file) < 0) {
			cli_error("%s: %s", out, strerror(errno));
			rc = TL_EXIT_IO;
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
	int worst = TL_EXIT_OK;
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
	rc = tl_ics_check(in.data, in.len, d);
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

/* ---- options ---- */

enum {
	LONG_PARTIAL = 256,
	LONG_STRICT, LONG_CHECK, LONG_AXIS, LONG_ORIENT, LONG_WIDTH, LONG_DPI,
	LONG_MAP_NAME,
	LONG_MAP, LONG_COLOR, LONG_VERSION, LONG_INPUT_FORMAT, LONG_HEIGHT
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
	if (c == 'o' || c == 'T' || c == 'h') {
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

/* Which option group a getopt code belongs to, for "does not apply". */
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
	default: return 0;
	}
}

/* Fills o from argv after the command name.  Returns -1 to go on, or the
 * exit status to stop with (0 after --help). */
static int parse_options(cli_opts *o, int argc, char **argv)
{
	const command *c = o->cmd;
	int opt;
	double num;
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":o:T:h", long_opts, NULL)) != -1) {
		int lim = cli_limit_option(opt, optarg);
		if (lim >= 0) {
			if (lim)
				return lim;
			continue;
		}
		unsigned group = option_group(opt);
		if (group && !(c->opts & group))
			return cli_usage("%s: option '%s' does not apply",
			                   c->name, option_name(opt));
		if (cli_filter_name(opt)) {
			if (cli_filter_set(&o->filter, cli_filter_name(opt), optarg))
				return TL_EXIT_USAGE;
			cli_filter_crop(&o->filter, &o->lib);
			continue;
		}
		switch (opt) {
		case 'h': print_command_help(c); return TL_EXIT_OK;
		case 'o': o->out = optarg; break;
		case 'T': {
			char ext[16];
			snprintf(ext, sizeof(ext), ".%s", optarg);
			o->lib.format = extension_format(ext);
			if (!o->lib.format || strlen(optarg) >= sizeof(ext) - 1)
				return cli_usage("unknown format '%s' "
				                   "(svg, png, pdf, dot, cmapx, "
				                   "timelinejs)", optarg);
			break;
		}
		case LONG_PARTIAL:
			if (strcmp(optarg, "span") == 0)
				o->lib.partial = TL_PARTIAL_SPAN;
			else if (strcmp(optarg, "first-day") == 0)
				o->lib.partial = TL_PARTIAL_FIRST_DAY;
			else
				return cli_usage("--partial must be 'span' or "
				                   "'first-day', not '%s'", optarg);
			break;
		case LONG_STRICT: o->lib.strict = 1; break;
		case LONG_CHECK: o->check_ics = 1; break;
		case LONG_AXIS:
			if (strcmp(optarg, "proportional") == 0)
				o->lib.axis = TL_AXIS_PROPORTIONAL;
			else if (strcmp(optarg, "ordinal") == 0)
				o->lib.axis = TL_AXIS_ORDINAL;
			else if (strcmp(optarg, "broken") == 0)
				o->lib.axis = TL_AXIS_BROKEN;
			else if (strcmp(optarg, "auto") == 0)
				o->lib.axis = TL_AXIS_AUTO;
			else
				return cli_usage("--axis must be 'auto', 'proportional', "
				                   "'broken' or 'ordinal', not '%s'",
				                   optarg);
			break;
		case LONG_ORIENT:
			if (strcmp(optarg, "horizontal") == 0)
				o->lib.vertical = 0;
			else if (strcmp(optarg, "vertical") == 0)
				o->lib.vertical = 1;
			else
				return cli_usage("--orientation must be 'horizontal' "
				                   "or 'vertical', not '%s'", optarg);
			break;
		case LONG_WIDTH:
			if (parse_number(optarg, 2, 200, &num) < 0)
				return cli_usage("--width must be a number of inches "
				                   "from 2 to 200, not '%s'", optarg);
			o->lib.width_in = num;
			break;
		case LONG_HEIGHT:
			if (parse_number(optarg, 1, 200, &num) < 0)
				return cli_usage("--height must be a number of inches "
				                   "from 1 to 200, not '%s'", optarg);
			o->lib.height_in = num;
			break;
		case LONG_DPI:
			if (parse_number(optarg, 24, 1200, &num) < 0 || num != (int)num)
				return cli_usage("--dpi must be a whole number from "
				                   "24 to 1200, not '%s'", optarg);
			o->lib.dpi = (int)num;
			break;
		case LONG_MAP: o->image_map = 1; break;
		case LONG_MAP_NAME:
			if (!optarg[0] || optarg[strspn(optarg, "abcdefghijklmnopqrstuvwxyz"
			                               "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
			                               "0123456789-_")])
				return cli_usage("--map-name takes letters, digits, '-' "
				                   "and '_', not '%s'", optarg);
			o->lib.map_name = optarg;
			break;
		case LONG_COLOR:
			if (strcmp(optarg, "auto") == 0)
				cli_set_color(CLI_COLOR_AUTO);
			else if (strcmp(optarg, "always") == 0)
				cli_set_color(CLI_COLOR_ALWAYS);
			else if (strcmp(optarg, "never") == 0)
				cli_set_color(CLI_COLOR_NEVER);
			else
				return cli_usage("--color must be auto, always or "
				                   "never, not '%s'", optarg);
			break;
		case LONG_INPUT_FORMAT:
			if (tl_format_parse(optarg, &o->input_format) < 0)
				return cli_usage("--input-format must be auto, native, "
				                 "timelinejs-csv, timelinejs-json or "
				                 "ics, not '%s'", optarg);
			break;
		case LONG_VERSION: printf("dateline %s\n", TL_VERSION); return 0;
		case ':':
			return cli_usage("%s: option '%s' needs a value", c->name,
			                   option_name(optopt));
		default:
			return cli_usage("%s: unknown option '%s'", c->name,
			                   argv[optind - 1]);
		}
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
		return TL_EXIT_USAGE;
	}
	const char *name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0) {
		print_usage(stdout);
		return TL_EXIT_OK;
	}
	if (strcmp(name, "--version") == 0) {
		printf("dateline %s\n", TL_VERSION);
		return TL_EXIT_OK;
	}
	if (strcmp(name, "help") == 0) {
		if (argc < 3 || strcmp(argv[2], "help") == 0) {
			print_usage(stdout);
			return TL_EXIT_OK;
		}
		if (strcmp(argv[2], "serve") == 0 || strcmp(argv[2], "build") == 0) {
			char help[] = "--help";
			char *args[] = {argv[2], help, NULL};
			return argv[2][0] == 's' ? cli_serve(2, args) : cli_build(2, args);
		}
		const command *c = find_command(argv[2]);
		if (!c)
			return cli_usage("help: unknown command '%s'", argv[2]);
		print_command_help(c);
		return TL_EXIT_OK;
	}
	if (strcmp(name, "serve") == 0)
		return cli_serve(argc - 1, argv + 1);
	if (strcmp(name, "build") == 0)
		return cli_build(argc - 1, argv + 1);
	cli_opts o = {0};
	o.cmd = find_command(name);
	if (!o.cmd)
		return cli_usage("unknown command '%s'", name);
	tl_options_init(&o.lib);
	o.lib.format = NULL;
	int rc = parse_options(&o, argc - 1, argv + 1);
	if (rc < 0)
		rc = timestamp(&o);
	if (rc < 0)
		rc = o.cmd->run(&o);
	int failed = ferror(stdout);
	if ((fclose(stdout) != 0 || failed || cli_stdout_errno) &&
	    (rc == TL_EXIT_OK || rc == TL_EXIT_IO)) {
		cli_error("write error on standard output: %s",
		          strerror(cli_stdout_errno ? cli_stdout_errno : errno));
		rc = TL_EXIT_IO;
	}
	return rc;
}
