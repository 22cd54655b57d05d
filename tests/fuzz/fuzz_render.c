/*
 * fuzz_render.c - libFuzzer target for every back end, as cmark's fuzzer
 * drives every renderer: the input is parsed, optionally filtered, and
 * rendered to the dump, DOT, SVG, the .ics feed and the HTML page; each
 * output is then read back in-process by an independent reader (cgraph
 * and xdot for the DOT, libical plus the raw RFC 5545 line rules for the
 * feed, libxml2 for the SVG and the page).  A failed check prints
 * "fuzz_render: BACK END: CHECK" and the detail, then aborts.
 *
 * Input: two control bytes, then the event file.  Byte 0 holds flags
 * (filters and options, see the F_ bits), byte 1 picks which event's
 * date, lane and tag the filters use.  Seeds: tests/fuzz/corpus/render/.
 * FUZZ_RENDER_IGNORE and FUZZ_RENDER_ONLY skip kinds of failure (see
 * skip below), FUZZ_RENDER_KEEP=FILE saves the output that failed.
 */
#include "dateline.h"

#include <graphviz/cgraph.h>
#include <graphviz/xdot.h>
#include <libical/ical.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Byte 0. */
#define F_FROM 0x01     /* keep events from an event's date on */
#define F_TO 0x02       /* and up to another's; both crop the view too */
#define F_LANE 0x04     /* keep one lane */
#define F_TAG 0x08      /* keep one tag */
#define F_NO_LANE 0x10  /* with F_LANE: a lane that does not exist */
#define F_VERTICAL 0x20 /* --orientation vertical */
#define F_ORDINAL 0x40  /* --axis ordinal */
#define F_STRICT 0x80   /* --strict, and partial dates on their first day */

/* Graphviz takes milliseconds per diagram; larger inputs skip the SVG and
 * the page (which inlines the SVG) so the fuzzer spends its time on the
 * parser and the cheap back ends. */
#ifndef SVG_MAX_INPUT
#define SVG_MAX_INPUT 2048
#endif
#define SVG_MAX_EVENTS 40

/* ---- failing ---- */

/* The options and filters of the current input, in dateline's command
 * line terms, for a failure's report. */
static char context[1024];

/* The output being checked: with FUZZ_RENDER_KEEP=FILE set, a failure
 * writes it there, to look at. */
static const char *checked;
static size_t checked_len;

/* Known defects that are not fixed yet must not hide the next one:
 * FUZZ_RENDER_IGNORE="KIND|KIND..." skips the rest of an input when a
 * check whose "BACK END: CHECK" contains one of them fails, and
 * FUZZ_RENDER_ONLY="KIND" skips every other failure (to minimise an
 * input for one kind with -minimize_crash).  Skipping jumps back to
 * LLVMFuzzerTestOneInput, which frees the input's timeline. */
static jmp_buf skip;

/* Whether the failure of kind is to be skipped. */
static int skipped(const char *kind)
{
	const char *only = getenv("FUZZ_RENDER_ONLY");
	if (only && *only && !strstr(kind, only))
		return 1;
	const char *ignore = getenv("FUZZ_RENDER_IGNORE");
	while (ignore && *ignore) {
		size_t n = strcspn(ignore, "|");
		char pat[256];
		if (n > 0 && n < sizeof(pat)) {
			memcpy(pat, ignore, n);
			pat[n] = '\0';
			if (strstr(kind, pat))
				return 1;
		}
		ignore += n + (ignore[n] == '|');
	}
	return 0;
}

/* Prints the back end and the check that failed, a detail line, and
 * aborts: the first line names the kind of failure (scripts/fuzz.sh
 * groups failures by it), the second what was seen. */
