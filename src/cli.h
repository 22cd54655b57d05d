/*
 * cli.h - what the dateline command's files share: reading inputs, writing
 * outputs, and printing diagnostics the way a compiler does.  Application
 * code only; the library (dateline.h) never prints.  The command uses the
 * library's toolbox (util.h: tl_x* allocation, tl_buf, tl_hash) and
 * nothing else of its insides.
 */
#ifndef DATELINE_CLI_H
#define DATELINE_CLI_H

#include "dateline.h"
#include "util.h"

#include <stdio.h>

/* The exit statuses of the dateline command, documented in dateline(1). */
typedef enum cli_exit {
	CLI_EXIT_OK = 0,      /* success (warnings allowed) */
	CLI_EXIT_INVALID = 1, /* the input has errors */
	CLI_EXIT_USAGE = 2,   /* bad command line */
	CLI_EXIT_IO = 3,      /* reading or writing a file failed */
	CLI_EXIT_BACKEND = 4  /* Graphviz or libical failed */
} cli_exit;

/* The exit status for what a library call returned (cli_exit.c):
 * TL_INVALID is CLI_EXIT_INVALID, TL_BAD_OPTIONS CLI_EXIT_USAGE,
 * TL_WRITE_FAILED CLI_EXIT_IO, TL_BACKEND_FAILED CLI_EXIT_BACKEND. */
int cli_exit_status(tl_status s);
/* The worst exit status among d's errors: CLI_EXIT_INVALID for an error
 * whose status is TL_OK, CLI_EXIT_OK when there is no error. */
int cli_diags_status(const tl_diags *d);

/* An input file read whole.  "-" is standard input. */
typedef struct cli_input {
	const char *path;
	char *data; /* NUL-terminated; freed by cli_input_free() */
	size_t len;
	int64_t mtime; /* modification time, or -1 when it has none */
	unsigned long long dev, ino; /* to refuse writing over the input */
	int has_id;
} cli_input;

/* Reads path into in.  Returns 0, or after printing why CLI_EXIT_IO (it
 * cannot be read) or CLI_EXIT_INVALID (it is larger than --max-input); in
 * then holds no data.  Call cli_input_free() either way. */
int cli_input_read(cli_input *in, const char *path);
void cli_input_free(cli_input *in);

/* Takes the value of --max-input: the largest input read, a whole number
 * of bytes or of K, M or G (KiB, MiB, GiB), from 1 to 1024G; the default is
 * 1G.  Returns 0, or CLI_EXIT_USAGE after printing why arg is not one. */
int cli_set_max_input(const char *arg);

/* The limits every command takes, --max-errors and --max-input, for
 * getopt_long tables. */
#define CLI_OPT_MAX_ERRORS 0x4100
#define CLI_OPT_MAX_INPUT 0x4101
#define CLI_LIMIT_OPTIONS                                               \
	{"max-errors", required_argument, NULL, CLI_OPT_MAX_ERRORS},    \
	{"max-input", required_argument, NULL, CLI_OPT_MAX_INPUT}
/* Takes limit option c's value.  Returns 0 or CLI_EXIT_USAGE (after
 * printing why), or -1 when c is not a limit's code. */
int cli_limit_option(int c, const char *arg);
/* Their lines in --help. */
#define CLI_LIMIT_HELP \
	"  --max-errors N     show N messages per file, then a count (default 20;\n" \
	"                     0 shows all)\n" \
	"  --max-input SIZE   refuse inputs larger than SIZE (default 1G; K, M, G)\n"

/* SOURCE_DATE_EPOCH, the time stamped into outputs for reproducible
 * builds: *fixed_time gets it, or -1 when unset.  Returns 0, or
 * CLI_EXIT_USAGE after printing why the value is not a whole number of
 * seconds. */
int cli_source_date_epoch(int64_t *fixed_time);

/* a, b and c one after the other (paths, URLs).  The caller frees the
 * result with free(). */
char *cli_concat(const char *a, const char *b, const char *c);

/* Whether writing to out would overwrite the input in. */
int cli_same_file(const cli_input *in, const char *out);

/* Colour for diagnostics: set once from --color and NO_COLOR. */
typedef enum cli_color { CLI_COLOR_AUTO, CLI_COLOR_ALWAYS, CLI_COLOR_NEVER } cli_color;
void cli_set_color(cli_color c);

/* Prints the diagnostics in d as "dateline: FILE:LINE:COL: error: msg",
 * each followed by the source line from src (may be NULL) and a caret line;
 * after the first --max-errors of them (errors and warnings together), one
 * line says how many more there were.  Control characters in the file
 * name, the message and the source line are shown escaped (\x1b, \u0085). */
void cli_report(const tl_diags *d, const char *file, const char *src,
                size_t len);

/* Takes the value of --max-errors: how many diagnostics cli_report() shows
 * per list, 0 for all (default 20).  Returns 0, or CLI_EXIT_USAGE after
 * printing why arg is not a whole number from 0 to 1000000. */
int cli_set_max_errors(const char *arg);
/* A diagnostics list that keeps what cli_report() will show.
 * The caller frees the result with tl_diags_free(). */
tl_diags *cli_diags_new(void);

/* Prints "dateline: " + the formatted message to stderr, control
 * characters escaped as in cli_report(). */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A usage error: one line, "dateline: MESSAGE (try 'dateline --help')", on
 * stderr.  Returns CLI_EXIT_USAGE so callers can return it directly. */
int cli_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));


