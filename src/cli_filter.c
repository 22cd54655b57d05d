/*
 * cli_filter.c - the filters every command shares: --from, --to, --lane
 * and --tag, so one event file can feed several audiences.  Parsing the
 * option values, applying them to a timeline, and cropping the diagram's
 * view to the same dates.
 */
#include "cli.h"

#include <string.h>

const char *cli_filter_name(int c)
{
	static const char *const names[] = {"from", "to", "lane", "tag"};
	unsigned i = (unsigned)(c - CLI_OPT_FILTER);
	return i < sizeof(names) / sizeof(*names) ? names[i] : NULL;
}

int cli_filter_set(cli_filter *f, const char *name, const char *arg)
{
	if (strcmp(name, "lane") == 0) {
		f->lane = arg;
		return 0;
	}
	if (strcmp(name, "tag") == 0) {
		if (f->ntags == CLI_MAX_TAGS)
			return cli_usage("at most %d --tag options", CLI_MAX_TAGS);
		f->tags[f->ntags++] = arg;
		return 0;
	}
	int is_from = strcmp(name, "from") == 0;
	tl_diag err;
	tl_date *d = is_from ? &f->from : &f->to;
	if (tl_date_parse(arg, strlen(arg), d, &err) < 0)
		return cli_usage("--%s: %s", name, err.message);
	if (is_from)
		f->has_from = 1;
	else
		f->has_to = 1;
	return 0;
}

int cli_filter_apply(const cli_filter *f, tl_timeline *tl, const char *path)
{
	if (tl_timeline_filter(tl, f->has_from ? &f->from : NULL,
	                       f->has_to ? &f->to : NULL, f->lane, f->tags,
	                       f->ntags) == 0)
		return 0;
	cli_error("%s: no lane called '%s'", path, f->lane);
	return TL_EXIT_USAGE;
}

void cli_filter_crop(const cli_filter *f, tl_options *o)
{
	o->has_from = f->has_from;
	o->from = f->from;
	o->has_to = f->has_to;
	o->to = f->to;
}
