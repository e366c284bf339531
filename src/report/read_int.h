/*
 * report — internals shared by the reader's source files (read.c, read_html.c,
 * read_meta.c). Not part of the module's interface: report.h is.
 */
#ifndef GONGKAI_REPORT_READ_INT_H
#define GONGKAI_REPORT_READ_INT_H

#include "report/report.h"

/* Text extracted from HTML: one line per table row (cells joined by " | ")
 * or per block of text; line_of[i] is the source line of output line i. */
struct rd_lines {
    buf text;
    int *line_of;
    size_t nlines, cap;
};
void rd_lines_free(struct rd_lines *l);

/* True when data looks like HTML rather than text. */
bool rd_is_html(const char *data, size_t n);
/* Parses HTML (libxml2, recovering) into lines. Returns 0, or GK_EINVAL when
 * libxml2 gives up entirely (message in e). */
int rd_html_to_lines(const char *data, size_t n, const char *source, struct rd_lines *out, err *e);

/* What the text says about itself: title, agency, reporting year, and counts
 * stated in the narrative. Fed line by line (folded, simplified text). */
struct rd_meta;
struct rd_meta *rd_meta_new(void);
void rd_meta_free(struct rd_meta *m);
void rd_meta_line(struct rd_meta *m, const char *s, size_t n);
/* After the last line: the agency (caller frees; NULL when unknown) and year (0). */
char *rd_meta_agency(struct rd_meta *m, const char *text, size_t n);
int rd_meta_year(struct rd_meta *m);
/* Narrative counts: value of legacy key index k, or RPT_NULL. */
double rd_meta_count(const struct rd_meta *m, int k);
/* Whether the text reads like an annual report of information disclosure. */
bool rd_meta_is_report(const struct rd_meta *m);

/* ---- decoding numbers printed without separators (read_decode.c) ----------
 * A token of a row: a run of digits s[0..n) that may hold several cells, or
 * (s == NULL) one fixed cell of value v (a blank, "-", a decimal). */
#define RD_DEC_MAXCELLS 16
struct rd_dtok {
    const char *s;
    int n;
    double v;
    bool neg;           /* a minus sign before s: its first cell is negative (本年增/减) */
};
/* The rule a row's own cells obey. */
enum rd_rowrule {
    RD_RULE_NONE,       /* table 二: no arithmetic within a row */
    RD_RULE_SUM_LAST,   /* table 三 (R3): the last cell is the sum of the others */
    RD_RULE_GROUPS5,    /* table 四 (R4): each group of five ends with the sum of its four */
    RD_RULE_CUM,        /* 2008 with 历年累计: the cumulative (second) cell ≥ the year's */
};
struct rd_reading {
    double v[RD_DEC_MAXCELLS];
};
/* Every way of cutting toks into exactly ncells cells (no leading zeros, at
 * most 9 digits a cell) that obeys rule. Writes at most max readings to out
 * and returns how many it wrote; *total is how many fit (-1 when there were
 * too many cuts to try). */
int rd_split(const struct rd_dtok *toks, int ntoks, int ncells, enum rd_rowrule rule,
             struct rd_reading *out, int max, int *total);

/* Table 三 solved jointly: each row's readings (nread 0: the row is not
 * printed or not decodable, 1: fixed). rd_solve_t3 sets chosen (-1 when the
 * table's arithmetic cannot tell) and joint (chosen by R1/R2 among several),
 * and fitmask (bit i: reading i fits in some consistent whole) for rows left
 * ambiguous. r2: every outcome row of the layout is present (R2 applies).
 * Returns how many ambiguous rows were decided, -1 when there were too many
 * combinations to try. */
#define RD_T3_MAXREAD 64
struct rd_t3row {
    struct rd_reading read[RD_T3_MAXREAD];
    int nread;
    int chosen;
    bool joint;
    uint64_t fitmask;
    /* the reader's own bookkeeping (rd_solve_t3 leaves it alone) */
    bool decoded;       /* read from a run: its values wait for the whole table */
    bool forced;        /* only one cut exists, though it breaks the row's total */
    char digits[96];    /* the row's numbers as printed, for messages */
};
int rd_solve_t3(struct rd_t3row *rows, bool r2);

/* ---- other formats and encodings, turned into what rpt_read reads ----
 * Each fills out (reset first; caller frees) with UTF-8 text in the line form
 * above (table rows as cells joined by " | ") and returns 0, or GK_EINVAL with
 * e naming the file (e->where) and the place. Called by rpt_load (load.c). */
/* PDF (read_pdf.c, poppler): the text layer read by glyph position. */
int rd_pdf_to_text(const char *data, size_t n, const char *source, buf *out, err *e);
/* Word .docx (read_docx.c): word/document.xml, tables as rows of cells. */
bool rd_is_docx(const char *data, size_t n);
int rd_docx_to_text(const char *data, size_t n, const char *source, buf *out, err *e);
/* Encodings (read_enc.c): UTF-16 with a BOM, GB18030, Big5 to UTF-8. When the
 * data is already UTF-8 (or binary), returns 0 with *enc NULL and out empty;
 * else *enc names what was assumed ("GB18030", "Big5", "UTF-16LE", ...: a
 * static string) and out holds the text. */
int rd_to_utf8(const char *data, size_t n, const char *source, buf *out, const char **enc, err *e);

#endif
