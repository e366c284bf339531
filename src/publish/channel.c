/*
 * publish — channels and archive copies (channel.h): the kinds of channel and
 * what each needs, the archive rule's period, and the copy package (metadata
 * as CSV and XML, the documents and their attachments in a ZIP).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <zip.h>

#include "publish/channel.h"
#include "publish/publish.h"

/* A day as YYYY-MM-DD, "" for none. */
static void day_str(gk_day d, char out[11])
{
    if (d == DOC_NODAY)
        out[0] = 0;
    else
        date_format(d, out);
}

/* Weibo's long post holds 2,000 characters; a WeChat article is not cut. The
 * 2008 layout counts newspapers, radio/TV and notice boards as 其他方式. */
const struct chan_kind_def chan_kinds[CHAN_NKINDS] = {
    [CHAN_WECHAT] = {"wechat", "政务微信", "proactive.wechat", CHAN_OUT_MEDIA, 0},
    [CHAN_WEIBO] = {"weibo", "政务微博", "proactive.weibo", CHAN_OUT_MEDIA, 2000},
    [CHAN_GAZETTE] = {"gazette", "政府公报", "proactive.gazette", CHAN_OUT_ISSUE, 0},
    [CHAN_NEWSPAPER] = {"newspaper", "报纸", "proactive.other", CHAN_OUT_TEXT, 0},
    [CHAN_RADIO_TV] = {"radio_tv", "广播电视", "proactive.other", CHAN_OUT_TEXT, 0},
    [CHAN_BOARD] = {"board", "公开栏", "proactive.other", CHAN_OUT_TEXT, 0},
};

const struct arch_recipient_def arch_recipients[ARCH_NRECIPIENTS] = {
    [ARCH_ARCHIVE] = {"archive", "档案馆"},
    [ARCH_LIBRARY] = {"library", "图书馆"},
};

int chan_kind_parse(const char *s, const char *where, enum chan_kind *out, err *e)
{
    for (int k = 0; s && k < CHAN_NKINDS; k++)
        if (strcmp(s, chan_kinds[k].key) == 0 || strcmp(s, chan_kinds[k].label) == 0) {
            *out = (enum chan_kind)k;
            return 0;
        }
    return err_field(e, GK_EINVAL, where, "'%s' is not a kind of channel: wechat, weibo, gazette, newspaper, "
                   "radio_tv or board", s ? s : "");
}

int arch_recipient_parse(const char *s, const char *where, enum arch_recipient *out, err *e)
{
    for (int k = 0; s && k < ARCH_NRECIPIENTS; k++)
        if (strcmp(s, arch_recipients[k].key) == 0 || strcmp(s, arch_recipients[k].label) == 0) {
            *out = (enum arch_recipient)k;
            return 0;
        }
    return err_field(e, GK_EINVAL, where, "'%s': archive (档案馆) or library (图书馆)", s ? s : "");
}

int arch_workdays_parse(const char *s, int *out, err *e)
{
    int64_t v;
    if (!s || !*s) {
        *out = ARCHIVE_DEFAULT_WORKDAYS;
        return 0;
    }
    if (!parse_i64(s, strlen(s), &v) || v < 1 || v > ARCHIVE_MAX_WORKDAYS)
        return err_set(e, GK_EINVAL, "archive.workdays", "'%s': a number of working days from 1 to %d", s,
                       ARCHIVE_MAX_WORKDAYS);
    *out = (int)v;
    return 0;
}

int arch_due(const cal_t *cal, gk_day published, int workdays, gk_day *out, err *e)
{
    return cal_add_workdays(cal, published, workdays, out, e);
}

/* The first max characters of s (whole code points); *cut when more follow. */
static size_t prefix_chars(const char *s, int max, bool *cut)
{
    size_t n = strlen(s), off = 0;
    *cut = false;
    if (max <= 0)
        return n;
    for (int c = 0; off < n; c++) {
        if (c == max) {
            *cut = true;
            return off;
        }
        uint32_t cp;
        int l = utf8_decode(s + off, n - off, &cp);
        off += l > 0 ? (size_t)l : 1;
    }
    return n;
}

