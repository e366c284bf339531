/* publish — 文号 (document numbers) and 索引号 (index numbers). See publish.h. */
#include <stdio.h>
#include <string.h>

#include "base/limits.h"
#include "publish/publish.h"

/* ---- 文号 ---- */

/* Bracket pairs a year is written in. Any opening bracket may meet any
 * closing one: hand-typed numbers mix them (〔2018]) and mean the same. */
static const uint32_t open_br[] = {0x3014, '[', '(', 0xFF08, 0x3010, 0xFF3B, 0x3016, 0xFE5D, 0xFE59};
static const uint32_t close_br[] = {0x3015, ']', ')', 0xFF09, 0x3011, 0xFF3D, 0x3017, 0xFE5E, 0xFE5A};

static bool in_set(uint32_t cp, const uint32_t *set, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (set[i] == cp)
            return true;
    return false;
}

static bool is_space_cp(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == 0x3000 || cp == 0xA0;
}

/* Full-width digits read as digits. */
static int digit_of(uint32_t cp)
{
    if (cp >= '0' && cp <= '9')
        return (int)(cp - '0');
    if (cp >= 0xFF10 && cp <= 0xFF19)
        return (int)(cp - 0xFF10);
    return -1;
}

struct cursor { const char *s; size_t n, i; };

static bool peek(struct cursor *c, uint32_t *cp, int *len)
{
    if (c->i >= c->n)
        return false;
    int l = utf8_decode(c->s + c->i, c->n - c->i, cp);
    if (!l) {
        *cp = 0xFFFD;
        l = 1;
    }
    *len = l;
    return true;
}

static void skip_spaces(struct cursor *c)
{
    uint32_t cp;
    int l;
    while (peek(c, &cp, &l) && is_space_cp(cp))
        c->i += (size_t)l;
}

#define DOCNO_LIKE "is not a document number like 驻民文〔2018〕149号"

/* The issuer's prefix: everything up to the opening bracket, kept without the
 * spaces typed inside it ("国办 发"); leaves c on the bracket. */
static int parse_issuer(struct cursor *c, const char *text, struct doc_docno *out, err *e)
{
    size_t issuer_start = c->i, issuer_end = c->i;
    uint32_t cp;
    int l;
    while (peek(c, &cp, &l) && !in_set(cp, open_br, sizeof open_br / sizeof open_br[0])) {
        if (in_set(cp, close_br, sizeof close_br / sizeof close_br[0]))
            return err_set(e, GK_EINVAL, "文号", "'%s' " DOCNO_LIKE ": a closing bracket comes before the year",
                           text);
        c->i += (size_t)l;
        if (!is_space_cp(cp))
            issuer_end = c->i;
    }
    if (c->i >= c->n)
        return err_set(e, GK_EINVAL, "文号", "'%s' " DOCNO_LIKE ": no year in brackets", text);
    if (issuer_end == issuer_start)
        return err_set(e, GK_EINVAL, "文号", "'%s' " DOCNO_LIKE ": the issuer's prefix (驻民文) is missing", text);
    /* the written forms (doc_docno_forms) are separated by spaces */
    size_t ilen = 0;
    for (struct cursor ic = {text, issuer_end, issuer_start}; peek(&ic, &cp, &l); ic.i += (size_t)l) {
        if (is_space_cp(cp))
            continue;
        if (cp < 0x20 || cp == 0x7F)
            return err_set(e, GK_EINVAL, "文号", "the document number holds a control character (0x%02X)",
                           (unsigned)cp);
        if (ilen + (size_t)l >= sizeof out->issuer)
            return err_set(e, GK_EINVAL, "文号", "'%s': the issuer's prefix is too long for a document number", text);
        memcpy(out->issuer + ilen, text + ic.i, (size_t)l);
        ilen += (size_t)l;
    }
    out->issuer[ilen] = 0;
    if (utf8_len(out->issuer, ilen) > 30)
        return err_set(e, GK_EINVAL, "文号", "'%s': the issuer's prefix is too long for a document number", text);
    return 0;
}

