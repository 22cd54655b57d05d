/*
 * fuzz_dot_write.c - libFuzzer target for the DOT writer: the input, cut
 * at NUL bytes, gives a node's name and the values of a graph attribute,
 * a node default and the node's own attribute; Graphviz's reader must
 * read back from tl_dot_write()'s text exactly those values.  Any other
 * outcome aborts.
 */
#include <cgraph.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render_dot.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static int quiet(char *msg)
{
	(void)msg;
	return 0;
}

/* Fails loudly: the value read back is not the one written. */
static void differ(const char *what, const char *want, const char *got,
                   const char *dot)
{
	fprintf(stderr, "%s: wrote [%s], read [%s] from\n%s\n", what, want,
	        got ? got : "(none)", dot);
	abort();
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	/* Four NUL-terminated strings: name, graph, default, node value. */
	char *buf = malloc(size + 4);
	memcpy(buf, data, size);
	memset(buf + size, 0, 4);
	const char *v[4];
	const char *p = buf;
	for (int i = 0; i < 4; i++) {
		v[i] = p;
		p += strlen(p) + (p < buf + size);
	}
	agseterrf(quiet);
	Agraph_t *g = agopen("fuzz", Agdirected, NULL);
	agattr(g, AGRAPH, "a", (char *)v[1]);
	agattr(g, AGNODE, "b", (char *)v[2]);
	/* cgraph takes a name starting with '%' for an anonymous object's;
	 * dateline's names never do. */
	if (v[0][0] == '%')
		v[0] = "n";
	Agnode_t *n = agnode(g, (char *)v[0], 1);
	agset(n, "b", (char *)v[3]);
	tl_buf dot = {NULL, 0, 0};
	tl_dot_write(&dot, g);
	tl_buf_putc(&dot, '\0');
	Agraph_t *back = agmemread(dot.data);
	if (!back)
		differ("graph", "(a graph)", NULL, dot.data);
	/* An attribute left empty is not written, so not declared. */
	const char *got = agget(back, "a");
	if (strcmp(got ? got : "", v[1]) != 0)
		differ("graph a", v[1], got, dot.data);
	Agnode_t *m = agnode(back, (char *)v[0], 0);
	if (!m)
		differ("node name", v[0], NULL, dot.data);
	got = agget(m, "b");
	if (strcmp(got ? got : "", v[3]) != 0)
		differ("node b", v[3], got, dot.data);
	agclose(back);
	agclose(g);
	free(dot.data);
	free(buf);
	return 0;
}
