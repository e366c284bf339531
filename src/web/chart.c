/* chart — SVG bars, stacked bars and lines with their data tables, drawn on
 * the server (chart.h says what and why). The layout is a few constants in
 * viewBox units; every label goes through buf_html. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/html.h"
#include "web/chart.h"

#define PAD 8           /* left and right margin */
#define FONT 13         /* label text */
#define ROW 40          /* a bar row: its label line, then the bar */
#define BAR_H 14
#define LEG_ROW 20      /* a legend line */
#define PLOT_H 170      /* the line chart's plot height */
#define AXIS_W 48       /* the line chart's value labels */
#define XLAB_H 22       /* the line chart's category labels */

/* Dark enough for 3:1 (and for text 4.5:1) against white; each series also
 * has its own dash pattern in line charts. */
static const char *const palette[CHART_SERIES_MAX] = {
    "#1f4e8c", "#b3261e", "#2e6b30", "#6a1b9a", "#8a5300", "#00616b", "#5d4037", "#37474f",
};
static const char *const dashes[CHART_SERIES_MAX] = {
    "", "6 3", "2 3", "8 3 2 3", "4 4", "10 4", "1 3", "6 2 2 2",
};

double chart_scale(double v, double max, double span)
{
    if (!(v > 0) || !(max > 0))
        return 0;
    return v >= max ? span : v / max * span;
}

double chart_nice_max(double max)
{
    if (!(max > 0))
        return 1;
    double p = pow(10, floor(log10(max)));
    static const double steps[] = {1, 2, 5, 10};
    for (size_t i = 0; i < 4; i++)
        if (steps[i] * p >= max)
            return steps[i] * p;
    return 10 * p;
}

int chart_ticks(double top, int decimals)
{
    double lead = top / pow(10, floor(log10(top)));
    int div = lead < 1.5 ? 5 : lead < 3 ? 4 : 5;   /* 1: steps of 0.2; 2: of 0.5; 5: of 1 (× 10^k) */
    if (decimals == 0 && top < div)
        div = (int)top;   /* counts: no step below 1 */
    return div < 1 ? 1 : div;
}

void chart_fmt(double v, int decimals, char out[32])
{
    if (isnan(v))
        snprintf(out, 32, "—");
    else if (v == floor(v))
        snprintf(out, 32, "%.0f", v);
    else
        snprintf(out, 32, "%.*f", decimals > 0 ? decimals : 1, v);
}

/* ---- checks ---- */

static int check_text(const char *s, size_t max, const char *what, size_t i, err *e)
{
    size_t n = s ? strlen(s) : 0, bad;
    if (!s || !n)
        return err_set(e, GK_EINVAL, "chart", "%s %zu is empty", what, i + 1);
    if (!utf8_valid(s, n, &bad))
        return err_set(e, GK_EINVAL, "chart", "%s %zu is not UTF-8 (byte %zu)", what, i + 1, bad);
    if (utf8_len(s, n) > max)
        return err_set(e, GK_EINVAL, "chart", "%s %zu has more than %zu characters", what, i + 1, max);
    return 0;
}

static int chart_check(const struct chart *c, err *e)
{
    size_t idn = c->id ? strlen(c->id) : 0;
    if (!idn || idn > 32 || strspn(c->id, "abcdefghijklmnopqrstuvwxyz0123456789-") != idn)
        return err_set(e, GK_EINVAL, "chart", "the id must be 1–32 of a-z, 0-9 and '-'");
    int rc = check_text(c->title, CHART_TITLE_MAX, "title", 0, e);
    if (!rc && c->cat_header)
        rc = check_text(c->cat_header, CHART_LABEL_MAX, "category header", 0, e);
    if (rc)
        return rc;
    if (!c->ncats || c->ncats > CHART_CATS_MAX)
        return err_set(e, GK_EINVAL, "chart", "%s: %zu categories (1–%d)", c->id, c->ncats, CHART_CATS_MAX);
    if (!c->nseries || c->nseries > CHART_SERIES_MAX)
        return err_set(e, GK_EINVAL, "chart", "%s: %zu series (1–%d)", c->id, c->nseries, CHART_SERIES_MAX);
    for (size_t i = 0; i < c->ncats; i++)
        if ((rc = check_text(c->cats[i], CHART_LABEL_MAX, "category", i, e)))
            return rc;
    for (size_t j = 0; j < c->nseries; j++) {
        if ((rc = check_text(c->series[j].name, CHART_LABEL_MAX, "series", j, e)))
            return rc;
        for (size_t i = 0; i < c->ncats; i++) {
            double v = c->series[j].values[i];
            if (!isnan(v) && (v < 0 || !(v <= CHART_VALUE_MAX)))
                return err_set(e, GK_EINVAL, "chart", "%s: series %zu, category %zu: %g is not a count from 0 to 10^15",
                                c->id, j + 1, i + 1, v);
        }
    }
    return 0;
}