__attribute__((noreturn, format(printf, 3, 4))) static void fail(
    const char *what, const char *check, const char *fmt, ...)
{
	char kind[512];
	snprintf(kind, sizeof(kind), "%s: %s", what, check);
	if (skipped(kind))
		longjmp(skip, 1);
	va_list ap;
	fprintf(stderr, "fuzz_render: %s\n  ", kind);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n  as: dateline ... %s\n", context);
	const char *keep = getenv("FUZZ_RENDER_KEEP");
	FILE *fp = keep && checked ? fopen(keep, "wb") : NULL;
	if (fp) {
		fwrite(checked, 1, checked_len, fp);
		fclose(fp);
	}
	abort();
}

/* ---- an output in memory ---- */

typedef struct sink {
	char *data;
	size_t len, cap;
} sink;

static int sink_write(void *ctx, const char *data, size_t len)
{
	sink *s = ctx;
	if (s->len + len + 1 > s->cap) {
		size_t cap = s->cap ? s->cap : 4096;
		while (cap < s->len + len + 1)
			cap *= 2;
		s->data = realloc(s->data, cap);
		if (!s->data)
			abort();
		s->cap = cap;
	}
	memcpy(s->data + s->len, data, len);
	s->len += len;
	s->data[s->len] = '\0';
	return 0;
}

/* Empties s, keeping its buffer. */
static void sink_reset(sink *s)
{
	s->len = 0;
	if (s->data)
		s->data[0] = '\0';
}

/* The last error diagnostic, for a failure's detail line. */
static const char *last_error(const tl_diags *d)
{
	for (size_t i = tl_diags_count(d); i-- > 0;)
		if (tl_diags_get(d, i)->severity == TL_SEV_ERROR)
			return tl_diags_get(d, i)->message;
	return "(none stored)";
}

/* A renderer's status must be 0 with output, or an input error it
 * reported as a diagnostic.  The sink never fails, so TL_WRITE_FAILED is a
 * defect, and so is a back-end failure on a timeline that parsed
 * cleanly.  Returns whether the output is there to check. */
static int rendered(const char *what, int rc, const sink *s, const tl_diags *d,
                    int errors_before)
{
	int added = tl_diags_errors(d) - errors_before;
	checked = s->data;
	checked_len = s->len;
	if (rc == TL_OK) {
		if (added)
			fail(what, "status 0 with an error", "%s",
			     last_error(d));
		if (s->len == 0)
			fail(what, "status 0 and no output", "%zu bytes",
			     s->len);
		return 1;
	}
	if (rc == TL_BACKEND_FAILED)
		fail(what, "back-end failure on a valid timeline", "%s",
		     last_error(d));
	if (rc != TL_INVALID)
		fail(what, "unexpected status", "status %d", rc);
	if (!added)
		fail(what, "status 1 without an error", "status %d", rc);
	return 0;
}

/* ---- UTF-8, independent of tl_utf8_check ---- */

/* Length of the valid UTF-8 sequence at s[0..n), or 0 when it is not
 * one (over-long forms, surrogates and code points past U+10FFFF are
 * invalid). */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	if (s[0] < 0x80)
		return 1;
	size_t len;
	uint32_t cp;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

/* Offset of the first byte of s[0..n) that does not start a valid
 * sequence, or n. */
static size_t utf8_valid(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		size_t k = utf8_seq(u + i, n - i);
		if (k == 0)
			return i;
		i += k;
	}
	return n;
}

/* ---- the dump ---- */

static void check_dump(const sink *s)
{
	if (memchr(s->data, '\0', s->len))
		fail("dump", "NUL byte in the output", "%zu bytes", s->len);
	if (s->data[s->len - 1] != '\n')
		fail("dump", "output does not end with a newline", "%zu bytes",
		     s->len);
}

/* ---- the DOT, read back with cgraph ---- */

typedef struct memchan {
	const char *p, *end;
} memchan;

/* Hands cgraph's lexer the next line of the buffer, as its own memory
 * reader does. */