void chan_post_text(enum chan_kind k, const struct chan_doc *d, buf *out)
{
    buf_puts(out, d->title ? d->title : "");
    buf_putc(out, '\n');
    if (d->docno && *d->docno)
        buf_printf(out, "%s\n", d->docno);
    char day[11];
    day_str(d->published, day);
    buf_printf(out, "%s%s%s\n\n", d->issuer && *d->issuer ? d->issuer : "", d->issuer && *d->issuer ? " " : "", day);
    const char *body = d->body ? d->body : "";
    bool cut;
    size_t n = prefix_chars(body, chan_kinds[k].text_max, &cut);
    buf_append(out, body, n);
    if (cut)
        buf_puts(out, "……");
    if (n && body[n - 1] != '\n')
        buf_putc(out, '\n');
    if (d->url && *d->url)
        buf_printf(out, "\n%s：%s\n", cut ? "全文" : "原文链接", d->url);
}

bool chan_is_image(const char *name)
{
    static const char *const ext[] = {".jpg", ".jpeg", ".png", ".gif", ".webp"};
    size_t n = strlen(name);
    for (size_t i = 0; i < sizeof ext / sizeof ext[0]; i++) {
        size_t l = strlen(ext[i]);
        if (n > l && strcasecmp(name + n - l, ext[i]) == 0)
            return true;
    }
    return false;
}

/* ---- CSV and XML ------------------------------------------------------------ */

static void csv_row(buf *b, const char *const *cells, int n)
{
    for (int i = 0; i < n; i++) {
        if (i)
            buf_putc(b, ',');
        buf_csv_field(b, cells[i]);
    }
    buf_puts(b, "\r\n");
}

void arch_metadata_csv(const struct arch_doc *docs, size_t n, buf *out)
{
    static const char *const head[] = {"序号", "索引号", "标题", "文号", "发文机关", "成文日期", "发布日期",
                                       "主题分类", "体裁", "公开事项", "附件", "报送期限"};
    buf_puts(out, "\xEF\xBB\xBF");
    csv_row(out, head, 12);
    for (size_t i = 0; i < n; i++) {
        const struct arch_doc *d = &docs[i];
        char seq[24], written[11], published[11], due[11], item[24];
        buf files;
        buf_init(&files);
        for (size_t f = 0; f < d->nfiles; f++)
            buf_printf(&files, "%s%s", f ? "；" : "", d->file_names[f]);
        snprintf(seq, sizeof seq, "%zu", i + 1);
        day_str(d->written, written);
        day_str(d->published, published);
        day_str(d->due, due);
        snprintf(item, sizeof item, "%d", d->item);
        const char *cells[] = {seq, d->index_no, d->title, d->docno, d->issuer, written, published,
                               d->category, d->genre, d->item ? item : "", files.data ? files.data : "", due};
        csv_row(out, cells, 12);
        buf_free(&files);
    }
}

static void xml_el(buf *b, const char *indent, const char *name, const char *v)
{
    buf_printf(b, "%s<%s>", indent, name);
    buf_html(b, v ? v : "");
    buf_printf(b, "</%s>\n", name);
}

void arch_metadata_xml(const struct arch_doc *docs, size_t n, const char *agency, enum arch_recipient to,
                       int64_t package_id, const char *created, buf *out)
{
    buf_printf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<copy-package id=\"%lld\" recipient=\"%s\">\n",
               (long long)package_id, arch_recipients[to].key);
    xml_el(out, "  ", "agency", agency);
    xml_el(out, "  ", "recipient", arch_recipients[to].label);
    xml_el(out, "  ", "created", created);
    for (size_t i = 0; i < n; i++) {
        const struct arch_doc *d = &docs[i];
        char day[11];
        buf_printf(out, "  <document seq=\"%zu\" id=\"%lld\">\n", i + 1, (long long)d->id);
        xml_el(out, "    ", "index-no", d->index_no);
        xml_el(out, "    ", "title", d->title);
        xml_el(out, "    ", "docno", d->docno);
        xml_el(out, "    ", "issuer", d->issuer);
        day_str(d->written, day);
        xml_el(out, "    ", "written", day);
        day_str(d->published, day);
        xml_el(out, "    ", "published", day);
        xml_el(out, "    ", "category", d->category);
        xml_el(out, "    ", "genre", d->genre);
        day_str(d->due, day);
        xml_el(out, "    ", "due", day);
        for (size_t f = 0; f < d->nfiles; f++)
            xml_el(out, "    ", "attachment", d->file_names[f]);
        buf_puts(out, "  </document>\n");
    }
    buf_puts(out, "</copy-package>\n");
}

