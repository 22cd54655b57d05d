/*
 * layout_int.h - what the layout's own files share and renderers never
 * see: the sizes the passes agree on, the per-event working state and the
 * passes themselves (layout_axis.c, layout_place.c, layout_arrow.c,
 * layout_frame.c), called in order by tl_layout_new() in layout.c.
 */
#ifndef DATELINE_LAYOUT_INT_H
#define DATELINE_LAYOUT_INT_H

#include "layout.h"

#define TL_LAYOUT_MARGIN 20.0  /* around the canvas */
#define TL_LAYOUT_NAME_GAP 12.0 /* after the lane names */

/* Sizes in points shared by the layout's files. */
#define TL_TITLE_FONT 9.0 /* event titles */
#define TL_DATE_FONT 8.0  /* the date line above a title */
#define TL_MIN_FONT 6.0   /* no text is drawn smaller */
#define TL_LABEL_PAD 2.0  /* inside a label box */
#define TL_MARK_R 5.0     /* point marker radius */
#define TL_BAR_H 10.0     /* bar thickness */
#define TL_ROW 13.0       /* one row of marks: a bar and a little air */
#define TL_GUTTER 8.0     /* between the marks and the first labels; the
                           * after: arrows run along its middle */
#define TL_SWATCH 9.0     /* a cluster list's indent for the mark copy */

/* Per-event working state in the along/across frame. */
typedef struct tl_item {
	double t0, t1;     /* moment, or bar ends, in days */
	double a0, a1;     /* the same on the axis */
	double anchor;     /* where the leader leaves the mark */
	double lw, lh;     /* the label's own width and height on the page */
	double dh;         /* of which the date line's height */
	double len, thick; /* a cluster's whole label along and across */
	double anchor_off; /* anchor's offset from the label's start */
	int side;          /* where the label goes */
	int row;           /* which row of the lane's core the mark takes */
	int show_date;     /* in a cluster: the date differs from the last */
	size_t unit;       /* its cluster's first event */
} tl_item;

/* The extent of event i's mark along the axis. */
void tl_layout_mark_span(const tl_layout *l, size_t i, const tl_item *m,
                         double *a0, double *a1);

/* Stacks the lanes across and places every mark, label and leader (see
 * layout_place.c); returns the total across extent and sets *plot_len to
 * the plot's length along, at least len. */
double tl_layout_stack_lanes(tl_layout *l, const tl_timeline *tl,
                             tl_item *it, double len, double *plot_len);

/* The width of the lane name column in a horizontal layout (0 without
 * names), as tl_layout_frame() will find it. */
double tl_layout_name_column(tl_layout *l, const tl_timeline *tl);

/* Routes the after: arrows around labels and marks (layout_arrow.c). */
void tl_layout_arrows(tl_layout *l);

/* Builds l's time map over an axis of about len points (0: natural, for
 * ordinal) for the marks it[0..n) under o's axis mode, breaking it where
 * it must; returns the axis length. */
double tl_layout_make_axis(tl_layout *l, const tl_item *it, size_t n,
                           const tl_options *o, double len);

/* Fills l->ticks for the axis, piece by piece (plot-relative positions);
 * on an ordinal axis, one tick per event date and a "not to scale"
 * note. */
void tl_layout_make_ticks(tl_layout *l, const tl_item *it, size_t n,
                          const tl_options *o, double font);

/* A citation of a source URL: by the front matter (ev SIZE_MAX) or by
 * event ev; num is the source's number in the footer, from 1. */
typedef struct tl_src_ref {
	const char *url;
	size_t order;
	size_t ev;
	size_t num;
} tl_src_ref;

/* Numbers the sources by first use, front matter's first, and fills
 * l->footer's texts (positions come later).  Returns every citation in
 * order and sets *nref.  The caller frees the result with free(). */
tl_src_ref *tl_layout_sources(tl_layout *l, const tl_timeline *tl,
                              size_t *nref);

/* What the legend needs to explain. */
typedef struct tl_legend_info {
	const char **tags, **colors; /* tags that colour events, and how */
	size_t ntags;
	int other; /* some event is grey: untagged or a rarer tag */
	int has_point, has_bar, has_approx, has_uncertain, has_open;
} tl_legend_info;

/* Colours every event: its color: property, else the colour the header
 * gives the first of its tags that has one ("#tag: colour"), else by its
 * first tag when that is among the few most used first tags, else grey
 * (or all blue when no event has tags).  Fills li's tags, colors, ntags
 * (arena memory: the declared tags first, in the header's order) and
 * other. */
void tl_layout_colors(tl_layout *l, const tl_timeline *tl,
                      tl_legend_info *li);

/* Given the plot's content built at the origin (len along the time axis,
 * across for the lanes), sizes the canvas, adds the header, lane names,
 * tick labels, legend and footer, and moves the plot into place. */
void tl_layout_frame(tl_layout *l, const tl_timeline *tl, double len,
                     double across, const tl_legend_info *li);

#endif
