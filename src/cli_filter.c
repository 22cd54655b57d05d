/*
 * cli_filter.c - the filters every command shares: --from, --to, --lane
 * and --tag, so one event file can feed several audiences, and --until,
 * where the readers stop expanding recurrences.  Parsing the
 * option values, applying them to a timeline, and cropping the diagram's
 * view to the same dates.
 */
#include "cli.h"

#include <string.h>

const char *cli_filter_name(int c)
{
	static const char *const names[] = {"from", "to", "lane", "tag",
	                                    "until"};
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
	int is_until = strcmp(name, "until") == 0;
	tl_diag err;
	tl_date *d = is_from ? &f->from : is_until ? &f->until : &f->to;
	if (tl_date_parse(arg, strlen(arg), d, &err) < 0)
		return cli_usage("--%s: %s", name, err.message);
	if (is_until) {
		if (d->is_interval)
			return cli_usage("--until takes one date (2027-12-31), not "
			                 "the interval '%s'", arg);
		f->has_until = 1;
	} else if (is_from) {
		f->has_from = 1;
		f->from_arg = arg;
	} else {
		f->has_to = 1;
		f->to_arg = arg;
	}
	return 0;
}

int cli_filter_apply(const cli_filter *f, tl_timeline *tl, const char *path)
{
	if (tl_timeline_filter(tl, f->has_from ? &f->from : NULL,
	                       f->has_to ? &f->to : NULL, f->lane, f->tags,
	                       f->ntags) == 0)
		return 0;
	cli_error("%s: no lane called '%s'", path, f->lane);
	return CLI_EXIT_USAGE;
}

int cli_filter_empty(const cli_filter *f, size_t events, const char *path)
{
	size_t n = (size_t)f->has_from + (size_t)f->has_to + !!f->lane + f->ntags;
	if (!n || events)
		return 0;
	/* The filters as they were given, in a fixed order. */
	char list[512];
	size_t used = 0;
	const char *names[CLI_MAX_TAGS + 3], *values[CLI_MAX_TAGS + 3];
	size_t k = 0;
	if (f->has_from)
		names[k] = "from", values[k++] = f->from_arg;
	if (f->has_to)
		names[k] = "to", values[k++] = f->to_arg;
	if (f->lane)
		names[k] = "lane", values[k++] = f->lane;
	for (size_t i = 0; i < f->ntags; i++)
		names[k] = "tag", values[k++] = f->tags[i];
	list[0] = '\0';
	for (size_t i = 0; i < k && used < sizeof(list); i++) {
		const char *v = values[i];
		int quote = !*v || strpbrk(v, " \t'\"") != NULL;
		int w = snprintf(list + used, sizeof(list) - used, "%s--%s %s%s%s",
		                 i ? " " : "", names[i], quote ? "'" : "", v,
		                 quote ? "'" : "");
		used += w > 0 ? (size_t)w : 0;
	}
	cli_error("%s%sno event matches the filter%s (%s)", path ? path : "",
	          path ? ": " : "", n > 1 ? "s" : "", list);
	return CLI_EXIT_INVALID;
}

void cli_filter_read_options(const cli_filter *f, tl_format fmt,
                             tl_read_options *ro)
{
	tl_read_options_init(ro);
	ro->format = fmt;
	ro->has_until = f->has_until;
	ro->until = f->until;
}

void cli_filter_crop(const cli_filter *f, tl_options *o)
{
	o->has_from = f->has_from;
	o->from = f->from;
	o->has_to = f->has_to;
	o->to = f->to;
}
