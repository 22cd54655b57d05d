/*
 * layout.h - the diagram's geometry, computed without Graphviz.
 *
 * tl_layout_new() turns a timeline and the render options into boxes, lines
 * and texts in points (1/72 inch) with the origin at the top left and y
 * growing downwards.  render_dot.c only translates these into Graphviz
 * nodes; the unit tests check the numbers directly (monotone axis, no label
 * overlaps, every label inside the canvas).
 */
#ifndef DATELINE_LAYOUT_H
#define DATELINE_LAYOUT_H

#include "private.h"

/* An axis-aligned rectangle: top-left corner, width and height. */
typedef struct tl_rect {
	double x, y, w, h;
} tl_rect;

/* A piece of text in a box.  Lines are separated by '\n'; text lives in the
 * layout's arena. */
typedef struct tl_ltext {
	tl_rect box;
	const char *text;
	int lines;
	double size; /* font size in points */
} tl_ltext;

typedef enum tl_mark {
	TL_MARK_POINT = 0, /* a day or finer: a circle at its moment */
	TL_MARK_BAR = 1    /* a month, season, year or interval: a bar */
} tl_mark;

/* Bar ends that do not stop at a known date: the event is open-ended there,
 * or it runs on past the edge of the view. */
#define TL_END_OPEN_LO 1u
#define TL_END_OPEN_HI 2u
#define TL_END_CUT_LO 4u
#define TL_END_CUT_HI 8u

/* One visible event. */
typedef struct tl_levent {
	const tl_event *ev; /* the model's event */
	size_t lane;        /* index into tl_layout.lanes */
	tl_mark mark;
	tl_rect marker;      /* the circle's bounding square, or the bar */
	unsigned ends;       /* TL_END_* */
	unsigned qual;       /* TL_QUAL_* of either end */
	const char *color;   /* "#rrggbb" */
	tl_rect label;       /* the whole label: date line and title lines */
	tl_ltext date;       /* the date line, inside label */
	tl_ltext title;      /* the wrapped title, inside label */
	double lead[4];      /* leader x0,y0 (marker edge) to x1,y1 (label);
	                      * both ends equal when the event has none */
	int side;            /* +1: label above (or right of) the axis; -1 */
	int level;           /* 0 nearest the axis, 1 further out */
	size_t head;         /* first event of its cluster (itself if alone) */
	tl_rect swatch;      /* in a cluster's list: a small copy of the mark
	                      * before the title; w 0 otherwise */
} tl_levent;

/* A lane: a band across the plot with its name at the start. */
typedef struct tl_llane {
	tl_rect band;
	tl_ltext name; /* text NULL when the lane has no label */
	double axis;   /* y of the lane's line (x when vertical) */
	double gutter[2]; /* across positions of the lines between the marks
	                   * and the labels of side 0 and side 1 */
	int shaded;    /* alternate bands are tinted */
} tl_llane;

/* A tick on the time axis with its label. */
typedef struct tl_ltick {
	double pos; /* x (y when vertical) */
	tl_ltext label;
} tl_ltick;

/* An after: link drawn as a polyline from one event's marker to
 * another's, routed around labels and marks: pt[0] the start on the
 * earlier mark, pt[npt - 1] the arrow's tip on the later. */
#define TL_ARROW_PTS 12
typedef struct tl_larrow {
	size_t from, to; /* indices into tl_layout.events */
	double pt[TL_ARROW_PTS][2];
	int npt;
} tl_larrow;

/* Legend symbols. */
typedef enum tl_legend_kind {
	TL_LEG_POINT,     /* a point event */
	TL_LEG_BAR,       /* a period or interval */
	TL_LEG_APPROX,    /* dashed: approximate */
	TL_LEG_UNCERTAIN, /* dotted: uncertain */
	TL_LEG_OPEN,      /* an open-ended bar */
	TL_LEG_ARROW,     /* an after: link */
	TL_LEG_TAG        /* a tag's colour */
} tl_legend_kind;

typedef struct tl_llegend {
	tl_legend_kind kind;
	tl_rect symbol;
	tl_ltext label;
	const char *color;
} tl_llegend;

/* The whole picture. */
typedef struct tl_layout {
	double width, height; /* the canvas */
	int vertical;
	tl_rect plot;         /* where time runs: lanes and events */
	double view_lo, view_hi; /* days since 1970-01-01 at the plot's ends */
	tl_ltext title, description; /* text NULL when absent */
	tl_llane *lanes;
	size_t nlanes;
	tl_ltick *ticks;
	size_t nticks;
	tl_levent *events;
	size_t nevents;
	tl_larrow *arrows;
	size_t narrows;
	tl_llegend *legend;
	size_t nlegend;
	tl_ltext *footer; /* "Sources" heading, then one text per source */
	size_t nfooter;
	/* The time axis as a monotone piecewise-linear map: day knot_t[i] is
	 * drawn at knot_p[i].  It runs from knot_p[0] to knot_p[nknots - 1];
	 * the plot can run on past it to hold the last labels. */
	double *knot_t, *knot_p;
	size_t nknots;
	/* Where a broken axis skips an empty stretch: the break's centre
	 * and width along the axis. */
	double *breaks;
	size_t nbreaks;
	double break_w;
	tl_ltext axis_note; /* "not to scale" on an ordinal axis, or NULL */
	double along_max;   /* when > 0, labels end by here along the axis
	                     * (plot-relative), if they can */
	int names_above;    /* horizontal: lane names head their bands
	                     * instead of standing in a column (narrow) */
	/* Set when the options ask for a size the events cannot have at a
	 * legible text size: what went wrong and what would work. */
	const char *refusal;
	tl_arena arena;
} tl_layout;

/* Computes the geometry of tl's diagram under o (axis, orientation, width,
 * --from/--to crop).  Never fails.  The caller frees the result with
 * tl_layout_free(). */
tl_layout *tl_layout_new(const tl_timeline *tl, const tl_options *o);
void tl_layout_free(tl_layout *l);

/* Where the moment day (fractional days since 1970-01-01) falls on the
 * axis: an x (a y when vertical) in points.  Days outside the view are
 * extrapolated from the nearest segment. */
double tl_layout_time_pos(const tl_layout *l, double day);

/* True when the two rectangles share interior points. */
int tl_rect_overlap(const tl_rect *a, const tl_rect *b);

/* ---- text measurement (layout_text.c) ---- */

/* Line height for a font size: Graphviz sets lines 1.2 sizes apart. */
#define TL_LINE_HEIGHT(size) ((size) * 1.2)

/* The width in points of n bytes of UTF-8 text s at font size, in the
 * fonts that draw each character (DejaVu Sans, WenQuanYi Micro Hei,
 * Symbola), from fixed tables of their advance widths rounded up so the
 * real text never runs wider. */
double tl_text_width(const char *s, size_t n, double size);

/* Wraps s into lines no wider than max_w points at font size, breaking at
 * spaces and, inside a word too long for a line, between characters.
 * Control characters become spaces.  At most max_lines lines are made; the
 * last ends in an ellipsis when text was left over.  Returns the lines
 * joined by '\n' in a, and sets *lines and *width (the widest line). */
const char *tl_text_wrap(tl_arena *a, const char *s, double size,
                         double max_w, int max_lines, int *lines,
                         double *width);

#endif
