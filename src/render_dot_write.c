/*
 * render_dot_write.c - the graph render_dot.c builds, as DOT text.
 *
 * Written here, not by agwrite(): Graphviz 2.43's writer escapes '"' as
 * \" and leaves '\' alone, while its reader keeps "\\" as a pair, so a
 * \" in a text ended the string early, and what followed was read as
 * DOT (attributes, a javascript: URL) or crashed dot.  No quoted string
 * can hold an odd run of backslashes before a quote or the end, and
 * Graphviz drops some newlines in quoted strings; put_value() writes such
 * runs as <...> HTML strings, which the reader keeps byte for byte,
 * joined to the quoted rest with DOT's '+'.  So what the graph holds is
 * what dot reads back, whatever the text (tests/unit/test_render_dot.c
 * checks it with agmemread() on random text).
 */
#include "render_dot.h"

#include <cgraph.h>

#include <string.h>
#include <strings.h>

/* Lines of a long value are continued after a space past this column. */
#define DOT_COLUMNS 100

/* True when s can go out bare: a DOT identifier that is not a keyword,
 * or a plain decimal number. */
static int bare_id(const char *s)
{
	size_t digits = strspn(s + (*s == '-'), "0123456789");
	if (digits) {
		const char *p = s + (*s == '-') + digits;
		if (*p == '.' && p[1] >= '0' && p[1] <= '9')
			p += 1 + strspn(p + 1, "0123456789");
		return !*p;
	}
	static const char *const keywords[] = {"node",    "edge",     "graph",
	                                       "digraph", "subgraph", "strict"};
	if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return 0;
	for (const char *p = s; *p; p++)
		if (!(*p == '_' || (*p >= 'a' && *p <= 'z') ||
		      (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
			return 0;
	for (size_t i = 0; i < sizeof(keywords) / sizeof(*keywords); i++)
		if (strcasecmp(s, keywords[i]) == 0)
			return 0;
	return 1;
}

/* Appends v so that Graphviz 2.42/2.43's DOT reader reads back exactly v.
 * Its quoted strings keep every byte but for these: \" is a quote; \\
 * stays two backslashes, a pair that never escapes what follows; \ and a
 * newline are dropped; and a newline alone between two of those escapes
 * (or the string's ends) is dropped too.  So backslashes are safe in a
 * quoted string unless an odd run of them comes before a quote or the
 * end, and newlines are never safe.  Such runs of backslashes and
 * newlines go out as HTML strings <...>, which the reader keeps byte for
 * byte (they hold no '<' or '>'), joined to their neighbours by '+';
 * quotes become \".  A long value is continued on the next line (\ and a
 * newline, which the reader drops) after a space past column DOT_COLUMNS;
 * *line is the offset in b where the current line starts. */
static void put_value(tl_buf *b, const char *v, size_t *line)
{
	if (bare_id(v)) {
		tl_buf_puts(b, v);
		return;
	}
	int open = 0, pieces = 0;
	for (const char *s = v; *s;) {
		size_t run = strspn(s, "\\\n");
		int raw = memchr(s, '\n', run) ||
		          (run % 2 && (s[run] == '"' || !s[run]));
		if (raw || !open) {
			if (open)
				tl_buf_putc(b, '"');
			if (pieces++)
				tl_buf_puts(b, " + ");
			open = !raw;
			tl_buf_putc(b, raw ? '<' : '"');
		}
		if (run) {
			tl_buf_put(b, s, run);
			for (size_t i = b->len - run; i < b->len; i++)
				if (b->data[i] == '\n')
					*line = i + 1;
			if (raw)
				tl_buf_putc(b, '>');
			s += run;
			continue;
		}
		if (*s == '"')
			tl_buf_puts(b, "\\\"");
		else
			tl_buf_putc(b, *s);
		if (*s == ' ' && s[1] && b->len - *line > DOT_COLUMNS) {
			tl_buf_puts(b, "\\\n");
			*line = b->len;
		}
		s++;
	}
	if (open)
		tl_buf_putc(b, '"');
	else if (!pieces)
		tl_buf_puts(b, "\"\"");
}

/* Appends one statement: the attributes of kind (AGRAPH, AGNODE) as
 * "\thead [k=v, ...];" and a newline.  head is "graph" for g's own, "node"
 * for the nodes' defaults (obj NULL), or node obj's name.  A graph's
 * values and the defaults are written when not empty or marked to print
 * (label), a node's when they differ from the defaults.  A graph or
 * defaults statement with nothing to write is left out: "graph;" is not
 * DOT. */
static void put_stmt(tl_buf *b, size_t *line, Agraph_t *g, int kind,
                     void *obj, const char *head, const char *sep)
{
	int n = 0;
	tl_buf_putc(b, '\t');
	if (obj)
		put_value(b, head, line);
	size_t start = b->len;
	for (Agsym_t *a = agnxtattr(g, kind, NULL); a;
	     a = agnxtattr(g, kind, a)) {
		const char *v = kind == AGRAPH ? agxget(g, a)
		                : obj          ? agxget(obj, a)
		                               : a->defval;
		if (obj ? strcmp(v, a->defval) == 0 : !v[0] && !a->print)
			continue;
		if (!n++ && !obj) {
			tl_buf_puts(b, head);
			start = b->len;
		}
		tl_buf_puts(b, n > 1 ? sep : " [");
		put_value(b, a->name, line);
		tl_buf_putc(b, '=');
		put_value(b, v, line);
	}
	if (!n && !obj) {
		b->len = start - 1; /* the tab */
		return;
	}
	tl_buf_puts(b, n ? "];\n" : ";\n");
	*line = b->len;
}

void tl_dot_write(tl_buf *out, struct Agraph_s *g)
{
	size_t line = out->len;
	tl_buf_puts(out, agisdirected(g) ? "digraph " : "graph ");
	put_value(out, agnameof(g), &line);
	tl_buf_puts(out, " {\n");
	put_stmt(out, &line, g, AGRAPH, NULL, "graph", ",\n\t\t");
	put_stmt(out, &line, g, AGNODE, NULL, "node", ", ");
	for (Agnode_t *n = agfstnode(g); n; n = agnxtnode(g, n))
		put_stmt(out, &line, g, AGNODE, n, agnameof(n), ", ");
	tl_buf_puts(out, "}\n");
}
