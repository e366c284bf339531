/*
 * report — the HTML writer: one self-contained page (inline CSS, no
 * scripts, no external resources) that looks like the national format on
 * screen and prints on A4: header rows repeat on every page, rows do not
 * split, headings stay with their tables. Written with the HTML builder
 * (base/html.h): every string escaped.
 */
#include <stdio.h>
#include <string.h>

#include "base/html.h"
#include "report/render_doc.h"

static const char css[] =
    "@page{size:A4;margin:18mm 16mm 18mm 16mm}\n"
    "*{box-sizing:border-box}\n"
    "html{background:#e9e9e6}\n"
    "body{margin:0;color:#000;font-family:\"SimSun\",\"Songti SC\",\"Noto Serif CJK SC\","
    "\"Source Han Serif SC\",\"Noto Sans CJK SC\",serif;font-size:10.5pt;line-height:1.45}\n"
    ".page{width:210mm;min-height:297mm;margin:8mm auto;padding:18mm 16mm;background:#fff;"
    "box-shadow:0 1px 6px rgba(0,0,0,.25)}\n"
    "h1{font-family:\"SimHei\",\"Heiti SC\",\"Noto Sans CJK SC\",\"Source Han Sans SC\",sans-serif;"
    "font-size:17pt;font-weight:bold;text-align:center;margin:0 0 7mm;line-height:1.35}\n"
    "h2{font-family:\"SimHei\",\"Heiti SC\",\"Noto Sans CJK SC\",\"Source Han Sans SC\",sans-serif;"
    "font-size:13pt;font-weight:bold;margin:6mm 0 3mm;break-after:avoid;page-break-after:avoid}\n"
    "h2.c{text-align:center}\n"
    "p.sub{text-align:center;margin:-2mm 0 3mm}\n"
    "p.note{margin:0 0 3mm;text-indent:2em}\n"
    "table{width:100%;border-collapse:collapse;table-layout:fixed;margin:0 0 5mm}\n"
    "th,td{border:1px solid #000;padding:1.3mm 1mm;text-align:center;vertical-align:middle;"
    "font-size:10pt;font-weight:normal;word-break:break-all;overflow-wrap:anywhere}\n"
    "th.blk{font-weight:bold}\n"
    "td.l{text-align:left}\n"
    "td.n{font-variant-numeric:tabular-nums}\n"
    "td.s{font-weight:bold}\n"
    "td.i1{padding-left:5mm}td.i2{padding-left:9mm}\n"
    "table.t3 th,table.t3 td{font-size:9.5pt;line-height:1.3}\n"
    "table.t3 td{padding:1mm 1mm}\n"
    "table.t3 th{font-size:9pt;padding:1.3mm .6mm}\n"
    "table.t3 td.v{writing-mode:vertical-rl;text-orientation:upright;letter-spacing:1pt;"
    "padding:2mm 0}\n"
    "table.t4 th,table.t4 td{font-size:9pt;padding:1.3mm 1.8mm}\n"
    "table.t3 th.note{font-size:8.5pt;text-align:left}\n"
    "thead{display:table-header-group}\n"
    "section.keep{break-inside:avoid;page-break-inside:avoid}\n"
    "tr{break-inside:avoid;page-break-inside:avoid}\n"
    "ul.counts{margin:0 0 4mm 2em;padding:0}\n"
    "@media print{html{background:none}.page{width:auto;min-height:0;margin:0;padding:0;"
    "box-shadow:none}}\n";

/* The class of a cell: by its kind, strength and indent. */
static const char *cell_class(const struct rtable *t, const struct rcell *x, int c)
{
    if (x->kind == RC_BLOCK)
        return "blk";
    if (x->kind == RC_NUM)
        return "n";
    if (x->kind == RC_LABEL && x->strong)
        return "l s";
    if (x->kind == RC_LABEL && x->indent == 1)
        return "l i1";
    if (x->kind == RC_LABEL && x->indent >= 2)
        return "l i2";
    if (x->kind == RC_LABEL && x->rowspan > 3 && strcmp(t->css, "t3") == 0 && c == 0)
        return "v";   /* 三、本年度办理结果: the tall narrow cell, written top to bottom */
    if (x->kind == RC_LABEL)
        return "l";
    if (x->kind == RC_HEAD && x->flat_skip && x->colspan == 3)
        return "note";
    return NULL;
}

