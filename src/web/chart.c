/* chart — SVG bars, stacked bars and lines with their data tables, drawn on
 * the server (chart.h says what and why). The layout is a few constants in
 * viewBox units; every label goes through buf_html. */
#include <math.h>
#include <stdio.h>
#include <string.h>

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

/* The legend: swatches with names, wrapped to the width; returns its height. */
static double legend(const struct chart *c, buf *out, double y, bool lines)
{
    if (c->nseries < 2)
        return 0;
    double x = PAD, h = LEG_ROW;
    buf_printf(out, "<g class=\"legend\" font-size=\"12\">");
    for (size_t j = 0; j < c->nseries; j++) {
        double w = 22 + text_w(c->series[j].name, 12) + 12;
        if (x > PAD && x + w > CHART_W - PAD) {
            x = PAD;
            y += LEG_ROW;
            h += LEG_ROW;
        }
        if (lines)
            buf_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"3\"%s%s%s/>",
                       x, y + 8, x + 18, y + 8, palette[j], *dashes[j] ? " stroke-dasharray=\"" : "", dashes[j],
                       *dashes[j] ? "\"" : "");
        else
            buf_printf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"14\" fill=\"%s\"/>", x, y + 1, palette[j]);
        buf_printf(out, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#1a1a1a\">", x + 22, y + 13);
        buf_html(out, c->series[j].name);
        buf_puts(out, "</text>");
        x += w;
    }
    buf_puts(out, "</g>");
    return h + 6;
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
        char num[32];
        chart_fmt(cat_total(c, i, stacked), c->decimals, num);
        buf_printf(out, "<text x=\"%d\" y=\"%.1f\" font-size=\"%d\" fill=\"#1a1a1a\">", PAD, y + 14, FONT);
        buf_html(out, c->cats[i]);
        buf_printf(out, "</text><text x=\"%d\" y=\"%.1f\" font-size=\"%d\" fill=\"#1a1a1a\" text-anchor=\"end\">%s</text>",
                   CHART_W - PAD, y + 14, FONT, num);
        /* the track, so a zero still shows where its bar would be */
        buf_printf(out, "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" fill=\"#eef1f5\"/>", PAD, y + 20, span,
                   BAR_H);
        double x = PAD;
        for (size_t j = 0; j < (stacked ? c->nseries : 1); j++) {
            double v = c->series[j].values[i];
            if (isnan(v))
                continue;
            double w = chart_scale(v, max, span);
            chart_fmt(v, c->decimals, num);
            buf_printf(out, "<rect class=\"bar\" x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%d\" fill=\"%s\"%s "
                            "data-series=\"%zu\" data-cat=\"%zu\" data-value=\"%s\"/>",
                       x, y + 20, w, BAR_H, palette[j], stacked && w > 0 ? " stroke=\"#fff\" stroke-width=\"1\"" : "", j,
                       i, num);
            x += w;
        }
        y += ROW;
    }
    return y;
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
    int div = chart_ticks(top, c->decimals);
    for (int k = 0; k <= div; k++) {
        double v = top * k / div, ty = y0 + PLOT_H - chart_scale(v, top, PLOT_H);
        char num[32];
        chart_fmt(v, c->decimals, num);
        buf_printf(out, "<line x1=\"%.1f\" y1=\"%.2f\" x2=\"%.1f\" y2=\"%.2f\" stroke=\"%s\" stroke-width=\"1\"/>", x0, ty,
                   x0 + pw, ty, k ? "#d0d5dc" : "#5f6b7a");
        buf_printf(out, "<text x=\"%.1f\" y=\"%.2f\" font-size=\"11\" fill=\"#1a1a1a\" text-anchor=\"end\">%s</text>",
                   x0 - 4, ty + 4, num);
    }
    double widest = 0;
    for (size_t i = 0; i < c->ncats; i++)
        if (text_w(c->cats[i], 11) > widest)
            widest = text_w(c->cats[i], 11);
    size_t every = (size_t)ceil((widest + 4) / step);
    if (every < 1)
        every = 1;
    for (size_t i = 0; i < c->ncats; i += every) {
        buf_printf(out, "<text x=\"%.2f\" y=\"%.1f\" font-size=\"11\" fill=\"#1a1a1a\" text-anchor=\"middle\">",
                   x0 + (i + 0.5) * step, y0 + PLOT_H + 16);
        buf_html(out, c->cats[i]);
        buf_puts(out, "</text>");
    }
    for (size_t j = 0; j < c->nseries; j++) {
        const double *v = c->series[j].values;
        bool open = false;
        for (size_t i = 0; i < c->ncats; i++) {
            if (isnan(v[i])) {
                if (open)
                    buf_puts(out, "\"/>");
                open = false;
                continue;
            }
            if (!open)
                buf_printf(out, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\"%s%s%s points=\"", palette[j],
                           *dashes[j] ? " stroke-dasharray=\"" : "", dashes[j], *dashes[j] ? "\"" : "");
            buf_printf(out, "%s%.2f,%.2f", open ? " " : "", x0 + (i + 0.5) * step,
                       y0 + PLOT_H - chart_scale(v[i], top, PLOT_H));
            open = true;
        }
        if (open)
            buf_puts(out, "\"/>");
        for (size_t i = 0; i < c->ncats; i++) {
            if (isnan(v[i]))
                continue;
            char num[32];
            chart_fmt(v[i], c->decimals, num);
            buf_printf(out, "<circle class=\"point\" cx=\"%.2f\" cy=\"%.2f\" r=\"3.5\" fill=\"%s\" data-series=\"%zu\" "
                            "data-cat=\"%zu\" data-value=\"%s\"/>",
                       x0 + (i + 0.5) * step, y0 + PLOT_H - chart_scale(v[i], top, PLOT_H), palette[j], j, i, num);
        }
    }
    return y0 + PLOT_H + XLAB_H;
}