static int mem_read(void *chan, char *buf, int bufsize)
{
	memchan *m = chan;
	int n = 0;
	while (m->p < m->end && n < bufsize - 1) {
		char c = *m->p++;
		buf[n++] = c;
		if (c == '\n')
			break;
	}
	buf[n] = '\0';
	return n;
}

static int mem_putstr(void *chan, const char *s)
{
	return 0;
}

static int mem_flush(void *chan)
{
	return 0;
}

static Agiodisc_t mem_io = {mem_read, mem_putstr, mem_flush};
static Agdisc_t mem_disc = {NULL, NULL, &mem_io};

/* The DOT must be exactly one graph that cgraph reads without an error,
 * with one mark node per event (class tl-mark) among a bounded number more
 * (labels, lanes, the axis and its ticks, legend symbols, link areas), and
 * a background drawing xdot parses.  nevents, nlinks and nlanes are the
 * filtered timeline's counts. */
static void check_dot(const sink *s, size_t nevents, size_t nlinks,
                      size_t nlanes)
{
	memchan m = {s->data, s->data + s->len};
	mem_disc.mem = &AgMemDisc;
	mem_disc.id = &AgIdDisc;
	Agraph_t *g = agread(&m, &mem_disc);
	if (!g)
		fail("dot", "cgraph cannot read the DOT", "%s",
		     aglasterr() ? aglasterr() : "(cgraph printed its message above)");
	Agraph_t *more = agread(&m, &mem_disc);
	if (more) {
		agclose(more);
		agclose(g);
		fail("dot", "more than one graph", "%zu bytes", s->len);
	}
	if (!agisdirected(g) || agnsubg(g) != 0) {
		agclose(g);
		fail("dot", "not one directed graph without subgraphs",
		     "%d subgraphs", agnsubg(g));
	}
	size_t marks = 0, nodes = 0;
	for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n)) {
		const char *name = agnameof(n);
		const char *cls = agget(n, "class");
		nodes++;
		if (cls && strstr(cls, "tl-mark"))
			marks++;
		const char *pos = agget(n, "pos");
		if (!pos || !*pos) {
			agclose(g);
			fail("dot", "a node without pos", "node %s", name);
		}
	}
	/* One mark and one label node an event, one a lane, the axis and
	 * its ticks: nothing else. */
	if (marks != nevents || nodes > 2 * nevents + nlanes + nlinks + 256) {
		agclose(g);
		fail("dot", "node count", "%zu marks for %zu events, %zu nodes",
		     marks, nevents, nodes);
	}
	if (agnedges(g) != 0) {
		agclose(g);
		fail("dot", "edges in the graph", "%d edges", agnedges(g));
	}
	const char *bg = agget(g, "_background");
	if (!bg || !*bg) {
		agclose(g);
		fail("dot", "no _background drawing", "%zu bytes", s->len);
	}
	xdot *x = parseXDot((char *)bg);
	if (!x) {
		agclose(g);
		fail("dot", "xdot cannot parse _background", "%.200s", bg);
	}
	freeXDot(x);
	agclose(g);
}

/* ---- the SVG and the page, read back with libxml2 ---- */

/* libxml2's complaints, gathered instead of printed. */
typedef struct xml_errs {
	int n;
	int line;        /* of the first */
	char first[160]; /* its message, the kind of failure */
	char check[200]; /* "libxml2 cannot read ...: " and that message */
} xml_errs;

static void xml_error(void *ctx, xmlErrorPtr e)
{
	xml_errs *x = ctx;
	/* The HTML parser knows HTML 4: <header>, <svg> and the like are
	 * "invalid tags" to it, which says nothing about our escaping. */
	if (e->domain == XML_FROM_HTML && e->code == XML_HTML_UNKNOWN_TAG)
		return;
	if (e->level < XML_ERR_ERROR)
		return;
	if (x->n++ > 0)
		return;
	x->line = e->line;
	snprintf(x->first, sizeof(x->first), "%s",
	         e->message ? e->message : "?");
	x->first[strcspn(x->first, "\n")] = '\0';
}

