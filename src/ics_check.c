/*
 * ics_check.c - `dateline ics --check`: reads any .ics and reports what is
 * wrong with it.  Two layers: our own scan of the raw text, which knows
 * line numbers: the RFC 5545 wire rules (CRLF at the end of every line
 * and nowhere else, at most 75 octets a line, folds outside UTF-8
 * sequences, UTF-8 throughout), content-line syntax, BEGIN/END nesting,
 * VALUE=DATE holding a time; then libical's parser, whose
 * complaints and the checks we run on its tree (required properties, DTEND
 * after DTSTART, unique UIDs) are placed at the BEGIN line of the
 * component they concern.
 */
#include "private.h"

#include <libical/ical.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_OCTETS 75 /* RFC 5545 3.1: lines SHOULD NOT be longer */
#define NAME_MAX_LEN 64

/* One check in progress. */
typedef struct check {
	tl_diags *diags;
	int *begins;        /* line of each BEGIN, in document order */
	size_t nbegins, begins_cap;
	char (*stack)[NAME_MAX_LEN]; /* open component names */
	int *stack_line;
	size_t depth, stack_cap;
	int structure_ok;   /* BEGIN/END balanced, so libical's tree maps */
	int split_found;    /* a fold splitting UTF-8 was reported */
	int seen_content;
} check;

static void error_at(check *c, int line, int col, int len, const char *fmt,
                     ...) __attribute__((format(printf, 5, 6)));

/* Adds an error at line:col underlining len bytes. */
static void error_at(check *c, int line, int col, int len, const char *fmt,
                     ...)
{
	char msg[TL_DIAG_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	tl_diags_add(c->diags, TL_SEV_ERROR, TL_INVALID, line, col, len,
	             "%s", msg);
}

/* ------------------------------------------------------------------ */
/* The raw text                                                         */
/* ------------------------------------------------------------------ */

/* Checks one physical line (without its line break) for control
 * characters.  Returns 0 when there is none. */
static int check_controls(check *c, int line, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < n; i++) {
		if (u[i] == '\r') {
			error_at(c, line, (int)i + 1, 1, "%s",
			         "a CR without LF inside a line");
			return -1;
		}
		if ((u[i] < 0x20 && u[i] != '\t') || u[i] == 0x7f) {
			error_at(c, line, (int)i + 1, 1,
			         "control character 0x%02x in a content line", u[i]);
			return -1;
		}
	}
	return 0;
}

/* Checks the UTF-8 of one unfolded content line that started on line
 * `line` and whose first physical line had `first` bytes.  Returns 0
 * when the content is UTF-8. */
static int check_utf8(check *c, int line, const char *s, size_t n,
                      size_t first)
{
	size_t bad = tl_utf8_check(s, n);
	if (bad != n) {
		error_at(c, line, bad < first ? (int)bad + 1 : 1, 1, "%s",
		         "invalid UTF-8");
		return -1;
	}
	return 0;
}

/* Checks the continuation line `line`, s[0..n) without its line break:
 * RFC 5545 3.1 folds between characters, so the octet after the fold's
 * space must not continue a UTF-8 sequence.  Reported once a file; a
 * reader that decodes before unfolding sees U+FFFD there. */
static void check_fold(check *c, int line, const char *s, size_t n)
{
	if (n < 2 || ((unsigned char)s[1] & 0xC0) != 0x80 || c->split_found++)
		return;
	error_at(c, line, 2, 1, "%s",
	         "a fold splits a UTF-8 sequence (first of them)");
}

/* Pushes a BEGIN; names longer than NAME_MAX_LEN are cut (they still
 * have to match their END). */
static void push(check *c, const char *name, size_t n, int line)
{
	if (c->depth == c->stack_cap) {
		c->stack_cap = c->stack_cap ? c->stack_cap * 2 : 8;
		c->stack = tl_xrealloc(c->stack, c->stack_cap * sizeof(*c->stack));
		c->stack_line = tl_xrealloc(c->stack_line,
		                            c->stack_cap * sizeof(*c->stack_line));
	}
	if (n >= NAME_MAX_LEN)
		n = NAME_MAX_LEN - 1;
	memcpy(c->stack[c->depth], name, n);
	c->stack[c->depth][n] = '\0';
	c->stack_line[c->depth++] = line;
	if (c->nbegins == c->begins_cap) {
		c->begins_cap = c->begins_cap ? c->begins_cap * 2 : 8;
		c->begins = tl_xrealloc(c->begins,
		                        c->begins_cap * sizeof(*c->begins));
	}
	c->begins[c->nbegins++] = line;
}

