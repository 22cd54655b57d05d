/*
 * ics.h - helpers shared by the iCalendar files (render_ics.c, ics_text.c,
 * ics_check.c).  Internal to the library, like private.h.
 */
#ifndef DATELINE_ICS_H
#define DATELINE_ICS_H

#include "private.h"

/* Appends s as feed text: CR LF and lone CR become LF, other control
 * characters except TAB are dropped, bytes that are not UTF-8 become
 * U+FFFD. */
void tl_ics_put_clean(tl_buf *b, const char *s);
/* Appends s cleaned as above and escaped by the RFC 5545 TEXT rules:
 * backslash, semicolon and comma get a backslash, newline becomes \n. */
void tl_ics_put_escaped(tl_buf *b, const char *s);
/* The CSS3 colour name for color: the name itself when it is one (any
 * case, returned in lower case), the nearest name by RGB distance for
 * #rgb or #rrggbb, else NULL. */
const char *tl_ics_css_color(const char *color);
/* True when s is a plain host name (letters, digits, '-', '.'). */
int tl_ics_is_hostname(const char *s);
/* The default UID domain for a file called name: its base name without
 * extension, lower-cased, other characters as '-', then
 * ".dateline.invalid" ("timeline.dateline.invalid" when nothing is left).
 * The caller frees the result with free(). */
char *tl_ics_file_domain(const char *name);
/* True when zone names UTC itself (UTC, Etc/UTC, GMT, Etc/GMT, Z, Zulu). */
int tl_ics_zone_is_utc(const char *zone);
/* True when zone looks like an IANA name: letters, digits, "_+-/", no
 * "..", not absolute, so it can only name a file of the tz database. */
int tl_ics_zone_name_ok(const char *zone);

#endif