/* ---- pieces ---- */

/* The width a label takes in font units: Han and other wide characters one
 * em, the rest about 0.6 em. */
static double text_w(const char *s, double font)
{
    double w = 0;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int k = utf8_decode(s + i, n - i, &cp);
        i += k > 0 ? (size_t)k : 1;
        w += cp >= 0x2E80 ? font : font * 0.6;
    }
    return w;
}

static double cat_total(const struct chart *c, size_t i, bool stacked)
{
    double t = NAN;
    for (size_t j = 0; j < (stacked ? c->nseries : 1); j++) {
        double v = c->series[j].values[i];
        if (!isnan(v))
            t = isnan(t) ? v : t + v;
    }
    return t;
}

/* A number for an attribute, printed with fmt (one double) into out. */
static const char *num_attr(char out[32], const char *fmt, double v)
{
    snprintf(out, 32, fmt, v);
    return out;
}

/* <text x y font-size fill [text-anchor]>label</text>, sizes in viewBox units. */
static void svg_text(buf *out, double x, double y, const char *xfmt, const char *yfmt, int size, const char *anchor,
                     const char *label)
{
    char xs[32], ys[32], fs[32];
    snprintf(fs, sizeof fs, "%d", size);
    h_el_attr(out, "text", label, "x", num_attr(xs, xfmt, x), "y", num_attr(ys, yfmt, y),
              "font-size", size ? fs : H_OMIT, "fill", "#1a1a1a", "text-anchor", anchor ? anchor : H_OMIT, H_END);
}

/* The legend: swatches with names, wrapped to the width; returns its height. */
static double legend(const struct chart *c, buf *out, double y, bool lines)
{
    if (c->nseries < 2)
        return 0;
    double x = PAD, h = LEG_ROW;
    h_open(out, "g", "class", "legend", "font-size", "12", H_END);
    for (size_t j = 0; j < c->nseries; j++) {
        double w = 22 + text_w(c->series[j].name, 12) + 12;
        if (x > PAD && x + w > CHART_W - PAD) {
            x = PAD;
            y += LEG_ROW;
            h += LEG_ROW;
        }
        char a[32], b[32], cc[32], d[32];
        if (lines)
            h_empty(out, "line", "x1", num_attr(a, "%.1f", x), "y1", num_attr(b, "%.1f", y + 8),
                    "x2", num_attr(cc, "%.1f", x + 18), "y2", num_attr(d, "%.1f", y + 8), "stroke", palette[j],
                    "stroke-width", "3", "stroke-dasharray", *dashes[j] ? dashes[j] : H_OMIT, H_END);
        else
            h_empty(out, "rect", "x", num_attr(a, "%.1f", x), "y", num_attr(b, "%.1f", y + 1), "width", "14",
                    "height", "14", "fill", palette[j], H_END);
        svg_text(out, x + 22, y + 13, "%.1f", "%.1f", 0, NULL, c->series[j].name);
        x += w;
    }
    h_close(out, "g");
    return h + 6;
}

/* One category's label and total, its track (so a zero still shows where
 * its bar would be) and its bar or stacked bars. */
static void bar_row(const struct chart *c, buf *out, size_t i, double y, double max, double span, bool stacked)
{
    char num[32], ys[32], ws[32], xs[32], js[32], is[32];
    chart_fmt(cat_total(c, i, stacked), c->decimals, num);
    svg_text(out, PAD, y + 14, "%.0f", "%.1f", FONT, NULL, c->cats[i]);
    svg_text(out, CHART_W - PAD, y + 14, "%.0f", "%.1f", FONT, "end", num);
    h_empty(out, "rect", "x", num_attr(xs, "%.0f", PAD), "y", num_attr(ys, "%.1f", y + 20),
            "width", num_attr(ws, "%.1f", span), "height", num_attr(js, "%.0f", BAR_H), "fill", "#eef1f5", H_END);
    double x = PAD;
    for (size_t j = 0; j < (stacked ? c->nseries : 1); j++) {
        double v = c->series[j].values[i];
        if (isnan(v))
            continue;
        double w = chart_scale(v, max, span);
        chart_fmt(v, c->decimals, num);
        char hs[32];
        snprintf(js, sizeof js, "%zu", j);
        snprintf(is, sizeof is, "%zu", i);
        bool edge = stacked && w > 0;
        h_empty(out, "rect", "class", "bar", "x", num_attr(xs, "%.2f", x), "y", num_attr(ys, "%.1f", y + 20),
                "width", num_attr(ws, "%.2f", w), "height", num_attr(hs, "%.0f", BAR_H), "fill", palette[j],
                "stroke", edge ? "#fff" : H_OMIT, "stroke-width", edge ? "1" : H_OMIT,
                "data-series", js, "data-cat", is, "data-value", num, H_END);
        x += w;
    }
}