/* 〔2018〕: the bracket, four digits, the closing bracket. */
static int parse_year(struct cursor *c, const char *text, int *year, err *e)
{
    uint32_t cp;
    int l, nd = 0;
    peek(c, &cp, &l);
    c->i += (size_t)l;   /* the opening bracket */
    skip_spaces(c);
    *year = 0;
    while (peek(c, &cp, &l) && digit_of(cp) >= 0 && nd <= 4) {
        *year = *year * 10 + digit_of(cp);
        nd++;
        c->i += (size_t)l;
    }
    if (nd > 4)
        return err_set(e, GK_EINVAL, "文号", "'%s' " DOCNO_LIKE ": the bracket after the year is not closed", text);
    if (nd != 4)
        return err_set(e, GK_EINVAL, "文号", "'%s' " DOCNO_LIKE ": the year in brackets must have 4 digits", text);
    if (!lim_year_ok(*year, LIM_YEAR_FIRST))
        return err_set(e, GK_EINVAL, "文号", "'%s': the year %d is not a plausible year", text, *year);
    skip_spaces(c);
    if (!peek(c, &cp, &l) || !in_set(cp, close_br, sizeof close_br / sizeof close_br[0]))
        return err_set(e, GK_EINVAL, "文号", "'%s' " DOCNO_LIKE ": the bracket after the year is not closed", text);
    c->i += (size_t)l;
    return 0;
}

/* 第149号: the serial, with or without 第 and 号, and nothing after it. */
static int parse_serial(struct cursor *c, const char *text, int *serial_out, err *e)
{
    uint32_t cp;
    int l, nd = 0;
    skip_spaces(c);
    if (peek(c, &cp, &l) && cp == 0x7B2C) {   /* 第 */
        c->i += (size_t)l;
        skip_spaces(c);
    }
    long serial = 0;
    while (peek(c, &cp, &l) && digit_of(cp) >= 0) {
        serial = serial * 10 + digit_of(cp);
        c->i += (size_t)l;
        if (++nd > 7)
            return err_set(e, GK_EINVAL, "文号", "'%s': the serial number is too long", text);
    }
    if (nd == 0)
        return err_set(e, GK_EINVAL, "文号", "'%s' " DOCNO_LIKE ": no serial number after the year", text);
    if (serial == 0)
        return err_set(e, GK_EINVAL, "文号", "'%s': the serial number cannot be 0", text);
    skip_spaces(c);
    if (peek(c, &cp, &l) && (cp == 0x53F7 || cp == 0x865F)) {   /* 号 號 */
        c->i += (size_t)l;
        skip_spaces(c);
    }
    if (c->i < c->n)
        return err_set(e, GK_EINVAL, "文号", "'%s' " DOCNO_LIKE ": unexpected text '%s' after the serial",
                       text, text + c->i);
    *serial_out = (int)serial;
    return 0;
}

int doc_docno_parse(const char *text, struct doc_docno *out, err *e)
{
    memset(out, 0, sizeof *out);
    if (!text)
        text = "";
    size_t n = strlen(text);
    if (!utf8_valid(text, n, NULL))
        return err_set(e, GK_EINVAL, "文号", "the document number is not valid UTF-8 text");
    struct cursor c = {text, n, 0};
    skip_spaces(&c);
    int rc, year, serial;
    if ((rc = parse_issuer(&c, text, out, e)) || (rc = parse_year(&c, text, &year, e)) ||
        (rc = parse_serial(&c, text, &serial, e)))
        return rc;
    out->year = year;
    out->serial = serial;
    snprintf(out->canonical, sizeof out->canonical, "%s〔%d〕%d号", out->issuer, year, out->serial);
    return 0;
}

