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

#endif
