/*
 * docgen — the PDF renderer: cairo's PDF surface, text laid out by pango
 * (line breaking, CJK justification, font fallback), fonts embedded.
 *
 * Faces: GB/T 9704 asks for 仿宋 (body), 小标宋 (title, 发文机关标志) and 黑体
 * (headings). Debian ships none of them; fonts-noto-cjk gives the nearest:
 * Noto Serif CJK SC for 仿宋 (a Song/Ming face: same build, heavier), Noto
 * Serif CJK SC Bold for 小标宋, Noto Sans CJK SC for 黑体. Characters they lack
 * (the Control Pictures docgen.c writes) come from fontconfig's fallback.
 *
 * Layout: the 版心 of docgen_internal.h; every line of text takes a fixed
 * pitch (22 lines a page; larger sizes take 1.3 times their size), a page
 * breaks between lines, table rows break between their lines too (a row
 * taller than a page goes on over several), header rows repeat on each page
 * a table runs over. Page numbers "— N —" in 四号, 7 mm under the 版心, odd
 * pages right and even pages left, one character in (§7.5).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "docgen/docgen_internal.h"

struct pdf {
    cairo_t *cr;
    PangoContext *ctx;
    double y;                  /* from the top of the 版心, points */
    int page;                  /* 1-based, the page being drawn */
    bool blank;                /* nothing drawn on this page yet */
    err *e;
    int rc;
};

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int n)
{
    buf_append(closure, data, n);
    return CAIRO_STATUS_SUCCESS;
}

static void page_number(struct pdf *p)
{
    char s[32];
    snprintf(s, sizeof s, "— %d —", p->page);
    PangoLayout *l = pango_layout_new(p->ctx);
    PangoFontDescription *fd = pango_font_description_from_string("Noto Serif CJK SC");
    pango_font_description_set_absolute_size(fd, GKD_FOOT_PT * PANGO_SCALE);
    pango_layout_set_font_description(l, fd);
    pango_layout_set_text(l, s, -1);
    int w, h;
    pango_layout_get_size(l, &w, &h);
    double x = p->page % 2 ? GKD_LEFT + GKD_TEXT_W - GKD_BODY_PT - w / (double)PANGO_SCALE
                           : GKD_LEFT + GKD_BODY_PT;
    cairo_set_source_rgb(p->cr, 0, 0, 0);
    cairo_move_to(p->cr, x, GKD_TOP + GKD_TEXT_H + GKD_MM(7.0) - GKD_FOOT_PT * 0.2);
    pango_cairo_show_layout(p->cr, l);
    pango_font_description_free(fd);
    g_object_unref(l);
}

/* Ends the page and starts the next; GK_EINVAL past GKD_MAX_PAGES. */
static int new_page(struct pdf *p)
{
    if (p->page >= GKD_MAX_PAGES)
        return p->rc = err_set(p->e, GK_EINVAL, "docgen", "the document would run over %d pages", GKD_MAX_PAGES);
    page_number(p);
    cairo_show_page(p->cr);
    p->page++;
    p->y = 0;
    p->blank = true;
    return 0;
}

static PangoFontDescription *font_of(const struct gkd_style_row *st, double pt, bool bold)
{
    PangoFontDescription *fd =
        pango_font_description_from_string(st->sans ? "Noto Sans CJK SC" : "Noto Serif CJK SC");
    pango_font_description_set_absolute_size(fd, pt * PANGO_SCALE);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    return fd;
}

static double pitch_of(double pt)
{
    return pt * 1.3 > GKD_LINE ? pt * 1.3 : GKD_LINE;
}

/* Draws one line whose box starts at p->y, x from the left of the 版心. */
static void show_line(struct pdf *p, PangoLayoutLine *line, double x, double pt, double pitch)
{
    cairo_move_to(p->cr, GKD_LEFT + x, GKD_TOP + p->y + pitch / 2 + pt * 0.38);
    pango_cairo_show_layout_line(p->cr, line);
}