/* Checks one unfolded content line that started on line `line`: a name,
 * parameters (quoted values may hold ':' and ';'), a ':', a value; BEGIN
 * and END nest; a VALUE=DATE property holds dates only. */
static void check_content(check *c, int line, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && ((s[i] >= 'A' && s[i] <= 'Z') ||
	                 (s[i] >= 'a' && s[i] <= 'z') ||
	                 (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
		i++;
	size_t name_len = i;
	if (name_len == 0 || i == n || (s[i] != ':' && s[i] != ';')) {
		error_at(c, line, (int)i + 1, 1, "%s",
		         "not a content line: expected NAME[;PARAM]:VALUE");
		c->structure_ok = 0;
		return;
	}
	int date_only = 0, quoted = 0;
	size_t params = i;
	while (i < n && (quoted || s[i] != ':')) {
		if (s[i] == '"')
			quoted = !quoted;
		i++;
	}
	if (i == n) {
		error_at(c, line, (int)n, 1, "%s", "content line without ':'");
		return;
	}
	/* VALUE=DATE among the parameters (outside quotes). */
	for (size_t k = params; k + 11 <= i; k++)
		if (s[k] == ';' && strncasecmp(s + k, ";VALUE=DATE", 11) == 0 &&
		    (k + 11 == i || s[k + 11] == ';' || s[k + 11] == ':'))
			date_only = 1;
	const char *value = s + i + 1;
	size_t vlen = n - i - 1;
	if (date_only) {
		for (size_t k = 0; k < vlen; k++)
			if (value[k] == 'T') {
				error_at(c, line, (int)(i + 2 + k), 1, "%s",
				         "a date-time in a VALUE=DATE property");
				break;
			}
	}
	c->seen_content = 1;
	if (name_len == 5 && strncasecmp(s, "BEGIN", 5) == 0) {
		if (c->nbegins == 0 && !(vlen == 9 &&
		                         strncasecmp(value, "VCALENDAR", 9) == 0))
			error_at(c, line, 1, (int)n, "%s",
			         "the first component is not a VCALENDAR");
		push(c, value, vlen, line);
	} else if (name_len == 3 && strncasecmp(s, "END", 3) == 0) {
		size_t cut = vlen < NAME_MAX_LEN ? vlen : NAME_MAX_LEN - 1;
		if (c->depth == 0) {
			error_at(c, line, 1, (int)n, "%s",
			         "END without a matching BEGIN");
			c->structure_ok = 0;
		} else if (strlen(c->stack[c->depth - 1]) != cut ||
		           strncasecmp(c->stack[c->depth - 1], value, cut) != 0) {
			error_at(c, line, 1, (int)n, "END does not close BEGIN:%s",
			         c->stack[c->depth - 1]);
			c->structure_ok = 0;
			c->depth--;
		} else {
			c->depth--;
		}
	} else if (c->depth == 0) {
		error_at(c, line, 1, (int)name_len, "%s",
		         "a property outside any component");
	}
}

/* Scans the raw text line by line, unfolding as it goes. */
static void scan(check *c, const char *buf, size_t len)
{
	size_t pos = 0;
	int line = 0, bare_lf = 0, long_lines = 0, first_long = 0;
	tl_buf content = {0};
	int content_line = 0;
	size_t first = 0;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		tl_diags_add(c->diags, TL_SEV_WARNING, TL_INVALID, 1, 1, 3,
		             "a byte order mark; iCalendar is UTF-8 without one");
		pos = 3;
	}
	for (;;) {
		const char *s = buf + pos;
		const char *nl = pos < len ? memchr(s, '\n', len - pos) : NULL;
		size_t n = pos < len ? (nl ? (size_t)(nl - s) : len - pos) : 0;
		int at_end = pos >= len;
		pos += n + (nl ? 1 : 0);
		if (!at_end) {
			line++;
			if (nl && n > 0 && s[n - 1] == '\r') {
				n--;
			} else if (nl) {
				if (!bare_lf++)
					error_at(c, line, (int)n + 1, 1, "%s",
					         "line ends with LF, not CRLF (first of them)");
			} else if (s[n - 1] == '\r') {
				error_at(c, line, (int)n, 1, "%s",
				         "the last line ends with CR, not CRLF");
				n--;
			} else {
				error_at(c, line, (int)n + 1, 1, "%s",
				         "the last line does not end with CRLF");
			}
			if (n > MAX_OCTETS && !long_lines++)
				first_long = line;
			if (check_controls(c, line, s, n) < 0)
				continue;
			if (n > 0 && (s[0] == ' ' || s[0] == '\t') && content_line) {
				check_fold(c, line, s, n);
				tl_buf_put(&content, s + 1, n - 1);
				continue;
			}
		}
		/* A content line is complete: check it, then start the next. */
		if (content_line &&
		    check_utf8(c, content_line, content.data, content.len, first) == 0)
			check_content(c, content_line, content.data, content.len);
		if (at_end)
			break;
		content.len = 0;
		content_line = 0;
		if (n == 0)
			continue; /* blank lines are tolerated by most readers */
		tl_buf_put(&content, s, n);
		content_line = line;
		first = n;
	}
	free(content.data);
	if (long_lines)
		error_at(c, first_long, MAX_OCTETS + 1, 1,
		         "%d line(s) longer than 75 octets (first here)", long_lines);
	if (!c->seen_content)
		error_at(c, 0, 0, 0, "%s", "no content lines: not an iCalendar file");
	while (c->depth > 0) {
		c->depth--;
		error_at(c, c->stack_line[c->depth], 1, 6,
		         "BEGIN:%s is never closed", c->stack[c->depth]);
		c->structure_ok = 0;
	}
}

/* ------------------------------------------------------------------ */
/* libical's view                                                       */
/* ------------------------------------------------------------------ */

/* A VEVENT's UID and, for an override, its RECURRENCE-ID as written
 * (with its TZID: rid is allocated, freed by check_uids()). */
typedef struct uid_seen {
	const char *uid;
	char *rid; /* NULL: not an override */
	int line;
} uid_seen;

static int uid_cmp(const void *a, const void *b)
{
	const uid_seen *x = a, *y = b;
	int r = strcmp(x->uid, y->uid);
	if (!r)
		r = strcmp(x->rid ? x->rid : "", y->rid ? y->rid : "");
	return r ? r : (x->line > y->line) - (x->line < y->line);
}

/* The RECURRENCE-ID p as written, after its TZID when it has one.  The
 * caller frees the result with free(). */
static char *rid_text(icalproperty *p)
{
	icalparameter *tz = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
	const char *v = icalproperty_get_value_as_string(p);
	tl_buf b = {0};
	if (tz && icalparameter_get_tzid(tz))
		tl_buf_printf(&b, "TZID=%s:", icalparameter_get_tzid(tz));
	tl_buf_puts(&b, v ? v : "");
	tl_buf_putc(&b, '\0');
	return b.data;
}

/* Checks one VEVENT found on line `line`. */
static void check_event(check *c, icalcomponent *ev, int line, tl_buf *uids)
{
	static const icalproperty_kind required[] = {
	    ICAL_UID_PROPERTY, ICAL_DTSTAMP_PROPERTY, ICAL_DTSTART_PROPERTY};
	static const char *const names[] = {"UID", "DTSTAMP", "DTSTART"};
	for (size_t i = 0; i < 3; i++)
		if (!icalcomponent_get_first_property(ev, required[i]))
			error_at(c, line, 1, 12, "VEVENT without %s", names[i]);
	icalproperty *uid = icalcomponent_get_first_property(ev, ICAL_UID_PROPERTY);
	icalproperty *rid =
	    icalcomponent_get_first_property(ev, ICAL_RECURRENCEID_PROPERTY);
	if (uid && icalproperty_get_uid(uid)) {
		uid_seen u = {icalproperty_get_uid(uid), rid ? rid_text(rid) : NULL,
		              line};
		tl_buf_put(uids, (const char *)&u, sizeof(u));
	}
	icalproperty *ps = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
	icalproperty *pe = icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY);
	if (pe && icalcomponent_get_first_property(ev, ICAL_DURATION_PROPERTY))
		error_at(c, line, 1, 12, "%s", "VEVENT with both DTEND and DURATION");
	if (!ps || !pe)
		return;
	struct icaltimetype s = icalcomponent_get_dtstart(ev);
	struct icaltimetype e = icalcomponent_get_dtend(ev);
	if (s.is_date != e.is_date)
		error_at(c, line, 1, 12, "%s",
		         "DTSTART and DTEND differ in value type (DATE and "
		         "DATE-TIME)");
	else if (icaltime_compare(e, s) < 0 ||
	         (s.is_date && icaltime_compare(e, s) == 0))
		error_at(c, line, 1, 12, "%s", "DTEND is not after DTSTART");
}

