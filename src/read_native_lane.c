/*
 * read_native_lane.c - the native reader's lanes: headings, and the
 * "group NAME" / "section NAME" ... "endGroup" / "endSection" blocks of
 * older Markwhen files, whose events take the innermost block's name as
 * their lane (docs/format.md, "Lanes").
 */
#include "read_native.h"

#include <ctype.h>
#include <string.h>

/* A lane name from a heading or a block, name[0..nn): #tags in it are
 * taken out (they tag no event), links reduced to their text. */
static const char *lane_name(parser *p, const char *name, size_t nn)
{
	const char *r = parse_inline(p, name, nn, 1);
	p->tags.n = 0;
	p->links.n = 0;
	p->props.n = 0;
	return r;
}

/* Sets the lane events take from now on: the innermost open block's
 * name, else the last heading's. */
static void set_lane(parser *p)
{
	p->lane = p->nblocks ? p->blocks[p->nblocks - 1].name : p->heading;
	p->lane_idx = -1;
}

void parse_heading(parser *p, const char *s, size_t n, size_t h)
{
	parse_end_event(p);
	const char *name = s + h;
	size_t nn = n - h;
	parse_trim(&name, &nn);
	if (!nn)
		parse_error(p, 1, (int)h, "heading has no name");
	if (p->nblocks) {
		const struct block *b = &p->blocks[p->nblocks - 1];
		parse_error(p, 1, (int)n,
		            "heading inside the '%s' block opened on line %d: "
		            "close it with '%s' first",
		            b->section ? "section" : "group", b->line,
		            b->section ? "endSection" : "endGroup");
		return;
	}
	p->heading = lane_name(p, name, nn);
	set_lane(p);
	p->heading_props = 1;
}

int parse_heading_prop(parser *p, const char *s, size_t n)
{
	if (!p->heading_props)
		return 0;
	size_t k = 0;
	while (k < n && (isalnum((unsigned char)s[k]) || s[k] == '-' ||
	                 s[k] == '_' || s[k] == '.'))
		k++;
	if (!k || k == n || s[k] != ':' ||
	    (k + 1 < n && !parse_is_space(s[k + 1])) ||
	    parse_event_like(s, k)) {
		p->heading_props = 0;
		return 0;
	}
	parse_warn(p, 1, (int)k,
	           "section property '%.*s' is not read: a lane has no "
	           "properties",
	           (int)k, s);
	return 1;
}

/* Whether s[0..n) (not indented) is "KEYWORD" alone or "KEYWORD name". */
static int keyword_line(const char *s, size_t n, const char *kw)
{
	size_t k = strlen(kw);
	return n >= k && memcmp(s, kw, k) == 0 &&
	       (n == k || parse_is_space(s[k]));
}

/* "group NAME" / "section NAME" opens a block whose events take the lane
 * NAME; "endGroup" / "endSection" closes the innermost (docs/format.md).
 * Returns 0 when the line is none of these. */
int parse_block_line(parser *p, const char *s, size_t n)
{
	int group = keyword_line(s, n, "group"),
	    section = keyword_line(s, n, "section");
	int endg = n == 8 && memcmp(s, "endGroup", 8) == 0,
	    ends = n == 10 && memcmp(s, "endSection", 10) == 0;
	if (!group && !section && !endg && !ends)
		return 0;
	parse_end_event(p);
	if (group || section) {
		size_t k = group ? 5 : 7;
		const char *name = s + k;
		size_t nn = n - k;
		parse_trim(&name, &nn);
		if (!nn) {
			parse_error(p, 1, (int)k, "'%s' has no name",
			            group ? "group" : "section");
			name = "";
		}
		if (!p->warned_block) {
			p->warned_block = 1;
			parse_warn(
			    p, 1, (int)k,
			    "'%s' blocks are read as lanes; Markwhen 1.2.0 "
			    "reads these lines as text (a heading '# %.*s' "
			    "is read by both)",
			    group ? "group" : "section", (int)nn, name);
		}
		if (p->nblocks == p->blocks_cap) {
			p->blocks_cap = p->blocks_cap ? p->blocks_cap * 2 : 4;
			p->blocks = tl_xrealloc(p->blocks,
			                        p->blocks_cap *
			                            sizeof(*p->blocks));
		}
		p->blocks[p->nblocks++] = (struct block){lane_name(p, name, nn),
		                                         p->line, section};
		set_lane(p);
		return 1;
	}
	if (!p->nblocks) {
		parse_error(p, 1, (int)n, "'%.*s' without an open '%s' block",
		            (int)n, s, endg ? "group" : "section");
		return 1;
	}
	const struct block *b = &p->blocks[p->nblocks - 1];
	if (b->section != ends)
		parse_error(p, 1, (int)n,
		            "'%.*s' closes the '%s' block opened on line %d: "
		            "write '%s'",
		            (int)n, s, b->section ? "section" : "group",
		            b->line, b->section ? "endSection" : "endGroup");
	p->nblocks--;
	set_lane(p);
	return 1;
}

/* Reports the blocks still open at the end of the file, each at the line
 * that opened it. */
void parse_unclosed_blocks(parser *p)
{
	for (size_t i = 0; i < p->nblocks; i++) {
		const struct block *b = &p->blocks[i];
		p->line = b->line;
		p->mapped = 0;
		parse_error(p, 1, b->section ? 7 : 5,
		            "'%s %s' is never closed with '%s'",
		            b->section ? "section" : "group", b->name,
		            b->section ? "endSection" : "endGroup");
	}
}
