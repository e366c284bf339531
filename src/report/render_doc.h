/*
 * report — internal to the report module (not part of what it offers): the
 * printed shape of a report, shared by the renderers.
 *
 * render.c turns a model into a document: a title and sections, each with a
 * table laid out exactly as the national format prints it (a grid of cells
 * with row and column spans) or a list of counts. The writers (txt, md,
 * html, xlsx) only walk this document, so the layouts live in one place.
 */
#ifndef GONGKAI_REPORT_RENDER_DOC_H
#define GONGKAI_REPORT_RENDER_DOC_H

#include "report/report.h"

/* What the human formats print for a figure the report does not give. */
#define RDOC_NULL_TEXT "—"

enum rcell_kind {
    RC_EMPTY,     /* nothing here (a blank cell) */
    RC_COVERED,   /* inside another cell's span */
    RC_HEAD,      /* column header */
    RC_BLOCK,     /* a header that names a block of rows (第二十条第（一）项) */
    RC_LABEL,     /* row label */
    RC_NUM,       /* a figure (num may be RPT_NULL) */
    RC_TEXT,      /* other text in the body (a unit) */
};

struct rcell {
    enum rcell_kind kind;
    char *text;          /* owned; NULL for RC_NUM, RC_EMPTY, RC_COVERED */
    double num;
    bool amount;         /* 万元: may have decimals */
    int rowspan, colspan;
    bool flat_skip;      /* leave out of flattened (Markdown) headers */
    int indent;          /* labels of the statistics table: 0, 1, 2 */
    bool strong;         /* a section row of the statistics table */
};

struct rtable {
    int rows, cols;
    int head_rows;       /* the first head_rows rows are the header */
    struct rcell *c;     /* rows * cols */
    int width_mm[20];    /* column widths for HTML and xlsx */
    const char *css;     /* class name for HTML: "t2", "t3", "t4", "stats" */
    const char *sheet;   /* xlsx sheet name */
    /* table 二 only: block boundaries for formats that split it */
    int nblocks, block_row[8];
};

struct rsection {
    char *heading;       /* 二、主动公开政府信息情况 */
    bool centered;       /* a table's own title (政府信息公开情况统计表) */
    char *subheading;    /* （2018年度） or NULL */
    char *note;          /* a line under the heading, or NULL */
    struct rtable *table;            /* or NULL */
    char **items;        /* list of counts (narrative layout) */
    int nitems;
};

struct rdoc {
    char *title;
    struct rsection sec[4];
    int nsec;
    const rpt *r;
};

void rdoc_build(const rpt *r, struct rdoc *d);
void rdoc_free(struct rdoc *d);
static inline struct rcell *rt_at(struct rtable *t, int r, int c) { return &t->c[r * t->cols + c]; }
static inline const struct rcell *rt_get(const struct rtable *t, int r, int c)
{
    return &t->c[r * t->cols + c];
}
/* Formats a figure: whole numbers plainly, amounts with their decimals,
 * null as RDOC_NULL_TEXT (or "" when null_text is NULL). */
void rdoc_num(buf *b, double v, const char *null_text);
/* The same text as a cell prints (numbers formatted). */
void rdoc_cell_text(const struct rcell *c, buf *b, const char *null_text);

/* The writers (render_txt.c, render_html.c, render_xlsx.c). */
void rdoc_txt(const struct rdoc *d, buf *out);
void rdoc_md(const struct rdoc *d, buf *out);
void rdoc_html(const struct rdoc *d, buf *out);
/* What rdoc_html puts inside its <main class="page">: the title, the
 * sections and tables (for a page that has its own frame). */
void rdoc_html_page(const struct rdoc *d, buf *out);
int rdoc_xlsx(const struct rdoc *d, const char *path, err *e);

#endif