void doc_docno_forms(const struct doc_docno *d, buf *out)
{
    static const char *const pairs[][2] = {
        {"〔", "〕"}, {"[", "]"}, {"(", ")"}, {"（", "）"}, {"【", "】"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        buf_printf(out, "%s%s%s%d%s%d号", i ? " " : "", d->issuer, pairs[i][0], d->year,
                   pairs[i][1], d->serial);
}

/* ---- 索引号 ---- */

enum seg_kind { SEG_LIT, SEG_ORG, SEG_YEAR, SEG_SERIAL };
struct seg { enum seg_kind kind; const char *p; size_t n; int width; };

/* Splits a pattern into segments; at most 16. */
static int pattern_split(const char *pattern, struct seg *segs, int *nseg, err *e)
{
    int k = 0, serials = 0, orgs = 0, years = 0;
    const char *p = pattern;
    if (!pattern || !*pattern)
        return err_set(e, GK_EINVAL, "index pattern", "the index-number pattern is empty");
    while (*p) {
        if (k >= 16)
            return err_set(e, GK_EINVAL, "index pattern", "'%s' has too many parts", pattern);
        if (*p == '{') {
            const char *end = strchr(p, '}');
            if (!end)
                return err_set(e, GK_EINVAL, "index pattern", "'%s': a '{' is not closed", pattern);
            size_t l = (size_t)(end - p - 1);
            const char *t = p + 1;
            if (l == 3 && strncmp(t, "ORG", 3) == 0) {
                segs[k++] = (struct seg){SEG_ORG, t, l, 0};
                orgs++;
            } else if (l == 4 && strncmp(t, "YYYY", 4) == 0) {
                segs[k++] = (struct seg){SEG_YEAR, t, l, 4};
                years++;
            } else if (l >= 1 && l <= 12 && strspn(t, "N") == l) {
                segs[k++] = (struct seg){SEG_SERIAL, t, l, (int)l};
                serials++;
            } else {
                return err_set(e, GK_EINVAL, "index pattern",
                               "'%s': unknown token '{%.*s}' (known: {ORG}, {YYYY}, {NNNNN})", pattern,
                               (int)l, t);
            }
            p = end + 1;
        } else {
            const char *q = p;
            while (*q && *q != '{')
                q++;
            segs[k++] = (struct seg){SEG_LIT, p, (size_t)(q - p), 0};
            p = q;
        }
    }
    if (serials != 1)
        return err_set(e, GK_EINVAL, "index pattern",
                       "'%s' needs exactly one serial token such as {NNNNN}", pattern);
    if (orgs > 1 || years > 1)
        return err_set(e, GK_EINVAL, "index pattern", "'%s' repeats {ORG} or {YYYY}", pattern);
    /* The serial may outgrow its width, and an org code may end in digits:
     * only {YYYY}{N..} can be read back without a separator between tokens. */
    for (int i = 0; i + 1 < k; i++)
        if (segs[i].kind != SEG_LIT && segs[i + 1].kind != SEG_LIT &&
            (segs[i].kind == SEG_SERIAL || segs[i + 1].kind == SEG_SERIAL) &&
            !(segs[i].kind == SEG_YEAR && segs[i + 1].kind == SEG_SERIAL))
            return err_set(e, GK_EINVAL, "index pattern",
                           "'%s': put a separator next to the serial token so that index numbers can be read back",
                           pattern);
    *nseg = k;
    return 0;
}

int doc_index_pattern_check(const char *pattern, err *e)
{
    struct seg segs[16];
    int n;
    return pattern_split(pattern, segs, &n, e);
}

int doc_index_format(const char *pattern, const char *org, int year, int64_t serial,
                     char *out, size_t cap, err *e)
{
    struct seg segs[16];
    int n, rc = pattern_split(pattern, segs, &n, e);
    if (rc)
        return rc;
    if (year < 1000 || year > 9999)
        return err_set(e, GK_EINVAL, "index number", "year %d is out of range", year);
    if (serial < 1)
        return err_set(e, GK_EINVAL, "index number", "serial %lld is out of range", (long long)serial);
    buf b;
    buf_init(&b);
    for (int i = 0; i < n; i++) {
        switch (segs[i].kind) {
        case SEG_LIT: buf_append(&b, segs[i].p, segs[i].n); break;
        case SEG_ORG:
            if (!org || !*org) {
                buf_free(&b);
                return err_set(e, GK_EINVAL, "index number",
                               "the pattern '%s' uses {ORG} but the agency has no org code", pattern);
            }
            buf_puts(&b, org);
            break;
        case SEG_YEAR: buf_printf(&b, "%04d", year); break;
        case SEG_SERIAL: buf_printf(&b, "%0*lld", segs[i].width, (long long)serial); break;
        }
    }
    if (b.len >= cap) {
        buf_free(&b);
        return err_set(e, GK_EINVAL, "index number", "the index number is too long");
    }
    memcpy(out, b.data, b.len + 1);
    buf_free(&b);
    return 0;
}

bool doc_index_parse(const char *pattern, const char *org, const char *text, int *year,
                     int64_t *serial)
{
    struct seg segs[16];
    int n;
    if (pattern_split(pattern, segs, &n, NULL))
        return false;
    const char *t = text;
    int y = 0;
    int64_t sn = 0;
    for (int i = 0; i < n; i++) {
        switch (segs[i].kind) {
        case SEG_LIT:
            if (strncmp(t, segs[i].p, segs[i].n) != 0)
                return false;
            t += segs[i].n;
            break;
        case SEG_ORG: {
            size_t l = org ? strlen(org) : 0;
            if (!l || strncmp(t, org, l) != 0)
                return false;
            t += l;
            break;
        }
        case SEG_YEAR:
            for (int k = 0; k < 4; k++) {
                if (t[k] < '0' || t[k] > '9')
                    return false;
                y = y * 10 + (t[k] - '0');
            }
            t += 4;
            break;
        case SEG_SERIAL: {
            size_t l = strspn(t, "0123456789");
            if (l < (size_t)segs[i].width || l > 15)
                return false;
            if (!parse_i64(t, l, &sn))
                return false;
            t += l;
            break;
        }
        }
    }
    if (*t)
        return false;
    if (year)
        *year = y;
    if (serial)
        *serial = sn;
    return sn > 0;
}
