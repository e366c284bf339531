/*
 * report — the spreadsheet writer (libxlsxwriter). One worksheet per table
 * (each keeps its own column widths and prints on its own A4 page): the
 * report's title, the section heading, then the table with the national
 * format's merged cells, thin borders all round, 宋体 throughout. Figures are
 * numbers (so Excel can sum them); a figure the report does not give is a
 * blank cell. The workbook is written to PATH.tmp and renamed, so a failed
 * write leaves nothing half-written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>

#include <xlsxwriter.h>

#include "report/render_doc.h"

struct fmts {
    lxw_format *title, *heading, *heading_c, *sub, *head, *block, *label, *label_s, *label_i1, *label_i2,
        *vlabel, *num, *text, *blank;
};

static lxw_format *base_fmt(lxw_workbook *wb, int size)
{
    lxw_format *f = workbook_add_format(wb);
    format_set_font_name(f, "宋体");
    format_set_font_size(f, size);
    format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
    format_set_text_wrap(f);
    return f;
}

static lxw_format *cell_fmt(lxw_workbook *wb, uint8_t align)
{
    lxw_format *f = base_fmt(wb, 10);
    format_set_border(f, LXW_BORDER_THIN);
    format_set_align(f, align);
    return f;
}

static void make_fmts(lxw_workbook *wb, struct fmts *F)
{
    F->title = base_fmt(wb, 16);
    format_set_font_name(F->title, "黑体");
    format_set_bold(F->title);
    format_set_align(F->title, LXW_ALIGN_CENTER);
    F->heading = base_fmt(wb, 12);
    format_set_font_name(F->heading, "黑体");
    format_set_bold(F->heading);
    F->heading_c = base_fmt(wb, 12);
    format_set_font_name(F->heading_c, "黑体");
    format_set_bold(F->heading_c);
    format_set_align(F->heading_c, LXW_ALIGN_CENTER);
    F->sub = base_fmt(wb, 10);
    format_set_align(F->sub, LXW_ALIGN_CENTER);
    F->head = cell_fmt(wb, LXW_ALIGN_CENTER);
    F->block = cell_fmt(wb, LXW_ALIGN_LEFT);
    format_set_bold(F->block);
    F->label = cell_fmt(wb, LXW_ALIGN_LEFT);
    F->label_s = cell_fmt(wb, LXW_ALIGN_LEFT);
    format_set_bold(F->label_s);
    F->label_i1 = cell_fmt(wb, LXW_ALIGN_LEFT);
    format_set_indent(F->label_i1, 1);
    F->label_i2 = cell_fmt(wb, LXW_ALIGN_LEFT);
    format_set_indent(F->label_i2, 2);
    F->vlabel = cell_fmt(wb, LXW_ALIGN_CENTER);
    format_set_rotation(F->vlabel, 270);
    F->num = cell_fmt(wb, LXW_ALIGN_CENTER);
    F->text = cell_fmt(wb, LXW_ALIGN_CENTER);
    F->blank = cell_fmt(wb, LXW_ALIGN_CENTER);
}

static lxw_format *fmt_of(const struct rtable *t, const struct rcell *x, int c, const struct fmts *F)
{
    switch (x->kind) {
    case RC_HEAD: return F->head;
    case RC_BLOCK: return F->block;
    case RC_NUM: return F->num;
    case RC_TEXT: return F->text;
    case RC_LABEL:
        if (x->strong)
            return F->label_s;
        if (x->indent == 1)
            return F->label_i1;
        if (x->indent >= 2)
            return F->label_i2;
        if (x->rowspan > 3 && strcmp(t->css, "t3") == 0 && c == 0)
            return F->vlabel;
        return F->label;
    default: return F->blank;
    }
}

/* Excel column width units for a width in millimetres. */
static double col_units(int mm) { return mm / 1.9; }

/* Display width of a text in Excel units: a Chinese character takes two. */
static double text_units(const char *s)
{
    double w = 0;
    size_t n = strlen(s);
    while (n) {
        uint32_t cp;
        int l = utf8_decode(s, n, &cp);
        if (l <= 0)
            l = 1, cp = '?';
        w += cp < 0x2E80 ? 1.1 : 2.1;
        s += l, n -= (size_t)l;
    }
    return w;
}