/* Fails for the first error libxml2 reported reading what. */
__attribute__((noreturn)) static void xml_fail(const char *what,
                                               const char *doc, xml_errs *x)
{
	snprintf(x->check, sizeof(x->check), "libxml2 cannot read the %s: %s",
	         doc, x->n ? x->first : "no document");
	fail(what, x->check, "line %d", x->line);
}

/* Parses len bytes at p as XML (no network, no DTD, no entity
 * substitution) and checks the root is <svg>.  what names the output. */
static void check_svg_xml(const char *what, const char *p, size_t len)
{
	xml_errs errs = {0};
	xmlSetStructuredErrorFunc(&errs, xml_error);
	xmlDocPtr doc = xmlReadMemory(p, (int)len, "fuzz.svg", "UTF-8",
	                              XML_PARSE_NONET | XML_PARSE_NOWARNING);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (!doc || errs.n) {
		xmlFreeDoc(doc);
		xml_fail(what, "SVG", &errs);
	}
	xmlNodePtr root = xmlDocGetRootElement(doc);
	int ok = root && xmlStrcmp(root->name, (const xmlChar *)"svg") == 0;
	xmlFreeDoc(doc);
	if (!ok)
		fail(what, "the root element is not <svg>", "%zu bytes", len);
}

/* The page must be valid UTF-8, parse as HTML without an error (other
 * than HTML 4's unknown tags), have a <title>, and inline one <svg>
 * element that is well-formed XML on its own. */
static void check_page(const sink *s)
{
	size_t bad = utf8_valid(s->data, s->len);
	if (bad != s->len)
		fail("html", "invalid UTF-8", "at byte %zu", bad);
	xml_errs errs = {0};
	xmlSetStructuredErrorFunc(&errs, xml_error);
	htmlDocPtr doc = htmlReadMemory(s->data, (int)s->len, "fuzz.html",
	                                "UTF-8",
	                                HTML_PARSE_NONET |
	                                    HTML_PARSE_NOWARNING);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (!doc || errs.n) {
		xmlFreeDoc(doc);
		xml_fail("html", "page", &errs);
	}
	xmlFreeDoc(doc);
	if (!strstr(s->data, "<title>"))
		fail("html", "no <title>", "%zu bytes", s->len);
	const char *start = strstr(s->data, "<svg");
	const char *end = start ? strstr(start, "</svg>") : NULL;
	if (!start || !end || strstr(end + 1, "<svg"))
		fail("html", "not exactly one inline <svg>", "%zu bytes",
		     s->len);
	check_svg_xml("html", start, (size_t)(end + 6 - start));
}

/* ---- the feed: raw RFC 5545 lines, then libical ---- */

/* Content lines end with CRLF, hold no other CR or LF and no control
 * character but HTAB, are at most 75 octets, and a fold (CRLF then a
 * space or tab) never splits a UTF-8 sequence: each physical line is
 * valid UTF-8 on its own. */
static void check_ics_lines(const sink *s)
{
	const char *p = s->data, *end = s->data + s->len;
	int line = 0;
	if (s->len < 2 || end[-2] != '\r' || end[-1] != '\n')
		fail("ics", "does not end with CRLF", "%zu bytes", s->len);
	while (p < end) {
		const char *q = p;
		line++;
		while (q < end && *q != '\r' && *q != '\n')
			q++;
		if (q + 1 >= end || q[0] != '\r' || q[1] != '\n')
			fail("ics", "bare CR or LF", "line %d", line);
		size_t n = (size_t)(q - p);
		if (n > 75)
			fail("ics", "line longer than 75 octets",
			     "line %d: %zu octets: %.80s", line, n, p);
		if (line == 1 && (p[0] == ' ' || p[0] == '\t'))
			fail("ics", "first line is a continuation", "%.80s", p);
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)p[i];
			if ((c < 0x20 && c != '\t') || c == 0x7f)
				fail("ics", "control character",
				     "line %d, octet %zu: 0x%02x", line, i + 1,
				     c);
		}
		size_t bad = utf8_valid(p, n);
		if (bad != n)
			fail("ics",
			     "line is not valid UTF-8 (a fold splits a "
			     "character?)",
			     "line %d, octet %zu: %.80s", line, bad + 1, p);
		p = q + 2;
	}
}

