/*
 * options.c - the defaults every renderer starts from.  The CLI fills a
 * tl_options from tl_options_init() and then applies its flags, so a new
 * option only needs a sane zero or a line here.
 */
#include "private.h"

#include <string.h>

/* Fills *o with the defaults: timestamp 0 (the epoch), partial dates
 * spanning their whole period, not strict, SVG output on an automatic
 * axis at 144 dpi, horizontal, natural width, no crop. */
void tl_options_init(tl_options *o)
{
	memset(o, 0, sizeof(*o));
	o->timestamp = 0;
	o->partial = TL_PARTIAL_SPAN;
	o->format = "svg";
	o->axis = TL_AXIS_AUTO;
	o->dpi = 144;
}
