/*
 * chart — server-rendered SVG charts for the public pages (issue 16 item 2):
 * horizontal bars, stacked horizontal bars and lines, drawn from numbers
 * with no script. Every chart is a <figure> holding the SVG (role="img",
 * <title> and <desc> as its text alternative, tied by aria-labelledby) and
 * the same numbers as a data table, so a reader who cannot see the picture,
 * or a phone that cannot show it well, loses nothing (WCAG 2.1 1.1.1).
 *
 * The drawing is sized in a 360-unit-wide viewBox: a 390 px phone shows it
 * at about its natural size (13-unit text reads as 13 px) and a wide screen
 * scales it up to the figure's maximum width (static/site.css .chart).
 * Colours are dark enough for 3:1 against white (WCAG 2.1 1.4.11) and
 * series are told apart by dash patterns as well as colour (1.4.1).
 *
 * Each bar and point carries data-series, data-cat and data-value, so tests
 * read the figures back from the SVG and compare them with the table.
 */
#ifndef GONGKAI_CHART_H
#define GONGKAI_CHART_H

#include <stddef.h>

#include "base/base.h"

#define CHART_W 360              /* viewBox width */
#define CHART_CATS_MAX 60        /* categories of one chart (a month a bar for five years) */
#define CHART_SERIES_MAX 8       /* series of one chart (the palette's colours) */
#define CHART_LABEL_MAX 24       /* characters of a category or series label */
#define CHART_TITLE_MAX 80       /* characters of a title */
#define CHART_VALUE_MAX 1e15     /* above this a double no longer holds every whole number */

enum chart_kind {
    CHART_BAR,       /* one bar per category (the first series only) */
    CHART_STACKED,   /* one bar per category, its series stacked */
    CHART_LINE,      /* one line per series across the categories */
};

struct chart_series {
    const char *name;            /* legend and column header */
    const double *values;        /* [ncats]; NaN = not given ("—", no bar, the line breaks) */
};

/* What a chart shows; every pointer is borrowed for the call. */
struct chart {
    enum chart_kind kind;
    const char *id;              /* unique on the page: [a-z0-9-], 1–32 characters */
    const char *title;           /* the caption and the SVG's <title> */
    const char *cat_header;      /* the table's first column header ("年度", "月份") */
    const char *unit;            /* appended to values in the text alternative ("件"), or NULL */
    int decimals;                /* 0 for counts, 1 for medians */
    const char *const *cats;     /* [ncats] category labels */
    size_t ncats;
    const struct chart_series *series;
    size_t nseries;
};

/* Appends the <figure>: caption, SVG and data table. Returns 0, or GK_EINVAL
 * naming the place (a bad id, no or too many categories or series, a label or
 * title too long or not UTF-8, a negative, infinite or too large value);
 * nothing is appended then. */
int chart_figure(const struct chart *c, buf *out, err *e);
/* The SVG alone, and the data table alone (same checks). */
int chart_svg(const struct chart *c, buf *out, err *e);
int chart_table(const struct chart *c, buf *out, err *e);

/* Geometry, exposed for the tests. The length of a value on a span where
 * max fills it (0 for a value ≤ 0, a NaN or a max ≤ 0); the smallest of
 * 1, 2, 5 × 10^k at or above max (1 for max ≤ 0), the axis of a line chart. */
double chart_scale(double v, double max, double span);
double chart_nice_max(double max);
/* The number of steps of a line chart's axis up to top (a chart_nice_max):
 * steps of 1, 2 or 5 × 10^k, none below 1 for counts (decimals 0). */
int chart_ticks(double top, int decimals);
/* A value as the chart and table print it: whole numbers without decimals,
 * else `decimals` places; "—" for NaN. out: at least 32 bytes. */
void chart_fmt(double v, int decimals, char out[32]);

#endif