static int write_table(lxw_worksheet *ws, const struct rtable *t, int row0, const struct fmts *F)
{
    for (int c = 0; c < t->cols; c++)
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, col_units(t->width_mm[c] ? t->width_mm[c] : 10),
                             NULL);
    buf txt;
    buf_init(&txt);
    for (int r = 0; r < t->rows; r++) {
        int lines = 1;
        for (int c = 0; c < t->cols; c++) {
            const struct rcell *x = rt_get(t, r, c);
            if (x->kind == RC_COVERED)
                continue;
            lxw_format *f = fmt_of(t, x, c, F);
            lxw_row_t R = (lxw_row_t)(row0 + r);
            lxw_col_t C = (lxw_col_t)c;
            buf_reset(&txt);
            if (x->kind != RC_NUM && x->text)
                buf_puts(&txt, x->text);
            if (x->rowspan > 1 || x->colspan > 1)
                worksheet_merge_range(ws, R, C, (lxw_row_t)(R + x->rowspan - 1),
                                      (lxw_col_t)(C + x->colspan - 1), txt.data ? txt.data : "", f);
            if (x->kind == RC_NUM) {
                if (!rpt_is_null(x->num))
                    worksheet_write_number(ws, R, C, x->num, f);
                else if (x->colspan == 1)
                    worksheet_write_blank(ws, R, C, f);
            } else if (x->rowspan == 1 && x->colspan == 1) {
                if (txt.len)
                    worksheet_write_string(ws, R, C, txt.data, f);
                else
                    worksheet_write_blank(ws, R, C, f);
            }
            /* rows do not grow by themselves in Excel: estimate the lines
             * that wrapped text needs (not for cells spanning rows) */
            if (txt.len && x->rowspan == 1) {
                double w = 0;
                for (int k = 0; k < x->colspan; k++)
                    w += col_units(t->width_mm[c + k] ? t->width_mm[c + k] : 10);
                int l = (int)(text_units(txt.data) / (w > 1 ? w - 0.5 : 1)) + 1;
                if (l > lines)
                    lines = l;
            }
        }
        worksheet_set_row(ws, (lxw_row_t)(row0 + r), 15.0 * lines + 3, NULL);
    }
    buf_free(&txt);
    return row0 + t->rows;
}