static void html_cell(const struct rtable *t, int r, int c, buf *out)
{
    const struct rcell *x = rt_get(t, r, c);
    if (x->kind == RC_COVERED)
        return;
    bool head = x->kind == RC_HEAD || x->kind == RC_BLOCK;
    const char *cls = cell_class(t, x, c), *tag = head ? "th" : "td";
    char rs[16], cs[16];
    snprintf(rs, sizeof rs, "%d", x->rowspan);
    snprintf(cs, sizeof cs, "%d", x->colspan);
    h_open(out, tag, "class", cls ? cls : H_OMIT, "rowspan", x->rowspan > 1 ? rs : H_OMIT,
           "colspan", x->colspan > 1 ? cs : H_OMIT, "scope", head && x->colspan == 1 ? "col" : H_OMIT, H_END);
    buf txt;
    buf_init(&txt);
    rdoc_cell_text(x, &txt, RDOC_NULL_TEXT);
    h_text_n(out, txt.data, txt.len);
    buf_free(&txt);
    h_close(out, tag);
}

/* One row of the table, ended by a line break. */
static void html_row(const struct rtable *t, int r, buf *out)
{
    h_open(out, "tr", H_END);
    for (int c = 0; c < t->cols; c++)
        html_cell(t, r, c, out);
    h_close(out, "tr");
    h_text(out, "\n");
}

static void html_table(const struct rtable *t, buf *out)
{
    /* focusable: on a phone the wide tables scroll in their own box, which
     * the keyboard must reach too (WCAG 2.1.1) */
    h_open(out, "table", "class", t->css, "tabindex", "0", H_END);
    h_text(out, "\n");
    h_open(out, "colgroup", H_END);
    int total = 0;
    for (int c = 0; c < t->cols; c++)
        total += t->width_mm[c] > 0 ? t->width_mm[c] : 10;
    for (int c = 0; c < t->cols; c++) {
        int w = t->width_mm[c] > 0 ? t->width_mm[c] : 10;
        char style[40];
        snprintf(style, sizeof style, "width:%.2f%%", 100.0 * w / total);
        h_void(out, "col", "style", style, H_END);
    }
    h_close(out, "colgroup");
    h_text(out, "\n");
    if (t->head_rows) {
        h_open(out, "thead", H_END);
        h_text(out, "\n");
        for (int r = 0; r < t->head_rows; r++)
            html_row(t, r, out);
        h_close(out, "thead");
        h_text(out, "\n");
    }
    h_open(out, "tbody", H_END);
    h_text(out, "\n");
    for (int r = t->head_rows; r < t->rows; r++)
        html_row(t, r, out);
    h_close(out, "tbody");
    h_text(out, "\n");
    h_close(out, "table");
    h_text(out, "\n");
}

/* The report as a document (issue 18): 文号 under the title, the addressee
 * (主送, "XX：" as a letter opens), the introduction. */
static void html_doc_head(const rpt *r, buf *out)
{
    if (!r->has_document)
        return;
    h_open(out, "div", "class", "doc-head", H_END);
    h_text(out, "\n");
    static const char *const cls[RPT_NDOCF] = {"doc-no", "addressee", "intro"};
    for (int i = 0; i < RPT_NDOCF; i++) {
        if (!r->doc[i] || !*r->doc[i])
            continue;
        h_open(out, "p", "class", cls[i], H_END);
        h_text(out, r->doc[i]);
        if (i == RPT_DOC_ADDRESSEE)
            h_text(out, "：");
        h_close(out, "p");
        h_text(out, "\n");
    }
    h_close(out, "div");
    h_text(out, "\n");
}

static void html_paras(const char *t, buf *out)
{
    while (*t) {
        size_t n = strcspn(t, "\n");
        if (n) {
            h_open(out, "p", H_END);
            h_text_n(out, t, n);
            h_close(out, "p");
        }
        t += n;
        if (*t)
            t++;
    }
}