/* The text alternative: the title, then every category with its values. */
static void description(const struct chart *c, buf *out)
{
    buf_html(out, c->title);
    buf_puts(out, "。");
    for (size_t i = 0; i < c->ncats; i++) {
        buf_html(out, c->cats[i]);
        buf_puts(out, "：");
        for (size_t j = 0; j < c->nseries; j++) {
            char num[32];
            chart_fmt(c->series[j].values[i], c->decimals, num);
            if (c->nseries > 1) {
                buf_html(out, c->series[j].name);
                buf_putc(out, ' ');
            }
            buf_puts(out, num);
            if (c->unit && !isnan(c->series[j].values[i]))
                buf_html(out, c->unit);
            if (j + 1 < c->nseries)
                buf_puts(out, "，");
        }
        buf_puts(out, i + 1 < c->ncats ? "；" : "。");
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
    buf_printf(out, "<svg class=\"chart-svg\" role=\"img\" aria-labelledby=\"%s-t %s-d\" viewBox=\"0 0 %d %.0f\" "
                    "xmlns=\"http://www.w3.org/2000/svg\" font-family=\"sans-serif\"><title id=\"%s-t\">",
               c->id, c->id, CHART_W, ceil(h + 4), c->id);
    buf_html(out, c->title);
    buf_printf(out, "</title><desc id=\"%s-d\">", c->id);
    description(c, out);
    buf_puts(out, "</desc>");
    buf_append(out, body.data, body.len);
    buf_puts(out, "</svg>");
    buf_free(&body);
    return 0;
}

int chart_table(const struct chart *c, buf *out, err *e)
{
    int rc = chart_check(c, e);
    if (rc)
        return rc;
    /* the table scrolls in its own box on a phone: reachable by keyboard */
    buf_printf(out, "<div class=\"table-wrap\"><table class=\"chart-data\" id=\"%s-data\" tabindex=\"0\"><caption>", c->id);
    buf_html(out, c->title);
    buf_puts(out, "（数据）</caption><thead><tr><th scope=\"col\">");
    buf_html(out, c->cat_header ? c->cat_header : "项目");
    buf_puts(out, "</th>");
    for (size_t j = 0; j < c->nseries; j++) {
        buf_puts(out, "<th scope=\"col\">");
        buf_html(out, c->series[j].name);
        buf_puts(out, "</th>");
    }
    buf_puts(out, "</tr></thead><tbody>");
    for (size_t i = 0; i < c->ncats; i++) {
        buf_puts(out, "<tr><th scope=\"row\">");
        buf_html(out, c->cats[i]);
        buf_puts(out, "</th>");
        for (size_t j = 0; j < c->nseries; j++) {
            char num[32];
            chart_fmt(c->series[j].values[i], c->decimals, num);
            buf_printf(out, "<td>%s</td>", num);
        }
        buf_puts(out, "</tr>");
    }
    buf_puts(out, "</tbody></table></div>");
    return 0;
}

int chart_figure(const struct chart *c, buf *out, err *e)
{
    int rc = chart_check(c, e);
    if (rc)
        return rc;
    buf_printf(out, "<figure class=\"chart\" id=\"%s\"><figcaption>", c->id);
    buf_html(out, c->title);
    buf_puts(out, "</figcaption>");
    chart_svg(c, out, e);
    chart_table(c, out, e);
    buf_puts(out, "</figure>");
    return 0;
}
