/*
 * report — the plain-text and Markdown writers.
 *
 * Text is the `|` style agencies paste into their websites (seed 001): one
 * line per table row, the cells the row itself holds (a merged cell once, in
 * the row where it starts) each followed by " | ", and a "|" for every
 * further cell up to the table's width (but the last row's). Markdown gives each table a header
 * row (the national headers flattened, "行政诉讼·复议后起诉·结果维持") and
 * keeps every cell in its column, merged cells leaving the rest blank.
 */
#include <string.h>

#include "report/render_doc.h"

static void rtrim(buf *b)
{
    while (b->len && b->data[b->len - 1] == ' ')
        b->data[--b->len] = 0;
}

static void txt_table(const struct rtable *t, buf *out)
{
    buf cell;
    buf_init(&cell);
    for (int r = 0; r < t->rows; r++) {
        int present = 0;
        for (int c = 0; c < t->cols; c++) {
            const struct rcell *x = rt_get(t, r, c);
            if (x->kind == RC_COVERED)
                continue;
            present++;
            buf_reset(&cell);
            rdoc_cell_text(x, &cell, RDOC_NULL_TEXT);
            if (cell.len) {
                buf_append(out, cell.data, cell.len);
                buf_puts(out, " | ");
            } else {
                buf_putc(out, '|');
            }
        }
        /* pasted tables (seed 001) do not pad their last row */
        for (int k = present; k < t->cols && r < t->rows - 1; k++)
            buf_putc(out, '|');
        rtrim(out);
        buf_putc(out, '\n');
    }
    buf_free(&cell);
}

/* A narrative section of a report that carries them; section 一 with its
 * five parts (those written). */
static void txt_narrative(const rpt *r, int which, buf *out)
{
    if (!r->has_narrative)
        return;
    buf_printf(out, "%s\n", rpt_narr_headings[which]);
    bool any = r->narrative[which] && *r->narrative[which];
    if (any)
        buf_printf(out, "%s\n", r->narrative[which]);
    for (int i = RPT_NARR_PROACTIVE; which == RPT_NARR_OVERVIEW && i <= RPT_NARR_SUPERVISION; i++)
        if (r->narrative[i] && *r->narrative[i]) {
            buf_printf(out, "%s\n%s\n", rpt_narr_headings[i], r->narrative[i]);
            any = true;
        }
    if (!any)
        buf_puts(out, "无。\n");
}

void rdoc_txt(const struct rdoc *d, buf *out)
{
    buf_puts(out, d->title);
    buf_puts(out, "\n");
    /* the report as a document (issue 18): 文号, 主送, 引言 */
    for (int i = 0; d->r->has_document && i < RPT_NDOCF; i++)
        if (d->r->doc[i] && *d->r->doc[i])
            buf_printf(out, "%s%s\n", d->r->doc[i], i == RPT_DOC_ADDRESSEE ? "：" : "");
    txt_narrative(d->r, RPT_NARR_OVERVIEW, out);
    for (int s = 0; s < d->nsec; s++) {
        const struct rsection *sec = &d->sec[s];
        buf_printf(out, "%s\n", sec->heading);
        if (sec->subheading)
            buf_printf(out, "%s\n", sec->subheading);
        if (sec->note)
            buf_printf(out, "%s\n", sec->note);
        if (sec->table)
            txt_table(sec->table, out);
        for (int i = 0; i < sec->nitems; i++)
            buf_printf(out, "%s\n", sec->items[i]);
    }
    txt_narrative(d->r, RPT_NARR_PROBLEMS, out);
    txt_narrative(d->r, RPT_NARR_OTHER, out);
}

/* ---- Markdown ---------------------------------------------------------- */

/* Markdown passes HTML through: escape it as HTML, and escape the
 * characters Markdown itself gives meaning to. */
static void md_text(buf *out, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': buf_puts(out, "&lt;"); continue;
        case '>': buf_puts(out, "&gt;"); continue;
        case '&': buf_puts(out, "&amp;"); continue;
        case '\n': buf_putc(out, ' '); continue;
        case '|': case '\\': case '*': case '_': case '`': case '[': case ']':
            buf_putc(out, '\\');
            break;
        default: break;
        }
        buf_putc(out, *s);
    }
}