/* Walks comp and its children in document order; *k counts components
 * so that the k-th one maps to the k-th BEGIN line. */
static void walk(check *c, icalcomponent *comp, size_t *k, tl_buf *uids)
{
	int line = *k < c->nbegins ? c->begins[*k] : 0;
	(*k)++;
	for (icalproperty *p = icalcomponent_get_first_property(
	         comp, ICAL_XLICERROR_PROPERTY);
	     p; p = icalcomponent_get_next_property(comp, ICAL_XLICERROR_PROPERTY))
		error_at(c, line, 1, 5, "libical: %s", icalproperty_get_xlicerror(p));
	icalcomponent_kind kind = icalcomponent_isa(comp);
	if (kind == ICAL_VCALENDAR_COMPONENT) {
		icalproperty *v =
		    icalcomponent_get_first_property(comp, ICAL_VERSION_PROPERTY);
		if (!v || strcmp(icalproperty_get_version(v), "2.0") != 0)
			error_at(c, line, 1, 15, "%s", "VCALENDAR without VERSION:2.0");
		if (!icalcomponent_get_first_property(comp, ICAL_PRODID_PROPERTY))
			error_at(c, line, 1, 15, "%s", "VCALENDAR without PRODID");
	} else if (kind == ICAL_VEVENT_COMPONENT) {
		check_event(c, comp, line, uids);
	}
	/* Children are visited by position: libical's iterator over ANY
	 * keeps document order, which the BEGIN lines follow. */
	for (icalcomponent *ch = icalcomponent_get_first_component(
	         comp, ICAL_ANY_COMPONENT);
	     ch; ch = icalcomponent_get_next_component(comp, ICAL_ANY_COMPONENT))
		walk(c, ch, k, uids);
}

