/*
 * docgen — the document model the two renderers share. Private to
 * src/docgen/ (docgen.c, docx.c, pdf.c); everyone else uses docgen.h.
 */
#ifndef GONGKAI_DOCGEN_INTERNAL_H
#define GONGKAI_DOCGEN_INTERNAL_H

#include "docgen/docgen.h"

enum gkd_kind { GKD_B_PARA, GKD_B_ROW };

/* One paragraph or one table row. Text is stored as it is drawn: valid
 * UTF-8, tabs and line feeds kept, other control characters already turned
 * into their Control Pictures (docgen.c:gkd_display). */
struct gkd_block {
    enum gkd_kind kind;
    enum gkd_style style;      /* GKD_B_PARA */
    char *text;                /* GKD_B_PARA, owned */
    int ncols;                 /* GKD_B_ROW */
    char **cells;              /* GKD_B_ROW: ncols strings, owned */
    bool header;               /* GKD_B_ROW: a header row */
    bool table_start;          /* GKD_B_ROW: the first row of a table */
};

struct gkd_doc {
    char *title;               /* owned, may be NULL */
    struct gkd_block *b;
    int n, cap;
    size_t total;              /* bytes of text held */
    bool in_table;             /* the last block is a row of an open table */
};

/* Layout figures of GB/T 9704-2012 §5.2 (A4, 版心 156 mm x 225 mm, 天头 37 mm,
 * 订口 28 mm; 22 lines of 28 characters of 三号 text per page), in points. */
#define GKD_MM(x) ((x) * 72.0 / 25.4)
#define GKD_PAGE_W GKD_MM(210.0)
#define GKD_PAGE_H GKD_MM(297.0)
#define GKD_TOP GKD_MM(37.0)
#define GKD_LEFT GKD_MM(28.0)
#define GKD_TEXT_W GKD_MM(156.0)
#define GKD_TEXT_H GKD_MM(225.0)
#define GKD_LINE (GKD_TEXT_H / 22.0)   /* 28.98 pt: 22 lines fill the 版心 */
#define GKD_BODY_PT 16.0               /* 三号 */
#define GKD_TITLE_PT 22.0              /* 二号 */
#define GKD_MAST_PT 30.0               /* 发文机关标志: the standard bounds it by
                                          22 mm x 15 mm a character; 30 pt = 10.6 mm */
#define GKD_CODE_PT 22.0
#define GKD_FOOT_PT 14.0               /* 页码: 四号 */

/* Per style: size, bold, red, alignment, first-line indent and right
 * indent in characters of the body size, blank lines before. */
enum gkd_align { GKD_LEFT_AL, GKD_CENTER, GKD_RIGHT };
struct gkd_style_row {
    double pt;
    bool bold, red, sans;
    enum gkd_align align;
    double indent_ch, right_ch;
    int space_before;          /* lines of GKD_LINE */
    bool rule_below;           /* the red separator line (版头中的分隔线, §7.2.4) */
};
extern const struct gkd_style_row gkd_styles[GKD_NSTYLES];

/* Width of s in em of its size, the way the layout counts it: a character
 * of the CJK blocks or full-width forms one, anything else half. */
double gkd_em_width(const char *s);
/* The right indent, in characters, of block i: its style's, except that a
 * GKD_SIGN followed by a GKD_DATE is centred over the date (§7.3.5.1). */
double gkd_right_ch(const gkd_doc *d, int i);

/* Size of table text: 小四 (12 pt) up to six columns, 五号 (10.5 pt) up to
 * twelve, 9 pt beyond. */
double gkd_cell_pt(int ncols);

int gkd_docx(const gkd_doc *d, buf *out, err *e);
int gkd_pdf(const gkd_doc *d, buf *out, err *e);

#endif