/* ---- the ZIP ---------------------------------------------------------------- */

/* Adds a copy of n bytes as name; 0 or -1 (the archive's error). */
static int zip_put(zip_t *z, const char *name, const void *p, size_t n)
{
    void *copy = malloc(n ? n : 1);
    if (!copy)
        return -1;
    memcpy(copy, p, n);
    zip_source_t *src = zip_source_buffer(z, copy, n, 1);
    if (!src) {
        free(copy);
        return -1;
    }
    if (zip_file_add(z, name, src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
        zip_source_free(src);
        return -1;
    }
    return 0;
}

/* A name inside the archive: no directory parts of the attachment's own. */
static const char *base_name(const char *s)
{
    const char *p = strrchr(s, '/');
    return p ? p + 1 : s;
}

static int put_docs(zip_t *z, const struct arch_doc *docs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct arch_doc *d = &docs[i];
        char name[512];
        buf t;
        buf_init(&t);
        struct chan_doc cd = {d->title, d->docno, d->issuer, d->body, "", d->published};
        chan_post_text(CHAN_BOARD, &cd, &t);
        snprintf(name, sizeof name, "%03zu/正文.txt", i + 1);
        int rc = zip_put(z, name, t.data ? t.data : "", t.len);
        buf_free(&t);
        for (size_t f = 0; !rc && f < d->nfiles; f++) {
            snprintf(name, sizeof name, "%03zu/附件/%s", i + 1, base_name(d->file_names[f]));
            rc = zip_put(z, name, d->files[f].data ? d->files[f].data : "", d->files[f].len);
        }
        if (rc)
            return rc;
    }
    return 0;
}

int arch_package_write(const char *path, const struct arch_doc *docs, size_t n, const char *agency,
                       enum arch_recipient to, int64_t package_id, const char *created, err *e)
{
    int zerr = 0;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    if (!z)
        return err_set(e, GK_EIO, path, "cannot create the package (libzip error %d)", zerr);
    buf csv, xml;
    buf_init(&csv);
    buf_init(&xml);
    arch_metadata_csv(docs, n, &csv);
    arch_metadata_xml(docs, n, agency, to, package_id, created, &xml);
    int rc = zip_put(z, "metadata.csv", csv.data, csv.len);
    if (!rc)
        rc = zip_put(z, "metadata.xml", xml.data, xml.len);
    if (!rc)
        rc = put_docs(z, docs, n);
    buf_free(&csv);
    buf_free(&xml);
    if (rc) {
        rc = err_set(e, GK_EIO, path, "cannot write the package: %s", zip_strerror(z));
        zip_discard(z);
        unlink(path);
        return rc;
    }
    if (zip_close(z) != 0) {
        rc = err_set(e, GK_EIO, path, "cannot write the package: %s", zip_strerror(z));
        zip_discard(z);
        unlink(path);
        return rc;
    }
    return 0;
}

void chan_issue_csv(const struct chan_issue_row *rows, size_t n, buf *out)
{
    static const char *const head[] = {"序号", "标题", "文号", "发文机关", "成文日期", "发布日期", "索引号"};
    buf_puts(out, "\xEF\xBB\xBF");
    csv_row(out, head, 7);
    for (size_t i = 0; i < n; i++) {
        char seq[24], w[11], p[11];
        snprintf(seq, sizeof seq, "%zu", i + 1);
        day_str(rows[i].written, w);
        day_str(rows[i].published, p);
        const char *cells[] = {seq, rows[i].title, rows[i].docno, rows[i].issuer, w, p, rows[i].index_no};
        csv_row(out, cells, 7);
    }
}
