/*
 * report — the annual report as a 公文 (issue 18): DOCX and PDF through
 * docgen (src/docgen/docgen.h), in the order GB/T 9704 places the parts:
 * 文号, title, addressee (主送), the introduction, section 一 with its five
 * parts, the tables of the national layout (each cell of the printed grid a
 * cell of the row; a merged cell is written once, where it starts), sections
 * 五 and 六, the agency's name and the date of publication.
 */
#include <stdio.h>
#include <string.h>

#include "docgen/docgen.h"
#include "report/render_doc.h"

static int paras(gkd_doc *g, enum gkd_style st, const char *t, err *e)
{
    int rc = 0;
    while (!rc && t && *t) {
        size_t n = strcspn(t, "\n");
        if (n)
            rc = gkd_para_n(g, st, t, n, e);
        t += n;
        if (*t)
            t++;
    }
    return rc;
}

static int narrative(gkd_doc *g, const rpt *r, int which, err *e)
{
    if (!r->has_narrative)
        return 0;
    int rc = gkd_para(g, GKD_HEADING, rpt_narr_headings[which], e);
    bool any = r->narrative[which] && *r->narrative[which];
    if (!rc && any)
        rc = paras(g, GKD_BODY, r->narrative[which], e);
    for (int i = RPT_NARR_PROACTIVE; !rc && which == RPT_NARR_OVERVIEW && i <= RPT_NARR_SUPERVISION; i++) {
        if (!r->narrative[i] || !*r->narrative[i])
            continue;
        rc = gkd_para(g, GKD_HEADING, rpt_narr_headings[i], e);
        if (!rc)
            rc = paras(g, GKD_BODY, r->narrative[i], e);
        any = true;
    }
    if (!rc && !any)
        rc = gkd_para(g, GKD_BODY, "无。", e);
    return rc;
}

static int table(gkd_doc *g, const struct rtable *t, err *e)
{
    const char *cells[GKD_MAX_COLS];
    buf txt[GKD_MAX_COLS];
    int cols = t->cols < GKD_MAX_COLS ? t->cols : GKD_MAX_COLS;
    for (int c = 0; c < cols; c++)
        buf_init(&txt[c]);
    int rc = 0;
    for (int row = 0; !rc && row < t->rows; row++) {
        for (int c = 0; c < cols; c++) {
            buf_reset(&txt[c]);
            const struct rcell *x = rt_get(t, row, c);
            if (x->kind != RC_COVERED)
                rdoc_cell_text(x, &txt[c], RDOC_NULL_TEXT);
            cells[c] = txt[c].data ? txt[c].data : "";
        }
        rc = gkd_row(g, cols, cells, row < t->head_rows, e);
    }
    gkd_table_end(g);
    for (int c = 0; c < cols; c++)
        buf_free(&txt[c]);
    return rc;
}

static int build(gkd_doc *g, const struct rdoc *d, err *e)
{
    const rpt *r = d->r;
    int rc = 0;
    if (r->has_document && r->doc[RPT_DOC_NO] && *r->doc[RPT_DOC_NO])
        rc = gkd_para(g, GKD_DOCNO, r->doc[RPT_DOC_NO], e);
    if (!rc)
        rc = gkd_para(g, GKD_TITLE, d->title, e);
    if (!rc && r->has_document && r->doc[RPT_DOC_ADDRESSEE] && *r->doc[RPT_DOC_ADDRESSEE]) {
        buf to;
        buf_init(&to);
        buf_printf(&to, "%s：", r->doc[RPT_DOC_ADDRESSEE]);
        rc = gkd_para(g, GKD_TO, to.data, e);
        buf_free(&to);
    }
    if (!rc && r->has_document)
        rc = paras(g, GKD_BODY, r->doc[RPT_DOC_INTRO], e);
    if (!rc)
        rc = narrative(g, r, RPT_NARR_OVERVIEW, e);
    for (int s = 0; !rc && s < d->nsec; s++) {
        const struct rsection *sec = &d->sec[s];
        rc = gkd_para(g, GKD_HEADING, sec->heading, e);
        if (!rc && sec->subheading)
            rc = gkd_para(g, GKD_BODY, sec->subheading, e);
        if (!rc && sec->note)
            rc = gkd_para(g, GKD_BODY, sec->note, e);
        if (!rc && sec->table)
            rc = table(g, sec->table, e);
        for (int i = 0; !rc && i < sec->nitems; i++)
            rc = gkd_para(g, GKD_BODY, sec->items[i], e);
    }
    if (!rc)
        rc = narrative(g, r, RPT_NARR_PROBLEMS, e);
    if (!rc)
        rc = narrative(g, r, RPT_NARR_OTHER, e);
    if (!rc && r->agency)
        rc = gkd_para(g, GKD_SIGN, r->agency, e);
    if (!rc && r->pub.published_at && *r->pub.published_at)
        rc = gkd_para(g, GKD_DATE, r->pub.published_at, e);
    return rc;
}

int rpt_render_gkd(const rpt *r, bool pdf, buf *out, err *e)
{
    struct rdoc d;
    rdoc_build(r, &d);
    gkd_doc *g = gkd_new(d.title);
    int rc = build(g, &d, e);
    if (!rc)
        rc = gkd_render(g, pdf ? GKD_PDF : GKD_DOCX, out, e);
    gkd_free(g);
    rdoc_free(&d);
    return rc;
}
