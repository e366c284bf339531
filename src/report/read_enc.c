/*
 * report — the encodings reports come in: UTF-8 (with or without a BOM),
 * UTF-16 with a BOM (Notepad's "Unicode"), GB18030/GBK (older Windows and
 * most mainland sites before 2015) and Big5 (Taiwan, Hong Kong, Macao).
 *
 * Detection, in order: a UTF-16 BOM; valid UTF-8; else the text is decoded
 * (iconv, glibc) as GB18030 and as Big5 and the decoding that fails nowhere
 * and scores higher wins. The score counts words every report uses
 * (公开, 政府, 信息, 申请 ... in simplified and traditional spelling) and then
 * CJK characters of the common range: the wrong one of the two decodings gives
 * rare characters and none of the words. The caller notes the choice (READ).
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "report/read_int.h"

/* Words of any report; both spellings, UTF-8. */
static const char *const report_words[] = {
    "公开", "公開", "政府", "信息", "資訊", "申请", "申請", "年度", "报告", "報告", "行政", "情况", "情況",
    "数量", "數量", "本年", "总计", "總計",
};

/* Decodes in[0..n) from enc into out; on failure *bad is the byte offset. */
static int decode(const char *enc, const char *in, size_t n, buf *out, size_t *bad)
{
    buf_reset(out);
    iconv_t cd = iconv_open("UTF-8", enc);
    if (cd == (iconv_t)-1)
        return -1;
    buf_reserve(out, n * 2 + 16);
    char *ip = (char *)in;
    size_t il = n;
    int rc = 0;
    while (il > 0) {
        if (out->cap - out->len < 64)
            buf_reserve(out, out->cap);
        char *op = out->data + out->len;
        size_t ol = out->cap - out->len - 1;
        size_t r = iconv(cd, &ip, &il, &op, &ol);
        out->len = (size_t)(op - out->data);
        if (r == (size_t)-1 && errno != E2BIG) {
            *bad = (size_t)(ip - in);
            rc = -1;
            break;
        }
    }
    iconv_close(cd);
    out->data[out->len] = 0;
    return rc;
}

static long score(const buf *b)
{
    long s = 0;
    for (size_t w = 0; w < sizeof report_words / sizeof report_words[0]; w++) {
        const char *p = b->data, *end = b->data + b->len;
        while (p < end && (p = memmem(p, (size_t)(end - p), report_words[w], 6)) != NULL) {
            s += 1000;
            p += 6;
        }
    }
    /* common CJK: U+4E00..U+9FA5 as E4 B8 80 .. E9 BE A5 */
    for (size_t i = 0; i + 2 < b->len; i++) {
        unsigned char c = (unsigned char)b->data[i];
        if (c >= 0xE4 && c <= 0xE9)
            s++;
        else if (c == 0xEE || c == 0xEF || c == 0xF0)
            s -= 2; /* private use, compatibility forms, supplementary planes: unlikely in a report */
    }
    return s;
}

int rd_to_utf8(const char *data, size_t n, const char *source, buf *out, const char **enc, err *e)
{
    *enc = NULL;
    buf_reset(out);
    size_t bad = 0;
    if (n >= 2 && ((unsigned char)data[0] == 0xFF && (unsigned char)data[1] == 0xFE)) {
        if (decode("UTF-16LE", data + 2, n - 2, out, &bad))
            return err_set(e, GK_EINVAL, source, "invalid UTF-16 (little-endian, from its BOM) at byte offset %zu",
                           bad + 2);
        *enc = "UTF-16LE";
        return 0;
    }
    if (n >= 2 && ((unsigned char)data[0] == 0xFE && (unsigned char)data[1] == 0xFF)) {
        if (decode("UTF-16BE", data + 2, n - 2, out, &bad))
            return err_set(e, GK_EINVAL, source, "invalid UTF-16 (big-endian, from its BOM) at byte offset %zu",
                           bad + 2);
        *enc = "UTF-16BE";
        return 0;
    }
    size_t bad8;
    if (utf8_valid(data, n, &bad8))
        return 0;
    if (memchr(data, '\0', n))
        return 0; /* binary: the reader refuses it with the place of the NUL */
    buf big5;
    buf_init(&big5);
    size_t badg = 0, badb = 0;
    bool g_ok = decode("GB18030", data, n, out, &badg) == 0;
    bool b_ok = decode("BIG5-HKSCS", data, n, &big5, &badb) == 0;
    if (!g_ok && !b_ok) {
        buf_free(&big5);
        buf_reset(out);
        return err_set(e, GK_EINVAL, source,
                       "invalid text encoding: not UTF-8 (byte offset %zu), not GB18030 (byte offset %zu), "
                       "not Big5 (byte offset %zu)", bad8, badg, badb);
    }
    if (g_ok && (!b_ok || score(out) >= score(&big5))) {
        *enc = "GB18030";
    } else {
        buf t = *out;
        *out = big5;
        big5 = t;
        *enc = "Big5";
    }
    buf_free(&big5);
    return 0;
}