/* A narrative section of a report that carries them ("无。" when empty);
 * section 一 with its five parts (those written) as subsections. */
static void html_narrative(const rpt *r, int which, buf *out)
{
    if (!r->has_narrative)
        return;
    const char *t = r->narrative[which];
    h_open(out, "section", "class", "narrative", H_END);
    h_el(out, "h2", rpt_narr_headings[which]);
    bool any = t && *t;
    if (any)
        html_paras(t, out);
    for (int i = RPT_NARR_PROACTIVE; which == RPT_NARR_OVERVIEW && i <= RPT_NARR_SUPERVISION; i++) {
        if (!r->narrative[i] || !*r->narrative[i])
            continue;
        h_el(out, "h3", rpt_narr_headings[i]);
        html_paras(r->narrative[i], out);
        any = true;
    }
    if (!any)
        h_el(out, "p", "无。");
    h_close(out, "section");
    h_text(out, "\n");
}

/* A paragraph of class cls and a line break, when there is a text. */
static void html_line(buf *out, const char *cls, const char *text)
{
    if (!text)
        return;
    h_el_attr(out, "p", text, "class", cls, H_END);
    h_text(out, "\n");
}

static void html_section(const struct rsection *sec, buf *out)
{
    /* tables 三 and 四 fit a page: keep each whole rather than split
     * after two rows (a longer one still breaks, its header repeated) */
    bool keep = sec->table && (strcmp(sec->table->css, "t3") == 0 || strcmp(sec->table->css, "t4") == 0);
    h_open(out, "section", "class", keep ? "keep" : H_OMIT, H_END);
    h_text(out, "\n");
    h_el_attr(out, "h2", sec->heading, "class", !keep && sec->centered ? "c" : H_OMIT, H_END);
    h_text(out, "\n");
    html_line(out, "sub", sec->subheading);
    html_line(out, "note", sec->note);
    if (sec->table)
        html_table(sec->table, out);
    if (sec->nitems) {
        h_open(out, "ul", "class", "counts", H_END);
        h_text(out, "\n");
        for (int i = 0; i < sec->nitems; i++) {
            h_el(out, "li", sec->items[i]);
            h_text(out, "\n");
        }
        h_close(out, "ul");
        h_text(out, "\n");
    }
    h_close(out, "section");
    h_text(out, "\n");
}

void rdoc_html_page(const struct rdoc *d, buf *out)
{
    h_text(out, "\n");
    h_el(out, "h1", d->title);
    h_text(out, "\n");
    html_doc_head(d->r, out);
    html_narrative(d->r, RPT_NARR_OVERVIEW, out);
    for (int s = 0; s < d->nsec; s++)
        html_section(&d->sec[s], out);
    html_narrative(d->r, RPT_NARR_PROBLEMS, out);
    html_narrative(d->r, RPT_NARR_OTHER, out);
}

void rdoc_html(const struct rdoc *d, buf *out)
{
    h_doctype(out);
    h_open(out, "html", "lang", "zh-CN", H_END);
    h_text(out, "\n");
    h_open(out, "head", H_END);
    h_text(out, "\n");
    h_void(out, "meta", "charset", "utf-8", H_END);
    h_text(out, "\n");
    h_void(out, "meta", "name", "viewport", "content", "width=device-width, initial-scale=1", H_END);
    h_text(out, "\n");
    h_void(out, "meta", "name", "generator", "content", "gongkai", H_END);
    h_text(out, "\n");
    h_el(out, "title", d->title);
    h_text(out, "\n");
    h_open(out, "style", H_END);
    h_text(out, "\n");
    h_markup_add(out, H_MARKUP(css));   /* the style sheet above, a constant */
    h_close(out, "style");
    h_text(out, "\n");
    h_close(out, "head");
    h_text(out, "\n");
    h_open(out, "body", H_END);
    h_text(out, "\n");
    h_open(out, "main", "class", "page", H_END);
    rdoc_html_page(d, out);
    h_close(out, "main");
    h_text(out, "\n");
    h_close(out, "body");
    h_text(out, "\n");
    h_close(out, "html");
    h_text(out, "\n");
}
