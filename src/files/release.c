/*
 * files — the copy of a released file an applicant may download online (see
 * files.h: files_release_copy). A reply may release files that hold other
 * people's personal data (a list, a table of names and numbers); the
 * follow-up page serves only a copy gongkai has read, masked and screened
 * again. The decision is a table of kinds: masked in place (files_mask), or
 * read, masked as text and written as a text-only PDF (src/docgen); anything
 * gongkai cannot read is not served at all, with the reason.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docgen/docgen.h"
#include "files/files.h"

/* How each kind's public copy is made. */
enum how { H_IN_PLACE, H_TEXT_PDF, H_NONE };
static const struct release_rule {
    enum how how;
    const char *mime;         /* of the copy served */
} rules[] = {
    [FILES_TXT] = {H_IN_PLACE, "text/plain; charset=utf-8"},
    [FILES_CSV] = {H_IN_PLACE, "text/csv; charset=utf-8"},
    [FILES_DOCX] = {H_IN_PLACE, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    [FILES_XLSX] = {H_IN_PLACE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    [FILES_HTML] = {H_TEXT_PDF, "application/pdf"},
    [FILES_ODT] = {H_TEXT_PDF, "application/pdf"},
    [FILES_ODS] = {H_TEXT_PDF, "application/pdf"},
    [FILES_PDF] = {H_TEXT_PDF, "application/pdf"},
    [FILES_LEGACY] = {H_NONE, NULL},
    [FILES_OTHER] = {H_NONE, NULL},
};

static void refuse(struct files_release *r, const char *reason, const char *detail)
{
    r->served = false;
    snprintf(r->reason, sizeof r->reason, "%s", reason);
    snprintf(r->detail, sizeof r->detail, "%s", detail ? detail : reason);
}

/* "名单.pdf" -> "名单（脱敏文本）.pdf". */
static void text_pdf_name(const char *name, char *out, size_t n)
{
    const char *dot = strrchr(name, '.');
    int stem = dot && dot != name ? (int)(dot - name) : (int)strlen(name);
    static const char suffix[] = "（脱敏文本）.pdf";
    if ((size_t)stem + sizeof suffix > n)   /* no room for the suffix: a plain name */
        snprintf(out, n, "脱敏文本.pdf");
    else
        snprintf(out, n, "%.*s%s", stem, name, suffix);
}

/* The masked text as a PDF: a note on top, then one paragraph per block of
 * lines (line breaks kept inside it). */
static int text_to_pdf(const char *title, const buf *text, buf *out, err *e)
{
    gkd_doc *d = gkd_new(title);
    int rc = gkd_para(d, GKD_NOTE, "本文件为原件文字的脱敏文本版，个人信息已去除，版式与原件不同。", e);
    const char *p = text->data ? text->data : "", *end = p + text->len;
    while (!rc && p < end) {
        const char *q = strstr(p, "\n\n");
        size_t n = q ? (size_t)(q - p) : (size_t)(end - p);
        if (n)
            rc = gkd_para_n(d, GKD_NOTE, p, n, e);
        p += n + (q ? 2 : 0);
    }
    if (!rc)
        rc = gkd_render(d, GKD_PDF, out, e);
    gkd_free(d);
    return rc;
}

/* The copy once more: it must read, and screening must find no ID, mobile
 * or bank card number left in it. */
static void screen_copy(const char *name, const buf *copy, struct files_release *r)
{
    buf text;
    buf_init(&text);
    struct files_info back;
    err e = {0};
    struct doc_hit *hits = NULL;
    size_t nh = 0;
    if (files_text(name, copy->data ? copy->data : "", copy->len, &text, &back, &e) || back.state != FILES_READ) {
        refuse(r, "脱敏副本无法读回核对", e.msg[0] ? e.msg : back.note);
    } else if (doc_screen(text.data ? text.data : "", text.len, NULL, &hits, &nh) == 0 && nh) {
        char d[sizeof r->detail];
        snprintf(d, sizeof d, "masked copy still holds a %s at character %zu", doc_hit_kind_key(hits[0].kind),
                 hits[0].char_off);
        char why[sizeof r->reason];
        snprintf(why, sizeof why, "脱敏后仍检出%s，需人工处理", doc_hit_kind_label(hits[0].kind));
        refuse(r, why, d);
    }
    free(hits);
    buf_free(&text);
}

static void copy_in_place(const char *name, const void *data, size_t n, buf *out, struct files_release *r)
{
    struct files_info info;
    err e = {0};
    if (files_mask(name, data, n, out, &info, &e)) {
        refuse(r, "文件无法自动脱敏", e.msg);
        return;
    }
    snprintf(r->name, sizeof r->name, "%s", name);
    snprintf(r->detail, sizeof r->detail, "%s", info.note);
    r->served = true;
}

static void copy_as_pdf(const char *name, const buf *text, buf *out, struct files_release *r)
{
    buf masked;
    buf_init(&masked);
    struct doc_mask_stats st;
    memset(&st, 0, sizeof st);
    doc_mask_list(text->data ? text->data : "", text->len, &masked, &st);
    err e = {0};
    char pdfname[sizeof r->name];
    text_pdf_name(name, pdfname, sizeof pdfname);
    if (text_to_pdf(pdfname, &masked, out, &e)) {
        refuse(r, "文件无法生成脱敏副本", e.msg);
    } else {
        snprintf(r->name, sizeof r->name, "%s", pdfname);
        snprintf(r->detail, sizeof r->detail, "脱敏文本版：身份证号 %d、电话 %d、姓名 %d、住址 %d", st.ids, st.phones,
                 st.names, st.addresses);
        r->served = true;
    }
    buf_free(&masked);
}

bool files_release_copy(const char *name, const void *data, size_t n, buf *out, struct files_release *r)
{
    memset(r, 0, sizeof *r);
    buf_reset(out);
    buf text;
    buf_init(&text);
    struct files_info info;
    err e = {0};
    if (files_text(name, data, n, &text, &info, &e)) {
        refuse(r, "文件已损坏或格式与扩展名不符，无法读取", e.msg);
    } else if (info.state == FILES_UNREAD || rules[info.kind].how == H_NONE) {
        refuse(r, info.note[0] ? info.note : "无法读取文件文字，不能确认已去除个人信息", NULL);
    } else {
        r->kind = info.kind;
        r->mime = rules[info.kind].mime;
        if (rules[info.kind].how == H_IN_PLACE)
            copy_in_place(name, data, n, out, r);
        else
            copy_as_pdf(name, &text, out, r);
        if (r->served)
            screen_copy(r->name, out, r);
    }
    buf_free(&text);
    if (!r->served)
        buf_reset(out);
    return r->served;
}
