/*
 * ics_lib.h - what the feed's files that call libical share in libical's
 * types (ics_event.c, render_ics.c); ics.h has the rest, without
 * libical's header.
 */
#ifndef DATELINE_ICS_LIB_H
#define DATELINE_ICS_LIB_H

#include "ics.h"

#include <libical/ical.h>

/* A property of kind (with x name xname when not NULL) holding TEXT
 * already escaped by tl_ics_put_escaped(): a STRING value, which libical
 * writes as it is, marked VALUE=TEXT, which libical leaves out where TEXT
 * is the default.  The caller frees the result with icalproperty_free()
 * or hands it to a component. */
icalproperty *tl_ics_escaped_prop(icalproperty_kind kind, const char *xname,
                                  const char *escaped);

#endif