/* Bars (CHART_BAR, CHART_STACKED): per category its label and total on one
 * line, the bar under it, as long as the largest total fills the width. */
static double bars(const struct chart *c, buf *out, double y)
{
    bool stacked = c->kind == CHART_STACKED;
    double max = 0, span = CHART_W - 2 * PAD;
    for (size_t i = 0; i < c->ncats; i++) {
        double t = cat_total(c, i, stacked);
        if (t > max)
            max = t;
    }
    for (size_t i = 0; i < c->ncats; i++) {
        bar_row(c, out, i, y, max, span, stacked);
        y += ROW;
    }
    return y;
}

/* The value axis: a rule and a label per 1-2-5 tick. */
static void line_axis(const struct chart *c, buf *out, double top, double x0, double pw, double y0)
{
    int div = chart_ticks(top, c->decimals);
    for (int k = 0; k <= div; k++) {
        double v = top * k / div, ty = y0 + PLOT_H - chart_scale(v, top, PLOT_H);
        char num[32], a[32], b[32], cc[32], d[32];
        chart_fmt(v, c->decimals, num);
        h_empty(out, "line", "x1", num_attr(a, "%.1f", x0), "y1", num_attr(b, "%.2f", ty),
                "x2", num_attr(cc, "%.1f", x0 + pw), "y2", num_attr(d, "%.2f", ty), "stroke", k ? "#d0d5dc" : "#5f6b7a",
                "stroke-width", "1", H_END);
        svg_text(out, x0 - 4, ty + 4, "%.1f", "%.2f", 11, "end", num);
    }
}

/* One series: its polylines (broken at a NaN) and a marked point per value. */
static void line_series(const struct chart *c, buf *out, size_t j, double top, double x0, double step, double y0)
{
    const double *v = c->series[j].values;
    buf pts;
    buf_init(&pts);
    for (size_t i = 0; i <= c->ncats; i++) {
        if (i == c->ncats || isnan(v[i])) {
            if (pts.len)
                h_empty(out, "polyline", "fill", "none", "stroke", palette[j], "stroke-width", "2.5",
                        "stroke-dasharray", *dashes[j] ? dashes[j] : H_OMIT, "points", pts.data, H_END);
            buf_reset(&pts);
            continue;
        }
        buf_printf(&pts, "%s%.2f,%.2f", pts.len ? " " : "", x0 + (i + 0.5) * step,
                   y0 + PLOT_H - chart_scale(v[i], top, PLOT_H));
    }
    buf_free(&pts);
    for (size_t i = 0; i < c->ncats; i++) {
        if (isnan(v[i]))
            continue;
        char num[32], cx[32], cy[32], js[32], is[32];
        chart_fmt(v[i], c->decimals, num);
        snprintf(js, sizeof js, "%zu", j);
        snprintf(is, sizeof is, "%zu", i);
        h_empty(out, "circle", "class", "point", "cx", num_attr(cx, "%.2f", x0 + (i + 0.5) * step),
                "cy", num_attr(cy, "%.2f", y0 + PLOT_H - chart_scale(v[i], top, PLOT_H)), "r", "3.5", "fill", palette[j],
                "data-series", js, "data-cat", is, "data-value", num, H_END);
    }
}

/* Lines: a value axis with 1-2-5 ticks, one polyline per series (broken at
 * a NaN), a marked point per value, category labels under the plot (every
 * k-th when they would crowd). */
