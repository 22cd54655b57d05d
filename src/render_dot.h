/*
 * render_dot.h - shared by the files of the Graphviz back end:
 * render_dot.c builds the graph (transparent nodes: link areas over the
 * marks, labels and sources, and parts a page can find by id and class),
 * renders it with gvc and writes it as DOT; render_dot_draw.c draws all
 * that is seen as the graph's _background xdot drawing; render_dot_svg.c
 * groups and annotates Graphviz's SVG.  Not part of the public API.
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

/* Graphviz's SVG has one element (polygon, polyline, ellipse or text)
 * for each shape and text line of the drawing, in order; a span is a run
 * of them: n elements from the at-th. */
typedef struct tl_dot_span {
	size_t at, n;
} tl_dot_span;

/* The pieces of an event that the drawing draws, and that the SVG
 * gathers into the event's group (render_dot_svg.c). */
enum {
	TL_DOT_LEADER, /* the leader, into the group's tl-leader */
	TL_DOT_MARK,   /* the mark, into the tl-mark */
	TL_DOT_BACK,   /* the label's background, */
	TL_DOT_SWATCH, /* the copy of the mark in a cluster's list, */
	TL_DOT_DATE,   /* the date and */
	TL_DOT_TITLE,  /* the title: these four into the tl-label */
	TL_DOT_NPIECES
};

/* A run of the drawing that the SVG makes a link in place: the header's
 * title, or one source of the footer (however many lines it wraps to).
 * url NULL: no link. */
typedef struct tl_dot_link {
	tl_dot_span span;
	char *url, *tip; /* plain text: the SVG writer escapes them */
} tl_dot_link;

/* What the SVG writer needs to group and annotate the drawing: where the
 * drawing put each event's pieces, each arrow, the header's title and
 * each source (filled by tl_dot_drawing()); and (by render_dot.c) the
 * stable id of each event and arrow, and each event's heading ("title
 * (date)"), tooltip (its title and description) and link, and the links
 * of the title and the sources.  Ids are plain: letters, digits, '-' and
 * '_'; the rest is plain text.  link[0] is the header's title, link[k]
 * the footer's k-th source (nlinks is the footer's length, at least 1).
 * Freed with tl_dot_groups_free(). */
typedef struct tl_dot_groups {
	size_t nevents, narrows, nelements, nlinks;
	tl_dot_span (*piece)[TL_DOT_NPIECES]; /* per event */
	tl_dot_span *arrow;                   /* per arrow */
	char **event_id, **arrow_id;
	char **heading, **tip, **url; /* per event; tip NULL: the heading
	                               * says it all; url NULL: no link */
	tl_dot_link *link;
} tl_dot_groups;

/* A tl_dot_groups for n events, m arrows and k links, every span and
 * string empty. */
void tl_dot_groups_init(tl_dot_groups *g, size_t n, size_t m, size_t k);
void tl_dot_groups_free(tl_dot_groups *g);

/* Writes through write the SVG that Graphviz writes for a graph whose
 * background is the drawing that g describes, grouped and annotated for
 * a web page.  Graphviz draws every shape and text from the drawing, and
 * its nodes (the lanes', the axis', the ticks') are transparent boxes;
 * this moves the nodes under the drawing, adds, and changes nothing else:
 * - each event's group, around its run: <g id="<id>" class="tl-event">
 *   with the event's heading as its <title>, then the leader under a
 *   <g class="tl-leader"> (present even when the event has none), the
 *   mark under a <g class="tl-mark"> (with a <title> of the tooltip when
 *   it says more than the heading) and the label's background, swatch and
 *   texts under a <g class="tl-label">, the mark and the label each
 *   inside an <a> to the event's link when it has one;
 * - each arrow's elements, in place, under a <g class="tl-link">;
 * - the title's and each source's lines, in place, inside an <a>.
 *
 * Graphviz's output goes to tl_dot_regroup_write() (a tl_write_fn whose
 * ctx is the tl_dot_regroup) as it is written, and is held.
 * tl_dot_regroup_end() writes it all and frees r; it returns 0; -1 when
 * the SVG was not laid out as expected (nothing is written); 1 when
 * write failed (the rest is then dropped).  g must
 * outlive r.  tl_dot_svg_regroup() does it all for a whole SVG. */
typedef struct tl_dot_regroup tl_dot_regroup;
tl_dot_regroup *tl_dot_regroup_new(const tl_dot_groups *g, tl_write_fn write,
                                   void *ctx);
int tl_dot_regroup_write(void *r, const char *data, size_t len);
int tl_dot_regroup_end(tl_dot_regroup *r);
int tl_dot_svg_regroup(const char *svg, size_t len, const tl_dot_groups *g,
                       tl_write_fn write, void *ctx);

/* Appends to out the xdot drawing of layout l, all that is seen of the
 * diagram, bottom to top: lane bands, grid, lane lines, axis; header,
 * lane names, tick labels, the legend, sources; the after: arrows; then
 * each event in one run (its leader, mark, label background, cluster
 * swatch, date and title).  Coordinates are Graphviz's: points, y growing upwards.
 *
 * Graphviz draws an xdot text with its baseline centerline * size above
 * the y it is given; the value depends on the text layout plugin that
 * renders it (0.2 with pango, 0.1 without), and is passed in so the text
 * lands in the same place either way.  When grp is not NULL (made by
 * tl_dot_groups_init() for l's events, arrows and footer), the spans of
 * each event's pieces, each arrow, the title and each source are
 * recorded in it. */
void tl_dot_drawing(tl_buf *out, const tl_layout *l, double centerline,
                    struct tl_dot_groups *grp);

/* True when the PNG of l under o can be drawn at its size with readable
 * text; else adds an error to diags naming the options that size it
 * (render_dot_page.c). */
int tl_dot_png_readable(const tl_layout *l, const tl_options *o,
                        tl_diags *diags);

/* Sets the creation (and any modification) date in the PDF that cairo
 * wrote into pdf to t (seconds since the epoch, UTC). */
void tl_dot_pdf_dates(tl_buf *pdf, int64_t t);

/* Graphviz's graph and context types (cgraph.h, gvc.h), named so that
 * this header need not include Graphviz. */
struct Agraph_s;
struct GVC_s;

/* Graphviz draws each xdot text this many sizes above the y it is given,
 * by the text layout plugin in use (see tl_dot_drawing()). */
#define TL_DOT_CENTERLINE_PANGO 0.2
#define TL_DOT_CENTERLINE_NONE 0.1

/* Graphviz's error callback (for agseterrf()): keeps msg for
 * tl_dot_gv_report(), as the library never prints. */
int tl_dot_gv_error(char *msg);

/* Moves Graphviz's kept messages into diags, one per line, with sev. */
void tl_dot_gv_report(tl_diags *diags, tl_severity sev);

/* The Graphviz context for a format, made on first use and kept for the
 * process: plain (SVG, image map) has only the core renderers and no
 * text layout, else every plugin.  Sets *centerline for it. */
struct GVC_s *tl_dot_context(int plain, double *centerline);

/* Lays g out with nop2 in gvc and renders it in format through write;
 * a tl_status, with what went wrong in diags. */
int tl_dot_render_gv(struct GVC_s *gvc, struct Agraph_s *g, const char *format,
                     const tl_options *o, tl_write_fn write, void *ctx,
                     tl_diags *diags);

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