static void page_setup(lxw_worksheet *ws, int repeat_from, int repeat_to)
{
    worksheet_set_paper(ws, 9);   /* A4 */
    worksheet_set_portrait(ws);
    worksheet_set_margins(ws, 0.6, 0.6, 0.75, 0.75);
    worksheet_center_horizontally(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    if (repeat_to >= repeat_from)
        worksheet_repeat_rows(ws, (lxw_row_t)repeat_from, (lxw_row_t)repeat_to);
}

/* The report as a document (issue 18): a last sheet 报告正文 with the 文号,
 * the addressee, the introduction and the narrative sections, one per row. */
static void text_sheet(lxw_workbook *wb, const struct rdoc *d, const struct fmts *F)
{
    const rpt *r = d->r;
    if (!r->has_document && !r->has_narrative)
        return;
    lxw_worksheet *ws = workbook_add_worksheet(wb, "报告正文");
    worksheet_set_column(ws, 0, 0, 22, NULL);
    worksheet_set_column(ws, 1, 1, 100, NULL);
    worksheet_merge_range(ws, 0, 0, 0, 1, d->title, F->title);
    lxw_row_t row = 1;
    for (int i = 0; r->has_document && i < RPT_NDOCF; i++) {
        if (!r->doc[i])
            continue;
        worksheet_write_string(ws, row, 0, rpt_docf_labels[i], F->label);
        worksheet_write_string(ws, row++, 1, r->doc[i], F->label);
    }
    for (int i = 0; r->has_narrative && i < RPT_NNARR; i++) {
        if (!r->narrative[i] || !*r->narrative[i])
            continue;
        worksheet_write_string(ws, row, 0, rpt_narr_headings[i], F->label);
        worksheet_write_string(ws, row++, 1, r->narrative[i], F->label);
    }
}

/* A section without a table (a 2008 report's figures read from its text):
 * one row per figure, with its unit. */
static void figures_sheet(lxw_worksheet *ws, const struct rdoc *d, int row, const struct fmts *F)
{
    worksheet_set_column(ws, 0, 0, 52, NULL);
    worksheet_set_column(ws, 1, 2, 12, NULL);
    worksheet_write_string(ws, (lxw_row_t)row, 0, "统计指标", F->head);
    worksheet_write_string(ws, (lxw_row_t)row, 1, "数量", F->head);
    worksheet_write_string(ws, (lxw_row_t)row, 2, "单位", F->head);
    row++;
    for (int i = 0; i < rpt_legacy_n; i++) {
        double v = d->r->legacy[i];
        if (rpt_is_null(v))
            continue;
        worksheet_write_string(ws, (lxw_row_t)row, 0, rpt_legacy_defs[i].labels[0], F->label);
        worksheet_write_number(ws, (lxw_row_t)row, 1, v, F->num);
        worksheet_write_string(ws, (lxw_row_t)row, 2, rpt_legacy_unit(i), F->text);
        row++;
    }
    page_setup(ws, 0, -1);
}

/* One sheet per section: the title, the heading, the subheading and note,
 * then its table (or its figures). */
static void section_sheet(lxw_workbook *wb, const struct rdoc *d, const struct rsection *sec, struct fmts *F)
{
    const char *name = sec->table ? sec->table->sheet : "正文数字";
    lxw_worksheet *ws = workbook_add_worksheet(wb, name);
    int cols = sec->table ? sec->table->cols : 3;
    int row = 0;
    worksheet_merge_range(ws, 0, 0, 0, (lxw_col_t)(cols - 1), d->title, F->title);
    worksheet_set_row(ws, 0, 30, NULL);
    row++;
    worksheet_merge_range(ws, 1, 0, 1, (lxw_col_t)(cols - 1), sec->heading, sec->centered ? F->heading_c : F->heading);
    worksheet_set_row(ws, 1, 22, NULL);
    row++;
    const char *lines[] = {sec->subheading, sec->note};
    for (int i = 0; i < 2; i++)
        if (lines[i]) {
            worksheet_merge_range(ws, (lxw_row_t)row, 0, (lxw_row_t)row, (lxw_col_t)(cols - 1), lines[i], F->sub);
            row++;
        }
    if (sec->table) {
        const struct rtable *t = sec->table;
        write_table(ws, t, row, F);
        page_setup(ws, row, row + t->head_rows - 1);
    } else {
        figures_sheet(ws, d, row, F);
    }
}

/* Closes the workbook written at tmp and puts it at path; tmp is gone after. */
static int workbook_finish(lxw_workbook *wb, const char *tmp, const char *path, err *e)
{
    lxw_error rc = workbook_close(wb);
    if (rc != LXW_NO_ERROR) {
        unlink(tmp);
        return err_set(e, GK_EIO, path, "cannot write the workbook: %s", lxw_strerror(rc));
    }
    if (rename(tmp, path) != 0) {
        unlink(tmp);
        return err_set(e, GK_EIO, path, "cannot write the workbook (rename failed)");
    }
    return 0;
}

int rdoc_xlsx(const struct rdoc *d, const char *path, err *e)
{
    size_t pl = strlen(path);
    char *tmp = xmalloc(pl + 16);
    snprintf(tmp, pl + 16, "%s.tmp", path);
    /* libxlsxwriter reports a file it cannot create on stderr itself: find
     * out first, and say it in one line */
    FILE *probe = fopen(tmp, "wb");
    if (!probe) {
        int rc = err_set(e, GK_EIO, path, "cannot write: %s", strerror(errno));
        free(tmp);
        return rc;
    }
    fclose(probe);
    lxw_workbook *wb = workbook_new(tmp);
    if (!wb) {
        unlink(tmp);
        free(tmp);
        return err_set(e, GK_EIO, path, "cannot create the workbook");
    }
    struct fmts F;
    make_fmts(wb, &F);
    lxw_doc_properties props = {.title = d->title, .subject = "政府信息公开工作年度报告",
                                .comments = "gongkai"};
    workbook_set_properties(wb, &props);
    for (int s = 0; s < d->nsec; s++)
        section_sheet(wb, d, &d->sec[s], &F);
    text_sheet(wb, d, &F);
    int rc = workbook_finish(wb, tmp, path, e);
    free(tmp);
    return rc;
}