/* libical must read the feed as one VCALENDAR without X-LIC-ERROR
 * properties, with at most nevents VEVENTs, each with a SUMMARY and a
 * DTSTART; tl_ics_check() must agree it is valid. */
static void check_ics_libical(const sink *s, size_t nevents)
{
	icalerror_set_errors_are_fatal(0);
	icalcomponent *root = icalparser_parse_string(s->data);
	if (!root)
		fail("ics", "libical cannot parse the feed", "%s",
		     icalerror_strerror(icalerrno));
	if (icalcomponent_isa(root) != ICAL_VCALENDAR_COMPONENT) {
		icalcomponent_free(root);
		fail("ics", "not one VCALENDAR", "%zu bytes", s->len);
	}
	int errs = icalcomponent_count_errors(root);
	if (errs) {
		icalcomponent_free(root);
		fail("ics", "libical reports X-LIC-ERROR", "%d errors", errs);
	}
	size_t vevents = 0;
	for (icalcomponent *c =
	         icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT);
	     c; c = icalcomponent_get_next_component(root,
	                                             ICAL_VEVENT_COMPONENT)) {
		vevents++;
		int summary = icalcomponent_get_first_property(
		                  c, ICAL_SUMMARY_PROPERTY) != NULL;
		int dtstart = icalcomponent_get_first_property(
		                  c, ICAL_DTSTART_PROPERTY) != NULL;
		if (!summary || !dtstart) {
			icalcomponent_free(root);
			fail("ics", "VEVENT without SUMMARY or DTSTART",
			     "VEVENT %zu: summary %d, dtstart %d", vevents,
			     summary, dtstart);
		}
	}
	icalcomponent_free(root);
	if (vevents > nevents)
		fail("ics", "more VEVENTs than events", "%zu for %zu", vevents,
		     nevents);
	tl_diags *d = tl_diags_new(0);
	if (tl_ics_check(s->data, s->len, d) != TL_OK) {
		char msg[TL_DIAG_MSG_MAX + 32];
		snprintf(msg, sizeof(msg), "%s", last_error(d));
		tl_diags_free(d);
		fail("ics", "tl_ics_check refuses the feed", "%s", msg);
	}
	tl_diags_free(d);
}

/* ---- the filters ---- */

typedef struct filter {
	int has_from, has_to;
	tl_date from, to;
	char lane[256];
	char tag[256];
	const char *lane_p, *tag_p;
} filter;

/* Copies s into buf (size 256), truncating; the filter must not point
 * into the timeline it changes. */
static const char *copy(char *buf, const char *s)
{
	snprintf(buf, 256, "%s", s);
	return buf;
}

/* Words the options and filters in context[]. */
static void describe(unsigned flags, const filter *f)
{
	char from[64] = "", to[64] = "";
	if (f->has_from)
		tl_date_format(&f->from, from, sizeof(from));
	if (f->has_to)
		tl_date_format(&f->to, to, sizeof(to));
	snprintf(context, sizeof(context), "%s%s%s%s%s%s%s%s%s%s%s%s",
	         f->has_from ? "--from " : "", from, f->has_from ? " " : "",
	         f->has_to ? "--to " : "", to, f->has_to ? " " : "",
	         f->lane_p ? "--lane '" : "", f->lane_p ? f->lane_p : "",
	         f->lane_p ? "' " : "", f->tag_p ? "--tag '" : "",
	         f->tag_p ? f->tag_p : "", f->tag_p ? "' " : "");
	size_t k = strlen(context);
	snprintf(context + k, sizeof(context) - k, "%s%s%s",
	         flags & F_VERTICAL ? "--orientation vertical " : "",
	         flags & F_ORDINAL ? "--axis ordinal " : "",
	         flags & F_STRICT ? "--strict --partial=first-day" : "");
	if (!context[0])
		snprintf(context, sizeof(context), "(no option)");
}