/* The origin cell covering (r, c). */
static const struct rcell *origin(const struct rtable *t, int r, int c, int *or_, int *oc)
{
    for (int i = r; i >= 0; i--)
        for (int j = c; j >= 0; j--) {
            const struct rcell *x = rt_get(t, i, j);
            if (x->kind != RC_COVERED && i + x->rowspan > r && j + x->colspan > c) {
                *or_ = i, *oc = j;
                return x;
            }
        }
    *or_ = r, *oc = c;
    return rt_get(t, r, c);
}

static void md_row(const struct rtable *t, int r, buf *out)
{
    buf cell;
    buf_init(&cell);
    buf_putc(out, '|');
    for (int c = 0; c < t->cols; c++) {
        const struct rcell *x = rt_get(t, r, c);
        buf_reset(&cell);
        if (x->kind != RC_COVERED)
            rdoc_cell_text(x, &cell, RDOC_NULL_TEXT);
        buf_putc(out, ' ');
        if (cell.len)
            md_text(out, cell.data);
        buf_puts(out, " |");
    }
    buf_putc(out, '\n');
    buf_free(&cell);
}

static void md_rule(int cols, const struct rtable *t, int r, buf *out)
{
    buf_putc(out, '|');
    for (int c = 0; c < cols; c++) {
        bool num = t && r < t->rows && rt_get(t, r, c)->kind == RC_NUM;
        buf_puts(out, num ? " ---: |" : " --- |");
    }
    buf_putc(out, '\n');
}

/* The header of column c flattened: the texts of the header cells over it. */
static void md_head(const struct rtable *t, int c, buf *out)
{
    size_t start = out->len;
    for (int r = 0; r < t->head_rows; r++) {
        int or_, oc;
        const struct rcell *x = origin(t, r, c, &or_, &oc);
        if (or_ != r && r > 0)
            continue;   /* a cell spanning down from the row above: already named */
        if (x->flat_skip || !x->text)
            continue;
        if (out->len > start)
            buf_puts(out, "·");
        md_text(out, x->text);
    }
    if (out->len == start && c == 0)
        buf_puts(out, "项目");
}

static void md_table(const struct rtable *t, buf *out)
{
    if (t->nblocks) {
        /* table 二: one Markdown table per item of Art. 20 */
        for (int b = 0; b < t->nblocks; b++) {
            int r0 = t->block_row[b], r1 = b + 1 < t->nblocks ? t->block_row[b + 1] : t->rows;
            buf_puts(out, "**");
            md_text(out, rt_get(t, r0, 0)->text);
            buf_puts(out, "**\n\n");
            md_row(t, r0 + 1, out);
            md_rule(t->cols, t, r0 + 2, out);
            for (int r = r0 + 2; r < r1; r++)
                md_row(t, r, out);
            buf_putc(out, '\n');
        }
        return;
    }
    buf_putc(out, '|');
    for (int c = 0; c < t->cols; c++) {
        buf_putc(out, ' ');
        md_head(t, c, out);
        buf_puts(out, " |");
    }
    buf_putc(out, '\n');
    md_rule(t->cols, t, t->head_rows, out);
    for (int r = t->head_rows; r < t->rows; r++)
        md_row(t, r, out);
    buf_putc(out, '\n');
}

void rdoc_md(const struct rdoc *d, buf *out)
{
    buf_puts(out, "# ");
    md_text(out, d->title);
    buf_puts(out, "\n\n");
    for (int s = 0; s < d->nsec; s++) {
        const struct rsection *sec = &d->sec[s];
        buf_puts(out, "## ");
        md_text(out, sec->heading);
        buf_puts(out, "\n\n");
        if (sec->subheading) {
            md_text(out, sec->subheading);
            buf_puts(out, "\n\n");
        }
        if (sec->note) {
            md_text(out, sec->note);
            buf_puts(out, "\n\n");
        }
        if (sec->table)
            md_table(sec->table, out);
        for (int i = 0; i < sec->nitems; i++) {
            buf_puts(out, "- ");
            md_text(out, sec->items[i]);
            buf_putc(out, '\n');
        }
        if (sec->nitems)
            buf_putc(out, '\n');
    }
}