/* Reports UIDs used by more than one VEVENT, overrides (RECURRENCE-ID)
 * apart: a series has one master, and each instance one override.  Frees
 * what the entries hold. */
static void check_uids(check *c, tl_buf *uids)
{
	size_t n = uids->len / sizeof(uid_seen);
	uid_seen *u = (uid_seen *)(void *)uids->data;
	if (n > 1)
		qsort(u, n, sizeof(*u), uid_cmp);
	for (size_t i = 1; i < n; i++) {
		if (strcmp(u[i].uid, u[i - 1].uid) != 0 ||
		    strcmp(u[i].rid ? u[i].rid : "", u[i - 1].rid ? u[i - 1].rid : ""))
			continue;
		if (u[i].rid)
			error_at(c, u[i].line, 1, 12,
			         "UID '%s' with RECURRENCE-ID %s is used twice",
			         u[i].uid, u[i].rid);
		else
			error_at(c, u[i].line, 1, 12, "UID '%s' is used twice",
			         u[i].uid);
	}
	for (size_t i = 0; i < n; i++)
		free(u[i].rid);
}

/* Parses buf with libical and checks its tree. */
static void check_tree(check *c, const char *buf, size_t len)
{
	char *text = tl_xstrndup(buf, len);
	icalerror_set_errors_are_fatal(0);
	icalcomponent *root = icalparser_parse_string(text);
	free(text);
	if (!root) {
		error_at(c, 0, 0, 0, "%s", "libical found no calendar in the file");
		return;
	}
	tl_buf uids = {0};
	size_t k = 0;
	if (icalcomponent_isa(root) == ICAL_XROOT_COMPONENT) {
		for (icalcomponent *ch = icalcomponent_get_first_component(
		         root, ICAL_ANY_COMPONENT);
		     ch;
		     ch = icalcomponent_get_next_component(root, ICAL_ANY_COMPONENT))
			walk(c, ch, &k, &uids);
	} else {
		walk(c, root, &k, &uids);
	}
	check_uids(c, &uids);
	free(uids.data);
	icalcomponent_free(root);
}

tl_status tl_ics_check(const char *buf, size_t len, tl_diags *diags)
{
	check c = {0};
	c.diags = diags;
	c.structure_ok = 1;
	int before = tl_diags_errors(diags);
	scan(&c, buf, len);
	/* libical's tree is only mapped to lines when the nesting is sound
	 * and there is something to parse. */
	if (c.structure_ok && c.seen_content && memchr(buf, '\0', len) == NULL)
		check_tree(&c, buf, len);
	free(c.begins);
	free(c.stack);
	free(c.stack_line);
	return tl_diags_errors(diags) > before ? TL_INVALID : TL_OK;
}