/* A tl_write_fn for a FILE * passed as ctx; the errno of its first
 * failure is kept in cli_stdout_errno. */
extern int cli_stdout_errno;
int cli_write_stdio(void *ctx, const char *data, size_t len);

/* An output file written to a temporary file beside it (OUT.tmpXXXXXX)
 * and renamed over it only on cli_out_commit(), so a failure never leaves a
 * half-written file; on SIGINT, SIGTERM or SIGHUP the temporary file is
 * removed before the program dies of the signal.  A symbolic link is
 * followed: its target is replaced and the link kept.  A file replaced
 * keeps its mode. */
typedef struct cli_out cli_out;
/* Opens a temporary file beside path (or its link's target); when that is
 * a device or a pipe (/dev/stdout, /dev/full) it is written in place
 * instead, since it cannot be renamed over.  Returns NULL and sets errno on
 * failure.  The caller ends it with cli_out_commit() or cli_out_abort(),
 * each of which frees it. */
cli_out *cli_out_open(const char *path);
/* A tl_write_fn for a cli_out passed as ctx. */
int cli_out_write(void *ctx, const char *data, size_t len);
/* Syncs and renames into place.  Returns 0, or -1 with errno set (the
 * temporary file is then removed).  Frees out. */
int cli_out_commit(cli_out *out);
/* Removes the temporary file.  Frees out; accepts NULL. */
void cli_out_abort(cli_out *out);

/* The filters every command takes: --from, --to, --lane, --tag; and
 * --until, which bounds what the readers expand (tl_read_options). */
#define CLI_MAX_TAGS 32
typedef struct cli_filter {
	int has_from, has_to;
	tl_date from, to;
	const char *from_arg, *to_arg; /* as given, for messages */
	const char *lane;
	const char *tags[CLI_MAX_TAGS];
	size_t ntags;
	int has_until;
	tl_date until;
} cli_filter;

/* Takes the value of --NAME (NAME is "from", "to", "lane", "tag" or
 * "until"; --until takes one date, not an interval) into
 * f; arg must outlive f.  Returns 0, or CLI_EXIT_USAGE after printing why. */
int cli_filter_set(cli_filter *f, const char *name, const char *arg);
/* Keeps the events of tl that pass f.  Returns 0, or CLI_EXIT_USAGE after
 * printing that path has no lane called f->lane. */
int cli_filter_apply(const cli_filter *f, tl_timeline *tl, const char *path);
/* When f has any filter and tl has no event left, prints "FILE: no event
 * matches the filters (--tag x)" and returns CLI_EXIT_INVALID; else 0.
 * path may be NULL when the result is the union of several files. */
int cli_filter_empty(const cli_filter *f, size_t events, const char *path);
/* The read options for input format fmt and f's --until. */
void cli_filter_read_options(const cli_filter *f, tl_format fmt,
                             tl_read_options *ro);
/* Crops the diagram's view to f's dates. */
void cli_filter_crop(const cli_filter *f, tl_options *o);

/* The long options of the filters, for getopt_long tables: each has
 * has_arg required_argument and val CLI_OPT_FILTER + its index here. */
#define CLI_OPT_FILTER 0x4000
#define CLI_FILTER_OPTIONS                                              \
	{"from", required_argument, NULL, CLI_OPT_FILTER + 0},          \
	{"to", required_argument, NULL, CLI_OPT_FILTER + 1},            \
	{"lane", required_argument, NULL, CLI_OPT_FILTER + 2},          \
	{"tag", required_argument, NULL, CLI_OPT_FILTER + 3},           \
	{"until", required_argument, NULL, CLI_OPT_FILTER + 4}
/* The name of filter option code c: "from" for CLI_OPT_FILTER + 0, ...;
 * NULL when c is not a filter's code. */
const char *cli_filter_name(int c);

/* Their lines in --help. */
#define CLI_FILTER_HELP \
	"  --from DATE        keep events that end on or after DATE (any EDTF date)\n" \
	"  --to DATE          keep events that start on or before DATE\n" \
	"  --lane NAME        keep events of the lane (heading) NAME\n" \
	"  --tag NAME         keep events tagged NAME (repeatable: all must match)\n" \
	"  --until DATE       expand .ics recurrences up to DATE (default: at most\n" \
	"                     1000 occurrences each)\n"

/* What `dateline build` (cli_build.c) and `dateline serve` (cli_serve.c)
 * take from the command line; main.c parses it with every other command's
 * options.  The pointers point into argv. */
typedef struct cli_site_args {
	char *const *files;
	int nfiles;
	const cli_filter *filter;
	tl_format input_format;
	int64_t fixed_time;   /* SOURCE_DATE_EPOCH, or -1 when unset */
	const char *dir;      /* build -d */
	const char *base_url; /* --base-url as given, or NULL */
	const char *listen;   /* serve --listen, or NULL for CLI_SERVE_LISTEN */
	const char *state;    /* serve --state, or NULL for the default */
	long settle_ms;       /* serve --settle, or -1 for the default */
	long request_timeout; /* serve --request-timeout, or 0 for the default */
	long client_limit;    /* serve --client-limit, or 0 for the default */
	int quiet;            /* serve --quiet */
} cli_site_args;

#define CLI_SERVE_LISTEN "127.0.0.1:8080"
#define CLI_SERVE_CONNECTIONS 1000 /* open connections at once */

/* Each runs its command and returns an exit status. */
int cli_build(const cli_site_args *a);
int cli_serve(const cli_site_args *a);

#endif
