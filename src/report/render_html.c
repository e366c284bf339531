/*
 * report — the HTML writer: one self-contained page (inline CSS, no
 * scripts, no external resources) that looks like the national format on
 * screen and prints on A4: header rows repeat on every page, rows do not
 * split, headings stay with their tables. Every string goes through buf_html.
 */
#include <string.h>

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

static void html_cell(const struct rtable *t, int r, int c, buf *out)
{
    const struct rcell *x = rt_get(t, r, c);
    if (x->kind == RC_COVERED)
        return;
    bool head = x->kind == RC_HEAD || x->kind == RC_BLOCK;
    buf_puts(out, head ? "<th" : "<td");
    const char *cls = NULL;
    if (x->kind == RC_BLOCK)
        cls = "blk";
    else if (x->kind == RC_NUM)
        cls = "n";
    else if (x->kind == RC_LABEL && x->strong)
        cls = "l s";
    else if (x->kind == RC_LABEL && x->indent == 1)
        cls = "l i1";
    else if (x->kind == RC_LABEL && x->indent >= 2)
        cls = "l i2";
    else if (x->kind == RC_LABEL && x->rowspan > 3 && strcmp(t->css, "t3") == 0 && c == 0)
        cls = "v";   /* 三、本年度办理结果: the tall narrow cell, written top to bottom */
    else if (x->kind == RC_LABEL)
        cls = "l";
    else if (x->kind == RC_HEAD && x->flat_skip && x->colspan == 3)
        cls = "note";
    if (cls)
        buf_printf(out, " class=\"%s\"", cls);
    if (x->rowspan > 1)
        buf_printf(out, " rowspan=\"%d\"", x->rowspan);
    if (x->colspan > 1)
        buf_printf(out, " colspan=\"%d\"", x->colspan);
    if (head && x->colspan == 1)
        buf_puts(out, " scope=\"col\"");
    buf_putc(out, '>');
    buf txt;
    buf_init(&txt);
    rdoc_cell_text(x, &txt, RDOC_NULL_TEXT);
    if (txt.len)
        buf_html(out, txt.data);
    buf_free(&txt);
    buf_puts(out, head ? "</th>" : "</td>");
}

static void html_table(const struct rtable *t, buf *out)
{
    /* focusable: on a phone the wide tables scroll in their own box, which
     * the keyboard must reach too (WCAG 2.1.1) */
    buf_printf(out, "<table class=\"%s\" tabindex=\"0\">\n<colgroup>", t->css);
    int total = 0;
    for (int c = 0; c < t->cols; c++)
        total += t->width_mm[c] > 0 ? t->width_mm[c] : 10;
    for (int c = 0; c < t->cols; c++) {
        int w = t->width_mm[c] > 0 ? t->width_mm[c] : 10;
        buf_printf(out, "<col style=\"width:%.2f%%\">", 100.0 * w / total);
    }
    buf_puts(out, "</colgroup>\n");
    if (t->head_rows) {
        buf_puts(out, "<thead>\n");
        for (int r = 0; r < t->head_rows; r++) {
            buf_puts(out, "<tr>");
            for (int c = 0; c < t->cols; c++)
                html_cell(t, r, c, out);
            buf_puts(out, "</tr>\n");
        }
        buf_puts(out, "</thead>\n");
    }
    buf_puts(out, "<tbody>\n");
    for (int r = t->head_rows; r < t->rows; r++) {
        buf_puts(out, "<tr>");
        for (int c = 0; c < t->cols; c++)
            html_cell(t, r, c, out);
        buf_puts(out, "</tr>\n");
    }
    buf_puts(out, "</tbody>\n</table>\n");
}

/* The report as a document (issue 18): 文号 under the title, the addressee
 * (主送, "XX：" as a letter opens), the introduction. The comment after it
 * marks where the narrative of section 一 may follow (web/pages_report.c). */
static void html_doc_head(const rpt *r, buf *out)
{
    if (!r->has_document)
        return;
    buf_puts(out, "<div class=\"doc-head\">\n");
    static const char *const cls[RPT_NDOCF] = {"doc-no", "addressee", "intro"};
    for (int i = 0; i < RPT_NDOCF; i++) {
        if (!r->doc[i] || !*r->doc[i])
            continue;
        buf_printf(out, "<p class=\"%s\">", cls[i]);
        buf_html(out, r->doc[i]);
        buf_puts(out, i == RPT_DOC_ADDRESSEE ? "：</p>\n" : "</p>\n");
    }
    buf_puts(out, "</div><!--/doc-head-->\n");
}

static void html_paras(const char *t, buf *out)
{
    while (*t) {
        size_t n = strcspn(t, "\n");
        if (n) {
            buf_puts(out, "<p>");
            buf_html_n(out, t, n);
            buf_puts(out, "</p>");
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
    buf_printf(out, "<section class=\"narrative\"><h2>%s</h2>", rpt_narr_headings[which]);
    bool any = t && *t;
    if (any)
        html_paras(t, out);
    for (int i = RPT_NARR_PROACTIVE; which == RPT_NARR_OVERVIEW && i <= RPT_NARR_SUPERVISION; i++) {
        if (!r->narrative[i] || !*r->narrative[i])
            continue;
        buf_printf(out, "<h3>%s</h3>", rpt_narr_headings[i]);
        html_paras(r->narrative[i], out);
        any = true;
    }
    if (!any)
        buf_puts(out, "<p>无。</p>");
    buf_puts(out, "</section>\n");
}

void rdoc_html(const struct rdoc *d, buf *out)
{
    buf_puts(out, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                  "<meta name=\"generator\" content=\"gongkai\">\n<title>");
    buf_html(out, d->title);
    buf_puts(out, "</title>\n<style>\n");
    buf_puts(out, css);
    buf_puts(out, "</style>\n</head>\n<body>\n<main class=\"page\">\n<h1>");
    buf_html(out, d->title);
    buf_puts(out, "</h1>\n");
    html_doc_head(d->r, out);
    html_narrative(d->r, RPT_NARR_OVERVIEW, out);
    for (int s = 0; s < d->nsec; s++) {
        const struct rsection *sec = &d->sec[s];
        /* tables 三 and 四 fit a page: keep each whole rather than split
         * after two rows (a longer one still breaks, its header repeated) */
        if (sec->table && (strcmp(sec->table->css, "t3") == 0 || strcmp(sec->table->css, "t4") == 0))
            buf_puts(out, "<section class=\"keep\">\n<h2>");
        else
            buf_puts(out, sec->centered ? "<section>\n<h2 class=\"c\">" : "<section>\n<h2>");
        buf_html(out, sec->heading);
        buf_puts(out, "</h2>\n");
        if (sec->subheading) {
            buf_puts(out, "<p class=\"sub\">");
            buf_html(out, sec->subheading);
            buf_puts(out, "</p>\n");
        }
        if (sec->note) {
            buf_puts(out, "<p class=\"note\">");
            buf_html(out, sec->note);
            buf_puts(out, "</p>\n");
        }
        if (sec->table)
            html_table(sec->table, out);
        if (sec->nitems) {
            buf_puts(out, "<ul class=\"counts\">\n");
            for (int i = 0; i < sec->nitems; i++) {
                buf_puts(out, "<li>");
                buf_html(out, sec->items[i]);
                buf_puts(out, "</li>\n");
            }
            buf_puts(out, "</ul>\n");
        }
        buf_puts(out, "</section>\n");
    }
    html_narrative(d->r, RPT_NARR_PROBLEMS, out);
    html_narrative(d->r, RPT_NARR_OTHER, out);
    buf_puts(out, "</main>\n</body>\n</html>\n");
}
