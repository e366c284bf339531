/*
 * report — reading any report file: JSON v1, an .xlsx workbook, or a
 * published report: a PDF (its text layer), a Word .docx, HTML or text in
 * UTF-8, UTF-16, GB18030 or Big5. Other formats become the text rpt_read
 * reads (read_pdf.c, read_docx.c, read_enc.c), so the report logic is in one place.
 */
#include <stdio.h>
#include <string.h>

#include "report/read_int.h"

#define PDF_MAGIC_WITHIN 1024   /* "%PDF-" may follow some junk, as readers allow */

static bool is_pdf(const char *data, size_t n)
{
    size_t k = n < PDF_MAGIC_WITHIN ? n : PDF_MAGIC_WITHIN;
    return k >= 5 && memmem(data, k, "%PDF-", 5) != NULL;
}

/* text from another format (or encoding) through rpt_read; note says what was assumed */
static int read_text(const buf *t, const char *source, const char *note, rpt **out, err *e)
{
    int rc = rpt_read(t->data ? t->data : "", t->len, source, out, e);
    if (rc == 0 && note)
        rpt_add_problem(*out, "READ", RPT_WARNING, "", "%s", note);
    return rc;
}

int rpt_load(const char *data, size_t n, const char *source, rpt **out, err *e)
{
    *out = NULL;
    size_t i = 0;
    buf t;
    buf_init(&t);
    int rc;
    if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    if (rd_is_docx(data, n)) {
        rc = rd_docx_to_text(data, n, source, &t, e);
        if (!rc)
            rc = read_text(&t, source, NULL, out, e);
        buf_free(&t);
        return rc;
    }
    if (n >= 4 && memcmp(data, "PK\x03\x04", 4) == 0)
        return rpt_read_xlsx(data, n, source, out, e);
    if (is_pdf(data, n)) {
        rc = rd_pdf_to_text(data, n, source, &t, e);
        if (!rc)
            rc = read_text(&t, source, NULL, out, e);
        buf_free(&t);
        return rc;
    }
    while (i < n && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
        i++;
    if (i < n && data[i] == '{')
        return rpt_from_json(data + i, n - i, source, out, e);
    const char *enc = NULL;
    if ((rc = rd_to_utf8(data, n, source, &t, &enc, e)) != 0 || !enc) {
        buf_free(&t);
        return rc ? rc : rpt_read(data, n, source, out, e);
    }
    char note[128];
    snprintf(note, sizeof note, "文件编码不是 UTF-8，按 %s 读取", enc);
    rc = read_text(&t, source, note, out, e);
    buf_free(&t);
    return rc;
}

int rpt_load_text(const char *data, size_t n, const char *source, buf *out, const char **what, err *e)
{
    buf_reset(out);
    *what = "text";
    if (rd_is_docx(data, n)) {
        *what = "docx";
        return rd_docx_to_text(data, n, source, out, e);
    }
    if (n >= 4 && memcmp(data, "PK\x03\x04", 4) == 0)
        return err_set(e, GK_EINVAL, source, "an .xlsx workbook is read as cells, not as text");
    if (is_pdf(data, n)) {
        *what = "pdf";
        return rd_pdf_to_text(data, n, source, out, e);
    }
    const char *enc = NULL;
    int rc = rd_to_utf8(data, n, source, out, &enc, e);
    if (rc)
        return rc;
    if (enc)
        *what = enc;
    else
        buf_append(out, data, n);
    if (rd_is_html(out->data ? out->data : "", out->len)) {
        struct rd_lines h;
        rc = rd_html_to_lines(out->data, out->len, source, &h, e);
        if (!rc) {
            buf_reset(out);
            buf_append(out, h.text.data, h.text.len);
            *what = "html";
        }
        rd_lines_free(&h);
    }
    return rc;
}
