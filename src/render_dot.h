/*
 * render_dot.h - shared by the files of the Graphviz back end:
 * render_dot.c builds the graph (one node per event mark, plus link areas
 * and transparent parts a page can find by id and class), renders it with
 * gvc and writes it as DOT; render_dot_draw.c writes everything else as
 * the graph's _background xdot drawing.  Not part of the public API.
 */
#ifndef DATELINE_RENDER_DOT_H
#define DATELINE_RENDER_DOT_H

#include "layout.h"

#define TL_DOT_INK "#1a1a1a"   /* event titles, marks' default */
#define TL_DOT_SHADE "#f1f4f8" /* alternate lane bands */

/* Writes v into out (at least TL_DOT_NUM_MAX bytes) in fixed point with
 * places decimals (0 to 4), as printf's "%.*f" does but for exact ties,
 * which round away from zero; never "-0".  Returns the length.  A
 * formatter of our own: it runs for every coordinate of a large diagram
 * and printf's is several times slower. */
#define TL_DOT_NUM_MAX 48
size_t tl_dot_num(char *out, double v, int places);

/* Appends to out the xdot drawing of layout l that lies under the nodes,
 * bottom to top: lane bands, grid, lane lines, axis, leaders, after:
 * arrows, the legend's arrow, label backgrounds, then every text (event
 * dates and titles, header, lane names, tick labels, legend labels,
 * sources).  Coordinates are Graphviz's: points, y growing upwards.
 *
 * Graphviz draws an xdot text with its baseline centerline * size above
 * the y it is given; the value depends on the text layout plugin that
 * renders it (0.2 with pango, 0.1 without), and is passed in so the text
 * lands in the same place either way. */
void tl_dot_drawing(tl_buf *out, const tl_layout *l, double centerline);

/* True when the PNG of l under o can be drawn at its size with readable
 * text; else adds an error to diags naming the options that size it
 * (render_dot_page.c). */
int tl_dot_png_readable(const tl_layout *l, const tl_options *o,
                        tl_diags *diags);

/* Sets the creation (and any modification) date in the PDF that cairo
 * wrote into pdf to t (seconds since the epoch, UTC). */
void tl_dot_pdf_dates(tl_buf *pdf, int64_t t);

/* Graphviz's graph type (cgraph.h), named so that this header need not
 * include Graphviz. */
struct Agraph_s;

/* The graph of tl's diagram under o as the DOT output holds it: URLs
 * plain, texts placed for pango.  For tests; tl_render_diagram() builds
 * its own.  The caller closes the result with agclose(). */
struct Agraph_s *tl_dot_graph(const tl_timeline *tl, const tl_options *o);

/* Appends g to out as DOT text that Graphviz 2.42/2.43 (and later) reads
 * back with every attribute value exactly as g holds it: the graph's
 * attributes, the nodes' defaults, then each node with the values that
 * differ from them.  Graphs with edges or subgraphs are not written. */
void tl_dot_write(tl_buf *out, struct Agraph_s *g);

#endif