static int para(struct pdf *p, const gkd_doc *d, int i)
{
    const struct gkd_block *k = &d->b[i];
    const struct gkd_style_row *st = &gkd_styles[k->style];
    double pitch = pitch_of(st->pt), right = gkd_right_ch(d, i) * GKD_BODY_PT;
    if (!p->blank)
        p->y += st->space_before * GKD_LINE;
    if (p->y + pitch > GKD_TEXT_H && new_page(p))
        return p->rc;
    PangoLayout *l = pango_layout_new(p->ctx);
    PangoFontDescription *fd = font_of(st, st->pt, st->bold);
    pango_layout_set_font_description(l, fd);
    pango_layout_set_width(l, (int)((GKD_TEXT_W - right) * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_indent(l, (int)(st->indent_ch * GKD_BODY_PT * PANGO_SCALE));
    pango_layout_set_alignment(l, st->align == GKD_CENTER ? PANGO_ALIGN_CENTER
                                  : st->align == GKD_RIGHT ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
    pango_layout_set_justify(l, st->align == GKD_LEFT_AL);
    pango_layout_set_text(l, k->text, -1);
    if (st->red)
        cairo_set_source_rgb(p->cr, 1, 0, 0);
    else
        cairo_set_source_rgb(p->cr, 0, 0, 0);
    PangoLayoutIter *it = pango_layout_get_iter(l);
    do {
        if (p->y + pitch > GKD_TEXT_H + 0.01) {
            if (new_page(p))
                break;
            cairo_set_source_rgb(p->cr, st->red ? 1 : 0, 0, 0);
        }
        PangoRectangle log;
        pango_layout_iter_get_line_extents(it, NULL, &log);
        show_line(p, pango_layout_iter_get_line_readonly(it), log.x / (double)PANGO_SCALE, st->pt, pitch);
        p->y += pitch;
        p->blank = false;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    if (!p->rc && st->rule_below) {
        /* 发文字号之下 4 mm 处, a red line as wide as the 版心 (§7.2.4) */
        cairo_set_source_rgb(p->cr, 1, 0, 0);
        cairo_set_line_width(p->cr, 1.0);
        double ry = GKD_TOP + p->y + GKD_MM(4.0) - (pitch - st->pt) / 2;
        cairo_move_to(p->cr, GKD_LEFT, ry);
        cairo_line_to(p->cr, GKD_LEFT + GKD_TEXT_W, ry);
        cairo_stroke(p->cr);
    }
    pango_font_description_free(fd);
    g_object_unref(l);
    return p->rc;
}

#define CELL_PAD 3.0

/* Header rows of the table being drawn, to repeat on a new page. */
struct heads {
    int at[8];
    int n;
};

static int row(struct pdf *p, const gkd_doc *d, int i, const struct heads *h);

/* A new page inside a table: the header rows again (not when drawing one). */
static int table_page(struct pdf *p, const gkd_doc *d, const struct heads *h, bool drawing_head)
{
    if (new_page(p))
        return p->rc;
    for (int k = 0; !drawing_head && k < h->n && !p->rc; k++)
        row(p, d, h->at[k], NULL);
    return p->rc;
}

static int row(struct pdf *p, const gkd_doc *d, int i, const struct heads *h)
{
    const struct gkd_block *r = &d->b[i];
    const struct gkd_style_row *st = &gkd_styles[GKD_BODY];
    int nc = r->ncols;
    double pt = gkd_cell_pt(nc), pitch = pt * 1.35, cw = GKD_TEXT_W / nc;
    PangoLayout *l[GKD_MAX_COLS];
    GSList *ln[GKD_MAX_COLS];
    int left[GKD_MAX_COLS], most = 1;
    PangoFontDescription *fd = font_of(st, pt, r->header);
    for (int c = 0; c < nc; c++) {
        l[c] = pango_layout_new(p->ctx);
        pango_layout_set_font_description(l[c], fd);
        pango_layout_set_width(l[c], (int)((cw - 2 * CELL_PAD) * PANGO_SCALE));
        pango_layout_set_wrap(l[c], PANGO_WRAP_WORD_CHAR);
        pango_layout_set_text(l[c], r->cells[c], -1);
        ln[c] = pango_layout_get_lines_readonly(l[c]);
        left[c] = pango_layout_get_line_count(l[c]);
        most = left[c] > most ? left[c] : most;
    }
    int per_page = (int)((GKD_TEXT_H - 2 * CELL_PAD) / pitch);
    while (most > 0 && !p->rc) {
        int fit = (int)floor((GKD_TEXT_H - p->y - 2 * CELL_PAD) / pitch);
        /* a row that fits on a page is not split; a longer one fills each page */
        if (fit < 1 || (fit < most && most <= per_page && !p->blank)) {
            table_page(p, d, h ? h : &(struct heads){{0}, 0}, h == NULL);
            continue;
        }
        int here = fit < most ? fit : most;
        cairo_set_source_rgb(p->cr, 0, 0, 0);
        for (int c = 0; c < nc; c++) {
            double y0 = p->y;
            p->y += CELL_PAD;
            for (int j = 0; j < here && ln[c]; j++, ln[c] = ln[c]->next, left[c]--) {
                PangoRectangle log;
                pango_layout_line_get_extents(ln[c]->data, NULL, &log);
                double x = c * cw + CELL_PAD;
                if (r->header)
                    x += (cw - 2 * CELL_PAD - log.width / (double)PANGO_SCALE) / 2;
                show_line(p, ln[c]->data, x, pt, pitch);
                p->y += pitch;
            }
            p->y = y0;
        }
        double hgt = here * pitch + 2 * CELL_PAD;
        cairo_set_line_width(p->cr, 0.5);
        for (int c = 0; c < nc; c++)
            cairo_rectangle(p->cr, GKD_LEFT + c * cw, GKD_TOP + p->y, cw, hgt);
        cairo_stroke(p->cr);
        p->y += hgt;
        p->blank = false;
        most -= here;
    }
    for (int c = 0; c < nc; c++)
        g_object_unref(l[c]);
    pango_font_description_free(fd);
    return p->rc;
}

static void draw(struct pdf *p, const gkd_doc *d)
{
    struct heads h = {{0}, 0};
    for (int i = 0; i < d->n && !p->rc; i++) {
        const struct gkd_block *k = &d->b[i];
        if (k->kind == GKD_B_PARA) {
            para(p, d, i);
            continue;
        }
        if (k->table_start) {
            h.n = 0;
            if (!p->blank)
                p->y += GKD_LINE / 2;
        }
        if (k->header && h.n < (int)(sizeof h.at / sizeof h.at[0]) && (k->table_start || d->b[i - 1].header))
            h.at[h.n++] = i;
        row(p, d, i, k->header ? NULL : &h);
    }
}

int gkd_pdf(const gkd_doc *d, buf *out, err *e)
{
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_out, out, GKD_PAGE_W, GKD_PAGE_H);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        int rc = err_set(e, GK_EIO, "docgen", "cairo: %s", cairo_status_to_string(cairo_surface_status(s)));
        cairo_surface_destroy(s);
        return rc;
    }
    if (d->title)
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, d->title);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "gongkai");
    cairo_t *cr = cairo_create(s);
    PangoFontMap *fm = pango_cairo_font_map_new();
    PangoContext *ctx = pango_font_map_create_context(fm);
    pango_cairo_context_set_resolution(ctx, 72.0);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(ctx, fo);
    cairo_font_options_destroy(fo);
    pango_cairo_update_context(cr, ctx);
    struct pdf p = {.cr = cr, .ctx = ctx, .page = 1, .blank = true, .e = e};
    draw(&p, d);
    if (!p.rc) {
        page_number(&p);
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_finish(s);
    cairo_status_t cs = cairo_surface_status(s);
    cairo_surface_destroy(s);
    g_object_unref(ctx);
    g_object_unref(fm);
    if (!p.rc && cs != CAIRO_STATUS_SUCCESS)
        p.rc = err_set(e, GK_EIO, "docgen", "cairo: %s", cairo_status_to_string(cs));
    if (p.rc)
        buf_reset(out);
    return p.rc;
}