static double lines(const struct chart *c, buf *out, double y)
{
    double max = 0;
    for (size_t j = 0; j < c->nseries; j++)
        for (size_t i = 0; i < c->ncats; i++)
            if (c->series[j].values[i] > max)
                max = c->series[j].values[i];
    double top = chart_nice_max(max), x0 = AXIS_W, pw = CHART_W - PAD - x0, y0 = y + 8;
    double step = pw / (double)c->ncats;
    line_axis(c, out, top, x0, pw, y0);
    double widest = 0;
    for (size_t i = 0; i < c->ncats; i++)
        if (text_w(c->cats[i], 11) > widest)
            widest = text_w(c->cats[i], 11);
    size_t every = (size_t)ceil((widest + 4) / step);
    if (every < 1)
        every = 1;
    for (size_t i = 0; i < c->ncats; i += every)
        svg_text(out, x0 + (i + 0.5) * step, y0 + PLOT_H + 16, "%.2f", "%.1f", 11, "middle", c->cats[i]);
    for (size_t j = 0; j < c->nseries; j++)
        line_series(c, out, j, top, x0, step, y0);
    return y0 + PLOT_H + XLAB_H;
}

/* The text alternative: the title, then every category with its values. */
static void description(const struct chart *c, buf *out)
{
    h_text(out, c->title);
    h_text(out, "。");
    for (size_t i = 0; i < c->ncats; i++) {
        h_text(out, c->cats[i]);
        h_text(out, "：");
        for (size_t j = 0; j < c->nseries; j++) {
            char num[32];
            chart_fmt(c->series[j].values[i], c->decimals, num);
            if (c->nseries > 1) {
                h_text(out, c->series[j].name);
                h_text(out, " ");
            }
            h_text(out, num);
            if (c->unit && !isnan(c->series[j].values[i]))
                h_text(out, c->unit);
            if (j + 1 < c->nseries)
                h_text(out, "，");
        }
        h_text(out, i + 1 < c->ncats ? "；" : "。");
    }
}

int chart_svg(const struct chart *c, buf *out, err *e)
{
    int rc = chart_check(c, e);
    if (rc)
        return rc;
    buf body;
    buf_init(&body);
    double h = legend(c, &body, 6, c->kind == CHART_LINE) + 6;
    h = c->kind == CHART_LINE ? lines(c, &body, h) : bars(c, &body, h);
    char labelled[160], box[64], tid[80], did[80];
    snprintf(labelled, sizeof labelled, "%s-t %s-d", c->id, c->id);
    snprintf(box, sizeof box, "0 0 %d %.0f", CHART_W, ceil(h + 4));
    snprintf(tid, sizeof tid, "%s-t", c->id);
    snprintf(did, sizeof did, "%s-d", c->id);
    h_open(out, "svg", "class", "chart-svg", "role", "img", "aria-labelledby", labelled, "viewBox", box,
           "xmlns", "http://www.w3.org/2000/svg", "font-family", "sans-serif", H_END);
    h_el_attr(out, "title", c->title, "id", tid, H_END);
    h_open(out, "desc", "id", did, H_END);
    description(c, out);
    h_close(out, "desc");
    h_markup_add(out, H_MARKUP_BUF(&body));   /* drawn above with the builder */
    h_close(out, "svg");
    buf_free(&body);
    return 0;
}

int chart_table(const struct chart *c, buf *out, err *e)
{
    int rc = chart_check(c, e);
    if (rc)
        return rc;
    /* the table scrolls in its own box on a phone: reachable by keyboard */
    char id[80];
    snprintf(id, sizeof id, "%s-data", c->id);
    h_open(out, "div", "class", "table-wrap", H_END);
    h_open(out, "table", "class", "chart-data", "id", id, "tabindex", "0", H_END);
    h_open(out, "caption", H_END);
    h_text(out, c->title);
    h_text(out, "（数据）");
    h_close(out, "caption");
    h_open(out, "thead", H_END);
    h_open(out, "tr", H_END);
    h_el_attr(out, "th", c->cat_header ? c->cat_header : "项目", "scope", "col", H_END);
    for (size_t j = 0; j < c->nseries; j++)
        h_el_attr(out, "th", c->series[j].name, "scope", "col", H_END);
    h_close(out, "tr");
    h_close(out, "thead");
    h_open(out, "tbody", H_END);
    for (size_t i = 0; i < c->ncats; i++) {
        h_open(out, "tr", H_END);
        h_el_attr(out, "th", c->cats[i], "scope", "row", H_END);
        for (size_t j = 0; j < c->nseries; j++) {
            char num[32];
            chart_fmt(c->series[j].values[i], c->decimals, num);
            h_el(out, "td", num);
        }
        h_close(out, "tr");
    }
    h_table_close(out);
    return 0;
}

int chart_figure(const struct chart *c, buf *out, err *e)
{
    int rc = chart_check(c, e);
    if (rc)
        return rc;
    h_open(out, "figure", "class", "chart", "id", c->id, H_END);
    h_el(out, "figcaption", c->title);
    chart_svg(c, out, e);
    chart_table(c, out, e);
    h_close(out, "figure");
    return 0;
}