/* Applies the filters flags and sel choose, from the timeline's own
 * dates, lanes and tags, and checks what is left obeys them. */
static void apply_filter(tl_timeline *tl, unsigned flags, unsigned sel,
                         filter *f)
{
	size_t n = tl_timeline_count(tl), lanes = tl_timeline_lane_count(tl);
	memset(f, 0, sizeof(*f));
	if (n > 0 && (flags & F_FROM)) {
		f->from = *tl_event_date(tl_timeline_event(tl, sel % n));
		f->has_from = 1;
	}
	if (n > 0 && (flags & F_TO)) {
		f->to = *tl_event_date(
		    tl_timeline_event(tl, (sel * 7 + 3) % n));
		f->has_to = 1;
	}
	if (flags & F_LANE) {
		if (flags & F_NO_LANE)
			f->lane_p = copy(f->lane, "no such lane \x01");
		else if (lanes > 0)
			f->lane_p = copy(f->lane,
			                 tl_timeline_lane(tl, sel % lanes));
	}
	if (n > 0 && (flags & F_TAG)) {
		const tl_event *e = tl_timeline_event(tl, (sel * 3 + 1) % n);
		if (tl_event_tag_count(e) > 0)
			f->tag_p = copy(f->tag,
			                tl_event_tag(e,
			                             sel % tl_event_tag_count(
			                                       e)));
	}
	const char *tags[1] = {f->tag_p};
	int rc = tl_timeline_filter(tl, f->has_from ? &f->from : NULL,
	                            f->has_to ? &f->to : NULL, f->lane_p, tags,
	                            f->tag_p ? 1 : 0);
	if (f->lane_p && (flags & F_NO_LANE)) {
		if (rc != -1 || tl_timeline_count(tl) != n)
			fail("filter", "an unknown lane changed the timeline",
			     "status %d, %zu of %zu events", rc,
			     tl_timeline_count(tl), n);
		/* The other filters still apply. */
		f->lane_p = NULL;
		rc = tl_timeline_filter(tl, f->has_from ? &f->from : NULL,
		                        f->has_to ? &f->to : NULL, NULL, tags,
		                        f->tag_p ? 1 : 0);
	}
	describe(flags, f);
	if (rc != 0)
		fail("filter", "a lane of the timeline is unknown", "'%s'",
		     f->lane);
	if (tl_timeline_count(tl) > n)
		fail("filter", "more events after filtering", "%zu of %zu",
		     tl_timeline_count(tl), n);
	for (size_t i = 0; i < tl_timeline_count(tl); i++) {
		const tl_event *e = tl_timeline_event(tl, i);
		if (tl_event_lane(e) >= tl_timeline_lane_count(tl))
			fail("filter", "event lane out of range", "event %zu",
			     i);
		if (f->lane_p && strcmp(tl_timeline_lane(tl, tl_event_lane(e)),
		                        f->lane_p) != 0)
			fail("filter", "event of another lane kept",
			     "event %zu", i);
		int has = !f->tag_p;
		for (size_t t = 0; !has && t < tl_event_tag_count(e); t++)
			has = strcasecmp(tl_event_tag(e, t), f->tag_p) == 0;
		if (!has)
			fail("filter", "event without the tag kept",
			     "event %zu", i);
	}
}

/* ---- the target ---- */

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	xmlInitParser();
	icalerror_set_errors_are_fatal(0);
	return 0;
}

/* The sources of the filtered timeline: an upper bound on the footer's
 * link areas. */
