/*
 * docgen — writing documents that can be printed and stamped: a small model
 * of a 公文 (paragraphs in the styles of GB/T 9704-2012 《党政机关公文格式》, and
 * simple tables), rendered as Word (.docx: libzip and hand-written
 * WordprocessingML) and as PDF (cairo and pango, the Noto CJK fonts embedded).
 *
 * gongkai reads DOCX and PDF (src/report/read_docx.c, read_pdf.c,
 * src/files/); this is its one writer. Reply letters and notices
 * (src/disclosure/reply.c: app_letter_doc), receipts, case files and the
 * annual report fill a gkd_doc and ask for the bytes.
 *
 * Usage:
 *     gkd_doc *d = gkd_new("政府信息公开申请答复告知书");
 *     gkd_para(d, GKD_MASTHEAD, "某某市民政局", e);
 *     gkd_para(d, GKD_DOCNO, "编号：2026-0001", e);
 *     gkd_para(d, GKD_TITLE, "政府信息公开申请答复告知书", e);
 *     gkd_para(d, GKD_TO, "张三：", e);
 *     gkd_para(d, GKD_BODY, "……", e);
 *     gkd_para(d, GKD_SIGN, "某某市民政局", e);
 *     gkd_para(d, GKD_DATE, "2026年3月2日", e);
 *     gkd_render(d, GKD_PDF, &out, e);   // or GKD_DOCX
 *     gkd_free(d);
 *
 * Text: every string is copied (the caller keeps its own). It must be UTF-8
 * without NUL (GK_EINVAL naming the byte offset otherwise) and within the
 * named maximums below (GK_EINVAL "too long" / "too many", never cut). Any
 * other character is kept: a tab is a tab, a line feed (or CR LF) a line
 * break inside the paragraph, and the control characters XML and PDF text
 * cannot carry (C0 other than tab, LF, CR; DEL; U+FFFE/U+FFFF) are written as
 * their visible Control Pictures (U+2400 + code, U+2421 for DEL, U+FFFD for
 * the non-characters), the same in both formats, so nothing is lost silently.
 * Lines of any length wrap (at a character when no word break fits).
 *
 * Errors are GK_* codes with e filled (where = "docgen" or the field); the
 * library never prints. Rendering is deterministic for the same document
 * (no timestamps in the DOCX; the PDF carries cairo's creation date).
 */
#ifndef GONGKAI_DOCGEN_H
#define GONGKAI_DOCGEN_H

#include "base/base.h"

/* Named maximums of a document (bytes of UTF-8 unless said otherwise). */
#define GKD_MAX_TEXT (256u << 10)       /* one paragraph or one table cell */
#define GKD_MAX_TOTAL (16u << 20)       /* all text of one document */
#define GKD_MAX_BLOCKS 20000            /* paragraphs + table rows */
#define GKD_MAX_COLS 24                 /* columns of one table */
#define GKD_MAX_PAGES 2000              /* pages of a PDF (GK_EINVAL past it) */

/* Paragraph styles: the parts of a 公文 in the order GB/T 9704 places them.
 * Sizes and faces (§7): 发文机关标志 red 小标宋, 标题 二号 (22 pt) 小标宋,
 * everything else 三号 (16 pt) 仿宋; GKD_HEADING 三号 黑体. */
enum gkd_style {
    GKD_MASTHEAD,  /* 版头: 发文机关标志, the agency's name, red, centred */
    GKD_DOCNO,     /* 发文字号, centred, with the red separator line under it */
    GKD_TITLE,     /* 标题, centred, 二号 小标宋 */
    GKD_TO,        /* 主送机关 (or the applicant's name), flush left, ends with "：" */
    GKD_BODY,      /* 正文: each paragraph indented two characters */
    GKD_HEADING,   /* a heading inside 正文 (一、…), 黑体, indented two characters */
    GKD_SIGN,      /* 落款: 发文机关署名, centred over the date */
    GKD_DATE,      /* 成文日期, right, four characters in from the edge */
    GKD_NOTE,      /* 附注 and small print (a tracking code line, a contact), 三号 仿宋 */
    GKD_CODE,      /* a code to copy (查询码), centred, bold, larger */
};
#define GKD_NSTYLES 10

enum gkd_format { GKD_DOCX, GKD_PDF };

typedef struct gkd_doc gkd_doc;

/* A new empty document; title (may be NULL) goes into the file's metadata
 * (DOCX core properties, PDF Title). Free with gkd_free. Never NULL. */
gkd_doc *gkd_new(const char *title);
void gkd_free(gkd_doc *d);   /* NULL is fine */

/* Appends a paragraph in the given style (text copied). GK_EINVAL when the
 * text is not UTF-8, holds NUL, or a maximum is passed; the document is then
 * unchanged. */
int gkd_para(gkd_doc *d, enum gkd_style style, const char *text, err *e);
/* Same, text[0..n) (may hold NUL: refused with the offset). */
int gkd_para_n(gkd_doc *d, enum gkd_style style, const char *text, size_t n, err *e);

/* Appends a table row of ncols cells (each copied; NULL is an empty cell).
 * Consecutive rows with the same ncols form one table; header rows (bold,
 * repeated on each PDF page the table runs over) come first. Columns share
 * the text width equally. GK_EINVAL past GKD_MAX_COLS or on bad text. */
int gkd_row(gkd_doc *d, int ncols, const char *const *cells, bool header, err *e);
/* Ends the current table (the next row starts a new one). */
void gkd_table_end(gkd_doc *d);

/* Renders the document into out (reset first; out holds the file's bytes).
 * GK_EINVAL when a PDF would pass GKD_MAX_PAGES; GK_EIO when libzip, cairo
 * or pango fail (the message says which). An empty document renders one
 * blank page. */
int gkd_render(const gkd_doc *d, enum gkd_format f, buf *out, err *e);

/* "docx" / "pdf" -> the format; GK_EINVAL naming field "format" otherwise. */
int gkd_format_parse(const char *s, enum gkd_format *out, err *e);
const char *gkd_format_ext(enum gkd_format f);    /* "docx", "pdf" (static) */
const char *gkd_format_mime(enum gkd_format f);   /* the Content-Type (static) */

#endif