static size_t count_links(const tl_timeline *tl)
{
	size_t k = 1; /* the title's link */
	for (size_t i = 0; i < tl_timeline_count(tl); i++)
		k += tl_event_source_count(tl_timeline_event(tl, i));
	return k;
}

/* Renders tl to format into s and checks the status; returns whether
 * there is output to check. */
static int diagram(const tl_timeline *tl, tl_options *o, const char *format,
                   sink *s, tl_diags *d)
{
	sink_reset(s);
	o->format = format;
	int before = tl_diags_errors(d);
	int rc = tl_render_diagram(tl, o, sink_write, s, d);
	return rendered(format, rc, s, d, before);
}

/* Every back end over the filtered, valid timeline tl, into s. */
static void render_all(const tl_timeline *tl, const tl_options *o0,
                       size_t input_size, sink *s, tl_diags *d)
{
	tl_options o = *o0;
	size_t n = tl_timeline_count(tl);

	if (diagram(tl, &o, "dot", s, d))
		check_dot(s, n, count_links(tl), tl_timeline_lane_count(tl));

	sink_reset(s);
	int before = tl_diags_errors(d);
	int rc = tl_render_ics(tl, &o, sink_write, s, d);
	if (rendered("ics", rc, s, d, before)) {
		check_ics_lines(s);
		check_ics_libical(s, n);
	}

	if (input_size <= SVG_MAX_INPUT && n <= SVG_MAX_EVENTS) {
		if (diagram(tl, &o, "svg", s, d))
			check_svg_xml("svg", s->data, s->len);
		sink_reset(s);
		tl_html_page page = {"fuzz", "", NULL,
		                     n % 2 ? "A <banner> & \"quotes\"" : NULL, 0};
		before = tl_diags_errors(d);
		o.format = NULL;
		rc = tl_render_html(tl, &o, &page, sink_write, s, d);
		if (rendered("html", rc, s, d, before))
			check_page(s);
	}
}

/* One input's timeline and diagnostics, static so that a skipped
 * failure (see skip) still frees them; the output buffer is kept from one
 * input to the next. */
static tl_timeline *cur_tl;
static tl_diags *cur_d;
static sink out;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	unsigned flags = data[0], sel = data[1];
	const char *text = (const char *)data + 2;
	size_t len = size - 2;

	snprintf(context, sizeof(context), "(no option)");
	checked = NULL;
	if (setjmp(skip)) {
		tl_timeline_free(cur_tl);
		tl_diags_free(cur_d);
		cur_tl = NULL;
		cur_d = NULL;
		return 0;
	}
	cur_d = tl_diags_new(0);
	cur_tl = tl_parse("fuzz.mw", text, len, cur_d);
	tl_options o;
	tl_options_init(&o);
	o.timestamp = 1533254400; /* 2018-08-03 */
	o.vertical = (flags & F_VERTICAL) != 0;
	o.axis = flags & F_ORDINAL ? TL_AXIS_ORDINAL : TL_AXIS_PROPORTIONAL;
	o.strict = (flags & F_STRICT) != 0;
	o.partial = flags & F_STRICT ? TL_PARTIAL_FIRST_DAY : TL_PARTIAL_SPAN;

	sink_reset(&out);
	int before = tl_diags_errors(cur_d);
	int rc = tl_render_dump(cur_tl, &o, sink_write, &out, cur_d);
	if (rendered("dump", rc, &out, cur_d, before))
		check_dump(&out);

	/* Renderers are only given timelines without errors. */
	if (tl_diags_errors(cur_d) == 0) {
		filter f;
		apply_filter(cur_tl, flags, sel, &f);
		o.has_from = f.has_from;
		o.from = f.from;
		o.has_to = f.has_to;
		o.to = f.to;
		render_all(cur_tl, &o, len, &out, cur_d);
	}
	tl_timeline_free(cur_tl);
	tl_diags_free(cur_d);
	cur_tl = NULL;
	cur_d = NULL;
	return 0;
}
